//! Error codes as text, byte for byte as OpenSSL 3.0 renders them
//! (crypto/err/err.c `ossl_err_string_int`, crypto/err/err_prn.c).

use std::ffi::CStr;
use std::io::Write;
use std::os::raw::c_ulong;

use super::reasons::{LIB_NAMES, REASONS};
use super::{Pick, is_system, lib_of, reason_of, record};

/// `ERR_PRINT_BUF_SIZE`: one printed line never exceeds this, NUL included.
const PRINT_BUF_SIZE: usize = 4096;

fn lookup(table: &'static [(u32, &'static CStr)], key: u32) -> Option<&'static CStr> {
    table
        .binary_search_by_key(&key, |&(k, _)| k)
        .ok()
        .and_then(|i| table.get(i))
        .map(|&(_, s)| s)
}

/// `ERR_lib_error_string`: the library's name, `None` when unknown.
pub fn lib_string(code: c_ulong) -> Option<&'static CStr> {
    lookup(LIB_NAMES, lib_of(code) as u32)
}

/// `ERR_reason_error_string`. `None` for system errors (OpenSSL has no
/// thread-safe buffer to hand out strerror text) and unknown reasons. A
/// library's own reason falls back to the common `ERR_R_*` table; reason 0
/// finds the library's name, because OpenSSL keeps both in one table.
pub fn reason_string(code: c_ulong) -> Option<&'static CStr> {
    if is_system(code) {
        return None;
    }
    let lib = lib_of(code) as u32;
    let reason = reason_of(code) as u32;
    if reason == 0 {
        return lookup(LIB_NAMES, lib);
    }
    lookup(REASONS, (lib << 23) | reason).or_else(|| lookup(REASONS, reason))
}

/// What `snprintf(buf, cap, "%s", s)` leaves in `buf` (without the NUL).
fn clip(s: &[u8], cap: usize) -> &[u8] {
    &s[..s.len().min(cap.saturating_sub(1))]
}

/// `ossl_err_string_int`: the text `ERR_error_string_n(code, buf, cap)`
/// leaves in a buffer of `cap` bytes (NUL excluded; empty for `cap == 0`).
/// A line that would fill the buffer exactly is treated as truncated and
/// replaced by the terse `err:` form, as OpenSSL does.
pub fn error_string_n(code: c_ulong, func: &str, cap: usize) -> Vec<u8> {
    if cap == 0 {
        return Vec::new();
    }
    let lib = lib_of(code);
    let reason = reason_of(code);
    let lib_text = match lib_string(code) {
        Some(s) => s.to_string_lossy().into_owned(),
        None => format!("lib({lib})"),
    };
    let reason_text = match reason_string(code) {
        Some(s) => s.to_string_lossy().into_owned(),
        None => is_system(code)
            .then(|| crate::os::strerror(reason))
            .flatten()
            .unwrap_or_else(|| format!("reason({})", reason as u32)),
    };
    let full = format!("error:{code:08X}:{lib_text}:{func}:{reason_text}");
    let out = clip(full.as_bytes(), cap);
    if out.len() == cap - 1 {
        let terse = format!("err:{code:x}:{:x}:0:{:x}", lib as u32, reason as u32);
        return clip(terse.as_bytes(), cap).to_vec();
    }
    out.to_vec()
}

/// `ERR_error_string_n` with OpenSSL's 256-byte buffer, as text.
pub fn error_string(code: c_ulong) -> String {
    String::from_utf8_lossy(&error_string_n(code, "", 256)).into_owned()
}

/// `ERR_print_errors_cb`: drains this thread's queue, one line per error
/// (`<tid>:error:<code>:<lib>:<func>:<reason>:<file>:<line>:<data>\n`),
/// stopping early when `sink` returns false. `tid_hex` is the thread id as
/// OpenSSL renders it (the bytes of `pthread_t` in memory order, hex).
pub fn print_errors(tid_hex: &str, mut sink: impl FnMut(&[u8]) -> bool) {
    while let Some(r) = record(Pick::Pop) {
        let mut line = clip(format!("{tid_hex}:").as_bytes(), PRINT_BUF_SIZE).to_vec();
        let func = r.func.to_string_lossy();
        line.extend(error_string_n(r.code, &func, PRINT_BUF_SIZE - line.len()));
        let mut tail = Vec::new();
        let _ = write!(tail, ":{}:{}:", r.file.to_string_lossy(), r.line);
        tail.extend(r.text.as_deref().unwrap_or_default().as_bytes());
        tail.push(b'\n');
        let room = PRINT_BUF_SIZE - line.len();
        line.extend(clip(&tail, room));
        if !sink(&line) {
            break;
        }
    }
}
