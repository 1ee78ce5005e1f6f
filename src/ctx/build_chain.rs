//! `SSL_CTX_build_cert_chain`/`SSL_build_cert_chain` (OpenSSL's
//! `ssl_build_cert_chain`): the certificate's chain built from a trust
//! store and checked as `X509_verify_cert` would, then kept as the
//! certificate's chain (the leaf left out; its root too with
//! `SSL_BUILD_CHAIN_FLAG_NO_ROOT`).
//!
//! - the store is the context's trust store, or with
//!   `SSL_BUILD_CHAIN_FLAG_CHECK` the certificate and its current chain
//!   alone (the chain is checked, not extended);
//! - `SSL_BUILD_CHAIN_FLAG_UNTRUSTED`: the current chain may supply
//!   intermediates;
//! - a chain that does not verify fails (`SSL_R_CERTIFICATE_VERIFY_FAILED`
//!   with the verify error's text), unless `SSL_BUILD_CHAIN_FLAG_IGNORE_ERROR`
//!   (then 2, with the chain as far as it was built).

use super::Settings;
use crate::abi::*;
use crate::verify::{RootStore, VerifyParams};
use pki_types::{CertificateDer, UnixTime};
use std::os::raw::c_long;
use std::sync::Arc;

/// Why the chain was not built.
#[derive(Debug, PartialEq, Eq)]
pub enum BuildError {
    /// No certificate is set (`SSL_R_NO_CERTIFICATE_SET`).
    NoCertificate,
    /// The chain does not verify: the `X509_V_ERR_*` code.
    Verify(i64),
}

impl Settings {
    /// Builds and keeps the chain; `Ok(1)`, or `Ok(2)` when an error was
    /// ignored.
    pub fn build_cert_chain(&mut self, flags: c_long) -> Result<i32, BuildError> {
        // The current certificate's, as all chain functions.
        let cur = self.cert.current();
        let Some(leaf) = cur.leaf.clone() else {
            return Err(BuildError::NoCertificate);
        };
        let current: Vec<CertificateDer<'static>> = cur.chain.clone().unwrap_or_default();
        let (store, untrusted) = if flags & SSL_BUILD_CHAIN_FLAG_CHECK != 0 {
            let mut own = RootStore::default();
            for c in current.iter().chain(std::iter::once(&leaf)) {
                own.add_der(c.clone());
            }
            (Arc::new(own), Vec::new())
        } else {
            let source = self
                .root_source
                .replaced()
                .unwrap_or_else(|| self.root_source.clone());
            let untrusted = if flags & SSL_BUILD_CHAIN_FLAG_UNTRUSTED != 0 {
                current
            } else {
                Vec::new()
            };
            (source.current(&self.roots), untrusted)
        };
        let path = crate::verify::build_path(&store, &leaf, &untrusted);
        let code = if path.trusted {
            verify_any_purpose(&store, &leaf, &path.certs[1..])
        } else if path.top_from_store {
            i64::from(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT)
        } else {
            // What OpenSSL says of a chain that reaches no trusted root
            // (webpki's view of the same chain names the case).
            match verify_any_purpose(&store, &leaf, &path.certs[1..]) {
                X509_V_OK_I64 => i64::from(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY),
                e => e,
            }
        };
        let rv = match code {
            X509_V_OK_I64 => 1,
            _ if flags & SSL_BUILD_CHAIN_FLAG_IGNORE_ERROR != 0 => 2,
            e => return Err(BuildError::Verify(e)),
        };
        let mut chain: Vec<CertificateDer<'static>> = path.certs[1..].to_vec();
        if flags & SSL_BUILD_CHAIN_FLAG_NO_ROOT != 0
            && chain
                .last()
                .is_some_and(|top| crate::x509::self_issued_der(top))
        {
            chain.pop();
        }
        // A built chain, even empty, is the certificate's own: no
        // automatic chain is added to it.
        self.cert.set_chain(Some(chain));
        Ok(rv)
    }
}

const X509_V_OK_I64: i64 = X509_V_OK as i64;

/// `X509_verify_cert` without a purpose: any usage the leaf allows.
fn verify_any_purpose(
    store: &RootStore,
    leaf: &CertificateDer<'_>,
    intermediates: &[CertificateDer<'static>],
) -> i64 {
    let algs = crate::crypto::base().signature_verification_algorithms;
    let params = VerifyParams::default();
    let now = UnixTime::now();
    let mut input = crate::verify::ChainCheck {
        roots: store,
        algs: &algs,
        end_entity: leaf,
        intermediates,
        now,
        server_auth: true,
        params: &params,
    };
    let server = crate::verify::check_chain(&input);
    if server == X509_V_OK_I64 {
        return server;
    }
    input.server_auth = false;
    match crate::verify::check_chain(&input) {
        X509_V_OK_I64 => X509_V_OK_I64,
        // The server usage's answer unless only the usage differed.
        _ if server == i64::from(X509_V_ERR_INVALID_PURPOSE) => {
            i64::from(X509_V_ERR_INVALID_PURPOSE)
        }
        _ => server,
    }
}
