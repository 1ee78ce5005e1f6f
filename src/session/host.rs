//! What the session machinery needs of the `SSL_CTX` a connection runs
//! under. `crate::ctx::SslCtx` implements it, so sessions sit below
//! contexts: a context holds a session cache and stores, and the sessions
//! of its connections reach back only through this trait.

use super::{CtxSessions, SslSession};
use std::sync::Arc;

pub trait SessionCtx: Send + Sync {
    /// The context's session cache and its counters.
    fn sessions(&self) -> &CtxSessions;
    /// `SSL_CTX_get_session_cache_mode`.
    fn cache_mode(&self) -> i64;
    /// `SSL_CTX_get_timeout`: the lifetime of new sessions.
    fn session_timeout(&self) -> i64;
    /// Whether a `new_session_cb` is set (new sessions are reported).
    fn wants_new_sessions(&self) -> bool;
    /// Whether a `remove_session_cb` is set. OpenSSL then also caches a
    /// TLS 1.3 server's stateless-ticket sessions, which it otherwise
    /// leaves out of its internal cache.
    fn wants_removed_sessions(&self) -> bool;
    /// The `get_session_cb` lookup: `None` without a callback, else its
    /// answer. No lock of ours is held while the application runs.
    fn external_lookup(&self, ssl: usize, id: &[u8]) -> Option<Option<Arc<SslSession>>>;
}
