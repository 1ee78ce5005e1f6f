//! The rustls verifier objects: one set per rustls config (so per
//! `SSL_CTX` change), reading per-connection parameters from the handshake's
//! `VerifySession`.

use super::callback::{self, Findings};
use super::session::{self, VerifySession};
use super::{ChainCheck, RootSource, RootStore, X509StoreCtx, alert_error, check_chain, path};
use crate::abi::{
    ERR_LIB_ASN1, ERR_R_EVP_LIB, SSL_VERIFY_FAIL_IF_NO_PEER_CERT, SSL_VERIFY_PEER,
    X509_V_ERR_CERT_SIGNATURE_FAILURE, X509_V_ERR_CRL_SIGNATURE_FAILURE, X509_V_ERR_UNSPECIFIED,
    X509_V_OK,
};
use crate::stack::OpensslStack;
use crate::x509::X509;
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
    source: Arc<dyn RootSource>,
    algs: WebPkiSupportedAlgorithms,
}

impl Common {
    fn new(roots: Arc<RootStore>, source: Arc<dyn RootSource>) -> Self {
        let algs = crate::crypto::base().signature_verification_algorithms;
        Common {
            roots,
            source,
            algs,
        }
    }

    /// Checks the chain, runs the application's verify callback (if any)
    /// along it, records the outcome and the chains in the connection's
    /// session and decides, by its verify mode, whether the handshake goes on.
    fn verify(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
        server_auth: bool,
    ) -> Result<(), rustls::Error> {
        let session = session::current();
        let (params, cb, app, ssl) = match &session {
            Some(s) => session::with(s, |s| {
                let cbs = (s.verify_cb.clone(), s.cert_verify_cb.clone());
                (s.params.clone(), cbs.0, cbs.1, s.ssl)
            }),
            // No published session means a handshake we did not drive; be strict.
            None => (
                super::VerifyParams {
                    mode: SSL_VERIFY_PEER,
                    ..Default::default()
                },
                None,
                None,
                0,
            ),
        };
        if let Some(depth) = super::revocation::wanted(&params) {
            // A CRL reachable only through the store's hashed directory
            // (PostgreSQL's ssl_crl_dir, libpq's sslcrldir:
            // X509_STORE_load_locations) joins the store when asked for
            // by its issuer's name, as OpenSSL's verification asks: before
            // the check here, or no certificate would have its CRL.
            let presented: Vec<CertificateDer<'_>> = std::iter::once(end_entity)
                .chain(intermediates)
                .cloned()
                .collect();
            let crls_for = match depth {
                webpki::RevocationCheckDepth::EndEntity => 1,
                _ => presented.len(),
            };
            self.source.looked_up(&presented, crls_for);
        }
        let roots = self.source.current(&self.roots);
        let input = ChainCheck {
            roots: &roots,
            algs: &self.algs,
            end_entity,
            intermediates,
            now,
            server_auth,
            params: &params,
        };
        let webpki = check_chain(&input);
        let webpki = i32::try_from(webpki).unwrap_or(X509_V_ERR_UNSPECIFIED);
        let path = path::build(&roots, end_entity, intermediates, params.partial_chain());
        let first = callback::first_error(&path, webpki);
        self.source.looked_up(
            &path.certs,
            super::revocation::crls_looked_up(&params, &path, first),
        );
        let presented: Vec<Arc<X509>> = std::iter::once(end_entity)
            .chain(intermediates)
            .filter_map(|c| X509::from_der(c.to_vec()))
            .collect();
        // One object per certificate: the verified chain shares the peer's.
        let chain: Vec<Arc<X509>> = path
            .certs
            .iter()
            .filter_map(|c| {
                presented
                    .iter()
                    .find(|p| p.der() == c.as_ref())
                    .cloned()
                    .or_else(|| roots.object(c.as_ref()))
                    .or_else(|| X509::from_der(c.to_vec()))
            })
            .collect();
        let (result, ok) = if cb.is_none() && app.is_none() {
            (i64::from(first), first == X509_V_OK)
        } else {
            let revocation = super::revocation::is_revocation_error(first).then(|| {
                let depth = super::revocation_depth(&input, &path.certs, first);
                (depth, first)
            });
            let findings = Findings {
                first_error: first,
                extension_error: callback::is_extension_error(webpki).then_some(webpki),
                host_error: super::host_error(end_entity, &params),
                revocation,
                now: i64::try_from(now.as_secs()).unwrap_or(i64::MAX),
            };
            let steps = callback::plan(&path, findings);
            let store = X509StoreCtx::new(chain.clone(), ssl, steps, cb);
            // No lock is held while the application's code runs. Its
            // certificate verification callback replaces X509_verify_cert.
            let ok = match &app {
                Some(app) => app.call(Arc::as_ptr(&store) as usize),
                None => store.verify(),
            };
            (i64::from(store.error()), ok)
        };
        if let Some(s) = &session {
            session::with(s, |s| record(s, result, ok, presented, &chain));
        }
        if !ok && params.peer_required() {
            log::debug!("peer certificate rejected: X509_V_ERR {result}");
            if matches!(
                first,
                X509_V_ERR_CRL_SIGNATURE_FAILURE | X509_V_ERR_CERT_SIGNATURE_FAILURE
            ) {
                // OpenSSL's X509_verify and X509_CRL_verify leave this on the
                // queue, first, when the handshake fails; it clears the
                // queue when the handshake goes on.
                crate::err::raise(
                    ERR_LIB_ASN1,
                    ERR_R_EVP_LIB,
                    "ASN1_item_verify_ctx",
                    file!(),
                    line!(),
                );
            }
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
        if super::v1_leaf::is_old_version(c) {
            return super::v1_leaf::raw_key(c, m, d, &self.algs, false);
        }
        rustls::crypto::verify_tls12_signature(m, c, d, &self.algs)
    }

    fn tls13(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        if super::v1_leaf::is_old_version(c) {
            return super::v1_leaf::raw_key(c, m, d, &self.algs, true);
        }
        rustls::crypto::verify_tls13_signature(m, c, d, &self.algs)
    }
}

/// The outcome, and the chains OpenSSL keeps: the verified chain always;
/// the presented one on a client always, on a server only when accepted.
fn record(
    s: &mut VerifySession,
    result: i64,
    ok: bool,
    presented: Vec<Arc<X509>>,
    chain: &[Arc<X509>],
) {
    s.result = result;
    s.peer.verified = Some(OpensslStack::of(chain, |x| Arc::as_ptr(x) as usize));
    if s.is_server && !ok {
        return;
    }
    let listed = if s.is_server {
        presented.get(1..).unwrap_or_default()
    } else {
        &presented[..]
    };
    s.peer.chain_stack = Some(OpensslStack::of(listed, |x| Arc::as_ptr(x) as usize));
    s.peer.chain = presented;
}

/// A client's OCSP status callback, after the certificate passed (as
/// OpenSSL's `tls_process_initial_server_flight`): 0 rejects the response
/// (bad_certificate_status_response), a negative answer is the callback's
/// failure (`OcspCallbackFailure`).
fn status_callback() -> Result<(), rustls::Error> {
    let Some(s) = session::current() else {
        return Ok(());
    };
    let Some((cb, ssl)) = session::with(&s, |v| v.status_cb.clone().map(|cb| (cb, v.ssl))) else {
        return Ok(());
    };
    match cb.call(ssl) {
        0 => Err(rustls::CertificateError::InvalidOcspResponse.into()),
        r if r < 0 => Err(rustls::Error::Other(rustls::OtherError(Arc::new(
            OcspCallbackFailure,
        )))),
        _ => Ok(()),
    }
}

/// A client's status callback answered < 0 (OpenSSL's
/// SSL_R_OCSP_CALLBACK_FAILURE).
#[derive(Debug)]
pub struct OcspCallbackFailure;

impl std::fmt::Display for OcspCallbackFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the OCSP status callback failed")
    }
}

impl std::error::Error for OcspCallbackFailure {}

/// Verifies servers for our clients.
#[derive(Debug)]
pub struct ServerVerifier(Common);

impl ServerVerifier {
    pub fn new(roots: Arc<RootStore>, source: Arc<dyn RootSource>) -> Self {
        ServerVerifier(Common::new(roots, source))
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
        status_callback()?;
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
    /// `hints`: the CA names sent in the CertificateRequest
    /// (`SSL_CTX_set_client_CA_list`), each a DER Name.
    pub fn new(
        roots: Arc<RootStore>,
        source: Arc<dyn RootSource>,
        hints: Vec<DistinguishedName>,
    ) -> Self {
        ClientVerifier {
            common: Common::new(roots, source),
            hints,
        }
    }
}

impl ClientCertVerifier for ClientVerifier {
    /// A TLS 1.3 server set to verify only after the handshake does not
    /// ask during it, so a client without a certificate is no failure.
    fn offer_client_auth(&self) -> bool {
        session::current().is_some_and(|s| session::with(&s, |s| s.asks_in_handshake()))
    }

    /// For TLS 1.2 the connection enforces it instead, with OpenSSL's
    /// alert (see `ssl::client_auth`).
    fn client_auth_mandatory(&self) -> bool {
        let (m, tls12) = session::current()
            .map(|s| session::with(&s, |s| (s.params.mode, s.tls12)))
            .unwrap_or((0, false));
        m & SSL_VERIFY_PEER != 0 && m & SSL_VERIFY_FAIL_IF_NO_PEER_CERT != 0 && !tls12
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
