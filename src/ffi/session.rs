//! Sessions and resumption (ssl.h): `SSL_SESSION` objects, a connection's
//! session (`SSL_set_session` and friends), and
//! `i2d_SSL_SESSION`/`d2i_SSL_SESSION`. A context's session cache, its
//! settings and callbacks are in `session_cache`.

#![allow(non_snake_case)]

use super::handle::{self, Handle};
use super::objects::{CObjects, Flavour};
use super::ssl::{query, with_ssl};
use crate::abi::*;
use crate::cipher::SslCipher;
use crate::session::der::{self, DerError};
use crate::session::{MAX_ID, ShortBytes, SslSession};
use crate::ssl::Ssl;
use crate::ssl_err;
use crate::x509::X509;
use sslshim_macros::entry;
use std::ffi::c_void;
use std::os::raw::{c_int, c_long, c_uchar, c_uint};
use std::ptr;

// SAFETY: SslSession is #[repr(C)] with its u64 magic first, constant for life.
unsafe impl Handle for SslSession {
    const MAGIC: u64 = SslSession::MAGIC;
    fn magic(&self) -> u64 {
        SslSession::magic(self)
    }
}

// ---- the connection's session -------------------------------------------------

/// The session in use (or set): borrowed, valid while the SSL keeps it.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_session(ssl: *const Ssl) -> *mut SslSession {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| f.session.as_ref().map_or(ptr::null_mut(), handle::as_ptr),
        |s| {
            s.lock()
                .sessions()
                .current()
                .map_or(ptr::null_mut(), handle::as_ptr)
        },
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get1_session(ssl: *mut Ssl) -> *mut SslSession {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| f.session.clone().map_or(ptr::null_mut(), handle::into_raw),
        |s| {
            s.lock()
                .sessions()
                .current()
                .cloned()
                .map_or(ptr::null_mut(), handle::into_raw)
        },
    )
}

/// Offers `session` at the next client handshake (NULL clears). A client
/// session resumes only in the process that made it (see `crate::session`).
#[entry(
    limitation = "a TLS 1.3 client session resumes again with the new tickets of the connections offered it (rustls tickets are single-use, OpenSSL reuses one): a connection that never reads after its handshake gives none back, and one that finds them all in use by connections in flight makes a full handshake (its tickets then go to the session, up to 8)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_session(ssl: *mut Ssl, session: *mut SslSession) -> c_int {
    with_ssl(FUNC, ssl, FAIL, |s| {
        let sess = if session.is_null() {
            None
        } else {
            match handle::clone_arc(session) {
                Some(x) => Some(x),
                None => {
                    handle::bad_arg(FUNC);
                    return 0;
                }
            }
        };
        s.lock().set_session(sess);
        1
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_session_reused(ssl: *const Ssl) -> c_int {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| c_int::from(f.reused),
        |s| c_int::from(s.lock().session_reused()),
    )
}

/// Shared by the context and connection setters: at most 32 bytes.
/// `len` bytes at `p` (none for 0); NULL with a length is an error entry.
fn bytes_arg<'a>(p: *const c_uchar, len: usize, func: &'static str) -> Option<&'a [u8]> {
    if len == 0 {
        return Some(&[]);
    }
    if p.is_null() {
        ssl_err!(ERR_R_PASSED_NULL_PARAMETER, func);
        return None;
    }
    // SAFETY: non-NULL; the caller promises `len` readable bytes.
    Some(unsafe { std::slice::from_raw_parts(p, len) })
}

pub(super) fn sid_ctx_arg<'a>(
    p: *const c_uchar,
    len: c_uint,
    func: &'static str,
) -> Option<&'a [u8]> {
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    if len > crate::session::MAX_ID {
        ssl_err!(SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG, func);
        return None;
    }
    if len == 0 {
        return Some(&[]);
    }
    if p.is_null() {
        ssl_err!(ERR_R_PASSED_NULL_PARAMETER, func);
        return None;
    }
    // SAFETY: non-NULL; the caller promises `len` readable bytes.
    Some(unsafe { std::slice::from_raw_parts(p, len) })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_session_id_context(
    ssl: *mut Ssl,
    sid_ctx: *const c_uchar,
    sid_ctx_len: c_uint,
) -> c_int {
    // Checked here (the length is all that can fail): the change may wait
    // for the end of a step.
    match sid_ctx_arg(sid_ctx, sid_ctx_len, FUNC).map(<[u8]>::to_vec) {
        Some(v) => super::ssl::setter(
            FUNC,
            ssl,
            FAIL,
            |_| 1,
            move |c| c_int::from(c.sessions_mut().set_sid_ctx(&v)),
        ),
        None => 0,
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_num_tickets(ssl: *mut Ssl, num_tickets: usize) -> c_int {
    super::ssl::settings_setter(FUNC, ssl, FAIL, |st| {
        st.num_tickets = num_tickets;
        1
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_num_tickets(ssl: *const Ssl) -> usize {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| f.settings.num_tickets,
        |s| s.lock().settings().num_tickets,
    )
}

// ---- SSL_SESSION ----------------------------------------------------------------

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_free(s: *mut SslSession) {
    if !s.is_null() {
        handle::release(s);
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_up_ref(s: *mut SslSession) -> c_int {
    c_int::from(handle::up_ref(s))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_is_resumable(s: *const SslSession) -> c_int {
    handle::with(FUNC, s, FAIL, |s| c_int::from(s.is_resumable()))
}

/// Stores `b`'s length in `*len` (if given) and returns where it lives.
fn short_out(b: &ShortBytes, len: *mut c_uint) -> *const c_uchar {
    if !len.is_null() {
        // SAFETY: non-NULL out-parameter provided by the caller.
        unsafe { *len = b.len() as c_uint };
    }
    b.as_ptr()
}

/// The id's bytes live inside the session, as in OpenSSL.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_get_id(s: *const SslSession, len: *mut c_uint) -> *const c_uchar {
    handle::with(FUNC, s, FAIL, |s| short_out(&s.meta().id, len))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_get0_id_context(
    s: *const SslSession,
    len: *mut c_uint,
) -> *const c_uchar {
    handle::with(FUNC, s, FAIL, |s| short_out(&s.meta().sid_ctx, len))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_set1_id_context(
    s: *mut SslSession,
    sid_ctx: *const c_uchar,
    sid_ctx_len: c_uint,
) -> c_int {
    handle::with(FUNC, s, FAIL, |s| {
        match sid_ctx_arg(sid_ctx, sid_ctx_len, FUNC) {
            Some(v) => match ShortBytes::new(v) {
                Some(b) => {
                    s.meta().sid_ctx = b;
                    1
                }
                None => 0,
            },
            None => 0,
        }
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_get_protocol_version(s: *const SslSession) -> c_int {
    handle::with(FUNC, s, FAIL, |s| s.meta().version)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_get0_cipher(s: *const SslSession) -> *const SslCipher {
    handle::with(FUNC, s, FAIL, |s| {
        s.meta()
            .cipher
            .map_or(ptr::null(), |c| c as *const SslCipher)
    })
}

/// The peer's certificate, borrowed from the session (get0: the drop-in's
/// libcrypto copy is kept by the session).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_get0_peer(s: *mut SslSession) -> *mut X509 {
    handle::with(FUNC, s, FAIL, |s| {
        let peer = s.meta().peer.clone();
        peer.map_or(ptr::null_mut(), |x| {
            Flavour::x509_kept(&s.keep, "session_peer", x).cast()
        })
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_get_time(s: *const SslSession) -> c_long {
    handle::with(FUNC, s, FAIL, |s| s.meta().time as c_long)
}

/// Returns `t`, as OpenSSL 3.0.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_set_time(s: *mut SslSession, t: c_long) -> c_long {
    handle::with(FUNC, s, FAIL, |s| {
        s.meta().time = t;
        t
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_get_timeout(s: *const SslSession) -> c_long {
    handle::with(FUNC, s, FAIL, |s| s.meta().timeout as c_long)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_set_timeout(s: *mut SslSession, t: c_long) -> c_long {
    handle::with(FUNC, s, FAIL, |s| {
        s.meta().timeout = t;
        1
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_set_ex_data(
    s: *mut SslSession,
    idx: c_int,
    data: *mut c_void,
) -> c_int {
    handle::with(FUNC, s, FAIL, |s| {
        c_int::from(s.ex_data.set(idx, data as usize))
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_get_ex_data(s: *const SslSession, idx: c_int) -> *mut c_void {
    handle::with(FUNC, s, FAIL, |s| s.ex_data.get(idx) as *mut c_void)
}

// ---- DER ------------------------------------------------------------------------

/// `i2d_SSL_SESSION` with OpenSSL's output conventions (`*pp` NULL:
/// allocated; else written and advanced), in OpenSSL's layout: see
/// `session::der` for what a client session's encoding carries.
#[entry(
    limitation = "a client session's encoding has no master key and names its tickets inside this process (rustls keeps client secrets sealed): decoded in the same process it resumes; elsewhere it decodes and leads to a full handshake"
)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn i2d_SSL_SESSION(s: *const SslSession, pp: *mut *mut c_uchar) -> c_int {
    if s.is_null() {
        return 0;
    }
    let Some(sess) = handle::borrow(s) else {
        handle::bad_arg(FUNC);
        return 0;
    };
    // OpenSSL's rule: a session that never had a cipher (`SSL_SESSION_new`)
    // encodes to nothing, with nothing queued.
    if sess.meta().cipher.is_none() {
        return 0;
    }
    super::x509::i2d_out(&der::encode(sess), pp).max(0)
}

/// `d2i_SSL_SESSION`: a session from `i2d_SSL_SESSION`'s encoding, `*pp`
/// advanced past it. A non-NULL `*a` is filled in place and returned, as
/// OpenSSL reuses it (its references and ex_data stay); on failure it is
/// left as it was.
#[entry(
    limitation = "a session resumes only from an encoding sslshim made (a server session anywhere, a client session in the same process); any other well-formed encoding decodes to a session that leads to a full handshake and SSL_SESSION_is_resumable 0"
)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn d2i_SSL_SESSION(
    a: *mut *mut SslSession,
    pp: *mut *const c_uchar,
    length: c_long,
) -> *mut SslSession {
    let Some(bytes) = der_input(pp, length) else {
        crate::err::raise(
            ERR_LIB_ASN1,
            ERR_R_NESTED_ASN1_ERROR,
            FUNC,
            file!(),
            line!(),
        );
        return ptr::null_mut();
    };
    let (sess, used) = match der::decode(bytes) {
        Ok(x) => x,
        Err(e) => {
            match e {
                DerError::Malformed => crate::err::raise(
                    ERR_LIB_ASN1,
                    ERR_R_NESTED_ASN1_ERROR,
                    FUNC,
                    file!(),
                    line!(),
                ),
                DerError::BadVersion => ssl_err!(SSL_R_UNKNOWN_SSL_VERSION, FUNC),
                DerError::UnknownCipher => ssl_err!(SSL_R_UNKNOWN_CIPHER_RETURNED, FUNC),
            }
            return ptr::null_mut();
        }
    };
    // SAFETY: der_input checked `pp` and `*pp`; `used <= length`.
    unsafe { pp.write(bytes.as_ptr().add(used)) };
    let old = if a.is_null() {
        ptr::null_mut()
    } else {
        // SAFETY: non-NULL `a` points to the caller's `SSL_SESSION*`.
        unsafe { a.read() }
    };
    if let Some(existing) = handle::borrow(old) {
        existing.refill(&sess);
        return old;
    }
    let raw = handle::into_raw(sess);
    if !a.is_null() {
        // NULL, or not a session of ours (nothing we could fill or free).
        // SAFETY: as above.
        unsafe { a.write(raw) };
    }
    raw
}

fn der_input<'a>(pp: *mut *const c_uchar, length: c_long) -> Option<&'a [u8]> {
    if pp.is_null() {
        return None;
    }
    let len = usize::try_from(length).ok().filter(|n| *n > 0)?;
    // SAFETY: non-NULL `pp` points to the caller's pointer variable.
    let start = unsafe { pp.read() };
    if start.is_null() {
        return None;
    }
    // SAFETY: the caller promises `length` readable bytes at `*pp`.
    Some(unsafe { std::slice::from_raw_parts(start, len) })
}

// ---- made and filled by the program ----------------------------------------

/// An empty session (nothing to resume with), as OpenSSL's: no version or
/// cipher, timeout 304 s.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_new() -> *mut SslSession {
    handle::into_raw(SslSession::new_empty())
}

/// At most 32 bytes (`SSL_R_SSL_SESSION_ID_TOO_LONG`), as OpenSSL.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_set1_id(
    s: *mut SslSession,
    sid: *const c_uchar,
    sid_len: c_uint,
) -> c_int {
    handle::with(FUNC, s, FAIL, |s| {
        if sid_len as usize > MAX_ID {
            ssl_err!(SSL_R_SSL_SESSION_ID_TOO_LONG, FUNC);
            return 0;
        }
        let Some(bytes) = bytes_arg(sid, sid_len as usize, FUNC) else {
            return 0;
        };
        match ShortBytes::new(bytes) {
            Some(id) => {
                s.meta().id = id;
                1
            }
            None => 0,
        }
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_set_protocol_version(s: *mut SslSession, version: c_int) -> c_int {
    handle::with(FUNC, s, FAIL, |s| {
        s.meta().version = version;
        1
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_set_cipher(s: *mut SslSession, cipher: *const SslCipher) -> c_int {
    handle::with(FUNC, s, FAIL, |s| {
        match super::cipher::cipher(cipher).and_then(crate::cipher::as_static) {
            Some(c) => {
                s.meta().cipher = Some(c);
                1
            }
            None => 0,
        }
    })
}

/// Neither compression nor a maximum fragment length is ever negotiated.
#[entry(absent = "0 (no compression)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_get_compress_id(s: *const SslSession) -> c_uint {
    handle::with(FUNC, s, FAIL, |_| 0)
}

#[entry(absent = "0 (no maximum fragment length is negotiated)")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_get_max_fragment_length(s: *const SslSession) -> u8 {
    handle::with(FUNC, s, FAIL, |_| 0)
}

/// What `SSL_SESSION_set_max_early_data` set, else 0 (no early data).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_get_max_early_data(s: *const SslSession) -> u32 {
    handle::with(FUNC, s, FAIL, |s| s.meta().extra.max_early_data)
}

/// Kept to be read back; this library sends no early data whatever it is.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_set_max_early_data(s: *mut SslSession, max: u32) -> c_int {
    handle::with(FUNC, s, FAIL, |s| {
        s.meta().extra.max_early_data = max;
        1
    })
}

/// Writes `bytes` (or NULL and 0) to a pointer/length pair, when given.
///
/// # Safety
/// `data` and `len` are NULL or valid for writes; `bytes` outlives the
/// caller's use (it lives in the session, as OpenSSL's do).
unsafe fn write_bytes<T>(bytes: Option<&[u8]>, data: *mut *const T, len: *mut usize) {
    if !data.is_null() {
        // SAFETY: non-NULL out-parameter (caller's contract).
        unsafe { *data = bytes.map_or(ptr::null(), |b| b.as_ptr().cast()) };
    }
    if !len.is_null() {
        // SAFETY: non-NULL out-parameter (caller's contract).
        unsafe { *len = bytes.map_or(0, <[u8]>::len) };
    }
}

/// The protocol ALPN selected for the session, or NULL and 0.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_SESSION_get0_alpn_selected(
    s: *const SslSession,
    alpn: *mut *const c_uchar,
    len: *mut usize,
) {
    let Some(s) = handle::borrow(s) else {
        // SAFETY: the caller's out-parameters (NULL or valid).
        unsafe { write_bytes(None, alpn, len) };
        return;
    };
    let m = s.meta();
    // SAFETY: the caller's out-parameters; the bytes live in the session
    // until it is changed or freed, as OpenSSL's.
    unsafe { write_bytes(m.extra.alpn.as_deref(), alpn, len) };
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_set1_alpn_selected(
    s: *mut SslSession,
    alpn: *const c_uchar,
    len: usize,
) -> c_int {
    handle::with(FUNC, s, FAIL, |s| {
        let value = if alpn.is_null() || len == 0 {
            None
        } else {
            match bytes_arg(alpn, len, FUNC) {
                Some(b) => Some(b.to_vec()),
                None => return 0,
            }
        };
        s.meta().extra.alpn = value;
        1
    })
}

/// The program's ticket data: 1, and NULL and 0 when there is none.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_SESSION_get0_ticket_appdata(
    s: *mut SslSession,
    data: *mut *mut c_void,
    len: *mut usize,
) -> c_int {
    let Some(s) = handle::borrow(s) else {
        handle::bad_arg(FUNC);
        return 0;
    };
    let m = s.meta();
    // SAFETY: the caller's out-parameters; the bytes live in the session.
    unsafe {
        write_bytes(
            m.extra.ticket_appdata.as_deref(),
            data.cast::<*const c_void>(),
            len,
        )
    };
    1
}

#[entry(
    limitation = "kept with the session in this process: rustls's tickets carry no application data"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_set1_ticket_appdata(
    s: *mut SslSession,
    data: *const c_void,
    len: usize,
) -> c_int {
    handle::with(FUNC, s, FAIL, |s| {
        let value = if data.is_null() || len == 0 {
            None
        } else {
            match bytes_arg(data.cast(), len, FUNC) {
                Some(b) => Some(b.to_vec()),
                None => return 0,
            }
        };
        s.meta().extra.ticket_appdata = value;
        1
    })
}

/// A TLS 1.2 client session's ticket, as the server's NewSessionTicket
/// gave it; NULL and 0 without one.
#[entry(
    limitation = "NULL and 0 for a TLS 1.3 session: its ticket arrives encrypted and rustls does not expose it"
)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_SESSION_get0_ticket(
    s: *const SslSession,
    tick: *mut *const c_uchar,
    len: *mut usize,
) {
    let Some(s) = handle::borrow(s) else {
        // SAFETY: the caller's out-parameters (NULL or valid).
        unsafe { write_bytes(None, tick, len) };
        return;
    };
    let m = s.meta();
    let ticket = m.extra.tls12_ticket.as_ref().map(|t| t.ticket.as_slice());
    // SAFETY: the caller's out-parameters; the bytes live in the session
    // until its ticket is renewed or it is freed, as OpenSSL's.
    unsafe { write_bytes(ticket, tick, len) };
}

/// Whether a client session holds a ticket to resume with.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_has_ticket(s: *const SslSession) -> c_int {
    handle::with(FUNC, s, FAIL, |s| c_int::from(s.has_ticket()))
}

/// A TLS 1.2 client session's: the server's NewSessionTicket's hint.
#[entry(
    limitation = "0 for a TLS 1.3 session: its ticket arrives encrypted and rustls does not expose it"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_get_ticket_lifetime_hint(
    s: *const SslSession,
) -> std::os::raw::c_ulong {
    handle::with(FUNC, s, FAIL, |s| {
        let m = s.meta();
        m.extra
            .tls12_ticket
            .as_ref()
            .map_or(0, |t| std::os::raw::c_ulong::from(t.lifetime_hint))
    })
}

/// OpenSSL's rule: `outlen` 0 asks for the length; otherwise up to
/// `outlen` bytes are copied and their number returned. A server session's
/// key is in its rustls value (`SslSession::master_key`).
#[entry(limitation = "0 for a client session: rustls does not export its master secret")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_SESSION_get_master_key(
    s: *const SslSession,
    out: *mut c_uchar,
    outlen: usize,
) -> usize {
    handle::with(FUNC, s, FAIL, |s| {
        let key = s.master_key().map(|(k, _)| k).unwrap_or_default();
        if outlen == 0 {
            return key.len();
        }
        let n = outlen.min(key.len());
        if n > 0 && !out.is_null() {
            // SAFETY: the caller provides `outlen >= n` writable bytes at
            // `out`.
            unsafe { ptr::copy_nonoverlapping(key.as_ptr(), out, n) };
        }
        n
    })
}

/// A new session with the same facts, secret and ex_data values.
#[entry(
    limitation = "standalone: ex_data values are copied without dup callbacks (the drop-in runs libcrypto's)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_dup(src: *const SslSession) -> *mut SslSession {
    handle::with(FUNC, src, FAIL, |s| handle::into_raw(s.duplicate()))
}

/// `to` takes `from`'s session and session id context, as OpenSSL's.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_copy_session_id(to: *mut Ssl, from: *const Ssl) -> c_int {
    let (Some(t), Some(f)) = (handle::borrow(to), handle::borrow(from)) else {
        handle::bad_arg(FUNC);
        return 0;
    };
    if t.locked_here() || f.locked_here() {
        return 0;
    }
    let (session, sid_ctx) = {
        let c = f.lock();
        (
            c.sessions().current().cloned(),
            c.sessions().sid_ctx().to_vec(),
        )
    };
    let set = match &session {
        Some(sess) => SSL_set_session(to, handle::as_ptr(sess)),
        None => SSL_set_session(to, ptr::null_mut()),
    };
    let ctx = t.lock().sessions_mut().set_sid_ctx(&sid_ctx);
    c_int::from(set == 1 && ctx)
}
