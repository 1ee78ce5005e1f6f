//! `SSL_clear`: the object is made ready for another connection, keeping
//! what the program set on it (OpenSSL's `SSL_clear` in ssl_lib.c).

use super::{Conn, HandshakeRole};
use crate::abi::SSL_SENT_SHUTDOWN;
use rustls::HandshakeKind;

impl Conn {
    /// OpenSSL's `ssl_clear_bad_session` (`SSL_clear`, `SSL_free`): the
    /// session of an established connection that did not send its
    /// close_notify and did not fail is removed from the context's cache (the
    /// remove-session callback runs) and is no longer resumable; true if
    /// so.
    pub fn clear_bad_session(&mut self) -> bool {
        // After a fatal error OpenSSL is back "in init": its fatal alert
        // removed the session already.
        if self.sessions.current().is_none()
            || !self.handshake_done
            || self.fatal
            || self.shutdown & SSL_SENT_SHUTDOWN != 0
        {
            return false;
        }
        self.remove_session();
        self.sessions.set_session(None);
        true
    }

    /// OpenSSL's `SSL_CTX_remove_session` of the connection's session, as
    /// `ssl_clear_bad_session` and a fatal alert sent or received do: out
    /// of the cache and no longer resumable, and `remove_session_cb` told
    /// even if it was not cached. A session without an id is left alone.
    pub(super) fn remove_session(&mut self) {
        // OpenSSL's client moves to a new session (no id yet) when the
        // ServerHello declines the one offered; the offered one stays.
        if self.offer_declined() {
            return;
        }
        let Some(s) = self.sessions.current().cloned() else {
            return;
        };
        if self.ctx.sessions.remove(&s).is_some()
            && let Some(cb) = self.ctx.callbacks().remove_session.clone()
        {
            cb.call(std::sync::Arc::as_ptr(&self.ctx) as usize, &s);
        }
    }

    /// A client's handshake in progress is a full one: the ServerHello
    /// declined the session offered, if any.
    pub(super) fn offer_declined(&self) -> bool {
        !self.is_server
            && !self.handshake_done
            && self.tls.as_ref().and_then(|t| t.handshake_kind()) == Some(HandshakeKind::Full)
    }

    /// Forgets the last connection: the handshake, the records, the peer,
    /// the shutdown state. Settings, BIOs, callbacks, ex_data, the role and
    /// the verify result stay, as in OpenSSL. An established session stays
    /// too (a client offers it at its next handshake) unless the connection
    /// ended without our close_notify: then it is removed from the
    /// context's cache (the remove-session callback runs) and dropped, as
    /// OpenSSL's `ssl_clear_bad_session` does.
    pub fn clear(&mut self) {
        if !self.clear_bad_session()
            && self.handshake_done
            && !self.is_server
            && let Some(s) = self.sessions.current().cloned()
        {
            // The next handshake offers it for resumption.
            self.sessions.set_session(Some(s));
        }
        // A handshake of the same role, or of none yet: what `set_role`
        // resets is exactly one connection's state.
        let (role, is_server) = (self.role, self.is_server);
        self.set_role(role.unwrap_or(if is_server {
            HandshakeRole::Accept
        } else {
            HandshakeRole::Connect
        }));
        self.role = role;
        self.is_server = is_server;
        self.events.clear();
        self.last_errno = None;
        self.sni_acked = false;
        self.cert_retry = None;
        self.received_sni = None;
        if !is_server {
            self.ocsp_response = None;
        }
        self.snapshot_final = false;
        self.snapshot_session = 0;
        // OpenSSL's SSL_clear goes back to the context's method.
        self.method = self.ctx.method();
    }
}
