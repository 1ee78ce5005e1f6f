//! `ErrorQueue` on libcrypto's per-thread queue: what the core raises is
//! what the program's `ERR_get_error` returns, and the core's own checks
//! (`SSL_get_error` peeking the queue) see libcrypto's entries too.

use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int};
use std::ptr;
use std::sync::{Arc, Once};

use super::sys;
use crate::abi::{ERR_LIB_SSL, ERR_TXT_STRING};
use crate::err::{ErrorQueue, Pick, Record, intern};

pub struct LibcryptoErr;
pub static LIBCRYPTO: LibcryptoErr = LibcryptoErr;

/// A C string from libcrypto (NULL = absent).
fn text(p: *const c_char) -> Option<&'static CStr> {
    if p.is_null() {
        return None;
    }
    // SAFETY: non-NULL strings libcrypto hands out are NUL-terminated and
    // valid at least until the entry is popped; we copy before returning.
    let s = unsafe { CStr::from_ptr(p) };
    Some(intern(&s.to_string_lossy()))
}

/// Gives libcrypto the SSL library's reason strings, as the real libssl
/// does in `OPENSSL_init_ssl`: without them a program printing our errors
/// (`ERR_error_string_n`, `ERR_print_errors`) gets `reason(N)`.
fn load_ssl_strings() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let mut table: Vec<sys::ErrStringData> = crate::err::library_reasons(ERR_LIB_SSL)
            .map(|(error, text)| sys::ErrStringData {
                error,
                string: text.as_ptr(),
            })
            .collect();
        table.push(sys::ErrStringData {
            error: 0,
            string: ptr::null(),
        });
        // libcrypto keeps the table: it lives for the process.
        let table: &'static [sys::ErrStringData] = Box::leak(table.into_boxed_slice());
        // SAFETY: a {0, NULL}-terminated array of codes and static strings
        // that outlives every use libcrypto makes of it.
        unsafe { sys::ERR_load_strings_const(table.as_ptr()) };
    });
}

impl ErrorQueue for LibcryptoErr {
    fn push(
        &self,
        lib: c_int,
        reason: c_int,
        func: &str,
        file: &str,
        line: u32,
        data: Option<String>,
    ) {
        load_ssl_strings();
        // libcrypto keeps the file and function pointers, not copies:
        // interned strings live for the process.
        let (file, func) = (intern(file), intern(func));
        let line = c_int::try_from(line).unwrap_or(c_int::MAX);
        let data = data.map(|d| CString::new(d.replace('\0', " ")).unwrap_or_default());
        // SAFETY: ERR_new/ERR_set_debug/ERR_set_error is libcrypto's own
        // sequence behind ERR_raise_data; every pointer is a valid
        // NUL-terminated string (file/func for the process's life, data for
        // the call, which copies it through the "%s" format).
        unsafe {
            sys::ERR_new();
            sys::ERR_set_debug(file.as_ptr(), line, func.as_ptr());
            match &data {
                Some(d) => sys::ERR_set_error(lib, reason, c"%s".as_ptr(), d.as_ptr()),
                None => sys::ERR_set_error(lib, reason, ptr::null()),
            }
        }
    }

    fn query(&self, pick: Pick) -> Option<Record> {
        let (mut file, mut func, mut data) = (ptr::null(), ptr::null(), ptr::null());
        let (mut line, mut flags) = (0, 0);
        let f = match pick {
            Pick::Pop => sys::ERR_get_error_all,
            Pick::PeekFirst => sys::ERR_peek_error_all,
            Pick::PeekLast => sys::ERR_peek_last_error_all,
        };
        // SAFETY: every out-pointer points to a local of the right type.
        let code = unsafe { f(&mut file, &mut line, &mut func, &mut data, &mut flags) };
        if code == 0 {
            return None;
        }
        let data = (flags & ERR_TXT_STRING != 0)
            .then(|| text(data))
            .flatten()
            .map(Arc::<CStr>::from);
        Some(Record {
            code,
            file: text(file).unwrap_or(c""),
            line,
            func: text(func).unwrap_or(c""),
            text: data.as_ref().map(|d| d.to_string_lossy().into_owned()),
            data,
            flags,
        })
    }

    fn clear(&self) {
        // SAFETY: no arguments; clears this thread's queue.
        unsafe { sys::ERR_clear_error() }
    }

    fn set_mark(&self) -> bool {
        // SAFETY: no arguments.
        unsafe { sys::ERR_set_mark() != 0 }
    }

    fn unwind_to_mark(&self, keep_errors: bool) -> bool {
        // SAFETY: no arguments.
        unsafe {
            if keep_errors {
                sys::ERR_clear_last_mark() != 0
            } else {
                sys::ERR_pop_to_mark() != 0
            }
        }
    }
}
