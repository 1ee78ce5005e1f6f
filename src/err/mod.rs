//! The ERR queue: OpenSSL 3's per-thread error queue and packed error codes.
//!
//! (Skeleton: helper A fills this in. The signatures below are the seam the
//! rest of the core uses; keep them.)

use std::os::raw::{c_int, c_ulong};

/// Pushes an error for the current thread, as OpenSSL's `ERR_raise`.
pub fn raise(lib: c_int, reason: c_int, func: &'static str, file: &'static str, line: u32) {
    let _ = (lib, reason, func, file, line);
}

/// `ERR_raise_data`: the same with a detail string.
pub fn raise_data(
    lib: c_int,
    reason: c_int,
    func: &'static str,
    file: &'static str,
    line: u32,
    data: String,
) {
    let _ = (lib, reason, func, file, line, data);
}

/// The oldest error without removing it (`ERR_peek_error`), 0 if none.
pub fn peek_error() -> c_ulong {
    0
}

/// `ERR_GET_LIB`.
pub fn lib_of(code: c_ulong) -> c_int {
    let _ = code;
    0
}

/// Raise an SSL-library error with this file and line: `ssl_err!(SSL_R_X, "SSL_func")`.
#[macro_export]
macro_rules! ssl_err {
    ($reason:expr, $func:expr) => {
        $crate::err::raise($crate::abi::ERR_LIB_SSL, $reason, $func, file!(), line!())
    };
}
