//! Certificate extensions of the standalone flavour (x509.h, x509v3.h):
//! `X509_get_ext_count`, `X509_get_ext`, the `X509_EXTENSION` accessors,
//! and `X509_get_ext_d2i` for the alternative names (a new
//! `GENERAL_NAMES`), which is how programs check a peer's names
//! themselves (socat, curl). The drop-in flavour's are libcrypto's.
//!
//! Extensions are get0 objects of their certificate, made once and kept by
//! it (`X509::c_view`, `cert_view`). A `GENERAL_NAME` has OpenSSL's public layout and
//! no room for a magic tag, so the ones we made are remembered by address
//! and `GENERAL_NAME_free` frees only those.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::os::raw::{c_int, c_void};
use std::ptr;
use std::sync::Arc;

use super::asn1::{Asn1Object, Asn1String, OwnedAsn1String};
use super::handle::{self, Handle};
use crate::abi::*;
use crate::stack::OpensslStack;
use crate::x509::ext::{self, GeneralName as Gn};
use crate::x509::{X509, X509Name};

/// `X509_EXTENSION`: its object, criticality and DER value.
#[repr(C)]
pub struct X509Extension {
    magic: u64,
    critical: c_int,
    object: Asn1Object,
    value: Box<OwnedAsn1String>,
}

impl X509Extension {
    const MAGIC: u64 = 0x5353_4c53_4558_5421; // "SSLSEXT!"
}

// SAFETY: `#[repr(C)]` with the `u64` magic first, set at construction.
unsafe impl Handle for X509Extension {
    const MAGIC: u64 = X509Extension::MAGIC;
    fn magic(&self) -> u64 {
        self.magic
    }
}

impl X509Extension {
    pub(super) fn object(&self) -> &Asn1Object {
        &self.object
    }

    /// The extension's DER value.
    pub(super) fn value(&self) -> &[u8] {
        self.value.content()
    }
}

/// Built once and never grown (`CertView`), so each element's address
/// holds.
pub(super) fn extensions(x: &X509) -> &[X509Extension] {
    super::cert_view::of(x).extensions.get_or_init(|| {
        ext::all(x.der())
            .into_iter()
            .map(|e| X509Extension {
                magic: X509Extension::MAGIC,
                critical: c_int::from(e.critical),
                object: Asn1Object::new(&e.oid),
                value: OwnedAsn1String::new(V_ASN1_OCTET_STRING, &e.value),
            })
            .collect()
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_get_ext_count(x: *const X509) -> c_int {
    handle::borrow(x).map_or(0, |x| {
        c_int::try_from(extensions(x).len()).unwrap_or(c_int::MAX)
    })
}

/// get0: NULL for a position outside the list.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_get_ext(x: *const X509, loc: c_int) -> *mut X509Extension {
    let Some(x) = handle::borrow(x) else {
        return ptr::null_mut();
    };
    usize::try_from(loc)
        .ok()
        .and_then(|i| extensions(x).get(i))
        .map_or(ptr::null_mut(), |e| {
            e as *const X509Extension as *mut X509Extension
        })
}

/// The position of the next extension of type `nid` after `lastpos`, -1
/// when there is none.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_get_ext_by_NID(x: *const X509, nid: c_int, lastpos: c_int) -> c_int {
    let Some(x) = handle::borrow(x) else {
        return -1;
    };
    let start = usize::try_from(lastpos.saturating_add(1)).unwrap_or(0);
    extensions(x)
        .iter()
        .enumerate()
        .skip(start)
        .find(|(_, e)| e.object.nid == nid && nid != 0)
        .map_or(-1, |(i, _)| c_int::try_from(i).unwrap_or(-1))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_EXTENSION_get_object(ex: *mut X509Extension) -> *mut Asn1Object {
    handle::borrow(ex).map_or(ptr::null_mut(), |e| {
        &e.object as *const Asn1Object as *mut Asn1Object
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_EXTENSION_get_critical(ex: *const X509Extension) -> c_int {
    handle::borrow(ex).map_or(0, |e| e.critical)
}

/// get0: the extension's DER value as an OCTET STRING.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_EXTENSION_get_data(ex: *mut X509Extension) -> *mut Asn1String {
    handle::borrow(ex).map_or(ptr::null_mut(), |e| {
        &e.value.string as *const Asn1String as *mut Asn1String
    })
}

/// `X509V3_EXT_METHOD`: opaque here; it only tells a program that an
/// extension can be decoded with `X509_get_ext_d2i`.
#[repr(C)]
pub struct ExtMethod {
    magic: u64,
    nid: c_int,
}

static SUBJECT_ALT_NAME: ExtMethod = ExtMethod {
    magic: 0x5353_4c53_5633_4d21,
    nid: NID_subject_alt_name,
};
static ISSUER_ALT_NAME: ExtMethod = ExtMethod {
    magic: 0x5353_4c53_5633_4d21,
    nid: NID_issuer_alt_name,
};

fn method(nid: c_int) -> *const ExtMethod {
    if nid == NID_subject_alt_name {
        &SUBJECT_ALT_NAME
    } else if nid == NID_issuer_alt_name {
        &ISSUER_ALT_NAME
    } else {
        ptr::null()
    }
}

/// The decoding method of an extension type: the alternative names only
/// (NULL for the others, which `X509_get_ext_d2i` does not decode).
#[entry(
    limitation = "only subjectAltName and issuerAltName have a method (X509_get_ext_d2i decodes those)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn X509V3_EXT_get_nid(nid: c_int) -> *const ExtMethod {
    method(nid)
}

#[entry(
    limitation = "only subjectAltName and issuerAltName have a method (X509_get_ext_d2i decodes those)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn X509V3_EXT_get(ext: *mut X509Extension) -> *const ExtMethod {
    handle::borrow(ext).map_or(ptr::null(), |e| method(e.object.nid))
}

/// OpenSSL's `GENERAL_NAME`: the kind, then a pointer whose target the
/// kind says (x509v3.h).
#[repr(C)]
pub struct GeneralName {
    type_: c_int,
    d: *mut c_void,
}

/// The `GENERAL_NAME`s we made and have not freed.
static LIVE: handle::Made = handle::Made::new();

/// A C `GENERAL_NAME` for a decoded name; `None` for a directory name that
/// does not parse, and for the kinds whose OpenSSL structures we do not
/// build (other name, X.400 address, EDI party).
fn general_name(g: &Gn) -> Option<*mut GeneralName> {
    let d: *mut c_void = match g.kind {
        GEN_EMAIL | GEN_DNS | GEN_URI => {
            Box::into_raw(OwnedAsn1String::new(V_ASN1_IA5STRING, &g.content)).cast()
        }
        GEN_IPADD => Box::into_raw(OwnedAsn1String::new(V_ASN1_OCTET_STRING, &g.content)).cast(),
        GEN_DIRNAME => handle::into_raw(Arc::new(X509Name::from_der(&g.content)?)).cast(),
        GEN_RID => Box::into_raw(Box::new(Asn1Object::new(&g.content))).cast(),
        _ => return None,
    };
    let p = Box::into_raw(Box::new(GeneralName { type_: g.kind, d }));
    LIVE.add(p);
    Some(p)
}

/// Frees one of our `GENERAL_NAME`s (anything else is left alone).
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn GENERAL_NAME_free(a: *mut GeneralName) {
    if !LIVE.take(a) {
        return;
    }
    // SAFETY: `a` was made by `general_name` (Box::into_raw) and was live
    // until the line above took it out.
    let g = unsafe { Box::from_raw(a) };
    match g.type_ {
        GEN_EMAIL | GEN_DNS | GEN_URI | GEN_IPADD => {
            // SAFETY: these kinds hold a boxed string from `general_name`.
            drop(unsafe { Box::from_raw(g.d.cast::<OwnedAsn1String>()) });
        }
        GEN_DIRNAME => {
            handle::release(g.d.cast::<X509Name>());
        }
        GEN_RID => {
            // SAFETY: this kind holds a boxed object from `general_name`.
            drop(unsafe { Box::from_raw(g.d.cast::<Asn1Object>()) });
        }
        _ => {}
    }
}

/// `GENERAL_NAMES` (`STACK_OF(GENERAL_NAME)`) in prototypes: our stack.
pub type StackGeneralName = OpensslStack;

/// Frees the stack `X509_get_ext_d2i` returned and its names.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn GENERAL_NAMES_free(a: *mut StackGeneralName) {
    let Some(s) = handle::borrow(a) else {
        return;
    };
    let items = std::mem::take(&mut s.lock().items);
    for p in items {
        // SAFETY: `GENERAL_NAME_free` frees only names it made and skips
        // any other address.
        unsafe { GENERAL_NAME_free(p as *mut GeneralName) };
    }
    handle::release(a);
}

/// The extension `nid` decoded: for subjectAltName and issuerAltName a new
/// `STACK_OF(GENERAL_NAME)` (free with `GENERAL_NAMES_free`). `*crit` is
/// its criticality, -1 when absent, -2 when present more than once
/// (`idx` NULL); with `idx`, the search starts after `*idx` and `*idx`
/// becomes the position found (-1 for none), as in OpenSSL.
#[entry(
    limitation = "decodes subjectAltName and issuerAltName (without otherName, x400Address and ediPartyName entries); other extensions give NULL"
)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn X509_get_ext_d2i(
    x: *const X509,
    nid: c_int,
    crit: *mut c_int,
    idx: *mut c_int,
) -> *mut c_void {
    let set = |p: *mut c_int, v: c_int| {
        if !p.is_null() {
            // SAFETY: a non-NULL output points to the caller's int.
            unsafe { p.write(v) };
        }
    };
    let exts = handle::borrow(x).map_or(&[][..], extensions);
    let start = if idx.is_null() {
        0
    } else {
        // SAFETY: as above.
        usize::try_from(unsafe { idx.read() }.saturating_add(1)).unwrap_or(0)
    };
    let mut found = None;
    for (i, e) in exts.iter().enumerate().skip(start) {
        if e.object.nid != nid || nid == 0 {
            continue;
        }
        if !idx.is_null() {
            set(idx, c_int::try_from(i).unwrap_or(-1));
            found = Some(e);
            break;
        }
        if found.is_some() {
            set(crit, -2);
            return ptr::null_mut();
        }
        found = Some(e);
    }
    let Some(e) = found else {
        set(idx, -1);
        set(crit, -1);
        return ptr::null_mut();
    };
    set(crit, e.critical);
    if method(nid).is_null() {
        log::warn!(
            "X509_get_ext_d2i: extension {nid} is not decoded (only the alternative names are)"
        );
        return ptr::null_mut();
    }
    let Some(names) = ext::general_names(e.value.content()) else {
        return ptr::null_mut();
    };
    let items: Vec<usize> = names
        .iter()
        .filter_map(general_name)
        .map(|p| p as usize)
        .collect();
    handle::into_raw(OpensslStack::new(items, None)).cast()
}

/// `STACK_OF(X509_EXTENSION)` in prototypes: our stack.
pub type StackX509Extension = OpensslStack;

/// get0: the certificate's extensions as a stack (NULL when it has none,
/// as OpenSSL's is for a certificate without an extensions field).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_get0_extensions(x: *const X509) -> *const StackX509Extension {
    let Some(x) = handle::borrow(x) else {
        return ptr::null();
    };
    let exts = extensions(x);
    super::cert_view::of(x)
        .extension_stack
        .get_or_init(|| {
            (!exts.is_empty()).then(|| {
                let items = exts
                    .iter()
                    .map(|e| e as *const X509Extension as usize)
                    .collect();
                OpensslStack::new(items, None)
            })
        })
        .as_ref()
        .map_or(ptr::null(), Arc::as_ptr)
}
