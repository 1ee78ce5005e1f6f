//! `SSL_SESSION_print` and `SSL_SESSION_print_keylog`: OpenSSL 3.0's text
//! (ssl/ssl_txt.c), byte for byte where we know the value.
//!
//! What we cannot know, and print instead:
//!
//! - a client session's master key (TLS 1.2) or resumption PSK (TLS 1.3):
//!   rustls keeps it sealed, so the line is empty, as OpenSSL prints a
//!   session without one; for the same reason the keylog line of a client
//!   session fails, as OpenSSL's does without a master key. A server
//!   session's comes from rustls's session value (`value`).
//! - a client session's "Extended master secret": rustls does not say
//!   whether the TLS 1.2 handshake used it, so "no" (OpenSSL's "yes" when
//!   it was). Server sessions carry the flag.
//! - a TLS 1.3 client session's "TLS session ticket lifetime hint" and
//!   "TLS session ticket" dump: its ticket arrives encrypted and rustls
//!   does not expose it (`SSL_SESSION_get0_ticket` gives none), so both
//!   lines are left out, as OpenSSL leaves them out of sessions without a
//!   ticket (every server
//!   session).
//! - no PSK identity, SRP username or compression is ever negotiated: the
//!   "None" lines and no "Compression" line, as OpenSSL prints them then.

use super::SslSession;
use crate::abi::TLS1_3_VERSION;
use std::fmt::Write as _;

fn hex(out: &mut String, bytes: &[u8]) {
    for b in bytes {
        let _ = write!(out, "{b:02X}");
    }
}

/// `BIO_dump_indent(bp, bytes, len, 4)`: 16 bytes a line, as offset,
/// hex (a '-' after the eighth) and the printable characters.
fn dump(out: &mut String, bytes: &[u8]) {
    for (row, chunk) in bytes.chunks(16).enumerate() {
        let _ = write!(out, "    {:04x} - ", row * 16);
        for j in 0..16 {
            match chunk.get(j) {
                Some(b) => {
                    let _ = write!(out, "{b:02x}{}", if j == 7 { '-' } else { ' ' });
                }
                None => out.push_str("   "),
            }
        }
        out.push_str("  ");
        out.extend(chunk.iter().map(|&b| {
            if (b' '..=b'~').contains(&b) {
                char::from(b)
            } else {
                '.'
            }
        }));
        out.push('\n');
    }
}

/// `SSL_SESSION_print`'s text.
pub fn print(s: &SslSession) -> String {
    let m = s.meta().clone();
    let key = s.master_key();
    let tls13 = m.version == TLS1_3_VERSION;
    let mut out = String::with_capacity(600);
    out.push_str("SSL-Session:\n");
    let _ = writeln!(
        out,
        "    Protocol  : {}",
        crate::version::name(m.version).to_string_lossy()
    );
    match m.cipher {
        Some(c) => {
            let _ = writeln!(out, "    Cipher    : {}", c.name.to_string_lossy());
        }
        // OpenSSL prints the cipher id's low 16 bits, 0 for a session that
        // never had a cipher (one set is always one we know).
        None => out.push_str("    Cipher    : 0000\n"),
    }
    out.push_str("    Session-ID: ");
    hex(&mut out, m.id.as_slice());
    out.push_str("\n    Session-ID-ctx: ");
    hex(&mut out, m.sid_ctx.as_slice());
    out.push_str(if tls13 {
        "\n    Resumption PSK: "
    } else {
        "\n    Master-Key: "
    });
    if let Some((k, _)) = &key {
        hex(&mut out, k);
    }
    out.push_str("\n    PSK identity: None");
    out.push_str("\n    PSK identity hint: None");
    out.push_str("\n    SRP username: None");
    if let Some(t) = &m.extra.tls12_ticket {
        if t.lifetime_hint != 0 {
            let _ = write!(
                out,
                "\n    TLS session ticket lifetime hint: {} (seconds)",
                t.lifetime_hint
            );
        }
        out.push_str("\n    TLS session ticket:\n");
        dump(&mut out, &t.ticket);
    }
    if m.time != 0 {
        let _ = write!(out, "\n    Start Time: {}", m.time);
    }
    if m.timeout != 0 {
        let _ = write!(out, "\n    Timeout   : {} (sec)", m.timeout);
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "    Verify return code: {} ({})",
        m.verify_result,
        crate::x509::verify_cert_error_string(m.verify_result).to_string_lossy()
    );
    let ems = key.as_ref().is_some_and(|(_, ems)| *ems);
    let _ = writeln!(
        out,
        "    Extended master secret: {}",
        if ems { "yes" } else { "no" }
    );
    if tls13 {
        let _ = writeln!(out, "    Max Early Data: {}", m.extra.max_early_data);
    }
    out
}

/// `SSL_SESSION_print_keylog`'s NSS key log line (`RSA Session-ID:<id>
/// Master-Key:<key>`, whatever the key exchange), or `None` where OpenSSL
/// fails: no session id or no master key (including every client session
/// here, see the module docs).
pub fn keylog(s: &SslSession) -> Option<String> {
    let id = s.meta().id;
    let (key, _) = s.master_key()?;
    if id.is_empty() || key.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(30 + 2 * (id.len() + key.len()));
    out.push_str("RSA Session-ID:");
    hex(&mut out, id.as_slice());
    out.push_str(" Master-Key:");
    hex(&mut out, &key);
    out.push('\n');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::super::{Extra, Meta, Secret, ShortBytes};
    use super::*;

    fn session(version: i32, secret: Secret) -> std::sync::Arc<SslSession> {
        let meta = Meta {
            version,
            cipher: crate::cipher::by_suite(rustls::CipherSuite::TLS13_AES_128_GCM_SHA256),
            id: ShortBytes::new(&[0xAB, 0x01]).unwrap(),
            sid_ctx: ShortBytes::new(b"ctx").unwrap(),
            time: 1_700_000_000,
            timeout: 300,
            peer: None,
            verify_result: 0,
            not_resumable: false,
            hostname: None,
            extra: Extra {
                max_early_data: 7,
                ..Extra::default()
            },
        };
        SslSession::new(meta, secret)
    }

    /// A rustls server value: no SNI, TLS 1.3, the suite, a 2-byte secret,
    /// EMS flag 0.
    fn value() -> Secret {
        Secret::Server(vec![0, 3, 4, 0x13, 0x01, 2, 0xC0, 0xDE, 0, 0])
    }

    #[test]
    fn prints_openssl_layout() {
        let text = print(&session(TLS1_3_VERSION, value()));
        assert_eq!(
            text,
            "SSL-Session:\n    Protocol  : TLSv1.3\n    Cipher    : TLS_AES_128_GCM_SHA256\n    \
             Session-ID: AB01\n    Session-ID-ctx: 637478\n    Resumption PSK: C0DE\n    \
             PSK identity: None\n    PSK identity hint: None\n    SRP username: None\n    \
             Start Time: 1700000000\n    Timeout   : 300 (sec)\n    Verify return code: 0 (ok)\n    \
             Extended master secret: no\n    Max Early Data: 7\n"
        );
        assert_eq!(
            keylog(&session(TLS1_3_VERSION, value())).as_deref(),
            Some("RSA Session-ID:AB01 Master-Key:C0DE\n")
        );
    }

    #[test]
    fn unknown_key_prints_empty_and_keylog_fails() {
        let s = session(crate::abi::TLS1_2_VERSION, Secret::None);
        assert!(print(&s).contains("\n    Master-Key: \n    PSK identity: None\n"));
        assert!(!print(&s).contains("Max Early Data"));
        assert_eq!(keylog(&s), None);
    }
}
