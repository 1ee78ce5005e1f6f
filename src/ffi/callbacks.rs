//! The application's C callbacks: the `callbacks` traits implemented over C
//! function pointers, their setters and getters, and delivery of queued
//! `ssl::Event`s once the connection's lock is released.

#![allow(non_snake_case)]

use super::handle;
use crate::callbacks::{InfoCallback, InfoCallbackRef};
use crate::ctx::SslCtx;
use crate::ssl::{Event, Ssl};
use std::os::raw::c_int;
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

/// Delivers what a call queued, in order. Runs without the connection's
/// lock, so the callbacks may call any `SSL_*` function on `ssl`.
pub fn deliver(ssl: &Ssl, events: Vec<Event>) {
    if events.is_empty() {
        return;
    }
    let info = ssl.lock().info_callback();
    for ev in events {
        match ev {
            Event::Info { where_, ret } => {
                if let Some(cb) = &info {
                    cb.call(ssl.addr(), where_, ret);
                }
            }
            Event::Session(ev) => super::session_cache::deliver(ssl, ev),
        }
    }
}

#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_info_callback(ctx: *mut SslCtx, cb: InfoFn) {
    handle::with("SSL_CTX_set_info_callback", ctx, (), |c| {
        c.update_callbacks(|cbs| cbs.info = info_ref(cb))
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_info_callback(ctx: *mut SslCtx) -> InfoFn {
    handle::with("SSL_CTX_get_info_callback", ctx, None, |c| {
        info_fn(c.callbacks().info)
    })
}

#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_info_callback(ssl: *mut Ssl, cb: InfoFn) {
    super::ssl::with_ssl("SSL_set_info_callback", ssl, (), |s| {
        s.lock().set_info_callback(info_ref(cb))
    })
}

/// OpenSSL returns only the connection's own callback, not the context's.
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_info_callback(ssl: *const Ssl) -> InfoFn {
    super::ssl::with_ssl("SSL_get_info_callback", ssl, None, |s| {
        info_fn(s.lock().own_info_callback())
    })
}
