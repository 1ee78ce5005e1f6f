//! Features rustls does not have (ssl.h): PSK, SRP, SRTP, certificate
//! transparency, DANE, asynchronous jobs, NPN, record padding, OpenSSL's
//! security callback, DTLS cookies, maximum fragment length. Each function
//! answers as OpenSSL does when the feature is absent or unused: a query
//! returns OpenSSL's "none" and queues nothing; a setter of a callback that
//! would never be called is accepted; a setter that would switch on what
//! rustls cannot do fails with an error entry (docs/COVERAGE.md lists the
//! answer of each). tests/c/absent.c compares every one with OpenSSL.

use super::handle;
use super::objects::{CObjects, Flavour};
use crate::abi::*;
use crate::ctx::SslCtx;
use crate::session::SslSession;
use crate::ssl::Ssl;
use crate::ssl_err;
use crate::x509::{EvpPkey, X509};
use sslshim_macros::entry;
use std::ffi::c_void;
use std::os::raw::{c_char, c_int, c_uchar, c_uint, c_ulong};
use std::ptr;
use std::sync::atomic::Ordering::Relaxed;

/// libcrypto's certificate transparency policy context, opaque.
#[repr(C)]
pub struct CtPolicyEvalCtx {
    _opaque: [u8; 0],
}

/// `STACK_OF(SCT)`, opaque.
#[repr(C)]
pub struct StackSct {
    _opaque: [u8; 0],
}

/// libcrypto's CT log store, opaque (SCTs are not validated).
#[repr(C)]
pub struct CtlogStore {
    _opaque: [u8; 0],
}

/// `SSL_DANE`, opaque (DANE is never enabled).
#[repr(C)]
pub struct SslDane {
    _opaque: [u8; 0],
}

/// `LHASH_OF(SSL_SESSION)`, opaque (none is handed out).
#[repr(C)]
pub struct LhashSslSession {
    _opaque: [u8; 0],
}

/// OpenSSL's internal test hooks, opaque (none).
#[repr(C)]
pub struct SslTestFunctions {
    _opaque: [u8; 0],
}

/// libcrypto's ENGINE, opaque (no engine client certificates).
#[repr(C)]
pub struct Engine {
    _opaque: [u8; 0],
}

/// libcrypto's RSA key, opaque (read through libcrypto in the drop-in).
#[repr(C)]
pub struct Rsa {
    _opaque: [u8; 0],
}

/// libcrypto's big number, opaque (SRP's group values; none is ever set).
#[repr(C)]
pub struct Bignum {
    _opaque: [u8; 0],
}

/// `SRTP_PROTECTION_PROFILE`, opaque here (no profile is ever selected).
#[repr(C)]
pub struct SrtpProtectionProfile {
    _opaque: [u8; 0],
}

/// `STACK_OF(SRTP_PROTECTION_PROFILE)`, opaque.
#[repr(C)]
pub struct StackSrtpProtectionProfile {
    _opaque: [u8; 0],
}

/// A setter that would switch on a feature rustls lacks.
fn unsupported(func: &'static str) -> c_int {
    ssl_err!(ERR_R_UNSUPPORTED, func);
    0
}

/// OpenSSL's check of a PSK identity hint: at most PSK_MAX_IDENTITY_LEN.
fn psk_hint(hint: *const c_char, func: &'static str) -> c_int {
    match handle::c_cstr(hint) {
        Some(h) if h.to_bytes().len() > PSK_MAX_IDENTITY_LEN as usize => {
            ssl_err!(SSL_R_DATA_LENGTH_TOO_LONG, func);
            0
        }
        _ => 1,
    }
}

/// `SSL_CTX_set_tlsext_max_fragment_length`: a length asks the server to
/// write shorter records, which rustls cannot ask; accepted as OpenSSL
/// accepts it, the handshake is then the one OpenSSL's has with a server
/// that ignores the request (RFC 6066 lets it: records stay at 16 KiB).
/// Anything but DISABLED or a length is OpenSSL's invalid value.
#[allow(non_upper_case_globals)] // OpenSSL's constant names
fn max_fragment_length(mode: u8, func: &'static str) -> c_int {
    match c_int::from(mode) {
        TLSEXT_max_fragment_length_DISABLED => 1,
        TLSEXT_max_fragment_length_512..=TLSEXT_max_fragment_length_4096 => {
            log::debug!("{func}: accepted; the extension is not sent (rustls cannot ask for it)");
            1
        }
        _ => {
            ssl_err!(SSL_R_SSL3_EXT_INVALID_MAX_FRAGMENT_LENGTH, func);
            0
        }
    }
}

/// `SSL_CTX_set_block_padding`: OpenSSL accepts up to one record's plain
/// text; rustls pads nothing, so the value changes no record.
fn block_padding(block_size: usize) -> c_int {
    c_int::from(block_size <= 16384)
}

// ---- early data ------------------------------------------------------------

#[entry(absent = "SSL_EARLY_DATA_NOT_SENT")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_early_data_status(ssl: *const Ssl) -> c_int {
    handle::with(FUNC, ssl, SSL_EARLY_DATA_NOT_SENT, |_| {
        SSL_EARLY_DATA_NOT_SENT
    })
}

#[entry(absent = "the value set (16384 by default), kept, no early data accepted")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_recv_max_early_data(ctx: *const SslCtx) -> u32 {
    handle::with(FUNC, ctx, FAIL, |c| {
        c.inert.recv_max_early_data.load(Relaxed)
    })
}

/// Kept to be read back; no early data is accepted whatever it is (the
/// limit that would allow any, `SSL_CTX_set_max_early_data`, stays 0).
#[entry(absent = "kept to be read back (1); no early data is accepted")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_recv_max_early_data(ctx: *mut SslCtx, recv_max: u32) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| {
        c.inert.recv_max_early_data.store(recv_max, Relaxed);
        1
    })
}

#[entry(absent = "the value set (the context's at SSL_new)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_recv_max_early_data(ssl: *const Ssl) -> u32 {
    handle::with(FUNC, ssl, FAIL, |s| {
        s.inert.recv_max_early_data.load(Relaxed)
    })
}

#[entry(absent = "kept to be read back (1); no early data is accepted")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_recv_max_early_data(ssl: *mut Ssl, recv_max: u32) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        s.inert.recv_max_early_data.store(recv_max, Relaxed);
        1
    })
}

/// Never called: no early data is accepted.
#[entry(absent = "accepted, never called")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_allow_early_data_cb(
    ctx: *mut SslCtx,
    cb: Option<unsafe extern "C" fn(*mut Ssl, *mut c_void) -> c_int>,
    arg: *mut c_void,
) {
    let _ = (cb, arg);
    handle::with(FUNC, ctx, (), |_| ())
}

/// Never called: no early data is accepted.
#[entry(absent = "accepted, never called")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_allow_early_data_cb(
    ssl: *mut Ssl,
    cb: Option<unsafe extern "C" fn(*mut Ssl, *mut c_void) -> c_int>,
    arg: *mut c_void,
) {
    let _ = (cb, arg);
    handle::with(FUNC, ssl, (), |_| ())
}

// ---- certificate transparency ----------------------------------------------

#[entry(absent = "0")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_ct_is_enabled(ctx: *const SslCtx) -> c_int {
    handle::with(FUNC, ctx, FAIL, |_| 0)
}

#[entry(absent = "0")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_ct_is_enabled(ssl: *const Ssl) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| 0)
}

/// NULL (CT off) succeeds; a callback would turn CT validation on.
#[entry(limitation = "only NULL is accepted: rustls does not validate SCTs")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_ct_validation_callback(
    ctx: *mut SslCtx,
    cb: Option<unsafe extern "C" fn(*const CtPolicyEvalCtx, *const StackSct, *mut c_void) -> c_int>,
    arg: *mut c_void,
) -> c_int {
    let _ = arg;
    handle::with(FUNC, ctx, FAIL, |_| {
        if cb.is_none() { 1 } else { unsupported(FUNC) }
    })
}

#[entry(limitation = "only NULL is accepted: rustls does not validate SCTs")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_ct_validation_callback(
    ssl: *mut Ssl,
    cb: Option<unsafe extern "C" fn(*const CtPolicyEvalCtx, *const StackSct, *mut c_void) -> c_int>,
    arg: *mut c_void,
) -> c_int {
    let _ = arg;
    handle::with(FUNC, ssl, FAIL, |_| {
        if cb.is_none() { 1 } else { unsupported(FUNC) }
    })
}

#[entry(fails_cleanly = "rustls does not validate SCTs: 0 with ERR_R_UNSUPPORTED")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_enable_ct(ctx: *mut SslCtx, validation_mode: c_int) -> c_int {
    let _ = validation_mode;
    handle::with(FUNC, ctx, FAIL, |_| unsupported(FUNC))
}

#[entry(fails_cleanly = "rustls does not validate SCTs: 0 with ERR_R_UNSUPPORTED")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_enable_ct(ssl: *mut Ssl, validation_mode: c_int) -> c_int {
    let _ = validation_mode;
    handle::with(FUNC, ssl, FAIL, |_| unsupported(FUNC))
}

/// No SCTs are ever collected.
#[entry(absent = "NULL")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get0_peer_scts(ssl: *mut Ssl) -> *const StackSct {
    handle::with(FUNC, ssl, FAIL, |_| ptr::null())
}

// ---- NPN -------------------------------------------------------------------

/// NPN is not offered (rustls has ALPN only): the callback is never called,
/// as with a server that does not support NPN.
#[entry(absent = "accepted, never called (no NPN)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_next_proto_select_cb(
    ctx: *mut SslCtx,
    cb: Option<
        unsafe extern "C" fn(
            *mut Ssl,
            *mut *mut c_uchar,
            *mut c_uchar,
            *const c_uchar,
            c_uint,
            *mut c_void,
        ) -> c_int,
    >,
    arg: *mut c_void,
) {
    let _ = (cb, arg);
    handle::with(FUNC, ctx, (), |_| ())
}

/// NPN is not advertised: the callback is never called, as with a client
/// that does not offer NPN.
#[entry(absent = "accepted, never called (no NPN)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_next_protos_advertised_cb(
    ctx: *mut SslCtx,
    cb: Option<
        unsafe extern "C" fn(*mut Ssl, *mut *const c_uchar, *mut c_uint, *mut c_void) -> c_int,
    >,
    arg: *mut c_void,
) {
    let _ = (cb, arg);
    handle::with(FUNC, ctx, (), |_| ())
}

/// No protocol is ever negotiated by NPN: NULL and 0, as OpenSSL writes.
#[entry(absent = "writes NULL and 0")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_get0_next_proto_negotiated(
    ssl: *const Ssl,
    data: *mut *const c_uchar,
    len: *mut c_uint,
) {
    if !data.is_null() {
        // SAFETY: a non-NULL out-parameter of the caller.
        unsafe { *data = ptr::null() };
    }
    if !len.is_null() {
        // SAFETY: a non-NULL out-parameter of the caller.
        unsafe { *len = 0 };
    }
    handle::with(FUNC, ssl, (), |_| ())
}

// ---- PSK and SRP -----------------------------------------------------------

/// Never called: rustls has no external PSKs (the handshake goes on with
/// certificates, as with a peer that offers no PSK).
#[entry(absent = "accepted, never called (no PSK)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_psk_client_callback(
    ctx: *mut SslCtx,
    cb: Option<
        unsafe extern "C" fn(
            *mut Ssl,
            *const c_char,
            *mut c_char,
            c_uint,
            *mut c_uchar,
            c_uint,
        ) -> c_uint,
    >,
) {
    let _ = cb;
    handle::with(FUNC, ctx, (), |_| ())
}

/// Never called (no external PSKs).
#[entry(absent = "accepted, never called (no PSK)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_psk_client_callback(
    ssl: *mut Ssl,
    cb: Option<
        unsafe extern "C" fn(
            *mut Ssl,
            *const c_char,
            *mut c_char,
            c_uint,
            *mut c_uchar,
            c_uint,
        ) -> c_uint,
    >,
) {
    let _ = cb;
    handle::with(FUNC, ssl, (), |_| ())
}

/// Never called (no external PSKs).
#[entry(absent = "accepted, never called (no PSK)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_psk_server_callback(
    ctx: *mut SslCtx,
    cb: Option<unsafe extern "C" fn(*mut Ssl, *const c_char, *mut c_uchar, c_uint) -> c_uint>,
) {
    let _ = cb;
    handle::with(FUNC, ctx, (), |_| ())
}

/// Never called (no external PSKs).
#[entry(absent = "accepted, never called (no PSK)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_psk_server_callback(
    ssl: *mut Ssl,
    cb: Option<unsafe extern "C" fn(*mut Ssl, *const c_char, *mut c_uchar, c_uint) -> c_uint>,
) {
    let _ = cb;
    handle::with(FUNC, ssl, (), |_| ())
}

/// Never called (no external PSKs).
#[entry(absent = "accepted, never called (no PSK)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_psk_find_session_callback(
    ctx: *mut SslCtx,
    cb: Option<
        unsafe extern "C" fn(*mut Ssl, *const c_uchar, usize, *mut *mut SslSession) -> c_int,
    >,
) {
    let _ = cb;
    handle::with(FUNC, ctx, (), |_| ())
}

/// Never called (no external PSKs).
#[entry(absent = "accepted, never called (no PSK)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_psk_find_session_callback(
    ssl: *mut Ssl,
    cb: Option<
        unsafe extern "C" fn(*mut Ssl, *const c_uchar, usize, *mut *mut SslSession) -> c_int,
    >,
) {
    let _ = cb;
    handle::with(FUNC, ssl, (), |_| ())
}

/// Never called (no external PSKs).
#[entry(absent = "accepted, never called (no PSK)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_psk_use_session_callback(
    ctx: *mut SslCtx,
    cb: Option<
        unsafe extern "C" fn(
            *mut Ssl,
            *const super::cipher::EvpMd,
            *mut *const c_uchar,
            *mut usize,
            *mut *mut SslSession,
        ) -> c_int,
    >,
) {
    let _ = cb;
    handle::with(FUNC, ctx, (), |_| ())
}

/// Never called (no external PSKs).
#[entry(absent = "accepted, never called (no PSK)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_psk_use_session_callback(
    ssl: *mut Ssl,
    cb: Option<
        unsafe extern "C" fn(
            *mut Ssl,
            *const super::cipher::EvpMd,
            *mut *const c_uchar,
            *mut usize,
            *mut *mut SslSession,
        ) -> c_int,
    >,
) {
    let _ = cb;
    handle::with(FUNC, ssl, (), |_| ())
}

/// Accepted as OpenSSL accepts it (an over-long hint fails); never sent,
/// since no PSK suite is ever negotiated.
#[entry(absent = "1 (an over-long hint: 0, SSL_R_DATA_LENGTH_TOO_LONG), never sent")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_use_psk_identity_hint(ctx: *mut SslCtx, hint: *const c_char) -> c_int {
    handle::with(FUNC, ctx, FAIL, |_| psk_hint(hint, FUNC))
}

/// As `SSL_CTX_use_psk_identity_hint`.
#[entry(absent = "1 (an over-long hint: 0, SSL_R_DATA_LENGTH_TOO_LONG), never sent")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_use_psk_identity_hint(ssl: *mut Ssl, hint: *const c_char) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| psk_hint(hint, FUNC))
}

#[entry(absent = "NULL")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_psk_identity(ssl: *const Ssl) -> *const c_char {
    handle::with(FUNC, ssl, FAIL, |_| ptr::null())
}

#[entry(absent = "NULL")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_psk_identity_hint(ssl: *const Ssl) -> *const c_char {
    handle::with(FUNC, ssl, FAIL, |_| ptr::null())
}

/// The user name the context had at `SSL_new` (`SSL_CTX_set_srp_username`).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_srp_username(ssl: *mut Ssl) -> *mut c_char {
    handle::with(FUNC, ssl, FAIL, |s| {
        s.inert
            .with_srp_username(|n| n.map_or(ptr::null_mut(), |n| n.as_ptr().cast_mut()))
    })
}

#[entry(absent = "NULL")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_srp_userinfo(ssl: *mut Ssl) -> *mut c_char {
    handle::with(FUNC, ssl, FAIL, |_| ptr::null_mut())
}

// ---- SRTP and DANE ---------------------------------------------------------

#[entry(absent = "NULL")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_srtp_profiles(ssl: *mut Ssl) -> *mut StackSrtpProtectionProfile {
    handle::with(FUNC, ssl, FAIL, |_| ptr::null_mut())
}

#[entry(absent = "NULL")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_selected_srtp_profile(ssl: *mut Ssl) -> *mut SrtpProtectionProfile {
    handle::with(FUNC, ssl, FAIL, |_| ptr::null_mut())
}

/// DANE is never enabled: -1, the out-parameters untouched, as OpenSSL.
#[entry(fail = -1, absent = "-1, out-parameters untouched (DANE never enabled)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get0_dane_authority(
    ssl: *mut Ssl,
    mcert: *mut *mut X509,
    mspki: *mut *mut EvpPkey,
) -> c_int {
    let _ = (mcert, mspki);
    handle::with(FUNC, ssl, FAIL, |_| -1)
}

// ---- asynchronous jobs -----------------------------------------------------

#[entry(absent = "0")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_waiting_for_async(ssl: *mut Ssl) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| 0)
}

/// No job, no wait context: 0 and nothing written, as OpenSSL.
#[entry(absent = "0, nothing written")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_all_async_fds(
    ssl: *mut Ssl,
    fds: *mut c_int,
    numfds: *mut usize,
) -> c_int {
    let _ = (fds, numfds);
    handle::with(FUNC, ssl, FAIL, |_| 0)
}

/// No job, no wait context: 0 and nothing written, as OpenSSL.
#[entry(absent = "0, nothing written")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_changed_async_fds(
    ssl: *mut Ssl,
    addfd: *mut c_int,
    numaddfds: *mut usize,
    delfd: *mut c_int,
    numdelfds: *mut usize,
) -> c_int {
    let _ = (addfd, numaddfds, delfd, numdelfds);
    handle::with(FUNC, ssl, FAIL, |_| 0)
}

/// No job: 0 and nothing written, as OpenSSL.
#[entry(absent = "0, nothing written")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_async_status(ssl: *mut Ssl, status: *mut c_int) -> c_int {
    let _ = status;
    handle::with(FUNC, ssl, FAIL, |_| 0)
}

/// Never called: no operation runs as an async job.
#[entry(absent = "1, never called")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_async_callback(
    ctx: *mut SslCtx,
    cb: Option<unsafe extern "C" fn(*mut Ssl, *mut c_void) -> c_int>,
) -> c_int {
    let _ = cb;
    handle::with(FUNC, ctx, FAIL, |_| 1)
}

#[entry(absent = "1")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_async_callback_arg(ctx: *mut SslCtx, arg: *mut c_void) -> c_int {
    let _ = arg;
    handle::with(FUNC, ctx, FAIL, |_| 1)
}

/// Never called: no operation runs as an async job.
#[entry(absent = "1, never called")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_async_callback(
    ssl: *mut Ssl,
    cb: Option<unsafe extern "C" fn(*mut Ssl, *mut c_void) -> c_int>,
) -> c_int {
    let _ = cb;
    handle::with(FUNC, ssl, FAIL, |_| 1)
}

#[entry(absent = "1")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_async_callback_arg(ssl: *mut Ssl, arg: *mut c_void) -> c_int {
    let _ = arg;
    handle::with(FUNC, ssl, FAIL, |_| 1)
}

// ---- OpenSSL's security callback -------------------------------------------

/// Kept to be read back, never called: rustls's own policy decides which
/// keys, groups and signatures are strong enough.
#[entry(limitation = "kept to be read back but never called; rustls's policy decides")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_security_callback(
    ctx: *mut SslCtx,
    cb: Option<
        unsafe extern "C" fn(
            *const Ssl,
            *const SslCtx,
            c_int,
            c_int,
            c_int,
            *mut c_void,
            *mut c_void,
        ) -> c_int,
    >,
) {
    handle::with(FUNC, ctx, (), |c| {
        c.inert
            .security_cb
            .store(cb.map_or(0, |f| f as usize), Relaxed)
    })
}

#[entry(limitation = "kept to be read back but never called; rustls's policy decides")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_security_callback(
    ssl: *mut Ssl,
    cb: Option<
        unsafe extern "C" fn(
            *const Ssl,
            *const SslCtx,
            c_int,
            c_int,
            c_int,
            *mut c_void,
            *mut c_void,
        ) -> c_int,
    >,
) {
    handle::with(FUNC, ssl, (), |s| {
        s.inert
            .security_cb
            .store(cb.map_or(0, |f| f as usize), Relaxed)
    })
}

fn security_cb(
    addr: usize,
) -> Option<
    unsafe extern "C" fn(
        *const Ssl,
        *const SslCtx,
        c_int,
        c_int,
        c_int,
        *mut c_void,
        *mut c_void,
    ) -> c_int,
> {
    // SAFETY: every non-zero value stored was a `SecurityCb` function's
    // address (the setters above), turned back into the same type.
    (addr != 0).then(|| unsafe {
        std::mem::transmute::<
            usize,
            unsafe extern "C" fn(
                *const Ssl,
                *const SslCtx,
                c_int,
                c_int,
                c_int,
                *mut c_void,
                *mut c_void,
            ) -> c_int,
        >(addr)
    })
}

/// The callback set, or NULL (OpenSSL's default callback is internal).
#[entry(absent = "the callback set, else NULL")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_security_callback(
    ctx: *const SslCtx,
) -> Option<
    unsafe extern "C" fn(
        *const Ssl,
        *const SslCtx,
        c_int,
        c_int,
        c_int,
        *mut c_void,
        *mut c_void,
    ) -> c_int,
> {
    handle::with(FUNC, ctx, FAIL, |c| {
        security_cb(c.inert.security_cb.load(Relaxed))
    })
}

#[entry(absent = "the callback set, else NULL")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_security_callback(
    ssl: *const Ssl,
) -> Option<
    unsafe extern "C" fn(
        *const Ssl,
        *const SslCtx,
        c_int,
        c_int,
        c_int,
        *mut c_void,
        *mut c_void,
    ) -> c_int,
> {
    handle::with(FUNC, ssl, FAIL, |s| {
        security_cb(s.inert.security_cb.load(Relaxed))
    })
}

#[entry(absent = "kept to be read back")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set0_security_ex_data(ctx: *mut SslCtx, ex: *mut c_void) {
    handle::with(FUNC, ctx, (), |c| {
        c.inert.security_ex_data.store(ex as usize, Relaxed)
    })
}

#[entry(absent = "the value set, else NULL")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get0_security_ex_data(ctx: *const SslCtx) -> *mut c_void {
    handle::with(FUNC, ctx, FAIL, |c| {
        c.inert.security_ex_data.load(Relaxed) as *mut c_void
    })
}

#[entry(absent = "kept to be read back")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set0_security_ex_data(ssl: *mut Ssl, ex: *mut c_void) {
    handle::with(FUNC, ssl, (), |s| {
        s.inert.security_ex_data.store(ex as usize, Relaxed)
    })
}

#[entry(absent = "the value set, else NULL")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get0_security_ex_data(ssl: *const Ssl) -> *mut c_void {
    handle::with(FUNC, ssl, FAIL, |s| {
        s.inert.security_ex_data.load(Relaxed) as *mut c_void
    })
}

// ---- record padding and buffers --------------------------------------------

/// Never called: rustls pads no records (padding only hides lengths).
#[entry(limitation = "never called: rustls pads no records")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_record_padding_callback(
    ctx: *mut SslCtx,
    cb: Option<unsafe extern "C" fn(*mut Ssl, c_int, usize, *mut c_void) -> usize>,
) {
    let _ = cb;
    handle::with(FUNC, ctx, (), |_| ())
}

#[entry(limitation = "never called: rustls pads no records")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_record_padding_callback(
    ssl: *mut Ssl,
    cb: Option<unsafe extern "C" fn(*mut Ssl, c_int, usize, *mut c_void) -> usize>,
) -> c_int {
    let _ = cb;
    handle::with(FUNC, ssl, FAIL, |_| 1)
}

#[entry(absent = "kept to be read back")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_record_padding_callback_arg(ctx: *mut SslCtx, arg: *mut c_void) {
    handle::with(FUNC, ctx, (), |c| {
        c.inert.record_padding_arg.store(arg as usize, Relaxed)
    })
}

#[entry(absent = "the value set, else NULL")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_record_padding_callback_arg(ctx: *const SslCtx) -> *mut c_void {
    handle::with(FUNC, ctx, FAIL, |c| {
        c.inert.record_padding_arg.load(Relaxed) as *mut c_void
    })
}

#[entry(absent = "kept to be read back")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_record_padding_callback_arg(ssl: *mut Ssl, arg: *mut c_void) {
    handle::with(FUNC, ssl, (), |s| {
        s.inert.record_padding_arg.store(arg as usize, Relaxed)
    })
}

#[entry(absent = "the value set, else NULL")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_record_padding_callback_arg(ssl: *const Ssl) -> *mut c_void {
    handle::with(FUNC, ssl, FAIL, |s| {
        s.inert.record_padding_arg.load(Relaxed) as *mut c_void
    })
}

#[entry(limitation = "accepted as OpenSSL accepts it, but rustls pads no records")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_block_padding(ctx: *mut SslCtx, block_size: usize) -> c_int {
    handle::with(FUNC, ctx, FAIL, |_| block_padding(block_size))
}

#[entry(limitation = "accepted as OpenSSL accepts it, but rustls pads no records")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_block_padding(ssl: *mut Ssl, block_size: usize) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| block_padding(block_size))
}

/// rustls sizes its own buffers.
#[entry(absent = "accepted, nothing done (rustls sizes its buffers)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_default_read_buffer_len(ctx: *mut SslCtx, len: usize) {
    let _ = len;
    handle::with(FUNC, ctx, (), |_| ())
}

/// rustls sizes its own buffers.
#[entry(absent = "accepted, nothing done (rustls sizes its buffers)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_default_read_buffer_len(ssl: *mut Ssl, len: usize) {
    let _ = len;
    handle::with(FUNC, ssl, (), |_| ())
}

/// rustls allocates and frees its own buffers: success, nothing to do.
#[entry(absent = "1, nothing done")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_alloc_buffers(ssl: *mut Ssl) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| 1)
}

/// rustls allocates and frees its own buffers: success, nothing to do.
#[entry(absent = "1, nothing done")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_free_buffers(ssl: *mut Ssl) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| 1)
}

// ---- session ids and tickets ------------------------------------------------

/// Never called: whether a session may be resumed is rustls's decision.
#[entry(absent = "accepted, never called")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_not_resumable_session_callback(
    ctx: *mut SslCtx,
    cb: Option<unsafe extern "C" fn(*mut Ssl, c_int) -> c_int>,
) {
    let _ = cb;
    handle::with(FUNC, ctx, (), |_| ())
}

/// Never called: whether a session may be resumed is rustls's decision.
#[entry(absent = "accepted, never called")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_not_resumable_session_callback(
    ssl: *mut Ssl,
    cb: Option<unsafe extern "C" fn(*mut Ssl, c_int) -> c_int>,
) {
    let _ = cb;
    handle::with(FUNC, ssl, (), |_| ())
}

#[entry(limitation = "accepted but never called: session ids are random, made by rustls")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_generate_session_id(
    ctx: *mut SslCtx,
    cb: Option<unsafe extern "C" fn(*mut Ssl, *mut c_uchar, *mut c_uint) -> c_int>,
) -> c_int {
    let _ = cb;
    handle::with(FUNC, ctx, FAIL, |_| 1)
}

#[entry(limitation = "accepted but never called: session ids are random, made by rustls")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_generate_session_id(
    ssl: *mut Ssl,
    cb: Option<unsafe extern "C" fn(*mut Ssl, *mut c_uchar, *mut c_uint) -> c_int>,
) -> c_int {
    let _ = cb;
    handle::with(FUNC, ssl, FAIL, |_| 1)
}

#[entry(
    limitation = "accepted but never called: rustls's tickets carry no application data (SSL_SESSION_set1_ticket_appdata stays in the process)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_session_ticket_cb(
    ctx: *mut SslCtx,
    gen_cb: Option<unsafe extern "C" fn(*mut Ssl, *mut c_void) -> c_int>,
    dec_cb: Option<
        unsafe extern "C" fn(
            *mut Ssl,
            *mut SslSession,
            *const c_uchar,
            usize,
            c_int,
            *mut c_void,
        ) -> c_int,
    >,
    arg: *mut c_void,
) -> c_int {
    let _ = (gen_cb, dec_cb, arg);
    handle::with(FUNC, ctx, FAIL, |_| 1)
}

// ---- DTLS and stateless cookies --------------------------------------------

/// Never called: cookies belong to DTLS and to OpenSSL's `SSL_stateless`.
#[entry(absent = "accepted, never called (no SSL_stateless)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_stateless_cookie_generate_cb(
    ctx: *mut SslCtx,
    cb: Option<unsafe extern "C" fn(*mut Ssl, *mut c_uchar, *mut usize) -> c_int>,
) {
    let _ = cb;
    handle::with(FUNC, ctx, (), |_| ())
}

/// Never called (see `SSL_CTX_set_stateless_cookie_generate_cb`).
#[entry(absent = "accepted, never called (no SSL_stateless)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_stateless_cookie_verify_cb(
    ctx: *mut SslCtx,
    cb: Option<unsafe extern "C" fn(*mut Ssl, *const c_uchar, usize) -> c_int>,
) {
    let _ = cb;
    handle::with(FUNC, ctx, (), |_| ())
}

/// Never called: DTLS only.
#[entry(absent = "accepted, never called (no DTLS)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_cookie_generate_cb(
    ctx: *mut SslCtx,
    cb: Option<unsafe extern "C" fn(*mut Ssl, *mut c_uchar, *mut c_uint) -> c_int>,
) {
    let _ = cb;
    handle::with(FUNC, ctx, (), |_| ())
}

/// Never called: DTLS only.
#[entry(absent = "accepted, never called (no DTLS)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_cookie_verify_cb(
    ctx: *mut SslCtx,
    cb: Option<unsafe extern "C" fn(*mut Ssl, *const c_uchar, c_uint) -> c_int>,
) {
    let _ = cb;
    handle::with(FUNC, ctx, (), |_| ())
}

/// 1 for a connection of a DTLS method's context (ffi/dtls.rs), as
/// OpenSSL; it cannot handshake.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_is_dtls(ssl: *const Ssl) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        let ctx = handle::borrow(s.ctx_addr() as *const SslCtx);
        c_int::from(ctx.is_some_and(|c| c.method().is_dtls()))
    })
}

// ---- maximum fragment length -----------------------------------------------

#[entry(
    limitation = "a length is accepted and not sent (rustls cannot ask the peer for it): the peer writes records of up to 16 KiB, as a server that ignores the request does"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_tlsext_max_fragment_length(ctx: *mut SslCtx, mode: u8) -> c_int {
    handle::with(FUNC, ctx, FAIL, |_| max_fragment_length(mode, FUNC))
}

#[entry(
    limitation = "a length is accepted and not sent (rustls cannot ask the peer for it): the peer writes records of up to 16 KiB, as a server that ignores the request does"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_tlsext_max_fragment_length(ssl: *mut Ssl, mode: u8) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| max_fragment_length(mode, FUNC))
}

// ---- no-ops ----------------------------------------------------------------

/// OpenSSL 3.0 ignores it too (deprecated since 1.1.0).
#[entry(absent = "nothing (OpenSSL 3.0 ignores it too)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_debug(ssl: *mut Ssl, debug: c_int) {
    let _ = debug;
    handle::with(FUNC, ssl, (), |_| ())
}

/// The "ssl_conf" configuration module: OpenSSL's config files are not
/// read, so there is nothing to register.
#[entry(absent = "nothing (OpenSSL config files are not read)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_add_ssl_module() {}

// ---- DANE --------------------------------------------------------------------

#[entry(fails_cleanly = "rustls has no DANE verification: 0 with ERR_R_UNSUPPORTED")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_dane_enable(ctx: *mut SslCtx) -> c_int {
    handle::with(FUNC, ctx, FAIL, |_| unsupported(FUNC))
}

#[entry(fails_cleanly = "rustls has no DANE verification: 0 with ERR_R_UNSUPPORTED")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_dane_enable(ssl: *mut Ssl, basedomain: *const c_char) -> c_int {
    let _ = basedomain;
    handle::with(FUNC, ssl, FAIL, |_| unsupported(FUNC))
}

/// DANE is never enabled, so no TLSA record is added: -1 and
/// `SSL_R_DANE_NOT_ENABLED`, as OpenSSL before `SSL_dane_enable`.
#[entry(fail = -1, absent = "-1 with SSL_R_DANE_NOT_ENABLED")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_dane_tlsa_add(
    ssl: *mut Ssl,
    usage: u8,
    selector: u8,
    mtype: u8,
    data: *const c_uchar,
    dlen: usize,
) -> c_int {
    let _ = (usage, selector, mtype, data, dlen);
    handle::with(FUNC, ssl, FAIL, |_| {
        ssl_err!(SSL_R_DANE_NOT_ENABLED, FUNC);
        -1
    })
}

// ---- the certificate_authorities list ----------------------------------------

/// The CA names the peer sent: a client's are those of the server's
/// certificate request (`SSL_get_client_CA_list`); a server receives none
/// (rustls does not report a client's certificate_authorities).
#[entry(absent = "a client: the CA names of the certificate request; a server: NULL")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get0_peer_CA_list(ssl: *const Ssl) -> *const super::x509::StackX509Name {
    let Some(s) = handle::borrow(ssl) else {
        handle::bad_arg(FUNC);
        return FAIL;
    };
    if s.locked_here() || s.lock().is_server() {
        return ptr::null();
    }
    super::client_ca::SSL_get_client_CA_list(ssl).cast_const()
}

// ---- the session cache ---------------------------------------------------------

/// Whether the context's cache holds a session with this id for the
/// connection's session id context, as OpenSSL looks it up.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_has_matching_session_id(
    ssl: *const Ssl,
    id: *const c_uchar,
    id_len: c_uint,
) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        if id.is_null() || id_len as usize > crate::session::MAX_ID {
            return 0;
        }
        // SAFETY: non-NULL; the caller promises `id_len` readable bytes.
        let id = unsafe { std::slice::from_raw_parts(id, id_len as usize) };
        let (ctx, sid_ctx) = {
            let c = s.lock();
            (c.ctx.clone(), c.sessions().sid_ctx().to_vec())
        };
        let found = ctx.sessions.get(id);
        c_int::from(found.is_some_and(|f| f.meta().sid_ctx.as_slice() == sid_ctx.as_slice()))
    })
}

// ---- SRP (never negotiated) ------------------------------------------------

/// Nothing to set up: SRP is never negotiated.
#[entry(absent = "1")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_SRP_CTX_init(ctx: *mut SslCtx) -> c_int {
    handle::with(FUNC, ctx, FAIL, |_| 1)
}

#[entry(absent = "1")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_SRP_CTX_free(ctx: *mut SslCtx) -> c_int {
    handle::with(FUNC, ctx, FAIL, |_| 1)
}

#[entry(absent = "1")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SRP_CTX_init(ssl: *mut Ssl) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| 1)
}

#[entry(absent = "1")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SRP_CTX_free(ssl: *mut Ssl) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| 1)
}

/// Accepted; no SRP group is ever used.
#[entry(absent = "1, never used")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_srp_strength(ctx: *mut SslCtx, strength: c_int) -> c_int {
    let _ = strength;
    handle::with(FUNC, ctx, FAIL, |_| 1)
}

#[entry(absent = "1, never used")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_srp_cb_arg(ctx: *mut SslCtx, arg: *mut c_void) -> c_int {
    let _ = arg;
    handle::with(FUNC, ctx, FAIL, |_| 1)
}

/// Never called: no client offers SRP to a rustls server.
#[entry(absent = "1, never called")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_srp_username_callback(
    ctx: *mut SslCtx,
    cb: Option<unsafe extern "C" fn(*mut Ssl, *mut c_int, *mut c_void) -> c_int>,
) -> c_int {
    let _ = cb;
    handle::with(FUNC, ctx, FAIL, |_| 1)
}

/// Never called: SRP is never negotiated.
#[entry(absent = "1, never called")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_srp_verify_param_callback(
    ctx: *mut SslCtx,
    cb: Option<unsafe extern "C" fn(*mut Ssl, *mut c_void) -> c_int>,
) -> c_int {
    let _ = cb;
    handle::with(FUNC, ctx, FAIL, |_| 1)
}

/// Never called: SRP is never negotiated.
#[entry(absent = "1, never called")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_srp_client_pwd_callback(
    ctx: *mut SslCtx,
    cb: Option<unsafe extern "C" fn(*mut Ssl, *mut c_void) -> *mut c_char>,
) -> c_int {
    let _ = cb;
    handle::with(FUNC, ctx, FAIL, |_| 1)
}

#[entry(absent = "NULL")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_srp_N(ssl: *mut Ssl) -> *mut Bignum {
    handle::with(FUNC, ssl, FAIL, |_| ptr::null_mut())
}

#[entry(absent = "NULL")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_srp_g(ssl: *mut Ssl) -> *mut Bignum {
    handle::with(FUNC, ssl, FAIL, |_| ptr::null_mut())
}

// ---- DANE settings (kept; DANE is never enabled) ------------------------------

fn set_flags(flags: &std::sync::atomic::AtomicU64, set: c_ulong) -> c_ulong {
    flags.fetch_or(set, Relaxed)
}

fn clear_flags(flags: &std::sync::atomic::AtomicU64, clear: c_ulong) -> c_ulong {
    flags.fetch_and(!clear, Relaxed)
}

/// The flags before, as OpenSSL; kept, though DANE is never enabled.
#[entry(absent = "the flags before; kept, DANE never enabled")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_dane_set_flags(ctx: *mut SslCtx, flags: c_ulong) -> c_ulong {
    handle::with(FUNC, ctx, FAIL, |c| set_flags(&c.inert.dane_flags, flags))
}

#[entry(absent = "the flags before; kept, DANE never enabled")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_dane_clear_flags(ctx: *mut SslCtx, flags: c_ulong) -> c_ulong {
    handle::with(FUNC, ctx, FAIL, |c| clear_flags(&c.inert.dane_flags, flags))
}

#[entry(absent = "the flags before; kept, DANE never enabled")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_dane_set_flags(ssl: *mut Ssl, flags: c_ulong) -> c_ulong {
    handle::with(FUNC, ssl, FAIL, |s| set_flags(&s.inert.dane_flags, flags))
}

#[entry(absent = "the flags before; kept, DANE never enabled")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_dane_clear_flags(ssl: *mut Ssl, flags: c_ulong) -> c_ulong {
    handle::with(FUNC, ssl, FAIL, |s| clear_flags(&s.inert.dane_flags, flags))
}

/// OpenSSL's argument check (a digest for Full(0) is refused); accepted
/// otherwise, and never used.
#[entry(absent = "OpenSSL's argument check, else 1; never used")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_dane_mtype_set(
    ctx: *mut SslCtx,
    md: *const super::cipher::EvpMd,
    mtype: u8,
    ord: u8,
) -> c_int {
    let _ = ord;
    handle::with(FUNC, ctx, FAIL, |_| {
        if mtype == 0 && !md.is_null() {
            ssl_err!(SSL_R_DANE_CANNOT_OVERRIDE_MTYPE_FULL, FUNC);
            return 0;
        }
        1
    })
}

/// DANE is never enabled: -1, the out-parameters untouched, as OpenSSL.
#[entry(fail = -1, absent = "-1, out-parameters untouched (DANE never enabled)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get0_dane_tlsa(
    ssl: *mut Ssl,
    usage: *mut u8,
    selector: *mut u8,
    mtype: *mut u8,
    data: *mut *const c_uchar,
    dlen: *mut usize,
) -> c_int {
    let _ = (usage, selector, mtype, data, dlen);
    handle::with(FUNC, ssl, FAIL, |_| -1)
}

// ---- custom extensions, EAP-FAST, CT logs --------------------------------------

/// No custom extension can be added, so none is registered.
#[entry(absent = "0 (no custom extension can be added)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_has_client_custom_ext(ctx: *const SslCtx, ext_type: c_uint) -> c_int {
    let _ = ext_type;
    handle::with(FUNC, ctx, FAIL, |_| 0)
}

/// Never called: rustls sends no session ticket extension data of the
/// program's (EAP-FAST).
#[entry(absent = "1, never called (no EAP-FAST)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_session_ticket_ext_cb(
    ssl: *mut Ssl,
    cb: Option<unsafe extern "C" fn(*mut Ssl, *const c_uchar, c_int, *mut c_void) -> c_int>,
    arg: *mut c_void,
) -> c_int {
    let _ = (cb, arg);
    handle::with(FUNC, ssl, FAIL, |_| 1)
}

/// NULL (the default) succeeds; a callback would set the master secret
/// (EAP-FAST), which rustls cannot take.
#[entry(limitation = "only NULL is accepted: rustls cannot take a master secret from the program")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_session_secret_cb(
    ssl: *mut Ssl,
    cb: Option<
        unsafe extern "C" fn(
            *mut Ssl,
            *mut c_void,
            *mut c_int,
            *mut super::introspect::StackSslCipher,
            *mut *const crate::cipher::SslCipher,
            *mut c_void,
        ) -> c_int,
    >,
    arg: *mut c_void,
) -> c_int {
    let _ = arg;
    handle::with(FUNC, ssl, FAIL, |_| {
        if cb.is_none() { 1 } else { unsupported(FUNC) }
    })
}

/// Accepted: the log list is only used to validate SCTs, which rustls
/// does not do.
#[entry(absent = "1, nothing loaded (SCTs are not validated)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_default_ctlog_list_file(ctx: *mut SslCtx) -> c_int {
    handle::with(FUNC, ctx, FAIL, |_| 1)
}

/// Accepted (see `SSL_CTX_set_default_ctlog_list_file`).
#[entry(absent = "1, nothing loaded (SCTs are not validated)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_ctlog_list_file(ctx: *mut SslCtx, path: *const c_char) -> c_int {
    let _ = path;
    handle::with(FUNC, ctx, FAIL, |_| 1)
}

/// No CT log store: SCTs are never validated.
#[entry(absent = "NULL (SCTs are not validated)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get0_ctlog_store(ctx: *const SslCtx) -> *const CtlogStore {
    handle::with(FUNC, ctx, FAIL, |_| ptr::null())
}

/// Takes the store (set0) and frees it: SCTs are never validated.
#[entry(absent = "the store taken and freed (SCTs are not validated)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set0_ctlog_store(ctx: *mut SslCtx, logs: *mut CtlogStore) {
    handle::with(FUNC, ctx, (), |_| Flavour::ctlog_store_release(logs.cast()))
}

/// No OpenSSL session hash table: rustls and `session::cache` keep the
/// sessions; `lh_SSL_SESSION_num_items(NULL)` is 0.
#[entry(absent = "NULL (the cache is not an OpenSSL LHASH)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_sessions(ctx: *mut SslCtx) -> *mut LhashSslSession {
    handle::with(FUNC, ctx, FAIL, |_| ptr::null_mut())
}

/// No DANE state (DANE is never enabled).
#[entry(absent = "NULL (DANE is never enabled)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get0_dane(ssl: *mut Ssl) -> *mut SslDane {
    handle::with(FUNC, ssl, FAIL, |_| ptr::null_mut())
}

/// OpenSSL's internal test hooks: none.
#[entry(absent = "NULL")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_test_functions() -> *const SslTestFunctions {
    ptr::null()
}

// ---- verification purpose and trust ---------------------------------------------

/// OpenSSL's check of the purpose id; the verification itself checks the
/// purpose of the connection's role (a server's certificate for TLS
/// server authentication, a client's for client authentication).
fn purpose(p: c_int, func: &'static str) -> c_int {
    if (X509_PURPOSE_MIN..=X509_PURPOSE_MAX).contains(&p) {
        return 1;
    }
    crate::err::raise(
        ERR_LIB_X509V3,
        X509V3_R_INVALID_PURPOSE,
        func,
        file!(),
        line!(),
    );
    0
}

/// OpenSSL's check of the trust id (X509_TRUST_MIN..=X509_TRUST_MAX).
fn trust(t: c_int, func: &'static str) -> c_int {
    if (X509_TRUST_MIN..=X509_TRUST_MAX).contains(&t) {
        return 1;
    }
    crate::err::raise(ERR_LIB_X509, X509_R_INVALID_TRUST, func, file!(), line!());
    0
}

#[entry(limitation = "the purpose checked is always the connection's role's")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_purpose(ctx: *mut SslCtx, p: c_int) -> c_int {
    handle::with(FUNC, ctx, FAIL, |_| purpose(p, FUNC))
}

#[entry(limitation = "the purpose checked is always the connection's role's")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_purpose(ssl: *mut Ssl, p: c_int) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| purpose(p, FUNC))
}

#[entry(limitation = "trust settings of certificates are not consulted")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_trust(ctx: *mut SslCtx, t: c_int) -> c_int {
    handle::with(FUNC, ctx, FAIL, |_| trust(t, FUNC))
}

#[entry(limitation = "trust settings of certificates are not consulted")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_trust(ssl: *mut Ssl, t: c_int) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| trust(t, FUNC))
}

// ---- early data and tracing ---------------------------------------------------------

/// No early secret exists (no early data is ever sent or accepted): 0,
/// with nothing queued, as OpenSSL.
#[entry(absent = "0, nothing queued (no early secret)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_export_keying_material_early(
    ssl: *mut Ssl,
    out: *mut c_uchar,
    olen: usize,
    label: *const c_char,
    llen: usize,
    context: *const c_uchar,
    contextlen: usize,
) -> c_int {
    let _ = (out, olen, label, llen, context, contextlen);
    handle::with(FUNC, ssl, FAIL, |_| 0)
}

/// OpenSSL's protocol tracer, a message callback: prints nothing here
/// (OpenSSL's is a debugging aid whose text is not an interface).
#[entry(limitation = "writes nothing to the BIO: no protocol trace")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_trace(
    write_p: c_int,
    version: c_int,
    content_type: c_int,
    buf: *const c_void,
    len: usize,
    ssl: *mut Ssl,
    arg: *mut c_void,
) {
    let _ = (write_p, version, content_type, buf, len, ssl, arg);
}

// ---- session ticket keys -------------------------------------------------------

/// libcrypto's cipher context, opaque.
#[repr(C)]
pub struct EvpCipherCtx {
    _opaque: [u8; 0],
}

/// libcrypto's MAC context, opaque.
#[repr(C)]
pub struct EvpMacCtx {
    _opaque: [u8; 0],
}

// ---- DHE parameters (rustls has no DHE suites) -----------------------------------

/// Takes the key and succeeds, as OpenSSL takes it; it is kept until the
/// context goes (OpenVPN reads its size right after the call) though no
/// DHE suite is ever negotiated.
#[entry(absent = "1, the key taken and kept with the context (no DHE suites)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set0_tmp_dh_pkey(ctx: *mut SslCtx, dhpkey: *mut EvpPkey) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| {
        Flavour::pkey_keep_taken(&c.keep, TMP_DH, dhpkey.cast());
        1
    })
}

#[entry(absent = "1, the key taken and kept with the connection (no DHE suites)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set0_tmp_dh_pkey(ssl: *mut Ssl, dhpkey: *mut EvpPkey) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        Flavour::pkey_keep_taken(&s.keep, TMP_DH, dhpkey.cast());
        1
    })
}

/// The keeper slot of a set0 DH key.
const TMP_DH: &str = "tmp_dh_pkey";
