//! `BIO_METHOD`: the built-in method tables (`BIO_s_mem()` & co.) and
//! C-defined methods (`BIO_meth_new` + `BIO_meth_set_*`), plus the accessors
//! such methods use on their BIOs (`BIO_set_data`, `BIO_set_init`, ...).
//!
//! A C-defined method becomes a `CustomBio` implementing the core's `BioImpl`
//! by calling the C callbacks — which is why it lives in `ffi/`.

use sslshim_macros::entry;
use std::any::Any;
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int, c_long, c_void};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};

use crate::abi::BIO_TYPE_START;
use crate::bio::ssl_filter::SslFilter;
use crate::bio::{
    BIO_TYPE_MASK, Bio, BioImpl, BufferBio, ConnectBio, CtrlArg, FdKind, InfoCb, Op, clamp_int,
    conv,
};
use crate::ffi::handle::{self, Handle, guard};

// The method's slots. cbindgen cannot see through an alias inside `Option<..>`
// (it would emit an opaque `Option_ReadOld`), so the exported setters spell
// each function-pointer type out inline; these aliases are for Rust only.
type ReadOld = unsafe extern "C" fn(*mut Bio, *mut c_char, c_int) -> c_int;
type ReadEx = unsafe extern "C" fn(*mut Bio, *mut c_char, usize, *mut usize) -> c_int;
type WriteOld = unsafe extern "C" fn(*mut Bio, *const c_char, c_int) -> c_int;
type WriteEx = unsafe extern "C" fn(*mut Bio, *const c_char, usize, *mut usize) -> c_int;
type PutsFn = unsafe extern "C" fn(*mut Bio, *const c_char) -> c_int;
type GetsFn = unsafe extern "C" fn(*mut Bio, *mut c_char, c_int) -> c_int;
type CtrlFn = unsafe extern "C" fn(*mut Bio, c_int, c_long, *mut c_void) -> c_long;
type LifeFn = unsafe extern "C" fn(*mut Bio) -> c_int;
type CallbackCtrlFn = unsafe extern "C" fn(*mut Bio, c_int, Option<InfoCb>) -> c_long;

/// Which built-in table a static `BioMethod` stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    Mem,
    Pair,
    Socket,
    Fd,
    Null,
    Ssl,
    Connect,
    Buffer,
    File,
}

/// The C-settable callbacks. Setting the old-style read/write replaces the
/// `_ex` one and vice versa, as in OpenSSL.
#[derive(Clone, Copy, Default)]
struct Fns {
    read: Option<ReadOld>,
    read_ex: Option<ReadEx>,
    write: Option<WriteOld>,
    write_ex: Option<WriteEx>,
    puts: Option<PutsFn>,
    gets: Option<GetsFn>,
    ctrl: Option<CtrlFn>,
    create: Option<LifeFn>,
    destroy: Option<LifeFn>,
    callback_ctrl: Option<CallbackCtrlFn>,
}

/// `BIO_METHOD` (opaque to C).
#[repr(C)]
pub struct BioMethod {
    magic: u64,
    builtin: Option<Builtin>,
    ty: c_int,
    name: Option<CString>,
    fns: Mutex<Fns>,
}

// SAFETY: `#[repr(C)]` with the u64 magic first. Only heap (`BIO_meth_new`)
// methods carry `MAGIC`; the static tables use `STATIC_MAGIC`, so the Arc
// helpers (release, clone) never touch them.
unsafe impl Handle for BioMethod {
    const MAGIC: u64 = 0x5353_4c53_424d_4554; // "SSLSBMET"
    fn magic(&self) -> u64 {
        self.magic
    }
}

impl BioMethod {
    const STATIC_MAGIC: u64 = 0x5353_4c53_424d_5354; // "SSLSBMST"

    const fn builtin(b: Builtin) -> BioMethod {
        BioMethod {
            magic: Self::STATIC_MAGIC,
            builtin: Some(b),
            ty: 0,
            name: None,
            fns: Mutex::new(Fns {
                read: None,
                read_ex: None,
                write: None,
                write_ex: None,
                puts: None,
                gets: None,
                ctrl: None,
                create: None,
                destroy: None,
                callback_ctrl: None,
            }),
        }
    }

    fn fns(&self) -> Fns {
        *self.fns.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn update(&self, f: impl FnOnce(&mut Fns)) {
        f(&mut self.fns.lock().unwrap_or_else(|e| e.into_inner()));
    }
}

pub static MEM_METHOD: BioMethod = BioMethod::builtin(Builtin::Mem);
pub static PAIR_METHOD: BioMethod = BioMethod::builtin(Builtin::Pair);
pub static SOCKET_METHOD: BioMethod = BioMethod::builtin(Builtin::Socket);
pub static FD_METHOD: BioMethod = BioMethod::builtin(Builtin::Fd);
pub static NULL_METHOD: BioMethod = BioMethod::builtin(Builtin::Null);
pub static SSL_METHOD: BioMethod = BioMethod::builtin(Builtin::Ssl);
pub static CONNECT_METHOD: BioMethod = BioMethod::builtin(Builtin::Connect);
pub static BUFFER_METHOD: BioMethod = BioMethod::builtin(Builtin::Buffer);
pub static FILE_METHOD: BioMethod = BioMethod::builtin(Builtin::File);

/// A method pointer from C, resolved.
pub enum Resolved {
    Builtin(Builtin),
    Custom(Arc<BioMethod>),
}

/// Recognises our static tables by address, or a live `BIO_meth_new` method.
pub fn resolve(p: *const BioMethod) -> Option<Resolved> {
    for m in [
        &MEM_METHOD,
        &PAIR_METHOD,
        &SOCKET_METHOD,
        &FD_METHOD,
        &NULL_METHOD,
        &SSL_METHOD,
        &CONNECT_METHOD,
        &BUFFER_METHOD,
        &FILE_METHOD,
    ] {
        if std::ptr::eq(p, m) {
            return m.builtin.map(Resolved::Builtin);
        }
    }
    handle::clone_arc(p).map(Resolved::Custom)
}

/// `BIO_new(method)` in the core's terms.
pub fn new_bio(p: *const BioMethod) -> Option<Arc<Bio>> {
    match resolve(p)? {
        Resolved::Builtin(Builtin::Mem) => Some(Bio::new_mem()),
        Resolved::Builtin(Builtin::Pair) => Some(Bio::new_pair_half()),
        Resolved::Builtin(Builtin::Socket) => Some(Bio::new_fd_kind(FdKind::Socket)),
        Resolved::Builtin(Builtin::Fd) => Some(Bio::new_fd_kind(FdKind::Fd)),
        Resolved::Builtin(Builtin::Null) => Some(Bio::new_null()),
        Resolved::Builtin(Builtin::File) => Some(Bio::new_file()),
        Resolved::Builtin(Builtin::Ssl) => Bio::new(Box::new(SslFilter::new())),
        Resolved::Builtin(Builtin::Connect) => Bio::new(Box::new(ConnectBio::new())),
        Resolved::Builtin(Builtin::Buffer) => Bio::new(Box::new(BufferBio::new())),
        Resolved::Custom(m) => Bio::new(Box::new(CustomBio { meth: m })),
    }
}

/// A BIO whose method was defined in C.
pub struct CustomBio {
    meth: Arc<BioMethod>,
}

/// The pointer C callbacks receive for `bio` (no reference is transferred).
fn bio_ptr(bio: &Bio) -> *mut Bio {
    bio as *const Bio as *mut Bio
}

impl BioImpl for CustomBio {
    fn method_type(&self) -> c_int {
        self.meth.ty
    }
    fn name(&self) -> &CStr {
        self.meth.name.as_deref().unwrap_or(c"")
    }
    fn supports(&self, op: Op) -> bool {
        let f = self.meth.fns();
        match op {
            Op::Create => f.create.is_some(),
            Op::Read => f.read.is_some() || f.read_ex.is_some(),
            Op::Write => f.write.is_some() || f.write_ex.is_some(),
            Op::Puts => f.puts.is_some(),
            Op::Gets => f.gets.is_some(),
            Op::Ctrl => f.ctrl.is_some(),
            Op::CallbackCtrl => f.callback_ctrl.is_some(),
        }
    }
    fn create(&self, bio: &Bio) -> bool {
        match self.meth.fns().create {
            // SAFETY: a C callback registered for this method, called with a
            // live BIO as OpenSSL's BIO_new does.
            Some(f) => unsafe { f(bio_ptr(bio)) != 0 },
            None => true,
        }
    }
    fn read(&self, bio: &Bio, out: Option<&mut [u8]>, len: usize) -> (c_int, usize) {
        let f = self.meth.fns();
        let p = out.map_or(std::ptr::null_mut(), |o| o.as_mut_ptr() as *mut c_char);
        if let Some(rx) = f.read_ex {
            let mut n = 0usize;
            // SAFETY: `p` is NULL or valid for `len` writable bytes; `n` is a
            // live out-parameter.
            let r = unsafe { rx(bio_ptr(bio), p, len, &mut n) };
            return if r > 0 { (r, n) } else { (r, 0) };
        }
        match f.read {
            // SAFETY: as above, with the length clamped to INT_MAX.
            Some(rd) => conv(unsafe { rd(bio_ptr(bio), p, clamp_int(len)) }),
            None => (-2, 0),
        }
    }
    fn write(&self, bio: &Bio, data: Option<&[u8]>, len: usize) -> (c_int, usize) {
        let f = self.meth.fns();
        let p = data.map_or(std::ptr::null(), |d| d.as_ptr() as *const c_char);
        if let Some(wx) = f.write_ex {
            let mut n = 0usize;
            // SAFETY: `p` is NULL or valid for `len` readable bytes; `n` is a
            // live out-parameter.
            let r = unsafe { wx(bio_ptr(bio), p, len, &mut n) };
            return if r > 0 { (r, n) } else { (r, 0) };
        }
        match f.write {
            // SAFETY: as above, with the length clamped to INT_MAX.
            Some(w) => conv(unsafe { w(bio_ptr(bio), p, clamp_int(len)) }),
            None => (-2, 0),
        }
    }
    fn puts(&self, bio: &Bio, s: &CStr) -> c_int {
        match self.meth.fns().puts {
            // SAFETY: `s` is a NUL-terminated string alive for the call.
            Some(f) => unsafe { f(bio_ptr(bio), s.as_ptr()) },
            None => -2,
        }
    }
    fn gets(&self, bio: &Bio, buf: &mut [u8]) -> c_int {
        match self.meth.fns().gets {
            // SAFETY: `buf` is valid for its length, which fits an int (the
            // caller built it from a C int size).
            Some(f) => unsafe {
                f(
                    bio_ptr(bio),
                    buf.as_mut_ptr() as *mut c_char,
                    clamp_int(buf.len()),
                )
            },
            None => -2,
        }
    }
    fn ctrl(&self, bio: &Bio, cmd: c_int, larg: c_long, mut parg: CtrlArg<'_>) -> c_long {
        match self.meth.fns().ctrl {
            // SAFETY: `parg` is the caller's pointer (or one to a live local
            // for arguments built in Rust), as OpenSSL passes it through.
            Some(f) => unsafe { f(bio_ptr(bio), cmd, larg, parg.as_raw()) },
            None => -2,
        }
    }
    fn callback_ctrl(&self, bio: &Bio, cmd: c_int, fp: Option<InfoCb>) -> c_long {
        match self.meth.fns().callback_ctrl {
            // SAFETY: a C callback registered for this method; `fp` is the
            // caller's function pointer, passed on untouched.
            Some(f) => unsafe { f(bio_ptr(bio), cmd, fp) },
            None => -2,
        }
    }
    fn destroy(&self, bio: &Bio) {
        if let Some(f) = self.meth.fns().destroy {
            // SAFETY: called once, while the BIO's fields are still intact
            // (from its Drop), as OpenSSL's BIO_free calls destroy.
            unsafe { f(bio_ptr(bio)) };
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Next index for `BIO_get_new_index`; OpenSSL starts after BIO_TYPE_START.
static NEXT_INDEX: AtomicI32 = AtomicI32::new(BIO_TYPE_START);

#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_get_new_index() -> c_int {
    let v = NEXT_INDEX.fetch_add(1, Ordering::SeqCst) + 1;
    if v > BIO_TYPE_MASK { -1 } else { v }
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_meth_new(ty: c_int, name: *const c_char) -> *mut BioMethod {
    if name.is_null() {
        // OpenSSL's strdup of NULL fails the call.
        return std::ptr::null_mut();
    }
    // SAFETY: non-NULL C string from the caller, copied immediately.
    let name = unsafe { CStr::from_ptr(name) }.to_owned();
    handle::into_raw(Arc::new(BioMethod {
        magic: BioMethod::MAGIC,
        builtin: None,
        ty,
        name: Some(name),
        fns: Mutex::new(Fns::default()),
    }))
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_meth_free(biom: *mut BioMethod) {
    // BIOs created from the method keep their own reference, so freeing it
    // while they live is harmless (OpenSSL would leave them dangling).
    guard(FUNC, (), || {
        handle::release(biom);
    })
}

/// Applies a setter to a `BIO_meth_new` method; 0 for anything else.
fn set(biom: *mut BioMethod, name: &'static str, f: impl FnOnce(&mut Fns)) -> c_int {
    guard(name, 0, || match handle::borrow(biom) {
        Some(m) => {
            m.update(f);
            1
        }
        None => 0,
    })
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_meth_set_write(
    biom: *mut BioMethod,
    f: Option<unsafe extern "C" fn(*mut Bio, *const c_char, c_int) -> c_int>,
) -> c_int {
    set(biom, FUNC, |m| {
        m.write = f;
        m.write_ex = None;
    })
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_meth_set_write_ex(
    biom: *mut BioMethod,
    f: Option<unsafe extern "C" fn(*mut Bio, *const c_char, usize, *mut usize) -> c_int>,
) -> c_int {
    set(biom, FUNC, |m| {
        m.write_ex = f;
        m.write = None;
    })
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_meth_set_read(
    biom: *mut BioMethod,
    f: Option<unsafe extern "C" fn(*mut Bio, *mut c_char, c_int) -> c_int>,
) -> c_int {
    set(biom, FUNC, |m| {
        m.read = f;
        m.read_ex = None;
    })
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_meth_set_read_ex(
    biom: *mut BioMethod,
    f: Option<unsafe extern "C" fn(*mut Bio, *mut c_char, usize, *mut usize) -> c_int>,
) -> c_int {
    set(biom, FUNC, |m| {
        m.read_ex = f;
        m.read = None;
    })
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_meth_set_puts(
    biom: *mut BioMethod,
    f: Option<unsafe extern "C" fn(*mut Bio, *const c_char) -> c_int>,
) -> c_int {
    set(biom, FUNC, |m| m.puts = f)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_meth_set_gets(
    biom: *mut BioMethod,
    f: Option<unsafe extern "C" fn(*mut Bio, *mut c_char, c_int) -> c_int>,
) -> c_int {
    set(biom, FUNC, |m| m.gets = f)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_meth_set_ctrl(
    biom: *mut BioMethod,
    f: Option<unsafe extern "C" fn(*mut Bio, c_int, c_long, *mut c_void) -> c_long>,
) -> c_int {
    set(biom, FUNC, |m| m.ctrl = f)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_meth_set_create(
    biom: *mut BioMethod,
    f: Option<unsafe extern "C" fn(*mut Bio) -> c_int>,
) -> c_int {
    set(biom, FUNC, |m| m.create = f)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_meth_set_destroy(
    biom: *mut BioMethod,
    f: Option<unsafe extern "C" fn(*mut Bio) -> c_int>,
) -> c_int {
    set(biom, FUNC, |m| m.destroy = f)
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_meth_set_callback_ctrl(
    biom: *mut BioMethod,
    f: Option<
        unsafe extern "C" fn(
            *mut Bio,
            c_int,
            Option<unsafe extern "C" fn(*mut Bio, c_int, c_int) -> c_int>,
        ) -> c_long,
    >,
) -> c_int {
    set(biom, FUNC, |m| m.callback_ctrl = f)
}

// ---- per-BIO accessors used by method implementations ----------------------

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_set_data(b: *mut Bio, ptr: *mut c_void) {
    if let Some(b) = handle::borrow(b) {
        b.set_data(ptr);
    }
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_get_data(b: *mut Bio) -> *mut c_void {
    handle::borrow(b).map_or(std::ptr::null_mut(), |b| b.data())
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_set_init(b: *mut Bio, init: c_int) {
    if let Some(b) = handle::borrow(b) {
        b.set_init(init);
    }
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_get_init(b: *mut Bio) -> c_int {
    handle::borrow(b).map_or(0, |b| b.init())
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_set_shutdown(b: *mut Bio, shut: c_int) {
    if let Some(b) = handle::borrow(b) {
        b.set_shutdown(shut);
    }
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_get_shutdown(b: *mut Bio) -> c_int {
    handle::borrow(b).map_or(0, |b| b.shutdown())
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_set_flags(b: *mut Bio, flags: c_int) {
    if let Some(b) = handle::borrow(b) {
        b.set_flags(flags);
    }
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_clear_flags(b: *mut Bio, flags: c_int) {
    if let Some(b) = handle::borrow(b) {
        b.clear_flags(flags);
    }
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_test_flags(b: *const Bio, flags: c_int) -> c_int {
    handle::borrow(b).map_or(0, |b| b.test_flags(flags))
}
