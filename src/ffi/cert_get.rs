//! The certificate and key a context or connection will present
//! (`SSL_CTX_get0_certificate`, `SSL_get_certificate`, and the private key
//! getters): get0 objects of the program's kind (`Flavour`), kept by the
//! context or connection and the same pointer while its certificate (key)
//! is unchanged; NULL when none is set.

#![allow(non_snake_case)]

use super::handle;
use super::objects::{CObjects, Flavour};
use crate::ctx::{CertSlot, SslCtx};
use crate::keep::Keep;
use crate::ssl::Ssl;
use crate::x509::{EvpPkey, X509};
use sslshim_macros::entry;
use std::ffi::c_void;
use std::ptr;
use std::sync::Arc;

pub(super) const CERT: &str = "own_certificate";
pub(super) const KEY: &str = "own_private_key";

/// The objects are looked for in `keeps` in order: a connection's own,
/// then its context's (an `SSL` shares its context's certificate object
/// until it sets its own, as OpenSSL's `SSL_new` copies the references).
fn cert_of(keeps: &[&Keep], slot: &CertSlot) -> *mut c_void {
    slot.chain.first().map_or(ptr::null_mut(), |leaf| {
        Flavour::x509_get0(keeps, CERT, leaf)
    })
}

fn key_of(keeps: &[&Keep], slot: &CertSlot) -> *mut c_void {
    slot.key
        .as_ref()
        .map_or(ptr::null_mut(), |k| Flavour::pkey_get0(keeps, KEY, k))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get0_certificate(ctx: *const SslCtx) -> *mut X509 {
    handle::with(FUNC, ctx, FAIL, |c| {
        cert_of(&[&c.keep], &c.settings().cert).cast()
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get0_privatekey(ctx: *const SslCtx) -> *mut EvpPkey {
    handle::with(FUNC, ctx, FAIL, |c| {
        key_of(&[&c.keep], &c.settings().cert).cast()
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_certificate(ssl: *const Ssl) -> *mut X509 {
    handle::with(FUNC, ssl, FAIL, |s| {
        let (slot, ctx) = own_cert(s);
        cert_of(&[&s.keep, &ctx.keep], &slot).cast()
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_privatekey(ssl: *const Ssl) -> *mut EvpPkey {
    handle::with(FUNC, ssl, FAIL, |s| {
        let (slot, ctx) = own_cert(s);
        key_of(&[&s.keep, &ctx.keep], &slot).cast()
    })
}

/// The connection's certificate slot and its context (inside the
/// connection's own callbacks: the facts copy's).
fn own_cert(s: &Ssl) -> (CertSlot, Arc<SslCtx>) {
    if s.locked_here()
        && let Some(ctx) = handle::clone_arc(s.ctx_addr() as *const SslCtx)
    {
        return (s.facts().settings.cert.clone(), ctx);
    }
    let c = s.lock();
    (c.settings().cert.clone(), c.ctx.clone())
}
