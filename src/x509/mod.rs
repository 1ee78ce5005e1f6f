//! Certificates as C sees them: `X509` and `X509_NAME` objects built from DER.
//!
//! Only what the C API exposes is decoded (issuer and subject); signature
//! and chain checks belong to rustls/webpki in `crate::verify`.

#![forbid(unsafe_code)]

pub mod algs;
pub mod asn1_text;
pub mod base64;
mod bn;
mod crl;
pub mod der;
mod dh;
mod ec_key;
pub mod ext;
pub mod ext_print;
mod ext_print_links;
mod ext_print_sct;
pub mod fields;
mod host_names;
pub mod load;
mod name;
mod name_list;
pub mod name_print;
mod nids;
pub mod obj;
mod oids;
pub mod pem;
pub mod pem_block;
mod pkey;
pub mod public_key;
mod rsa;
mod time;
pub mod time_print;
mod verify_text;

use std::sync::{Arc, OnceLock};

pub use bn::BigNum;
pub use crl::X509Crl;
pub use dh::DhParams;
pub use ec_key::EcKey;
pub use host_names::{common_names, dns_names};
#[cfg(test)]
use name::oid_short_name;
pub use name::{OnelineError, X509Name};
pub use name_list::NameList;
pub use pkey::EvpPkey;
pub use rsa::RsaKey;
pub use time::validity;

/// An X.509 certificate (`X509*`). The Names are `embedded` ones (see
/// `X509Name`): the `X509_NAME*` C gets from `X509_get_subject_name` lives
/// as long as the certificate, as in OpenSSL. They are checked when the
/// certificate is made and built when first asked for: a verified peer's
/// chain is made on every handshake, and most programs never look at its
/// Names (about 2 KB and 50 allocations per chain).
#[repr(C)]
#[derive(Debug)]
pub struct X509 {
    magic: u64,
    der: Vec<u8>,
    subject: OnceLock<Arc<X509Name>>,
    issuer: OnceLock<Arc<X509Name>>,
    c_view: OnceLock<crate::keep::Kept>,
}

impl X509 {
    pub const MAGIC: u64 = 0x5353_4c53_5835_3039; // "SSLSX509"

    /// Parses enough of `der` (exactly one Certificate, nothing after it)
    /// to answer subject/issuer questions; `None` for anything malformed.
    pub fn from_der(der: Vec<u8>) -> Option<Arc<X509>> {
        let (issuer, subject) = issuer_and_subject(&der)?;
        if !X509Name::is_valid_der(issuer) || !X509Name::is_valid_der(subject) {
            return None;
        }
        Some(Arc::new(X509 {
            magic: Self::MAGIC,
            der,
            subject: OnceLock::new(),
            issuer: OnceLock::new(),
            c_view: OnceLock::new(),
        }))
    }

    /// One of the Names, built on first use (`from_der` checked both).
    fn name<'a>(&'a self, cell: &'a OnceLock<Arc<X509Name>>, subject: bool) -> &'a Arc<X509Name> {
        cell.get_or_init(|| {
            let name = issuer_and_subject(&self.der)
                .and_then(|(i, s)| X509Name::from_der(if subject { s } else { i }))
                .unwrap_or_else(X509Name::empty);
            Arc::new(name.into_embedded())
        })
    }

    pub fn magic(&self) -> u64 {
        self.magic
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    pub fn subject(&self) -> &Arc<X509Name> {
        self.name(&self.subject, true)
    }

    pub fn issuer(&self) -> &Arc<X509Name> {
        self.name(&self.issuer, false)
    }

    /// What the ffi layer made of this certificate for C (its
    /// `X509_EXTENSION` objects), made once and kept as long as it lives.
    pub fn c_view(&self, make: impl FnOnce(&X509) -> crate::keep::Kept) -> &crate::keep::Kept {
        self.c_view.get_or_init(|| make(self))
    }

    /// Issued by itself (subject equals issuer): OpenSSL's self-issued test
    /// that decides where a chain ends.
    pub fn self_issued(&self) -> bool {
        issuer_and_subject(&self.der).is_some_and(|(issuer, subject)| issuer == subject)
    }
}

/// Length of the first DER element of `input` (header included), for
/// `d2i_X509`'s pointer advance; `None` if it is not a complete element.
pub fn first_element_len(input: &[u8]) -> Option<usize> {
    der::read(input).map(|(tlv, _)| tlv.raw.len())
}

/// The parts of a certificate's TBSCertificate that verification reads.
pub(crate) struct Tbs<'a> {
    /// The serialNumber INTEGER's contents.
    pub serial: &'a [u8],
    pub issuer: &'a [u8],
    pub subject: &'a [u8],
    /// The subjectPublicKeyInfo's contents.
    pub spki: &'a [u8],
    /// The contents of the outer signatureAlgorithm (how the issuer signed).
    pub sig_alg: &'a [u8],
    /// What follows subjectPublicKeyInfo: the optional unique IDs and
    /// `[3] extensions`.
    pub after_spki: &'a [u8],
}

/// Walks `cert_der` to its TBSCertificate fields. `None` unless it is
/// exactly one Certificate SEQUENCE whose outline is sound.
pub(crate) fn tbs(cert_der: &[u8]) -> Option<Tbs<'_>> {
    let (cert, rest) = der::expect(cert_der, der::SEQUENCE)?;
    if !rest.is_empty() {
        return None;
    }
    // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
    let (tbs, rest) = der::expect(cert.content, der::SEQUENCE)?;
    let (sig_alg, rest) = der::expect(rest, der::SEQUENCE)?;
    let (_sig, rest) = der::expect(rest, der::BIT_STRING)?;
    if !rest.is_empty() {
        return None;
    }
    // TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber,
    //   signature, issuer, validity, subject, subjectPublicKeyInfo, ... }
    let mut body = tbs.content;
    if body.first() == Some(&der::CONTEXT_0) {
        body = der::read(body)?.1;
    }
    let (serial, body) = der::expect(body, der::INTEGER)?;
    let (_alg, body) = der::expect(body, der::SEQUENCE)?;
    let (issuer, body) = der::expect(body, der::SEQUENCE)?;
    let (_validity, body) = der::expect(body, der::SEQUENCE)?;
    let (subject, body) = der::expect(body, der::SEQUENCE)?;
    let (spki, after_spki) = der::expect(body, der::SEQUENCE)?;
    Some(Tbs {
        serial: serial.content,
        issuer: issuer.raw,
        subject: subject.raw,
        spki: spki.content,
        sig_alg: sig_alg.content,
        after_spki,
    })
}

/// The raw DER of (issuer, subject) Names of a certificate, for
/// self-signed checks in verification (see `tbs`).
pub fn issuer_and_subject(cert_der: &[u8]) -> Option<(&[u8], &[u8])> {
    tbs(cert_der).map(|t| (t.issuer, t.subject))
}

/// The issuer Name's contents (inside its SEQUENCE, as a CRL's issuer is
/// compared) and the serial number's contents of a certificate, for
/// finding it in a CRL.
pub fn issuer_contents_and_serial(cert_der: &[u8]) -> Option<(&[u8], &[u8])> {
    let t = tbs(cert_der)?;
    let (issuer, _) = der::expect(t.issuer, der::SEQUENCE)?;
    Some((issuer.content, t.serial))
}

/// `X509::self_issued` on a certificate's DER: issuer and subject Names
/// byte for byte equal (false for one that does not parse).
pub fn self_issued_der(cert_der: &[u8]) -> bool {
    issuer_and_subject(cert_der).is_some_and(|(issuer, subject)| issuer == subject)
}

/// `X509_verify_cert_error_string`: OpenSSL 3.0's text for each X509_V_*
/// code, and its catch-all for the rest.
pub fn verify_cert_error_string(code: i64) -> &'static std::ffi::CStr {
    usize::try_from(code)
        .ok()
        .and_then(|i| verify_text::VERIFY.get(i).copied())
        .unwrap_or(c"unknown certificate verification error")
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod lazy_name_tests {
    use super::*;
    use pki_types::CertificateDer;
    use pki_types::pem::PemObject;

    fn cert(pem: &str) -> Vec<u8> {
        CertificateDer::from_pem_slice(pem.as_bytes())
            .expect("PEM certificate")
            .to_vec()
    }

    /// The Names built on first use are the ones in the DER, and
    /// self-issued still compares them.
    #[test]
    fn lazy_names_match_the_der() {
        for (pem, self_issued) in [
            (include_str!("../../tests/certs/ca.pem"), true),
            (include_str!("../../tests/certs/intermediate.pem"), false),
            (include_str!("../../tests/certs/client.pem"), false),
            (include_str!("../../tests/certs/names.pem"), true),
        ] {
            let der = cert(pem);
            let (issuer, subject) = issuer_and_subject(&der).expect("names");
            let x = X509::from_der(der.clone()).expect("certificate");
            assert_eq!(x.subject().der(), subject);
            assert_eq!(x.issuer().der(), issuer);
            assert!(x.subject().is_embedded() && x.issuer().is_embedded());
            // The same object each time: C keeps the pointer.
            assert!(Arc::ptr_eq(x.subject(), x.subject()));
            assert_eq!(x.self_issued(), self_issued);
        }
    }

    /// `is_valid_der` accepts exactly what `from_der` does.
    #[test]
    fn name_check_agrees_with_the_parser() {
        let good = cert(include_str!("../../tests/certs/names.pem"));
        let (_, subject) = issuer_and_subject(&good).expect("names");
        let mut trailing = subject.to_vec();
        trailing.push(0);
        let cases: [&[u8]; 7] = [
            subject,
            &[0x30, 0x00],             // no RDNs
            &[0x30, 0x02, 0x31, 0x00], // an empty RDN
            &[0x30, 0x02, 0x30, 0x00], // an RDN that is not a SET
            &[
                0x30, 0x09, 0x31, 0x07, 0x30, 0x05, 0x06, 0x00, 0x0c, 0x01, 0x41,
            ], // empty OID
            &[
                0x30, 0x0a, 0x31, 0x08, 0x30, 0x06, 0x06, 0x01, 0x55, 0x0c, 0x01, 0x41,
            ], // short OID ok
            &trailing,
        ];
        for raw in cases {
            assert_eq!(
                X509Name::is_valid_der(raw),
                X509Name::from_der(raw).is_some(),
                "{raw:02x?}"
            );
        }
        assert!(X509Name::is_valid_der(subject));
        assert!(!X509Name::is_valid_der(&[0x30, 0x02, 0x31, 0x00]));
        assert!(!X509Name::is_valid_der(&trailing));
    }
}
