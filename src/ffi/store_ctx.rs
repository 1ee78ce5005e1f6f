//! `X509_STORE_CTX` entry points (x509_vfy.h) as a verify callback uses
//! them. The context exists only while a verification runs (see
//! `verify::callback`); none of these take the connection's lock.

#![allow(non_snake_case)]

use super::handle::{self, Handle, guard};
use super::objects::{CObjects, Flavour};
use super::x509::StackX509;
use crate::abi::*;
use crate::verify::X509StoreCtx;
use crate::x509::X509;
use sslshim_macros::entry;
use std::ffi::c_void;
use std::os::raw::c_int;
use std::ptr;
use std::sync::Arc;

// SAFETY: X509StoreCtx is #[repr(C)] with its u64 magic first, constant for life.
unsafe impl Handle for X509StoreCtx {
    const MAGIC: u64 = X509StoreCtx::MAGIC;
    fn magic(&self) -> u64 {
        X509StoreCtx::magic(self)
    }
}

fn with_ctx<R: Copy>(
    func: &'static str,
    ctx: *const X509StoreCtx,
    err: R,
    body: impl FnOnce(&X509StoreCtx) -> R,
) -> R {
    guard(func, err, || match handle::borrow(ctx) {
        Some(c) => body(c),
        None => {
            crate::err::raise(
                ERR_LIB_X509,
                ERR_R_PASSED_NULL_PARAMETER,
                func,
                file!(),
                line!(),
            );
            err
        }
    })
}

/// The ex_data index where a verification's `X509_STORE_CTX` carries the
/// `SSL *` it runs for.
#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_ex_data_X509_STORE_CTX_idx() -> c_int {
    Flavour::store_ctx_ssl_index()
}

#[entry(fail = X509_V_ERR_UNSPECIFIED)]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_CTX_get_error(ctx: *const X509StoreCtx) -> c_int {
    with_ctx(FUNC, ctx, FAIL, |c| c.error())
}

/// The error the verification ends with, unless a later failure replaces
/// it (`X509_V_OK` from a callback makes an overridden failure a success).

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_CTX_set_error(ctx: *mut X509StoreCtx, s: c_int) {
    with_ctx(FUNC, ctx, FAIL, |c| c.set_error(s))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_CTX_get_error_depth(ctx: *const X509StoreCtx) -> c_int {
    with_ctx(FUNC, ctx, FAIL, |c| {
        c_int::try_from(c.error_depth()).unwrap_or(c_int::MAX)
    })
}

/// get0: the certificate lives as long as the store context's chain.

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_CTX_get_current_cert(ctx: *const X509StoreCtx) -> *mut X509 {
    with_ctx(FUNC, ctx, FAIL, |c| {
        c.current_cert()
            .map_or(ptr::null_mut(), |x| Arc::as_ptr(&x) as *mut X509)
    })
}

/// The certificate being verified (the peer's leaf), get0.

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_CTX_get0_cert(ctx: *const X509StoreCtx) -> *mut X509 {
    with_ctx(FUNC, ctx, FAIL, |c| {
        c.chain().first().map_or(ptr::null_mut(), handle::as_ptr)
    })
}

/// The chain built so far, leaf first; owned by the store context.

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_CTX_get0_chain(ctx: *const X509StoreCtx) -> *mut StackX509 {
    with_ctx(FUNC, ctx, FAIL, |c| handle::as_ptr(&c.chain_stack()))
}

/// A new stack holding a new reference to each certificate (free it with
/// `sk_X509_pop_free(chain, X509_free)`).

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_CTX_get1_chain(ctx: *const X509StoreCtx) -> *mut StackX509 {
    with_ctx(FUNC, ctx, FAIL, |c| {
        let items = c
            .chain()
            .iter()
            .map(|x| handle::into_raw(x.clone()) as usize)
            .collect();
        handle::into_raw(crate::stack::OpensslStack::new(items, None))
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_CTX_get_ex_data(ctx: *const X509StoreCtx, idx: c_int) -> *mut c_void {
    with_ctx(FUNC, ctx, FAIL, |c| c.ex_data.get(idx) as *mut c_void)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_STORE_CTX_set_ex_data(
    ctx: *mut X509StoreCtx,
    idx: c_int,
    data: *mut c_void,
) -> c_int {
    with_ctx(FUNC, ctx, FAIL, |c| {
        c_int::from(c.ex_data.set(idx, data as usize))
    })
}

/// The built-in chain verification for the context a certificate
/// verification callback was given: the verify callback is called as
/// during a handshake; 1 verified, 0 not (the reason in
/// `X509_STORE_CTX_get_error`).

#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub extern "C" fn X509_verify_cert(ctx: *mut X509StoreCtx) -> c_int {
    match handle::clone_arc(ctx) {
        Some(c) => c_int::from(c.verify()),
        None => {
            crate::err::raise(
                ERR_LIB_X509,
                ERR_R_PASSED_NULL_PARAMETER,
                FUNC,
                file!(),
                line!(),
            );
            -1
        }
    }
}
