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

/// A context's callbacks, copied into an `SSL` at `SSL_new` where OpenSSL
/// copies them (the info callback is read from the context at call time by
/// OpenSSL when the `SSL` has none; we do the same; the client certificate
/// callback is read from the context when a handshake starts).
#[derive(Clone, Debug, Default)]
pub struct CtxCallbacks {
    pub info: Option<InfoCallbackRef>,
    pub verify: Option<VerifyCallbackRef>,
    pub client_cert: Option<ClientCertCallbackRef>,
    pub cert_verify: Option<CertVerifyCallbackRef>,
}
