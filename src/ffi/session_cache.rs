//! A context's session cache (ssl.h): the new/remove/get session callbacks,
//! session id context, timeout, ticket count, the `SSL_CTX_sess_*` counters
//! (through `SSL_CTX_ctrl`) and adding, removing and flushing sessions.

#![allow(non_snake_case)]

use super::handle;
use super::session::sid_ctx_arg;
use crate::abi::*;
use crate::callbacks::{GetSessionCallback, NewSessionCallback, RemoveSessionCallback};
use crate::ctx::SslCtx;
use crate::session::SslSession;
use crate::ssl::Ssl;
use sslshim_macros::entry;
use std::os::raw::{c_int, c_long, c_uchar, c_uint};
use std::sync::Arc;

// ---- callbacks ---------------------------------------------------------------

/// `int (*new_session_cb)(SSL *ssl, SSL_SESSION *sess)`
pub type NewSessionFn = Option<NewSessionFnPtr>;
type NewSessionFnPtr = unsafe extern "C" fn(*mut Ssl, *mut SslSession) -> c_int;
/// `void (*remove_session_cb)(SSL_CTX *ctx, SSL_SESSION *sess)`
pub type RemoveSessionFn = Option<RemoveSessionFnPtr>;
type RemoveSessionFnPtr = unsafe extern "C" fn(*mut SslCtx, *mut SslSession);
/// `SSL_SESSION *(*get_session_cb)(SSL *, const unsigned char *id, int len, int *copy)`
pub type GetSessionFn = Option<GetSessionFnPtr>;
type GetSessionFnPtr =
    unsafe extern "C" fn(*mut Ssl, *const c_uchar, c_int, *mut c_int) -> *mut SslSession;

#[derive(Debug)]
struct CNew(NewSessionFnPtr);

impl NewSessionCallback for CNew {
    /// The application gets a reference: returning 1 means it kept it,
    /// 0 that we take it back.
    fn call(&self, ssl: usize, sess: &Arc<SslSession>) {
        let p = handle::into_raw(sess.clone());
        // SAFETY: the application registered this function for exactly this
        // signature; `ssl` is the live SSL the session belongs to and `p` a
        // live session holding the reference we hand over.
        let kept = unsafe { (self.0)(ssl as *mut Ssl, p) };
        if kept == 0 {
            handle::release(p);
        }
    }

    fn addr(&self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug)]
struct CRemove(RemoveSessionFnPtr);

impl RemoveSessionCallback for CRemove {
    fn call(&self, ctx: usize, sess: &Arc<SslSession>) {
        // SAFETY: registered for this signature; `ctx` is the live context
        // (possibly being freed, as in OpenSSL) and `sess` is kept alive by
        // the caller for the call.
        unsafe { (self.0)(ctx as *mut SslCtx, handle::as_ptr(sess)) }
    }

    fn addr(&self) -> usize {
        self.0 as usize
    }
}

#[derive(Debug)]
struct CGet(GetSessionFnPtr);

impl GetSessionCallback for CGet {
    /// `*copy` starts at 1: the application keeps its reference and we add
    /// one; if it sets 0 we take over the reference it returns.
    fn call(&self, ssl: usize, id: &[u8]) -> Option<Arc<SslSession>> {
        let mut copy: c_int = 1;
        let len = c_int::try_from(id.len()).ok()?;
        // SAFETY: registered for this signature; `id` is valid for `len`
        // bytes during the call, `copy` is a live int.
        let p = unsafe { (self.0)(ssl as *mut Ssl, id.as_ptr(), len, &mut copy) };
        if copy != 0 {
            handle::clone_arc(p)
        } else {
            handle::adopt(p)
        }
    }

    fn addr(&self) -> usize {
        self.0 as usize
    }
}

/// Turns a stored callback back into the C function pointer it wraps.
macro_rules! fn_of {
    ($cb:expr, $ptr:ty) => {
        // SAFETY: every callback of this kind stored by us wraps a function
        // pointer of exactly this type, whose address addr() returns.
        $cb.map(|c| unsafe { std::mem::transmute::<usize, $ptr>(c.addr()) })
    };
}

fn removed(ctx: &SslCtx, gone: &[Arc<SslSession>]) {
    if let Some(cb) = ctx.callbacks().remove_session.clone() {
        for s in gone {
            cb.call(ctx as *const SslCtx as usize, s);
        }
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_sess_set_new_cb(ctx: *mut SslCtx, cb: NewSessionFn) {
    handle::with(FUNC, ctx, FAIL, |c| {
        c.update_callbacks(|cbs| {
            cbs.new_session = cb.map(|f| Arc::new(CNew(f)) as Arc<dyn NewSessionCallback>)
        })
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_sess_get_new_cb(ctx: *mut SslCtx) -> NewSessionFn {
    handle::with(FUNC, ctx, FAIL, |c| {
        fn_of!(c.callbacks().new_session.clone(), NewSessionFnPtr)
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_sess_set_remove_cb(ctx: *mut SslCtx, cb: RemoveSessionFn) {
    handle::with(FUNC, ctx, FAIL, |c| {
        c.update_callbacks(|cbs| {
            cbs.remove_session = cb.map(|f| Arc::new(CRemove(f)) as Arc<dyn RemoveSessionCallback>)
        })
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_sess_get_remove_cb(ctx: *mut SslCtx) -> RemoveSessionFn {
    handle::with(FUNC, ctx, FAIL, |c| {
        fn_of!(c.callbacks().remove_session.clone(), RemoveSessionFnPtr)
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_sess_set_get_cb(ctx: *mut SslCtx, cb: GetSessionFn) {
    handle::with(FUNC, ctx, FAIL, |c| {
        c.update_callbacks(|cbs| {
            cbs.get_session = cb.map(|f| Arc::new(CGet(f)) as Arc<dyn GetSessionCallback>)
        })
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_sess_get_get_cb(ctx: *mut SslCtx) -> GetSessionFn {
    handle::with(FUNC, ctx, FAIL, |c| {
        fn_of!(c.callbacks().get_session.clone(), GetSessionFnPtr)
    })
}

// ---- context settings ---------------------------------------------------------

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_session_id_context(
    ctx: *mut SslCtx,
    sid_ctx: *const c_uchar,
    sid_ctx_len: c_uint,
) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| {
        match sid_ctx_arg(sid_ctx, sid_ctx_len, FUNC) {
            Some(v) => {
                c.sessions.set_sid_ctx(v);
                1
            }
            None => 0,
        }
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_num_tickets(ctx: *mut SslCtx, num_tickets: usize) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| {
        c.update(|s| s.num_tickets = num_tickets);
        1
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_num_tickets(ctx: *const SslCtx) -> usize {
    handle::with(FUNC, ctx, FAIL, |c| c.settings().num_tickets)
}

/// The previous timeout. It applies to sessions made from now on and is
/// the lifetime hint of the tickets we issue.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_timeout(ctx: *mut SslCtx, t: c_long) -> c_long {
    handle::with(FUNC, ctx, FAIL, |c| {
        if c.settings().session_timeout == t {
            return t;
        }
        c.update(|s| std::mem::replace(&mut s.session_timeout, t)) as c_long
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_timeout(ctx: *const SslCtx) -> c_long {
    handle::with(FUNC, ctx, FAIL, |c| c.settings().session_timeout as c_long)
}

/// The session counters and cache size behind `SSL_CTX_sess_*` (for
/// `SSL_CTX_ctrl`): `None` when `cmd` is not one of them.
pub(super) fn ctx_ctrl(c: &SslCtx, cmd: c_int, larg: c_long) -> Option<c_long> {
    let st = &c.sessions.stats;
    let v = match cmd {
        SSL_CTRL_SESS_NUMBER => c.sessions.number() as i64,
        SSL_CTRL_SESS_CONNECT => st.connect.get(),
        SSL_CTRL_SESS_CONNECT_GOOD => st.connect_good.get(),
        SSL_CTRL_SESS_ACCEPT => st.accept.get(),
        SSL_CTRL_SESS_ACCEPT_GOOD => st.accept_good.get(),
        SSL_CTRL_SESS_HIT => st.hit.get(),
        SSL_CTRL_SESS_CB_HIT => st.cb_hit.get(),
        SSL_CTRL_SESS_MISSES => st.miss.get(),
        SSL_CTRL_SESS_TIMEOUTS => st.timeout.get(),
        SSL_CTRL_SESS_CACHE_FULL => st.cache_full.get(),
        // No renegotiation in rustls.
        SSL_CTRL_SESS_CONNECT_RENEGOTIATE | SSL_CTRL_SESS_ACCEPT_RENEGOTIATE => 0,
        SSL_CTRL_GET_SESS_CACHE_SIZE => c.sessions.max(),
        // OpenSSL refuses a negative size and returns the old one.
        SSL_CTRL_SET_SESS_CACHE_SIZE if larg < 0 => return Some(0),
        SSL_CTRL_SET_SESS_CACHE_SIZE => c.sessions.set_max(larg),
        _ => return None,
    };
    Some(v as c_long)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_add_session(ctx: *mut SslCtx, session: *mut SslSession) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| {
        let Some(s) = handle::clone_arc(session) else {
            handle::bad_arg(FUNC);
            return 0;
        };
        let (added, evicted) = c.sessions.add(&s);
        removed(c, &evicted);
        c_int::from(added)
    })
}

/// 1 if the session was cached. Either way it is no longer resumable and
/// `remove_session_cb` hears of it (OpenSSL's order).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_remove_session(ctx: *mut SslCtx, session: *mut SslSession) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| {
        let Some(s) = handle::clone_arc(session) else {
            handle::bad_arg(FUNC);
            return 0;
        };
        match c.sessions.remove(&s) {
            Some(found) => {
                removed(c, std::slice::from_ref(&s));
                c_int::from(found)
            }
            None => 0,
        }
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_flush_sessions(ctx: *mut SslCtx, tm: c_long) {
    handle::with(FUNC, ctx, FAIL, |c| {
        let gone = c.sessions.flush(tm);
        removed(c, &gone);
    })
}
