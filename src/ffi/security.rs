//! Security levels (ssl.h `SSL_CTX_set_security_level` & co.). rustls's
//! policy is fixed: no SSLv3/TLS 1.0/1.1, no RSA keys under 2048 bits, no
//! SHA-1 or MD5 signatures in TLS 1.2+ handshakes, no RC4/3DES/CBC-SHA1
//! export or anonymous suites, which is at least what level 2 (Debian's
//! default) demands. The level is recorded and reported back; a lower
//! level does not loosen that policy (peers OpenSSL would then accept with
//! weak keys are still refused), a higher one does not tighten it beyond
//! it (a warning says so).

#![allow(non_snake_case)]

use super::handle;
use super::ssl::{query, settings_setter};
use crate::ctx::SslCtx;
use crate::ssl::Ssl;
use sslshim_macros::entry;
use std::os::raw::c_int;

fn warn_if_stricter(level: c_int) {
    if level > 2 {
        log::warn!("security level {level} recorded; rustls's fixed policy is that of level 2");
    }
}

#[entry(
    limitation = "the level is recorded and reported; rustls's fixed policy (at least level 2's) applies whatever the level"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_security_level(ctx: *mut SslCtx, level: c_int) {
    handle::with(FUNC, ctx, FAIL, |c| {
        warn_if_stricter(level);
        c.update(|s| s.security_level = level)
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_security_level(ctx: *const SslCtx) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| c.settings().security_level)
}

#[entry(
    limitation = "the level is recorded and reported; rustls's fixed policy (at least level 2's) applies whatever the level"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_security_level(ssl: *mut Ssl, level: c_int) {
    warn_if_stricter(level);
    settings_setter(FUNC, ssl, FAIL, |st| st.security_level = level)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_security_level(ssl: *const Ssl) -> c_int {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| f.settings.security_level,
        |s| s.lock().settings().security_level,
    )
}
