//! `X509_NAME`: a distinguished name decoded from DER, and its one-line form.

use super::der::{self, Elements};
use super::oids::SHORT_NAMES;
use crate::keep::Kept;
use std::sync::OnceLock;

/// `NAME_ONELINE_MAX` of crypto/x509/x509_obj.c: longer output is refused.
const ONELINE_MAX: usize = 1024 * 1024;
/// OpenSSL formats unknown OIDs into an 80-byte buffer.
const OID_TEXT_MAX: usize = 79;
/// ASN.1 universal tags with special handling in the one-line form.
const GENERAL_STRING: u8 = 27;

/// One attribute of a Name, in DER order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameEntry {
    /// The OID's body bytes.
    pub oid: Vec<u8>,
    /// The value's universal tag (`ASN1_STRING` type).
    pub tag: u8,
    /// The value as OpenSSL's `ASN1_STRING` holds it.
    pub value: Vec<u8>,
    /// Index of the RDN (SET) the entry came from; equal for multi-valued RDNs.
    pub set: usize,
}

impl NameEntry {
    /// The value's `ASN1_STRING` type (`V_ASN1_*`): its universal tag number.
    pub fn asn1_type(&self) -> i32 {
        i32::from(self.tag & 0x1f)
    }
}

/// A distinguished name (`X509_NAME*`). Every name C sees is the payload
/// of an `Arc`: a certificate's subject and issuer (`embedded`: owned by
/// the `X509`, which `X509_NAME_free` must leave alone, as OpenSSL's
/// get0 contract says) or a standalone name (`X509_NAME_dup`, a CA list
/// entry), whose references `X509_NAME_free` releases.
#[repr(C)]
#[derive(Debug)]
pub struct X509Name {
    magic: u64,
    embedded: bool,
    der: Vec<u8>,
    entries: Vec<NameEntry>,
    c_view: OnceLock<Kept>,
}

/// Why `oneline` produced nothing (OpenSSL returns NULL for both).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnelineError {
    /// A zero-length caller buffer.
    NoRoom,
    /// Above OpenSSL's 1 MiB limit (`X509_R_NAME_TOO_LONG`).
    TooLong,
}

impl X509Name {
    pub const MAGIC: u64 = 0x5353_4c53_4e41_4d45; // "SSLSNAME"

    /// Decodes a complete DER `Name` (SEQUENCE OF SET OF AttributeTypeAndValue).
    pub fn from_der(raw: &[u8]) -> Option<X509Name> {
        let mut entries = Vec::new();
        let seq = walk(raw, |atv, set| {
            entries.push(NameEntry {
                oid: atv.oid.to_vec(),
                tag: atv.tag,
                value: atv.value.to_vec(),
                set,
            })
        })?;
        Some(X509Name {
            magic: Self::MAGIC,
            embedded: false,
            der: seq.to_vec(),
            entries,
            c_view: OnceLock::new(),
        })
    }

    /// The empty Name (`SEQUENCE {}`).
    pub fn empty() -> X509Name {
        X509Name {
            magic: Self::MAGIC,
            embedded: false,
            der: vec![der::SEQUENCE, 0],
            entries: Vec::new(),
            c_view: OnceLock::new(),
        }
    }

    /// Whether `from_der` would accept `raw`, without building anything
    /// (a certificate's Names are built when first asked for).
    pub fn is_valid_der(raw: &[u8]) -> bool {
        walk(raw, |_, _| {}).is_some()
    }

    pub fn magic(&self) -> u64 {
        self.magic
    }

    /// Marks a name as part of a certificate (see the type's docs).
    pub(super) fn into_embedded(mut self) -> X509Name {
        self.embedded = true;
        self
    }

    /// True for a certificate's own subject/issuer.
    pub fn is_embedded(&self) -> bool {
        self.embedded
    }

    /// `X509_NAME_dup`: a standalone copy.
    pub fn detached(&self) -> X509Name {
        X509Name {
            magic: Self::MAGIC,
            embedded: false,
            der: self.der.clone(),
            entries: self.entries.clone(),
            c_view: OnceLock::new(),
        }
    }

    /// `X509_NAME_cmp`: OpenSSL compares canonical encodings (values
    /// case-folded and whitespace-collapsed), shorter first, then bytewise.
    pub fn cmp_canonical(&self, other: &X509Name) -> std::cmp::Ordering {
        let (a, b) = (self.canonical(), other.canonical());
        a.len().cmp(&b.len()).then_with(|| a.cmp(&b))
    }

    fn canonical(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for e in &self.entries {
            out.extend_from_slice(&(e.set as u32).to_be_bytes());
            out.extend_from_slice(&e.oid);
            out.push(0);
            let mut space = false;
            let text = e.value.trim_ascii();
            for &c in text {
                if c.is_ascii_whitespace() {
                    space = true;
                    continue;
                }
                if space {
                    out.push(b' ');
                    space = false;
                }
                out.push(c.to_ascii_lowercase());
            }
            out.push(0);
        }
        out
    }

    /// The Name's DER encoding (`i2d_X509_NAME`).
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    pub fn entries(&self) -> &[NameEntry] {
        &self.entries
    }

    /// What the ffi layer made of this name for C (its `X509_NAME_ENTRY`
    /// objects), made once and kept as long as the name lives.
    pub fn c_view(&self, make: impl FnOnce(&X509Name) -> Kept) -> &Kept {
        self.c_view.get_or_init(|| make(self))
    }

    /// `X509_NAME_oneline` into a buffer of `cap` bytes (`None`: OpenSSL's
    /// growing buffer). Whole entries that do not fit are left out, as
    /// OpenSSL does; the result excludes the terminating NUL.
    pub fn oneline(&self, cap: Option<usize>) -> Result<String, OnelineError> {
        let limit = match cap {
            Some(0) => return Err(OnelineError::NoRoom),
            Some(n) => Some(n - 1),
            None => None,
        };
        let mut out = String::new();
        let mut prev_set = None;
        for e in &self.entries {
            let piece = entry_text(e, prev_set == Some(e.set));
            if out.len() + piece.len() > ONELINE_MAX {
                return Err(OnelineError::TooLong);
            }
            if limit.is_some_and(|l| out.len() + piece.len() > l) {
                break;
            }
            out.push_str(&piece);
            prev_set = Some(e.set);
        }
        Ok(out)
    }
}

/// One AttributeTypeAndValue, borrowed from the DER.
struct Atv<'a> {
    oid: &'a [u8],
    tag: u8,
    value: &'a [u8],
}

/// Walks a complete DER `Name`, giving each entry and the index of its
/// RDN to `each`; the Name's whole encoding, or `None` if it is malformed.
fn walk<'a>(raw: &'a [u8], mut each: impl FnMut(Atv<'a>, usize)) -> Option<&'a [u8]> {
    let (seq, rest) = der::expect(raw, der::SEQUENCE)?;
    if !rest.is_empty() {
        return None;
    }
    let mut rdns = Elements::new(seq.content);
    for (set, rdn) in rdns.by_ref().enumerate() {
        if rdn.tag != der::SET {
            return None;
        }
        let mut atvs = Elements::new(rdn.content);
        let mut any = false;
        for atv in atvs.by_ref() {
            each(parse_atv(atv)?, set);
            any = true;
        }
        // OpenSSL refuses an empty RDN.
        if !atvs.ok || !any {
            return None;
        }
    }
    if !rdns.ok {
        return None;
    }
    Some(seq.raw)
}

fn parse_atv(atv: der::Tlv<'_>) -> Option<Atv<'_>> {
    if atv.tag != der::SEQUENCE {
        return None;
    }
    let (oid, rest) = der::expect(atv.content, der::OID)?;
    let (value, rest) = der::read(rest)?;
    if !rest.is_empty() || !der::oid_valid(oid.content) {
        return None;
    }
    // OpenSSL keeps whole encodings for constructed values and drops the
    // unused-bits octet of a BIT STRING.
    let bytes = match value.tag {
        der::SEQUENCE | der::SET => value.raw,
        der::BIT_STRING => value.content.get(1..)?,
        _ => value.content,
    };
    Some(Atv {
        oid: oid.content,
        tag: value.tag,
        value: bytes,
    })
}

/// The OpenSSL short name of an OID, or its dotted form when unknown.
pub fn oid_short_name(oid: &[u8]) -> String {
    let dotted = der::oid_to_dotted(oid).unwrap_or_default();
    match SHORT_NAMES.binary_search_by(|&(k, _)| k.cmp(dotted.as_str())) {
        Ok(i) => SHORT_NAMES.get(i).map_or(dotted, |&(_, sn)| sn.to_owned()),
        Err(_) => {
            let mut d = dotted;
            d.truncate(OID_TEXT_MAX);
            d
        }
    }
}

/// `/SN=value` (or `+SN=value` inside a multi-valued RDN): bytes outside
/// printable ASCII become `\xHH`, `/` and `+` get a backslash.
fn entry_text(e: &NameEntry, same_set: bool) -> String {
    let mut s = String::from(if same_set { "+" } else { "/" });
    s.push_str(&oid_short_name(&e.oid));
    s.push('=');
    // A GeneralString whose every fourth byte alone carries data is UCS-4
    // in disguise; OpenSSL prints only those bytes.
    let only_low = e.tag == GENERAL_STRING && e.value.len().is_multiple_of(4) && {
        let mut seen = [false; 4];
        for (j, &b) in e.value.iter().enumerate() {
            if b != 0 {
                seen[j & 3] = true;
            }
        }
        !(seen[0] || seen[1] || seen[2])
    };
    for (j, &b) in e.value.iter().enumerate() {
        if only_low && j & 3 != 3 {
            continue;
        }
        match b {
            b'/' | b'+' => {
                s.push('\\');
                s.push(char::from(b));
            }
            b' '..=b'~' => s.push(char::from(b)),
            _ => s.push_str(&format!("\\x{b:02X}")),
        }
    }
    s
}
