//! `X509_LOOKUP` of the standalone flavour (x509_vfy.h): the file and
//! directory lookups a program adds to an `X509_STORE` to load
//! certificates and CRLs into it (curl's `--crlfile`:
//! `X509_STORE_add_lookup(store, X509_LOOKUP_file())` then
//! `X509_load_crl_file`). A lookup loads into its store at once; the
//! store is our `verify::store::X509Store`. The drop-in flavour's are
//! libcrypto's.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::os::raw::{c_char, c_int, c_long};
use std::path::Path;
use std::ptr;
use std::sync::{Arc, Mutex, Weak};

use super::handle::{self, Handle, c_str};
use crate::abi::{ERR_LIB_X509, ERR_R_ASN1_LIB, ERR_R_PEM_LIB, ERR_R_SYS_LIB};
use crate::verify::store::X509Store;
use crate::x509::{X509, X509Crl};

const X509_FILETYPE_PEM: c_int = 1;
const X509_FILETYPE_ASN1: c_int = 2;
const X509_FILETYPE_DEFAULT: c_int = 3;
const X509_L_FILE_LOAD: c_int = 1;
const X509_L_ADD_DIR: c_int = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    File,
    HashDir,
}

/// `X509_LOOKUP_METHOD`: the two built-in ones.
#[repr(C)]
pub struct X509LookupMethod {
    magic: u64,
    kind: Kind,
}

const METHOD_MAGIC: u64 = 0x5353_4c53_4c4b_4d54; // "SSLSLKMT"

// SAFETY: `#[repr(C)]` with the `u64` magic first; the objects are static.
unsafe impl Handle for X509LookupMethod {
    const MAGIC: u64 = METHOD_MAGIC;
    fn magic(&self) -> u64 {
        self.magic
    }
}

static FILE: X509LookupMethod = X509LookupMethod {
    magic: METHOD_MAGIC,
    kind: Kind::File,
};
static HASH_DIR: X509LookupMethod = X509LookupMethod {
    magic: METHOD_MAGIC,
    kind: Kind::HashDir,
};

/// `X509_LOOKUP`: a method attached to a store. It refers to the store
/// weakly: OpenSSL's store owns its lookups, not the other way round.
#[repr(C)]
pub struct X509Lookup {
    magic: u64,
    kind: Kind,
    store: Weak<X509Store>,
}

impl X509Lookup {
    const MAGIC: u64 = 0x5353_4c53_4c4f_4f4b; // "SSLSLOOK"
}

// SAFETY: `#[repr(C)]` with the `u64` magic first, set at construction.
unsafe impl Handle for X509Lookup {
    const MAGIC: u64 = X509Lookup::MAGIC;
    fn magic(&self) -> u64 {
        self.magic
    }
}

/// The lookups made, one per store and method, as OpenSSL keeps one in
/// the store; those of freed stores are dropped when the next is made.
static LOOKUPS: Mutex<Vec<Arc<X509Lookup>>> = Mutex::new(Vec::new());

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_LOOKUP_file() -> *mut X509LookupMethod {
    // Non-const in OpenSSL's prototype; nothing ever writes through it.
    (&FILE as *const X509LookupMethod).cast_mut()
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_LOOKUP_hash_dir() -> *mut X509LookupMethod {
    (&HASH_DIR as *const X509LookupMethod).cast_mut()
}

/// The store's lookup of method `m` (the same one each time), NULL for a
/// NULL or foreign store or method.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_add_lookup(
    v: *mut X509Store,
    m: *mut X509LookupMethod,
) -> *mut X509Lookup {
    let (Some(store), Some(m)) = (handle::clone_arc(v), handle::borrow(m.cast_const())) else {
        return ptr::null_mut();
    };
    let mut all = LOOKUPS.lock().unwrap_or_else(|e| e.into_inner());
    all.retain(|l| l.store.strong_count() > 0);
    if let Some(l) = all
        .iter()
        .find(|l| l.kind == m.kind && Weak::as_ptr(&l.store) == Arc::as_ptr(&store))
    {
        return handle::as_ptr(l);
    }
    let l = Arc::new(X509Lookup {
        magic: X509Lookup::MAGIC,
        kind: m.kind,
        store: Arc::downgrade(&store),
    });
    let p = handle::as_ptr(&l);
    all.push(l);
    p
}

/// The lookup's store, if it still lives.
fn store_of(ctx: *mut X509Lookup) -> Option<Arc<X509Store>> {
    handle::borrow(ctx.cast_const())?.store.upgrade()
}

/// One DER object of the file, given to `add` (which parses and stores
/// it); 1 or 0.
fn load_der(path: &Path, add: impl FnOnce(Vec<u8>) -> bool, func: &'static str) -> c_int {
    match std::fs::read(path) {
        Ok(der) => {
            if add(der) {
                return 1;
            }
            crate::err::raise(ERR_LIB_X509, ERR_R_ASN1_LIB, func, file!(), line!());
            0
        }
        Err(e) => {
            crate::err::raise_sys(
                e.raw_os_error().unwrap_or(libc::EIO),
                func,
                file!(),
                line!(),
            );
            crate::err::raise(ERR_LIB_X509, ERR_R_SYS_LIB, func, file!(), line!());
            0
        }
    }
}

/// A PEM load's count, or 0 with OpenSSL's errors.
fn pem_count(path: &Path, n: usize, func: &'static str) -> c_int {
    if n == 0 {
        if std::fs::metadata(path).is_err() {
            crate::err::raise(ERR_LIB_X509, ERR_R_SYS_LIB, func, file!(), line!());
        } else {
            crate::err::raise(ERR_LIB_X509, ERR_R_PEM_LIB, func, file!(), line!());
        }
    }
    c_int::try_from(n).unwrap_or(c_int::MAX)
}

/// A file's objects into the lookup's store: PEM through `pem` (how many
/// it added), one DER object through `der` (1); 0 on failure.
fn load_into(
    ctx: *mut X509Lookup,
    file: *const c_char,
    type_: c_int,
    pem: impl FnOnce(&X509Store, &Path) -> usize,
    der: impl FnOnce(&X509Store, Vec<u8>) -> bool,
    func: &'static str,
) -> c_int {
    let (Some(store), Some(path)) = (store_of(ctx), c_str(file)) else {
        return 0;
    };
    let path = Path::new(path);
    match type_ {
        X509_FILETYPE_PEM => pem_count(path, pem(&store, path), func),
        X509_FILETYPE_ASN1 => load_der(path, |d| der(&store, d), func),
        _ => 0,
    }
}

/// The certificates of a file into the lookup's store: how many (PEM), 1
/// (DER), 0 on failure.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_load_cert_file(
    ctx: *mut X509Lookup,
    file: *const c_char,
    type_: c_int,
) -> c_int {
    load_into(
        ctx,
        file,
        type_,
        |s, p| s.load_cert_file(p),
        |s, d| X509::from_der(d).is_some_and(|x| s.add_cert(x)),
        FUNC,
    )
}

/// The CRLs of a file into the lookup's store: how many (PEM), 1 (DER), 0
/// on failure.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_load_crl_file(
    ctx: *mut X509Lookup,
    file: *const c_char,
    type_: c_int,
) -> c_int {
    load_into(
        ctx,
        file,
        type_,
        |s, p| s.load_crl_file(p),
        |s, d| X509Crl::from_der(d).is_some_and(|c| s.add_crl(c)),
        FUNC,
    )
}

/// Certificates and CRLs of a PEM file (DER holds one certificate).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_load_cert_crl_file(
    ctx: *mut X509Lookup,
    file: *const c_char,
    type_: c_int,
) -> c_int {
    if type_ != X509_FILETYPE_PEM {
        return X509_load_cert_file(ctx, file, type_);
    }
    let (Some(store), Some(path)) = (store_of(ctx), c_str(file)) else {
        return 0;
    };
    let path = Path::new(path);
    pem_count(path, store.load_file(path), FUNC)
}

/// `X509_LOOKUP_load_file` (file lookups, `X509_L_FILE_LOAD`: the file, or
/// the default one for `X509_FILETYPE_DEFAULT`) and `X509_LOOKUP_add_dir`
/// (directory lookups, `X509_L_ADD_DIR`); 1 or 0.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_LOOKUP_ctrl(
    ctx: *mut X509Lookup,
    cmd: c_int,
    argc: *const c_char,
    argl: c_long,
    _ret: *mut *mut c_char,
) -> c_int {
    let Some(l) = handle::borrow(ctx.cast_const()) else {
        return 0;
    };
    let Some(store) = l.store.upgrade() else {
        return 0;
    };
    match (l.kind, cmd) {
        (Kind::File, X509_L_FILE_LOAD) if argl as c_int == X509_FILETYPE_DEFAULT => {
            c_int::from(store.load_default_file() > 0)
        }
        (Kind::File, X509_L_FILE_LOAD) if argl as c_int == X509_FILETYPE_PEM => {
            c_int::from(X509_load_cert_crl_file(ctx, argc, X509_FILETYPE_PEM) > 0)
        }
        (Kind::File, X509_L_FILE_LOAD) => {
            c_int::from(X509_load_cert_file(ctx, argc, argl as c_int) > 0)
        }
        (Kind::HashDir, X509_L_ADD_DIR) if argl as c_int == X509_FILETYPE_DEFAULT => {
            c_int::from(store.load_default_dirs() > 0)
        }
        (Kind::HashDir, X509_L_ADD_DIR) => match c_str(argc) {
            Some(dir) if !dir.is_empty() => {
                for d in dir.split(':').filter(|d| !d.is_empty()) {
                    store.add_dir(Path::new(d));
                }
                1
            }
            _ => {
                crate::err::raise(
                    ERR_LIB_X509,
                    crate::abi::X509_R_INVALID_DIRECTORY,
                    FUNC,
                    file!(),
                    line!(),
                );
                0
            }
        },
        _ => 0,
    }
}
