//! `X509_NAME` entries and printing of the standalone flavour (x509.h):
//! `X509_NAME_entry_count`, `_get_entry`, `_get_index_by_NID`,
//! `_get_text_by_NID`, the `X509_NAME_ENTRY` accessors and
//! `X509_NAME_print_ex` (src/x509/name_print.rs). The drop-in flavour's
//! are libcrypto's.
//!
//! An entry is a get0 object of its name: the `X509_NAME_ENTRY` objects
//! are made once per name and kept by it (`X509Name::c_view`).

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::os::raw::{c_char, c_int, c_ulong};
use std::ptr;
use std::sync::Arc;

use super::asn1::{Asn1Object, Asn1String, OwnedAsn1String};
use super::handle::{self, Handle};
use super::objects::Stream;
use crate::abi::XN_FLAG_COMPAT;
use crate::bio::Bio;
use crate::x509::{X509Name, name_print, obj};

/// `X509_NAME_ENTRY`: an attribute of a name, its object and its value.
#[repr(C)]
pub struct X509NameEntry {
    magic: u64,
    set: c_int,
    object: Asn1Object,
    data: Box<OwnedAsn1String>,
}

impl X509NameEntry {
    const MAGIC: u64 = 0x5353_4c53_4e45_4e54; // "SSLSNENT"
}

// SAFETY: `#[repr(C)]` with the `u64` magic first, set at construction.
unsafe impl Handle for X509NameEntry {
    const MAGIC: u64 = X509NameEntry::MAGIC;
    fn magic(&self) -> u64 {
        self.magic
    }
}

/// A name's entries as C sees them; boxed, so their addresses hold.
/// Built once and never grown, so each element's address holds.
struct Entries(Vec<X509NameEntry>);

fn entries(name: &X509Name) -> &[X509NameEntry] {
    let view = name.c_view(|n| {
        Arc::new(Entries(
            n.entries()
                .iter()
                .map(|e| X509NameEntry {
                    magic: X509NameEntry::MAGIC,
                    set: c_int::try_from(e.set).unwrap_or(c_int::MAX),
                    object: Asn1Object::new(&e.oid),
                    data: OwnedAsn1String::new(e.asn1_type(), &e.value),
                })
                .collect(),
        ))
    });
    view.downcast_ref::<Entries>().map_or(&[], |e| &e.0)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_NAME_entry_count(name: *const X509Name) -> c_int {
    handle::borrow(name).map_or(0, |n| {
        c_int::try_from(n.entries().len()).unwrap_or(c_int::MAX)
    })
}

/// get0: NULL for a position outside the name.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_NAME_get_entry(name: *const X509Name, loc: c_int) -> *mut X509NameEntry {
    let Some(n) = handle::borrow(name) else {
        return ptr::null_mut();
    };
    usize::try_from(loc)
        .ok()
        .and_then(|i| entries(n).get(i))
        .map_or(ptr::null_mut(), |e| {
            e as *const X509NameEntry as *mut X509NameEntry
        })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_NAME_ENTRY_get_object(ne: *const X509NameEntry) -> *mut Asn1Object {
    handle::borrow(ne).map_or(ptr::null_mut(), |e| {
        &e.object as *const Asn1Object as *mut Asn1Object
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_NAME_ENTRY_get_data(ne: *const X509NameEntry) -> *mut Asn1String {
    handle::borrow(ne).map_or(ptr::null_mut(), |e| {
        &e.data.string as *const Asn1String as *mut Asn1String
    })
}

/// The index of the RDN the entry belongs to (equal for the attributes of
/// a multi-valued RDN).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_NAME_ENTRY_set(ne: *const X509NameEntry) -> c_int {
    handle::borrow(ne).map_or(0, |e| e.set)
}

/// The OID of `nid`: `None` for an unknown NID (OpenSSL queues nothing
/// here), an empty body for one without an OID (matching nothing).
fn nid_oid(nid: c_int) -> Option<Vec<u8>> {
    let o = obj::by_nid(nid)?;
    Some(obj::oid_content(&o).unwrap_or_default())
}

/// The next entry after `lastpos` whose object is `oid`.
fn index_of(name: &X509Name, oid: &[u8], lastpos: c_int) -> c_int {
    let start = usize::try_from(lastpos.saturating_add(1)).unwrap_or(0);
    name.entries()
        .iter()
        .enumerate()
        .skip(start)
        .find(|(_, e)| !oid.is_empty() && e.oid == oid)
        .map_or(-1, |(i, _)| c_int::try_from(i).unwrap_or(-1))
}

/// The position of the next attribute of type `nid` after `lastpos`; -1
/// when there is none, -2 for a NID OpenSSL does not know.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_NAME_get_index_by_NID(
    name: *const X509Name,
    nid: c_int,
    lastpos: c_int,
) -> c_int {
    let Some(oid) = nid_oid(nid) else {
        return -2;
    };
    handle::borrow(name).map_or(-1, |n| index_of(n, &oid, lastpos))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_NAME_get_index_by_OBJ(
    name: *const X509Name,
    o: *const Asn1Object,
    lastpos: c_int,
) -> c_int {
    match (handle::borrow(name), handle::borrow(o)) {
        (Some(n), Some(o)) => index_of(n, &o.oid, lastpos),
        _ => -1,
    }
}

/// The first attribute of type `nid`, its bytes copied into `buf` (at most
/// `len - 1`, then a NUL); the bytes copied, its full length when `buf`
/// is NULL, -1 when there is none.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn X509_NAME_get_text_by_NID(
    name: *const X509Name,
    nid: c_int,
    buf: *mut c_char,
    len: c_int,
) -> c_int {
    let Some(oid) = nid_oid(nid) else {
        return -1;
    };
    let Some(n) = handle::borrow(name) else {
        return -1;
    };
    let Ok(i) = usize::try_from(index_of(n, &oid, -1)) else {
        return -1;
    };
    let value = &n.entries()[i].value;
    let full = c_int::try_from(value.len()).unwrap_or(c_int::MAX);
    if buf.is_null() {
        return full;
    }
    let Some(cap) = usize::try_from(len).ok().filter(|&c| c > 0) else {
        return 0;
    };
    let k = value.len().min(cap - 1);
    // SAFETY: the caller's buffer holds `len` bytes; k + 1 <= len.
    unsafe {
        ptr::copy_nonoverlapping(value.as_ptr().cast::<c_char>(), buf, k);
        buf.add(k).write(0);
    }
    c_int::try_from(k).unwrap_or(c_int::MAX)
}

/// `X509_NAME_print_ex` to either stream: the characters written, or -1
/// when a value cannot be read or the output fails.
fn print_to(dst: Stream, name: *const X509Name, indent: c_int, flags: c_ulong) -> c_int {
    let Some(n) = handle::borrow(name) else {
        return -1;
    };
    if flags == XN_FLAG_COMPAT {
        let text = name_print::print_compat(n);
        return c_int::from(super::pem_io::write_bytes(dst, &text));
    }
    let printed = name_print::print_ex(n, indent, flags);
    let written = super::pem_io::write_bytes(dst, &printed.text);
    if !printed.ok || !written {
        return -1;
    }
    c_int::try_from(printed.text.len()).unwrap_or(c_int::MAX)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_NAME_print_ex(
    out: *mut Bio,
    nm: *const X509Name,
    indent: c_int,
    flags: c_ulong,
) -> c_int {
    print_to(Stream::Bio(out.cast()), nm, indent, flags)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_NAME_print_ex_fp(
    fp: *mut libc::FILE,
    nm: *const X509Name,
    indent: c_int,
    flags: c_ulong,
) -> c_int {
    print_to(Stream::File(fp), nm, indent, flags)
}

/// The `/C=../CN=..` form with ", " between attributes; 1, or 0 when the
/// output fails. (`obase` has long been unused in OpenSSL.)
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_NAME_print(bp: *mut Bio, name: *const X509Name, _obase: c_int) -> c_int {
    let Some(n) = handle::borrow(name) else {
        return 0;
    };
    c_int::from(super::pem_io::write_bytes(
        Stream::Bio(bp.cast()),
        &name_print::print_compat(n),
    ))
}
