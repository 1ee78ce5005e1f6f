//! `SSL_SESSION` in PEM (pem.h's `PEM_read_bio_SSL_SESSION` family, which
//! OpenSSL's libssl defines with `IMPLEMENT_PEM_rw`): a block labelled
//! `SSL SESSION PARAMETERS` holding `i2d_SSL_SESSION`'s DER. The flavour
//! reads and writes the block on the program's BIO or FILE
//! (`CObjects::pem_read`/`pem_write`: our reader and writer, or
//! libcrypto's PEM functions); the DER is always ours, so what reads back
//! is what `d2i_SSL_SESSION` reads.

#![allow(non_snake_case)]

use super::objects::{CObjects, Flavour, Stream};
use super::pkey::PemPasswordFn;
use super::session::{d2i_SSL_SESSION, i2d_SSL_SESSION};
use crate::bio::Bio;
use crate::session::SslSession;
use crate::x509::pem_block::SSL_SESSION_LABEL;
use sslshim_macros::entry;
use std::ffi::c_void;
use std::os::raw::{c_int, c_long, c_uchar};

/// `d2i_SSL_SESSION` as a `d2i_of_void`.
unsafe extern "C" fn d2i(a: *mut *mut c_void, pp: *mut *const c_uchar, len: c_long) -> *mut c_void {
    // SAFETY: the `d2i_of_void` contract is `d2i_SSL_SESSION`'s, for the
    // session pointer type.
    unsafe { d2i_SSL_SESSION(a.cast(), pp, len) }.cast()
}

/// `i2d_SSL_SESSION` as an `i2d_of_void`.
unsafe extern "C" fn i2d(x: *const c_void, pp: *mut *mut c_uchar) -> c_int {
    // SAFETY: as for `d2i`: `x` is the caller's session (or NULL).
    unsafe { i2d_SSL_SESSION(x.cast(), pp) }
}

/// The next session block in `bp`; `*x`, when given, is filled in place
/// (`d2i_SSL_SESSION`'s rule).
#[entry(
    limitation = "reads back only what d2i_SSL_SESSION reads (sslshim server sessions); standalone: the password callback is never called (a session is never written encrypted)"
)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PEM_read_bio_SSL_SESSION(
    bp: *mut Bio,
    x: *mut *mut SslSession,
    cb: PemPasswordFn,
    u: *mut c_void,
) -> *mut SslSession {
    let src = Stream::Bio(bp.cast());
    Flavour::pem_read(src, SSL_SESSION_LABEL, d2i, x.cast(), cb, u, FUNC).cast()
}

#[entry(
    limitation = "reads back only what d2i_SSL_SESSION reads (sslshim server sessions); standalone: the password callback is never called (a session is never written encrypted)"
)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PEM_read_SSL_SESSION(
    fp: *mut libc::FILE,
    x: *mut *mut SslSession,
    cb: PemPasswordFn,
    u: *mut c_void,
) -> *mut SslSession {
    let src = Stream::File(fp);
    Flavour::pem_read(src, SSL_SESSION_LABEL, d2i, x.cast(), cb, u, FUNC).cast()
}

/// 1, or 0 when the session does not encode (`ERR_R_ASN1_LIB` after
/// `i2d_SSL_SESSION`'s own error) or cannot be written.
#[entry(
    limitation = "writes only what i2d_SSL_SESSION encodes: a client session fails (0) because rustls does not export its secret"
)]
#[unsafe(no_mangle)]
pub extern "C" fn PEM_write_bio_SSL_SESSION(bp: *mut Bio, x: *const SslSession) -> c_int {
    Flavour::pem_write(
        Stream::Bio(bp.cast()),
        SSL_SESSION_LABEL,
        i2d,
        x.cast(),
        FUNC,
    )
}

#[entry(
    limitation = "writes only what i2d_SSL_SESSION encodes: a client session fails (0) because rustls does not export its secret"
)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PEM_write_SSL_SESSION(fp: *mut libc::FILE, x: *const SslSession) -> c_int {
    Flavour::pem_write(Stream::File(fp), SSL_SESSION_LABEL, i2d, x.cast(), FUNC)
}
