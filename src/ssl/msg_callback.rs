//! The message callback (`SSL_set_msg_callback`): what the records copied
//! by `records` show, queued as events for the callback, which runs once
//! the connection's lock is released (`driver`), in the order OpenSSL's
//! record layer and state machine report them.

use super::records::Versions;
use super::{Conn, Event};
use crate::abi::*;
use crate::callbacks::MsgCallbackRef;

impl Conn {
    /// `SSL_set_msg_callback` (`SSL_new` copies the context's): from the
    /// next record on (set after the handshake: nothing of this
    /// connection, see `Records::set_watch`).
    pub fn set_msg_callback(&mut self, cb: Option<MsgCallbackRef>) {
        self.msg_cb = cb;
        self.intro.records.set_watch(self.msg_cb.is_some());
    }

    pub fn msg_callback(&self) -> Option<MsgCallbackRef> {
        self.msg_cb.clone()
    }

    /// OpenSSL's `s->version` as its callbacks see it: the negotiated
    /// version; before, a client's highest (it is set while the
    /// ClientHello is made) and a server's method's, the highest for a
    /// version-flexible one, which is also what a server has while it
    /// reads the ClientHello.
    pub(super) fn msg_versions(&self) -> Versions {
        let negotiated = self
            .tls
            .as_ref()
            .and_then(|t| t.protocol_version())
            .map(crate::version::number);
        let method = match self.method.version {
            0 => TLS1_3_VERSION,
            v => v,
        };
        let highest = match self.settings.max_version {
            0 => method,
            v => v.min(method),
        };
        Versions {
            negotiated,
            initial: if self.is_server { method } else { highest },
            server_hello: method,
        }
    }

    /// Bytes the connection moves itself, outside rustls (a refusing
    /// server's ClientHello and alert, a TLS 1.2 server's alert for a
    /// missing client certificate): seen as the transport's are.
    pub(super) fn moved_outside_rustls(&mut self, data: &[u8], outgoing: bool) {
        if self.intro.records.wants(outgoing) {
            self.intro.records.feed(data, outgoing);
            self.trace_records();
        }
    }

    /// Reports what the last read or write copied, when watched.
    pub(super) fn trace_records(&mut self) {
        if !self.intro.records.watched() {
            return;
        }
        self.open_records(true);
        for m in self.intro.records.take_messages() {
            self.events.push(Event::Msg(m));
        }
    }
}
