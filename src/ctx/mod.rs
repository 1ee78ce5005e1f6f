//! `SSL_CTX`: OpenSSL-style settings, compiled once per change into cached
//! rustls configs.
//!
//! Settings live behind an `Arc` replaced on write (copy-on-write): an `SSL`
//! takes a snapshot at `SSL_new` as OpenSSL copies the context's settings,
//! and a connection whose snapshot is still the context's current one shares
//! the context's cached config.

#![forbid(unsafe_code)]

mod build_chain;
pub mod cert_choice;
mod certs;
mod client_front;
mod config;
pub(crate) mod groups;
mod hints;
mod inert;
pub mod method;
mod p521;
pub mod sigalgs;

pub use build_chain::BuildError;
pub use certs::{
    CertError, CertPkey, ChainFile, KeyCheck, LoadError, LoadedKey, OwnCerts, PemStop, SLOTS,
    SetCurrent, read_certs, read_chain_file, read_key, slot_of_cert, slot_of_key,
};
pub use config::{ConfigError, Persistent, builds as config_builds, with_staple};
pub use groups::{
    GroupListError, nid as group_nid, parse_list as parse_groups, parse_nids as parse_group_nids,
    tls_name as group_tls_name,
};
pub use hints::Hints;
pub use inert::Inert;
pub use method::ALL as ALL_METHODS;
pub use method::{Role, SslMethod, TLS_CLIENT_METHOD, TLS_METHOD, TLS_SERVER_METHOD};

use crate::abi::*;
use crate::callbacks::CtxCallbacks;
use crate::cipher::{self, SslCipher};
use crate::ex_data::ExData;
use crate::session::CtxSessions;
use crate::verify::RootStore;
use rustls::crypto::SupportedKxGroup;
use rustls::{ClientConfig, ServerConfig};
use std::sync::{Arc, Mutex, RwLock};

/// Everything that shapes a rustls config.
#[derive(Clone, Debug)]
pub struct Settings {
    pub roots: Arc<RootStore>,
    /// Asked for the anchors at verification time (see `RootSource`).
    pub root_source: Arc<dyn crate::verify::RootSource>,
    /// Our certificates and keys, one slot per key type (OpenSSL's `CERT`).
    pub cert: OwnCerts,
    pub min_version: i32,
    pub max_version: i32,
    pub options: u64,
    pub tls12_ciphers: Vec<&'static SslCipher>,
    pub tls13_ciphers: Vec<&'static SslCipher>,
    pub groups: Vec<&'static dyn SupportedKxGroup>,
    pub session_cache_mode: i64,
    /// The CA names a server sends in its CertificateRequest
    /// (`SSL_CTX_set_client_CA_list`); a client's is unused.
    pub client_ca: Arc<crate::x509::NameList>,
    /// `SSL_CTX_set1_sigalgs_list` (`None`: rustls's defaults).
    pub sigalgs: sigalgs::Allowed,
    /// `SSL_CTX_set_timeout`: new sessions' lifetime and the ticket
    /// lifetime hint, seconds.
    pub session_timeout: i64,
    /// The program's ticket key callback, sealing tickets instead of the
    /// context's rustls ticketer (`session::ProgramTickets`).
    pub ticket_keys: Option<Arc<dyn rustls::server::ProducesTickets>>,
    /// `SSL_CTX_set_num_tickets`: TLS 1.3 tickets after a full handshake.
    pub num_tickets: usize,
    /// `SSL_CTX_set_security_level`: recorded (see ffi/security.rs).
    pub security_level: i32,
    /// The version of a version-specific method (`SslMethod::version`), 0
    /// for none: it overrides the bounds, which OpenSSL ignores then.
    pub fixed_version: i32,
    /// `SSL_CTX_set_max_send_fragment` (512..=16384): the bound of
    /// `split_send_fragment`.
    pub max_send_fragment: usize,
    /// `SSL_CTX_set_split_send_fragment` (at most `max_send_fragment`,
    /// lowered with it): the plaintext size of the records OpenSSL 3.0
    /// writes, pipelining or not, and rustls's too.
    pub split_send_fragment: usize,
}

impl Settings {
    /// The list `SSL_add_client_CA` appends to: the connection's own, or a
    /// new empty one while it still shares its context's (`ctx`'s, which is
    /// left alone and no longer used), as OpenSSL does.
    pub fn own_client_ca(&self, ctx: &Settings) -> crate::x509::NameList {
        if Arc::ptr_eq(&self.client_ca, &ctx.client_ca) {
            crate::x509::NameList::empty()
        } else {
            (*self.client_ca).clone()
        }
    }

    /// `SSL_get_ciphers`' order: the TLS 1.3 suites, then the TLS 1.2 list.
    pub fn cipher_list(&self) -> Vec<&'static SslCipher> {
        self.tls13_ciphers
            .iter()
            .chain(self.tls12_ciphers.iter())
            .copied()
            .collect()
    }

    /// rustls's `max_fragment_size` for `split_send_fragment`: it counts
    /// the 5-byte record header too and is at least 32 (so records carry
    /// at least 27 bytes where OpenSSL's may carry fewer); `None` for the
    /// TLS maximum.
    pub fn max_fragment_size(&self) -> Option<usize> {
        (self.split_send_fragment < MAX_SEND_FRAGMENT)
            .then_some(self.split_send_fragment.max(27) + 5)
    }

    /// The (min, max) versions that decide what is offered and accepted.
    pub fn version_bounds(&self) -> (i32, i32) {
        if self.fixed_version != 0 {
            (self.fixed_version, self.fixed_version)
        } else {
            (self.min_version, self.max_version)
        }
    }
}

/// `SSL3_RT_MAX_PLAIN_LENGTH`: the default and largest `max_send_fragment`.
pub const MAX_SEND_FRAGMENT: usize = 16384;

/// OpenSSL 3.0's options on a new context.
pub const DEFAULT_OPTIONS: u64 = SSL_OP_NO_COMPRESSION | SSL_OP_ENABLE_MIDDLEBOX_COMPAT;
/// OpenSSL 3.0's mode on a new context.
pub const DEFAULT_MODE: u64 = SSL_MODE_AUTO_RETRY as u64;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            roots: Arc::new(RootStore::default()),
            root_source: Arc::new(crate::verify::OwnRoots),
            cert: OwnCerts::default(),
            min_version: 0,
            max_version: 0,
            options: DEFAULT_OPTIONS,
            tls12_ciphers: cipher::default_tls12(),
            tls13_ciphers: cipher::default_tls13(),
            groups: groups::defaults(),
            session_cache_mode: i64::from(SSL_SESS_CACHE_SERVER),
            client_ca: Arc::new(crate::x509::NameList::empty()),
            sigalgs: None,
            // OpenSSL 3's TLS default (tls1_default_timeout) and ticket count.
            session_timeout: 7200,
            ticket_keys: None,
            num_tickets: 2,
            // Debian's libssl 3 is built with level 2 as the default.
            security_level: 2,
            fixed_version: 0,
            max_send_fragment: MAX_SEND_FRAGMENT,
            split_send_fragment: MAX_SEND_FRAGMENT,
        }
    }
}

/// Configs built for one settings snapshot. ALPN lists (client) and the
/// selected protocol (server) are per connection in OpenSSL but a config
/// field in rustls: each distinct value gets a derived copy of the base
/// config, kept here, so nothing is rebuilt per connection.
#[derive(Default)]
pub struct ConfigCache {
    built_for: Option<Arc<Settings>>,
    /// The root source's version they were built at: a standalone
    /// `X509_STORE` changed since (it is read at each handshake in
    /// OpenSSL) makes them stale too.
    roots_version: u64,
    client: Vec<(bool, Vec<Vec<u8>>, Arc<ClientConfig>)>,
    server: Vec<(Option<Vec<u8>>, Arc<ServerConfig>)>,
}

/// Derived configs kept per snapshot; beyond this, variants are made per
/// use (a program cycling through many ALPN lists), not cached.
const MAX_VARIANTS: usize = 16;

impl ConfigCache {
    fn reset_if_stale(&mut self, s: &Arc<Settings>) {
        let version = s.root_source.version();
        if !self.built_for.as_ref().is_some_and(|b| Arc::ptr_eq(b, s))
            || self.roots_version != version
        {
            *self = ConfigCache {
                built_for: Some(s.clone()),
                roots_version: version,
                ..Default::default()
            };
        }
    }

    pub fn client(
        &mut self,
        s: &Arc<Settings>,
        sni: bool,
        alpn: &[Vec<u8>],
    ) -> Result<Arc<ClientConfig>, ConfigError> {
        self.reset_if_stale(s);
        if let Some((_, _, c)) = self
            .client
            .iter()
            .find(|(n, a, _)| *n == sni && a.as_slice() == alpn)
        {
            return Ok(c.clone());
        }
        let base = match self.client.iter().find(|(n, _, _)| *n == sni) {
            Some((_, _, c)) => c.clone(),
            None => {
                log::debug!("building client config (sni={sni})");
                config::client(s, sni)?
            }
        };
        let c = if base.alpn_protocols.as_slice() == alpn {
            base
        } else {
            let mut v = (*base).clone();
            v.alpn_protocols = alpn.to_vec();
            Arc::new(v)
        };
        if self.client.len() < MAX_VARIANTS {
            self.client.push((sni, alpn.to_vec(), c.clone()));
        }
        Ok(c)
    }

    pub fn server(
        &mut self,
        s: &Arc<Settings>,
        p: &Persistent,
        alpn: Option<&[u8]>,
    ) -> Result<Arc<ServerConfig>, ConfigError> {
        self.reset_if_stale(s);
        if let Some((_, c)) = self.server.iter().find(|(a, _)| a.as_deref() == alpn) {
            return Ok(c.clone());
        }
        let base = match self.server.iter().find(|(a, _)| a.is_none()) {
            Some((_, c)) => c.clone(),
            None => {
                log::debug!("building server config");
                let c = config::server(s, p)?;
                self.server.push((None, c.clone()));
                c
            }
        };
        let Some(proto) = alpn else {
            return Ok(base);
        };
        let mut v = (*base).clone();
        v.alpn_protocols = vec![proto.to_vec()];
        let c = Arc::new(v);
        if self.server.len() < MAX_VARIANTS {
            self.server.push((Some(proto.to_vec()), c.clone()));
        }
        Ok(c)
    }
}

/// Per-context values that are not part of a rustls config.
#[derive(Clone, Copy, Debug)]
pub struct Defaults {
    pub verify_mode: i32,
    pub verify_depth: i32,
    pub mode: u64,
    pub quiet_shutdown: bool,
    pub hints: Hints,
}

#[repr(C)]
pub struct SslCtx {
    magic: u64,
    /// Index into `method::ALL`: `SSL_CTX_set_ssl_version` changes it.
    method: std::sync::atomic::AtomicUsize,
    settings: RwLock<Arc<Settings>>,
    defaults: Mutex<Defaults>,
    configs: Mutex<ConfigCache>,
    persistent: Persistent,
    /// Shared snapshot: reading the callbacks is one reference count, not
    /// a copy of every field (it happens several times per connection).
    callbacks: RwLock<Arc<CtxCallbacks>>,
    /// The session cache, its counters and the session id context.
    pub sessions: CtxSessions,
    pub ex_data: ExData,
    /// `SSL_CTX_get_ciphers`' stack, kept while the list is unchanged.
    cipher_stack: Mutex<Option<(Vec<&'static SslCipher>, Arc<crate::stack::OpensslStack>)>>,
    /// Foreign objects the context owns (drop-in flavour: its X509_STORE).
    pub keep: crate::keep::Keep,
    /// Settings of absent features, kept to be read back.
    pub inert: Inert,
}

impl SslCtx {
    pub const MAGIC: u64 = 0x5353_4c53_4354_5821; // "SSLSCTX!"

    pub fn magic(&self) -> u64 {
        self.magic
    }

    pub fn new(method: &'static SslMethod) -> Arc<SslCtx> {
        crate::logging::init();
        Arc::new(SslCtx {
            magic: Self::MAGIC,
            method: std::sync::atomic::AtomicUsize::new(method::index_of(method)),
            settings: RwLock::new(Arc::new(Settings {
                fixed_version: method.version,
                ..Settings::default()
            })),
            defaults: Mutex::new(Defaults {
                verify_mode: SSL_VERIFY_NONE,
                verify_depth: -1,
                mode: DEFAULT_MODE,
                quiet_shutdown: false,
                hints: Hints::default(),
            }),
            configs: Mutex::new(ConfigCache::default()),
            persistent: Persistent::new(),
            callbacks: RwLock::new(Arc::default()),
            sessions: CtxSessions::default(),
            ex_data: ExData::new(CRYPTO_EX_INDEX_SSL_CTX),
            cipher_stack: Mutex::new(None),
            keep: Default::default(),
            inert: Inert::default(),
        })
    }

    /// Runs the ex_data new callbacks once the object has its address.
    pub fn created(self: &Arc<Self>) {
        self.ex_data.created(Arc::as_ptr(self) as usize);
    }

    /// The context's `SSL_METHOD`.
    pub fn method(&self) -> &'static SslMethod {
        method::ALL[self.method.load(std::sync::atomic::Ordering::Relaxed)]
    }

    /// `SSL_CTX_set_ssl_version`: the new method, its version (for a
    /// version-specific one), and the default cipher lists, as OpenSSL
    /// resets them. Connections made earlier keep theirs.
    pub fn set_method(&self, m: &'static SslMethod) {
        self.method
            .store(method::index_of(m), std::sync::atomic::Ordering::Relaxed);
        self.update(|s| {
            s.fixed_version = m.version;
            s.tls12_ciphers = cipher::default_tls12();
            s.tls13_ciphers = cipher::default_tls13();
        });
    }

    /// The current settings snapshot.
    pub fn settings(&self) -> Arc<Settings> {
        self.settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Changes settings; connections created earlier keep their snapshot.
    pub fn update<R>(&self, f: impl FnOnce(&mut Settings) -> R) -> R {
        let mut guard = self.settings.write().unwrap_or_else(|e| e.into_inner());
        f(Arc::make_mut(&mut guard))
    }

    /// The application's callbacks (a snapshot: calling one never holds a lock).
    pub fn callbacks(&self) -> Arc<CtxCallbacks> {
        self.callbacks
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Looks at the callbacks without taking a reference to them (the
    /// checks a handshake makes at every step).
    pub fn with_callbacks<R>(&self, f: impl FnOnce(&CtxCallbacks) -> R) -> R {
        f(&self.callbacks.read().unwrap_or_else(|e| e.into_inner()))
    }

    pub fn update_callbacks<R>(&self, f: impl FnOnce(&mut CtxCallbacks) -> R) -> R {
        let mut cbs = self.callbacks.write().unwrap_or_else(|e| e.into_inner());
        f(Arc::make_mut(&mut cbs))
    }

    pub fn defaults(&self) -> Defaults {
        *self.defaults.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn update_defaults<R>(&self, f: impl FnOnce(&mut Defaults) -> R) -> R {
        f(&mut self.defaults.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// `SSL_CTX_get_ciphers`: the same stack until the list changes.
    pub fn ciphers(&self) -> Arc<crate::stack::OpensslStack> {
        let list = self.settings().cipher_list();
        let mut cache = self.cipher_stack.lock().unwrap_or_else(|e| e.into_inner());
        crate::cipher::stack::stack_for(&mut cache, list)
    }

    /// The client config for `s`: the context's cached one when `s` is its
    /// current snapshot, else built into the caller's own cache.
    pub fn client_config(
        &self,
        s: &Arc<Settings>,
        sni: bool,
        alpn: &[Vec<u8>],
        own: &mut ConfigCache,
    ) -> Result<Arc<ClientConfig>, ConfigError> {
        if Arc::ptr_eq(s, &self.settings()) {
            self.configs
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .client(s, sni, alpn)
        } else {
            own.client(s, sni, alpn)
        }
    }

    /// A client handshake's own verifier and certificate resolver for
    /// settings `s` (`client_front`).
    pub fn client_parts(
        &self,
        s: &Settings,
    ) -> (
        Arc<dyn rustls::client::danger::ServerCertVerifier>,
        Arc<dyn rustls::client::ResolvesClientCert>,
    ) {
        let (v, r) = self.persistent.client_parts(s);
        (v, r)
    }

    /// `alpn`: the protocol the application selected for this connection.
    pub fn server_config(
        &self,
        s: &Arc<Settings>,
        alpn: Option<&[u8]>,
        own: &mut ConfigCache,
    ) -> Result<Arc<ServerConfig>, ConfigError> {
        if Arc::ptr_eq(s, &self.settings()) {
            self.configs
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .server(s, &self.persistent, alpn)
        } else {
            own.server(s, &self.persistent, alpn)
        }
    }
}

impl Drop for SslCtx {
    fn drop(&mut self) {
        let addr = self as *const SslCtx as usize;
        // OpenSSL flushes the cache first: remove_session_cb may still use
        // the context's ex_data.
        let gone = self.sessions.drain();
        if let Some(cb) = self.callbacks().remove_session.clone() {
            for s in &gone {
                cb.call(addr, s);
            }
        }
        self.ex_data.destroyed(addr);
    }
}

/// The session machinery's view of a context (`crate::session` sits below
/// `ctx`): cache, cache mode, timeout and session callbacks.
impl crate::session::SessionCtx for SslCtx {
    fn sessions(&self) -> &CtxSessions {
        &self.sessions
    }

    fn cache_mode(&self) -> i64 {
        self.settings().session_cache_mode
    }

    fn session_timeout(&self) -> i64 {
        self.settings().session_timeout
    }

    fn wants_new_sessions(&self) -> bool {
        self.with_callbacks(|c| c.new_session.is_some())
    }

    fn wants_removed_sessions(&self) -> bool {
        self.with_callbacks(|c| c.remove_session.is_some())
    }

    fn external_lookup(
        &self,
        ssl: usize,
        id: &[u8],
    ) -> Option<Option<Arc<crate::session::SslSession>>> {
        let cb = self.callbacks().get_session.clone()?;
        Some(cb.call(ssl, id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_cut_at_the_split_fragment() {
        let mut s = Settings::default();
        assert_eq!(s.max_fragment_size(), None);
        s.split_send_fragment = 512;
        // rustls counts the record header
        assert_eq!(s.max_fragment_size(), Some(517));
        // rustls's smallest record
        s.split_send_fragment = 1;
        assert_eq!(s.max_fragment_size(), Some(32));
    }
}
