//! Settings of features this library does not have (early data limits, record
//! padding, OpenSSL's security callback, the certificate_authorities
//! list, an SRP user name), kept only so that reading one back gives what the program set,
//! as with OpenSSL. None of them changes a handshake. Atomics (and one
//! short-held lock): a callback may read them while its connection is
//! busy, and the connection's lock is not taken.

#![forbid(unsafe_code)]

use crate::keep::Keep;
use crate::x509::NameList;
use std::ffi::CString;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex};

/// OpenSSL's default for `recv_max_early_data` (`SSL3_RT_MAX_PLAIN_LENGTH`).
const DEFAULT_RECV_MAX_EARLY_DATA: u32 = 16384;

#[derive(Debug)]
pub struct Inert {
    /// `SSL_CTX_set_recv_max_early_data`: no early data is accepted whatever
    /// it says.
    pub recv_max_early_data: AtomicU32,
    /// `SSL_CTX_set_max_early_data`: what a server would announce in its
    /// tickets; ours announce none (rustls's limit stays 0), so clients
    /// send no early data and the handshake is the one OpenSSL's has with
    /// a client that sends none.
    pub max_early_data: AtomicU32,
    /// `SSL_CTX_set0_security_ex_data`, an address C knows.
    pub security_ex_data: AtomicUsize,
    /// `SSL_CTX_set_security_callback`, as an address (0: none). Never
    /// called: rustls's own policy decides what is secure enough.
    pub security_cb: AtomicUsize,
    /// `SSL_CTX_set_record_padding_callback_arg`. The callback itself is
    /// never called: rustls pads no records.
    pub record_padding_arg: AtomicUsize,
    /// `SSL_CTX_get0_CA_list`/`SSL_get0_CA_list`: OpenSSL's list for the
    /// certificate_authorities extension, kept and read back (rustls sends
    /// no such extension). A context's starts empty, None after
    /// `SSL_CTX_set0_CA_list(ctx, NULL)`; a connection's is None (its
    /// context's is used) until it gets one of its own.
    pub ca_names: Mutex<Option<Arc<NameList>>>,
    /// The program's stacks behind `ca_names` (drop-in flavour), apart
    /// from the owner's other kept objects.
    pub ca_keep: Keep,
    /// `SSL_CTX_dane_set_flags`: DANE is never enabled.
    pub dane_flags: AtomicU64,
    /// `SSL_CTX_set_srp_username`, read back by `SSL_get_srp_username`:
    /// SRP is never offered (a server never picks it from us).
    pub srp_username: Mutex<Option<CString>>,
}

impl Default for Inert {
    fn default() -> Self {
        Inert {
            recv_max_early_data: AtomicU32::new(DEFAULT_RECV_MAX_EARLY_DATA),
            max_early_data: AtomicU32::new(0),
            security_ex_data: AtomicUsize::new(0),
            security_cb: AtomicUsize::new(0),
            record_padding_arg: AtomicUsize::new(0),
            ca_names: Mutex::new(Some(Arc::new(NameList::empty()))),
            ca_keep: Keep::default(),
            dane_flags: AtomicU64::new(0),
            srp_username: Mutex::new(None),
        }
    }
}

impl Inert {
    /// A connection's copy at `SSL_new`, as OpenSSL copies these.
    pub fn inherit(&self) -> Inert {
        Inert {
            recv_max_early_data: AtomicU32::new(self.recv_max_early_data.load(Relaxed)),
            max_early_data: AtomicU32::new(self.max_early_data.load(Relaxed)),
            security_ex_data: AtomicUsize::new(self.security_ex_data.load(Relaxed)),
            security_cb: AtomicUsize::new(self.security_cb.load(Relaxed)),
            record_padding_arg: AtomicUsize::new(self.record_padding_arg.load(Relaxed)),
            ca_names: Mutex::new(None),
            ca_keep: Keep::default(),
            dane_flags: AtomicU64::new(self.dane_flags.load(Relaxed)),
            srp_username: Mutex::new(self.srp_username()),
        }
    }

    /// The SRP user name, as set.
    pub fn srp_username(&self) -> Option<CString> {
        self.srp_username
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// `set_srp_username`.
    pub fn set_srp_username(&self, name: Option<CString>) {
        *self.srp_username.lock().unwrap_or_else(|e| e.into_inner()) = name;
    }

    /// `f` on the SRP user name where it is kept (it stays there until the
    /// next `set_srp_username`, so a C caller may keep a pointer into it).
    pub fn with_srp_username<R>(&self, f: impl FnOnce(Option<&std::ffi::CStr>) -> R) -> R {
        f(self
            .srp_username
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_deref())
    }

    /// The CA list, as set (None: NULL for a context, the context's for a
    /// connection).
    pub fn ca_list(&self) -> Option<Arc<NameList>> {
        self.ca_names
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// `set0_CA_list`.
    pub fn set_ca_list(&self, list: Option<Arc<NameList>>) {
        let old = std::mem::replace(
            &mut *self.ca_names.lock().unwrap_or_else(|e| e.into_inner()),
            list,
        );
        drop(old);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_starts_with_the_contexts_values() {
        let ctx = Inert::default();
        assert_eq!(ctx.recv_max_early_data.load(Relaxed), 16384);
        ctx.recv_max_early_data.store(0, Relaxed);
        ctx.security_ex_data.store(42, Relaxed);
        let ssl = ctx.inherit();
        ctx.security_ex_data.store(7, Relaxed);
        assert_eq!(ssl.recv_max_early_data.load(Relaxed), 0);
        assert_eq!(ssl.security_ex_data.load(Relaxed), 42);
        ctx.set_srp_username(Some(c"user".into()));
        let ssl = ctx.inherit();
        ctx.set_srp_username(None);
        assert_eq!(ssl.srp_username().as_deref(), Some(c"user"));
        assert!(ctx.with_srp_username(|n| n.is_none()));
    }
}
