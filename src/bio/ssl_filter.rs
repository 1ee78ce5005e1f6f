//! The SSL filter BIO (`BIO_f_ssl`, OpenSSL's ssl/bio_ssl.c): `BIO_read`/
//! `BIO_write` through an `SSL` whose read and write BIO is the next BIO of
//! the chain, and the BIO's retry flags set from `SSL_get_error` after each
//! call, so a program written against BIOs drives TLS like any other filter.
//!
//! Two flavours share the logic here: `SslFilter`, our own `BioImpl`
//! (standalone), and the drop-in's libcrypto `BIO_METHOD` callbacks
//! (ffi/libcrypto/bio_ssl.rs). Both reach their `SSL` through `SslEnd`
//! (libssl's public calls; implemented in the ffi layer over our `SSL`
//! handles, which both flavours hand out) and their BIO's flags through
//! `RetryFlags`; `read`, `write`, `do_handshake` and `Renegotiation` are the
//! part that is the same whatever the BIO objects are.

#![forbid(unsafe_code)]

use std::any::Any;
use std::ffi::CStr;
use std::os::raw::{c_int, c_long, c_void};
use std::sync::{Arc, Mutex, MutexGuard};

use super::{Bio, BioImpl, CtrlArg, InfoCb, Op, null_param};
use crate::abi::*;

/// What the SSL BIO asks of its `SSL`: libssl's public calls, with their
/// return conventions.
pub trait SslEnd: Send + Sync {
    /// `SSL_read`: >0 bytes read, else the value for `get_error`.
    fn read(&self, buf: &mut [u8]) -> c_int;
    /// `SSL_write`.
    fn write(&self, buf: &[u8]) -> c_int;
    /// `SSL_get_error`.
    fn get_error(&self, ret: c_int) -> c_int;
    /// `SSL_do_handshake`.
    fn do_handshake(&self) -> c_int;
    /// `SSL_shutdown`.
    fn shutdown(&self) -> c_int;
    /// `SSL_in_init`.
    fn in_init(&self) -> bool;
    /// `SSL_pending`.
    fn pending(&self) -> c_int;
    /// `SSL_set_connect_state` (true) or `SSL_set_accept_state`.
    fn set_connect_state(&self, client: bool);
    /// Which of those was chosen (true: connect), `None` for neither
    /// (OpenSSL's `handshake_func`).
    fn connect_role(&self) -> Option<bool>;
    /// `SSL_clear`.
    fn clear(&self) -> bool;
    /// `SSL_renegotiate`.
    fn renegotiate(&self) -> c_int;
    /// `SSL_free` of the reference the program handed over with
    /// `BIO_set_ssl(b, ssl, BIO_CLOSE)`.
    fn free(&self);
    /// The `SSL*` the program knows (`BIO_get_ssl`).
    fn as_ptr(&self) -> *mut c_void;
}

/// The standalone flavour's `SSL`, whose BIOs are our own.
pub trait OwnSsl: SslEnd {
    /// `SSL_get_rbio`.
    fn rbio(&self) -> Option<Arc<Bio>>;
    /// `SSL_get_wbio`.
    fn wbio(&self) -> Option<Arc<Bio>>;
    /// `BIO_up_ref(b)` then `SSL_set_bio(ssl, b, b)` (bio_ssl.c's
    /// `BIO_CTRL_PUSH`); `None`: `SSL_set_bio(ssl, NULL, NULL)`.
    fn set_bio(&self, b: Option<&Arc<Bio>>);
}

/// The flags of the SSL BIO itself, in either flavour's BIO objects.
pub trait RetryFlags {
    /// `BIO_clear_retry_flags`.
    fn clear_retry_flags(&self);
    /// `BIO_set_flags`.
    fn set_flags(&self, flags: c_int);
    /// `BIO_set_retry_reason`.
    fn set_retry_reason(&self, reason: c_int);
}

impl RetryFlags for Bio {
    fn clear_retry_flags(&self) {
        Bio::clear_retry_flags(self);
    }
    fn set_flags(&self, flags: c_int) {
        Bio::set_flags(self, flags);
    }
    fn set_retry_reason(&self, reason: c_int) {
        Bio::set_retry_reason(self, reason);
    }
}

/// Which call of the SSL BIO ran: bio_ssl.c maps `SSL_get_error` slightly
/// differently after each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Call {
    Read,
    Write,
    Handshake,
}

const SPECIAL: c_int = BIO_FLAGS_IO_SPECIAL | BIO_FLAGS_SHOULD_RETRY;

/// The retry flags and retry reason bio_ssl.c gives the SSL BIO when
/// `SSL_get_error` says `err` after `call`; `next_reason` is the next BIO's
/// retry reason (a handshake waiting for the connect BIO below passes its
/// reason up). Read and write record a waiting X509 lookup, accept or
/// connect as "special" with that reason (a write has no accept case); a
/// handshake only the lookup and the connect.
pub fn retry_for(call: Call, err: c_int, next_reason: c_int) -> (c_int, c_int) {
    match (call, err) {
        (_, SSL_ERROR_WANT_READ) => (BIO_FLAGS_READ | BIO_FLAGS_SHOULD_RETRY, 0),
        (_, SSL_ERROR_WANT_WRITE) => (BIO_FLAGS_WRITE | BIO_FLAGS_SHOULD_RETRY, 0),
        (_, SSL_ERROR_WANT_X509_LOOKUP) => (SPECIAL, BIO_RR_SSL_X509_LOOKUP),
        (Call::Read, SSL_ERROR_WANT_ACCEPT) => (SPECIAL, BIO_RR_ACCEPT),
        (Call::Read | Call::Write, SSL_ERROR_WANT_CONNECT) => (SPECIAL, BIO_RR_CONNECT),
        (Call::Handshake, SSL_ERROR_WANT_CONNECT) => (SPECIAL, next_reason),
        _ => (0, 0),
    }
}

/// bio_ssl.c's renegotiation settings: `BIO_set_ssl_renegotiate_bytes`/
/// `_timeout` ask for `SSL_renegotiate` after that many bytes or seconds,
/// and `BIO_get_num_renegotiates` counts the requests (on rustls each
/// request fails as `SSL_renegotiate` does, but is counted as OpenSSL
/// counts it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Renegotiation {
    num_renegotiates: c_int,
    count: u64,
    byte_count: u64,
    timeout: u64,
    last_time: u64,
}

impl Renegotiation {
    /// After `n` bytes went through: whether `SSL_renegotiate` is due now
    /// (then counted).
    pub fn due(&mut self, n: usize, now: u64) -> bool {
        if self.count > 0 {
            self.byte_count = self.byte_count.saturating_add(n as u64);
            if self.byte_count > self.count {
                self.byte_count = 0;
                self.num_renegotiates = self.num_renegotiates.wrapping_add(1);
                return true;
            }
        }
        if self.timeout > 0 && now > self.last_time.saturating_add(self.timeout) {
            self.last_time = now;
            self.num_renegotiates = self.num_renegotiates.wrapping_add(1);
            return true;
        }
        false
    }

    /// `BIO_C_SET_SSL_RENEGOTIATE_BYTES`: the old limit; below 512 bytes
    /// the limit is left unchanged.
    pub fn set_bytes(&mut self, num: c_long) -> c_long {
        let old = self.count as c_long;
        if num >= 512 {
            self.count = num as u64;
        }
        old
    }

    /// `BIO_C_SET_SSL_RENEGOTIATE_TIMEOUT`: the old timeout; below 60
    /// seconds it becomes 5 (OpenSSL's rule), counted from now.
    pub fn set_timeout(&mut self, num: c_long, now: u64) -> c_long {
        let old = self.timeout as c_long;
        self.timeout = if num < 60 { 5 } else { num as u64 };
        self.last_time = now;
        old
    }

    /// `BIO_get_num_renegotiates`.
    pub fn count(&self) -> c_long {
        c_long::from(self.num_renegotiates)
    }
}

fn now() -> u64 {
    crate::os::time_now().max(0) as u64
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Sets the flags and reason for `err` after `call`, and on success asks
/// for the renegotiation that is due.
fn after(
    bio: &dyn RetryFlags,
    ssl: &dyn SslEnd,
    reneg: &Mutex<Renegotiation>,
    call: Call,
    ret: c_int,
    n: usize,
) {
    let err = ssl.get_error(ret);
    if err == SSL_ERROR_NONE {
        let due = lock(reneg).due(n, now());
        if due {
            ssl.renegotiate();
        }
    }
    let (flags, reason) = retry_for(call, err, 0);
    if flags != 0 {
        bio.set_flags(flags);
    }
    bio.set_retry_reason(reason);
}

/// `ssl_read`: `SSL_read` into `buf`, then the retry flags; the `_ex`
/// convention (`(1, n)` on success, else `(ret, 0)`).
pub fn read(
    bio: &dyn RetryFlags,
    ssl: &dyn SslEnd,
    reneg: &Mutex<Renegotiation>,
    buf: &mut [u8],
) -> (c_int, usize) {
    bio.clear_retry_flags();
    let len = buf.len().min(c_int::MAX as usize);
    let ret = ssl.read(&mut buf[..len]);
    let n = usize::try_from(ret).unwrap_or(0);
    after(bio, ssl, reneg, Call::Read, ret, n);
    if ret > 0 { (1, n) } else { (ret, 0) }
}

/// `ssl_write`: `SSL_write` of `data`, then the retry flags.
pub fn write(
    bio: &dyn RetryFlags,
    ssl: &dyn SslEnd,
    reneg: &Mutex<Renegotiation>,
    data: &[u8],
) -> (c_int, usize) {
    bio.clear_retry_flags();
    let len = data.len().min(c_int::MAX as usize);
    let ret = ssl.write(&data[..len]);
    let n = usize::try_from(ret).unwrap_or(0);
    after(bio, ssl, reneg, Call::Write, ret, n);
    if ret > 0 { (1, n) } else { (ret, 0) }
}

/// `BIO_do_handshake` (`BIO_C_DO_STATE_MACHINE`): `SSL_do_handshake`, then
/// the retry flags; `next_reason` reads the next BIO's retry reason.
pub fn do_handshake(
    bio: &dyn RetryFlags,
    ssl: &dyn SslEnd,
    next_reason: impl FnOnce() -> c_int,
) -> c_long {
    bio.clear_retry_flags();
    bio.set_retry_reason(0);
    let ret = ssl.do_handshake();
    let err = ssl.get_error(ret);
    let next = if err == SSL_ERROR_WANT_CONNECT {
        next_reason()
    } else {
        0
    };
    let (flags, reason) = retry_for(Call::Handshake, err, next);
    if flags != 0 {
        bio.set_flags(flags);
        bio.set_retry_reason(reason);
    }
    c_long::from(ret)
}

/// `BIO_CTRL_RESET`: shut the connection down and make it ready for a new
/// one in the same role; the caller then resets the BIO below.
pub fn reset(ssl: &dyn SslEnd) -> bool {
    ssl.shutdown();
    if let Some(client) = ssl.connect_role() {
        ssl.set_connect_state(client);
    }
    ssl.clear()
}

/// `ssl_free`'s work on the connection when the BIO owns it (its close
/// flag): a `close_notify` unless the handshake is unfinished, then
/// `SSL_free` if the BIO was initialised.
pub fn release(ssl: Option<&dyn SslEnd>, close: bool, init: bool) {
    if !close {
        return;
    }
    if let Some(s) = ssl {
        if !s.in_init() {
            s.shutdown();
        }
        if init {
            s.free();
        }
    }
}

/// `BIO_f_ssl` as our own BIO (standalone flavour).
#[derive(Default)]
pub struct SslFilter {
    /// `bs->ssl`: the connection (a reference of ours besides the one the
    /// close flag may give the BIO).
    ssl: Mutex<Option<Arc<dyn OwnSsl>>>,
    reneg: Mutex<Renegotiation>,
}

impl SslFilter {
    pub fn new() -> SslFilter {
        SslFilter::default()
    }

    /// The connection, cloned out so no lock is held while it runs (its
    /// callbacks may come back to this BIO).
    fn ssl(&self) -> Option<Arc<dyn OwnSsl>> {
        lock(&self.ssl).clone()
    }

    /// `ssl_free` then `ssl_new`, as `BIO_C_SET_SSL` does before taking a
    /// second connection.
    fn renew(&self, bio: &Bio) {
        let old = lock(&self.ssl).take();
        release(
            old.as_deref().map(|s| s as &dyn SslEnd),
            bio.shutdown() != 0,
            bio.init() != 0,
        );
        *lock(&self.reneg) = Renegotiation::default();
        bio.store_flags(0);
        bio.set_init(0);
    }

    /// `BIO_set_ssl`: the BIO runs `ssl` now; the connection's read BIO
    /// joins the chain below us (the chain takes a reference to it).
    fn set_ssl(&self, bio: &Bio, close: c_long, parg: CtrlArg<'_>) -> c_long {
        let CtrlArg::Ssl(Some(ssl)) = parg else {
            // OpenSSL would crash on a NULL SSL; an error return instead.
            null_param("ssl_ctrl");
            return 0;
        };
        let next = bio.next();
        if lock(&self.ssl).is_some() {
            self.renew(bio);
        }
        bio.set_shutdown(close as c_int);
        let rbio = ssl.rbio();
        *lock(&self.ssl) = Some(ssl);
        if let Some(rb) = rbio {
            super::up_ref(&rb);
            if let Some(n) = next {
                rb.push(Some(&n));
            }
            bio.set_next(Some(&rb));
        }
        bio.set_init(1);
        1
    }

    /// `BIO_CTRL_DUP` into `to`, another SSL BIO: OpenSSL frees its
    /// connection and gives it `SSL_dup` of ours with our renegotiation
    /// settings. `SSL_dup` is not available (a rustls connection cannot be
    /// copied), so the copy fails as OpenSSL's does when `SSL_dup` fails.
    fn dup_into(&self, to: Option<Arc<Bio>>) -> c_long {
        let Some(to) = to else { return 0 };
        let Some(dst) = to.imp_as::<SslFilter>() else {
            return 0;
        };
        if let Some(old) = lock(&dst.ssl).take() {
            old.free();
        }
        *lock(&dst.reneg) = *lock(&self.reneg);
        0
    }
}

/// `BIO_ctrl(b, ...)` where OpenSSL may pass a NULL `b` (-1 then).
fn ctrl_or_null(b: Option<Arc<Bio>>, cmd: c_int, larg: c_long, parg: CtrlArg<'_>) -> c_long {
    b.map_or(-1, |b| b.ctrl(cmd, larg, parg))
}

impl BioImpl for SslFilter {
    fn method_type(&self) -> c_int {
        BIO_TYPE_SSL
    }
    fn name(&self) -> &CStr {
        c"ssl"
    }
    fn supports(&self, op: Op) -> bool {
        op != Op::Gets
    }
    /// `ssl_new`: not initialised until `BIO_set_ssl`.
    fn create(&self, bio: &Bio) -> bool {
        bio.set_init(0);
        bio.store_flags(0);
        true
    }
    fn read(&self, bio: &Bio, out: Option<&mut [u8]>, len: usize) -> (c_int, usize) {
        let (Some(out), Some(ssl)) = (out, self.ssl()) else {
            return (0, 0);
        };
        read(bio, &*ssl, &self.reneg, &mut out[..len])
    }
    fn write(&self, bio: &Bio, data: Option<&[u8]>, len: usize) -> (c_int, usize) {
        let (Some(data), Some(ssl)) = (data, self.ssl()) else {
            return (0, 0);
        };
        write(bio, &*ssl, &self.reneg, &data[..len])
    }
    /// `ssl_puts`: `BIO_write` of the string, through the BIO layer.
    fn puts(&self, bio: &Bio, s: &CStr) -> c_int {
        let b = s.to_bytes();
        bio.write_int(Some(b), b.len().min(c_int::MAX as usize))
    }
    fn gets(&self, _bio: &Bio, _buf: &mut [u8]) -> c_int {
        -2
    }
    fn ctrl(&self, bio: &Bio, cmd: c_int, num: c_long, parg: CtrlArg<'_>) -> c_long {
        if cmd == BIO_C_SET_SSL {
            return self.set_ssl(bio, num, parg);
        }
        let Some(ssl) = self.ssl() else { return 0 };
        let next = bio.next();
        match cmd {
            BIO_CTRL_RESET => {
                if !reset(&*ssl) {
                    return 0;
                }
                match next.or_else(|| ssl.rbio()) {
                    Some(b) => b.ctrl(cmd, num, parg),
                    None => 1,
                }
            }
            BIO_CTRL_INFO | BIO_CTRL_SET_CALLBACK => 0,
            BIO_C_SSL_MODE => {
                ssl.set_connect_state(num != 0);
                1
            }
            BIO_C_SET_SSL_RENEGOTIATE_TIMEOUT => lock(&self.reneg).set_timeout(num, now()),
            BIO_C_SET_SSL_RENEGOTIATE_BYTES => lock(&self.reneg).set_bytes(num),
            BIO_C_GET_SSL_NUM_RENEGOTIATES => lock(&self.reneg).count(),
            BIO_C_GET_SSL => match parg {
                CtrlArg::PtrOut(Some(out)) => {
                    *out = ssl.as_ptr();
                    1
                }
                _ => 0,
            },
            BIO_CTRL_GET_CLOSE => c_long::from(bio.shutdown()),
            BIO_CTRL_SET_CLOSE => {
                bio.set_shutdown(num as c_int);
                1
            }
            BIO_CTRL_WPENDING => ctrl_or_null(ssl.wbio(), cmd, num, parg),
            BIO_CTRL_PENDING => match ssl.pending() {
                0 => c_long::from(
                    ctrl_or_null(ssl.rbio(), BIO_CTRL_PENDING, 0, CtrlArg::None) as c_int
                ),
                n => c_long::from(n),
            },
            BIO_CTRL_FLUSH => {
                bio.clear_retry_flags();
                let r = ctrl_or_null(ssl.wbio(), cmd, num, parg);
                bio.copy_next_retry();
                r
            }
            BIO_CTRL_PUSH => {
                if let Some(n) = next
                    && !ssl.rbio().is_some_and(|r| Arc::ptr_eq(&r, &n))
                {
                    ssl.set_bio(Some(&n));
                }
                1
            }
            BIO_CTRL_POP => {
                // Only when this BIO is the one popped.
                if let CtrlArg::Raw(p) = parg
                    && std::ptr::eq(p as *const Bio, bio)
                {
                    ssl.set_bio(None);
                }
                1
            }
            BIO_C_DO_STATE_MACHINE => {
                do_handshake(bio, &*ssl, || next.as_ref().map_or(0, |n| n.retry_reason()))
            }
            BIO_CTRL_DUP => match parg {
                CtrlArg::Bio(to) => self.dup_into(to),
                _ => 0,
            },
            _ => ctrl_or_null(ssl.rbio(), cmd, num, parg),
        }
    }
    fn callback_ctrl(&self, _bio: &Bio, cmd: c_int, fp: Option<InfoCb>) -> c_long {
        let Some(ssl) = self.ssl() else { return 0 };
        match cmd {
            BIO_CTRL_SET_CALLBACK => ssl.rbio().map_or(-2, |r| r.callback_ctrl(cmd, fp)),
            _ => 0,
        }
    }
    fn destroy(&self, bio: &Bio) {
        let ssl = lock(&self.ssl).take();
        let close = bio.shutdown() != 0;
        release(
            ssl.as_deref().map(|s| s as &dyn SslEnd),
            close,
            bio.init() != 0,
        );
        if close {
            bio.store_flags(0);
            bio.set_init(0);
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_flags_follow_bio_ssl_c() {
        let rw = BIO_FLAGS_SHOULD_RETRY;
        for call in [Call::Read, Call::Write, Call::Handshake] {
            assert_eq!(
                retry_for(call, SSL_ERROR_WANT_READ, 9),
                (BIO_FLAGS_READ | rw, 0)
            );
            assert_eq!(
                retry_for(call, SSL_ERROR_WANT_WRITE, 9),
                (BIO_FLAGS_WRITE | rw, 0)
            );
            assert_eq!(
                retry_for(call, SSL_ERROR_WANT_X509_LOOKUP, 9),
                (SPECIAL, BIO_RR_SSL_X509_LOOKUP)
            );
            for e in [SSL_ERROR_NONE, SSL_ERROR_SSL, SSL_ERROR_SYSCALL] {
                assert_eq!(retry_for(call, e, 9), (0, 0));
            }
        }
        assert_eq!(
            retry_for(Call::Read, SSL_ERROR_WANT_ACCEPT, 9),
            (SPECIAL, BIO_RR_ACCEPT)
        );
        assert_eq!(retry_for(Call::Write, SSL_ERROR_WANT_ACCEPT, 9), (0, 0));
        assert_eq!(retry_for(Call::Handshake, SSL_ERROR_WANT_ACCEPT, 9), (0, 0));
        assert_eq!(
            retry_for(Call::Write, SSL_ERROR_WANT_CONNECT, 9),
            (SPECIAL, BIO_RR_CONNECT)
        );
        assert_eq!(
            retry_for(Call::Handshake, SSL_ERROR_WANT_CONNECT, 9),
            (SPECIAL, 9)
        );
        assert_eq!(retry_for(Call::Read, SSL_ERROR_ZERO_RETURN, 9), (0, 0));
    }

    #[test]
    fn renegotiation_settings_follow_bio_ssl_c() {
        let mut r = Renegotiation::default();
        assert_eq!(r.set_bytes(100), 0);
        assert_eq!(r.set_bytes(600), 0);
        assert_eq!(r.set_bytes(511), 600);
        assert!(!r.due(600, 0));
        assert!(r.due(1, 0));
        assert_eq!(r.count(), 1);
        assert_eq!(r.set_timeout(10, 100), 0);
        assert_eq!(r.set_timeout(120, 100), 5);
        assert!(!r.due(0, 220));
        assert!(r.due(0, 221));
        assert_eq!(r.count(), 2);
    }
}
