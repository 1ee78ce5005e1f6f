//! `PEM_write_bio_X509` and `PEM_write_X509` of the standalone flavour
//! (pem.h): a certificate as a "CERTIFICATE" block. The drop-in flavour's
//! are libcrypto's.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::os::raw::{c_int, c_uchar, c_void};

use super::objects::{CObjects, Flavour, Stream};
use crate::bio::Bio;
use crate::x509::X509;

/// `i2d_X509` in the shape `PEM_ASN1_write_bio` takes.
unsafe extern "C" fn i2d(x: *const c_void, pp: *mut *mut c_uchar) -> c_int {
    // SAFETY: `x` is the caller's certificate (or NULL, which i2d_X509
    // refuses).
    unsafe { super::x509::i2d_X509(x.cast(), pp) }
}

/// 1, or 0 with OpenSSL's errors queued.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn PEM_write_bio_X509(bp: *mut Bio, x: *const X509) -> c_int {
    Flavour::pem_write(Stream::Bio(bp.cast()), c"CERTIFICATE", i2d, x.cast(), FUNC)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PEM_write_X509(fp: *mut libc::FILE, x: *const X509) -> c_int {
    Flavour::pem_write(Stream::File(fp), c"CERTIFICATE", i2d, x.cast(), FUNC)
}
