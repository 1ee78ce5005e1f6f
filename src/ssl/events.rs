//! Notifications raised during a call and delivered to the application's
//! callbacks after the connection's lock is released (see `callbacks`).

use super::{Conn, HsState};
use crate::callbacks::InfoCallbackRef;
use std::ffi::CString;

#[derive(Debug)]
pub enum Event {
    /// `SSL_CB_*` for the info callback: `where_`, `ret`, and the handshake
    /// state it was raised in (what `SSL_get_state` shows the callback).
    Info {
        where_: i32,
        ret: i32,
        state: HsState,
    },
    /// One call of the message callback.
    Msg(super::records::Msg),
    /// A key log line for the context's keylog callback.
    KeyLog { line: CString },
    /// `new_session_cb`/`remove_session_cb` (see `session::ConnSessions`);
    /// `post_handshake`: a TLS 1.3 client's ticket, which OpenSSL reports
    /// while it reads the NewSessionTicket message.
    Session {
        ev: crate::session::SessionEvent,
        post_handshake: bool,
    },
}

impl Conn {
    /// Queues an info-callback notification when anybody listens.
    pub(crate) fn info(&mut self, where_: i32, ret: i32) {
        if self.has_info_callback() {
            let state = self.hs_state();
            self.events.push(Event::Info { where_, ret, state });
        }
    }

    /// The connection's info callback, else its context's (OpenSSL's
    /// lookup order at call time).
    pub fn info_callback(&self) -> Option<InfoCallbackRef> {
        self.info_cb
            .clone()
            .or_else(|| self.ctx.callbacks().info.clone())
    }

    /// Whether `info_callback` has one (no reference taken).
    pub(crate) fn has_info_callback(&self) -> bool {
        self.info_cb.is_some() || self.ctx.with_callbacks(|c| c.info.is_some())
    }

    /// `SSL_get_info_callback`: only what was set on this connection.
    pub fn own_info_callback(&self) -> Option<InfoCallbackRef> {
        self.info_cb.clone()
    }

    pub fn set_info_callback(&mut self, cb: Option<InfoCallbackRef>) {
        self.info_cb = cb;
    }

    /// What happened since the last call; the caller delivers it unlocked.
    pub fn take_events(&mut self) -> Vec<Event> {
        std::mem::take(&mut self.events)
    }
}
