//! The client side's resumption material: what rustls gave the store
//! during one connection.
//!
//! OpenSSL makes one session per TLS 1.3 ticket, and lets a program offer
//! the same session again and again. rustls tickets are single-use and
//! cannot be copied, so the sessions of one connection share its tickets
//! here and each resumption takes the next unused one: a session can be
//! offered as often as its connection received tickets.

use rustls::NamedGroup;
use rustls::client::{Tls12ClientSessionValue, Tls13ClientSessionValue};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

#[derive(Debug, Default)]
pub struct ClientTickets {
    inner: Mutex<Inner>,
    /// The name a session's encoding gives these tickets (`handles`),
    /// made on the first `i2d_SSL_SESSION`.
    handle: OnceLock<super::handles::Handle>,
}

#[derive(Debug, Default)]
struct Inner {
    tls13: Vec<Tls13ClientSessionValue>,
    tls12: Option<Tls12ClientSessionValue>,
    kx_hint: Option<NamedGroup>,
}

impl ClientTickets {
    /// The process-local handle of these tickets (the same every time, so
    /// encoding a session twice gives the same bytes), kept until
    /// `expires` (seconds since the epoch).
    pub fn handle(self: &Arc<Self>, expires: i64) -> super::handles::Handle {
        *self
            .handle
            .get_or_init(|| super::handles::register(self, expires, super::now()))
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn has_any(&self) -> bool {
        let i = self.lock();
        !i.tls13.is_empty() || i.tls12.is_some()
    }

    pub fn push_tls13(&self, v: Tls13ClientSessionValue) {
        self.lock().tls13.push(v);
    }

    /// The newest unused ticket (it has the longest life left).
    pub fn take_tls13(&self) -> Option<Tls13ClientSessionValue> {
        self.lock().tls13.pop()
    }

    pub fn set_tls12(&self, v: Tls12ClientSessionValue) {
        self.lock().tls12 = Some(v);
    }

    pub fn take_tls12(&self) -> Option<Tls12ClientSessionValue> {
        self.lock().tls12.take()
    }

    /// TLS 1.2 sessions resume any number of times, as in OpenSSL.
    pub fn tls12(&self) -> Option<Tls12ClientSessionValue> {
        self.lock().tls12.clone()
    }

    pub fn set_kx_hint(&self, g: NamedGroup) {
        self.lock().kx_hint = Some(g);
    }

    pub fn kx_hint(&self) -> Option<NamedGroup> {
        self.lock().kx_hint
    }
}
