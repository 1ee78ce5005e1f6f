//! DTLS (ssl.h, dtls1.h, srtp.h): rustls has no datagram TLS. The methods
//! give contexts whose handshakes fail with "no protocols available"
//! (ctx/method.rs), so a program that sets up DTLS beside TLS starts and
//! serves TLS; the DTLS-only calls answer as OpenSSL does on a connection
//! that never gets that far, and SRTP, which DTLS alone carries, cannot be
//! switched on.

use super::handle;
use crate::abi::*;
use crate::ctx::{self, SslCtx, SslMethod};
use crate::ssl::Ssl;
use crate::ssl_err;
use sslshim_macros::entry;
use std::os::raw::{c_char, c_int, c_uint};

/// libcrypto's `BIO_ADDR`, opaque (DTLSv1_listen never fills one).
#[repr(C)]
pub struct BioAddr {
    _opaque: [u8; 0],
}

#[entry(fails_cleanly = "rustls has no DTLS; handshakes fail with no protocols available")]
#[unsafe(no_mangle)]
pub extern "C" fn DTLS_method() -> *const SslMethod {
    &ctx::method::DTLS_METHOD
}

#[entry(fails_cleanly = "rustls has no DTLS; handshakes fail with no protocols available")]
#[unsafe(no_mangle)]
pub extern "C" fn DTLS_client_method() -> *const SslMethod {
    &ctx::method::DTLS_CLIENT_METHOD
}

#[entry(fails_cleanly = "rustls has no DTLS; handshakes fail with no protocols available")]
#[unsafe(no_mangle)]
pub extern "C" fn DTLS_server_method() -> *const SslMethod {
    &ctx::method::DTLS_SERVER_METHOD
}

#[entry(fails_cleanly = "rustls has no DTLS; handshakes fail with no protocols available")]
#[unsafe(no_mangle)]
pub extern "C" fn DTLSv1_2_method() -> *const SslMethod {
    &ctx::method::DTLS1_2_METHOD
}

#[entry(fails_cleanly = "rustls has no DTLS; handshakes fail with no protocols available")]
#[unsafe(no_mangle)]
pub extern "C" fn DTLSv1_2_client_method() -> *const SslMethod {
    &ctx::method::DTLS1_2_CLIENT_METHOD
}

#[entry(fails_cleanly = "rustls has no DTLS; handshakes fail with no protocols available")]
#[unsafe(no_mangle)]
pub extern "C" fn DTLSv1_2_server_method() -> *const SslMethod {
    &ctx::method::DTLS1_2_SERVER_METHOD
}

#[entry(fails_cleanly = "rustls has no DTLS; handshakes fail with no protocols available")]
#[unsafe(no_mangle)]
pub extern "C" fn DTLSv1_method() -> *const SslMethod {
    &ctx::method::DTLS1_METHOD
}

#[entry(fails_cleanly = "rustls has no DTLS; handshakes fail with no protocols available")]
#[unsafe(no_mangle)]
pub extern "C" fn DTLSv1_client_method() -> *const SslMethod {
    &ctx::method::DTLS1_CLIENT_METHOD
}

#[entry(fails_cleanly = "rustls has no DTLS; handshakes fail with no protocols available")]
#[unsafe(no_mangle)]
pub extern "C" fn DTLSv1_server_method() -> *const SslMethod {
    &ctx::method::DTLS1_SERVER_METHOD
}

/// Waiting for a ClientHello with a cookie: a TLS connection is refused as
/// by OpenSSL (`SSL_R_UNSUPPORTED_SSL_VERSION`); a DTLS one cannot
/// receive datagrams here, a fatal error (-1).
#[entry(
    fail = -1,
    fails_cleanly = "rustls has no DTLS: -1 (fatal) with SSL_R_UNSUPPORTED_SSL_VERSION"
)]
#[unsafe(no_mangle)]
pub extern "C" fn DTLSv1_listen(ssl: *mut Ssl, client: *mut BioAddr) -> c_int {
    let _ = client;
    handle::with(FUNC, ssl, FAIL, |_| {
        ssl_err!(SSL_R_UNSUPPORTED_SSL_VERSION, FUNC);
        -1
    })
}

/// No DTLS record layer: 0, as OpenSSL answers before a cipher is set.
#[entry(absent = "0")]
#[unsafe(no_mangle)]
pub extern "C" fn DTLS_get_data_mtu(ssl: *const Ssl) -> usize {
    handle::with(FUNC, ssl, FAIL, |_| 0)
}

/// DTLS retransmission timer callback.
#[entry(absent = "accepted, never called (no DTLS retransmissions)")]
#[unsafe(no_mangle)]
pub extern "C" fn DTLS_set_timer_cb(
    ssl: *mut Ssl,
    cb: Option<unsafe extern "C" fn(*mut Ssl, c_uint) -> c_uint>,
) {
    let _ = cb;
    handle::with(FUNC, ssl, (), |_| ())
}

/// SRTP keying (RFC 5764) travels in DTLS handshakes only. OpenSSL's
/// convention: 0 on success, 1 on failure; here every profile list fails
/// as an unknown profile would.
fn no_srtp(profiles: *const c_char, func: &'static str) -> c_int {
    let _ = profiles;
    ssl_err!(SSL_R_SRTP_UNKNOWN_PROTECTION_PROFILE, func);
    1
}

#[entry(
    fail = 1,
    absent = "1 (failure, OpenSSL's convention) with SSL_R_SRTP_UNKNOWN_PROTECTION_PROFILE: no DTLS, no SRTP"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_tlsext_use_srtp(ctx: *mut SslCtx, profiles: *const c_char) -> c_int {
    handle::with(FUNC, ctx, FAIL, |_| no_srtp(profiles, FUNC))
}

#[entry(
    fail = 1,
    absent = "1 (failure, OpenSSL's convention) with SSL_R_SRTP_UNKNOWN_PROTECTION_PROFILE: no DTLS, no SRTP"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_tlsext_use_srtp(ssl: *mut Ssl, profiles: *const c_char) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| no_srtp(profiles, FUNC))
}
