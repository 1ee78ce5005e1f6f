//! The verifier and certificate resolver every client config holds.
//!
//! rustls resumes a session only under the very verifier and client
//! certificate resolver objects that made it (`compatible_config`): a
//! session from another `SSL_CTX`, or from this one before its trust
//! store or certificate changed, would never resume. OpenSSL resumes
//! whatever session the program sets (Ruby's `Net::HTTP` sets its saved
//! session on a new context for each connection). So the configs hold
//! objects shared by every context: one verifier per signature algorithm
//! list (the list decides what a ClientHello advertises, before any
//! connection state is published) and one resolver. They hand each call to
//! the handshake's own, its context's as of the handshake's start, which
//! the connection publishes in its `VerifySession` (`client_verifier`,
//! `client_resolver`).

use super::sigalgs::{Allowed, advertised};
use crate::verify::session;
use pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::client::ResolvesClientCert;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::sign::CertifiedKey;
use rustls::{DigitallySignedStruct, Error, SignatureScheme};
use std::sync::{Arc, Mutex, OnceLock};

/// The shared verifier for signature algorithm list `allowed`.
pub fn verifier(allowed: &Allowed) -> Arc<dyn ServerCertVerifier> {
    static ALL: Mutex<Vec<Arc<FrontVerifier>>> = Mutex::new(Vec::new());
    let mut all = ALL.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(v) = all.iter().find(|v| v.allowed == *allowed) {
        return v.clone();
    }
    let base = crate::crypto::base()
        .signature_verification_algorithms
        .supported_schemes();
    let v = Arc::new(FrontVerifier {
        allowed: allowed.clone(),
        schemes: advertised(base, allowed),
    });
    all.push(v.clone());
    v
}

/// The shared client certificate resolver.
pub fn resolver() -> Arc<dyn ResolvesClientCert> {
    static ONE: OnceLock<Arc<FrontResolver>> = OnceLock::new();
    ONE.get_or_init(|| Arc::new(FrontResolver)).clone()
}

/// The handshake's own verifier; a handshake we did not start has none.
fn published_verifier() -> Result<Arc<dyn ServerCertVerifier>, Error> {
    session::current()
        .and_then(|s| session::with(&s, |v| v.client_verifier.clone()))
        .ok_or_else(|| Error::General("no verifier published for this handshake".into()))
}

#[derive(Debug)]
struct FrontVerifier {
    allowed: Allowed,
    /// What a ClientHello advertises under `allowed`.
    schemes: Vec<SignatureScheme>,
}

impl ServerCertVerifier for FrontVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        published_verifier()?.verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
    }

    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        published_verifier()?.verify_tls12_signature(m, c, d)
    }

    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        published_verifier()?.verify_tls13_signature(m, c, d)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.schemes.clone()
    }
}

#[derive(Debug)]
struct FrontResolver;

impl ResolvesClientCert for FrontResolver {
    fn resolve(&self, hints: &[&[u8]], schemes: &[SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        let own = session::current().and_then(|s| session::with(&s, |v| v.client_resolver.clone()));
        own?.resolve(hints, schemes)
    }

    /// rustls keeps the transcript for client authentication only when
    /// this says so; a callback may supply a certificate at any time.
    fn has_certs(&self) -> bool {
        true
    }
}
