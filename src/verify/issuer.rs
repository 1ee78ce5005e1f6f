//! Whether OpenSSL would find an issuer for each certificate of a chain.
//!
//! OpenSSL takes a certificate as a candidate issuer only when its subject
//! is the certificate's issuer name and, where both carry key identifiers,
//! its subjectKeyIdentifier is the certificate's authorityKeyIdentifier
//! (`ossl_x509_likely_issued`); only then does it check the signature. A
//! certificate naming a known issuer but signed by another key (and saying
//! so in its key identifier) thus has no issuer there (20, unknown_ca),
//! where webpki, which matches names alone, reports a bad signature.

use super::RootStore;
use crate::x509::der;
use crate::x509::ext::{authority_key_id, subject_key_id};
use crate::x509::tbs;
use pki_types::CertificateDer;

/// `issuer` could have issued `subject`: names, then key identifiers.
fn likely_issued(issuer: &[u8], subject: &[u8]) -> bool {
    let (Some(i), Some(s)) = (tbs(issuer), tbs(subject)) else {
        return false;
    };
    if i.subject != s.issuer {
        return false;
    }
    match (authority_key_id(subject), subject_key_id(issuer)) {
        (Some(akid), Some(skid)) => akid == skid,
        _ => true,
    }
}

/// `X509_check_issued`: `X509_V_OK` when `issuer` could have issued
/// `subject` (its subject is the subject's issuer name, compared as
/// `X509_NAME_cmp` does; the key identifiers agree; its keyUsage allows
/// certificate signing), else the first `X509_V_ERR_*` that fails, in
/// OpenSSL's order. The signature itself is not checked, as in OpenSSL.
pub fn check_issued(issuer: &crate::x509::X509, subject: &crate::x509::X509) -> i32 {
    use crate::abi::{
        X509_V_ERR_AKID_SKID_MISMATCH, X509_V_ERR_KEYUSAGE_NO_CERTSIGN,
        X509_V_ERR_SUBJECT_ISSUER_MISMATCH, X509_V_OK,
    };
    if issuer.subject().cmp_canonical(subject.issuer()) != std::cmp::Ordering::Equal {
        return X509_V_ERR_SUBJECT_ISSUER_MISMATCH;
    }
    if let (Some(akid), Some(skid)) = (
        authority_key_id(subject.der()),
        subject_key_id(issuer.der()),
    ) && akid != skid
    {
        return X509_V_ERR_AKID_SKID_MISMATCH;
    }
    if !crate::x509::ext::allows_cert_sign(issuer.der()) {
        return X509_V_ERR_KEYUSAGE_NO_CERTSIGN;
    }
    X509_V_OK
}

/// A trust anchor could have issued `subject`: one given as a certificate
/// by the test above; one without a certificate (the embedded roots) by
/// its name alone.
fn anchor_issued(roots: &RootStore, subject: &[u8]) -> bool {
    let Some(issuer) = tbs(subject).map(|t| t.issuer) else {
        return false;
    };
    let named = |c: &&CertificateDer<'_>| tbs(c).is_some_and(|t| t.subject == issuer);
    if roots.certs().iter().any(|c| named(&c)) {
        return roots.certs().iter().any(|c| likely_issued(c, subject));
    }
    let Some((name, _)) = der::expect(issuer, der::SEQUENCE) else {
        return false;
    };
    roots
        .anchors()
        .iter()
        .any(|a| a.subject.as_ref() == name.content)
}

/// Each certificate from `ee` up has a likely issuer, ending at a trust
/// anchor (the chain OpenSSL would build, whatever its signatures).
pub fn chain_has_issuers(
    roots: &RootStore,
    ee: &CertificateDer<'_>,
    intermediates: &[CertificateDer<'_>],
) -> bool {
    let mut cur: &[u8] = ee;
    for _ in 0..=intermediates.len() {
        if anchor_issued(roots, cur) {
            return true;
        }
        match intermediates
            .iter()
            .find(|c| c.as_ref() != cur && likely_issued(c, cur))
        {
            Some(next) => cur = next,
            None => return false,
        }
    }
    false
}
