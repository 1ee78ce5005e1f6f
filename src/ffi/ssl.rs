//! `SSL` entry points (ssl.h): connection setup, handshake, I/O, shutdown,
//! introspection.

#![allow(non_snake_case)]

use super::ctx::{
    FileKind, VerifyCallback, check_key, flavour_key_file, hints_ctrl, is_settings_set,
    parse_cipher_list, parse_ciphersuites, settings_get, settings_set, use_file,
};
use super::handle::{self, Handle, c_cstr, c_str};
use super::objects::{CObjects, Flavour};
use crate::abi::*;
use crate::bio::{Bio, BioRef};
use crate::cipher::SslCipher;
use crate::ctx::SslCtx;
use crate::ssl::{Conn, HandshakeRole, Ssl};
use crate::ssl_err;
use crate::x509::X509;
use sslshim_macros::entry;
use std::ffi::c_void;
use std::os::raw::{c_char, c_int, c_long};
use std::ptr;

// SAFETY: Ssl is #[repr(C)] with its u64 magic first, constant for life.
unsafe impl Handle for Ssl {
    const MAGIC: u64 = Ssl::MAGIC;
    fn magic(&self) -> u64 {
        Ssl::magic(self)
    }
}

/// `handle::with` for an `SSL` whose call needs the connection itself now
/// (I/O, the handshake, a new BIO, `SSL_clear`): OpenSSL does not allow
/// these from inside the connection's own callbacks, and ours refuse them
/// there with an error return instead of deadlocking. Everything OpenSSL
/// allows in callbacks is declared as a `query` (reads the facts copy while
/// busy) or a `setter` (recorded for the end of the step while busy), or
/// never needs the lock (`handle::with`).
pub(super) fn with_ssl<R: Copy>(
    func: &'static str,
    ssl: *const Ssl,
    err: R,
    body: impl FnOnce(&Ssl) -> R,
) -> R {
    handle::with(func, ssl, err, |s| {
        if s.locked_here() {
            refuse_busy(func);
            return err;
        }
        body(s)
    })
}

/// The refusal of a call that needs a connection busy in this thread.
pub(super) fn refuse_busy(func: &'static str) {
    log::warn!("{func}: called from a callback inside a call on the same SSL");
    ssl_err!(ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, func);
}

use with_ssl as with;

/// A query OpenSSL allows inside the connection's own callbacks: there
/// (the connection is busy with the call that ran the callback) it reads
/// the copy the connection keeps for them (`Ssl::facts`); elsewhere the
/// connection itself.
pub(super) fn query<R>(
    func: &'static str,
    ssl: *const Ssl,
    err: R,
    busy: impl FnOnce(&crate::ssl::Facts) -> R,
    body: impl FnOnce(&Ssl) -> R,
) -> R {
    handle::with(func, ssl, err, |s| {
        if s.locked_here() {
            busy(&s.facts())
        } else {
            body(s)
        }
    })
}

/// A setter OpenSSL allows inside the connection's own callbacks. There
/// (the connection is busy with the call that ran the callback) `change` is
/// recorded for the end of the step (`Ssl::defer`) and `busy` gives the
/// return value, updating the facts copy where a query would see the
/// change; elsewhere `change` runs on the connection now.
pub(super) fn setter<R>(
    func: &'static str,
    ssl: *const Ssl,
    err: R,
    busy: impl FnOnce(&mut crate::ssl::Facts) -> R,
    change: impl FnOnce(&mut Conn) -> R + Send + 'static,
) -> R {
    handle::with(func, ssl, err, |s| {
        if s.locked_here() {
            let r = busy(&mut s.facts());
            s.defer(move |c| {
                change(c);
            });
            r
        } else {
            change(&mut s.lock())
        }
    })
}

/// A setter of the connection's settings (`ctx::Settings`: certificates,
/// ciphers, groups, ...) OpenSSL allows inside its callbacks: while busy,
/// `change` edits a copy that the facts show at once and that becomes the
/// connection's at the end of the step; elsewhere the settings themselves.
pub(super) fn settings_setter<R>(
    func: &'static str,
    ssl: *const Ssl,
    err: R,
    change: impl FnOnce(&mut crate::ctx::Settings) -> R,
) -> R {
    handle::with(func, ssl, err, |s| edit_settings(s, change))
}

/// `edit_settings` of the connection's own certificates (`OwnCerts`):
/// outside callbacks through `Conn::own_certs_mut`, which first makes the
/// certificate a handshake chose the current one.
pub(super) fn edit_own_certs<R>(s: &Ssl, change: impl FnOnce(&mut crate::ctx::OwnCerts) -> R) -> R {
    if s.locked_here() {
        edit_settings(s, |st| change(&mut st.cert))
    } else {
        change(s.lock().own_certs_mut())
    }
}

/// `settings_setter`'s work on a connection already in hand.
pub(super) fn edit_settings<R>(s: &Ssl, change: impl FnOnce(&mut crate::ctx::Settings) -> R) -> R {
    if !s.locked_here() {
        return change(s.lock().settings_mut());
    }
    let mut f = s.facts();
    let mut copy = (*f.settings).clone();
    let r = change(&mut copy);
    let copy = std::sync::Arc::new(copy);
    f.settings = crate::ssl::SettingsRef(copy.clone());
    drop(f);
    s.defer(move |c| c.replace_settings(copy));
    r
}

/// Runs `body` on the connection through the core's driver (`Ssl::drive`:
/// callback events and the server's ClientHello callbacks run unlocked),
/// and puts back the errno of a transport failure, since C callers read
/// errno after SSL_ERROR_SYSCALL.
pub(super) fn with_conn<R: Copy>(
    func: &'static str,
    ssl: *const Ssl,
    err: R,
    body: impl FnMut(&mut Conn) -> R,
) -> R {
    let mut errno = None;
    let r = with(func, ssl, err, |s| {
        let (r, e) = s.drive(&super::tlsext::CHello, body);
        errno = e;
        r
    });
    if let Some(e) = errno {
        crate::os::set_errno(e);
    }
    r
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_new(ctx: *mut SslCtx) -> *mut Ssl {
    match handle::clone_arc(ctx) {
        Some(c) => {
            let ssl = Ssl::new(c.clone());
            Flavour::ssl_created(&ssl, &c);
            ssl.created();
            handle::into_raw(ssl)
        }
        None => {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, FUNC);
            ptr::null_mut()
        }
    }
}

/// OpenSSL 3.0: a connection that has started is returned itself with one
/// more reference; one that has not, copied onto a new `SSL` of the same
/// context (see `ssl::dup` for what is copied).
#[entry(
    limitation = "standalone: ex_data values are copied without dup callbacks (the drop-in runs libcrypto's)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_dup(ssl: *mut Ssl) -> *mut Ssl {
    with(FUNC, ssl, FAIL, |s| {
        let (fresh, ctx) = {
            let c = s.lock();
            (c.in_init() && c.in_before(), c.ctx.clone())
        };
        if !fresh {
            handle::up_ref(ssl);
            return ssl;
        }
        let copy = Ssl::new(ctx.clone());
        Flavour::ssl_created(&copy, &ctx);
        copy.created();
        copy.copy_settings_from(s);
        Flavour::ssl_duplicated(&copy, s);
        handle::into_raw(copy)
    })
}

/// `SSL_set_ssl_method`: the connection's method (see
/// `Conn::set_method`).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_ssl_method(ssl: *mut Ssl, method: *const crate::ctx::SslMethod) -> c_int {
    with(FUNC, ssl, FAIL, |s| match handle::borrow(method) {
        Some(m) => {
            s.lock().set_method(super::ctx::static_method(m));
            1
        }
        None => {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, FUNC);
            0
        }
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_free(ssl: *mut Ssl) {
    if !ssl.is_null() {
        handle::release(ssl);
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_up_ref(ssl: *mut Ssl) -> c_int {
    c_int::from(handle::up_ref(ssl))
}

/// Works from callbacks (no connection lock).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_SSL_CTX(ssl: *const Ssl) -> *mut SslCtx {
    handle::with(FUNC, ssl, FAIL, |s| s.ctx_addr() as *mut SslCtx)
}

// ---- transport -------------------------------------------------------------

// A `*mut Bio` here is the program's `BIO*`: ours in the standalone
// flavour, libcrypto's in the drop-in one (`Flavour`).
fn bio_ptr(b: Option<&BioRef>) -> *mut Bio {
    Flavour::bio_ptr(b).cast()
}

/// Takes over the caller's reference to `p` (NULL stays NULL).
fn adopt_bio(p: *mut Bio) -> Option<BioRef> {
    Flavour::adopt_bio(p.cast())
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_rbio(ssl: *const Ssl) -> *mut Bio {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| bio_ptr(f.rbio.as_ref()),
        |s| bio_ptr(s.lock().rbio()),
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_wbio(ssl: *const Ssl) -> *mut Bio {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| bio_ptr(f.wbio.as_ref()),
        |s| bio_ptr(s.lock().wbio()),
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set0_rbio(ssl: *mut Ssl, rbio: *mut Bio) {
    with(FUNC, ssl, FAIL, |s| s.lock().set_rbio(adopt_bio(rbio)))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set0_wbio(ssl: *mut Ssl, wbio: *mut Bio) {
    with(FUNC, ssl, FAIL, |s| s.lock().set_wbio(adopt_bio(wbio)))
}

/// OpenSSL's reference rules: equal arguments grant one reference that we
/// keep for both; changing only one side adopts only that reference.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_bio(ssl: *mut Ssl, rbio: *mut Bio, wbio: *mut Bio) {
    with(FUNC, ssl, FAIL, |s| {
        let mut c = s.lock();
        let cur_r = bio_ptr(c.rbio());
        let cur_w = bio_ptr(c.wbio());
        if !rbio.is_null() && rbio == wbio {
            Flavour::up_ref_bio(rbio.cast());
        }
        if rbio == cur_r {
            c.set_wbio(adopt_bio(wbio));
            return;
        }
        if wbio == cur_w && cur_r != cur_w {
            c.set_rbio(adopt_bio(rbio));
            return;
        }
        c.set_rbio(adopt_bio(rbio));
        c.set_wbio(adopt_bio(wbio));
    })
}

fn socket_bio(fd: c_int) -> Option<BioRef> {
    Flavour::socket_bio(fd)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_fd(ssl: *mut Ssl, fd: c_int) -> c_int {
    with(FUNC, ssl, FAIL, |s| {
        let Some(bio) = socket_bio(fd) else {
            return 0;
        };
        let mut c = s.lock();
        c.set_rbio(Some(bio.clone()));
        c.set_wbio(Some(bio));
        1
    })
}

/// Reuses the other direction's socket BIO when it already wraps `fd`.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_rfd(ssl: *mut Ssl, fd: c_int) -> c_int {
    with(FUNC, ssl, FAIL, |s| {
        let mut c = s.lock();
        let bio = match c.wbio() {
            Some(w) if w.fd() == Some(fd) => w.clone(),
            _ => match socket_bio(fd) {
                Some(b) => b,
                None => return 0,
            },
        };
        c.set_rbio(Some(bio));
        1
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_wfd(ssl: *mut Ssl, fd: c_int) -> c_int {
    with(FUNC, ssl, FAIL, |s| {
        let mut c = s.lock();
        let bio = match c.rbio() {
            Some(r) if r.fd() == Some(fd) => r.clone(),
            _ => match socket_bio(fd) {
                Some(b) => b,
                None => return 0,
            },
        };
        c.set_wbio(Some(bio));
        1
    })
}

#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_fd(ssl: *const Ssl) -> c_int {
    // OpenSSL's is SSL_get_rfd.
    SSL_get_rfd(ssl)
}

#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_rfd(ssl: *const Ssl) -> c_int {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| f.rbio.as_ref().and_then(|b| b.fd()).unwrap_or(-1),
        |s| s.lock().rfd(),
    )
}

#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_wfd(ssl: *const Ssl) -> c_int {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| f.wbio.as_ref().and_then(|b| b.fd()).unwrap_or(-1),
        |s| s.lock().wfd(),
    )
}

// ---- handshake -------------------------------------------------------------

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_connect_state(ssl: *mut Ssl) {
    with(FUNC, ssl, FAIL, |s| {
        s.lock().set_role(HandshakeRole::Connect)
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_accept_state(ssl: *mut Ssl) {
    with(FUNC, ssl, FAIL, |s| {
        s.lock().set_role(HandshakeRole::Accept)
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_is_server(ssl: *const Ssl) -> c_int {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| c_int::from(f.is_server),
        |s| c_int::from(s.lock().is_server()),
    )
}

/// The flavour's look at the connection before a handshake call (the
/// drop-in flavour applies the host names of its `X509_VERIFY_PARAM`).
fn before_handshake(ssl: *mut Ssl) {
    if let Some(s) = handle::borrow(ssl)
        && !s.locked_here()
    {
        Flavour::before_handshake(s);
    }
}

/// `SSL_connect` picks the client role only if none was chosen, as OpenSSL.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_connect(ssl: *mut Ssl) -> c_int {
    before_handshake(ssl);
    with_conn(FUNC, ssl, -1, |c| {
        if c.role().is_none() {
            c.set_role(HandshakeRole::Connect);
        }
        c.do_handshake(FUNC)
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_accept(ssl: *mut Ssl) -> c_int {
    before_handshake(ssl);
    with_conn(FUNC, ssl, -1, |c| {
        if c.role().is_none() {
            c.set_role(HandshakeRole::Accept);
        }
        c.do_handshake(FUNC)
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_do_handshake(ssl: *mut Ssl) -> c_int {
    before_handshake(ssl);
    with_conn(FUNC, ssl, -1, |c| c.do_handshake(FUNC))
}

#[entry(fail = SSL_ERROR_SSL)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_error(ssl: *const Ssl, ret: c_int) -> c_int {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| crate::ssl::get_error_in_callback(ret, f.shutdown),
        |s| s.lock().get_error(ret),
    )
}

/// `SSL_want`: what the last call was waiting for.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_want(ssl: *const Ssl) -> c_int {
    use crate::ssl::RwState;
    // Inside a callback the connection is neither reading nor writing.
    query(
        FUNC,
        ssl,
        SSL_NOTHING,
        |_| SSL_NOTHING,
        |s| match s.lock().rwstate() {
            _ if s.delivering() => SSL_NOTHING,
            RwState::Reading => SSL_READING,
            RwState::ClientHelloCb => SSL_CLIENT_HELLO_CB,
            RwState::X509Lookup => SSL_X509_LOOKUP,
            RwState::Writing => SSL_WRITING,
            RwState::Nothing => SSL_NOTHING,
        },
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_is_init_finished(ssl: *const Ssl) -> c_int {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| c_int::from(f.init_finished),
        |s| c_int::from(!s.state.in_handshake_callback() && s.lock().is_init_finished()),
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_in_init(ssl: *const Ssl) -> c_int {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| c_int::from(f.in_init),
        |s| c_int::from(s.state.in_handshake_callback() || s.lock().in_init()),
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_in_before(ssl: *const Ssl) -> c_int {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| c_int::from(f.in_before),
        |s| c_int::from(s.lock().in_before()),
    )
}

// ---- I/O -------------------------------------------------------------------

/// A C buffer as a slice; `None` (SSL_R_BAD_LENGTH or NULL) when unusable.
fn out_buf<'a>(buf: *mut c_void, num: usize, func: &'static str) -> Option<&'a mut [u8]> {
    if num == 0 {
        return Some(&mut []);
    }
    if buf.is_null() {
        ssl_err!(ERR_R_PASSED_NULL_PARAMETER, func);
        return None;
    }
    // SAFETY: non-NULL; the caller promises `num` writable bytes, as every
    // OpenSSL read function requires, and keeps them for the call.
    Some(unsafe { std::slice::from_raw_parts_mut(buf as *mut u8, num) })
}

fn in_buf<'a>(buf: *const c_void, num: usize, func: &'static str) -> Option<&'a [u8]> {
    if num == 0 {
        return Some(&[]);
    }
    if buf.is_null() {
        ssl_err!(ERR_R_PASSED_NULL_PARAMETER, func);
        return None;
    }
    // SAFETY: non-NULL; the caller promises `num` readable bytes for the call.
    Some(unsafe { std::slice::from_raw_parts(buf as *const u8, num) })
}

fn int_len(num: c_int, func: &'static str) -> Option<usize> {
    match usize::try_from(num) {
        Ok(n) => Some(n),
        Err(_) => {
            ssl_err!(SSL_R_BAD_LENGTH, func);
            None
        }
    }
}

fn read_int(ssl: *mut Ssl, buf: *mut c_void, num: c_int, peek: bool, func: &'static str) -> c_int {
    with_conn(func, ssl, -1, |c| {
        let Some(n) = int_len(num, func) else {
            return -1;
        };
        match out_buf(buf, n, func) {
            Some(b) => c.read(b, peek),
            None => -1,
        }
    })
}

fn read_ex(
    ssl: *mut Ssl,
    buf: *mut c_void,
    num: usize,
    readbytes: *mut usize,
    peek: bool,
    func: &'static str,
) -> c_int {
    let r = with_conn(func, ssl, -1, |c| {
        match out_buf(buf, num.min(i32::MAX as usize), func) {
            Some(b) => c.read(b, peek),
            None => -1,
        }
    });
    store_len(readbytes, r)
}

/// The `_ex` convention: 1 and the count on success, 0 otherwise.
fn store_len(out: *mut usize, r: c_int) -> c_int {
    if r <= 0 {
        return 0;
    }
    put_len(out, r as usize);
    1
}

/// `*out = n` unless `out` is NULL.
fn put_len(out: *mut usize, n: usize) {
    if !out.is_null() {
        // SAFETY: non-NULL out-parameter the caller provides for the count.
        unsafe { *out = n };
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_read(ssl: *mut Ssl, buf: *mut c_void, num: c_int) -> c_int {
    read_int(ssl, buf, num, false, FUNC)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_peek(ssl: *mut Ssl, buf: *mut c_void, num: c_int) -> c_int {
    read_int(ssl, buf, num, true, FUNC)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_read_ex(
    ssl: *mut Ssl,
    buf: *mut c_void,
    num: usize,
    readbytes: *mut usize,
) -> c_int {
    read_ex(ssl, buf, num, readbytes, false, FUNC)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_peek_ex(
    ssl: *mut Ssl,
    buf: *mut c_void,
    num: usize,
    readbytes: *mut usize,
) -> c_int {
    read_ex(ssl, buf, num, readbytes, true, FUNC)
}

#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_write(ssl: *mut Ssl, buf: *const c_void, num: c_int) -> c_int {
    with_conn(FUNC, ssl, FAIL, |c| {
        let Some(n) = int_len(num, FUNC) else {
            return -1;
        };
        match in_buf(buf, n, FUNC) {
            Some(b) => c.write(b),
            None => -1,
        }
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_write_ex(
    ssl: *mut Ssl,
    buf: *const c_void,
    num: usize,
    written: *mut usize,
) -> c_int {
    // A write of 0 bytes succeeds with 0 written, as in OpenSSL.
    let r = with_conn(FUNC, ssl, Err(-1), |c| {
        match in_buf(buf, num.min(i32::MAX as usize), FUNC) {
            Some(b) => c.write_ex(b),
            None => Err(-1),
        }
    });
    let Ok(n) = r else {
        return 0;
    };
    put_len(written, n);
    1
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_pending(ssl: *const Ssl) -> c_int {
    // Inside a callback the connection is mid-handshake: nothing pending.
    query(
        FUNC,
        ssl,
        FAIL,
        |_| 0,
        |s| s.lock().pending().min(i32::MAX as usize) as c_int,
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_has_pending(ssl: *const Ssl) -> c_int {
    query(
        FUNC,
        ssl,
        FAIL,
        |_| 0,
        |s| c_int::from(s.lock().pending() > 0),
    )
}

#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_shutdown(ssl: *mut Ssl) -> c_int {
    with_conn(FUNC, ssl, FAIL, |c| c.shutdown())
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_shutdown(ssl: *const Ssl) -> c_int {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| f.shutdown,
        |s| s.lock().shutdown_flags(),
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_shutdown(ssl: *mut Ssl, mode: c_int) {
    setter(
        FUNC,
        ssl,
        FAIL,
        |f| f.shutdown = mode & (SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN),
        move |c| c.set_shutdown_flags(mode),
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_quiet_shutdown(ssl: *mut Ssl, mode: c_int) {
    setter(
        FUNC,
        ssl,
        FAIL,
        |f| f.quiet_shutdown = mode != 0,
        move |c| c.set_quiet_shutdown(mode != 0),
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_quiet_shutdown(ssl: *const Ssl) -> c_int {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| c_int::from(f.quiet_shutdown),
        |s| c_int::from(s.lock().quiet_shutdown()),
    )
}

// ---- settings ----------------------------------------------------------------

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_options(ssl: *mut Ssl, op: u64) -> u64 {
    setter(
        FUNC,
        ssl,
        FAIL,
        |f| {
            f.options |= op;
            f.options
        },
        move |c| {
            let o = c.options() | op;
            c.set_options(o)
        },
    )
}

/// `SSL_clear`: ready for another connection with the same settings
/// (`Conn::clear`); 1, or 0 for a bad handle.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_clear(ssl: *mut Ssl) -> c_int {
    with(FUNC, ssl, FAIL, |s| {
        s.lock().clear();
        1
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_clear_options(ssl: *mut Ssl, op: u64) -> u64 {
    setter(
        FUNC,
        ssl,
        FAIL,
        |f| {
            f.options &= !op;
            f.options
        },
        move |c| {
            let o = c.options() & !op;
            c.set_options(o)
        },
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_options(ssl: *const Ssl) -> u64 {
    query(FUNC, ssl, FAIL, |f| f.options, |s| s.lock().options())
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_verify(ssl: *mut Ssl, mode: c_int, cb: VerifyCallback) {
    handle::with(FUNC, ssl, FAIL, |s| {
        s.set_verify_mode(mode);
        s.set_verify_callback(super::cert_callbacks::verify_ref(cb));
    })
}

/// Readable from callbacks (no connection lock).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_verify_mode(ssl: *const Ssl) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| s.verify_mode())
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_verify_depth(ssl: *mut Ssl, depth: c_int) {
    handle::with(FUNC, ssl, FAIL, |s| {
        s.set_verify_depth(depth);
        Flavour::set_param_depth(&s.keep, depth);
    })
}

/// Readable from callbacks (no connection lock).
#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_verify_depth(ssl: *const Ssl) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        Flavour::param_depth(&s.keep).unwrap_or_else(|| s.verify_depth())
    })
}

/// Readable from callbacks (no connection lock); during verification it
/// still reports the previous result, as OpenSSL's does.
#[entry(fail = X509_V_ERR_UNSPECIFIED as c_long)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_verify_result(ssl: *const Ssl) -> c_long {
    handle::with(FUNC, ssl, c_long::from(X509_V_ERR_UNSPECIFIED), |s| {
        s.verify_result() as c_long
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_verify_result(ssl: *mut Ssl, result: c_long) {
    // The verification state has its own lock: a verify callback may set it.
    handle::with(FUNC, ssl, FAIL, |s| {
        crate::verify::session::with(s.verify_session(), |v| v.result = result)
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set1_host(ssl: *mut Ssl, host: *const c_char) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        let name = c_str(host);
        s.set_host(name, false);
        Flavour::set_param_host(
            s,
            host,
            false,
            name.is_some_and(crate::verify::is_ip_literal),
        );
        1
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_add1_host(ssl: *mut Ssl, host: *const c_char) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        let name = c_str(host);
        // A second IP address fails, as OpenSSL's (no error queued).
        if !s.set_host(name, true) {
            return 0;
        }
        Flavour::set_param_host(
            s,
            host,
            true,
            name.is_some_and(crate::verify::is_ip_literal),
        );
        1
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_servername(ssl: *const Ssl, kind: c_int) -> *const c_char {
    if kind != TLSEXT_NAMETYPE_host_name {
        return ptr::null();
    }
    // The string lives in the connection until it changes, as in OpenSSL.
    query(
        FUNC,
        ssl,
        FAIL,
        |f| f.servername.as_ref().map_or(ptr::null(), |n| n.as_ptr()),
        |s| s.lock().servername().map_or(ptr::null(), |n| n.as_ptr()),
    )
}

#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_servername_type(ssl: *const Ssl) -> c_int {
    let kind = |named: bool| if named { TLSEXT_NAMETYPE_host_name } else { -1 };
    query(
        FUNC,
        ssl,
        FAIL,
        |f| kind(f.servername.is_some()),
        |s| kind(s.lock().servername().is_some()),
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_cipher_list(ssl: *mut Ssl, list: *const c_char) -> c_int {
    let Some(l) = parse_cipher_list(list, FUNC) else {
        return 0;
    };
    let ok = c_int::from(!l.suites.is_empty());
    settings_setter(FUNC, ssl, FAIL, |st| {
        st.tls12_ciphers = l.suites;
        if let Some(level) = l.seclevel {
            st.security_level = level;
        }
        ok
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_ciphersuites(ssl: *mut Ssl, list: *const c_char) -> c_int {
    match parse_ciphersuites(list, FUNC) {
        Some(l) => settings_setter(FUNC, ssl, FAIL, |st| {
            st.tls13_ciphers = l;
            1
        }),
        None => 0,
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_use_certificate_file(
    ssl: *mut Ssl,
    file: *const c_char,
    kind: c_int,
) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        edit_own_certs(s, |oc| {
            use_file(oc, file, kind, FileKind::Certificate, FUNC)
        })
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_use_certificate_chain_file(ssl: *mut Ssl, file: *const c_char) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        edit_own_certs(s, |oc| {
            use_file(oc, file, SSL_FILETYPE_PEM, FileKind::Chain, FUNC)
        })
    })
}

/// The same with the connection's password callback.
#[entry(
    standalone_limitation = "an encrypted PEM key is refused (ERR_R_PEM_LIB); the default password callback is never called"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_use_PrivateKey_file(
    ssl: *mut Ssl,
    file: *const c_char,
    kind: c_int,
) -> c_int {
    handle::with(FUNC, ssl, 0, |s| {
        // Unlocked while the program's password callback may run.
        let busy = s.locked_here();
        let hints = if busy {
            s.facts().hints
        } else {
            s.lock().hints
        };
        let accepts = |k: &crate::ctx::LoadedKey| {
            if busy {
                s.facts().settings.cert.accepts_key(k)
            } else {
                s.lock().own_certs().accepts_key(k)
            }
        };
        match flavour_key_file(&s.keep, hints, file, kind, FUNC, &accepts) {
            Some(Some(key)) => edit_own_certs(s, |oc| super::pkey::use_key(oc, key, FUNC)),
            Some(None) => 0,
            None => edit_own_certs(s, |oc| use_file(oc, file, kind, FileKind::Key, FUNC)),
        }
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_check_private_key(ssl: *const Ssl) -> c_int {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| check_key(&f.settings.cert, FUNC),
        |s| check_key(&s.lock().own_certs(), FUNC),
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_ex_data(ssl: *mut Ssl, idx: c_int, data: *mut c_void) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        c_int::from(s.ex_data.set(idx, data as usize))
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_ex_data(ssl: *const Ssl, idx: c_int) -> *mut c_void {
    handle::with(FUNC, ssl, FAIL, |s| s.ex_data.get(idx) as *mut c_void)
}

/// `SSL_ctrl`: the numbers behind ssl.h's per-connection macros.
#[entry(
    limitation = "ctrls beyond host name, mode, protocol bounds, groups, signature algorithms, certificate chains and the current certificate (one per key type), send fragment sizes, read-ahead, the certificate list limit and pipelines (recorded), the message callback argument and RI support return 0; groups OpenSSL 3.0 knows and we lack (X448, ffdhe, brainpool, binary curves; P-521 is offered) are accepted and not offered, and a list of only those makes handshakes fail (client: no suitable groups; server: no suitable key share, or no shared cipher in TLS 1.2); SSL_get1_groups and SSL_get_shared_group answer 0"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_ctrl(ssl: *mut Ssl, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long {
    // Inside the connection's own callbacks: the copy it keeps.
    if let Some(s) = handle::borrow(ssl)
        && s.locked_here()
    {
        return super::ctrl_busy::ssl_ctrl(s, cmd, larg, parg, FUNC);
    }
    with(FUNC, ssl, FAIL, |s| {
        let mut c = s.lock();
        match cmd {
            SSL_CTRL_SET_TLSEXT_HOSTNAME => {
                if larg != c_long::from(TLSEXT_NAMETYPE_host_name) {
                    ssl_err!(SSL_R_SSL3_EXT_INVALID_SERVERNAME_TYPE, FUNC);
                    return 0;
                }
                if c.set_sni(c_cstr(parg as *const c_char)) {
                    1
                } else {
                    ssl_err!(SSL_R_SSL3_EXT_INVALID_SERVERNAME, FUNC);
                    0
                }
            }
            SSL_CTRL_MODE | SSL_CTRL_CLEAR_MODE => {
                c.change_mode(cmd == SSL_CTRL_MODE, larg as u64) as c_long
            }
            SSL_CTRL_GET_NEGOTIATED_GROUP => c
                .negotiated_group()
                .map_or(0, |g| c_long::from(crate::ctx::group_nid(g))),
            SSL_CTRL_SET_READ_AHEAD => {
                c_long::from(std::mem::replace(&mut c.hints.read_ahead, larg != 0))
            }
            SSL_CTRL_GET_READ_AHEAD => c_long::from(c.hints.read_ahead),
            SSL_CTRL_SET_MSG_CALLBACK_ARG => {
                c.hints.msg_arg = parg as usize;
                1
            }
            _ if let Some(r) = hints_ctrl(&mut c.hints, cmd, larg, true) => r,
            SSL_CTRL_GET_PEER_SIGNATURE_NID => {
                super::introspect::signature_nid_ctrl(c.peer_signature_scheme(), parg) as c_long
            }
            SSL_CTRL_GET_SHARED_GROUP => {
                super::introspect::shared_group_ctrl(&c.shared_groups(), larg)
            }
            SSL_CTRL_GET_GROUPS => super::introspect::groups_ctrl(c.peer_groups(), parg),
            SSL_CTRL_GET_SIGNATURE_NID => {
                super::introspect::signature_nid_ctrl(c.own_signature_scheme(), parg) as c_long
            }
            // SSL_get0_raw_cipherlist: NULL asks for one suite's length.
            // (OpenSSL's TLS_CIPHER_LEN, an internal constant: 2.)
            SSL_CTRL_GET_RAW_CIPHERLIST if parg.is_null() => 2,
            SSL_CTRL_GET_RAW_CIPHERLIST => match c.raw_cipher_list() {
                Some(list) => {
                    // SAFETY: non-NULL out-parameter (a `const unsigned char
                    // **`); the bytes live in the connection until its next
                    // handshake, as OpenSSL's.
                    unsafe { *parg.cast::<*const u8>() = list.as_ptr() };
                    list.len() as c_long
                }
                None => 0,
            },
            // Whether the peer's hello showed RFC 5746 support (a TLS 1.3
            // ServerHello never does), as OpenSSL's send_connection_binding.
            SSL_CTRL_GET_RI_SUPPORT => c_long::from(c.secure_renegotiation_support()),
            SSL_CTRL_SET_TMP_ECDH => super::tmp_dh::ecdh_curve(parg, FUNC).map_or(0, |mut nid| {
                let nid = (&raw mut nid).cast::<c_void>();
                settings_set(c.settings_mut(), SSL_CTRL_SET_GROUPS, 1, nid, FUNC)
            }),
            _ if let Some(r) = super::tmp_dh::ctrl(cmd, larg, parg, FUNC) => r,
            _ if let Some(r) = super::tlsext::ssl_ctrl(&mut c, cmd, larg, parg) => r,
            // SSL_get_peer_tmp_key / SSL_get_tmp_key: a new reference.
            SSL_CTRL_GET_PEER_TMP_KEY | SSL_CTRL_GET_TMP_KEY if !parg.is_null() => {
                let key = c
                    .tmp_key_spki(cmd == SSL_CTRL_GET_PEER_TMP_KEY)
                    .map_or(ptr::null_mut(), |spki| Flavour::public_key_out(&spki));
                if key.is_null() {
                    0
                } else {
                    // SAFETY: `parg` is the program's EVP_PKEY ** (the
                    // macro's contract), checked non-NULL.
                    unsafe { *(parg as *mut *mut c_void) = key };
                    1
                }
            }
            SSL_CTRL_SET_VERIFY_CERT_STORE => {
                let cur = c.settings().root_source.clone();
                match Flavour::verify_store_source(cur, parg, larg == 0) {
                    Some(src) => {
                        c.settings_mut().root_source = src;
                        1
                    }
                    None => 0,
                }
            }
            _ if let Some(r) =
                super::cert_chain::ssl_ctrl(&mut c, &s.keep, cmd, larg, parg, FUNC) =>
            {
                r
            }
            _ if is_settings_set(cmd) => settings_set(c.settings_mut(), cmd, larg, parg, FUNC),
            _ => settings_get(c.settings(), cmd).unwrap_or(0),
        }
    })
}

// ---- results -----------------------------------------------------------------

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get1_peer_certificate(ssl: *const Ssl) -> *mut X509 {
    // The same object SSL_get0_peer_certificate returns, one more
    // reference (as OpenSSL's).
    let p = super::peer::SSL_get0_peer_certificate(ssl);
    if !p.is_null() {
        Flavour::x509_up_ref(p.cast());
    }
    p
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_version(ssl: *const Ssl) -> *const c_char {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| crate::version::name(f.version).as_ptr(),
        |s| crate::version::name(s.lock().version()).as_ptr(),
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_version(ssl: *const Ssl) -> c_int {
    query(FUNC, ssl, FAIL, |f| f.version, |s| s.lock().version())
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_current_cipher(ssl: *const Ssl) -> *const SslCipher {
    query(
        FUNC,
        ssl,
        FAIL,
        |f| f.cipher.map_or(ptr::null(), |c| c as *const SslCipher),
        |s| {
            s.lock()
                .current_cipher()
                .map_or(ptr::null(), |c| c as *const SslCipher)
        },
    )
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_alert_desc_string(value: c_int) -> *const c_char {
    crate::alert::desc_string(value).as_ptr()
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_alert_desc_string_long(value: c_int) -> *const c_char {
    crate::alert::desc_string_long(value).as_ptr()
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_alert_type_string(value: c_int) -> *const c_char {
    crate::alert::type_string(value).as_ptr()
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_alert_type_string_long(value: c_int) -> *const c_char {
    crate::alert::type_string_long(value).as_ptr()
}

/// Renegotiation is not available on rustls: fails cleanly (see
/// `ssl::renegotiate`).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_renegotiate(ssl: *mut Ssl) -> c_int {
    with(FUNC, ssl, FAIL, |s| s.lock().renegotiate(FUNC))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_renegotiate_abbreviated(ssl: *mut Ssl) -> c_int {
    with(FUNC, ssl, FAIL, |s| s.lock().renegotiate(FUNC))
}

/// No renegotiation is ever pending.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_renegotiate_pending(ssl: *const Ssl) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| 0)
}
