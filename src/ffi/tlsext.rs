//! ClientHello-time features (ssl.h/tls1.h): server name callback and
//! `SSL_set_SSL_CTX`, the client hello callback and its accessors, ALPN on
//! both sides, OCSP stapling. The server's callbacks run from the core's
//! driver (`ssl/driver.rs`) while the connection is unlocked, so they may
//! call any `SSL_*` function; `CHello` calls them.

#![allow(non_snake_case)]

use super::handle::{self};
use super::ssl::with_ssl;
use crate::abi::*;
use crate::callbacks::CFn;
use crate::ctx::SslCtx;
use crate::ssl::{HelloInvoker, Ssl};
use crate::ssl_err;
use sslshim_macros::entry;
use std::ffi::c_void;
use std::os::raw::{c_int, c_long, c_uchar, c_uint};
use std::ptr;
use std::sync::Arc;

/// `void (*)(void)`: what `SSL_CTX_callback_ctrl` takes, cast per command.
pub type GenericFn = Option<unsafe extern "C" fn()>;
type ServernameFn = unsafe extern "C" fn(*mut Ssl, *mut c_int, *mut c_void) -> c_int;
type StatusFn = unsafe extern "C" fn(*mut Ssl, *mut c_void) -> c_int;
type CertFn = unsafe extern "C" fn(*mut Ssl, *mut c_void) -> c_int;
/// `int (*)(SSL *ssl, void *arg)`, as `SSL_CTX_set_cert_cb` takes it.
pub type CertCbFn = Option<CertFn>;
pub type ClientHelloFn = Option<unsafe extern "C" fn(*mut Ssl, *mut c_int, *mut c_void) -> c_int>;
pub type AlpnSelectFn = Option<
    unsafe extern "C" fn(
        *mut Ssl,
        *mut *const c_uchar,
        *mut c_uchar,
        *const c_uchar,
        c_uint,
        *mut c_void,
    ) -> c_int,
>;

fn addr(f: GenericFn) -> usize {
    f.map_or(0, |f| f as usize)
}

// ---- server name, status callbacks: SSL_CTX_callback_ctrl / SSL_CTX_ctrl ----

#[entry(
    limitation = "server name, OCSP status and message callbacks; the temporary DH, not-resumable-session and SRP callbacks are accepted and never called (other commands return 0, as OpenSSL does for unknown ones); a client's status callback is called once the server's certificate passed (a negative answer sends handshake_failure where OpenSSL sends internal_error); the ticket key callback is accepted but not called (tickets use rustls's keys, shared by the processes forked from one context)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_callback_ctrl(ctx: *mut SslCtx, cmd: c_int, fp: GenericFn) -> c_long {
    handle::with(FUNC, ctx, FAIL, |c| match cmd {
        SSL_CTRL_SET_TLSEXT_SERVERNAME_CB => {
            c.update_callbacks(|cb| cb.servername.func = addr(fp));
            1
        }
        SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB => {
            c.update_callbacks(|cb| {
                cb.status.func = addr(fp);
                client_status(cb);
            });
            1
        }
        // SSL_CTX_set_tlsext_ticket_key_cb: its HMAC_CTX form.
        SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB => {
            i64::from(super::ticket_keys::set(c, addr(fp), true, FUNC)) as c_long
        }
        SSL_CTRL_SET_MSG_CALLBACK => {
            // SAFETY: the program passes OpenSSL's message callback type,
            // cast to `void (*)(void)`; same size and ABI as a pointer.
            let cb = unsafe { std::mem::transmute::<GenericFn, super::introspect::MsgFn>(fp) };
            super::introspect::SSL_CTX_set_msg_callback(ctx, cb);
            1
        }
        // Callbacks of hooks rustls does not have (temporary DH,
        // not-resumable session, SRP): accepted as OpenSSL accepts them,
        // never called.
        SSL_CTRL_SET_TMP_DH_CB
        | SSL_CTRL_SET_NOT_RESUMABLE_SESS_CB
        | SSL_CTRL_SET_TLS_EXT_SRP_USERNAME_CB
        | SSL_CTRL_SET_SRP_VERIFY_PARAM_CB
        | SSL_CTRL_SET_SRP_GIVE_CLIENT_PWD_CB => {
            log::debug!("{FUNC}({cmd}): accepted; rustls has no such hook");
            1
        }
        // OpenSSL answers 0 for a command it does not know.
        _ => 0,
    })
}

/// A client's status callback, called by its verifier (`verify::peer`).
#[derive(Debug)]
struct CStatus(CFn);

impl crate::callbacks::StatusCallback for CStatus {
    fn call(&self, ssl: usize) -> c_int {
        CHello.status(self.0, ssl)
    }
}

/// Keeps the verifier's callable copy of the status callback current.
fn client_status(cb: &mut crate::callbacks::CtxCallbacks) {
    cb.client_status = (cb.status.func != 0)
        .then(|| Arc::new(CStatus(cb.status)) as crate::callbacks::StatusCallbackRef);
}

/// The `SSL_CTX_ctrl` commands of this area; `None` for other commands.
pub(super) fn ctx_ctrl(c: &SslCtx, cmd: c_int, larg: c_long, parg: *mut c_void) -> Option<c_long> {
    Some(match cmd {
        SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG => {
            c.update_callbacks(|cb| cb.servername.arg = parg as usize);
            1
        }
        SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB_ARG => {
            c.update_callbacks(|cb| {
                cb.status.arg = parg as usize;
                client_status(cb);
            });
            1
        }
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB => {
            if !parg.is_null() {
                // SAFETY: the macro passes `int (**)(SSL *, void *)`, a slot
                // for a function pointer, which is pointer-sized.
                unsafe { *(parg as *mut usize) = c.callbacks().status.func };
            }
            1
        }
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB_ARG => {
            if !parg.is_null() {
                // SAFETY: the macro passes `void **`.
                unsafe { *(parg as *mut usize) = c.callbacks().status.arg };
            }
            1
        }
        SSL_CTRL_SET_TLSEXT_STATUS_REQ_TYPE => {
            c.update_callbacks(|cb| cb.status_type = Some(larg as i32));
            1
        }
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_TYPE => {
            c_long::from(c.callbacks().status_type.unwrap_or(-1))
        }
        _ => return None,
    })
}

/// The `SSL_ctrl` commands of this area; `None` for other commands.
pub(super) fn ssl_ctrl(
    c: &mut crate::ssl::Conn,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
) -> Option<c_long> {
    Some(match cmd {
        SSL_CTRL_SET_TLSEXT_STATUS_REQ_TYPE => {
            c.set_status_type(Some(larg as i32));
            1
        }
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_TYPE => c_long::from(c.status_type().unwrap_or(-1)),
        // Takes ownership of an OPENSSL_malloc'd buffer, as OpenSSL does.
        SSL_CTRL_SET_TLSEXT_STATUS_REQ_OCSP_RESP => {
            let resp = (!parg.is_null() && larg > 0).then(|| {
                // SAFETY: the caller passes `larg` readable bytes at `parg`.
                unsafe { std::slice::from_raw_parts(parg as *const u8, larg as usize) }.to_vec()
            });
            // SAFETY: OpenSSL's contract: `parg` is NULL or from OPENSSL_malloc.
            unsafe { super::mem::CRYPTO_free(parg, ptr::null(), 0) };
            c.set_ocsp_response(resp);
            1
        }
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_EXTS | SSL_CTRL_GET_TLSEXT_STATUS_REQ_IDS => {
            status_request_lists(parg)
        }
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_OCSP_RESP => {
            let resp = c.ocsp_response();
            if !parg.is_null() {
                let p = resp.map_or(ptr::null(), <[u8]>::as_ptr);
                // SAFETY: the macro passes `const unsigned char **`; the bytes
                // stay in the connection until it changes.
                unsafe { *(parg as *mut *const u8) = p };
            }
            resp.map_or(-1, |r| r.len() as c_long)
        }
        _ => return None,
    })
}

/// `SSL_get_tlsext_status_exts`/`_ids`: the client's status_request's
/// extensions and responder ids. rustls hands neither over, so both are
/// NULL, OpenSSL's answer for a request without any (the usual one). The
/// pointer is always written: mod_ssl reads it uninitialised otherwise.
pub(super) fn status_request_lists(parg: *mut c_void) -> c_long {
    if !parg.is_null() {
        // SAFETY: the macros pass a `STACK_OF(...) **`, checked non-NULL.
        unsafe { *(parg as *mut *mut c_void) = ptr::null_mut() };
    }
    1
}

// ---- SSL_set_SSL_CTX ----------------------------------------------------------

/// Switches the connection to `ctx` (the certificate and the callbacks it
/// reads from its context); NULL means the context it was created with is
/// kept. Returns the connection's context afterwards.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_SSL_CTX(ssl: *mut Ssl, ctx: *mut SslCtx) -> *mut SslCtx {
    with_ssl(FUNC, ssl, FAIL, |s| {
        let mut c = s.lock();
        if let Some(new) = handle::clone_arc(ctx) {
            c.switch_ctx(new);
        }
        handle::as_ptr(&c.ctx)
    })
}

// ---- client hello callback ------------------------------------------------------

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_client_hello_cb(
    ctx: *mut SslCtx,
    cb: ClientHelloFn,
    arg: *mut c_void,
) {
    handle::with(FUNC, ctx, FAIL, |c| {
        c.update_callbacks(|cbs| {
            cbs.client_hello = CFn {
                func: cb.map_or(0, |f| f as usize),
                arg: arg as usize,
            }
        })
    })
}

/// Runs `f` on the ClientHello being processed, or returns `err` outside
/// the client hello callback (OpenSSL's accessors are valid only there).
fn with_hello<R: Copy>(
    func: &'static str,
    ssl: *mut Ssl,
    err: R,
    f: impl FnOnce(&crate::ssl::ClientHelloInfo) -> R,
) -> R {
    with_ssl(func, ssl, err, |s| {
        let Some(h) = s.lock().client_hello() else {
            return err;
        };
        f(&h)
    })
}

/// Hands out a pointer into the ClientHello the connection keeps until its
/// handshake ends.
fn out_bytes(out: *mut *const c_uchar, bytes: &[u8]) -> usize {
    if !out.is_null() {
        // SAFETY: non-NULL out-parameter for a pointer.
        unsafe { *out = bytes.as_ptr() };
    }
    bytes.len()
}

/// rustls accepts only TLS 1.2+ ClientHellos, never SSLv2-format ones.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_client_hello_isv2(ssl: *mut Ssl) -> c_int {
    with_hello(FUNC, ssl, FAIL, |_| 0)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_client_hello_get0_legacy_version(ssl: *mut Ssl) -> c_uint {
    with_hello(FUNC, ssl, FAIL, |h| c_uint::from(h.legacy_version))
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_client_hello_get0_random(
    ssl: *mut Ssl,
    out: *mut *const c_uchar,
) -> usize {
    with_hello(FUNC, ssl, FAIL, |h| out_bytes(out, &h.random))
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_client_hello_get0_session_id(
    ssl: *mut Ssl,
    out: *mut *const c_uchar,
) -> usize {
    with_hello(FUNC, ssl, FAIL, |h| out_bytes(out, h.session_id()))
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_client_hello_get0_ciphers(
    ssl: *mut Ssl,
    out: *mut *const c_uchar,
) -> usize {
    with_hello(FUNC, ssl, FAIL, |h| out_bytes(out, h.ciphers()))
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_client_hello_get0_compression_methods(
    ssl: *mut Ssl,
    out: *mut *const c_uchar,
) -> usize {
    with_hello(FUNC, ssl, FAIL, |h| out_bytes(out, h.compression()))
}

/// The extension types in the order received, in an OPENSSL_malloc'd array
/// the caller frees.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_client_hello_get1_extensions_present(
    ssl: *mut Ssl,
    out: *mut *mut c_int,
    outlen: *mut usize,
) -> c_int {
    with_hello(FUNC, ssl, FAIL, |h| {
        if out.is_null() || outlen.is_null() {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, FUNC);
            return 0;
        }
        let n = h.extension_types().len();
        let mut arr: *mut c_int = ptr::null_mut();
        if n > 0 {
            // SAFETY: a plain allocation; the caller frees it with OPENSSL_free.
            arr = unsafe {
                super::mem::CRYPTO_malloc(n * std::mem::size_of::<c_int>(), ptr::null(), 0)
            } as *mut c_int;
            if arr.is_null() {
                return 0;
            }
            for (i, ty) in h.extension_types().enumerate() {
                // SAFETY: `arr` holds `n` ints; `i < n`.
                unsafe { *arr.add(i) = c_int::from(ty) };
            }
        }
        // SAFETY: both out-parameters checked non-NULL above.
        unsafe {
            *out = arr;
            *outlen = n;
        }
        1
    })
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_client_hello_get0_ext(
    ssl: *mut Ssl,
    ty: c_uint,
    out: *mut *const c_uchar,
    outlen: *mut usize,
) -> c_int {
    with_hello(FUNC, ssl, FAIL, |h| {
        let Some(body) = u16::try_from(ty).ok().and_then(|t| h.extension(t)) else {
            return 0;
        };
        let n = out_bytes(out, body);
        if !outlen.is_null() {
            // SAFETY: non-NULL out-parameter for the length.
            unsafe { *outlen = n };
        }
        1
    })
}

// ---- ALPN ---------------------------------------------------------------------

/// The wire-format list at `protos`, or `None` for a malformed one.
fn wire<'a>(protos: *const c_uchar, len: c_uint) -> Option<&'a [u8]> {
    if protos.is_null() || len == 0 {
        return Some(&[]);
    }
    // SAFETY: the caller passes `len` readable bytes at `protos`.
    let w = unsafe { std::slice::from_raw_parts(protos, len as usize) };
    crate::alpn::parse_wire(w).map(|_| w)
}

/// Note OpenSSL's inverted convention: 0 on success, 1 on failure.
#[entry(fail = 1)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_alpn_protos(
    ctx: *mut SslCtx,
    protos: *const c_uchar,
    len: c_uint,
) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| match wire(protos, len) {
        Some(w) => {
            c.update_callbacks(|cb| cb.alpn_protos = (!w.is_empty()).then(|| w.into()));
            0
        }
        None => {
            ssl_err!(ERR_R_PASSED_INVALID_ARGUMENT, FUNC);
            1
        }
    })
}

#[entry(fail = 1)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_alpn_protos(ssl: *mut Ssl, protos: *const c_uchar, len: c_uint) -> c_int {
    match wire(protos, len) {
        Some(w) => {
            let list = crate::alpn::parse_wire(w).unwrap_or_default();
            super::ssl::setter(
                FUNC,
                ssl,
                FAIL,
                |_| 0,
                move |c| {
                    c.set_alpn_protos(list);
                    0
                },
            )
        }
        None => {
            ssl_err!(ERR_R_PASSED_INVALID_ARGUMENT, FUNC);
            1
        }
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_alpn_select_cb(ctx: *mut SslCtx, cb: AlpnSelectFn, arg: *mut c_void) {
    handle::with(FUNC, ctx, FAIL, |c| {
        c.update_callbacks(|cbs| {
            cbs.alpn_select = CFn {
                func: cb.map_or(0, |f| f as usize),
                arg: arg as usize,
            }
        })
    })
}

/// The protocol negotiated (either side), pointing into the connection;
/// NULL/0 when none.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_get0_alpn_selected(
    ssl: *const Ssl,
    data: *mut *const c_uchar,
    len: *mut c_uint,
) {
    let write = |p: &[u8]| {
        if !data.is_null() {
            // SAFETY: non-NULL out-parameter; the bytes live in the
            // connection until it is cleared or freed.
            unsafe {
                *data = if p.is_empty() {
                    ptr::null()
                } else {
                    p.as_ptr()
                }
            };
        }
        if !len.is_null() {
            // SAFETY: non-NULL out-parameter.
            unsafe { *len = p.len() as c_uint };
        }
    };
    super::ssl::query(
        FUNC,
        ssl,
        FAIL,
        |f| write(f.alpn.as_deref().unwrap_or(&[])),
        |s| write(s.lock().alpn_selected().unwrap_or(&[])),
    )
}

#[entry(fail = OPENSSL_NPN_NO_OVERLAP)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_select_next_proto(
    out: *mut *mut c_uchar,
    outlen: *mut c_uchar,
    server: *const c_uchar,
    server_len: c_uint,
    client: *const c_uchar,
    client_len: c_uint,
) -> c_int {
    let slice = |p: *const c_uchar, n: c_uint| {
        if p.is_null() {
            &[][..]
        } else {
            // SAFETY: the caller passes `n` readable bytes at `p`.
            unsafe { std::slice::from_raw_parts(p, n as usize) }
        }
    };
    let (r, pick) = match crate::alpn::select_next_proto(
        slice(server, server_len),
        slice(client, client_len),
    ) {
        crate::alpn::NextProto::Negotiated(p) => (OPENSSL_NPN_NEGOTIATED, Some(p)),
        crate::alpn::NextProto::NoOverlap(p) => (OPENSSL_NPN_NO_OVERLAP, p),
    };
    let (p, n) = pick.map_or((ptr::null_mut(), 0), |p| {
        (p.as_ptr() as *mut c_uchar, p.len() as c_uchar)
    });
    if !out.is_null() {
        // SAFETY: non-NULL out-parameter; points into the caller's input.
        unsafe { *out = p };
    }
    if !outlen.is_null() {
        // SAFETY: non-NULL out-parameter.
        unsafe { *outlen = n };
    }
    r
}

// ---- calling the server's ClientHello callbacks --------------------------------

/// The ClientHello-time callbacks as C function pointers, for the core's
/// driver (`Ssl::drive`, which runs them unlocked in OpenSSL's order).
pub(super) struct CHello;

impl HelloInvoker for CHello {
    fn client_hello(&self, cb: CFn, ssl: usize, al: &mut c_int) -> c_int {
        // SAFETY: registered by SSL_CTX_set_client_hello_cb with this type.
        let f = unsafe { std::mem::transmute::<usize, ServernameFn>(cb.func) };
        // SAFETY: the application's callback, called as OpenSSL calls it.
        unsafe { f(ssl as *mut Ssl, al, cb.arg as *mut c_void) }
    }

    fn servername(&self, cb: CFn, ssl: usize, al: &mut c_int) -> c_int {
        // SAFETY: registered through SSL_CTRL_SET_TLSEXT_SERVERNAME_CB with
        // OpenSSL's `int (*)(SSL *, int *, void *)`.
        let f = unsafe { std::mem::transmute::<usize, ServernameFn>(cb.func) };
        // SAFETY: the application's callback, called as OpenSSL calls it.
        unsafe { f(ssl as *mut Ssl, al, cb.arg as *mut c_void) }
    }

    fn alpn_select(&self, cb: CFn, ssl: usize, offered: &[u8]) -> (c_int, Option<Vec<u8>>) {
        // SAFETY: registered by SSL_CTX_set_alpn_select_cb with this type.
        let f = unsafe {
            std::mem::transmute::<
                usize,
                unsafe extern "C" fn(
                    *mut Ssl,
                    *mut *const c_uchar,
                    *mut c_uchar,
                    *const c_uchar,
                    c_uint,
                    *mut c_void,
                ) -> c_int,
            >(cb.func)
        };
        let mut out: *const c_uchar = ptr::null();
        let mut outlen: c_uchar = 0;
        // SAFETY: the application's callback; `offered` outlives the call.
        let r = unsafe {
            f(
                ssl as *mut Ssl,
                &mut out,
                &mut outlen,
                offered.as_ptr(),
                offered.len() as c_uint,
                cb.arg as *mut c_void,
            )
        };
        let chosen = (!out.is_null() && outlen > 0).then(|| {
            // SAFETY: the callback points `out` at `outlen` bytes (in
            // `offered` or its own memory), valid until it returns to us.
            unsafe { std::slice::from_raw_parts(out, usize::from(outlen)) }.to_vec()
        });
        (r, chosen)
    }

    fn status(&self, cb: CFn, ssl: usize) -> c_int {
        // SAFETY: registered through SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB with
        // OpenSSL's `int (*)(SSL *, void *)`.
        let f = unsafe { std::mem::transmute::<usize, StatusFn>(cb.func) };
        // SAFETY: the application's callback, called as OpenSSL calls it.
        unsafe { f(ssl as *mut Ssl, cb.arg as *mut c_void) }
    }

    fn cert(&self, cb: CFn, ssl: usize) -> c_int {
        // SAFETY: registered by SSL_CTX_set_cert_cb with OpenSSL's
        // `int (*)(SSL *, void *)`.
        let f = unsafe { std::mem::transmute::<usize, CertFn>(cb.func) };
        // SAFETY: the application's callback, called as OpenSSL calls it.
        unsafe { f(ssl as *mut Ssl, cb.arg as *mut c_void) }
    }
}

/// `SSL_CTX_set_cert_cb`. A client does not call it (it would before
/// choosing a client certificate; `SSL_CTX_set_client_cert_cb` is called).
#[entry(
    limitation = "called by servers after the ClientHello (and again after a negative answer); clients do not call it"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_cert_cb(ctx: *mut SslCtx, cb: CertCbFn, arg: *mut c_void) {
    handle::with(FUNC, ctx, FAIL, |c| {
        c.update_callbacks(|cbs| {
            cbs.cert = CFn {
                func: cb.map_or(0, |f| f as usize),
                arg: arg as usize,
            }
        })
    })
}

/// `SSL_set_cert_cb`: the connection's certificate callback, called
/// instead of its context's (`SSL_set_SSL_CTX` goes back to the new
/// context's, as OpenSSL copies the context's `cert` then).
#[entry(
    limitation = "called by servers after the ClientHello (and again after a negative answer); clients do not call it"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_cert_cb(ssl: *mut Ssl, cb: CertCbFn, arg: *mut c_void) {
    let cb = CFn {
        func: cb.map_or(0, |f| f as usize),
        arg: arg as usize,
    };
    super::ssl::setter(FUNC, ssl, FAIL, |_| (), move |c| c.set_cert_callback(cb))
}

/// `SSL_callback_ctrl`: the commands OpenSSL's takes on a connection. The
/// message callback is `SSL_set_msg_callback`'s; the debug, temporary DH
/// and not-resumable callbacks are accepted and never called (rustls has
/// no such hooks); any other command returns 0 with nothing queued.
#[entry(
    limitation = "the TLS extension debug, temporary DH and not-resumable-session callbacks are accepted and never called"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_callback_ctrl(ssl: *mut Ssl, cmd: c_int, fp: GenericFn) -> c_long {
    handle::with(FUNC, ssl, FAIL, |_| match cmd {
        SSL_CTRL_SET_MSG_CALLBACK => {
            // SAFETY: the program passes OpenSSL's message callback type,
            // cast to `void (*)(void)`; same size and ABI as a pointer.
            let cb = unsafe { std::mem::transmute::<GenericFn, super::introspect::MsgFn>(fp) };
            super::introspect::SSL_set_msg_callback(ssl, cb);
            1
        }
        SSL_CTRL_SET_TLSEXT_DEBUG_CB
        | SSL_CTRL_SET_TMP_DH_CB
        | SSL_CTRL_SET_NOT_RESUMABLE_SESS_CB => {
            log::debug!("{FUNC}({cmd}): accepted; rustls has no such hook");
            1
        }
        _ => 0,
    })
}
