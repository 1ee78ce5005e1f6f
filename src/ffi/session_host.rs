//! `SSL_SESSION_get0_hostname`/`set1_hostname` (ssl.h): the server name
//! (SNI) of the handshake that made the session: the one a client sent,
//! the one a server received. Kept through `i2d_SSL_SESSION` (OpenSSL's
//! `[6]` field).

#![allow(non_snake_case)]

use super::handle::{self, c_cstr};
use crate::session::SslSession;
use sslshim_macros::entry;
use std::os::raw::{c_char, c_int};
use std::ptr;

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_get0_hostname(s: *const SslSession) -> *const c_char {
    handle::with(FUNC, s, FAIL, |s| {
        // The string stays where it is until set1_hostname replaces it.
        s.meta()
            .hostname
            .as_ref()
            .map_or(ptr::null(), |h| h.as_ptr())
    })
}

/// NULL removes the name.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_set1_hostname(s: *mut SslSession, hostname: *const c_char) -> c_int {
    handle::with(FUNC, s, FAIL, |s| {
        s.meta().hostname = c_cstr(hostname).map(|h| h.to_owned());
        1
    })
}
