//! `CObjects` with libcrypto's objects: a program's `BIO*` is used through
//! libcrypto's BIO API, certificates are handed out as genuine libcrypto
//! `X509` (d2i of the DER) in a genuine `STACK_OF(X509)`.

use std::ffi::CStr;
use std::os::raw::{c_int, c_uchar, c_void};
use std::ptr::{self, NonNull};
use std::sync::Arc;

use super::bio::ForeignBio;
use super::sys;
use crate::bio::BioRef;
use crate::callbacks::VerifyCallbackRef;
use crate::cipher::SslCipher;
use crate::ctx::{LoadedKey, SslCtx};
use crate::ffi::cert_callbacks::VerifyFnPtr;
use crate::ffi::cipher::EvpMd;
use crate::ffi::objects::{
    CObjects, ClientCertObjects, D2iFn, DefaultLocation, I2dFn, PasswordCb, Stream,
};
use crate::ffi::pkey::PemPasswordFn;
use crate::keep::Keep;
use crate::ssl::Ssl;
use crate::stack::OpensslStack;
use crate::x509::{EvpPkey, NameList, X509, X509Name};
use pki_types::PrivateKeyDer;

pub struct Libcrypto;

/// A libcrypto `X509` from DER; NULL (with libcrypto's error) if it does
/// not parse, which cannot happen for a certificate we parsed ourselves.
pub fn x509_from_der(der: &[u8]) -> *mut c_void {
    let Ok(len) = std::os::raw::c_long::try_from(der.len()) else {
        return ptr::null_mut();
    };
    let mut p = der.as_ptr();
    // SAFETY: `p` points to `len` readable bytes; NULL first argument asks
    // for a new object, owned by the caller.
    unsafe { sys::d2i_X509(ptr::null_mut(), &mut p as *mut *const c_uchar, len) }
}

/// The DER of a libcrypto object through its `i2d_*` function (length
/// first, then the encoding into a buffer of that size).
pub(super) fn i2d(
    obj: *const c_void,
    f: unsafe extern "C" fn(*const c_void, *mut *mut c_uchar) -> c_int,
) -> Option<Vec<u8>> {
    // SAFETY: `obj` is a live object of the type `f` encodes; with a NULL
    // output `f` only returns the length, then writes exactly that many
    // bytes at `p`, which points into a buffer of that size.
    unsafe {
        let len = f(obj, ptr::null_mut());
        let mut der = vec![0u8; usize::try_from(len).ok().filter(|n| *n > 0)?];
        let mut p = der.as_mut_ptr();
        (f(obj, &mut p) == len).then_some(der)
    }
}

/// A `STACK_OF(X509)` and the certificates in it, freed together.
struct ForeignX509Stack(NonNull<c_void>);

// SAFETY: the stack is built once and then only read by the program;
// freeing it (sk_pop_free) needs no particular thread.
unsafe impl Send for ForeignX509Stack {}
// SAFETY: as above; we never mutate it after building it.
unsafe impl Sync for ForeignX509Stack {}

/// A new libcrypto `STACK_OF(X509)` holding `certs` (each a reference we
/// own and give to the stack); `None`, with everything freed, when one is
/// NULL or cannot be pushed.
fn foreign_x509_stack(certs: impl Iterator<Item = *mut c_void>) -> Option<ForeignX509Stack> {
    // SAFETY: no arguments; a new empty stack or NULL.
    let owned = ForeignX509Stack(NonNull::new(unsafe { sys::OPENSSL_sk_new_null() })?);
    for c in certs {
        // SAFETY: `owned` is our live stack; a pushed X509 belongs to it
        // (freed by sk_pop_free with the stack), one that failed to push is
        // freed here.
        if c.is_null() || unsafe { sys::OPENSSL_sk_push(owned.0.as_ptr(), c) } == 0 {
            // SAFETY: `c` is NULL or an X509 we own.
            unsafe { sys::X509_free(c) };
            return None;
        }
    }
    Some(owned)
}

impl Drop for ForeignX509Stack {
    fn drop(&mut self) {
        // SAFETY: we own the stack and one reference to each element.
        unsafe { sys::OPENSSL_sk_pop_free(self.0.as_ptr(), Some(sys::X509_free)) };
    }
}

/// One libcrypto `X509`, freed with its keeper.
struct ForeignX509(NonNull<c_void>);

// SAFETY: made once, then only read by the program; X509_free needs no
// particular thread.
unsafe impl Send for ForeignX509 {}
// SAFETY: as above.
unsafe impl Sync for ForeignX509 {}

impl Drop for ForeignX509 {
    fn drop(&mut self) {
        // SAFETY: we own one reference.
        unsafe { sys::X509_free(self.0.as_ptr()) };
    }
}

const PEER_CHAIN: &str = "peer_chain";
/// The slot of `SSL_get0_peer_certificate`'s copy (src/ffi/peer.rs).
const PEER_CERT: &str = "peer_cert";

/// A libcrypto object made from DER we hold, with that DER to recognise
/// it, freed with its owner.
struct Foreign {
    ptr: NonNull<c_void>,
    der: Vec<u8>,
    free: unsafe extern "C" fn(*mut c_void),
}

// SAFETY: the object is only handed to the program (get0) and freed here;
// libcrypto's X509 and EVP_PKEY have atomic refcounts and no thread
// affinity.
unsafe impl Send for Foreign {}
// SAFETY: as above; we never mutate it.
unsafe impl Sync for Foreign {}

impl Drop for Foreign {
    fn drop(&mut self) {
        // SAFETY: we own one reference to the object, made by d2i.
        unsafe { (self.free)(self.ptr.as_ptr()) };
    }
}

/// The object kept under `slot` in the first of `keeps` made from `der`,
/// else a new one from `make`, kept in `keeps[0]`.
fn kept_or_new(
    keeps: &[&Keep],
    home: &Keep,
    slot: &'static str,
    der: &[u8],
    make: impl FnOnce() -> *mut c_void,
    free: unsafe extern "C" fn(*mut c_void),
) -> *mut c_void {
    for keep in keeps {
        if let Some((_, kept)) = keep.any(slot)
            && let Some(f) = kept.downcast_ref::<Foreign>()
            && f.der == der
        {
            return f.ptr.as_ptr();
        }
    }
    let Some(ptr) = NonNull::new(make()) else {
        return ptr::null_mut();
    };
    keep_foreign(home, slot, ptr, der, free);
    ptr.as_ptr()
}

pub(super) fn keep_foreign(
    keep: &Keep,
    slot: &'static str,
    ptr: NonNull<c_void>,
    der: &[u8],
    free: unsafe extern "C" fn(*mut c_void),
) {
    let f = Foreign {
        ptr,
        der: der.to_vec(),
        free,
    };
    keep.put(slot, 0, Arc::new(f));
}

impl CObjects for Libcrypto {
    fn adopt_bio(p: *mut c_void) -> Option<BioRef> {
        ForeignBio::adopt(p).map(|b| Arc::new(b) as BioRef)
    }
    // The pointer is the program's BIO*, passed on to libcrypto under the
    // SSL_set_bio contract (a live BIO), as every entry point's C arguments.
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    fn up_ref_bio(p: *mut c_void) {
        if !p.is_null() {
            // SAFETY: a non-NULL BIO* from the program is a live libcrypto BIO.
            unsafe { sys::BIO_up_ref(p) };
        }
    }
    fn bio_ptr(b: Option<&BioRef>) -> *mut c_void {
        b.and_then(|b| b.as_any().downcast_ref::<ForeignBio>())
            .map_or(ptr::null_mut(), ForeignBio::as_ptr)
    }
    fn socket_bio(fd: c_int) -> Option<BioRef> {
        ForeignBio::socket(fd).map(|b| Arc::new(b) as BioRef)
    }
    fn x509_stack_out(ssl: &Ssl, stack: Arc<OpensslStack>) -> *mut c_void {
        Self::x509_stack_kept(ssl, PEER_CHAIN, stack)
    }
    fn x509_ders_kept(keep: &Keep, slot: &'static str, key: usize, ders: &[&[u8]]) -> *mut c_void {
        if let Some(kept) = keep.get(slot, key)
            && let Some(s) = kept.downcast_ref::<ForeignX509Stack>()
        {
            return s.0.as_ptr();
        }
        let Some(owned) = foreign_x509_stack(ders.iter().map(|d| x509_from_der(d))) else {
            return ptr::null_mut();
        };
        let sk = owned.0.as_ptr();
        keep.put(slot, key, Arc::new(owned));
        sk
    }
    fn x509_stack_kept(ssl: &Ssl, slot: &'static str, stack: Arc<OpensslStack>) -> *mut c_void {
        // One libcrypto copy per chain object of ours, kept by the SSL: the
        // same pointer on every call while the chain is unchanged (get0).
        let key = Arc::as_ptr(&stack) as usize;
        if let Some(kept) = ssl.keep.get(slot, key)
            && let Some(s) = kept.downcast_ref::<ForeignX509Stack>()
        {
            return s.0.as_ptr();
        }
        let objects = stack.objects::<X509>();
        let certs = objects.iter().map(|x| {
            // The peer certificate's libcrypto copy, if the program already
            // has it (SSL_get0_peer_certificate): the chain holds the same
            // object, as OpenSSL's does.
            let shared = ssl
                .keep
                .get(PEER_CERT, Arc::as_ptr(x) as usize)
                .and_then(|k| k.downcast_ref::<ForeignX509>().map(|c| c.0.as_ptr()));
            match shared {
                Some(p) => {
                    // SAFETY: a live X509 the SSL keeps; the stack takes
                    // its own reference.
                    unsafe { sys::X509_up_ref(p) };
                    p
                }
                None => x509_from_der(x.der()),
            }
        });
        let Some(owned) = foreign_x509_stack(certs) else {
            return ptr::null_mut();
        };
        let sk = owned.0;
        ssl.keep.put(slot, key, Arc::new(owned));
        // Conversely, a peer chain's leaf becomes the peer certificate's
        // copy when the program has not asked for that yet.
        if slot == PEER_CHAIN
            && ssl.keep.any(PEER_CERT).is_none()
            && let Some(leaf) = objects.first()
        {
            // SAFETY: element 0 of the stack just built (live, ours); the
            // keeper takes its own reference.
            let first = unsafe { sys::OPENSSL_sk_value(sk.as_ptr(), 0) };
            if let Some(first) = NonNull::new(first) {
                // SAFETY: as above.
                unsafe { sys::X509_up_ref(first.as_ptr()) };
                ssl.keep.put(
                    PEER_CERT,
                    Arc::as_ptr(leaf) as usize,
                    Arc::new(ForeignX509(first)),
                );
            }
        }
        sk.as_ptr()
    }
    fn x509_kept(keep: &Keep, slot: &'static str, x: Arc<X509>) -> *mut c_void {
        let key = Arc::as_ptr(&x) as usize;
        if let Some(k) = keep.get(slot, key)
            && let Some(c) = k.downcast_ref::<ForeignX509>()
        {
            return c.0.as_ptr();
        }
        let Some(c) = NonNull::new(x509_from_der(x.der())) else {
            return ptr::null_mut();
        };
        keep.put(slot, key, Arc::new(ForeignX509(c)));
        c.as_ptr()
    }
    // The program's X509* (the peer certificate this library handed out).
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    fn x509_up_ref(p: *mut c_void) {
        if !p.is_null() {
            // SAFETY: a live libcrypto X509.
            unsafe { sys::X509_up_ref(p) };
        }
    }
    fn cipher_stack_out(keep: &Keep, slot: &'static str, stack: Arc<OpensslStack>) -> *mut c_void {
        super::cipher_stack::kept(keep, slot, &stack)
    }
    fn cipher_stack_new(stack: Arc<OpensslStack>) -> *mut c_void {
        super::cipher_stack::new_stack(&stack.addrs())
    }
    fn x509_in(p: *mut c_void) -> Option<Arc<X509>> {
        if p.is_null() {
            return None;
        }
        X509::from_der(i2d(p, sys::i2d_X509)?)
    }
    // The program's STACK_OF(X509)*, live by the set0/set1_chain contract.
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    fn x509_stack_in(p: *mut c_void) -> Option<Vec<Arc<X509>>> {
        if p.is_null() {
            return None;
        }
        // SAFETY: a non-NULL stack from the program is a live STACK_OF(X509).
        let n = unsafe { sys::OPENSSL_sk_num(p) };
        (0..n)
            .map(|i| {
                // SAFETY: `i` is within the stack's bounds.
                let x = unsafe { sys::OPENSSL_sk_value(p, i) };
                Self::x509_in(x)
            })
            .collect()
    }
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    fn x509_release(p: *mut c_void) {
        // SAFETY: the program handed us its reference (add0); NULL is a no-op.
        unsafe { sys::X509_free(p) };
    }
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    fn x509_stack_release(p: *mut c_void) {
        if !p.is_null() {
            // SAFETY: the program handed us the stack and its elements (set0).
            unsafe { sys::OPENSSL_sk_pop_free(p, Some(sys::X509_free)) };
        }
    }
    fn set_hostflags(ssl: &Ssl, flags: std::os::raw::c_uint) {
        super::param::set_hostflags(ssl, flags);
    }
    fn set_param_host(ssl: &Ssl, host: *const std::os::raw::c_char, add: bool, ip: bool) {
        super::param::set_host(ssl, host, add, ip);
    }

    // The program's RSA*, live by the SSL_CTX_use_RSAPrivateKey contract.
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    fn rsa_in(p: *mut c_void) -> Option<LoadedKey> {
        if p.is_null() {
            return None;
        }
        let der = i2d(p, sys::i2d_RSAPrivateKey)?;
        LoadedKey::new(PrivateKeyDer::Pkcs1(der.into())).ok()
    }

    // The program's EVP_PKEY*, live by the SSL_CTX_use_PrivateKey contract.
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    fn pkey_in(p: *mut c_void) -> Option<LoadedKey> {
        if p.is_null() {
            return None;
        }
        // PKCS#8 covers every key type rustls's provider loads.
        // SAFETY: a non-NULL EVP_PKEY* from the program is live; the
        // PKCS8_PRIV_KEY_INFO we get (or NULL) is ours to free.
        let der = unsafe {
            let p8 = sys::EVP_PKEY2PKCS8(p);
            if p8.is_null() {
                return None;
            }
            let der = i2d(p8, sys::i2d_PKCS8_PRIV_KEY_INFO);
            sys::PKCS8_PRIV_KEY_INFO_free(p8);
            der?
        };
        match LoadedKey::new(PrivateKeyDer::Pkcs8(der.into())) {
            Ok(k) => Some(k),
            Err(_) => {
                crate::ssl_err!(
                    crate::abi::SSL_R_UNKNOWN_PKEY_TYPE,
                    "SSL_CTX_use_PrivateKey"
                );
                None
            }
        }
    }
    // The callback's out-parameters: NULL or objects whose references
    // the program handed us.
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    fn client_cert_in(x509: *mut c_void, pkey: *mut c_void) -> ClientCertObjects {
        let x = Self::x509_in(x509);
        let k = Self::pkey_in(pkey).map(EvpPkey::new);
        // SAFETY: each is NULL (a no-op) or a reference the callback gave
        // us, released once, as OpenSSL's client does after using them.
        unsafe {
            sys::X509_free(x509);
            sys::EVP_PKEY_free(pkey);
        }
        (x, k)
    }
    fn x509_get0(keeps: &[&Keep], home: &Keep, slot: &'static str, der: &[u8]) -> *mut c_void {
        kept_or_new(
            keeps,
            home,
            slot,
            der,
            || x509_from_der(der),
            sys::X509_free,
        )
    }
    // The program's X509*, live by the SSL_CTX_use_certificate contract.
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    fn x509_keep_given(keep: &Keep, slot: &'static str, p: *mut c_void) {
        let (Some(ptr), Some(der)) = (NonNull::new(p), i2d(p, sys::i2d_X509)) else {
            return;
        };
        // SAFETY: a live X509 from the program; our reference is freed with
        // the keeper.
        unsafe { sys::X509_up_ref(p) };
        keep_foreign(keep, slot, ptr, &der, sys::X509_free);
    }
    fn ticket_keys(cb: usize, hmac: bool) -> Option<Arc<dyn crate::session::TicketKeys>> {
        use super::ticket_keys::{CTicketKeys, MacKind};
        let mac = if hmac { MacKind::Hmac } else { MacKind::EvpMac };
        (cb != 0).then(|| Arc::new(CTicketKeys { cb, mac }) as Arc<dyn crate::session::TicketKeys>)
    }
    fn public_key_out(spki: &[u8]) -> *mut c_void {
        let Ok(len) = std::os::raw::c_long::try_from(spki.len()) else {
            return ptr::null_mut();
        };
        let mut p = spki.as_ptr();
        // SAFETY: `p` points to `len` readable DER bytes; a new key or NULL.
        unsafe { sys::d2i_PUBKEY(ptr::null_mut(), &mut p as *mut *const c_uchar, len) }
    }
    fn verify_store_source(
        current: Arc<dyn crate::verify::RootSource>,
        store: *mut c_void,
        take: bool,
    ) -> Option<Arc<dyn crate::verify::RootSource>> {
        Some(super::store::verify_store_source(current, store, take))
    }
    // The program's CTLOG_STORE*, whose reference it handed over (set0).
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    fn ctlog_store_release(p: *mut c_void) {
        if !p.is_null() {
            // SAFETY: a live store the program gave up.
            unsafe { sys::CTLOG_STORE_free(p) };
        }
    }
    // The program's EVP_PKEY*, whose reference it handed over (set0).
    fn pkey_keep_taken(keep: &Keep, slot: &'static str, p: *mut c_void) {
        if let Some(ptr) = NonNull::new(p) {
            // The reference handed over is freed with the keeper.
            keep_foreign(keep, slot, ptr, &[], sys::EVP_PKEY_free);
        }
    }
    // The program's EVP_PKEY*, live by the SSL_CTX_use_PrivateKey contract.
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    fn pkey_keep_given(keep: &Keep, slot: &'static str, p: *mut c_void, key: &LoadedKey) {
        let Some(ptr) = NonNull::new(p) else {
            return;
        };
        // SAFETY: a live EVP_PKEY from the program; our reference is freed
        // with the keeper.
        unsafe { sys::EVP_PKEY_up_ref(p) };
        keep_foreign(keep, slot, ptr, key.der.secret_der(), sys::EVP_PKEY_free);
    }
    fn pkey_get0(keeps: &[&Keep], home: &Keep, slot: &'static str, key: &LoadedKey) -> *mut c_void {
        let der = key.der.secret_der();
        let make = || {
            let Ok(len) = std::os::raw::c_long::try_from(der.len()) else {
                return ptr::null_mut();
            };
            let mut p = der.as_ptr();
            // SAFETY: `p` points to `len` readable bytes (PKCS#8, PKCS#1 or
            // SEC1, which d2i_AutoPrivateKey tells apart); a new key or NULL.
            unsafe { sys::d2i_AutoPrivateKey(ptr::null_mut(), &mut p as *mut *const c_uchar, len) }
        };
        kept_or_new(keeps, home, slot, der, make, sys::EVP_PKEY_free)
    }
    fn new_stack() -> *mut c_void {
        // SAFETY: no arguments; a new stack or NULL.
        unsafe { sys::OPENSSL_sk_new_null() }
    }
    fn name_list_in(keep: &Keep, sk: *mut c_void) -> Arc<NameList> {
        super::client_ca::adopt(keep, sk)
    }
    fn name_list_out(keeps: &[&Keep], list: &NameList) -> *mut c_void {
        super::client_ca::stack_out(keeps, list)
    }
    fn name_list_added(keep: &Keep, list: &NameList, name: &X509Name) {
        super::client_ca::added(keep, list, name)
    }
    fn client_ca_file(path: &str, func: &'static str) -> *mut c_void {
        super::client_ca::load_file(path, func)
    }
    // The program's STACK_OF(X509_NAME)*, live by the SSL_dup_CA_list contract.
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    fn name_list_dup(sk: *const c_void) -> *mut c_void {
        if sk.is_null() {
            return ptr::null_mut();
        }
        // SAFETY: a live libcrypto stack of X509_NAME; libcrypto copies each
        // name (sk_X509_NAME_deep_copy) into a stack the caller owns.
        unsafe {
            sys::OPENSSL_sk_deep_copy(sk, Some(sys::X509_NAME_dup), Some(sys::X509_NAME_free))
        }
    }
    // The program's EC_KEY*, live by the SSL_CTX_set_tmp_ecdh contract.
    #[allow(clippy::not_unsafe_ptr_arg_deref)]
    fn ec_key_curve(p: *mut c_void) -> Option<c_int> {
        if p.is_null() {
            return None;
        }
        // SAFETY: a live EC_KEY; its group (NULL if unset) is borrowed.
        let nid = unsafe {
            let g = sys::EC_KEY_get0_group(p);
            if g.is_null() {
                return None;
            }
            sys::EC_GROUP_get_curve_name(g)
        };
        (nid != 0).then_some(nid)
    }
    fn ctx_created(ctx: &SslCtx) {
        super::store::attach(ctx);
        super::param::attach_ctx(ctx);
    }
    fn ssl_created(ssl: &Ssl, ctx: &SslCtx) {
        super::param::attach_ssl(ssl, ctx);
    }
    fn ssl_duplicated(to: &Ssl, from: &Ssl) {
        super::param::inherit_ssl(to, from);
    }
    fn before_handshake(ssl: &Ssl) {
        let mut c = ssl.lock();
        if c.in_before() {
            super::param::apply(ssl, &mut c);
        }
    }
    fn param_depth(keep: &Keep) -> Option<c_int> {
        super::param::depth(keep)
    }
    fn set_param_depth(keep: &Keep, depth: c_int) {
        super::param::set_depth(keep, depth)
    }
    fn load_verify_store(ctx: &SslCtx, file: Option<&str>, dir: Option<&str>) -> Option<bool> {
        Some(super::store::load_locations(ctx, file, dir))
    }
    fn default_verify_store(ctx: &SslCtx) -> Option<bool> {
        Some(super::store::load_default_paths(ctx))
    }
    fn default_verify_location(ctx: &SslCtx, which: DefaultLocation) -> Option<bool> {
        Some(super::store::default_location(ctx, which))
    }
    fn load_verify_uri(ctx: &SslCtx, uri: &CStr) -> Option<bool> {
        Some(super::store::load_store(ctx, uri))
    }
    fn key_file(
        keep: &Keep,
        path: &CStr,
        filetype: c_int,
        pw: PasswordCb,
        func: &'static str,
        accepts: &dyn Fn(&LoadedKey) -> bool,
    ) -> Option<Option<LoadedKey>> {
        Some(super::key_file::read(
            keep, path, filetype, pw, func, accepts,
        ))
    }
    fn cert_verify_callback(cb: usize, arg: usize) -> crate::callbacks::CertVerifyCallbackRef {
        super::verify_cb::cert_verify_ref(cb, arg)
    }
    fn verify_callback(cb: VerifyFnPtr) -> VerifyCallbackRef {
        super::verify_cb::verify_ref(cb as usize)
    }
    fn store_ctx_ssl_index() -> c_int {
        super::verify_cb::ssl_index()
    }
    fn handshake_digest(c: Option<&SslCipher>, _func: &'static str) -> *const EvpMd {
        c.map_or(ptr::null(), |c| {
            // SAFETY: a NUL-terminated static name; libcrypto returns one of
            // its static digests or NULL.
            unsafe { sys::EVP_get_digestbyname(c.handshake_digest_name().as_ptr()) }.cast()
        })
    }
    fn pem_read(
        src: Stream,
        label: &CStr,
        d2i: D2iFn,
        x: *mut *mut c_void,
        cb: PemPasswordFn,
        u: *mut c_void,
        _func: &'static str,
    ) -> *mut c_void {
        super::pem::pem_read(src, label, d2i, x, cb, u)
    }
    fn pem_write(
        dst: Stream,
        label: &CStr,
        i2d: I2dFn,
        x: *const c_void,
        _func: &'static str,
    ) -> c_int {
        super::pem::pem_write(dst, label, i2d, x)
    }
    fn write_text(dst: Stream, text: &CStr, func: &'static str) -> bool {
        super::pem::write_text(dst, text, func)
    }
}
