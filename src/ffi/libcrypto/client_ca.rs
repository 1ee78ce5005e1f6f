//! The client CA list functions in the drop-in flavour: the program's
//! `STACK_OF(X509_NAME)` and `X509_NAME`s are libcrypto's. The core keeps
//! the names (DER, in a `NameList`) that the CertificateRequest carries;
//! the libcrypto stack a getter hands out is kept beside the list it was
//! made from (a set0 stack is the program's own, kept as is), so a getter
//! returns the same pointer while the list is unchanged (get0), and an
//! `add_client_CA` shows in a stack handed out earlier, as with OpenSSL.
//! A stack the program changes itself after handing it over is not read
//! again.

#![allow(non_snake_case)]

use std::os::raw::{c_char, c_int, c_long, c_uchar, c_void};
use std::ptr::{self, NonNull};
use std::sync::Arc;

use super::objects::i2d;
use super::sys;
use crate::abi::*;
use crate::ctx::SslCtx;
use crate::ffi::handle::{self, c_str, guard};
use crate::ffi::objects::{CObjects, Flavour};
use crate::keep::Keep;
use crate::ssl::Ssl;
use crate::ssl_err;
use crate::stack::OpensslStack;
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
/// stack kept in `keep` for the getters.
fn adopt(keep: &Keep, sk: *mut c_void) -> Arc<NameList> {
    let list = Arc::new(NameList::of(names_in(sk)));
    match NonNull::new(sk) {
        Some(p) => keep.put(LIST, key(&list), Arc::new(ForeignNames(p))),
        None => keep.put(LIST, 0, Arc::new(())),
    }
    list
}

/// The libcrypto stack kept for `stack` in one of `keeps`, else a new one
/// kept in the first.
fn stack_out(keeps: &[&Keep], stack: &Arc<OpensslStack>) -> *mut c_void {
    let k = Arc::as_ptr(stack) as usize;
    for keep in keeps {
        if let Some(kept) = keep.get(LIST, k)
            && let Some(s) = kept.downcast_ref::<ForeignNames>()
        {
            return s.0.as_ptr();
        }
    }
    let names = stack.objects::<X509Name>();
    match new_stack(&names) {
        Some(s) => {
            let p = s.0.as_ptr();
            keeps[0].put(LIST, k, Arc::new(s));
            p
        }
        None => ptr::null_mut(),
    }
}

/// `add_client_CA`'s name also goes onto a stack handed out for `list`.
fn added(keep: &Keep, list: &NameList, name: &X509Name) {
    if let Some(kept) = keep.get(LIST, key(list))
        && let Some(s) = kept.downcast_ref::<ForeignNames>()
    {
        push_name(s.0.as_ptr(), name);
    }
}

/// A standalone copy of the program's certificate's subject.
fn subject_of(x: *mut c_void, func: &'static str) -> Option<Arc<X509Name>> {
    match Flavour::x509_in(x) {
        Some(x) => Some(Arc::new(x.subject().detached())),
        None => {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, func);
            None
        }
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_client_CA_list(ctx: *mut SslCtx, name_list: *mut c_void) {
    handle::with("SSL_CTX_set_client_CA_list", ctx, (), |c| {
        let list = adopt(&c.keep, name_list);
        c.update(|s| s.client_ca = list)
    })
}

/// get0: the context's list (an empty one on a new context, as OpenSSL).
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_client_CA_list(ctx: *const SslCtx) -> *mut c_void {
    handle::with("SSL_CTX_get_client_CA_list", ctx, ptr::null_mut(), |c| {
        stack_out(&[&c.keep], c.settings().client_ca.stack())
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_add_client_CA(ctx: *mut SslCtx, x: *mut c_void) -> c_int {
    const F: &str = "SSL_CTX_add_client_CA";
    handle::with(F, ctx, 0, |c| match subject_of(x, F) {
        Some(name) => {
            let list = c.settings().client_ca.clone();
            added(&c.keep, &list, &name);
            c.update(|s| s.client_ca = Arc::new(s.client_ca.with_added(name)));
            1
        }
        None => 0,
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_client_CA_list(ssl: *mut Ssl, name_list: *mut c_void) {
    crate::ffi::ssl::with_ssl("SSL_set_client_CA_list", ssl, (), |s| {
        let list = adopt(&s.keep, name_list);
        s.lock().settings_mut().client_ca = list;
    })
}

/// As `SSL_CTX_add_client_CA` on the connection's own list; a connection
/// without one starts an empty list (the context's is left alone).
#[unsafe(no_mangle)]
pub extern "C" fn SSL_add_client_CA(ssl: *mut Ssl, x: *mut c_void) -> c_int {
    const F: &str = "SSL_add_client_CA";
    crate::ffi::ssl::with_ssl(F, ssl, 0, |s| {
        let Some(name) = subject_of(x, F) else {
            return 0;
        };
        let mut c = s.lock();
        let base = c.own_client_ca_list();
        added(&s.keep, &base, &name);
        c.settings_mut().client_ca = Arc::new(base.with_added(name));
        1
    })
}

/// A server's list (its own, else its context's); on a client the names
/// the server sent (NULL before a CertificateRequest), also from inside a
/// callback on this `SSL`.
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_client_CA_list(ssl: *const Ssl) -> *mut c_void {
    const F: &str = "SSL_get_client_CA_list";
    handle::with(F, ssl, ptr::null_mut(), |s| {
        if s.locked_here() {
            return match s.client_ca_list_in_callback() {
                (false, Some(list)) => stack_out(&[&s.keep], &list),
                (false, None) => ptr::null_mut(),
                (true, _) => {
                    ssl_err!(ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, F);
                    ptr::null_mut()
                }
            };
        }
        let (list, ctx) = {
            let c = s.lock();
            (c.client_ca_list(), c.ctx.clone())
        };
        list.map_or(ptr::null_mut(), |l| stack_out(&[&s.keep, &ctx.keep], &l))
    })
}

/// The distinct subjects of the certificates in a PEM file, each pushed
/// onto `sk` unless a name equal to it (`X509_NAME_cmp`) is there; false
/// (with the error queued) when the file cannot be read or has none.
fn add_file_subjects(sk: *mut c_void, path: &str, func: &'static str) -> bool {
    let certs = match crate::ctx::read_certs(std::path::Path::new(path), SSL_FILETYPE_PEM) {
        Ok(c) if !c.is_empty() => c,
        Err(crate::ctx::LoadError::Io(errno)) => {
            crate::err::raise_sys(errno, func, file!(), line!());
            crate::err::raise(ERR_LIB_BIO, ERR_R_SYS_LIB, func, file!(), line!());
            return false;
        }
        _ => {
            crate::err::raise(ERR_LIB_PEM, PEM_R_NO_START_LINE, func, file!(), line!());
            return false;
        }
    };
    for x in certs
        .into_iter()
        .filter_map(|c| crate::x509::X509::from_der(c.to_vec()))
    {
        let n = name_from_der(x.subject().der());
        if n.is_null() {
            continue;
        }
        // SAFETY: `sk` is the program's live STACK_OF(X509_NAME) (or ours);
        // `n` is a name we own until it is pushed.
        unsafe {
            let have = (0..sys::OPENSSL_sk_num(sk))
                .any(|i| sys::X509_NAME_cmp(sys::OPENSSL_sk_value(sk, i), n) == 0);
            if have || sys::OPENSSL_sk_push(sk, n) <= 0 {
                sys::X509_NAME_free(n);
            }
        }
    }
    true
}

/// `SSL_load_client_CA_file`: the subject of every certificate in a PEM
/// file, each name once, as a new stack the caller owns; NULL when the
/// file cannot be read or holds no certificate.
#[unsafe(no_mangle)]
pub extern "C" fn SSL_load_client_CA_file(file: *const c_char) -> *mut c_void {
    const F: &str = "SSL_load_client_CA_file";
    guard(F, ptr::null_mut(), || {
        let Some(path) = c_str(file) else {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, F);
            return ptr::null_mut();
        };
        let Some(sk) = new_stack([]) else {
            return ptr::null_mut();
        };
        if !add_file_subjects(sk.0.as_ptr(), path, F) {
            return ptr::null_mut();
        }
        let p = sk.0.as_ptr();
        std::mem::forget(sk); // the caller owns it now
        p
    })
}

/// Adds the subjects of a PEM file's certificates to the program's stack
/// (names already there are skipped); 1 on success.
#[unsafe(no_mangle)]
pub extern "C" fn SSL_add_file_cert_subjects_to_stack(
    stack: *mut c_void,
    file: *const c_char,
) -> c_int {
    const F: &str = "SSL_add_file_cert_subjects_to_stack";
    guard(F, 0, || match c_str(file) {
        Some(path) if !stack.is_null() => c_int::from(add_file_subjects(stack, path, F)),
        _ => {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, F);
            0
        }
    })
}

/// As `SSL_add_file_cert_subjects_to_stack` for every file in a directory;
/// a file that is not PEM certificates fails the call, as in OpenSSL.
#[unsafe(no_mangle)]
pub extern "C" fn SSL_add_dir_cert_subjects_to_stack(
    stack: *mut c_void,
    dir: *const c_char,
) -> c_int {
    const F: &str = "SSL_add_dir_cert_subjects_to_stack";
    guard(F, 0, || {
        let (Some(path), false) = (c_str(dir), stack.is_null()) else {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, F);
            return 0;
        };
        let entries = match std::fs::read_dir(path) {
            Ok(e) => e,
            Err(e) => {
                crate::err::raise_sys(e.raw_os_error().unwrap_or(0), F, file!(), line!());
                crate::err::raise(ERR_LIB_SSL, ERR_R_SYS_LIB, F, file!(), line!());
                return 0;
            }
        };
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files.iter().filter(|f| f.is_file()) {
            let ok = f.to_str().is_some_and(|p| add_file_subjects(stack, p, F));
            if !ok {
                return 0;
            }
        }
        1
    })
}
