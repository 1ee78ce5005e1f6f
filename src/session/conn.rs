//! A connection's sessions: the one `SSL_set_session` offered, the one
//! `SSL_get_session` reports, and turning a handshake's outcome into
//! session objects, cache entries, counters and callback notifications the
//! way OpenSSL does:
//!
//! - client: a full TLS 1.2 handshake that left a session id or ticket makes
//!   one session; every TLS 1.3 ticket makes one (copying the connection's
//!   session). With `SSL_SESS_CACHE_CLIENT` each goes to the context's
//!   cache and `new_session_cb`. A resumed connection keeps the offered
//!   session; a TLS 1.3 one is then removed from the cache (single use),
//!   and the tickets it receives refill the offered session's (as do those
//!   of a connection that found all the offered session's tickets in use).
//! - server: a full TLS 1.2 handshake stored under a session id makes one
//!   session (none is cached when a ticket was issued instead, as OpenSSL);
//!   every TLS 1.3 ticket makes one. With `SSL_SESS_CACHE_SERVER` they are
//!   cached (unless `SSL_SESS_CACHE_NO_INTERNAL_STORE`) and reported. A
//!   connection resumed from the cache keeps that very session object.

use super::step::{Step, StepRef};
use super::{Extra, MAX_ID, Meta, Secret, SessionCtx, ShortBytes, SslSession, Tls12Ticket, now};
use crate::abi::{
    SSL_SESS_CACHE_CLIENT, SSL_SESS_CACHE_NO_AUTO_CLEAR, SSL_SESS_CACHE_NO_INTERNAL_STORE,
    SSL_SESS_CACHE_SERVER, TLS1_3_VERSION,
};
use crate::cipher::SslCipher;
use crate::x509::X509;
use std::sync::{Arc, Mutex, MutexGuard};

/// What the application hears about, after the call (see `ssl::Event`).
#[derive(Debug)]
pub enum SessionEvent {
    /// For `new_session_cb`.
    New(Arc<SslSession>),
    /// For `remove_session_cb`.
    Removed(Arc<SslSession>),
}

/// The negotiated facts a finished handshake contributes.
#[derive(Debug)]
pub struct Facts {
    pub server: bool,
    pub resumed: bool,
    pub tls13: bool,
    pub version: i32,
    pub cipher: Option<&'static SslCipher>,
    pub peer: Option<Arc<X509>>,
    pub verify_result: i64,
    pub hostname: Option<std::ffi::CString>,
    /// The protocol ALPN selected, if any.
    pub alpn: Option<Vec<u8>>,
    /// Client, TLS 1.2: the ServerHello's session id and the server's
    /// ticket (from the plaintext handshake: rustls shows neither).
    pub server_session_id: Option<ShortBytes>,
    pub tls12_ticket: Option<Tls12Ticket>,
}

#[derive(Debug)]
pub struct ConnSessions {
    ssl: usize,
    sid_ctx: ShortBytes,
    offered: Option<Arc<SslSession>>,
    current: Option<Arc<SslSession>>,
    /// The session a handshake in progress reports (see `begin`), kept
    /// for the connection's life: a callback may hold it without a
    /// reference of its own (get0) after the handshake replaced it.
    provisional: Option<Arc<SslSession>>,
    provisional_made: bool,
    step: Option<StepRef>,
}

fn lock(s: &StepRef) -> MutexGuard<'_, Step> {
    s.lock().unwrap_or_else(|e| e.into_inner())
}

impl ConnSessions {
    /// `SSL_new`: the context's session id context is copied, as OpenSSL.
    pub fn new(ssl: usize, ctx: &dyn SessionCtx) -> Self {
        ConnSessions {
            ssl,
            sid_ctx: ctx.sessions().sid_ctx(),
            offered: None,
            current: None,
            provisional: None,
            provisional_made: false,
            step: None,
        }
    }

    pub fn sid_ctx(&self) -> &[u8] {
        self.sid_ctx.as_slice()
    }

    /// `SSL_set_session_id_context`: false when longer than 32 bytes.
    pub fn set_sid_ctx(&mut self, v: &[u8]) -> bool {
        match ShortBytes::new(v) {
            Some(b) if v.len() <= MAX_ID => {
                self.sid_ctx = b;
                true
            }
            _ => false,
        }
    }

    /// `SSL_get_session`.
    pub fn current(&self) -> Option<&Arc<SslSession>> {
        self.current.as_ref()
    }

    /// Makes `s` the current session for a while (`SSL_get0_session` in a
    /// new-session callback delivered after the step); returns the one it
    /// replaces, to be put back.
    pub fn swap_current(&mut self, s: Option<Arc<SslSession>>) -> Option<Arc<SslSession>> {
        std::mem::replace(&mut self.current, s)
    }

    /// The peer certificate of the session offered for resumption.
    pub fn offered_peer(&self) -> Option<Arc<X509>> {
        self.offered.as_ref()?.meta().peer.clone()
    }

    /// `SSL_set_session`: offered at the next client handshake, and what
    /// `SSL_get_session` reports until then.
    pub fn set_session(&mut self, s: Option<Arc<SslSession>>) {
        self.offered = s.clone();
        self.current = s;
    }

    /// The step a rustls call of this connection publishes (see `step`).
    pub fn step(&self) -> Option<&StepRef> {
        self.step.as_ref()
    }

    /// Client: the ServerHello of a handshake that then failed declined
    /// the session offered (`SSL_CTX_sess_misses`).
    pub fn count_declined_offer(&self) {
        if let Some(st) = &self.step {
            let st = lock(st);
            if st.offered.is_some() {
                st.ctx.sessions().stats.miss.inc();
            }
        }
    }

    /// Server: whether it verifies its peers, as its ClientHello is handled.
    pub fn set_verify_peer(&self, verify_peer: bool) {
        if let Some(st) = &self.step {
            lock(st).verify_peer = verify_peer;
        }
    }

    /// Server: the step refused a session for want of a session id
    /// context (`Step::refuse_without_sid_ctx`); the handshake fails.
    pub fn take_sid_ctx_uninitialized(&self) -> bool {
        self.step
            .as_ref()
            .is_some_and(|st| std::mem::take(&mut lock(st).sid_ctx_uninitialized))
    }

    /// A handshake starts: counted (`SSL_CTX_sess_connect`/`accept`), and a
    /// fresh step carries the offered session if it can resume with a
    /// protocol version this connection enables (`versions`, OpenSSL's
    /// numbers).
    /// `versions`: whether a version (OpenSSL's number) may be resumed.
    pub fn begin(
        &mut self,
        ctx: Arc<dyn SessionCtx>,
        server: bool,
        versions: impl Fn(i32) -> bool,
    ) {
        let stats = &ctx.sessions().stats;
        if server {
            stats.accept.inc();
        } else {
            stats.connect.inc();
        }
        let timeout = ctx.session_timeout();
        let mut st = Step::new(self.ssl, ctx, self.sid_ctx, timeout);
        if !server {
            st.offered = self
                .offered
                .clone()
                .filter(|s| s.is_resumable() && versions(s.meta().version));
        }
        let client_new = !server && st.offered.is_none();
        self.step = Some(Arc::new(Mutex::new(st)));
        self.provisional_made = false;
        if client_new {
            self.make_provisional(timeout);
        }
    }

    /// OpenSSL makes the new session as the hellos are handled (a client's
    /// with its ClientHello when it offers none; a server's after its
    /// client hello callback): a callback asking `SSL_get_session` during
    /// the handshake gets it. It holds what is known so far; the finished
    /// handshake's session replaces it. Once per handshake.
    pub fn server_hello_phase(&mut self) {
        let timeout = match self.step.as_ref() {
            Some(st) if !self.provisional_made => lock(st).timeout,
            _ => return,
        };
        self.make_provisional(timeout);
    }

    fn make_provisional(&mut self, timeout: i64) {
        let p = SslSession::new(
            Meta {
                version: 0,
                cipher: None,
                id: ShortBytes::default(),
                sid_ctx: self.sid_ctx,
                time: now(),
                timeout,
                peer: None,
                verify_result: 0,
                not_resumable: false,
                hostname: None,
                extra: Extra::default(),
            },
            Secret::None,
        );
        self.current = Some(p.clone());
        self.provisional = Some(p);
        self.provisional_made = true;
    }

    /// `SSL_set_connect_state`/`accept_state`: the handshake state goes,
    /// the sessions stay (OpenSSL keeps `s->session` for reuse).
    pub fn reset(&mut self) {
        self.step = None;
    }

    /// The handshake finished (see the module docs).
    pub fn finish(&mut self, f: Facts, out: &mut Vec<SessionEvent>) {
        let Some(step) = self.step.clone() else {
            return;
        };
        let mut st = lock(&step);
        let base = Meta {
            version: f.version,
            cipher: f.cipher,
            // OpenSSL's client takes the ServerHello's (TLS 1.2).
            id: f.server_session_id.unwrap_or_default(),
            sid_ctx: self.sid_ctx,
            time: now(),
            timeout: st.timeout,
            peer: f.peer.clone(),
            verify_result: f.verify_result,
            not_resumable: false,
            hostname: f.hostname.clone(),
            extra: Extra {
                alpn: f.alpn.clone(),
                tls12_ticket: f.tls12_ticket.clone(),
                ..Extra::default()
            },
        };
        out.extend(st.removed.drain(..).map(SessionEvent::Removed));
        let ctx = st.ctx.clone();
        let (side, good) = if f.server {
            self.finish_server(&mut st, &f, base, out);
            (
                SSL_SESS_CACHE_SERVER,
                ctx.sessions().stats.accept_good.get(),
            )
        } else {
            self.finish_client(&mut st, &f, base, out);
            (
                SSL_SESS_CACHE_CLIENT,
                ctx.sessions().stats.connect_good.get(),
            )
        };
        drop(st);
        auto_flush(&*ctx, side, good, out);
        self.after_step(out);
    }

    fn finish_server(&mut self, st: &mut Step, f: &Facts, base: Meta, out: &mut Vec<SessionEvent>) {
        let ctx = st.ctx.clone();
        ctx.sessions().stats.accept_good.inc();
        let with_id = |id: ShortBytes| Meta { id, ..base.clone() };
        let keeps = st.keeps_sessions();
        self.current = None;
        if f.resumed {
            ctx.sessions().stats.hit.inc();
            if let Some(s) = st.resumed_from.take() {
                self.current = Some(s);
            } else if let Some(t) = st.resumed_ticket.take() {
                // The client's session id is echoed; any 32 bytes stand in.
                let meta = Meta {
                    time: t.time,
                    timeout: t.timeout,
                    ..with_id(ShortBytes::random())
                };
                self.current = Some(SslSession::new(meta, Secret::Server(t.value)));
            }
        } else if !f.tls13 {
            let put = st.puts.pop();
            let ticket = st.issued.pop();
            self.current = Some(match (put, ticket) {
                // A ticket was issued: OpenSSL then sends no session id and
                // caches nothing.
                (_, Some(v)) => SslSession::new(base.clone(), Secret::Server(v)),
                (Some((id, v)), None) => {
                    let id = ShortBytes::new(&id).unwrap_or_default();
                    let s = SslSession::new(with_id(id), Secret::Server(v));
                    if keeps {
                        report_new(&*ctx, &s, SSL_SESS_CACHE_SERVER, true, out);
                    }
                    s
                }
                (None, None) => SslSession::new(base.clone(), Secret::None),
            });
        }
        if f.tls13 {
            // OpenSSL's ssl_update_cache: a stateless ticket's session, with
            // only a dummy id, is cached only when a remove_session_cb is
            // set; new_session_cb hears of it either way. Stateful tickets
            // (SSL_OP_NO_TICKET) are looked up in the cache, so always kept
            // (unless `keeps` is false: then nothing is).
            let stateless_cached = ctx.wants_removed_sessions();
            let stateful = std::mem::take(&mut st.puts);
            let stateless = std::mem::take(&mut st.issued);
            let last = stateful.len() + stateless.len();
            let made = stateful
                .into_iter()
                .map(|(id, v)| (Some(id), v))
                .chain(stateless.into_iter().map(|v| (None, v)));
            // A session that neither the cache nor new_session_cb sees, and
            // that the next ticket's replaces as the connection's own, is
            // not made at all.
            let heard = keeps && ctx.wants_new_sessions();
            for (n, (id, v)) in made.enumerate() {
                let cached = keeps && (id.is_some() || stateless_cached);
                if !cached && !heard && n + 1 < last {
                    continue;
                }
                let id = id
                    .and_then(|id| ShortBytes::new(&id))
                    .unwrap_or_else(ShortBytes::random);
                let s = SslSession::new(with_id(id), Secret::Server(v));
                if cached || heard {
                    report_new(&*ctx, &s, SSL_SESS_CACHE_SERVER, cached, out);
                }
                self.current = Some(s);
            }
        }
        if self.current.is_none() {
            self.current = Some(SslSession::new(with_id(ShortBytes::random()), Secret::None));
        }
    }

    fn finish_client(&mut self, st: &mut Step, f: &Facts, base: Meta, out: &mut Vec<SessionEvent>) {
        let ctx = st.ctx.clone();
        let stats = &ctx.sessions().stats;
        stats.connect_good.inc();
        let offered = st.offered.clone();
        if f.resumed {
            stats.hit.inc();
        } else if offered.is_some() {
            stats.miss.inc();
        }
        // OpenSSL would have resumed with the ticket it keeps; ours were
        // all in flight. This handshake's tickets make up for them.
        if let Some(off) = &offered
            && f.tls13
            && !f.resumed
            && std::mem::take(&mut st.starved)
            && off.meta().version == TLS1_3_VERSION
        {
            refill_offered(st, off);
        }
        match offered {
            Some(off) if f.resumed => {
                if !f.tls13 && std::mem::take(&mut st.tls12_saved) {
                    // A renewed ticket replaces the one the session had.
                    // (OpenSSL's client makes a new session with a new id
                    // then; this one keeps its id.)
                    if let (Some(v), Some(t)) = (
                        st.pool_if_made().and_then(|p| p.take_tls12()),
                        off.client_tickets(),
                    ) {
                        t.set_tls12(v);
                    }
                    if f.tls12_ticket.is_some() {
                        off.meta().extra.tls12_ticket = f.tls12_ticket.clone();
                    }
                }
                if f.tls13 {
                    refill_offered(st, &off);
                }
                let mode = ctx.cache_mode();
                if f.tls13
                    && mode & i64::from(SSL_SESS_CACHE_CLIENT) != 0
                    && ctx.sessions().remove(&off).is_some()
                {
                    out.push(SessionEvent::Removed(off.clone()));
                }
                self.current = Some(off);
            }
            _ => {
                let saved = !f.tls13 && std::mem::take(&mut st.tls12_saved);
                let s = if saved {
                    // OpenSSL's client id: the ticket's hash, else the
                    // server's session id (a random one if the server sent
                    // neither, so that the session can be told apart).
                    let id = match &f.tls12_ticket {
                        Some(t) => t.session_id(),
                        None if !base.id.as_slice().is_empty() => base.id,
                        None => ShortBytes::random(),
                    };
                    let meta = Meta { id, ..base };
                    let s = SslSession::new(meta, Secret::Client(st.pool().clone()));
                    report_new(&*ctx, &s, SSL_SESS_CACHE_CLIENT, true, out);
                    s
                } else {
                    SslSession::new(base, Secret::None)
                };
                self.current = Some(s);
            }
        }
    }

    /// After a rustls step once the handshake is done: each TLS 1.3 ticket
    /// the client received becomes a session (OpenSSL's
    /// `tls_process_new_session_ticket`), plus removals to report.
    pub fn after_step(&mut self, out: &mut Vec<SessionEvent>) {
        let Some(step) = self.step.clone() else {
            return;
        };
        let mut st = lock(&step);
        out.extend(st.removed.drain(..).map(SessionEvent::Removed));
        let n = std::mem::take(&mut st.new_tls13);
        if n == 0 {
            return;
        }
        let ctx = st.ctx.clone();
        let pool = st.pool().clone();
        let timeout = st.timeout;
        drop(st);
        for _ in 0..n {
            let Some(cur) = self.current.clone() else {
                return;
            };
            let meta = Meta {
                id: ShortBytes::random(),
                time: now(),
                timeout,
                not_resumable: false,
                ..cur.meta().clone()
            };
            let s = SslSession::new(meta, Secret::Client(pool.clone()));
            report_new(&*ctx, &s, SSL_SESS_CACHE_CLIENT, true, out);
            self.current = Some(s);
        }
    }
}

/// A TLS 1.3 connection resumed from `off` (or that found none of its
/// tickets left): the tickets it receives (some may already be here, read
/// with the server's Finished) go to `off`'s, as OpenSSL's session would
/// resume again with the ticket it holds, which ours gave rustls for this
/// connection (see `tickets`). The sessions they make share them with
/// `off`.
fn refill_offered(st: &mut Step, off: &SslSession) {
    let Some(t) = off.client_tickets() else {
        return;
    };
    match st.pool_if_made() {
        Some(mine) if Arc::ptr_eq(&t, mine) => {}
        Some(mine) => {
            t.absorb(mine);
            st.set_pool(t);
        }
        None => st.set_pool(t),
    }
}

/// OpenSSL flushes expired sessions every 256 good handshakes of a side
/// whose caching is on, unless `SSL_SESS_CACHE_NO_AUTO_CLEAR`.
fn auto_flush(ctx: &dyn SessionCtx, side: i32, good: i64, out: &mut Vec<SessionEvent>) {
    let mode = ctx.cache_mode();
    if mode & i64::from(side) != 0
        && mode & i64::from(SSL_SESS_CACHE_NO_AUTO_CLEAR) == 0
        && good % 256 == 0
    {
        let gone = ctx.sessions().flush(now());
        out.extend(gone.into_iter().map(SessionEvent::Removed));
    }
}

/// OpenSSL's `ssl_update_cache`: with the side's cache mode on, the session
/// is cached (if `cache`, and unless `NO_INTERNAL_STORE`) and reported to
/// `new_session_cb`.
fn report_new(
    ctx: &dyn SessionCtx,
    s: &Arc<SslSession>,
    side: i32,
    cache: bool,
    out: &mut Vec<SessionEvent>,
) {
    let mode = ctx.cache_mode();
    if mode & i64::from(side) == 0 {
        return;
    }
    if cache && mode & i64::from(SSL_SESS_CACHE_NO_INTERNAL_STORE) == 0 {
        let (_, evicted) = ctx.sessions().add(s);
        out.extend(evicted.into_iter().map(SessionEvent::Removed));
    }
    if ctx.wants_new_sessions() {
        out.push(SessionEvent::New(s.clone()));
    }
}
