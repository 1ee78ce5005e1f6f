//! `SSL`: one TLS connection — a rustls `ClientConnection`/`ServerConnection`
//! driven through the BIO transport with OpenSSL's return-value and error
//! rules.
//!
//! The handle (`Ssl`) owns a mutex around the connection state (`Conn`); the
//! ffi layer locks it for each call. Application data slots live outside the
//! lock so callbacks can reach them during a call.

#![forbid(unsafe_code)]

mod accept;
mod check_chain;
mod clear;
mod client_auth;
mod client_hello;
mod deferred;
mod driver;
mod dup;
mod early_data;
mod error;
mod events;
mod handshake;
mod hello;
mod info;
mod introspect;
mod io;
mod key_update;
mod keylog;
mod msg_callback;
mod own_cert;
mod peer;
mod record_open;
mod records;
mod reject;
mod renegotiate;
mod resume;
mod shutdown;
mod snapshot;
pub mod state;
mod tmp_key;
mod transport;

pub use accept::HelloDecision;
pub use check_chain::KeySlot;
pub use client_hello::ClientHelloInfo;
pub use driver::HelloInvoker;
pub use error::{RwState, get_error_in_callback, reason_for};
pub use events::Event;
pub use introspect::{ExportError, Introspect, client_ciphers, raw_cipher_bytes, shared_ciphers};
pub use snapshot::{Facts, SettingsRef};
pub use state::{HsState, StateCell};

use crate::abi::*;
use crate::bio::BioRef;
use crate::cipher::SslCipher;
use crate::ctx::{ConfigCache, Settings, SslCtx};
use crate::ex_data::ExData;
use crate::verify::session::{SessionRef, VerifySession};
use crate::x509::X509;
use std::cell::RefCell;
use std::ffi::{CStr, CString};
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard};

/// Which side `SSL_set_connect_state`/`SSL_set_accept_state` chose
/// (OpenSSL's `handshake_func`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandshakeRole {
    Connect,
    Accept,
}

#[repr(C)]
pub struct Ssl {
    magic: u64,
    conn: Mutex<Conn>,
    pub ex_data: ExData,
    /// The connection's verification state, shared with `Conn`: readable
    /// from callbacks that run while the connection is locked.
    verify: SessionRef,
    /// The handshake state, readable without the lock (`SSL_get_state`).
    pub state: Arc<StateCell>,
    /// Foreign objects handed out for this connection (drop-in flavour).
    pub keep: crate::keep::Keep,
    /// Settings of absent features, copied from the context at `SSL_new`.
    pub inert: crate::ctx::Inert,
    /// What callbacks may ask while the connection is busy.
    snapshot: Arc<snapshot::Snapshot>,
    /// Callbacks of events the last call queued are running (driver.rs).
    delivering: std::sync::atomic::AtomicU32,
    /// Setters called from callbacks while the connection was busy.
    deferred: deferred::Deferred,
}

impl Ssl {
    pub const MAGIC: u64 = 0x5353_4c53_5353_4c21; // "SSLSSSL!"

    pub fn magic(&self) -> u64 {
        self.magic
    }

    /// `SSL_new`: snapshots the context's settings, as OpenSSL copies them.
    pub fn new(ctx: Arc<SslCtx>) -> Arc<Ssl> {
        let d = ctx.defaults();
        let settings = ctx.settings();
        let cbs = ctx.callbacks();
        let alpn =
            crate::alpn::parse_wire(cbs.alpn_protos.as_deref().unwrap_or(&[])).unwrap_or_default();
        let method = ctx.method();
        let is_server = method.can_accept();
        let verify = Arc::new(Mutex::new(VerifySession {
            params: crate::verify::VerifyParams {
                mode: d.verify_mode,
                depth: d.verify_depth,
                ..Default::default()
            },
            result: i64::from(X509_V_OK),
            ctx: Arc::as_ptr(&ctx) as usize,
            is_server,
            verify_cb: cbs.verify.clone(),
            ..Default::default()
        }));
        let state = Arc::new(StateCell::default());
        let snap = Arc::new(snapshot::Snapshot::default());
        // The address is known before the object exists: callbacks get it.
        let ssl = Arc::new_cyclic(|me| Ssl {
            magic: Self::MAGIC,
            state: state.clone(),
            keep: Default::default(),
            inert: ctx.inert.inherit(),
            snapshot: snap.clone(),
            delivering: Default::default(),
            deferred: Default::default(),
            conn: Mutex::new(Conn {
                snapshot: snap,
                snapshot_final: false,
                snapshot_session: 0,
                snapshot_dirty: true,
                hello_phase_due: false,
                sessions: crate::session::ConnSessions::new(me.as_ptr() as usize, &*ctx),
                // OpenSSL: `server` is 1 unless the method cannot accept.
                is_server,
                options: settings.options,
                mode: d.mode,
                method,
                key_update: SSL_KEY_UPDATE_NONE,
                early_data: early_data::EarlyData::None,
                cert_cb: None,
                ctx,
                settings,
                own_configs: ConfigCache::default(),
                role: None,
                tls: None,
                rbio: None,
                wbio: None,
                wbio_unflushed: false,
                held: Default::default(),
                alpn_chosen: None,
                rwstate: RwState::Nothing,
                verify: verify.clone(),
                sni: None,
                shutdown: 0,
                quiet_shutdown: d.quiet_shutdown,
                hints: d.hints.for_connection(),
                peer_closed: false,
                handshake_done: false,
                fatal: false,
                pending_write: None,
                last_errno: None,
                peer_x509: None,
                first_bytes: Vec::new(),
                frame: Default::default(),
                events: Vec::new(),
                info_cb: None,
                accepting: None,
                hello_bytes: Vec::new(),
                received_sni: None,
                hello_pause: false,
                hello_decision: None,
                sni_acked: false,
                cert_retry: None,
                client_hello: None,
                ocsp_response: None,
                status_type: cbs.status_type,
                alpn_protos: alpn,
                intro: Introspect::new(state, cbs.msg.is_some()),
                msg_cb: cbs.msg.clone(),
                reject: None,
            }),
            ex_data: ExData::new(CRYPTO_EX_INDEX_SSL),
            verify,
        });
        crate::verify::session::with(&ssl.verify, |v| v.ssl = ssl.addr());
        ssl
    }

    /// Whether the callbacks of events the last call queued are running.
    pub fn delivering(&self) -> bool {
        self.delivering.load(std::sync::atomic::Ordering::Relaxed) > 0
    }

    /// The answers a callback gets while this connection is busy (the
    /// caller is inside one of its callbacks: `locked_here`). Pointers into
    /// it stay valid until the connection's next step.
    pub fn facts(&self) -> std::sync::MutexGuard<'_, snapshot::Facts> {
        self.snapshot.get()
    }

    /// The verification state, without the connection lock.
    pub fn verify_session(&self) -> &SessionRef {
        &self.verify
    }

    /// Runs the ex_data new callbacks once the object has its address.
    pub fn created(self: &Arc<Self>) {
        self.ex_data.created(Arc::as_ptr(self) as usize);
    }

    /// Locks the connection for one API call. A panic in an earlier call
    /// poisoned nothing we cannot continue from (state is only committed at
    /// consistent points), so poisoning is ignored.
    ///
    /// Callers from C must first check `locked_here`: a C callback run while
    /// this thread holds the lock (a verify callback inside the handshake)
    /// calling back into the same `SSL` reads `facts` or records a change
    /// (`defer`) instead. Locking again would deadlock: that is a bug in the
    /// caller, stopped with a panic (the entry point turns it into an error
    /// return).
    pub fn lock(&self) -> ConnGuard<'_> {
        assert!(
            !self.locked_here(),
            "SSL locked again by the thread inside one of its callbacks"
        );
        let guard = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        // After this thread's locals are destroyed (a program's atexit
        // handler calling SSL_shutdown, as socat does) there is no callback
        // to track: skip it rather than panic.
        let _ = HELD.try_with(|h| h.borrow_mut().push(self.addr()));
        ConnGuard { guard, ssl: self }
    }

    /// True while this thread is inside a call on this `SSL` (so it is
    /// running one of its callbacks).
    pub fn locked_here(&self) -> bool {
        HELD.try_with(|h| h.borrow().contains(&self.addr()))
            .unwrap_or(false)
    }

    /// Records a setter's change for the end of the step this thread is
    /// inside (`locked_here`); see `deferred`.
    pub fn defer(&self, change: impl FnOnce(&mut Conn) + Send + 'static) {
        self.deferred.push(Box::new(change));
    }

    /// The address C knows this object by (callbacks get it as `SSL *`).
    pub fn addr(&self) -> usize {
        self as *const Ssl as usize
    }
}

thread_local! {
    /// The `SSL`s whose connection this thread has locked, innermost last.
    static HELD: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// The locked connection; unlocking also forgets it in `HELD`.
pub struct ConnGuard<'a> {
    guard: MutexGuard<'a, Conn>,
    ssl: &'a Ssl,
}

impl Drop for ConnGuard<'_> {
    fn drop(&mut self) {
        // A step boundary: what callbacks asked for meanwhile lands, and the
        // copy they read catches up.
        if self.ssl.deferred.apply(&mut self.guard) {
            self.guard.snapshot_final = false;
            self.guard.snapshot_dirty = true;
        }
        // A call that only looked (no `&mut Conn` taken) changed nothing
        // the copy holds.
        if std::mem::take(&mut self.guard.snapshot_dirty) {
            self.guard.refresh_snapshot();
        }
        let addr = self.ssl.addr();
        let _ = HELD.try_with(|h| {
            let mut h = h.borrow_mut();
            if let Some(i) = h.iter().rposition(|a| *a == addr) {
                h.remove(i);
            }
        });
    }
}

impl Deref for ConnGuard<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        &self.guard
    }
}

impl DerefMut for ConnGuard<'_> {
    fn deref_mut(&mut self) -> &mut Conn {
        self.guard.snapshot_dirty = true;
        &mut self.guard
    }
}

impl Drop for Ssl {
    fn drop(&mut self) {
        // SSL_free's last reference: a session whose connection did not
        // end with our close_notify is not resumed later (OpenSSL).
        if let Ok(c) = self.conn.get_mut() {
            c.clear_bad_session();
        }
        self.ex_data.destroyed(self as *const Ssl as usize);
    }
}

/// A write that must be retried with the same arguments (OpenSSL's
/// all-or-nothing `SSL_write`): how many bytes of the caller's buffer are
/// already inside rustls.
#[derive(Clone, Copy, Debug)]
struct PendingWrite {
    total: usize,
    accepted: usize,
}

pub struct Conn {
    pub ctx: Arc<SslCtx>,
    /// The connection's `SSL_METHOD`: its context's at `SSL_new`, changed
    /// by `SSL_set_ssl_method` (which roles it can play, `SSL_version`
    /// before the handshake), back to the context's at `SSL_clear`.
    method: &'static crate::ctx::SslMethod,
    /// `SSL_key_update`'s type until the KeyUpdate went out.
    key_update: i32,
    /// Server: where `SSL_read_early_data` stands.
    early_data: early_data::EarlyData,
    /// `SSL_set_cert_cb` (None: the context's).
    cert_cb: Option<crate::callbacks::CFn>,
    /// The copy callbacks read while this connection is busy, and whether
    /// it can still change (snapshot.rs).
    snapshot: Arc<snapshot::Snapshot>,
    snapshot_final: bool,
    snapshot_session: usize,
    /// The connection was changed since the copy was refreshed (set when a
    /// call takes it mutably).
    snapshot_dirty: bool,
    /// A server reading the ClientHello itself (`accept_direct`) makes its
    /// new session when that hello is processed (see `process`).
    hello_phase_due: bool,
    settings: Arc<Settings>,
    own_configs: ConfigCache,
    role: Option<HandshakeRole>,
    is_server: bool,
    tls: Option<rustls::Connection>,
    rbio: Option<BioRef>,
    wbio: Option<BioRef>,
    /// Records went into the write BIO since it last flushed successfully
    /// (an `SSL_read` that wrote nothing need not flush the chain).
    wbio_unflushed: bool,
    /// Records taken from rustls but not yet in the write BIO: a TLS 1.3
    /// client's early ChangeCipherSpec, held for its next flight
    /// (`transport::Held`), and what a retried write left.
    held: transport::Held,
    /// A server's ALPN choice while its ClientHello callbacks run.
    alpn_chosen: Option<Vec<u8>>,
    rwstate: RwState,
    verify: SessionRef,
    /// Client: the name to send (`SSL_set_tlsext_host_name`); server: the
    /// name received.
    sni: Option<CString>,
    shutdown: i32,
    quiet_shutdown: bool,
    /// Inherited from the context at `SSL_new` (`ctx::Hints`).
    pub hints: crate::ctx::Hints,
    peer_closed: bool,
    handshake_done: bool,
    fatal: bool,
    pending_write: Option<PendingWrite>,
    /// errno of the transport failure behind the last SYSCALL result, put
    /// back before returning to C so nothing in between can clobber it.
    pub last_errno: Option<i32>,
    peer_x509: Option<Arc<X509>>,
    /// The peer's first bytes: OpenSSL names plain HTTP sent to a TLS port.
    first_bytes: Vec<u8>,
    /// Where the read BIO's record stream stands (`transport::RecordFrame`).
    frame: transport::RecordFrame,
    pub mode: u64,
    options: u64,
    /// Callback notifications not yet delivered (see `events`).
    events: Vec<Event>,
    info_cb: Option<crate::callbacks::InfoCallbackRef>,
    /// `SSL_set_msg_callback`'s (copied from the context at `SSL_new`).
    msg_cb: Option<crate::callbacks::MsgCallbackRef>,
    /// Server: the ClientHello phase (see `accept`).
    accepting: Option<accept::Accepting>,
    hello_bytes: Vec<u8>,
    received_sni: Option<CString>,
    hello_pause: bool,
    hello_decision: Option<HelloDecision>,
    /// Server: the server name callback accepted the client's name.
    sni_acked: bool,
    /// Server: the ClientHello decision waiting for the certificate
    /// callback to be called again.
    cert_retry: Option<HelloDecision>,
    client_hello: Option<Arc<ClientHelloInfo>>,
    /// Server: the OCSP response to staple (`SSL_set_tlsext_status_ocsp_resp`);
    /// client: the one the server stapled.
    ocsp_response: Option<Vec<u8>>,
    /// `SSL_set_tlsext_status_type` (None: not asked for).
    status_type: Option<i32>,
    /// Client: the ALPN protocols to offer (`SSL_set_alpn_protos`).
    alpn_protos: Vec<Vec<u8>>,
    /// Hellos, signature schemes, handshake state (see `introspect`).
    intro: Introspect,
    /// A server refusing the handshake once the ClientHello is in.
    reject: Option<reject::Reject>,
    /// Offered/current sessions and the handshake's session step.
    sessions: crate::session::ConnSessions,
}

impl Conn {
    /// What the last call waited for (`SSL_want`).
    pub fn rwstate(&self) -> RwState {
        self.rwstate
    }

    pub fn is_server(&self) -> bool {
        self.is_server
    }

    pub fn rbio(&self) -> Option<&BioRef> {
        self.rbio.as_ref()
    }

    pub fn wbio(&self) -> Option<&BioRef> {
        self.wbio.as_ref()
    }

    /// `SSL_set0_rbio`: the previous BIO's reference is released.
    pub fn set_rbio(&mut self, bio: Option<BioRef>) {
        self.rbio = bio;
    }

    pub fn set_wbio(&mut self, bio: Option<BioRef>) {
        self.wbio = bio;
    }

    /// `SSL_get_fd`/`SSL_get_rfd`: the read BIO's descriptor, or -1.
    pub fn rfd(&self) -> i32 {
        self.rbio.as_ref().and_then(|b| b.fd()).unwrap_or(-1)
    }

    pub fn wfd(&self) -> i32 {
        self.wbio.as_ref().and_then(|b| b.fd()).unwrap_or(-1)
    }

    pub fn options(&self) -> u64 {
        self.options
    }

    /// `SSL_set_options`/`SSL_clear_options`. Options that shape the rustls
    /// config give this connection its own settings snapshot.
    pub fn set_options(&mut self, options: u64) -> u64 {
        self.options = options;
        if self.settings.options != options {
            Arc::make_mut(&mut self.settings).options = options;
        }
        options
    }

    /// This connection's settings, for reading (never forks them).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// For changes: forks this connection's settings from the context's,
    /// so it gets its own rustls config at the next handshake (and the
    /// copy callbacks read follows them, even after the handshake).
    pub fn settings_mut(&mut self) -> &mut Settings {
        self.snapshot_final = false;
        Arc::make_mut(&mut self.settings)
    }

    /// Settings a callback changed on a copy while this connection was busy
    /// (`Ssl::defer`): they become the connection's own.
    pub fn replace_settings(&mut self, settings: Arc<Settings>) {
        self.snapshot_final = false;
        self.settings = settings;
    }

    pub fn verify_mode(&self) -> i32 {
        self.verify.lock().map(|v| v.params.mode).unwrap_or(0)
    }

    pub fn set_verify(&mut self, mode: i32) {
        if let Ok(mut v) = self.verify.lock() {
            v.params.mode = mode;
        }
    }

    pub fn set_verify_depth(&mut self, depth: i32) {
        if let Ok(mut v) = self.verify.lock() {
            v.params.depth = depth;
        }
    }

    /// `X509_V_FLAG_*` and `X509_CHECK_FLAG_*` of the verify parameters.
    pub fn set_verify_flags(&mut self, flags: std::os::raw::c_ulong, hostflags: u32) {
        if let Ok(mut v) = self.verify.lock() {
            v.params.flags = flags;
            v.params.hostflags = hostflags;
        }
    }

    pub fn verify_depth(&self) -> i32 {
        self.verify.lock().map(|v| v.params.depth).unwrap_or(-1)
    }

    /// The names and address of the drop-in's verify parameters
    /// (`VerifyParams::set_names`).
    pub fn set_verify_names(&mut self, hosts: Vec<String>, ip: Option<std::net::IpAddr>) {
        if let Ok(mut v) = self.verify.lock() {
            v.params.set_names(hosts, ip);
        }
    }

    /// `SSL_get_verify_result`.
    pub fn verify_result(&self) -> i64 {
        self.verify
            .lock()
            .map(|v| v.result)
            .unwrap_or(i64::from(X509_V_ERR_UNSPECIFIED))
    }

    pub fn set_verify_result(&mut self, r: i64) {
        if let Ok(mut v) = self.verify.lock() {
            v.result = r;
        }
    }

    /// A server's version once it holds the ClientHello, before rustls has
    /// picked (its ClientHello, servername, ALPN and cert callbacks run
    /// then): the highest version both sides allow, which OpenSSL has
    /// chosen by that point and rustls will choose.
    fn hello_version(&self) -> Option<i32> {
        if !self.is_server {
            return None;
        }
        // The scanner saw the ClientHello, whether rustls's Acceptor or
        // the connection itself read it (`Hellos::client_versions`).
        let mask = self.intro.hello.client_versions?;
        let offered = |v: &u16| (0x0300..=0x0304).contains(v) && mask & (1 << (v - 0x0300)) != 0;
        crate::version::enabled(self.settings.version_bounds(), self.settings.options)
            .iter()
            .map(|v| u16::from(v.version))
            .filter(offered)
            .max()
            .map(i32::from)
    }

    /// `SSL_set_tlsext_host_name`: false for a name that cannot be sent.
    pub fn set_sni(&mut self, name: Option<&CStr>) -> bool {
        match name {
            None => self.sni = None,
            Some(n) if n.to_bytes().is_empty() || n.to_bytes().len() > 255 => return false,
            Some(n) => self.sni = Some(n.to_owned()),
        }
        true
    }

    /// `SSL_get_servername`: what we sent (client) or received (server).
    pub fn servername(&self) -> Option<&CStr> {
        self.sni.as_deref()
    }

    pub fn shutdown_flags(&self) -> i32 {
        self.shutdown
    }

    pub fn set_shutdown_flags(&mut self, flags: i32) {
        self.shutdown = flags & (SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    }

    pub fn set_quiet_shutdown(&mut self, on: bool) {
        self.quiet_shutdown = on;
    }

    /// `SSL_set_mode` (`set`) or `SSL_clear_mode` of `bits`; the new mode.
    /// `SSL_MODE_NO_AUTO_CHAIN` also shapes the certificate this connection
    /// sends, so it gives the connection its own settings (rare).
    pub fn change_mode(&mut self, set: bool, bits: u64) -> u64 {
        self.mode = mode_after(self.mode, set, bits);
        let off = self.mode & u64::from(SSL_MODE_NO_AUTO_CHAIN) != 0;
        if self.settings.cert.mode_no_auto != off {
            self.settings_mut().cert.mode_no_auto = off;
        }
        self.mode
    }

    pub fn quiet_shutdown(&self) -> bool {
        self.quiet_shutdown
    }

    /// A pending `SSL_key_update` puts OpenSSL's state machine back "in
    /// init" until the KeyUpdate is sent.
    pub fn is_init_finished(&self) -> bool {
        self.handshake_done && !self.fatal && self.key_update == SSL_KEY_UPDATE_NONE
    }

    /// A fatal error puts OpenSSL's state machine back "in init"; a TLS 1.3
    /// server that `SSL_read_early_data` left after its flight is not in
    /// init (OpenSSL's early data state) until the handshake goes on.
    pub fn in_init(&self) -> bool {
        (!self.handshake_done && !self.early_data_paused())
            || self.fatal
            || self.key_update != SSL_KEY_UPDATE_NONE
    }

    /// OpenSSL: until the state machine first moves (a server's first
    /// `SSL_accept` starts reading the ClientHello).
    pub fn in_before(&self) -> bool {
        self.tls.is_none() && self.accepting.is_none() && !self.handshake_done
    }

    /// OpenSSL's number of the negotiated version; before that, what
    /// `SSL_version` reports for a version-flexible method.
    pub fn version(&self) -> i32 {
        self.tls
            .as_ref()
            .and_then(|t| t.protocol_version())
            .map(crate::version::number)
            .or_else(|| self.hello_version())
            // A version-specific method's version, as OpenSSL's s->version
            // (`SSL_set_ssl_method` changes it without changing what the
            // handshake negotiates, as in OpenSSL 3.0).
            .unwrap_or(match self.method.version {
                0 => TLS_ANY_VERSION,
                // A version-flexible DTLS method's connection reports the
                // highest DTLS version, as OpenSSL's SSL_new sets it.
                DTLS_ANY_VERSION => DTLS1_2_VERSION,
                v => v,
            })
    }

    /// `SSL_get_current_cipher`: OpenSSL's session cipher, set once the
    /// hellos chose it (mid-handshake too: a client's verify callback, a
    /// server's keylog callback see it).
    pub fn current_cipher(&self) -> Option<&'static SslCipher> {
        let suite = self.tls.as_ref()?.negotiated_cipher_suite()?;
        crate::cipher::by_suite(suite.suite())
    }

    pub fn negotiated_group(&self) -> Option<rustls::NamedGroup> {
        Some(self.tls.as_ref()?.negotiated_key_exchange_group()?.name())
    }

    /// `SSL_get1_peer_certificate`: the same object on every call, as
    /// OpenSSL, and the same as the first of `SSL_get_peer_cert_chain`.
    pub fn peer_certificate(&mut self) -> Option<Arc<X509>> {
        if self.peer_x509.is_none() {
            let der = self.tls.as_ref()?.peer_certificates()?.first()?;
            // The verifier's object after a full handshake, the resumed
            // session's after a resumption: parsed again only if neither.
            let seen =
                crate::verify::session::with(&self.verify, |v| v.peer.chain.first().cloned())
                    .or_else(|| self.sessions.offered_peer())
                    .filter(|x| x.der() == der.as_ref());
            self.peer_x509 = seen.or_else(|| X509::from_der(der.to_vec()));
        }
        self.peer_x509.clone()
    }

    /// `SSL_set_SSL_CTX`: the connection takes `new`'s certificate and
    /// callbacks. A connection still on its context's settings snapshot
    /// moves to `new`'s (sharing its cached configs); one with settings of
    /// its own keeps them with `new`'s certificate. Options stay the
    /// connection's, as in OpenSSL.
    pub fn switch_ctx(&mut self, new: Arc<SslCtx>) {
        if Arc::ptr_eq(&new, &self.ctx) {
            return;
        }
        if Arc::ptr_eq(&self.settings, &self.ctx.settings()) {
            self.settings = new.settings();
        } else {
            self.settings_mut().cert = new.settings().cert.clone();
        }
        // The new certificates' current one is the connection's now (a
        // handshake still to choose one will make its choice current).
        if self.intro.observed.own_cert.is_some() {
            self.intro.own_cert_superseded = true;
        }
        let options = self.options;
        self.set_options(options);
        // OpenSSL gives the connection a copy of the new context's `cert`,
        // whose certificate callback replaces the connection's own.
        self.cert_cb = None;
        let addr = Arc::as_ptr(&new) as usize;
        crate::verify::session::with(&self.verify, |v| v.ctx = addr);
        self.ctx = new;
    }

    pub fn status_type(&self) -> Option<i32> {
        self.status_type
    }

    pub fn set_status_type(&mut self, t: Option<i32>) {
        self.status_type = t;
    }

    /// Server: what to staple; client: what the server stapled (only when
    /// the application asked for it, as OpenSSL receives it only then).
    pub fn ocsp_response(&self) -> Option<&[u8]> {
        if !self.is_server && self.status_type.is_none() {
            return None;
        }
        self.ocsp_response.as_deref()
    }

    pub fn set_ocsp_response(&mut self, resp: Option<Vec<u8>>) {
        self.ocsp_response = resp;
    }

    /// Client: `SSL_set_alpn_protos`.
    pub fn set_alpn_protos(&mut self, protos: Vec<Vec<u8>>) {
        self.alpn_protos = protos;
    }

    /// The negotiated ALPN protocol.
    /// `SSL_get0_alpn_selected`: rustls's answer once the connection
    /// exists; before that, a server's ALPN callback's choice (the
    /// certificate callback, which runs after it, sees it as in OpenSSL).
    pub fn alpn_selected(&self) -> Option<&[u8]> {
        match self.tls.as_ref() {
            Some(t) => t.alpn_protocol(),
            None => self.alpn_chosen.as_deref(),
        }
    }

    /// The ALPN callback's choice, before the server connection exists.
    pub fn set_alpn_chosen(&mut self, p: Option<Vec<u8>>) {
        self.alpn_chosen = p;
    }

    /// Bytes already decrypted and not yet read (`SSL_pending`).
    pub fn pending(&mut self) -> usize {
        let step = self.sessions.step().cloned();
        let n = match self.tls.as_mut() {
            // A TLS 1.3 ticket may be among what gets processed.
            Some(t) => crate::session::enter(step.as_ref(), || t.process_new_packets())
                .map(|s| s.plaintext_bytes_to_read())
                .unwrap_or(0),
            None => 0,
        };
        if self.handshake_done {
            self.session_after_step();
        }
        n
    }
}

/// A mode after `SSL_set_mode` (`set`) or `SSL_clear_mode` of `bits`.
pub fn mode_after(mode: u64, set: bool, bits: u64) -> u64 {
    if set { mode | bits } else { mode & !bits }
}
