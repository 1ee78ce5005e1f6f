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

/// One extension as `X509_get_ext` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extension {
    /// The extnID's OID body.
    pub oid: Vec<u8>,
    pub critical: bool,
    /// The extnValue OCTET STRING's content (the extension's own DER).
    pub value: Vec<u8>,
}

/// Every extension, in the certificate's order (none if the list is not
/// sound: OpenSSL would not have parsed such a certificate).
pub fn all(cert_der: &[u8]) -> Vec<Extension> {
    let read = || -> Option<Vec<Extension>> {
        let t = tbs(cert_der)?;
        let Some(wrapped) = Elements::new(t.after_spki).find(|e| e.tag == CONTEXT_3) else {
            return Some(Vec::new());
        };
        let (list, _) = der::expect(wrapped.content, der::SEQUENCE)?;
        let mut items = Elements::new(list.content);
        let mut out = Vec::new();
        for ext in items.by_ref() {
            let (id, rest) = der::expect(ext.content, der::OID)?;
            let (critical, rest) = match der::expect(rest, BOOLEAN) {
                Some((b, after)) => (b.content.first().is_some_and(|&v| v != 0), after),
                None => (false, rest),
            };
            let (v, _) = der::expect(rest, OCTET_STRING)?;
            out.push(Extension {
                oid: id.content.to_vec(),
                critical,
                value: v.content.to_vec(),
            });
        }
        items.ok.then_some(out)
    };
    read().unwrap_or_default()
}

/// One GeneralName (RFC 5280 4.2.1.6) by its `GEN_*` kind: the string
/// kinds' bytes, an IP address's octets, a directory name's Name DER, a
/// registered ID's OID body, the other kinds' whole encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneralName {
    pub kind: i32,
    pub content: Vec<u8>,
}

/// The names of a subjectAltName or issuerAltName value
/// (`GeneralNames ::= SEQUENCE OF GeneralName`); `None` if malformed.
pub fn general_names(value: &[u8]) -> Option<Vec<GeneralName>> {
    let (seq, rest) = der::expect(value, der::SEQUENCE)?;
    if !rest.is_empty() {
        return None;
    }
    let mut items = Elements::new(seq.content);
    let mut out = Vec::new();
    for item in items.by_ref() {
        let kind = i32::from(item.tag & 0x1f);
        let content = match item.tag {
            // [4] EXPLICIT Name
            0xA4 => der::expect(item.content, der::SEQUENCE)?.0.raw.to_vec(),
            0x81 | 0x82 | 0x86 | 0x87 | 0x88 => item.content.to_vec(),
            0xA0 | 0xA3 | 0xA5 => item.raw.to_vec(),
            _ => return None,
        };
        out.push(GeneralName { kind, content });
    }
    items.ok.then_some(out)
}

/// id-ce-keyUsage, 2.5.29.15.
const KEY_USAGE: &[u8] = &[0x55, 0x1D, 0x0F];

/// Whether the certificate's keyUsage (if it has one) allows signing
/// certificates (keyCertSign, bit 5); true without the extension.
pub fn allows_cert_sign(cert_der: &[u8]) -> bool {
    let Some(v) = extension(cert_der, KEY_USAGE) else {
        return true;
    };
    let Some((bits, _)) = der::expect(v, der::BIT_STRING) else {
        return false;
    };
    // First octet: unused bits; bit 5 is the first octet's 0x04.
    bits.content.get(1).is_some_and(|b| b & 0x04 != 0)
}

/// id-ce-extKeyUsage, 2.5.29.37.
const EXT_KEY_USAGE: &[u8] = &[0x55, 0x1D, 0x25];
/// netscape-cert-type, 2.16.840.1.113730.1.1.
const NS_CERT_TYPE: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x86, 0xF8, 0x42, 0x01, 0x01];
/// id-kp-serverAuth and id-kp-clientAuth, 1.3.6.1.5.5.7.3.1 and .2.
const KP_SERVER_AUTH: &[u8] = &[0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];
const KP_CLIENT_AUTH: &[u8] = &[0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];
/// Server Gated Crypto, which OpenSSL still takes for a server:
/// Netscape's 2.16.840.1.113730.4.1 and Microsoft's 1.3.6.1.4.1.311.10.3.3.
const NS_SGC: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x86, 0xF8, 0x42, 0x04, 0x01];
const MS_SGC: &[u8] = &[0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x0A, 0x03, 0x03];

/// OpenSSL's purpose check of a TLS peer's own certificate
/// (`check_purpose_ssl_server` / `_client` for a leaf): an
/// extendedKeyUsage without the role's purpose, a Netscape certificate
/// type without the role's bit, or a keyUsage with none of the usages the
/// role needs refuses it. The CA flag plays no part (webpki refuses a CA
/// certificate as an end entity; OpenSSL does not). An extension it cannot
/// read does not refuse it here (OpenSSL refuses that only with
/// X509_V_FLAG_X509_STRICT; webpki's own checks see it first).
pub fn tls_leaf_purpose_ok(cert_der: &[u8], server: bool) -> bool {
    if let Some(v) = extension(cert_der, EXT_KEY_USAGE)
        && let Some((list, _)) = der::expect(v, der::SEQUENCE)
    {
        let wanted: &[&[u8]] = if server {
            &[KP_SERVER_AUTH, NS_SGC, MS_SGC]
        } else {
            &[KP_CLIENT_AUTH]
        };
        let found =
            Elements::new(list.content).any(|e| e.tag == der::OID && wanted.contains(&e.content));
        if !found {
            return false;
        }
    }
    // A BIT STRING's first content octet counts unused bits; the named
    // bits start in the second, most significant first.
    let first_bits = |oid: &[u8]| {
        let v = extension(cert_der, oid)?;
        let (bits, _) = der::expect(v, der::BIT_STRING)?;
        Some(bits.content.get(1).copied().unwrap_or(0))
    };
    // nsCertType: SSL client 0x80, SSL server 0x40.
    if let Some(ns) = first_bits(NS_CERT_TYPE)
        && ns & if server { 0x40 } else { 0x80 } == 0
    {
        return false;
    }
    // keyUsage: digitalSignature 0x80, keyEncipherment 0x20 (a server's
    // RSA key exchange), keyAgreement 0x08.
    if let Some(ku) = first_bits(KEY_USAGE)
        && ku
            & if server {
                0x80 | 0x20 | 0x08
            } else {
                0x80 | 0x08
            }
            == 0
    {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::tls_leaf_purpose_ok;

    fn der(name: &str) -> Vec<u8> {
        let path = std::path::Path::new("tests/certs").join(name);
        crate::x509::load::read_certs(&path, crate::abi::SSL_FILETYPE_PEM).expect("fixture")[0]
            .to_vec()
    }

    /// (server role, client role) for each fixture, as `openssl x509
    /// -purpose` answers "SSL server" and "SSL client" for it.
    #[test]
    fn purposes_as_openssl() {
        for (name, server, client) in [
            // CA:TRUE, no usages: both (the CA flag plays no part).
            ("selfsigned-ca.pem", true, true),
            // keyUsage keyCertSign, cRLSign: neither.
            ("untrusted-ca.pem", false, false),
            // extendedKeyUsage serverAuth only.
            ("selfsigned.pem", true, false),
            // extendedKeyUsage clientAuth, keyUsage digitalSignature.
            ("client.pem", false, true),
            // keyUsage digitalSignature, keyEncipherment; serverAuth.
            ("server-rsa.pem", true, false),
        ] {
            let d = der(name);
            assert_eq!(tls_leaf_purpose_ok(&d, true), server, "{name} as a server");
            assert_eq!(tls_leaf_purpose_ok(&d, false), client, "{name} as a client");
        }
    }
}
