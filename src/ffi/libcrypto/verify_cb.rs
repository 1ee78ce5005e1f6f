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

/// `SSL_CTX_set_cert_verify_callback`'s callback in the drop-in flavour:
/// `int (*)(X509_STORE_CTX *, void *arg)` with libcrypto's type. It
/// replaces the chain verification, so it gets a libcrypto store context
/// set up as OpenSSL's `ssl_verify_cert_chain` sets one up (the context's
/// `X509_STORE`, the peer's certificate and the rest of its chain as
/// untrusted, the connection's `X509_VERIFY_PARAM`, the SSL role's purpose,
/// the `SSL *` at libssl's index, the connection's verify callback), and
/// may run libcrypto's `X509_verify_cert` on it. Its return decides; the
/// context's error becomes the verification result.
#[derive(Debug)]
struct ForeignCertVerify {
    cb: unsafe extern "C" fn(*mut c_void, *mut c_void) -> c_int,
    arg: usize,
}

impl crate::callbacks::CertVerifyCallback for ForeignCertVerify {
    fn call(&self, store_ctx: usize) -> bool {
        let Some(ours) = handle::borrow(store_ctx as *const X509StoreCtx) else {
            return false;
        };
        let ssl = ours.ex_data.get(crate::verify::callback::ssl_index());
        let chain = ours.chain();
        let Some(leaf) = chain.first() else {
            return false;
        };
        // SAFETY: no arguments; a new context or NULL.
        let Some(ctx) = NonNull::new(unsafe { sys::X509_STORE_CTX_new() }) else {
            return false;
        };
        let x = ctx.as_ptr();
        let leaf = x509_from_der(leaf.der());
        // SAFETY: a new empty stack or NULL.
        let untrusted = unsafe { sys::OPENSSL_sk_new_null() };
        for c in chain.iter().skip(1) {
            let c = x509_from_der(c.der());
            // SAFETY: `untrusted` is our live stack (or NULL: the push
            // fails); a certificate that did not push is freed.
            if c.is_null() || unsafe { sys::OPENSSL_sk_push(untrusted, c) } <= 0 {
                // SAFETY: NULL or an X509 we own.
                unsafe { sys::X509_free(c) };
            }
        }
        let server = handle::borrow(ssl as *const crate::ssl::Ssl).is_some_and(|s| {
            !s.locked_here() && s.lock().is_server() || s.locked_here() && s.facts().is_server
        });
        let verify_cb = ours.verify_callback_addr();
        // The names to check, as the connection's own verification checks
        // them (SSL_set1_host and friends are kept by the core).
        let (hosts, ip) = handle::borrow(ssl as *const crate::ssl::Ssl).map_or_else(
            || (Vec::new(), None),
            |s| {
                crate::verify::session::with(s.verify_session(), |v| {
                    (v.params.hosts.clone(), v.params.ip)
                })
            },
        );
        // SAFETY: `x` is our new context; the store is the connection's
        // context's (or NULL); `leaf` and `untrusted` stay alive until the
        // context is freed below; the parameters are the connection's
        // libcrypto parameters (or NULL: skipped); the callbacks are the
        // program's, registered for exactly these signatures.
        let (verdict, error) = unsafe {
            let ok = sys::X509_STORE_CTX_init(x, current_store(), leaf, untrusted) != 0;
            let verdict = if ok {
                let purpose = if server { c"ssl_client" } else { c"ssl_server" };
                sys::X509_STORE_CTX_set_default(x, purpose.as_ptr());
                let param = super::param::SSL_get0_param(ssl as *mut crate::ssl::Ssl);
                let own = sys::X509_STORE_CTX_get0_param(x);
                if !param.is_null() {
                    sys::X509_VERIFY_PARAM_set1(own, param);
                }
                for h in &hosts {
                    sys::X509_VERIFY_PARAM_add1_host(own, h.as_ptr().cast(), h.len());
                }
                match ip {
                    Some(std::net::IpAddr::V4(a)) => {
                        sys::X509_VERIFY_PARAM_set1_ip(own, a.octets().as_ptr(), 4);
                    }
                    Some(std::net::IpAddr::V6(a)) => {
                        sys::X509_VERIFY_PARAM_set1_ip(own, a.octets().as_ptr(), 16);
                    }
                    None => {}
                }
                sys::X509_STORE_CTX_set_ex_data(x, ssl_index(), ssl as *mut c_void);
                if verify_cb != 0 {
                    let f = std::mem::transmute::<usize, ForeignVerifyFn>(verify_cb);
                    sys::X509_STORE_CTX_set_verify_cb(x, Some(f));
                }
                (self.cb)(x, self.arg as *mut c_void)
            } else {
                0
            };
            let error = sys::X509_STORE_CTX_get_error(x);
            sys::X509_STORE_CTX_free(x);
            sys::OPENSSL_sk_pop_free(untrusted, Some(sys::X509_free));
            sys::X509_free(leaf);
            (verdict, error)
        };
        ours.set_error(error);
        verdict > 0
    }
}

/// The program's certificate verification callback (an address of its
/// function) and argument, as ours.
pub fn cert_verify_ref(addr: usize, arg: usize) -> crate::callbacks::CertVerifyCallbackRef {
    // SAFETY: `addr` is the address of the program's callback, of
    // `int (*)(X509_STORE_CTX *, void *)`, as the caller received it.
    let cb = unsafe {
        std::mem::transmute::<usize, unsafe extern "C" fn(*mut c_void, *mut c_void) -> c_int>(addr)
    };
    Arc::new(ForeignCertVerify { cb, arg })
}
