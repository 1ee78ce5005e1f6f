//! `SSL_key_update`: a TLS 1.3 KeyUpdate, sent with the connection's next
//! write or handshake call (OpenSSL's `s->key_update`, which
//! `SSL_get_key_update_type` reports until then).
//!
//! rustls's `refresh_traffic_keys` queues the message at once and always
//! asks the peer to update its keys too (update_requested): an
//! `SSL_KEY_UPDATE_NOT_REQUESTED` update is sent as a requested one, so the
//! peer answers with its own KeyUpdate, which OpenSSL's peer would not.

use super::Conn;
use super::transport::Flush;
use crate::abi::*;
use crate::ssl_err;

impl Conn {
    /// `SSL_key_update`: OpenSSL's checks in its order, then the update.
    pub fn key_update(&mut self, kind: i32, func: &'static str) -> bool {
        let tls13 = self.tls.as_ref().and_then(|t| t.protocol_version())
            == Some(rustls::ProtocolVersion::TLSv1_3);
        let reason = if !tls13 {
            Some(SSL_R_WRONG_SSL_VERSION)
        } else if kind != SSL_KEY_UPDATE_NOT_REQUESTED && kind != SSL_KEY_UPDATE_REQUESTED {
            Some(SSL_R_INVALID_KEY_UPDATE_TYPE)
        } else if !self.is_init_finished() {
            // Also while an earlier update waits to be sent.
            Some(SSL_R_STILL_IN_INIT)
        } else if self.pending_write.is_some() {
            // OpenSSL: a write waiting to be retried (RECORD_LAYER_write_pending).
            Some(SSL_R_BAD_WRITE_RETRY)
        } else {
            None
        };
        if let Some(r) = reason {
            ssl_err!(r, func);
            return false;
        }
        let queued = self.tls.as_mut().map(|t| t.refresh_traffic_keys());
        if !matches!(queued, Some(Ok(()))) {
            log::debug!("{func}: rustls refused the key update: {queued:?}");
            ssl_err!(ERR_R_INTERNAL_ERROR, func);
            return false;
        }
        self.key_update = kind;
        true
    }

    /// `SSL_get_key_update_type`.
    pub fn key_update_type(&self) -> i32 {
        self.key_update
    }

    /// Sends a pending KeyUpdate (`SSL_do_handshake` after the handshake,
    /// and before a read or write): 1 once it is out (or none was
    /// pending), -1 when the transport must be retried.
    pub(super) fn send_key_update(&mut self) -> i32 {
        if self.key_update == SSL_KEY_UPDATE_NONE {
            return 1;
        }
        match self.flush() {
            Flush::Done => 1,
            Flush::Blocked | Flush::Failed => -1,
        }
    }

    /// Whatever rustls queued is written: a pending KeyUpdate is out.
    pub(super) fn flushed(&mut self) {
        self.key_update = SSL_KEY_UPDATE_NONE;
    }
}
