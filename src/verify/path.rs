//! The chain OpenSSL's `X509_verify_cert` builds for a peer: leaf first,
//! each issuer looked up by name in the trust store first (OpenSSL 3's
//! default, X509_V_FLAG_TRUSTED_FIRST), then among the certificates the
//! peer sent, until a self-issued certificate or no issuer. The verify
//! callback's depths and `SSL_get0_verified_chain` follow this chain;
//! whether it is valid is rustls-webpki's decision (`check_chain`).

use super::RootStore;
use pki_types::CertificateDer;

/// OpenSSL stops extending a chain past its maximum depth too.
const MAX_LEN: usize = 102;

#[derive(Debug)]
pub struct Path {
    /// Leaf first.
    pub certs: Vec<CertificateDer<'static>>,
    /// The chain ends at a self-issued certificate from the trust store.
    pub trusted: bool,
}

fn names(der: &[u8]) -> Option<(&[u8], &[u8])> {
    crate::x509::issuer_and_subject(der)
}

fn self_issued(der: &[u8]) -> bool {
    names(der).is_some_and(|(i, s)| i == s)
}

pub fn build(
    roots: &RootStore,
    end_entity: &CertificateDer<'_>,
    intermediates: &[CertificateDer<'_>],
) -> Path {
    let mut certs = vec![end_entity.clone().into_owned()];
    let in_store = |c: &CertificateDer<'_>| roots.certs().iter().any(|r| r.as_ref() == c.as_ref());
    while let Some(cur) = certs.last() {
        if self_issued(cur) || certs.len() >= MAX_LEN {
            break;
        }
        let Some((issuer, _)) = names(cur) else { break };
        let issued_by = |c: &&CertificateDer<'_>| names(c).is_some_and(|(_, s)| s == issuer);
        let next = roots
            .certs()
            .iter()
            .find(issued_by)
            .map(|c| c.clone().into_owned())
            .or_else(|| {
                intermediates
                    .iter()
                    .filter(|c| !certs.iter().any(|have| have.as_ref() == c.as_ref()))
                    .find(issued_by)
                    .map(|c| c.clone().into_owned())
            });
        match next {
            Some(c) => certs.push(c),
            None => break,
        }
    }
    let trusted = certs
        .last()
        .is_some_and(|top| self_issued(top) && in_store(top));
    Path { certs, trusted }
}
