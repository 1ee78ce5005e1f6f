//! `X509V3_EXT_print`'s text for the extensions OpenSSL has a method for
//! and we decode: basicConstraints, keyUsage, extendedKeyUsage, the
//! alternative names and the key identifiers (here), authorityInfoAccess,
//! CRL distribution points, certificate policies and Netscape's strings
//! (`ext_print_links`). Each method yields
//! OpenSSL's name/value list (`i2v`) or one string (`i2s`), laid out as
//! `X509V3_EXT_val_prn` does. `None` for any other extension, or a value
//! that does not decode: OpenSSL then prints nothing and returns 0, and
//! programs (curl) fall back to `ASN1_STRING_print`.

#![forbid(unsafe_code)]

use super::der::{self, Elements};
use super::ext_print_links as links;
use super::ext_print_sct;
use super::{X509Name, ext, obj};

const BOOLEAN: u8 = 0x01;
const OCTET_STRING: u8 = 0x04;
const UTF8_STRING: u8 = 0x0C;
const IA5_STRING: u8 = 0x16;

/// One `CONF_VALUE`: a name, a value, or both.
pub(super) type Value = (Option<String>, Option<String>);

/// The extensions `print` has OpenSSL's method for (dotted OIDs): for
/// these a None from `print` is a value that does not decode, which
/// OpenSSL marks "<Parse Error>" rather than "<Not Supported>".
const METHODS: &[&str] = &[
    "2.5.29.14",
    "2.5.29.19",
    "2.5.29.15",
    "2.5.29.37",
    "2.5.29.17",
    "2.5.29.18",
    "2.5.29.35",
    "1.3.6.1.5.5.7.1.1",
    "2.5.29.31",
    "1.3.6.1.4.1.11129.2.4.2",
    "1.3.6.1.4.1.11129.2.4.3",
    "1.3.6.1.4.1.11129.2.4.5",
    "2.5.29.32",
    "2.16.840.1.113730.1.2",
    "2.16.840.1.113730.1.3",
    "2.16.840.1.113730.1.4",
    "2.16.840.1.113730.1.7",
    "2.16.840.1.113730.1.8",
    "2.16.840.1.113730.1.12",
    "2.16.840.1.113730.1.13",
];

/// Whether `print` knows the extension `oid` (OID body).
pub fn has_method(oid: &[u8]) -> bool {
    der::oid_to_dotted(oid).is_some_and(|d| METHODS.contains(&d.as_str()))
}

/// The text `X509V3_EXT_print(out, ext, 0, indent)` writes for the
/// extension `oid` (OID body) whose DER value is `value`.
pub fn print(oid: &[u8], value: &[u8], indent: usize) -> Option<String> {
    let pad = " ".repeat(indent);
    let dotted = der::oid_to_dotted(oid)?;
    let (values, multiline) = match dotted.as_str() {
        "2.5.29.14" => return Some(format!("{pad}{}", hex_colons(octets(value)?))),
        "2.5.29.19" => (basic_constraints(value)?, false),
        "2.5.29.15" => (key_usage(value)?, false),
        "2.5.29.37" => (ext_key_usage(value)?, false),
        "2.5.29.17" | "2.5.29.18" => (general_names(value)?, false),
        "2.5.29.35" => (authority_key_id(value)?, true),
        "1.3.6.1.5.5.7.1.1" => (links::authority_info_access(value)?, true),
        "2.5.29.31" => return links::crl_distribution_points(value, indent),
        "1.3.6.1.4.1.11129.2.4.2" | "1.3.6.1.4.1.11129.2.4.5" => {
            return ext_print_sct::sct_list(value, indent);
        }
        "1.3.6.1.4.1.11129.2.4.3" => {
            return Some(format!("{pad}{}", ext_print_sct::poison(value)?));
        }
        "2.5.29.32" => return links::certificate_policies(value, indent),
        "2.16.840.1.113730.1.2"
        | "2.16.840.1.113730.1.3"
        | "2.16.840.1.113730.1.4"
        | "2.16.840.1.113730.1.7"
        | "2.16.840.1.113730.1.8"
        | "2.16.840.1.113730.1.12"
        | "2.16.840.1.113730.1.13" => return Some(format!("{pad}{}", links::ia5(value)?)),
        _ => return None,
    };
    Some(val_prn(&values, &pad, multiline))
}

/// `X509V3_EXT_val_prn`: "name:value" items, ", " between them on one
/// line, or one per line (each indented) for multi-line methods.
fn val_prn(values: &[Value], pad: &str, multiline: bool) -> String {
    let mut out = String::new();
    if !multiline || values.is_empty() {
        out.push_str(pad);
        if values.is_empty() {
            out.push_str("<EMPTY>\n");
        }
    }
    for (i, v) in values.iter().enumerate() {
        if multiline {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(pad);
        } else if i > 0 {
            out.push_str(", ");
        }
        match v {
            (None, Some(value)) => out.push_str(value),
            (Some(name), None) => out.push_str(name),
            (Some(name), Some(value)) => {
                out.push_str(name);
                out.push(':');
                out.push_str(value);
            }
            (None, None) => {}
        }
    }
    out
}

/// The content of a DER value that must be exactly one `tag` element.
pub(super) fn only(value: &[u8], tag: u8) -> Option<&[u8]> {
    let (t, rest) = der::expect(value, tag)?;
    rest.is_empty().then_some(t.content)
}

fn octets(value: &[u8]) -> Option<&[u8]> {
    only(value, OCTET_STRING)
}

/// `i2s_ASN1_OCTET_STRING`: upper-case hex bytes joined by ':'.
pub fn hex_colons(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// `i2s_ASN1_INTEGER` for the small values a path length takes: decimal.
fn decimal(content: &[u8]) -> Option<String> {
    let n = super::fields::integer(content);
    if n.magnitude.len() > 8 {
        return None;
    }
    let v = n
        .magnitude
        .iter()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
    Some(if n.negative && v != 0 {
        format!("-{v}")
    } else {
        v.to_string()
    })
}

/// BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE,
/// pathLenConstraint INTEGER OPTIONAL }
fn basic_constraints(value: &[u8]) -> Option<Vec<Value>> {
    let mut rest = only(value, der::SEQUENCE)?;
    let mut ca = false;
    if let Some((b, after)) = der::expect(rest, BOOLEAN) {
        ca = b.content.first().is_some_and(|&v| v != 0);
        rest = after;
    }
    let mut out = vec![(
        Some("CA".to_owned()),
        Some(if ca { "TRUE" } else { "FALSE" }.to_owned()),
    )];
    if !rest.is_empty() {
        let n = only(rest, der::INTEGER)?;
        out.push((Some("pathlen".to_owned()), Some(decimal(n)?)));
    }
    Some(out)
}

/// OpenSSL's names of the KeyUsage bits, by bit number.
const KEY_USAGE: [&str; 9] = [
    "Digital Signature",
    "Non Repudiation",
    "Key Encipherment",
    "Data Encipherment",
    "Key Agreement",
    "Certificate Sign",
    "CRL Sign",
    "Encipher Only",
    "Decipher Only",
];

/// `i2v_ASN1_BIT_STRING` over the KeyUsage names; OpenSSL's list is NULL
/// (so nothing is printed) when no named bit is set.
fn key_usage(value: &[u8]) -> Option<Vec<Value>> {
    let bits = only(value, der::BIT_STRING)?.get(1..)?;
    let set = |n: usize| bits.get(n / 8).is_some_and(|b| b & (0x80 >> (n % 8)) != 0);
    let out: Vec<Value> = KEY_USAGE
        .iter()
        .enumerate()
        .filter(|(n, _)| set(*n))
        .map(|(_, name)| (Some((*name).to_owned()), None))
        .collect();
    (!out.is_empty()).then_some(out)
}

/// `i2t_ASN1_OBJECT` into a buffer of `cap` bytes: the long name or
/// dotted form, cut to fit.
pub(super) fn object_text(oid: &[u8], cap: usize) -> Option<String> {
    let mut t = obj::oid_text(oid, false)?;
    t.truncate(cap - 1);
    Some(t)
}

/// ExtKeyUsageSyntax ::= SEQUENCE OF KeyPurposeId: each purpose's name.
fn ext_key_usage(value: &[u8]) -> Option<Vec<Value>> {
    let mut items = Elements::new(only(value, der::SEQUENCE)?);
    let mut out = Vec::new();
    for item in items.by_ref() {
        if item.tag != der::OID || !der::oid_valid(item.content) {
            return None;
        }
        out.push((None, Some(object_text(item.content, 80)?)));
    }
    items.ok.then_some(out)
}

/// `x509v3_add_len_value_uchar`: a string value that must hold no NUL
/// before its last byte (a trailing one is dropped).
fn string_value(name: &str, bytes: &[u8]) -> Option<Value> {
    let bytes = bytes.strip_suffix(&[0]).unwrap_or(bytes);
    if bytes.contains(&0) {
        return None;
    }
    Some((
        Some(name.to_owned()),
        Some(String::from_utf8_lossy(bytes).into_owned()),
    ))
}

/// `ossl_ipaddr_to_asc`: dotted IPv4, IPv6 as eight "%X" groups, other
/// lengths as hex bytes.
pub(super) fn ip_text(ip: &[u8]) -> String {
    match ip.len() {
        4 => format!("{}.{}.{}.{}", ip[0], ip[1], ip[2], ip[3]),
        16 => ip
            .chunks(2)
            .map(|g| format!("{:X}", u16::from(g[0]) << 8 | u16::from(g[1])))
            .collect::<Vec<_>>()
            .join(":"),
        _ => hex_colons(ip),
    }
}

/// An otherName's item, as `i2v_GENERAL_NAME` lists it: the well-known
/// kinds by their names, others by OID with a printable value (OpenSSL
/// 3.0 ends each name with ':', so the text shows "::").
fn other_name(raw: &[u8]) -> Option<Value> {
    let (whole, _) = der::read(raw)?;
    let (type_id, rest) = der::expect(whole.content, der::OID)?;
    let (explicit, _) = der::expect(rest, 0xA0)?;
    let (value, _) = der::read(explicit.content)?;
    let known = match der::oid_to_dotted(type_id.content)?.as_str() {
        "1.3.6.1.5.5.7.8.9" => Some(("othername: SmtpUTF8Mailbox:", UTF8_STRING)),
        "1.3.6.1.5.5.7.8.5" => Some(("othername: XmppAddr:", UTF8_STRING)),
        "1.3.6.1.5.5.7.8.7" => Some(("othername: SRVName:", IA5_STRING)),
        "1.3.6.1.4.1.311.20.2.3" => Some(("othername: UPN:", UTF8_STRING)),
        "1.3.6.1.5.5.7.8.8" => Some(("othername: NAIRealm:", UTF8_STRING)),
        _ => None,
    };
    if let Some((name, tag)) = known {
        return (value.tag == tag)
            .then(|| string_value(name, value.content))
            .flatten();
    }
    let name = match object_text(type_id.content, 256) {
        Some(t) if !t.is_empty() => format!("othername: {t}:"),
        _ => "othername".to_owned(),
    };
    if matches!(value.tag, IA5_STRING | UTF8_STRING)
        && let Some(v) = string_value(&name, value.content)
    {
        return Some(v);
    }
    Some((Some(name), Some("<unsupported>".to_owned())))
}

/// `i2v_GENERAL_NAME` for one name.
pub(super) fn general_name(g: &ext::GeneralName) -> Option<Value> {
    let pair = |n: &str, v: String| Some((Some(n.to_owned()), Some(v)));
    match g.kind {
        0 => other_name(&g.content),
        1 => string_value("email", &g.content),
        2 => string_value("DNS", &g.content),
        3 => pair("X400Name", "<unsupported>".to_owned()),
        4 => pair(
            "DirName",
            X509Name::from_der(&g.content)?.oneline(Some(256)).ok()?,
        ),
        5 => pair("EdiPartyName", "<unsupported>".to_owned()),
        6 => string_value("URI", &g.content),
        7 => pair("IP Address", ip_text(&g.content)),
        8 => pair("Registered ID", object_text(&g.content, 256)?),
        _ => None,
    }
}

fn general_names(value: &[u8]) -> Option<Vec<Value>> {
    ext::general_names(value)?
        .iter()
        .map(general_name)
        .collect()
}

/// AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0], authorityCertIssuer
/// [1] GeneralNames, authorityCertSerialNumber [2] } (all IMPLICIT,
/// OPTIONAL). The key identifier is named only beside the others.
fn authority_key_id(value: &[u8]) -> Option<Vec<Value>> {
    let mut items = Elements::new(only(value, der::SEQUENCE)?);
    let (mut keyid, mut issuer, mut serial) = (None, None, None);
    for item in items.by_ref() {
        match item.tag {
            0x80 => keyid = Some(hex_colons(item.content)),
            0xA1 => {
                // GeneralNames with its SEQUENCE tag replaced by [1].
                let mut seq = vec![der::SEQUENCE];
                seq.extend_from_slice(item.raw.get(1..)?);
                issuer = Some(general_names(&seq)?);
            }
            0x82 => serial = Some(hex_colons(&super::fields::integer(item.content).magnitude)),
            _ => return None,
        }
    }
    if !items.ok {
        return None;
    }
    let mut out = Vec::new();
    let named = issuer.is_some() || serial.is_some();
    if let Some(k) = keyid {
        out.push((named.then(|| "keyid".to_owned()), Some(k)));
    }
    out.extend(issuer.unwrap_or_default());
    if let Some(s) = serial {
        out.push((Some("serial".to_owned()), Some(s)));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts() {
        let v = vec![(Some("CA".to_owned()), Some("FALSE".to_owned()))];
        assert_eq!(val_prn(&v, "", false), "CA:FALSE");
        assert_eq!(val_prn(&[], "  ", true), "  <EMPTY>\n");
        assert_eq!(ip_text(&[127, 0, 0, 1]), "127.0.0.1");
        let mut v6 = [0u8; 16];
        v6[0] = 0x20;
        v6[1] = 0x01;
        v6[15] = 1;
        assert_eq!(ip_text(&v6), "2001:0:0:0:0:0:0:1");
        // basicConstraints CA:TRUE, pathlen 0
        let bc = [0x30, 0x06, 0x01, 0x01, 0xff, 0x02, 0x01, 0x00];
        assert_eq!(
            print(&[0x55, 0x1d, 0x13], &bc, 0).as_deref(),
            Some("CA:TRUE, pathlen:0")
        );
        assert_eq!(print(&[0x55, 0x1d, 0x20], &bc, 0), None);
    }
}
