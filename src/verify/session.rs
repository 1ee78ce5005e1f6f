//! The per-connection verification state a handshake step publishes to the
//! shared verifiers (see the module docs of `verify`).

use super::VerifyParams;
use std::cell::RefCell;
use std::sync::{Arc, Mutex};

/// Parameters in, outcome out.
#[derive(Debug, Default)]
pub struct VerifySession {
    pub params: VerifyParams,
    /// `X509_V_OK` until a chain was checked; then the first error found.
    pub result: i64,
    /// Client: the OCSP response the server stapled.
    pub stapled_ocsp: Option<Vec<u8>>,
}

pub type SessionRef = Arc<Mutex<VerifySession>>;

thread_local! {
    static CURRENT: RefCell<Option<SessionRef>> = const { RefCell::new(None) };
}

/// Runs `f` (a rustls handshake step) with `session` visible to the verifiers.
pub fn enter<R>(session: &SessionRef, f: impl FnOnce() -> R) -> R {
    struct Reset(Option<SessionRef>);
    impl Drop for Reset {
        fn drop(&mut self) {
            let prev = self.0.take();
            CURRENT.with(|c| *c.borrow_mut() = prev);
        }
    }
    let prev = CURRENT.with(|c| c.borrow_mut().replace(session.clone()));
    let _reset = Reset(prev);
    f()
}

/// The session of the handshake running on this thread, if any.
pub fn current() -> Option<SessionRef> {
    CURRENT.with(|c| c.borrow().clone())
}
