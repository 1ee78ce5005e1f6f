//! `SSL_check_chain`: OpenSSL's `tls1_check_chain` for an explicit chain
//! (strict mode, ssl/t1_lib.c), over what this connection knows: the
//! version, the peer's signature algorithms and groups (a server's, from
//! the ClientHello), ours (the configured list or OpenSSL's default one,
//! less what the security level forbids), the CA names a client received.
//!
//! A client reads the signature schemes of a server's CertificateRequest
//! as rustls hands them to the certificate resolver; the request's
//! certificate types it does not see: its certificate type flag assumes
//! a TLS 1.2 request lists RSA and ECDSA signing (OpenSSL's and rustls's
//! servers do).

use super::Conn;
use crate::abi::*;
use crate::x509::X509;
use crate::x509::algs::{self, CertAlgs, KeyKind};

/// The private key's kind, as the certificate slot OpenSSL files it in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeySlot {
    Rsa,
    RsaPss,
    Ec,
    Ed25519,
    Ed448,
}

/// The key slot a signature scheme signs with (OpenSSL's `sig_idx`).
fn slot_of(code: u16) -> Option<KeySlot> {
    Some(match code {
        0x0201 | 0x0301 | 0x0401 | 0x0501 | 0x0601 | 0x0804..=0x0806 => KeySlot::Rsa,
        0x0809..=0x080b => KeySlot::RsaPss,
        0x0203 | 0x0303 | 0x0403 | 0x0503 | 0x0603 => KeySlot::Ec,
        0x0807 => KeySlot::Ed25519,
        0x0808 => KeySlot::Ed448,
        _ => return None,
    })
}

/// Security bits of a scheme's hash (OpenSSL 3.0 counts SHA-1 as 64).
fn bits(code: u16) -> u32 {
    match code {
        0x0201..=0x0203 => 64,
        0x0301..=0x0303 => 112,
        0x0807 | 0x0401 | 0x0403 | 0x0804 | 0x0809 => 128,
        0x0501 | 0x0503 | 0x0805 | 0x080a => 192,
        0x0808 => 224,
        _ => 256,
    }
}

/// What a security level asks of a signature's hash.
pub(super) fn min_bits(level: i32) -> u32 {
    match level {
        i32::MIN..=0 => 0,
        1 => 80,
        2 => 112,
        3 => 128,
        4 => 192,
        _ => 256,
    }
}

fn is_pkcs1(code: u16) -> bool {
    code & 0xff == 0x01 && code <= 0x0601
}

/// The TLS 1.3 curve an ECDSA scheme is bound to.
fn scheme_curve(code: u16) -> Option<u16> {
    match code {
        0x0403 => Some(0x0017),
        0x0503 => Some(0x0018),
        0x0603 => Some(0x0019),
        _ => None,
    }
}

/// How a certificate's own signature is judged (`tls1_check_sig_alg`).
enum SigCheck<'a> {
    /// Any (no default for this key type).
    Any,
    /// No peer list: RFC 5246's default, SHA-1 with the key's algorithm.
    Default(u16),
    /// Among the shared schemes.
    Shared(&'a [u16]),
}

impl SigCheck<'_> {
    fn accepts(&self, c: &CertAlgs) -> bool {
        match self {
            SigCheck::Any => true,
            SigCheck::Default(d) => c.signed_with == Some(*d),
            SigCheck::Shared(s) => c.signed_with.is_some_and(|w| s.contains(&w)),
        }
    }
}

impl Conn {
    /// `SSL_check_chain`'s `CERT_PKEY_*` flags for `leaf` with a key of
    /// kind `slot` and the `chain` above it.
    pub fn check_chain(&self, leaf: &X509, slot: KeySlot, chain: &[std::sync::Arc<X509>]) -> i32 {
        let Some(leaf_algs) = algs::of(leaf.der()) else {
            return 0;
        };
        let chain_algs: Vec<CertAlgs> = chain.iter().filter_map(|c| algs::of(c.der())).collect();
        let version = self.version();
        let ge12 = !crate::ctx::method::is_dtls_version(version) && version >= TLS1_2_VERSION;
        let tls13 = version == TLS1_3_VERSION;
        let server = self.is_server;
        let hello_seen = self.intro.hello.client_random.is_some();
        let requested =
            crate::verify::session::with(&self.verify, |v| v.peer.request_sigalgs.clone());
        let peer: Option<&[u16]> = if server {
            (hello_seen && !self.intro.hello.client_sigalgs.is_empty())
                .then_some(self.intro.hello.client_sigalgs.as_slice())
        } else {
            requested.as_deref()
        };
        let ours: Vec<u16> = match &self.settings.sigalgs {
            Some(a) => a.iter().map(|s| u16::from(*s)).collect(),
            None => crate::ctx::sigalgs::DEFAULT_ORDER.to_vec(),
        };
        let floor = min_bits(self.settings.security_level);
        let shared: Vec<u16> = peer.map_or_else(Vec::new, |p| {
            ours.iter()
                .copied()
                .filter(|c| p.contains(c) && bits(*c) >= floor)
                .collect()
        });

        let mut rv = 0;
        if ge12 {
            let default = match slot {
                KeySlot::Rsa => Some(0x0201),
                KeySlot::Ec => Some(0x0203),
                _ => None,
            };
            let check = match (peer, default) {
                (Some(_), _) => SigCheck::Shared(&shared),
                (None, Some(d)) => SigCheck::Default(d),
                (None, None) => SigCheck::Any,
            };
            // No peer list, and a configured one without SHA-1 for this key:
            // the signatures are not judged.
            let skip = peer.is_none()
                && default.is_some()
                && self.settings.sigalgs.is_some()
                && !ours
                    .iter()
                    .any(|c| bits(*c) == 64 && slot_of(*c) == Some(slot));
            if !skip {
                let ee = if tls13 {
                    self.tls13_scheme_for(&shared, slot, &leaf_algs)
                } else {
                    check.accepts(&leaf_algs)
                };
                if ee {
                    rv |= CERT_PKEY_EE_SIGNATURE;
                }
                if chain_algs.len() == chain.len() && chain_algs.iter().all(|c| check.accepts(c)) {
                    rv |= CERT_PKEY_CA_SIGNATURE;
                }
            }
        } else {
            rv |= CERT_PKEY_EE_SIGNATURE | CERT_PKEY_CA_SIGNATURE;
        }

        if self.cert_param_ok(&leaf_algs) {
            rv |= CERT_PKEY_EE_PARAM;
        }
        if !server
            || (chain_algs.len() == chain.len() && chain_algs.iter().all(|c| self.cert_param_ok(c)))
        {
            rv |= CERT_PKEY_CA_PARAM;
        }

        if server {
            rv |= CERT_PKEY_ISSUER_NAME | CERT_PKEY_CERT_TYPE;
        } else {
            let received = crate::verify::session::with(&self.verify, |v| v.peer.ca_names.clone());
            let typed = matches!(slot, KeySlot::Rsa | KeySlot::Ec);
            // A TLS 1.2 CertificateRequest names the certificate types
            // (OpenSSL's and rustls's servers: RSA and ECDSA signing).
            if !typed || (received.is_some() && !tls13) {
                rv |= CERT_PKEY_CERT_TYPE;
            }
            let issued_by_named = |x: &X509| {
                received.as_ref().is_some_and(|l| {
                    l.names()
                        .iter()
                        .any(|n| n.cmp_canonical(x.issuer()).is_eq())
                })
            };
            if received.as_ref().is_none_or(|l| l.names().is_empty())
                || issued_by_named(leaf)
                || chain.iter().any(|c| issued_by_named(c))
            {
                rv |= CERT_PKEY_ISSUER_NAME;
            }
        }

        let needed = CERT_PKEY_EE_SIGNATURE | CERT_PKEY_EE_PARAM;
        if rv & needed == needed {
            rv |= CERT_PKEY_VALID;
        }
        if ge12 {
            // Whether a shared scheme signs with this kind of key (what a
            // server learns from the ClientHello, a client from the
            // CertificateRequest).
            let can_sign = shared
                .iter()
                .any(|c| slot_of(*c) == Some(slot) && !(tls13 && is_pkcs1(*c)));
            if can_sign {
                rv |= CERT_PKEY_EXPLICIT_SIGN | CERT_PKEY_SIGN;
            }
        } else {
            rv |= CERT_PKEY_SIGN | CERT_PKEY_EXPLICIT_SIGN;
        }
        rv
    }

    /// TLS 1.3 (`find_sig_alg`): a shared scheme other than SHA-1, SHA-224
    /// and PKCS#1 that this key can sign with (an ECDSA one on its curve).
    fn tls13_scheme_for(&self, shared: &[u16], slot: KeySlot, leaf: &CertAlgs) -> bool {
        let curve = match leaf.key {
            KeyKind::Ec(g) => g,
            _ => None,
        };
        shared.iter().any(|c| {
            bits(*c) > 112
                && !is_pkcs1(*c)
                && slot_of(*c) == Some(slot)
                && (slot != KeySlot::Ec || scheme_curve(*c).is_none_or(|g| Some(g) == curve))
        })
    }

    /// `tls1_check_cert_param`: an EC key's curve must be one we offer (a
    /// client) and one the peer offered (a server that saw its groups).
    fn cert_param_ok(&self, c: &CertAlgs) -> bool {
        let KeyKind::Ec(group) = c.key else {
            return true;
        };
        let Some(g) = group else {
            return false;
        };
        if !self.is_server {
            return self
                .settings
                .groups
                .iter()
                .any(|k| u16::from(k.name()) == g);
        }
        match self.client_hello.as_ref().and_then(|h| h.extension(10)) {
            // A length, then two bytes per group.
            Some(list) if list.len() > 2 => list[2..]
                .chunks_exact(2)
                .any(|p| u16::from_be_bytes([p[0], p[1]]) == g),
            _ => true,
        }
    }
}
