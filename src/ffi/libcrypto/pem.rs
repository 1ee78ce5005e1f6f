//! The drop-in flavour's PEM and text I/O (`Libcrypto`): libcrypto's own
//! `PEM_ASN1_read_bio`/`PEM_ASN1_write_bio` (what OpenSSL's libssl
//! expands `PEM_read_bio_SSL_SESSION` & co. to) and `BIO_puts`, on the
//! program's libcrypto BIO or C `FILE *`, with our `d2i`/`i2d`. A NULL
//! `FILE *` is taken as a NULL BIO (libcrypto's file functions would
//! dereference it).

use super::sys;
use crate::abi::ERR_R_BUF_LIB;
use crate::ffi::objects::{D2iFn, I2dFn, Stream};
use crate::ffi::pkey::PemPasswordFn;
use std::ffi::CStr;
use std::os::raw::{c_int, c_void};
use std::ptr;

pub(super) fn pem_read(
    src: Stream,
    label: &CStr,
    d2i: D2iFn,
    x: *mut *mut c_void,
    cb: PemPasswordFn,
    u: *mut c_void,
) -> *mut c_void {
    match src {
        // SAFETY: `fp` is the caller's open FILE; `label` is NUL-terminated;
        // `x`, `cb` and `u` are the caller's, passed on as OpenSSL does.
        Stream::File(fp) if !fp.is_null() => unsafe {
            sys::PEM_ASN1_read(d2i, label.as_ptr(), fp, x, cb, u)
        },
        Stream::File(_) => pem_read(Stream::Bio(ptr::null_mut()), label, d2i, x, cb, u),
        // SAFETY: a libcrypto BIO or NULL (libcrypto checks it); as above.
        Stream::Bio(bp) => unsafe { sys::PEM_ASN1_read_bio(d2i, label.as_ptr(), bp, x, cb, u) },
    }
}

pub(super) fn pem_write(dst: Stream, label: &CStr, i2d: I2dFn, x: *const c_void) -> c_int {
    // No cipher, so no key, password callback or argument.
    let (enc, kstr, u) = (ptr::null(), ptr::null(), ptr::null_mut());
    let name = label.as_ptr();
    match dst {
        // SAFETY: `fp` is the caller's open FILE; `name` is NUL-terminated;
        // `x` is the caller's object for `i2d`.
        Stream::File(fp) if !fp.is_null() => unsafe {
            sys::PEM_ASN1_write(i2d, name, fp, x, enc, kstr, 0, None, u)
        },
        Stream::File(_) => pem_write(Stream::Bio(ptr::null_mut()), label, i2d, x),
        // SAFETY: a libcrypto BIO or NULL (libcrypto checks it); as above.
        Stream::Bio(bp) => unsafe {
            sys::PEM_ASN1_write_bio(i2d, name, bp, x, enc, kstr, 0, None, u)
        },
    }
}

/// `BIO_puts`; a file through a file BIO that leaves it open, as
/// `SSL_SESSION_print_fp` does.
pub(super) fn write_text(dst: Stream, text: &CStr, func: &'static str) -> bool {
    match dst {
        // SAFETY: a libcrypto BIO or NULL (libcrypto checks it); `text` is
        // NUL-terminated.
        Stream::Bio(bp) => unsafe { sys::BIO_puts(bp, text.as_ptr()) > 0 },
        Stream::File(fp) if !fp.is_null() => {
            // SAFETY: `fp` is the caller's open FILE; BIO_NOCLOSE (0).
            let b = unsafe { sys::BIO_new_fp(fp, 0) };
            if b.is_null() {
                crate::ssl_err!(ERR_R_BUF_LIB, func);
                return false;
            }
            // SAFETY: `b` is the file BIO we own; freed once here.
            unsafe {
                let ok = sys::BIO_puts(b, text.as_ptr()) > 0;
                sys::BIO_free(b);
                ok
            }
        }
        Stream::File(_) => write_text(Stream::Bio(ptr::null_mut()), text, func),
    }
}
