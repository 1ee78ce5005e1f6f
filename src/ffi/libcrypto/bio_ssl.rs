//! The drop-in flavour's `BIO_f_ssl`: a genuine libcrypto `BIO_METHOD`
//! (made once with `BIO_meth_new`), so an SSL BIO is an ordinary libcrypto
//! BIO the program chains, pushes, pops and frees with libcrypto's
//! functions; its callbacks here run the shared core of
//! `crate::bio::ssl_filter` on our `SSL` (`SslLink`), exactly as OpenSSL's
//! ssl/bio_ssl.c runs on its own. The SSL's read and write BIO is the next
//! BIO of the chain: `BIO_push(ssl_bio, next)` reaches our
//! `BIO_CTRL_PUSH`, which hands `next` to `SSL_set_bio`. Also `BioCalls`
//! for the shared constructors (ffi/bio_ssl.rs): libcrypto's BIO API.

use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_long, c_void};
use std::ptr;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use super::Libcrypto;
use super::sys;
use crate::abi::*;
use crate::bio::ssl_filter::{self as core, Renegotiation, RetryFlags, SslEnd};
use crate::ffi::bio_ssl::{BioCalls, SslLink};
use crate::ffi::handle::guard;

/// `BIO_SSL`: what `BIO_get_data` of one of our SSL BIOs points to.
#[derive(Default)]
struct State {
    ssl: Mutex<Option<Arc<SslLink>>>,
    reneg: Mutex<Renegotiation>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl State {
    /// The connection, cloned out so no lock is held while it runs.
    fn ssl(&self) -> Option<Arc<SslLink>> {
        lock(&self.ssl).clone()
    }
}

/// A libcrypto BIO's retry flags.
struct Flags(*mut c_void);

impl RetryFlags for Flags {
    fn clear_retry_flags(&self) {
        // SAFETY: a live BIO (the callback's own).
        unsafe { sys::BIO_clear_flags(self.0, BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY) };
    }
    fn set_flags(&self, flags: c_int) {
        // SAFETY: as above.
        unsafe { sys::BIO_set_flags(self.0, flags) };
    }
    fn set_retry_reason(&self, reason: c_int) {
        // SAFETY: as above.
        unsafe { sys::BIO_set_retry_reason(self.0, reason) };
    }
}

/// The state of one of our SSL BIOs.
///
/// # Safety
/// `b` is a live BIO of our method; the state lives until its destroy.
unsafe fn state<'a>(b: *mut c_void) -> Option<&'a State> {
    // SAFETY: our method's data is NULL or a `State` from `ssl_new`.
    unsafe { (sys::BIO_get_data(b) as *const State).as_ref() }
}

/// Whether `b` is an SSL BIO of our method (what `BIO_CTRL_DUP` copies to).
///
/// # Safety
/// `b` is a live libcrypto BIO.
unsafe fn is_ours(b: *mut c_void) -> bool {
    // SAFETY: the caller's contract; the name is a C string or NULL.
    unsafe {
        if sys::BIO_method_type(b) != BIO_TYPE_SSL {
            return false;
        }
        let name = sys::BIO_method_name(b);
        !name.is_null() && CStr::from_ptr(name) == c"ssl"
    }
}

static METHOD: OnceLock<usize> = OnceLock::new();

/// `BIO_f_ssl()`: our method, made on first use (NULL if libcrypto cannot
/// make it).
pub fn method() -> *const c_void {
    *METHOD.get_or_init(|| {
        // SAFETY: BIO_meth_new copies the name; the setters store our
        // callbacks, which match the prototypes libcrypto calls them with.
        unsafe {
            let m = sys::BIO_meth_new(BIO_TYPE_SSL, c"ssl".as_ptr());
            if m.is_null() {
                return 0;
            }
            sys::BIO_meth_set_write_ex(m, Some(ssl_write));
            sys::BIO_meth_set_read_ex(m, Some(ssl_read));
            sys::BIO_meth_set_puts(m, Some(ssl_puts));
            sys::BIO_meth_set_ctrl(m, Some(ssl_ctrl));
            sys::BIO_meth_set_create(m, Some(ssl_new));
            sys::BIO_meth_set_destroy(m, Some(ssl_free));
            sys::BIO_meth_set_callback_ctrl(m, Some(ssl_callback_ctrl));
            m as usize
        }
    }) as *const c_void
}

/// `ssl_new`: a fresh state, not initialised until `BIO_set_ssl`.
unsafe extern "C" fn ssl_new(b: *mut c_void) -> c_int {
    guard("ssl_new", 0, || {
        let st = Box::into_raw(Box::<State>::default());
        // SAFETY: the BIO being created; its data is ours from now on.
        unsafe {
            sys::BIO_set_init(b, 0);
            sys::BIO_set_data(b, st.cast());
            sys::BIO_clear_flags(b, !0);
        }
        1
    })
}

/// `ssl_free`'s connection handling (shared with `BIO_set_ssl` replacing a
/// connection): a close_notify and `SSL_free` when the BIO owns it.
///
/// # Safety
/// `b` is a live BIO of our method.
unsafe fn release(b: *mut c_void, ssl: Option<Arc<SslLink>>) {
    // SAFETY: the caller's contract.
    let (close, init) = unsafe { (sys::BIO_get_shutdown(b) != 0, sys::BIO_get_init(b) != 0) };
    core::release(ssl.as_deref().map(|s| s as &dyn SslEnd), close, init);
    if close {
        // SAFETY: as above.
        unsafe {
            sys::BIO_clear_flags(b, !0);
            sys::BIO_set_init(b, 0);
        }
    }
}

unsafe extern "C" fn ssl_free(b: *mut c_void) -> c_int {
    guard("ssl_free", 0, || {
        if b.is_null() {
            return 0;
        }
        // SAFETY: the BIO being destroyed; its data is NULL or the box
        // `ssl_new` made, taken back once here.
        let st = unsafe {
            let p = sys::BIO_get_data(b) as *mut State;
            sys::BIO_set_data(b, ptr::null_mut());
            (!p.is_null()).then(|| Box::from_raw(p))
        };
        let ssl = st.and_then(|st| lock(&st.ssl).take());
        // SAFETY: as above.
        unsafe { release(b, ssl) };
        1
    })
}

unsafe extern "C" fn ssl_read(
    b: *mut c_void,
    buf: *mut c_char,
    size: usize,
    readbytes: *mut usize,
) -> c_int {
    guard("ssl_read", -1, || {
        // SAFETY: libcrypto calls us with the BIO read from.
        let Some(st) = (unsafe { state(b) }) else {
            return 0;
        };
        let Some(ssl) = st.ssl() else { return 0 };
        if buf.is_null() {
            return 0;
        }
        // SAFETY: BIO_read hands `size` writable bytes at `buf`.
        let out = unsafe { std::slice::from_raw_parts_mut(buf as *mut u8, size) };
        let (ret, n) = core::read(&Flags(b), &*ssl, &st.reneg, out);
        if !readbytes.is_null() {
            // SAFETY: libcrypto's out-parameter for the count.
            unsafe { *readbytes = n };
        }
        ret
    })
}

unsafe extern "C" fn ssl_write(
    b: *mut c_void,
    buf: *const c_char,
    size: usize,
    written: *mut usize,
) -> c_int {
    guard("ssl_write", -1, || {
        // SAFETY: libcrypto calls us with the BIO written to.
        let Some(st) = (unsafe { state(b) }) else {
            return 0;
        };
        let Some(ssl) = st.ssl() else { return 0 };
        if buf.is_null() {
            return 0;
        }
        // SAFETY: BIO_write hands `size` readable bytes at `buf`.
        let data = unsafe { std::slice::from_raw_parts(buf as *const u8, size) };
        let (ret, n) = core::write(&Flags(b), &*ssl, &st.reneg, data);
        if !written.is_null() {
            // SAFETY: libcrypto's out-parameter for the count.
            unsafe { *written = n };
        }
        ret
    })
}

/// `ssl_puts`: `BIO_write` of the string, through libcrypto's BIO layer.
unsafe extern "C" fn ssl_puts(b: *mut c_void, s: *const c_char) -> c_int {
    guard("ssl_puts", -1, || {
        // SAFETY: BIO_puts passes a NUL-terminated string.
        let len = unsafe { CStr::from_ptr(s) }.to_bytes().len();
        let len = len.min(c_int::MAX as usize) as c_int;
        // SAFETY: the live BIO and `len` readable bytes at `s`.
        unsafe { sys::BIO_write(b, s.cast(), len) }
    })
}

unsafe extern "C" fn ssl_callback_ctrl(
    b: *mut c_void,
    cmd: c_int,
    fp: Option<sys::BioInfoCb>,
) -> c_long {
    guard("ssl_callback_ctrl", 0, || {
        // SAFETY: libcrypto calls us with our BIO.
        let Some(ssl) = (unsafe { state(b) }).and_then(State::ssl) else {
            return 0;
        };
        match cmd {
            // SAFETY: the connection's read BIO (or NULL, which libcrypto
            // refuses) and the program's callback, passed on.
            BIO_CTRL_SET_CALLBACK => unsafe { sys::BIO_callback_ctrl(ssl.rbio_ptr(), cmd, fp) },
            _ => 0,
        }
    })
}

unsafe extern "C" fn ssl_ctrl(
    b: *mut c_void,
    cmd: c_int,
    num: c_long,
    parg: *mut c_void,
) -> c_long {
    // SAFETY: libcrypto calls us with our live BIO and the caller's `parg`.
    guard("ssl_ctrl", 0, || unsafe { ctrl(b, cmd, num, parg) })
}

/// `BIO_set_ssl`: the BIO runs the program's `ssl` now; the connection's
/// read BIO joins the chain below us.
///
/// # Safety
/// `b` is a live BIO of our method.
unsafe fn set_ssl(b: *mut c_void, st: &State, close: c_long, parg: *mut c_void) -> c_long {
    let Some(ssl) = SslLink::new(parg) else {
        // OpenSSL would crash on a NULL SSL; an error return instead.
        crate::bio::null_param("ssl_ctrl");
        return 0;
    };
    // SAFETY: the caller's contract; the BIOs below are the chain's and the
    // connection's, live while they hold them.
    unsafe {
        let next = sys::BIO_next(b);
        let old = lock(&st.ssl).take();
        if old.is_some() {
            release(b, old);
            *lock(&st.reneg) = Renegotiation::default();
            sys::BIO_clear_flags(b, !0);
            sys::BIO_set_init(b, 0);
        }
        sys::BIO_set_shutdown(b, close as c_int);
        let rbio = ssl.rbio_ptr();
        *lock(&st.ssl) = Some(ssl);
        if !rbio.is_null() {
            sys::BIO_up_ref(rbio);
            if !next.is_null() {
                sys::BIO_push(rbio, next);
            }
            sys::BIO_set_next(b, rbio);
        }
        sys::BIO_set_init(b, 1);
    }
    1
}

/// `ssl_ctrl`, command by command as bio_ssl.c answers them.
///
/// # Safety
/// `b` is a live BIO of our method; `parg` is what `cmd` takes.
unsafe fn ctrl(b: *mut c_void, cmd: c_int, num: c_long, parg: *mut c_void) -> c_long {
    // SAFETY: the caller's contract.
    let Some(st) = (unsafe { state(b) }) else {
        return 0;
    };
    if cmd == BIO_C_SET_SSL {
        // SAFETY: as above.
        return unsafe { set_ssl(b, st, num, parg) };
    }
    let Some(ssl) = st.ssl() else { return 0 };
    // SAFETY: the caller's contract; the BIOs used below are our chain's
    // and our connection's (NULL where absent, which libcrypto's BIO_ctrl
    // answers with -1), and `parg` is passed on for the same command.
    unsafe {
        let next = sys::BIO_next(b);
        match cmd {
            BIO_CTRL_RESET => {
                if !core::reset(&*ssl) {
                    return 0;
                }
                let below = if next.is_null() { ssl.rbio_ptr() } else { next };
                if below.is_null() {
                    1
                } else {
                    sys::BIO_ctrl(below, cmd, num, parg)
                }
            }
            BIO_CTRL_INFO | BIO_CTRL_SET_CALLBACK => 0,
            BIO_C_SSL_MODE => {
                ssl.set_connect_state(num != 0);
                1
            }
            BIO_C_SET_SSL_RENEGOTIATE_TIMEOUT => {
                let now = crate::os::time_now().max(0) as u64;
                lock(&st.reneg).set_timeout(num, now)
            }
            BIO_C_SET_SSL_RENEGOTIATE_BYTES => lock(&st.reneg).set_bytes(num),
            BIO_C_GET_SSL_NUM_RENEGOTIATES => lock(&st.reneg).count(),
            BIO_C_GET_SSL => match (parg as *mut *mut c_void).as_mut() {
                Some(out) => {
                    *out = ssl.as_ptr();
                    1
                }
                None => 0,
            },
            BIO_CTRL_GET_CLOSE => c_long::from(sys::BIO_get_shutdown(b)),
            BIO_CTRL_SET_CLOSE => {
                sys::BIO_set_shutdown(b, num as c_int);
                1
            }
            BIO_CTRL_WPENDING => sys::BIO_ctrl(ssl.wbio_ptr(), cmd, num, parg),
            BIO_CTRL_PENDING => match ssl.pending() {
                0 => {
                    c_long::from(
                        sys::BIO_ctrl(ssl.rbio_ptr(), BIO_CTRL_PENDING, 0, ptr::null_mut())
                            as c_int,
                    )
                }
                n => c_long::from(n),
            },
            BIO_CTRL_FLUSH => {
                Flags(b).clear_retry_flags();
                let r = sys::BIO_ctrl(ssl.wbio_ptr(), cmd, num, parg);
                // libcrypto's BIO_copy_next_retry needs a next BIO.
                if !next.is_null() {
                    sys::BIO_copy_next_retry(b);
                }
                r
            }
            BIO_CTRL_PUSH => {
                if !next.is_null() && next != ssl.rbio_ptr() {
                    // The reference SSL_set_bio takes over.
                    sys::BIO_up_ref(next);
                    ssl.set_bio_ptr(next);
                }
                1
            }
            BIO_CTRL_POP => {
                // Only when this BIO is the one popped.
                if parg == b {
                    ssl.set_bio_ptr(ptr::null_mut());
                }
                1
            }
            BIO_C_DO_STATE_MACHINE => core::do_handshake(&Flags(b), &*ssl, || {
                if next.is_null() {
                    0
                } else {
                    sys::BIO_get_retry_reason(next)
                }
            }),
            BIO_CTRL_DUP => {
                // OpenSSL gives the copy SSL_dup of our connection, which a
                // rustls connection cannot be; the copy fails as OpenSSL's
                // does when SSL_dup fails (its old connection freed).
                if !parg.is_null()
                    && is_ours(parg)
                    && let Some(dst) = state(parg)
                {
                    if let Some(old) = lock(&dst.ssl).take() {
                        old.free();
                    }
                    *lock(&dst.reneg) = *lock(&st.reneg);
                }
                0
            }
            _ => sys::BIO_ctrl(ssl.rbio_ptr(), cmd, num, parg),
        }
    }
}

impl BioCalls for Libcrypto {
    fn f_ssl() -> *const c_void {
        method()
    }
    fn s_connect() -> *const c_void {
        // SAFETY: no arguments; a static method of libcrypto.
        unsafe { sys::BIO_s_connect() }
    }
    fn f_buffer() -> *const c_void {
        // SAFETY: as above.
        unsafe { sys::BIO_f_buffer() }
    }
    unsafe fn bio_new(m: *const c_void) -> *mut c_void {
        // SAFETY: a libcrypto method (the caller's contract).
        unsafe { sys::BIO_new(m) }
    }
    unsafe fn bio_free(b: *mut c_void) {
        // SAFETY: NULL or a live BIO whose reference the caller gives up.
        unsafe { sys::BIO_free(b) };
    }
    unsafe fn bio_push(b: *mut c_void, append: *mut c_void) -> *mut c_void {
        // SAFETY: NULL or live BIOs.
        unsafe { sys::BIO_push(b, append) }
    }
    unsafe fn bio_ctrl(b: *mut c_void, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long {
        // SAFETY: NULL or a live BIO; `parg` is what `cmd` takes.
        unsafe { sys::BIO_ctrl(b, cmd, larg, parg) }
    }
    unsafe fn bio_next(b: *mut c_void) -> *mut c_void {
        // SAFETY: NULL or a live BIO.
        unsafe { sys::BIO_next(b) }
    }
    unsafe fn bio_method_type(b: *const c_void) -> c_int {
        // SAFETY: a live BIO.
        unsafe { sys::BIO_method_type(b) }
    }
    unsafe fn bio_find_type(b: *mut c_void, ty: c_int) -> *mut c_void {
        // SAFETY: NULL or a live BIO.
        unsafe { sys::BIO_find_type(b, ty) }
    }
}
