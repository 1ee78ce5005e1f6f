//! PKCS #12 entry points of the standalone flavour (pkcs12.h). Reading a
//! PKCS #12 file needs its password-based ciphers and MAC (RC2, 3DES,
//! PBKDF/PKCS12KDF), which the standalone library does not carry; the
//! functions exist so programs with a PKCS #12 option (curl's
//! `--cert-type P12`) build and say "error reading PKCS12 file" when it is
//! used. PEM and DER certificates and keys are read as usual. The drop-in
//! flavour's are libcrypto's.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::os::raw::{c_char, c_int};
use std::ptr;

use crate::abi::{ERR_LIB_PKCS12, ERR_R_UNSUPPORTED};
use crate::bio::Bio;
use crate::x509::{EvpPkey, X509};

/// `PKCS12`: never made.
#[repr(C)]
pub struct Pkcs12 {
    _opaque: [u8; 0],
}

/// `STACK_OF(X509)` in prototypes.
pub type StackX509 = crate::stack::OpensslStack;

fn unsupported(func: &'static str) {
    crate::err::raise(ERR_LIB_PKCS12, ERR_R_UNSUPPORTED, func, file!(), line!());
}

#[entry(
    fails_cleanly = "no PKCS #12 support (its password-based ciphers are not carried): NULL with an ERR entry"
)]
#[unsafe(no_mangle)]
pub extern "C" fn d2i_PKCS12_bio(_bp: *mut Bio, _p12: *mut *mut Pkcs12) -> *mut Pkcs12 {
    unsupported(FUNC);
    ptr::null_mut()
}

#[entry(
    fails_cleanly = "no PKCS #12 support (its password-based ciphers are not carried): NULL with an ERR entry"
)]
#[unsafe(no_mangle)]
pub extern "C" fn d2i_PKCS12_fp(_fp: *mut libc::FILE, _p12: *mut *mut Pkcs12) -> *mut Pkcs12 {
    unsupported(FUNC);
    ptr::null_mut()
}

#[entry(fails_cleanly = "no PKCS #12 support: 0 with an ERR entry (no PKCS12 object can exist)")]
#[unsafe(no_mangle)]
pub extern "C" fn PKCS12_parse(
    _p12: *mut Pkcs12,
    _pass: *const c_char,
    _pkey: *mut *mut EvpPkey,
    _cert: *mut *mut X509,
    _ca: *mut *mut StackX509,
) -> c_int {
    unsupported(FUNC);
    0
}

/// Nothing to free: no PKCS12 object is ever made.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn PKCS12_free(_a: *mut Pkcs12) {}

/// Registers PKCS #12 ciphers in OpenSSL; nothing to register here.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn PKCS12_PBE_add() {}
