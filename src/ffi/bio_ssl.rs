//! ssl.h's SSL BIO functions (OpenSSL's ssl/bio_ssl.c): `BIO_f_ssl`,
//! `BIO_new_ssl`, `BIO_new_ssl_connect`, `BIO_new_buffer_ssl_connect`,
//! `BIO_ssl_copy_session_id`, `BIO_ssl_shutdown`, written once against the
//! program's BIO functions (`BioCalls`: ours in the standalone flavour,
//! libcrypto's in the drop-in), as OpenSSL writes them against its public
//! BIO API; and `SslLink`, the SSL BIO's view of its `SSL*` (ours in both
//! flavours) for the shared core in `crate::bio::ssl_filter`.

use std::os::raw::{c_int, c_long, c_void};
use std::ptr;
use std::sync::{Arc, Weak};

use sslshim_macros::entry;

use super::bio_method::{self, BioMethod};
use super::handle;
use super::objects::{Flavour, Own};
use super::ssl as api;
use crate::abi::{BIO_C_GET_SSL, BIO_C_SET_SSL, BIO_CLOSE, BIO_TYPE_SSL};
use crate::bio::Bio;
use crate::bio::ssl_filter::{OwnSsl, SslEnd};
use crate::ctx::SslCtx;
use crate::ssl::{HandshakeRole, Ssl};

/// The SSL BIO's connection, driven through the entry points so every
/// call runs exactly as the program's own `SSL_read` & co. would. Like
/// OpenSSL's `BIO_SSL` it holds no reference of its own: the connection
/// lives on the program's references (with `BIO_CLOSE`, the one it gave
/// the BIO, given back by `ssl_free`), so `SSL_free` frees it when OpenSSL
/// would. A call after that gets a NULL `SSL` (an error return) instead
/// of freed memory.
pub struct SslLink {
    ssl: Weak<Ssl>,
}

impl SslLink {
    /// The link for the program's `SSL*`; `None` for NULL or a pointer
    /// that is not one of our connections.
    pub fn new(p: *mut c_void) -> Option<Arc<SslLink>> {
        let ssl = handle::clone_arc(p as *const Ssl)?;
        Some(Arc::new(SslLink {
            ssl: Arc::downgrade(&ssl),
        }))
    }

    /// Runs `f` on the `SSL*` (NULL once it was freed), kept alive for
    /// the call.
    fn with<R>(&self, f: impl FnOnce(*mut Ssl) -> R) -> R {
        let live = self.ssl.upgrade();
        f(live.as_ref().map_or(ptr::null_mut(), handle::as_ptr))
    }

    /// `SSL_get_rbio`: the program's `BIO*` (NULL for none).
    pub fn rbio_ptr(&self) -> *mut c_void {
        self.with(|s| api::SSL_get_rbio(s).cast())
    }

    /// `SSL_get_wbio`.
    pub fn wbio_ptr(&self) -> *mut c_void {
        self.with(|s| api::SSL_get_wbio(s).cast())
    }

    /// `SSL_set_bio(ssl, b, b)`: takes over one reference to `b` (and
    /// counts the second itself), as OpenSSL's does.
    pub fn set_bio_ptr(&self, b: *mut c_void) {
        self.with(|s| api::SSL_set_bio(s, b.cast(), b.cast()));
    }
}

fn int_len(n: usize) -> c_int {
    n.min(c_int::MAX as usize) as c_int
}

impl SslEnd for SslLink {
    fn read(&self, buf: &mut [u8]) -> c_int {
        self.with(|s| api::SSL_read(s, buf.as_mut_ptr().cast(), int_len(buf.len())))
    }
    fn write(&self, buf: &[u8]) -> c_int {
        self.with(|s| api::SSL_write(s, buf.as_ptr().cast(), int_len(buf.len())))
    }
    fn get_error(&self, ret: c_int) -> c_int {
        self.with(|s| api::SSL_get_error(s, ret))
    }
    fn do_handshake(&self) -> c_int {
        self.with(|s| api::SSL_do_handshake(s))
    }
    fn shutdown(&self) -> c_int {
        self.with(|s| api::SSL_shutdown(s))
    }
    fn in_init(&self) -> bool {
        self.with(|s| api::SSL_in_init(s)) != 0
    }
    fn pending(&self) -> c_int {
        self.with(|s| api::SSL_pending(s))
    }
    fn set_connect_state(&self, client: bool) {
        if client {
            self.with(|s| api::SSL_set_connect_state(s));
        } else {
            self.with(|s| api::SSL_set_accept_state(s));
        }
    }
    fn connect_role(&self) -> Option<bool> {
        let ssl = self.ssl.upgrade()?;
        if ssl.locked_here() {
            return None;
        }
        let role = ssl.lock().role();
        role.map(|r| r == HandshakeRole::Connect)
    }
    fn clear(&self) -> bool {
        self.with(|s| api::SSL_clear(s)) == 1
    }
    fn renegotiate(&self) -> c_int {
        self.with(|s| api::SSL_renegotiate(s))
    }
    fn free(&self) {
        self.with(|s| api::SSL_free(s));
    }
    fn as_ptr(&self) -> *mut c_void {
        self.with(|s| s.cast())
    }
}

/// The standalone flavour's SSL BIO (`SslFilter`) sees our own BIOs.
impl OwnSsl for SslLink {
    fn rbio(&self) -> Option<Arc<Bio>> {
        handle::clone_arc(self.rbio_ptr() as *const Bio)
    }
    fn wbio(&self) -> Option<Arc<Bio>> {
        handle::clone_arc(self.wbio_ptr() as *const Bio)
    }
    fn set_bio(&self, b: Option<&Arc<Bio>>) {
        match b {
            Some(b) => {
                // The reference SSL_set_bio takes over.
                let p = handle::as_ptr(b);
                handle::up_ref(p);
                self.set_bio_ptr(p.cast());
            }
            None => self.set_bio_ptr(ptr::null_mut()),
        }
    }
}

/// The program's BIO functions in this flavour, for the constructors
/// below: ours (`Own`) or libcrypto's (`ffi::libcrypto::Libcrypto`).
pub trait BioCalls {
    /// `BIO_f_ssl()`.
    fn f_ssl() -> *const c_void;
    /// `BIO_s_connect()`.
    fn s_connect() -> *const c_void;
    /// `BIO_f_buffer()`.
    fn f_buffer() -> *const c_void;
    /// `BIO_new`.
    ///
    /// # Safety
    /// `method` is one of this flavour's methods.
    unsafe fn bio_new(method: *const c_void) -> *mut c_void;
    /// `BIO_free`.
    ///
    /// # Safety
    /// `b` is NULL or a live BIO of this flavour whose reference the
    /// caller gives up.
    unsafe fn bio_free(b: *mut c_void);
    /// `BIO_push`.
    ///
    /// # Safety
    /// `b` and `append` are NULL or live BIOs of this flavour.
    unsafe fn bio_push(b: *mut c_void, append: *mut c_void) -> *mut c_void;
    /// `BIO_ctrl`.
    ///
    /// # Safety
    /// `b` is NULL or a live BIO of this flavour; `parg` is what `cmd`
    /// takes.
    unsafe fn bio_ctrl(b: *mut c_void, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long;
    /// `BIO_next`.
    ///
    /// # Safety
    /// `b` is NULL or a live BIO of this flavour.
    unsafe fn bio_next(b: *mut c_void) -> *mut c_void;
    /// `BIO_method_type`.
    ///
    /// # Safety
    /// `b` is a live BIO of this flavour.
    unsafe fn bio_method_type(b: *const c_void) -> c_int;
    /// `BIO_find_type`.
    ///
    /// # Safety
    /// `b` is NULL or a live BIO of this flavour.
    unsafe fn bio_find_type(b: *mut c_void, ty: c_int) -> *mut c_void;
}

impl BioCalls for Own {
    fn f_ssl() -> *const c_void {
        ptr::from_ref(&bio_method::SSL_METHOD).cast()
    }
    fn s_connect() -> *const c_void {
        ptr::from_ref(&bio_method::CONNECT_METHOD).cast()
    }
    fn f_buffer() -> *const c_void {
        ptr::from_ref(&bio_method::BUFFER_METHOD).cast()
    }
    unsafe fn bio_new(method: *const c_void) -> *mut c_void {
        // SAFETY: one of our methods (the caller's contract).
        unsafe { super::bio::BIO_new(method.cast()) }.cast()
    }
    unsafe fn bio_free(b: *mut c_void) {
        // SAFETY: the caller's contract; BIO_free checks the handle.
        unsafe { super::bio::BIO_free(b.cast()) };
    }
    unsafe fn bio_push(b: *mut c_void, append: *mut c_void) -> *mut c_void {
        // SAFETY: as above.
        unsafe { super::bio::BIO_push(b.cast(), append.cast()) }.cast()
    }
    unsafe fn bio_ctrl(b: *mut c_void, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long {
        // SAFETY: as above; `parg` is what `cmd` takes.
        unsafe { super::bio::BIO_ctrl(b.cast(), cmd, larg, parg) }
    }
    unsafe fn bio_next(b: *mut c_void) -> *mut c_void {
        // SAFETY: as above.
        unsafe { super::bio::BIO_next(b.cast()) }.cast()
    }
    unsafe fn bio_method_type(b: *const c_void) -> c_int {
        // SAFETY: as above.
        unsafe { super::bio::BIO_method_type(b.cast()) }
    }
    unsafe fn bio_find_type(b: *mut c_void, ty: c_int) -> *mut c_void {
        // SAFETY: as above.
        unsafe { super::bio::BIO_find_type(b.cast(), ty) }.cast()
    }
}

/// `BIO_get_ssl`: the `SSL*` of an SSL BIO, NULL for none.
///
/// # Safety
/// `b` is a live BIO of this flavour.
unsafe fn ssl_of(b: *mut c_void) -> *mut Ssl {
    let mut ssl: *mut c_void = ptr::null_mut();
    // SAFETY: `b` is live (the caller's contract); BIO_C_GET_SSL writes one
    // pointer through the address of our local.
    unsafe { Flavour::bio_ctrl(b, BIO_C_GET_SSL, 0, (&raw mut ssl).cast()) };
    ssl.cast()
}

#[entry(
    limitation = "a renegotiation the BIO requests (BIO_set_ssl_renegotiate_bytes/_timeout) is counted but fails, as SSL_renegotiate does on rustls; duplicating an SSL BIO (BIO_dup_chain, BIO_CTRL_DUP) fails, as SSL_dup does"
)]
#[unsafe(no_mangle)]
pub extern "C" fn BIO_f_ssl() -> *const BioMethod {
    Flavour::f_ssl().cast()
}

/// `BIO_new(BIO_f_ssl())` running a new connection of `ctx` in the client
/// (`client` non-zero) or server role, freed with the BIO (`BIO_CLOSE`).
fn new_ssl(ctx: *mut SslCtx, client: c_int) -> *mut c_void {
    // SAFETY: this flavour's own SSL BIO method.
    let ret = unsafe { Flavour::bio_new(Flavour::f_ssl()) };
    if ret.is_null() {
        return ptr::null_mut();
    }
    let ssl = api::SSL_new(ctx);
    if ssl.is_null() {
        // SAFETY: the BIO we just made, our only reference.
        unsafe { Flavour::bio_free(ret) };
        return ptr::null_mut();
    }
    if client != 0 {
        api::SSL_set_connect_state(ssl);
    } else {
        api::SSL_set_accept_state(ssl);
    }
    // SAFETY: our live SSL BIO; BIO_C_SET_SSL takes an `SSL*`, whose
    // reference the BIO now owns (BIO_CLOSE).
    unsafe { Flavour::bio_ctrl(ret, BIO_C_SET_SSL, BIO_CLOSE as c_long, ssl.cast()) };
    ret
}

/// `BIO_new_ssl`, then the connect BIO below it.
fn new_ssl_connect(ctx: *mut SslCtx) -> *mut c_void {
    // SAFETY: this flavour's connect method.
    let con = unsafe { Flavour::bio_new(Flavour::s_connect()) };
    if con.is_null() {
        return ptr::null_mut();
    }
    let ssl = new_ssl(ctx, 1);
    if ssl.is_null() {
        // SAFETY: the BIO we just made, our only reference.
        unsafe { Flavour::bio_free(con) };
        return ptr::null_mut();
    }
    // SAFETY: two live BIOs we made; the chain now holds `con`.
    unsafe { Flavour::bio_push(ssl, con) }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn BIO_new_ssl(ctx: *mut SslCtx, client: c_int) -> *mut Bio {
    new_ssl(ctx, client).cast()
}

#[entry(
    standalone_limitation = "our connect BIO (BIO_s_connect) connects in blocking mode even after BIO_set_nbio, takes no BIO_set_conn_address and no info callback"
)]
#[unsafe(no_mangle)]
pub extern "C" fn BIO_new_ssl_connect(ctx: *mut SslCtx) -> *mut Bio {
    new_ssl_connect(ctx).cast()
}

/// A buffering BIO on top of `BIO_new_ssl_connect`.
#[entry(
    standalone_limitation = "our connect BIO (BIO_s_connect) connects in blocking mode even after BIO_set_nbio, takes no BIO_set_conn_address and no info callback"
)]
#[unsafe(no_mangle)]
pub extern "C" fn BIO_new_buffer_ssl_connect(ctx: *mut SslCtx) -> *mut Bio {
    // SAFETY: this flavour's buffer method.
    let buf = unsafe { Flavour::bio_new(Flavour::f_buffer()) };
    if buf.is_null() {
        return ptr::null_mut();
    }
    let ssl = new_ssl_connect(ctx);
    if ssl.is_null() {
        // SAFETY: the BIO we just made, our only reference.
        unsafe { Flavour::bio_free(buf) };
        return ptr::null_mut();
    }
    // SAFETY: two live BIOs we made; the chain now holds `ssl`'s.
    unsafe { Flavour::bio_push(buf, ssl) }.cast()
}

/// `SSL_copy_session_id` between the first SSL BIOs of two chains.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_ssl_copy_session_id(t: *mut Bio, f: *mut Bio) -> c_int {
    // SAFETY: the program's BIOs (or NULL, which find_type refuses).
    let (t, f) = unsafe {
        (
            Flavour::bio_find_type(t.cast(), BIO_TYPE_SSL),
            Flavour::bio_find_type(f.cast(), BIO_TYPE_SSL),
        )
    };
    if t.is_null() || f.is_null() {
        return 0;
    }
    // SAFETY: BIOs of the program's chains, found just above.
    let (ts, fs) = unsafe { (ssl_of(t), ssl_of(f)) };
    if ts.is_null() || fs.is_null() {
        return 0;
    }
    c_int::from(super::session::SSL_copy_session_id(ts, fs) == 1)
}

/// `SSL_shutdown` on the connection of every SSL BIO in the chain.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BIO_ssl_shutdown(b: *mut Bio) {
    let mut b: *mut c_void = b.cast();
    while !b.is_null() {
        // SAFETY: a BIO of the program's chain.
        if unsafe { Flavour::bio_method_type(b) } == BIO_TYPE_SSL {
            // SAFETY: as above.
            let ssl = unsafe { ssl_of(b) };
            if !ssl.is_null() {
                api::SSL_shutdown(ssl);
            }
        }
        // SAFETY: as above.
        b = unsafe { Flavour::bio_next(b) };
    }
}
