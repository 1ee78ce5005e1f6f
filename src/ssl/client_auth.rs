//! A TLS 1.2 server that requires a client certificate and gets none:
//! OpenSSL refuses the empty Certificate at once with a handshake_failure
//! alert, while rustls would send certificate_required (a TLS 1.3 alert).
//! So for TLS 1.2 the verifier lets rustls accept the empty certificate and
//! the connection refuses it here, before rustls's own Finished flight
//! leaves: the server's cipher is not active yet, so the alert goes out as
//! the plaintext record OpenSSL sends.

use super::Conn;
use crate::abi::*;
use crate::verify::session;
use rustls::ProtocolVersion;
use rustls::server::ServerConnection;

/// handshake_failure, fatal, in a plaintext TLS 1.2 alert record.
const HANDSHAKE_FAILURE_ALERT: [u8; 7] = [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28];

fn server(tls: &Option<rustls::Connection>) -> Option<&ServerConnection> {
    match tls {
        Some(rustls::Connection::Server(s)) => Some(s),
        _ => None,
    }
}

impl Conn {
    /// Tells the verifier which version the handshake runs: a server
    /// knows from the ClientHello it is about to answer, before rustls
    /// decides whether to send a CertificateRequest (`offer_client_auth`).
    pub(super) fn publish_version(&mut self) {
        let v = self.version_in_progress();
        session::with(&self.verify, |s| {
            s.tls12 = v == Some(ProtocolVersion::TLSv1_2);
            s.tls13 = v == Some(ProtocolVersion::TLSv1_3);
        });
    }

    /// After a handshake step: true (and the alert sent, the rustls
    /// connection dropped with its unsent flight) when a TLS 1.2 client
    /// answered a mandatory certificate request with no certificate.
    pub(super) fn refuse_missing_client_cert(&mut self) -> bool {
        let Some(s) = server(&self.tls) else {
            return false;
        };
        let required = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
        if s.is_handshaking()
            || s.protocol_version() != Some(ProtocolVersion::TLSv1_2)
            || s.handshake_kind() == Some(rustls::HandshakeKind::Resumed)
            || s.peer_certificates().is_some()
            || self.verify_mode() & required != required
        {
            return false;
        }
        if let Some(w) = self.wbio.as_ref()
            && w.write(&HANDSHAKE_FAILURE_ALERT) == HANDSHAKE_FAILURE_ALERT.len() as isize
        {
            // A BIO that sends on flush only (mod_ssl's) sends it now.
            let _ = w.flush();
            self.moved_outside_rustls(&HANDSHAKE_FAILURE_ALERT, true);
        }
        self.tls = None;
        true
    }
}
