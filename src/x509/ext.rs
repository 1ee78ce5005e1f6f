//! Reading a certificate's extensions: one by OID, and the key
//! identifiers OpenSSL matches issuers by.

use super::der::{self, Elements};
use super::tbs;

/// `[3] EXPLICIT Extensions` in a TBSCertificate.
const CONTEXT_3: u8 = 0xA3;
const BOOLEAN: u8 = 0x01;
const OCTET_STRING: u8 = 0x04;
/// `keyIdentifier [0] IMPLICIT OCTET STRING` in an AuthorityKeyIdentifier.
const KEY_IDENTIFIER: u8 = 0x80;
/// id-ce-subjectKeyIdentifier, 2.5.29.14.
const SUBJECT_KEY_ID: &[u8] = &[0x55, 0x1D, 0x0E];
/// id-ce-authorityKeyIdentifier, 2.5.29.35.
const AUTHORITY_KEY_ID: &[u8] = &[0x55, 0x1D, 0x23];

/// The value of the extension `oid`, if present once in a sound list.
pub fn extension<'a>(cert_der: &'a [u8], oid: &[u8]) -> Option<&'a [u8]> {
    let t = tbs(cert_der)?;
    let wrapped = Elements::new(t.after_spki).find(|e| e.tag == CONTEXT_3)?;
    let (list, _) = der::expect(wrapped.content, der::SEQUENCE)?;
    Elements::new(list.content).find_map(|ext| {
        let (id, rest) = der::expect(ext.content, der::OID)?;
        if id.content != oid {
            return None;
        }
        let rest = match der::expect(rest, BOOLEAN) {
            Some((_, after)) => after,
            None => rest,
        };
        der::expect(rest, OCTET_STRING).map(|(v, _)| v.content)
    })
}

/// The subjectKeyIdentifier's bytes.
pub fn subject_key_id(cert_der: &[u8]) -> Option<&[u8]> {
    let v = extension(cert_der, SUBJECT_KEY_ID)?;
    der::expect(v, OCTET_STRING).map(|(t, _)| t.content)
}

/// The authorityKeyIdentifier's keyIdentifier bytes.
pub fn authority_key_id(cert_der: &[u8]) -> Option<&[u8]> {
    let v = extension(cert_der, AUTHORITY_KEY_ID)?;
    let (seq, _) = der::expect(v, der::SEQUENCE)?;
    Elements::new(seq.content)
        .find(|e| e.tag == KEY_IDENTIFIER)
        .map(|e| e.content)
}
