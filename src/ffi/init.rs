//! Library initialisation and identity (crypto.h, ssl.h, opensslv.h), and
//! ex_data index allocation.

#![allow(non_snake_case)]

use super::handle::guard;
use crate::abi::*;
use std::ffi::{CStr, c_void};
use std::os::raw::{c_char, c_int, c_long, c_uint, c_ulong};

/// Nothing needs loading: error strings, algorithms and the config file
/// are built in or do not apply. Always succeeds, as OpenSSL does.
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_init_ssl(_opts: u64, _settings: *const c_void) -> c_int {
    guard("OPENSSL_init_ssl", 0, || {
        crate::logging::init();
        1
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_init_crypto(_opts: u64, _settings: *const c_void) -> c_int {
    guard("OPENSSL_init_crypto", 0, || {
        crate::logging::init();
        1
    })
}

/// Nothing to release; provided because programs call it at exit.
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_cleanup() {}

/// What `OpenSSL_version(OPENSSL_VERSION)` says: our name, the API level we
/// provide, and the rustls underneath.
static VERSION_TEXT: &CStr = c"sslshim 0.1.0 (OpenSSL 3.0 API; rustls 0.23 with aws-lc-rs)";

#[unsafe(no_mangle)]
pub extern "C" fn OpenSSL_version(t: c_int) -> *const c_char {
    let s: &CStr = match t {
        OPENSSL_VERSION | OPENSSL_FULL_VERSION_STRING => VERSION_TEXT,
        OPENSSL_VERSION_STRING => c"3.0.0",
        OPENSSL_CFLAGS => c"compiler: rustc",
        OPENSSL_BUILT_ON => c"built on: sslshim build",
        OPENSSL_PLATFORM => c"platform: sslshim",
        OPENSSL_DIR => c"OPENSSLDIR: \"/usr/lib/ssl\"",
        OPENSSL_ENGINES_DIR => c"ENGINESDIR: \"\"",
        OPENSSL_MODULES_DIR => c"MODULESDIR: \"\"",
        OPENSSL_CPU_INFO => c"CPUINFO: N/A",
        _ => c"not available",
    };
    s.as_ptr()
}

/// The OpenSSL 3.0 release this API corresponds to (programs gate features
/// on it).
#[unsafe(no_mangle)]
pub extern "C" fn OpenSSL_version_num() -> c_ulong {
    OPENSSL_VERSION_NUMBER as c_ulong
}

#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_version_major() -> c_uint {
    3
}

#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_version_minor() -> c_uint {
    0
}

#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_version_patch() -> c_uint {
    0
}

pub type ExNew = Option<unsafe extern "C" fn(*mut c_void, *mut c_void, *mut c_void, c_int, c_long, *mut c_void)>;
pub type ExFree = ExNew;
pub type ExDup = Option<unsafe extern "C" fn(*mut c_void, *const c_void, *mut c_void, c_int, c_long, *mut c_void) -> c_int>;

/// `CRYPTO_get_ex_new_index` (behind `SSL_get_ex_new_index` and friends).
/// The new/dup/free callbacks are not called: slots hold plain pointers the
/// application manages, which is how libssl callers use them.
#[unsafe(no_mangle)]
pub extern "C" fn CRYPTO_get_ex_new_index(
    class_index: c_int,
    _argl: c_long,
    _argp: *mut c_void,
    _new: ExNew,
    _dup: ExDup,
    _free: ExFree,
) -> c_int {
    guard("CRYPTO_get_ex_new_index", -1, || crate::ex_data::new_index(class_index))
}
