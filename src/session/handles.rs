//! Process-local names for client tickets, so that a client session
//! survives `i2d_SSL_SESSION` + `d2i_SSL_SESSION` inside one process.
//!
//! rustls keeps a client session's secrets sealed: its tickets cannot be
//! written out. What a client session's encoding carries instead is a
//! random handle naming its `ClientTickets` here. Decoding in the same
//! process finds them again: the round trip Python's `SSLSocket.session`
//! makes on every use, and haproxy's backend session store, which keeps
//! only the bytes and frees every session object. So the table holds the
//! tickets themselves, as the bytes would on OpenSSL, until the session
//! expires or `CAPACITY` newer ones push them out. In another process, or
//! after that, the handle names nothing and the decoded session offers
//! nothing: a full handshake.

use super::tickets::ClientTickets;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// Random, so a handle from another process (or an earlier run) never
/// names this process's tickets by accident.
pub type Handle = [u8; 16];

/// How many encoded client sessions stay resumable at once. A client
/// process keeps about one per server it talks to; the oldest go first.
pub const CAPACITY: usize = 1024;

struct Entry {
    tickets: Arc<ClientTickets>,
    /// The session's expiry (seconds since the epoch).
    expires: i64,
    /// Registration order, for evicting the oldest.
    seq: u64,
}

#[derive(Default)]
struct Table {
    entries: HashMap<Handle, Entry>,
    seq: u64,
}

static TABLE: Mutex<Option<Table>> = Mutex::new(None);

fn table() -> MutexGuard<'static, Option<Table>> {
    TABLE.lock().unwrap_or_else(|e| e.into_inner())
}

fn random_handle() -> Handle {
    let mut h = [0u8; 16];
    // A failing system RNG leaves zeros: then every handle is the same and
    // names the newest tickets, so an older session of this process could
    // offer a newer connection's ticket, which a server resumes or refuses.
    super::fill_random(&mut h);
    h
}

/// A new handle naming `tickets` until `expires` (or eviction); `now` is
/// the current time, for dropping what has expired.
pub fn register(tickets: &Arc<ClientTickets>, expires: i64, now: i64) -> Handle {
    let h = random_handle();
    let evicted;
    {
        let mut guard = table();
        let t = guard.get_or_insert_with(Table::default);
        t.entries.retain(|_, e| e.expires >= now);
        evicted = if t.entries.len() >= CAPACITY {
            let oldest = t.entries.iter().min_by_key(|(_, e)| e.seq).map(|(h, _)| *h);
            oldest.and_then(|h| t.entries.remove(&h))
        } else {
            None
        };
        t.seq += 1;
        let seq = t.seq;
        t.entries.insert(
            h,
            Entry {
                tickets: tickets.clone(),
                expires,
                seq,
            },
        );
    }
    // Dropped outside the lock.
    drop(evicted);
    h
}

/// The tickets `h` names, if this process still keeps them.
pub fn find(h: &Handle, now: i64) -> Option<Arc<ClientTickets>> {
    let guard = table();
    let e = guard.as_ref()?.entries.get(h)?;
    (e.expires >= now).then(|| e.tickets.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_until_expiry_or_capacity() {
        // The real clock: another test registering at the same time drops
        // what has expired by it, which a made-up past time would be.
        let now = crate::session::now();
        let old = Arc::new(ClientTickets::default());
        let h_old = register(&old, now + 10, now);
        let expiring = Arc::new(ClientTickets::default());
        let h_exp = register(&expiring, now + 1, now);
        drop((old, expiring));
        assert!(find(&h_old, now).is_some(), "kept without other holders");
        assert!(find(&h_exp, now + 2).is_none(), "expired");
        assert!(find(&[0xEE; 16], now).is_none());
        // CAPACITY newer sessions push the oldest out (other tests may
        // register too: they only push it out sooner).
        for _ in 0..CAPACITY {
            register(&Arc::new(ClientTickets::default()), now + 10, now);
        }
        assert!(find(&h_old, now).is_none(), "evicted");
    }
}
