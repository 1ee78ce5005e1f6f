//! The rustls verifier objects: one set per rustls config (so per
//! `SSL_CTX` change), reading per-connection parameters from the handshake's
//! `VerifySession`.

use super::session::{self, VerifySession};
use super::{RootStore, alert_error, check_chain};
use crate::abi::{SSL_VERIFY_FAIL_IF_NO_PEER_CERT, SSL_VERIFY_PEER, X509_V_OK};
use pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::DigitallySignedStruct;
use rustls::DistinguishedName;
use rustls::SignatureScheme;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use std::sync::Arc;

#[derive(Debug)]
struct Common {
    roots: Arc<RootStore>,
    algs: WebPkiSupportedAlgorithms,
}

impl Common {
    fn new(roots: Arc<RootStore>) -> Self {
        let algs = rustls::crypto::aws_lc_rs::default_provider().signature_verification_algorithms;
        Common { roots, algs }
    }

    /// Checks the chain, records the result in the connection's session and
    /// decides, by its verify mode, whether the handshake goes on.
    fn verify(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
        server_auth: bool,
    ) -> Result<(), rustls::Error> {
        let session = session::current();
        let params = session
            .as_ref()
            .and_then(|s| s.lock().ok().map(|s| s.params.clone()))
            // No published session means a handshake we did not drive; be strict.
            .unwrap_or_else(|| super::VerifyParams {
                mode: SSL_VERIFY_PEER,
                ..Default::default()
            });
        let result = check_chain(
            &self.roots,
            &self.algs,
            end_entity,
            intermediates,
            now,
            server_auth,
            &params,
        );
        if let Some(s) = &session
            && let Ok(mut s) = s.lock()
        {
            record(&mut s, result);
        }
        if result != i64::from(X509_V_OK) && params.peer_required() {
            log::debug!("peer certificate rejected: X509_V_ERR {result}");
            return Err(alert_error(result));
        }
        Ok(())
    }

    fn tls12(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(m, c, d, &self.algs)
    }

    fn tls13(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(m, c, d, &self.algs)
    }
}

fn record(s: &mut VerifySession, result: i64) {
    s.result = result;
}

/// Verifies servers for our clients.
#[derive(Debug)]
pub struct ServerVerifier(Common);

impl ServerVerifier {
    pub fn new(roots: Arc<RootStore>) -> Self {
        ServerVerifier(Common::new(roots))
    }
}

impl ServerCertVerifier for ServerVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>, // SNI is not what OpenSSL checks: SSL_set1_host is
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if !ocsp.is_empty()
            && let Some(s) = session::current()
            && let Ok(mut s) = s.lock()
        {
            s.stapled_ocsp = Some(ocsp.to_vec());
        }
        self.0.verify(end_entity, intermediates, now, true)?;
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.tls12(m, c, d)
    }

    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.tls13(m, c, d)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.algs.supported_schemes()
    }
}

/// Verifies client certificates for our servers. Whether one is requested
/// at all follows the connection's verify mode, as in OpenSSL.
#[derive(Debug)]
pub struct ClientVerifier {
    common: Common,
    hints: Vec<DistinguishedName>,
}

impl ClientVerifier {
    pub fn new(roots: Arc<RootStore>) -> Self {
        ClientVerifier {
            common: Common::new(roots),
            hints: Vec::new(),
        }
    }

    fn mode() -> i32 {
        session::current()
            .and_then(|s| s.lock().ok().map(|s| s.params.mode))
            .unwrap_or(0)
    }
}

impl ClientCertVerifier for ClientVerifier {
    fn offer_client_auth(&self) -> bool {
        Self::mode() & SSL_VERIFY_PEER != 0
    }

    fn client_auth_mandatory(&self) -> bool {
        let m = Self::mode();
        m & SSL_VERIFY_PEER != 0 && m & SSL_VERIFY_FAIL_IF_NO_PEER_CERT != 0
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &self.hints
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        self.common.verify(end_entity, intermediates, now, false)?;
        Ok(ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.common.tls12(m, c, d)
    }

    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.common.tls13(m, c, d)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.common.algs.supported_schemes()
    }
}
