//! `SSL_CTRL_SET_TMP_ECDH` (`SSL_CTX_set_tmp_ecdh`): as OpenSSL 3, the
//! key's curve becomes the only key-exchange group.
//!
//! `SSL_CTRL_SET_TMP_DH` / `SSL_CTRL_SET_DH_AUTO` (`SSL_CTX_set_tmp_dh`,
//! `SSL_set_tmp_dh`, `SSL_CTX_set_dh_auto`...): finite-field DH parameters
//! for DHE cipher suites. rustls implements no DHE suite, so our cipher
//! list never holds one and the parameters cannot change a handshake; the
//! call is accepted as OpenSSL accepts it (socat always sets a 2048-bit
//! group and stops when this fails). Area of the dsrv helper (ctrl object
//! arguments), added by dcli because socat needs it.

use super::handle;
use super::objects::{CObjects, Flavour};
use crate::abi::*;
use crate::ctx::SslCtx;
use crate::ssl::Ssl;
use crate::ssl_err;
use sslshim_macros::entry;
use std::os::raw::{c_int, c_long, c_void};

/// `SSL_CTRL_SET_TMP_ECDH`: the NID of the key's curve, to be set as
/// `SSL_CTRL_SET_GROUPS` would (OpenSSL 3.0's ssl_set_tmp_ecdh_groups:
/// a curve without a TLS group then fails without an error entry);
/// `None` (error queued) for NULL or a key whose curve cannot be read.
pub fn ecdh_curve(parg: *mut c_void, func: &'static str) -> Option<c_int> {
    if parg.is_null() {
        ssl_err!(ERR_R_PASSED_NULL_PARAMETER, func);
        return None;
    }
    let nid = Flavour::ec_key_curve(parg);
    if nid.is_none() {
        ssl_err!(SSL_R_MISSING_PARAMETERS, func);
    }
    nid
}

/// The answer for a DH ctrl, `None` for any other command.
pub fn ctrl(cmd: i32, _larg: c_long, parg: *mut c_void, func: &'static str) -> Option<c_long> {
    match cmd {
        SSL_CTRL_SET_TMP_DH if parg.is_null() => {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, func);
            Some(0)
        }
        SSL_CTRL_SET_TMP_DH => {
            log::debug!(
                "{func}: DH parameters accepted; no DHE suite is offered (rustls has none)"
            );
            Some(1)
        }
        // Automatic parameters: equally without effect.
        SSL_CTRL_SET_DH_AUTO => Some(1),
        _ => None,
    }
}

/// `DH`: libcrypto's finite-field Diffie-Hellman parameters, opaque here.
#[repr(C)]
pub struct Dh {
    _opaque: [u8; 0],
}

/// `DH *(*dh)(SSL *ssl, int is_export, int keylength)`.
pub type TmpDhFn = Option<unsafe extern "C" fn(*mut Ssl, c_int, c_int) -> *mut Dh>;

/// `SSL_CTX_set_tmp_dh_callback`: OpenSSL keeps the callback for DHE
/// suites, which rustls does not have, so it would never be called. The
/// call is accepted without an error entry, as OpenSSL accepts it: mail
/// servers set it while loading their certificates and treat any queued
/// error as a failure to set up TLS.
#[entry(limitation = "accepted and never called (rustls has no DHE suites)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_tmp_dh_callback(ctx: *mut SslCtx, dh: TmpDhFn) {
    handle::with(FUNC, ctx, FAIL, |_| {
        log::debug!(
            "SSL_CTX_set_tmp_dh_callback({}): accepted; no DHE suite is offered (rustls has none)",
            if dh.is_some() { "set" } else { "NULL" }
        );
    })
}

/// `SSL_set_tmp_dh_callback`: as `SSL_CTX_set_tmp_dh_callback`; takes no
/// connection lock, so it works from inside callbacks too.
#[entry(limitation = "accepted and never called (rustls has no DHE suites)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_tmp_dh_callback(ssl: *mut Ssl, dh: TmpDhFn) {
    handle::with(FUNC, ssl, FAIL, |_| {
        log::debug!(
            "SSL_set_tmp_dh_callback({}): accepted; no DHE suite is offered (rustls has none)",
            if dh.is_some() { "set" } else { "NULL" }
        );
    })
}
