//! ASN.1 string text as OpenSSL writes it: `ASN1_STRING_to_UTF8`, and the
//! escaping and dumping rules of `ASN1_STRING_print_ex` that
//! `X509_NAME_print_ex` applies to each value (RFC 2253 escapes, quoting,
//! control and high-bit escapes, hex dumps of unknown types).

use crate::abi::*;
use std::os::raw::c_ulong;

/// The escape flags `ASN1_STRING_print_ex` passes down per character.
const ESC_FLAGS: c_ulong = ASN1_STRFLGS_ESC_2253
    | ASN1_STRFLGS_ESC_2254
    | ASN1_STRFLGS_ESC_QUOTE
    | ASN1_STRFLGS_ESC_CTRL
    | ASN1_STRFLGS_ESC_MSB;
/// Character classes beside the escape flags: RFC 2253's rules for a
/// value's first character (space, '#') and last (space).
const FIRST_ESC_2253: c_ulong = 0x20;
const LAST_ESC_2253: c_ulong = 0x40;
const BS_ESC: c_ulong = ASN1_STRFLGS_ESC_2253 | FIRST_ESC_2253 | LAST_ESC_2253;

/// Which escapes an ASCII character is subject to, in the flag bits it
/// answers to (RFC 2253 section 2.4, RFC 2254's filter characters, and
/// the characters that quoting instead of escaping covers).
fn char_class(c: u8) -> c_ulong {
    let mut t = 0;
    if b"\"+,;<>\\".contains(&c) {
        t |= ASN1_STRFLGS_ESC_2253;
    }
    if c < 0x20 || c == 0x7f {
        t |= ASN1_STRFLGS_ESC_CTRL;
    }
    if b" #+,;<>".contains(&c) {
        t |= ASN1_STRFLGS_ESC_QUOTE;
    }
    if c == b' ' || c == b'#' {
        t |= FIRST_ESC_2253;
    }
    if c == b' ' {
        t |= LAST_ESC_2253;
    }
    if c == 0 || b"()*\\".contains(&c) {
        t |= ASN1_STRFLGS_ESC_2254;
    }
    t
}

/// Bytes per character of a string type: `Some(0)` UTF-8, `None` for a
/// type that is not a character string.
fn char_width(tag: i32) -> Option<usize> {
    match tag {
        V_ASN1_UTF8STRING => Some(0),
        V_ASN1_NUMERICSTRING
        | V_ASN1_PRINTABLESTRING
        | V_ASN1_T61STRING
        | V_ASN1_IA5STRING
        | V_ASN1_UTCTIME
        | V_ASN1_GENERALIZEDTIME
        | V_ASN1_VISIBLESTRING => Some(1),
        V_ASN1_UNIVERSALSTRING => Some(4),
        V_ASN1_BMPSTRING => Some(2),
        _ => None,
    }
}

/// One UTF-8 character from the front of `s`: its value and length;
/// `None` for a malformed or overlong sequence.
fn utf8_get(s: &[u8]) -> Option<(u32, usize)> {
    let b0 = *s.first()?;
    let (len, min, init) = match b0 {
        0x00..=0x7f => return Some((u32::from(b0), 1)),
        0xc0..=0xdf => (2, 0x80, u32::from(b0 & 0x1f)),
        0xe0..=0xef => (3, 0x800, u32::from(b0 & 0x0f)),
        0xf0..=0xf7 => (4, 0x10000, u32::from(b0 & 0x07)),
        _ => return None,
    };
    let mut v = init;
    for &b in s.get(1..len)? {
        if b & 0xc0 != 0x80 {
            return None;
        }
        v = (v << 6) | u32::from(b & 0x3f);
    }
    (v >= min).then_some((v, len))
}

/// `c` in UTF-8 (up to 4 bytes; nothing for larger values, as OpenSSL's
/// `UTF8_putc` writes nothing it can refuse).
fn utf8_put(c: u32, out: &mut Vec<u8>) {
    match c {
        0..=0x7f => out.push(c as u8),
        0x80..=0x7ff => out.extend([0xc0 | (c >> 6) as u8, 0x80 | (c & 0x3f) as u8]),
        0x800..=0xffff => out.extend([
            0xe0 | (c >> 12) as u8,
            0x80 | ((c >> 6) & 0x3f) as u8,
            0x80 | (c & 0x3f) as u8,
        ]),
        0x10000..=0x10ffff => out.extend([
            0xf0 | (c >> 18) as u8,
            0x80 | ((c >> 12) & 0x3f) as u8,
            0x80 | ((c >> 6) & 0x3f) as u8,
            0x80 | (c & 0x3f) as u8,
        ]),
        _ => {}
    }
}

/// The characters of `data` at `width` bytes each (0: UTF-8); `None` when
/// the length or the encoding is not whole.
fn chars(data: &[u8], width: usize) -> Option<Vec<u32>> {
    match width {
        0 => {
            let mut out = Vec::new();
            let mut rest = data;
            while !rest.is_empty() {
                let (c, n) = utf8_get(rest)?;
                out.push(c);
                rest = &rest[n..];
            }
            Some(out)
        }
        1 => Some(data.iter().map(|&b| u32::from(b)).collect()),
        2 | 4 => {
            if !data.len().is_multiple_of(width) {
                return None;
            }
            Some(
                data.chunks(width)
                    .map(|c| c.iter().fold(0u32, |v, &b| (v << 8) | u32::from(b)))
                    .collect(),
            )
        }
        _ => None,
    }
}

/// `ASN1_STRING_to_UTF8`: the string's characters in UTF-8; `None` for a
/// type that is not a character string or a malformed one.
pub fn to_utf8(tag: i32, data: &[u8]) -> Option<Vec<u8>> {
    let cs = chars(data, char_width(tag)?)?;
    let mut out = Vec::with_capacity(cs.len());
    for c in cs {
        // OpenSSL's conversion refuses what UTF-8 cannot carry.
        if c > 0x10ffff || (0xd800..=0xdfff).contains(&c) {
            return None;
        }
        utf8_put(c, &mut out);
    }
    Some(out)
}

/// One character as `ASN1_STRING_print_ex` writes it; true when it asks
/// for the value to be quoted instead.
fn esc_char(c: u32, flags: c_ulong, out: &mut Vec<u8>) -> bool {
    if c > 0xffff {
        out.extend(format!("\\W{c:08X}").bytes());
        return false;
    }
    if c > 0xff {
        out.extend(format!("\\U{c:04X}").bytes());
        return false;
    }
    let ch = c as u8;
    let chflgs = if ch > 0x7f {
        flags & ASN1_STRFLGS_ESC_MSB
    } else {
        char_class(ch) & flags
    };
    if chflgs & BS_ESC != 0 {
        if chflgs & ASN1_STRFLGS_ESC_QUOTE != 0 {
            out.push(ch);
            return true;
        }
        out.extend([b'\\', ch]);
        return false;
    }
    if chflgs & (ASN1_STRFLGS_ESC_CTRL | ASN1_STRFLGS_ESC_MSB | ASN1_STRFLGS_ESC_2254) != 0 {
        out.extend(format!("\\{ch:02X}").bytes());
        return false;
    }
    // Once any escaping is on, the escape character itself is escaped.
    if ch == b'\\' && flags & ESC_FLAGS != 0 {
        out.extend(b"\\\\");
        return false;
    }
    out.push(ch);
    false
}

/// `ASN1_tag2str` for the types a name value has.
fn tag_name(tag: i32) -> &'static str {
    match tag {
        V_ASN1_OCTET_STRING => "OCTET STRING",
        V_ASN1_UTF8STRING => "UTF8STRING",
        V_ASN1_NUMERICSTRING => "NUMERICSTRING",
        V_ASN1_PRINTABLESTRING => "PRINTABLESTRING",
        V_ASN1_T61STRING => "T61STRING",
        V_ASN1_IA5STRING => "IA5STRING",
        V_ASN1_UTCTIME => "UTCTIME",
        V_ASN1_GENERALIZEDTIME => "GENERALIZEDTIME",
        V_ASN1_VISIBLESTRING => "VISIBLESTRING",
        V_ASN1_GENERALSTRING => "GENERALSTRING",
        V_ASN1_UNIVERSALSTRING => "UNIVERSALSTRING",
        V_ASN1_BMPSTRING => "BMPSTRING",
        _ => "(unknown)",
    }
}

fn hex(bytes: &[u8], out: &mut Vec<u8>) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for &b in bytes {
        out.extend([DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 0xf)]]);
    }
}

/// The DER of a value (tag, length, content), as `DUMP_DER` dumps it.
fn der_of(tag: i32, data: &[u8]) -> Vec<u8> {
    let mut out = vec![tag as u8];
    let n = data.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let len = n.to_be_bytes();
        let skip = len.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (len.len() - skip) as u8);
        out.extend(&len[skip..]);
    }
    out.extend(data);
    out
}

/// `ASN1_STRING_print_ex`'s text of a value of type `tag` under `flags`,
/// appended to `out`; false (OpenSSL's -1) for a malformed string, after
/// what was written before the fault.
pub fn print_ex(tag: i32, data: &[u8], flags: c_ulong, out: &mut Vec<u8>) -> bool {
    let esc = flags & ESC_FLAGS;
    if flags & ASN1_STRFLGS_SHOW_TYPE != 0 {
        out.extend(tag_name(tag).bytes());
        out.push(b':');
    }
    let width = if flags & ASN1_STRFLGS_DUMP_ALL != 0 {
        None
    } else if flags & ASN1_STRFLGS_IGNORE_TYPE != 0 {
        Some(1)
    } else {
        char_width(tag).or((flags & ASN1_STRFLGS_DUMP_UNKNOWN == 0).then_some(1))
    };
    let Some(mut width) = width else {
        out.push(b'#');
        if flags & ASN1_STRFLGS_DUMP_DER != 0 {
            hex(&der_of(tag, data), out);
        } else {
            hex(data, out);
        }
        return true;
    };
    // UTF-8 to UTF-8 is read byte by byte, so nothing is converted twice.
    let convert = flags & ASN1_STRFLGS_UTF8_CONVERT != 0 && width != 0;
    if flags & ASN1_STRFLGS_UTF8_CONVERT != 0 && width == 0 {
        width = 1;
    }
    let Some(cs) = chars(data, width) else {
        return false;
    };
    let mut text = Vec::new();
    let mut quote = false;
    let last = cs.len().saturating_sub(1);
    for (i, &c) in cs.iter().enumerate() {
        let mut f = esc;
        if esc & ASN1_STRFLGS_ESC_2253 != 0 {
            if i == last {
                f |= LAST_ESC_2253;
            } else if i == 0 {
                f |= FIRST_ESC_2253;
            }
        }
        if convert {
            let mut u = Vec::new();
            utf8_put(c, &mut u);
            for b in u {
                quote |= esc_char(u32::from(b), f, &mut text);
            }
        } else {
            quote |= esc_char(c, f, &mut text);
        }
    }
    if quote {
        out.push(b'"');
    }
    out.extend(text);
    if quote {
        out.push(b'"');
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(tag: i32, data: &[u8], flags: c_ulong) -> String {
        let mut out = Vec::new();
        assert!(print_ex(tag, data, flags, &mut out));
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn escapes() {
        let rfc = ASN1_STRFLGS_RFC2253;
        assert_eq!(p(V_ASN1_UTF8STRING, b"a,b", rfc), "a\\,b");
        assert_eq!(p(V_ASN1_UTF8STRING, b" lead#", rfc), "\\ lead#");
        assert_eq!(p(V_ASN1_UTF8STRING, b"#x ", rfc), "\\#x\\ ");
        assert_eq!(
            p(V_ASN1_UTF8STRING, b"a,b", rfc | ASN1_STRFLGS_ESC_QUOTE),
            "\"a,b\""
        );
        assert_eq!(p(V_ASN1_UTF8STRING, "é".as_bytes(), rfc), "\\C3\\A9");
        assert_eq!(
            p(
                V_ASN1_UTF8STRING,
                "é".as_bytes(),
                rfc & !ASN1_STRFLGS_ESC_MSB
            ),
            "é"
        );
        assert_eq!(p(V_ASN1_BMPSTRING, &[0x01, 0x00], 0), "\\U0100");
        assert_eq!(p(V_ASN1_OCTET_STRING, &[0xab], rfc), "#0401AB");
    }

    #[test]
    fn utf8_conversion() {
        assert_eq!(to_utf8(V_ASN1_PRINTABLESTRING, b"ab").unwrap(), b"ab");
        assert_eq!(to_utf8(V_ASN1_T61STRING, &[0xe9]).unwrap(), "é".as_bytes());
        assert_eq!(
            to_utf8(V_ASN1_BMPSTRING, &[0x00, 0xe9]).unwrap(),
            "é".as_bytes()
        );
        assert!(to_utf8(V_ASN1_BMPSTRING, &[0x00]).is_none());
        assert!(to_utf8(V_ASN1_UTF8STRING, &[0xc3]).is_none());
        assert!(to_utf8(V_ASN1_OCTET_STRING, b"x").is_none());
    }
}
