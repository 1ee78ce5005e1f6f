//! A certificate's algorithms as TLS sees them (for `SSL_check_chain`):
//! the kind of its public key (and an EC key's named group), and the TLS
//! signature scheme whose `sigandhash` OpenSSL compares with the
//! signature its issuer made.

#![forbid(unsafe_code)]

use super::der;

/// The public key of a certificate, by the key slot OpenSSL files it in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    Rsa,
    RsaPss,
    /// With the TLS group id of its named curve (None: another curve).
    Ec(Option<u16>),
    Ed25519,
    Ed448,
    Other,
}

/// What `SSL_check_chain` reads of one certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CertAlgs {
    pub key: KeyKind,
    /// The TLS signature scheme matching the issuer's signature as
    /// OpenSSL's lookup table does (`sigandhash`): ECDSA and PKCS#1 with a
    /// hash; None for the others (RSA-PSS and EdDSA have none there).
    pub signed_with: Option<u16>,
}

/// The algorithms of a DER certificate; None if it does not parse.
pub fn of(cert_der: &[u8]) -> Option<CertAlgs> {
    let tbs = super::tbs(cert_der)?;
    let (sig_oid, _) = der::expect(tbs.sig_alg, der::OID)?;
    let (alg, _) = der::expect(tbs.spki, der::SEQUENCE)?;
    let (key_oid, params) = der::expect(alg.content, der::OID)?;
    let key = match der::oid_to_dotted(key_oid.content)?.as_str() {
        "1.2.840.113549.1.1.1" => KeyKind::Rsa,
        "1.2.840.113549.1.1.10" => KeyKind::RsaPss,
        "1.2.840.10045.2.1" => KeyKind::Ec(
            der::expect(params, der::OID)
                .and_then(|(c, _)| der::oid_to_dotted(c.content))
                .and_then(|c| curve_group(&c)),
        ),
        "1.3.101.112" => KeyKind::Ed25519,
        "1.3.101.113" => KeyKind::Ed448,
        _ => KeyKind::Other,
    };
    let signed_with = match der::oid_to_dotted(sig_oid.content)?.as_str() {
        "1.2.840.10045.4.1" => Some(0x0203),
        "1.2.840.10045.4.3.1" => Some(0x0303),
        "1.2.840.10045.4.3.2" => Some(0x0403),
        "1.2.840.10045.4.3.3" => Some(0x0503),
        "1.2.840.10045.4.3.4" => Some(0x0603),
        "1.2.840.113549.1.1.5" => Some(0x0201),
        "1.2.840.113549.1.1.14" => Some(0x0301),
        "1.2.840.113549.1.1.11" => Some(0x0401),
        "1.2.840.113549.1.1.12" => Some(0x0501),
        "1.2.840.113549.1.1.13" => Some(0x0601),
        _ => None,
    };
    Some(CertAlgs { key, signed_with })
}

/// The TLS group of a named curve.
fn curve_group(dotted: &str) -> Option<u16> {
    match dotted {
        "1.2.840.10045.3.1.7" => Some(0x0017),
        "1.3.132.0.34" => Some(0x0018),
        "1.3.132.0.35" => Some(0x0019),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pem_der(path: &str) -> Vec<u8> {
        let certs =
            crate::x509::load::read_certs(std::path::Path::new(path), crate::abi::SSL_FILETYPE_PEM)
                .expect("fixture");
        certs[0].to_vec()
    }

    #[test]
    fn fixtures() {
        let ec = of(&pem_der("tests/certs/server.pem")).expect("parses");
        assert_eq!(ec.key, KeyKind::Ec(Some(0x0017)));
        let rsa = of(&pem_der("tests/certs/server-rsa.pem")).expect("parses");
        assert_eq!(rsa.key, KeyKind::Rsa);
        assert_eq!(rsa.signed_with, Some(0x0403));
        assert_eq!(of(b"\x30\x00"), None);
    }
}
