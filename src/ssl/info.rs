//! Info-callback events beyond handshake start/done/exit: `SSL_CB_LOOP` at
//! each change of the (coarse) handshake state, and `SSL_CB_READ_ALERT` /
//! `SSL_CB_WRITE_ALERT` with OpenSSL's value `(level << 8) | description`
//! for every alert sent or received.

use super::state::{HsState, st};
use super::{Conn, Event};
use crate::abi::*;
use rustls::{AlertDescription, Error, PeerIncompatible, PeerMisbehaved};

const WARNING: i32 = 1;
const FATAL: i32 = 2;

impl Conn {
    /// `SSL_CB_LOOP`: OpenSSL reports each state it passes; we report each
    /// coarse state once, when first seen in a handshake.
    pub(super) fn info_loop(&mut self) {
        let now = self.hs_state();
        if self.intro.last_loop == Some(now.state) {
            return;
        }
        self.intro.last_loop = Some(now.state);
        self.info(self.side() | SSL_CB_LOOP, 1);
    }

    /// `SSL_ST_CONNECT` or `SSL_ST_ACCEPT`.
    pub(super) fn side(&self) -> i32 {
        if self.is_server {
            SSL_ST_ACCEPT
        } else {
            SSL_ST_CONNECT
        }
    }

    /// Our close_notify went out (`SSL_shutdown`).
    pub(super) fn info_close_sent(&mut self) {
        self.info(SSL_CB_WRITE_ALERT, WARNING << 8);
    }

    /// The peer's close_notify arrived.
    pub(super) fn info_close_received(&mut self) {
        self.info(SSL_CB_READ_ALERT, WARNING << 8);
    }

    /// Queues an info event seen in `state` rather than the current one.
    fn info_at(&mut self, where_: i32, ret: i32, state: HsState) {
        if self.has_info_callback() {
            self.events.push(Event::Info { where_, ret, state });
        }
    }

    /// `SSL_CB_HANDSHAKE_DONE`. A TLS 1.3 server raises it in OpenSSL
    /// while about to write its session tickets.
    pub(super) fn info_done(&mut self) {
        let tls13 = self.tls.as_ref().and_then(|t| t.protocol_version())
            == Some(rustls::ProtocolVersion::TLSv1_3);
        let mut state = self.hs_state();
        if self.is_server && tls13 {
            state.state = st::SW_SESSION_TICKET;
        }
        self.info_at(SSL_CB_HANDSHAKE_DONE, 1, state);
    }

    /// A fatal failure: the alert received (seen, as in OpenSSL, before the
    /// connection counts as failed), or the one rustls sent for it.
    pub(super) fn info_failure(&mut self, e: &Error) {
        match e {
            Error::AlertReceived(a) => {
                let state = HsState {
                    error: false,
                    ..self.hs_state()
                };
                let value = (FATAL << 8) | i32::from(u8::from(*a));
                self.info_at(SSL_CB_READ_ALERT, value, state)
            }
            _ => {
                if let Some(a) = alert_sent_for(e, self.is_server) {
                    self.info(SSL_CB_WRITE_ALERT, (FATAL << 8) | i32::from(u8::from(a)));
                }
            }
        }
    }
}

/// The alert rustls sends when a step fails with `e` (its own choice, from
/// the places it raises each error).
pub fn alert_sent_for(e: &Error, is_server: bool) -> Option<AlertDescription> {
    use AlertDescription as A;
    Some(match e {
        Error::AlertReceived(_) => return None,
        Error::InvalidCertificate(c) => A::from(c.clone()),
        Error::InvalidMessage(m) => A::from(*m),
        Error::DecryptError => A::BadRecordMac,
        Error::PeerSentOversizedRecord => A::RecordOverflow,
        Error::InappropriateMessage { .. } | Error::InappropriateHandshakeMessage { .. } => {
            A::UnexpectedMessage
        }
        Error::NoCertificatesPresented => A::CertificateRequired,
        Error::NoApplicationProtocol => A::NoApplicationProtocol,
        Error::PeerIncompatible(p) => match p {
            PeerIncompatible::Tls12NotOffered
            | PeerIncompatible::Tls12NotOfferedOrEnabled
            | PeerIncompatible::SupportedVersionsExtensionRequired
            | PeerIncompatible::ServerDoesNotSupportTls12Or13
            | PeerIncompatible::ServerTlsVersionIsDisabledByOurConfig => A::ProtocolVersion,
            PeerIncompatible::NullCompressionRequired
            | PeerIncompatible::UncompressedEcPointsRequired => A::IllegalParameter,
            _ => A::HandshakeFailure,
        },
        Error::PeerMisbehaved(m) => match m {
            PeerMisbehaved::IllegalMiddleboxChangeCipherSpec
            | PeerMisbehaved::TooMuchEarlyDataReceived
            | PeerMisbehaved::KeyEpochWithPendingFragment => A::UnexpectedMessage,
            PeerMisbehaved::MissingKeyShare | PeerMisbehaved::MissingPskModesExtension => {
                A::MissingExtension
            }
            PeerMisbehaved::UnsolicitedServerHelloExtension
            | PeerMisbehaved::UnsolicitedEncryptedExtension
            | PeerMisbehaved::DisallowedEncryptedExtension
            | PeerMisbehaved::UnexpectedCleartextExtension => A::UnsupportedExtension,
            PeerMisbehaved::IncorrectBinder => A::DecryptError,
            PeerMisbehaved::SelectedUnofferedCipherSuite => A::HandshakeFailure,
            _ => A::IllegalParameter,
        },
        // A server with no certificate to offer.
        Error::General(_) if is_server => A::AccessDenied,
        _ => A::InternalError,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alerts_for_common_failures() {
        let unknown_ca = Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        assert_eq!(
            alert_sent_for(&unknown_ca, false),
            Some(AlertDescription::UnknownCA)
        );
        let no_suite = Error::PeerIncompatible(PeerIncompatible::NoCipherSuitesInCommon);
        assert_eq!(
            alert_sent_for(&no_suite, true),
            Some(AlertDescription::HandshakeFailure)
        );
        let got = Error::AlertReceived(AlertDescription::HandshakeFailure);
        assert_eq!(alert_sent_for(&got, false), None);
    }
}
