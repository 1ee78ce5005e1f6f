use super::der::{self, CLIENT_MARKER, DerError, VALUE_MARKER};
use super::*;

/// A TLS 1.3 server session value as rustls encodes it: no SNI, version,
/// suite, a 48-byte secret, then fields the codec never looks at.
fn value() -> Vec<u8> {
    let mut v = vec![0, 0x03, 0x04, 0x13, 0x02, 48];
    v.extend_from_slice(&[0xAB; 48]);
    v.extend_from_slice(b"rest of the value");
    v
}

fn server_session(id: &[u8]) -> Arc<SslSession> {
    let meta = Meta {
        version: 0x0304,
        cipher: crate::cipher::by_suite(rustls::CipherSuite::TLS13_AES_256_GCM_SHA384),
        id: ShortBytes::new(id).unwrap(),
        sid_ctx: ShortBytes::new(b"ctx").unwrap(),
        time: 1_700_000_000,
        timeout: 7200,
        peer: None,
        verify_result: 0,
        not_resumable: false,
        hostname: None,
        extra: Default::default(),
    };
    SslSession::new(meta, Secret::Server(value()))
}

#[test]
fn der_round_trip() {
    let s = server_session(&[7; 32]);
    let bytes = der::encode(&s);
    let mut input = bytes.clone();
    input.extend_from_slice(b"trailing");
    let (back, used) = der::decode(&input).unwrap();
    assert_eq!(used, bytes.len());
    let (a, b) = (s.meta().clone(), back.meta().clone());
    assert_eq!(a.id, b.id);
    assert_eq!(a.sid_ctx, b.sid_ctx);
    assert_eq!(
        (a.version, a.time, a.timeout),
        (b.version, b.time, b.timeout)
    );
    assert!(std::ptr::eq(a.cipher.unwrap(), b.cipher.unwrap()));
    match back.secret() {
        Secret::Server(v) => assert_eq!(v, value()),
        other => panic!("{other:?}"),
    }
    assert!(back.is_resumable());
    assert_eq!(der::encode(&back), bytes);
    // The secret is in OpenSSL's master key field.
    let key = [0xAB; 48];
    assert!(
        bytes
            .windows(50)
            .any(|w| w[..2] == [0x04, 48] && w[2..] == key)
    );
}

#[test]
fn refill_keeps_the_object_and_takes_the_rest() {
    let target = SslSession::new_empty();
    target.ex_data.set(0, 7);
    let from = server_session(&[9; 32]);
    target.refill(&from);
    assert_eq!(target.meta().id.as_slice(), &[9; 32]);
    assert_eq!(target.meta().version, 0x0304);
    assert_eq!(target.ex_data.get(0), 7);
    assert!(target.is_resumable());
    assert_eq!(
        target.master_key().map(|(k, ems)| (k.len(), ems)),
        Some((48, false))
    );
}

#[test]
fn der_rejects() {
    let bytes = der::encode(&server_session(&[1; 32]));
    for n in [0, 1, 10, bytes.len() - 1] {
        assert_eq!(
            der::decode(&bytes[..n]).err(),
            Some(DerError::Malformed),
            "{n}"
        );
    }
    // Without our value (another library's session): a session that
    // offers nothing, as OpenSSL's would decode and then not resume.
    let marker = bytes
        .windows(VALUE_MARKER.len())
        .position(|w| w == VALUE_MARKER)
        .unwrap();
    let mut foreign = bytes.clone();
    foreign[marker] ^= 0xFF;
    let (s, _) = der::decode(&foreign).unwrap();
    assert!(matches!(s.secret(), Secret::None));
    assert!(!s.is_resumable());
    assert_eq!(s.meta().id.as_slice(), &[1; 32]);
}

/// A client session's encoding names its tickets: decoded in this process
/// it shares them (and resumes); once every session holding them is gone
/// the same bytes decode to a session that offers nothing.
#[test]
fn client_session_round_trip_in_process() {
    let mut meta = server_session(&[3; 32]).meta().clone();
    meta.time = now();
    meta.extra.alpn = Some(b"h2".to_vec());
    meta.extra.max_early_data = 16384;
    let tickets = Arc::new(tickets::ClientTickets::default());
    let client = SslSession::new(meta, Secret::Client(tickets.clone()));
    let bytes = der::encode(&client);
    assert_eq!(der::encode(&client), bytes, "the same bytes every time");
    assert!(
        bytes
            .windows(CLIENT_MARKER.len())
            .any(|w| w == CLIENT_MARKER)
    );
    // No master key: an empty OCTET STRING after the 32-byte id.
    let id_at = bytes
        .windows(34)
        .position(|w| w[..2] == [0x04, 32])
        .unwrap();
    assert_eq!(&bytes[id_at + 34..id_at + 36], &[0x04, 0]);
    let (back, used) = der::decode(&bytes).unwrap();
    assert_eq!(used, bytes.len());
    assert!(Arc::ptr_eq(&back.client_tickets().unwrap(), &tickets));
    assert_eq!(back.meta().extra.alpn.as_deref(), Some(&b"h2"[..]));
    assert_eq!(back.meta().extra.max_early_data, 16384);
    assert_eq!(der::encode(&back), bytes);
    // The bytes alone keep the session resumable (haproxy keeps only
    // them), until it expires.
    drop((client, back));
    let (again, _) = der::decode(&bytes).unwrap();
    assert!(Arc::ptr_eq(&again.client_tickets().unwrap(), &tickets));
    let mut expired = again.meta().clone();
    expired.time = now() - 10;
    expired.timeout = 5;
    let fresh = Arc::new(tickets::ClientTickets::default());
    let old = der::encode(&SslSession::new(expired, Secret::Client(fresh)));
    let (gone, _) = der::decode(&old).unwrap();
    assert!(matches!(gone.secret(), Secret::None));
    // A session without resumption data encodes too (no field [18]).
    assert!(
        !der::encode(&gone)
            .windows(CLIENT_MARKER.len())
            .any(|w| w == CLIENT_MARKER)
    );
}

#[test]
fn resumable_rules() {
    let s = server_session(&[1; 32]);
    assert!(s.is_resumable());
    s.meta().not_resumable = true;
    assert!(!s.is_resumable());
    // A server session without id (a TLS 1.2 ticket was issued instead).
    assert!(!server_session(&[]).is_resumable());
    // A client session whose tickets are all taken stays resumable, as
    // OpenSSL's; without any secret it is not.
    let meta = Meta {
        not_resumable: false,
        ..s.meta().clone()
    };
    let c = SslSession::new(meta.clone(), Secret::Client(Arc::default()));
    assert!(c.is_resumable());
    // Its ticket too (TLS 1.3); an empty TLS 1.2 one has nothing to show.
    assert!(c.has_ticket());
    let tls12 = Meta {
        version: 0x0303,
        ..meta.clone()
    };
    assert!(!SslSession::new(tls12.clone(), Secret::Client(Arc::default())).has_ticket());
    // A TLS 1.2 one with the NewSessionTicket's ticket has one, and
    // OpenSSL's id for it is the ticket's SHA-256 hash.
    let ticket = Tls12Ticket {
        lifetime_hint: 7200,
        ticket: b"abc".to_vec(),
    };
    assert_eq!(
        ticket.session_id().as_slice()[..4],
        [0xba, 0x78, 0x16, 0xbf]
    );
    let mut with_ticket = tls12;
    with_ticket.extra.tls12_ticket = Some(ticket);
    assert!(SslSession::new(with_ticket, Secret::Client(Arc::default())).has_ticket());
    assert!(!SslSession::new(meta, Secret::None).is_resumable());
}

#[test]
fn cache_add_remove_flush_evict() {
    let cache = CtxSessions::default();
    let a = server_session(&[1; 32]);
    let b = server_session(&[2; 32]);
    let (added, evicted) = cache.add(&a);
    assert!(added && evicted.is_empty());
    assert!(!cache.add(&a).0, "the same session twice");
    assert!(cache.add(&b).0);
    assert_eq!(cache.number(), 2);
    assert!(Arc::ptr_eq(&cache.get(&[2; 32]).unwrap(), &b));
    assert_eq!(cache.remove(&b), Some(true));
    assert_eq!(cache.remove(&b), Some(false));
    assert!(!b.is_resumable());
    assert_eq!(cache.remove(&server_session(&[])), None);
    // Room for one: adding evicts the oldest.
    assert_eq!(cache.set_max(1), cache::DEFAULT_CACHE_SIZE);
    let c = server_session(&[3; 32]);
    let (added, evicted) = cache.add(&c);
    assert!(added);
    assert_eq!(evicted.len(), 1);
    assert!(Arc::ptr_eq(&evicted[0], &a));
    assert_eq!(cache.stats.cache_full.get(), 1);
    // Flush at a time before expiry keeps it, after it removes it.
    assert!(cache.flush(1_700_000_000).is_empty());
    assert_eq!(cache.flush(1_700_000_000 + 7201).len(), 1);
    assert_eq!(cache.number(), 0);
    assert!(!c.is_resumable());
}

#[test]
fn short_bytes() {
    assert!(ShortBytes::new(&[0; 33]).is_none());
    assert_eq!(ShortBytes::new(b"abc").unwrap().as_slice(), b"abc");
    let r = ShortBytes::random();
    assert_eq!(r.len(), 32);
    assert_ne!(r, ShortBytes::random());
}

#[test]
fn sessions_cross_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<SslSession>();
    send_sync::<CtxSessions>();
}
