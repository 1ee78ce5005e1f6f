//! `CRYPTO_malloc` and friends (openssl/crypto.h): memory we hand to C is
//! plain libc heap, so `OPENSSL_free` (a macro for `CRYPTO_free`) and libc
//! `free` both release it. The `file`/`line` arguments only feed OpenSSL's
//! debug hooks, which we do not have.

use sslshim_macros::entry;
use std::os::raw::{c_char, c_int, c_void};

use crate::abi::{ERR_LIB_CRYPTO, ERR_R_MALLOC_FAILURE};

fn malloc_failed() {
    crate::err::raise(
        ERR_LIB_CRYPTO,
        ERR_R_MALLOC_FAILURE,
        "CRYPTO_malloc",
        file!(),
        line!(),
    );
}

/// `malloc` with OpenSSL's rules: 0 bytes gives NULL, failure is queued.
pub(crate) fn alloc(num: usize) -> *mut c_void {
    if num == 0 {
        return std::ptr::null_mut();
    }
    // SAFETY: plain libc allocation of a non-zero size.
    let p = unsafe { libc::malloc(num) };
    if p.is_null() {
        malloc_failed();
    }
    p
}

/// A libc-heap copy of `bytes`, NUL-terminated when `nul`; NULL on failure
/// (or for an empty, unterminated copy, as `CRYPTO_malloc(0)`).
pub(crate) fn alloc_copy(bytes: &[u8], nul: bool) -> *mut u8 {
    let p = alloc(bytes.len() + usize::from(nul)) as *mut u8;
    if p.is_null() {
        return p;
    }
    // SAFETY: `p` has room for `bytes.len()` bytes plus the optional NUL.
    unsafe {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), p, bytes.len());
        if nul {
            p.add(bytes.len()).write(0);
        }
    }
    p
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn CRYPTO_malloc(
    num: usize,
    _file: *const c_char,
    _line: c_int,
) -> *mut c_void {
    alloc(num)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn CRYPTO_zalloc(
    num: usize,
    _file: *const c_char,
    _line: c_int,
) -> *mut c_void {
    let p = alloc(num);
    if !p.is_null() {
        // SAFETY: `p` was just allocated with `num` bytes.
        unsafe { std::ptr::write_bytes(p as *mut u8, 0, num) };
    }
    p
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn CRYPTO_free(ptr: *mut c_void, _file: *const c_char, _line: c_int) {
    // SAFETY: C frees only what came from the libc heap (our allocators or
    // its own malloc); free(NULL) is a no-op.
    unsafe { libc::free(ptr) }
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn CRYPTO_clear_free(
    ptr: *mut c_void,
    num: usize,
    _file: *const c_char,
    _line: c_int,
) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: the caller says `ptr` holds `num` bytes it owns; volatile
    // writes keep the wipe from being optimised away before free.
    unsafe {
        let bytes = ptr as *mut u8;
        for i in 0..num {
            bytes.add(i).write_volatile(0);
        }
        libc::free(ptr);
    }
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn CRYPTO_realloc(
    addr: *mut c_void,
    num: usize,
    _file: *const c_char,
    _line: c_int,
) -> *mut c_void {
    if addr.is_null() {
        return alloc(num);
    }
    if num == 0 {
        // SAFETY: `addr` is a libc-heap block the caller owns.
        unsafe { libc::free(addr) };
        return std::ptr::null_mut();
    }
    // SAFETY: as above; realloc keeps `addr` valid when it fails.
    let p = unsafe { libc::realloc(addr, num) };
    if p.is_null() {
        malloc_failed();
    }
    p
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn CRYPTO_strdup(
    str: *const c_char,
    _file: *const c_char,
    _line: c_int,
) -> *mut c_char {
    if str.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: non-NULL C strings are NUL-terminated by contract.
    let bytes = unsafe { std::ffi::CStr::from_ptr(str) }.to_bytes();
    alloc_copy(bytes, true) as *mut c_char
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn CRYPTO_strndup(
    str: *const c_char,
    s: usize,
    _file: *const c_char,
    _line: c_int,
) -> *mut c_char {
    if str.is_null() {
        return std::ptr::null_mut();
    }
    // Stop at the first NUL without reading past `s` bytes.
    let mut n = 0;
    // SAFETY: the caller's buffer holds `s` bytes or a NUL before that.
    while n < s && unsafe { *str.add(n) } != 0 {
        n += 1;
    }
    // SAFETY: the `n` bytes were just read above.
    let bytes = unsafe { std::slice::from_raw_parts(str as *const u8, n) };
    alloc_copy(bytes, true) as *mut c_char
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn CRYPTO_memdup(
    data: *const c_void,
    siz: usize,
    _file: *const c_char,
    _line: c_int,
) -> *mut c_void {
    if data.is_null() || siz >= c_int::MAX as usize {
        return std::ptr::null_mut();
    }
    // SAFETY: the caller's buffer holds `siz` readable bytes.
    let bytes = unsafe { std::slice::from_raw_parts(data as *const u8, siz) };
    alloc_copy(bytes, false) as *mut c_void
}
