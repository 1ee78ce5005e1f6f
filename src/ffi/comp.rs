//! Compression (ssl.h `SSL_COMP_*`, `SSL_get_current_compression`): TLS
//! compression is not supported, as in OpenSSL 3 built without zlib
//! (Debian's): the process's list of methods is an empty stack, no method
//! can be added, and a connection never has one.

#![allow(non_snake_case)]

use super::handle::{self};
use super::objects::{CObjects, Flavour};
use crate::abi::*;
use crate::ssl::Ssl;
use crate::ssl_err;
use sslshim_macros::entry;
use std::os::raw::{c_char, c_int, c_void};
use std::ptr;
use std::sync::Mutex;

/// `STACK_OF(SSL_COMP)` and `COMP_METHOD`: only pointers cross here.
pub type StackSslComp = c_void;
pub type CompMethod = c_void;

/// The `STACK_OF(SSL_COMP)*` of the process (0: not made yet).
static METHODS: Mutex<usize> = Mutex::new(0);

/// OpenSSL's `struct ssl_comp_st`: an `SSL_COMP` can only be OpenSSL's.
#[repr(C)]
pub struct SslComp {
    id: c_int,
    name: *const c_char,
    method: *mut c_void,
}

/// get0: the process's list of methods, an empty stack.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_COMP_get_compression_methods() -> *mut StackSslComp {
    let mut m = METHODS.lock().unwrap_or_else(|e| e.into_inner());
    if *m == 0 {
        *m = Flavour::new_stack() as usize;
    }
    *m as *mut c_void
}

/// Replaces the list (the caller owns the old one, as in OpenSSL).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_COMP_set0_compression_methods(meths: *mut StackSslComp) -> *mut StackSslComp {
    let mut m = METHODS.lock().unwrap_or_else(|e| e.into_inner());
    std::mem::replace(&mut *m, meths as usize) as *mut c_void
}

/// 1 is OpenSSL's failure value here (0 is success). As OpenSSL 3.0's: a
/// NULL method (what `COMP_zlib()` gives without zlib) is refused silently,
/// an id outside the private range 193..=255 with an error entry; a method
/// we would have to use is refused as unsupported (rustls compresses
/// nothing).
#[entry(
    fail = 1,
    fails_cleanly = "TLS compression is not supported (rustls has none): a method is refused with SSL_R_UNSUPPORTED_COMPRESSION_ALGORITHM"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_COMP_add_compression_method(id: c_int, cm: *mut CompMethod) -> c_int {
    if cm.is_null() {
        return 1;
    }
    if !(193..=255).contains(&id) {
        ssl_err!(SSL_R_COMPRESSION_ID_NOT_WITHIN_PRIVATE_RANGE, FUNC);
        return 1;
    }
    ssl_err!(SSL_R_UNSUPPORTED_COMPRESSION_ALGORITHM, FUNC);
    1
}

/// The name of a compression method: none exists here, so a NULL method
/// (what `SSL_get_current_compression` returns) has no name.
#[entry(limitation = "no compression method exists; NULL for any argument")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_COMP_get_name(_comp: *const CompMethod) -> *const c_char {
    ptr::null()
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_COMP_get0_name(comp: *const SslComp) -> *const c_char {
    // SAFETY: NULL or an SSL_COMP, whose layout is OpenSSL's.
    unsafe { comp.as_ref() }.map_or(ptr::null(), |c| c.name)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_COMP_get_id(comp: *const SslComp) -> c_int {
    // SAFETY: NULL or an SSL_COMP, whose layout is OpenSSL's.
    unsafe { comp.as_ref() }.map_or(-1, |c| c.id)
}

/// NULL: no compression is ever negotiated.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_current_compression(ssl: *const Ssl) -> *const CompMethod {
    handle::with(FUNC, ssl, FAIL, |_| ptr::null())
}

/// NULL: no compression is ever negotiated.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_current_expansion(ssl: *const Ssl) -> *const CompMethod {
    handle::with(FUNC, ssl, FAIL, |_| ptr::null())
}
