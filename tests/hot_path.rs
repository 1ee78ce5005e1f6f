//! The hot paths through the exported C entry points cost no more than
//! rustls itself:
//! - steady-state `SSL_write`/`SSL_read` add no heap allocation of their
//!   own: a round trip (one write on the client, reads on the server until
//!   the data is in) allocates exactly as often as the same round trip on
//!   raw rustls, for full 16 KiB records and for small writes;
//! - a connection never builds a rustls config: the `SSL_CTX`'s configs are
//!   built once per settings change and shared.
//!
//! The library's allocator counts every allocation of this test binary
//! (feature `count-allocations`, which `make test-cargo` turns on), which
//! holds one test so that nothing else runs while it counts.

use pki_types::pem::PemObject;
use pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, ServerConfig, ServerConnection};
use sslshim::abi::*;
use sslshim::bio::Bio;

use sslshim::ffi::ctx::*;
#[cfg(not(feature = "dropin"))]
use sslshim::ffi::handle;
use sslshim::ffi::ssl::*;
use std::ffi::CString;
use std::io::{Read, Write};
use std::sync::Arc;

/// Allocations so far: the library's allocator counts them when built with
/// `count-allocations` (this test's required feature); rustls, linked into
/// the same library, goes through the same allocator.
fn allocs() -> usize {
    sslshim::allocations()
}

const CERTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/certs");
const ROUNDS: usize = 200;

fn path(name: &str) -> CString {
    CString::new(format!("{CERTS}/{name}")).unwrap()
}

struct CPair {
    c: *mut sslshim::ssl::Ssl,
    s: *mut sslshim::ssl::Ssl,
}

fn contexts() -> (*mut sslshim::ctx::SslCtx, *mut sslshim::ctx::SslCtx) {
    let sctx = SSL_CTX_new(TLS_server_method());
    assert_eq!(
        SSL_CTX_use_certificate_chain_file(sctx, path("server-chain.pem").as_ptr()),
        1
    );
    assert_eq!(
        SSL_CTX_use_PrivateKey_file(sctx, path("server.key").as_ptr(), SSL_FILETYPE_PEM),
        1
    );
    let cctx = SSL_CTX_new(TLS_client_method());
    assert_eq!(
        SSL_CTX_load_verify_locations(cctx, path("ca.pem").as_ptr(), std::ptr::null()),
        1
    );
    (cctx, sctx)
}

/// A memory BIO of the flavour's own kind: ours in the standalone flavour,
/// libcrypto's in the drop-in (whose `SSL_set_bio` takes libcrypto BIOs).
#[cfg(not(feature = "dropin"))]
fn mem_bio() -> *mut Bio {
    handle::into_raw(Bio::new_mem())
}

/// One more reference to `b`, which the caller gives away.
#[cfg(not(feature = "dropin"))]
fn up_ref(b: *mut Bio) -> *mut Bio {
    assert!(handle::up_ref(b));
    b
}

#[cfg(feature = "dropin")]
unsafe extern "C" {
    fn BIO_s_mem() -> *const std::ffi::c_void;
    fn BIO_new(method: *const std::ffi::c_void) -> *mut std::ffi::c_void;
    fn BIO_up_ref(b: *mut std::ffi::c_void) -> std::os::raw::c_int;
}

#[cfg(feature = "dropin")]
fn mem_bio() -> *mut Bio {
    // SAFETY: libcrypto's own constructor and method table.
    unsafe { BIO_new(BIO_s_mem()) }.cast()
}

#[cfg(feature = "dropin")]
fn up_ref(b: *mut Bio) -> *mut Bio {
    // SAFETY: `b` is a live libcrypto BIO from `mem_bio`.
    assert_eq!(unsafe { BIO_up_ref(b.cast()) }, 1);
    b
}

/// A handshaken client/server pair over two memory BIOs, each the write
/// side of one SSL and the read side of the other (as bench/bench.c does).
fn connect(cctx: *mut sslshim::ctx::SslCtx, sctx: *mut sslshim::ctx::SslCtx) -> CPair {
    let (c, s) = (SSL_new(cctx), SSL_new(sctx));
    let (c2s, s2c) = (mem_bio(), mem_bio());
    SSL_set_bio(c, up_ref(s2c), up_ref(c2s));
    SSL_set_bio(s, c2s, s2c);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    let (mut cdone, mut sdone) = (false, false);
    for _ in 0..20 {
        cdone = cdone || SSL_do_handshake(c) == 1;
        sdone = sdone || SSL_do_handshake(s) == 1;
    }
    assert!(cdone && sdone, "handshake");
    CPair { c, s }
}

fn free(p: CPair) {
    SSL_free(p.c);
    SSL_free(p.s);
}

/// Full rustls config builds while 20 connections are made on two
/// contexts, then after a settings change, then 20 more.
fn config_builds() -> (u64, u64) {
    let (cctx, sctx) = contexts();
    let before = sslshim::ctx::config_builds();
    for _ in 0..20 {
        free(connect(cctx, sctx));
    }
    let first = sslshim::ctx::config_builds() - before;
    assert_eq!(
        SSL_CTX_set_cipher_list(sctx, c"ECDHE-ECDSA-AES128-GCM-SHA256".as_ptr()),
        1
    );
    let before = sslshim::ctx::config_builds();
    for _ in 0..20 {
        free(connect(cctx, sctx));
    }
    let second = sslshim::ctx::config_builds() - before;
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    (first, second)
}

/// Allocations per round trip of `len` bytes through the C API.
fn sslshim_allocs(len: usize) -> f64 {
    let (cctx, sctx) = contexts();
    let p = connect(cctx, sctx);
    let (c, s) = (p.c, p.s);
    let out = vec![7u8; len];
    let mut inb = vec![0u8; 16384];
    let mut round = || {
        assert_eq!(SSL_write(c, out.as_ptr().cast(), len as i32), len as i32);
        let mut got = 0;
        while got < len {
            let n = SSL_read(s, inb.as_mut_ptr().cast(), inb.len() as i32);
            assert!(n > 0, "SSL_read {n}, error {}", SSL_get_error(s, n));
            got += n as usize;
        }
    };
    for _ in 0..20 {
        round(); // warm-up: buffers reach their steady size
    }
    let before = allocs();
    for _ in 0..ROUNDS {
        round();
    }
    let n = allocs() - before;
    free(p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    n as f64 / ROUNDS as f64
}

/// The same round trips on rustls alone, over plain `Vec<u8>` transports.
fn rustls_allocs(len: usize) -> f64 {
    let chain = CertificateDer::pem_file_iter(format!("{CERTS}/server-chain.pem"))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_file(format!("{CERTS}/server.key")).unwrap();
    let sc = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap();
    let mut roots = RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_file(format!("{CERTS}/ca.pem")).unwrap())
        .unwrap();
    let cc = ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let mut c =
        ClientConnection::new(Arc::new(cc), ServerName::try_from("localhost").unwrap()).unwrap();
    let mut s = ServerConnection::new(Arc::new(sc)).unwrap();
    let (mut c2s, mut s2c) = (Vec::new(), Vec::new());
    let mut pump = |c: &mut ClientConnection, s: &mut ServerConnection| {
        while c.wants_write() {
            c.write_tls(&mut c2s).unwrap();
        }
        let mut rd = &c2s[..];
        while !rd.is_empty() {
            s.read_tls(&mut rd).unwrap();
            s.process_new_packets().unwrap();
        }
        c2s.clear();
        while s.wants_write() {
            s.write_tls(&mut s2c).unwrap();
        }
        let mut rd = &s2c[..];
        while !rd.is_empty() {
            c.read_tls(&mut rd).unwrap();
            c.process_new_packets().unwrap();
        }
        s2c.clear();
    };
    for _ in 0..5 {
        pump(&mut c, &mut s);
    }
    assert!(!c.is_handshaking() && !s.is_handshaking());
    let out = vec![7u8; len];
    let mut inb = vec![0u8; 16384];
    let mut round = |c: &mut ClientConnection, s: &mut ServerConnection| {
        c.writer().write_all(&out).unwrap();
        pump(c, s);
        let mut got = 0;
        while got < len {
            got += s.reader().read(&mut inb).unwrap();
        }
    };
    for _ in 0..20 {
        round(&mut c, &mut s);
    }
    let before = allocs();
    for _ in 0..ROUNDS {
        round(&mut c, &mut s);
    }
    (allocs() - before) as f64 / ROUNDS as f64
}

#[test]
fn hot_paths_cost_no_more_than_rustls() {
    let (first, second) = config_builds();
    println!("config builds: {first} for the first 20 connections, {second} after a change");
    assert_eq!(
        first, 2,
        "one client and one server config for 20 connections"
    );
    assert_eq!(second, 1, "only the changed server context rebuilds");
    for len in [16384, 1000, 1] {
        let ours = sslshim_allocs(len);
        let raw = rustls_allocs(len);
        println!("{len} bytes: sslshim {ours} allocations per round trip, raw rustls {raw}");
        assert!(
            ours <= raw,
            "{len}-byte round trip: sslshim allocates {ours}, rustls alone {raw}"
        );
    }
}
