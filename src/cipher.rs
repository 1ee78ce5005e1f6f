//! `SSL_CIPHER`: the suites rustls offers, under OpenSSL's names, and
//! OpenSSL's cipher-string language (`HIGH:!aNULL:+AES128`) mapped onto them.
//!
//! The cipher objects are statics: OpenSSL hands out `const SSL_CIPHER*`
//! pointers that never need freeing, and so do we.

#![forbid(unsafe_code)]

mod nid;
pub mod stack;
pub use nid::by_protocol_id;

use rustls::CipherSuite;
use rustls::SupportedCipherSuite;
use std::ffi::CStr;

/// Attribute bits the cipher-string aliases select on.
mod attr {
    pub const K_ECDHE: u32 = 1 << 0;
    pub const A_RSA: u32 = 1 << 2;
    pub const A_ECDSA: u32 = 1 << 3;
    pub const AES128GCM: u32 = 1 << 5;
    pub const AES256GCM: u32 = 1 << 6;
    pub const CHACHA20: u32 = 1 << 7;
    pub const SHA256: u32 = 1 << 8;
    pub const SHA384: u32 = 1 << 9;
    pub const TLS12: u32 = 1 << 10;
    pub const TLS13: u32 = 1 << 11;
}

/// One cipher suite as `SSL_CIPHER*` (layout private; magic first so the ffi
/// layer can reject foreign pointers).
#[repr(C)]
pub struct SslCipher {
    magic: u64,
    pub name: &'static CStr,
    pub standard_name: &'static CStr,
    pub version: &'static CStr,
    pub bits: i32,
    pub suite: CipherSuite,
    attrs: u32,
    kx: &'static str,
    au: &'static str,
    enc: &'static str,
}

impl std::fmt::Debug for SslCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name.to_str().unwrap_or("?"))
    }
}

impl SslCipher {
    pub const MAGIC: u64 = 0x5353_4c53_4349_5048; // "SSLSCIPH"

    pub fn magic(&self) -> u64 {
        self.magic
    }

    pub fn is_tls13(&self) -> bool {
        self.attrs & attr::TLS13 != 0
    }

    /// OpenSSL's 32-bit id: 0x03000000 | the two-byte IANA value.
    pub fn id(&self) -> u32 {
        0x0300_0000 | u32::from(u16::from(self.suite))
    }

    /// The rustls implementation of this suite, from the aws-lc-rs provider.
    pub fn rustls_suite(&self) -> Option<SupportedCipherSuite> {
        rustls::crypto::aws_lc_rs::ALL_CIPHER_SUITES
            .iter()
            .copied()
            .find(|s| s.suite() == self.suite)
    }

    /// `SSL_CIPHER_description`'s line.
    pub fn description(&self) -> String {
        let proto = if self.is_tls13() {
            "TLSv1.3"
        } else {
            "TLSv1.2"
        };
        format!(
            "{:<30} {:<7} Kx={:<8} Au={:<5} Enc={:<22} Mac=AEAD\n",
            self.name.to_str().unwrap_or(""),
            proto,
            self.kx,
            self.au,
            self.enc
        )
    }
}

macro_rules! cipher {
    ($name:literal, $std:literal, $ver:literal, $bits:expr, $suite:ident, $attrs:expr, $kx:literal, $au:literal, $enc:literal) => {
        SslCipher {
            magic: SslCipher::MAGIC,
            name: $name,
            standard_name: $std,
            version: $ver,
            bits: $bits,
            suite: CipherSuite::$suite,
            attrs: $attrs,
            kx: $kx,
            au: $au,
            enc: $enc,
        }
    };
}

use attr::*;

/// Every suite we support, in OpenSSL 3's default preference order (TLS 1.3
/// first, then strongest first), so a default handshake negotiates the same
/// suite OpenSSL would.
pub static CIPHERS: [SslCipher; 9] = [
    cipher!(
        c"TLS_AES_256_GCM_SHA384",
        c"TLS_AES_256_GCM_SHA384",
        c"TLSv1.3",
        256,
        TLS13_AES_256_GCM_SHA384,
        AES256GCM | SHA384 | TLS13,
        "any",
        "any",
        "AESGCM(256)"
    ),
    cipher!(
        c"TLS_CHACHA20_POLY1305_SHA256",
        c"TLS_CHACHA20_POLY1305_SHA256",
        c"TLSv1.3",
        256,
        TLS13_CHACHA20_POLY1305_SHA256,
        CHACHA20 | SHA256 | TLS13,
        "any",
        "any",
        "CHACHA20/POLY1305(256)"
    ),
    cipher!(
        c"TLS_AES_128_GCM_SHA256",
        c"TLS_AES_128_GCM_SHA256",
        c"TLSv1.3",
        128,
        TLS13_AES_128_GCM_SHA256,
        AES128GCM | SHA256 | TLS13,
        "any",
        "any",
        "AESGCM(128)"
    ),
    cipher!(
        c"ECDHE-ECDSA-AES256-GCM-SHA384",
        c"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        c"TLSv1.2",
        256,
        TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        K_ECDHE | A_ECDSA | AES256GCM | SHA384 | TLS12,
        "ECDH",
        "ECDSA",
        "AESGCM(256)"
    ),
    cipher!(
        c"ECDHE-RSA-AES256-GCM-SHA384",
        c"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        c"TLSv1.2",
        256,
        TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        K_ECDHE | A_RSA | AES256GCM | SHA384 | TLS12,
        "ECDH",
        "RSA",
        "AESGCM(256)"
    ),
    cipher!(
        c"ECDHE-ECDSA-CHACHA20-POLY1305",
        c"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        c"TLSv1.2",
        256,
        TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        K_ECDHE | A_ECDSA | CHACHA20 | SHA256 | TLS12,
        "ECDH",
        "ECDSA",
        "CHACHA20/POLY1305(256)"
    ),
    cipher!(
        c"ECDHE-RSA-CHACHA20-POLY1305",
        c"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        c"TLSv1.2",
        256,
        TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        K_ECDHE | A_RSA | CHACHA20 | SHA256 | TLS12,
        "ECDH",
        "RSA",
        "CHACHA20/POLY1305(256)"
    ),
    cipher!(
        c"ECDHE-ECDSA-AES128-GCM-SHA256",
        c"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        c"TLSv1.2",
        128,
        TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        K_ECDHE | A_ECDSA | AES128GCM | SHA256 | TLS12,
        "ECDH",
        "ECDSA",
        "AESGCM(128)"
    ),
    cipher!(
        c"ECDHE-RSA-AES128-GCM-SHA256",
        c"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        c"TLSv1.2",
        128,
        TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        K_ECDHE | A_RSA | AES128GCM | SHA256 | TLS12,
        "ECDH",
        "RSA",
        "AESGCM(128)"
    ),
];

/// The signalling cipher suite values OpenSSL knows as `SSL_CIPHER`s that
/// are not ciphers ("valid" 0): `SSL_bytes_to_cipher_list` hands them out
/// apart. Never offered or negotiated.
pub static SCSVS: [SslCipher; 2] = [
    SslCipher {
        magic: SslCipher::MAGIC,
        name: c"TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
        standard_name: c"TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
        version: c"(NONE)",
        bits: 0,
        suite: CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV,
        attrs: 0,
        kx: "any",
        au: "any",
        enc: "None",
    },
    SslCipher {
        magic: SslCipher::MAGIC,
        name: c"TLS_FALLBACK_SCSV",
        standard_name: c"TLS_FALLBACK_SCSV",
        version: c"(NONE)",
        bits: 0,
        suite: CipherSuite::Unknown(0x5600),
        attrs: 0,
        kx: "any",
        au: "any",
        enc: "None",
    },
];

/// Why a wire cipher list was refused (`SSL_bytes_to_cipher_list`): the
/// reason code OpenSSL queues.
pub type WireListError = i32;

/// `SSL_bytes_to_cipher_list`: a ClientHello's cipher_suites (two bytes
/// each, or three in an SSLv2-format hello, where only values with a zero
/// first byte are TLS suites) as the suites we know, in order, and the
/// SCSVs apart. Values we do not know are left out.
pub fn from_wire_list(
    bytes: &[u8],
    sslv2: bool,
) -> Result<(Vec<&'static SslCipher>, Vec<&'static SslCipher>), WireListError> {
    let n = if sslv2 { 3 } else { 2 };
    if bytes.is_empty() {
        return Err(crate::abi::SSL_R_NO_CIPHERS_SPECIFIED);
    }
    if !bytes.len().is_multiple_of(n) {
        return Err(crate::abi::SSL_R_ERROR_IN_RECEIVED_CIPHER_LIST);
    }
    let (mut ciphers, mut scsvs) = (Vec::new(), Vec::new());
    for c in bytes.chunks_exact(n) {
        // A true SSLv2 suite (non-zero first byte) is none we know.
        let id = match c {
            [0, a, b] | [a, b] => u16::from_be_bytes([*a, *b]),
            _ => continue,
        };
        if let Some(s) = by_protocol_id(id) {
            ciphers.push(s);
        } else if let Some(s) = SCSVS.iter().find(|s| u16::from(s.suite) == id) {
            scsvs.push(s);
        }
    }
    Ok((ciphers, scsvs))
}

/// `OSSL_default_cipher_list`: OpenSSL 3.0's default TLS 1.2 list, the
/// string "DEFAULT" stands for (ours parses it the same way).
pub const DEFAULT_CIPHER_LIST: &CStr = c"ALL:!COMPLEMENTOFDEFAULT:!eNULL";
/// `OSSL_default_ciphersuites`: OpenSSL 3.0's default TLS 1.3 suites.
pub const DEFAULT_CIPHERSUITES: &CStr =
    c"TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";

/// The suite with this standard (RFC) name (`OPENSSL_cipher_name`).
pub fn by_standard_name(name: &[u8]) -> Option<&'static SslCipher> {
    CIPHERS.iter().find(|c| c.standard_name.to_bytes() == name)
}

/// The static object behind a borrowed cipher (every `SslCipher` is one
/// of `CIPHERS`).
pub fn as_static(c: &SslCipher) -> Option<&'static SslCipher> {
    CIPHERS.iter().find(|s| std::ptr::eq(*s, c))
}

/// The static cipher object for a negotiated suite.
pub fn by_suite(suite: CipherSuite) -> Option<&'static SslCipher> {
    CIPHERS.iter().find(|c| c.suite == suite)
}

/// OpenSSL's default TLS 1.2 list ("DEFAULT").
pub fn default_tls12() -> Vec<&'static SslCipher> {
    CIPHERS.iter().filter(|c| !c.is_tls13()).collect()
}

/// OpenSSL's default TLS 1.3 list.
pub fn default_tls13() -> Vec<&'static SslCipher> {
    CIPHERS.iter().filter(|c| c.is_tls13()).collect()
}

/// What an alias selects: `Some(attribute mask that must all be present)`,
/// or `None` for aliases naming things rustls does not implement at all.
fn alias(word: &str) -> Option<u32> {
    Some(match word {
        "ALL" | "HIGH" | "AEAD" | "DEFAULT" | "TLSv1.2" => TLS12,
        "kEECDH" | "kECDHE" | "ECDHE" | "EECDH" | "ECDH" => K_ECDHE,
        "aRSA" => A_RSA,
        "aECDSA" | "ECDSA" => A_ECDSA,
        "AES" | "AESGCM" => AES_ANY,
        "AES128" => AES128GCM,
        "AES256" => AES256GCM,
        "CHACHA20" => CHACHA20,
        // OpenSSL's SHA256/SHA384 aliases name the MAC of CBC suites; an
        // AEAD suite's MAC is "AEAD", so they select none of ours.
        // MEDIUM, LOW, eNULL, aNULL, kRSA, DHE, PSK, RC4, 3DES, CAMELLIA, ...:
        // OpenSSL aliases for suites rustls does not have.
        _ => return None,
    })
}

/// Pseudo-mask: matches either AES-GCM size.
const AES_ANY: u32 = 1 << 31;

fn matches(c: &SslCipher, mask: u32) -> bool {
    if mask & AES_ANY != 0 && c.attrs & (AES128GCM | AES256GCM) == 0 {
        return false;
    }
    let m = mask & !AES_ANY;
    c.attrs & m == m
}

/// What a cipher string (`SSL_CTX_set_cipher_list`) sets: the TLS 1.2
/// suites it leaves, in order, and the security level an `@SECLEVEL=n`
/// command sets (OpenSSL sets the context's or connection's level).
#[derive(Debug)]
pub struct CipherString {
    pub suites: Vec<&'static SslCipher>,
    pub seclevel: Option<i32>,
}

/// A command OpenSSL does not know (`@FOO`, `@SECLEVEL=9`) or an empty
/// name in a `+` list: OpenSSL's SSL_R_INVALID_COMMAND, and the call
/// changes nothing.
#[derive(Debug, PartialEq)]
pub struct InvalidCommand;

/// The string's elements: separated by `:`, `,`, ` ` or `;`, and a command
/// (`@...`) may follow a name directly (`ALL@SECLEVEL=0`), as OpenSSL's
/// parser reads it.
fn elements(s: &str) -> impl Iterator<Item = &str> {
    s.split([':', ',', ' ', ';'])
        .filter(|t| !t.is_empty())
        .flat_map(|t| {
            let mut parts = Vec::new();
            let mut rest = t;
            while let Some(at) = rest.get(1..).and_then(|r| r.find('@')) {
                parts.push(&rest[..=at]);
                rest = &rest[at + 1..];
            }
            parts.push(rest);
            parts
        })
}

/// Parses an OpenSSL cipher string into the TLS 1.2 suites it leaves, in
/// order. Words rustls has nothing for (RC4, kRSA, CAMELLIA, …) select
/// nothing, as OpenSSL ignores names it lacks.
pub fn parse_cipher_string(s: &str) -> Result<CipherString, InvalidCommand> {
    let mut list: Vec<&'static SslCipher> = Vec::new();
    let mut banned: Vec<&'static SslCipher> = Vec::new();
    let mut seclevel = None;
    for (i, token) in elements(s).enumerate() {
        if token == "DEFAULT" && i == 0 {
            list = default_tls12();
            continue;
        }
        if let Some(command) = token.strip_prefix('@') {
            match command.strip_prefix("SECLEVEL=").map(str::as_bytes) {
                _ if command == "STRENGTH" => list.sort_by_key(|c| std::cmp::Reverse(c.bits)),
                Some(&[d @ b'0'..=b'5']) => seclevel = Some(i32::from(d - b'0')),
                _ => return Err(InvalidCommand),
            }
            continue;
        }
        let (op, body) = match token.as_bytes()[0] {
            b'!' | b'-' | b'+' => (token.as_bytes()[0], &token[1..]),
            _ => (b' ', token),
        };
        if body.split('+').any(str::is_empty) {
            return Err(InvalidCommand);
        }
        let selected: Vec<&'static SslCipher> = select(body);
        match op {
            b'!' => {
                list.retain(|c| !selected.iter().any(|s| std::ptr::eq(*s, *c)));
                banned.extend(selected);
            }
            b'-' => list.retain(|c| !selected.iter().any(|s| std::ptr::eq(*s, *c))),
            b'+' => {
                let (moved, kept): (Vec<_>, Vec<_>) = list
                    .into_iter()
                    .partition(|c| selected.iter().any(|s| std::ptr::eq(*s, *c)));
                list = kept;
                list.extend(moved);
            }
            _ => {
                for c in selected {
                    let known = list.iter().any(|l| std::ptr::eq(*l, c))
                        || banned.iter().any(|b| std::ptr::eq(*b, c));
                    if !known {
                        list.push(c);
                    }
                }
            }
        }
    }
    Ok(CipherString {
        suites: list,
        seclevel,
    })
}

/// The suites alone (an invalid command: none).
#[cfg(test)]
pub fn parse_cipher_list(s: &str) -> Vec<&'static SslCipher> {
    parse_cipher_string(s).map(|c| c.suites).unwrap_or_default()
}

/// The TLS 1.2 suites one word (`A+B` = both) selects, in table order.
fn select(word: &str) -> Vec<&'static SslCipher> {
    // A single exact cipher name.
    if let Some(c) = CIPHERS
        .iter()
        .find(|c| !c.is_tls13() && c.name.to_bytes() == word.as_bytes())
    {
        return vec![c];
    }
    let mut mask = TLS12;
    for part in word.split('+') {
        match alias(part) {
            Some(m) => mask |= m,
            None => return Vec::new(),
        }
    }
    CIPHERS.iter().filter(|c| matches(c, mask)).collect()
}

/// Parses `SSL_CTX_set_ciphersuites`' colon list of TLS 1.3 names. Unknown
/// names are skipped, as OpenSSL 3.0 does; `None` when no name was
/// recognised at all (OpenSSL fails the call then). The CCM suites are
/// OpenSSL names rustls lacks: recognised, selecting nothing. An empty
/// result disables TLS 1.3.
pub fn parse_ciphersuites(s: &str) -> Option<Vec<&'static SslCipher>> {
    const WITHOUT_RUSTLS: [&str; 2] = ["TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256"];
    let mut out: Vec<&'static SslCipher> = Vec::new();
    let mut recognised = s.is_empty();
    for name in s.split(':').filter(|n| !n.is_empty()) {
        if let Some(c) = CIPHERS
            .iter()
            .find(|c| c.is_tls13() && c.standard_name.to_bytes() == name.as_bytes())
        {
            recognised = true;
            if !out.iter().any(|o| std::ptr::eq(*o, c)) {
                out.push(c);
            }
        } else if WITHOUT_RUSTLS.contains(&name) {
            recognised = true;
        }
    }
    recognised.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&SslCipher]) -> Vec<String> {
        v.iter()
            .map(|c| c.name.to_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn commands() {
        let level = |s: &str| parse_cipher_string(s).map(|c| c.seclevel);
        assert_eq!(level("ALL@SECLEVEL=0"), Ok(Some(0)));
        assert_eq!(level("HIGH:@SECLEVEL=3"), Ok(Some(3)));
        assert_eq!(level("ALL@STRENGTH"), Ok(None));
        assert_eq!(level("ALL@SECLEVEL=9"), Err(InvalidCommand));
        assert_eq!(level("ALL@FOO"), Err(InvalidCommand));
        assert_eq!(level("ALL+@SECLEVEL=0"), Err(InvalidCommand));
        assert_eq!(
            names(&parse_cipher_list("ECDHE-RSA-AES128-GCM-SHA256@SECLEVEL=0")),
            ["ECDHE-RSA-AES128-GCM-SHA256"]
        );
    }

    #[test]
    fn high_without_anull_keeps_every_tls12_suite() {
        assert_eq!(parse_cipher_list("HIGH:!aNULL").len(), 6);
    }

    #[test]
    fn exact_names_and_exclusions() {
        assert_eq!(
            names(&parse_cipher_list("ECDHE-ECDSA-AES128-GCM-SHA256")),
            ["ECDHE-ECDSA-AES128-GCM-SHA256"]
        );
        assert!(parse_cipher_list("RC4-MD5:AES128-SHA").is_empty());
        let l = parse_cipher_list("ECDHE:!CHACHA20:!aRSA");
        assert_eq!(
            names(&l),
            [
                "ECDHE-ECDSA-AES256-GCM-SHA384",
                "ECDHE-ECDSA-AES128-GCM-SHA256"
            ]
        );
        // '!' is permanent: adding back afterwards does nothing.
        assert!(parse_cipher_list("!AES256:AES256").is_empty());
    }

    #[test]
    fn plus_moves_to_the_end_and_combines() {
        let l =
            parse_cipher_list("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:+AES128");
        assert_eq!(
            names(&l),
            [
                "ECDHE-RSA-AES256-GCM-SHA384",
                "ECDHE-ECDSA-AES128-GCM-SHA256"
            ]
        );
        assert_eq!(parse_cipher_list("aECDSA+AES128").len(), 1);
    }

    #[test]
    fn ciphersuites_skip_unknown_names() {
        let l = parse_ciphersuites(
            "TLS_AES_128_GCM_SHA256:TLS_AES_128_CCM_SHA256:bogus:TLS_CHACHA20_POLY1305_SHA256",
        )
        .unwrap();
        assert_eq!(
            names(&l),
            ["TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256"]
        );
        assert_eq!(parse_ciphersuites("").map(|l| l.len()), Some(0));
        assert_eq!(
            parse_ciphersuites("TLS_AES_128_CCM_SHA256").map(|l| l.len()),
            Some(0)
        );
        assert!(parse_ciphersuites("bogus").is_none());
    }

    #[test]
    fn every_cipher_has_a_rustls_suite() {
        for c in &CIPHERS {
            assert!(c.rustls_suite().is_some(), "{:?}", c.name);
        }
    }

    #[test]
    fn wire_lists() {
        let (c, s) = from_wire_list(&[0x13, 0x01, 0x00, 0xff, 0xfe, 0xfe], false).unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(u16::from(c[0].suite), 0x1301);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].name, c"TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
        // SSLv2 format: a non-zero first byte is a true SSLv2 suite.
        let (c, s) = from_wire_list(
            &[0x00, 0x13, 0x02, 0x01, 0x00, 0x80, 0x00, 0x56, 0x00],
            true,
        )
        .unwrap();
        assert_eq!((c.len(), s.len()), (1, 1));
        assert_eq!(
            from_wire_list(&[], false).err(),
            Some(crate::abi::SSL_R_NO_CIPHERS_SPECIFIED)
        );
        assert_eq!(
            from_wire_list(&[1, 2, 3], false).err(),
            Some(crate::abi::SSL_R_ERROR_IN_RECEIVED_CIPHER_LIST)
        );
    }
}
