//! Compiling OpenSSL-style settings into rustls configs. A config is built
//! once per settings change and shared by every connection that uses those
//! settings; connections differ only in what they publish to the verifiers.

use super::sigalgs::{Allowed, ClientSigalgs, ServerSigalgs, own_key};
use super::{CertSlot, Settings};
use crate::observe::keylog::ForwardKeyLog;
use crate::session::{ClientStore, ServerStore, TicketWrap};
use crate::verify::{ClientCertResolver, ClientVerifier, RootStore, ServerVerifier};
use rustls::client::{Resumption, Tls12Resumption};
use rustls::crypto::CryptoProvider;
use rustls::server::{ClientHello, ProducesTickets, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls::{ClientConfig, ServerConfig};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Why no config could be made; mapped to OpenSSL reasons by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// Bounds/options leave no version (SSL_R_NO_PROTOCOLS_AVAILABLE).
    NoProtocols,
    /// No cipher suite for any enabled version (SSL_R_NO_CIPHERS_AVAILABLE).
    NoCiphers,
    /// The group list names only groups rustls lacks (ctx::groups): OpenSSL's
    /// client fails with SSL_R_NO_SUITABLE_GROUPS, its server on the
    /// ClientHello.
    NoGroups,
    Other(String),
}

/// State that must survive config rebuilds: tickets issued under an old
/// server config must still decrypt; a client session must still resume
/// under a config rebuilt for unchanged roots and certificate, and rustls
/// resumes only with the very verifier and certificate resolver objects
/// the session was made with.
pub struct Persistent {
    pub ticketer: Option<Arc<dyn ProducesTickets>>,
    client_parts: Mutex<Option<ClientParts>>,
}

/// The last client verifier and certificate resolver handed out.
struct ClientParts {
    roots: Arc<RootStore>,
    root_source: Arc<dyn crate::verify::RootSource>,
    sigalgs: Allowed,
    verifier: Arc<ServerSigalgs>,
    cert: CertSlot,
    resolver: Arc<ClientCertResolver>,
}

/// Same chain and same key object.
fn same_cert(a: &CertSlot, b: &CertSlot) -> bool {
    let same_key = match (&a.key, &b.key) {
        (Some(x), Some(y)) => Arc::ptr_eq(&x.signer, &y.signer),
        (None, None) => true,
        _ => false,
    };
    same_key && a.chain == b.chain
}

impl Persistent {
    pub fn new() -> Self {
        Persistent {
            ticketer: rustls::crypto::aws_lc_rs::Ticketer::new().ok(),
            client_parts: Mutex::new(None),
        }
    }

    /// The verifier and resolver for these settings: the previous ones
    /// while roots and certificate are unchanged.
    fn client_parts(&self, s: &Settings) -> (Arc<ServerSigalgs>, Arc<ClientCertResolver>) {
        let mut last = self.client_parts.lock().unwrap_or_else(|e| e.into_inner());
        let same_base = |p: &ClientParts| {
            Arc::ptr_eq(&p.roots, &s.roots)
                && Arc::ptr_eq(&p.root_source, &s.root_source)
                && p.sigalgs == s.sigalgs
        };
        let verifier = match last.as_ref() {
            Some(p) if same_base(p) => p.verifier.clone(),
            _ => Arc::new(ServerSigalgs {
                inner: ServerVerifier::new(s.roots.clone(), s.root_source.clone()),
                allowed: s.sigalgs.clone(),
            }),
        };
        // The automatic chain and the signing choice depend on the roots
        // and the signature algorithms too.
        let resolver = match last.as_ref() {
            Some(p) if same_base(p) && same_cert(&p.cert, &s.cert) => p.resolver.clone(),
            _ => Arc::new(ClientCertResolver::new(own_cert(s), s.roots.clone())),
        };
        *last = Some(ClientParts {
            roots: s.roots.clone(),
            root_source: s.root_source.clone(),
            sigalgs: s.sigalgs.clone(),
            verifier: verifier.clone(),
            cert: s.cert.clone(),
            resolver: resolver.clone(),
        });
        (verifier, resolver)
    }
}

impl Default for Persistent {
    fn default() -> Self {
        Self::new()
    }
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

/// Enabled versions that also have at least one suite (and a group to
/// use them with).
fn versions(s: &Settings) -> Result<Vec<&'static rustls::SupportedProtocolVersion>, ConfigError> {
    let v = crate::version::enabled(s.version_bounds(), s.options);
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
    } else if s.groups.is_empty() {
        Err(ConfigError::NoGroups)
    } else {
        Ok(usable)
    }
}

fn other(e: rustls::Error) -> ConfigError {
    ConfigError::Other(e.to_string())
}

/// How many rustls configs were built from settings (derived per-ALPN
/// variants not counted): tests check that a connection never builds one.
static BUILDS: AtomicU64 = AtomicU64::new(0);

pub fn builds() -> u64 {
    BUILDS.load(Ordering::Relaxed)
}

pub fn client(s: &Settings, sni: bool, p: &Persistent) -> Result<Arc<ClientConfig>, ConfigError> {
    use crate::abi::SSL_OP_NO_TICKET;
    BUILDS.fetch_add(1, Ordering::Relaxed);
    let versions = versions(s)?;
    let (verifier, resolver) = p.client_parts(s);
    let mut cfg = ClientConfig::builder_with_provider(Arc::new(provider(s)))
        .with_protocol_versions(&versions)
        .map_err(other)?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_client_cert_resolver(resolver);
    cfg.enable_sni = sni;
    cfg.max_fragment_size = s.max_fragment_size();
    // OpenSSL clients resume only sessions the application hands back with
    // SSL_set_session: the store reads the connection's (crate::session).
    let tls12 = if s.options & SSL_OP_NO_TICKET != 0 {
        Tls12Resumption::SessionIdOnly
    } else {
        Tls12Resumption::SessionIdOrTickets
    };
    cfg.resumption = Resumption::store(Arc::new(ClientStore)).tls12_resumption(tls12);
    cfg.enable_early_data = false;
    cfg.key_log = Arc::new(ForwardKeyLog);
    Ok(Arc::new(cfg))
}

/// Our certificate, its key choosing signature schemes as OpenSSL would.
/// A lone certificate's automatic chain comes from the context's trust
/// store as the root source sees it (the drop-in's libcrypto X509_STORE
/// included), not from a verify-store override: OpenSSL builds it from
/// the chain store or the context's cert_store.
fn own_cert(s: &Settings) -> Option<Arc<CertifiedKey>> {
    let source = s
        .root_source
        .replaced()
        .unwrap_or_else(|| s.root_source.clone());
    s.cert
        .certified_key(&source.current(&s.roots))
        .map(|ck| own_key(ck, &s.sigalgs))
}

pub fn server(s: &Settings, p: &Persistent) -> Result<Arc<ServerConfig>, ConfigError> {
    use crate::abi::{SSL_OP_CIPHER_SERVER_PREFERENCE, SSL_OP_NO_TICKET, SSL_SESS_CACHE_SERVER};
    BUILDS.fetch_add(1, Ordering::Relaxed);
    let versions = versions(s)?;
    let mut cfg = ServerConfig::builder_with_provider(Arc::new(provider(s)))
        .with_protocol_versions(&versions)
        .map_err(other)?
        .with_client_cert_verifier(Arc::new(ClientSigalgs {
            inner: ClientVerifier::new(s.roots.clone(), s.root_source.clone(), ca_hints(s)),
            allowed: s.sigalgs.clone(),
        }))
        .with_cert_resolver(Arc::new(OwnCert(own_cert(s))));
    cfg.ignore_client_order = s.options & SSL_OP_CIPHER_SERVER_PREFERENCE != 0;
    // Without SSL_SESS_CACHE_SERVER OpenSSL sends no session id.
    if s.session_cache_mode & i64::from(SSL_SESS_CACHE_SERVER) != 0 {
        cfg.session_storage = Arc::new(ServerStore);
    } else {
        cfg.session_storage = Arc::new(rustls::server::NoServerSessionStorage {});
    }
    let ticketer = s.ticket_keys.as_ref().or(p.ticketer.as_ref());
    match (ticketer, s.options & SSL_OP_NO_TICKET) {
        (Some(t), 0) => {
            cfg.ticketer = Arc::new(TicketWrap {
                inner: t.clone(),
                // A TLS 1.3 ticket lives at most a week (RFC 8446 4.6.1);
                // OpenSSL clamps the same way.
                lifetime: u32::try_from(s.session_timeout.clamp(0, 7 * 24 * 3600)).unwrap_or(0),
            })
        }
        _ => cfg.ticketer = Arc::new(NoTickets),
    }
    cfg.send_tls13_tickets = s.num_tickets;
    cfg.max_fragment_size = s.max_fragment_size();
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
