//! Verify callbacks in the drop-in flavour: the program's
//! `int (*)(int, X509_STORE_CTX *)` gets a genuine libcrypto
//! `X509_STORE_CTX`, so libcrypto's accessors work on it.
//!
//! Our verification (`verify::callback`) walks OpenSSL's sequence of calls
//! on our own store context; at each call this mirror is brought up to
//! date (error, depth, current certificate) and the program's answer and
//! any error it set come back. The mirror is made at the first call of a
//! verification: `X509_STORE_CTX_init` over the context's `X509_STORE`
//! with the leaf, the verified chain (leaf first) as its chain, the `SSL *`
//! at libssl's ex_data index; it is freed with our store context.

use std::os::raw::{c_int, c_void};
use std::ptr::{self, NonNull};
use std::sync::{Arc, OnceLock};

use super::objects::x509_from_der;
use super::sys;
use crate::callbacks::{VerifyCallback, VerifyCallbackRef};
use crate::ctx::SslCtx;
use crate::ffi::handle;
use crate::verify::X509StoreCtx;

/// `int (*)(int preverify_ok, X509_STORE_CTX *)` with libcrypto's type.
pub type ForeignVerifyFn = unsafe extern "C" fn(c_int, *mut c_void) -> c_int;

/// libcrypto's `CRYPTO_EX_INDEX_X509_STORE_CTX`.
const EX_INDEX_X509_STORE_CTX: c_int = 5;

/// The ex_data index of libcrypto's store contexts where libssl puts the
/// `SSL *` (`SSL_get_ex_data_X509_STORE_CTX_idx`), allocated once.
pub fn ssl_index() -> c_int {
    static IDX: OnceLock<c_int> = OnceLock::new();
    *IDX.get_or_init(|| {
        // SAFETY: allocates an index of a valid class; NULL callbacks and
        // argp are allowed.
        unsafe {
            sys::CRYPTO_get_ex_new_index(
                EX_INDEX_X509_STORE_CTX,
                0,
                ptr::null_mut(),
                ptr::null_mut(),
                ptr::null_mut(),
                ptr::null_mut(),
            )
        }
    })
}

/// A libcrypto store context we own (with the chain it took over).
struct ForeignStoreCtx {
    ctx: NonNull<c_void>,
    /// The chain's certificates by depth (owned by `ctx`'s chain).
    certs: Vec<*mut c_void>,
}

// SAFETY: used by the thread running the verification only; libcrypto's
// store context has no thread affinity, freeing it neither.
unsafe impl Send for ForeignStoreCtx {}
// SAFETY: as above; never used by two threads at once.
unsafe impl Sync for ForeignStoreCtx {}

impl Drop for ForeignStoreCtx {
    fn drop(&mut self) {
        // SAFETY: we own the context; freeing it frees the chain we set0.
        unsafe { sys::X509_STORE_CTX_free(self.ctx.as_ptr()) };
    }
}

const MIRROR: &str = "libcrypto_store_ctx";

/// The context's `X509_STORE` for the verification running on this thread.
fn current_store() -> *mut c_void {
    let Some(s) = crate::verify::session::current() else {
        return ptr::null_mut();
    };
    let ctx = crate::verify::session::with(&s, |v| v.ctx);
    super::store::SSL_CTX_get_cert_store(ctx as *const SslCtx)
}

fn make_mirror(ours: &X509StoreCtx, ssl: usize) -> Option<ForeignStoreCtx> {
    // SAFETY: no arguments; a new context or NULL.
    let ctx = NonNull::new(unsafe { sys::X509_STORE_CTX_new() })?;
    // SAFETY: a new empty stack or NULL.
    let sk = unsafe { sys::OPENSSL_sk_new_null() };
    let mut certs = Vec::new();
    let mut ok = !sk.is_null();
    for x in ours.chain() {
        if !ok {
            break;
        }
        let c = x509_from_der(x.der());
        // SAFETY: `sk` is our live stack; a pushed X509 belongs to it, one
        // that did not push is freed here (NULL is a no-op).
        ok = !c.is_null() && unsafe { sys::OPENSSL_sk_push(sk, c) } > 0;
        if ok {
            certs.push(c);
        } else {
            // SAFETY: as above.
            unsafe { sys::X509_free(c) };
        }
    }
    let leaf = certs.first().copied().unwrap_or(ptr::null_mut());
    let mirror = ForeignStoreCtx { ctx, certs };
    // SAFETY: `ctx` is our new context; the store is the context's (or
    // NULL, which libcrypto allows); `leaf` lives in the chain the context
    // owns from set0_verified_chain on, until it is freed; the SSL * is the
    // program's handle of the connection being verified.
    unsafe {
        if !ok
            || sys::X509_STORE_CTX_init(ctx.as_ptr(), current_store(), leaf, ptr::null_mut()) == 0
        {
            sys::OPENSSL_sk_pop_free(sk, Some(sys::X509_free));
            return None;
        }
        sys::X509_STORE_CTX_set0_verified_chain(ctx.as_ptr(), sk);
        sys::X509_STORE_CTX_set_ex_data(ctx.as_ptr(), ssl_index(), ssl as *mut c_void);
    }
    Some(mirror)
}

#[derive(Debug)]
struct ForeignVerify(ForeignVerifyFn);

impl VerifyCallback for ForeignVerify {
    fn call(&self, preverify_ok: bool, store_ctx: usize) -> bool {
        let Some(ours) = handle::borrow(store_ctx as *const X509StoreCtx) else {
            return false;
        };
        let mirror = match ours.keep.any(MIRROR) {
            Some((_, m)) => m.downcast::<ForeignStoreCtx>().ok(),
            None => {
                let ssl = ours.ex_data.get(crate::verify::callback::ssl_index());
                make_mirror(ours, ssl).map(|m| {
                    let m = Arc::new(m);
                    ours.keep.put(MIRROR, 0, m.clone());
                    m
                })
            }
        };
        let Some(m) = mirror else {
            log::warn!("verify callback not called: no libcrypto X509_STORE_CTX");
            return false;
        };
        let depth = ours.error_depth();
        let cur = m.certs.get(depth).copied().unwrap_or(ptr::null_mut());
        let x = m.ctx.as_ptr();
        // SAFETY: `x` is our live store context, `cur` a certificate of its
        // chain; the program registered this function for exactly this
        // signature and gets the context for the call.
        let (verdict, error) = unsafe {
            sys::X509_STORE_CTX_set_error(x, ours.error());
            sys::X509_STORE_CTX_set_error_depth(x, c_int::try_from(depth).unwrap_or(c_int::MAX));
            sys::X509_STORE_CTX_set_current_cert(x, cur);
            let v = (self.0)(c_int::from(preverify_ok), x);
            (v, sys::X509_STORE_CTX_get_error(x))
        };
        ours.set_error(error);
        verdict != 0
    }

    fn addr(&self) -> usize {
        self.0 as usize
    }
}

/// The program's callback (an address of a `ForeignVerifyFn`) as ours.
pub fn verify_ref(addr: usize) -> VerifyCallbackRef {
    // SAFETY: `addr` is the address of the program's verify callback, of
    // the SSL_verify_cb type, as the caller received it.
    let f = unsafe { std::mem::transmute::<usize, ForeignVerifyFn>(addr) };
    Arc::new(ForeignVerify(f))
}
