//! The application's verify callback, called as OpenSSL's `X509_verify_cert`
//! calls it: with `preverify_ok = 0` at each failure (the error and depth
//! readable from the `X509_STORE_CTX`), and with `preverify_ok = 1` once per
//! certificate checked, from the top of the chain down to the leaf. Its
//! answer overrides: 1 at a failure continues, 0 anywhere stops.
//!
//! OpenSSL's order (x509_vfy.c `verify_chain`): chain building (an
//! untrusted top: 18/19/20 at the top's depth), extension checks (purpose),
//! the requested host name (depth 0), then `internal_verify` from the top
//! down: signature, validity dates, then the `preverify_ok = 1` call for
//! that depth. A top that is neither trusted nor self-issued gets no call
//! of its own; a lone untrusted leaf adds 21 (unable to verify the leaf
//! signature). `plan` lays those calls out for a chain; the errors it
//! predicts are checked against webpki's verdict, which wins if they differ.

use crate::abi::*;
use crate::callbacks::VerifyCallbackRef;
use crate::ex_data::ExData;
use crate::stack::OpensslStack;
use crate::x509::X509;
use std::sync::{Arc, Mutex, OnceLock};

use super::path::Path;

/// One call of the verify callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// `preverify_ok = 0`: `error` found at `depth`.
    Fail { depth: usize, error: i32 },
    /// `preverify_ok = 1` for the certificate at `depth`.
    Ok { depth: usize },
}

/// What the checks found, for `plan`.
#[derive(Clone, Copy, Debug)]
pub struct Findings {
    /// OpenSSL's first error (`first_error`).
    pub first_error: i32,
    /// An extension (purpose) error webpki found, which OpenSSL reports
    /// after chain building.
    pub extension_error: Option<i32>,
    /// The host/IP check alone (`X509_V_OK` when none was requested).
    pub host_error: i32,
    /// A revocation error (CRL_CHECK) and the depth OpenSSL reports it
    /// at; it comes after the host name, before signatures and dates.
    pub revocation: Option<(usize, i32)>,
    /// Seconds since the epoch the chain is checked at.
    pub now: i64,
}

/// Errors OpenSSL finds while checking extensions, before the host name.
pub fn is_extension_error(e: i32) -> bool {
    matches!(
        e,
        X509_V_ERR_INVALID_PURPOSE
            | X509_V_ERR_INVALID_CA
            | X509_V_ERR_PATH_LENGTH_EXCEEDED
            | X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION
    )
}

/// The error OpenSSL's chain building reports for an untrusted `path`.
pub fn trust_error(path: &Path) -> Option<i32> {
    if path.trusted {
        return None;
    }
    let top = path.certs.last()?;
    Some(
        match (crate::x509::self_issued_der(top), path.certs.len()) {
            (true, 1) => X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
            (true, _) => X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN,
            // The issuer of a certificate from the store is missing (without
            // PARTIAL_CHAIN a non-self-issued store certificate is no anchor).
            _ if path.top_from_store => X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT,
            _ => X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
        },
    )
}

/// OpenSSL's first error, given webpki's: webpki checks a leaf's purpose
/// before building its chain, OpenSSL after, so an untrusted chain
/// outranks a purpose error; and webpki takes any certificate of the store
/// as an anchor, so a chain it accepts (and checks for revocation) may
/// still be untrusted for OpenSSL (a non-self-issued anchor without
/// PARTIAL_CHAIN).
pub fn first_error(path: &Path, webpki: i32) -> i32 {
    match trust_error(path) {
        // webpki's own refusals (X509_V_ERR_UNSPECIFIED: an X.509 v1
        // certificate, an encoding it rejects) come after the chain in
        // OpenSSL, which builds the chain first.
        Some(e)
            if webpki == X509_V_OK
                || webpki == X509_V_ERR_UNSPECIFIED
                || is_extension_error(webpki)
                || super::revocation::is_revocation_error(webpki) =>
        {
            e
        }
        _ => webpki,
    }
}

/// The callback sequence OpenSSL would produce for `path`.
pub fn plan(path: &Path, f: Findings) -> Vec<Step> {
    let n = path.certs.len();
    let Some(top) = n.checked_sub(1) else {
        return Vec::new();
    };
    let top_self = crate::x509::self_issued_der(&path.certs[top]);
    let mut steps = Vec::new();
    if let Some(error) = trust_error(path) {
        steps.push(Step::Fail { depth: top, error });
    }
    if let Some(error) = f.extension_error {
        let depth = if error == X509_V_ERR_INVALID_CA {
            top.min(1)
        } else {
            0
        };
        steps.push(Step::Fail { depth, error });
    }
    if f.host_error != X509_V_OK {
        steps.push(Step::Fail {
            depth: 0,
            error: f.host_error,
        });
    }
    if let Some((depth, error)) = f.revocation {
        steps.push(Step::Fail { depth, error });
    }
    let start = if path.trusted || top_self {
        top
    } else if n == 1 {
        steps.push(Step::Fail {
            depth: 0,
            error: X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE,
        });
        0
    } else {
        top - 1
    };
    for depth in (0..=start).rev() {
        if f.first_error == X509_V_ERR_CERT_SIGNATURE_FAILURE && depth == 0 {
            steps.push(Step::Fail {
                depth,
                error: X509_V_ERR_CERT_SIGNATURE_FAILURE,
            });
        }
        if let Some((not_before, not_after)) = crate::x509::validity(&path.certs[depth]) {
            if f.now < not_before {
                steps.push(Step::Fail {
                    depth,
                    error: X509_V_ERR_CERT_NOT_YET_VALID,
                });
            } else if f.now > not_after {
                steps.push(Step::Fail {
                    depth,
                    error: X509_V_ERR_CERT_HAS_EXPIRED,
                });
            }
        }
        steps.push(Step::Ok { depth });
    }
    reconcile(steps, f.first_error, top)
}

/// webpki decides validity: a model that disagrees on the first error is
/// replaced by the plainest sequence carrying webpki's verdict.
fn reconcile(steps: Vec<Step>, first_error: i32, top: usize) -> Vec<Step> {
    let predicted = steps.iter().find_map(|s| match s {
        Step::Fail { error, .. } => Some(*error),
        Step::Ok { .. } => None,
    });
    if predicted.unwrap_or(X509_V_OK) == first_error {
        return steps;
    }
    log::debug!("verify callback plan predicted {predicted:?}, webpki says {first_error}");
    let oks = (0..=top).rev().map(|depth| Step::Ok { depth });
    if first_error == X509_V_OK {
        oks.collect()
    } else {
        std::iter::once(Step::Fail {
            depth: 0,
            error: first_error,
        })
        .chain(oks)
        .collect()
    }
}

/// The mutable part of an `X509_STORE_CTX`.
#[derive(Debug)]
struct State {
    error: i32,
    depth: usize,
    current: Option<usize>,
}

/// `X509_STORE_CTX`: what a verify callback can ask about the chain being
/// verified. It lives for one verification; C sees its address.
#[repr(C)]
pub struct X509StoreCtx {
    magic: u64,
    state: Mutex<State>,
    chain: Vec<Arc<X509>>,
    chain_stack: OnceLock<Arc<OpensslStack>>,
    /// What `X509_verify_cert` runs: the callback sequence and callback.
    steps: Vec<Step>,
    verify_cb: Option<VerifyCallbackRef>,
    pub ex_data: ExData,
    /// Another library's objects made for this verification (the drop-in
    /// flavour's libcrypto `X509_STORE_CTX`), freed with it.
    pub keep: crate::keep::Keep,
}

/// The ex_data index under which a store context carries its `SSL *`
/// (`SSL_get_ex_data_X509_STORE_CTX_idx`), allocated once per process.
pub fn ssl_index() -> i32 {
    static IDX: OnceLock<i32> = OnceLock::new();
    *IDX.get_or_init(|| crate::ex_data::new_index(CRYPTO_EX_INDEX_X509_STORE_CTX, 0, 0, 0, 0))
}

impl X509StoreCtx {
    pub const MAGIC: u64 = 0x5353_4c53_5853_4358; // "SSLSXSCX"

    pub fn magic(&self) -> u64 {
        self.magic
    }

    /// A context for verifying `chain` (leaf first) on behalf of `ssl`:
    /// `verify` calls `verify_cb` along `steps` (see `plan`).
    pub fn new(
        chain: Vec<Arc<X509>>,
        ssl: usize,
        steps: Vec<Step>,
        verify_cb: Option<VerifyCallbackRef>,
    ) -> Arc<X509StoreCtx> {
        let ctx = Arc::new(X509StoreCtx {
            magic: Self::MAGIC,
            state: Mutex::new(State {
                error: X509_V_OK,
                depth: 0,
                current: None,
            }),
            chain,
            chain_stack: OnceLock::new(),
            steps,
            verify_cb,
            ex_data: ExData::new(CRYPTO_EX_INDEX_X509_STORE_CTX),
            keep: Default::default(),
        });
        ctx.ex_data.created(Arc::as_ptr(&ctx) as usize);
        ctx.ex_data.set(ssl_index(), ssl);
        ctx
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn error(&self) -> i32 {
        self.state().error
    }

    pub fn set_error(&self, e: i32) {
        self.state().error = e;
    }

    pub fn error_depth(&self) -> usize {
        self.state().depth
    }

    pub fn current_cert(&self) -> Option<Arc<X509>> {
        let i = self.state().current?;
        self.chain.get(i).cloned()
    }

    /// The connection's verify callback, as the address C registered (0:
    /// none), for a store context made for it elsewhere (the drop-in's).
    pub fn verify_callback_addr(&self) -> usize {
        self.verify_cb.as_ref().map_or(0, |c| c.addr())
    }

    pub fn chain(&self) -> &[Arc<X509>] {
        &self.chain
    }

    /// `X509_STORE_CTX_get0_chain`: one stack for the context's life.
    pub fn chain_stack(&self) -> Arc<OpensslStack> {
        self.chain_stack
            .get_or_init(|| OpensslStack::of(&self.chain, |x| Arc::as_ptr(x) as usize))
            .clone()
    }

    /// `X509_verify_cert`: walks the steps, calling the verify callback
    /// (without one, a failure stops, as OpenSSL's default callback does);
    /// true when verification passed. The error (`error()`) is the last
    /// one set; as OpenSSL's safety net, a refusal with no error recorded
    /// reports X509_V_ERR_UNSPECIFIED.
    pub fn verify(self: &Arc<Self>) -> bool {
        let me = Arc::as_ptr(self) as usize;
        let mut ok = true;
        for step in &self.steps {
            let (depth, preverify) = match *step {
                Step::Fail { depth, error } => {
                    self.state().error = error;
                    (depth, false)
                }
                Step::Ok { depth } => (depth, true),
            };
            {
                let mut s = self.state();
                s.depth = depth;
                s.current = Some(depth);
            }
            // The state lock is released: the callback reads and sets it.
            let verdict = match &self.verify_cb {
                Some(cb) => cb.call(preverify, me),
                None => preverify,
            };
            if !verdict {
                ok = false;
                break;
            }
        }
        if !ok && self.error() == X509_V_OK {
            self.set_error(X509_V_ERR_UNSPECIFIED);
        }
        ok
    }
}

impl Drop for X509StoreCtx {
    fn drop(&mut self) {
        self.ex_data.destroyed(self as *const X509StoreCtx as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(n: usize, trusted: bool) -> Path {
        // Certificates without parseable names: neither self-issued nor dated.
        Path {
            certs: vec![pki_types::CertificateDer::from(vec![0u8]); n],
            trusted,
            top_from_store: false,
        }
    }

    fn f(first_error: i32, host_error: i32) -> Findings {
        Findings {
            first_error,
            extension_error: None,
            host_error,
            revocation: None,
            now: 0,
        }
    }

    #[test]
    fn trusted_chain_counts_down() {
        let s = plan(&path(3, true), f(X509_V_OK, X509_V_OK));
        assert_eq!(
            s,
            vec![
                Step::Ok { depth: 2 },
                Step::Ok { depth: 1 },
                Step::Ok { depth: 0 }
            ]
        );
    }

    #[test]
    fn lone_untrusted_leaf_adds_leaf_signature_error() {
        let e = X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
        let s = plan(&path(1, false), f(e, X509_V_OK));
        assert_eq!(
            s,
            vec![
                Step::Fail { depth: 0, error: e },
                Step::Fail {
                    depth: 0,
                    error: X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE
                },
                Step::Ok { depth: 0 }
            ]
        );
    }

    #[test]
    fn host_mismatch_comes_before_the_ok_calls() {
        let e = X509_V_ERR_HOSTNAME_MISMATCH;
        let s = plan(&path(2, true), f(e, e));
        assert_eq!(s[0], Step::Fail { depth: 0, error: e });
        assert_eq!(s.len(), 3);
    }

    #[test]
    fn revocation_comes_before_the_ok_calls_at_its_depth() {
        let e = X509_V_ERR_CERT_REVOKED;
        let mut findings = f(e, X509_V_OK);
        findings.revocation = Some((1, e));
        let s = plan(&path(3, true), findings);
        assert_eq!(
            s,
            vec![
                Step::Fail { depth: 1, error: e },
                Step::Ok { depth: 2 },
                Step::Ok { depth: 1 },
                Step::Ok { depth: 0 }
            ]
        );
    }

    #[test]
    fn disagreement_falls_back_to_webpki() {
        let e = X509_V_ERR_CERT_REVOKED;
        let s = plan(&path(2, true), f(e, X509_V_OK));
        assert_eq!(
            s,
            vec![
                Step::Fail { depth: 0, error: e },
                Step::Ok { depth: 1 },
                Step::Ok { depth: 0 }
            ]
        );
    }
}
