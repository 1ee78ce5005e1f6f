//! The ERR facade: OpenSSL 3's per-thread error queue and packed error codes.
//!
//! The rest of the core reports and inspects errors only through the
//! functions here, never through a queue directly. The queue behind them is
//! an `ErrorQueue`: our own per-thread one (`queue::OWN`, the standalone
//! flavour) or, in the drop-in flavour, the process's libcrypto queue
//! (`libcrypto::LIBCRYPTO`, on `crate::os::libcrypto`), so that a program's
//! `ERR_get_error` sees what we raise.

#![forbid(unsafe_code)]

#[cfg(feature = "dropin")]
mod libcrypto;
mod queue;
mod reasons;
mod text;

use std::ffi::CStr;
use std::os::raw::{c_int, c_ulong};

use crate::abi::{ERR_LIB_MASK, ERR_LIB_OFFSET, ERR_LIB_SYS, ERR_REASON_MASK, ERR_SYSTEM_FLAG};

#[cfg(feature = "dropin")]
pub(crate) use libcrypto::LIBCRYPTO;
pub use queue::{OWN, OwnQueue, Pick, Record};

/// An error queue: where `raise` puts entries and `record` reads them.
/// Per-thread, with OpenSSL 3's marks, in both implementations.
pub trait ErrorQueue: Sync {
    /// `ERR_new` + `ERR_set_debug` + `ERR_set_error(lib, reason, data)`.
    fn push(
        &self,
        lib: c_int,
        reason: c_int,
        func: &str,
        file: &str,
        line: u32,
        data: Option<String>,
    );
    fn query(&self, pick: Pick) -> Option<Record>;
    fn clear(&self);
    fn set_mark(&self) -> bool;
    /// `ERR_pop_to_mark` (`keep_errors == false`), `ERR_clear_last_mark` (true).
    fn unwind_to_mark(&self, keep_errors: bool) -> bool;
}

/// The queue this flavour uses (`crate::flavour` decides).
fn backend() -> &'static dyn ErrorQueue {
    crate::flavour::ERROR_QUEUE
}
pub use text::{error_string, error_string_n, lib_string, print_errors, reason_string};

/// `ERR_SYSTEM_MASK`: what is left of a system error code after the flag.
const SYSTEM_MASK: c_ulong = c_int::MAX as c_ulong;

/// The packed code OpenSSL 3 stores for `(lib, reason)`; system errors keep
/// the whole errno under `ERR_SYSTEM_FLAG`.
pub fn pack(lib: c_int, reason: c_int) -> c_ulong {
    if lib == ERR_LIB_SYS {
        return c_ulong::from(ERR_SYSTEM_FLAG) | (reason as c_ulong & SYSTEM_MASK);
    }
    ((lib as c_ulong & ERR_LIB_MASK as c_ulong) << ERR_LIB_OFFSET)
        | (reason as c_ulong & ERR_REASON_MASK as c_ulong)
}

/// `ERR_SYSTEM_ERROR`.
pub fn is_system(code: c_ulong) -> bool {
    code & c_ulong::from(ERR_SYSTEM_FLAG) != 0
}

/// `ERR_GET_LIB`.
pub fn lib_of(code: c_ulong) -> c_int {
    if is_system(code) {
        return ERR_LIB_SYS;
    }
    ((code >> ERR_LIB_OFFSET) & ERR_LIB_MASK as c_ulong) as c_int
}

/// `ERR_GET_REASON` (the errno for system errors).
pub fn reason_of(code: c_ulong) -> c_int {
    if is_system(code) {
        return (code & SYSTEM_MASK) as c_int;
    }
    (code & ERR_REASON_MASK as c_ulong) as c_int
}

/// Pushes an error for the current thread, as OpenSSL's `ERR_raise`.
pub fn raise(lib: c_int, reason: c_int, func: &'static str, file: &'static str, line: u32) {
    backend().push(lib, reason, func, file, line, None);
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
    backend().push(lib, reason, func, file, line, Some(data));
}

/// `ERR_raise(ERR_LIB_SYS, errno)`: a failed system call.
pub fn raise_sys(errno: c_int, func: &'static str, file: &'static str, line: u32) {
    raise(ERR_LIB_SYS, errno, func, file, line);
}

/// A system error with detail, e.g. OpenSSL's `"calling fopen(%s, %s)"`.
pub fn raise_sys_data(
    errno: c_int,
    func: &'static str,
    file: &'static str,
    line: u32,
    data: String,
) {
    raise_data(ERR_LIB_SYS, errno, func, file, line, data);
}

/// For C callers (`ERR_set_error` and friends) whose names are not
/// `'static` Rust strings; they are copied.
pub fn raise_from_c(
    lib: c_int,
    reason: c_int,
    func: &str,
    file: &str,
    line: u32,
    data: Option<String>,
) {
    backend().push(lib, reason, func, file, line, data);
}

/// Removes and returns the oldest error (`ERR_get_error`), 0 if none.
pub fn get_error() -> c_ulong {
    record(Pick::Pop).map_or(0, |r| r.code)
}

/// The oldest error without removing it (`ERR_peek_error`), 0 if none.
pub fn peek_error() -> c_ulong {
    record(Pick::PeekFirst).map_or(0, |r| r.code)
}

/// The newest error (`ERR_peek_last_error`), 0 if none.
pub fn peek_last_error() -> c_ulong {
    record(Pick::PeekLast).map_or(0, |r| r.code)
}

/// The full entry (`ERR_get_error_all`/`ERR_peek_*_all`), `None` if empty.
pub fn record(pick: Pick) -> Option<Record> {
    backend().query(pick)
}

/// `ERR_clear_error`.
pub fn clear() {
    backend().clear();
}

/// `ERR_set_mark`.
pub fn set_mark() -> bool {
    backend().set_mark()
}

/// `ERR_pop_to_mark`: drops errors raised since the newest mark.
pub fn pop_to_mark() -> bool {
    backend().unwind_to_mark(false)
}

/// `ERR_clear_last_mark`: forgets the newest mark, keeping the errors.
pub fn clear_last_mark() -> bool {
    backend().unwind_to_mark(true)
}

/// The detail string of the newest error, if any, as owned text.
pub fn last_error_data() -> Option<String> {
    record(Pick::PeekLast)?.text
}

/// The reason strings of library `lib` as `(packed code, text)`, for
/// registering them with another error queue (the drop-in flavour gives
/// libcrypto the SSL library's, as the real libssl does at init).
pub fn library_reasons(lib: c_int) -> impl Iterator<Item = (c_ulong, &'static CStr)> {
    let lib = lib as u32;
    reasons::REASONS
        .iter()
        .filter(move |(code, _)| code >> ERR_LIB_OFFSET == lib)
        .map(|(code, text)| (c_ulong::from(*code), *text))
}

/// Interns a name for the life of the process (see `queue::intern`).
pub fn intern(s: &str) -> &'static CStr {
    queue::intern(s)
}

/// Raise an SSL-library error with this file and line: `ssl_err!(SSL_R_X, "SSL_func")`.
#[macro_export]
macro_rules! ssl_err {
    ($reason:expr, $func:expr) => {
        $crate::err::raise($crate::abi::ERR_LIB_SSL, $reason, $func, file!(), line!())
    };
}

#[cfg(test)]
mod tests;
