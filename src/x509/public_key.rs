//! What `EVP_PKEY_get_id` and `EVP_PKEY_get_bits` say of a public key,
//! read from its SubjectPublicKeyInfo: the algorithm's NID (OpenSSL's
//! `EVP_PKEY_*` type numbers are those NIDs) and its size in bits.

#![forbid(unsafe_code)]

use super::{der, fields, obj};

/// The `EVP_PKEY_*` type of a key (0 when the algorithm is unknown).
pub fn type_nid(spki: &[u8]) -> i32 {
    algorithm(spki)
        .and_then(|(oid, _)| obj::by_oid(oid))
        .map_or(0, |o| o.nid)
}

/// (algorithm OID body, parameters' whole encoding or empty).
fn algorithm(spki: &[u8]) -> Option<(&[u8], &[u8])> {
    let (seq, _) = der::expect(spki, der::SEQUENCE)?;
    let (alg, _) = der::expect(seq.content, der::SEQUENCE)?;
    let (oid, params) = der::expect(alg.content, der::OID)?;
    Some((oid.content, params))
}

/// `EVP_PKEY_get_bits`: an RSA modulus's bits, a named curve's order
/// bits, the EdDSA/ECDH sizes OpenSSL reports; 0 for the others.
pub fn bits(spki: &[u8]) -> usize {
    let Some((oid, params)) = algorithm(spki) else {
        return 0;
    };
    match der::oid_to_dotted(oid).as_deref() {
        Some("1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10") => {
            fields::rsa_public(spki).map_or(0, |(n, _)| {
                n.first()
                    .map_or(0, |&top| n.len() * 8 - top.leading_zeros() as usize)
            })
        }
        Some("1.2.840.10045.2.1") => {
            let curve =
                der::expect(params, der::OID).and_then(|(c, _)| der::oid_to_dotted(c.content));
            match curve.as_deref() {
                Some("1.2.840.10045.3.1.7" | "1.3.132.0.10") => 256,
                Some("1.3.132.0.34") => 384,
                Some("1.3.132.0.35") => 521,
                _ => 0,
            }
        }
        // OpenSSL's ED25519_BITS and X25519_BITS.
        Some("1.3.101.112") => 256,
        Some("1.3.101.110") => 253,
        Some("1.3.101.113") => 456,
        Some("1.3.101.111") => 448,
        _ => 0,
    }
}
