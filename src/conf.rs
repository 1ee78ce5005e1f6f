//! `SSL_CONF_CTX` (ssl.h): configuring a context or connection from
//! name/value pairs, as a configuration file (`SSL_CONF_FLAG_FILE`:
//! "CipherString", case-insensitive) or a command line
//! (`SSL_CONF_FLAG_CMDLINE`: "-cipher") spells them. This module knows the
//! commands, which flags admit each, and the option lists' words; the ffi
//! layer applies a command through the same setters a program would call.

#![forbid(unsafe_code)]

use crate::abi::*;
use std::os::raw::c_int;

/// A command that takes a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmd {
    SignatureAlgorithms,
    ClientSignatureAlgorithms,
    Groups,
    EcdhParameters,
    CipherString,
    Ciphersuites,
    Protocol,
    MinProtocol,
    MaxProtocol,
    Options,
    VerifyMode,
    Certificate,
    PrivateKey,
    NumTickets,
    /// `VerifyCAFile`, `VerifyCAPath`: the verify store (`VerifyRoots`).
    VerifyCaFile,
    VerifyCaPath,
    /// Known to OpenSSL, not supported here: the command fails cleanly.
    Unsupported(&'static str),
}

/// What a name resolves to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A switch (command line only): options set or cleared (`invert`).
    Switch {
        options: u64,
        invert: bool,
    },
    /// A switch on the certificate flags (`-strict`): not supported.
    CertSwitch,
    Value(Cmd, c_int),
}

struct Row {
    file: Option<&'static str>,
    cmdline: Option<&'static str>,
    flags: u32,
    entry: Entry,
}

const fn sw(name: &'static str, flags: u32, options: u64, invert: bool) -> Row {
    Row {
        file: None,
        cmdline: Some(name),
        flags,
        entry: Entry::Switch { options, invert },
    }
}

const fn val(
    file: &'static str,
    cmdline: Option<&'static str>,
    flags: u32,
    cmd: Cmd,
    ty: c_int,
) -> Row {
    Row {
        file: Some(file),
        cmdline,
        flags,
        entry: Entry::Value(cmd, ty),
    }
}

const S: u32 = SSL_CONF_FLAG_SERVER;
const C: u32 = SSL_CONF_FLAG_CLIENT;
const CERT: u32 = SSL_CONF_FLAG_CERTIFICATE;

/// OpenSSL 3.0's commands (Debian's libssl 3.0; later versions added
/// some), in its order (the first match wins).
const TABLE: &[Row] = &[
    sw("no_ssl3", 0, SSL_OP_NO_SSLv3, false),
    sw("no_tls1", 0, SSL_OP_NO_TLSv1, false),
    sw("no_tls1_1", 0, SSL_OP_NO_TLSv1_1, false),
    sw("no_tls1_2", 0, SSL_OP_NO_TLSv1_2, false),
    sw("no_tls1_3", 0, SSL_OP_NO_TLSv1_3, false),
    sw("bugs", 0, SSL_OP_ALL, false),
    sw("no_comp", 0, SSL_OP_NO_COMPRESSION, false),
    sw("comp", 0, SSL_OP_NO_COMPRESSION, true),
    sw("ecdh_single", S, SSL_OP_SINGLE_ECDH_USE as u64, false),
    sw("no_ticket", 0, SSL_OP_NO_TICKET, false),
    sw("serverpref", S, SSL_OP_CIPHER_SERVER_PREFERENCE, false),
    sw(
        "legacy_renegotiation",
        0,
        SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION,
        false,
    ),
    sw(
        "client_renegotiation",
        S,
        SSL_OP_ALLOW_CLIENT_RENEGOTIATION,
        false,
    ),
    sw(
        "legacy_server_connect",
        C,
        SSL_OP_LEGACY_SERVER_CONNECT,
        false,
    ),
    sw("no_renegotiation", 0, SSL_OP_NO_RENEGOTIATION, false),
    sw(
        "no_resumption_on_reneg",
        S,
        SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION,
        false,
    ),
    sw(
        "no_legacy_server_connect",
        C,
        SSL_OP_LEGACY_SERVER_CONNECT,
        true,
    ),
    sw("allow_no_dhe_kex", 0, SSL_OP_ALLOW_NO_DHE_KEX, false),
    sw("prioritize_chacha", S, SSL_OP_PRIORITIZE_CHACHA, false),
    Row {
        file: None,
        cmdline: Some("strict"),
        flags: 0,
        entry: Entry::CertSwitch,
    },
    sw("no_middlebox", 0, SSL_OP_ENABLE_MIDDLEBOX_COMPAT, true),
    sw("anti_replay", S, SSL_OP_NO_ANTI_REPLAY, true),
    sw("no_anti_replay", S, SSL_OP_NO_ANTI_REPLAY, false),
    sw("no_etm", 0, SSL_OP_NO_ENCRYPT_THEN_MAC, false),
    val(
        "SignatureAlgorithms",
        Some("sigalgs"),
        0,
        Cmd::SignatureAlgorithms,
        SSL_CONF_TYPE_STRING,
    ),
    val(
        "ClientSignatureAlgorithms",
        Some("client_sigalgs"),
        0,
        Cmd::ClientSignatureAlgorithms,
        SSL_CONF_TYPE_STRING,
    ),
    val(
        "Curves",
        Some("curves"),
        0,
        Cmd::Groups,
        SSL_CONF_TYPE_STRING,
    ),
    val(
        "Groups",
        Some("groups"),
        0,
        Cmd::Groups,
        SSL_CONF_TYPE_STRING,
    ),
    val(
        "ECDHParameters",
        Some("named_curve"),
        S,
        Cmd::EcdhParameters,
        SSL_CONF_TYPE_STRING,
    ),
    val(
        "CipherString",
        Some("cipher"),
        0,
        Cmd::CipherString,
        SSL_CONF_TYPE_STRING,
    ),
    val(
        "Ciphersuites",
        Some("ciphersuites"),
        0,
        Cmd::Ciphersuites,
        SSL_CONF_TYPE_STRING,
    ),
    val("Protocol", None, 0, Cmd::Protocol, SSL_CONF_TYPE_STRING),
    val(
        "MinProtocol",
        Some("min_protocol"),
        0,
        Cmd::MinProtocol,
        SSL_CONF_TYPE_STRING,
    ),
    val(
        "MaxProtocol",
        Some("max_protocol"),
        0,
        Cmd::MaxProtocol,
        SSL_CONF_TYPE_STRING,
    ),
    val("Options", None, 0, Cmd::Options, SSL_CONF_TYPE_STRING),
    val("VerifyMode", None, 0, Cmd::VerifyMode, SSL_CONF_TYPE_STRING),
    val(
        "Certificate",
        Some("cert"),
        CERT,
        Cmd::Certificate,
        SSL_CONF_TYPE_FILE,
    ),
    val(
        "PrivateKey",
        Some("key"),
        CERT,
        Cmd::PrivateKey,
        SSL_CONF_TYPE_FILE,
    ),
    val(
        "ServerInfoFile",
        None,
        S | CERT,
        Cmd::Unsupported("ServerInfoFile"),
        SSL_CONF_TYPE_FILE,
    ),
    val(
        "ChainCAPath",
        Some("chainCApath"),
        CERT,
        Cmd::Unsupported("ChainCAPath"),
        SSL_CONF_TYPE_DIR,
    ),
    val(
        "ChainCAFile",
        Some("chainCAfile"),
        CERT,
        Cmd::Unsupported("ChainCAFile"),
        SSL_CONF_TYPE_FILE,
    ),
    val(
        "ChainCAStore",
        Some("chainCAstore"),
        CERT,
        Cmd::Unsupported("ChainCAStore"),
        SSL_CONF_TYPE_STORE,
    ),
    val(
        "VerifyCAPath",
        Some("verifyCApath"),
        CERT,
        Cmd::VerifyCaPath,
        SSL_CONF_TYPE_DIR,
    ),
    val(
        "VerifyCAFile",
        Some("verifyCAfile"),
        CERT,
        Cmd::VerifyCaFile,
        SSL_CONF_TYPE_FILE,
    ),
    val(
        "VerifyCAStore",
        Some("verifyCAstore"),
        CERT,
        Cmd::Unsupported("VerifyCAStore"),
        SSL_CONF_TYPE_STORE,
    ),
    val(
        "RequestCAFile",
        Some("requestCAFile"),
        CERT,
        Cmd::Unsupported("RequestCAFile"),
        SSL_CONF_TYPE_FILE,
    ),
    val(
        "ClientCAFile",
        None,
        S | CERT,
        Cmd::Unsupported("ClientCAFile"),
        SSL_CONF_TYPE_FILE,
    ),
    val(
        "RequestCAPath",
        None,
        CERT,
        Cmd::Unsupported("RequestCAPath"),
        SSL_CONF_TYPE_DIR,
    ),
    val(
        "ClientCAPath",
        None,
        S | CERT,
        Cmd::Unsupported("ClientCAPath"),
        SSL_CONF_TYPE_DIR,
    ),
    val(
        "RequestCAStore",
        Some("requestCAStore"),
        CERT,
        Cmd::Unsupported("RequestCAStore"),
        SSL_CONF_TYPE_STORE,
    ),
    val(
        "ClientCAStore",
        None,
        S | CERT,
        Cmd::Unsupported("ClientCAStore"),
        SSL_CONF_TYPE_STORE,
    ),
    val(
        "DHParameters",
        Some("dhparam"),
        S | CERT,
        Cmd::Unsupported("DHParameters"),
        SSL_CONF_TYPE_FILE,
    ),
    val(
        "RecordPadding",
        Some("record_padding"),
        0,
        Cmd::Unsupported("RecordPadding"),
        SSL_CONF_TYPE_STRING,
    ),
    val(
        "NumTickets",
        Some("num_tickets"),
        S,
        Cmd::NumTickets,
        SSL_CONF_TYPE_STRING,
    ),
];

/// The name without the context's prefix (or the command line's "-");
/// `None` when the prefix is missing.
pub fn strip_prefix<'a>(flags: u32, prefix: Option<&str>, cmd: &'a str) -> Option<&'a str> {
    match prefix {
        Some(p) => {
            if cmd.len() <= p.len() || !cmd.is_char_boundary(p.len()) {
                return None;
            }
            let (head, rest) = cmd.split_at(p.len());
            let cmdline_ok = flags & SSL_CONF_FLAG_CMDLINE == 0 || head == p;
            let file_ok = flags & SSL_CONF_FLAG_FILE == 0 || head.eq_ignore_ascii_case(p);
            (cmdline_ok && file_ok).then_some(rest)
        }
        None if flags & SSL_CONF_FLAG_CMDLINE != 0 => {
            cmd.strip_prefix('-').filter(|r| !r.is_empty())
        }
        None => Some(cmd),
    }
}

/// The command `name` (prefix removed) names under `flags`.
pub fn lookup(flags: u32, name: &str) -> Option<Entry> {
    TABLE
        .iter()
        .filter(|r| {
            let need = r.flags & (S | C | CERT);
            need & flags == need
        })
        .find(|r| {
            (flags & SSL_CONF_FLAG_CMDLINE != 0 && r.cmdline == Some(name))
                || (flags & SSL_CONF_FLAG_FILE != 0
                    && r.file.is_some_and(|f| f.eq_ignore_ascii_case(name)))
        })
        .map(|r| r.entry)
}

/// One word of an option list: its bits, and whether naming it clears
/// them (`inv`), for the roles it applies to.
struct Word {
    name: &'static str,
    roles: u32,
    bits: u64,
    inv: bool,
}

const fn w(name: &'static str, roles: u32, bits: u64, inv: bool) -> Word {
    Word {
        name,
        roles,
        bits,
        inv,
    }
}

const BOTH: u32 = S | C;
/// `SSL_OP_NO_DTLSv1`, `SSL_OP_NO_DTLSv1_2`.
const NO_DTLS1: u64 = 0x0400_0000;
const NO_DTLS1_2: u64 = 0x0800_0000;

const PROTOCOLS: &[Word] = &[
    w("ALL", BOTH, SSL_OP_NO_SSL_MASK, true),
    w("SSLv2", BOTH, 0, true),
    w("SSLv3", BOTH, SSL_OP_NO_SSLv3, true),
    w("TLSv1", BOTH, SSL_OP_NO_TLSv1, true),
    w("TLSv1.1", BOTH, SSL_OP_NO_TLSv1_1, true),
    w("TLSv1.2", BOTH, SSL_OP_NO_TLSv1_2, true),
    w("TLSv1.3", BOTH, SSL_OP_NO_TLSv1_3, true),
    w("DTLSv1", BOTH, NO_DTLS1, true),
    w("DTLSv1.2", BOTH, NO_DTLS1_2, true),
];

const OPTIONS: &[Word] = &[
    w("SessionTicket", BOTH, SSL_OP_NO_TICKET, true),
    w(
        "EmptyFragments",
        BOTH,
        SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS,
        true,
    ),
    w("Bugs", BOTH, SSL_OP_ALL, false),
    w("Compression", BOTH, SSL_OP_NO_COMPRESSION, true),
    w(
        "ServerPreference",
        S,
        SSL_OP_CIPHER_SERVER_PREFERENCE,
        false,
    ),
    w(
        "NoResumptionOnRenegotiation",
        S,
        SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION,
        false,
    ),
    w("DHSingle", S, SSL_OP_SINGLE_DH_USE as u64, false),
    w("ECDHSingle", S, SSL_OP_SINGLE_ECDH_USE as u64, false),
    w(
        "UnsafeLegacyRenegotiation",
        BOTH,
        SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION,
        false,
    ),
    w(
        "UnsafeLegacyServerConnect",
        BOTH,
        SSL_OP_LEGACY_SERVER_CONNECT,
        false,
    ),
    w(
        "ClientRenegotiation",
        BOTH,
        SSL_OP_ALLOW_CLIENT_RENEGOTIATION,
        false,
    ),
    w("EncryptThenMac", BOTH, SSL_OP_NO_ENCRYPT_THEN_MAC, true),
    w("NoRenegotiation", BOTH, SSL_OP_NO_RENEGOTIATION, false),
    w("AllowNoDHEKEX", BOTH, SSL_OP_ALLOW_NO_DHE_KEX, false),
    w("PrioritizeChaCha", BOTH, SSL_OP_PRIORITIZE_CHACHA, false),
    w(
        "MiddleboxCompat",
        BOTH,
        SSL_OP_ENABLE_MIDDLEBOX_COMPAT,
        false,
    ),
    w("AntiReplay", BOTH, SSL_OP_NO_ANTI_REPLAY, true),
    w(
        "ExtendedMasterSecret",
        BOTH,
        SSL_OP_NO_EXTENDED_MASTER_SECRET,
        true,
    ),
    w("CANames", BOTH, SSL_OP_DISABLE_TLSEXT_CA_NAMES, true),
    w("KTLS", BOTH, SSL_OP_ENABLE_KTLS, false),
    w(
        "IgnoreUnexpectedEOF",
        BOTH,
        SSL_OP_IGNORE_UNEXPECTED_EOF,
        false,
    ),
];

const VERIFY: &[Word] = &[
    w("Peer", C, SSL_VERIFY_PEER as u64, false),
    w("Request", S, SSL_VERIFY_PEER as u64, false),
    w(
        "Require",
        S,
        (SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT) as u64,
        false,
    ),
    w(
        "Once",
        S,
        (SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE) as u64,
        false,
    ),
    w(
        "RequestPostHandshake",
        S,
        (SSL_VERIFY_PEER | SSL_VERIFY_POST_HANDSHAKE) as u64,
        false,
    ),
    w(
        "RequirePostHandshake",
        S,
        (SSL_VERIFY_PEER | SSL_VERIFY_POST_HANDSHAKE | SSL_VERIFY_FAIL_IF_NO_PEER_CERT) as u64,
        false,
    ),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListKind {
    Protocol,
    Options,
    VerifyMode,
}

/// C's `isspace` in the "C" locale (`\v` included, which Rust's ASCII
/// whitespace leaves out).
fn c_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// Applies a comma-separated list ("-SessionTicket,ServerPreference") to
/// `bits`, word by word as OpenSSL's `CONF_parse_list` hands them over
/// (spaces around a word dropped); `None` at the first word unknown for
/// the context's role or empty ("", "Peer,", ",Peer", "a,,b"), with the
/// words before it applied, as in OpenSSL. A leading '+' sets a word,
/// '-' clears it; an inverted word the opposite.
pub fn apply_list(kind: ListKind, flags: u32, value: &str, bits: &mut u64) -> Option<()> {
    let table = match kind {
        ListKind::Protocol => PROTOCOLS,
        ListKind::Options => OPTIONS,
        ListKind::VerifyMode => VERIFY,
    };
    for elem in value.split(',').map(|e| e.trim_matches(c_space)) {
        let (on, name) = match elem.as_bytes().first()? {
            b'+' => (true, &elem[1..]),
            b'-' => (false, &elem[1..]),
            _ => (true, elem),
        };
        let word = table
            .iter()
            .find(|t| flags & t.roles != 0 && t.name.eq_ignore_ascii_case(name))?;
        if on != word.inv {
            *bits |= word.bits;
        } else {
            *bits &= !word.bits;
        }
    }
    Some(())
}

/// C's `atoi` (glibc: `(int) strtol(s, NULL, 10)`): spaces, a sign,
/// the digits up to the first other character; 0 when there are none.
pub fn atoi(s: &str) -> c_int {
    let s = s.trim_start_matches(c_space);
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let mut n: i64 = 0;
    let mut overflow = false;
    for d in digits.bytes().take_while(u8::is_ascii_digit) {
        match n
            .checked_mul(10)
            .and_then(|n| n.checked_add(i64::from(d - b'0')))
        {
            Some(v) => n = v,
            None => overflow = true,
        }
    }
    // strtol saturates; the cast to int keeps the low 32 bits.
    let long = match (overflow, neg) {
        (true, false) => i64::MAX,
        (true, true) => i64::MIN,
        (false, true) => -n,
        (false, false) => n,
    };
    long as c_int
}

/// "TLSv1.2" and the others `MinProtocol`/`MaxProtocol` take; "None" is 0
/// (no bound).
pub fn protocol_version(value: &str) -> Option<c_int> {
    Some(match value {
        "None" => 0,
        "SSLv3" => SSL3_VERSION,
        "TLSv1" => TLS1_VERSION,
        "TLSv1.1" => TLS1_1_VERSION,
        "TLSv1.2" => TLS1_2_VERSION,
        "TLSv1.3" => TLS1_3_VERSION,
        "DTLSv1" => 0xFEFF,
        "DTLSv1.2" => 0xFEFD,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_case_insensitive_cmdline_exact() {
        let f = SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER;
        assert_eq!(
            lookup(f, "ciphersuites"),
            Some(Entry::Value(Cmd::Ciphersuites, SSL_CONF_TYPE_STRING))
        );
        assert!(lookup(SSL_CONF_FLAG_CMDLINE, "ciphersuites").is_some());
        assert_eq!(lookup(SSL_CONF_FLAG_CMDLINE, "Ciphersuites"), None);
        // Certificate commands need SSL_CONF_FLAG_CERTIFICATE.
        assert_eq!(lookup(f, "Certificate"), None);
        assert!(lookup(f | SSL_CONF_FLAG_CERTIFICATE, "Certificate").is_some());
        // Server-only commands are unknown to a client.
        assert_eq!(
            lookup(SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_CLIENT, "NumTickets"),
            None
        );
    }

    #[test]
    fn prefixes() {
        assert_eq!(
            strip_prefix(SSL_CONF_FLAG_CMDLINE, None, "-cipher"),
            Some("cipher")
        );
        assert_eq!(strip_prefix(SSL_CONF_FLAG_CMDLINE, None, "cipher"), None);
        assert_eq!(
            strip_prefix(SSL_CONF_FLAG_FILE, Some("SSL"), "sslProtocol"),
            Some("Protocol")
        );
        assert_eq!(strip_prefix(SSL_CONF_FLAG_FILE, Some("SSL"), "SSL"), None);
    }

    #[test]
    fn option_lists() {
        let mut bits = SSL_OP_NO_TLSv1_3;
        apply_list(
            ListKind::Protocol,
            SSL_CONF_FLAG_SERVER,
            "-ALL,TLSv1.3",
            &mut bits,
        )
        .unwrap();
        assert_eq!(bits & SSL_OP_NO_TLSv1_3, 0);
        assert_ne!(bits & SSL_OP_NO_TLSv1_2, 0);
        let mut o = 0;
        apply_list(
            ListKind::Options,
            SSL_CONF_FLAG_SERVER,
            "-SessionTicket, ServerPreference",
            &mut o,
        )
        .unwrap();
        assert_eq!(o, SSL_OP_NO_TICKET | SSL_OP_CIPHER_SERVER_PREFERENCE);
        // ServerPreference is a server's word.
        assert!(
            apply_list(
                ListKind::Options,
                SSL_CONF_FLAG_CLIENT,
                "ServerPreference",
                &mut o
            )
            .is_none()
        );
        assert!(
            apply_list(
                ListKind::VerifyMode,
                SSL_CONF_FLAG_CLIENT,
                "Require",
                &mut o
            )
            .is_none()
        );
    }

    #[test]
    fn empty_list_elements_fail_after_the_words_before() {
        for bad in [
            "",
            " ",
            ",",
            "Peer,",
            ",Peer",
            "Peer,,Peer",
            "Peer, ,Peer",
            "+",
        ] {
            let mut v = 0;
            assert!(
                apply_list(ListKind::VerifyMode, SSL_CONF_FLAG_CLIENT, bad, &mut v).is_none(),
                "{bad:?}"
            );
            assert_eq!(v, if bad.starts_with("Peer") { 1 } else { 0 }, "{bad:?}");
        }
        let mut v = 0;
        apply_list(
            ListKind::VerifyMode,
            SSL_CONF_FLAG_CLIENT,
            "\x0b Peer\t",
            &mut v,
        )
        .unwrap();
        assert_eq!(v, 1);
    }

    #[test]
    fn atoi_as_c() {
        for (s, n) in [
            ("", 0),
            ("abc", 0),
            ("3", 3),
            (" \t+42x", 42),
            ("-7", -7),
            ("2147483648", i32::MIN),
            ("99999999999999999999", -1),
        ] {
            assert_eq!(atoi(s), n, "{s:?}");
        }
    }
}

/// What an `SSL_CONF_CTX` configures.
#[derive(Clone, Default)]
pub enum Target {
    #[default]
    None,
    Ctx(std::sync::Arc<crate::ctx::SslCtx>),
    Ssl(std::sync::Arc<crate::ssl::Ssl>),
}

#[derive(Default)]
pub struct ConfState {
    pub flags: u32,
    pub prefix: Option<String>,
    pub target: Target,
}

/// `SSL_CONF_CTX`.
#[repr(C)]
pub struct SslConfCtx {
    magic: u64,
    state: std::sync::Mutex<ConfState>,
}

impl SslConfCtx {
    pub const MAGIC: u64 = 0x5353_4c53_434f_4e46; // "SSLSCONF"

    pub fn new() -> std::sync::Arc<SslConfCtx> {
        std::sync::Arc::new(SslConfCtx {
            magic: Self::MAGIC,
            state: Default::default(),
        })
    }

    pub fn magic(&self) -> u64 {
        self.magic
    }

    pub fn lock(&self) -> std::sync::MutexGuard<'_, ConfState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}
