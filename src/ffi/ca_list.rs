//! The certificate_authorities list (ssl.h: `SSL_CTX_set0_CA_list`,
//! `SSL_add1_to_CA_list` and the get0s): kept per context and connection
//! as OpenSSL keeps it, so the getters return what was set. rustls sends
//! no certificate_authorities extension, so the list never reaches the
//! peer (a server's CertificateRequest carries the client CA list alone).
//! The program's `STACK_OF(X509_NAME)` and `X509_NAME`s are ours or
//! libcrypto's (`CObjects::name_list_*`), the stacks kept in the owner's
//! `Inert::ca_keep`, apart from its client CA stacks.

#![allow(non_snake_case)]

use super::handle;
use super::objects::{CObjects, Flavour};
use super::x509::StackX509Name;
use crate::ctx::{Inert, SslCtx};
use crate::ssl::Ssl;
use crate::x509::{NameList, X509};
use sslshim_macros::entry;
use std::os::raw::c_int;
use std::ptr;
use std::sync::Arc;

/// `set0`: the program's stack becomes the list (NULL: none).
fn set0(inert: &Inert, sk: *mut StackX509Name) {
    // Taking NULL also releases the stack kept for the old list.
    let list = Flavour::name_list_in(&inert.ca_keep, sk.cast());
    inert.set_ca_list((!sk.is_null()).then_some(list));
}

/// `add1`: a copy of the certificate's subject appended to the list (one
/// is started if there is none); 0 without a certificate, no error, as
/// OpenSSL's `add_ca_name`.
fn add1(inert: &Inert, x: *const X509) -> c_int {
    let Some(x) = Flavour::x509_in(x.cast_mut().cast()) else {
        return 0;
    };
    let name = Arc::new(x.subject().detached());
    let list = inert
        .ca_list()
        .unwrap_or_else(|| Arc::new(NameList::empty()));
    Flavour::name_list_added(&inert.ca_keep, &list, &name);
    inert.set_ca_list(Some(Arc::new(list.with_added(name))));
    1
}

#[entry(
    limitation = "kept and read back; rustls sends no certificate_authorities extension, so the peer never receives the list"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set0_CA_list(ctx: *mut SslCtx, name_list: *mut StackX509Name) {
    handle::with(FUNC, ctx, FAIL, |c| set0(&c.inert, name_list))
}

/// NULL gives the connection its context's list again.
#[entry(
    limitation = "kept and read back; rustls sends no certificate_authorities extension, so the peer never receives the list"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set0_CA_list(ssl: *mut Ssl, name_list: *mut StackX509Name) {
    handle::with(FUNC, ssl, FAIL, |s| set0(&s.inert, name_list))
}

#[entry(
    limitation = "kept and read back; rustls sends no certificate_authorities extension, so the peer never receives the list"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_add1_to_CA_list(ctx: *mut SslCtx, x: *const X509) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| add1(&c.inert, x))
}

/// The connection's own list gets the name: one without a list of its own
/// starts an empty one (the context's is not copied), as OpenSSL.
#[entry(
    limitation = "kept and read back; rustls sends no certificate_authorities extension, so the peer never receives the list"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_add1_to_CA_list(ssl: *mut Ssl, x: *const X509) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| add1(&s.inert, x))
}

/// get0: the context's list (an empty one on a new context, NULL after
/// `SSL_CTX_set0_CA_list(ctx, NULL)`).
#[entry(
    limitation = "kept and read back; rustls sends no certificate_authorities extension, so the peer never receives the list"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get0_CA_list(ctx: *const SslCtx) -> *const StackX509Name {
    handle::with(FUNC, ctx, FAIL, |c| match c.inert.ca_list() {
        Some(l) => Flavour::name_list_out(&[&c.inert.ca_keep], &l)
            .cast_const()
            .cast(),
        None => ptr::null(),
    })
}

/// get0: the connection's own list, else its context's (the same stack
/// `SSL_CTX_get0_CA_list` returns). Takes no connection lock.
#[entry(
    limitation = "kept and read back; rustls sends no certificate_authorities extension, so the peer never receives the list"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get0_CA_list(ssl: *const Ssl) -> *const StackX509Name {
    handle::with(FUNC, ssl, FAIL, |s| {
        if let Some(l) = s.inert.ca_list() {
            return Flavour::name_list_out(&[&s.inert.ca_keep], &l)
                .cast_const()
                .cast();
        }
        match handle::borrow(s.ctx_addr() as *const SslCtx) {
            Some(c) => SSL_CTX_get0_CA_list(c),
            None => ptr::null(),
        }
    })
}
