//! `SSL_METHOD`: which roles a context allows. OpenSSL 3 has only the
//! version-flexible methods left that matter; the version is chosen by the
//! min/max bounds.

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

pub static TLS_METHOD: SslMethod = SslMethod {
    magic: SslMethod::MAGIC,
    role: Role::Any,
};
pub static TLS_CLIENT_METHOD: SslMethod = SslMethod {
    magic: SslMethod::MAGIC,
    role: Role::Client,
};
pub static TLS_SERVER_METHOD: SslMethod = SslMethod {
    magic: SslMethod::MAGIC,
    role: Role::Server,
};
