//! `X509_VERIFY_PARAM` in the standalone flavour (x509_vfy.h, and ssl.h's
//! `SSL_CTX_get0_param` family): our `verify::param::X509VerifyParam`,
//! holding the verification flags; one per context and per connection
//! (`attach_ctx`, `attach_ssl`), the connection's applied when a handshake
//! starts (`apply`). The drop-in flavour's are libcrypto's
//! (`ffi::libcrypto::param`).

#![allow(non_snake_case)]

use std::os::raw::{c_int, c_ulong};
use std::ptr;
use std::sync::Arc;

use super::handle::{self, Handle};
use crate::ctx::SslCtx;
use crate::keep::Keep;
use crate::ssl::Ssl;
use crate::verify::param::X509VerifyParam;
use sslshim_macros::entry;

// SAFETY: #[repr(C)], its first field the u64 magic set for its whole life.
unsafe impl Handle for X509VerifyParam {
    const MAGIC: u64 = X509VerifyParam::MAGIC;
    fn magic(&self) -> u64 {
        X509VerifyParam::magic(self)
    }
}

const PARAM: &str = "own_verify_param";

fn param_of(keep: &Keep) -> Option<Arc<X509VerifyParam>> {
    keep.any(PARAM)?.1.downcast::<X509VerifyParam>().ok()
}

fn param_ptr(keep: &Keep) -> *mut X509VerifyParam {
    param_of(keep).map_or(ptr::null_mut(), |p| handle::as_ptr(&p))
}

/// A new context's parameters.
pub fn attach_ctx(c: &SslCtx) {
    c.keep.put(PARAM, 0, Arc::new(X509VerifyParam::new(0)));
}

/// A new connection's parameters, inheriting its context's (`SSL_new`).
pub fn attach_ssl(s: &Ssl, c: &SslCtx) {
    let p = X509VerifyParam::new(0);
    if let Some(parent) = param_of(&c.keep) {
        p.inherit(&parent);
    }
    s.keep.put(PARAM, 0, Arc::new(p));
}

/// `SSL_dup`: the copy's parameters inherit the original's too.
pub fn inherit_ssl(to: &Ssl, from: &Ssl) {
    if let (Some(t), Some(f)) = (param_of(&to.keep), param_of(&from.keep)) {
        t.inherit(&f);
    }
}

/// The connection's flags, with those of its context's `X509_STORE`
/// (which OpenSSL's verification inherits), become its verify flags for
/// the handshake.
pub fn apply(s: &Ssl) {
    if let Some(p) = param_of(&s.keep) {
        let store =
            handle::borrow(s.ctx_addr() as *const SslCtx).map_or(0, super::x509_store::flags);
        let flags = p.flags() | store;
        crate::verify::session::with(s.verify_session(), |v| v.params.flags = flags);
    }
}

#[entry(standalone_only)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get0_param(ctx: *mut SslCtx) -> *mut X509VerifyParam {
    handle::with(FUNC, ctx, FAIL, |c| param_ptr(&c.keep))
}

#[entry(standalone_only)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get0_param(ssl: *mut Ssl) -> *mut X509VerifyParam {
    handle::with(FUNC, ssl, FAIL, |s| param_ptr(&s.keep))
}

fn set1(keep: &Keep, vpm: *const X509VerifyParam) -> c_int {
    match (param_of(keep), handle::borrow(vpm)) {
        (Some(ours), Some(theirs)) => {
            ours.inherit(theirs);
            1
        }
        _ => 0,
    }
}

#[entry(standalone_only)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set1_param(ctx: *mut SslCtx, vpm: *mut X509VerifyParam) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| set1(&c.keep, vpm))
}

#[entry(standalone_only)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set1_param(ssl: *mut Ssl, vpm: *mut X509VerifyParam) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| set1(&s.keep, vpm))
}

#[entry(limitation = "holds the verification flags only (no depth, host names, purpose or time)")]
#[unsafe(no_mangle)]
pub extern "C" fn X509_VERIFY_PARAM_new() -> *mut X509VerifyParam {
    handle::into_raw(Arc::new(X509VerifyParam::new(0)))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_VERIFY_PARAM_free(param: *mut X509VerifyParam) {
    if !param.is_null() {
        handle::release(param);
    }
}

#[entry(
    limitation = "X509_V_FLAG_PARTIAL_CHAIN and CRL_CHECK/CRL_CHECK_ALL change verification; other flags are kept, not applied"
)]
#[unsafe(no_mangle)]
pub extern "C" fn X509_VERIFY_PARAM_set_flags(
    param: *mut X509VerifyParam,
    flags: c_ulong,
) -> c_int {
    handle::borrow(param).map_or(0, |p| {
        p.set_flags(flags);
        1
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_VERIFY_PARAM_clear_flags(
    param: *mut X509VerifyParam,
    flags: c_ulong,
) -> c_int {
    handle::borrow(param).map_or(0, |p| {
        p.clear_flags(flags);
        1
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_VERIFY_PARAM_get_flags(param: *const X509VerifyParam) -> c_ulong {
    handle::borrow(param).map_or(0, |p| p.flags())
}
