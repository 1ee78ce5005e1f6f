//! `ASN1_STRING` and `ASN1_OBJECT` of the standalone flavour (asn1.h,
//! objects.h) and the `OBJ_*` lookups over OpenSSL's object table
//! (src/x509/obj.rs). The drop-in flavour's are libcrypto's.
//!
//! `ASN1_STRING`'s members are public in OpenSSL and programs read them
//! (a GENERAL_NAME's `iPAddress->data`), so `Asn1String` has that layout
//! and owns its bytes; it carries no magic, and the accessors trust a
//! non-NULL pointer as OpenSSL's macros would.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::collections::HashMap;
use std::ffi::CString;
use std::os::raw::{c_char, c_int, c_long, c_uchar};
use std::ptr;
use std::sync::OnceLock;

use super::handle::{self, Handle};
use crate::abi::{ERR_LIB_OBJ, OBJ_R_UNKNOWN_OBJECT_NAME};
use crate::x509::obj;

/// OpenSSL's `struct asn1_string_st`.
#[repr(C)]
pub struct Asn1String {
    pub length: c_int,
    pub type_: c_int,
    pub data: *mut c_uchar,
    pub flags: c_long,
}

/// The names OpenSSL's prototypes give an `ASN1_STRING` of one type.
pub type Asn1Integer = Asn1String;
pub type Asn1Time = Asn1String;
pub type Asn1BitString = Asn1String;

/// An `Asn1String` that owns its bytes (NUL-terminated, as OpenSSL keeps
/// them). `string` comes first, so a pointer to one is a pointer to the
/// other.
#[repr(C)]
pub struct OwnedAsn1String {
    pub string: Asn1String,
    bytes: Box<[u8]>,
}

impl OwnedAsn1String {
    pub fn new(type_: c_int, content: &[u8]) -> Box<OwnedAsn1String> {
        let mut bytes = Vec::with_capacity(content.len() + 1);
        bytes.extend_from_slice(content);
        bytes.push(0);
        let mut bytes = bytes.into_boxed_slice();
        let data = bytes.as_mut_ptr();
        Box::new(OwnedAsn1String {
            string: Asn1String {
                length: c_int::try_from(content.len()).unwrap_or(c_int::MAX),
                type_,
                data,
                flags: 0,
            },
            bytes,
        })
    }

    pub fn content(&self) -> &[u8] {
        let n = usize::try_from(self.string.length).unwrap_or(0);
        self.bytes.get(..n).unwrap_or(&[])
    }
}

// SAFETY: `data` points into `bytes`, owned by the same value and never
// changed after construction, so sharing it between threads shares only
// immutable memory.
unsafe impl Send for OwnedAsn1String {}
// SAFETY: as above.
unsafe impl Sync for OwnedAsn1String {}

/// `ASN1_OBJECT`: an OID with the NID it is (opaque in OpenSSL 3).
#[repr(C)]
#[derive(Debug)]
pub struct Asn1Object {
    magic: u64,
    pub oid: Vec<u8>,
    pub nid: c_int,
}

impl Asn1Object {
    const MAGIC: u64 = 0x5353_4c53_4f42_4a21; // "SSLSOBJ!"

    pub fn new(oid: &[u8]) -> Asn1Object {
        Asn1Object {
            magic: Self::MAGIC,
            oid: oid.to_vec(),
            nid: obj::by_oid(oid).map_or(0, |o| o.nid),
        }
    }
}

// SAFETY: `#[repr(C)]` with the `u64` magic first, set at construction.
unsafe impl Handle for Asn1Object {
    const MAGIC: u64 = Asn1Object::MAGIC;
    fn magic(&self) -> u64 {
        self.magic
    }
}

/// The string behind a non-NULL pointer.
pub(super) fn string<'a>(s: *const Asn1String) -> Option<&'a Asn1String> {
    // SAFETY: a non-NULL ASN1_STRING* is the caller's live string (its
    // layout is public; OpenSSL's accessors read it the same way).
    (!s.is_null()).then(|| unsafe { &*s })
}

/// The content bytes of a string.
pub(super) fn content(s: &Asn1String) -> &[u8] {
    match usize::try_from(s.length) {
        Ok(n) if n > 0 && !s.data.is_null() => {
            // SAFETY: a string's `data` holds `length` bytes.
            unsafe { std::slice::from_raw_parts(s.data, n) }
        }
        _ => &[],
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn ASN1_STRING_length(x: *const Asn1String) -> c_int {
    string(x).map_or(0, |s| s.length)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn ASN1_STRING_type(x: *const Asn1String) -> c_int {
    string(x).map_or(0, |s| s.type_)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn ASN1_STRING_get0_data(x: *const Asn1String) -> *const c_uchar {
    string(x).map_or(ptr::null(), |s| s.data as *const c_uchar)
}

/// The pre-1.1 name of `ASN1_STRING_get0_data`.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn ASN1_STRING_data(x: *mut Asn1String) -> *mut c_uchar {
    string(x).map_or(ptr::null_mut(), |s| s.data)
}

/// The string in UTF-8 in a new `OPENSSL_malloc` buffer (NUL-terminated)
/// at `*out`; its length, or -1 for a type that is not a character string
/// or a malformed one.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ASN1_STRING_to_UTF8(
    out: *mut *mut c_uchar,
    x: *const Asn1String,
) -> c_int {
    let Some(s) = string(x) else {
        return -1;
    };
    if out.is_null() {
        return -1;
    }
    let Some(utf8) = crate::x509::asn1_text::to_utf8(s.type_, content(s)) else {
        return -1;
    };
    let Ok(len) = c_int::try_from(utf8.len()) else {
        return -1;
    };
    let buf = super::mem::alloc_copy(&utf8, true);
    if buf.is_null() {
        return -1;
    }
    // SAFETY: non-NULL `out` points to the caller's pointer variable.
    unsafe { out.write(buf) };
    len
}

/// Each object's short and long name as C strings, made once: OpenSSL
/// returns pointers into its static table.
fn names(nid: c_int) -> Option<&'static (CString, CString)> {
    static NAMES: OnceLock<HashMap<c_int, (CString, CString)>> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            obj::all()
                .filter_map(|o| Some((o.nid, (CString::new(o.sn).ok()?, CString::new(o.ln).ok()?))))
                .collect()
        })
        .get(&nid)
}

/// The names of `n`, or OpenSSL 3.0's `OBJ_R_UNKNOWN_OBJECT_NAME`.
fn known(n: c_int, func: &'static str) -> Option<&'static (CString, CString)> {
    let found = names(n);
    if found.is_none() {
        crate::err::raise(
            ERR_LIB_OBJ,
            OBJ_R_UNKNOWN_OBJECT_NAME,
            func,
            file!(),
            line!(),
        );
    }
    found
}

/// NULL, with an error queued, for a NID OpenSSL does not know.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OBJ_nid2sn(n: c_int) -> *const c_char {
    super::load_guard::recheck_once();
    known(n, FUNC).map_or(ptr::null(), |(sn, _)| sn.as_ptr())
}

/// NULL, with an error queued, for a NID OpenSSL does not know.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OBJ_nid2ln(n: c_int) -> *const c_char {
    super::load_guard::recheck_once();
    known(n, FUNC).map_or(ptr::null(), |(_, ln)| ln.as_ptr())
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OBJ_sn2nid(s: *const c_char) -> c_int {
    super::load_guard::recheck_once();
    handle::c_str(s).and_then(obj::by_sn).map_or(0, |o| o.nid)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OBJ_ln2nid(s: *const c_char) -> c_int {
    super::load_guard::recheck_once();
    handle::c_str(s).and_then(obj::by_ln).map_or(0, |o| o.nid)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OBJ_txt2nid(s: *const c_char) -> c_int {
    super::load_guard::recheck_once();
    handle::c_str(s).and_then(obj::by_text).map_or(0, |o| o.nid)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OBJ_obj2nid(o: *const Asn1Object) -> c_int {
    super::load_guard::recheck_once();
    handle::borrow(o).map_or(0, |o| o.nid)
}

/// The object's long name (unless `no_name` or unknown) or dotted OID,
/// copied into `buf` as `strlcpy` would; its full length (-1 without an
/// object).
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn OBJ_obj2txt(
    buf: *mut c_char,
    buf_len: c_int,
    a: *const Asn1Object,
    no_name: c_int,
) -> c_int {
    super::load_guard::recheck_once();
    let Some(a) = handle::borrow(a) else {
        return -1;
    };
    let text = obj::oid_text(&a.oid, no_name != 0).unwrap_or_default();
    if let Ok(cap) = usize::try_from(buf_len)
        && cap > 0
        && !buf.is_null()
    {
        let n = text.len().min(cap - 1);
        // SAFETY: the caller's buffer holds `buf_len` bytes; n + 1 <= cap.
        unsafe {
            ptr::copy_nonoverlapping(text.as_ptr().cast::<c_char>(), buf, n);
            buf.add(n).write(0);
        }
    }
    c_int::try_from(text.len()).unwrap_or(c_int::MAX)
}
