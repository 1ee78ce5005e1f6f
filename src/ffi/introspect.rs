//! Introspection entry points (ssl.h): hello randoms, exported keying
//! material, handshake state, cipher lists and shared ciphers, signature
//! NIDs; and the two hooks rustls cannot offer (Finished messages, the
//! message callback), which fail cleanly.

#![allow(non_snake_case)]

use super::handle::{self, c_str};
use super::objects::{CObjects, Flavour};
use super::ssl::{query, with_ssl as with};
use crate::abi::*;
use crate::callbacks::{MsgCallback, MsgCallbackRef};
use crate::ctx::SslCtx;
use crate::ssl::{ExportError, Ssl};
use crate::ssl_err;
use crate::stack::OpensslStack;
use sslshim_macros::entry;
use std::ffi::c_void;
use std::os::raw::{c_char, c_int, c_long, c_uchar};
use std::ptr;
use std::sync::Arc;

/// `STACK_OF(SSL_CIPHER)`: an `OPENSSL_STACK` under its typed name.
#[repr(C)]
pub struct StackSslCipher {
    _opaque: [u8; 0],
}

/// OpenSSL's copy-out convention for the randoms: `outlen` 0 asks for the
/// size; otherwise up to that many bytes are copied and their count returned.
fn copy_out(src: &[u8], out: *mut c_uchar, outlen: usize) -> usize {
    if outlen == 0 {
        return src.len();
    }
    let n = outlen.min(src.len());
    if out.is_null() {
        return 0;
    }
    // SAFETY: non-NULL; the caller provides `outlen` >= n writable bytes.
    unsafe { ptr::copy_nonoverlapping(src.as_ptr(), out, n) };
    n
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_client_random(
    ssl: *const Ssl,
    out: *mut c_uchar,
    outlen: usize,
) -> usize {
    let random = query(
        FUNC,
        ssl,
        None,
        |f| Some(f.client_random),
        |s| Some(s.lock().client_random()),
    );
    random.map_or(FAIL, |r| copy_out(&r, out, outlen))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_server_random(
    ssl: *const Ssl,
    out: *mut c_uchar,
    outlen: usize,
) -> usize {
    let random = query(
        FUNC,
        ssl,
        None,
        |f| Some(f.server_random),
        |s| Some(s.lock().server_random()),
    );
    random.map_or(FAIL, |r| copy_out(&r, out, outlen))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_client_version(ssl: *const Ssl) -> c_int {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| f.client_version,
        |s| s.lock().client_version(),
    )
}

/// 1 on success; -1 before a handshake (no error, as OpenSSL); 0 on failure.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_export_keying_material(
    ssl: *mut Ssl,
    out: *mut c_uchar,
    olen: usize,
    label: *const c_char,
    llen: usize,
    context: *const c_uchar,
    contextlen: usize,
    use_context: c_int,
) -> c_int {
    with(FUNC, ssl, FAIL, |s| {
        if (out.is_null() && olen > 0) || (label.is_null() && llen > 0) {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, FUNC);
            return 0;
        }
        if use_context != 0 && context.is_null() && contextlen > 0 {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, FUNC);
            return 0;
        }
        let mut buf = vec![0u8; olen];
        let label = bytes(label as *const u8, llen);
        let ctx = (use_context != 0).then(|| bytes(context, contextlen));
        match s.lock().export_keying_material(&mut buf, label, ctx) {
            Ok(()) => {
                if olen > 0 {
                    // SAFETY: non-NULL (checked); the caller provides `olen` bytes.
                    unsafe { ptr::copy_nonoverlapping(buf.as_ptr(), out, olen) };
                }
                1
            }
            Err(ExportError::NotReady) => -1,
            Err(ExportError::IllegalLabel) => {
                ssl_err!(SSL_R_TLS_ILLEGAL_EXPORTER_LABEL, FUNC);
                0
            }
            Err(ExportError::Other) => {
                ssl_err!(ERR_R_INTERNAL_ERROR, FUNC);
                0
            }
        }
    })
}

/// A C byte range as a slice (empty for a zero length, whatever the pointer).
fn bytes<'a>(p: *const u8, len: usize) -> &'a [u8] {
    if p.is_null() || len == 0 {
        return &[];
    }
    // SAFETY: non-NULL; the caller provides `len` readable bytes for the call.
    unsafe { std::slice::from_raw_parts(p, len) }
}

/// Copies up to `count` bytes of `verify` to `buf`; the full length.
fn copy_finished(verify: &[u8], buf: *mut c_void, count: usize) -> usize {
    let n = count.min(verify.len());
    if n > 0 && !buf.is_null() {
        // SAFETY: non-NULL; the caller provides `count` writable bytes and
        // `n` is at most `count`.
        unsafe { ptr::copy_nonoverlapping(verify.as_ptr(), buf.cast::<u8>(), n) };
    }
    verify.len()
}

/// The verify_data of the last Finished message this end sent (12 bytes
/// in TLS 1.2, the suite's hash length in TLS 1.3): up to `count` bytes
/// copied, its full length returned; 0 before one was sent.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_finished(ssl: *const Ssl, buf: *mut c_void, count: usize) -> usize {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| copy_finished(&f.finished, buf, count),
        |s| copy_finished(s.lock().finished(true), buf, count),
    )
}

/// As `SSL_get_finished`, for the last Finished message received.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_peer_finished(ssl: *const Ssl, buf: *mut c_void, count: usize) -> usize {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| copy_finished(&f.peer_finished, buf, count),
        |s| copy_finished(s.lock().finished(false), buf, count),
    )
}

/// `void (*cb)(int write_p, int version, int content_type, const void *buf,
/// size_t len, SSL *ssl, void *arg)`
pub type MsgFn = Option<MsgFnPtr>;
type MsgFnPtr =
    unsafe extern "C" fn(c_int, c_int, c_int, *const c_void, usize, *mut Ssl, *mut c_void);

#[derive(Debug)]
struct CMsg(MsgFnPtr);

impl MsgCallback for CMsg {
    fn call(
        &self,
        write_p: bool,
        version: i32,
        content_type: i32,
        buf: &[u8],
        ssl: usize,
        arg: usize,
    ) {
        // SAFETY: the application registered this function for exactly
        // this signature; `buf` is valid for `buf.len()` bytes during the
        // call, `ssl` is the live SSL the record belongs to and `arg` the
        // pointer the application set.
        unsafe {
            (self.0)(
                c_int::from(write_p),
                version,
                content_type,
                buf.as_ptr().cast(),
                buf.len(),
                ssl as *mut Ssl,
                arg as *mut c_void,
            )
        }
    }
}

fn msg_ref(cb: MsgFn) -> Option<MsgCallbackRef> {
    cb.map(|f| Arc::new(CMsg(f)) as MsgCallbackRef)
}

/// `SSL_CTX_set_msg_callback`: copied into each new `SSL`. rustls has no
/// such hook: the connection copies its records and opens them again
/// (`ssl::records`) to report each record header, TLS 1.3 inner content
/// type, handshake message, alert and ChangeCipherSpec sent, in OpenSSL's
/// order, after the call that moved them.
#[entry(
    limitation = "called after the SSL call that moved the records rather than during it; rustls sends a TLS 1.3 flight in one record (fewer record headers); set on an SSL after its handshake, it sees nothing of that connection"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_msg_callback(ctx: *mut SslCtx, cb: MsgFn) {
    handle::with(FUNC, ctx, FAIL, |c| {
        c.update_callbacks(|cbs| cbs.msg = msg_ref(cb))
    })
}

/// `SSL_set_msg_callback`: as `SSL_CTX_set_msg_callback`, for one
/// connection.
#[entry(
    limitation = "called after the SSL call that moved the records rather than during it; rustls sends a TLS 1.3 flight in one record (fewer record headers); set after the handshake, it sees nothing of that connection"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_msg_callback(ssl: *mut Ssl, cb: MsgFn) {
    let cb = msg_ref(cb);
    super::ssl::setter(FUNC, ssl, FAIL, |_| (), move |c| c.set_msg_callback(cb))
}

// ---- handshake state (no lock: usable from any callback) ---------------------

/// `OSSL_HANDSHAKE_STATE`, an enum in C.
pub type OsslHandshakeState = c_int;

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_state(ssl: *const Ssl) -> OsslHandshakeState {
    handle::with(FUNC, ssl, FAIL, |s| c_int::from(s.state.get().state))
}

#[entry(fail = c"SSLERR".as_ptr())]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_state_string(ssl: *const Ssl) -> *const c_char {
    handle::with(FUNC, ssl, FAIL, |s| s.state.get().short_name().as_ptr())
}

#[entry(fail = c"error".as_ptr())]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_state_string_long(ssl: *const Ssl) -> *const c_char {
    handle::with(FUNC, ssl, FAIL, |s| s.state.get().long_name().as_ptr())
}

// ---- cipher lists ------------------------------------------------------------

/// The connection's list (TLS 1.3 suites first), owned by the `SSL`.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_ciphers(ssl: *const Ssl) -> *mut StackSslCipher {
    handle::with(FUNC, ssl, FAIL, |s| {
        let (stack, ctx) = if s.locked_here() {
            // Inside a callback: from the facts' settings (a new stack
            // when the connection has a list of its own).
            let Some(ctx) = handle::clone_arc(s.ctx_addr() as *const SslCtx) else {
                return ptr::null_mut();
            };
            let mut fresh = None;
            let list = s.facts().settings.cipher_list();
            let stack = if crate::cipher::stack::same_list(&list, &ctx.settings().cipher_list()) {
                ctx.ciphers()
            } else {
                crate::cipher::stack::stack_for(&mut fresh, list)
            };
            (stack, ctx)
        } else {
            let mut c = s.lock();
            (c.ciphers(), c.ctx.clone())
        };
        // Until the connection's list changes it is the context's: the
        // context's stack, as OpenSSL returns.
        if std::sync::Arc::ptr_eq(&stack, &ctx.ciphers()) {
            return Flavour::cipher_stack_out(&ctx.keep, "ciphers", stack).cast();
        }
        Flavour::cipher_stack_out(&s.keep, "ciphers", stack).cast()
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_ciphers(ctx: *const SslCtx) -> *mut StackSslCipher {
    handle::with(FUNC, ctx, FAIL, |c| {
        Flavour::cipher_stack_out(&c.keep, "ciphers", c.ciphers()).cast()
    })
}

/// The suites usable with the enabled protocol versions, in a new stack
/// the caller frees (`sk_SSL_CIPHER_free`).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get1_supported_ciphers(ssl: *mut Ssl) -> *mut StackSslCipher {
    let supported = |st: &crate::ctx::Settings, options: u64| {
        let versions = crate::version::enabled(st.version_bounds(), options);
        let (v13, v12) = (
            versions.has(rustls::ProtocolVersion::TLSv1_3),
            versions.has(rustls::ProtocolVersion::TLSv1_2),
        );
        let addrs: Vec<usize> = st
            .cipher_list()
            .into_iter()
            .filter(|c| if c.is_tls13() { v13 } else { v12 })
            .map(|c| c as *const _ as usize)
            .collect();
        if addrs.is_empty() {
            return ptr::null_mut();
        }
        Flavour::cipher_stack_new(OpensslStack::new(addrs, None)).cast()
    };
    super::ssl::query(
        FUNC,
        ssl,
        FAIL,
        |f| supported(&f.settings, f.options),
        |s| {
            let c = s.lock();
            supported(c.settings(), c.options())
        },
    )
}

/// Server only, get0 owned by the `SSL`: the suites the client offered
/// that we implement, in its order (OpenSSL keeps every suite it knows);
/// NULL on a client or before a ClientHello.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_client_ciphers(ssl: *const Ssl) -> *mut StackSslCipher {
    handle::with(FUNC, ssl, FAIL, |s| {
        let list = if s.locked_here() {
            let f = s.facts();
            crate::ssl::client_ciphers(f.is_server, &f.client_suites)
        } else {
            s.lock().client_ciphers()
        };
        let Some(list) = list else {
            return ptr::null_mut();
        };
        let addrs = list.iter().map(|c| *c as *const _ as usize).collect();
        Flavour::cipher_stack_out(&s.keep, "client_ciphers", OpensslStack::new(addrs, None)).cast()
    })
}

/// The name of the `n`th cipher of `SSL_get_ciphers`, or NULL.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_cipher_list(ssl: *const Ssl, n: c_int) -> *const c_char {
    let nth = |st: &crate::ctx::Settings| {
        let list = st.cipher_list();
        usize::try_from(n)
            .ok()
            .and_then(|i| list.get(i))
            .map_or(ptr::null(), |c| c.name.as_ptr())
    };
    super::ssl::query(
        FUNC,
        ssl,
        FAIL,
        |f| nth(&f.settings),
        |s| nth(s.lock().settings()),
    )
}

/// Server only: the client's offered ciphers that we have, ':'-joined in
/// the client's order, cut before the first name that does not fit (as
/// OpenSSL). NULL on a client, before a ClientHello, if `size` < 2 or if
/// no name fits.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_get_shared_ciphers(
    ssl: *const Ssl,
    buf: *mut c_char,
    size: c_int,
) -> *mut c_char {
    handle::with(FUNC, ssl, FAIL, |s| {
        let shared = if s.locked_here() {
            let f = s.facts();
            crate::ssl::shared_ciphers(f.is_server, &f.client_suites, &f.settings)
        } else {
            s.lock().shared_ciphers()
        };
        let Some(shared) = shared else {
            return ptr::null_mut();
        };
        let Ok(size) = usize::try_from(size) else {
            return ptr::null_mut();
        };
        if size < 2 || buf.is_null() {
            return ptr::null_mut();
        }
        let mut text: Vec<u8> = Vec::new();
        let mut left = size;
        for c in shared {
            let name = c.name.to_bytes();
            if name.len() >= left {
                break;
            }
            text.extend_from_slice(name);
            text.push(b':');
            left -= name.len() + 1;
        }
        if text.is_empty() {
            // OpenSSL 3.0 returns NULL when not even the first name fits.
            return ptr::null_mut();
        }
        text.pop(); // the last ':'
        text.push(0);
        // SAFETY: non-NULL; `text` is at most `size` bytes by construction
        // (each name is added only while it and its ':' fit), and the
        // caller provides `size` writable bytes.
        unsafe { ptr::copy_nonoverlapping(text.as_ptr() as *const c_char, buf, text.len()) };
        buf
    })
}

// ---- signatures --------------------------------------------------------------

fn store_nid(out: *mut c_int, nid: i32) -> c_int {
    if out.is_null() {
        return 0;
    }
    // SAFETY: non-NULL out-parameter supplied by the caller.
    unsafe { *out = nid };
    1
}

/// `SSL_get_peer_signature_type_nid`: the peer's handshake signature type.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_peer_signature_type_nid(ssl: *const Ssl, pnid: *mut c_int) -> c_int {
    let scheme = query(
        FUNC,
        ssl,
        None,
        |f| f.peer_scheme,
        |s| s.lock().peer_signature_scheme(),
    );
    match scheme.and_then(crate::ctx::sigalgs::nids) {
        Some((_, sig)) => store_nid(pnid, sig),
        None => 0,
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_signature_type_nid(ssl: *const Ssl, pnid: *mut c_int) -> c_int {
    let scheme = query(
        FUNC,
        ssl,
        None,
        |f| f.own_scheme,
        |s| s.lock().own_signature_scheme(),
    );
    match scheme.and_then(crate::ctx::sigalgs::nids) {
        Some((_, sig)) => store_nid(pnid, sig),
        None => 0,
    }
}

/// `SSL_CTRL_GET_PEER_SIGNATURE_NID` / `SSL_CTRL_GET_SIGNATURE_NID`: the
/// digest NID (0 for Ed25519) into `parg`; 0 when there was no signature.
pub(super) fn signature_nid_ctrl(
    scheme: Option<rustls::SignatureScheme>,
    parg: *mut c_void,
) -> i64 {
    match scheme.and_then(crate::ctx::sigalgs::nids) {
        Some((hash, _)) => i64::from(store_nid(parg as *mut c_int, hash)),
        None => 0,
    }
}

/// `SSL_get_shared_group` (`SSL_CTRL_GET_SHARED_GROUP`): with -1 the
/// number of groups both sides have, else the NID of the `n`th (0 past
/// the end; `TLSEXT_nid_unknown | id` for a group without a NID).
pub(super) fn shared_group_ctrl(shared: &[u16], n: c_long) -> c_long {
    if n == -1 {
        return shared.len() as c_long;
    }
    usize::try_from(n)
        .ok()
        .and_then(|i| shared.get(i))
        .map_or(0, |&g| c_long::from(crate::ctx::group_nid(g.into())))
}

/// `SSL_get1_groups` (`SSL_CTRL_GET_GROUPS`): the number of groups the
/// peer listed, their NIDs written to `parg` when it is not NULL.
pub(super) fn groups_ctrl(groups: &[u16], parg: *mut c_void) -> c_long {
    if !parg.is_null() {
        let out = parg as *mut c_int;
        for (i, &g) in groups.iter().enumerate() {
            // SAFETY: the caller's array holds as many ints as the count
            // it asked for first (SSL_get1_groups contract).
            unsafe { out.add(i).write(crate::ctx::group_nid(g.into())) };
        }
    }
    groups.len() as c_long
}

/// `SSL_CTRL_SET_SIGALGS_LIST` / `SSL_CTRL_SET_SIGALGS`: OpenSSL fails
/// without an error entry for a bad list.
pub(super) fn parse_sigalgs(
    cmd: c_int,
    larg: i64,
    parg: *mut c_void,
) -> Option<Vec<rustls::SignatureScheme>> {
    if cmd == SSL_CTRL_SET_SIGALGS_LIST {
        return crate::ctx::sigalgs::parse_list(c_str(parg as *const c_char)?);
    }
    let n = usize::try_from(larg).ok()?;
    if parg.is_null() || n > 2 * 46 {
        return None;
    }
    // SAFETY: non-NULL; the caller passes an array of `larg` ints
    // (SSL_CTX_set1_sigalgs), bounded above.
    let pairs = unsafe { std::slice::from_raw_parts(parg as *const c_int, n) };
    crate::ctx::sigalgs::from_nid_pairs(pairs)
}

// ---- simple queries --------------------------------------------------------

/// The group's TLS name (`x25519`, `secp256r1`...), for a NID or for the
/// `TLSEXT_nid_unknown | id` form `SSL_get_negotiated_group` uses for a
/// group without NID; NULL for anything else.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_group_to_name(ssl: *mut Ssl, id: c_int) -> *const c_char {
    handle::with(FUNC, ssl, FAIL, |_| {
        crate::ctx::group_tls_name(id).map_or(ptr::null(), |n| n.as_ptr())
    })
}

/// The suite being (or last) negotiated: known from the server's hello on.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_pending_cipher(ssl: *const Ssl) -> *const crate::cipher::SslCipher {
    super::ssl::query(
        FUNC,
        ssl,
        FAIL,
        |f| f.cipher.map_or(ptr::null(), |c| c as *const _),
        |s| {
            s.lock()
                .current_cipher()
                .map_or(ptr::null(), |c| c as *const _)
        },
    )
}

/// OpenSSL's record layer state between records, where a program can
/// observe it: reading a header.
#[entry(absent = "\"RH\": OpenSSL's record layer state between records")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_rstate_string(ssl: *const Ssl) -> *const c_char {
    handle::with(FUNC, ssl, FAIL, |_| c"RH".as_ptr())
}

#[entry(absent = "\"read header\": OpenSSL's record layer state between records")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_rstate_string_long(ssl: *const Ssl) -> *const c_char {
    handle::with(FUNC, ssl, FAIL, |_| c"read header".as_ptr())
}

/// OpenSSL's TLS methods' session timeout: two hours.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_default_timeout(ssl: *const Ssl) -> std::os::raw::c_long {
    handle::with(FUNC, ssl, FAIL, |_| 7200)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_ssl_method(ctx: *const SslCtx) -> *const crate::ctx::SslMethod {
    handle::with(FUNC, ctx, FAIL, |c| c.method() as *const _)
}

/// The connection's method (`SSL_set_ssl_method`): its context's unless
/// changed. Inside the connection's own callbacks (its lock is held) the
/// context's.
#[entry(
    limitation = "the version-flexible method after the handshake too (OpenSSL switches to the negotiated version's method)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_ssl_method(ssl: *const Ssl) -> *const crate::ctx::SslMethod {
    handle::with(FUNC, ssl, FAIL, |s| {
        if s.locked_here() {
            return handle::borrow(s.ctx_addr() as *const SslCtx)
                .map_or(ptr::null(), |c| c.method() as *const _);
        }
        s.lock().method() as *const _
    })
}

/// The peer's signature algorithms: a server's from the ClientHello (in
/// its servername, ClientHello and certificate callbacks and after),
/// their count, and for `idx` in range its NIDs (`NID_undef` for a code
/// point OpenSSL 3.0 does not know) and its two bytes; 0 when none.
#[entry(
    limitation = "a client has none (the CertificateRequest's list is not read), nor does a callback run inside a handshake step"
)]
#[unsafe(no_mangle)]
// The out-parameters are the program's, NULL or writable by the contract.
#[allow(clippy::not_unsafe_ptr_arg_deref)]
pub extern "C" fn SSL_get_sigalgs(
    ssl: *mut Ssl,
    idx: c_int,
    psign: *mut c_int,
    phash: *mut c_int,
    psignhash: *mut c_int,
    rsig: *mut c_uchar,
    rhash: *mut c_uchar,
) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        if s.locked_here() {
            return 0;
        }
        let c = s.lock();
        report_sigalgs(
            c.peer_sigalgs(),
            idx,
            [psign, phash, psignhash],
            [rsig, rhash],
        )
    })
}

/// `list`'s length, and for `idx` in range its entry written out: the
/// signature, hash and combined NIDs (`NID_undef` for a code point OpenSSL
/// 3.0 does not know) and its two bytes (`SSL_get_sigalgs`,
/// `SSL_get_shared_sigalgs`).
fn report_sigalgs(
    list: &[u16],
    idx: c_int,
    [psign, phash, psignhash]: [*mut c_int; 3],
    [rsig, rhash]: [*mut c_uchar; 2],
) -> c_int {
    let Ok(n) = c_int::try_from(list.len()) else {
        return 0;
    };
    if idx >= 0 {
        let Some(&code) = list.get(idx as usize) else {
            return 0;
        };
        let (sign, hash, signhash) = crate::ctx::sigalgs::offered_nids(code);
        let [hi, lo] = code.to_be_bytes();
        // SAFETY: each out-parameter is NULL or points to writable
        // storage of its type (SSL_get_sigalgs contract).
        unsafe {
            put(psign, sign);
            put(phash, hash);
            put(psignhash, signhash);
            put(rhash, hi);
            put(rsig, lo);
        }
    }
    n
}

/// Writes `v` through `p` unless it is NULL.
///
/// # Safety
/// `p` is NULL or valid for a write of a `T`.
unsafe fn put<T>(p: *mut T, v: T) {
    if !p.is_null() {
        // SAFETY: non-NULL, valid by the caller's contract.
        unsafe { p.write(v) };
    }
}

/// The signature algorithms a server shares with its client (OpenSSL's
/// `tls1_set_shared_sigalgs`: the client's list that ours also has, in the
/// client's order): for `idx` in range, the count and that entry as
/// `SSL_get_sigalgs` reports it; 0 otherwise.
#[entry(
    limitation = "answered after a full handshake; 0 inside its callbacks, and on a client (the CertificateRequest's list is not read)"
)]
#[unsafe(no_mangle)]
// The out-parameters are the program's, NULL or writable by the contract.
#[allow(clippy::not_unsafe_ptr_arg_deref)]
pub extern "C" fn SSL_get_shared_sigalgs(
    ssl: *mut Ssl,
    idx: c_int,
    psign: *mut c_int,
    phash: *mut c_int,
    psignhash: *mut c_int,
    rsig: *mut c_uchar,
    rhash: *mut c_uchar,
) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        if s.locked_here() {
            return 0;
        }
        let list = s.lock().shared_sigalgs();
        // Unlike SSL_get_sigalgs, an index out of range (-1 included)
        // answers 0, as OpenSSL's.
        if usize::try_from(idx).map_or(true, |i| i >= list.len()) {
            return 0;
        }
        report_sigalgs(&list, idx, [psign, phash, psignhash], [rsig, rhash])
    })
}

/// Whether OpenSSL 3.0 handles this extension type itself (a custom
/// extension of that type could not be added): its list, as the manual's
/// callers expect it.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_extension_supported(ext_type: std::os::raw::c_uint) -> c_int {
    const BUILT_IN: &[std::os::raw::c_uint] = &[
        0, 1, 5, 10, 11, 12, 13, 14, 16, 18, 21, 22, 23, 35, 41, 42, 43, 44, 45, 47, 49, 51, 13172,
        65281,
    ];
    c_int::from(BUILT_IN.contains(&ext_type))
}
