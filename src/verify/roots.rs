//! Trust anchors: `SSL_CTX_load_verify_locations`, `_load_verify_store`
//! and the default locations (`SSL_CTX_set_default_verify_paths`, `_file`,
//! `_dir`, `_store`).

use crate::x509::X509;
use pki_types::pem::PemObject;
use pki_types::{CertificateDer, CertificateRevocationListDer, TrustAnchor};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use super::store_uri;

/// Where verification gets its trust anchors, asked each time a peer's
/// chain is checked: OpenSSL reads the context's `X509_STORE` then, not when
/// the connection was set up, and programs fill it late (curl loads its CA
/// file after sending the ClientHello). Implementations: `OwnRoots`, the
/// context's own anchors (a context before its flavour gives it a store);
/// the standalone flavour's `X509_STORE` (`verify::store::StoreCell`); and,
/// in the drop-in flavour, libcrypto's `X509_STORE` added to the own
/// anchors (the drop-in's `ffi::libcrypto::store`).
pub trait RootSource: Send + Sync + std::fmt::Debug {
    /// The anchors to verify with now; `own` are the context's own
    /// (`SSL_CTX_load_verify_locations` and friends).
    fn current(&self, own: &Arc<RootStore>) -> Arc<RootStore>;
    /// The source this one stands in for, if it is an override
    /// (`SSL_set1_verify_cert_store`): clearing the override restores it.
    fn replaced(&self) -> Option<Arc<dyn RootSource>> {
        None
    }
    /// A peer's chain was verified: `chain` is OpenSSL's chain for it
    /// (leaf first), whose issuers OpenSSL looked up in the store, and
    /// `crls_for` how many of its certificates (from the leaf) had their
    /// issuer's CRLs looked up (CRL_CHECK). A store that loads what a
    /// lookup finds into itself (OpenSSL's CApath directory) makes the same
    /// lookups, so that afterwards it holds what OpenSSL's would.
    fn looked_up(&self, _chain: &[CertificateDer<'_>], _crls_for: usize) {}
    /// Changes whenever the anchors it hands out may have changed other
    /// than through the context's settings (a standalone `X509_STORE`
    /// filled after configs were built): configs made for an older value
    /// are rebuilt, as OpenSSL reads its store at each handshake. 0 for a
    /// source that never changes.
    fn version(&self) -> u64 {
        0
    }
}

/// The context's own anchors, nothing else.
#[derive(Debug)]
pub struct OwnRoots;

impl RootSource for OwnRoots {
    fn current(&self, own: &Arc<RootStore>) -> Arc<RootStore> {
        own.clone()
    }
}

/// The verify store `SSL_CONF_cmd`'s `VerifyCAFile`/`VerifyCAPath` fill
/// (OpenSSL's `cert->verify_store`, made on first use by `do_store`): it
/// replaces the trust store for verifying the peer, as a store given to
/// `SSL_CTX_set1_verify_cert_store` does; the automatic chain of our own
/// certificate still comes from the trust store (`replaced`).
#[derive(Debug)]
pub struct VerifyRoots {
    roots: Arc<RootStore>,
    base: Arc<dyn RootSource>,
}

impl RootSource for VerifyRoots {
    fn current(&self, _own: &Arc<RootStore>) -> Arc<RootStore> {
        self.roots.clone()
    }
    fn replaced(&self) -> Option<Arc<dyn RootSource>> {
        Some(self.base.clone())
    }
    fn version(&self) -> u64 {
        self.base.version()
    }
}

impl VerifyRoots {
    /// The source after `load` added to the verify store of `current`
    /// (`own` the trust store's anchors): a verify store already there
    /// (ours, or a program's `X509_STORE` as its certificates are now)
    /// keeps its anchors, else an empty one is made. The store stays even
    /// when `load` fails, as OpenSSL's does; its answer is returned.
    pub fn extend(
        current: &Arc<dyn RootSource>,
        own: &Arc<RootStore>,
        load: impl FnOnce(&mut RootStore) -> bool,
    ) -> (Arc<dyn RootSource>, bool) {
        let (mut roots, base) = match current.replaced() {
            Some(base) => ((*current.current(own)).clone(), base),
            None => (RootStore::default(), current.clone()),
        };
        let ok = load(&mut roots);
        let source = Arc::new(VerifyRoots {
            roots: Arc::new(roots),
            base,
        });
        (source, ok)
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
    /// Each of `seen`'s `X509` object, made when a verified chain first
    /// ends at it and shared by the chains that do after, as OpenSSL's
    /// chains hold the store's own object (and no connection pays for a
    /// copy of the root).
    objects: Vec<OnceLock<Arc<X509>>>,
    /// The CRLs, as OpenSSL's store holds them next to its certificates
    /// (`X509 CRL` blocks of a CA file, `<hash>.r<n>` files of a CA
    /// directory, the drop-in's `X509_STORE_add_crl`); consulted only with
    /// `X509_V_FLAG_CRL_CHECK` (`verify::revocation`).
    crls: Vec<Crl>,
}

/// One CRL: its DER (to skip duplicates) and webpki's reading of it.
#[derive(Clone, Debug)]
struct Crl {
    der: Vec<u8>,
    parsed: Arc<webpki::CertRevocationList<'static>>,
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

    /// The shared `X509` object of the root whose DER is `der`; `None`
    /// when no root of the store is that certificate.
    pub fn object(&self, der: &[u8]) -> Option<Arc<X509>> {
        let i = self.seen.iter().position(|c| c.as_ref() == der)?;
        let cell = self.objects.get(i)?;
        if let Some(x) = cell.get() {
            return Some(x.clone());
        }
        let made = X509::from_der(der.to_vec())?;
        Some(cell.get_or_init(|| made).clone())
    }

    /// The CRLs, in the order loaded.
    pub fn crls(&self) -> Vec<&webpki::CertRevocationList<'static>> {
        self.crls.iter().map(|c| &*c.parsed).collect()
    }

    /// Adds one CRL; false if webpki cannot read it (it reads only v2
    /// CRLs with a nextUpdate, not delta CRLs: OpenSSL would use such a
    /// CRL, we cannot, so the certificates it covers have no CRL here).
    pub fn add_crl_der(&mut self, der: &[u8]) -> bool {
        if self.crls.iter().any(|c| c.der == der) {
            return true;
        }
        match webpki::OwnedCertRevocationList::from_der(der) {
            Ok(crl) => {
                self.crls.push(Crl {
                    der: der.to_vec(),
                    parsed: Arc::new(crl.into()),
                });
                true
            }
            Err(e) => {
                log::info!("a CRL is ignored: rustls-webpki cannot use it ({e:?})");
                false
            }
        }
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
                self.objects.push(OnceLock::new());
                true
            }
            Err(_) => false,
        }
    }

    /// The CAfile half of `load_verify_locations`: every PEM certificate
    /// and CRL in the file, as OpenSSL's `X509_load_cert_crl_file`.
    /// Returns how many were added (0 = failure, as OpenSSL).
    pub fn load_file(&mut self, path: &Path) -> usize {
        self.load_certs(path) + self.load_crls(path)
    }

    /// The PEM certificates of a file.
    fn load_certs(&mut self, path: &Path) -> usize {
        let Ok(iter) = CertificateDer::pem_file_iter(path) else {
            return 0;
        };
        iter.filter_map(Result::ok)
            .filter(|c| self.add_der(c.clone()))
            .count()
    }

    /// The PEM CRLs of a file.
    fn load_crls(&mut self, path: &Path) -> usize {
        let Ok(iter) = CertificateRevocationListDer::pem_file_iter(path) else {
            return 0;
        };
        iter.filter_map(Result::ok)
            .filter(|c| self.add_crl_der(c))
            .count()
    }

    /// The CApath half. OpenSSL looks certificates up lazily by hashed name
    /// (`<subject hash>.<n>`, as `c_rehash`/`openssl rehash` name them),
    /// and CRLs by issuer hash (`<hash>.r<n>`); loading every file so
    /// named up front trusts the same set, and a file named otherwise is
    /// not read, as by OpenSSL. A missing directory is not an error, as in
    /// OpenSSL.
    pub fn load_dir(&mut self, dir: &Path) -> usize {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return 0;
        };
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| Some((hashed_name(e.file_name().to_str()?)?, e.path())))
            .collect();
        paths.sort_by(|a, b| a.1.cmp(&b.1));
        paths
            .iter()
            .filter(|(_, p)| p.is_file())
            .map(|(kind, p)| match kind {
                Hashed::Cert => self.load_certs(p),
                Hashed::Crl => self.load_crls(p),
            })
            .sum()
    }

    /// `SSL_CTX_set_default_verify_file`: the certificates of
    /// `SSL_CERT_FILE` or OpenSSL's default file; how many were added (a
    /// missing file adds none and is no error, as in OpenSSL).
    pub fn load_default_file(&mut self) -> usize {
        self.load_file(Path::new(&default_cert_file()))
    }

    /// `SSL_CTX_set_default_verify_dir`: every directory of `SSL_CERT_DIR`
    /// (colon-separated, as OpenSSL's hashed-directory lookup splits it) or
    /// OpenSSL's default one.
    pub fn load_default_dirs(&mut self) -> usize {
        default_cert_dirs()
            .split(':')
            .filter(|d| !d.is_empty())
            .map(|d| self.load_dir(Path::new(d)))
            .sum()
    }

    /// `SSL_CTX_set_default_verify_store`: OpenSSL 3.0 takes the default
    /// directory (`SSL_CERT_DIR` whole, not split, or the compiled-in one)
    /// as the store URI.
    pub fn load_default_store(&mut self) -> usize {
        self.load_store(&default_cert_dirs()).unwrap_or(0)
    }

    /// `SSL_CTX_load_verify_store`: the certificates of a `file:` URI or a
    /// plain path, a file or a directory (`store_uri`); `Err(errno)` when
    /// it cannot be opened. One that opens but holds no certificate is
    /// accepted, as by OpenSSL's store loader.
    pub fn load_store(&mut self, uri: &str) -> Result<usize, i32> {
        let path = store_uri::resolve(uri)?;
        Ok(if path.is_dir() {
            self.load_dir(&path)
        } else {
            self.load_file(&path)
        })
    }

    /// `SSL_CTX_set_default_verify_paths`: the default file and
    /// directories; when the system has no roots at all, the embedded
    /// webpki-roots.
    pub fn load_default_paths(&mut self) {
        let found = self.load_default_file() + self.load_default_dirs();
        if found == 0 && self.anchors.is_empty() {
            self.add_embedded();
        }
    }

    /// The embedded webpki-roots, for a system without roots.
    pub fn add_embedded(&mut self) {
        log::info!("no system trust store found; using the embedded webpki-roots");
        self.anchors
            .extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    }

    /// Adds the certificates and CRLs of `other` (not its embedded roots,
    /// which carry no certificate).
    pub fn add_all(&mut self, other: &RootStore) {
        for der in &other.seen {
            self.add_der(der.clone());
        }
        for crl in &other.crls {
            self.add_crl_der(&crl.der);
        }
    }
}

/// What a file of a hashed directory holds, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Hashed {
    Cert,
    Crl,
}

/// A name in a hashed directory: eight lowercase hex digits of the
/// subject (or CRL issuer) hash, a dot, a sequence number; `r` before
/// the number marks a CRL.
pub(super) fn hashed_name(name: &str) -> Option<Hashed> {
    let (hash, seq) = name.split_once('.')?;
    let (kind, seq) = match seq.strip_prefix('r') {
        Some(n) => (Hashed::Crl, n),
        None => (Hashed::Cert, seq),
    };
    let ok = hash.len() == 8
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && !seq.is_empty()
        && seq.bytes().all(|b| b.is_ascii_digit());
    ok.then_some(kind)
}

/// `SSL_CERT_FILE`, else OpenSSL's compiled-in default file.
pub(super) fn default_cert_file() -> String {
    std::env::var("SSL_CERT_FILE").unwrap_or_else(|_| DEFAULT_CERT_FILE.into())
}

/// `SSL_CERT_DIR` as set (possibly several, colon-separated), else
/// OpenSSL's compiled-in default directory.
pub(super) fn default_cert_dirs() -> String {
    std::env::var("SSL_CERT_DIR").unwrap_or_else(|_| DEFAULT_CERT_DIR.into())
}

#[cfg(test)]
mod tests {
    use super::{Hashed, hashed_name};

    #[test]
    fn hashed_names_only() {
        for ok in ["a3f56410.0", "0123abcd.12"] {
            assert_eq!(hashed_name(ok), Some(Hashed::Cert), "{ok}");
        }
        for crl in ["a3f56410.r0", "0123abcd.r12"] {
            assert_eq!(hashed_name(crl), Some(Hashed::Crl), "{crl}");
        }
        for bad in [
            "ca.pem",
            "a3f56410",
            "a3f56410.",
            "a3f56410.r",
            "a3f56410.R0",
            "a3f56410.rr0",
            "A3F56410.0",
            "a3f5641.0",
            "a3f56410.0.pem",
        ] {
            assert_eq!(hashed_name(bad), None, "{bad}");
        }
    }
}
