//! The certificate callbacks over C function pointers: the verify callback
//! (`SSL_CTX_set_verify`/`SSL_set_verify`) and the client certificate
//! callback (`SSL_CTX_set_client_cert_cb`), with their getters. Both run
//! synchronously inside a rustls handshake step (see `verify::callback`
//! and `verify::client_cert`).

#![allow(non_snake_case)]

use super::handle;
use super::objects::{CObjects, Flavour};
use crate::callbacks::{
    CertVerifyCallback, CertVerifyCallbackRef, ClientCertAnswer, ClientCertCallback,
    ClientCertCallbackRef, VerifyCallback as VerifyCb, VerifyCallbackRef,
};
use crate::ctx::SslCtx;
use crate::ssl::Ssl;
use crate::verify::X509StoreCtx;
use crate::x509::{EvpPkey, X509};
use sslshim_macros::entry;
use std::ffi::c_void;
use std::os::raw::c_int;
use std::ptr;
use std::sync::Arc;

/// `SSL_verify_cb`: `int (*)(int preverify_ok, X509_STORE_CTX *)`.
pub type VerifyCallback = Option<VerifyFnPtr>;
pub type VerifyFnPtr = unsafe extern "C" fn(c_int, *mut X509StoreCtx) -> c_int;

#[derive(Debug)]
struct CVerify(VerifyFnPtr);

impl VerifyCb for CVerify {
    fn call(&self, preverify_ok: bool, store_ctx: usize) -> bool {
        // SAFETY: the application registered this function for exactly this
        // signature; `store_ctx` is the live X509_STORE_CTX of the running
        // verification (kept alive by its caller for the call).
        unsafe { (self.0)(c_int::from(preverify_ok), store_ctx as *mut X509StoreCtx) != 0 }
    }

    fn addr(&self) -> usize {
        self.0 as usize
    }
}

/// The callback as the core calls it, with the flavour's store context
/// (`CObjects::verify_callback`).
pub(super) fn verify_ref(cb: VerifyCallback) -> Option<VerifyCallbackRef> {
    cb.map(Flavour::verify_callback)
}

/// The standalone flavour's: the program gets our own store context.
pub(super) fn own_verify_callback(cb: VerifyFnPtr) -> VerifyCallbackRef {
    Arc::new(CVerify(cb))
}

pub(super) fn verify_fn(cb: Option<VerifyCallbackRef>) -> VerifyCallback {
    // SAFETY: every VerifyCallback stored by us is a CVerify, whose addr()
    // is a VerifyFnPtr's address, turned back into the same type.
    cb.map(|c| unsafe { std::mem::transmute::<usize, VerifyFnPtr>(c.addr()) })
}

/// `int (*client_cert_cb)(SSL *ssl, X509 **x509, EVP_PKEY **pkey)`
pub type ClientCertFn = Option<ClientCertFnPtr>;
type ClientCertFnPtr = unsafe extern "C" fn(*mut Ssl, *mut *mut X509, *mut *mut EvpPkey) -> c_int;

#[derive(Debug)]
struct CClientCert(ClientCertFnPtr);

impl ClientCertCallback for CClientCert {
    /// The callback's objects are converted by the flavour (libcrypto's in
    /// the drop-in) and the program's references released, as in OpenSSL
    /// (which uses them, then frees its references).
    fn call(&self, ssl: usize) -> ClientCertAnswer {
        let mut x509: *mut X509 = ptr::null_mut();
        let mut pkey: *mut EvpPkey = ptr::null_mut();
        // SAFETY: the application registered this function for exactly this
        // signature; `ssl` is the live SSL being handshaken; the two out
        // pointers are locals.
        let r = unsafe { (self.0)(ssl as *mut Ssl, &mut x509, &mut pkey) };
        // OpenSSL makes them the connection's own (`SSL_get_certificate`
        // shows them afterwards) before it frees the program's references;
        // a key that is not the certificate's fails there (its one error
        // entry queued) and the handshake goes on without a certificate.
        let used = r > 0
            && !x509.is_null()
            && !pkey.is_null()
            && super::pkey::SSL_use_certificate(ssl as *mut Ssl, x509) == 1
            && super::pkey::SSL_use_PrivateKey(ssl as *mut Ssl, pkey) == 1;
        let (x509, pkey) = Flavour::client_cert_in(x509.cast(), pkey.cast());
        if r > 0 && x509.is_some() && pkey.is_some() && !used {
            return ClientCertAnswer::NoCert;
        }
        match (r, x509, pkey) {
            (r, ..) if r < 0 => ClientCertAnswer::Retry,
            (0, ..) => ClientCertAnswer::NoCert,
            (_, Some(x), Some(k)) => ClientCertAnswer::Cert(x, k),
            _ => ClientCertAnswer::BadData,
        }
    }

    fn addr(&self) -> usize {
        self.0 as usize
    }
}

#[entry(
    limitation = "a negative return (retry later) cannot suspend a rustls handshake: the handshake continues without a certificate"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_client_cert_cb(ctx: *mut SslCtx, cb: ClientCertFn) {
    handle::with(FUNC, ctx, FAIL, |c| {
        c.update_callbacks(|cbs| {
            cbs.client_cert = cb.map(|f| Arc::new(CClientCert(f)) as ClientCertCallbackRef)
        })
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_client_cert_cb(ctx: *mut SslCtx) -> ClientCertFn {
    handle::with(FUNC, ctx, FAIL, |c| {
        // SAFETY: every stored ClientCertCallback is a CClientCert, whose
        // addr() is a ClientCertFnPtr's address.
        c.callbacks()
            .client_cert
            .as_ref()
            .map(|cb| unsafe { std::mem::transmute::<usize, ClientCertFnPtr>(cb.addr()) })
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_verify_callback(ctx: *const SslCtx) -> VerifyCallback {
    handle::with(FUNC, ctx, FAIL, |c| verify_fn(c.callbacks().verify.clone()))
}

/// Works from inside a callback: the callback lives outside the
/// connection's lock.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_verify_callback(ssl: *const Ssl) -> VerifyCallback {
    handle::with(FUNC, ssl, FAIL, |s| verify_fn(s.verify_callback()))
}

type CertVerifyFnPtr = unsafe extern "C" fn(*mut X509StoreCtx, *mut c_void) -> c_int;

#[derive(Debug)]
struct CCertVerify(CertVerifyFnPtr, usize);

impl CertVerifyCallback for CCertVerify {
    fn call(&self, store_ctx: usize) -> bool {
        // SAFETY: the application registered this function and argument
        // for exactly this signature; `store_ctx` is the live X509_STORE_CTX
        // of the running verification.
        unsafe { (self.0)(store_ctx as *mut X509StoreCtx, self.1 as *mut c_void) > 0 }
    }
}

/// The standalone flavour's: the program gets our own store context.
pub(super) fn own_cert_verify_callback(cb: usize, arg: usize) -> CertVerifyCallbackRef {
    // SAFETY: `cb` is the address of the program's callback of exactly
    // this type (the entry point below received it so).
    let f = unsafe { std::mem::transmute::<usize, CertVerifyFnPtr>(cb) };
    Arc::new(CCertVerify(f, arg))
}

/// Replaces the chain verification of every connection of `ctx`: the
/// callback gets the `X509_STORE_CTX` (ours, or in the drop-in flavour a
/// libcrypto one set up as OpenSSL's) and may run the built-in verification
/// with `X509_verify_cert`; a positive return accepts, and the store
/// context's error becomes `SSL_get_verify_result`.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_cert_verify_callback(
    ctx: *mut SslCtx,
    cb: Option<unsafe extern "C" fn(*mut X509StoreCtx, *mut c_void) -> c_int>,
    arg: *mut c_void,
) {
    handle::with(FUNC, ctx, FAIL, |c| {
        c.update_callbacks(|cbs| {
            cbs.cert_verify = cb.map(|f| Flavour::cert_verify_callback(f as usize, arg as usize))
        })
    })
}
