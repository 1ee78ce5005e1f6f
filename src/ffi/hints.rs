//! Setters and getters of values rustls has no use for (`ctx::Hints`):
//! read-ahead, the default PEM password callback, post-handshake
//! authentication (ssl.h).

#![allow(non_snake_case)]

use super::handle;
use super::pkey::PemPasswordFn;
use super::ssl::{query, setter, with_ssl};
use crate::abi::*;
use crate::ctx::SslCtx;
use crate::ssl::Ssl;
use crate::ssl_err;
use sslshim_macros::entry;
use std::os::raw::{c_int, c_void};

fn ctx_with<R: Copy>(
    f: &'static str,
    ctx: *const SslCtx,
    err: R,
    b: impl FnOnce(&SslCtx) -> R,
) -> R {
    handle::with(f, ctx, err, b)
}

fn fn_addr(cb: PemPasswordFn) -> usize {
    cb.map_or(0, |f| f as usize)
}

fn fn_from(addr: usize) -> PemPasswordFn {
    if addr == 0 {
        return None;
    }
    // SAFETY: `addr` was stored from a `pem_password_cb *` the program gave
    // us (fn_addr); it goes back to the program unchanged, never called here.
    Some(unsafe {
        std::mem::transmute::<
            usize,
            unsafe extern "C" fn(*mut std::os::raw::c_char, c_int, c_int, *mut c_void) -> c_int,
        >(addr)
    })
}

// ---- read-ahead ---------------------------------------------------------------

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_read_ahead(ssl: *mut Ssl, yes: c_int) {
    let on = yes != 0;
    setter(
        FUNC,
        ssl,
        FAIL,
        |f| f.hints.read_ahead = on,
        move |c| c.hints.read_ahead = on,
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_read_ahead(ssl: *const Ssl) -> c_int {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| c_int::from(f.hints.read_ahead),
        |s| c_int::from(s.lock().hints.read_ahead),
    )
}

// ---- default password callback --------------------------------------------------
// Recorded for the getters (a program saves and restores them around its
// key loading, as Python does) and for `*_use_PrivateKey_file`: in the
// drop-in flavour libcrypto decrypts an encrypted PEM key with them
// (ffi::libcrypto::key_file); the standalone flavour cannot decrypt, so
// there the callback is never called and such a key fails to load.

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_default_passwd_cb(ctx: *mut SslCtx, cb: PemPasswordFn) {
    ctx_with(FUNC, ctx, (), |c| {
        c.update_defaults(|d| d.hints.passwd_cb = fn_addr(cb))
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_default_passwd_cb_userdata(ctx: *mut SslCtx, u: *mut c_void) {
    ctx_with(FUNC, ctx, (), |c| {
        c.update_defaults(|d| d.hints.passwd_userdata = u as usize)
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_default_passwd_cb(ctx: *mut SslCtx) -> PemPasswordFn {
    ctx_with(FUNC, ctx, None, |c| fn_from(c.defaults().hints.passwd_cb))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_default_passwd_cb_userdata(ctx: *mut SslCtx) -> *mut c_void {
    ctx_with(FUNC, ctx, std::ptr::null_mut(), |c| {
        c.defaults().hints.passwd_userdata as *mut c_void
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_default_passwd_cb(ssl: *mut Ssl, cb: PemPasswordFn) {
    let cb = fn_addr(cb);
    setter(
        FUNC,
        ssl,
        FAIL,
        |f| f.hints.passwd_cb = cb,
        move |c| c.hints.passwd_cb = cb,
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_default_passwd_cb_userdata(ssl: *mut Ssl, u: *mut c_void) {
    let u = u as usize;
    setter(
        FUNC,
        ssl,
        FAIL,
        |f| f.hints.passwd_userdata = u,
        move |c| c.hints.passwd_userdata = u,
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_default_passwd_cb(ssl: *mut Ssl) -> PemPasswordFn {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| fn_from(f.hints.passwd_cb),
        |s| fn_from(s.lock().hints.passwd_cb),
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_default_passwd_cb_userdata(ssl: *mut Ssl) -> *mut c_void {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| f.hints.passwd_userdata as *mut c_void,
        |s| s.lock().hints.passwd_userdata as *mut c_void,
    )
}

// ---- post-handshake authentication ------------------------------------------------

fn pha_requested(func: &str, val: c_int) -> bool {
    if val != 0 {
        log::info!("{func}: rustls does not offer post-handshake authentication; not advertised");
    }
    val != 0
}

/// Client side: OpenSSL then advertises `post_handshake_auth`. rustls never
/// does, so a server that asks for a certificate after the handshake sees
/// a client without the extension (its `SSL_verify_client_post_handshake`
/// fails with "extension not received"); the value is recorded.
#[entry(
    limitation = "the post_handshake_auth extension is never sent (rustls has no post-handshake authentication)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_post_handshake_auth(ctx: *mut SslCtx, val: c_int) {
    ctx_with(FUNC, ctx, (), |c| {
        let on = pha_requested(FUNC, val);
        c.update_defaults(|d| d.hints.post_handshake_auth = on)
    })
}

#[entry(
    limitation = "the post_handshake_auth extension is never sent (rustls has no post-handshake authentication)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_post_handshake_auth(ssl: *mut Ssl, val: c_int) {
    let on = pha_requested(FUNC, val);
    setter(
        FUNC,
        ssl,
        FAIL,
        |f| f.hints.post_handshake_auth = on,
        move |c| c.hints.post_handshake_auth = on,
    )
}

/// Server side: OpenSSL's errors for a client, or a client that did not
/// offer the extension (which, to rustls, is every client).
#[entry(fails_cleanly = "rustls servers cannot request a certificate after the handshake")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_verify_client_post_handshake(ssl: *mut Ssl) -> c_int {
    with_ssl(FUNC, ssl, FAIL, |s| {
        let c = s.lock();
        let reason = if c.version() != TLS1_3_VERSION {
            SSL_R_WRONG_SSL_VERSION
        } else if !c.is_server() {
            SSL_R_NOT_SERVER
        } else if !c.is_init_finished() {
            SSL_R_STILL_IN_INIT
        } else {
            SSL_R_EXTENSION_NOT_RECEIVED
        };
        ssl_err!(reason, FUNC);
        0
    })
}
