//! The names a certificate is issued for, as OpenSSL's `X509_check_host`
//! reads them: the subjectAltName extension's dNSName entries and, as a
//! fallback, the subject's commonName values converted to UTF-8.

use super::der::{self, Elements};
use super::ext::extension;
use super::{X509Name, tbs};

/// `dNSName [2] IMPLICIT IA5String` in a GeneralName.
const DNS_NAME: u8 = 0x82;
/// id-ce-subjectAltName, 2.5.29.17.
const SUBJECT_ALT_NAME: &[u8] = &[0x55, 0x1D, 0x11];
/// id-at-commonName, 2.5.4.3.
const COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];

/// The dNSName entries of the subjectAltName extension, in order; empty
/// when there is none (or the certificate does not parse).
pub fn dns_names(cert_der: &[u8]) -> Vec<&[u8]> {
    let Some(san) = extension(cert_der, SUBJECT_ALT_NAME) else {
        return Vec::new();
    };
    let Some((names, _)) = der::expect(san, der::SEQUENCE) else {
        return Vec::new();
    };
    Elements::new(names.content)
        .filter(|g| g.tag == DNS_NAME)
        .map(|g| g.content)
        .collect()
}

/// The subject's commonName values as UTF-8 (OpenSSL's
/// `ASN1_STRING_to_UTF8`); a value that does not convert is left out, as
/// it can never match.
pub fn common_names(cert_der: &[u8]) -> Vec<String> {
    let Some(name) = tbs(cert_der).and_then(|t| X509Name::from_der(t.subject)) else {
        return Vec::new();
    };
    name.entries()
        .iter()
        .filter(|e| e.oid == COMMON_NAME)
        .filter_map(|e| to_utf8(e.tag, &e.value))
        .collect()
}

/// ASN.1 string types to UTF-8, as OpenSSL converts them.
fn to_utf8(tag: u8, v: &[u8]) -> Option<String> {
    const UTF8: u8 = 12;
    const PRINTABLE: u8 = 19;
    const T61: u8 = 20;
    const IA5: u8 = 22;
    const UNIVERSAL: u8 = 28;
    const BMP: u8 = 30;
    match tag {
        UTF8 => String::from_utf8(v.to_vec()).ok(),
        // OpenSSL reads T61String as Latin-1, one byte per character.
        PRINTABLE | IA5 | T61 => Some(v.iter().map(|&b| char::from(b)).collect()),
        BMP if v.len().is_multiple_of(2) => v
            .chunks_exact(2)
            .map(|c| char::from_u32(u32::from(u16::from_be_bytes([c[0], c[1]]))))
            .collect(),
        UNIVERSAL if v.len().is_multiple_of(4) => v
            .chunks_exact(4)
            .map(|c| char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
            .collect(),
        _ => None,
    }
}
