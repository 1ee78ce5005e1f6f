//! Application data slots (`SSL_set_ex_data`, `CRYPTO_get_ex_new_index`).
//!
//! The values are C pointers we never dereference; they are kept as
//! addresses. Index allocation is per class, process-wide, as in OpenSSL.

use std::sync::Mutex;
use std::sync::atomic::{AtomicI32, Ordering};

/// `CRYPTO_EX_INDEX_*` classes we hand out indices for (SSL, SSL_CTX, …);
/// index 0 is reserved in OpenSSL for the legacy "app data" slot, so
/// allocation starts at 1 for every class.
const CLASSES: usize = 18;
static NEXT: [AtomicI32; CLASSES] = [const { AtomicI32::new(1) }; CLASSES];

/// `CRYPTO_get_ex_new_index`: -1 for an unknown class.
pub fn new_index(class: i32) -> i32 {
    match usize::try_from(class).ok().filter(|c| *c < CLASSES) {
        Some(c) => NEXT[c].fetch_add(1, Ordering::Relaxed),
        None => -1,
    }
}

#[derive(Debug, Default)]
pub struct ExData {
    slots: Mutex<Vec<usize>>,
}

impl ExData {
    /// `*_set_ex_data`: 1 on success, 0 for a negative index.
    pub fn set(&self, idx: i32, value: usize) -> bool {
        let Ok(i) = usize::try_from(idx) else {
            return false;
        };
        let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        if slots.len() <= i {
            slots.resize(i + 1, 0);
        }
        slots[i] = value;
        true
    }

    /// `*_get_ex_data`: NULL (0) when never set.
    pub fn get(&self, idx: i32) -> usize {
        let Ok(i) = usize::try_from(idx) else {
            return 0;
        };
        let slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        slots.get(i).copied().unwrap_or(0)
    }
}
