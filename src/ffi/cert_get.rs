//! The current certificate and key of a context or connection
//! (`SSL_CTX_get0_certificate`, `SSL_get_certificate`, and the private key
//! getters): get0 objects of the program's kind (`Flavour`), kept by the
//! context or connection per slot and the same pointer while that slot's
//! certificate (key) is unchanged; NULL when none is set.

#![allow(non_snake_case)]

use super::handle;
use super::objects::{CObjects, Flavour};
use crate::ctx::{OwnCerts, SLOTS, SslCtx};
use crate::keep::Keep;
use crate::ssl::Ssl;
use crate::x509::{EvpPkey, X509};
use sslshim_macros::entry;
use std::ffi::c_void;
use std::ptr;
use std::sync::Arc;

/// Where each slot's objects are kept.
pub(super) const CERTS: [&str; SLOTS] = [
    "own_certificate/0",
    "own_certificate/1",
    "own_certificate/2",
    "own_certificate/3",
    "own_certificate/4",
    "own_certificate/5",
    "own_certificate/6",
    "own_certificate/7",
    "own_certificate/8",
];
pub(super) const KEYS: [&str; SLOTS] = [
    "own_private_key/0",
    "own_private_key/1",
    "own_private_key/2",
    "own_private_key/3",
    "own_private_key/4",
    "own_private_key/5",
    "own_private_key/6",
    "own_private_key/7",
    "own_private_key/8",
];

/// The objects are looked for in `keeps` in order (a connection's own,
/// then its context's) and made in `home` when none is kept.
fn cert_of(keeps: &[&Keep], home: &Keep, certs: &OwnCerts) -> *mut c_void {
    let slot = CERTS[certs.current_index()];
    certs
        .current()
        .leaf
        .as_ref()
        .map_or(ptr::null_mut(), |leaf| {
            Flavour::x509_get0(keeps, home, slot, leaf)
        })
}

fn key_of(keeps: &[&Keep], home: &Keep, certs: &OwnCerts) -> *mut c_void {
    let slot = KEYS[certs.current_index()];
    certs.current().key.as_ref().map_or(ptr::null_mut(), |k| {
        Flavour::pkey_get0(keeps, home, slot, k)
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get0_certificate(ctx: *const SslCtx) -> *mut X509 {
    handle::with(FUNC, ctx, FAIL, |c| {
        cert_of(&[&c.keep], &c.keep, &c.settings().cert).cast()
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get0_privatekey(ctx: *const SslCtx) -> *mut EvpPkey {
    handle::with(FUNC, ctx, FAIL, |c| {
        key_of(&[&c.keep], &c.keep, &c.settings().cert).cast()
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_certificate(ssl: *const Ssl) -> *mut X509 {
    handle::with(FUNC, ssl, FAIL, |s| {
        let (certs, ctx) = own_certs(s);
        let i = certs.current_index();
        let shared = certs.slot(i).leaf == ctx.settings().cert.slot(i).leaf;
        cert_of(&[&s.keep, &ctx.keep], home(shared, s, &ctx), &certs).cast()
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_privatekey(ssl: *const Ssl) -> *mut EvpPkey {
    handle::with(FUNC, ssl, FAIL, |s| {
        let (certs, ctx) = own_certs(s);
        let i = certs.current_index();
        let shared = certs.slot(i).key.as_ref().map(|k| k.der.secret_der())
            == ctx
                .settings()
                .cert
                .slot(i)
                .key
                .as_ref()
                .map(|k| k.der.secret_der());
        key_of(&[&s.keep, &ctx.keep], home(shared, s, &ctx), &certs).cast()
    })
}

/// Where a connection's certificate (key) object is made when none is
/// kept. One it shares with its context is the context's, as OpenSSL's
/// `SSL_new` shares the context's objects: the pointer is
/// `SSL_CTX_get0_certificate`'s and outlives the `SSL` (IO::Socket::SSL
/// hands it to another context after `SSL_free`). One the program set on
/// the connection is kept there and found first.
fn home<'a>(shared: bool, s: &'a Ssl, ctx: &'a SslCtx) -> &'a Keep {
    if shared { &ctx.keep } else { &s.keep }
}

/// The connection's certificates and its context (inside the connection's
/// own callbacks: the facts copy's).
fn own_certs(s: &Ssl) -> (OwnCerts, Arc<SslCtx>) {
    if s.locked_here()
        && let Some(ctx) = handle::clone_arc(s.ctx_addr() as *const SslCtx)
    {
        return (s.facts().settings.cert.clone(), ctx);
    }
    let c = s.lock();
    (c.own_certs().into_owned(), c.ctx.clone())
}
