//! One chain check, reporting the `X509_V_ERR_*` OpenSSL would report for the
//! same certificates.
//!
//! OpenSSL's order (`verify_chain` in x509_vfy.c) is: build a chain to a
//! trusted root, check purpose, check the requested host name, and only then
//! signatures and validity dates; the first failure is the result. webpki
//! checks dates while building the path, so a date failure is re-checked at a
//! time inside the certificate's validity to find out whether an earlier-ranked
//! failure (untrusted issuer, wrong host) is what OpenSSL would report.
//! Revocation (CRL_CHECK) comes after the host name and before dates in
//! OpenSSL's order (`revocation`).

use super::revocation;
use super::v1_leaf;
use super::{RootStore, VerifyParams};
use crate::abi::*;
use crate::x509::self_issued_der;
use pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::crypto::WebPkiSupportedAlgorithms;
use webpki::{EndEntityCert, KeyUsage, RevocationCheckDepth, RevocationOptions};

/// OpenSSL's default verify depth.
const DEFAULT_DEPTH: usize = 100;

/// One chain to check, as `check_chain` and `revocation_depth` read it.
#[derive(Clone, Copy)]
pub struct ChainCheck<'a> {
    pub roots: &'a RootStore,
    pub algs: &'a WebPkiSupportedAlgorithms,
    pub end_entity: &'a CertificateDer<'a>,
    pub intermediates: &'a [CertificateDer<'a>],
    pub now: UnixTime,
    /// The peer is a server (else a client): the usage checked.
    pub server_auth: bool,
    pub params: &'a VerifyParams,
}

/// One webpki path build for `ee` (`c`'s end entity) at `time`: the
/// number of intermediates of the path found.
fn build_path(
    ee: &EndEntityCert<'_>,
    c: &ChainCheck<'_>,
    time: UnixTime,
    revocation: Option<RevocationOptions<'_>>,
) -> Result<usize, webpki::Error> {
    let ChainCheck {
        roots,
        algs,
        intermediates,
        server_auth,
        ..
    } = *c;
    let usage = if server_auth {
        KeyUsage::server_auth()
    } else {
        KeyUsage::client_auth()
    };
    ee.verify_for_usage(
        algs.all,
        roots.anchors(),
        intermediates,
        time,
        usage,
        revocation,
        None,
    )
    .map(|path| path.intermediate_certificates().count())
}

pub fn check_chain(c: &ChainCheck<'_>) -> i64 {
    let ChainCheck {
        roots,
        end_entity,
        intermediates,
        now,
        params,
        ..
    } = *c;
    let Ok(ee) = EndEntityCert::try_from(end_entity) else {
        return i64::from(old_version_leaf(c));
    };
    let crls = roots.crls();
    let wanted = revocation::wanted(params);
    let revocation = wanted.and_then(|depth| revocation::options(&crls, depth));
    let build = |time: UnixTime| build_path(&ee, c, time, revocation);
    // With X509_V_FLAG_PARTIAL_CHAIN a trusted leaf is the whole chain
    // (IO::Socket::SSL pins a server's certificate so): webpki would look
    // for its issuer; OpenSSL checks its dates (and names, below).
    let pinned = params.partial_chain() && roots.certs().contains(end_entity);
    let code = match if pinned { Ok(0) } else { build(now) } {
        Ok(_) if pinned => trusted_self(end_entity, now),
        Ok(n_intermediates) => depth_check(params, n_intermediates),
        Err(webpki::Error::CertExpired { not_after, .. }) => retry_at(
            &build,
            not_after,
            X509_V_ERR_CERT_HAS_EXPIRED,
            (roots, end_entity, intermediates),
        ),
        Err(webpki::Error::CertNotValidYet { not_before, .. }) => retry_at(
            &build,
            not_before,
            X509_V_ERR_CERT_NOT_YET_VALID,
            (roots, end_entity, intermediates),
        ),
        // A CA certificate presented as the peer's own and trusted as
        // itself (nsd-control-setup's self-signed server certificate, its
        // client's only anchor): OpenSSL's chain is that one trusted
        // certificate, whose CA flag no check at depth 0 looks at.
        Err(webpki::Error::CaUsedAsEndEntity) if roots.certs().contains(end_entity) => {
            trusted_self(end_entity, now)
        }
        Err(webpki::Error::CaUsedAsEndEntity) => ca_leaf(c),
        Err(e) => map_error(&e, roots, end_entity, intermediates),
    };
    let code = match code {
        // A date or revocation failure still loses to a host mismatch.
        X509_V_OK | X509_V_ERR_CERT_HAS_EXPIRED | X509_V_ERR_CERT_NOT_YET_VALID => {
            match host_check(end_entity, Some(&ee), params) {
                // Without any CRL, the leaf has none: that outranks dates.
                X509_V_OK if wanted.is_some() && revocation.is_none() => {
                    X509_V_ERR_UNABLE_TO_GET_CRL
                }
                X509_V_OK => code,
                host_err => host_err,
            }
        }
        c if revocation::is_revocation_error(c) => {
            match host_check(end_entity, Some(&ee), params) {
                X509_V_OK => c,
                host_err => host_err,
            }
        }
        other => other,
    };
    i64::from(code)
}

/// The depth at which OpenSSL reports `code`, a revocation error of
/// `check_chain` for the same `c`, to the verify callback (`chain`:
/// OpenSSL's chain, leaf first). With CRL_CHECK only the leaf is checked;
/// with CRL_CHECK_ALL the leaf first (checked again alone here), then the
/// CA certificates (`revocation::ca_error_depth`).
pub fn revocation_depth(c: &ChainCheck<'_>, chain: &[CertificateDer<'_>], code: i32) -> usize {
    if revocation::wanted(c.params) != Some(RevocationCheckDepth::Chain) {
        return 0;
    }
    let crls = c.roots.crls();
    let Some(leaf_only) = revocation::options(&crls, RevocationCheckDepth::EndEntity) else {
        return 0;
    };
    let Ok(ee) = EndEntityCert::try_from(c.end_entity) else {
        return 0;
    };
    let leaf = build_path(&ee, c, c.now, Some(leaf_only));
    match leaf {
        Err(e) if revocation::map_error(&e).is_some() => 0,
        _ => revocation::ca_error_depth(chain, &crls, code),
    }
}

/// A leaf webpki cannot read: an X.509 v1 one is checked as far as
/// `v1_leaf` can (a host mismatch outranks its signature and dates, as
/// OpenSSL checks the host first); anything else is webpki's refusal.
fn old_version_leaf(c: &ChainCheck<'_>) -> i32 {
    if !v1_leaf::is_old_version(c.end_entity) {
        return X509_V_ERR_UNSPECIFIED;
    }
    match checked_as_v1(c, &own_path(c)) {
        X509_V_ERR_UNSPECIFIED => X509_V_ERR_UNSPECIFIED,
        code => match host_check(c.end_entity, None, c.params) {
            X509_V_OK => code,
            host_err => host_err,
        },
    }
}

/// Another CA certificate as the peer's own, which webpki refuses ("CA
/// used as end entity") and OpenSSL does not: it builds the chain first,
/// then checks the leaf's purpose by its usages, not its CA flag
/// (`x509::ext::tls_leaf_purpose_ok`), then signatures and dates. A chain
/// to no anchor (a self-signed `openssl req -x509` certificate nobody
/// trusts, which Node's tests present as a client certificate) is where it
/// stopped; a leaf issued by an anchor itself is checked as an X.509 v1
/// leaf is (`v1_leaf`: the anchor's signature, the dates; the host name
/// after); under intermediates, or with a CRL check, it stays refused.
fn ca_leaf(c: &ChainCheck<'_>) -> i32 {
    if !crate::x509::ext::tls_leaf_purpose_ok(c.end_entity, c.server_auth) {
        return X509_V_ERR_INVALID_PURPOSE;
    }
    let path = own_path(c);
    if !path.trusted {
        return no_issuer(c.end_entity, c.intermediates);
    }
    match checked_as_v1(c, &path) {
        X509_V_ERR_UNSPECIFIED => X509_V_ERR_INVALID_PURPOSE,
        code => code,
    }
}

/// Our own chain for a leaf webpki refuses (`path::build`).
fn own_path(c: &ChainCheck<'_>) -> super::path::Path {
    super::path::build(
        c.roots,
        c.end_entity,
        c.intermediates,
        c.params.partial_chain(),
    )
}

/// `v1_leaf::check` of that chain: a leaf issued by an anchor itself (its
/// signature, its dates); `X509_V_ERR_UNSPECIFIED` for anything else.
fn checked_as_v1(c: &ChainCheck<'_>, path: &super::path::Path) -> i32 {
    let crl_check = revocation::wanted(c.params).is_some();
    v1_leaf::check(path, c.algs.all, c.now, crl_check)
}

/// A trusted certificate standing alone: only its dates can fail.
fn trusted_self(ee: &CertificateDer<'_>, now: UnixTime) -> i32 {
    v1_leaf::dates(ee, now)
}

/// Re-runs the path build at `at` (a time the failing certificate is valid);
/// an error that outranks dates there wins, otherwise the date error stands.
fn retry_at(
    build: &dyn Fn(UnixTime) -> Result<usize, webpki::Error>,
    at: UnixTime,
    date_err: i32,
    (roots, ee, intermediates): (&RootStore, &CertificateDer<'_>, &[CertificateDer<'_>]),
) -> i32 {
    match build(at) {
        Ok(_) => date_err,
        Err(webpki::Error::CertExpired { .. } | webpki::Error::CertNotValidYet { .. }) => date_err,
        Err(e) => match map_error(&e, roots, ee, intermediates) {
            // A signature problem ranks below dates in OpenSSL's order.
            X509_V_ERR_CERT_SIGNATURE_FAILURE => date_err,
            other => other,
        },
    }
}

fn depth_check(params: &VerifyParams, n_intermediates: usize) -> i32 {
    let limit = usize::try_from(params.depth).unwrap_or(DEFAULT_DEPTH);
    if n_intermediates > limit {
        X509_V_ERR_CERT_CHAIN_TOO_LONG
    } else {
        X509_V_OK
    }
}

/// The host/IP check alone (`X509_V_OK` when none was requested), as
/// OpenSSL's `check_id` reports it to a verify callback.
pub fn host_error(end_entity: &CertificateDer<'_>, params: &VerifyParams) -> i32 {
    match EndEntityCert::try_from(end_entity) {
        Ok(ee) => host_check(end_entity, Some(&ee), params),
        Err(_) if v1_leaf::is_old_version(end_entity) => host_check(end_entity, None, params),
        Err(_) => X509_V_OK,
    }
}

/// OpenSSL's `check_hosts` (any name may match, with the parameters'
/// host flags: `host::matches`), then the IP address (`ee` None: a
/// certificate webpki cannot read, an X.509 v1 one, has no
/// subjectAltName, so no IP address).
fn host_check(
    der: &CertificateDer<'_>,
    ee: Option<&EndEntityCert<'_>>,
    params: &VerifyParams,
) -> i32 {
    if !params.hosts.is_empty()
        && !params
            .hosts
            .iter()
            .any(|h| super::host::matches(der, h, params.hostflags))
    {
        return X509_V_ERR_HOSTNAME_MISMATCH;
    }
    if let Some(ip) = params.ip {
        let name = ServerName::IpAddress(ip.into());
        if ee.is_none_or(|ee| ee.verify_is_valid_for_subject_name(&name).is_err()) {
            return X509_V_ERR_IP_ADDRESS_MISMATCH;
        }
    }
    X509_V_OK
}

/// No issuer found: OpenSSL's code for where the chain stopped.
fn no_issuer(ee: &CertificateDer<'_>, intermediates: &[CertificateDer<'_>]) -> i32 {
    if intermediates.is_empty() && self_issued_der(ee) {
        X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
    } else if intermediates.iter().any(|c| self_issued_der(c)) {
        X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN
    } else {
        X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
    }
}

#[allow(deprecated)] // webpki still returns the older variants for some paths
fn map_error(
    e: &webpki::Error,
    roots: &RootStore,
    ee: &CertificateDer<'_>,
    intermediates: &[CertificateDer<'_>],
) -> i32 {
    use webpki::Error as W;
    if let Some(code) = revocation::map_error(e) {
        return code;
    }
    match e {
        W::UnknownIssuer => no_issuer(ee, intermediates),
        W::CertExpired { .. } => X509_V_ERR_CERT_HAS_EXPIRED,
        W::CertNotValidYet { .. } => X509_V_ERR_CERT_NOT_YET_VALID,
        W::InvalidSignatureForPublicKey
        | W::UnsupportedSignatureAlgorithm
        | W::UnsupportedSignatureAlgorithmContext(_)
        | W::UnsupportedSignatureAlgorithmForPublicKey
        | W::UnsupportedSignatureAlgorithmForPublicKeyContext(_)
        | W::SignatureAlgorithmMismatch => {
            // webpki matched issuers by name; OpenSSL also by key
            // identifier, and finds none for a certificate whose
            // authorityKeyIdentifier names another key (`issuer`).
            if super::issuer::chain_has_issuers(roots, ee, intermediates) {
                X509_V_ERR_CERT_SIGNATURE_FAILURE
            } else {
                no_issuer(ee, intermediates)
            }
        }
        W::RequiredEkuNotFound | W::RequiredEkuNotFoundContext(_) | W::CaUsedAsEndEntity => {
            X509_V_ERR_INVALID_PURPOSE
        }
        W::EndEntityUsedAsCa => X509_V_ERR_INVALID_CA,
        W::PathLenConstraintViolated => X509_V_ERR_PATH_LENGTH_EXCEEDED,
        W::MaximumPathDepthExceeded => X509_V_ERR_CERT_CHAIN_TOO_LONG,
        W::NameConstraintViolation => X509_V_ERR_PERMITTED_VIOLATION,
        W::UnsupportedCriticalExtension => X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION,
        _ => X509_V_ERR_UNSPECIFIED,
    }
}
