//! The application's C callbacks: the `callbacks` traits implemented over C
//! function pointers, their setters and getters. The core delivers queued
//! `ssl::Event`s through them once the connection's lock is released
//! (`ssl/driver.rs`).

#![allow(non_snake_case)]

use super::handle;
use crate::callbacks::{InfoCallback, InfoCallbackRef, KeylogCallback, KeylogCallbackRef};
use crate::ctx::SslCtx;
use crate::ssl::Ssl;
use sslshim_macros::entry;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int};
use std::sync::Arc;

/// `void (*cb)(const SSL *ssl, int where, int ret)`
pub type InfoFn = Option<InfoFnPtr>;
type InfoFnPtr = unsafe extern "C" fn(*const Ssl, c_int, c_int);

#[derive(Debug)]
struct CInfo(InfoFnPtr);

impl InfoCallback for CInfo {
    fn call(&self, ssl: usize, where_: i32, ret: i32) {
        // SAFETY: the application registered this function for exactly this
        // signature; `ssl` is the live SSL the event belongs to.
        unsafe { (self.0)(ssl as *const Ssl, where_, ret) }
    }

    fn addr(&self) -> usize {
        self.0 as usize
    }
}

fn info_ref(cb: InfoFn) -> Option<InfoCallbackRef> {
    cb.map(|f| Arc::new(CInfo(f)) as InfoCallbackRef)
}

fn info_fn(cb: Option<InfoCallbackRef>) -> InfoFn {
    // SAFETY: every InfoCallback stored by us is a CInfo, whose addr() is an
    // InfoFn's address, turned back into the same function pointer type.
    cb.map(|c| unsafe { std::mem::transmute::<usize, InfoFnPtr>(c.addr()) })
}

/// `void (*cb)(const SSL *ssl, const char *line)` (`SSL_CTX_keylog_cb_func`)
pub type KeylogFn = Option<KeylogFnPtr>;
type KeylogFnPtr = unsafe extern "C" fn(*const Ssl, *const c_char);

#[derive(Debug)]
struct CKeylog(KeylogFnPtr);

impl KeylogCallback for CKeylog {
    fn call(&self, ssl: usize, line: &CStr) {
        // SAFETY: the application registered this function for exactly this
        // signature; `ssl` is the live SSL, `line` a NUL-terminated string
        // valid for the call.
        unsafe { (self.0)(ssl as *const Ssl, line.as_ptr()) }
    }

    fn addr(&self) -> usize {
        self.0 as usize
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_info_callback(ctx: *mut SslCtx, cb: InfoFn) {
    handle::with(FUNC, ctx, FAIL, |c| {
        c.update_callbacks(|cbs| cbs.info = info_ref(cb))
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_info_callback(ctx: *mut SslCtx) -> InfoFn {
    handle::with(FUNC, ctx, FAIL, |c| info_fn(c.callbacks().info.clone()))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_info_callback(ssl: *mut Ssl, cb: InfoFn) {
    let cb = info_ref(cb);
    let copy = cb.clone();
    super::ssl::setter(
        FUNC,
        ssl,
        FAIL,
        |f| f.info_cb = copy,
        move |c| c.set_info_callback(cb),
    )
}

/// OpenSSL returns only the connection's own callback, not the context's.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_info_callback(ssl: *const Ssl) -> InfoFn {
    super::ssl::query(
        FUNC,
        ssl,
        FAIL,
        |f| info_fn(f.info_cb.clone()),
        |s| info_fn(s.lock().own_info_callback()),
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_keylog_callback(ctx: *mut SslCtx, cb: KeylogFn) {
    handle::with(FUNC, ctx, FAIL, |c| {
        c.update_callbacks(|cbs| cbs.keylog = cb.map(|f| Arc::new(CKeylog(f)) as KeylogCallbackRef))
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_keylog_callback(ctx: *const SslCtx) -> KeylogFn {
    handle::with(FUNC, ctx, FAIL, |c| {
        // SAFETY: every KeylogCallback stored by us is a CKeylog, whose
        // addr() is a KeylogFn's address, turned back into that type.
        c.callbacks()
            .keylog
            .as_ref()
            .map(|k| unsafe { std::mem::transmute::<usize, KeylogFnPtr>(k.addr()) })
    })
}
