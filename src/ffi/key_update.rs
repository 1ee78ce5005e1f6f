//! TLS 1.3 key updates (ssl.h: `SSL_key_update`, `SSL_get_key_update_type`).

#![allow(non_snake_case)]

use super::handle;
use super::ssl::with_ssl;
use crate::abi::*;
use crate::ssl::Ssl;
use sslshim_macros::entry;
use std::os::raw::c_int;

/// The KeyUpdate goes out with the next `SSL_do_handshake`, read or
/// write, as in OpenSSL.
#[entry(
    limitation = "rustls always sends update_requested: with SSL_KEY_UPDATE_NOT_REQUESTED the peer answers with a KeyUpdate of its own"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_key_update(ssl: *mut Ssl, updatetype: c_int) -> c_int {
    with_ssl(FUNC, ssl, FAIL, |s| {
        c_int::from(s.lock().key_update(updatetype, FUNC))
    })
}

/// The type of the update `SSL_key_update` asked for until it is sent,
/// then `SSL_KEY_UPDATE_NONE`.
#[entry(fail = SSL_KEY_UPDATE_NONE)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_key_update_type(ssl: *const Ssl) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        if s.locked_here() {
            return SSL_KEY_UPDATE_NONE;
        }
        s.lock().key_update_type()
    })
}
