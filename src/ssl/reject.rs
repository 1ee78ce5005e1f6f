//! Handshakes that cannot start because no protocol version (or no cipher
//! for it) is left, failed the way OpenSSL fails them.
//!
//! rustls cannot even build a config then, but OpenSSL's peer still sees a
//! conversation: its client sends a fatal alert instead of a ClientHello;
//! its server reads the ClientHello first and answers it with a fatal
//! alert. Doing the same lets the peer fail with `SSL_ERROR_SSL` and the
//! alert, instead of waiting for a hello that never comes.

use super::{Conn, RwState};
use crate::abi::*;
use crate::ctx::{ConfigError, Settings};
use crate::ssl_err;

const PROTOCOL_VERSION: u8 = 70;
const HANDSHAKE_FAILURE: u8 = 40;
const INTERNAL_ERROR: u8 = 80;

/// A server waiting for the ClientHello record it will refuse.
#[derive(Debug)]
pub(super) struct Reject {
    reason: i32,
    alert: u8,
    header: [u8; 5],
    header_len: usize,
    body_left: usize,
}

/// What OpenSSL's client reports before sending anything: no version
/// enabled at all, none of the suites for the newest enabled version
/// (OpenSSL requires those, `SSL_R_NO_CIPHERS_AVAILABLE`), or no group it
/// can use (`SSL_R_NO_SUITABLE_GROUPS`: OpenSSL's TLS 1.3 client with only
/// TLS 1.2 curves; ours with only groups rustls lacks, see ctx::groups).
pub(super) fn client_refusal(s: &Settings) -> Option<ConfigError> {
    let enabled = crate::version::enabled(s.version_bounds(), s.options);
    let newest = enabled.first()?.version;
    let suites = match newest {
        rustls::ProtocolVersion::TLSv1_3 => &s.tls13_ciphers,
        _ => &s.tls12_ciphers,
    };
    if suites.is_empty() {
        return Some(ConfigError::NoCiphers);
    }
    s.groups.is_empty().then_some(ConfigError::NoGroups)
}

/// Whether the bounds still allow TLS 1.0 or 1.1, which OpenSSL would
/// negotiate and then refuse (`SSL_R_UNSUPPORTED_PROTOCOL` for a peer
/// offering only newer versions), as opposed to an empty range.
fn only_old_versions(s: &Settings) -> bool {
    let (min, max) = (s.min_version, s.max_version);
    (min == 0 || min <= TLS1_1_VERSION)
        && (max == 0 || max >= TLS1_VERSION)
        && !(min != 0 && max != 0 && min > max)
}

fn alert_record(version: u16, alert: u8) -> [u8; 7] {
    let v = version.to_be_bytes();
    [21, v[0], v[1], 0, 2, 2, alert]
}

impl Conn {
    /// `start` could not build a config: refuse as OpenSSL does. Returns
    /// false (the handshake step fails now, or, for a server, once the
    /// ClientHello has been read: see `drive_reject`).
    pub(super) fn refuse(&mut self, e: ConfigError, func: &'static str) -> bool {
        self.info(SSL_CB_HANDSHAKE_START, 1);
        if self.is_server {
            let (reason, alert) = match e {
                ConfigError::NoCiphers => (SSL_R_NO_SHARED_CIPHER, HANDSHAKE_FAILURE),
                _ if only_old_versions(self.settings()) => {
                    (SSL_R_UNSUPPORTED_PROTOCOL, PROTOCOL_VERSION)
                }
                _ => (SSL_R_NO_PROTOCOLS_AVAILABLE, PROTOCOL_VERSION),
            };
            self.reject = Some(Reject {
                reason,
                alert,
                header: [0; 5],
                header_len: 0,
                body_left: 0,
            });
            return false;
        }
        let (reason, version, alert) = match e {
            ConfigError::NoCiphers => (SSL_R_NO_CIPHERS_AVAILABLE, 0x0301, INTERNAL_ERROR),
            ConfigError::NoGroups => (SSL_R_NO_SUITABLE_GROUPS, 0x0301, INTERNAL_ERROR),
            _ => (SSL_R_NO_PROTOCOLS_AVAILABLE, 0x0303, PROTOCOL_VERSION),
        };
        ssl_err!(reason, func);
        self.send_refusal(version, alert);
        self.fatal = true;
        false
    }

    /// A read with no read BIO: OpenSSL's fatal "read bio not set", and
    /// the internal_error alert it sends then. Before anything arrived the
    /// alert is a plaintext record (and goes nowhere without a write BIO;
    /// OpenSSL's buffering BIO takes it silently then). After the
    /// handshake OpenSSL's alert fails without a write BIO ("bio not
    /// set"); with one, the encrypted alert is not sent here (rustls sends
    /// no alert on request).
    pub(super) fn no_read_bio(&mut self, func: &'static str) {
        ssl_err!(SSL_R_READ_BIO_NOT_SET, func);
        self.fatal = true;
        self.rwstate = RwState::Nothing;
        if self.handshake_done {
            if self.wbio.is_none() {
                ssl_err!(SSL_R_BIO_NOT_SET, func);
            }
        } else if self.first_bytes.is_empty() {
            self.send_refusal(0x0303, INTERNAL_ERROR);
        }
    }

    /// A server that verifies peers without a session id context was
    /// offered a session (`Step::refuse_without_sid_ctx`): as OpenSSL's
    /// `ssl_get_prev_session`, it answers the ClientHello with an
    /// internal_error alert instead of its flight, which is dropped.
    pub(super) fn refuse_session_without_sid_ctx(&mut self) -> rustls::Error {
        self.tls = None;
        self.write_refusal(0x0303, 80);
        rustls::Error::Other(rustls::OtherError(std::sync::Arc::new(
            crate::session::SidCtxUninitialized,
        )))
    }

    /// Best effort, as OpenSSL's: a transport that cannot take the alert
    /// now does not change the outcome.
    pub(super) fn send_refusal(&mut self, version: u16, alert: u8) {
        self.write_refusal(version, alert);
        // A fatal alert takes the session out of the cache.
        self.remove_session();
    }

    /// `send_refusal` without the session's removal (left to `fail`).
    fn write_refusal(&mut self, version: u16, alert: u8) {
        if let Some(w) = self.wbio.as_ref() {
            let rec = alert_record(version, alert);
            if w.write(&rec) == rec.len() as isize {
                let _ = w.flush();
                self.info(SSL_CB_WRITE_ALERT, (2 << 8) | i32::from(alert));
                self.moved_outside_rustls(&rec, true);
            }
        }
    }

    /// A refusing server: reads the peer's first record, then answers it
    /// with the alert and fails.
    pub(super) fn drive_reject(&mut self, func: &'static str) -> i32 {
        let Some(rbio) = self.rbio.clone() else {
            return -1;
        };
        let mut buf = [0u8; 1024];
        loop {
            let want = match self.reject.as_ref() {
                None => return -1,
                Some(r) if r.header_len == 5 && r.body_left == 0 => break,
                Some(r) if r.header_len < 5 => 5 - r.header_len,
                Some(r) => r.body_left.min(buf.len()),
            };
            self.rwstate = RwState::Reading;
            let n = rbio.read(&mut buf[..want]);
            if n <= 0 {
                if rbio.should_retry() {
                    return -1;
                }
                self.rwstate = RwState::Nothing;
                self.reject = None;
                return self.eof(func);
            }
            self.rwstate = RwState::Nothing;
            let n = n as usize;
            self.moved_outside_rustls(&buf[..n], false);
            if let Some(r) = self.reject.as_mut() {
                if r.header_len < 5 {
                    r.header[r.header_len..r.header_len + n].copy_from_slice(&buf[..n]);
                    r.header_len += n;
                    if r.header_len == 5 {
                        r.body_left = usize::from(u16::from_be_bytes([r.header[3], r.header[4]]));
                    }
                } else {
                    r.body_left -= n;
                }
            }
        }
        let Some(r) = self.reject.take() else {
            return -1;
        };
        crate::err::raise(ERR_LIB_SSL, r.reason, func, file!(), line!());
        self.send_refusal(0x0303, r.alert);
        self.fatal = true;
        -1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_versions_versus_empty_range() {
        let mut s = Settings {
            max_version: TLS1_1_VERSION,
            ..Settings::default()
        };
        assert!(only_old_versions(&s));
        s.min_version = SSL3_VERSION;
        s.max_version = SSL3_VERSION;
        assert!(!only_old_versions(&s));
        s.min_version = TLS1_3_VERSION;
        s.max_version = TLS1_2_VERSION;
        assert!(!only_old_versions(&s));
    }

    #[test]
    fn client_needs_suites_for_its_newest_version() {
        let mut s = Settings::default();
        assert_eq!(client_refusal(&s), None);
        s.tls13_ciphers.clear();
        assert_eq!(client_refusal(&s), Some(ConfigError::NoCiphers));
        s.max_version = TLS1_2_VERSION;
        assert_eq!(client_refusal(&s), None);
        s.groups.clear();
        assert_eq!(client_refusal(&s), Some(ConfigError::NoGroups));
    }
}
