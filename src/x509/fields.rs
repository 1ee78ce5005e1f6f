//! The fields of a certificate that `X509_get_version`, `X509_get0_signature`,
//! `X509_get0_notBefore` and friends expose: read from the DER once, in the
//! forms OpenSSL's objects hold them (an INTEGER's magnitude and sign, a
//! time's characters, an algorithm's OID).

#![forbid(unsafe_code)]

use super::der::{self, Tlv};

/// An `AlgorithmIdentifier`: the OID body and the parameters' whole
/// encoding (None when absent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Algorithm {
    pub oid: Vec<u8>,
    pub params: Option<Vec<u8>>,
}

/// A time as `ASN1_TIME` holds it: its universal tag and its characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Time {
    pub tag: u8,
    pub text: Vec<u8>,
}

/// An INTEGER as `ASN1_INTEGER` holds it: the sign and the big-endian
/// magnitude (one zero byte for zero, as `c2i_ASN1_INTEGER` leaves it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Integer {
    pub negative: bool,
    pub magnitude: Vec<u8>,
}

/// What the field accessors read of one certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fields {
    /// The version field's value (0 for v1, 2 for v3).
    pub version: i64,
    pub serial: Integer,
    /// The outer signatureAlgorithm (what `X509_get0_signature` reports).
    pub sig_alg: Algorithm,
    /// The signatureValue BIT STRING's content: the unused-bits count,
    /// then the bits.
    pub signature: Vec<u8>,
    pub not_before: Time,
    pub not_after: Time,
    /// The whole SubjectPublicKeyInfo (`i2d_X509_PUBKEY`'s output).
    pub spki: Vec<u8>,
    pub key_alg: Algorithm,
}

fn algorithm(seq: Tlv<'_>) -> Option<Algorithm> {
    let (oid, rest) = der::expect(seq.content, der::OID)?;
    let params = der::read(rest).map(|(p, _)| p.raw.to_vec());
    Some(Algorithm {
        oid: oid.content.to_vec(),
        params,
    })
}

fn time(t: Tlv<'_>) -> Option<Time> {
    matches!(t.tag, 0x17 | 0x18).then(|| Time {
        tag: t.tag,
        text: t.content.to_vec(),
    })
}

/// An INTEGER's content bytes (two's complement) as sign and magnitude.
pub fn integer(content: &[u8]) -> Integer {
    let negative = content.first().is_some_and(|&b| b & 0x80 != 0);
    let mut magnitude = if negative {
        // Two's complement negation: invert every byte, then add one.
        let mut m: Vec<u8> = content.iter().map(|b| !b).collect();
        for b in m.iter_mut().rev() {
            let (v, carry) = b.overflowing_add(1);
            *b = v;
            if !carry {
                break;
            }
        }
        m
    } else {
        content.to_vec()
    };
    let zeros = magnitude.iter().take_while(|&&b| b == 0).count();
    magnitude.drain(..zeros.min(magnitude.len().saturating_sub(1)));
    if magnitude.is_empty() {
        magnitude.push(0);
    }
    Integer {
        negative,
        magnitude,
    }
}

/// The fields of a DER certificate; None if its outline is not sound.
pub fn of(cert_der: &[u8]) -> Option<Fields> {
    let (cert, _) = der::expect(cert_der, der::SEQUENCE)?;
    let (tbs, rest) = der::expect(cert.content, der::SEQUENCE)?;
    let (sig_alg, rest) = der::expect(rest, der::SEQUENCE)?;
    let (signature, _) = der::expect(rest, der::BIT_STRING)?;
    let mut body = tbs.content;
    let mut version = 0;
    if body.first() == Some(&der::CONTEXT_0) {
        let (wrapped, after) = der::read(body)?;
        let (v, _) = der::expect(wrapped.content, der::INTEGER)?;
        version = v
            .content
            .iter()
            .fold(0i64, |acc, &b| acc.wrapping_shl(8) | i64::from(b));
        body = after;
    }
    let (serial, body) = der::expect(body, der::INTEGER)?;
    let (_alg, body) = der::expect(body, der::SEQUENCE)?;
    let (_issuer, body) = der::expect(body, der::SEQUENCE)?;
    let (validity, body) = der::expect(body, der::SEQUENCE)?;
    let (_subject, body) = der::expect(body, der::SEQUENCE)?;
    let (spki, _) = der::expect(body, der::SEQUENCE)?;
    let (not_before, rest) = der::read(validity.content)?;
    let (not_after, _) = der::read(rest)?;
    let (key_alg, _) = der::expect(spki.content, der::SEQUENCE)?;
    Some(Fields {
        version,
        serial: integer(serial.content),
        sig_alg: algorithm(sig_alg)?,
        signature: signature.content.to_vec(),
        not_before: time(not_before)?,
        not_after: time(not_after)?,
        spki: spki.raw.to_vec(),
        key_alg: algorithm(key_alg)?,
    })
}

/// The subjectPublicKey BIT STRING's key bytes (after the unused-bits
/// count) of a SubjectPublicKeyInfo.
pub fn public_key_bits(spki: &[u8]) -> Option<&[u8]> {
    let (seq, _) = der::expect(spki, der::SEQUENCE)?;
    let (_alg, rest) = der::expect(seq.content, der::SEQUENCE)?;
    let (bits, _) = der::expect(rest, der::BIT_STRING)?;
    bits.content.get(1..)
}

/// An RSA public key's (modulus, exponent) magnitudes from its
/// SubjectPublicKeyInfo (RSAPublicKey ::= SEQUENCE { n, e }).
pub fn rsa_public(spki: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let (seq, _) = der::expect(public_key_bits(spki)?, der::SEQUENCE)?;
    let (n, rest) = der::expect(seq.content, der::INTEGER)?;
    let (e, _) = der::expect(rest, der::INTEGER)?;
    Some((integer(n.content).magnitude, integer(e.content).magnitude))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers() {
        assert_eq!(integer(&[0]).magnitude, vec![0]);
        assert_eq!(integer(&[0, 0x80]).magnitude, vec![0x80]);
        let n = integer(&[0xff]);
        assert!(n.negative);
        assert_eq!(n.magnitude, vec![1]);
        let n = integer(&[0xff, 0x00]);
        assert_eq!(n.magnitude, vec![1, 0]);
    }

    #[test]
    fn fixture() {
        let certs = crate::x509::load::read_certs(
            std::path::Path::new("tests/certs/server-rsa.pem"),
            crate::abi::SSL_FILETYPE_PEM,
        )
        .expect("fixture");
        let f = of(&certs[0]).expect("parses");
        assert_eq!(f.version, 2);
        let (n, e) = rsa_public(&f.spki).expect("rsa");
        assert_eq!(n.len(), 256);
        assert_eq!(e, vec![1, 0, 1]);
    }
}
