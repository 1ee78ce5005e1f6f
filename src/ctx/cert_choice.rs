//! Which of our certificates (`OwnCerts` slots) a handshake uses, as
//! OpenSSL 3.0 decides (ssl/t1_lib.c `tls_choose_sigalg`):
//!
//! - TLS 1.3 (`find_sig_alg`): the shared signature algorithms are walked
//!   in the peer's order (ours with `SSL_OP_CIPHER_SERVER_PREFERENCE`),
//!   skipping SHA-1, SHA-224, DSA and PKCS#1; the first one whose slot
//!   holds a certificate and key (an ECDSA one on the algorithm's curve)
//!   wins.
//! - TLS 1.2, server: the cipher suite comes first (`ssl3_choose_cipher`),
//!   among those whose authentication a usable slot offers (`ssl_set_masks`:
//!   a slot with a certificate and key, an EC one on a curve both sides
//!   list, and a shared signature algorithm for it); then the first shared
//!   algorithm whose slot fits that suite.
//! - TLS 1.2, client: only the current slot, if a shared algorithm signs
//!   with it.
//!
//! rustls asks its certificate resolver before it picks the suite, and
//! then picks the first suite that suits the key: the same suite, since
//! both go by the same preference order.
//!
//! An algorithm counts for a slot only if our key can sign with it:
//! aws-lc signs ECDSA on a key's own curve only (TLS 1.2 lets OpenSSL sign
//! `ecdsa_secp384r1_sha384` with a P-256 key), so such an offer leaves the
//! EC certificate out where OpenSSL would take it.

use super::certs::{SLOT_ECC, SLOT_ED448, SLOT_ED25519, SLOT_RSA, SLOT_RSA_PSS};

/// A slot with its certificate and key (both present and matching), for
/// an EC key the TLS group of its curve, and the signature algorithms the
/// key can sign with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Usable {
    pub slot: usize,
    pub curve: Option<u16>,
    pub signs: Vec<u16>,
}

/// A TLS 1.2 suite's authentication.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    Rsa,
    Ecdsa,
}

/// What the handshake offers to choose from.
#[derive(Debug)]
pub struct Offer<'a> {
    pub tls13: bool,
    /// The peer's signature algorithms in its order; `None` when it sent
    /// none (a TLS 1.2 ClientHello may omit them).
    pub peer_sigalgs: Option<&'a [u16]>,
    /// Ours: the configured list, or OpenSSL's default one.
    pub own_sigalgs: &'a [u16],
    /// `SSL_OP_CIPHER_SERVER_PREFERENCE`: our order, not the peer's.
    pub prefer_own: bool,
    /// TLS 1.2 server: the suites both sides have, in preference order.
    pub suites: &'a [Auth],
    /// TLS 1.2 server: the groups the client listed (`None`: it sent
    /// none, any curve will do).
    pub peer_groups: Option<&'a [u16]>,
}

/// The slot a signature algorithm signs with (OpenSSL's `sig_idx`); `None`
/// for DSA and unknown ones.
pub fn sig_slot(code: u16) -> Option<usize> {
    Some(match code {
        0x0201 | 0x0301 | 0x0401 | 0x0501 | 0x0601 | 0x0804..=0x0806 => SLOT_RSA,
        0x0809..=0x080b => SLOT_RSA_PSS,
        0x0203 | 0x0303 | 0x0403 | 0x0503 | 0x0603 => SLOT_ECC,
        0x0807 => SLOT_ED25519,
        0x0808 => SLOT_ED448,
        _ => return None,
    })
}

/// The curve a TLS 1.3 ECDSA algorithm is bound to.
fn sig_curve(code: u16) -> Option<u16> {
    match code {
        0x0403 => Some(0x0017),
        0x0503 => Some(0x0018),
        0x0603 => Some(0x0019),
        _ => None,
    }
}

/// The authentication a slot offers in TLS 1.2.
fn slot_auth(slot: usize) -> Auth {
    if slot == SLOT_RSA || slot == SLOT_RSA_PSS {
        Auth::Rsa
    } else {
        Auth::Ecdsa
    }
}

impl Offer<'_> {
    /// The shared algorithms in the deciding side's order
    /// (`tls12_shared_sigalgs`).
    fn shared(&self) -> impl Iterator<Item = u16> + '_ {
        let peer = self.peer_sigalgs.unwrap_or_default();
        let (pref, allow) = if self.prefer_own {
            (self.own_sigalgs, peer)
        } else {
            (peer, self.own_sigalgs)
        };
        pref.iter().copied().filter(move |c| allow.contains(c))
    }

    /// TLS 1.3's choice (`find_sig_alg`).
    fn tls13(&self, usable: &[Usable]) -> Option<usize> {
        self.shared().find_map(|code| {
            let sha1_or_224 = matches!(code & 0xff00, 0x0200 | 0x0300);
            let pkcs1 = matches!(code, 0x0401 | 0x0501 | 0x0601);
            if sha1_or_224 || pkcs1 {
                return None;
            }
            let slot = sig_slot(code)?;
            let u = usable
                .iter()
                .find(|u| u.slot == slot && u.signs.contains(&code))?;
            match sig_curve(code) {
                Some(c) if slot == SLOT_ECC && u.curve != Some(c) => None,
                _ => Some(slot),
            }
        })
    }

    /// A TLS 1.2 server's slot validity (`tls1_check_cert_param`): an EC
    /// certificate's curve must be one the client lists. A server does not
    /// check its own groups there (`check_own_groups` is `!s->server`): a
    /// P-256 certificate serves a client offering P-256 even when the key
    /// exchange can only use P-521.
    fn valid12(&self, u: &Usable) -> bool {
        if u.slot != SLOT_ECC {
            return true;
        }
        u.curve
            .is_some_and(|c| self.peer_groups.is_none_or(|p| p.contains(&c)))
    }

    /// TLS 1.2 server: the suite's authentication, then the slot.
    fn tls12_server(&self, usable: &[Usable]) -> Option<usize> {
        // Asked per handshake: nothing here is collected.
        let valid = |slot: usize| usable.iter().any(|u| u.slot == slot && self.valid12(u));
        // The shared algorithms, as far as our key for each can sign.
        let shared = || {
            self.shared().filter(|c| {
                usable
                    .iter()
                    .all(|u| Some(u.slot) != sig_slot(*c) || u.signs.contains(c))
            })
        };
        // A slot signs if a shared algorithm uses it; without the peer's
        // list, RSA and ECDSA keys sign with RFC 5246's defaults.
        let explicit = |slot: usize| shared().any(|c| sig_slot(c) == Some(slot));
        let signs = |slot: usize| {
            explicit(slot)
                || (self.peer_sigalgs.is_none() && (slot == SLOT_RSA || slot == SLOT_ECC))
        };
        let offers = |auth: Auth| {
            usable
                .iter()
                .any(|u| self.valid12(u) && slot_auth(u.slot) == auth && signs(u.slot))
        };
        let auth = *self.suites.iter().find(|a| offers(**a))?;
        let by_sigalg = shared().find_map(|c| {
            let slot = sig_slot(c)?;
            (slot_auth(slot) == auth && valid(slot)).then_some(slot)
        });
        by_sigalg.or_else(|| {
            let default = match auth {
                Auth::Rsa => SLOT_RSA,
                Auth::Ecdsa => SLOT_ECC,
            };
            valid(default).then_some(default)
        })
    }

    /// The slot a server presents; `None` when OpenSSL's handshake would
    /// fail for want of one.
    pub fn server_choice(&self, usable: &[Usable]) -> Option<usize> {
        if self.tls13 {
            self.tls13(usable)
        } else {
            self.tls12_server(usable)
        }
    }

    /// The slot a client answers a CertificateRequest with; `None`: none
    /// of ours (the client certificate callback is asked then).
    pub fn client_choice(&self, usable: &[Usable], current: usize) -> Option<usize> {
        if self.tls13 {
            return self.tls13(usable);
        }
        let cur = usable.iter().find(|u| u.slot == current)?;
        self.shared()
            .any(|c| sig_slot(c) == Some(cur.slot) && cur.signs.contains(&c))
            .then_some(cur.slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rsa() -> Usable {
        Usable {
            slot: SLOT_RSA,
            curve: None,
            signs: vec![0x0401, 0x0501, 0x0601, 0x0804, 0x0805, 0x0806],
        }
    }
    fn ec() -> Usable {
        Usable {
            slot: SLOT_ECC,
            curve: Some(0x17),
            signs: vec![0x0403],
        }
    }
    fn ed() -> Usable {
        Usable {
            slot: SLOT_ED25519,
            curve: None,
            signs: vec![0x0807],
        }
    }
    const DEFAULT: [u16; 18] = crate::ctx::sigalgs::DEFAULT_ORDER;

    fn offer<'a>(tls13: bool, peer: &'a [u16], suites: &'a [Auth]) -> Offer<'a> {
        Offer {
            tls13,
            peer_sigalgs: Some(peer),
            own_sigalgs: &DEFAULT,
            prefer_own: false,
            suites,
            peer_groups: Some(&[0x1d, 0x17]),
        }
    }

    #[test]
    fn tls13_walks_the_peers_order() {
        let all = [rsa(), ec(), ed()];
        assert_eq!(
            offer(true, &[0x0807, 0x0403], &[]).server_choice(&all),
            Some(SLOT_ED25519)
        );
        assert_eq!(
            offer(true, &[0x0804, 0x0807], &[]).server_choice(&all),
            Some(SLOT_RSA)
        );
        // PKCS#1 does not sign TLS 1.3; P-384's algorithm wants a P-384 key.
        assert_eq!(
            offer(true, &[0x0401, 0x0503], &[]).server_choice(&all),
            None
        );
        let mut o = offer(true, &[0x0403, 0x0804], &[]);
        o.prefer_own = true;
        o.own_sigalgs = &[0x0804, 0x0403];
        assert_eq!(o.server_choice(&all), Some(SLOT_RSA));
    }

    #[test]
    fn tls12_takes_the_suite_first() {
        let all = [rsa(), ec(), ed()];
        let ecdsa_first = [Auth::Ecdsa, Auth::Rsa];
        // The suite wants ECDSA; Ed25519 is the first shared algorithm for it.
        assert_eq!(
            offer(false, &[0x0804, 0x0807, 0x0403], &ecdsa_first).server_choice(&all),
            Some(SLOT_ED25519)
        );
        // No ECDSA algorithm: an RSA suite.
        assert_eq!(
            offer(false, &[0x0401], &ecdsa_first).server_choice(&all),
            Some(SLOT_RSA)
        );
        assert_eq!(
            offer(false, &[0x0807], &ecdsa_first).server_choice(&[rsa(), ec()]),
            None
        );
        // A P-256 key cannot sign SHA-384 here: RSA.
        assert_eq!(
            offer(false, &[0x0503, 0x0804], &ecdsa_first).server_choice(&all),
            Some(SLOT_RSA)
        );
        // The client lists no P-256: the EC certificate is out.
        let mut o = offer(false, &[0x0403, 0x0804], &ecdsa_first);
        o.peer_groups = Some(&[0x1d]);
        assert_eq!(o.server_choice(&[rsa(), ec()]), Some(SLOT_RSA));
    }

    #[test]
    fn a_tls12_client_keeps_its_current_certificate() {
        let all = [rsa(), ec()];
        let o = offer(false, &[0x0403, 0x0804], &[]);
        assert_eq!(o.client_choice(&all, SLOT_RSA), Some(SLOT_RSA));
        let o = offer(false, &[0x0403], &[]);
        assert_eq!(o.client_choice(&all, SLOT_RSA), None);
        let o = offer(true, &[0x0403, 0x0804], &[]);
        assert_eq!(o.client_choice(&all, SLOT_RSA), Some(SLOT_ECC));
    }
}
