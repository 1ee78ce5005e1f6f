//! What a connection knows about its peer's certificates and CA list
//! (`SSL_get_peer_cert_chain`, `SSL_get0_verified_chain`,
//! `SSL_get_client_CA_list`), kept in the verification session so that
//! callbacks can read it while the connection is locked.

use super::{Conn, Ssl};
use crate::abi::*;
use crate::stack::OpensslStack;
use crate::verify::session;
use crate::x509::{NameList, X509};
use std::sync::Arc;

impl Conn {
    /// A new handshake in `is_server`'s role forgets the last peer.
    pub(super) fn reset_peer(&mut self) {
        let is_server = self.is_server;
        session::with(&self.verify, |v| {
            v.is_server = is_server;
            v.peer = Default::default();
        });
    }

    /// What a handshake's callbacks need from the context and the
    /// settings, as of its start (OpenSSL reads the client certificate and
    /// certificate verification callbacks from the context when needed).
    pub(super) fn publish_handshake_state(&mut self) {
        let cbs = self.ctx.callbacks();
        let s = &self.settings;
        let tls13 = crate::version::enabled(s.version_bounds(), s.options)
            .has(rustls::ProtocolVersion::TLSv1_3)
            && !s.tls13_ciphers.is_empty();
        // OpenSSL calls a client's status callback whenever it asked for
        // a status (`status_type` is not "nothing").
        let status = (!self.is_server && self.status_type.is_some_and(|t| t != -1))
            .then(|| cbs.client_status.clone())
            .flatten();
        session::with(&self.verify, |v| {
            v.client_cert_cb = cbs.client_cert.clone();
            v.cert_verify_cb = cbs.cert_verify.clone();
            v.status_cb = status;
            v.stapled_ocsp = None;
            v.tls13_enabled = tls13;
        });
    }

    /// `SSL_get_peer_cert_chain`: the chain as presented (a server leaves
    /// out the leaf). A server that asked and got no certificate has an
    /// empty chain, one that never asked has none, as in OpenSSL.
    pub fn peer_cert_chain(&self) -> Option<Arc<OpensslStack>> {
        let asked_done = self.is_server && self.handshake_done && !self.fatal;
        // A handshake that verified nothing (a resumed session) still has
        // the peer's certificates in rustls.
        let known = self.tls.as_ref().and_then(|t| t.peer_certificates());
        session::with(&self.verify, |v| {
            if v.peer.chain_stack.is_none()
                && let Some(certs) = known.filter(|_| self.handshake_done)
            {
                let chain: Vec<Arc<X509>> = certs
                    .iter()
                    .filter_map(|c| X509::from_der(c.to_vec()))
                    .collect();
                let listed = if self.is_server {
                    chain.get(1..).unwrap_or_default()
                } else {
                    &chain[..]
                };
                v.peer.chain_stack = Some(OpensslStack::of(listed, |x| Arc::as_ptr(x) as usize));
                v.peer.chain = chain;
            }
            if v.peer.chain_stack.is_none() && asked_done && v.asks_in_handshake() {
                v.peer.chain_stack = Some(OpensslStack::new(Vec::new(), None));
            }
            v.peer.chain_stack.clone()
        })
    }

    /// The CA list `SSL_get_client_CA_list` reports: a server's own
    /// (the one it sends), or the one a client received.
    pub fn client_ca_list(&self) -> Option<NameList> {
        if self.is_server {
            return Some((*self.settings.client_ca).clone());
        }
        let tls13 = self.version() == TLS1_3_VERSION;
        session::with(&self.verify, |v| received_ca_list(v, tls13))
    }
}

/// A client's received CA names: NULL before a CertificateRequest, and
/// after a TLS 1.3 one without the certificate_authorities extension; an
/// empty stack after a TLS 1.2 one with an empty list.
fn received_ca_list(v: &session::VerifySession, tls13: bool) -> Option<NameList> {
    let names = v.peer.ca_names.as_ref()?;
    if names.names().is_empty() && tls13 {
        return None;
    }
    Some(names.clone())
}

impl Ssl {
    /// The verification session's view for a callback running inside a
    /// handshake step on this `SSL` (its connection is locked): is it a
    /// server, and the client side's received CA names (the version is
    /// not known yet, so TLS 1.3 is assumed when enabled).
    pub fn client_ca_list_in_callback(&self) -> (bool, Option<NameList>) {
        session::with(&self.verify, |v| {
            (v.is_server, received_ca_list(v, v.tls13_enabled))
        })
    }

    /// A client's stapled OCSP response while its handshake runs (its
    /// status callback reads it); it stays where it is when the handshake
    /// ends and the connection takes it.
    pub fn with_stapled_ocsp<R>(&self, f: impl FnOnce(Option<&[u8]>) -> R) -> R {
        let v = self.verify.lock().unwrap_or_else(|e| e.into_inner());
        f(v.stapled_ocsp.as_deref())
    }

    /// `SSL_get_peer_cert_chain` from a callback: what was recorded so far.
    pub fn peer_cert_chain_in_callback(&self) -> Option<Arc<OpensslStack>> {
        session::with(&self.verify, |v| v.peer.chain_stack.clone())
    }

    /// `SSL_get0_verified_chain` (never needs the connection lock).
    pub fn verified_chain(&self) -> Option<Arc<OpensslStack>> {
        session::with(&self.verify, |v| v.peer.verified.clone())
    }

    /// `SSL_get_verify_result` (never needs the connection lock).
    pub fn verify_result(&self) -> i64 {
        session::with(&self.verify, |v| v.result)
    }

    /// `SSL_get_verify_mode`/`_depth` (never need the connection lock).
    pub fn verify_mode(&self) -> i32 {
        session::with(&self.verify, |v| v.params.mode)
    }

    pub fn verify_depth(&self) -> i32 {
        session::with(&self.verify, |v| v.params.depth)
    }

    /// The `SSL_CTX *` C knows (`SSL_get_SSL_CTX` from a callback).
    pub fn ctx_addr(&self) -> usize {
        session::with(&self.verify, |v| v.ctx)
    }

    /// `SSL_set_verify`'s mode, `SSL_set_verify_depth`, `SSL_set1_host`/
    /// `SSL_add1_host` (None clears): the verification parameters live
    /// beside the connection, so callbacks may change them; the
    /// verification under way keeps the ones it started with.
    pub fn set_verify_mode(&self, mode: i32) {
        session::with(&self.verify, |v| v.params.mode = mode);
    }

    pub fn set_verify_depth(&self, depth: i32) {
        session::with(&self.verify, |v| v.params.depth = depth);
    }

    /// `SSL_set1_host` (None clears the names) and `SSL_add1_host`:
    /// false when OpenSSL's fails (a second IP address added).
    pub fn set_host(&self, host: Option<&str>, add: bool) -> bool {
        session::with(&self.verify, |v| match (add, host) {
            (true, Some(h)) => v.params.add_host(h),
            (true, None) => true,
            (false, h) => {
                v.params.set_host(h);
                true
            }
        })
    }

    /// `SSL_set_verify`'s callback part.
    pub fn set_verify_callback(&self, cb: Option<crate::callbacks::VerifyCallbackRef>) {
        session::with(&self.verify, |v| v.verify_cb = cb);
    }

    pub fn verify_callback(&self) -> Option<crate::callbacks::VerifyCallbackRef> {
        session::with(&self.verify, |v| v.verify_cb.clone())
    }
}
