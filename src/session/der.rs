//! `i2d_SSL_SESSION`/`d2i_SSL_SESSION` for server sessions.
//!
//! The encoding is OpenSSL's `SSL_SESSION_ASN1` (ssl/ssl_asn1.c), so
//! `openssl sess_id -text` reads it:
//!
//! ```text
//! SEQUENCE {
//!   version          INTEGER (1),
//!   sslVersion       INTEGER,            -- 0x0303 / 0x0304
//!   cipher           OCTET STRING,       -- the suite's two bytes
//!   sessionID        OCTET STRING,
//!   masterKey        OCTET STRING,       -- the resumption secret
//!   time         [1] EXPLICIT INTEGER OPTIONAL,
//!   timeout      [2] EXPLICIT INTEGER OPTIONAL,
//!   peer         [3] EXPLICIT Certificate OPTIONAL,
//!   sidCtx       [4] EXPLICIT OCTET STRING OPTIONAL,
//!   verifyResult [5] EXPLICIT INTEGER OPTIONAL,
//!   hostname     [6] EXPLICIT OCTET STRING OPTIONAL,
//!   ticketLifetimeHint [9] EXPLICIT INTEGER OPTIONAL,  -- TLS 1.2 client
//!   ticket      [10] EXPLICIT OCTET STRING OPTIONAL,   -- TLS 1.2 client
//!   maxEarlyData [15] EXPLICIT INTEGER OPTIONAL,
//!   alpnSelected [16] EXPLICIT OCTET STRING OPTIONAL,
//!   appData     [18] EXPLICIT OCTET STRING OPTIONAL
//! }
//! ```
//!
//! What rustls needs to resume travels in field [18] (OpenSSL's
//! `ticket_appdata`, opaque to OpenSSL) behind a marker saying what follows:
//!
//! - a server session: `VALUE_MARKER` and rustls's own encoded session
//!   value (with the resumption secret, also written as `masterKey`);
//! - a client session: `CLIENT_MARKER` and the process-local handle of its
//!   tickets (`handles`), since rustls keeps a client's secrets sealed
//!   (`masterKey` is empty). It resumes when decoded in the same process
//!   while some session still holds the tickets.
//!
//! `d2i` reads OpenSSL's other optional fields it keeps (hostname, a TLS
//! 1.2 ticket and its lifetime hint, ALPN, the early data limit) and skips
//! the rest. An encoding without a value
//! it can use (another library's, another process's client session)
//! still decodes, as OpenSSL's would: a session that offers nothing and so
//! leads to a full handshake.

use super::value::{self, MAX_MASTER_KEY};
use super::{MAX_ID, Meta, Secret, ShortBytes, SslSession, now};
use crate::x509::X509;
use crate::x509::der::{self, Elements, INTEGER, SEQUENCE};
use std::sync::Arc;

const OCTET_STRING: u8 = 0x04;
/// `SSL_SESSION_ASN1_VERSION`.
const ASN1_VERSION: i64 = 1;
/// Prefix of field [18]: which library and value format follow.
pub const VALUE_MARKER: &[u8] = b"sslshim/rustls-server-session/1\0";
/// Prefix of field [18] of a client session: its tickets' handle follows.
pub const CLIENT_MARKER: &[u8] = b"sslshim/rustls-client-session/1\0";

/// `[n] EXPLICIT` (constructed, context-specific).
const fn ctx_tag(n: u8) -> u8 {
    0xA0 | n
}

/// Why an encoding gives no session.
#[derive(Debug, PartialEq, Eq)]
pub enum DerError {
    /// Not DER, or not OpenSSL's session layout.
    Malformed,
    /// `version` is not 1 or the protocol version is not TLS.
    BadVersion,
    /// A cipher we do not know.
    UnknownCipher,
}

fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

fn tlv(out: &mut Vec<u8>, tag: u8, content: &[u8]) {
    out.push(tag);
    push_len(out, content.len());
    out.extend_from_slice(content);
}

/// Minimal two's-complement content octets of `v`.
fn int_content(v: i64) -> Vec<u8> {
    let b = v.to_be_bytes();
    let mut i = 0;
    while i < 7 {
        let redundant =
            (b[i] == 0x00 && b[i + 1] & 0x80 == 0) || (b[i] == 0xFF && b[i + 1] & 0x80 != 0);
        if !redundant {
            break;
        }
        i += 1;
    }
    b[i..].to_vec()
}

fn int(out: &mut Vec<u8>, v: i64) {
    tlv(out, INTEGER, &int_content(v));
}

fn explicit(out: &mut Vec<u8>, n: u8, inner: &[u8]) {
    tlv(out, ctx_tag(n), inner);
}

fn read_int(content: &[u8]) -> Option<i64> {
    if content.is_empty() || content.len() > 8 {
        return None;
    }
    let neg = content[0] & 0x80 != 0;
    let mut b = if neg { [0xFF; 8] } else { [0; 8] };
    b[8 - content.len()..].copy_from_slice(content);
    Some(i64::from_be_bytes(b))
}

/// `i2d_SSL_SESSION`'s bytes.
pub fn encode(s: &SslSession) -> Vec<u8> {
    let secret = s.secret();
    let m = s.meta().clone();
    let (master_key, app): (&[u8], Option<Vec<u8>>) = match &secret {
        Secret::Server(v) => (
            value::parse(v).map_or(&[][..], |v| v.secret),
            Some([VALUE_MARKER, v.as_slice()].concat()),
        ),
        Secret::Client(t) => {
            let expires = m.time.saturating_add(m.timeout);
            (&[], Some([CLIENT_MARKER, &t.handle(expires)[..]].concat()))
        }
        Secret::None => (&[], None),
    };
    let mut body = Vec::with_capacity(256 + app.as_ref().map_or(0, Vec::len));
    int(&mut body, ASN1_VERSION);
    int(&mut body, i64::from(m.version));
    let suite = m.cipher.map_or(0, |c| u16::from(c.suite));
    tlv(&mut body, OCTET_STRING, &suite.to_be_bytes());
    tlv(&mut body, OCTET_STRING, m.id.as_slice());
    tlv(&mut body, OCTET_STRING, master_key);
    let mut field = Vec::new();
    // OpenSSL's ZINT fields are left out when zero.
    if m.time != 0 {
        int(&mut field, m.time);
        explicit(&mut body, 1, &field);
    }
    if m.timeout != 0 {
        field.clear();
        int(&mut field, m.timeout);
        explicit(&mut body, 2, &field);
    }
    if let Some(p) = &m.peer {
        explicit(&mut body, 3, p.der());
    }
    field.clear();
    tlv(&mut field, OCTET_STRING, m.sid_ctx.as_slice());
    explicit(&mut body, 4, &field);
    if m.verify_result != 0 {
        field.clear();
        int(&mut field, m.verify_result);
        explicit(&mut body, 5, &field);
    }
    if let Some(h) = &m.hostname {
        field.clear();
        tlv(&mut field, OCTET_STRING, h.as_bytes());
        explicit(&mut body, 6, &field);
    }
    if let Some(t) = &m.extra.tls12_ticket {
        if t.lifetime_hint != 0 {
            field.clear();
            int(&mut field, i64::from(t.lifetime_hint));
            explicit(&mut body, 9, &field);
        }
        field.clear();
        tlv(&mut field, OCTET_STRING, &t.ticket);
        explicit(&mut body, 10, &field);
    }
    if m.extra.max_early_data != 0 {
        field.clear();
        int(&mut field, i64::from(m.extra.max_early_data));
        explicit(&mut body, 15, &field);
    }
    if let Some(alpn) = &m.extra.alpn {
        field.clear();
        tlv(&mut field, OCTET_STRING, alpn);
        explicit(&mut body, 16, &field);
    }
    if let Some(app) = app {
        field.clear();
        tlv(&mut field, OCTET_STRING, &app);
        explicit(&mut body, 18, &field);
    }
    let mut out = Vec::with_capacity(body.len() + 6);
    tlv(&mut out, SEQUENCE, &body);
    out
}

/// The content of `[n] EXPLICIT` holding one element of `tag`.
fn unwrap_explicit(content: &[u8], tag: u8) -> Result<&[u8], DerError> {
    match der::expect(content, tag) {
        Some((t, [])) => Ok(t.content),
        _ => Err(DerError::Malformed),
    }
}

fn short(b: &[u8]) -> Result<ShortBytes, DerError> {
    if b.len() > MAX_ID {
        return Err(DerError::Malformed);
    }
    ShortBytes::new(b).ok_or(DerError::Malformed)
}

/// `d2i_SSL_SESSION`: a session and how many bytes it used.
pub fn decode(input: &[u8]) -> Result<(Arc<SslSession>, usize), DerError> {
    let (seq, rest) = der::expect(input, SEQUENCE).ok_or(DerError::Malformed)?;
    let used = input.len() - rest.len();
    let mut it = Elements::new(seq.content);
    let mut next_of = |tag: u8| -> Result<&[u8], DerError> {
        match it.next() {
            Some(t) if t.tag == tag => Ok(t.content),
            _ => Err(DerError::Malformed),
        }
    };
    let version = read_int(next_of(INTEGER)?).ok_or(DerError::Malformed)?;
    let ssl_version = read_int(next_of(INTEGER)?).ok_or(DerError::Malformed)?;
    if version != ASN1_VERSION || ssl_version >> 8 != 3 {
        return Err(DerError::BadVersion);
    }
    let cipher = next_of(OCTET_STRING)?;
    let suite: [u8; 2] = cipher.try_into().map_err(|_| DerError::Malformed)?;
    let cipher = crate::cipher::by_suite(rustls::CipherSuite::from(u16::from_be_bytes(suite)))
        .ok_or(DerError::UnknownCipher)?;
    let id = short(next_of(OCTET_STRING)?)?;
    if next_of(OCTET_STRING)?.len() > MAX_MASTER_KEY {
        return Err(DerError::Malformed);
    }
    let mut meta = Meta {
        version: i32::try_from(ssl_version).map_err(|_| DerError::BadVersion)?,
        cipher: Some(cipher),
        id,
        sid_ctx: ShortBytes::default(),
        time: 0,
        timeout: 0,
        peer: None,
        verify_result: 0,
        not_resumable: false,
        hostname: None,
        extra: Default::default(),
    };
    let mut secret = Secret::None;
    let (mut hint, mut ticket) = (0, None);
    let mut last: i16 = -1;
    for t in it.by_ref() {
        // Optional fields, each at most once, in tag order: [0] IMPLICIT
        // (primitive) or [1].. EXPLICIT (constructed).
        let n = i16::from(t.tag & 0x1F);
        let well_formed = match t.tag & 0xE0 {
            0x80 => n == 0,
            0xA0 => n > 0,
            _ => false,
        };
        if !well_formed || n <= last {
            return Err(DerError::Malformed);
        }
        last = n;
        match n {
            1 => {
                meta.time =
                    read_int(unwrap_explicit(t.content, INTEGER)?).ok_or(DerError::Malformed)?
            }
            2 => {
                meta.timeout =
                    read_int(unwrap_explicit(t.content, INTEGER)?).ok_or(DerError::Malformed)?
            }
            3 => meta.peer = Some(X509::from_der(t.content.to_vec()).ok_or(DerError::Malformed)?),
            4 => meta.sid_ctx = short(unwrap_explicit(t.content, OCTET_STRING)?)?,
            5 => {
                meta.verify_result =
                    read_int(unwrap_explicit(t.content, INTEGER)?).ok_or(DerError::Malformed)?
            }
            6 => {
                let h = unwrap_explicit(t.content, OCTET_STRING)?;
                meta.hostname =
                    Some(std::ffi::CString::new(h.to_vec()).map_err(|_| DerError::Malformed)?);
            }
            9 => {
                let v = read_int(unwrap_explicit(t.content, INTEGER)?);
                hint = v
                    .and_then(|v| u32::try_from(v).ok())
                    .ok_or(DerError::Malformed)?;
            }
            10 => ticket = Some(unwrap_explicit(t.content, OCTET_STRING)?.to_vec()),
            15 => {
                let v = read_int(unwrap_explicit(t.content, INTEGER)?);
                meta.extra.max_early_data = v
                    .and_then(|v| u32::try_from(v).ok())
                    .ok_or(DerError::Malformed)?;
            }
            16 => meta.extra.alpn = Some(unwrap_explicit(t.content, OCTET_STRING)?.to_vec()),
            18 => secret = app_secret(unwrap_explicit(t.content, OCTET_STRING)?, now()),
            // PSK, ticket, flags, ...: not ours to keep.
            _ => {}
        }
    }
    if !it.ok {
        return Err(DerError::Malformed);
    }
    // A TLS 1.3 ticket (another library's encoding) is not one we show.
    if meta.version != crate::abi::TLS1_3_VERSION {
        meta.extra.tls12_ticket = ticket.map(|ticket| super::Tls12Ticket {
            lifetime_hint: hint,
            ticket,
        });
    }
    // OpenSSL's defaults for absent fields.
    if meta.time == 0 {
        meta.time = now();
    }
    if meta.timeout == 0 {
        meta.timeout = 3;
    }
    Ok((SslSession::new(meta, secret), used))
}

/// What field [18] gives to resume with: a server session's rustls value,
/// a client session's tickets while this process still has them, or
/// nothing (the program's own ticket data, another library's session).
fn app_secret(app: &[u8], now: i64) -> Secret {
    if let Some(v) = app.strip_prefix(VALUE_MARKER) {
        return Secret::Server(v.to_vec());
    }
    app.strip_prefix(CLIENT_MARKER)
        .and_then(|h| h.try_into().ok())
        .and_then(|h| super::handles::find(&h, now))
        .map_or(Secret::None, Secret::Client)
}
