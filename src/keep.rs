//! Objects another library made for C on behalf of an `SSL` or `SSL_CTX`,
//! kept as long as their owner lives.
//!
//! The drop-in flavour hands a program libcrypto's objects where OpenSSL's
//! functions have get0 semantics (the peer chain as a real
//! `STACK_OF(X509)`) or where the context owns one (its `X509_STORE`). The
//! ffi layer creates them; the core only keeps them, under a key saying what
//! they were made from, and drops them with the owner.

#![forbid(unsafe_code)]

use std::any::Any;
use std::sync::{Arc, Mutex};

pub type Kept = Arc<dyn Any + Send + Sync>;

#[derive(Default)]
pub struct Keep(Mutex<Vec<(&'static str, usize, Kept)>>);

impl std::fmt::Debug for Keep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.lock().map_or(0, |v| v.len());
        write!(f, "Keep({n} objects)")
    }
}

impl Keep {
    /// The object kept under `slot`, if it was made from `key`.
    pub fn get(&self, slot: &'static str, key: usize) -> Option<Kept> {
        let v = self.0.lock().unwrap_or_else(|e| e.into_inner());
        v.iter()
            .find(|(s, k, _)| *s == slot && *k == key)
            .map(|(_, _, o)| o.clone())
    }

    /// The object kept under `slot`, whatever it was made from.
    pub fn any(&self, slot: &'static str) -> Option<(usize, Kept)> {
        let v = self.0.lock().unwrap_or_else(|e| e.into_inner());
        v.iter()
            .find(|(s, _, _)| *s == slot)
            .map(|(_, k, o)| (*k, o.clone()))
    }

    /// Keeps `obj` under `slot`, replacing (dropping) what was there.
    pub fn put(&self, slot: &'static str, key: usize, obj: Kept) {
        let old = {
            let mut v = self.0.lock().unwrap_or_else(|e| e.into_inner());
            let old = v
                .iter()
                .position(|(s, _, _)| *s == slot)
                .map(|i| v.remove(i));
            if v.capacity() == 0 {
                // Most objects keep one thing: room for that one only.
                v.reserve_exact(1);
            }
            v.push((slot, key, obj));
            old
        };
        // Dropped outside the lock: a foreign destructor may call back in.
        drop(old);
    }
}
