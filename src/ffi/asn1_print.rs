//! The ASN.1 printing functions of the standalone flavour (asn1.h):
//! `ASN1_TIME_print`, `ASN1_STRING_print`, `i2a_ASN1_OBJECT` and
//! `i2t_ASN1_OBJECT`, with OpenSSL 3.0's text. The drop-in flavour's are
//! libcrypto's.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::os::raw::{c_char, c_int};

use super::asn1::{Asn1Object, Asn1String, Asn1Time, content as bytes, string};
use super::handle;
use super::objects::Stream;
use super::pem_io::write_bytes;
use crate::abi::{V_ASN1_GENERALIZEDTIME, V_ASN1_UTCTIME};
use crate::bio::Bio;
use crate::x509::{obj, time_print};

fn to(bp: *mut Bio) -> Stream {
    Stream::Bio(bp.cast())
}

/// "Mon DD HH:MM:SS YYYY GMT"; 1, or 0 after writing "Bad time value"
/// for a time that does not read (NULL included).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn ASN1_TIME_print(bp: *mut Bio, tm: *const Asn1Time) -> c_int {
    let text = string(tm).and_then(|t| match t.type_ {
        V_ASN1_UTCTIME => time_print::print(false, bytes(t)),
        V_ASN1_GENERALIZEDTIME => time_print::print(true, bytes(t)),
        _ => None,
    });
    match text {
        Some(text) => c_int::from(write_bytes(to(bp), text.as_bytes())),
        None => {
            write_bytes(to(bp), time_print::BAD_TIME.as_bytes());
            0
        }
    }
}

/// The string's bytes with everything but printable ASCII, CR and LF
/// shown as '.'; 1, or 0 for NULL or a failed write.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn ASN1_STRING_print(bp: *mut Bio, v: *const Asn1String) -> c_int {
    let Some(v) = string(v) else {
        return 0;
    };
    let shown: Vec<u8> = bytes(v)
        .iter()
        .map(|&b| {
            if b > b'~' || (b < b' ' && b != b'\n' && b != b'\r') {
                b'.'
            } else {
                b
            }
        })
        .collect();
    c_int::from(shown.is_empty() || write_bytes(to(bp), &shown))
}

/// `OBJ_obj2txt(buf, buf_len, a, 0)`: the long name or dotted OID; its
/// full length, 0 (and an empty buffer) for NULL.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn i2t_ASN1_OBJECT(
    buf: *mut c_char,
    buf_len: c_int,
    a: *const Asn1Object,
) -> c_int {
    if handle::borrow(a).is_none() {
        if !buf.is_null() && buf_len > 0 {
            // SAFETY: the caller's buffer holds at least one byte.
            unsafe { buf.write(0) };
        }
        return 0;
    }
    // SAFETY: the caller's arguments, passed on as they came.
    unsafe { super::asn1::OBJ_obj2txt(buf, buf_len, a, 0) }
}

/// The object's text written to `bp` (its length), "NULL" (4) for no
/// object.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn i2a_ASN1_OBJECT(bp: *mut Bio, a: *const Asn1Object) -> c_int {
    let text = handle::borrow(a)
        .and_then(|a| obj::oid_text(&a.oid, false))
        .unwrap_or_else(|| "NULL".to_owned());
    if !write_bytes(to(bp), text.as_bytes()) {
        return -1;
    }
    c_int::try_from(text.len()).unwrap_or(c_int::MAX)
}
