//! Compression (ssl.h `SSL_COMP_*`, `SSL_get_current_compression`): TLS
//! compression is not supported, as in OpenSSL 3 built without zlib
//! (Debian's): the process's list of methods is an empty stack, no method
//! can be added, and a connection never has one.

#![allow(non_snake_case)]

use super::handle::{self, guard};
use super::objects::{CObjects, Flavour};
use crate::abi::*;
use crate::ssl::Ssl;
use crate::ssl_err;
use std::os::raw::{c_char, c_int, c_void};
use std::ptr;
use std::sync::Mutex;

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
#[unsafe(no_mangle)]
pub extern "C" fn SSL_COMP_get_compression_methods() -> *mut c_void {
    guard("SSL_COMP_get_compression_methods", ptr::null_mut(), || {
        let mut m = METHODS.lock().unwrap_or_else(|e| e.into_inner());
        if *m == 0 {
            *m = Flavour::new_stack() as usize;
        }
        *m as *mut c_void
    })
}

/// Replaces the list (the caller owns the old one, as in OpenSSL).
#[unsafe(no_mangle)]
pub extern "C" fn SSL_COMP_set0_compression_methods(meths: *mut c_void) -> *mut c_void {
    guard("SSL_COMP_set0_compression_methods", ptr::null_mut(), || {
        let mut m = METHODS.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::replace(&mut *m, meths as usize) as *mut c_void
    })
}

/// 1 is OpenSSL's failure value here (0 is success).
// coverage: fails-cleanly: TLS compression is not supported (rustls has none)
#[unsafe(no_mangle)]
pub extern "C" fn SSL_COMP_add_compression_method(_id: c_int, _cm: *mut c_void) -> c_int {
    const F: &str = "SSL_COMP_add_compression_method";
    guard(F, 1, || {
        ssl_err!(SSL_R_UNSUPPORTED_COMPRESSION_ALGORITHM, F);
        1
    })
}

/// The name of a compression method: none exists here, so a NULL method
/// (what `SSL_get_current_compression` returns) has no name.
// coverage: limitation: no compression method exists; NULL for any argument
#[unsafe(no_mangle)]
pub extern "C" fn SSL_COMP_get_name(_comp: *const c_void) -> *const c_char {
    ptr::null()
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_COMP_get0_name(comp: *const SslComp) -> *const c_char {
    // SAFETY: NULL or an SSL_COMP, whose layout is OpenSSL's.
    unsafe { comp.as_ref() }.map_or(ptr::null(), |c| c.name)
}

#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_COMP_get_id(comp: *const SslComp) -> c_int {
    // SAFETY: NULL or an SSL_COMP, whose layout is OpenSSL's.
    unsafe { comp.as_ref() }.map_or(-1, |c| c.id)
}

/// NULL: no compression is ever negotiated.
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_current_compression(ssl: *const Ssl) -> *const c_void {
    handle::with("SSL_get_current_compression", ssl, ptr::null(), |_| {
        ptr::null()
    })
}

/// NULL: no compression is ever negotiated.
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_current_expansion(ssl: *const Ssl) -> *const c_void {
    handle::with("SSL_get_current_expansion", ssl, ptr::null(), |_| {
        ptr::null()
    })
}
