//! `X509_STORE` and `X509_OBJECT` in the standalone flavour (x509_vfy.h,
//! and ssl.h's `SSL_CTX_get_cert_store` family): our
//! `verify::store::X509Store`, the context's trust store itself. Every
//! context gets one at `SSL_CTX_new` (`attach`), in a `StoreCell` that is
//! also the context's root source, so verification reads whatever the
//! store holds then. `SSL_CTX_load_verify_locations` and the default paths
//! load into it (`load_verify_locations` and friends, through
//! `CObjects`). The drop-in flavour's store is libcrypto's
//! (`ffi::libcrypto::store`).

#![allow(non_snake_case)]

use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_ulong};
use std::path::Path;
use std::ptr;
use std::sync::Arc;

use super::handle::{self, Handle, c_str};
use super::objects::DefaultLocation;
use crate::abi::{ERR_LIB_X509, ERR_R_MALLOC_FAILURE, X509_R_INVALID_DIRECTORY};
use crate::ctx::{LoadError, SslCtx};
use crate::stack::OpensslStack;
use crate::verify::RootSource;
use crate::verify::store::{StoreCell, StoreItem, VerifyStore, X509Object, X509Store};
use crate::x509::{X509, X509Crl};
use sslshim_macros::entry;

// SAFETY: #[repr(C)], its first field the u64 magic set for its whole life.
unsafe impl Handle for X509Store {
    const MAGIC: u64 = X509Store::MAGIC;
    fn magic(&self) -> u64 {
        X509Store::magic(self)
    }
}

// SAFETY: as above.
unsafe impl Handle for X509Object {
    const MAGIC: u64 = X509Object::MAGIC;
    fn magic(&self) -> u64 {
        X509Object::magic(self)
    }
}

/// `STACK_OF(X509_OBJECT)` in prototypes.
pub type StackX509Object = OpensslStack;

/// `X509_LOOKUP_TYPE` (an enum in OpenSSL's header, and in ours).
pub type X509LookupType = c_int;
const X509_LU_NONE: X509LookupType = 0;
const X509_LU_X509: X509LookupType = 1;
const X509_LU_CRL: X509LookupType = 2;

const STORE: &str = "own_cert_store";

/// Gives a new context its store, which is also where its verification
/// takes the anchors from.
pub fn attach(c: &SslCtx) {
    let cell = StoreCell::new();
    c.keep.put(STORE, 0, cell.clone());
    c.update(|s| s.root_source = cell);
}

fn cell_of(c: &SslCtx) -> Option<Arc<StoreCell>> {
    c.keep.any(STORE)?.1.downcast::<StoreCell>().ok()
}

/// The context's store (None after `SSL_CTX_set_cert_store(ctx, NULL)`).
pub fn store_of(c: &SslCtx) -> Option<Arc<X509Store>> {
    cell_of(c)?.get()
}

/// The `X509_V_FLAG_*` set on the context's store: verification adds them
/// to the connection's, as OpenSSL's store context inherits them.
pub fn flags(c: &SslCtx) -> c_ulong {
    store_of(c).map_or(0, |s| s.param.flags())
}

/// `SSL_CTX_load_verify_locations` into the context's store: a file's
/// certificates and CRLs become objects; a directory is searched.
pub fn load_verify_locations(c: &SslCtx, file: Option<&str>, dir: Option<&str>) -> bool {
    let Some(store) = store_of(c) else {
        return false;
    };
    if let Some(f) = file
        && store.load_file(Path::new(f)) == 0
    {
        let e = match std::fs::metadata(f) {
            Err(e) => LoadError::Io(e.raw_os_error().unwrap_or(libc::EIO)),
            Ok(_) => LoadError::NoObject,
        };
        super::ctx::raise_load(e, "SSL_CTX_load_verify_locations");
        return false;
    }
    if let Some(d) = dir {
        store.add_dir(Path::new(d));
    }
    true
}

/// `SSL_CTX_set_default_verify_paths`.
pub fn default_verify_paths(c: &SslCtx) -> bool {
    store_of(c).is_some_and(|s| {
        s.load_default_paths();
        true
    })
}

/// `SSL_CTX_set_default_verify_file`/`_dir`/`_store`.
pub fn default_location(c: &SslCtx, which: DefaultLocation) -> bool {
    let Some(store) = store_of(c) else {
        return false;
    };
    let added = match which {
        DefaultLocation::File => store.load_default_file(),
        DefaultLocation::Dir => store.load_default_dirs(),
        DefaultLocation::Store => store.load_default_store(),
    };
    log::debug!("{which:?}: {added} trust anchors added");
    true
}

/// `SSL_CTX_load_verify_store`: `Err(errno)` when the URI cannot be
/// opened.
pub fn load_uri(c: &SslCtx, uri: &CStr) -> Result<bool, i32> {
    let Some(store) = store_of(c) else {
        return Ok(false);
    };
    let uri = uri.to_str().map_err(|_| libc::ENOENT)?;
    store.load_store(uri).map(|_| true)
}

/// The root source after `SSL_CTRL_SET_VERIFY_CERT_STORE` with `store`
/// (NULL: back to what an earlier verify store replaced); `take` for set0.
pub fn verify_store_source(
    current: Arc<dyn RootSource>,
    store: *mut X509Store,
    take: bool,
) -> Arc<dyn RootSource> {
    let store = if take {
        handle::adopt(store)
    } else {
        handle::clone_arc(store)
    };
    match store {
        Some(s) => VerifyStore::over(current, s),
        None => current.replaced().unwrap_or(current),
    }
}

/// get0: the context's store, the same one each time.
#[entry(standalone_only)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_cert_store(ctx: *const SslCtx) -> *mut X509Store {
    handle::with(FUNC, ctx, FAIL, |c| {
        store_of(c).map_or(ptr::null_mut(), |s| handle::as_ptr(&s))
    })
}

/// set0: the context takes the caller's reference; the old store is
/// released (NULL leaves the context without one, as OpenSSL).
#[entry(standalone_only)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_cert_store(ctx: *mut SslCtx, store: *mut X509Store) {
    handle::with(FUNC, ctx, FAIL, |c| {
        let new = handle::adopt(store);
        if let Some(cell) = cell_of(c) {
            drop(cell.set(new));
        }
    })
}

/// set1: as set0, with a new reference.
#[entry(standalone_only)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set1_cert_store(ctx: *mut SslCtx, store: *mut X509Store) {
    handle::with(FUNC, ctx, FAIL, |c| {
        let new = handle::clone_arc(store);
        if let Some(cell) = cell_of(c) {
            drop(cell.set(new));
        }
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_new() -> *mut X509Store {
    handle::into_raw(X509Store::new())
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_free(v: *mut X509Store) {
    if !v.is_null() {
        handle::release(v);
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_up_ref(v: *mut X509Store) -> c_int {
    c_int::from(handle::up_ref(v))
}

/// OpenSSL's answer for an object it cannot add (a NULL one).
fn add_failed(func: &'static str) -> c_int {
    crate::err::raise(ERR_LIB_X509, ERR_R_MALLOC_FAILURE, func, file!(), line!());
    0
}

/// A certificate already there is accepted silently, as by OpenSSL 3.0.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_add_cert(ctx: *mut X509Store, x: *mut X509) -> c_int {
    let Some(store) = handle::borrow(ctx) else {
        return 0;
    };
    match handle::clone_arc(x) {
        Some(x) => c_int::from(store.add_cert(x)),
        None => add_failed(FUNC),
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_add_crl(ctx: *mut X509Store, x: *mut X509Crl) -> c_int {
    let Some(store) = handle::borrow(ctx) else {
        return 0;
    };
    match handle::clone_arc(x) {
        Some(crl) => c_int::from(store.add_crl(crl)),
        None => add_failed(FUNC),
    }
}

#[entry(
    limitation = "X509_V_FLAG_PARTIAL_CHAIN and CRL_CHECK/CRL_CHECK_ALL change verification; other flags are kept, not applied"
)]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_set_flags(ctx: *mut X509Store, flags: c_ulong) -> c_int {
    handle::borrow(ctx).map_or(0, |s| {
        s.param.set_flags(flags);
        1
    })
}

/// Every PEM certificate and CRL of the file becomes an object; 0 (with
/// `X509_load_cert_crl_file`'s errors) when it cannot be read or holds
/// none, and for NULL (no error), as OpenSSL (which reads PEM here too).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_load_file(ctx: *mut X509Store, file: *const c_char) -> c_int {
    let (Some(store), Some(path)) = (handle::borrow(ctx), c_str(file)) else {
        return 0;
    };
    if store.load_file(Path::new(path)) > 0 {
        return 1;
    }
    super::conf::raise_file_unread(Path::new(path), FUNC);
    0
}

/// A CApath directory, searched while verifying; a missing one is no
/// error, an empty name is (X509_R_INVALID_DIRECTORY), as in OpenSSL.
#[entry(
    limitation = "the directory is read when added (OpenSSL searches it while verifying), so certificates added to it later are not trusted"
)]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_load_path(ctx: *mut X509Store, path: *const c_char) -> c_int {
    let (Some(store), Some(path)) = (handle::borrow(ctx), c_str(path)) else {
        return 0;
    };
    if path.is_empty() {
        crate::err::raise(
            ERR_LIB_X509,
            X509_R_INVALID_DIRECTORY,
            "by_dir_ctrl",
            file!(),
            line!(),
        );
        return 0;
    }
    store.add_dir(Path::new(path));
    1
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_load_locations(
    ctx: *mut X509Store,
    file: *const c_char,
    dir: *const c_char,
) -> c_int {
    if file.is_null() && dir.is_null() {
        return 0;
    }
    if !file.is_null() && X509_STORE_load_file(ctx, file) != 1 {
        return 0;
    }
    if !dir.is_null() && X509_STORE_load_path(ctx, dir) != 1 {
        return 0;
    }
    1
}

/// The default file's certificates and CRLs become objects; the default
/// directories are searched (a missing default is no error).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_set_default_paths(ctx: *mut X509Store) -> c_int {
    handle::borrow(ctx).map_or(0, |s| {
        s.load_default_paths();
        1
    })
}

/// get0: the store's own stack of its objects (certificates and CRLs,
/// including what a CApath lookup added while verifying).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_get0_objects(v: *const X509Store) -> *mut StackX509Object {
    handle::borrow(v).map_or(ptr::null_mut(), |s| handle::as_ptr(s.objects_stack()))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_OBJECT_get_type(a: *const X509Object) -> X509LookupType {
    match handle::borrow(a).map(|o| &o.item) {
        Some(StoreItem::Cert(_)) => X509_LU_X509,
        Some(StoreItem::Crl(_)) => X509_LU_CRL,
        None => X509_LU_NONE,
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_OBJECT_get0_X509(a: *const X509Object) -> *mut X509 {
    match handle::borrow(a).map(|o| &o.item) {
        Some(StoreItem::Cert(x)) => handle::as_ptr(x),
        _ => ptr::null_mut(),
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_OBJECT_get0_X509_CRL(a: *const X509Object) -> *mut X509Crl {
    match handle::borrow(a).map(|o| &o.item) {
        Some(StoreItem::Crl(c)) => handle::as_ptr(c),
        _ => ptr::null_mut(),
    }
}
