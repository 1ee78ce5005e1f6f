//! The certificate fields of the standalone flavour (x509.h) that curl's
//! certificate info reads: version, serial number, signature and its
//! algorithm, validity times, the `X509_PUBKEY` and the public key as an
//! `EVP_PKEY`. The drop-in flavour's are libcrypto's.
//!
//! Every object here is a get0 object of its certificate, made once
//! (`cert_view`). `ASN1_INTEGER`, `ASN1_TIME`, `ASN1_BIT_STRING` and
//! `X509_ALGOR` have OpenSSL's public layouts, which programs read
//! directly (curl reads `serial->data`, `sigalg->algorithm`).

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::os::raw::{c_int, c_long, c_uchar, c_void};
use std::ptr;

use super::asn1::{Asn1BitString, Asn1Integer, Asn1Object, Asn1String, Asn1Time, OwnedAsn1String};
use super::cert_view;
use super::handle::{self, Handle};
use crate::abi::*;
use crate::x509::{EvpPkey, X509, der, fields};

/// OpenSSL's public `struct X509_algor_st` (NULL `parameter` when the
/// AlgorithmIdentifier has none).
#[repr(C)]
pub struct X509Algor {
    pub algorithm: *mut Asn1Object,
    pub parameter: *mut Asn1Type,
}

/// OpenSSL's public `struct asn1_type_st`: the kind, then a pointer whose
/// target the kind says.
#[repr(C)]
pub struct Asn1Type {
    pub type_: c_int,
    pub value: *mut c_void,
}

// SAFETY: the pointers lead to boxes owned by the same `Algorithm` and
// never changed after construction, so sharing them shares only
// immutable memory.
unsafe impl Send for X509Algor {}
// SAFETY: as above.
unsafe impl Sync for X509Algor {}
// SAFETY: as above.
unsafe impl Send for Asn1Type {}
// SAFETY: as above.
unsafe impl Sync for Asn1Type {}

/// What an `ASN1_TYPE`'s pointer points to.
enum ParamValue {
    Nothing,
    Object(Box<Asn1Object>),
    String(Box<OwnedAsn1String>),
}

/// An algorithm, with the objects its members point to.
struct Algorithm {
    algor: X509Algor,
    object: Box<Asn1Object>,
    _param: Option<Box<Asn1Type>>,
    _value: ParamValue,
}

/// The `ASN1_TYPE` kind and value of an encoded parameter, as `d2i`
/// leaves them: NULL without a value, an OID as an object, SEQUENCE and
/// SET (and non-universal tags, V_ASN1_OTHER) with their whole encoding,
/// other universal types as a string of their content.
fn param_value(raw: &[u8]) -> (c_int, ParamValue) {
    let Some((t, _)) = der::read(raw) else {
        return (
            V_ASN1_OTHER,
            ParamValue::String(OwnedAsn1String::new(V_ASN1_OTHER, raw)),
        );
    };
    let whole = |kind| (kind, ParamValue::String(OwnedAsn1String::new(kind, raw)));
    match t.tag {
        0x05 => (V_ASN1_NULL, ParamValue::Nothing),
        0x06 => (
            V_ASN1_OBJECT,
            ParamValue::Object(Box::new(Asn1Object::new(t.content))),
        ),
        0x30 => whole(V_ASN1_SEQUENCE),
        0x31 => whole(V_ASN1_SET),
        tag if tag < 0x1f && tag != 0x01 => {
            let kind = c_int::from(tag);
            (
                kind,
                ParamValue::String(OwnedAsn1String::new(kind, t.content)),
            )
        }
        _ => whole(V_ASN1_OTHER),
    }
}

impl Algorithm {
    fn new(a: &fields::Algorithm) -> Algorithm {
        let mut object = Box::new(Asn1Object::new(&a.oid));
        let (param, value) = match &a.params {
            None => (None, ParamValue::Nothing),
            Some(raw) => {
                let (kind, mut value) = param_value(raw);
                let ptr: *mut c_void = match &mut value {
                    ParamValue::Nothing => ptr::null_mut(),
                    ParamValue::Object(o) => (&mut **o as *mut Asn1Object).cast(),
                    ParamValue::String(s) => (&mut s.string as *mut Asn1String).cast(),
                };
                (
                    Some(Box::new(Asn1Type {
                        type_: kind,
                        value: ptr,
                    })),
                    value,
                )
            }
        };
        let mut param = param;
        Algorithm {
            algor: X509Algor {
                algorithm: &mut *object,
                parameter: param
                    .as_mut()
                    .map_or(ptr::null_mut(), |p| &mut **p as *mut Asn1Type),
            },
            object,
            _param: param,
            _value: value,
        }
    }
}

/// `X509_PUBKEY`: a SubjectPublicKeyInfo, its algorithm and key bits.
#[repr(C)]
pub struct X509Pubkey {
    magic: u64,
    algorithm: Algorithm,
    /// The subjectPublicKey bits (without the unused-bits count).
    key: Box<OwnedAsn1String>,
    spki: Vec<u8>,
}

impl X509Pubkey {
    const MAGIC: u64 = 0x5353_4c53_5350_4b49; // "SSLSSPKI"
}

// SAFETY: `#[repr(C)]` with the `u64` magic first, set at construction.
unsafe impl Handle for X509Pubkey {
    const MAGIC: u64 = X509Pubkey::MAGIC;
    fn magic(&self) -> u64 {
        self.magic
    }
}

/// The field objects of one certificate (`CertView::fields`).
pub(super) struct FieldObjects {
    version: c_long,
    serial: Box<OwnedAsn1String>,
    sig_alg: Algorithm,
    signature: Box<OwnedAsn1String>,
    not_before: Box<OwnedAsn1String>,
    not_after: Box<OwnedAsn1String>,
    pubkey: X509Pubkey,
}

/// A BIT STRING's content (unused-bits count first) as OpenSSL's
/// `ASN1_BIT_STRING`: the bits, with the count in `flags`.
fn bit_string(content: &[u8]) -> Box<OwnedAsn1String> {
    let (unused, bits) = content.split_first().unwrap_or((&0, &[]));
    let mut s = OwnedAsn1String::new(V_ASN1_BIT_STRING, bits);
    s.string.flags = ASN1_STRING_FLAG_BITS_LEFT | c_long::from(unused & 0x07);
    s
}

fn build(x: &X509) -> Option<FieldObjects> {
    let f = fields::of(x.der())?;
    let serial_type = if f.serial.negative {
        V_ASN1_NEG_INTEGER
    } else {
        V_ASN1_INTEGER
    };
    let time = |t: &fields::Time| {
        let kind = if t.tag == 0x17 {
            V_ASN1_UTCTIME
        } else {
            V_ASN1_GENERALIZEDTIME
        };
        OwnedAsn1String::new(kind, &t.text)
    };
    let key_bits = fields::public_key_bits(&f.spki).unwrap_or(&[]);
    Some(FieldObjects {
        version: c_long::try_from(f.version).unwrap_or(c_long::MAX),
        serial: OwnedAsn1String::new(serial_type, &f.serial.magnitude),
        sig_alg: Algorithm::new(&f.sig_alg),
        signature: bit_string(&f.signature),
        not_before: time(&f.not_before),
        not_after: time(&f.not_after),
        pubkey: X509Pubkey {
            magic: X509Pubkey::MAGIC,
            algorithm: Algorithm::new(&f.key_alg),
            key: OwnedAsn1String::new(V_ASN1_BIT_STRING, key_bits),
            spki: f.spki.clone(),
        },
    })
}

fn field_objects<'a>(x: *const X509) -> Option<&'a FieldObjects> {
    let x: &'a X509 = handle::borrow(x)?;
    cert_view::of(x).fields.get_or_init(|| build(x)).as_ref()
}

fn string_ptr(s: &OwnedAsn1String) -> *mut Asn1String {
    &s.string as *const Asn1String as *mut Asn1String
}

/// The version field: 0 for v1, 2 for v3.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_get_version(x: *const X509) -> c_long {
    field_objects(x).map_or(0, |f| f.version)
}

/// get0: the serial number (data: the big-endian magnitude; type
/// V_ASN1_NEG_INTEGER when negative).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_get_serialNumber(x: *mut X509) -> *mut Asn1Integer {
    field_objects(x).map_or(ptr::null_mut(), |f| string_ptr(&f.serial))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_get0_serialNumber(x: *const X509) -> *const Asn1Integer {
    field_objects(x).map_or(ptr::null(), |f| string_ptr(&f.serial))
}

/// get0: the signature bits and the outer signatureAlgorithm; either
/// output may be NULL (NULL is stored for a certificate that is not ours).
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn X509_get0_signature(
    psig: *mut *const Asn1BitString,
    palg: *mut *const X509Algor,
    x: *const X509,
) {
    let f = field_objects(x);
    if !psig.is_null() {
        let sig = f.map_or(ptr::null(), |f| {
            string_ptr(&f.signature) as *const Asn1String
        });
        // SAFETY: a non-NULL output points to the caller's pointer variable.
        unsafe { psig.write(sig) };
    }
    if !palg.is_null() {
        let alg = f.map_or(ptr::null(), |f| &f.sig_alg.algor as *const X509Algor);
        // SAFETY: as above.
        unsafe { palg.write(alg) };
    }
}

/// The NID of the signature algorithm (NID_undef when unknown).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_get_signature_nid(x: *const X509) -> c_int {
    field_objects(x).map_or(NID_undef, |f| f.sig_alg.object.nid)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_get0_notBefore(x: *const X509) -> *const Asn1Time {
    field_objects(x).map_or(ptr::null(), |f| string_ptr(&f.not_before))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_get0_notAfter(x: *const X509) -> *const Asn1Time {
    field_objects(x).map_or(ptr::null(), |f| string_ptr(&f.not_after))
}

/// The same object as `X509_get0_notBefore` (`X509_get_notBefore` in
/// x509.h): changing it does not change the certificate's DER.
#[entry(
    limitation = "the time returned is the certificate's own; writing to it does not re-encode the certificate"
)]
#[unsafe(no_mangle)]
pub extern "C" fn X509_getm_notBefore(x: *const X509) -> *mut Asn1Time {
    field_objects(x).map_or(ptr::null_mut(), |f| string_ptr(&f.not_before))
}

#[entry(
    limitation = "the time returned is the certificate's own; writing to it does not re-encode the certificate"
)]
#[unsafe(no_mangle)]
pub extern "C" fn X509_getm_notAfter(x: *const X509) -> *mut Asn1Time {
    field_objects(x).map_or(ptr::null_mut(), |f| string_ptr(&f.not_after))
}

/// get0: the certificate's SubjectPublicKeyInfo.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_get_X509_PUBKEY(x: *const X509) -> *mut X509Pubkey {
    field_objects(x).map_or(ptr::null_mut(), |f| {
        &f.pubkey as *const X509Pubkey as *mut X509Pubkey
    })
}

/// The key's algorithm object, its key bytes and length, and its
/// `X509_ALGOR`, each output optional; 1, or 0 for a NULL or foreign key.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn X509_PUBKEY_get0_param(
    ppkalg: *mut *mut Asn1Object,
    pk: *mut *const c_uchar,
    ppklen: *mut c_int,
    pa: *mut *mut X509Algor,
    pub_: *const X509Pubkey,
) -> c_int {
    let Some(p) = handle::borrow(pub_) else {
        return 0;
    };
    // SAFETY (each write below): a non-NULL output points to the caller's
    // variable of that type.
    if !ppkalg.is_null() {
        // SAFETY: see above.
        unsafe { ppkalg.write(p.algorithm.algor.algorithm) };
    }
    if !pk.is_null() {
        // SAFETY: see above.
        unsafe { pk.write(p.key.string.data) };
    }
    if !ppklen.is_null() {
        // SAFETY: see above.
        unsafe { ppklen.write(p.key.string.length) };
    }
    if !pa.is_null() {
        let algor = &p.algorithm.algor as *const X509Algor as *mut X509Algor;
        // SAFETY: see above.
        unsafe { pa.write(algor) };
    }
    1
}

/// The SubjectPublicKeyInfo's DER, as `i2d_X509` writes a certificate's.
#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn i2d_X509_PUBKEY(a: *const X509Pubkey, out: *mut *mut c_uchar) -> c_int {
    match handle::borrow(a) {
        Some(p) => super::x509::i2d_out(&p.spki, out),
        None => -1,
    }
}

fn public_key<'a>(x: *const X509) -> Option<&'a std::sync::Arc<EvpPkey>> {
    let spki = &field_objects(x)?.pubkey.spki;
    let x: &'a X509 = handle::borrow(x)?;
    cert_view::of(x)
        .pubkey
        .get_or_init(|| Some(EvpPkey::public(spki.clone())))
        .as_ref()
}

/// get0: the certificate's public key as an `EVP_PKEY`.
#[entry(
    limitation = "the key answers EVP_PKEY_get_id/get_bits and RSA's n and e only (it cannot verify)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn X509_get0_pubkey(x: *const X509) -> *mut EvpPkey {
    public_key(x).map_or(ptr::null_mut(), handle::as_ptr)
}

/// The certificate's public key with a new reference (free it with
/// `EVP_PKEY_free`).
#[entry(
    limitation = "the key answers EVP_PKEY_get_id/get_bits and RSA's n and e only (it cannot verify)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn X509_get_pubkey(x: *mut X509) -> *mut EvpPkey {
    public_key(x).map_or(ptr::null_mut(), |k| handle::into_raw(k.clone()))
}

/// The algorithm's object, and its parameter's kind (V_ASN1_UNDEF without
/// one) and value pointer; each output optional, as in OpenSSL.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn X509_ALGOR_get0(
    paobj: *mut *const Asn1Object,
    pptype: *mut c_int,
    ppval: *mut *const c_void,
    algor: *const X509Algor,
) {
    if algor.is_null() {
        return;
    }
    // SAFETY: a non-NULL X509_ALGOR* is the caller's live algorithm (its
    // layout is public; OpenSSL reads it the same way).
    let a = unsafe { &*algor };
    if !paobj.is_null() {
        // SAFETY: a non-NULL output points to the caller's variable.
        unsafe { paobj.write(a.algorithm) };
    }
    if pptype.is_null() {
        return;
    }
    if a.parameter.is_null() {
        // SAFETY: as above.
        unsafe { pptype.write(V_ASN1_UNDEF) };
        return;
    }
    // SAFETY: a non-NULL parameter is the algorithm's ASN1_TYPE.
    let p = unsafe { &*a.parameter };
    // SAFETY: as above.
    unsafe { pptype.write(p.type_) };
    if !ppval.is_null() {
        // SAFETY: as above.
        unsafe { ppval.write(p.value) };
    }
}
