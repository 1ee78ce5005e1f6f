//! A `CRYPTO_EX_DATA` owned by one of our `SSL`, `SSL_CTX` or `SSL_SESSION`
//! objects in the drop-in flavour: libcrypto stores the values and runs the
//! new/dup/free callbacks the program registered with libcrypto's
//! `CRYPTO_get_ex_new_index` (what `SSL_get_ex_new_index` expands to), so a
//! program sees exactly OpenSSL's ex_data behaviour. Addresses in, addresses
//! out; no knowledge of the core's types.

use std::cell::UnsafeCell;
use std::os::raw::{c_int, c_void};
use std::ptr;

use super as sys;

/// OpenSSL 3's `struct crypto_ex_data_st`: `{ OSSL_LIB_CTX *ctx;
/// STACK_OF(void) *sk; }`, public layout (crypto.h), filled by libcrypto.
#[repr(C)]
struct Raw {
    ctx: *mut c_void,
    sk: *mut c_void,
}

/// One object's ex_data. Boxed: libcrypto callbacks receive its address,
/// which must not move while the object lives.
pub struct Store {
    class: c_int,
    raw: Box<UnsafeCell<Raw>>,
}

// SAFETY: libcrypto's ex_data functions have no thread affinity. The core
// serialises `set` and `get` on one object with its own lock, and `new`,
// `dup` and `free` run while the object is not yet, or no longer, shared.
unsafe impl Send for Store {}
// SAFETY: as above.
unsafe impl Sync for Store {}

impl Store {
    /// An empty store for an object of `class` (`CRYPTO_EX_INDEX_*`).
    pub fn new(class: c_int) -> Store {
        Store {
            class,
            raw: Box::new(UnsafeCell::new(Raw {
                ctx: ptr::null_mut(),
                sk: ptr::null_mut(),
            })),
        }
    }

    fn ad(&self) -> *mut c_void {
        self.raw.get() as *mut c_void
    }

    /// `CRYPTO_new_ex_data`: runs the class's new callbacks for the object at
    /// `parent`, which now has its final address.
    pub fn created(&self, parent: usize) -> bool {
        // SAFETY: `ad` is this store's live, pinned CRYPTO_EX_DATA; `parent`
        // is the address callbacks receive as the object, never dereferenced
        // by libcrypto itself.
        unsafe { sys::CRYPTO_new_ex_data(self.class, parent as *mut c_void, self.ad()) == 1 }
    }

    /// `CRYPTO_free_ex_data`: runs the free callbacks with each value and
    /// frees the slots. Safe to call once more (the slots are then empty).
    pub fn destroyed(&self, parent: usize) {
        // SAFETY: as in `created`; libcrypto leaves `sk` NULL afterwards.
        unsafe { sys::CRYPTO_free_ex_data(self.class, parent as *mut c_void, self.ad()) }
    }

    /// `CRYPTO_dup_ex_data` from `from` (the class's dup callbacks run).
    pub fn copy_from(&self, from: &Store) -> bool {
        // SAFETY: both are live CRYPTO_EX_DATA of the same class.
        unsafe { sys::CRYPTO_dup_ex_data(self.class, self.ad(), from.ad()) == 1 }
    }

    /// `CRYPTO_set_ex_data`: 1 or 0 (with libcrypto's error entry).
    pub fn set(&self, idx: c_int, value: usize) -> bool {
        // SAFETY: a live CRYPTO_EX_DATA; the value is stored as an address.
        unsafe { sys::CRYPTO_set_ex_data(self.ad(), idx, value as *mut c_void) == 1 }
    }

    /// `CRYPTO_get_ex_data`: NULL (0) when unset or out of range.
    pub fn get(&self, idx: c_int) -> usize {
        // SAFETY: a live CRYPTO_EX_DATA, only read.
        unsafe { sys::CRYPTO_get_ex_data(self.ad(), idx) as usize }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // An object dropped without `destroyed` (never created) still
        // frees its slot stack; no callbacks run for a NULL stack twice.
        // SAFETY: `sk` is NULL or libcrypto's stack; OPENSSL_sk_free
        // accepts NULL.
        unsafe { sys::OPENSSL_sk_free((*self.raw.get()).sk) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::raw::c_long;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// CRYPTO_EX_INDEX_SSL_SESSION: a class nothing else in the test
    /// process registers callbacks for with this `argl`.
    const CLASS: c_int = 2;
    const ARGL: c_long = 0x5e55;
    static FREED: AtomicUsize = AtomicUsize::new(0);

    unsafe extern "C" fn free_cb(
        _parent: *mut c_void,
        ptr: *mut c_void,
        _ad: *mut c_void,
        _idx: c_int,
        argl: c_long,
        _argp: *mut c_void,
    ) {
        if argl == ARGL {
            FREED.fetch_add(ptr as usize, Ordering::SeqCst);
        }
    }

    /// Values live in libcrypto's slots, a copy carries them, and
    /// `destroyed` hands each to the program's free callback once.
    #[test]
    fn values_copy_and_free_through_libcrypto() {
        // SAFETY: registers a callback of libcrypto's ex_data free type.
        let idx = unsafe {
            sys::CRYPTO_get_ex_new_index(
                CLASS,
                ARGL,
                ptr::null_mut(),
                ptr::null_mut(),
                ptr::null_mut(),
                free_cb as *mut c_void,
            )
        };
        assert!(idx > 0);
        let a = Store::new(CLASS);
        assert!(a.created(0x1000));
        assert_eq!(a.get(idx), 0);
        assert!(a.set(idx, 40));
        assert!(a.set(0, 7));
        assert_eq!((a.get(idx), a.get(0)), (40, 7));
        let b = Store::new(CLASS);
        assert!(b.created(0x2000));
        assert!(b.copy_from(&a));
        assert_eq!(b.get(idx), 40);
        a.destroyed(0x1000);
        assert_eq!(a.get(idx), 0);
        assert!(b.set(idx, 2));
        b.destroyed(0x2000);
        assert_eq!(FREED.load(Ordering::SeqCst), 42);
    }
}
