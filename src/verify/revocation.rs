//! Revocation by CRL, as `X509_V_FLAG_CRL_CHECK` (the leaf) and
//! `X509_V_FLAG_CRL_CHECK_ALL` (the whole chain) ask: rustls-webpki checks
//! the chain against the store's CRLs (`RootStore::crls`); this module
//! says which check is wanted, and what OpenSSL reports for webpki's
//! verdicts.
//!
//! OpenSSL (x509_vfy.c `check_revocation`) checks after building the
//! chain, its extensions and the host name, and before signatures and
//! dates. Each certificate checked needs a CRL from its issuer: none is
//! `UNABLE_TO_GET_CRL`, an expired one `CRL_HAS_EXPIRED`, a bad signature
//! `CRL_SIGNATURE_FAILURE`, a listed serial `CERT_REVOKED`; the verify
//! callback sees each at the depth of the certificate checked
//! (`error_depth`). OpenSSL also checks the root, against the root's own
//! CRL, which the certificate under it needed already; webpki does not
//! check the trust anchor.

use super::VerifyParams;
use crate::abi::*;
use pki_types::CertificateDer;
use webpki::{
    CertRevocationList, ExpirationPolicy, RevocationCheckDepth, RevocationOptions,
    RevocationOptionsBuilder, UnknownStatusPolicy,
};

/// The check the verify flags ask for, if any.
pub fn wanted(params: &VerifyParams) -> Option<RevocationCheckDepth> {
    if params.flags & X509_V_FLAG_CRL_CHECK == 0 {
        None
    } else if params.flags & X509_V_FLAG_CRL_CHECK_ALL != 0 {
        Some(RevocationCheckDepth::Chain)
    } else {
        Some(RevocationCheckDepth::EndEntity)
    }
}

/// webpki's options for `depth` with `crls`: a certificate without a CRL
/// fails, as does an expired CRL. `None` when there is no CRL at all
/// (webpki needs one; every certificate checked then lacks its CRL).
pub fn options<'a>(
    crls: &'a [&'a CertRevocationList<'a>],
    depth: RevocationCheckDepth,
) -> Option<RevocationOptions<'a>> {
    let builder = RevocationOptionsBuilder::new(crls).ok()?;
    Some(
        builder
            .with_depth(depth)
            .with_status_policy(UnknownStatusPolicy::Deny)
            .with_expiration_policy(ExpirationPolicy::Enforce)
            .build(),
    )
}

/// OpenSSL's code for a revocation error of webpki's; `None` for others.
#[allow(deprecated)] // webpki still returns the older variants for some CRLs
pub fn map_error(e: &webpki::Error) -> Option<i32> {
    use webpki::Error as W;
    Some(match e {
        W::CertRevoked => X509_V_ERR_CERT_REVOKED,
        W::UnknownRevocationStatus => X509_V_ERR_UNABLE_TO_GET_CRL,
        W::CrlExpired { .. } => X509_V_ERR_CRL_HAS_EXPIRED,
        W::InvalidCrlSignatureForPublicKey
        | W::UnsupportedCrlSignatureAlgorithm
        | W::UnsupportedCrlSignatureAlgorithmContext(_)
        | W::UnsupportedCrlSignatureAlgorithmForPublicKey
        | W::UnsupportedCrlSignatureAlgorithmForPublicKeyContext(_) => {
            X509_V_ERR_CRL_SIGNATURE_FAILURE
        }
        W::IssuerNotCrlSigner => X509_V_ERR_KEYUSAGE_NO_CRL_SIGN,
        _ => return None,
    })
}

/// The errors this check reports.
pub fn is_revocation_error(code: i32) -> bool {
    matches!(
        code,
        X509_V_ERR_CERT_REVOKED
            | X509_V_ERR_UNABLE_TO_GET_CRL
            | X509_V_ERR_CRL_HAS_EXPIRED
            | X509_V_ERR_CRL_SIGNATURE_FAILURE
            | X509_V_ERR_KEYUSAGE_NO_CRL_SIGN
    )
}

/// How many certificates of `path` (from the leaf) OpenSSL looked up CRLs
/// for: none unless asked, or when verification stopped before the
/// revocation check (an untrusted chain, a purpose or host error).
pub fn crls_looked_up(params: &VerifyParams, path: &super::Path, first_error: i32) -> usize {
    let reached = first_error == X509_V_OK
        || is_revocation_error(first_error)
        || matches!(
            first_error,
            X509_V_ERR_CERT_HAS_EXPIRED
                | X509_V_ERR_CERT_NOT_YET_VALID
                | X509_V_ERR_CERT_SIGNATURE_FAILURE
        );
    match wanted(params) {
        Some(_) if !reached => 0,
        Some(RevocationCheckDepth::EndEntity) => 1,
        Some(RevocationCheckDepth::Chain) => path.certs.len(),
        None => 0,
    }
}

/// Among the CA certificates of OpenSSL's chain (`chain[1..]`, depth 1
/// up), the depth of the first one `code` is about, judged by issuer name
/// and serial (webpki does not say which certificate failed): the first
/// without a CRL of its issuer for `UNABLE_TO_GET_CRL`, the first listed
/// in one for `CERT_REVOKED`, else the first with a CRL (whose CRL is the
/// one found wanting). 1 when none matches.
pub fn ca_error_depth(
    chain: &[CertificateDer<'_>],
    crls: &[&CertRevocationList<'_>],
    code: i32,
) -> usize {
    let matches = |cert: &CertificateDer<'_>| {
        let Some((issuer, serial)) = crate::x509::issuer_contents_and_serial(cert) else {
            return false;
        };
        let mut theirs = crls.iter().filter(|c| c.issuer() == issuer).peekable();
        match code {
            X509_V_ERR_UNABLE_TO_GET_CRL => theirs.peek().is_none(),
            X509_V_ERR_CERT_REVOKED => {
                theirs.any(|c| c.find_serial(serial).is_ok_and(|r| r.is_some()))
            }
            _ => theirs.peek().is_some(),
        }
    };
    chain
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, c)| matches(c))
        .map_or(1, |(depth, _)| depth)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(flags: std::os::raw::c_ulong) -> VerifyParams {
        VerifyParams {
            flags,
            ..Default::default()
        }
    }

    #[test]
    fn flags_choose_the_depth() {
        assert_eq!(wanted(&params(0)), None);
        assert_eq!(wanted(&params(X509_V_FLAG_CRL_CHECK_ALL)), None);
        assert_eq!(
            wanted(&params(X509_V_FLAG_CRL_CHECK)),
            Some(RevocationCheckDepth::EndEntity)
        );
        assert_eq!(
            wanted(&params(X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL)),
            Some(RevocationCheckDepth::Chain)
        );
    }

    #[test]
    fn no_crl_no_options() {
        assert!(options(&[], RevocationCheckDepth::EndEntity).is_none());
    }

    #[test]
    fn webpki_errors_map_to_openssl_codes() {
        assert_eq!(
            map_error(&webpki::Error::CertRevoked),
            Some(X509_V_ERR_CERT_REVOKED)
        );
        assert_eq!(
            map_error(&webpki::Error::UnknownRevocationStatus),
            Some(X509_V_ERR_UNABLE_TO_GET_CRL)
        );
        assert_eq!(
            map_error(&webpki::Error::InvalidCrlSignatureForPublicKey),
            Some(X509_V_ERR_CRL_SIGNATURE_FAILURE)
        );
        assert_eq!(map_error(&webpki::Error::UnknownIssuer), None);
        for code in [
            X509_V_ERR_CERT_REVOKED,
            X509_V_ERR_UNABLE_TO_GET_CRL,
            X509_V_ERR_CRL_HAS_EXPIRED,
            X509_V_ERR_CRL_SIGNATURE_FAILURE,
        ] {
            assert!(is_revocation_error(code));
        }
        assert!(!is_revocation_error(X509_V_ERR_CERT_HAS_EXPIRED));
    }
}
