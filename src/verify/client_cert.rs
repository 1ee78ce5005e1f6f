//! Our certificate as a client: one of the configured ones that the
//! server's signature algorithms allow (chosen by the context, `ChooseOwn`),
//! else what the application's client certificate callback supplies when
//! a server asks. Either way the CA names the server sent are recorded
//! for `SSL_get_client_CA_list`.

use super::RootStore;
use super::session;
use crate::abi::{ERR_LIB_X509, SSL_R_BAD_DATA_RETURNED_BY_CALLBACK, X509_R_KEY_VALUES_MISMATCH};
use crate::callbacks::ClientCertAnswer;
use crate::x509::{NameList, X509Name};
use pki_types::CertificateDer;
use rustls::SignatureScheme;
use rustls::client::ResolvesClientCert;
use rustls::sign::CertifiedKey;
use std::sync::Arc;

/// OpenSSL's automatic chain for a certificate configured without one:
/// its issuers from the trust store, as far as they reach (x509 chain
/// building, errors ignored), leaf first.
pub fn auto_chain(roots: &RootStore, leaf: &CertificateDer<'_>) -> Vec<CertificateDer<'static>> {
    build_path(roots, leaf, &[]).certs
}

/// The chain `X509_verify_cert` builds for `leaf` from `roots` and the
/// `untrusted` certificates, leaf first, as far as it reaches.
pub fn build_path(
    roots: &RootStore,
    leaf: &CertificateDer<'_>,
    untrusted: &[CertificateDer<'_>],
) -> super::Path {
    super::path::build(roots, leaf, untrusted, false)
}

/// The configured certificates of a client: the one to answer a
/// CertificateRequest offering `schemes` with, if any.
pub trait ChooseOwn: std::fmt::Debug + Send + Sync {
    fn choose(&self, schemes: &[SignatureScheme]) -> Option<Arc<CertifiedKey>>;
}

/// Our configured certificates and the anchors for automatic chains.
type Parts = (Option<Arc<dyn ChooseOwn>>, Arc<RootStore>);

#[derive(Debug)]
pub struct ClientCertResolver {
    /// Our certificates and the trust store their automatic chains come
    /// from; replaced in place when the store changes (`refresh`), since
    /// rustls resumes a session only with the resolver it was made with.
    parts: std::sync::RwLock<Parts>,
}

impl ClientCertResolver {
    pub fn new(own: Option<Arc<dyn ChooseOwn>>, roots: Arc<RootStore>) -> Self {
        ClientCertResolver {
            parts: std::sync::RwLock::new((own, roots)),
        }
    }

    /// The same certificates with automatic chains from a changed store.
    pub fn refresh(&self, own: Option<Arc<dyn ChooseOwn>>, roots: Arc<RootStore>) {
        *self.parts.write().unwrap_or_else(|e| e.into_inner()) = (own, roots);
    }

    fn own(&self) -> Option<Arc<dyn ChooseOwn>> {
        self.parts
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .0
            .clone()
    }

    fn roots(&self) -> Arc<RootStore> {
        self.parts
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .1
            .clone()
    }

    /// Asks the callback; a certificate whose key does not match is not
    /// used (OpenSSL's `SSL_use_PrivateKey` drops the mismatched pair,
    /// leaving `X509_check_private_key`'s error on the queue).
    fn ask_callback(&self) -> Option<Arc<CertifiedKey>> {
        let s = session::current()?;
        let (cb, ssl) = session::with(&s, |s| (s.client_cert_cb.clone(), s.ssl));
        match cb?.call(ssl) {
            ClientCertAnswer::Cert(x509, key) => {
                let leaf = CertificateDer::from(x509.der().to_vec());
                // A public key (X509_get_pubkey) cannot sign: a mismatch.
                let Some(private) = key.key().filter(|k| k.matches_cert(&leaf)) else {
                    crate::err::raise(
                        ERR_LIB_X509,
                        X509_R_KEY_VALUES_MISMATCH,
                        "X509_check_private_key",
                        file!(),
                        line!(),
                    );
                    return None;
                };
                let chain = auto_chain(&self.roots(), &leaf);
                Some(Arc::new(CertifiedKey::new(chain, private.signer.clone())))
            }
            ClientCertAnswer::BadData => {
                crate::ssl_err!(
                    SSL_R_BAD_DATA_RETURNED_BY_CALLBACK,
                    "tls_prepare_client_certificate"
                );
                None
            }
            ClientCertAnswer::NoCert => None,
            ClientCertAnswer::Retry => {
                log::info!("client certificate callback asked to be retried: continuing without");
                None
            }
        }
    }
}

impl ResolvesClientCert for ClientCertResolver {
    fn resolve(&self, hints: &[&[u8]], schemes: &[SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        if let Some(s) = session::current() {
            let names = hints
                .iter()
                .filter_map(|h| X509Name::from_der(h).map(Arc::new))
                .collect();
            let codes = schemes.iter().map(|c| u16::from(*c)).collect();
            session::with(&s, |s| {
                s.peer.ca_names = Some(NameList::of(names));
                s.peer.request_sigalgs = Some(codes);
            });
        }
        // As OpenSSL, the callback is asked when none of ours will do.
        self.own()
            .and_then(|own| own.choose(schemes))
            .or_else(|| self.ask_callback())
    }

    /// rustls keeps the transcript for client authentication only when
    /// this says so; a callback may supply a certificate at any time.
    fn has_certs(&self) -> bool {
        true
    }
}
