//! `X509V3_EXT_print`'s text for the extensions that point elsewhere:
//! authorityInfoAccess (a multi-line name/value list), the CRL
//! distribution points and certificate policies (OpenSSL prints those
//! itself, `i2r`, with `GENERAL_NAME_print`'s forms), and Netscape's IA5
//! strings (nsComment and the URLs, printed as they are).

#![forbid(unsafe_code)]

use super::der::{self, Elements};
use super::ext_print::{Value, general_name, ip_text, object_text, only};
use super::{X509Name, ext, name_print};
use crate::abi::XN_FLAG_ONELINE;

const IA5_STRING: u8 = 0x16;
const UTF8_STRING: u8 = 0x0C;

/// AuthorityInfoAccessSyntax ::= SEQUENCE OF AccessDescription { method,
/// location GeneralName }: "OCSP - URI", "http://...".
pub(super) fn authority_info_access(value: &[u8]) -> Option<Vec<Value>> {
    let mut items = Elements::new(only(value, der::SEQUENCE)?);
    let mut out = Vec::new();
    for item in items.by_ref() {
        let (method, rest) = der::expect(item.content, der::OID)?;
        let mut wrapped = vec![der::SEQUENCE];
        wrapped.extend(der_len(rest.len()));
        wrapped.extend_from_slice(rest);
        let names = ext::general_names(&wrapped)?;
        let [name] = names.as_slice() else {
            return None;
        };
        let (n, v) = general_name(name)?;
        let label = format!("{} - {}", object_text(method.content, 80)?, n?);
        out.push((Some(label), v));
    }
    items.ok.then_some(out)
}

/// A DER length's bytes.
fn der_len(n: usize) -> Vec<u8> {
    if n < 0x80 {
        return vec![n as u8];
    }
    let bytes: Vec<u8> = n
        .to_be_bytes()
        .into_iter()
        .skip_while(|&b| b == 0)
        .collect();
    let mut out = vec![0x80 | bytes.len() as u8];
    out.extend(bytes);
    out
}

/// `GENERAL_NAME_print`: the form `i2r` printers use (names printed with
/// `ASN1_STRING_print`'s dots, a directory name one-line).
fn general_name_print(g: &ext::GeneralName) -> Option<String> {
    let dots = |b: &[u8]| -> String {
        b.iter()
            .map(|&c| {
                if c > b'~' || (c < b' ' && c != b'\n' && c != b'\r') {
                    '.'
                } else {
                    char::from(c)
                }
            })
            .collect()
    };
    Some(match g.kind {
        0 => other_name_print(&g.content)?,
        1 => format!("email:{}", dots(&g.content)),
        2 => format!("DNS:{}", dots(&g.content)),
        3 => "X400Name:<unsupported>".to_owned(),
        4 => {
            let n = X509Name::from_der(&g.content)?;
            let printed = name_print::print_ex(&n, 0, XN_FLAG_ONELINE);
            format!("DirName:{}", String::from_utf8_lossy(&printed.text))
        }
        5 => "EdiPartyName:<unsupported>".to_owned(),
        6 => format!("URI:{}", dots(&g.content)),
        7 => format!("IP Address:{}", ip_text(&g.content)),
        8 => format!("Registered ID:{}", object_text(&g.content, 80)?),
        _ => return None,
    })
}

/// An otherName as `GENERAL_NAME_print` shows it: the well-known kinds'
/// strings, "<unsupported>" for the rest.
fn other_name_print(raw: &[u8]) -> Option<String> {
    let (whole, _) = der::read(raw)?;
    let (type_id, rest) = der::expect(whole.content, der::OID)?;
    let (explicit, _) = der::expect(rest, 0xA0)?;
    let (value, _) = der::read(explicit.content)?;
    let (label, tag) = match der::oid_to_dotted(type_id.content)?.as_str() {
        "1.3.6.1.5.5.7.8.9" => ("SmtpUTF8Mailbox", UTF8_STRING),
        "1.3.6.1.5.5.7.8.5" => ("XmppAddr", UTF8_STRING),
        "1.3.6.1.5.5.7.8.7" => ("SRVName", IA5_STRING),
        "1.3.6.1.4.1.311.20.2.3" => ("UPN", UTF8_STRING),
        "1.3.6.1.5.5.7.8.8" => ("NAIRealm", UTF8_STRING),
        _ => return Some("othername:<unsupported>".to_owned()),
    };
    if value.tag != tag {
        return Some("othername:<unsupported>".to_owned());
    }
    Some(format!(
        "othername:{label}:{}",
        String::from_utf8_lossy(value.content)
    ))
}

/// `print_gens`: each name on its own line, indented two more.
fn print_gens(names: &[ext::GeneralName], indent: usize) -> Option<String> {
    let lines: Option<Vec<String>> = names
        .iter()
        .map(|g| {
            Some(format!(
                "{:w$}{}",
                "",
                general_name_print(g)?,
                w = indent + 2
            ))
        })
        .collect();
    Some(lines?.join("\n"))
}

/// GeneralNames under an IMPLICIT tag: decoded as the SEQUENCE they are.
fn implicit_names(t: der::Tlv<'_>) -> Option<Vec<ext::GeneralName>> {
    let mut seq = vec![der::SEQUENCE];
    seq.extend_from_slice(t.raw.get(1..)?);
    ext::general_names(&seq)
}

/// CRLDistributionPoints ::= SEQUENCE OF DistributionPoint: each point's
/// "Full Name:" and its names (`i2r_crldp`); reasons and relative names
/// are not read (None).
pub(super) fn crl_distribution_points(value: &[u8], indent: usize) -> Option<String> {
    let mut points = Elements::new(only(value, der::SEQUENCE)?);
    let mut out = Vec::new();
    for point in points.by_ref() {
        let mut text = String::new();
        for field in Elements::new(point.content) {
            match field.tag {
                // distributionPoint [0] { fullName [0] GeneralNames }
                0xA0 => {
                    let (full, _) = der::expect(field.content, 0xA0)?;
                    text.push_str(&format!("{:indent$}Full Name:\n", ""));
                    text.push_str(&print_gens(&implicit_names(full)?, indent)?);
                }
                // cRLIssuer [2] GeneralNames
                0xA2 => {
                    text.push_str(&format!("{:indent$}CRL Issuer:\n", ""));
                    text.push_str(&print_gens(&implicit_names(field)?, indent)?);
                }
                _ => return None,
            }
        }
        out.push(text);
    }
    points.ok.then(|| out.join("\n"))
}

/// certificatePolicies ::= SEQUENCE OF PolicyInformation: "Policy: OID"
/// and each CPS qualifier (`i2r_certpol`); a user notice is not read
/// (None).
pub(super) fn certificate_policies(value: &[u8], indent: usize) -> Option<String> {
    let mut policies = Elements::new(only(value, der::SEQUENCE)?);
    let mut out = Vec::new();
    for policy in policies.by_ref() {
        let (id, rest) = der::expect(policy.content, der::OID)?;
        let mut text = format!("{:indent$}Policy: {}", "", object_text(id.content, 80)?);
        if !rest.is_empty() {
            text.push('\n');
            let mut quals = Vec::new();
            for q in Elements::new(only(rest, der::SEQUENCE)?) {
                let (qid, qrest) = der::expect(q.content, der::OID)?;
                match der::oid_to_dotted(qid.content)?.as_str() {
                    "1.3.6.1.5.5.7.2.1" => {
                        let uri = only(qrest, IA5_STRING)?;
                        quals.push(format!(
                            "{:w$}CPS: {}",
                            "",
                            String::from_utf8_lossy(uri),
                            w = indent + 2
                        ));
                    }
                    _ => return None,
                }
            }
            text.push_str(&quals.join("\n"));
        }
        out.push(text);
    }
    policies.ok.then(|| out.join("\n"))
}

/// Netscape's IA5String extensions (`i2s_ASN1_IA5STRING`): the string up
/// to any NUL.
pub(super) fn ia5(value: &[u8]) -> Option<String> {
    let s = only(value, IA5_STRING)?;
    let end = s.iter().position(|&b| b == 0).unwrap_or(s.len());
    Some(String::from_utf8_lossy(&s[..end]).into_owned())
}
