//! Changes a callback asks for while its connection is busy.
//!
//! Some callbacks run inside a rustls step, with the connection locked by
//! the call that ran them (verification, the client certificate, the
//! server's session lookup, ticket keys). A setter called from there cannot
//! reach the connection, so it is recorded here and applied when the step
//! ends, before the lock is released (`ConnGuard`'s drop): the rest of the
//! step, already decided by rustls, keeps the settings it started with, and
//! everything after it sees the change. Queries made meanwhile read the
//! facts copy (`snapshot`), which the setter updates itself where a query
//! would show the difference.

use super::Conn;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// One recorded change.
pub type Change = Box<dyn FnOnce(&mut Conn) + Send>;

#[derive(Default)]
pub struct Deferred {
    /// Set with the first change: the step's end pays one load otherwise.
    any: AtomicBool,
    changes: Mutex<Vec<Change>>,
}

impl Deferred {
    pub fn push(&self, change: Change) {
        self.changes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(change);
        self.any.store(true, Ordering::Release);
    }

    /// Applies what was recorded, in order; whether there was anything.
    pub fn apply(&self, conn: &mut Conn) -> bool {
        // A plain load on the data path; the swap only when a change waits.
        if !self.any.load(Ordering::Acquire) || !self.any.swap(false, Ordering::Acquire) {
            return false;
        }
        let changes = std::mem::take(&mut *self.changes.lock().unwrap_or_else(|e| e.into_inner()));
        for change in changes {
            change(conn);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::ctx::{SslCtx, method::TLS_METHOD};
    use crate::ssl::Ssl;

    /// A change recorded while the connection is locked (a callback inside
    /// a step) lands when the step ends, and the facts follow it.
    #[test]
    fn a_change_lands_at_the_end_of_the_step() {
        let ssl = Ssl::new(SslCtx::new(&TLS_METHOD));
        let before = ssl.lock().options();
        let guard = ssl.lock();
        assert!(ssl.locked_here());
        ssl.defer(|c| {
            let o = c.options() | 0x4000_0000;
            c.set_options(o);
        });
        assert_eq!(guard.options(), before);
        drop(guard);
        assert!(!ssl.locked_here());
        assert_eq!(ssl.lock().options(), before | 0x4000_0000);
        assert_eq!(ssl.facts().options, before | 0x4000_0000);
        // Applied once: the next step has nothing to do.
        assert!(!ssl.deferred.apply(&mut ssl.lock()));
    }

    /// Locking again from inside a step would deadlock: refused loudly.
    #[test]
    #[should_panic(expected = "locked again")]
    fn locking_twice_is_a_bug_not_a_deadlock() {
        let ssl = Ssl::new(SslCtx::new(&TLS_METHOD));
        let _guard = ssl.lock();
        let _again = ssl.lock();
    }
}
