//! What the shared rustls objects of a config (key log, signing key and
//! verifier wrappers) learn about the one connection whose handshake step
//! is running on this thread.
//!
//! A sibling of `verify::session`: rustls calls these objects without any
//! per-connection context, so the connection lends its `Observed` to a
//! thread-local for the duration of each step and takes it back after.

#![forbid(unsafe_code)]

pub mod keylog;

use rustls::SignatureScheme;
use std::cell::RefCell;

/// One key log line's parts, as rustls hands them over.
#[derive(Debug)]
pub struct Secret {
    pub label: &'static str,
    pub client_random: Vec<u8>,
    pub secret: Vec<u8>,
}

#[derive(Debug, Default)]
pub struct Observed {
    /// Whether anybody wants key log lines (callback or SSLKEYLOGFILE).
    pub keylog_wanted: bool,
    pub secrets: Vec<Secret>,
    /// Whether the connection still reads its handshake records back
    /// (`keylog::traffic_secret`'s secrets, label and secret).
    pub traffic_wanted: bool,
    /// ... TLS 1.3's application traffic secrets too (for a message
    /// callback's view of the records after the handshake).
    pub application_wanted: bool,
    pub traffic: keylog::TrafficSecrets,
    /// The scheme of the peer's handshake signature we verified.
    pub peer_scheme: Option<SignatureScheme>,
    /// The scheme of our own handshake signature.
    pub own_scheme: Option<SignatureScheme>,
    /// The peer's signature_algorithms in its order, when known (a
    /// server's view of the ClientHello): rustls may reorder what it
    /// offers our signing key, OpenSSL follows the peer's order.
    pub peer_sigalgs: Vec<u16>,
    /// Whether the version being negotiated is TLS 1.3, when the
    /// connection knows (a server from the ClientHello, a client from the
    /// ServerHello): OpenSSL chooses our certificate differently in TLS 1.2.
    pub tls13: Option<bool>,
    /// The certificate slot the handshake chose for us (OpenSSL's
    /// `s3.tmp.cert`), which OpenSSL also makes the connection's current
    /// one.
    pub own_cert: Option<usize>,
    /// The connection's current certificate slot, for a client's TLS 1.2
    /// choice (only that one is offered).
    pub own_current: Option<usize>,
}

thread_local! {
    static CURRENT: RefCell<Option<Observed>> = const { RefCell::new(None) };
}

/// Runs `f` (a rustls step) with `obs` reachable through `with`; whatever
/// the step recorded is back in `obs` afterwards, even if `f` panics.
pub fn enter<R>(obs: &mut Observed, f: impl FnOnce() -> R) -> R {
    struct Restore<'a> {
        obs: &'a mut Observed,
        prev: Option<Observed>,
    }
    impl Drop for Restore<'_> {
        fn drop(&mut self) {
            let prev = self.prev.take();
            let mine = CURRENT.with(|c| std::mem::replace(&mut *c.borrow_mut(), prev));
            *self.obs = mine.unwrap_or_default();
        }
    }
    let lent = std::mem::take(obs);
    let prev = CURRENT.with(|c| c.borrow_mut().replace(lent));
    let _restore = Restore { obs, prev };
    f()
}

/// Runs `f` on the running step's `Observed`; `None` outside any step.
pub fn with<R>(f: impl FnOnce(&mut Observed) -> R) -> Option<R> {
    CURRENT.with(|c| c.borrow_mut().as_mut().map(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_come_back_and_nothing_leaks() {
        let mut obs = Observed::default();
        enter(&mut obs, || {
            with(|o| o.peer_scheme = Some(SignatureScheme::ED25519));
        });
        assert_eq!(obs.peer_scheme, Some(SignatureScheme::ED25519));
        assert!(with(|_| ()).is_none());
    }
}
