//! TLS 1.3 early data limits (ssl.h). Early data is not offered or
//! accepted: the limit stays 0, OpenSSL's default, and setting it to 0
//! succeeds; a non-zero limit would make a server accept 0-RTT data, which
//! we do not, so it fails cleanly instead of pretending.

#![allow(non_snake_case)]

use super::handle;
use crate::abi::*;
use crate::ctx::SslCtx;
use crate::ssl::Ssl;
use crate::ssl_err;
use sslshim_macros::entry;
use std::os::raw::c_int;

fn set(n: u32, func: &'static str) -> c_int {
    if n == 0 {
        return 1;
    }
    ssl_err!(ERR_R_UNSUPPORTED, func);
    0
}

#[entry(
    fails_cleanly = "early data is not supported; only the limit 0 (no early data) is accepted"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_max_early_data(ctx: *mut SslCtx, max_early_data: u32) -> c_int {
    handle::with(FUNC, ctx, FAIL, |_| set(max_early_data, FUNC))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_max_early_data(ctx: *const SslCtx) -> u32 {
    handle::with(FUNC, ctx, FAIL, |_| 0)
}

#[entry(
    fails_cleanly = "early data is not supported; only the limit 0 (no early data) is accepted"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_max_early_data(ssl: *mut Ssl, max_early_data: u32) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| set(max_early_data, FUNC))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_max_early_data(ssl: *const Ssl) -> u32 {
    handle::with(FUNC, ssl, FAIL, |_| 0)
}
