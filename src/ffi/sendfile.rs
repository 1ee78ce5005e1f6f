//! `SSL_sendfile` (ssl.h): OpenSSL sends a file only through kernel TLS,
//! which we never enable (records are made by rustls in user space), so
//! it answers as OpenSSL does on a connection without kTLS: -1 and
//! `SSL_R_UNINITIALIZED` (`SSL_R_PROTOCOL_IS_SHUTDOWN` after our
//! close_notify). Programs check `BIO_get_ktls_send` first and write
//! instead (nginx does).

#![allow(non_snake_case)]

use super::handle;
use crate::abi::*;
use crate::ssl::Ssl;
use crate::ssl_err;
use sslshim_macros::entry;
use std::os::raw::c_int;

#[entry(
    fail = -1,
    fails_cleanly = "kernel TLS is never enabled (rustls makes the records), so as OpenSSL without kTLS",
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_sendfile(
    ssl: *mut Ssl,
    _fd: c_int,
    _offset: i64,
    _size: usize,
    _flags: c_int,
) -> isize {
    handle::with(FUNC, ssl, FAIL, |_| {
        if super::ssl::SSL_get_shutdown(ssl) & SSL_SENT_SHUTDOWN != 0 {
            ssl_err!(SSL_R_PROTOCOL_IS_SHUTDOWN, FUNC);
        } else {
            ssl_err!(SSL_R_UNINITIALIZED, FUNC);
        }
        -1
    })
}
