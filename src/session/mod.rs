//! `SSL_SESSION`: what a connection leaves behind so a later one can resume.
//!
//! A session is OpenSSL's metadata (version, cipher, id, id context, time,
//! timeout, peer) plus the secret rustls resumes with:
//!
//! - client side, the opaque `Tls12ClientSessionValue`/`Tls13ClientSessionValue`
//!   rustls hands its `ClientSessionStore` (`ClientTickets`). They cannot be
//!   serialised (rustls does not expose their secret), so client sessions
//!   resume only inside this process, through `SSL_set_session`.
//! - server side, the bytes rustls gives its `StoresServerSessions` (a TLS 1.2
//!   session id's value, a TLS 1.3 stateful ticket's value) or that a
//!   stateless ticket decrypted to. They serialise (`der`), so an external
//!   cache can move them between processes.
//!
//! rustls reaches the session of the connection it works for through the
//! thread-local `step` (see `step`); `conn` turns what a handshake step
//! produced into session objects, OpenSSL's cache (`cache`) and callbacks.

#![forbid(unsafe_code)]

mod cache;
mod client_store;
mod conn;
pub mod der;
mod handles;
mod host;
mod server_store;
mod step;
pub mod text;
mod tickets;
mod value;

pub use cache::CtxSessions;
pub use client_store::ClientStore;
pub use conn::{ConnSessions, Facts, SessionEvent};
pub use host::SessionCtx;
pub use server_store::{ProgramTickets, ServerStore, TicketKeys, TicketWrap};
pub use step::{SidCtxUninitialized, StepRef, enter};
pub use tickets::ClientTickets;

use crate::abi::{CRYPTO_EX_INDEX_SSL_SESSION, TLS1_3_VERSION};
use crate::cipher::SslCipher;
use crate::ex_data::ExData;
use crate::x509::X509;
use std::sync::{Arc, Mutex, MutexGuard};

/// `SSL_MAX_SSL_SESSION_ID_LENGTH` and `SSL_MAX_SID_CTX_LENGTH`.
pub const MAX_ID: usize = 32;

/// Seconds since the epoch: OpenSSL's `time(NULL)`, the same clock.
pub fn now() -> i64 {
    crate::os::time_now()
}

/// Random bytes from the crypto provider; left as they were (zeros) if the
/// system RNG fails.
fn fill_random(buf: &mut [u8]) {
    let _ = crate::crypto::random().fill(buf);
}

/// Up to 32 bytes kept inline, so the pointer `SSL_SESSION_get_id` and
/// `SSL_SESSION_get0_id_context` return stays put for the session's life.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ShortBytes {
    buf: [u8; MAX_ID],
    len: usize,
}

impl ShortBytes {
    /// `None` when `b` is longer than 32 bytes.
    pub fn new(b: &[u8]) -> Option<Self> {
        let mut s = ShortBytes::default();
        s.buf.get_mut(..b.len())?.copy_from_slice(b);
        s.len = b.len();
        Some(s)
    }

    /// 32 random bytes: the id OpenSSL generates for a new session.
    pub fn random() -> Self {
        let mut s = ShortBytes {
            buf: [0; MAX_ID],
            len: MAX_ID,
        };
        // A failing system RNG leaves an all-zero id: still a valid,
        // merely predictable, cache key.
        fill_random(&mut s.buf);
        s
    }

    pub fn as_slice(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Where the bytes live (inside the session object).
    pub fn as_ptr(&self) -> *const u8 {
        self.buf.as_ptr()
    }
}

/// What OpenSSL keeps about a session besides its secret.
#[derive(Clone, Debug)]
pub struct Meta {
    /// OpenSSL's version number (`TLS1_2_VERSION`, ...).
    pub version: i32,
    pub cipher: Option<&'static SslCipher>,
    pub id: ShortBytes,
    pub sid_ctx: ShortBytes,
    /// Creation time and lifetime, seconds.
    pub time: i64,
    pub timeout: i64,
    pub peer: Option<Arc<X509>>,
    pub verify_result: i64,
    /// Set when a cache removed it (`SSL_CTX_remove_session`, expiry, a
    /// TLS 1.3 client session used once): it is never offered again.
    pub not_resumable: bool,
    /// The server name (SNI) of the handshake (`SSL_SESSION_get0_hostname`).
    pub hostname: Option<std::ffi::CString>,
    pub extra: Extra,
}

/// What OpenSSL keeps about a session for programs that read it back:
/// the protocol negotiated by ALPN (`SSL_SESSION_get0_alpn_selected`),
/// the program's ticket data (`SSL_SESSION_set1_ticket_appdata`; it stays
/// in the process, since rustls's tickets carry none) and the early data
/// limit (`SSL_SESSION_set_max_early_data`; no early data is sent).
#[derive(Clone, Debug, Default)]
pub struct Extra {
    pub alpn: Option<Vec<u8>>,
    pub ticket_appdata: Option<Vec<u8>>,
    pub max_early_data: u32,
    /// A TLS 1.2 client session's ticket, as the server's NewSessionTicket
    /// gave it (`SSL_SESSION_get0_ticket`,
    /// `SSL_SESSION_get_ticket_lifetime_hint`); rustls resumes with its
    /// own copy. A TLS 1.3 ticket arrives encrypted and is not seen.
    pub tls12_ticket: Option<Tls12Ticket>,
}

/// A TLS 1.2 NewSessionTicket's contents (RFC 5077 3.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tls12Ticket {
    pub lifetime_hint: u32,
    pub ticket: Vec<u8>,
}

impl Tls12Ticket {
    /// OpenSSL's client session id for a ticket: its SHA-256 hash
    /// (`tls_process_new_session_ticket`).
    pub fn session_id(&self) -> ShortBytes {
        let hash = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &self.ticket);
        ShortBytes::new(hash.as_ref()).unwrap_or_default()
    }
}

impl Meta {
    /// OpenSSL's expiry rule: older than its timeout.
    pub fn expired(&self, now: i64) -> bool {
        self.time.saturating_add(self.timeout) < now
    }
}

/// The part rustls resumes with.
#[derive(Clone, Debug)]
pub enum Secret {
    /// Nothing (a TLS 1.3 client session before its ticket, a server
    /// session of a connection that issued none).
    None,
    /// Client: tickets shared by the sessions one connection produced.
    Client(Arc<ClientTickets>),
    /// Server: rustls's encoded session value.
    Server(Vec<u8>),
}

#[repr(C)]
pub struct SslSession {
    magic: u64,
    meta: Mutex<Meta>,
    /// Replaced only by `refill` (`d2i_SSL_SESSION` into an existing
    /// session, as OpenSSL's reuses the object).
    secret: Mutex<Secret>,
    pub ex_data: ExData,
    /// Objects made for C on the session's behalf (the drop-in's libcrypto
    /// copy of the peer certificate, `SSL_SESSION_get0_peer`).
    pub keep: crate::keep::Keep,
}

impl std::fmt::Debug for SslSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SslSession")
            .field("id", &self.meta().id.as_slice())
            .finish_non_exhaustive()
    }
}

impl SslSession {
    pub const MAGIC: u64 = 0x5353_4c53_5345_5353; // "SSLSSESS"

    pub fn magic(&self) -> u64 {
        self.magic
    }

    /// A new session; its ex_data new callbacks run at once.
    pub fn new(meta: Meta, secret: Secret) -> Arc<SslSession> {
        let s = Arc::new(SslSession {
            magic: Self::MAGIC,
            meta: Mutex::new(meta),
            secret: Mutex::new(secret),
            ex_data: ExData::new(CRYPTO_EX_INDEX_SSL_SESSION),
            keep: Default::default(),
        });
        s.ex_data.created(s.addr());
        s
    }

    /// `SSL_SESSION_new`: nothing to resume with, OpenSSL's defaults (no
    /// version or cipher, timeout 304 s, verify result "unspecified").
    pub fn new_empty() -> Arc<SslSession> {
        let meta = Meta {
            version: 0,
            cipher: None,
            id: ShortBytes::default(),
            sid_ctx: ShortBytes::default(),
            time: now(),
            timeout: 304,
            peer: None,
            verify_result: 1,
            not_resumable: false,
            hostname: None,
            extra: Extra::default(),
        };
        SslSession::new(meta, Secret::None)
    }

    /// `SSL_SESSION_dup`: the same facts, secret and ex_data values in a
    /// new session.
    pub fn duplicate(&self) -> Arc<SslSession> {
        let meta = self.meta().clone();
        let copy = SslSession::new(meta, self.secret());
        // ssl_session_dup: CRYPTO_dup_ex_data after the new callbacks.
        copy.ex_data.copy_from(&self.ex_data);
        copy
    }

    /// OpenSSL's `d2i_SSL_SESSION` into an existing `*a`: the object stays
    /// (its references and ex_data too) and takes `from`'s facts and
    /// secret.
    pub fn refill(&self, from: &SslSession) {
        if std::ptr::eq(self, from) {
            return;
        }
        let meta = from.meta().clone();
        let secret = from.secret();
        *self.meta() = meta;
        *self.secret_lock() = secret;
    }

    /// The address C knows this session by.
    pub fn addr(&self) -> usize {
        self as *const SslSession as usize
    }

    pub fn meta(&self) -> MutexGuard<'_, Meta> {
        self.meta.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn secret_lock(&self) -> MutexGuard<'_, Secret> {
        self.secret.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The secret (a copy: a server value's bytes, a client's shared
    /// tickets).
    pub fn secret(&self) -> Secret {
        self.secret_lock().clone()
    }

    /// The client tickets, for a client session.
    pub fn client_tickets(&self) -> Option<Arc<ClientTickets>> {
        match &*self.secret_lock() {
            Secret::Client(t) => Some(t.clone()),
            _ => None,
        }
    }

    /// OpenSSL's `master_key` (TLS 1.2 master secret or TLS 1.3 resumption
    /// PSK) and whether the extended master secret was used, where known:
    /// a server session's rustls value holds both; a client session's
    /// secret is sealed inside rustls (`None`).
    pub fn master_key(&self) -> Option<(Vec<u8>, bool)> {
        match &*self.secret_lock() {
            Secret::Server(v) => value::parse(v).map(|f| (f.secret.to_vec(), f.extended_ms)),
            _ => None,
        }
    }

    /// `SSL_SESSION_has_ticket` of a client session: one made from a TLS 1.3
    /// ticket has one, even while its tickets are all in use (OpenSSL's
    /// keeps its one); a TLS 1.2 one when the server's NewSessionTicket
    /// gave one (not a session id alone).
    pub fn has_ticket(&self) -> bool {
        let m = self.meta();
        if m.version != TLS1_3_VERSION {
            return m.extra.tls12_ticket.is_some();
        }
        drop(m);
        self.client_tickets().is_some()
    }

    /// `SSL_SESSION_is_resumable`: not removed, and something to resume
    /// with (a ticket or TLS 1.2 session on a client; an id on a server, as
    /// OpenSSL requires `session_id_length > 0`). A TLS 1.3 client session
    /// whose tickets are all in use stays resumable, as OpenSSL's (which
    /// sends its one ticket any number of times): offered, it finds none
    /// and its connection's new tickets refill it (`ConnSessions`).
    pub fn is_resumable(&self) -> bool {
        let m = self.meta();
        if m.not_resumable {
            return false;
        }
        match &*self.secret_lock() {
            Secret::None => false,
            // Made only from a TLS 1.2 session or a TLS 1.3 ticket.
            Secret::Client(_) => true,
            Secret::Server(_) => !m.id.is_empty(),
        }
    }
}

impl Drop for SslSession {
    fn drop(&mut self) {
        self.ex_data.destroyed(self as *const SslSession as usize);
    }
}

#[cfg(test)]
mod tests;
