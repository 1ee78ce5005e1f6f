//! The standalone flavour's PEM and text I/O (`objects::Own`): OpenSSL's
//! `PEM_ASN1_read_bio`, `PEM_ASN1_write_bio` and `BIO_puts` steps on our
//! own BIOs or a C `FILE *`, with OpenSSL 3.0's errors. The block format
//! is the core's (`x509::pem_block`); the drop-in flavour has libcrypto do
//! all of this (`libcrypto::pem`).

use super::handle;
use super::objects::{D2iFn, I2dFn, Stream};
use super::pkey::{bio_line, file_line};
use crate::abi::{
    ERR_LIB_PEM, ERR_R_ASN1_LIB, ERR_R_BUF_LIB, PEM_R_BAD_BASE64_DECODE, PEM_R_BAD_END_LINE,
    PEM_R_NO_START_LINE,
};
use crate::bio::Bio;
use crate::x509::pem_block::{self, PemError};
use std::ffi::CStr;
use std::os::raw::{c_int, c_long, c_uchar, c_void};
use std::ptr;

fn pem_err(reason: c_int, func: &'static str) {
    crate::err::raise(ERR_LIB_PEM, reason, func, file!(), line!());
}

/// Our BIO behind a program's `BIO*`; `None` for NULL or not ours.
fn own_bio<'a>(p: *mut c_void) -> Option<&'a Bio> {
    handle::borrow(p as *const Bio)
}

/// The DER of the next block labelled `label`, or OpenSSL's errors.
fn read_der(src: Stream, label: &str, func: &'static str) -> Option<Vec<u8>> {
    let read = match src {
        Stream::Bio(p) => own_bio(p).map(|b| pem_block::read(label, bio_line(b))),
        Stream::File(fp) if !fp.is_null() => Some(pem_block::read(label, file_line(fp))),
        Stream::File(_) => None,
    };
    match read {
        Some(Ok(der)) => Some(der),
        // OpenSSL 3.0's BIO_gets on NULL: its error, then the reader's;
        // the "Expecting:" detail goes only on a first error of the reader.
        None => {
            crate::bio::null_param(func);
            pem_err(PEM_R_NO_START_LINE, func);
            None
        }
        Some(Err(e)) => {
            match e {
                PemError::NoStartLine => crate::err::raise_data(
                    ERR_LIB_PEM,
                    PEM_R_NO_START_LINE,
                    func,
                    file!(),
                    line!(),
                    format!("Expecting: {label}"),
                ),
                PemError::BadEndLine => pem_err(PEM_R_BAD_END_LINE, func),
                PemError::BadBase64 => pem_err(PEM_R_BAD_BASE64_DECODE, func),
                // OpenSSL's reader fails an empty block with nothing queued.
                PemError::Empty => {}
            }
            None
        }
    }
}

/// `PEM_ASN1_read_bio`: the block's DER through `d2i`, then
/// `ERR_R_ASN1_LIB` after d2i's own errors if it fails.
pub(super) fn pem_read(
    src: Stream,
    label: &CStr,
    d2i: D2iFn,
    x: *mut *mut c_void,
    func: &'static str,
) -> *mut c_void {
    let Some(der) = read_der(src, &label.to_string_lossy(), func) else {
        return ptr::null_mut();
    };
    let Ok(len) = c_long::try_from(der.len()) else {
        pem_err(ERR_R_ASN1_LIB, func);
        return ptr::null_mut();
    };
    let mut p = der.as_ptr();
    // SAFETY: `p` points to `len` readable bytes that outlive the call; `x`
    // is the caller's (NULL or its object pointer), as d2i expects.
    let obj = unsafe { d2i(x, &mut p as *mut *const c_uchar, len) };
    if obj.is_null() {
        pem_err(ERR_R_ASN1_LIB, func);
    }
    obj
}

/// `x`'s DER through `i2d` (length first, then the bytes).
fn encode(i2d: I2dFn, x: *const c_void) -> Option<Vec<u8>> {
    // SAFETY: `x` is the caller's object for `i2d` (or NULL, which the
    // session i2d refuses); a NULL output asks for the length only.
    let len = unsafe { i2d(x, ptr::null_mut()) };
    let mut der = vec![0u8; usize::try_from(len).ok().filter(|n| *n > 0)?];
    let mut p = der.as_mut_ptr();
    // SAFETY: `p` points to a buffer of the length `i2d` just reported.
    let written = unsafe { i2d(x, &mut p) };
    (written == len).then_some(der)
}

/// `PEM_ASN1_write_bio` unencrypted: `ERR_R_ASN1_LIB` when `x` does not
/// encode, `ERR_R_BUF_LIB` when the block cannot be written (OpenSSL
/// 3.0's `BIO_write` on a NULL BIO fails with nothing queued).
pub(super) fn pem_write(
    dst: Stream,
    label: &CStr,
    i2d: I2dFn,
    x: *const c_void,
    func: &'static str,
) -> c_int {
    let Some(der) = encode(i2d, x) else {
        pem_err(ERR_R_ASN1_LIB, func);
        return 0;
    };
    let text = pem_block::encode(&label.to_string_lossy(), &der);
    let written = match dst {
        Stream::Bio(p) => own_bio(p).is_some_and(|b| {
            usize::try_from(b.write_int(Some(text.as_bytes()), text.len())) == Ok(text.len())
        }),
        Stream::File(fp) => write_file(fp, text.as_bytes()),
    };
    if !written {
        pem_err(ERR_R_BUF_LIB, func);
        return 0;
    }
    1
}

/// All of `bytes` to a C `FILE *` (NULL: nothing written).
fn write_file(fp: *mut libc::FILE, bytes: &[u8]) -> bool {
    if fp.is_null() {
        return false;
    }
    // SAFETY: `fp` is the caller's open FILE; `bytes` is readable for its
    // length.
    let n = unsafe { libc::fwrite(bytes.as_ptr().cast(), 1, bytes.len(), fp) };
    n == bytes.len()
}

/// `BIO_puts`: a NULL BIO is OpenSSL 3.0's `ERR_R_PASSED_NULL_PARAMETER`.
pub(super) fn write_text(dst: Stream, text: &CStr, func: &'static str) -> bool {
    match dst {
        Stream::Bio(p) => match own_bio(p) {
            Some(b) => b.puts(text) > 0,
            None => {
                crate::bio::null_param(func);
                false
            }
        },
        Stream::File(fp) => {
            let ok = write_file(fp, text.to_bytes());
            if !ok && fp.is_null() {
                crate::bio::null_param(func);
            }
            ok
        }
    }
}

/// `BIO_write` (or `fwrite`) of all of `bytes`: false when any is not
/// written or the destination is NULL (OpenSSL 3.0's BIO_write on NULL
/// queues nothing).
pub(super) fn write_bytes(dst: Stream, bytes: &[u8]) -> bool {
    if bytes.is_empty() {
        return !matches!(dst, Stream::Bio(p) if p.is_null());
    }
    match dst {
        Stream::Bio(p) => own_bio(p).is_some_and(|b| {
            usize::try_from(b.write_int(Some(bytes), bytes.len())).is_ok_and(|n| n == bytes.len())
        }),
        Stream::File(fp) => write_file(fp, bytes),
    }
}
