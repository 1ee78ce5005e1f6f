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

#![forbid(unsafe_code)]

use crate::session::SslSession;
use std::fmt::Debug;
use std::sync::Arc;

/// `SSL_CTX_set_info_callback`/`SSL_set_info_callback`.
pub trait InfoCallback: Send + Sync + Debug {
    fn call(&self, ssl: usize, where_: i32, ret: i32);
    fn addr(&self) -> usize;
}

pub type InfoCallbackRef = Arc<dyn InfoCallback>;

/// `SSL_CTX_set_verify`/`SSL_set_verify`: called per certificate during
/// chain verification with the `X509_STORE_CTX *` (`store_ctx`, an address
/// C knows); its answer overrides `preverify_ok`.
pub trait VerifyCallback: Send + Sync + Debug {
    fn call(&self, preverify_ok: bool, store_ctx: usize) -> bool;
    fn addr(&self) -> usize;
}

pub type VerifyCallbackRef = Arc<dyn VerifyCallback>;

/// `SSL_CTX_set_cert_verify_callback`: replaces `X509_verify_cert` (it
/// may call it) for the store context at `store_ctx`; true accepts.
pub trait CertVerifyCallback: Send + Sync + Debug {
    fn call(&self, store_ctx: usize) -> bool;
}

pub type CertVerifyCallbackRef = Arc<dyn CertVerifyCallback>;

/// What a client certificate callback answered.
#[derive(Debug)]
pub enum ClientCertAnswer {
    /// 1 with both objects: the references are handed to us.
    Cert(Arc<crate::x509::X509>, Arc<crate::x509::EvpPkey>),
    /// 0: continue without a certificate.
    NoCert,
    /// 1 but a missing object (OpenSSL: SSL_R_BAD_DATA_RETURNED_BY_CALLBACK).
    BadData,
    /// Negative: "call me again" (SSL_ERROR_WANT_X509_LOOKUP in OpenSSL).
    Retry,
}

/// `SSL_CTX_set_client_cert_cb`: asked for a certificate when a server
/// requests one and the client has none configured.
pub trait ClientCertCallback: Send + Sync + Debug {
    fn call(&self, ssl: usize) -> ClientCertAnswer;
    fn addr(&self) -> usize;
}

pub type ClientCertCallbackRef = Arc<dyn ClientCertCallback>;

/// `SSL_CTX_set_tlsext_status_cb` on a client: called once the server's
/// certificate is verified, with the stapled OCSP response (if any)
/// readable through `SSL_get_tlsext_status_ocsp_resp`; > 0 accepts, 0
/// rejects the response, < 0 is the callback's own failure.
pub trait StatusCallback: Send + Sync + Debug {
    fn call(&self, ssl: usize) -> i32;
}

pub type StatusCallbackRef = Arc<dyn StatusCallback>;

/// `SSL_CTX_set_msg_callback`/`SSL_set_msg_callback`: one record header,
/// inner content type or protocol message; `arg` is the connection's
/// `SSL_set_msg_callback_arg` value.
pub trait MsgCallback: Send + Sync + Debug {
    fn call(
        &self,
        write_p: bool,
        version: i32,
        content_type: i32,
        buf: &[u8],
        ssl: usize,
        arg: usize,
    );
}

pub type MsgCallbackRef = Arc<dyn MsgCallback>;

/// `SSL_CTX_set_keylog_callback`: one NSS key log line, no newline.
pub trait KeylogCallback: Send + Sync + Debug {
    fn call(&self, ssl: usize, line: &std::ffi::CStr);
    fn addr(&self) -> usize;
}

pub type KeylogCallbackRef = Arc<dyn KeylogCallback>;

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

/// A C callback only the ffi layer calls (the ClientHello-time ones run
/// there, unlocked): the function's address and its `void *arg`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CFn {
    pub func: usize,
    pub arg: usize,
}

/// A context's callbacks, read from the context at call time as OpenSSL
/// reads `s->ctx->...` (so `SSL_set_SSL_CTX` switches them), plus the
/// per-connection values an `SSL` copies from its context at `SSL_new`.
#[derive(Clone, Debug, Default)]
pub struct CtxCallbacks {
    pub info: Option<InfoCallbackRef>,
    pub keylog: Option<KeylogCallbackRef>,
    /// Copied into each new `SSL` (`SSL_set_msg_callback` replaces it
    /// there), as its argument (`ctx::Hints::msg_arg`).
    pub msg: Option<MsgCallbackRef>,
    pub new_session: Option<Arc<dyn NewSessionCallback>>,
    pub remove_session: Option<Arc<dyn RemoveSessionCallback>>,
    pub get_session: Option<Arc<dyn GetSessionCallback>>,
    /// Copied into each new `SSL` (`SSL_set_verify` replaces it there).
    pub verify: Option<VerifyCallbackRef>,
    /// Read when a handshake starts.
    pub client_cert: Option<ClientCertCallbackRef>,
    pub cert_verify: Option<CertVerifyCallbackRef>,
    /// `SSL_CTX_set_tlsext_servername_callback` (`arg` set separately).
    pub servername: CFn,
    /// `SSL_CTX_set_client_hello_cb`.
    pub client_hello: CFn,
    /// `SSL_CTX_set_alpn_select_cb`.
    pub alpn_select: CFn,
    /// `SSL_CTX_set_tlsext_status_cb` (`arg` set separately).
    pub status: CFn,
    /// The same, callable by a client's verifier (made by the ffi layer
    /// whenever `status` changes).
    pub client_status: Option<StatusCallbackRef>,
    /// `SSL_CTX_set_cert_cb` (a server calls it after the ClientHello).
    pub cert: CFn,
    /// `SSL_CTX_set_tlsext_status_type` (None: OpenSSL's -1, nothing),
    /// copied into each new `SSL`.
    pub status_type: Option<i32>,
    /// `SSL_CTX_set_alpn_protos` (wire format), copied into each new `SSL`.
    pub alpn_protos: Option<Arc<[u8]>>,
}
