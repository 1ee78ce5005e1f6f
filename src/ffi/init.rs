//! Library initialisation and identity (crypto.h, ssl.h, opensslv.h), and
//! ex_data index allocation.

#![allow(non_snake_case)]

use crate::abi::*;
use crate::ex_data;
use sslshim_macros::entry;
use std::ffi::{CStr, c_void};
use std::os::raw::{c_char, c_int, c_long, c_uint, c_ulong};

/// Nothing needs loading: error strings, algorithms and the config file
/// are built in or do not apply. Always succeeds, as OpenSSL does.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_init_ssl(_opts: u64, _settings: *const OpensslInitSettings) -> c_int {
    crate::logging::init();
    1
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_init_crypto(_opts: u64, _settings: *const OpensslInitSettings) -> c_int {
    crate::logging::init();
    1
}

/// Nothing to release; provided because programs call it at exit.

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_cleanup() {}

/// What `OpenSSL_version(OPENSSL_VERSION)` says: our name, the API level we
/// provide, and the rustls underneath.
static VERSION_TEXT: &CStr = c"sslshim 0.1.0 (OpenSSL 3.0 API; rustls 0.23 with aws-lc-rs)";

#[entry]
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

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OpenSSL_version_num() -> c_ulong {
    OPENSSL_VERSION_NUMBER as c_ulong
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_version_major() -> c_uint {
    3
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_version_minor() -> c_uint {
    0
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_version_patch() -> c_uint {
    0
}

/// Opaque OpenSSL types that appear in signatures only.
#[repr(C)]
pub struct OsslLibCtx {
    _private: [u8; 0],
}

/// `OPENSSL_INIT_SETTINGS`: which configuration file and section
/// `OPENSSL_init_ssl` should read. We read none (the library's behaviour
/// is built in), so the object only has to exist and be freed; in the
/// drop-in flavour the settings are libcrypto's, and equally unread.
#[repr(C)]
pub struct OpensslInitSettings {
    magic: u64,
}

impl OpensslInitSettings {
    const MAGIC: u64 = 0x5353_4c53_494e_4954; // "SSLSINIT"
}

// SAFETY: `#[repr(C)]` with the `u64` magic first, set at construction.
unsafe impl super::handle::Handle for OpensslInitSettings {
    const MAGIC: u64 = OpensslInitSettings::MAGIC;
    fn magic(&self) -> u64 {
        self.magic
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_INIT_new() -> *mut OpensslInitSettings {
    super::handle::into_raw(std::sync::Arc::new(OpensslInitSettings {
        magic: OpensslInitSettings::MAGIC,
    }))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_INIT_free(settings: *mut OpensslInitSettings) {
    super::handle::release(settings);
}

/// Accepted (1) for our settings object: no configuration file is read.
#[entry(limitation = "no configuration file is read: the name is accepted and unused")]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_INIT_set_config_appname(
    settings: *mut OpensslInitSettings,
    _appname: *const c_char,
) -> c_int {
    c_int::from(super::handle::borrow(settings).is_some())
}

/// Accepted (1) for our settings object: no configuration file is read.
#[entry(limitation = "no configuration file is read: the name is accepted and unused")]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_INIT_set_config_filename(
    settings: *mut OpensslInitSettings,
    _filename: *const c_char,
) -> c_int {
    c_int::from(super::handle::borrow(settings).is_some())
}

/// Accepted for our settings object: no configuration file is read.
#[entry(limitation = "no configuration file is read: the flags are accepted and unused")]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_INIT_set_config_file_flags(
    settings: *mut OpensslInitSettings,
    _flags: std::os::raw::c_ulong,
) {
    let _ = super::handle::borrow(settings);
}

/// `CRYPTO_EX_DATA*` as callbacks receive it: the address of our slot store.
#[repr(C)]
pub struct CryptoExData {
    _private: [u8; 0],
}

type ExCallback =
    unsafe extern "C" fn(*mut c_void, *mut c_void, *mut CryptoExData, c_int, c_long, *mut c_void);

/// Calls a registered new/free callback (the hooks the core runs).
fn call(addr: usize, r: &ex_data::Registration, parent: usize, value: usize, ad: usize) {
    // SAFETY: `addr` is a non-zero function pointer of exactly this type,
    // stored by CRYPTO_get_ex_new_index from the caller's argument.
    let f: ExCallback = unsafe { std::mem::transmute::<usize, ExCallback>(addr) };
    // SAFETY: OpenSSL's calling convention for ex_data callbacks: the parent
    // object, the slot's value, the slot store, index and the caller's args.
    unsafe {
        f(
            parent as *mut c_void,
            value as *mut c_void,
            ad as *mut CryptoExData,
            r.idx,
            r.argl as c_long,
            r.argp as *mut c_void,
        )
    };
}

fn new_hook(r: &ex_data::Registration, parent: usize, value: usize, ad: usize) {
    call(r.new_fn, r, parent, value, ad);
}

fn free_hook(r: &ex_data::Registration, parent: usize, value: usize, ad: usize) {
    call(r.free_fn, r, parent, value, ad);
}

/// `CRYPTO_get_ex_new_index` (behind `SSL_get_ex_new_index` and friends).
/// new and free callbacks run at object creation and at the last free, as
/// in OpenSSL; dup callbacks have nothing to run for (no object copying).

#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub extern "C" fn CRYPTO_get_ex_new_index(
    class_index: c_int,
    argl: c_long,
    argp: *mut c_void,
    new_func: Option<
        unsafe extern "C" fn(
            *mut c_void,
            *mut c_void,
            *mut CryptoExData,
            c_int,
            c_long,
            *mut c_void,
        ),
    >,
    _dup_func: Option<
        unsafe extern "C" fn(
            *mut CryptoExData,
            *const CryptoExData,
            *mut *mut c_void,
            c_int,
            c_long,
            *mut c_void,
        ) -> c_int,
    >,
    free_func: Option<
        unsafe extern "C" fn(
            *mut c_void,
            *mut c_void,
            *mut CryptoExData,
            c_int,
            c_long,
            *mut c_void,
        ),
    >,
) -> c_int {
    ex_data::set_hooks(new_hook, free_hook);
    let addr = |f: Option<ExCallback>| f.map_or(0, |f| f as usize);
    ex_data::new_index(
        class_index,
        argl,
        argp as usize,
        addr(new_func),
        addr(free_func),
    )
}
