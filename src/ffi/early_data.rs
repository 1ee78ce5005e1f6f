//! TLS 1.3 early data (ssl.h). Early data is not offered or accepted: a
//! server's limit is kept for its getters, as OpenSSL keeps it, but its
//! tickets allow no early data (rustls's limit stays 0), so clients send
//! none and every handshake is the one OpenSSL's has with a client that
//! sends none (rejecting early data is always allowed; a client offering
//! it sends its data again after the handshake). `SSL_read_early_data` and
//! `SSL_write_early_data` answer as OpenSSL's do when the client sent none
//! (nginx and haproxy call them on every connection). One visible
//! difference: with a limit set (and anti-replay on) OpenSSL's server makes
//! its TLS 1.3 tickets stateful, keeps their sessions in its cache and
//! removes each on use; ours stay stateless and uncached.

#![allow(non_snake_case)]

use super::handle;
use crate::abi::*;
use crate::ctx::SslCtx;
use crate::ssl::Ssl;
use sslshim_macros::entry;
use std::ffi::c_void;
use std::os::raw::c_int;
use std::sync::atomic::Ordering::Relaxed;

#[entry(
    limitation = "kept for SSL_CTX_get_max_early_data; tickets allow no early data and stay stateless (OpenSSL's become stateful, cached, single-use)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_max_early_data(ctx: *mut SslCtx, max_early_data: u32) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| {
        c.inert.max_early_data.store(max_early_data, Relaxed);
        1
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_max_early_data(ctx: *const SslCtx) -> u32 {
    handle::with(FUNC, ctx, FAIL, |c| c.inert.max_early_data.load(Relaxed))
}

#[entry(
    limitation = "kept for SSL_get_max_early_data; tickets allow no early data and stay stateless (OpenSSL's become stateful, cached, single-use)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_max_early_data(ssl: *mut Ssl, max_early_data: u32) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        s.inert.max_early_data.store(max_early_data, Relaxed);
        1
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_max_early_data(ssl: *const Ssl) -> u32 {
    handle::with(FUNC, ssl, FAIL, |s| s.inert.max_early_data.load(Relaxed))
}

/// Server: the handshake runs until the server's flight is out (TLS 1.3)
/// or complete (TLS 1.2), then FINISH with `*readbytes` 0, since no early
/// data is ever accepted; until then ERROR with `SSL_get_error` saying
/// what to wait for. A client, or a server whose handshake started
/// otherwise or that already answered FINISH: ERROR,
/// ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED.
#[entry(
    limitation = "no early data is ever accepted; after FINISH a TLS 1.3 server's SSL_write waits for the client's Finished (rustls sends no 0.5-RTT data)"
)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_read_early_data(
    ssl: *mut Ssl,
    buf: *mut c_void,
    num: usize,
    readbytes: *mut usize,
) -> c_int {
    let _ = (buf, num);
    let r = super::ssl::with_conn(FUNC, ssl, FAIL, |c| c.read_early_data(FUNC));
    if r == SSL_READ_EARLY_DATA_FINISH && !readbytes.is_null() {
        // SAFETY: the caller passes a writable size_t for the count.
        unsafe { *readbytes = 0 };
    }
    r
}

/// A client may write early data only with a session that allows it,
/// which never exists here: 0, ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, as
/// OpenSSL without such a session.
#[entry(absent = "0, ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED: no session allows early data")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_write_early_data(
    ssl: *mut Ssl,
    buf: *const c_void,
    num: usize,
    written: *mut usize,
) -> c_int {
    let _ = (buf, num, written);
    super::ssl::with_ssl(FUNC, ssl, FAIL, |s| s.lock().write_early_data(FUNC))
}
