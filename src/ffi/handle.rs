//! Turning C pointers into core objects and back, and the panic boundary.
//!
//! Every object we hand to C is an `Arc<T>` (refcount = OpenSSL's
//! `*_up_ref`/`*_free`) whose `T` is `#[repr(C)]` and starts with a `u64`
//! magic tag. Checking the tag before use turns a NULL, a foreign object (a
//! real libssl `SSL*`, say) or an object of the wrong type into an error return
//! instead of undefined behaviour in our code.

// These helpers are the one place raw handle pointers are turned into
// references; they are safe to call because they only trust a pointer after
// its magic tag identified it, which is the whole point of the module.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

/// A core type that crosses the C boundary behind an `Arc`.
///
/// # Safety
/// Implementors must be `#[repr(C)]` with a `u64` as their first field, set
/// to `MAGIC` for the object's whole life.
pub unsafe trait Handle: Sized {
    const MAGIC: u64;
    /// The first field; read through a pointer before trusting it.
    fn magic(&self) -> u64;
}

/// Borrows the object behind `p`, or `None` for NULL or a pointer whose tag
/// is not ours.
pub fn borrow<'a, T: Handle>(p: *const T) -> Option<&'a T> {
    if p.is_null() || !(p as usize).is_multiple_of(std::mem::align_of::<u64>()) {
        return None;
    }
    // SAFETY: non-NULL and aligned; C callers hand us pointers to live objects
    // (ours or a foreign library's); reading the first 8 bytes of either is
    // in bounds. Only when the tag matches do we treat it as a `T`.
    let tag = unsafe { (p as *const u64).read() };
    if tag != T::MAGIC {
        return None;
    }
    // SAFETY: the tag says this is one of our `Arc<T>` payloads, alive while
    // the caller holds its reference.
    Some(unsafe { &*p })
}

/// Clones a new strong reference out of a C pointer (for storing it).
pub fn clone_arc<T: Handle>(p: *const T) -> Option<Arc<T>> {
    borrow(p)?;
    // SAFETY: `borrow` verified `p` is a live `Arc<T>` payload; incrementing
    // first keeps the caller's reference intact when we wrap it.
    unsafe {
        Arc::increment_strong_count(p);
        Some(Arc::from_raw(p))
    }
}

/// Takes over the one reference the C caller gives us (OpenSSL's "set0"
/// and `SSL_set_bio` rules): no refcount change, the caller's reference
/// becomes ours.
pub fn adopt<T: Handle>(p: *const T) -> Option<Arc<T>> {
    borrow(p)?;
    // SAFETY: verified as a live `Arc<T>` payload; the caller transfers the
    // reference it owned, so no increment.
    Some(unsafe { Arc::from_raw(p) })
}

/// Hands ownership of one reference to C.
pub fn into_raw<T: Handle>(obj: Arc<T>) -> *mut T {
    Arc::into_raw(obj) as *mut T
}

/// The pointer C knows for an object we already hold (no refcount change).
pub fn as_ptr<T: Handle>(obj: &Arc<T>) -> *mut T {
    Arc::as_ptr(obj) as *mut T
}

/// Takes back one reference that C owned (`*_free`). Returns false for a
/// pointer that is not ours.
pub fn release<T: Handle>(p: *const T) -> bool {
    if borrow(p).is_none() {
        return false;
    }
    // SAFETY: verified as our `Arc<T>` payload; the caller gives up the one
    // reference it owned.
    drop(unsafe { Arc::from_raw(p) });
    true
}

/// Adds one reference for C (`*_up_ref`).
pub fn up_ref<T: Handle>(p: *const T) -> bool {
    if borrow(p).is_none() {
        return false;
    }
    // SAFETY: verified as a live `Arc<T>` payload.
    unsafe { Arc::increment_strong_count(p) };
    true
}

/// An error entry for a NULL or foreign handle (OpenSSL itself would
/// crash on most of these; an error return is what we promise instead).
pub fn bad_arg(func: &'static str) {
    crate::err::raise(
        crate::abi::ERR_LIB_SSL,
        crate::abi::ERR_R_PASSED_INVALID_ARGUMENT,
        func,
        file!(),
        line!(),
    );
}

/// The handle check of an entry point: the body runs on the object behind
/// `p`, or `err` is returned with an ERR entry naming `func` when `p` is
/// NULL or not ours. (The panic guard is `#[entry]`'s.)
pub fn with<T: Handle, R>(
    func: &'static str,
    p: *const T,
    err: R,
    body: impl FnOnce(&T) -> R,
) -> R {
    match borrow(p) {
        Some(obj) => body(obj),
        None => {
            bad_arg(func);
            err
        }
    }
}

/// A C string argument as `&str`; `None` for NULL or non-UTF-8.
pub fn c_str<'a>(p: *const std::os::raw::c_char) -> Option<&'a str> {
    c_cstr(p)?.to_str().ok()
}

/// A C string argument as `&CStr`; `None` for NULL.
pub fn c_cstr<'a>(p: *const std::os::raw::c_char) -> Option<&'a std::ffi::CStr> {
    if p.is_null() {
        return None;
    }
    // SAFETY: non-NULL; C callers pass NUL-terminated strings that outlive
    // the call, as every OpenSSL string parameter requires.
    Some(unsafe { std::ffi::CStr::from_ptr(p) })
}

/// Runs an entry point's body, turning a panic into `on_panic` (and an
/// ERR_R_INTERNAL_ERROR entry) so no unwind ever crosses into C.
pub fn guard<R>(func: &'static str, on_panic: R, body: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(r) => r,
        Err(_) => {
            crate::err::raise(
                crate::abi::ERR_LIB_SSL,
                crate::abi::ERR_R_INTERNAL_ERROR,
                func,
                file!(),
                line!(),
            );
            on_panic
        }
    }
}

/// The failure value an entry point returns when it panics, unless its
/// `#[entry(fail = ...)]` names another: NULL for pointers, 0 for numbers
/// (OpenSSL's failure for most int functions), nothing for void ones.
pub trait Fail {
    const FAIL: Self;
}

impl Fail for () {
    const FAIL: Self = ();
}

impl<T> Fail for *mut T {
    const FAIL: Self = std::ptr::null_mut();
}

impl<T> Fail for *const T {
    const FAIL: Self = std::ptr::null();
}

impl<T> Fail for Option<T> {
    const FAIL: Self = None;
}

macro_rules! fail_zero {
    ($($t:ty),*) => { $(impl Fail for $t { const FAIL: Self = 0; })* };
}
fail_zero!(i8, u8, i16, u16, i32, u32, i64, u64, isize, usize);

/// The objects with a public C layout (no room for a magic tag: OpenSSL's
/// `GENERAL_NAME`, `X509_INFO`) that we made and have not freed, by
/// address: their free functions release only these, so a foreign or
/// stale pointer is left alone.
pub struct Made(std::sync::Mutex<Option<std::collections::HashSet<usize>>>);

impl Made {
    pub const fn new() -> Made {
        Made(std::sync::Mutex::new(None))
    }

    /// Records `p` as one of ours.
    pub fn add<T>(&self, p: *mut T) {
        let mut s = self.0.lock().unwrap_or_else(|e| e.into_inner());
        s.get_or_insert_with(Default::default).insert(p as usize);
    }

    /// True (and forgotten) when `p` is one of ours still alive.
    pub fn take<T>(&self, p: *mut T) -> bool {
        let mut s = self.0.lock().unwrap_or_else(|e| e.into_inner());
        !p.is_null() && s.as_mut().is_some_and(|s| s.remove(&(p as usize)))
    }
}

impl Default for Made {
    fn default() -> Made {
        Made::new()
    }
}
