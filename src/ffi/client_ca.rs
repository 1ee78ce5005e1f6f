//! The client CA list (ssl.h): the names a server sends in its
//! CertificateRequest, and on a client the names it received. One set of
//! entry points for both flavours; the program's `STACK_OF(X509_NAME)`
//! and `X509_NAME`s are ours or libcrypto's (`CObjects::name_list_*`).

#![allow(non_snake_case)]

use super::handle::{self, c_str};
use super::objects::{CObjects, Flavour};
use super::x509::StackX509Name;
use crate::abi::*;
use crate::ctx::SslCtx;
use crate::ssl::Ssl;
use crate::ssl_err;
use crate::x509::{X509, X509Name};
use sslshim_macros::entry;
use std::os::raw::{c_char, c_int};
use std::ptr;
use std::sync::Arc;

/// A standalone copy of the program's certificate's subject, as
/// `add_client_CA` stores it.
fn subject_of(x: *mut X509, func: &'static str) -> Option<Arc<X509Name>> {
    match Flavour::x509_in(x.cast()) {
        Some(x) => Some(Arc::new(x.subject().detached())),
        None => {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, func);
            None
        }
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_client_CA_list(ctx: *mut SslCtx, name_list: *mut StackX509Name) {
    handle::with(FUNC, ctx, FAIL, |c| {
        let list = Flavour::name_list_in(&c.keep, name_list.cast());
        c.update(|s| s.client_ca = list)
    })
}

/// get0: the context's list (an empty one on a new context, as OpenSSL).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_client_CA_list(ctx: *const SslCtx) -> *mut StackX509Name {
    handle::with(FUNC, ctx, FAIL, |c| {
        Flavour::name_list_out(&[&c.keep], &c.settings().client_ca).cast()
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_add_client_CA(ctx: *mut SslCtx, x: *mut X509) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| match subject_of(x, FUNC) {
        Some(name) => {
            let list = c.settings().client_ca.clone();
            Flavour::name_list_added(&c.keep, &list, &name);
            c.update(|s| s.client_ca = Arc::new(s.client_ca.with_added(name)));
            1
        }
        None => 0,
    })
}

/// NULL leaves the connection without a list of its own: its context's is
/// used again, as OpenSSL reads `s->ctx`'s when `s` has none.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_client_CA_list(ssl: *mut Ssl, name_list: *mut StackX509Name) {
    handle::with(FUNC, ssl, FAIL, |s| {
        let list = Flavour::name_list_in(&s.keep, name_list.cast());
        let list = match name_list.is_null() {
            false => list,
            true => match handle::borrow(s.ctx_addr() as *const SslCtx) {
                Some(ctx) => ctx.settings().client_ca.clone(),
                None => return,
            },
        };
        super::ssl::edit_settings(s, |st| st.client_ca = list);
    })
}

/// The connection's own list gets the name. A connection without a list
/// of its own starts an empty one (the context's list is left alone and no
/// longer used), as OpenSSL does.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_add_client_CA(ssl: *mut Ssl, x: *mut X509) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        let Some(name) = subject_of(x, FUNC) else {
            return 0;
        };
        let Some(ctx) = handle::borrow(s.ctx_addr() as *const SslCtx) else {
            return 0;
        };
        let ctx_settings = ctx.settings();
        super::ssl::edit_settings(s, |st| {
            let base = st.own_client_ca(&ctx_settings);
            Flavour::name_list_added(&s.keep, &base, &name);
            st.client_ca = Arc::new(base.with_added(name));
            1
        })
    })
}

/// A server's list (its own, else its context's); on a client the names
/// the server sent (NULL before a CertificateRequest). Inside a callback
/// on this `SSL` the client's view comes from the verification state and a
/// server's from the facts copy, without the connection's lock.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_client_CA_list(ssl: *const Ssl) -> *mut StackX509Name {
    handle::with(FUNC, ssl, FAIL, |s| {
        let (list, ctx) = if s.locked_here() {
            match s.client_ca_list_in_callback() {
                (false, list) => {
                    return list.map_or(ptr::null_mut(), |l| {
                        Flavour::name_list_out(&[&s.keep], &l).cast()
                    });
                }
                // A server's list is a setting: the facts copy has it.
                (true, _) => {
                    let Some(ctx) = handle::clone_arc(s.ctx_addr() as *const SslCtx) else {
                        return ptr::null_mut();
                    };
                    (Some((*s.facts().settings.client_ca).clone()), ctx)
                }
            }
        } else {
            let c = s.lock();
            (c.client_ca_list(), c.ctx.clone())
        };
        list.map_or(ptr::null_mut(), |l| {
            // The context's own list is the context's stack, kept by it: the
            // same pointer SSL_CTX_get_client_CA_list returns, as OpenSSL.
            let ctx_list = Arc::ptr_eq(l.stack(), ctx.settings().client_ca.stack());
            let keeps: [&crate::keep::Keep; 2] = if ctx_list {
                [&ctx.keep, &s.keep]
            } else {
                [&s.keep, &ctx.keep]
            };
            Flavour::name_list_out(&keeps, &l).cast()
        })
    })
}

/// `SSL_load_client_CA_file`: the subject of every certificate in a PEM
/// file, each name once, as a new stack the caller owns (free it with
/// `sk_X509_NAME_pop_free(list, X509_NAME_free)`); NULL when the file
/// cannot be read or holds no certificate.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_load_client_CA_file(file: *const c_char) -> *mut StackX509Name {
    let Some(path) = c_str(file) else {
        ssl_err!(ERR_R_PASSED_NULL_PARAMETER, FUNC);
        return ptr::null_mut();
    };
    Flavour::client_ca_file(path, FUNC).cast()
}

/// As `SSL_load_client_CA_file`: library contexts and property queries do
/// not exist here.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_load_client_CA_file_ex(
    file: *const c_char,
    libctx: *mut super::init::OsslLibCtx,
    propq: *const c_char,
) -> *mut StackX509Name {
    let _ = (libctx, propq);
    SSL_load_client_CA_file(file)
}

/// A new stack of copies of the names (free it with
/// `sk_X509_NAME_pop_free(list, X509_NAME_free)`); NULL for NULL.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_dup_CA_list(sk: *const StackX509Name) -> *mut StackX509Name {
    Flavour::name_list_dup(sk.cast()).cast()
}

/// Standalone flavour (the drop-in's, on libcrypto's OSSL_STORE, is in
/// `ffi::libcrypto::client_ca`): the subjects of the certificates at a
/// store URI (a file or directory path, an absolute `file:` URI) added to
/// the program's stack, each name once; 0 when it cannot be opened.
#[entry(
    standalone_only,
    limitation = "PEM files only, and file paths or file: URIs (OpenSSL's store also reads DER files and other schemes)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_add_store_cert_subjects_to_stack(
    stack: *mut StackX509Name,
    store: *const c_char,
) -> c_int {
    let (Some(uri), Some(sk)) = (
        c_str(store),
        handle::borrow(stack as *const crate::stack::OpensslStack),
    ) else {
        ssl_err!(ERR_R_PASSED_NULL_PARAMETER, FUNC);
        return 0;
    };
    let certs = match crate::x509::load::read_store_certs(uri) {
        Ok(c) => c,
        Err(errno) => {
            crate::err::raise_sys(errno, FUNC, file!(), line!());
            ssl_err!(ERR_R_SYS_LIB, FUNC);
            return 0;
        }
    };
    push_subjects(sk, &certs);
    1
}

/// Pushes a copy of each certificate's subject onto the program's stack
/// unless an equal name (`X509_NAME_cmp`) is there. OpenSSL searches with
/// a name comparison set on the stack, which sorts it: the program sees
/// the names sorted, but for those pushed after the last search.
fn push_subjects(sk: &crate::stack::OpensslStack, certs: &[Arc<X509>]) {
    let name = |a: usize| handle::borrow(a as *const X509Name);
    for x in certs {
        let n = x.subject();
        {
            let mut items = sk.lock();
            if items.items.iter().all(|&a| name(a).is_some()) {
                items.items.sort_by(|&a, &b| match (name(a), name(b)) {
                    (Some(a), Some(b)) => a.cmp_canonical(b),
                    _ => std::cmp::Ordering::Equal,
                });
            }
        }
        let have = sk
            .addrs()
            .into_iter()
            .any(|a| name(a).is_some_and(|h| h.cmp_canonical(n).is_eq()));
        if !have {
            let copy = handle::into_raw(Arc::new(n.detached()));
            let mut items = sk.lock();
            items.items.push(copy as usize);
            items.sorted = false;
        }
    }
}

/// The subjects of a PEM file's certificates added to the stack (none for
/// a file without certificates); false (with OpenSSL's errors) when it
/// cannot be opened.
fn add_file_subjects(sk: &crate::stack::OpensslStack, path: &str, func: &'static str) -> bool {
    match crate::x509::load::read_subject_file(path) {
        Ok(certs) => {
            push_subjects(sk, &certs);
            true
        }
        Err(errno) => {
            crate::x509::load::raise_unopened_file(errno, func);
            false
        }
    }
}

/// Standalone flavour (the drop-in's is in `ffi::libcrypto::client_ca`):
/// the subjects of a PEM file's certificates added to the program's
/// stack, each name once; 1 (also for a file without certificates), or 0
/// when the file cannot be opened.
#[entry(standalone_only)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_add_file_cert_subjects_to_stack(
    stack: *mut StackX509Name,
    file: *const c_char,
) -> c_int {
    let (Some(path), Some(sk)) = (
        c_str(file),
        handle::borrow(stack as *const crate::stack::OpensslStack),
    ) else {
        ssl_err!(ERR_R_PASSED_NULL_PARAMETER, FUNC);
        return 0;
    };
    c_int::from(add_file_subjects(sk, path, FUNC))
}

/// As `SSL_add_file_cert_subjects_to_stack` for every file of a
/// directory, in name order; 0 when the directory or one of its files
/// cannot be opened.
#[entry(standalone_only)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_add_dir_cert_subjects_to_stack(
    stack: *mut StackX509Name,
    dir: *const c_char,
) -> c_int {
    let (Some(path), Some(sk)) = (
        c_str(dir),
        handle::borrow(stack as *const crate::stack::OpensslStack),
    ) else {
        ssl_err!(ERR_R_PASSED_NULL_PARAMETER, FUNC);
        return 0;
    };
    let entries = match std::fs::read_dir(path) {
        Ok(e) => e,
        Err(e) => {
            crate::err::raise_sys(e.raw_os_error().unwrap_or(0), FUNC, file!(), line!());
            ssl_err!(ERR_R_SYS_LIB, FUNC);
            return 0;
        }
    };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    for f in files.iter().filter(|f| f.is_file()) {
        if !f.to_str().is_some_and(|p| add_file_subjects(sk, p, FUNC)) {
            return 0;
        }
    }
    1
}
