//! The context's `X509_STORE` in the drop-in flavour: a genuine libcrypto
//! store the program may fill itself (`X509_STORE_load_file`, as curl does
//! with `SSL_CTX_get_cert_store`, even after its first `SSL_connect` call),
//! whose certificates are trust anchors at every verification, as with
//! OpenSSL, which reads the context's store when it verifies.
//!
//! Every context gets a `StoreCell` at `SSL_CTX_new` (`attach`), shared by
//! the context (which hands the store out) and its `RootSource` (which
//! reads it when a peer is verified); the store itself is made on first use.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::ffi::{CStr, CString};
use std::os::raw::{c_int, c_long, c_uchar, c_ulong, c_void};
use std::path::Path;
use std::ptr::{self, NonNull};
use std::sync::{Arc, Mutex, MutexGuard};

use pki_types::CertificateDer;

use super::sys;
use crate::ctx::SslCtx;
use crate::ffi::handle;
use crate::ffi::objects::DefaultLocation;
use crate::verify::{RootSource, RootStore};

/// One reference to a libcrypto X509_STORE, released on drop.
#[derive(Debug)]
struct ForeignStore(NonNull<c_void>);

// SAFETY: libcrypto's X509_STORE has its own lock and atomic refcount.
unsafe impl Send for ForeignStore {}
// SAFETY: as above.
unsafe impl Sync for ForeignStore {}

impl Drop for ForeignStore {
    fn drop(&mut self) {
        // SAFETY: we own one reference to this live store.
        unsafe { sys::X509_STORE_free(self.0.as_ptr()) };
    }
}

/// The context's store, if it has one yet.
#[derive(Debug, Default)]
struct StoreCell(Mutex<Option<Arc<ForeignStore>>>);

impl StoreCell {
    fn lock(&self) -> MutexGuard<'_, Option<Arc<ForeignStore>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

const STORE: &str = "cert_store";

/// Gives a new context its store cell and the root source reading it.
pub fn attach(c: &SslCtx) {
    let cell = Arc::new(StoreCell::default());
    c.keep.put(STORE, 0, cell.clone());
    c.update(|s| {
        s.root_source = Arc::new(StoreRoots {
            cell,
            last: Mutex::new(None),
        })
    });
}

fn cell_of(c: &SslCtx) -> Option<Arc<StoreCell>> {
    c.keep.any(STORE)?.1.downcast::<StoreCell>().ok()
}

/// The context's store, created on first use (NULL if it has none).
fn store_ptr(c: &SslCtx) -> *mut c_void {
    let Some(cell) = cell_of(c) else {
        return ptr::null_mut();
    };
    let mut slot = cell.lock();
    if let Some(s) = slot.as_ref() {
        return s.0.as_ptr();
    }
    // SAFETY: no arguments; a new store or NULL (with libcrypto's error).
    let Some(p) = NonNull::new(unsafe { sys::X509_STORE_new() }) else {
        return ptr::null_mut();
    };
    *slot = Some(Arc::new(ForeignStore(p)));
    p.as_ptr()
}

/// The `X509_V_FLAG_*` set on the context's store (`X509_STORE_set_flags`,
/// Python's `verify_flags`): OpenSSL's verification inherits them. A
/// context without a store yet has none.
pub fn flags(c: &SslCtx) -> c_ulong {
    // SAFETY: `p` is the store's live parameter object (`with_param`).
    with_param(c, |p| unsafe { sys::X509_VERIFY_PARAM_get_flags(p) }).unwrap_or(0)
}

/// `f` on the context's store's own parameters (`X509_STORE_get0_param`,
/// `X509_STORE_set1_param`'s), which OpenSSL's verification starts from;
/// `None` without a store yet. The pointer is live during `f` only.
pub fn with_param<R>(c: &SslCtx, f: impl FnOnce(*mut c_void) -> R) -> Option<R> {
    let cell = cell_of(c)?;
    let slot = cell.lock();
    let store = slot.as_ref()?;
    // SAFETY: the store is live while we hold its reference; its param is
    // its own (get0).
    let p = unsafe { sys::X509_STORE_get0_param(store.0.as_ptr()) };
    (!p.is_null()).then(|| f(p))
}

/// get0: the context's store, created on first use.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_cert_store(ctx: *const SslCtx) -> *mut c_void {
    handle::with(FUNC, ctx, FAIL, store_ptr)
}

/// `SSL_CTX_load_verify_locations` (and `_file`, `_dir`) as OpenSSL 3
/// does it: `X509_STORE_load_file`/`X509_STORE_load_path` on the context's
/// store, whose errors are libcrypto's. A program inspecting the store
/// afterwards sees the file's certificates, and verification reads them
/// from there (`StoreRoots`). OpenSSL looks a directory's certificates up
/// by hashed name while verifying; ours reads only the store's objects, so
/// they also become the context's own anchors (the merge skips any
/// certificate both hold).
pub fn load_locations(c: &SslCtx, file: Option<&str>, dir: Option<&str>) -> bool {
    let store = store_ptr(c);
    if store.is_null() {
        return false;
    }
    if let Some(f) = file {
        let Ok(f) = CString::new(f) else { return false };
        // SAFETY: a live store and a NUL-terminated path.
        if unsafe { sys::X509_STORE_load_file(store, f.as_ptr()) } != 1 {
            return false;
        }
    }
    if let Some(d) = dir {
        let Ok(cd) = CString::new(d) else {
            return false;
        };
        // SAFETY: as above.
        if unsafe { sys::X509_STORE_load_path(store, cd.as_ptr()) } != 1 {
            return false;
        }
        c.update(|s| Arc::make_mut(&mut s.roots).load_dir(Path::new(d)));
    }
    true
}

/// `SSL_CTX_set_default_verify_paths`: `X509_STORE_set_default_paths` on
/// the context's store (the default file's certificates become its
/// objects), and, for the default directories OpenSSL searches lazily
/// (and the embedded roots when the system has none), the context's own
/// anchors as in the standalone flavour.
pub fn load_default_paths(c: &SslCtx) -> bool {
    let store = store_ptr(c);
    if store.is_null() {
        return false;
    }
    // SAFETY: a live store.
    let ok = unsafe { sys::X509_STORE_set_default_paths(store) } == 1;
    c.update(|s| Arc::make_mut(&mut s.roots).load_default_paths());
    ok
}

/// `SSL_CTX_set_default_verify_file`/`_dir`/`_store` as OpenSSL's
/// ssl/ssl_lib.c: a lookup of that kind on the context's store, told to
/// use its default (libcrypto reads `SSL_CERT_FILE`/`SSL_CERT_DIR`), with
/// any error of a missing default dropped (`ERR_set_mark`/`pop_to_mark`);
/// 1 unless the lookup cannot be added. The default file's certificates
/// become store objects (`StoreRoots` reads them); the directory OpenSSL
/// searches lazily also becomes the context's own anchors, as for
/// `load_locations`.
pub fn default_location(c: &SslCtx, which: DefaultLocation) -> bool {
    let store = store_ptr(c);
    if store.is_null() {
        return false;
    }
    let (method, cmd, argl): (unsafe extern "C" fn() -> *mut c_void, _, _) = match which {
        DefaultLocation::File => (
            sys::X509_LOOKUP_file,
            sys::X509_L_FILE_LOAD,
            sys::X509_FILETYPE_DEFAULT,
        ),
        DefaultLocation::Dir => (
            sys::X509_LOOKUP_hash_dir,
            sys::X509_L_ADD_DIR,
            sys::X509_FILETYPE_DEFAULT,
        ),
        DefaultLocation::Store => (sys::X509_LOOKUP_store, sys::X509_L_ADD_STORE, 0),
    };
    // SAFETY: a live store; the lookup (NULL on failure) belongs to it; a
    // NULL name asks the lookup for its default; the mark brackets only
    // the errors queued here.
    unsafe {
        let lookup = sys::X509_STORE_add_lookup(store, method());
        if lookup.is_null() {
            return false;
        }
        sys::ERR_set_mark();
        sys::X509_LOOKUP_ctrl(lookup, cmd, ptr::null(), argl, ptr::null_mut());
        sys::ERR_pop_to_mark();
    }
    c.update(|s| {
        let roots = Arc::make_mut(&mut s.roots);
        match which {
            DefaultLocation::File => 0,
            DefaultLocation::Dir => roots.load_default_dirs(),
            DefaultLocation::Store => roots.load_default_store(),
        }
    });
    true
}

/// `SSL_CTX_load_verify_store`: `X509_STORE_load_store` on the context's
/// store (its answer and errors are libcrypto's). libcrypto 3.0 only
/// records the URI there and looks certificates up in it while
/// verifying, so what it names also becomes the context's own anchors.
pub fn load_store(c: &SslCtx, uri: &CStr) -> bool {
    let store = store_ptr(c);
    if store.is_null() {
        return false;
    }
    // SAFETY: a live store and a NUL-terminated URI.
    let ok = unsafe { sys::X509_STORE_load_store(store, uri.as_ptr()) } == 1;
    if ok && let Ok(u) = uri.to_str() {
        c.update(|s| {
            let _ = Arc::make_mut(&mut s.roots).load_store(u);
        });
    }
    ok
}

/// set0: takes over the caller's reference (NULL leaves the context
/// without a store, as OpenSSL).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_cert_store(ctx: *mut SslCtx, store: *mut c_void) {
    handle::with(FUNC, ctx, FAIL, |c| {
        let new = NonNull::new(store).map(|p| Arc::new(ForeignStore(p)));
        if let Some(cell) = cell_of(c) {
            let old = std::mem::replace(&mut *cell.lock(), new);
            drop(old);
        }
    })
}

/// set1: as set0, with a new reference.
// `store` is the program's X509_STORE*, live by the function's contract.
#[allow(clippy::not_unsafe_ptr_arg_deref)]
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set1_cert_store(ctx: *mut SslCtx, store: *mut c_void) {
    if !store.is_null() && handle::borrow(ctx).is_some() {
        // SAFETY: a non-NULL X509_STORE* from the program is live.
        unsafe { sys::X509_STORE_up_ref(store) };
    }
    SSL_CTX_set_cert_store(ctx, store)
}

/// DER of every certificate and CRL in a store, in its order.
#[derive(Debug, Default, PartialEq, Eq)]
struct StoreObjects {
    certs: Vec<Vec<u8>>,
    crls: Vec<Vec<u8>>,
}

impl StoreObjects {
    fn is_empty(&self) -> bool {
        self.certs.is_empty() && self.crls.is_empty()
    }

    /// Adds them to `roots`.
    fn add_to(&self, roots: &mut RootStore) {
        for der in &self.certs {
            roots.add_der(CertificateDer::from(der.clone()));
        }
        for der in &self.crls {
            roots.add_crl_der(der);
        }
    }
}

/// DER of one object by its `i2d_` function (the length first, then
/// exactly that many bytes).
///
/// # Safety
/// `obj` is a live object of the type `i2d` encodes.
unsafe fn der_of(
    obj: *mut c_void,
    i2d: unsafe extern "C" fn(*const c_void, *mut *mut c_uchar) -> c_int,
) -> Option<Vec<u8>> {
    // SAFETY: the caller's promise; a NULL output asks only the length.
    let len = unsafe { i2d(obj, ptr::null_mut()) };
    let mut der = vec![0u8; usize::try_from(len).ok()?];
    let mut p = der.as_mut_ptr();
    // SAFETY: the buffer holds the `len` bytes i2d writes.
    (unsafe { i2d(obj, &mut p) } == len).then_some(der)
}

/// The store's certificates and CRLs (`X509_STORE_add_crl`, a CA file's
/// CRLs, what a CApath lookup loaded).
fn store_objects(store: &ForeignStore) -> StoreObjects {
    let mut out = StoreObjects::default();
    // SAFETY: `store` is a live X509_STORE; get0_objects returns its own
    // stack (valid while we do not modify the store), each element an
    // X509_OBJECT whose get0 object matches its type.
    unsafe {
        let objs = sys::X509_STORE_get0_objects(store.0.as_ptr());
        if objs.is_null() {
            return out;
        }
        for i in 0..sys::OPENSSL_sk_num(objs) {
            let o = sys::OPENSSL_sk_value(objs, i);
            if o.is_null() {
                continue;
            }
            match sys::X509_OBJECT_get_type(o) {
                sys::X509_LU_X509 => {
                    let x = sys::X509_OBJECT_get0_X509(o);
                    out.certs.extend(der_of(x, sys::i2d_X509));
                }
                sys::X509_LU_CRL => {
                    let crl = sys::X509_OBJECT_get0_X509_CRL(o);
                    out.crls.extend(der_of(crl, sys::i2d_X509_CRL));
                }
                _ => {}
            }
        }
    }
    out
}

/// What OpenSSL's verification looks up in `store` for `chain` (leaf
/// first): each certificate's issuer (`X509_STORE_CTX_get1_issuer`, which
/// asks the store by the issuer's name) and, for the first `crls_for`, its
/// issuer's CRLs (`X509_STORE_CTX_get1_crls`). A hashed-directory lookup
/// adds what it finds to the store, as in OpenSSL's `X509_verify_cert`;
/// our verification has its anchors already (`RootStore::load_dir`).
/// Only the issuer's name is decoded: decoding each certificate with
/// `d2i_X509` (its public key through libcrypto's decoders) cost a client
/// more than its whole handshake otherwise did.
fn look_up(store: &ForeignStore, chain: &[CertificateDer<'_>], crls_for: usize) {
    // SAFETY: a live store; the store context, the names made from DER,
    // the lookup object and what the lookups return are ours and freed
    // here; the mark drops whatever the lookups queue (OpenSSL's
    // verification does not leave it either).
    unsafe {
        let sctx = sys::X509_STORE_CTX_new();
        if sctx.is_null() {
            return;
        }
        sys::ERR_set_mark();
        if sys::X509_STORE_CTX_init(sctx, store.0.as_ptr(), ptr::null_mut(), ptr::null_mut()) == 1 {
            for (i, der) in chain.iter().enumerate() {
                let Some((issuer, _)) = crate::x509::issuer_and_subject(der) else {
                    continue;
                };
                let mut p = issuer.as_ptr();
                let Ok(len) = c_long::try_from(issuer.len()) else {
                    continue;
                };
                let name = sys::d2i_X509_NAME(ptr::null_mut(), &mut p, len);
                if name.is_null() {
                    continue;
                }
                let obj = sys::X509_OBJECT_new();
                if !obj.is_null() {
                    sys::X509_STORE_CTX_get_by_subject(sctx, sys::X509_LU_X509, name, obj);
                    sys::X509_OBJECT_free(obj);
                }
                if i < crls_for {
                    let crls = sys::X509_STORE_CTX_get1_crls(sctx, name);
                    if !crls.is_null() {
                        sys::OPENSSL_sk_pop_free(crls, Some(sys::X509_CRL_free));
                    }
                }
                sys::X509_NAME_free(name);
            }
        }
        sys::ERR_pop_to_mark();
        sys::X509_STORE_CTX_free(sctx);
    }
}

/// The context's own anchors plus the certificates and CRLs in its
/// libcrypto store, read when a peer is verified. The merged set is kept
/// while neither side changes.
#[derive(Debug)]
struct StoreRoots {
    cell: Arc<StoreCell>,
    last: Mutex<Option<Merged>>,
}

#[derive(Debug)]
struct Merged {
    own: Arc<RootStore>,
    objects: StoreObjects,
    all: Arc<RootStore>,
}

impl RootSource for StoreRoots {
    fn current(&self, own: &Arc<RootStore>) -> Arc<RootStore> {
        let store = self.cell.lock().clone();
        let objects = store.as_deref().map(store_objects).unwrap_or_default();
        if objects.is_empty() {
            return own.clone();
        }
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(m) = last.as_ref()
            && Arc::ptr_eq(&m.own, own)
            && m.objects == objects
        {
            return m.all.clone();
        }
        log::debug!(
            "verifying with {} certificates and {} CRLs from the context's X509_STORE",
            objects.certs.len(),
            objects.crls.len()
        );
        let mut all = (**own).clone();
        objects.add_to(&mut all);
        let all = Arc::new(all);
        *last = Some(Merged {
            own: own.clone(),
            objects,
            all: all.clone(),
        });
        all
    }

    fn looked_up(&self, chain: &[CertificateDer<'_>], crls_for: usize) {
        let store = self.cell.lock().clone();
        if let Some(store) = store {
            look_up(&store, chain, crls_for);
        }
    }
}

/// `SSL_CTX_set1_verify_cert_store`/`SSL_set1_verify_cert_store` (and
/// set0): a store that replaces the context's for verifying the peer, as
/// OpenSSL's `s->cert->verify_store`; only its certificates are anchors.
#[derive(Debug)]
struct VerifyStoreRoots {
    store: ForeignStore,
    base: Arc<dyn RootSource>,
    last: Mutex<Option<Seen>>,
}

/// The store's objects last seen and the anchors made of them.
type Seen = (StoreObjects, Arc<RootStore>);

impl RootSource for VerifyStoreRoots {
    fn current(&self, _own: &Arc<RootStore>) -> Arc<RootStore> {
        let objects = store_objects(&self.store);
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seen, roots)) = last.as_ref()
            && *seen == objects
        {
            return roots.clone();
        }
        let mut roots = RootStore::default();
        objects.add_to(&mut roots);
        let roots = Arc::new(roots);
        *last = Some((objects, roots.clone()));
        roots
    }
    fn replaced(&self) -> Option<Arc<dyn RootSource>> {
        Some(self.base.clone())
    }
    fn looked_up(&self, chain: &[CertificateDer<'_>], crls_for: usize) {
        look_up(&self.store, chain, crls_for);
    }
}

/// The root source after `SSL_CTRL_SET_VERIFY_CERT_STORE` with `store`
/// (NULL: back to what the override replaced); `take` for set0 (the
/// program's reference is ours), else set1 (a new reference).
pub fn verify_store_source(
    current: Arc<dyn RootSource>,
    store: *mut c_void,
    take: bool,
) -> Arc<dyn RootSource> {
    let base = current.replaced().unwrap_or(current);
    let Some(p) = NonNull::new(store) else {
        return base;
    };
    if !take {
        // SAFETY: a live X509_STORE from the program (the ctrl's contract).
        unsafe { sys::X509_STORE_up_ref(p.as_ptr()) };
    }
    Arc::new(VerifyStoreRoots {
        store: ForeignStore(p),
        base,
        last: Mutex::new(None),
    })
}
