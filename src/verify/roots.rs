//! Trust anchors: `SSL_CTX_load_verify_locations` and
//! `SSL_CTX_set_default_verify_paths`.

use pki_types::pem::PemObject;
use pki_types::{CertificateDer, TrustAnchor};
use std::path::Path;
use std::sync::Arc;

/// Where verification gets its trust anchors, asked each time a peer's
/// chain is checked: OpenSSL reads the context's `X509_STORE` then, not when
/// the connection was set up, and programs fill it late (curl loads its CA
/// file after sending the ClientHello). Two implementations: `OwnRoots`, the
/// context's own anchors (the standalone flavour, and the drop-in one until
/// the program touches the store); and, in the drop-in flavour, libcrypto's
/// `X509_STORE` added to them (`crate::ffi::libcrypto::store`).
pub trait RootSource: Send + Sync + std::fmt::Debug {
    /// The anchors to verify with now; `own` are the context's own
    /// (`SSL_CTX_load_verify_locations` and friends).
    fn current(&self, own: &Arc<RootStore>) -> Arc<RootStore>;
}

/// The context's own anchors, nothing else.
#[derive(Debug)]
pub struct OwnRoots;

impl RootSource for OwnRoots {
    fn current(&self, own: &Arc<RootStore>) -> Arc<RootStore> {
        own.clone()
    }
}

/// OpenSSL's compiled-in defaults on Debian (`openssl version -d`).
const DEFAULT_CERT_FILE: &str = "/usr/lib/ssl/cert.pem";
const DEFAULT_CERT_DIR: &str = "/usr/lib/ssl/certs";

#[derive(Clone, Debug, Default)]
pub struct RootStore {
    anchors: Vec<TrustAnchor<'static>>,
    /// DER of every loaded root, to skip duplicates (a CA directory holds
    /// each root under several names).
    seen: Vec<CertificateDer<'static>>,
}

impl RootStore {
    pub fn anchors(&self) -> &[TrustAnchor<'static>] {
        &self.anchors
    }

    /// The certificates behind the anchors (not for the embedded
    /// webpki-roots, which carry no certificate).
    pub fn certs(&self) -> &[CertificateDer<'static>] {
        &self.seen
    }

    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    /// Adds one certificate; false if it cannot serve as a trust anchor.
    pub fn add_der(&mut self, der: CertificateDer<'static>) -> bool {
        if self.seen.contains(&der) {
            return true;
        }
        match webpki::anchor_from_trusted_cert(&der) {
            Ok(ta) => {
                self.anchors.push(ta.to_owned());
                self.seen.push(der);
                true
            }
            Err(_) => false,
        }
    }

    /// The CAfile half of `load_verify_locations`: every PEM certificate in
    /// the file. Returns how many were added (0 = failure, as OpenSSL).
    pub fn load_file(&mut self, path: &Path) -> usize {
        let Ok(iter) = CertificateDer::pem_file_iter(path) else {
            return 0;
        };
        iter.filter_map(Result::ok)
            .filter(|c| self.add_der(c.clone()))
            .count()
    }

    /// The CApath half. OpenSSL looks certificates up lazily by hashed name;
    /// loading every certificate file of the directory up front trusts the
    /// same set. A missing directory is not an error, as in OpenSSL.
    pub fn load_dir(&mut self, dir: &Path) -> usize {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return 0;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        paths
            .iter()
            .filter(|p| p.is_file())
            .map(|p| self.load_file(p))
            .sum()
    }

    /// `SSL_CTX_set_default_verify_paths`: `SSL_CERT_FILE`/`SSL_CERT_DIR`
    /// (colon-separated) or OpenSSL's defaults; when the system has no roots
    /// at all, the embedded webpki-roots.
    pub fn load_default_paths(&mut self) {
        let file = std::env::var("SSL_CERT_FILE").unwrap_or_else(|_| DEFAULT_CERT_FILE.into());
        let dirs = std::env::var("SSL_CERT_DIR").unwrap_or_else(|_| DEFAULT_CERT_DIR.into());
        let mut found = self.load_file(Path::new(&file));
        for d in dirs.split(':').filter(|d| !d.is_empty()) {
            found += self.load_dir(Path::new(d));
        }
        if found == 0 && self.anchors.is_empty() {
            log::info!("no system trust store found; using the embedded webpki-roots");
            self.anchors
                .extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
    }
}
