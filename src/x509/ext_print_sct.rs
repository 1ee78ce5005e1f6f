//! `X509V3_EXT_print`'s text for Certificate Transparency: the embedded
//! SCT list (RFC 6962 3.3, OpenSSL's `SCT_print` layout without a log
//! store, so no log names) and the precertificate poison ("NULL").

#![forbid(unsafe_code)]

use super::der;
use super::ext_print::only;
use super::{obj, time_print};

const OCTET_STRING: u8 = 0x04;

/// A TLS vector with a 2-byte length from the front of `input`.
fn vec16(input: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = input.split_at_checked(2)?;
    rest.split_at_checked(usize::from(u16::from_be_bytes([len[0], len[1]])))
}

/// `BIO_hex_string(out, indent, 16, ...)`: "AA:BB:..." with a line break
/// (and `indent` spaces) after every 16 bytes.
fn hex_string(data: &[u8], indent: usize) -> String {
    let mut out = String::new();
    let Some((last, init)) = data.split_last() else {
        return out;
    };
    let mut column = 0;
    for (i, b) in init.iter().enumerate() {
        if i > 0 && column == 0 {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(&format!("{b:02X}:"));
        column = (column + 1) % 16;
        if column == 0 {
            out.push('\n');
        }
    }
    if !init.is_empty() && column == 0 {
        out.push_str(&" ".repeat(indent));
    }
    out.push_str(&format!("{last:02X}"));
    out
}

/// The signature algorithm's long name; None for a hash and signature
/// pair other than SHA-256 with RSA or ECDSA, which OpenSSL refuses to
/// read (the whole list is then a parse error).
fn signature_algorithm(hash: u8, sig: u8) -> Option<String> {
    let nid = match (hash, sig) {
        (4, 1) => 668, // sha256WithRSAEncryption
        (4, 3) => 794, // ecdsa-with-SHA256
        _ => return None,
    };
    obj::by_nid(nid).map(|o| o.ln.to_owned())
}

/// One v1 SCT as `SCT_print` writes it.
fn sct(s: &[u8], indent: usize) -> Option<String> {
    let (&version, rest) = s.split_first()?;
    if version != 0 {
        return None;
    }
    let (log_id, rest) = rest.split_at_checked(32)?;
    let (ts, rest) = rest.split_at_checked(8)?;
    let timestamp = u64::from_be_bytes(ts.try_into().ok()?);
    let (exts, rest) = vec16(rest)?;
    let (&hash, rest) = rest.split_first()?;
    let (&sig_alg, rest) = rest.split_first()?;
    let (sig, rest) = vec16(rest)?;
    if !rest.is_empty() {
        return None;
    }
    let pad = " ".repeat(indent + 4);
    let wide = indent + 16;
    let mut out = format!("{:indent$}Signed Certificate Timestamp:", "");
    out.push_str(&format!("\n{pad}Version   : v1 (0x0)"));
    out.push_str(&format!("\n{pad}Log ID    : {}", hex_string(log_id, wide)));
    out.push_str(&format!(
        "\n{pad}Timestamp : {}",
        time_print::print_millis(timestamp)?
    ));
    let ext_text = if exts.is_empty() {
        "none".to_owned()
    } else {
        hex_string(exts, wide)
    };
    out.push_str(&format!("\n{pad}Extensions: {ext_text}"));
    out.push_str(&format!(
        "\n{pad}Signature : {}",
        signature_algorithm(hash, sig_alg)?
    ));
    out.push_str(&format!("\n{pad}            {}", hex_string(sig, wide)));
    Some(out)
}

/// SignedCertificateTimestampList in an OCTET STRING: each SCT, one after
/// the other with a line break between.
pub(super) fn sct_list(value: &[u8], indent: usize) -> Option<String> {
    let (list, rest) = vec16(only(value, OCTET_STRING)?)?;
    if !rest.is_empty() {
        return None;
    }
    let mut items = Vec::new();
    let mut rest = list;
    while !rest.is_empty() {
        let (one, after) = vec16(rest)?;
        items.push(sct(one, indent)?);
        rest = after;
    }
    Some(items.join("\n"))
}

/// The precertificate poison: an ASN.1 NULL, printed "NULL".
pub(super) fn poison(value: &[u8]) -> Option<String> {
    der::expect(value, 0x05)
        .filter(|(t, rest)| t.content.is_empty() && rest.is_empty())
        .map(|_| "NULL".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_lines() {
        assert_eq!(hex_string(&[1, 2, 3], 4), "01:02:03");
        let bytes: Vec<u8> = (0..17).collect();
        assert_eq!(
            hex_string(&bytes, 2),
            "00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:\n  10"
        );
    }
}
