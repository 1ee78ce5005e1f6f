//! `X509_NAME_print_ex`: a name as text under OpenSSL's `XN_FLAG_*`
//! layouts (one line with ", " or "," separators, RFC 2253 order, one
//! attribute a line with aligned names) and the `ASN1_STRFLGS_*` rules for
//! each value (src/x509/asn1_text.rs). `XN_FLAG_COMPAT` is the older
//! `X509_NAME_print`, derived from the `/C=../CN=..` one-line form.

use super::asn1_text;
use super::name::{NameEntry, X509Name};
use super::obj;
use crate::abi::*;
use std::os::raw::c_ulong;

/// Field-name widths `XN_FLAG_FN_ALIGN` pads to.
const FN_WIDTH_SN: usize = 10;
const FN_WIDTH_LN: usize = 25;
/// OpenSSL formats an object without a name into an 80-byte buffer.
const OBJ_TEXT_MAX: usize = 79;

/// The text and whether it completed (OpenSSL returns -1 for a value it
/// cannot read, after writing what came before it).
pub struct Printed {
    pub text: Vec<u8>,
    pub ok: bool,
}

/// `X509_NAME_print_ex` with `flags` other than `XN_FLAG_COMPAT`.
pub fn print_ex(name: &X509Name, indent: i32, flags: c_ulong) -> Printed {
    let indent = usize::try_from(indent).unwrap_or(0);
    let mut text = vec![b' '; indent];
    let (sep_dn, sep_mv, line_indent): (&[u8], &[u8], usize) = match flags & XN_FLAG_SEP_MASK {
        XN_FLAG_SEP_MULTILINE => (b"\n", b" + ", indent),
        XN_FLAG_SEP_COMMA_PLUS => (b",", b"+", 0),
        XN_FLAG_SEP_CPLUS_SPC => (b", ", b" + ", 0),
        XN_FLAG_SEP_SPLUS_SPC => (b"; ", b" + ", 0),
        _ => return Printed { text, ok: false },
    };
    let sep_eq: &[u8] = if flags & XN_FLAG_SPC_EQ != 0 {
        b" = "
    } else {
        b"="
    };
    let fn_opt = flags & XN_FLAG_FN_MASK;
    let entries: Vec<&NameEntry> = if flags & XN_FLAG_DN_REV != 0 {
        name.entries().iter().rev().collect()
    } else {
        name.entries().iter().collect()
    };
    let mut prev = None;
    for e in entries {
        if let Some(p) = prev {
            if p == e.set {
                text.extend(sep_mv);
            } else {
                text.extend(sep_dn);
                text.extend(std::iter::repeat_n(b' ', line_indent));
            }
        }
        prev = Some(e.set);
        let known = obj::by_oid(&e.oid).filter(|o| o.nid != 0);
        if fn_opt != XN_FLAG_FN_NONE {
            let (field, width) = match known {
                Some(o) if fn_opt == XN_FLAG_FN_SN => (o.sn.to_owned(), FN_WIDTH_SN),
                Some(o) if fn_opt == XN_FLAG_FN_LN => (o.ln.to_owned(), FN_WIDTH_LN),
                _ => {
                    let mut d = obj::oid_text(&e.oid, true).unwrap_or_default();
                    d.truncate(OBJ_TEXT_MAX);
                    (d, 0)
                }
            };
            text.extend(field.bytes());
            if field.len() < width && flags & XN_FLAG_FN_ALIGN != 0 {
                text.extend(std::iter::repeat_n(b' ', width - field.len()));
            }
            text.extend(sep_eq);
        }
        let mut value_flags = flags;
        if known.is_none() && flags & XN_FLAG_DUMP_UNKNOWN_FIELDS != 0 {
            value_flags |= ASN1_STRFLGS_DUMP_ALL;
        }
        if !asn1_text::print_ex(e.asn1_type(), &e.value, value_flags, &mut text) {
            return Printed { text, ok: false };
        }
    }
    Printed { text, ok: true }
}

/// `X509_NAME_print` (what `XN_FLAG_COMPAT` selects): the one-line form
/// without its first '/', each "/X=" or "/XY=" (one or two capitals)
/// that starts an attribute turned into ", ".
pub fn print_compat(name: &X509Name) -> Vec<u8> {
    let line = name.oneline(None).unwrap_or_default().into_bytes();
    let Some(s) = line.get(1..) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(s.len());
    let mut start = 0;
    for i in 0..=s.len() {
        let at = |k: usize| s.get(i + k).copied().unwrap_or(0);
        let boundary = i == s.len()
            || (at(0) == b'/'
                && at(1).is_ascii_uppercase()
                && (at(2) == b'=' || (at(2).is_ascii_uppercase() && at(3) == b'=')));
        if boundary {
            out.extend(&s[start..i]);
            start = i + 1;
            if i != s.len() {
                out.extend(b", ");
            }
        }
    }
    out
}
