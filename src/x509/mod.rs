//! Certificates as C sees them: `X509` and `X509_NAME` objects built from DER.
//!
//! (Skeleton: helper A fills this in; keep the public signatures.)

use std::sync::Arc;

/// An X.509 certificate (`X509*`).
#[repr(C)]
pub struct X509 {
    magic: u64,
    der: Vec<u8>,
}

impl X509 {
    pub const MAGIC: u64 = 0x5353_4c53_5835_3039; // "SSLSX509"

    /// Parses enough of `der` to answer subject/issuer questions.
    pub fn from_der(der: Vec<u8>) -> Option<Arc<X509>> {
        Some(Arc::new(X509 {
            magic: Self::MAGIC,
            der,
        }))
    }

    pub fn magic(&self) -> u64 {
        self.magic
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }
}

/// The raw DER of (issuer, subject) Names of a certificate, for
/// self-signed checks in verification.
pub fn issuer_and_subject(cert_der: &[u8]) -> Option<(&[u8], &[u8])> {
    let _ = cert_der;
    None
}

/// `X509_verify_cert_error_string`.
pub fn verify_cert_error_string(code: i64) -> &'static std::ffi::CStr {
    let _ = code;
    c"unknown certificate verification error"
}
