//! The per-connection verification state a handshake step publishes to the
//! shared verifiers (see the module docs of `verify`).
//!
//! It is also what an application callback running inside a handshake step
//! (verify callback, client certificate callback) can read about its `SSL`
//! while the connection itself is locked: the `Ssl` handle holds the same
//! `SessionRef` outside its connection lock.

use super::VerifyParams;
use crate::abi::{SSL_VERIFY_PEER, SSL_VERIFY_POST_HANDSHAKE};
use crate::callbacks::{CertVerifyCallbackRef, ClientCertCallbackRef, VerifyCallbackRef};
use crate::stack::OpensslStack;
use crate::x509::{NameList, X509};
use std::cell::RefCell;
use std::sync::{Arc, Mutex};

/// Parameters in, outcome out.
#[derive(Debug, Default)]
pub struct VerifySession {
    pub params: VerifyParams,
    /// `X509_V_OK` until a chain was checked; then the first error found.
    pub result: i64,
    /// Client: the OCSP response the server stapled.
    pub stapled_ocsp: Option<Vec<u8>>,
    /// The `SSL *` and its `SSL_CTX *` as C knows them, for callbacks.
    pub ssl: usize,
    pub ctx: usize,
    pub is_server: bool,
    /// The connection's verify callback (copied from the context at
    /// `SSL_new`, replaced by `SSL_set_verify`).
    pub verify_cb: Option<VerifyCallbackRef>,
    /// The context's client certificate and certificate verification
    /// callbacks, as of the handshake start.
    pub client_cert_cb: Option<ClientCertCallbackRef>,
    pub cert_verify_cb: Option<CertVerifyCallbackRef>,
    /// Client: the status callback, when this handshake asked for OCSP
    /// stapling (`SSL_set_tlsext_status_type`).
    pub status_cb: Option<crate::callbacks::StatusCallbackRef>,
    /// Whether this connection may negotiate TLS 1.3 (the CA list a client
    /// received is NULL, not empty, when a TLS 1.3 server sent none).
    pub tls13_enabled: bool,
    /// The handshake runs TLS 1.2, or TLS 1.3 (each known to a server
    /// from the ClientHello on: `Conn::publish_version`); neither while
    /// unknown.
    pub tls12: bool,
    pub tls13: bool,
    pub peer: PeerSeen,
    /// Client: its context's verifier and certificate resolver for this
    /// handshake, which the configs' shared ones hand their calls to
    /// (`ctx::client_front`).
    pub client_verifier: Option<Arc<dyn rustls::client::danger::ServerCertVerifier>>,
    pub client_resolver: Option<Arc<dyn rustls::client::ResolvesClientCert>>,
}

impl VerifySession {
    /// A server asks for the client's certificate in the handshake (OpenSSL's
    /// `send_certificate_request`): with `SSL_VERIFY_PEER`, except a TLS 1.3
    /// one set to ask only after it (`SSL_VERIFY_POST_HANDSHAKE`).
    pub fn asks_in_handshake(&self) -> bool {
        let mode = self.params.mode;
        mode & SSL_VERIFY_PEER != 0 && !(self.tls13 && mode & SSL_VERIFY_POST_HANDSHAKE != 0)
    }

    /// `SSL_get0_peername`: the certificate's name that the first host
    /// set with `SSL_set1_host`/`SSL_add1_host` matched, once the peer's
    /// certificate verified (OpenSSL's `check_hosts` records it then);
    /// None without hosts, peer or success. Computed once per handshake;
    /// the string lives until the next one.
    pub fn peername(&mut self) -> Option<&std::ffi::CStr> {
        if self.peer.peername.is_none() {
            let found = match self.peer.chain.first() {
                Some(leaf) if self.result == i64::from(crate::abi::X509_V_OK) => {
                    self.params.hosts.iter().find_map(|h| {
                        super::host::matched_name(leaf.der(), h, self.params.hostflags)
                    })
                }
                _ => None,
            };
            self.peer.peername = Some(found.and_then(|n| std::ffi::CString::new(n).ok()));
        }
        self.peer.peername.as_ref()?.as_deref()
    }
}

/// What the handshake learnt about the peer's certificates.
#[derive(Default)]
pub struct PeerSeen {
    /// The peer's chain as presented, leaf first (empty: none, or not
    /// recorded because the server refused it, as OpenSSL does).
    pub chain: Vec<Arc<X509>>,
    /// `SSL_get_peer_cert_chain`: the chain on a client, without the leaf on
    /// a server (OpenSSL's rule).
    pub chain_stack: Option<Arc<OpensslStack>>,
    /// `SSL_get0_verified_chain`: leaf to trust anchor as verification built
    /// it (also after a failure, as in OpenSSL).
    pub verified: Option<Arc<OpensslStack>>,
    /// Client: the CA names of the server's CertificateRequest.
    pub ca_names: Option<NameList>,
    /// Client: the signature schemes of the server's CertificateRequest,
    /// as rustls hands them over (`SSL_check_chain`).
    pub request_sigalgs: Option<Vec<u16>>,
    /// `SSL_get0_peername`, once asked (see `VerifySession::peername`).
    pub peername: Option<Option<std::ffi::CString>>,
}

impl std::fmt::Debug for PeerSeen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PeerSeen")
            .field("chain", &self.chain.len())
            .field("verified", &self.verified.as_ref().map(|s| s.len()))
            .field("ca_names", &self.ca_names)
            .finish()
    }
}

pub type SessionRef = Arc<Mutex<VerifySession>>;

/// Runs `f` with the locked session; `None` if a panic poisoned it.
pub fn with<R>(s: &SessionRef, f: impl FnOnce(&mut VerifySession) -> R) -> R {
    f(&mut s.lock().unwrap_or_else(|e| e.into_inner()))
}

thread_local! {
    static CURRENT: RefCell<Option<SessionRef>> = const { RefCell::new(None) };
}

/// Runs `f` (a rustls handshake step) with `session` visible to the verifiers.
pub fn enter<R>(session: &SessionRef, f: impl FnOnce() -> R) -> R {
    struct Reset(Option<SessionRef>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let prev = self.0.take();
            CURRENT.with(|c| *c.borrow_mut() = prev);
        }
    }
    let prev = CURRENT.with(|c| c.borrow_mut().replace(session.clone()));
    let _reset = Reset(prev);
    f()
}

/// The session of the handshake running on this thread, if any.
pub fn current() -> Option<SessionRef> {
    CURRENT.with(|c| c.borrow().clone())
}
