//! Compiling OpenSSL-style settings into rustls configs. A config is built
//! once per settings change and shared by every connection that uses those
//! settings; connections differ only in what they publish to the verifiers.

use super::cert_choice::{Auth, Offer, Usable};
use super::sigalgs::{Allowed, ClientSigalgs, ServerSigalgs, own_key};
use super::{OwnCerts, Settings};
use crate::observe::keylog::ForwardKeyLog;
use crate::session::{ClientStore, ServerStore, TicketWrap};
use crate::verify::{ChooseOwn, ClientCertResolver, ClientVerifier, RootStore, ServerVerifier};
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
/// server config must still decrypt; a client's verifier and certificate
/// resolver stay while roots and certificate are unchanged (the resolver's
/// automatic chains are made once).
pub struct Persistent {
    pub ticketer: Option<Arc<dyn ProducesTickets>>,
    client_parts: Mutex<Option<ClientParts>>,
}

/// The last client verifier and certificate resolver handed out.
struct ClientParts {
    roots: Arc<RootStore>,
    root_source: Arc<dyn crate::verify::RootSource>,
    /// The root source's version when the resolver was made (its
    /// automatic chains come from the anchors then).
    roots_version: u64,
    sigalgs: Allowed,
    verifier: Arc<ServerSigalgs>,
    cert: OwnCerts,
    resolver: Arc<ClientCertResolver>,
}

impl Persistent {
    pub fn new() -> Self {
        Persistent {
            ticketer: rustls::crypto::aws_lc_rs::Ticketer::new()
                .ok()
                .map(|t| Arc::new(SiblingTickets::new(t)) as Arc<dyn ProducesTickets>),
            client_parts: Mutex::new(None),
        }
    }

    /// The verifier and resolver for these settings: the previous ones
    /// while roots and certificate are unchanged. A client handshake
    /// publishes them for the configs' shared ones (`client_front`).
    pub fn client_parts(&self, s: &Settings) -> (Arc<ServerSigalgs>, Arc<ClientCertResolver>) {
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
        // (as the root source sees them now) and the signature algorithms
        // too. A store changed since is a refresh of the same resolver, so
        // sessions made before still resume.
        let version = s.root_source.version();
        let own = || ClientCerts::new(s).map(|c| Arc::new(c) as Arc<dyn ChooseOwn>);
        let resolver = match last.as_ref() {
            Some(p) if same_base(p) && p.cert.same_as(&s.cert) => {
                if p.roots_version != version {
                    p.resolver.refresh(own(), chain_source(s).current(&s.roots));
                }
                p.resolver.clone()
            }
            _ => Arc::new(ClientCertResolver::new(
                own(),
                chain_source(s).current(&s.roots),
            )),
        };
        *last = Some(ClientParts {
            roots: s.roots.clone(),
            root_source: s.root_source.clone(),
            roots_version: version,
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

/// The suites in the settings' order, each from the implementation
/// `crate::crypto` chooses for it.
fn provider(s: &Settings) -> CryptoProvider {
    let ids = s
        .tls13_ciphers
        .iter()
        .chain(s.tls12_ciphers.iter())
        .map(|c| c.suite);
    crate::crypto::provider(ids, &s.groups)
}

/// Enabled versions that also have at least one suite (and a group to
/// use them with).
fn versions(s: &Settings) -> Result<Vec<&'static rustls::SupportedProtocolVersion>, ConfigError> {
    let v = crate::version::enabled(s.version_bounds(), s.options);
    if v.is_empty() {
        return Err(ConfigError::NoProtocols);
    }
    let usable: Vec<_> = v
        .iter()
        .copied()
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

pub fn client(s: &Settings, sni: bool) -> Result<Arc<ClientConfig>, ConfigError> {
    use crate::abi::SSL_OP_NO_TICKET;
    BUILDS.fetch_add(1, Ordering::Relaxed);
    let versions = versions(s)?;
    let verifier = super::client_front::verifier(&s.sigalgs);
    let resolver = super::client_front::resolver();
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

/// Our certificates, each key choosing signature schemes as OpenSSL
/// would, with the slot each is in and an EC key's curve. A lone
/// certificate's automatic chain comes from the context's trust store as
/// the root source sees it (the drop-in's libcrypto X509_STORE included),
/// not from a verify-store override: OpenSSL builds it from the chain
/// store or the context's cert_store.
fn own_certs(s: &Settings) -> Vec<(Usable, Arc<CertifiedKey>)> {
    s.cert
        .certified_keys(&chain_source(s).current(&s.roots))
        .into_iter()
        .map(|(slot, ck)| {
            let curve =
                ck.end_entity_cert()
                    .ok()
                    .and_then(|leaf| match crate::x509::algs::of(leaf)?.key {
                        crate::x509::algs::KeyKind::Ec(g) => g,
                        _ => None,
                    });
            let signs = super::sigalgs::DEFAULT_ORDER
                .iter()
                .copied()
                .filter(|c| {
                    let scheme = rustls::SignatureScheme::from(*c);
                    ck.key.choose_scheme(&[scheme]).is_some()
                })
                .collect();
            let usable = Usable { slot, curve, signs };
            (usable, own_key(ck, &s.sigalgs))
        })
        .collect()
}

/// Where automatic chains come from: the trust store, not a verify-store
/// override.
fn chain_source(s: &Settings) -> Arc<dyn crate::verify::RootSource> {
    s.root_source
        .replaced()
        .unwrap_or_else(|| s.root_source.clone())
}

/// Our signature algorithms: the configured list or OpenSSL's default.
fn own_sigalgs(s: &Settings) -> Vec<u16> {
    match &s.sigalgs {
        Some(a) => a.iter().map(|c| u16::from(*c)).collect(),
        None => super::sigalgs::DEFAULT_ORDER.to_vec(),
    }
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
        .with_cert_resolver(Arc::new(ServerCerts::new(s)));
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

/// Our certificates as a server: per handshake, the one OpenSSL would
/// present (`ctx::cert_choice`), else (the handshake fails then, as
/// OpenSSL's does) the current one, whose failure rustls reports.
#[derive(Debug)]
struct ServerCerts {
    /// What each key can do, and the keys, in the same order (the choice
    /// reads the first as a slice, per handshake).
    usable: Vec<Usable>,
    keys: Vec<Arc<CertifiedKey>>,
    current: usize,
    own_sigalgs: Vec<u16>,
    prefer_own: bool,
    /// Our TLS 1.2 suites in our order, with their authentication.
    tls12: Vec<(rustls::CipherSuite, Auth)>,
    /// Our TLS 1.3 suites, to tell a TLS 1.3 ClientHello outside a step.
    tls13: Vec<rustls::CipherSuite>,
}

impl ServerCerts {
    fn new(s: &Settings) -> Self {
        use rustls::SignatureAlgorithm;
        let tls12 = s
            .tls12_ciphers
            .iter()
            .filter_map(|c| c.rustls_suite())
            .filter_map(|suite| {
                let auth = if suite.usable_for_signature_algorithm(SignatureAlgorithm::RSA) {
                    Auth::Rsa
                } else if suite.usable_for_signature_algorithm(SignatureAlgorithm::ECDSA) {
                    Auth::Ecdsa
                } else {
                    return None;
                };
                Some((suite.suite(), auth))
            })
            .collect();
        let (usable, keys) = own_certs(s).into_iter().unzip();
        ServerCerts {
            usable,
            keys,
            current: s.cert.current_index(),
            own_sigalgs: own_sigalgs(s),
            prefer_own: s.options & crate::abi::SSL_OP_CIPHER_SERVER_PREFERENCE != 0,
            tls12,
            tls13: s
                .tls13_ciphers
                .iter()
                .filter_map(|c| c.rustls_suite())
                .map(|suite| suite.suite())
                .collect(),
        }
    }

    /// Whether TLS 1.3 is being negotiated, and the slot OpenSSL would
    /// present for this ClientHello.
    fn choose(&self, hello: &ClientHello<'_>) -> (bool, Option<usize>) {
        // The connection says which version is being negotiated and what
        // the client listed, in its order (rustls filters and may
        // reorder); a ClientHello seen outside a step is judged alone.
        crate::observe::with(|o| {
            let peer = (!o.peer_sigalgs.is_empty()).then_some(&o.peer_sigalgs[..]);
            self.choose_with(hello, o.tls13, peer)
        })
        .unwrap_or_else(|| {
            let peer: Vec<u16> = hello
                .signature_schemes()
                .iter()
                .map(|c| u16::from(*c))
                .collect();
            self.choose_with(hello, None, Some(&peer))
        })
    }

    fn choose_with(
        &self,
        hello: &ClientHello<'_>,
        tls13: Option<bool>,
        peer: Option<&[u16]>,
    ) -> (bool, Option<usize>) {
        let client_suites = hello.cipher_suites();
        let tls13 = tls13.unwrap_or_else(|| client_suites.iter().any(|c| self.tls13.contains(c)));
        // The suites and groups only count in TLS 1.2.
        let suites: Vec<Auth> = if tls13 {
            Vec::new()
        } else if self.prefer_own {
            self.tls12
                .iter()
                .filter(|(c, _)| client_suites.contains(c))
                .map(|(_, a)| *a)
                .collect()
        } else {
            client_suites
                .iter()
                .filter_map(|c| self.tls12.iter().find(|(o, _)| o == c).map(|(_, a)| *a))
                .collect()
        };
        let peer_groups: Option<Vec<u16>> = (!tls13)
            .then(|| {
                hello
                    .named_groups()
                    .map(|g| g.iter().map(|n| u16::from(*n)).collect())
            })
            .flatten();
        let slot = Offer {
            tls13,
            peer_sigalgs: peer,
            own_sigalgs: &self.own_sigalgs,
            prefer_own: self.prefer_own,
            suites: &suites,
            peer_groups: peer_groups.as_deref(),
        }
        .server_choice(&self.usable);
        (tls13, slot)
    }
}

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

impl ResolvesServerCert for ServerCerts {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let key_of = |slot: usize| {
            let i = self.usable.iter().position(|u| u.slot == slot)?;
            self.keys.get(i).cloned()
        };
        let key = match self.choose(&hello) {
            (_, Some(slot)) => {
                // OpenSSL makes it the connection's current certificate.
                crate::observe::with(|o| o.own_cert = Some(slot));
                key_of(slot)
            }
            // No certificate for any suite: OpenSSL fails with "no shared
            // cipher", and so does rustls given a key no TLS 1.2 suite
            // signs with.
            (false, None) => key_of(self.current)
                .or_else(|| self.keys.first().cloned())
                .map(|k| {
                    Arc::new(CertifiedKey {
                        key: Arc::new(NoSuite),
                        ..(*k).clone()
                    })
                }),
            // TLS 1.3 without a usable algorithm: rustls fails to sign with
            // the current key as OpenSSL fails to find one.
            (true, None) => key_of(self.current).or_else(|| self.keys.first().cloned()),
        }?;
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

/// A key that signs nothing, for an algorithm no TLS 1.2 suite uses.
#[derive(Debug)]
struct NoSuite;

impl rustls::sign::SigningKey for NoSuite {
    fn choose_scheme(
        &self,
        _offered: &[rustls::SignatureScheme],
    ) -> Option<Box<dyn rustls::sign::Signer>> {
        None
    }

    fn algorithm(&self) -> rustls::SignatureAlgorithm {
        rustls::SignatureAlgorithm::Unknown(0xff)
    }
}

/// Our certificates as a client (`verify::ClientCertResolver` asks). It
/// outlives settings changes that keep the certificates (rustls resumes a
/// session only with the resolver it was made with), so the connection's
/// current certificate is read per handshake (`Observed::own_current`),
/// and the peer's order decides (a client's `SSL_OP_CIPHER_SERVER_PREFERENCE`
/// is not applied to signature algorithms).
#[derive(Debug)]
struct ClientCerts {
    keys: Vec<(Usable, Arc<CertifiedKey>)>,
    own_sigalgs: Vec<u16>,
}

impl ClientCerts {
    /// `None` without any certificate and key.
    fn new(s: &Settings) -> Option<Self> {
        let keys = own_certs(s);
        (!keys.is_empty()).then(|| ClientCerts {
            keys,
            own_sigalgs: own_sigalgs(s),
        })
    }
}

impl ChooseOwn for ClientCerts {
    fn choose(&self, schemes: &[rustls::SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        let peer: Vec<u16> = schemes.iter().map(|c| u16::from(*c)).collect();
        let (tls13, current) =
            crate::observe::with(|o| (o.tls13 == Some(true), o.own_current)).unwrap_or_default();
        let usable: Vec<Usable> = self.keys.iter().map(|(u, _)| u.clone()).collect();
        let slot = Offer {
            tls13,
            peer_sigalgs: Some(&peer),
            own_sigalgs: &self.own_sigalgs,
            prefer_own: false,
            suites: &[],
            peer_groups: None,
        }
        .client_choice(&usable, current?)?;
        crate::observe::with(|o| o.own_cert = Some(slot));
        self.keys
            .iter()
            .find(|(u, _)| u.slot == slot)
            .map(|(_, k)| k.clone())
    }
}

/// rustls's ticketer refuses a ticket longer than the longest it sealed
/// itself, a count of its own: the processes a server forks after making
/// its context share its keys but not that count, so each refused its
/// siblings' tickets until it had sealed one (Apache's children: a
/// ticket resumed only on the child that issued it, OpenSSL's on any). The
/// first ticket that does not open makes the ticketer seal one of the
/// largest size once, which lifts the count to TLS's own limit, and is
/// tried again.
#[derive(Debug)]
struct SiblingTickets {
    inner: Arc<dyn ProducesTickets>,
    lifted: std::sync::atomic::AtomicBool,
}

impl SiblingTickets {
    /// Sealed once: about the largest state a ticket's 16-bit length holds.
    const LARGEST: usize = 65_000;

    fn new(inner: Arc<dyn ProducesTickets>) -> Self {
        SiblingTickets {
            inner,
            lifted: Default::default(),
        }
    }
}

impl ProducesTickets for SiblingTickets {
    fn enabled(&self) -> bool {
        self.inner.enabled()
    }
    fn lifetime(&self) -> u32 {
        self.inner.lifetime()
    }
    fn encrypt(&self, plain: &[u8]) -> Option<Vec<u8>> {
        self.inner.encrypt(plain)
    }
    fn decrypt(&self, cipher: &[u8]) -> Option<Vec<u8>> {
        use std::sync::atomic::Ordering;
        if let Some(plain) = self.inner.decrypt(cipher) {
            return Some(plain);
        }
        if self.lifted.swap(true, Ordering::Relaxed) {
            return None;
        }
        let _ = self.inner.encrypt(&vec![0; Self::LARGEST]);
        self.inner.decrypt(cipher)
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
