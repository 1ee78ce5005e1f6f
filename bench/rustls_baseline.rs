//! The `make bench` scenarios written directly against rustls, with no C
//! layer: what a perfect OpenSSL-compatible layer on rustls could reach.
//! Same certificates, suites, groups, verification (chain and host name),
//! ticket/session-id settings and memory transport as bench/bench.c, and the
//! same "result SCENARIO METRIC VALUE" lines.
//!
//!   cargo run --release --example rustls_baseline -- SCENARIO [COUNT]

use pki_types::pem::PemObject;
use pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::crypto::{CryptoProvider, aws_lc_rs};
use rustls::server::ServerSessionMemoryCache;
use rustls::{ClientConfig, ClientConnection, RootCertStore, ServerConfig, ServerConnection};
use std::io::{Read, Write};
use std::sync::Arc;
use std::time::Instant;

struct Setup {
    rsa: bool,
    tls12: bool,
    no_ticket: bool,
    suite: &'static str,
}

fn setup(name: &str) -> Setup {
    let (rsa, tls12, no_ticket, suite) = match name {
        "tls13-ecdsa" | "tls13-aes128" => (false, false, false, "TLS13_AES_128_GCM_SHA256"),
        "tls13-rsa" => (true, false, false, "TLS13_AES_128_GCM_SHA256"),
        "tls13-aes256" => (false, false, false, "TLS13_AES_256_GCM_SHA384"),
        "tls13-chacha" => (false, false, false, "TLS13_CHACHA20_POLY1305_SHA256"),
        "tls12-ecdsa" | "tls12-aes128" => (
            false,
            true,
            false,
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        ),
        "tls12-ecdsa-id" => (false, true, true, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
        _ => panic!("no setup {name}"),
    };
    Setup {
        rsa,
        tls12,
        no_ticket,
        suite,
    }
}

/// The thread's CPU time: what the C harness measures with
/// `CLOCK_THREAD_CPUTIME_ID`, so both numbers mean the same thing.
fn cpu_ns() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid out-pointer to a timespec on our stack.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 * 1e9 + ts.tv_nsec as f64
}

/// What one reading of the clock adds to an interval (a system call): the
/// median of empty intervals, taken off each measured one as bench.c does.
fn clock_overhead() -> f64 {
    static OVERHEAD: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *OVERHEAD.get_or_init(|| {
        let mut d: Vec<f64> = (0..2001)
            .map(|_| {
                let t0 = cpu_ns();
                cpu_ns() - t0
            })
            .collect();
        d.sort_by(f64::total_cmp);
        d[1000]
    })
}

fn timed<T>(acc: &mut f64, f: impl FnOnce() -> T) -> T {
    let t0 = cpu_ns();
    let r = f();
    *acc += cpu_ns() - t0 - clock_overhead();
    r
}

fn certs_dir() -> String {
    std::env::var("BENCH_CERTS").unwrap_or_else(|_| "tests/certs".into())
}

fn provider(st: &Setup) -> Arc<CryptoProvider> {
    let base = aws_lc_rs::default_provider();
    let cipher_suites = base
        .cipher_suites
        .iter()
        .filter(|s| format!("{:?}", s.suite()) == st.suite)
        .copied()
        .collect::<Vec<_>>();
    assert_eq!(cipher_suites.len(), 1, "suite {}", st.suite);
    let mut kx_groups = vec![aws_lc_rs::kx_group::X25519];
    if st.tls12 {
        kx_groups.push(aws_lc_rs::kx_group::SECP256R1);
    }
    Arc::new(CryptoProvider {
        cipher_suites,
        kx_groups,
        ..base
    })
}

fn versions(st: &Setup) -> &'static [&'static rustls::SupportedProtocolVersion] {
    static TLS12: [&rustls::SupportedProtocolVersion; 1] = [&rustls::version::TLS12];
    static TLS13: [&rustls::SupportedProtocolVersion; 1] = [&rustls::version::TLS13];
    if st.tls12 { &TLS12 } else { &TLS13 }
}

fn server_config(st: &Setup) -> Arc<ServerConfig> {
    let dir = certs_dir();
    let (chain, key) = if st.rsa {
        ("server-rsa-chain.pem", "server-rsa.key")
    } else {
        ("server-chain.pem", "server.key")
    };
    let chain = CertificateDer::pem_file_iter(format!("{dir}/{chain}"))
        .expect("chain")
        .collect::<Result<Vec<_>, _>>()
        .expect("chain");
    let key = PrivateKeyDer::from_pem_file(format!("{dir}/{key}")).expect("key");
    let mut cfg = ServerConfig::builder_with_provider(provider(st))
        .with_protocol_versions(versions(st))
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("certificate");
    if st.no_ticket {
        cfg.session_storage = ServerSessionMemoryCache::new(1024);
    } else {
        cfg.ticketer = aws_lc_rs::Ticketer::new().expect("ticketer");
    }
    Arc::new(cfg)
}

fn client_config(st: &Setup) -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    for ca in CertificateDer::pem_file_iter(format!("{}/ca.pem", certs_dir())).expect("CA") {
        roots.add(ca.expect("CA")).expect("CA");
    }
    let mut cfg = ClientConfig::builder_with_provider(provider(st))
        .with_protocol_versions(versions(st))
        .expect("versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    cfg.resumption = cfg.resumption.tls12_resumption(if st.no_ticket {
        rustls::client::Tls12Resumption::SessionIdOnly
    } else {
        rustls::client::Tls12Resumption::SessionIdOrTickets
    });
    Arc::new(cfg)
}

struct Pair {
    c: ClientConnection,
    s: ServerConnection,
    c2s: Vec<u8>,
    s2c: Vec<u8>,
}

#[derive(Default)]
struct Cost {
    client: f64,
    server: f64,
}

fn pair_new(cc: &Arc<ClientConfig>, sc: &Arc<ServerConfig>, t: &mut Cost) -> Pair {
    let name = ServerName::try_from("localhost").expect("name");
    let c = timed(&mut t.client, || {
        ClientConnection::new(cc.clone(), name).expect("client")
    });
    let s = timed(&mut t.server, || {
        ServerConnection::new(sc.clone()).expect("server")
    });
    Pair {
        c,
        s,
        c2s: Vec::new(),
        s2c: Vec::new(),
    }
}

/// One turn of a side: take in what the peer sent, answer. Returns whether
/// anything moved.
fn step<D, C>(conn: &mut C, input: &mut Vec<u8>, output: &mut Vec<u8>) -> bool
where
    C: std::ops::DerefMut<Target = rustls::ConnectionCommon<D>>,
{
    let mut moved = false;
    let mut rd = &input[..];
    while !rd.is_empty() {
        conn.read_tls(&mut rd).expect("read_tls");
        conn.process_new_packets().expect("process_new_packets");
        moved = true;
    }
    input.clear();
    while conn.wants_write() {
        conn.write_tls(output).expect("write_tls");
        moved = true;
    }
    moved
}

fn handshake(p: &mut Pair, t: &mut Cost) {
    for _ in 0..50 {
        let c = timed(&mut t.client, || step(&mut p.c, &mut p.s2c, &mut p.c2s));
        let s = timed(&mut t.server, || step(&mut p.s, &mut p.c2s, &mut p.s2c));
        if !c && !s && !p.c.is_handshaking() && !p.s.is_handshaking() {
            return;
        }
    }
    panic!("handshake did not finish");
}

fn check(p: &Pair, st: &Setup) {
    let want = if st.tls12 {
        rustls::ProtocolVersion::TLSv1_2
    } else {
        rustls::ProtocolVersion::TLSv1_3
    };
    assert_eq!(p.c.protocol_version(), Some(want));
    let suite = p.c.negotiated_cipher_suite().expect("suite");
    assert_eq!(format!("{:?}", suite.suite()), st.suite);
}

fn pair_free(mut p: Pair, t: &mut Cost) {
    timed(&mut t.client, || {
        p.c.send_close_notify();
        p.c.write_tls(&mut p.c2s).expect("write_tls");
        drop(p.c);
    });
    timed(&mut t.server, || {
        p.s.send_close_notify();
        p.s.write_tls(&mut p.s2c).expect("write_tls");
        drop(p.s);
    });
}

fn report(scenario: &str, metric: &str, value: f64) {
    println!("result {scenario} {metric} {value:.6}");
}

/// The config with a session store of its own. An OpenSSL client keeps
/// the session (and tickets) of each connection in that connection's
/// `SSL`; the rustls equivalent is a store per connection. It also makes
/// every handshake a full one. (The clone is cheap: `Arc`s.)
fn own_store(cc: &Arc<ClientConfig>) -> Arc<ClientConfig> {
    let mut fresh = (**cc).clone();
    fresh.resumption = rustls::client::Resumption::store(Arc::new(
        rustls::client::ClientSessionMemoryCache::new(256),
    ));
    Arc::new(fresh)
}

fn full(scenario: &str, st: &Setup, count: usize) {
    let (cc, sc) = (client_config(st), server_config(st));
    let mut t = Cost::default();
    for _ in 0..count {
        let fresh = own_store(&cc);
        let mut p = pair_new(&fresh, &sc, &mut t);
        handshake(&mut p, &mut t);
        check(&p, st);
        assert!(!matches!(
            p.c.handshake_kind(),
            Some(rustls::HandshakeKind::Resumed)
        ));
        pair_free(p, &mut t);
    }
    report(scenario, "client_hs_per_s", count as f64 / (t.client / 1e9));
    report(scenario, "server_hs_per_s", count as f64 / (t.server / 1e9));
}

fn resumed(scenario: &str, st: &Setup, count: usize) {
    let (cc, sc) = (client_config(st), server_config(st));
    let mut ignored = Cost::default();
    let mut p = pair_new(&cc, &sc, &mut ignored);
    handshake(&mut p, &mut ignored);
    pair_free(p, &mut ignored);
    let mut t = Cost::default();
    for _ in 0..count {
        let mut p = pair_new(&cc, &sc, &mut t);
        handshake(&mut p, &mut t);
        check(&p, st);
        assert_eq!(p.c.handshake_kind(), Some(rustls::HandshakeKind::Resumed));
        assert_eq!(p.s.handshake_kind(), Some(rustls::HandshakeKind::Resumed));
        pair_free(p, &mut t);
    }
    report(scenario, "client_hs_per_s", count as f64 / (t.client / 1e9));
    report(scenario, "server_hs_per_s", count as f64 / (t.server / 1e9));
}

const CHUNK: usize = 16384;
const BATCH: usize = 16;

fn bulk(scenario: &str, st: &Setup, mib: usize) {
    let (cc, sc) = (client_config(st), server_config(st));
    let mut t = Cost::default();
    let mut p = pair_new(&cc, &sc, &mut t);
    handshake(&mut p, &mut t);
    check(&p, st);
    let out: Vec<u8> = (0..CHUNK).map(|i| (i * 7) as u8).collect();
    let mut inb = vec![0u8; CHUNK];
    let mut data = Cost::default();
    let batches = mib * 1024 * 1024 / (CHUNK * BATCH);
    let mut checksum = 0u64;
    for _ in 0..batches {
        timed(&mut data.client, || {
            for _ in 0..BATCH {
                p.c.writer().write_all(&out).expect("write");
                while p.c.wants_write() {
                    p.c.write_tls(&mut p.c2s).expect("write_tls");
                }
            }
        });
        timed(&mut data.server, || {
            let mut rd = &p.c2s[..];
            let mut got = 0;
            while got < CHUNK * BATCH {
                if !rd.is_empty() {
                    p.s.read_tls(&mut rd).expect("read_tls");
                    p.s.process_new_packets().expect("process_new_packets");
                }
                match p.s.reader().read(&mut inb) {
                    Ok(n) if n > 0 => {
                        got += n;
                        checksum += u64::from(inb[n - 1]);
                    }
                    Ok(_) => panic!("eof"),
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                    Err(e) => panic!("read: {e}"),
                }
            }
            p.c2s.clear();
        });
    }
    assert!(checksum > 0);
    let bytes = (batches * CHUNK * BATCH) as f64;
    report(scenario, "send_MB_per_s", bytes / data.client * 1e3);
    report(scenario, "recv_MB_per_s", bytes / data.server * 1e3);
    pair_free(p, &mut t);
}

/// bench.c's recv_batch: BATCH records of 16 KiB written, then record i
/// read into the i-th of BATCH distinct 16 KiB buffers; each record carries
/// its number, checked outside the timed part.
fn recv_batch(scenario: &str, st: &Setup, mib: usize) {
    let (cc, sc) = (client_config(st), server_config(st));
    let mut t = Cost::default();
    let mut p = pair_new(&cc, &sc, &mut t);
    handshake(&mut p, &mut t);
    check(&p, st);
    let mut out: Vec<u8> = (0..CHUNK).map(|i| (i * 7) as u8).collect();
    let mut inb = vec![[0u8; CHUNK]; BATCH];
    let mut data = Cost::default();
    let batches = mib * 1024 * 1024 / (CHUNK * BATCH);
    for b in 0..batches {
        timed(&mut data.client, || {
            for i in 0..BATCH {
                out[..8].copy_from_slice(&((b * BATCH + i) as u64).to_ne_bytes());
                p.c.writer().write_all(&out).expect("write");
                while p.c.wants_write() {
                    p.c.write_tls(&mut p.c2s).expect("write_tls");
                }
            }
        });
        timed(&mut data.server, || {
            let mut rd = &p.c2s[..];
            for buf in inb.iter_mut() {
                let mut got = 0;
                while got < CHUNK {
                    if !rd.is_empty() {
                        p.s.read_tls(&mut rd).expect("read_tls");
                        p.s.process_new_packets().expect("process_new_packets");
                    }
                    match p.s.reader().read(&mut buf[got..]) {
                        Ok(n) if n > 0 => got += n,
                        Ok(_) => panic!("eof"),
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                        Err(e) => panic!("read: {e}"),
                    }
                }
            }
            p.c2s.clear();
        });
        for (i, buf) in inb.iter().enumerate() {
            let seq = u64::from_ne_bytes(buf[..8].try_into().expect("8 bytes"));
            assert_eq!(seq, (b * BATCH + i) as u64, "record in the wrong buffer");
            assert_eq!(buf[CHUNK - 1], out[CHUNK - 1], "record incomplete");
        }
    }
    let bytes = (batches * CHUNK * BATCH) as f64;
    report(scenario, "send_MB_per_s", bytes / data.client * 1e3);
    report(scenario, "recv_MB_per_s", bytes / data.server * 1e3);
    pair_free(p, &mut t);
}

fn status_kib(field: &str) -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").expect("status");
    s.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .expect("field")
}

fn memory(scenario: &str, st: &Setup, count: usize) {
    let (cc, sc) = (client_config(st), server_config(st));
    let mut t = Cost::default();
    let mut w = pair_new(&cc, &sc, &mut t);
    handshake(&mut w, &mut t);
    pair_free(w, &mut t);
    let before = status_kib("VmRSS");
    let mut pairs = Vec::with_capacity(count);
    for _ in 0..count {
        let mut p = pair_new(&own_store(&cc), &sc, &mut t);
        handshake(&mut p, &mut t);
        pairs.push(p);
    }
    let peak = status_kib("VmHWM");
    report(
        scenario,
        "bytes_per_pair",
        (peak - before) * 1024.0 / count as f64,
    );
    for p in pairs {
        pair_free(p, &mut t);
    }
}

fn threads(scenario: &str, st: &Setup, count: usize) {
    let (cc, sc) = (client_config(st), server_config(st));
    // Pairs per second (wall clock) and CPU nanoseconds per pair.
    let rate = |n: usize| {
        let t0 = Instant::now();
        let cpu: f64 = std::thread::scope(|s| {
            let workers: Vec<_> = (0..n)
                .map(|_| {
                    s.spawn(|| {
                        let mut t = Cost::default();
                        for _ in 0..count {
                            let mut p = pair_new(&own_store(&cc), &sc, &mut t);
                            handshake(&mut p, &mut t);
                            pair_free(p, &mut t);
                        }
                        t.client + t.server
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().expect("thread")).sum()
        });
        let pairs = (n * count) as f64;
        (pairs / t0.elapsed().as_secs_f64(), cpu / pairs)
    };
    let (one, cpu1) = rate(1);
    let (two, cpu2) = rate(2);
    report(scenario, "pairs_per_s_1thread", one);
    report(scenario, "pairs_per_s_2threads", two);
    report(scenario, "scaling_2threads", two / one);
    report(scenario, "cpu_per_pair_2threads_vs_1", cpu2 / cpu1);
}

/// bench.c's `forked`: each forked child makes one full handshake pair
/// with the parent's configs and exits; children per CPU second of theirs.
fn forked(scenario: &str, st: &Setup, count: usize) {
    let (cc, sc) = (client_config(st), server_config(st));
    let cpu = || {
        // SAFETY: getrusage writes the struct it is given.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
        let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        secs(u.ru_utime) + secs(u.ru_stime)
    };
    let before = cpu();
    for _ in 0..count {
        // SAFETY: single-threaded here; the child only handshakes and exits.
        match unsafe { libc::fork() } {
            -1 => panic!("fork failed"),
            0 => {
                let mut t = Cost::default();
                let mut p = pair_new(&own_store(&cc), &sc, &mut t);
                handshake(&mut p, &mut t);
                pair_free(p, &mut t);
                // SAFETY: leaves the child at once, as bench.c's _exit.
                unsafe { libc::_exit(0) };
            }
            pid => {
                let mut status = 0;
                // SAFETY: waits for the child just made.
                let got = unsafe { libc::waitpid(pid, &mut status, 0) };
                assert!(got == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0);
            }
        }
    }
    report(
        scenario,
        "children_per_cpu_s",
        count as f64 / (cpu() - before),
    );
}

#[inline(never)]
fn measured_full_handshake(cc: &Arc<ClientConfig>, sc: &Arc<ServerConfig>, t: &mut Cost) {
    let mut p = pair_new(&own_store(cc), sc, t);
    handshake(&mut p, t);
    pair_free(p, t);
}

#[inline(never)]
fn measured_resumed_handshake(cc: &Arc<ClientConfig>, sc: &Arc<ServerConfig>, t: &mut Cost) {
    let mut p = pair_new(cc, sc, t);
    handshake(&mut p, t);
    assert_eq!(p.c.handshake_kind(), Some(rustls::HandshakeKind::Resumed));
    pair_free(p, t);
}

#[inline(never)]
fn measured_receive(p: &mut Pair, buf: &mut [u8]) {
    receive(p, buf);
}

/// The server's half of record_roundtrip: what bench.c's SSL_read does.
fn receive(p: &mut Pair, buf: &mut [u8]) {
    let mut rd = &p.c2s[..];
    while !rd.is_empty() {
        p.s.read_tls(&mut rd).expect("read_tls");
        p.s.process_new_packets().expect("process_new_packets");
    }
    let mut got = 0;
    while got < buf.len() {
        got += p.s.reader().read(&mut buf[got..]).expect("read");
    }
    p.c2s.clear();
}

fn send(p: &mut Pair, buf: &[u8]) {
    p.c.writer().write_all(buf).expect("write");
    while p.c.wants_write() {
        p.c.write_tls(&mut p.c2s).expect("write_tls");
    }
}

#[inline(never)]
fn measured_record(p: &mut Pair, buf: &mut [u8]) {
    record_roundtrip(p, buf);
}

fn record_roundtrip(p: &mut Pair, buf: &mut [u8]) {
    send(p, buf);
    receive(p, buf);
}

/// bench/callgrind.sh --rustls: the same operations as bench.c's
/// callgrind mode, inside `measured_*` functions.
fn callgrind(what: &str) {
    let st = setup(if what.ends_with("12") {
        "tls12-ecdsa-id"
    } else {
        "tls13-ecdsa"
    });
    let (cc, sc) = (client_config(&st), server_config(&st));
    let mut t = Cost::default();
    let mut p = pair_new(&cc, &sc, &mut t);
    handshake(&mut p, &mut t);
    let mut buf = vec![7u8; CHUNK];
    record_roundtrip(&mut p, &mut buf);
    match what {
        "full" | "full12" => measured_full_handshake(&cc, &sc, &mut t),
        "resumed" | "resumed12" => measured_resumed_handshake(&cc, &sc, &mut t),
        "record" => measured_record(&mut p, &mut buf),
        "receive" => {
            send(&mut p, &buf);
            measured_receive(&mut p, &mut buf);
        }
        _ => panic!("callgrind: full, resumed, record or receive"),
    }
    pair_free(p, &mut t);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(sc) = args.get(1).map(String::as_str) else {
        eprintln!("usage: rustls_baseline SCENARIO [COUNT]");
        std::process::exit(2);
    };
    let count: usize = args.get(2).and_then(|c| c.parse().ok()).unwrap_or(0);
    let n = |default| if count > 0 { count } else { default };
    println!("# lib: rustls 0.23 (aws-lc-rs), no C layer");
    clock_overhead();
    match sc {
        "callgrind" => callgrind(args.get(2).map_or("", String::as_str)),
        "full-tls13-ecdsa" => full(sc, &setup("tls13-ecdsa"), n(300)),
        "full-tls13-rsa" => full(sc, &setup("tls13-rsa"), n(150)),
        "full-tls12-ecdsa" => full(sc, &setup("tls12-ecdsa"), n(300)),
        "resume-tls13" => resumed(sc, &setup("tls13-ecdsa"), n(1000)),
        "resume-tls12-id" => resumed(sc, &setup("tls12-ecdsa-id"), n(1000)),
        "resume-tls12-ticket" => resumed(sc, &setup("tls12-ecdsa"), n(1000)),
        // bench.c sets one SSL_SESSION on every connection; rustls has no
        // session object to pin, and never offers a TLS 1.3 ticket twice.
        // Its equivalent is one client store reused by every connection,
        // each taking a ticket and leaving its new ones: `resumed`, which
        // is also what sslshim does under SSL_set_session of one session
        // (a fresh ticket from the session, refilled by the connection).
        "resume-reuse-tls13" => resumed(sc, &setup("tls13-ecdsa"), n(1000)),
        "resume-reuse-tls12-ticket" => resumed(sc, &setup("tls12-ecdsa"), n(1000)),
        "bulk-tls13-aes128" => bulk(sc, &setup("tls13-aes128"), n(256)),
        "bulk-tls13-aes256" => bulk(sc, &setup("tls13-aes256"), n(256)),
        "bulk-tls13-chacha" => bulk(sc, &setup("tls13-chacha"), n(256)),
        "bulk-tls12-aes128" => bulk(sc, &setup("tls12-aes128"), n(256)),
        "recv-batch-tls13-aes128" => recv_batch(sc, &setup("tls13-aes128"), n(256)),
        "recv-batch-tls13-chacha" => recv_batch(sc, &setup("tls13-chacha"), n(256)),
        "recv-batch-tls12-aes128" => recv_batch(sc, &setup("tls12-aes128"), n(256)),
        "memory" => memory(sc, &setup("tls13-ecdsa"), n(1000)),
        "threads" => threads(sc, &setup("tls13-ecdsa"), n(200)),
        "fork" => forked(sc, &setup("tls13-ecdsa"), n(100)),
        _ => {
            eprintln!("rustls_baseline: unknown scenario {sc}");
            std::process::exit(2);
        }
    }
}
