//! The client CA list (ssl.h): the names a server sends in its
//! CertificateRequest, and on a client the names it received.

#![allow(non_snake_case)]

use super::handle::{self, c_str, guard};
use super::x509::StackX509Name;
use crate::abi::*;
use crate::ctx::SslCtx;
use crate::ssl::Ssl;
use crate::ssl_err;
use crate::stack::OpensslStack;
use crate::x509::{NameList, X509, X509Name};
use std::os::raw::{c_char, c_int};
use std::ptr;
use std::sync::Arc;

/// Takes over a C `STACK_OF(X509_NAME)` and the names in it (OpenSSL's
/// set0 rule). A certificate's own name pushed there is shared rather than
/// taken (its certificate owns it). NULL gives an empty list.
fn adopt_list(sk: *mut StackX509Name) -> NameList {
    let Some(stack) = handle::adopt(sk as *const OpensslStack) else {
        return NameList::empty();
    };
    let names = stack
        .addrs()
        .into_iter()
        .filter_map(|a| {
            let p = a as *const X509Name;
            match handle::borrow(p)?.is_embedded() {
                true => handle::clone_arc(p),
                false => handle::adopt(p),
            }
        })
        .collect();
    NameList::adopt(names, stack)
}

fn stack_ptr(list: &NameList) -> *mut StackX509Name {
    handle::as_ptr(list.stack())
}

/// A standalone copy of `x`'s subject, as `add_client_CA` stores it.
fn subject_of(x: *mut X509, func: &'static str) -> Option<Arc<X509Name>> {
    match handle::borrow(x) {
        Some(x) => Some(Arc::new(x.subject().detached())),
        None => {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, func);
            None
        }
    }
}

#[cfg_attr(
    feature = "dropin",
    unsafe(export_name = "sslshim_own_SSL_CTX_set_client_CA_list")
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_client_CA_list(ctx: *mut SslCtx, name_list: *mut StackX509Name) {
    handle::with("SSL_CTX_set_client_CA_list", ctx, (), |c| {
        let list = Arc::new(adopt_list(name_list));
        c.update(|s| s.client_ca = list)
    })
}

/// get0: the context's list (an empty one on a new context, as OpenSSL).
#[cfg_attr(
    feature = "dropin",
    unsafe(export_name = "sslshim_own_SSL_CTX_get_client_CA_list")
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_client_CA_list(ctx: *const SslCtx) -> *mut StackX509Name {
    handle::with("SSL_CTX_get_client_CA_list", ctx, ptr::null_mut(), |c| {
        stack_ptr(&c.settings().client_ca)
    })
}

#[cfg_attr(
    feature = "dropin",
    unsafe(export_name = "sslshim_own_SSL_CTX_add_client_CA")
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_add_client_CA(ctx: *mut SslCtx, x: *mut X509) -> c_int {
    const F: &str = "SSL_CTX_add_client_CA";
    handle::with(F, ctx, 0, |c| match subject_of(x, F) {
        Some(name) => c.update(|s| {
            s.client_ca = Arc::new(s.client_ca.with_added(name));
            1
        }),
        None => 0,
    })
}

#[cfg_attr(
    feature = "dropin",
    unsafe(export_name = "sslshim_own_SSL_set_client_CA_list")
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_client_CA_list(ssl: *mut Ssl, name_list: *mut StackX509Name) {
    super::ssl::with_ssl("SSL_set_client_CA_list", ssl, (), |s| {
        let list = Arc::new(adopt_list(name_list));
        s.lock().settings_mut().client_ca = list;
    })
}

/// The connection's own list gets the name. A connection without a list
/// of its own starts an empty one (the context's list is left alone and no
/// longer used), as OpenSSL does.
#[cfg_attr(
    feature = "dropin",
    unsafe(export_name = "sslshim_own_SSL_add_client_CA")
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_add_client_CA(ssl: *mut Ssl, x: *mut X509) -> c_int {
    const F: &str = "SSL_add_client_CA";
    super::ssl::with_ssl(F, ssl, 0, |s| {
        let Some(name) = subject_of(x, F) else {
            return 0;
        };
        let mut c = s.lock();
        let base = c.own_client_ca_list();
        c.settings_mut().client_ca = Arc::new(base.with_added(name));
        1
    })
}

/// A server's list (its own, else its context's); on a client the names
/// the server sent (NULL before a CertificateRequest). Inside a callback
/// on this `SSL` (a client certificate callback) the client's view works
/// without the connection's lock.
#[cfg_attr(
    feature = "dropin",
    unsafe(export_name = "sslshim_own_SSL_get_client_CA_list")
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_client_CA_list(ssl: *const Ssl) -> *mut StackX509Name {
    const F: &str = "SSL_get_client_CA_list";
    handle::with(F, ssl, ptr::null_mut(), |s| {
        let to_ptr =
            |l: Option<Arc<OpensslStack>>| l.map_or(ptr::null_mut(), |l| handle::as_ptr(&l));
        if s.locked_here() {
            return match s.client_ca_list_in_callback() {
                (false, list) => to_ptr(list),
                (true, _) => {
                    ssl_err!(ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, F);
                    ptr::null_mut()
                }
            };
        }
        to_ptr(s.lock().client_ca_list())
    })
}

/// `SSL_load_client_CA_file`: the subject of every certificate in a PEM
/// file, each name once, as a new stack the caller owns (free it with
/// `sk_X509_NAME_pop_free(list, X509_NAME_free)`); NULL when the file
/// cannot be read or holds no certificate.
#[cfg_attr(
    feature = "dropin",
    unsafe(export_name = "sslshim_own_SSL_load_client_CA_file")
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_load_client_CA_file(file: *const c_char) -> *mut StackX509Name {
    const F: &str = "SSL_load_client_CA_file";
    guard(F, ptr::null_mut(), || {
        let Some(path) = c_str(file) else {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, F);
            return ptr::null_mut();
        };
        let certs = match crate::ctx::read_certs(std::path::Path::new(path), SSL_FILETYPE_PEM) {
            Ok(c) => c,
            Err(crate::ctx::LoadError::Io(errno)) => {
                crate::err::raise_sys(errno, F, file!(), line!());
                crate::err::raise(ERR_LIB_BIO, ERR_R_SYS_LIB, F, file!(), line!());
                return ptr::null_mut();
            }
            Err(_) => {
                crate::err::raise(ERR_LIB_PEM, PEM_R_NO_START_LINE, F, file!(), line!());
                return ptr::null_mut();
            }
        };
        let mut names: Vec<Arc<X509Name>> = Vec::new();
        for x in certs.into_iter().filter_map(|c| X509::from_der(c.to_vec())) {
            let n = x.subject();
            if !names.iter().any(|have| have.cmp_canonical(n).is_eq()) {
                names.push(Arc::new(n.detached()));
            }
        }
        // The caller owns the stack and one reference to each name.
        let items = names
            .into_iter()
            .map(|n| handle::into_raw(n) as usize)
            .collect();
        handle::into_raw(OpensslStack::new(items, None))
    })
}
