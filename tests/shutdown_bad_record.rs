//! Regression test for a crash the api_sequence fuzz target found: a record
//! that fails to decrypt, arriving after our close_notify. rustls marks
//! close_notify as "fatal alert sent", then answers the bad record with a
//! bad_record_mac alert and (rustls 0.23.46, common_state.rs) trips its
//! `debug_assert!(!self.sent_fatal_alert)` in any build with debug
//! assertions: the panic guard turned it into an internal error instead of
//! OpenSSL's answer. Cargo.toml turns rustls's debug assertions off in the
//! dev and test profiles; this test (run by both `cargo test` and
//! `cargo test --release`) checks the OpenSSL result, which
//! tests/c/shutdown_bad_record.c compares with the real OpenSSL.

use sslshim::abi::*;
use sslshim::bio::{Bio, BioRef};
use sslshim::ctx::{self, SslCtx};
use sslshim::ssl::{HandshakeRole, Ssl};
use std::path::Path;
use std::sync::Arc;

fn cert(name: &str) -> std::path::PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/certs")).join(name)
}

fn contexts(version: i32) -> (Arc<SslCtx>, Arc<SslCtx>) {
    let s = SslCtx::new(&ctx::TLS_SERVER_METHOD);
    s.update(|s| {
        let chain = ctx::read_certs(&cert("server-chain.pem"), SSL_FILETYPE_PEM).unwrap();
        s.cert.set_all(chain).unwrap();
        s.cert
            .set_key(ctx::read_key(&cert("server.key"), SSL_FILETYPE_PEM).unwrap())
            .unwrap();
    });
    let c = SslCtx::new(&ctx::TLS_CLIENT_METHOD);
    c.update_defaults(|d| d.verify_mode = SSL_VERIFY_NONE);
    c.update(|s| s.max_version = version);
    (c, s)
}

fn bad_record_after_close_notify(version: i32) {
    sslshim::err::clear();
    let (cctx, sctx) = contexts(version);
    let (b1, b2) = Bio::new_pair(0, 0).unwrap();
    let client = Ssl::new(cctx);
    let server = Ssl::new(sctx);
    {
        let mut c = client.lock();
        c.set_rbio(Some(b1.clone() as BioRef));
        c.set_wbio(Some(b1 as BioRef));
        c.set_role(HandshakeRole::Connect);
    }
    {
        let mut s = server.lock();
        s.set_rbio(Some(b2.clone() as BioRef));
        s.set_wbio(Some(b2.clone() as BioRef));
        s.set_role(HandshakeRole::Accept);
    }
    let (mut rc, mut rs) = (-1, -1);
    for _ in 0..20 {
        if rc != 1 {
            rc = client.lock().do_handshake("test");
        }
        if rs != 1 {
            rs = server.lock().do_handshake("test");
        }
    }
    assert_eq!((rc, rs), (1, 1));
    let mut buf = [0u8; 64];
    // Take the server's tickets (TLS 1.3): nothing else to read.
    let r = client.lock().read(&mut buf, false);
    assert_eq!((r, client.lock().get_error(r)), (-1, SSL_ERROR_WANT_READ));

    assert_eq!(client.lock().shutdown(), 0);
    // An application_data record no key decrypts, "from the server".
    let mut rec = vec![0x17, 0x03, 0x03, 0x00, 0x20];
    rec.extend_from_slice(&[0x41; 32]);
    assert_eq!(b2.write_int(Some(&rec), rec.len()), rec.len() as i32);

    let r = client.lock().shutdown();
    assert_eq!(r, -1);
    assert_eq!(client.lock().get_error(r), SSL_ERROR_SSL);
    let e = sslshim::err::peek_last_error();
    assert_eq!(sslshim::err::lib_of(e), ERR_LIB_SSL);
    assert_eq!(
        sslshim::err::reason_of(e),
        SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC,
        "not the panic guard's internal error"
    );
    sslshim::err::clear();
    let r = client.lock().shutdown();
    assert_eq!((r, client.lock().get_error(r)), (-1, SSL_ERROR_SSL));
    sslshim::err::clear();
}

#[test]
fn tls13_bad_record_after_close_notify() {
    bad_record_after_close_notify(TLS1_3_VERSION);
}

#[test]
fn tls12_bad_record_after_close_notify() {
    bad_record_after_close_notify(TLS1_2_VERSION);
}
