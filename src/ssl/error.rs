//! OpenSSL's error rules for a connection: which `SSL_R_*` reason a rustls
//! failure becomes, and `SSL_get_error`'s decision table.

use super::Conn;
use crate::abi::*;
use rustls::{Error, InvalidMessage, PeerIncompatible};

/// `SSL_want`'s state: what the last operation was waiting for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RwState {
    Nothing,
    Reading,
    Writing,
    /// The client hello callback asked to be called again.
    ClientHelloCb,
    /// The certificate callback asked to be called again.
    X509Lookup,
}

/// The reason OpenSSL reports for the same failure.
pub fn reason_for(e: &Error, is_server: bool) -> i32 {
    use PeerIncompatible as P;
    match e {
        Error::InvalidCertificate(rustls::CertificateError::InvalidOcspResponse) => {
            SSL_R_INVALID_STATUS_RESPONSE
        }
        Error::InvalidCertificate(_) => SSL_R_CERTIFICATE_VERIFY_FAILED,
        Error::Other(o) if o.0.is::<crate::verify::OcspCallbackFailure>() => {
            SSL_R_OCSP_CALLBACK_FAILURE
        }
        Error::Other(o) if o.0.is::<crate::session::SidCtxUninitialized>() => {
            SSL_R_SESSION_ID_CONTEXT_UNINITIALIZED
        }
        Error::NoCertificatesPresented => SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE,
        Error::AlertReceived(a) => SSL_AD_REASON_OFFSET + i32::from(u8::from(*a)),
        Error::DecryptError => SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC,
        Error::PeerSentOversizedRecord => SSL_R_PACKET_LENGTH_TOO_LONG,
        Error::InappropriateMessage { .. } | Error::InappropriateHandshakeMessage { .. } => {
            SSL_R_UNEXPECTED_MESSAGE
        }
        Error::InvalidMessage(m) => match m {
            // Bytes that are not a TLS record at all: OpenSSL's record layer
            // rejects them on the version field.
            InvalidMessage::InvalidContentType | InvalidMessage::UnknownProtocolVersion => {
                SSL_R_WRONG_VERSION_NUMBER
            }
            // Only the record header check says this: a record longer than
            // any ciphertext may be, which OpenSSL's record layer reports so.
            InvalidMessage::MessageTooLarge => SSL_R_PACKET_LENGTH_TOO_LONG,
            InvalidMessage::HandshakePayloadTooLarge
            | InvalidMessage::CertificatePayloadTooLarge => SSL_R_EXCESSIVE_MESSAGE_SIZE,
            InvalidMessage::InvalidCcs => SSL_R_BAD_CHANGE_CIPHER_SPEC,
            InvalidMessage::UnexpectedMessage(_) => SSL_R_UNEXPECTED_MESSAGE,
            _ => SSL_R_BAD_PACKET,
        },
        Error::PeerIncompatible(p) => match p {
            P::NoCipherSuitesInCommon => SSL_R_NO_SHARED_CIPHER,
            P::NoKxGroupsInCommon => SSL_R_NO_SUITABLE_KEY_SHARE,
            P::NoSignatureSchemesInCommon | P::NoCertificateRequestSignatureSchemesInCommon => {
                SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM
            }
            P::ServerDoesNotSupportTls12Or13
            | P::ServerTlsVersionIsDisabledByOurConfig
            | P::SupportedVersionsExtensionRequired
            | P::Tls12NotOffered
            | P::Tls12NotOfferedOrEnabled => SSL_R_UNSUPPORTED_PROTOCOL,
            _ => SSL_R_BAD_EXTENSION,
        },
        Error::PeerMisbehaved(_) => SSL_R_BAD_HANDSHAKE_STATE,
        Error::NoApplicationProtocol => SSL_R_NO_APPLICATION_PROTOCOL,
        // rustls's "no server certificate chain resolved": a server with no
        // certificate, which OpenSSL reports as no usable cipher.
        Error::General(_) if is_server => SSL_R_NO_SHARED_CIPHER,
        _ => ERR_R_INTERNAL_ERROR,
    }
}

impl Conn {
    /// `SSL_get_error(ssl, ret)`, in OpenSSL 3.0's order.
    pub fn get_error(&self, ret: i32) -> i32 {
        if let Some(e) = result_or_queued(ret) {
            return e;
        }
        let flags = |bio: &Option<crate::bio::BioRef>| {
            bio.as_ref()
                .map_or((false, false), |b| (b.should_read(), b.should_write()))
        };
        match self.rwstate {
            RwState::Reading => match flags(&self.rbio) {
                (true, _) => return SSL_ERROR_WANT_READ,
                (_, true) => return SSL_ERROR_WANT_WRITE,
                _ => {}
            },
            RwState::Writing => match flags(&self.wbio) {
                (_, true) => return SSL_ERROR_WANT_WRITE,
                (true, _) => return SSL_ERROR_WANT_READ,
                _ => {}
            },
            RwState::ClientHelloCb => return SSL_ERROR_WANT_CLIENT_HELLO_CB,
            RwState::X509Lookup => return SSL_ERROR_WANT_X509_LOOKUP,
            RwState::Nothing => {}
        }
        closed_or_syscall(self.shutdown)
    }

    /// Records a fatal protocol failure: the reason on the ERR queue, and
    /// the alert rustls queued sent if the transport takes it now.
    pub(super) fn fail(&mut self, e: &Error, func: &'static str) -> i32 {
        log::debug!("{func}: {e}");
        self.note_failure_state(e);
        self.fatal = true;
        // OpenSSL's server takes nothing but a ClientHello first: an alert
        // there is an unexpected message, answered with an alert.
        let alert_first = self.is_server
            && self.intro_before_client_hello()
            && matches!(e, Error::AlertReceived(_));
        if matches!(e, Error::AlertReceived(_)) && !alert_first {
            // OpenSSL marks the connection closed by the peer.
            self.shutdown |= SSL_RECEIVED_SHUTDOWN;
        }
        let reason = match reason_for(e, self.is_server) {
            SSL_R_WRONG_VERSION_NUMBER => plain_http(&self.first_bytes).unwrap_or_else(|| {
                // The failing record's header: the last one read.
                let header = self.frame.last_header();
                record_type(e, header.map_or(&self.first_bytes[..], |h| &h[..]))
            }),
            // TLS 1.2 has no key share to fail on: without a common group
            // no ECDHE suite is usable, which OpenSSL reports as such.
            SSL_R_NO_SUITABLE_KEY_SHARE
                if self.version_in_progress() == Some(rustls::ProtocolVersion::TLSv1_2) =>
            {
                SSL_R_NO_SHARED_CIPHER
            }
            // A server meeting an SSLv3 ClientHello: OpenSSL says the
            // version is too low (a TLS 1.0/1.1 one is unsupported).
            SSL_R_UNSUPPORTED_PROTOCOL
                if self.is_server && (0x0300..0x0301).contains(&self.client_version()) =>
            {
                SSL_R_VERSION_TOO_LOW
            }
            // A server with no certificate: OpenSSL's TLS 1.3 finds no
            // signature algorithm for the key it lacks, its TLS 1.2 no
            // cipher (every suite needs a certificate); it negotiates TLS
            // 1.3 only when a callback could have set a certificate.
            SSL_R_NO_SHARED_CIPHER
                if self.no_certificate(e)
                    && self.intro.certificate_callbacks
                    && self.version_in_progress() == Some(rustls::ProtocolVersion::TLSv1_3) =>
            {
                SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM
            }
            _ if alert_first => SSL_R_UNEXPECTED_MESSAGE,
            r => r,
        };
        let old_hello = (!alert_first).then(|| self.old_hello_refusal()).flatten();
        let reason = old_hello.map_or(reason, |(r, ..)| r);
        if alert_first {
            self.send_refusal(TLS1_2_VERSION as u16, SSL_AD_UNEXPECTED_MESSAGE as u8);
        } else if let Some((_, alert, version)) = old_hello {
            // Our alert instead of rustls's.
            self.tls = None;
            self.send_refusal(version, alert);
        } else if self.no_certificate(e) {
            // OpenSSL's handshake_failure instead of rustls's access_denied.
            self.tls = None;
            self.send_refusal(TLS1_2_VERSION as u16, SSL_AD_HANDSHAKE_FAILURE as u8);
        } else {
            self.info_failure(e);
        }
        // A fatal alert, sent or received, takes the session out of the
        // cache (OpenSSL's ssl3_send_alert and record layer).
        self.remove_session();
        if self.offer_declined() {
            // OpenSSL counts the miss at the ServerHello; a handshake that
            // finishes counts it in `ConnSessions::finish`.
            self.sessions.count_declined_offer();
        }
        crate::err::raise(ERR_LIB_SSL, reason, func, file!(), line!());
        if self.first_record_not_tls() {
            // rustls's alert goes unsent.
            self.tls = None;
        }
        let _ = self.flush();
        self.rwstate = RwState::Nothing;
        -1
    }

    /// rustls's server found no certificate to offer (none set, also
    /// after the ClientHello callbacks).
    pub(super) fn no_certificate(&self, e: &Error) -> bool {
        self.is_server
            && matches!(e, Error::General(m) if m == "no server certificate chain resolved")
    }

    /// The peer's first record is not TLS (its version's major byte is not
    /// 3): OpenSSL answers it with no alert (SSL_AD_NO_ALERT).
    pub(super) fn first_record_not_tls(&self) -> bool {
        self.first_bytes.get(1).is_some_and(|v| *v != 3)
    }

    /// A server's refusal of a ClientHello offering only TLS 1.0 or 1.1,
    /// as OpenSSL's: within its version range it negotiates the version
    /// and then finds no signature algorithm its security level allows
    /// (internal_error); below its minimum, an unsupported protocol
    /// (protocol_version); either alert in a record of that version.
    /// rustls refuses such a hello for what it lacks (a TLS 1.1 client
    /// sends no signature_algorithms: "bad extension").
    pub(super) fn old_hello_refusal(&self) -> Option<(i32, u8, u16)> {
        let offered = self
            .intro
            .hello
            .client_versions
            .filter(|_| self.is_server)?;
        // Bit n is 0x0300 + n: TLS 1.0 and 1.1 only.
        if offered & !0b110 != 0 || offered == 0 {
            return None;
        }
        let newest = 0x0300 + (7 - offered.leading_zeros()) as u16;
        let min = self.settings().min_version;
        Some(if min == 0 || min <= i32::from(newest) {
            (
                SSL_R_NO_SUITABLE_SIGNATURE_ALGORITHM,
                SSL_AD_INTERNAL_ERROR as u8,
                newest,
            )
        } else {
            (
                SSL_R_UNSUPPORTED_PROTOCOL,
                SSL_AD_PROTOCOL_VERSION as u8,
                newest,
            )
        })
    }
}

/// rustls rejects an unknown record type before it looks at the version.
/// OpenSSL checks a record's major version first (bytes that are not TLS
/// at all: wrong version number, the first record or a later one, such as
/// a plaintext PostgreSQL packet after the handshake) and reports an
/// unknown type in a record that looks like TLS (version 3.x) as an
/// unexpected message. `header` is the failing record's.
fn record_type(e: &Error, header: &[u8]) -> i32 {
    let tls_looking = header.get(1) == Some(&3);
    if tls_looking && matches!(e, Error::InvalidMessage(InvalidMessage::InvalidContentType)) {
        SSL_R_UNEXPECTED_MESSAGE
    } else {
        SSL_R_WRONG_VERSION_NUMBER
    }
}

/// OpenSSL's record layer recognises an HTTP request or proxy CONNECT in
/// place of the first TLS record and says so.
fn plain_http(first: &[u8]) -> Option<i32> {
    let is = |p: &[u8]| first.starts_with(p);
    if is(b"GET ") || is(b"POST ") || is(b"HEAD ") || is(b"PUT ") {
        Some(SSL_R_HTTP_REQUEST)
    } else if is(b"CONNE") {
        Some(SSL_R_HTTPS_PROXY_REQUEST)
    } else {
        None
    }
}

/// `SSL_get_error` inside one of the connection's callbacks: OpenSSL is
/// neither reading nor writing there (SSL_NOTHING), so only `ret`, the
/// error queue and the shutdown flags (`shutdown`) decide.
pub fn get_error_in_callback(ret: i32, shutdown: i32) -> i32 {
    result_or_queued(ret).unwrap_or_else(|| closed_or_syscall(shutdown))
}

/// A success, or the error the queue's first entry means.
fn result_or_queued(ret: i32) -> Option<i32> {
    if ret > 0 {
        return Some(SSL_ERROR_NONE);
    }
    let e = crate::err::peek_error();
    (e != 0).then(|| {
        if crate::err::lib_of(e) == ERR_LIB_SYS {
            SSL_ERROR_SYSCALL
        } else {
            SSL_ERROR_SSL
        }
    })
}

/// OpenSSL's warn_alert is close_notify (0) unless a warning alert arrived,
/// and rustls treats every warning but close_notify as fatal.
fn closed_or_syscall(shutdown: i32) -> i32 {
    if shutdown & SSL_RECEIVED_SHUTDOWN != 0 {
        SSL_ERROR_ZERO_RETURN
    } else {
        SSL_ERROR_SYSCALL
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content_type_error() -> Error {
        Error::InvalidMessage(InvalidMessage::InvalidContentType)
    }

    #[test]
    fn unknown_record_type_in_a_tls_looking_record_is_an_unexpected_message() {
        // type 99, version 3.1: OpenSSL's version check passes
        assert_eq!(
            record_type(&content_type_error(), &[99, 3, 1, 0, 5]),
            SSL_R_UNEXPECTED_MESSAGE
        );
        // type 0, version 3.3 (a later record)
        assert_eq!(
            record_type(&content_type_error(), &[0, 3, 3, 0, 40]),
            SSL_R_UNEXPECTED_MESSAGE
        );
    }

    #[test]
    fn a_later_record_that_is_not_tls_is_a_wrong_version_number() {
        // a PostgreSQL startup packet after the handshake: length 8, code 1234
        assert_eq!(
            record_type(&content_type_error(), &[0, 0, 0, 8, 4]),
            SSL_R_WRONG_VERSION_NUMBER
        );
    }

    #[test]
    fn bytes_that_are_not_tls_keep_wrong_version_number() {
        assert_eq!(
            record_type(&content_type_error(), b"SSH-2.0-"),
            SSL_R_WRONG_VERSION_NUMBER
        );
        assert_eq!(
            record_type(&content_type_error(), b""),
            SSL_R_WRONG_VERSION_NUMBER
        );
        let version = Error::InvalidMessage(InvalidMessage::UnknownProtocolVersion);
        assert_eq!(
            record_type(&version, &[22, 4, 0]),
            SSL_R_WRONG_VERSION_NUMBER
        );
    }

    #[test]
    fn record_longer_than_any_ciphertext_is_packet_length_too_long() {
        let too_large = Error::InvalidMessage(InvalidMessage::MessageTooLarge);
        assert_eq!(reason_for(&too_large, true), SSL_R_PACKET_LENGTH_TOO_LONG);
        let hs = Error::InvalidMessage(InvalidMessage::HandshakePayloadTooLarge);
        assert_eq!(reason_for(&hs, false), SSL_R_EXCESSIVE_MESSAGE_SIZE);
    }
}
