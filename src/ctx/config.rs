//! Compiling OpenSSL-style settings into rustls configs. A config is built
//! once per settings change and shared by every connection that uses those
//! settings; connections differ only in what they publish to the verifiers.

use super::Settings;
use super::sigalgs::{ClientSigalgs, ServerSigalgs, own_key};
use crate::ssl::keylog::ForwardKeyLog;
use crate::verify::{ClientCertResolver, ClientVerifier, ServerVerifier};
use rustls::client::Resumption;
use rustls::crypto::CryptoProvider;
use rustls::server::{ClientHello, ProducesTickets, ResolvesServerCert, StoresServerSessions};
use rustls::sign::CertifiedKey;
use rustls::{ClientConfig, ServerConfig};
use std::sync::Arc;

/// Why no config could be made; mapped to OpenSSL reasons by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// Bounds/options leave no version (SSL_R_NO_PROTOCOLS_AVAILABLE).
    NoProtocols,
    /// No cipher suite for any enabled version (SSL_R_NO_CIPHERS_AVAILABLE).
    NoCiphers,
    Other(String),
}

/// Server-side state that must survive config rebuilds: tickets issued
/// under an old config must still decrypt, sessions cached must still resume.
pub struct Persistent {
    pub ticketer: Option<Arc<dyn ProducesTickets>>,
    pub session_store: Arc<dyn StoresServerSessions>,
}

fn provider(s: &Settings) -> CryptoProvider {
    let suites = s
        .tls13_ciphers
        .iter()
        .chain(s.tls12_ciphers.iter())
        .filter_map(|c| c.rustls_suite())
        .collect();
    CryptoProvider {
        cipher_suites: suites,
        kx_groups: s.groups.clone(),
        ..rustls::crypto::aws_lc_rs::default_provider()
    }
}

/// Enabled versions that also have at least one suite.
fn versions(s: &Settings) -> Result<Vec<&'static rustls::SupportedProtocolVersion>, ConfigError> {
    let v = crate::version::enabled(s.min_version, s.max_version, s.options);
    if v.is_empty() {
        return Err(ConfigError::NoProtocols);
    }
    let usable: Vec<_> = v
        .into_iter()
        .filter(|v| match v.version {
            rustls::ProtocolVersion::TLSv1_3 => !s.tls13_ciphers.is_empty(),
            _ => !s.tls12_ciphers.is_empty(),
        })
        .collect();
    if usable.is_empty() {
        Err(ConfigError::NoCiphers)
    } else {
        Ok(usable)
    }
}

fn other(e: rustls::Error) -> ConfigError {
    ConfigError::Other(e.to_string())
}

pub fn client(s: &Settings, sni: bool) -> Result<Arc<ClientConfig>, ConfigError> {
    let versions = versions(s)?;
    let builder = ClientConfig::builder_with_provider(Arc::new(provider(s)))
        .with_protocol_versions(&versions)
        .map_err(other)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(ServerSigalgs {
            inner: ServerVerifier::new(s.roots.clone()),
            allowed: s.sigalgs.clone(),
        }));
    let mut cfg = builder.with_client_cert_resolver(Arc::new(ClientCertResolver::new(
        own_cert(s),
        s.roots.clone(),
    )));
    cfg.enable_sni = sni;
    // OpenSSL clients resume only sessions the application hands back with
    // SSL_set_session; rustls's automatic cache would change behaviour.
    cfg.resumption = Resumption::disabled();
    cfg.enable_early_data = false;
    cfg.key_log = Arc::new(ForwardKeyLog);
    Ok(Arc::new(cfg))
}

/// Our certificate, its key choosing signature schemes as OpenSSL would.
fn own_cert(s: &Settings) -> Option<Arc<CertifiedKey>> {
    s.cert
        .certified_key(&s.roots)
        .map(|ck| own_key(ck, &s.sigalgs))
}

pub fn server(s: &Settings, p: &Persistent) -> Result<Arc<ServerConfig>, ConfigError> {
    use crate::abi::{SSL_OP_CIPHER_SERVER_PREFERENCE, SSL_OP_NO_TICKET, SSL_SESS_CACHE_SERVER};
    let versions = versions(s)?;
    let mut cfg = ServerConfig::builder_with_provider(Arc::new(provider(s)))
        .with_protocol_versions(&versions)
        .map_err(other)?
        .with_client_cert_verifier(Arc::new(ClientSigalgs {
            inner: ClientVerifier::new(s.roots.clone(), ca_hints(s)),
            allowed: s.sigalgs.clone(),
        }))
        .with_cert_resolver(Arc::new(OwnCert(own_cert(s))));
    cfg.ignore_client_order = s.options & SSL_OP_CIPHER_SERVER_PREFERENCE != 0;
    if s.session_cache_mode & i64::from(SSL_SESS_CACHE_SERVER) != 0 {
        cfg.session_storage = p.session_store.clone();
    } else {
        cfg.session_storage = Arc::new(rustls::server::NoServerSessionStorage {});
    }
    match (&p.ticketer, s.options & SSL_OP_NO_TICKET) {
        (Some(t), 0) => cfg.ticketer = t.clone(),
        _ => cfg.ticketer = Arc::new(NoTickets),
    }
    // OpenSSL 3 sends two TLS 1.3 tickets by default.
    cfg.send_tls13_tickets = 2;
    cfg.max_early_data_size = 0;
    cfg.key_log = Arc::new(ForwardKeyLog);
    Ok(Arc::new(cfg))
}

/// The client CA list as the CertificateRequest carries it (DER Names).
fn ca_hints(s: &Settings) -> Vec<rustls::DistinguishedName> {
    s.client_ca
        .names()
        .iter()
        .map(|n| rustls::DistinguishedName::from(n.der().to_vec()))
        .collect()
}

/// Our configured certificate, whatever the peer hints: OpenSSL with one
/// certificate per context does the same.
#[derive(Debug)]
struct OwnCert(Option<Arc<CertifiedKey>>);

thread_local! {
    /// The OCSP response the connection being created staples.
    static STAPLE: std::cell::RefCell<Option<Vec<u8>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` (creating a server connection) with `ocsp` as the response to
/// staple: OpenSSL sets it per connection, rustls per certificate.
pub fn with_staple<R>(ocsp: Option<Vec<u8>>, f: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            STAPLE.with(|s| s.borrow_mut().take());
        }
    }
    STAPLE.with(|s| *s.borrow_mut() = ocsp);
    let _reset = Reset;
    f()
}

impl ResolvesServerCert for OwnCert {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let key = self.0.clone()?;
        match STAPLE.with(|s| s.borrow_mut().take()) {
            // Only a stapling connection pays for its own CertifiedKey.
            Some(ocsp) => Some(Arc::new(CertifiedKey {
                ocsp: Some(ocsp),
                ..(*key).clone()
            })),
            None => Some(key),
        }
    }
}

/// `SSL_OP_NO_TICKET`: session IDs only.
#[derive(Debug)]
struct NoTickets;

impl ProducesTickets for NoTickets {
    fn enabled(&self) -> bool {
        false
    }
    fn lifetime(&self) -> u32 {
        0
    }
    fn encrypt(&self, _plain: &[u8]) -> Option<Vec<u8>> {
        None
    }
    fn decrypt(&self, _cipher: &[u8]) -> Option<Vec<u8>> {
        None
    }
}
