//! A context's session cache (OpenSSL's internal cache, keyed by session
//! id), its counters (`SSL_CTX_sess_*`) and its session id context.
//!
//! Removing a session marks it not resumable, as OpenSSL does; the caller
//! reports removals to `remove_session_cb`.

use super::{ShortBytes, SslSession, now};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// OpenSSL's default cache size (`SSL_SESSION_CACHE_MAX_SIZE_DEFAULT`).
pub const DEFAULT_CACHE_SIZE: i64 = 1024 * 20;

/// A counter behind one `SSL_CTX_sess_*` macro.
#[derive(Debug, Default)]
pub struct Counter(AtomicI64);

impl Counter {
    pub fn inc(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    pub fn get(&self) -> i64 {
        self.0.load(Ordering::Relaxed)
    }
}

#[derive(Debug, Default)]
pub struct Stats {
    pub connect: Counter,
    pub connect_good: Counter,
    pub accept: Counter,
    pub accept_good: Counter,
    pub hit: Counter,
    pub cb_hit: Counter,
    pub miss: Counter,
    pub timeout: Counter,
    pub cache_full: Counter,
}

#[derive(Debug)]
struct Cache {
    /// id -> (insertion order, session)
    map: HashMap<Vec<u8>, (u64, Arc<SslSession>)>,
    /// insertion order -> id, oldest first (what a full cache evicts).
    order: BTreeMap<u64, Vec<u8>>,
    seq: u64,
    /// 0: unlimited.
    max: i64,
}

#[derive(Debug)]
pub struct CtxSessions {
    cache: Mutex<Cache>,
    pub stats: Stats,
    sid_ctx: Mutex<ShortBytes>,
}

impl Default for CtxSessions {
    fn default() -> Self {
        CtxSessions {
            cache: Mutex::new(Cache {
                map: HashMap::new(),
                order: BTreeMap::new(),
                seq: 0,
                max: DEFAULT_CACHE_SIZE,
            }),
            stats: Stats::default(),
            sid_ctx: Mutex::new(ShortBytes::default()),
        }
    }
}

impl CtxSessions {
    fn lock(&self) -> MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn sid_ctx(&self) -> ShortBytes {
        *self.sid_ctx.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn set_sid_ctx(&self, v: &[u8]) {
        // Callers check the length (at most 32 bytes, as OpenSSL).
        *self.sid_ctx.lock().unwrap_or_else(|e| e.into_inner()) =
            ShortBytes::new(v).unwrap_or_default();
    }

    /// `SSL_CTX_sess_number`.
    pub fn number(&self) -> usize {
        self.lock().map.len()
    }

    pub fn max(&self) -> i64 {
        self.lock().max
    }

    /// `SSL_CTX_sess_set_cache_size`: the previous size. Shrinking evicts
    /// later, at the next insertion, as in OpenSSL.
    pub fn set_max(&self, n: i64) -> i64 {
        std::mem::replace(&mut self.lock().max, n)
    }

    pub fn get(&self, id: &[u8]) -> Option<Arc<SslSession>> {
        self.lock().map.get(id).map(|(_, s)| s.clone())
    }

    /// `SSL_CTX_add_session`: true if `s` was not there already. A session
    /// without id cannot be looked up and is refused. Returns the oldest
    /// sessions evicted to make room (counted as `cache_full`).
    pub fn add(&self, s: &Arc<SslSession>) -> (bool, Vec<Arc<SslSession>>) {
        let id = s.meta().id.as_slice().to_vec();
        if id.is_empty() {
            return (false, Vec::new());
        }
        let mut c = self.lock();
        if let Some((_, old)) = c.map.get(&id)
            && Arc::ptr_eq(old, s)
        {
            return (false, Vec::new());
        }
        c.seq += 1;
        let seq = c.seq;
        // Another session with the same id is replaced silently (OpenSSL).
        if let Some((old, _)) = c.map.insert(id.clone(), (seq, s.clone())) {
            c.order.remove(&old);
        }
        c.order.insert(seq, id);
        let mut evicted = Vec::new();
        while c.max > 0 && c.map.len() as i64 > c.max {
            let Some((_, k)) = c.order.pop_first() else {
                break;
            };
            if let Some((_, gone)) = c.map.remove(&k) {
                gone.meta().not_resumable = true;
                self.stats.cache_full.inc();
                evicted.push(gone);
            }
        }
        (true, evicted)
    }

    /// `SSL_CTX_remove_session`: `Some(found)` for a session with an id
    /// (whatever is cached under that id goes, and `s` is no longer
    /// resumable; OpenSSL then calls `remove_session_cb` even if nothing
    /// was cached), `None` for one without id (nothing happens).
    pub fn remove(&self, s: &Arc<SslSession>) -> Option<bool> {
        let id = s.meta().id.as_slice().to_vec();
        if id.is_empty() {
            return None;
        }
        let mut c = self.lock();
        let found = match c.map.remove(&id) {
            Some((seq, _)) => {
                c.order.remove(&seq);
                true
            }
            None => false,
        };
        drop(c);
        s.meta().not_resumable = true;
        Some(found)
    }

    /// `SSL_CTX_flush_sessions(ctx, tm)`: removes the sessions expired at
    /// `tm` (all of them for 0) and returns them.
    pub fn flush(&self, tm: i64) -> Vec<Arc<SslSession>> {
        let mut c = self.lock();
        let gone: Vec<Vec<u8>> = c
            .map
            .iter()
            .filter(|(_, (_, s))| {
                let m = s.meta();
                tm == 0 || m.time.saturating_add(m.timeout) < tm
            })
            .map(|(k, _)| k.clone())
            .collect();
        let mut out: Vec<(u64, Arc<SslSession>)> =
            gone.iter().filter_map(|k| c.map.remove(k)).collect();
        for (seq, _) in &out {
            c.order.remove(seq);
        }
        drop(c);
        // Oldest first, as OpenSSL walks its list from the tail.
        out.sort_by_key(|(n, _)| *n);
        out.into_iter()
            .map(|(_, s)| {
                s.meta().not_resumable = true;
                s
            })
            .collect()
    }

    /// Everything, for the context's end.
    pub fn drain(&self) -> Vec<Arc<SslSession>> {
        self.flush(0)
    }

    /// Whether `s` is expired now.
    pub fn expired(s: &SslSession) -> bool {
        s.meta().expired(now())
    }
}
