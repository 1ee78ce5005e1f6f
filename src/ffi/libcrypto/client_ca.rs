//! The client CA lists of the drop-in flavour (`CObjects::name_list_*`
//! for the shared entry points in `ffi::client_ca`, and the two
//! `SSL_add_*_cert_subjects_to_stack`): the program's
//! `STACK_OF(X509_NAME)` and `X509_NAME`s are libcrypto's. The core keeps
//! the names (DER, in a `NameList`) that the CertificateRequest carries;
//! the libcrypto stack a getter hands out is kept beside the list it was
//! made from (a set0 stack is the program's own, kept as is), so a getter
//! returns the same pointer while the list is unchanged (get0), and an
//! `add_client_CA` shows in a stack handed out earlier, as with OpenSSL.
//! A stack the program changes itself after handing it over is not read
//! again.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::os::raw::{c_char, c_int, c_long, c_uchar, c_void};
use std::ptr::{self, NonNull};
use std::sync::Arc;

use super::objects::i2d;
use super::sys;
use crate::abi::*;
use crate::ffi::handle::c_str;
use crate::keep::Keep;
use crate::ssl_err;
use crate::x509::{NameList, X509Name};

/// A libcrypto `STACK_OF(X509_NAME)` and its names, freed together.
struct ForeignNames(NonNull<c_void>);

// SAFETY: the stack is only touched under the owner's calls; freeing it
// needs no particular thread.
unsafe impl Send for ForeignNames {}
// SAFETY: as above.
unsafe impl Sync for ForeignNames {}

impl Drop for ForeignNames {
    fn drop(&mut self) {
        // SAFETY: we own the stack and one reference to each name.
        unsafe { sys::OPENSSL_sk_pop_free(self.0.as_ptr(), Some(sys::X509_NAME_free)) };
    }
}

const LIST: &str = "client_ca";

/// A libcrypto `X509_NAME` from DER (NULL if it does not parse).
fn name_from_der(der: &[u8]) -> *mut c_void {
    let Ok(len) = c_long::try_from(der.len()) else {
        return ptr::null_mut();
    };
    let mut p = der.as_ptr();
    // SAFETY: `p` points to `len` readable bytes; a new object or NULL.
    unsafe { sys::d2i_X509_NAME(ptr::null_mut(), &mut p as *mut *const c_uchar, len) }
}

/// Pushes a copy of `name` onto the libcrypto stack `sk`.
fn push_name(sk: *mut c_void, name: &X509Name) -> bool {
    let n = name_from_der(name.der());
    // SAFETY: `sk` is a live STACK_OF(X509_NAME); a pushed name belongs to
    // it, one that did not push is freed (NULL is a no-op).
    unsafe {
        if !n.is_null() && sys::OPENSSL_sk_push(sk, n) > 0 {
            return true;
        }
        sys::X509_NAME_free(n);
    }
    false
}

/// A new libcrypto stack holding copies of `names`.
fn new_stack<'a>(names: impl IntoIterator<Item = &'a Arc<X509Name>>) -> Option<ForeignNames> {
    // SAFETY: no arguments; a new stack or NULL.
    let sk = ForeignNames(NonNull::new(unsafe { sys::OPENSSL_sk_new_null() })?);
    for n in names {
        if !push_name(sk.0.as_ptr(), n) {
            return None;
        }
    }
    Some(sk)
}

/// The names of the program's `STACK_OF(X509_NAME)` (NULL: none).
fn names_in(sk: *mut c_void) -> Vec<Arc<X509Name>> {
    if sk.is_null() {
        return Vec::new();
    }
    // SAFETY: a non-NULL stack from the program is a live STACK_OF(X509_NAME).
    let n = unsafe { sys::OPENSSL_sk_num(sk) };
    (0..n)
        .filter_map(|i| {
            // SAFETY: `i` is within the stack's bounds.
            let name = unsafe { sys::OPENSSL_sk_value(sk, i) };
            if name.is_null() {
                return None;
            }
            X509Name::from_der(&i2d(name, sys::i2d_X509_NAME)?).map(Arc::new)
        })
        .collect()
}

fn key(list: &NameList) -> usize {
    Arc::as_ptr(list.stack()) as usize
}

/// Takes over the program's stack (set0): the list for the core, the
/// stack kept in `keep` for the getters (`CObjects::name_list_in`).
pub(super) fn adopt(keep: &Keep, sk: *mut c_void) -> Arc<NameList> {
    let list = Arc::new(NameList::of(names_in(sk)));
    match NonNull::new(sk) {
        Some(p) => keep.put(LIST, key(&list), Arc::new(ForeignNames(p))),
        None => keep.put(LIST, 0, Arc::new(())),
    }
    list
}

/// The libcrypto stack kept for `list` in one of `keeps`, else a new one
/// with its names kept in the first (`CObjects::name_list_out`).
pub(super) fn stack_out(keeps: &[&Keep], list: &NameList) -> *mut c_void {
    let k = key(list);
    for keep in keeps {
        if let Some(kept) = keep.get(LIST, k)
            && let Some(s) = kept.downcast_ref::<ForeignNames>()
        {
            return s.0.as_ptr();
        }
    }
    // The list's names, not the objects its stack was made with: names
    // `add_client_CA` appended later are only in the list.
    match new_stack(list.names()) {
        Some(s) => {
            let p = s.0.as_ptr();
            keeps[0].put(LIST, k, Arc::new(s));
            p
        }
        None => ptr::null_mut(),
    }
}

/// `add_client_CA`'s name also goes onto a stack handed out for `list`
/// (`CObjects::name_list_added`).
pub(super) fn added(keep: &Keep, list: &NameList, name: &X509Name) {
    if let Some(kept) = keep.get(LIST, key(list))
        && let Some(s) = kept.downcast_ref::<ForeignNames>()
    {
        push_name(s.0.as_ptr(), name);
    }
}

/// The distinct subjects of the certificates in a PEM file, each pushed
/// onto `sk` unless a name equal to it (`X509_NAME_cmp`) is there; false
/// (with the error queued) when the file cannot be opened (one without
/// certificates adds none, and is no error, as in OpenSSL).
fn add_file_subjects(sk: *mut c_void, path: &str, func: &'static str) -> bool {
    let certs = match crate::x509::load::read_subject_file(path) {
        Ok(c) => c,
        Err(errno) => {
            crate::x509::load::raise_unopened_file(errno, func);
            return false;
        }
    };
    // As OpenSSL: a name comparison set on the stack for the time of the
    // call, so each `find` sorts it (the program sees the names sorted, but
    // for those pushed after the last search).
    // SAFETY: `sk` is the program's live STACK_OF(X509_NAME) (or ours);
    // its old comparison function is put back.
    let old = unsafe { sys::OPENSSL_sk_set_cmp_func(sk, Some(xname_cmp)) };
    for x in certs {
        let n = name_from_der(x.subject().der());
        if n.is_null() {
            continue;
        }
        // SAFETY: as above; `n` is a name we own until it is pushed.
        unsafe {
            if sys::OPENSSL_sk_find(sk, n) >= 0 || sys::OPENSSL_sk_push(sk, n) <= 0 {
                sys::X509_NAME_free(n);
            }
        }
    }
    // SAFETY: as above.
    unsafe { sys::OPENSSL_sk_set_cmp_func(sk, old) };
    true
}

/// `X509_NAME_cmp` as a stack comparison (given the elements' addresses).
///
/// # Safety
/// `a` and `b` point to live `X509_NAME *` elements.
unsafe extern "C" fn xname_cmp(a: *const c_void, b: *const c_void) -> c_int {
    // SAFETY: the caller's promise.
    unsafe { sys::X509_NAME_cmp(*(a as *const *const c_void), *(b as *const *const c_void)) }
}

/// Adds the subjects of a PEM file's certificates to the program's stack
/// (names already there are skipped); 1 on success.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_add_file_cert_subjects_to_stack(
    stack: *mut c_void,
    file: *const c_char,
) -> c_int {
    match c_str(file) {
        Some(path) if !stack.is_null() => c_int::from(add_file_subjects(stack, path, FUNC)),
        _ => {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, FUNC);
            0
        }
    }
}

/// As `SSL_add_file_cert_subjects_to_stack` for every file in a directory;
/// 0 when the directory or one of its files cannot be opened.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_add_dir_cert_subjects_to_stack(
    stack: *mut c_void,
    dir: *const c_char,
) -> c_int {
    let (Some(path), false) = (c_str(dir), stack.is_null()) else {
        ssl_err!(ERR_R_PASSED_NULL_PARAMETER, FUNC);
        return 0;
    };
    let entries = match std::fs::read_dir(path) {
        Ok(e) => e,
        Err(e) => {
            crate::err::raise_sys(e.raw_os_error().unwrap_or(0), FUNC, file!(), line!());
            crate::err::raise(ERR_LIB_SSL, ERR_R_SYS_LIB, FUNC, file!(), line!());
            return 0;
        }
    };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    for f in files.iter().filter(|f| f.is_file()) {
        let ok = f
            .to_str()
            .is_some_and(|p| add_file_subjects(stack, p, FUNC));
        if !ok {
            return 0;
        }
    }
    1
}

/// Pushes a copy of `name` (a libcrypto X509_NAME) onto `sk` unless an
/// equal one (`X509_NAME_cmp`) is there; false if it could not be pushed.
fn push_distinct(sk: *mut c_void, name: *const c_void) -> bool {
    // SAFETY: `sk` is the program's live STACK_OF(X509_NAME); `name` a live
    // name; the copy is ours until pushed.
    unsafe {
        let have = (0..sys::OPENSSL_sk_num(sk))
            .any(|i| sys::X509_NAME_cmp(sys::OPENSSL_sk_value(sk, i), name) == 0);
        if have {
            return true;
        }
        let n = sys::X509_NAME_dup(name);
        if n.is_null() {
            return false;
        }
        if sys::OPENSSL_sk_push(sk, n) <= 0 {
            sys::X509_NAME_free(n);
            return false;
        }
    }
    true
}

/// OpenSSL's `add_uris_recursive`: every certificate the store at `uri`
/// yields, and (while `depth` allows) those of the entries of a directory.
fn add_store_subjects(sk: *mut c_void, uri: &std::ffi::CStr, depth: u32) -> bool {
    // SAFETY: a NUL-terminated URI; no UI or post-processing.
    let ctx = unsafe {
        sys::OSSL_STORE_open(
            uri.as_ptr(),
            ptr::null(),
            ptr::null_mut(),
            ptr::null(),
            ptr::null_mut(),
        )
    };
    if ctx.is_null() {
        return false;
    }
    let mut ok = true;
    // SAFETY: `ctx` is the open store until closed below; each info is
    // ours until freed, its name and certificate borrowed until then.
    unsafe {
        while sys::OSSL_STORE_eof(ctx) == 0 && sys::OSSL_STORE_error(ctx) == 0 {
            let info = sys::OSSL_STORE_load(ctx);
            if info.is_null() {
                continue;
            }
            match sys::OSSL_STORE_INFO_get_type(info) {
                sys::OSSL_STORE_INFO_NAME if depth > 0 => {
                    let name = sys::OSSL_STORE_INFO_get0_NAME(info);
                    if !name.is_null() {
                        ok = add_store_subjects(sk, std::ffi::CStr::from_ptr(name), depth - 1);
                    }
                }
                sys::OSSL_STORE_INFO_CERT => {
                    let x = sys::OSSL_STORE_INFO_get0_CERT(info);
                    let n = if x.is_null() {
                        ptr::null_mut()
                    } else {
                        sys::X509_get_subject_name(x)
                    };
                    if n.is_null() || !push_distinct(sk, n) {
                        sys::OSSL_STORE_INFO_free(info);
                        sys::OSSL_STORE_close(ctx);
                        return false;
                    }
                }
                _ => {}
            }
            sys::OSSL_STORE_INFO_free(info);
        }
        // What could not be read along the way is not an error.
        sys::ERR_clear_error();
        sys::OSSL_STORE_close(ctx);
    }
    ok
}

/// Adds the subjects of the certificates at a store URI (a file or
/// directory path, a `file:` URI) to the program's stack, each name once;
/// 0 when the store cannot be opened.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_add_store_cert_subjects_to_stack(
    stack: *mut c_void,
    store: *const c_char,
) -> c_int {
    match crate::ffi::handle::c_cstr(store) {
        Some(uri) if !stack.is_null() => c_int::from(add_store_subjects(stack, uri, 1)),
        _ => {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, FUNC);
            0
        }
    }
}

/// `CObjects::client_ca_file`: a new libcrypto stack with the file's
/// distinct subjects (`X509_NAME_cmp`), owned by the caller.
pub(super) fn load_file(path: &str, func: &'static str) -> *mut c_void {
    let Some(certs) = crate::x509::load::read_ca_file(path, func) else {
        return ptr::null_mut();
    };
    let Some(sk) = new_stack([]) else {
        return ptr::null_mut();
    };
    // In the file's order, each name once (OpenSSL dedups with a hash
    // table, leaving the stack unsorted).
    for x in certs {
        let n = name_from_der(x.subject().der());
        if n.is_null() {
            continue;
        }
        // SAFETY: `sk` is our live stack; `n` a name we own until pushed.
        unsafe {
            let have = (0..sys::OPENSSL_sk_num(sk.0.as_ptr()))
                .any(|i| sys::X509_NAME_cmp(sys::OPENSSL_sk_value(sk.0.as_ptr(), i), n) == 0);
            if have || sys::OPENSSL_sk_push(sk.0.as_ptr(), n) <= 0 {
                sys::X509_NAME_free(n);
            }
        }
    }
    let p = sk.0.as_ptr();
    std::mem::forget(sk); // the caller owns it now
    p
}
