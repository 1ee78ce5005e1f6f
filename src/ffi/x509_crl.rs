//! `X509_CRL*` entry points of the standalone flavour (x509.h, pem.h):
//! enough to read a CRL, hand it to `X509_STORE_add_crl` and name its
//! issuer. The drop-in flavour's are libcrypto's.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::os::raw::{c_int, c_void};
use std::ptr;

use super::handle::{self, Handle, guard};
use super::pkey::{PemPasswordFn, bio_line, file_line, read_block, store_out};
use crate::abi::{ERR_LIB_PEM, ERR_R_ASN1_LIB, ERR_R_PASSED_NULL_PARAMETER, PEM_R_NO_START_LINE};
use crate::bio::Bio;
use crate::x509::pem::{PemKind, PemReader};
use crate::x509::{X509Crl, X509Name};

// SAFETY: `X509Crl` is `#[repr(C)]` with its `u64` magic first, set at
// construction and never changed.
unsafe impl Handle for X509Crl {
    const MAGIC: u64 = X509Crl::MAGIC;
    fn magic(&self) -> u64 {
        X509Crl::magic(self)
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_CRL_free(a: *mut X509Crl) {
    handle::release(a);
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_CRL_up_ref(crl: *mut X509Crl) -> c_int {
    c_int::from(handle::up_ref(crl))
}

/// get0: the issuer's name, part of the CRL.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_CRL_get_issuer(crl: *const X509Crl) -> *mut X509Name {
    handle::borrow(crl).map_or(ptr::null_mut(), |c| handle::as_ptr(c.issuer()))
}

/// The CRL of a completed PEM block, with OpenSSL's errors when there is
/// none or it cannot be read.
fn pem_crl(block: Option<PemReader>, func: &'static str) -> Option<std::sync::Arc<X509Crl>> {
    let Some(block) = block else {
        crate::err::raise(ERR_LIB_PEM, PEM_R_NO_START_LINE, func, file!(), line!());
        return None;
    };
    let crl = block.crl().and_then(X509Crl::from_der);
    if crl.is_none() {
        crate::err::raise(ERR_LIB_PEM, ERR_R_ASN1_LIB, func, file!(), line!());
    }
    crl
}

fn null_arg(func: &'static str) -> *mut X509Crl {
    crate::err::raise(
        ERR_LIB_PEM,
        ERR_R_PASSED_NULL_PARAMETER,
        func,
        file!(),
        line!(),
    );
    ptr::null_mut()
}

/// The next "X509 CRL" block of `fp` (reading stops after it).
#[entry(limitation = "the password callback is never called (CRLs are not encrypted)")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PEM_read_X509_CRL(
    fp: *mut libc::FILE,
    x: *mut *mut X509Crl,
    cb: PemPasswordFn,
    u: *mut c_void,
) -> *mut X509Crl {
    let _ = (cb, u);
    guard(FUNC, ptr::null_mut(), || {
        if fp.is_null() {
            return null_arg(FUNC);
        }
        store_out(x, pem_crl(read_block(PemKind::Crl, file_line(fp)), FUNC))
    })
}

#[entry(limitation = "the password callback is never called (CRLs are not encrypted)")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PEM_read_bio_X509_CRL(
    bp: *mut Bio,
    x: *mut *mut X509Crl,
    cb: PemPasswordFn,
    u: *mut c_void,
) -> *mut X509Crl {
    let _ = (cb, u);
    guard(FUNC, ptr::null_mut(), || {
        let Some(b) = handle::borrow(bp) else {
            return null_arg(FUNC);
        };
        store_out(x, pem_crl(read_block(PemKind::Crl, bio_line(b)), FUNC))
    })
}
