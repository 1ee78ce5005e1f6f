//! The connection a rustls step works for, as the shared session stores
//! see it.
//!
//! rustls's stores and ticketer are shared by every connection of a config
//! and get no connection argument; like `verify::session`, each handshake
//! step publishes its connection's `Step` in a thread-local for them. The
//! stores record what happened (tickets received, sessions stored, a
//! session found) and `ConnSessions` turns that into session objects once
//! the step returns.

use super::{ClientTickets, SessionCtx, ShortBytes, SslSession};
use std::cell::RefCell;
use std::sync::{Arc, Mutex};

/// A stateless ticket we issued and now decrypted (server).
#[derive(Debug)]
pub struct TicketMeta {
    pub time: i64,
    pub timeout: i64,
    pub value: Vec<u8>,
}

pub struct Step {
    /// The `SSL *` C knows (for `get_session_cb`).
    pub ssl: usize,
    /// The context whose cache, counters and callbacks apply.
    pub ctx: Arc<dyn SessionCtx>,
    pub sid_ctx: ShortBytes,
    /// Lifetime of the sessions and tickets this connection makes.
    pub timeout: i64,
    /// Client: the session `SSL_set_session` offered, if resumable.
    pub offered: Option<Arc<SslSession>>,
    /// Client: where this connection's tickets go.
    /// Made at first use: a server's step never has one.
    pool: Option<Arc<ClientTickets>>,
    /// Client: TLS 1.3 tickets received since the last look.
    pub new_tls13: usize,
    /// Client: rustls saved a TLS 1.2 session into `pool`.
    pub tls12_saved: bool,
    /// Client: the offered session had no TLS 1.3 ticket left when rustls
    /// asked (connections in flight had taken them all).
    pub starved: bool,
    /// Server: what rustls stored (session id or stateful ticket, value).
    pub puts: Vec<(Vec<u8>, Vec<u8>)>,
    /// Server: the values we sealed into stateless tickets.
    pub issued: Vec<Vec<u8>>,
    /// Server: tickets (or stored sessions) handed out on this connection.
    pub tickets_sent: usize,
    /// Server: a session (cache or `get_session_cb`) or ticket was accepted.
    pub resumed: bool,
    pub resumed_from: Option<Arc<SslSession>>,
    pub resumed_ticket: Option<TicketMeta>,
    /// Sessions a cache dropped during the step (for `remove_session_cb`).
    pub removed: Vec<Arc<SslSession>>,
    /// Server: it verifies its peers (`SSL_VERIFY_PEER`) as the
    /// ClientHello is handled. Without a session id context it then
    /// caches nothing and refuses to resume.
    pub verify_peer: bool,
    /// Server: a session or ticket was offered that OpenSSL would fail the
    /// handshake on (`SSL_R_SESSION_ID_CONTEXT_UNINITIALIZED`).
    pub sid_ctx_uninitialized: bool,
}

impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Step")
            .field("ssl", &self.ssl)
            .field("resumed", &self.resumed)
            .field("tickets_sent", &self.tickets_sent)
            .finish_non_exhaustive()
    }
}

impl Step {
    /// Client: where this connection's tickets go.
    pub fn pool(&mut self) -> &Arc<ClientTickets> {
        self.pool.get_or_insert_with(Default::default)
    }

    /// Client: the pool, if the connection has used one.
    pub fn pool_if_made(&self) -> Option<&Arc<ClientTickets>> {
        self.pool.as_ref()
    }

    /// Client: `pool` is the offered session's from now on.
    pub fn set_pool(&mut self, pool: Arc<ClientTickets>) {
        self.pool = Some(pool);
    }

    pub fn new(ssl: usize, ctx: Arc<dyn SessionCtx>, sid_ctx: ShortBytes, timeout: i64) -> Self {
        Step {
            ssl,
            ctx,
            sid_ctx,
            timeout,
            offered: None,
            pool: None,
            new_tls13: 0,
            tls12_saved: false,
            starved: false,
            puts: Vec::new(),
            issued: Vec::new(),
            tickets_sent: 0,
            resumed: false,
            resumed_from: None,
            resumed_ticket: None,
            removed: Vec::new(),
            verify_peer: false,
            sid_ctx_uninitialized: false,
        }
    }

    /// Server: OpenSSL's `ssl_get_prev_session` refusal of a session that
    /// matched an empty session id context while peers are verified: the
    /// session could be used out of context, and treating it as a cache
    /// miss would turn the cache off unnoticed. Records it; true to refuse.
    pub fn refuse_without_sid_ctx(&mut self) -> bool {
        let refuse = !self.keeps_sessions();
        self.sid_ctx_uninitialized |= refuse;
        refuse
    }

    /// Server: OpenSSL's `ssl_update_cache` keeps no session (internal
    /// cache or `new_session_cb`) of a server that verifies peers without
    /// a session id context.
    pub fn keeps_sessions(&self) -> bool {
        !(self.verify_peer && self.sid_ctx.as_slice().is_empty())
    }
}

pub type StepRef = Arc<Mutex<Step>>;

/// A server that verifies peers but has no session id context was offered
/// a session it would resume (OpenSSL's
/// SSL_R_SESSION_ID_CONTEXT_UNINITIALIZED).
#[derive(Debug)]
pub struct SidCtxUninitialized;

impl std::fmt::Display for SidCtxUninitialized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("session offered to a server that verifies peers without a session id context")
    }
}

impl std::error::Error for SidCtxUninitialized {}

thread_local! {
    static CURRENT: RefCell<Option<StepRef>> = const { RefCell::new(None) };
}

/// Runs `f` (a rustls step) with `step` visible to the stores; nests.
pub fn enter<R>(step: Option<&StepRef>, f: impl FnOnce() -> R) -> R {
    struct Reset(Option<StepRef>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let prev = self.0.take();
            CURRENT.with(|c| *c.borrow_mut() = prev);
        }
    }
    let prev = CURRENT.with(|c| std::mem::replace(&mut *c.borrow_mut(), step.cloned()));
    let _reset = Reset(prev);
    f()
}

/// Runs `f` on the current step (locked only for `f`: never call C in it).
pub fn with_current<R>(f: impl FnOnce(&mut Step) -> R) -> Option<R> {
    let step = CURRENT.with(|c| c.borrow().clone())?;
    let mut s = step.lock().unwrap_or_else(|e| e.into_inner());
    Some(f(&mut s))
}
