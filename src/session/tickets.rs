//! The client side's resumption material: what rustls gave the store.
//!
//! OpenSSL makes one session per TLS 1.3 ticket, and lets a program offer
//! the same session again and again (its server accepts a ticket more than
//! once, and so does ours). rustls tickets are single-use and cannot be
//! copied, so the sessions of one connection share its tickets here and
//! each resumption takes the next unused one; the ticket a connection
//! resumed from a session receives goes back to that session's tickets
//! (`ConnSessions::finish`). A session thus resumes as often as OpenSSL's
//! would, as long as each connection resumed from it reads the server's
//! new ticket. As many connections can resume from it at once as it holds
//! tickets (two from a full handshake with an OpenSSL or our server); one
//! more finds none and makes a full handshake, whose tickets go to the
//! session too, so the supply follows the number in flight. At most
//! `MAX_TLS13` tickets are kept, the newest.

use rustls::NamedGroup;
use rustls::client::{Tls12ClientSessionValue, Tls13ClientSessionValue};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

/// The most TLS 1.3 tickets kept for the sessions sharing them (rustls's
/// own client cache keeps as many per server): enough for the tickets of a
/// full handshake plus those coming back from connections in flight.
pub const MAX_TLS13: usize = 8;

#[derive(Debug, Default)]
pub struct ClientTickets {
    inner: Mutex<Inner>,
    /// The name a session's encoding gives these tickets (`handles`),
    /// made on the first `i2d_SSL_SESSION`.
    handle: OnceLock<super::handles::Handle>,
}

#[derive(Debug, Default)]
struct Inner {
    tls13: Vec<Tls13ClientSessionValue>,
    tls12: Option<Tls12ClientSessionValue>,
    kx_hint: Option<NamedGroup>,
}

impl ClientTickets {
    /// The process-local handle of these tickets (the same every time, so
    /// encoding a session twice gives the same bytes), kept until
    /// `expires` (seconds since the epoch).
    pub fn handle(self: &Arc<Self>, expires: i64) -> super::handles::Handle {
        *self
            .handle
            .get_or_init(|| super::handles::register(self, expires, super::now()))
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn has_any(&self) -> bool {
        let i = self.lock();
        !i.tls13.is_empty() || i.tls12.is_some()
    }

    /// Kept as the newest; the oldest goes beyond `MAX_TLS13`.
    pub fn push_tls13(&self, v: Tls13ClientSessionValue) {
        let old = {
            let mut i = self.lock();
            i.tls13.push(v);
            (i.tls13.len() > MAX_TLS13).then(|| i.tls13.remove(0))
        };
        drop(old);
    }

    /// Moves `from`'s TLS 1.3 tickets (oldest first, so the order holds)
    /// and key exchange hint here.
    pub fn absorb(&self, from: &ClientTickets) {
        let (tickets, hint) = {
            let mut f = from.lock();
            (std::mem::take(&mut f.tls13), f.kx_hint.take())
        };
        for t in tickets {
            self.push_tls13(t);
        }
        if let Some(g) = hint {
            self.set_kx_hint(g);
        }
    }

    /// How many TLS 1.3 tickets are left.
    pub fn tls13_count(&self) -> usize {
        self.lock().tls13.len()
    }

    /// The newest unused ticket (it has the longest life left).
    pub fn take_tls13(&self) -> Option<Tls13ClientSessionValue> {
        self.lock().tls13.pop()
    }

    pub fn set_tls12(&self, v: Tls12ClientSessionValue) {
        self.lock().tls12 = Some(v);
    }

    pub fn take_tls12(&self) -> Option<Tls12ClientSessionValue> {
        self.lock().tls12.take()
    }

    /// TLS 1.2 sessions resume any number of times, as in OpenSSL.
    pub fn tls12(&self) -> Option<Tls12ClientSessionValue> {
        self.lock().tls12.clone()
    }

    pub fn set_kx_hint(&self, g: NamedGroup) {
        self.lock().kx_hint = Some(g);
    }

    pub fn kx_hint(&self) -> Option<NamedGroup> {
        self.lock().kx_hint
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pki_types::pem::PemObject;
    use pki_types::{CertificateDer, PrivateKeyDer, ServerName};
    use rustls::client::ClientSessionStore;

    /// A client store that keeps every TLS 1.3 ticket rustls gives it.
    #[derive(Debug, Default)]
    struct Catch(Mutex<Vec<Tls13ClientSessionValue>>);

    impl ClientSessionStore for Catch {
        fn set_kx_hint(&self, _: ServerName<'static>, _: NamedGroup) {}
        fn kx_hint(&self, _: &ServerName<'_>) -> Option<NamedGroup> {
            None
        }
        fn set_tls12_session(&self, _: ServerName<'static>, _: Tls12ClientSessionValue) {}
        fn tls12_session(&self, _: &ServerName<'_>) -> Option<Tls12ClientSessionValue> {
            None
        }
        fn remove_tls12_session(&self, _: &ServerName<'static>) {}
        fn insert_tls13_ticket(&self, _: ServerName<'static>, v: Tls13ClientSessionValue) {
            self.0.lock().unwrap().push(v);
        }
        fn take_tls13_ticket(&self, _: &ServerName<'static>) -> Option<Tls13ClientSessionValue> {
            None
        }
    }

    /// Real tickets (rustls makes them only from a handshake): a rustls
    /// server sending `n` after one full TLS 1.3 handshake.
    fn tickets(n: usize) -> Vec<Tls13ClientSessionValue> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/certs/");
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let chain = CertificateDer::pem_file_iter(format!("{dir}server-chain.pem"))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        let key = PrivateKeyDer::from_pem_file(format!("{dir}server.key")).unwrap();
        let mut sc = rustls::ServerConfig::builder_with_provider(provider.clone())
            .with_protocol_versions(&[&rustls::version::TLS13])
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap();
        sc.send_tls13_tickets = n;
        let mut roots = rustls::RootCertStore::empty();
        roots
            .add(CertificateDer::from_pem_file(format!("{dir}ca.pem")).unwrap())
            .unwrap();
        let store = Arc::new(Catch::default());
        let mut cc = rustls::ClientConfig::builder_with_provider(provider)
            .with_protocol_versions(&[&rustls::version::TLS13])
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        cc.resumption = rustls::client::Resumption::store(store.clone());
        let name = ServerName::try_from("localhost").unwrap();
        let mut c: rustls::Connection = rustls::ClientConnection::new(Arc::new(cc), name)
            .unwrap()
            .into();
        let mut s: rustls::Connection = rustls::ServerConnection::new(Arc::new(sc)).unwrap().into();
        for _ in 0..8 {
            send(&mut c, &mut s);
            send(&mut s, &mut c);
        }
        assert!(!c.is_handshaking());
        std::mem::take(&mut *store.0.lock().unwrap())
    }

    fn send(from: &mut rustls::Connection, to: &mut rustls::Connection) {
        let mut buf = Vec::new();
        from.write_tls(&mut buf).unwrap();
        to.read_tls(&mut &buf[..]).unwrap();
        to.process_new_packets().unwrap();
    }

    /// The ticket's identity (its bytes are among what Debug shows), to
    /// follow it from pool to pool.
    fn ident(v: &Tls13ClientSessionValue) -> String {
        format!("{v:?}")
    }

    #[test]
    fn bounded_newest_kept_and_absorbed_in_order() {
        let got = tickets(MAX_TLS13 + 3);
        assert_eq!(got.len(), MAX_TLS13 + 3);
        let ids: Vec<String> = got.iter().map(ident).collect();
        let mut distinct = ids.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), ids.len(), "tickets tell apart");
        let pool = ClientTickets::default();
        for v in got {
            pool.push_tls13(v);
        }
        assert_eq!(pool.tls13_count(), MAX_TLS13, "the oldest went");

        // A resumed connection's tickets go to the offered session's pool:
        // the pool stays bounded and the newest is taken first.
        let offered = ClientTickets::default();
        offered.push_tls13(pool.take_tls13().unwrap());
        offered.absorb(&pool);
        assert_eq!(pool.tls13_count(), 0);
        assert!(!pool.has_any());
        assert_eq!(offered.tls13_count(), MAX_TLS13);
        let mut taken = Vec::new();
        while let Some(v) = offered.take_tls13() {
            taken.push(ident(&v));
        }
        let newest_first: Vec<String> = ids[3..ids.len() - 1].iter().rev().cloned().collect();
        assert_eq!(taken[..MAX_TLS13 - 1], newest_first[..]);
        assert_eq!(
            taken[MAX_TLS13 - 1],
            ids[ids.len() - 1],
            "taken before absorb"
        );
    }
}
