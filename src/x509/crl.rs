//! A certificate revocation list as C sees it (`X509_CRL*`): its DER and
//! its issuer, the one field the store's API exposes
//! (`X509_CRL_get_issuer`, lookups by issuer name). Revocation itself is
//! rustls-webpki's (`verify::revocation`).

use std::sync::Arc;

use super::X509Name;
use super::der;

#[repr(C)]
#[derive(Debug)]
pub struct X509Crl {
    magic: u64,
    der: Vec<u8>,
    issuer: Arc<X509Name>,
}

impl X509Crl {
    pub const MAGIC: u64 = 0x5353_4c53_4352_4c21; // "SSLSCRL!"

    /// Parses a CertificateList (exactly one, nothing after it) far enough
    /// to know its issuer; `None` for anything malformed.
    pub fn from_der(der: Vec<u8>) -> Option<Arc<X509Crl>> {
        let issuer = issuer_of(&der)?;
        let issuer = Arc::new(X509Name::from_der(issuer)?.into_embedded());
        Some(Arc::new(X509Crl {
            magic: Self::MAGIC,
            der,
            issuer,
        }))
    }

    pub fn magic(&self) -> u64 {
        self.magic
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The issuer's name (part of the CRL, as a certificate's names are).
    pub fn issuer(&self) -> &Arc<X509Name> {
        &self.issuer
    }
}

/// The issuer Name of a CertificateList: SEQUENCE { TBSCertList SEQUENCE {
/// version INTEGER OPTIONAL, signature AlgorithmIdentifier, issuer Name,
/// ... }, ... }.
fn issuer_of(crl: &[u8]) -> Option<&[u8]> {
    let (outer, rest) = der::expect(crl, der::SEQUENCE)?;
    if !rest.is_empty() {
        return None;
    }
    let (tbs, _) = der::expect(outer.content, der::SEQUENCE)?;
    let mut fields = der::Elements::new(tbs.content);
    let mut next = fields.next()?;
    if next.tag == 0x02 {
        next = fields.next()?;
    }
    if next.tag != der::SEQUENCE {
        return None;
    }
    let issuer = fields.next()?;
    (issuer.tag == der::SEQUENCE).then_some(issuer.raw)
}

#[cfg(test)]
mod tests {
    use super::X509Crl;
    use crate::x509::X509;
    use pki_types::pem::PemObject as _;
    use pki_types::{CertificateDer, CertificateRevocationListDer};

    #[test]
    fn reads_the_issuer_of_a_crl() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/certs/intermediate.crl.pem"
        );
        let der = CertificateRevocationListDer::from_pem_file(path).expect("fixture");
        let crl = X509Crl::from_der(der.to_vec()).expect("parsed");
        let ca = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/certs/intermediate.pem");
        let ca = CertificateDer::from_pem_file(ca).expect("fixture");
        let ca = X509::from_der(ca.to_vec()).expect("parsed");
        assert_eq!(crl.issuer().der(), ca.subject().der());
        assert!(X509Crl::from_der(der[..der.len() - 1].to_vec()).is_none());
    }
}
