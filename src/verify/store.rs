//! `X509_STORE` in the standalone flavour (the drop-in's is libcrypto's,
//! `ffi::libcrypto::store`): the context's trust store itself, which
//! `SSL_CTX_get_cert_store` hands out and every verification of the
//! context's connections reads, so a certificate or CRL the program adds
//! counts from the next verification on, as in OpenSSL.
//!
//! It holds what OpenSSL's holds as objects (`X509_STORE_get0_objects`):
//! the certificates and CRLs added one by one or read from a file. A CApath
//! directory is searched by OpenSSL only while verifying, each certificate
//! or CRL it finds joining the objects; ours reads the directory's anchors
//! when it is added (`lazy`: the existing limitation of CApath) and, after
//! a verification, makes OpenSSL's lookups so that the same files join the
//! objects (`looked_up`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use pki_types::pem::PemObject;
use pki_types::{CertificateDer, CertificateRevocationListDer};

use super::param::X509VerifyParam;
use super::roots::{Hashed, default_cert_dirs, default_cert_file, hashed_name};
use super::{RootSource, RootStore};
use crate::stack::OpensslStack;
use crate::x509::{X509, X509Crl, X509Name};

/// What one object of a store is (`X509_OBJECT_get_type`).
#[derive(Clone, Debug)]
pub enum StoreItem {
    Cert(Arc<X509>),
    Crl(Arc<X509Crl>),
}

impl StoreItem {
    fn der(&self) -> &[u8] {
        match self {
            StoreItem::Cert(x) => x.der(),
            StoreItem::Crl(c) => c.der(),
        }
    }
}

/// `X509_OBJECT`: one certificate or CRL of a store, living as long as
/// the store (OpenSSL's store never drops an object).
#[repr(C)]
#[derive(Debug)]
pub struct X509Object {
    magic: u64,
    pub item: StoreItem,
}

impl X509Object {
    pub const MAGIC: u64 = 0x5353_4c53_584f_424a; // "SSLSXOBJ"

    pub fn magic(&self) -> u64 {
        self.magic
    }
}

/// Store changes and context store replacements, numbered in one
/// sequence so a context's `RootSource::version` only grows.
static CHANGES: AtomicU64 = AtomicU64::new(0);

fn next_change() -> u64 {
    CHANGES.fetch_add(1, Ordering::Relaxed) + 1
}

#[repr(C)]
pub struct X509Store {
    magic: u64,
    state: Mutex<State>,
    /// The number of the last change (`CHANGES`).
    version: AtomicU64,
    /// `X509_STORE_set_flags`: verification adds them to the connection's.
    pub param: X509VerifyParam,
    /// `X509_STORE_get0_objects`' stack, the same one each time.
    objects_stack: Arc<OpensslStack>,
}

impl std::fmt::Debug for X509Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("X509Store")
            .field("state", &*self.lock())
            .field("version", &self.version())
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Default)]
struct State {
    objects: Vec<Arc<X509Object>>,
    /// CApath directories, in the order added (`X509_LOOKUP_hash_dir`).
    dirs: Vec<PathBuf>,
    /// Anchors OpenSSL would look up while verifying (CApath directories,
    /// store URIs) and the embedded roots; not objects.
    lazy: RootStore,
    /// The anchors made of `lazy` and the objects, until the next change.
    compiled: Option<Arc<RootStore>>,
}

impl X509Store {
    pub const MAGIC: u64 = 0x5353_4c53_5853_5452; // "SSLSXSTR"

    pub fn new() -> Arc<X509Store> {
        Arc::new(X509Store {
            magic: Self::MAGIC,
            state: Mutex::new(State::default()),
            version: AtomicU64::new(next_change()),
            param: X509VerifyParam::new(0),
            objects_stack: OpensslStack::new(Vec::new(), None),
        })
    }

    pub fn magic(&self) -> u64 {
        self.magic
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn changed(&self, st: &mut State) {
        st.compiled = None;
        self.version.store(next_change(), Ordering::Relaxed);
    }

    /// The number of the last change.
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::Relaxed)
    }

    /// Adds an object unless an identical one is there (OpenSSL 3.0
    /// accepts the duplicate silently); true either way.
    fn add(&self, item: StoreItem) -> bool {
        let mut st = self.lock();
        let same_kind = |o: &Arc<X509Object>| {
            matches!(
                (&o.item, &item),
                (StoreItem::Cert(_), StoreItem::Cert(_)) | (StoreItem::Crl(_), StoreItem::Crl(_))
            )
        };
        if st
            .objects
            .iter()
            .any(|o| same_kind(o) && o.item.der() == item.der())
        {
            return true;
        }
        st.objects.push(Arc::new(X509Object {
            magic: X509Object::MAGIC,
            item,
        }));
        // A stack the program got earlier shows the new object too, as
        // OpenSSL's (the store's own) does.
        let mut items = self.objects_stack.lock();
        items.items = st.objects.iter().map(|o| Arc::as_ptr(o) as usize).collect();
        items.sorted = false;
        drop(items);
        self.changed(&mut st);
        true
    }

    /// `X509_STORE_add_cert`.
    pub fn add_cert(&self, x: Arc<X509>) -> bool {
        self.add(StoreItem::Cert(x))
    }

    /// `X509_STORE_add_crl`.
    pub fn add_crl(&self, crl: Arc<X509Crl>) -> bool {
        self.add(StoreItem::Crl(crl))
    }

    /// `X509_load_cert_crl_file` into the store: every PEM certificate and
    /// CRL of the file becomes an object; how many were read (0 is
    /// OpenSSL's failure).
    pub fn load_file(&self, path: &Path) -> usize {
        self.load_cert_file(path) + self.load_crl_file(path)
    }

    /// `X509_load_cert_file` (PEM): the file's certificates, how many.
    pub fn load_cert_file(&self, path: &Path) -> usize {
        CertificateDer::pem_file_iter(path)
            .map(|it| {
                it.filter_map(Result::ok)
                    .filter_map(|c| X509::from_der(c.to_vec()))
                    .filter(|x| self.add_cert(x.clone()))
                    .count()
            })
            .unwrap_or(0)
    }

    /// `X509_load_crl_file` (PEM): the file's CRLs, how many.
    pub fn load_crl_file(&self, path: &Path) -> usize {
        CertificateRevocationListDer::pem_file_iter(path)
            .map(|it| {
                it.filter_map(Result::ok)
                    .filter_map(|c| X509Crl::from_der(c.to_vec()))
                    .filter(|c| self.add_crl(c.clone()))
                    .count()
            })
            .unwrap_or(0)
    }

    /// `X509_STORE_load_path`: a CApath directory (each once).
    pub fn add_dir(&self, dir: &Path) -> usize {
        let mut st = self.lock();
        if !st.dirs.iter().any(|d| d == dir) {
            st.dirs.push(dir.to_path_buf());
        }
        let n = st.lazy.load_dir(dir);
        self.changed(&mut st);
        n
    }

    /// The default file (`SSL_CERT_FILE` or OpenSSL's): its objects.
    pub fn load_default_file(&self) -> usize {
        self.load_file(Path::new(&default_cert_file()))
    }

    /// The default directories (`SSL_CERT_DIR`, colon-separated, or
    /// OpenSSL's).
    pub fn load_default_dirs(&self) -> usize {
        default_cert_dirs()
            .split(':')
            .filter(|d| !d.is_empty())
            .map(|d| self.add_dir(Path::new(d)))
            .sum()
    }

    /// `X509_STORE_set_default_paths`: the default file and directories;
    /// the embedded roots when the system has none at all.
    pub fn load_default_paths(&self) {
        let found = self.load_default_file() + self.load_default_dirs();
        if found == 0 && self.anchors().is_empty() {
            let mut st = self.lock();
            st.lazy.add_embedded();
            self.changed(&mut st);
        }
    }

    /// A store URI (`SSL_CTX_load_verify_store`), searched by OpenSSL while
    /// verifying: `Err(errno)` when it cannot be opened.
    pub fn load_store(&self, uri: &str) -> Result<usize, i32> {
        let mut st = self.lock();
        let n = st.lazy.load_store(uri)?;
        self.changed(&mut st);
        Ok(n)
    }

    /// The default directory as a store URI.
    pub fn load_default_store(&self) -> usize {
        let mut st = self.lock();
        let n = st.lazy.load_default_store();
        self.changed(&mut st);
        n
    }

    /// The objects, in the order added.
    pub fn objects(&self) -> Vec<Arc<X509Object>> {
        self.lock().objects.clone()
    }

    /// The store's stack of its objects, kept up to date (get0: the same
    /// stack each time, as OpenSSL's `X509_STORE_get0_objects`).
    pub fn objects_stack(&self) -> &Arc<OpensslStack> {
        &self.objects_stack
    }

    /// The anchors and CRLs verification uses now.
    pub fn anchors(&self) -> Arc<RootStore> {
        let mut st = self.lock();
        if let Some(c) = &st.compiled {
            return c.clone();
        }
        let mut all = st.lazy.clone();
        for o in &st.objects {
            match &o.item {
                StoreItem::Cert(x) => {
                    all.add_der(CertificateDer::from(x.der().to_vec()));
                }
                StoreItem::Crl(c) => {
                    all.add_crl_der(c.der());
                }
            }
        }
        let all = Arc::new(all);
        st.compiled = Some(all.clone());
        all
    }

    fn has(&self, kind: Hashed, name: &X509Name) -> bool {
        self.lock().objects.iter().any(|o| match (&o.item, kind) {
            (StoreItem::Cert(x), Hashed::Cert) => x.subject().cmp_canonical(name).is_eq(),
            (StoreItem::Crl(c), Hashed::Crl) => c.issuer().cmp_canonical(name).is_eq(),
            _ => false,
        })
    }

    /// After a verification: the lookups OpenSSL's made in this store for
    /// `chain` (leaf first), each certificate's issuer and, for the first
    /// `crls_for`, its issuer's CRLs. An issuer certificate the objects
    /// already hold is not looked up; CRLs always are. A CApath lookup
    /// loads `<hash>.<n>` (`<hash>.r<n>` for CRLs) from n = 0 until a file
    /// is missing, in each directory until one yields the name, and what
    /// it loads joins the objects, as OpenSSL's `by_dir` does.
    pub fn looked_up(&self, chain: &[CertificateDer<'_>], crls_for: usize) {
        let dirs = self.lock().dirs.clone();
        if dirs.is_empty() {
            return;
        }
        for (i, der) in chain.iter().enumerate() {
            let Some(x) = X509::from_der(der.to_vec()) else {
                continue;
            };
            if !self.has(Hashed::Cert, x.issuer()) {
                self.look_up_dirs(&dirs, Hashed::Cert, x.issuer());
            }
            if i < crls_for {
                self.look_up_dirs(&dirs, Hashed::Crl, x.issuer());
            }
        }
    }

    fn look_up_dirs(&self, dirs: &[PathBuf], kind: Hashed, name: &X509Name) {
        for dir in dirs {
            let Some(hash) = hash_in(dir, kind, name) else {
                continue;
            };
            let prefix = if kind == Hashed::Crl { "r" } else { "" };
            for n in 0.. {
                let file = dir.join(format!("{hash}.{prefix}{n}"));
                if !file.is_file() || self.load_file(&file) == 0 {
                    break;
                }
            }
            if self.has(kind, name) {
                return;
            }
        }
    }
}

/// The hash part of the names of `dir`'s files of `kind` that hold an
/// object named `name` (a certificate's subject, a CRL's issuer): what
/// OpenSSL's `X509_NAME_hash` of the name gives, read from the files
/// `c_rehash` named after it.
fn hash_in(dir: &Path, kind: Hashed, name: &X509Name) -> Option<String> {
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let file = e.file_name().to_str()?.to_string();
            (hashed_name(&file)? == kind).then(|| (file, e.path()))
        })
        .collect();
    files.sort();
    files.into_iter().find_map(|(file, path)| {
        let named = match kind {
            Hashed::Cert => CertificateDer::pem_file_iter(&path)
                .ok()?
                .filter_map(Result::ok)
                .filter_map(|c| X509::from_der(c.to_vec()))
                .any(|x| x.subject().cmp_canonical(name).is_eq()),
            Hashed::Crl => CertificateRevocationListDer::pem_file_iter(&path)
                .ok()?
                .filter_map(Result::ok)
                .filter_map(|c| X509Crl::from_der(c.to_vec()))
                .any(|c| c.issuer().cmp_canonical(name).is_eq()),
        };
        named.then(|| file.split_once('.').map(|(h, _)| h.to_string()))?
    })
}

/// A context's store (`SSL_CTX_get_cert_store`), which
/// `SSL_CTX_set_cert_store` replaces, and the root source reading it
/// whenever a peer is verified.
#[derive(Debug)]
pub struct StoreCell {
    store: Mutex<Option<Arc<X509Store>>>,
    /// The number of the last replacement (`CHANGES`).
    replaced: AtomicU64,
}

impl StoreCell {
    /// A cell holding a new empty store, as `SSL_CTX_new` makes one.
    pub fn new() -> Arc<StoreCell> {
        Arc::new(StoreCell {
            store: Mutex::new(Some(X509Store::new())),
            replaced: AtomicU64::new(next_change()),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Option<Arc<X509Store>>> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The store (None after `SSL_CTX_set_cert_store(ctx, NULL)`).
    pub fn get(&self) -> Option<Arc<X509Store>> {
        self.lock().clone()
    }

    /// Replaces the store, handing back the old one.
    pub fn set(&self, store: Option<Arc<X509Store>>) -> Option<Arc<X509Store>> {
        let old = std::mem::replace(&mut *self.lock(), store);
        self.replaced.store(next_change(), Ordering::Relaxed);
        old
    }
}

impl RootSource for StoreCell {
    /// The store's anchors (`own`, the context's settings, stays empty in
    /// the standalone flavour, whose loads all go to the store).
    fn current(&self, own: &Arc<RootStore>) -> Arc<RootStore> {
        let Some(store) = self.get() else {
            return own.clone();
        };
        let anchors = store.anchors();
        if own.is_empty() {
            return anchors;
        }
        let mut all = (**own).clone();
        all.add_all(&anchors);
        Arc::new(all)
    }

    fn looked_up(&self, chain: &[CertificateDer<'_>], crls_for: usize) {
        if let Some(store) = self.get() {
            store.looked_up(chain, crls_for);
        }
    }

    fn version(&self) -> u64 {
        let store = self.get().map_or(0, |s| s.version());
        self.replaced.load(Ordering::Relaxed).max(store)
    }
}

/// `SSL_CTX_set1_verify_cert_store`/`SSL_set1_verify_cert_store` (and
/// set0): a store that replaces the trust store for verifying the peer,
/// as OpenSSL's `cert->verify_store`; automatic chains still come from
/// the store it replaced (`replaced`).
#[derive(Debug)]
pub struct VerifyStore {
    store: Arc<X509Store>,
    base: Arc<dyn RootSource>,
}

impl VerifyStore {
    /// The root source after `store` is set over `current` (an earlier
    /// verify store is replaced, not stacked).
    pub fn over(current: Arc<dyn RootSource>, store: Arc<X509Store>) -> Arc<dyn RootSource> {
        let base = current.replaced().unwrap_or(current);
        Arc::new(VerifyStore { store, base })
    }
}

impl RootSource for VerifyStore {
    fn current(&self, _own: &Arc<RootStore>) -> Arc<RootStore> {
        self.store.anchors()
    }
    fn replaced(&self) -> Option<Arc<dyn RootSource>> {
        Some(self.base.clone())
    }
    fn looked_up(&self, chain: &[CertificateDer<'_>], crls_for: usize) {
        self.store.looked_up(chain, crls_for);
    }
    fn version(&self) -> u64 {
        self.store.version().max(self.base.version())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cert(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/certs")
            .join(name)
    }

    fn counts(s: &X509Store) -> (usize, usize) {
        let objs = s.objects();
        let certs = objs
            .iter()
            .filter(|o| matches!(o.item, StoreItem::Cert(_)))
            .count();
        (certs, objs.len() - certs)
    }

    #[test]
    fn objects_of_files_and_duplicates() {
        let s = X509Store::new();
        let v0 = s.version();
        assert_eq!(s.load_file(&cert("ca.pem")), 1);
        assert!(s.version() > v0);
        assert_eq!(
            s.load_file(&cert("ca.pem")),
            1,
            "a duplicate is read, not added"
        );
        assert_eq!(s.load_file(&cert("intermediate.crl.pem")), 1);
        assert_eq!(counts(&s), (1, 1));
        assert_eq!(s.anchors().anchors().len(), 1);
        assert_eq!(s.anchors().crls().len(), 1);
        assert_eq!(s.objects_stack().len(), 2);
    }

    #[test]
    fn capath_lookups_join_the_objects() {
        let s = X509Store::new();
        s.add_dir(&cert("crldir"));
        assert_eq!(counts(&s), (0, 0), "a directory is searched, not read in");
        assert_eq!(s.anchors().anchors().len(), 1);
        let chain: Vec<CertificateDer<'static>> =
            CertificateDer::pem_file_iter(cert("server-chain.pem"))
                .expect("fixture")
                .filter_map(Result::ok)
                .collect();
        let root = CertificateDer::from_pem_file(cert("ca.pem")).expect("fixture");
        let mut full = chain.clone();
        full.push(root);
        s.looked_up(&full, 0);
        assert_eq!(counts(&s), (1, 0), "the root, found by its hash");
        s.looked_up(&full, 1);
        assert_eq!(counts(&s), (1, 1), "the intermediate's CRL");
    }

    #[test]
    fn cell_version_moves_with_the_store() {
        let cell = StoreCell::new();
        let v0 = cell.version();
        let store = cell.get().expect("a store");
        store.load_file(&cert("ca.pem"));
        let v1 = cell.version();
        assert!(v1 > v0);
        cell.set(Some(X509Store::new()));
        assert!(cell.version() > v1);
        let none = Arc::new(RootStore::default());
        assert!(cell.current(&none).is_empty());
    }
}
