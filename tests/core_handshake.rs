//! The safe core without C: two connections over a BIO pair, driven the way
//! a non-blocking OpenSSL caller drives them, checking the manual's rules
//! (return values, SSL_get_error, verify results, shutdown sequence).

use sslshim::abi::*;
use sslshim::bio::{Bio, BioRef};
use sslshim::ctx::{self, SslCtx};
use sslshim::ssl::{HandshakeRole, Ssl};
use std::path::Path;
use std::sync::Arc;

const CERTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/certs");

fn cert(name: &str) -> std::path::PathBuf {
    Path::new(CERTS).join(name)
}

fn server_ctx(chain: &str, key: &str) -> Arc<SslCtx> {
    let c = SslCtx::new(&ctx::TLS_SERVER_METHOD);
    c.update(|s| {
        let chain = ctx::read_certs(&cert(chain), SSL_FILETYPE_PEM).unwrap();
        s.cert.set_all(chain).unwrap();
        s.cert
            .set_key(ctx::read_key(&cert(key), SSL_FILETYPE_PEM).unwrap())
            .unwrap();
    });
    c
}

fn client_ctx(trust_ca: bool, mode: i32) -> Arc<SslCtx> {
    let c = SslCtx::new(&ctx::TLS_CLIENT_METHOD);
    if trust_ca {
        c.update(|s| assert!(Arc::make_mut(&mut s.roots).load_file(&cert("ca.pem")) > 0));
    }
    c.update_defaults(|d| d.verify_mode = mode);
    c
}

struct Pair {
    client: Arc<Ssl>,
    server: Arc<Ssl>,
}

fn pair(cctx: Arc<SslCtx>, sctx: Arc<SslCtx>, host: Option<&str>) -> Pair {
    let (b1, b2) = Bio::new_pair(0, 0).unwrap();
    let client = Ssl::new(cctx);
    let server = Ssl::new(sctx);
    {
        let mut c = client.lock();
        c.set_rbio(Some(b1.clone() as BioRef));
        c.set_wbio(Some(b1 as BioRef));
        c.set_role(HandshakeRole::Connect);
        if let Some(h) = host {
            assert!(client.set_host(Some(h), false));
            assert!(c.set_sni(Some(&std::ffi::CString::new(h).unwrap())));
        }
    }
    {
        let mut s = server.lock();
        s.set_rbio(Some(b2.clone() as BioRef));
        s.set_wbio(Some(b2 as BioRef));
        s.set_role(HandshakeRole::Accept);
    }
    Pair { client, server }
}

/// Drives both handshakes to completion or failure; every intermediate
/// return must be -1 with WANT_READ/WANT_WRITE, as the manual says for a
/// BIO pair whose peer has not moved yet. Stops at the first failure, so
/// the queue holds that side's errors (a handshake step clears the
/// thread's queue first, as OpenSSL's state machine does).
fn handshake(p: &Pair) -> (i32, i32) {
    let mut rcs = [-1, -1];
    for _ in 0..50 {
        for (r, ssl) in rcs.iter_mut().zip([&p.client, &p.server]) {
            if *r == 1 {
                continue;
            }
            *r = ssl.lock().do_handshake("test");
            if *r != 1 {
                let e = ssl.lock().get_error(*r);
                if e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE {
                    return (rcs[0], rcs[1]);
                }
            }
        }
        if rcs == [1, 1] {
            break;
        }
    }
    (rcs[0], rcs[1])
}

#[test]
fn tls13_handshake_transfer_and_shutdown() {
    sslshim::err::clear();
    let p = pair(
        client_ctx(true, SSL_VERIFY_PEER),
        server_ctx("server-chain.pem", "server.key"),
        Some("localhost"),
    );
    assert_eq!(handshake(&p), (1, 1));
    {
        let c = p.client.lock();
        assert_eq!(c.version(), TLS1_3_VERSION);
        assert_eq!(
            c.current_cipher().unwrap().name.to_str().unwrap(),
            "TLS_AES_256_GCM_SHA384"
        );
        assert_eq!(c.verify_result(), i64::from(X509_V_OK));
        assert!(c.is_init_finished());
    }
    assert_eq!(
        p.server.lock().servername().unwrap().to_str().unwrap(),
        "localhost"
    );

    // 100 KiB through a 17 KiB pair: writes must be retried with the same
    // arguments and nothing may be lost or duplicated.
    let data: Vec<u8> = (0..100 * 1024).map(|i| (i * 7 % 251) as u8).collect();
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    let mut written = false;
    for _ in 0..1000 {
        if !written {
            let r = p.client.lock().write(&data);
            if r > 0 {
                assert_eq!(r as usize, data.len());
                written = true;
            } else {
                assert_eq!(p.client.lock().get_error(r), SSL_ERROR_WANT_WRITE);
            }
        }
        let r = p.server.lock().read(&mut buf, false);
        if r > 0 {
            received.extend_from_slice(&buf[..r as usize]);
        } else {
            assert_eq!(p.server.lock().get_error(r), SSL_ERROR_WANT_READ);
        }
        if written && received.len() == data.len() {
            break;
        }
    }
    assert_eq!(received, data);

    // The manual's bidirectional shutdown: 0 after sending, then 1.
    assert_eq!(p.client.lock().shutdown(), 0);
    let r = p.server.lock().read(&mut buf, false);
    assert_eq!(r, 0);
    assert_eq!(p.server.lock().get_error(r), SSL_ERROR_ZERO_RETURN);
    assert_eq!(p.server.lock().shutdown(), 1);
    assert_eq!(p.client.lock().shutdown(), 1);
    assert_eq!(
        p.client.lock().shutdown_flags(),
        SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN
    );
    assert_eq!(sslshim::err::peek_error(), 0);
}

#[test]
fn untrusted_issuer_fails_with_verify_peer_and_is_reported_with_verify_none() {
    sslshim::err::clear();
    let p = pair(
        client_ctx(false, SSL_VERIFY_PEER),
        server_ctx("server-chain.pem", "server.key"),
        None,
    );
    let (rc, _) = handshake(&p);
    assert_eq!(rc, -1);
    assert_eq!(p.client.lock().get_error(rc), SSL_ERROR_SSL);
    let e = sslshim::err::get_error();
    assert_eq!(sslshim::err::reason_of(e), SSL_R_CERTIFICATE_VERIFY_FAILED);
    assert_eq!(
        p.client.lock().verify_result(),
        i64::from(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY)
    );
    sslshim::err::clear();

    let p = pair(
        client_ctx(false, SSL_VERIFY_NONE),
        server_ctx("server-chain.pem", "server.key"),
        None,
    );
    assert_eq!(handshake(&p), (1, 1));
    assert_eq!(
        p.client.lock().verify_result(),
        i64::from(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY)
    );
}

#[test]
fn hostname_is_checked_only_when_asked() {
    sslshim::err::clear();
    let mk = || {
        pair(
            client_ctx(true, SSL_VERIFY_PEER),
            server_ctx("wrong-host-chain.pem", "wrong-host.key"),
            None,
        )
    };
    // SNI alone: no host check, as OpenSSL.
    let p = mk();
    assert!(p.client.lock().set_sni(Some(c"localhost")));
    assert_eq!(handshake(&p), (1, 1));
    // SSL_set1_host: mismatch.
    let p = mk();
    assert!(p.client.set_host(Some("localhost"), false));
    assert_eq!(handshake(&p).0, -1);
    assert_eq!(
        p.client.lock().verify_result(),
        i64::from(X509_V_ERR_HOSTNAME_MISMATCH)
    );
    sslshim::err::clear();
}

#[test]
fn tls12_when_the_client_caps_the_version() {
    sslshim::err::clear();
    let cctx = client_ctx(true, SSL_VERIFY_PEER);
    cctx.update(|s| s.max_version = TLS1_2_VERSION);
    let p = pair(
        cctx,
        server_ctx("server-rsa-chain.pem", "server-rsa.key"),
        Some("localhost"),
    );
    assert_eq!(handshake(&p), (1, 1));
    let c = p.client.lock();
    assert_eq!(c.version(), TLS1_2_VERSION);
    assert_eq!(
        c.current_cipher().unwrap().name.to_str().unwrap(),
        "ECDHE-RSA-AES256-GCM-SHA384"
    );
}

#[test]
fn handshake_without_role_or_bio_fails_as_openssl() {
    sslshim::err::clear();
    let ssl = Ssl::new(client_ctx(true, SSL_VERIFY_NONE));
    let mut c = ssl.lock();
    assert_eq!(c.do_handshake("test"), -1);
    assert_eq!(
        sslshim::err::reason_of(sslshim::err::get_error()),
        SSL_R_CONNECTION_TYPE_NOT_SET
    );
    // A client without BIOs: its first flight has nowhere to go, and
    // OpenSSL fails the flush with nothing queued.
    c.set_role(HandshakeRole::Connect);
    assert_eq!(c.do_handshake("test"), -1);
    assert_eq!(sslshim::err::get_error(), 0);
    assert_eq!(c.get_error(-1), SSL_ERROR_SYSCALL);
    drop(c);
    // A server reads first: "read bio not set", fatal.
    let ssl = Ssl::new(server_ctx("server-chain.pem", "server.key"));
    let mut s = ssl.lock();
    s.set_role(HandshakeRole::Accept);
    assert_eq!(s.do_handshake("test"), -1);
    assert_eq!(s.get_error(-1), SSL_ERROR_SSL);
    assert_eq!(
        sslshim::err::reason_of(sslshim::err::get_error()),
        SSL_R_READ_BIO_NOT_SET
    );
}
