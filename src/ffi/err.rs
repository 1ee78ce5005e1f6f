//! `ERR_*` entry points (openssl/err.h, sslerr_legacy.h): the C view of the
//! thread's error queue in `crate::err`.

use sslshim_macros::entry;
use std::cell::{RefCell, UnsafeCell};
use std::ffi::CStr;
use std::fmt::Write as _;
use std::os::raw::{c_char, c_int, c_ulong, c_void};

use crate::err::{self, Pick};
use crate::ffi::handle::guard;

/// The thread id as `ERR_print_errors*` prints it: the bytes of `pthread_t`
/// in memory order, upper-case hex.
fn thread_id_hex() -> String {
    crate::os::thread_id()
        .to_ne_bytes()
        .iter()
        .fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02X}");
            s
        })
}

/// Copies a C string argument, `None` for NULL.
fn opt_str(p: *const c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: non-NULL; C callers pass NUL-terminated strings here, as the
    // OpenSSL prototypes require.
    Some(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}

/// Writes `v` through an optional out-pointer.
fn put<T>(out: *mut T, v: T) {
    if !out.is_null() {
        // SAFETY: non-NULL out-pointers from C point to writable `T`s.
        unsafe { out.write(v) };
    }
}

/// The shared body of the `ERR_get_*`/`ERR_peek_*` family: OpenSSL leaves
/// every out-parameter untouched when the queue is empty.
fn fetch(
    pick: Pick,
    file: *mut *const c_char,
    line: *mut c_int,
    func: *mut *const c_char,
    data: *mut *const c_char,
    flags: *mut c_int,
) -> c_ulong {
    let Some(r) = err::record(pick) else {
        return 0;
    };
    put(file, r.file.as_ptr());
    put(line, r.line);
    put(func, r.func.as_ptr());
    put(data, r.data.as_deref().map_or(c"".as_ptr(), CStr::as_ptr));
    put(flags, r.flags);
    r.code
}

const NO_STR: *mut *const c_char = std::ptr::null_mut();
const NO_INT: *mut c_int = std::ptr::null_mut();

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn ERR_get_error() -> c_ulong {
    guard(FUNC, 0, err::get_error)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn ERR_peek_error() -> c_ulong {
    guard(FUNC, 0, err::peek_error)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn ERR_peek_last_error() -> c_ulong {
    guard(FUNC, 0, err::peek_last_error)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_get_error_line(file: *mut *const c_char, line: *mut c_int) -> c_ulong {
    fetch(Pick::Pop, file, line, NO_STR, NO_STR, NO_INT)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_peek_error_line(
    file: *mut *const c_char,
    line: *mut c_int,
) -> c_ulong {
    fetch(Pick::PeekFirst, file, line, NO_STR, NO_STR, NO_INT)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_peek_last_error_line(
    file: *mut *const c_char,
    line: *mut c_int,
) -> c_ulong {
    fetch(Pick::PeekLast, file, line, NO_STR, NO_STR, NO_INT)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_get_error_line_data(
    file: *mut *const c_char,
    line: *mut c_int,
    data: *mut *const c_char,
    flags: *mut c_int,
) -> c_ulong {
    fetch(Pick::Pop, file, line, NO_STR, data, flags)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_peek_error_line_data(
    file: *mut *const c_char,
    line: *mut c_int,
    data: *mut *const c_char,
    flags: *mut c_int,
) -> c_ulong {
    fetch(Pick::PeekFirst, file, line, NO_STR, data, flags)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_peek_last_error_line_data(
    file: *mut *const c_char,
    line: *mut c_int,
    data: *mut *const c_char,
    flags: *mut c_int,
) -> c_ulong {
    fetch(Pick::PeekLast, file, line, NO_STR, data, flags)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_get_error_all(
    file: *mut *const c_char,
    line: *mut c_int,
    func: *mut *const c_char,
    data: *mut *const c_char,
    flags: *mut c_int,
) -> c_ulong {
    fetch(Pick::Pop, file, line, func, data, flags)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_peek_error_all(
    file: *mut *const c_char,
    line: *mut c_int,
    func: *mut *const c_char,
    data: *mut *const c_char,
    flags: *mut c_int,
) -> c_ulong {
    fetch(Pick::PeekFirst, file, line, func, data, flags)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_peek_last_error_all(
    file: *mut *const c_char,
    line: *mut c_int,
    func: *mut *const c_char,
    data: *mut *const c_char,
    flags: *mut c_int,
) -> c_ulong {
    fetch(Pick::PeekLast, file, line, func, data, flags)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_peek_error_func(func: *mut *const c_char) -> c_ulong {
    fetch(Pick::PeekFirst, NO_STR, NO_INT, func, NO_STR, NO_INT)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_peek_last_error_func(func: *mut *const c_char) -> c_ulong {
    fetch(Pick::PeekLast, NO_STR, NO_INT, func, NO_STR, NO_INT)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_peek_error_data(
    data: *mut *const c_char,
    flags: *mut c_int,
) -> c_ulong {
    fetch(Pick::PeekFirst, NO_STR, NO_INT, NO_STR, data, flags)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_peek_last_error_data(
    data: *mut *const c_char,
    flags: *mut c_int,
) -> c_ulong {
    fetch(Pick::PeekLast, NO_STR, NO_INT, NO_STR, data, flags)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn ERR_clear_error() {
    guard(FUNC, (), err::clear)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn ERR_set_mark() -> c_int {
    c_int::from(err::set_mark())
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn ERR_pop_to_mark() -> c_int {
    c_int::from(err::pop_to_mark())
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn ERR_clear_last_mark() -> c_int {
    c_int::from(err::clear_last_mark())
}

/// Copies `text` plus a NUL into a C buffer of `len` bytes (`text` already
/// fits: `error_string_n` leaves room for the NUL).
fn write_c(buf: *mut c_char, len: usize, text: &[u8]) {
    if buf.is_null() || len == 0 {
        return;
    }
    let n = text.len().min(len - 1);
    // SAFETY: C promised `len` writable bytes at `buf`; we write `n + 1 <= len`.
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr(), buf as *mut u8, n);
        buf.add(n).write(0);
    }
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_error_string_n(e: c_ulong, buf: *mut c_char, len: usize) {
    write_c(buf, len, &err::error_string_n(e, "", len));
}

/// OpenSSL's static fallback buffer for `ERR_error_string(e, NULL)`; like
/// OpenSSL's it is shared by all threads and not thread-safe by contract.
struct StaticBuf(UnsafeCell<[u8; 256]>);
// SAFETY: only ever written through raw pointers handed to C, which accepts
// the same race OpenSSL's own static buffer has.
unsafe impl Sync for StaticBuf {}
static ERROR_STRING_BUF: StaticBuf = StaticBuf(UnsafeCell::new([0; 256]));

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_error_string(e: c_ulong, buf: *mut c_char) -> *mut c_char {
    let out = if buf.is_null() {
        ERROR_STRING_BUF.0.get() as *mut c_char
    } else {
        buf
    };
    // OpenSSL assumes a caller's buffer holds 256 bytes too.
    write_c(out, 256, &err::error_string_n(e, "", 256));
    out
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn ERR_lib_error_string(e: c_ulong) -> *const c_char {
    err::lib_string(e).map_or(std::ptr::null(), CStr::as_ptr)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn ERR_reason_error_string(e: c_ulong) -> *const c_char {
    err::reason_string(e).map_or(std::ptr::null(), CStr::as_ptr)
}

/// Function codes no longer exist in OpenSSL 3.0; it always answers NULL.

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn ERR_func_error_string(_e: c_ulong) -> *const c_char {
    guard(FUNC, std::ptr::null(), std::ptr::null)
}

/// `int (*cb)(const char *str, size_t len, void *u)` of `ERR_print_errors_cb`.
pub type ErrPrintCb = Option<unsafe extern "C" fn(*const c_char, usize, *mut c_void) -> c_int>;

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_print_errors_cb(cb: ErrPrintCb, u: *mut c_void) {
    let Some(cb) = cb else { return };
    err::print_errors(&thread_id_hex(), |line| {
        let mut z = line.to_vec();
        z.push(0);
        // SAFETY: `z` is NUL-terminated and outlives the call; `u` is the
        // caller's own pointer, passed back untouched.
        unsafe { cb(z.as_ptr() as *const c_char, line.len(), u) > 0 }
    });
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_print_errors_fp(fp: *mut libc::FILE) {
    if fp.is_null() {
        return;
    }
    err::print_errors(&thread_id_hex(), |line| {
        // SAFETY: `fp` is the caller's open FILE*; `line` is readable
        // for its length.
        let n = unsafe { libc::fwrite(line.as_ptr() as *const c_void, 1, line.len(), fp) };
        n == line.len()
    });
}

#[derive(Default)]
struct Pending {
    file: Option<String>,
    line: c_int,
    func: Option<String>,
}

thread_local! {
    /// What `ERR_set_debug` recorded for the error `ERR_set_error` completes:
    /// the `ERR_raise` macro expands to `ERR_new(), ERR_set_debug(..), ERR_set_error(..)`.
    static PENDING: RefCell<Pending> = RefCell::new(Pending::default());
}

fn with_pending<R>(f: impl FnOnce(&mut Pending) -> R) -> Option<R> {
    PENDING
        .try_with(|p| p.try_borrow_mut().ok().map(|mut p| f(&mut p)))
        .ok()
        .flatten()
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn ERR_new() {
    with_pending(|p| *p = Pending::default());
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_set_debug(file: *const c_char, line: c_int, func: *const c_char) {
    let (file, func) = (opt_str(file), opt_str(func));
    with_pending(|p| {
        *p = Pending { file, line, func };
    });
}

/// Declared variadic in OpenSSL (`const char *fmt, ...`). Stable Rust cannot
/// define C-variadic functions, so the format is stored as the detail text
/// without substituting arguments; `ERR_raise` (fmt NULL) is exact, and on
/// the SysV x86-64 and AArch64 ABIs the ignored extra arguments are harmless.
/// cbindgen.toml therefore excludes it from the generated header, and
/// include/openssl/err.h declares OpenSSL's variadic prototype by hand.

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ERR_set_error(lib: c_int, reason: c_int, fmt: *const c_char) {
    let data = opt_str(fmt);
    let p = with_pending(std::mem::take).unwrap_or_default();
    let line = u32::try_from(p.line).unwrap_or(0);
    err::raise_from_c(
        lib,
        reason,
        p.func.as_deref().unwrap_or(""),
        p.file.as_deref().unwrap_or(""),
        line,
        data,
    );
}

/// Strings are always available here; OpenSSL 3.0 returns 1.
#[entry(fail = 1)]
#[unsafe(no_mangle)]
pub extern "C" fn ERR_load_SSL_strings() -> c_int {
    1
}
