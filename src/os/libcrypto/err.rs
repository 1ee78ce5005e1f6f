//! Safe calls on libcrypto's per-thread error queue, for the core's
//! `ErrorQueue` in the drop-in flavour (`crate::err`'s libcrypto backend):
//! raw codes and C strings in, borrowed C strings out; no knowledge of the
//! core's types.

use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_ulong};
use std::ptr;

use super as sys;

/// Which entry `query` reads: `ERR_get_error_all` (and removes it),
/// `ERR_peek_error_all` or `ERR_peek_last_error_all`.
#[derive(Clone, Copy)]
pub enum Which {
    Pop,
    PeekFirst,
    PeekLast,
}

/// One entry as libcrypto hands it out, borrowed for the duration of a
/// `query` callback (the strings are libcrypto's, valid until the entry
/// is popped or the queue changes).
pub struct Entry<'a> {
    pub code: c_ulong,
    pub file: Option<&'a CStr>,
    pub line: c_int,
    pub func: Option<&'a CStr>,
    pub data: Option<&'a CStr>,
    pub flags: c_int,
}

/// `ERR_load_strings_const`: gives libcrypto a library's reason strings.
/// libcrypto keeps the table, so it is built once and kept for the process.
pub fn load_strings(reasons: impl Iterator<Item = (c_ulong, &'static CStr)>) {
    let mut table: Vec<sys::ErrStringData> = reasons
        .map(|(error, text)| sys::ErrStringData {
            error,
            string: text.as_ptr(),
        })
        .collect();
    table.push(sys::ErrStringData {
        error: 0,
        string: ptr::null(),
    });
    let table: &'static [sys::ErrStringData] = Box::leak(table.into_boxed_slice());
    // SAFETY: a {0, NULL}-terminated array of codes and static strings
    // that outlives every use libcrypto makes of it.
    unsafe { sys::ERR_load_strings_const(table.as_ptr()) };
}

/// `ERR_new` + `ERR_set_debug` + `ERR_set_error`, libcrypto's own sequence
/// behind `ERR_raise_data`. libcrypto keeps the file and function pointers,
/// not copies, hence `'static`; it copies `data`.
pub fn raise(
    lib: c_int,
    reason: c_int,
    file: &'static CStr,
    line: c_int,
    func: &'static CStr,
    data: Option<&CStr>,
) {
    // SAFETY: every pointer is a valid NUL-terminated string (file/func for
    // the process's life, data for the call, which copies it through the
    // "%s" format).
    unsafe {
        sys::ERR_new();
        sys::ERR_set_debug(file.as_ptr(), line, func.as_ptr());
        match data {
            Some(d) => sys::ERR_set_error(lib, reason, c"%s".as_ptr(), d.as_ptr()),
            None => sys::ERR_set_error(lib, reason, ptr::null()),
        }
    }
}

/// A C string libcrypto handed out (NULL = absent).
///
/// # Safety
/// `p` is NULL or a NUL-terminated string valid for `'a`.
unsafe fn text<'a>(p: *const c_char) -> Option<&'a CStr> {
    // SAFETY: as the caller promises.
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) })
}

/// Reads one entry and hands it to `f`; `None` when the queue is empty.
pub fn query<R>(which: Which, f: impl FnOnce(Entry<'_>) -> R) -> Option<R> {
    let (mut file, mut func, mut data) = (ptr::null(), ptr::null(), ptr::null());
    let (mut line, mut flags) = (0, 0);
    let get = match which {
        Which::Pop => sys::ERR_get_error_all,
        Which::PeekFirst => sys::ERR_peek_error_all,
        Which::PeekLast => sys::ERR_peek_last_error_all,
    };
    // SAFETY: every out-pointer points to a local of the right type.
    let code = unsafe { get(&mut file, &mut line, &mut func, &mut data, &mut flags) };
    if code == 0 {
        return None;
    }
    // SAFETY: non-NULL strings libcrypto hands out are NUL-terminated and
    // valid at least until the entry is popped; `f` only borrows them, and
    // nothing touches this thread's queue before it returns.
    let (file, func, data) = unsafe { (text(file), text(func), text(data)) };
    Some(f(Entry {
        code,
        file,
        line,
        func,
        data,
        flags,
    }))
}

/// `ERR_clear_error` on this thread's queue.
pub fn clear() {
    // SAFETY: no arguments.
    unsafe { sys::ERR_clear_error() }
}

/// `ERR_set_mark`.
pub fn set_mark() -> bool {
    // SAFETY: no arguments.
    unsafe { sys::ERR_set_mark() != 0 }
}

/// `ERR_clear_last_mark` (`keep_errors`) or `ERR_pop_to_mark`.
pub fn unwind_to_mark(keep_errors: bool) -> bool {
    // SAFETY: no arguments.
    unsafe {
        if keep_errors {
            sys::ERR_clear_last_mark() != 0
        } else {
            sys::ERR_pop_to_mark() != 0
        }
    }
}
