//! The chain OpenSSL's `X509_verify_cert` builds for a peer: leaf first,
//! each issuer looked up by name in the trust store first (OpenSSL 3's
//! default, X509_V_FLAG_TRUSTED_FIRST), then among the certificates the
//! peer sent, until a self-issued certificate or no issuer. Once a
//! certificate came from the store, its issuers are sought in the store
//! only, as OpenSSL does. With `X509_V_FLAG_PARTIAL_CHAIN` the first
//! certificate of the store (the leaf itself included) ends the chain and
//! is trusted; without it only a self-issued one is. The verify callback's
//! depths and `SSL_get0_verified_chain` follow this chain; whether it is
//! valid is rustls-webpki's decision (`check_chain`), with the trust
//! verdict added from here (`callback::first_error`).

use super::RootStore;
use pki_types::CertificateDer;

/// OpenSSL stops extending a chain past its maximum depth too.
const MAX_LEN: usize = 102;

#[derive(Debug)]
pub struct Path {
    /// Leaf first.
    pub certs: Vec<CertificateDer<'static>>,
    /// The chain ends at a trust anchor: a self-issued certificate from
    /// the trust store, or with PARTIAL_CHAIN any certificate of it.
    pub trusted: bool,
    /// The top certificate was taken from the trust store (the leaf never
    /// is): OpenSSL's "unable to get issuer certificate" (2) instead of
    /// "... local issuer certificate" (20) when the chain ends there.
    pub top_from_store: bool,
}

fn names(der: &[u8]) -> Option<(&[u8], &[u8])> {
    crate::x509::issuer_and_subject(der)
}

use crate::x509::self_issued_der as self_issued;

pub fn build(
    roots: &RootStore,
    end_entity: &CertificateDer<'_>,
    intermediates: &[CertificateDer<'_>],
    partial_chain: bool,
) -> Path {
    let in_store = |c: &CertificateDer<'_>| roots.certs().iter().any(|r| r.as_ref() == c.as_ref());
    let mut certs = vec![end_entity.clone().into_owned()];
    let mut top_from_store = false;
    let mut anchored = partial_chain && in_store(end_entity);
    while let Some(cur) = certs.last() {
        if anchored || self_issued(cur) || certs.len() >= MAX_LEN {
            break;
        }
        let Some((issuer, _)) = names(cur) else { break };
        let issued_by = |c: &&CertificateDer<'_>| names(c).is_some_and(|(_, s)| s == issuer);
        let from_store = roots.certs().iter().find(issued_by);
        let next = match from_store {
            Some(c) => Some(c.clone().into_owned()),
            None if !top_from_store => intermediates
                .iter()
                .filter(|c| !certs.iter().any(|have| have.as_ref() == c.as_ref()))
                .find(issued_by)
                .map(|c| c.clone().into_owned()),
            None => None,
        };
        let Some(c) = next else { break };
        top_from_store = from_store.is_some();
        anchored = partial_chain && top_from_store;
        certs.push(c);
    }
    let trusted = certs
        .last()
        .is_some_and(|top| in_store(top) && (partial_chain || self_issued(top)));
    Path {
        certs,
        trusted,
        top_from_store,
    }
}
