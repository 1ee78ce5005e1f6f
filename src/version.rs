//! Protocol versions: OpenSSL's numbers and names, and what rustls offers.
//!
//! rustls speaks TLS 1.2 and 1.3 only. OpenSSL's bounds may still name older
//! versions (a minimum of TLS 1.0 is common and harmless); a range that leaves
//! neither 1.2 nor 1.3 fails the handshake with `SSL_R_NO_PROTOCOLS_AVAILABLE`.

#![forbid(unsafe_code)]

use crate::abi::{
    DTLS1_2_VERSION, DTLS1_BAD_VER, DTLS1_VERSION, SSL_OP_NO_TLSv1_2, SSL_OP_NO_TLSv1_3,
    SSL3_VERSION, TLS1_1_VERSION, TLS1_2_VERSION, TLS1_3_VERSION, TLS1_VERSION,
};
use rustls::SupportedProtocolVersion;
use std::ffi::CStr;

/// Whether `v` may be used as a min/max bound (`SSL_CTX_set_min_proto_version`):
/// 0 (no bound) or a TLS/SSL version OpenSSL knows.
pub fn is_valid_bound(v: i32) -> bool {
    v == 0 || (SSL3_VERSION..=TLS1_3_VERSION).contains(&v)
}

/// The rustls versions left by the bounds and `SSL_OP_NO_*` options, newest first.
pub fn enabled((min, max): (i32, i32), options: u64) -> Enabled {
    let allowed = |v: i32| (min == 0 || v >= min) && (max == 0 || v <= max);
    let mut out = Enabled {
        list: [&rustls::version::TLS13; 2],
        len: 0,
    };
    if allowed(TLS1_3_VERSION) && options & SSL_OP_NO_TLSv1_3 == 0 {
        out.list[out.len] = &rustls::version::TLS13;
        out.len += 1;
    }
    if allowed(TLS1_2_VERSION) && options & SSL_OP_NO_TLSv1_2 == 0 {
        out.list[out.len] = &rustls::version::TLS12;
        out.len += 1;
    }
    out
}

/// `enabled`'s answer: at most the two versions rustls speaks, held
/// inline (it is asked per connection), read as a slice.
#[derive(Clone, Copy, Debug)]
pub struct Enabled {
    list: [&'static SupportedProtocolVersion; 2],
    len: usize,
}

impl Enabled {
    /// Whether `version` is among them.
    pub fn has(&self, version: rustls::ProtocolVersion) -> bool {
        self.iter().any(|v| v.version == version)
    }
}

impl std::ops::Deref for Enabled {
    type Target = [&'static SupportedProtocolVersion];

    fn deref(&self) -> &Self::Target {
        &self.list[..self.len]
    }
}

/// OpenSSL's number for a negotiated rustls version.
pub fn number(v: rustls::ProtocolVersion) -> i32 {
    match v {
        rustls::ProtocolVersion::TLSv1_3 => TLS1_3_VERSION,
        rustls::ProtocolVersion::TLSv1_2 => TLS1_2_VERSION,
        rustls::ProtocolVersion::TLSv1_1 => TLS1_1_VERSION,
        rustls::ProtocolVersion::TLSv1_0 => TLS1_VERSION,
        rustls::ProtocolVersion::SSLv3 => SSL3_VERSION,
        other => i32::from(u16::from(other)),
    }
}

/// `SSL_get_version`'s string for an OpenSSL version number (OpenSSL's
/// `ssl_protocol_to_string`, which `SSL_SESSION_print` shares: a session
/// may carry any number `SSL_SESSION_set_protocol_version` gave it).
pub fn name(v: i32) -> &'static CStr {
    match v {
        DTLS1_BAD_VER => c"DTLSv0.9",
        DTLS1_VERSION => c"DTLSv1",
        DTLS1_2_VERSION => c"DTLSv1.2",
        TLS1_3_VERSION => c"TLSv1.3",
        TLS1_2_VERSION => c"TLSv1.2",
        TLS1_1_VERSION => c"TLSv1.1",
        TLS1_VERSION => c"TLSv1",
        SSL3_VERSION => c"SSLv3",
        _ => c"unknown",
    }
}
