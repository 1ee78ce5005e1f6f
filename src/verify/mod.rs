//! Certificate verification with OpenSSL's semantics on top of rustls-webpki.
//!
//! OpenSSL always verifies the peer's chain and records the outcome
//! (`SSL_get_verify_result`); `SSL_VERIFY_PEER` only decides whether a failure
//! aborts the handshake. The host name is checked only when the application
//! asked for it (`SSL_set1_host`). rustls's verifier traits see no
//! per-connection data, so the connection publishes its parameters for the
//! duration of each handshake step in a thread-local (`session::enter`), and
//! the verifiers, shared by every connection of a context, read it there.

#![forbid(unsafe_code)]

pub mod callback;
mod chain;
mod client_cert;
mod host;
pub mod issuer;
pub mod param;
mod path;
mod peer;
mod revocation;
mod roots;
pub mod session;
pub mod store;
mod store_uri;
mod v1_leaf;

pub use callback::X509StoreCtx;
pub use chain::{ChainCheck, check_chain, host_error, revocation_depth};
pub use client_cert::{ChooseOwn, ClientCertResolver, auto_chain, build_path};
pub use path::Path;
pub use peer::{ClientVerifier, OcspCallbackFailure, ServerVerifier};
pub use roots::{OwnRoots, RootSource, RootStore, VerifyRoots};

/// What the application asked to be checked, per connection.
#[derive(Clone, Debug)]
pub struct VerifyParams {
    /// `SSL_VERIFY_*` bits.
    pub mode: i32,
    /// `SSL_CTX_set_verify_depth`; negative = OpenSSL's default (100).
    pub depth: i32,
    /// `SSL_set1_host`/`SSL_add1_host` DNS names (any may match).
    pub hosts: Vec<String>,
    /// `SSL_set1_host` given an IP address literal.
    pub ip: Option<std::net::IpAddr>,
    /// `X509_V_FLAG_*` of the verify parameters: PARTIAL_CHAIN, and
    /// CRL_CHECK/CRL_CHECK_ALL (`revocation`) change the outcome.
    pub flags: std::os::raw::c_ulong,
    /// `X509_CHECK_FLAG_*` for the host names (`host::matches`).
    pub hostflags: u32,
}

impl Default for VerifyParams {
    fn default() -> Self {
        VerifyParams {
            mode: crate::abi::SSL_VERIFY_NONE,
            depth: -1,
            hosts: Vec::new(),
            ip: None,
            flags: 0,
            hostflags: 0,
        }
    }
}

impl VerifyParams {
    /// `SSL_set1_host`: an IP literal is checked as an address, as OpenSSL 3 does.
    /// `SSL_set1_host`, as OpenSSL 3's: an IP address literal becomes the
    /// address to check and clears the names; any other name replaces
    /// the names and leaves the address; None clears the names.
    pub fn set_host(&mut self, host: Option<&str>) {
        self.hosts.clear();
        match host.map(|h| (h, h.parse::<std::net::IpAddr>())) {
            Some((_, Ok(ip))) => self.ip = Some(ip),
            Some((h, Err(_))) if !h.is_empty() => self.hosts.push(h.to_owned()),
            _ => {}
        }
    }

    /// `SSL_add1_host`, as OpenSSL 3's: false for an IP address literal
    /// when an address is set already (there is one).
    pub fn add_host(&mut self, host: &str) -> bool {
        match host.parse::<std::net::IpAddr>() {
            Ok(_) if self.ip.is_some() => false,
            Ok(ip) => {
                self.ip = Some(ip);
                true
            }
            Err(_) => {
                if !host.is_empty() {
                    self.hosts.push(host.to_owned());
                }
                true
            }
        }
    }

    /// The names and address as an `X509_VERIFY_PARAM` holds them (the
    /// drop-in's): a name that reads as an address stays a DNS name, as
    /// `X509_VERIFY_PARAM_set1_host` keeps it.
    pub fn set_names(&mut self, hosts: Vec<String>, ip: Option<std::net::IpAddr>) {
        self.hosts = hosts;
        self.ip = ip;
    }

    /// `X509_V_FLAG_PARTIAL_CHAIN`: any certificate of the trust store is
    /// an anchor, not only a self-issued one.
    pub fn partial_chain(&self) -> bool {
        self.flags & crate::abi::X509_V_FLAG_PARTIAL_CHAIN != 0
    }

    pub fn peer_required(&self) -> bool {
        self.mode & crate::abi::SSL_VERIFY_PEER != 0
    }
}

/// `SSL_set1_host`/`SSL_add1_host` take this name as an IP address.
pub fn is_ip_literal(name: &str) -> bool {
    name.parse::<std::net::IpAddr>().is_ok()
}

/// The rustls error that makes rustls send the alert OpenSSL sends for an
/// `X509_V_ERR_*` result (OpenSSL's `ssl_x509err2alert`).
pub fn alert_error(result: i64) -> rustls::Error {
    use crate::abi::*;
    use rustls::CertificateError as C;
    let e = match result as i32 {
        X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT
        | X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
        | X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
        | X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN
        | X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE
        | X509_V_ERR_INVALID_CA
        | X509_V_ERR_CERT_CHAIN_TOO_LONG
        | X509_V_ERR_UNABLE_TO_GET_CRL
        | X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER => C::UnknownIssuer,
        X509_V_ERR_CERT_HAS_EXPIRED => C::Expired,
        X509_V_ERR_CERT_NOT_YET_VALID
        | X509_V_ERR_HOSTNAME_MISMATCH
        | X509_V_ERR_IP_ADDRESS_MISMATCH => C::NotValidForName,
        X509_V_ERR_CERT_SIGNATURE_FAILURE => C::BadSignature,
        X509_V_ERR_CERT_REVOKED => C::Revoked,
        // OpenSSL's table: an expired CRL is certificate_expired, a bad
        // CRL signature decrypt_error, no CRL unknown_ca.
        X509_V_ERR_CRL_HAS_EXPIRED => C::Expired,
        X509_V_ERR_CRL_SIGNATURE_FAILURE => C::BadSignature,
        X509_V_ERR_INVALID_PURPOSE => C::InvalidPurpose,
        _ => C::Other(rustls::OtherError(std::sync::Arc::new(VerifyFailed(
            result,
        )))),
    };
    rustls::Error::InvalidCertificate(e)
}

/// Carries an `X509_V_ERR_*` number through rustls's error type.
#[derive(Debug)]
pub struct VerifyFailed(pub i64);

impl std::fmt::Display for VerifyFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "certificate verify failed ({})", self.0)
    }
}

impl std::error::Error for VerifyFailed {}

#[cfg(test)]
mod tests {
    use super::VerifyParams;
    use std::net::IpAddr;

    fn ip(s: &str) -> Option<IpAddr> {
        s.parse().ok()
    }

    /// OpenSSL 3's SSL_set1_host/SSL_add1_host: one address, kept apart
    /// from the names.
    #[test]
    fn names_and_the_address() {
        let mut p = VerifyParams::default();
        p.set_host(Some("127.0.0.1"));
        assert_eq!((p.hosts.len(), p.ip), (0, ip("127.0.0.1")));
        assert!(p.add_host("localhost"));
        assert!(!p.add_host("::1"), "a second address fails");
        assert_eq!(p.ip, ip("127.0.0.1"));
        p.set_host(Some("example.com"));
        assert_eq!(p.hosts, ["example.com"]);
        assert_eq!(p.ip, ip("127.0.0.1"), "a name leaves the address");
        p.set_host(None);
        assert!(p.hosts.is_empty());
        assert_eq!(p.ip, ip("127.0.0.1"));
        assert!(p.add_host(""));
        assert!(p.hosts.is_empty());
        p.set_names(vec!["127.0.0.2".into()], None);
        assert_eq!((p.hosts.len(), p.ip), (1, None), "a DNS name as given");
    }
}
