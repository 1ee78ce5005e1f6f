//! Sessions along the handshake: the glue between the connection and
//! `crate::session` (which holds the rules).

use super::{Conn, Event};
use crate::abi::SSL_VERIFY_PEER;
use crate::session::{ConnSessions, Facts, SessionEvent, SslSession};
use rustls::HandshakeKind;
use std::sync::Arc;

impl Conn {
    pub fn sessions(&self) -> &ConnSessions {
        &self.sessions
    }

    pub fn sessions_mut(&mut self) -> &mut ConnSessions {
        &mut self.sessions
    }

    pub(super) fn sessions_step(&self) -> Option<crate::session::StepRef> {
        self.sessions.step().cloned()
    }

    /// `SSL_session_reused`: rustls resumed (a session id, a ticket, or a
    /// session from `get_session_cb`).
    pub fn session_reused(&self) -> bool {
        self.tls
            .as_ref()
            .is_some_and(|t| t.handshake_kind() == Some(HandshakeKind::Resumed))
    }

    /// `SSL_set_session`: the session's verify result comes with it, as in
    /// OpenSSL (a resumed handshake verifies nothing).
    pub fn set_session(&mut self, s: Option<Arc<SslSession>>) {
        if let Some(s) = &s {
            let r = s.meta().verify_result;
            self.set_verify_result(r);
        }
        self.sessions.set_session(s);
    }

    /// A handshake starts (see `ConnSessions::begin`).
    pub(super) fn session_begin(&mut self) {
        let ctx = self.ctx.clone();
        let s = &self.settings;
        let enabled = crate::version::enabled(s.version_bounds(), self.options);
        let versions = |n: i32| {
            enabled
                .iter()
                .any(|v| crate::version::number(v.version) == n)
        };
        self.sessions.begin(ctx, self.is_server, versions);
        self.session_verify_peer();
    }

    /// A server's verify mode as its ClientHello is handled, for the
    /// session rules that depend on it (`Step::verify_peer`).
    fn session_verify_peer(&self) {
        if self.is_server {
            let peer = self.verify_mode() & SSL_VERIFY_PEER != 0;
            self.sessions.set_verify_peer(peer);
        }
    }

    /// A server's new session exists from its client hello callback on
    /// (`ConnSessions::server_hello_phase`).
    pub(super) fn session_hello_phase(&mut self) {
        if self.is_server {
            self.sessions.server_hello_phase();
            // The client hello callback may have changed it.
            self.session_verify_peer();
        }
    }

    pub(super) fn session_finish(&mut self) {
        let Some(tls) = self.tls.as_ref() else {
            return;
        };
        let resumed = tls.handshake_kind() == Some(HandshakeKind::Resumed);
        let tls13 = tls.protocol_version() == Some(rustls::ProtocolVersion::TLSv1_3);
        let facts = Facts {
            server: self.is_server,
            resumed,
            tls13,
            version: self.version(),
            cipher: self.current_cipher(),
            peer: self.peer_certificate(),
            verify_result: self.verify_result(),
            // OpenSSL: a server records the name its callback accepted; a
            // client the name it sent (OpenSSL's client only when the
            // server acknowledged it, which rustls does not report).
            hostname: (!self.is_server || self.sni_acked)
                .then(|| self.servername().map(|n| n.to_owned()))
                .flatten(),
            alpn: self.alpn_selected().map(<[u8]>::to_vec),
            server_session_id: self.intro.hello.server_session_id,
            tls12_ticket: self.intro.hello.tls12_ticket.take(),
        };
        let mut out = Vec::new();
        self.sessions.finish(facts, &mut out);
        self.queue_session_events(out, false);
    }

    /// After a post-handshake rustls step (TLS 1.3 tickets).
    pub(super) fn session_after_step(&mut self) {
        let mut out = Vec::new();
        self.sessions.after_step(&mut out);
        self.queue_session_events(out, true);
    }

    fn queue_session_events(&mut self, out: Vec<SessionEvent>, post_handshake: bool) {
        self.events.extend(
            out.into_iter()
                .map(|ev| Event::Session { ev, post_handshake }),
        );
    }
}
