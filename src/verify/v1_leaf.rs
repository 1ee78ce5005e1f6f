//! X.509 version 1 (and 2) peer certificates: what `openssl x509 -req`
//! makes without an extension file, so what many test setups and
//! tutorials serve. rustls-webpki reads version 3 certificates only; it
//! refuses such a leaf as a chain's end entity and as the key of the
//! handshake's signature. OpenSSL accepts it.
//!
//! Here, such a leaf is checked as OpenSSL checks it when its issuer is a
//! trust anchor (the usual `-CA ca.pem` case) or it is trusted itself:
//! the issuer's key verifies the leaf's signature, then its dates. A v1
//! leaf under intermediates, or with a CRL check asked for, stays refused
//! (`X509_V_ERR_UNSPECIFIED`): checking CA certificates is webpki's work,
//! and it starts from a v3 end entity. The handshake's signature is
//! verified with the leaf's SubjectPublicKeyInfo (`raw_key`).

use super::path::Path;
use crate::abi::*;
use crate::x509::der;
use pki_types::{CertificateDer, SignatureVerificationAlgorithm, UnixTime};

/// The certificate has no version 3 field: webpki cannot read it.
/// Reads the version field only: this runs for every handshake signature.
pub fn is_old_version(der: &[u8]) -> bool {
    let Some((tbs, _)) = der::expect(der, der::SEQUENCE)
        .and_then(|(cert, _)| der::expect(cert.content, der::SEQUENCE))
    else {
        return false;
    };
    match der::expect(tbs.content, der::CONTEXT_0) {
        Some((wrapped, _)) => der::expect(wrapped.content, der::INTEGER)
            .is_some_and(|(v, _)| matches!(v.content, [0 | 1])),
        // An absent version is v1, its default.
        None => true,
    }
}

/// The `X509_V_ERR_*` of a v1 leaf along `path` (OpenSSL's chain for it)
/// before the host check: signatures and dates. Trust errors are
/// `callback::first_error`'s, which ranks them above this result.
pub fn check(
    path: &Path,
    algs: &[&dyn SignatureVerificationAlgorithm],
    now: UnixTime,
    crl_check: bool,
) -> i32 {
    let [leaf, rest @ ..] = &path.certs[..] else {
        return X509_V_ERR_UNSPECIFIED;
    };
    if !path.trusted || rest.len() > 1 || crl_check {
        return X509_V_ERR_UNSPECIFIED;
    }
    if let Some(issuer) = rest.first()
        && !signed_by(leaf, issuer, algs)
    {
        return X509_V_ERR_CERT_SIGNATURE_FAILURE;
    }
    dates(leaf, now)
}

/// OpenSSL's date check of one certificate.
pub fn dates(der: &[u8], now: UnixTime) -> i32 {
    let now = i64::try_from(now.as_secs()).unwrap_or(i64::MAX);
    match crate::x509::validity(der) {
        Some((not_before, _)) if now < not_before => X509_V_ERR_CERT_NOT_YET_VALID,
        Some((_, not_after)) if now > not_after => X509_V_ERR_CERT_HAS_EXPIRED,
        Some(_) => X509_V_OK,
        None => X509_V_ERR_UNSPECIFIED,
    }
}

/// `cert`'s signature verifies with `issuer`'s public key, by the
/// algorithm its signatureAlgorithm names (one of `algs`, matched by the
/// algorithm identifiers' contents as webpki matches them).
fn signed_by(
    cert: &CertificateDer<'_>,
    issuer: &CertificateDer<'_>,
    algs: &[&dyn SignatureVerificationAlgorithm],
) -> bool {
    let (Some(signed), Some(i)) = (Signed::of(cert), crate::x509::fields::of(issuer)) else {
        return false;
    };
    let Some((key_alg, _)) = der::expect(&i.spki, der::SEQUENCE)
        .and_then(|(spki, _)| der::expect(spki.content, der::SEQUENCE))
    else {
        return false;
    };
    let Some(key) = crate::x509::fields::public_key_bits(&i.spki) else {
        return false;
    };
    algs.iter()
        .filter(|a| {
            a.signature_alg_id().as_ref() == signed.alg
                && a.public_key_alg_id().as_ref() == key_alg.content
        })
        .any(|a| {
            a.verify_signature(key, signed.tbs, signed.signature)
                .is_ok()
        })
}

/// A certificate's signed part (tbsCertificate, whole encoding), its
/// signatureAlgorithm's contents and its signature's bytes.
struct Signed<'a> {
    tbs: &'a [u8],
    alg: &'a [u8],
    signature: &'a [u8],
}

impl<'a> Signed<'a> {
    fn of(der: &'a CertificateDer<'_>) -> Option<Self> {
        let (cert, _) = der::expect(der.as_ref(), der::SEQUENCE)?;
        let (tbs, rest) = der::expect(cert.content, der::SEQUENCE)?;
        let (alg, rest) = der::expect(rest, der::SEQUENCE)?;
        let (bits, _) = der::expect(rest, der::BIT_STRING)?;
        // The BIT STRING's first byte counts unused bits: none in a signature.
        let (&0, signature) = bits.content.split_first()? else {
            return None;
        };
        Some(Signed {
            tbs: tbs.raw,
            alg: alg.content,
            signature,
        })
    }
}

/// A handshake signature (TLS 1.2 ServerKeyExchange, TLS 1.3
/// CertificateVerify) by an old-version certificate's key: the
/// SubjectPublicKeyInfo read here, the check webpki's for a raw key.
pub fn raw_key(
    cert: &CertificateDer<'_>,
    message: &[u8],
    dss: &rustls::DigitallySignedStruct,
    algs: &rustls::crypto::WebPkiSupportedAlgorithms,
    tls13: bool,
) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
    let bad = || rustls::Error::InvalidCertificate(rustls::CertificateError::BadEncoding);
    let spki = crate::x509::fields::of(cert).ok_or_else(bad)?.spki;
    let spki = pki_types::SubjectPublicKeyInfoDer::from(spki.as_slice());
    if tls13 {
        return rustls::crypto::verify_tls13_signature_with_raw_key(message, &spki, dss, algs);
    }
    let entity = webpki::RawPublicKeyEntity::try_from(&spki).map_err(|_| bad())?;
    let candidates = algs
        .mapping
        .iter()
        .find(|(scheme, _)| *scheme == dss.scheme)
        .map(|(_, a)| *a)
        .ok_or(rustls::Error::PeerMisbehaved(
            rustls::PeerMisbehaved::SignedHandshakeWithUnadvertisedSigScheme,
        ))?;
    let signature = dss.signature();
    if candidates
        .iter()
        .any(|a| entity.verify_signature(*a, message, signature).is_ok())
    {
        Ok(rustls::client::danger::HandshakeSignatureValid::assertion())
    } else {
        Err(rustls::Error::InvalidCertificate(
            rustls::CertificateError::BadSignature,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cert(name: &str) -> CertificateDer<'static> {
        let path = format!("{}/tests/certs/{name}", env!("CARGO_MANIFEST_DIR"));
        let certs = crate::x509::load::read_certs(std::path::Path::new(&path), SSL_FILETYPE_PEM)
            .expect("fixture");
        certs[0].clone()
    }

    fn algs() -> &'static [&'static dyn SignatureVerificationAlgorithm] {
        crate::crypto::base().signature_verification_algorithms.all
    }

    #[test]
    fn versions() {
        assert!(is_old_version(&cert("v1-root.pem")));
        assert!(!is_old_version(&cert("server.pem")));
        assert!(!is_old_version(b"\x30\x00"));
    }

    #[test]
    fn signatures_by_the_issuers_key() {
        let ca = cert("ca.pem");
        assert!(signed_by(&cert("v1-root.pem"), &ca, algs()));
        assert!(signed_by(&cert("v1-rsa.pem"), &ca, algs()));
        // The root's name, another key.
        assert!(!signed_by(&cert("v1-forged.pem"), &ca, algs()));
        // Issued by the intermediate, not the root.
        assert!(!signed_by(&cert("v1.pem"), &ca, algs()));
        assert!(signed_by(
            &cert("v1.pem"),
            &cert("intermediate.pem"),
            algs()
        ));
        // One changed byte of the signed part.
        let mut der = cert("v1-root.pem").to_vec();
        let at = der.len() / 3;
        der[at] ^= 1;
        assert!(!signed_by(&CertificateDer::from(der), &ca, algs()));
    }

    #[test]
    fn chain_checks() {
        let now = UnixTime::since_unix_epoch(std::time::Duration::from_secs(1_800_000_000));
        let path = |certs: Vec<CertificateDer<'static>>, trusted| Path {
            certs,
            trusted,
            top_from_store: true,
        };
        let (leaf, ca) = (cert("v1-root.pem"), cert("ca.pem"));
        let good = path(vec![leaf.clone(), ca.clone()], true);
        assert_eq!(check(&good, algs(), now, false), X509_V_OK);
        assert_eq!(check(&good, algs(), now, true), X509_V_ERR_UNSPECIFIED);
        let past = UnixTime::since_unix_epoch(std::time::Duration::from_secs(1_000_000_000));
        assert_eq!(
            check(&good, algs(), past, false),
            X509_V_ERR_CERT_NOT_YET_VALID
        );
        let untrusted = path(vec![leaf.clone(), ca.clone()], false);
        assert_eq!(
            check(&untrusted, algs(), now, false),
            X509_V_ERR_UNSPECIFIED
        );
        let forged = path(vec![cert("v1-forged.pem"), ca.clone()], true);
        assert_eq!(
            check(&forged, algs(), now, false),
            X509_V_ERR_CERT_SIGNATURE_FAILURE
        );
        let long = path(vec![cert("v1.pem"), cert("intermediate.pem"), ca], true);
        assert_eq!(check(&long, algs(), now, false), X509_V_ERR_UNSPECIFIED);
    }
}
