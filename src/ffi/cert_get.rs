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
use std::ffi::c_void;
use std::ptr;

const CERT: &str = "own_certificate";
const KEY: &str = "own_private_key";

fn cert_of(keep: &Keep, slot: &CertSlot) -> *mut c_void {
    slot.chain
        .first()
        .map_or(ptr::null_mut(), |leaf| Flavour::x509_get0(keep, CERT, leaf))
}

fn key_of(keep: &Keep, slot: &CertSlot) -> *mut c_void {
    slot.key
        .as_ref()
        .map_or(ptr::null_mut(), |k| Flavour::pkey_get0(keep, KEY, k))
}

#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get0_certificate(ctx: *const SslCtx) -> *mut X509 {
    handle::with("SSL_CTX_get0_certificate", ctx, ptr::null_mut(), |c| {
        cert_of(&c.keep, &c.settings().cert).cast()
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get0_privatekey(ctx: *const SslCtx) -> *mut EvpPkey {
    handle::with("SSL_CTX_get0_privatekey", ctx, ptr::null_mut(), |c| {
        key_of(&c.keep, &c.settings().cert).cast()
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_certificate(ssl: *const Ssl) -> *mut X509 {
    handle::with("SSL_get_certificate", ssl, ptr::null_mut(), |s| {
        let slot = s.lock().settings().cert.clone();
        cert_of(&s.keep, &slot).cast()
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_privatekey(ssl: *const Ssl) -> *mut EvpPkey {
    handle::with("SSL_get_privatekey", ssl, ptr::null_mut(), |s| {
        let slot = s.lock().settings().cert.clone();
        key_of(&s.keep, &slot).cast()
    })
}
