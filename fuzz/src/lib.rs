//! Shared harness of the fuzz targets: contexts built once, memory-BIO
//! plumbing and the invariants of OpenSSL's manual that every return value
//! must satisfy. Everything goes through sslshim's exported C API (the same
//! `extern "C"` functions a C program links against), so the fuzzers test
//! the argument checks and pointer handling of `src/ffi/` too.

use sslshim::abi::*;
use sslshim::bio::Bio;
use sslshim::ctx::SslCtx;
use sslshim::ffi::bio::{
    BIO_ctrl_pending, BIO_free, BIO_new, BIO_read, BIO_s_mem, BIO_up_ref, BIO_write,
};
use sslshim::ffi::ctx::{
    SSL_CTX_new, SSL_CTX_use_PrivateKey_file, SSL_CTX_use_certificate_chain_file,
    TLS_client_method, TLS_server_method,
};
use sslshim::ffi::err::{ERR_clear_error, ERR_peek_error};
use sslshim::ffi::ssl::{SSL_get_error, SSL_new, SSL_set_bio};
use sslshim::ssl::Ssl;
use std::ffi::CString;
use std::os::raw::c_int;
use std::sync::OnceLock;

/// A context pointer shared by all iterations. Contexts are reference
/// counted and internally locked, so sharing across libFuzzer's (single)
/// thread and iterations is what a C server does too.
struct SharedCtx(*mut SslCtx);
// SAFETY: SSL_CTX is documented thread-safe once configured; we never free it.
unsafe impl Send for SharedCtx {}
// SAFETY: as above.
unsafe impl Sync for SharedCtx {}

fn cert_path(name: &str) -> CString {
    let p = format!("{}/../tests/certs/{name}", env!("CARGO_MANIFEST_DIR"));
    CString::new(p).expect("no NUL in path")
}

/// The server context: tests/certs/server.pem and its key.
pub fn server_ctx() -> *mut SslCtx {
    static CTX: OnceLock<SharedCtx> = OnceLock::new();
    CTX.get_or_init(|| {
        let ctx = SSL_CTX_new(TLS_server_method());
        assert!(!ctx.is_null());
        let chain = cert_path("server-chain.pem");
        let key = cert_path("server.key");
        assert_eq!(SSL_CTX_use_certificate_chain_file(ctx, chain.as_ptr()), 1);
        assert_eq!(
            SSL_CTX_use_PrivateKey_file(ctx, key.as_ptr(), SSL_FILETYPE_PEM),
            1
        );
        SharedCtx(ctx)
    })
    .0
}

/// The client context: defaults (no verification, so a handshake with the
/// test server completes and the fuzzer reaches application data).
pub fn client_ctx() -> *mut SslCtx {
    static CTX: OnceLock<SharedCtx> = OnceLock::new();
    CTX.get_or_init(|| {
        let ctx = SSL_CTX_new(TLS_client_method());
        assert!(!ctx.is_null());
        SharedCtx(ctx)
    })
    .0
}

/// An SSL with two memory BIOs, keeping a reference to each so the harness
/// can feed the read side and drain the write side whatever the SSL does.
pub struct MemSsl {
    pub ssl: *mut Ssl,
    pub rbio: *mut Bio,
    pub wbio: *mut Bio,
}

impl MemSsl {
    pub fn new(ctx: *mut SslCtx) -> MemSsl {
        let ssl = SSL_new(ctx);
        assert!(!ssl.is_null());
        let (rbio, wbio) = new_mem_bios();
        SSL_set_bio(ssl, rbio, wbio);
        MemSsl { ssl, rbio, wbio }
    }

    /// Appends bytes for the SSL to read.
    pub fn feed(&self, data: &[u8]) {
        if data.is_empty() {
            return;
        }
        // SAFETY: rbio is a live memory BIO we hold a reference to; data is
        // a valid slice and its length fits an int (fuzz inputs are small).
        let n = unsafe { BIO_write(self.rbio, data.as_ptr().cast(), data.len() as c_int) };
        assert_eq!(n, data.len() as c_int, "memory BIO write is all-or-nothing");
    }

    /// Takes everything the SSL wrote.
    pub fn drain(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            // SAFETY: wbio is live (we hold a reference); buf is writable.
            let n = unsafe { BIO_read(self.wbio, buf.as_mut_ptr().cast(), buf.len() as c_int) };
            if n <= 0 {
                return out;
            }
            out.extend_from_slice(&buf[..n as usize]);
        }
    }

    /// Bytes waiting in the write BIO.
    pub fn out_pending(&self) -> usize {
        // SAFETY: wbio is live.
        unsafe { BIO_ctrl_pending(self.wbio) }
    }
}

impl Drop for MemSsl {
    fn drop(&mut self) {
        sslshim::ffi::ssl::SSL_free(self.ssl);
        // SAFETY: our own references, taken in new_mem_bios.
        unsafe {
            BIO_free(self.rbio);
            BIO_free(self.wbio);
        }
    }
}

/// Two memory BIOs with one extra reference each: one for SSL_set_bio to
/// take, one for the harness.
pub fn new_mem_bios() -> (*mut Bio, *mut Bio) {
    // SAFETY: BIO_s_mem returns a static method; BIO_new/BIO_up_ref on the
    // fresh, non-NULL results.
    unsafe {
        let r = BIO_new(BIO_s_mem());
        let w = BIO_new(BIO_s_mem());
        assert!(!r.is_null() && !w.is_null());
        assert_eq!(BIO_up_ref(r), 1);
        assert_eq!(BIO_up_ref(w), 1);
        (r, w)
    }
}

/// SSL_get_error's defined values.
pub fn valid_error_code(e: c_int) -> bool {
    (SSL_ERROR_NONE..=SSL_ERROR_WANT_RETRY_VERIFY).contains(&e)
}

/// The manual's rules for an int-returning I/O call (SSL_connect, accept,
/// do_handshake, read, peek, write): success is exactly "ret > 0" and then
/// SSL_get_error says NONE; a failure never says NONE; a queued error
/// (after ERR_clear_error before the call) makes it SSL or SYSCALL.
pub fn check_io_return(ssl: *mut Ssl, what: &str, ret: c_int, max: c_int) {
    assert!(ret <= max, "{what}: returned {ret} > {max}");
    let e = SSL_get_error(ssl, ret);
    assert!(valid_error_code(e), "{what}: SSL_get_error {e}");
    if ret > 0 {
        assert_eq!(e, SSL_ERROR_NONE, "{what}: ret {ret} but SSL_get_error {e}");
    } else {
        assert_ne!(e, SSL_ERROR_NONE, "{what}: ret {ret} but SSL_ERROR_NONE");
        if ERR_peek_error() != 0 {
            assert!(
                e == SSL_ERROR_SSL || e == SSL_ERROR_SYSCALL,
                "{what}: error queued but SSL_get_error {e}"
            );
        }
    }
}

/// Starts a call with an empty error queue (what OpenSSL asks of callers
/// who then use SSL_get_error).
pub fn clear_errors() {
    ERR_clear_error();
}

/// Which side a driven SSL plays.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Client,
    Server,
}

/// Feeds `peer_bytes` (what the peer would have sent) to one SSL in chunks
/// and drives it as an application would: handshake until done or failed,
/// then reads with odd buffer sizes, a write, and the shutdown sequence.
/// Every return value is checked against the manual's rules.
pub fn drive(side: Side, peer_bytes: &[u8]) {
    let ctx = match side {
        Side::Client => client_ctx(),
        Side::Server => server_ctx(),
    };
    let m = MemSsl::new(ctx);
    let handshake = |ssl| match side {
        Side::Client => sslshim::ffi::ssl::SSL_connect(ssl),
        Side::Server => sslshim::ffi::ssl::SSL_accept(ssl),
    };
    // The chunk size comes from the length, so the input bytes themselves
    // stay exactly the peer's bytes (seeds are recorded handshakes) while
    // records still arrive split at varying places.
    let chunk = 1 + peer_bytes.len() % 509;
    let mut done = false;
    let mut failed = false;
    if side == Side::Client {
        clear_errors();
        let r = handshake(m.ssl);
        check_io_return(m.ssl, "first SSL_connect", r, 1);
        assert!(
            m.out_pending() > 0,
            "a client's first call sends a ClientHello"
        );
        m.drain();
    }
    for piece in peer_bytes.chunks(chunk) {
        m.feed(piece);
        if !done {
            clear_errors();
            let r = handshake(m.ssl);
            check_io_return(m.ssl, "handshake", r, 1);
            match SSL_get_error(m.ssl, r) {
                SSL_ERROR_NONE => done = true,
                SSL_ERROR_WANT_READ | SSL_ERROR_WANT_WRITE => {}
                _ => failed = true,
            }
        }
        if done {
            failed |= read_all(m.ssl);
            if !failed {
                write_some(m.ssl);
            }
        }
        m.drain();
        if failed {
            break;
        }
    }
    clear_errors();
    let r = sslshim::ffi::ssl::SSL_shutdown(m.ssl);
    assert!((-1..=1).contains(&r), "SSL_shutdown returned {r}");
    if r < 0 {
        let e = SSL_get_error(m.ssl, r);
        assert!(
            valid_error_code(e) && e != SSL_ERROR_NONE,
            "SSL_shutdown -1 with {e}"
        );
    }
    m.drain();
}

/// Reads until the SSL wants more; true when the connection failed/ended.
fn read_all(ssl: *mut Ssl) -> bool {
    let mut buf = [0u8; 1500];
    for size in [1usize, 7, 300, 1500].iter().cycle().take(64) {
        clear_errors();
        let r = sslshim::ffi::ssl::SSL_read(ssl, buf.as_mut_ptr().cast(), *size as c_int);
        check_io_return(ssl, "SSL_read", r, *size as c_int);
        match SSL_get_error(ssl, r) {
            SSL_ERROR_NONE => continue,
            SSL_ERROR_WANT_READ | SSL_ERROR_WANT_WRITE => return false,
            _ => return true,
        }
    }
    false
}

fn write_some(ssl: *mut Ssl) {
    let msg = b"HTTP/1.0 200 OK\r\n\r\nfuzz";
    clear_errors();
    let r = sslshim::ffi::ssl::SSL_write(ssl, msg.as_ptr().cast(), msg.len() as c_int);
    check_io_return(ssl, "SSL_write", r, msg.len() as c_int);
    if r > 0 {
        assert_eq!(
            r,
            msg.len() as c_int,
            "SSL_write without partial mode is all-or-nothing"
        );
    }
}
