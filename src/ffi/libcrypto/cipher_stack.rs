//! `STACK_OF(SSL_CIPHER)` as libcrypto's stack: the program walks it with
//! libcrypto's `OPENSSL_sk_*` (Python's `get_ciphers()`, `shared_ciphers()`),
//! so it must be one of libcrypto's, holding pointers to our static
//! `SSL_CIPHER`s (never freed: a get1 stack is freed with `sk_free` alone).

use std::os::raw::c_void;
use std::ptr::{self, NonNull};
use std::sync::Arc;

use super::sys;
use crate::keep::Keep;
use crate::stack::OpensslStack;

/// A libcrypto stack of static ciphers, with what it was made from.
struct ForeignCipherStack {
    sk: NonNull<c_void>,
    addrs: Vec<usize>,
}

// SAFETY: built once, then only read by the program; freeing it needs no
// particular thread and its elements are statics.
unsafe impl Send for ForeignCipherStack {}
// SAFETY: as above; never mutated by us after building.
unsafe impl Sync for ForeignCipherStack {}

impl Drop for ForeignCipherStack {
    fn drop(&mut self) {
        // SAFETY: we own the stack; its elements are statics, not freed.
        unsafe { sys::OPENSSL_sk_free(self.sk.as_ptr()) };
    }
}

/// A new libcrypto stack of the cipher addresses, or NULL.
pub fn new_stack(addrs: &[usize]) -> *mut c_void {
    // SAFETY: no arguments; a new empty stack or NULL.
    let sk = unsafe { sys::OPENSSL_sk_new_null() };
    if sk.is_null() {
        return ptr::null_mut();
    }
    for a in addrs {
        // SAFETY: `sk` is our live stack; `a` is a static SSL_CIPHER's address.
        if unsafe { sys::OPENSSL_sk_push(sk, *a as *const c_void) } == 0 {
            // SAFETY: our stack, elements not owned.
            unsafe { sys::OPENSSL_sk_free(sk) };
            return ptr::null_mut();
        }
    }
    sk
}

/// get0: the same libcrypto stack while the list's content is unchanged,
/// kept by `keep` under `slot` (the previous one is freed on a change, as
/// OpenSSL frees its old list).
pub fn kept(keep: &Keep, slot: &'static str, stack: &Arc<OpensslStack>) -> *mut c_void {
    let key = Arc::as_ptr(stack) as usize;
    let addrs = stack.addrs();
    if let Some((_, k)) = keep.any(slot)
        && let Some(s) = k.downcast_ref::<ForeignCipherStack>()
        && s.addrs == addrs
    {
        return s.sk.as_ptr();
    }
    let Some(sk) = NonNull::new(new_stack(&addrs)) else {
        return ptr::null_mut();
    };
    keep.put(slot, key, Arc::new(ForeignCipherStack { sk, addrs }));
    sk.as_ptr()
}
