//! `SSL_METHOD`: which roles a context allows and, for the deprecated
//! version-specific methods (`TLSv1_2_method` & co.), the one version it
//! speaks. With the version-flexible ones the min/max bounds choose.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Any,
    Client,
    Server,
}

#[repr(C)]
pub struct SslMethod {
    magic: u64,
    pub role: Role,
    /// OpenSSL's number of the only version (`TLS1_2_VERSION`...), 0 for
    /// the version-flexible methods.
    pub version: i32,
}

impl SslMethod {
    pub const MAGIC: u64 = 0x5353_4c53_4d45_5448; // "SSLSMETH"

    pub fn magic(&self) -> u64 {
        self.magic
    }

    /// `SSL_connect` is allowed (OpenSSL: `ssl_connect` is defined).
    pub fn can_connect(&self) -> bool {
        self.role != Role::Server
    }

    pub fn can_accept(&self) -> bool {
        self.role != Role::Client
    }
}

const fn method(role: Role, version: i32) -> SslMethod {
    SslMethod {
        magic: SslMethod::MAGIC,
        role,
        version,
    }
}

pub static TLS_METHOD: SslMethod = method(Role::Any, 0);
pub static TLS_CLIENT_METHOD: SslMethod = method(Role::Client, 0);
pub static TLS_SERVER_METHOD: SslMethod = method(Role::Server, 0);
pub static TLS1_2_METHOD: SslMethod = method(Role::Any, 0x0303);
pub static TLS1_2_CLIENT_METHOD: SslMethod = method(Role::Client, 0x0303);
pub static TLS1_2_SERVER_METHOD: SslMethod = method(Role::Server, 0x0303);
// TLS 1.0 and 1.1: rustls speaks neither, so a context of these methods has
// no protocol to offer and its handshakes fail ("no protocols available").
pub static TLS1_1_METHOD: SslMethod = method(Role::Any, 0x0302);
pub static TLS1_1_CLIENT_METHOD: SslMethod = method(Role::Client, 0x0302);
pub static TLS1_1_SERVER_METHOD: SslMethod = method(Role::Server, 0x0302);
pub static TLS1_METHOD: SslMethod = method(Role::Any, 0x0301);
pub static TLS1_CLIENT_METHOD: SslMethod = method(Role::Client, 0x0301);
pub static TLS1_SERVER_METHOD: SslMethod = method(Role::Server, 0x0301);

// DTLS: rustls has no datagram TLS. The contexts are made (a program that
// sets up DTLS next to TLS keeps running), with a version no TLS bound
// admits, so their handshakes fail with "no protocols available".
pub static DTLS_METHOD: SslMethod = method(Role::Any, crate::abi::DTLS_ANY_VERSION);
pub static DTLS_CLIENT_METHOD: SslMethod = method(Role::Client, crate::abi::DTLS_ANY_VERSION);
pub static DTLS_SERVER_METHOD: SslMethod = method(Role::Server, crate::abi::DTLS_ANY_VERSION);
pub static DTLS1_2_METHOD: SslMethod = method(Role::Any, crate::abi::DTLS1_2_VERSION);
pub static DTLS1_2_CLIENT_METHOD: SslMethod = method(Role::Client, crate::abi::DTLS1_2_VERSION);
pub static DTLS1_2_SERVER_METHOD: SslMethod = method(Role::Server, crate::abi::DTLS1_2_VERSION);
pub static DTLS1_METHOD: SslMethod = method(Role::Any, crate::abi::DTLS1_VERSION);
pub static DTLS1_CLIENT_METHOD: SslMethod = method(Role::Client, crate::abi::DTLS1_VERSION);
pub static DTLS1_SERVER_METHOD: SslMethod = method(Role::Server, crate::abi::DTLS1_VERSION);

impl SslMethod {
    /// A DTLS method (`SSL_is_dtls`): its version bounds are DTLS numbers.
    pub fn is_dtls(&self) -> bool {
        is_dtls_version(self.version)
    }
}

/// DTLS_ANY_VERSION, DTLS1_VERSION or DTLS1_2_VERSION.
pub fn is_dtls_version(v: i32) -> bool {
    matches!(v, 0x1FFFF | 0xFEFF | crate::abi::DTLS1_2_VERSION)
}

/// The position of `m` in `ALL` (0, `TLS_method`, for a method that is not
/// one of the statics, which cannot happen for a `&'static` from `ALL`).
pub fn index_of(m: &SslMethod) -> usize {
    ALL.iter().position(|s| std::ptr::eq(*s, m)).unwrap_or(0)
}

/// Every method, to turn a pointer C gave back into the static.
pub static ALL: [&SslMethod; 21] = [
    &TLS_METHOD,
    &TLS_CLIENT_METHOD,
    &TLS_SERVER_METHOD,
    &TLS1_2_METHOD,
    &TLS1_2_CLIENT_METHOD,
    &TLS1_2_SERVER_METHOD,
    &TLS1_1_METHOD,
    &TLS1_1_CLIENT_METHOD,
    &TLS1_1_SERVER_METHOD,
    &TLS1_METHOD,
    &TLS1_CLIENT_METHOD,
    &TLS1_SERVER_METHOD,
    &DTLS_METHOD,
    &DTLS_CLIENT_METHOD,
    &DTLS_SERVER_METHOD,
    &DTLS1_2_METHOD,
    &DTLS1_2_CLIENT_METHOD,
    &DTLS1_2_SERVER_METHOD,
    &DTLS1_METHOD,
    &DTLS1_CLIENT_METHOD,
    &DTLS1_SERVER_METHOD,
];
