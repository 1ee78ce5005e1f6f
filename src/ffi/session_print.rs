//! `SSL_SESSION_print`, `SSL_SESSION_print_fp` and
//! `SSL_SESSION_print_keylog` (ssl.h): the core's text
//! (`session::text`, which says what a client session cannot show)
//! written to the program's BIO or FILE by the flavour
//! (`CObjects::write_text`).

#![allow(non_snake_case)]

use super::handle;
use super::objects::{CObjects, Flavour, Stream};
use crate::bio::Bio;
use crate::session::{SslSession, text};
use sslshim_macros::entry;
use std::ffi::CString;
use std::os::raw::c_int;

/// Writes what `make` gives for the session at `ses`: 0 for a NULL
/// session (nothing queued, as OpenSSL) or when `make` has nothing.
fn write(
    dst: Stream,
    ses: *const SslSession,
    func: &'static str,
    make: impl FnOnce(&SslSession) -> Option<String>,
) -> c_int {
    if ses.is_null() {
        return 0;
    }
    let Some(s) = handle::borrow(ses) else {
        handle::bad_arg(func);
        return 0;
    };
    let Some(text) = make(s).and_then(|t| CString::new(t).ok()) else {
        return 0;
    };
    c_int::from(Flavour::write_text(dst, &text, func))
}

/// OpenSSL's session text (ssl_txt.c).
#[entry(
    limitation = "a client session prints an empty Master-Key/Resumption PSK, Extended master secret: no, and no ticket lines: rustls keeps its secret and ticket sealed"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_print(bp: *mut Bio, ses: *const SslSession) -> c_int {
    write(Stream::Bio(bp.cast()), ses, FUNC, |s| Some(text::print(s)))
}

#[entry(
    limitation = "a client session prints an empty Master-Key/Resumption PSK, Extended master secret: no, and no ticket lines: rustls keeps its secret and ticket sealed"
)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_SESSION_print_fp(
    fp: *mut libc::FILE,
    ses: *const SslSession,
) -> c_int {
    write(Stream::File(fp), ses, FUNC, |s| Some(text::print(s)))
}

/// `RSA Session-ID:<id> Master-Key:<key>`; 0 without an id or a key.
#[entry(limitation = "fails (0) for a client session: rustls does not export its master key")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_print_keylog(bp: *mut Bio, x: *const SslSession) -> c_int {
    write(Stream::Bio(bp.cast()), x, FUNC, text::keylog)
}
