//! Application callbacks as the core sees them.
//!
//! A C callback is a function pointer plus, often, a `void *` argument; both
//! are raw, so they stay in `ffi/callbacks.rs`, which implements these traits.
//! The core stores `Arc<dyn …>` and either calls it synchronously (where the
//! callback's answer steers a rustls step, e.g. verification) or, for
//! notifications, queues an `ssl::Event` that the ffi layer delivers after the
//! connection's lock is released, so the callback may call back into the
//! same `SSL`.
//!
//! `addr()` gives back the function's address for the `*_get_*_callback`
//! getters. `ssl` arguments are the `SSL *` C knows (`Ssl::addr`).

use crate::session::SslSession;
use std::fmt::Debug;
use std::sync::Arc;

/// `SSL_CTX_set_info_callback`/`SSL_set_info_callback`.
pub trait InfoCallback: Send + Sync + Debug {
    fn call(&self, ssl: usize, where_: i32, ret: i32);
    fn addr(&self) -> usize;
}

pub type InfoCallbackRef = Arc<dyn InfoCallback>;

/// `SSL_CTX_sess_set_new_cb`: a new session to keep (the C side handles
/// the reference the application may take).
pub trait NewSessionCallback: Send + Sync + Debug {
    fn call(&self, ssl: usize, sess: &Arc<SslSession>);
    fn addr(&self) -> usize;
}

/// `SSL_CTX_sess_set_remove_cb`: a session left the context's cache.
pub trait RemoveSessionCallback: Send + Sync + Debug {
    fn call(&self, ctx: usize, sess: &Arc<SslSession>);
    fn addr(&self) -> usize;
}

/// `SSL_CTX_sess_set_get_cb`: the application's session for a session id
/// the internal cache did not have. Called during the handshake step, with
/// the connection locked.
pub trait GetSessionCallback: Send + Sync + Debug {
    fn call(&self, ssl: usize, id: &[u8]) -> Option<Arc<SslSession>>;
    fn addr(&self) -> usize;
}

/// A context's callbacks, copied into an `SSL` at `SSL_new` where OpenSSL
/// copies them (the info callback is read from the context at call time by
/// OpenSSL when the `SSL` has none; we do the same).
#[derive(Clone, Debug, Default)]
pub struct CtxCallbacks {
    pub info: Option<InfoCallbackRef>,
    pub new_session: Option<Arc<dyn NewSessionCallback>>,
    pub remove_session: Option<Arc<dyn RemoveSessionCallback>>,
    pub get_session: Option<Arc<dyn GetSessionCallback>>,
}
