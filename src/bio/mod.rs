//! The BIO layer: OpenSSL's I/O abstraction, behind the `Transport` trait the
//! connection state machine uses.
//!
//! A `Bio` is the object (`BIO*` in the standalone flavour): flags, init and
//! close state, counters and the chain links, plus a `BioImpl` — the
//! method-specific behaviour (memory, pair, socket/fd, null, or a C-defined
//! `BIO_METHOD`). `Bio`'s read/write/puts/gets/ctrl wrap the implementation
//! exactly as OpenSSL's bio_lib.c does (argument checks, init check,
//! counters), so the C exports stay thin.

#![forbid(unsafe_code)]

mod buffer;
mod connect;
pub mod file;
mod mem;
mod null;
mod pair;
mod socket;
pub mod ssl_filter;

use std::any::Any;
use std::ffi::CStr;
use std::os::raw::{c_int, c_long, c_void};
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicPtr, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use crate::abi::{
    BIO_C_GET_FD, BIO_CTRL_EOF, BIO_CTRL_FLUSH, BIO_CTRL_POP, BIO_CTRL_PUSH, BIO_CTRL_SET_CALLBACK,
    BIO_FLAGS_IO_SPECIAL, BIO_FLAGS_READ, BIO_FLAGS_RWS, BIO_FLAGS_SHOULD_RETRY, BIO_FLAGS_WRITE,
    BIO_R_INVALID_ARGUMENT, BIO_R_UNINITIALIZED, BIO_R_UNSUPPORTED_METHOD, BIO_TYPE_DESCRIPTOR,
    ERR_LIB_BIO, ERR_R_INIT_FAIL, ERR_R_INTERNAL_ERROR, ERR_R_PASSED_NULL_PARAMETER,
};

pub use buffer::BufferBio;
pub use connect::ConnectBio;
pub use mem::MemBio;
pub use null::NullBio;
pub use pair::PairBio;
pub use socket::{FdBio, FdKind, non_fatal_error};

/// `BIO_TYPE_MASK`: the low byte of a method type is its index.
pub const BIO_TYPE_MASK: c_int = 0xff;

/// Raises a BIO-library error on the ERR queue.
pub(crate) fn bio_err(reason: c_int, func: &'static str) {
    crate::err::raise(ERR_LIB_BIO, reason, func, file!(), line!());
}

/// What an `SSL` needs from its read and write BIOs, with `BIO_read`/
/// `BIO_write` return conventions (>0 bytes, 0 EOF/nothing, <0 error) and
/// OpenSSL's retry flags. Implemented by our own BIOs and (drop-in flavour) by
/// libcrypto's.
pub trait Transport: Send + Sync + Any {
    fn read(&self, buf: &mut [u8]) -> isize;
    fn write(&self, buf: &[u8]) -> isize;
    /// `BIO_flush`: 1 on success.
    fn flush(&self) -> isize;
    /// `BIO_should_retry` after the last read/write.
    fn should_retry(&self) -> bool;
    fn should_read(&self) -> bool;
    fn should_write(&self) -> bool;
    /// `BIO_eof`.
    fn eof(&self) -> bool;
    /// `BIO_get_fd` on the first descriptor BIO in the chain.
    fn fd(&self) -> Option<i32>;
    /// Whether a connection must read from this BIO one record at a time,
    /// as OpenSSL without read-ahead does: true unless bytes left in it are
    /// only ever collected by further `SSL_read` calls (our memory BIOs and
    /// BIO pairs), so that records not yet needed stay where the program's
    /// readiness checks (`poll()` on a socket) see them.
    fn reads_by_record(&self) -> bool {
        true
    }
    /// `BIO_clear_retry_flags` then `BIO_set_retry_read`: what OpenSSL's
    /// `SSL_read` leaves on the read BIO when it stops for a retry of its
    /// own (a record without application data, `SSL_MODE_AUTO_RETRY` off).
    fn mark_retry_read(&self);
    fn as_any(&self) -> &dyn Any;
}

pub type BioRef = Arc<dyn Transport>;

/// The optional entry points of a method (a C `BIO_METHOD` may leave any of
/// them NULL; OpenSSL then fails the call with BIO_R_UNSUPPORTED_METHOD).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Create,
    Read,
    Write,
    Puts,
    Gets,
    Ctrl,
    CallbackCtrl,
}

/// `BIO_info_cb`, as passed to `BIO_callback_ctrl` (only stored/forwarded).
pub type InfoCb = unsafe extern "C" fn(*mut Bio, c_int, c_int) -> c_int;

/// The `parg` of a ctrl, decoded by the caller for the commands our built-in
/// methods understand (the core cannot dereference C pointers). C-defined
/// methods receive the original pointer via `as_raw`.
pub enum CtrlArg<'a> {
    None,
    /// An undecoded C pointer, passed through untouched.
    Raw(*mut c_void),
    /// `BIO_C_SET_FD`: the descriptor `*(int *)parg`.
    Int(c_int),
    /// `BIO_C_GET_FD`: where to store the descriptor.
    IntOut(Option<&'a mut c_int>),
    /// `BIO_CTRL_INFO`, `BIO_C_GET_BUF_MEM_PTR`: a `char **`/`BUF_MEM **` out.
    PtrOut(Option<&'a mut *mut c_void>),
    /// `BIO_C_MAKE_BIO_PAIR`, `BIO_CTRL_DUP`: the other BIO.
    Bio(Option<Arc<Bio>>),
    /// `BIO_C_SET_SSL`: the connection (`None` for NULL or not ours).
    Ssl(Option<Arc<dyn ssl_filter::OwnSsl>>),
    /// `BIO_C_SET_CONNECT`: a host, port or "host:port" string.
    Str(Option<&'a CStr>),
    /// `BIO_C_SET_BUFF_READ_DATA`: `larg` bytes to read back.
    Bytes(Option<&'a [u8]>),
    /// `BIO_CTRL_PEEK`: where to copy up to `larg` bytes.
    BytesOut(Option<&'a mut [u8]>),
}

impl CtrlArg<'_> {
    /// The C pointer equivalent of this argument (for C-defined methods).
    /// Building raw pointers is safe; only their users dereference them.
    pub fn as_raw(&mut self) -> *mut c_void {
        match self {
            CtrlArg::None => std::ptr::null_mut(),
            CtrlArg::Raw(p) => *p,
            CtrlArg::Int(v) => v as *mut c_int as *mut c_void,
            CtrlArg::IntOut(Some(v)) => &mut **v as *mut c_int as *mut c_void,
            CtrlArg::IntOut(None)
            | CtrlArg::PtrOut(None)
            | CtrlArg::Bio(None)
            | CtrlArg::Ssl(None)
            | CtrlArg::Str(None)
            | CtrlArg::Bytes(None)
            | CtrlArg::BytesOut(None) => std::ptr::null_mut(),
            CtrlArg::PtrOut(Some(p)) => &mut **p as *mut *mut c_void as *mut c_void,
            CtrlArg::Bio(Some(b)) => Arc::as_ptr(b) as *mut c_void,
            CtrlArg::Ssl(Some(s)) => s.as_ptr(),
            CtrlArg::Str(Some(s)) => s.as_ptr().cast_mut().cast(),
            CtrlArg::Bytes(Some(b)) => b.as_ptr().cast_mut().cast(),
            CtrlArg::BytesOut(Some(b)) => b.as_mut_ptr().cast(),
        }
    }
}

/// A method implementation (OpenSSL's `BIO_METHOD` functions plus the
/// per-BIO state they keep in `bio->ptr`/`bio->num`). Read/write follow the
/// `_ex` convention: `(ret, bytes)` with `ret > 0` meaning success.
pub trait BioImpl: Send + Sync + Any {
    fn method_type(&self) -> c_int;
    fn name(&self) -> &CStr;
    /// Whether this is one of the library's own in-memory methods (memory
    /// buffer, pair half), whose bytes the program already handed over. A
    /// program's own method may declare the same type number over a socket
    /// (curl's does), so the type alone does not tell.
    fn in_memory(&self) -> bool {
        false
    }
    /// Whether the method provides this entry point.
    fn supports(&self, op: Op) -> bool {
        let _ = op;
        true
    }
    /// The `create` callback; only called when `supports(Op::Create)`.
    fn create(&self, bio: &Bio) -> bool {
        let _ = bio;
        true
    }
    /// `out` is `None` when C passed a NULL buffer of length `len`.
    fn read(&self, bio: &Bio, out: Option<&mut [u8]>, len: usize) -> (c_int, usize);
    fn write(&self, bio: &Bio, data: Option<&[u8]>, len: usize) -> (c_int, usize);
    fn puts(&self, bio: &Bio, s: &CStr) -> c_int;
    fn gets(&self, bio: &Bio, buf: &mut [u8]) -> c_int;
    fn ctrl(&self, bio: &Bio, cmd: c_int, larg: c_long, parg: CtrlArg<'_>) -> c_long;
    fn callback_ctrl(&self, bio: &Bio, cmd: c_int, fp: Option<InfoCb>) -> c_long {
        let _ = (bio, cmd, fp);
        0
    }
    /// The `destroy` callback, run once when the last reference goes.
    fn destroy(&self, bio: &Bio) {
        let _ = bio;
    }
    fn as_any(&self) -> &dyn Any;
}

/// Old-style (`int`) read/write result to the `_ex` convention
/// (OpenSSL's `bread_conv`/`bwrite_conv`).
pub(crate) fn conv(ret: c_int) -> (c_int, usize) {
    if ret <= 0 {
        (ret, 0)
    } else {
        (1, ret as usize)
    }
}

/// Clamps a length to `INT_MAX`, as the old-style entry points see it.
pub(crate) fn clamp_int(len: usize) -> c_int {
    len.min(c_int::MAX as usize) as c_int
}

/// Our BIO object (`BIO*` in the standalone flavour).
#[repr(C)]
pub struct Bio {
    magic: u64,
    imp: Box<dyn BioImpl>,
    /// `bio->flags`: retry flags plus method-specific ones (IN_EOF, MEM_RDONLY).
    /// Atomics, not a lock: C method callbacks re-enter `BIO_set_flags` & co.
    flags: AtomicI32,
    init: AtomicI32,
    shutdown: AtomicI32,
    retry_reason: AtomicI32,
    num_read: AtomicU64,
    num_write: AtomicU64,
    /// `BIO_set_data`/`BIO_get_data` (opaque to us).
    data: AtomicPtr<c_void>,
    /// Chain links are non-owning, as OpenSSL's `next_bio`/`prev_bio`.
    next: Mutex<Weak<Bio>>,
    prev: Mutex<Weak<Bio>>,
    /// Ourselves, for handing out `Weak`s to pair peers and chains.
    me: Weak<Bio>,
    /// False when `create` failed: OpenSSL does not call `destroy` then.
    created: AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A poisoned lock only means a panic elsewhere; the data is still valid.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Bio {
    pub const MAGIC: u64 = 0x5353_4c53_4249_4f21; // "SSLSBIO!"

    pub fn magic(&self) -> u64 {
        self.magic
    }

    /// `BIO_new`: runs the method's `create`; `None` if it fails (with
    /// ERR_R_INIT_FAIL queued, as OpenSSL).
    pub fn new(imp: Box<dyn BioImpl>) -> Option<Arc<Bio>> {
        let bio = Arc::new_cyclic(|me| Bio {
            magic: Self::MAGIC,
            imp,
            flags: AtomicI32::new(0),
            init: AtomicI32::new(0),
            shutdown: AtomicI32::new(1),
            retry_reason: AtomicI32::new(0),
            num_read: AtomicU64::new(0),
            num_write: AtomicU64::new(0),
            data: AtomicPtr::new(std::ptr::null_mut()),
            next: Mutex::new(Weak::new()),
            prev: Mutex::new(Weak::new()),
            me: me.clone(),
            created: AtomicBool::new(true),
        });
        if bio.imp.supports(Op::Create) {
            if !bio.imp.create(&bio) {
                bio.created.store(false, Ordering::SeqCst);
                bio_err(ERR_R_INIT_FAIL, "BIO_new_ex");
                return None;
            }
        } else {
            bio.set_init(1);
        }
        Some(bio)
    }

    /// `BIO_new(BIO_s_mem())`.
    pub fn new_mem() -> Arc<Bio> {
        Bio::new(Box::new(MemBio::new())).expect("mem create cannot fail")
    }

    /// `BIO_new_mem_buf(buf, len)`: a read-only memory BIO over a copy.
    pub fn new_mem_buf(data: &[u8]) -> Arc<Bio> {
        let bio = Bio::new_mem();
        if let Some(m) = bio.imp_as::<MemBio>() {
            m.make_read_only(&bio, data);
        }
        bio
    }

    /// `BIO_new(BIO_s_bio())`: an unpaired half.
    pub fn new_pair_half() -> Arc<Bio> {
        Bio::new(Box::new(PairBio::new())).expect("pair create cannot fail")
    }

    /// `BIO_new_bio_pair`: two connected halves; sizes of 0 mean the default.
    pub fn new_pair(size1: usize, size2: usize) -> Option<(Arc<Bio>, Arc<Bio>)> {
        if size1 > c_long::MAX as usize || size2 > c_long::MAX as usize {
            return None;
        }
        let a = Bio::new_pair_half();
        let b = Bio::new_pair_half();
        for (bio, size) in [(&a, size1), (&b, size2)] {
            if size != 0
                && bio.ctrl(
                    crate::abi::BIO_C_SET_WRITE_BUF_SIZE,
                    size as c_long,
                    CtrlArg::None,
                ) == 0
            {
                return None;
            }
        }
        if a.ctrl(
            crate::abi::BIO_C_MAKE_BIO_PAIR,
            0,
            CtrlArg::Bio(Some(b.clone())),
        ) == 0
        {
            return None;
        }
        Some((a, b))
    }

    /// `BIO_new(BIO_s_socket())` or `BIO_new(BIO_s_fd())`: no descriptor yet.
    pub fn new_fd_kind(kind: FdKind) -> Arc<Bio> {
        Bio::new(Box::new(FdBio::new(kind))).expect("fd create cannot fail")
    }

    /// `BIO_new_socket(fd, close_flag)`.
    pub fn new_socket(fd: i32, close: bool) -> Arc<Bio> {
        Self::new_with_fd(FdKind::Socket, fd, close)
    }

    /// `BIO_new_fd(fd, close_flag)`.
    pub fn new_fd(fd: i32, close: bool) -> Arc<Bio> {
        Self::new_with_fd(FdKind::Fd, fd, close)
    }

    fn new_with_fd(kind: FdKind, fd: i32, close: bool) -> Arc<Bio> {
        let bio = Bio::new_fd_kind(kind);
        bio.ctrl(crate::abi::BIO_C_SET_FD, close as c_long, CtrlArg::Int(fd));
        bio
    }

    /// `BIO_new(BIO_s_file())`: no stream yet.
    pub fn new_file() -> Arc<Bio> {
        Bio::new(Box::new(file::FileBio::new())).expect("file create cannot fail")
    }

    /// `BIO_new(BIO_s_null())`.
    pub fn new_null() -> Arc<Bio> {
        Bio::new(Box::new(NullBio)).expect("null has no create")
    }

    /// The method implementation, downcast (e.g. to recognise a pair half).
    pub fn imp_as<T: BioImpl>(&self) -> Option<&T> {
        self.imp.as_any().downcast_ref::<T>()
    }

    /// A new strong reference to this BIO (None only while it is dropping).
    pub fn arc(&self) -> Option<Arc<Bio>> {
        self.me.upgrade()
    }

    pub(crate) fn weak(&self) -> Weak<Bio> {
        self.me.clone()
    }

    // ---- flags and fields -------------------------------------------------

    pub fn set_flags(&self, f: c_int) {
        self.flags.fetch_or(f, Ordering::SeqCst);
    }
    pub fn clear_flags(&self, f: c_int) {
        self.flags.fetch_and(!f, Ordering::SeqCst);
    }
    pub fn test_flags(&self, f: c_int) -> c_int {
        self.flags.load(Ordering::SeqCst) & f
    }
    /// Replaces all flags (OpenSSL methods assign `bio->flags` directly).
    pub(crate) fn store_flags(&self, f: c_int) {
        self.flags.store(f, Ordering::SeqCst);
    }
    /// `BIO_clear_retry_flags`.
    pub fn clear_retry_flags(&self) {
        self.clear_flags(BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY);
    }
    /// `BIO_set_retry_read`.
    pub fn set_retry_read(&self) {
        self.set_flags(BIO_FLAGS_READ | BIO_FLAGS_SHOULD_RETRY);
    }
    /// `BIO_set_retry_write`.
    pub fn set_retry_write(&self) {
        self.set_flags(BIO_FLAGS_WRITE | BIO_FLAGS_SHOULD_RETRY);
    }
    pub fn init(&self) -> c_int {
        self.init.load(Ordering::SeqCst)
    }
    pub fn set_init(&self, v: c_int) {
        self.init.store(v, Ordering::SeqCst);
    }
    pub fn shutdown(&self) -> c_int {
        self.shutdown.load(Ordering::SeqCst)
    }
    pub fn set_shutdown(&self, v: c_int) {
        self.shutdown.store(v, Ordering::SeqCst);
    }
    pub fn retry_reason(&self) -> c_int {
        self.retry_reason.load(Ordering::SeqCst)
    }
    pub fn set_retry_reason(&self, v: c_int) {
        self.retry_reason.store(v, Ordering::SeqCst);
    }
    pub fn data(&self) -> *mut c_void {
        self.data.load(Ordering::SeqCst)
    }
    pub fn set_data(&self, p: *mut c_void) {
        self.data.store(p, Ordering::SeqCst);
    }
    pub fn number_read(&self) -> u64 {
        self.num_read.load(Ordering::SeqCst)
    }
    pub fn number_written(&self) -> u64 {
        self.num_write.load(Ordering::SeqCst)
    }
    pub fn method_type(&self) -> c_int {
        self.imp.method_type()
    }
    pub fn method_name(&self) -> &CStr {
        self.imp.name()
    }

    // ---- I/O with bio_lib.c's wrapping -------------------------------------

    /// `bio_read_intern`: `(ret, bytes)`; `ret > 0` means `bytes` were read.
    pub fn read_ex(&self, out: Option<&mut [u8]>, len: usize) -> (c_int, usize) {
        if !self.imp.supports(Op::Read) {
            bio_err(BIO_R_UNSUPPORTED_METHOD, "bio_read_intern");
            return (-2, 0);
        }
        if self.init() == 0 {
            bio_err(BIO_R_UNINITIALIZED, "bio_read_intern");
            return (-1, 0);
        }
        let (ret, n) = self.imp.read(self, out, len);
        if ret > 0 {
            self.num_read.fetch_add(n as u64, Ordering::SeqCst);
            if n > len {
                bio_err(ERR_R_INTERNAL_ERROR, "bio_read_intern");
                return (-1, 0);
            }
        }
        (ret, n)
    }

    /// `BIO_read` (with `dlen` already checked non-negative by the caller).
    pub fn read_int(&self, out: Option<&mut [u8]>, len: usize) -> c_int {
        let (ret, n) = self.read_ex(out, len);
        if ret > 0 { n as c_int } else { ret }
    }

    /// `bio_write_intern`.
    pub fn write_ex(&self, data: Option<&[u8]>, len: usize) -> (c_int, usize) {
        if !self.imp.supports(Op::Write) {
            bio_err(BIO_R_UNSUPPORTED_METHOD, "bio_write_intern");
            return (-2, 0);
        }
        if self.init() == 0 {
            bio_err(BIO_R_UNINITIALIZED, "bio_write_intern");
            return (-1, 0);
        }
        let (ret, n) = self.imp.write(self, data, len);
        if ret > 0 {
            self.num_write.fetch_add(n as u64, Ordering::SeqCst);
        }
        (ret, n)
    }

    /// `BIO_write`: non-positive lengths write nothing and return 0.
    pub fn write_int(&self, data: Option<&[u8]>, len: usize) -> c_int {
        if len == 0 {
            return 0;
        }
        let (ret, n) = self.write_ex(data, len);
        if ret > 0 { n as c_int } else { ret }
    }

    /// `BIO_puts`.
    pub fn puts(&self, s: &CStr) -> c_int {
        if !self.imp.supports(Op::Puts) {
            bio_err(BIO_R_UNSUPPORTED_METHOD, "BIO_puts");
            return -2;
        }
        if self.init() == 0 {
            bio_err(BIO_R_UNINITIALIZED, "BIO_puts");
            return -1;
        }
        let ret = self.imp.puts(self, s);
        if ret > 0 {
            self.num_write.fetch_add(ret as u64, Ordering::SeqCst);
        }
        ret
    }

    /// `BIO_gets` into `buf` (its length is the C `size`).
    pub fn gets(&self, buf: &mut [u8]) -> c_int {
        if !self.imp.supports(Op::Gets) {
            bio_err(BIO_R_UNSUPPORTED_METHOD, "BIO_gets");
            return -2;
        }
        if self.init() == 0 {
            bio_err(BIO_R_UNINITIALIZED, "BIO_gets");
            return -1;
        }
        let size = buf.len();
        let ret = self.imp.gets(self, buf);
        if ret > 0 && ret as usize > size {
            return -1;
        }
        ret
    }

    /// `BIO_ctrl`.
    pub fn ctrl(&self, cmd: c_int, larg: c_long, parg: CtrlArg<'_>) -> c_long {
        if !self.imp.supports(Op::Ctrl) {
            bio_err(BIO_R_UNSUPPORTED_METHOD, "BIO_ctrl");
            return -2;
        }
        self.imp.ctrl(self, cmd, larg, parg)
    }

    /// `BIO_callback_ctrl`.
    pub fn callback_ctrl(&self, cmd: c_int, fp: Option<InfoCb>) -> c_long {
        if !self.imp.supports(Op::CallbackCtrl) || cmd != BIO_CTRL_SET_CALLBACK {
            bio_err(BIO_R_UNSUPPORTED_METHOD, "BIO_callback_ctrl");
            return -2;
        }
        self.imp.callback_ctrl(self, cmd, fp)
    }

    /// `BIO_ctrl_pending`/`BIO_ctrl_wpending`: negative results become 0.
    pub fn ctrl_count(&self, cmd: c_int) -> usize {
        self.ctrl(cmd, 0, CtrlArg::None).max(0) as usize
    }

    // ---- chains -----------------------------------------------------------

    /// `BIO_next`.
    pub fn next(&self) -> Option<Arc<Bio>> {
        lock(&self.next).upgrade()
    }

    /// `BIO_set_next`.
    pub fn set_next(&self, next: Option<&Arc<Bio>>) {
        *lock(&self.next) = next.map(Arc::downgrade).unwrap_or_default();
    }

    /// `BIO_push(self, bio)`: appends `bio` at the end of our chain.
    pub fn push(&self, bio: Option<&Arc<Bio>>) {
        let mut last = match self.arc() {
            Some(a) => a,
            None => return,
        };
        while let Some(n) = last.next() {
            last = n;
        }
        last.set_next(bio);
        if let Some(b) = bio {
            *lock(&b.prev) = Arc::downgrade(&last);
        }
        // Lets filter methods react, as OpenSSL's BIO_push does.
        let lp = Arc::as_ptr(&last) as *mut c_void;
        self.ctrl(BIO_CTRL_PUSH, 0, CtrlArg::Raw(lp));
    }

    /// `BIO_pop`: unlinks us; returns what followed.
    pub fn pop(&self) -> Option<Arc<Bio>> {
        let next = self.next();
        let me = self as *const Bio as *mut c_void;
        self.ctrl(BIO_CTRL_POP, 0, CtrlArg::Raw(me));
        let prev = lock(&self.prev).upgrade();
        if let Some(p) = &prev {
            p.set_next(next.as_ref());
        }
        if let Some(n) = &next {
            *lock(&n.prev) = prev.as_ref().map(Arc::downgrade).unwrap_or_default();
        }
        *lock(&self.next) = Weak::new();
        *lock(&self.prev) = Weak::new();
        next
    }

    /// `BIO_find_type`: a type without an index byte matches by class bits.
    pub fn find_type(&self, ty: c_int) -> Option<Arc<Bio>> {
        let mask = ty & BIO_TYPE_MASK;
        let mut cur = self.arc();
        while let Some(b) = cur {
            let mt = b.method_type();
            if (mask == 0 && mt & ty != 0) || (mask != 0 && mt == ty) {
                return Some(b);
            }
            cur = b.next();
        }
        None
    }

    /// `BIO_get_retry_BIO`: the deepest BIO in the retrying run, and its
    /// retry reason.
    pub fn retry_bio(&self) -> Option<(Arc<Bio>, c_int)> {
        let mut last = self.arc()?;
        let mut b = last.clone();
        loop {
            if b.test_flags(BIO_FLAGS_SHOULD_RETRY) == 0 {
                break;
            }
            last = b.clone();
            match b.next() {
                Some(n) => b = n,
                None => break,
            }
        }
        let r = last.retry_reason();
        Some((last, r))
    }

    /// `BIO_copy_next_retry`.
    pub fn copy_next_retry(&self) {
        if let Some(n) = self.next() {
            self.set_flags(n.test_flags(BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY));
            self.set_retry_reason(n.retry_reason());
        }
    }
}

impl Drop for Bio {
    fn drop(&mut self) {
        if *self.created.get_mut() {
            self.imp.destroy(self);
        }
    }
}

impl Transport for Bio {
    fn read(&self, buf: &mut [u8]) -> isize {
        let len = buf.len().min(c_int::MAX as usize);
        self.read_int(Some(&mut buf[..len]), len) as isize
    }
    fn write(&self, buf: &[u8]) -> isize {
        let len = buf.len().min(c_int::MAX as usize);
        self.write_int(Some(&buf[..len]), len) as isize
    }
    fn flush(&self) -> isize {
        self.ctrl(BIO_CTRL_FLUSH, 0, CtrlArg::None) as isize
    }
    fn should_retry(&self) -> bool {
        self.test_flags(BIO_FLAGS_SHOULD_RETRY) != 0
    }
    fn should_read(&self) -> bool {
        self.test_flags(BIO_FLAGS_READ) != 0
    }
    fn mark_retry_read(&self) {
        self.clear_retry_flags();
        self.set_retry_read();
    }
    fn should_write(&self) -> bool {
        self.test_flags(BIO_FLAGS_WRITE) != 0
    }
    fn eof(&self) -> bool {
        self.ctrl(BIO_CTRL_EOF, 0, CtrlArg::None) != 0
    }
    fn fd(&self) -> Option<i32> {
        let b = self.find_type(BIO_TYPE_DESCRIPTOR)?;
        let mut fd = -1;
        b.ctrl(BIO_C_GET_FD, 0, CtrlArg::IntOut(Some(&mut fd)));
        (fd >= 0).then_some(fd)
    }
    fn reads_by_record(&self) -> bool {
        // A memory BIO or pair half at the head of the chain holds bytes
        // the program already handed over; greedy reads save rustls work.
        !self.imp.in_memory()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `BIO_should_io_special`, for completeness of the flag helpers.
pub fn io_special(bio: &Bio) -> bool {
    bio.test_flags(BIO_FLAGS_IO_SPECIAL) != 0
}

/// `BIO_free_all` from a reference the caller owns: frees down the chain,
/// stopping after a BIO someone else still holds (OpenSSL's refcount rule).
/// `release` drops one C-owned reference.
pub fn free_all(first: Arc<Bio>, release: impl Fn(&Arc<Bio>)) {
    let mut cur = Some(first);
    while let Some(b) = cur {
        // `b` is our temporary clone; the rest are OpenSSL's references.
        let refs = Arc::strong_count(&b) - 1;
        cur = b.next();
        release(&b);
        if refs > 1 {
            break;
        }
    }
}

/// `BIO_up_ref` from the core: one more reference that C owns (a chain
/// link OpenSSL counts, given back by `BIO_free`/`BIO_free_all` through
/// the handle layer, which releases one `Arc` reference per call).
pub(crate) fn up_ref(b: &Arc<Bio>) {
    std::mem::forget(Arc::clone(b));
}

/// Raises ERR_R_PASSED_NULL_PARAMETER for `func` (NULL BIO arguments).
pub fn null_param(func: &'static str) {
    bio_err(ERR_R_PASSED_NULL_PARAMETER, func);
}

/// Raises BIO_R_INVALID_ARGUMENT for `func`.
pub fn invalid_argument(func: &'static str) {
    bio_err(BIO_R_INVALID_ARGUMENT, func);
}

#[cfg(test)]
mod tests;
