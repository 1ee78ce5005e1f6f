//! `SSL_get_state`, `SSL_state_string(_long)`: OpenSSL's handshake state
//! (`OSSL_HANDSHAKE_STATE`) as far as a program can observe it.
//!
//! rustls has no per-message states, so ours are coarse, chosen to match
//! what OpenSSL reports at the points a program sees: before the
//! handshake, after a `WANT_READ` in the middle of it (each side waits in
//! one well-known state per flight), when it is finished, and after a
//! fatal error ("error"). The state is published to a cell shared with the
//! `SSL` handle, so it can be read without the connection's lock: from an
//! info callback it reads the state the event was raised in.

use super::Conn;
use std::ffi::CStr;
use std::sync::atomic::{AtomicU32, Ordering};

/// OpenSSL 3.0's `OSSL_HANDSHAKE_STATE` values we report.
pub mod st {
    pub const BEFORE: u8 = 0;
    pub const OK: u8 = 1;
    pub const CR_SRVR_HELLO: u8 = 3;
    pub const CR_CERT: u8 = 4;
    pub const CR_SESSION_TICKET: u8 = 9;
    pub const CW_CLNT_HELLO: u8 = 12;
    pub const CW_FINISHED: u8 = 18;
    pub const SR_CLNT_HELLO: u8 = 20;
    pub const SW_SRVR_DONE: u8 = 26;
    pub const SR_CERT: u8 = 27;
    pub const SW_SESSION_TICKET: u8 = 33;
    pub const EARLY_DATA: u8 = 46;
}

/// A state and whether the connection is in error (OpenSSL keeps the
/// last state then, and the strings say "error").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HsState {
    pub state: u8,
    pub error: bool,
}

impl HsState {
    pub const BEFORE: HsState = HsState {
        state: st::BEFORE,
        error: false,
    };

    fn pack(self) -> u32 {
        u32::from(self.state) | if self.error { 0x100 } else { 0 }
    }

    fn unpack(v: u32) -> HsState {
        HsState {
            state: (v & 0xff) as u8,
            error: v & 0x100 != 0,
        }
    }

    /// `SSL_state_string_long`.
    pub fn long_name(self) -> &'static CStr {
        if self.error {
            return c"error";
        }
        NAMES
            .get(usize::from(self.state))
            .map_or(c"unknown state", |n| n.1)
    }

    /// `SSL_state_string`.
    pub fn short_name(self) -> &'static CStr {
        if self.error {
            return c"SSLERR";
        }
        NAMES.get(usize::from(self.state)).map_or(c"UNKWN", |n| n.0)
    }
}

/// OpenSSL 3.0's strings, indexed by `OSSL_HANDSHAKE_STATE`.
static NAMES: [(&CStr, &CStr); 50] = [
    (c"PINIT", c"before SSL initialization"),
    (c"SSLOK", c"SSL negotiation finished successfully"),
    (c"DRCHV", c"DTLS1 read hello verify request"),
    (c"TRSH", c"SSLv3/TLS read server hello"),
    (c"TRSC", c"SSLv3/TLS read server certificate"),
    (c"TRCS", c"SSLv3/TLS read certificate status"),
    (c"TRSKE", c"SSLv3/TLS read server key exchange"),
    (c"TRCR", c"SSLv3/TLS read server certificate request"),
    (c"TRSD", c"SSLv3/TLS read server done"),
    (c"TRST", c"SSLv3/TLS read server session ticket"),
    (c"TRCCS", c"SSLv3/TLS read change cipher spec"),
    (c"TRFIN", c"SSLv3/TLS read finished"),
    (c"TWCH", c"SSLv3/TLS write client hello"),
    (c"TWCC", c"SSLv3/TLS write client certificate"),
    (c"TWCKE", c"SSLv3/TLS write client key exchange"),
    (c"TWCV", c"SSLv3/TLS write certificate verify"),
    (c"TWCCS", c"SSLv3/TLS write change cipher spec"),
    (c"TWNP", c"SSLv3/TLS write next proto"),
    (c"TWFIN", c"SSLv3/TLS write finished"),
    (c"TWHR", c"SSLv3/TLS write hello request"),
    (c"TRCH", c"SSLv3/TLS read client hello"),
    (c"DWCHV", c"DTLS1 write hello verify request"),
    (c"TWSH", c"SSLv3/TLS write server hello"),
    (c"TWSC", c"SSLv3/TLS write certificate"),
    (c"TWSKE", c"SSLv3/TLS write key exchange"),
    (c"TWCR", c"SSLv3/TLS write certificate request"),
    (c"TWSD", c"SSLv3/TLS write server done"),
    (c"TRCC", c"SSLv3/TLS read client certificate"),
    (c"TRCKE", c"SSLv3/TLS read client key exchange"),
    (c"TRCV", c"SSLv3/TLS read certificate verify"),
    (c"TRNP", c"SSLv3/TLS read next proto"),
    (c"TRCCS", c"SSLv3/TLS read change cipher spec"),
    (c"TRFIN", c"SSLv3/TLS read finished"),
    (c"TWST", c"SSLv3/TLS write session ticket"),
    (c"TWCS", c"SSLv3/TLS write certificate status"),
    (c"TWCCS", c"SSLv3/TLS write change cipher spec"),
    (c"TWFIN", c"SSLv3/TLS write finished"),
    (c"TWEE", c"TLSv1.3 write encrypted extensions"),
    (c"TREE", c"TLSv1.3 read encrypted extensions"),
    (c"TRSCV", c"TLSv1.3 read server certificate verify"),
    (c"TWSCV", c"TLSv1.3 write server certificate verify"),
    (c"TRHR", c"SSLv3/TLS read hello request"),
    (c"TWSKU", c"TLSv1.3 write server key update"),
    (c"TWCKU", c"TLSv1.3 write client key update"),
    (c"TRCKU", c"TLSv1.3 read client key update"),
    (c"TRSKU", c"TLSv1.3 read server key update"),
    (c"TED", c"TLSv1.3 early data"),
    (c"TPEDE", c"TLSv1.3 pending early data end"),
    (c"TWEOED", c"TLSv1.3 write end of early data"),
    (c"TWEOED", c"TLSv1.3 read end of early data"),
];

/// The published state, readable without the connection's lock.
#[derive(Debug, Default)]
pub struct StateCell {
    now: AtomicU32,
    /// While an info callback runs: the state its event was raised in
    /// (0 = none, else packed state + 1).
    in_callback: AtomicU32,
}

impl StateCell {
    pub fn get(&self) -> HsState {
        match self.in_callback.load(Ordering::Acquire) {
            0 => HsState::unpack(self.now.load(Ordering::Acquire)),
            v => HsState::unpack(v - 1),
        }
    }

    /// While a callback raised inside the handshake's processing runs (an
    /// info event of a handshake state, a TLS 1.3 client's ticket): OpenSSL
    /// is "in init" there, whatever the connection has done since.
    pub fn in_handshake_callback(&self) -> bool {
        match self.in_callback.load(Ordering::Acquire) {
            0 => false,
            v => {
                let s = HsState::unpack(v - 1);
                !s.error && s.state != st::OK && s.state != st::BEFORE
            }
        }
    }

    fn set(&self, s: HsState) {
        self.now.store(s.pack(), Ordering::Release);
    }

    /// Shows `s` to the callbacks run inside `f`.
    pub fn during<R>(&self, s: HsState, f: impl FnOnce() -> R) -> R {
        struct Clear<'a>(&'a AtomicU32);
        impl Drop for Clear<'_> {
            fn drop(&mut self) {
                self.0.store(0, Ordering::Release);
            }
        }
        self.in_callback.store(s.pack() + 1, Ordering::Release);
        let _clear = Clear(&self.in_callback);
        f()
    }
}

impl Conn {
    /// Where OpenSSL's state machine would stand now.
    pub fn hs_state(&self) -> HsState {
        let error = self.fatal;
        let state = if let Some(s) = self.intro.failed_in.filter(|_| error) {
            s
        } else if self.handshake_done {
            st::OK
        } else if self.tls.is_none()
            && !(self.is_server && self.intro.hello.client_random.is_some())
        {
            st::BEFORE
        } else {
            let tls13 = self.tls.as_ref().and_then(|t| t.protocol_version())
                != Some(rustls::ProtocolVersion::TLSv1_2);
            let h = &self.intro.hello;
            match (self.is_server, h.client_random, h.server_random) {
                // Client: waiting for the ServerHello (also after a retry).
                (false, _, None) => st::CW_CLNT_HELLO,
                // Sent its second TLS 1.2 flight, waiting for the server's.
                (false, _, Some(_)) if !tls13 => st::CW_FINISHED,
                // Part of the server's TLS 1.3 flight arrived.
                (false, _, Some(_)) => st::CR_SRVR_HELLO,
                (true, None, _) => st::BEFORE,
                (true, Some(_), None) if !h.retried => st::SR_CLNT_HELLO,
                (true, Some(_), Some(_)) if !tls13 => st::SW_SRVR_DONE,
                // TLS 1.3 server after its flight (or a retry request),
                // waiting for the client: OpenSSL's "early data" state.
                (true, Some(_), _) => st::EARLY_DATA,
            }
        };
        HsState { state, error }
    }

    /// A failure names the state OpenSSL was in when it happened, where
    /// that is more precise than ours: reading the peer's certificate.
    pub(super) fn note_failure_state(&mut self, e: &rustls::Error) {
        use rustls::Error as E;
        if matches!(e, E::InvalidCertificate(_) | E::NoCertificatesPresented) {
            self.intro.failed_in = Some(if self.is_server {
                st::SR_CERT
            } else {
                st::CR_CERT
            });
        }
    }

    /// Makes the current state visible to lock-free readers.
    pub fn publish_state(&self) {
        self.intro.state.set(self.hs_state());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_enum() {
        assert_eq!(HsState::BEFORE.short_name(), c"PINIT");
        let ed = HsState {
            state: st::EARLY_DATA,
            error: false,
        };
        assert_eq!(ed.long_name(), c"TLSv1.3 early data");
        let err = HsState { error: true, ..ed };
        assert_eq!(err.long_name(), c"error");
        assert_eq!(err.short_name(), c"SSLERR");
    }

    #[test]
    fn callback_view_wins_while_it_runs() {
        let cell = StateCell::default();
        cell.set(HsState {
            state: st::OK,
            error: false,
        });
        let seen = cell.during(HsState::BEFORE, || cell.get());
        assert_eq!(seen, HsState::BEFORE);
        assert_eq!(cell.get().state, st::OK);
    }
}
