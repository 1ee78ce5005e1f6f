//! Which implementation does each algorithm (issue 18 item 5).
//!
//! The standalone library has aws-lc-rs alone. The drop-in runs in a
//! process that already holds libcrypto, and on this machine libcrypto's
//! ChaCha20-Poly1305 is faster than aws-lc-rs's while aws-lc-rs's AES-GCM
//! and key exchange are faster than libcrypto's (docs/PERFORMANCE.md has
//! the measurements). So the drop-in's handshakes take the ChaCha20-Poly1305
//! suites' AEAD from libcrypto's EVP (`libcrypto::chacha`) and everything
//! else from aws-lc-rs. A process whose libcrypto runs FIPS
//! (`EVP_default_properties_is_fips_enabled`) gets libcrypto for every
//! algorithm instead, through the `rustls-openssl` provider, so a
//! FIPS-configured machine stays FIPS (docs/DROPIN.md).
//!
//! Suites are replaced by identity (their IANA code point): the names,
//! ids, order and filtering the program set with OpenSSL cipher strings
//! stay as they were; only the code doing the record protection changes.

#![forbid(unsafe_code)]

#[cfg(feature = "dropin")]
pub mod libcrypto;

use rustls::crypto::{CryptoProvider, SecureRandom, SupportedKxGroup};
use rustls::{CipherSuite, SupportedCipherSuite};

/// A second implementation of rustls's algorithms in the process: the
/// drop-in's libcrypto (`libcrypto::Libcrypto`), as `crate::flavour`
/// says.
pub trait Alternative: Sync {
    /// Whether it runs in FIPS mode.
    fn fips(&self) -> bool;
    /// Its ChaCha20-Poly1305 suites, to run beside aws-lc-rs's others.
    fn chacha_suites(&self) -> Vec<SupportedCipherSuite>;
    /// All its cipher suites that work now (under FIPS: the approved ones).
    fn suites(&self) -> Vec<SupportedCipherSuite>;
    /// Its key-exchange groups that work now.
    fn groups(&self) -> Vec<&'static dyn SupportedKxGroup>;
    /// A provider of it alone: signature verification, key loading and
    /// random bytes are what callers take from it.
    fn provider(&self) -> CryptoProvider;
    /// Its random generator.
    fn random(&self) -> &'static dyn SecureRandom;
}

/// Where each algorithm comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// aws-lc-rs for everything: no other implementation is present.
    AwsLc,
    /// The ChaCha20-Poly1305 suites from libcrypto, the rest from aws-lc-rs.
    ChachaFromLibcrypto,
    /// libcrypto for everything: it runs FIPS.
    Libcrypto,
}

/// The decision: `libcrypto` whether the process has it as an
/// alternative, `fips` whether it runs FIPS.
pub fn plan(libcrypto: bool, fips: bool) -> Plan {
    match (libcrypto, fips) {
        (false, _) => Plan::AwsLc,
        (true, false) => Plan::ChachaFromLibcrypto,
        (true, true) => Plan::Libcrypto,
    }
}

/// The plan for this process now: in the drop-in one libcrypto query,
/// made at each choice (a config build, a key load, a verifier, a
/// session id), so a program that turns FIPS on before its first context
/// is seen.
pub fn current() -> Plan {
    match crate::flavour::CRYPTO_ALTERNATIVE {
        None => Plan::AwsLc,
        Some(alt) => plan(true, alt.fips()),
    }
}

/// The suites whose AEAD is ChaCha20-Poly1305.
fn is_chacha(id: CipherSuite) -> bool {
    matches!(
        id,
        CipherSuite::TLS13_CHACHA20_POLY1305_SHA256
            | CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
            | CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
    )
}

/// Whether `plan` takes suite `id` from the alternative.
fn from_alternative(plan: Plan, id: CipherSuite) -> bool {
    match plan {
        Plan::AwsLc => false,
        Plan::ChachaFromLibcrypto => is_chacha(id),
        Plan::Libcrypto => true,
    }
}

fn aws_lc_suite(id: CipherSuite) -> Option<SupportedCipherSuite> {
    rustls::crypto::aws_lc_rs::ALL_CIPHER_SUITES
        .iter()
        .copied()
        .find(|s| s.suite() == id)
}

/// The implementations of the suites `ids` (kept in their order) and the
/// groups `groups` (aws-lc-rs's, as `ctx::groups` lists them) under the
/// current plan, with the rest of the provider from the implementation
/// the plan takes it from.
pub fn provider(
    ids: impl Iterator<Item = CipherSuite>,
    groups: &[&'static dyn SupportedKxGroup],
) -> CryptoProvider {
    let plan = current();
    log::debug!("crypto: {plan:?}");
    provider_under(plan, crate::flavour::CRYPTO_ALTERNATIVE, ids, groups)
}

/// `provider` under `plan`. A suite libcrypto cannot do now falls back to
/// aws-lc-rs, except under FIPS, where it is left out, as is a group.
fn provider_under(
    plan: Plan,
    alt: Option<&dyn Alternative>,
    ids: impl Iterator<Item = CipherSuite>,
    groups: &[&'static dyn SupportedKxGroup],
) -> CryptoProvider {
    let alt = match alt {
        Some(alt) if plan != Plan::AwsLc => alt,
        _ => {
            return CryptoProvider {
                cipher_suites: ids.filter_map(aws_lc_suite).collect(),
                kx_groups: groups.to_vec(),
                ..rustls::crypto::aws_lc_rs::default_provider()
            };
        }
    };
    let theirs = match plan {
        Plan::Libcrypto => alt.suites(),
        _ => alt.chacha_suites(),
    };
    let suites: Vec<_> = ids
        .filter_map(|id| {
            if !from_alternative(plan, id) {
                return aws_lc_suite(id);
            }
            match theirs.iter().find(|s| s.suite() == id) {
                Some(s) => {
                    log::debug!("crypto: {id:?} from libcrypto");
                    Some(*s)
                }
                None if plan == Plan::Libcrypto => None,
                None => aws_lc_suite(id),
            }
        })
        .collect();
    if plan == Plan::Libcrypto {
        let theirs = alt.groups();
        CryptoProvider {
            cipher_suites: suites,
            kx_groups: groups
                .iter()
                .filter_map(|g| theirs.iter().find(|t| t.name() == g.name()).copied())
                .collect(),
            ..alt.provider()
        }
    } else {
        CryptoProvider {
            cipher_suites: suites,
            kx_groups: groups.to_vec(),
            ..rustls::crypto::aws_lc_rs::default_provider()
        }
    }
}

/// The provider for what is not a suite or group: signature verification
/// and private-key loading (aws-lc-rs's unless libcrypto runs FIPS).
pub fn base() -> CryptoProvider {
    match (current(), crate::flavour::CRYPTO_ALTERNATIVE) {
        (Plan::Libcrypto, Some(alt)) => alt.provider(),
        _ => rustls::crypto::aws_lc_rs::default_provider(),
    }
}

/// The random generator for session ids and the like.
pub fn random() -> &'static dyn SecureRandom {
    match (current(), crate::flavour::CRYPTO_ALTERNATIVE) {
        (Plan::Libcrypto, Some(alt)) => alt.random(),
        _ => aws_lc_random(),
    }
}

/// aws-lc-rs's generator, taken once: building its whole provider (two
/// `Vec`s) to reach it cost every new session id two allocations.
fn aws_lc_random() -> &'static dyn SecureRandom {
    static RANDOM: std::sync::OnceLock<&'static dyn SecureRandom> = std::sync::OnceLock::new();
    *RANDOM.get_or_init(|| rustls::crypto::aws_lc_rs::default_provider().secure_random)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_decision() {
        assert_eq!(plan(false, false), Plan::AwsLc);
        // No libcrypto, no FIPS to keep: a standalone process.
        assert_eq!(plan(false, true), Plan::AwsLc);
        assert_eq!(plan(true, false), Plan::ChachaFromLibcrypto);
        assert_eq!(plan(true, true), Plan::Libcrypto);
    }

    #[test]
    fn which_suites_move() {
        let all = rustls::crypto::aws_lc_rs::ALL_CIPHER_SUITES;
        let moved: Vec<_> = all
            .iter()
            .map(|s| s.suite())
            .filter(|id| from_alternative(Plan::ChachaFromLibcrypto, *id))
            .collect();
        assert_eq!(
            moved,
            [
                CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
                CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
                CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            ]
        );
        assert!(
            all.iter()
                .all(|s| !from_alternative(Plan::AwsLc, s.suite()))
        );
        assert!(
            all.iter()
                .all(|s| from_alternative(Plan::Libcrypto, s.suite()))
        );
    }

    /// The provider keeps the suites asked for, in the order asked, and
    /// the groups.
    #[test]
    fn order_and_identity_kept() {
        let ids = [
            CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
            CipherSuite::TLS13_AES_128_GCM_SHA256,
            CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        ];
        let groups = crate::ctx::groups::defaults();
        let p = provider(ids.iter().copied(), &groups);
        let got: Vec<_> = p.cipher_suites.iter().map(|s| s.suite()).collect();
        assert_eq!(got, ids);
        let names = |g: &[&'static dyn SupportedKxGroup]| -> Vec<_> {
            g.iter().map(|g| g.name()).collect()
        };
        if current() != Plan::Libcrypto {
            assert_eq!(names(&p.kx_groups), names(&groups));
        }
    }
}
