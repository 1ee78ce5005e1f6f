//! `ErrorQueue` on libcrypto's per-thread queue (the drop-in flavour): what
//! the core raises is what the program's `ERR_get_error` returns, and the
//! core's own checks (`SSL_get_error` peeking the queue) see libcrypto's
//! entries too. The calls themselves are `crate::os::libcrypto::err`.

use std::ffi::{CStr, CString};
use std::os::raw::c_int;
use std::sync::{Arc, Once};

use super::{ErrorQueue, Pick, Record, intern, library_reasons};
use crate::abi::{ERR_LIB_SSL, ERR_TXT_STRING};
use crate::os::libcrypto::err as lc;

pub struct LibcryptoErr;
pub static LIBCRYPTO: LibcryptoErr = LibcryptoErr;

/// Gives libcrypto the SSL library's reason strings, as the real libssl
/// does in `OPENSSL_init_ssl`: without them a program printing our errors
/// (`ERR_error_string_n`, `ERR_print_errors`) gets `reason(N)`.
fn load_ssl_strings() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| lc::load_strings(library_reasons(ERR_LIB_SSL)));
}

/// A libcrypto string copied into the process-lifetime table.
fn kept(s: Option<&CStr>) -> Option<&'static CStr> {
    s.map(|s| intern(&s.to_string_lossy()))
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
        lc::raise(lib, reason, file, line, func, data.as_deref());
    }

    fn query(&self, pick: Pick) -> Option<Record> {
        let which = match pick {
            Pick::Pop => lc::Which::Pop,
            Pick::PeekFirst => lc::Which::PeekFirst,
            Pick::PeekLast => lc::Which::PeekLast,
        };
        lc::query(which, |e| {
            let data = (e.flags & ERR_TXT_STRING != 0)
                .then(|| kept(e.data))
                .flatten()
                .map(Arc::<CStr>::from);
            Record {
                code: e.code,
                file: kept(e.file).unwrap_or(c""),
                line: e.line,
                func: kept(e.func).unwrap_or(c""),
                text: data.as_ref().map(|d| d.to_string_lossy().into_owned()),
                data,
                flags: e.flags,
            }
        })
    }

    fn clear(&self) {
        lc::clear()
    }

    fn set_mark(&self) -> bool {
        lc::set_mark()
    }

    fn unwind_to_mark(&self, keep_errors: bool) -> bool {
        lc::unwind_to_mark(keep_errors)
    }
}
