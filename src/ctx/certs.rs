//! Our own certificates and private keys, as an `SSL_CTX` or `SSL` holds
//! them (OpenSSL's `CERT`, ssl/ssl_cert.c): one slot per key type, each
//! with its certificate, key and chain, and a current slot that the
//! getters, the key check and the chain functions act on. Reading them
//! from files (`SSL_CTX_use_certificate_file`, `_chain_file`,
//! `_PrivateKey_file`) is `crate::x509::load`.

use pki_types::CertificateDer;
use rustls::sign::CertifiedKey;
use std::sync::Arc;

use crate::verify::RootStore;
use crate::x509::algs::KeyKind;

pub use crate::x509::load::{
    ChainFile, LoadError, LoadedKey, PemStop, read_certs, read_chain_file, read_key,
};

/// OpenSSL's slots (`SSL_PKEY_*` in ssl_local.h), in its order: the order
/// `SSL_CTX_set_current_cert` walks them in. The DSA and GOST slots stay
/// empty here (rustls signs with neither) but keep their places.
pub const SLOT_RSA: usize = 0;
pub const SLOT_RSA_PSS: usize = 1;
pub const SLOT_ECC: usize = 3;
pub const SLOT_ED25519: usize = 7;
pub const SLOT_ED448: usize = 8;
/// `SSL_PKEY_NUM`.
pub const SLOTS: usize = 9;

/// The slot of a certificate's public key; `None` for a key type OpenSSL
/// has no slot for (`SSL_R_UNKNOWN_CERTIFICATE_TYPE`).
pub fn slot_of_cert(der: &[u8]) -> Option<usize> {
    Some(match crate::x509::algs::of(der)?.key {
        KeyKind::Rsa => SLOT_RSA,
        KeyKind::RsaPss => SLOT_RSA_PSS,
        KeyKind::Ec(_) => SLOT_ECC,
        KeyKind::Ed25519 => SLOT_ED25519,
        KeyKind::Ed448 => SLOT_ED448,
        KeyKind::Other => return None,
    })
}

/// The slot of a private key.
pub fn slot_of_key(key: &LoadedKey) -> Option<usize> {
    use rustls::SignatureAlgorithm as A;
    Some(match key.signer.algorithm() {
        A::RSA => SLOT_RSA,
        A::ECDSA => SLOT_ECC,
        A::ED25519 => SLOT_ED25519,
        A::ED448 => SLOT_ED448,
        _ => return None,
    })
}

/// One key type's certificate, key and chain (OpenSSL's `CERT_PKEY`).
#[derive(Clone, Debug, Default)]
pub struct CertPkey {
    pub leaf: Option<CertificateDer<'static>>,
    pub key: Option<LoadedKey>,
    /// The certificates sent after the leaf: `None` is OpenSSL's NULL
    /// chain (the context's extra chain certificates, else the automatic
    /// chain, are sent); an empty one (built empty, or set so) adds
    /// nothing to the leaf.
    pub chain: Option<Vec<CertificateDer<'static>>>,
}

impl CertPkey {
    /// Certificate and key both set (OpenSSL's `ssl_has_cert`).
    pub fn complete(&self) -> bool {
        self.leaf.is_some() && self.key.is_some()
    }

    fn is_empty(&self) -> bool {
        self.leaf.is_none() && self.key.is_none() && self.chain.is_none()
    }
}

/// All slots and the current one, as an `SSL_CTX` or `SSL` holds them.
#[derive(Clone, Debug, Default)]
pub struct OwnCerts {
    pkeys: [CertPkey; SLOTS],
    /// OpenSSL's `cert->key`: RSA's until something is set.
    current: usize,
    /// The context's extra chain certificates (`SSL_CTX_add_extra_chain_cert`):
    /// sent after a certificate that has no chain of its own.
    pub extra: Vec<CertificateDer<'static>>,
    /// `SSL_MODE_NO_AUTO_CHAIN` in the context's (or the connection's)
    /// mode: a lone certificate is sent alone.
    pub mode_no_auto: bool,
}

/// Why a certificate or key was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum CertError {
    /// A key type without a slot (`SSL_R_UNKNOWN_CERTIFICATE_TYPE`).
    UnknownType,
    /// The key is not the slot's certificate's (`X509_check_private_key`'s
    /// `X509_R_KEY_VALUES_MISMATCH`).
    Mismatch,
    /// `use_cert_and_key` without override, and the slot holds something
    /// (`SSL_R_NOT_REPLACING_CERTIFICATE`).
    NotReplacing,
}

/// `check_private_key`'s outcome.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyCheck {
    Ok,
    NoCertificate,
    NoKey,
    Mismatch,
}

/// `SSL_CTX_set_current_cert`'s operations (`SSL_CERT_SET_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetCurrent {
    First,
    Next,
}

impl OwnCerts {
    /// The current slot's index.
    pub fn current_index(&self) -> usize {
        self.current
    }

    /// The current slot.
    pub fn current(&self) -> &CertPkey {
        &self.pkeys[self.current]
    }

    fn current_mut(&mut self) -> &mut CertPkey {
        &mut self.pkeys[self.current]
    }

    pub fn slot(&self, i: usize) -> &CertPkey {
        &self.pkeys[i]
    }

    /// Makes slot `i` the current one (a handshake's choice).
    pub fn make_current(&mut self, i: usize) {
        if i < SLOTS {
            self.current = i;
        }
    }

    /// `SSL_CTX_use_certificate`: the certificate goes to its key type's
    /// slot, which becomes the current one; a key already there that is
    /// not its own is dropped (OpenSSL expects the key to be set next).
    /// As OpenSSL, the error queue is cleared whenever the slot had a key.
    pub fn set_leaf(&mut self, leaf: CertificateDer<'static>) -> Result<(), CertError> {
        let i = slot_of_cert(&leaf).ok_or(CertError::UnknownType)?;
        let slot = &mut self.pkeys[i];
        if let Some(k) = &slot.key {
            if !k.matches_cert(&leaf) {
                slot.key = None;
            }
            crate::err::clear();
        }
        slot.leaf = Some(leaf);
        self.current = i;
        Ok(())
    }

    /// `SSL_CTX_use_PrivateKey`: the key goes to its type's slot, which
    /// becomes the current one; refused, with nothing changed, when the
    /// slot's certificate is not its.
    pub fn set_key(&mut self, key: LoadedKey) -> Result<(), CertError> {
        let i = slot_of_key(&key).ok_or(CertError::UnknownType)?;
        let slot = &mut self.pkeys[i];
        if let Some(leaf) = &slot.leaf
            && !key.matches_cert(leaf)
        {
            return Err(CertError::Mismatch);
        }
        slot.key = Some(key);
        self.current = i;
        Ok(())
    }

    /// Whether `set_key` would take this key.
    pub fn accepts_key(&self, key: &LoadedKey) -> bool {
        slot_of_key(key).is_some_and(|i| {
            self.pkeys[i]
                .leaf
                .as_ref()
                .is_none_or(|leaf| key.matches_cert(leaf))
        })
    }

    /// Replaces the current slot's chain (`set0/set1_chain`; NULL: `None`).
    pub fn set_chain(&mut self, rest: Option<Vec<CertificateDer<'static>>>) {
        self.current_mut().chain = rest;
    }

    /// Appends to the current slot's chain (`add0/add1_chain_cert`).
    pub fn add_chain(&mut self, cert: CertificateDer<'static>) {
        self.current_mut()
            .chain
            .get_or_insert_with(Vec::new)
            .push(cert);
    }

    /// `use_certificate_chain_file`: the leaf as by `set_leaf`, then its
    /// slot's chain cleared and the rest added.
    pub fn set_all(&mut self, chain: Vec<CertificateDer<'static>>) -> Result<(), CertError> {
        let mut certs = chain.into_iter();
        let Some(leaf) = certs.next() else {
            return Ok(());
        };
        self.set_leaf(leaf)?;
        let rest: Vec<_> = certs.collect();
        self.set_chain((!rest.is_empty()).then_some(rest));
        Ok(())
    }

    /// `SSL_CTX_use_cert_and_key`: certificate, key and chain at once, all
    /// or nothing, in the certificate's slot (OpenSSL's
    /// `ssl_set_cert_and_key`). Without `replace`, a slot that holds
    /// anything is left alone; a key must be the certificate's (no key:
    /// the certificate alone, for a key the program supplies elsewhere).
    pub fn set_cert_and_key(
        &mut self,
        leaf: CertificateDer<'static>,
        key: Option<LoadedKey>,
        rest: Vec<CertificateDer<'static>>,
        replace: bool,
    ) -> Result<(), CertError> {
        let i = slot_of_cert(&leaf).ok_or(CertError::UnknownType)?;
        if !self.pkeys[i].is_empty() && !replace {
            return Err(CertError::NotReplacing);
        }
        if let Some(k) = &key
            && !k.matches_cert(&leaf)
        {
            return Err(CertError::Mismatch);
        }
        self.pkeys[i] = CertPkey {
            leaf: Some(leaf),
            key,
            chain: (!rest.is_empty()).then_some(rest),
        };
        self.current = i;
        Ok(())
    }

    /// `SSL_certs_clear`: every slot emptied.
    pub fn clear_certs(&mut self) {
        self.pkeys = Default::default();
        self.current = SLOT_RSA;
    }

    /// `SSL_CTX_set_current_cert` (`ssl_cert_set_current`): the first, or
    /// the next after the current one, of the slots holding both a
    /// certificate and a key; false (the current one unchanged) when
    /// there is none.
    pub fn set_current(&mut self, op: SetCurrent) -> bool {
        let from = match op {
            SetCurrent::First => 0,
            SetCurrent::Next => self.current + 1,
        };
        match (from..SLOTS).find(|&i| self.pkeys[i].complete()) {
            Some(i) => {
                self.current = i;
                true
            }
            None => false,
        }
    }

    /// `SSL_CTX_select_current_cert`: the slot holding this certificate
    /// (and a key).
    pub fn select(&mut self, der: &[u8]) -> bool {
        let found = (0..SLOTS).find(|&i| {
            let p = &self.pkeys[i];
            p.key.is_some() && p.leaf.as_ref().is_some_and(|l| l.as_ref() == der)
        });
        match found {
            Some(i) => {
                self.current = i;
                true
            }
            None => false,
        }
    }

    /// The current slot's certificate and key (`check_private_key`).
    pub fn check(&self) -> KeyCheck {
        let cur = self.current();
        let Some(leaf) = &cur.leaf else {
            return KeyCheck::NoCertificate;
        };
        let Some(key) = &cur.key else {
            return KeyCheck::NoKey;
        };
        if key.matches_cert(leaf) {
            KeyCheck::Ok
        } else {
            KeyCheck::Mismatch
        }
    }

    /// Same certificates, chains and key objects (whichever is current):
    /// what a cached rustls object made from them still stands for.
    pub fn same_as(&self, other: &OwnCerts) -> bool {
        let same_key = |a: &Option<LoadedKey>, b: &Option<LoadedKey>| match (a, b) {
            (Some(x), Some(y)) => Arc::ptr_eq(&x.signer, &y.signer),
            (None, None) => true,
            _ => false,
        };
        self.extra == other.extra
            && self.mode_no_auto == other.mode_no_auto
            && self
                .pkeys
                .iter()
                .zip(&other.pkeys)
                .all(|(a, b)| a.leaf == b.leaf && a.chain == b.chain && same_key(&a.key, &b.key))
    }

    /// The rustls form of each slot whose certificate and key are both
    /// present and match, in slot order. A certificate without a chain of
    /// its own gets the extra chain certificates, else OpenSSL's automatic
    /// chain from `roots` (the context's trust store), as OpenSSL sends it.
    pub fn certified_keys(&self, roots: &RootStore) -> Vec<(usize, Arc<CertifiedKey>)> {
        (0..SLOTS)
            .filter_map(|i| Some((i, self.certified_key(i, roots)?)))
            .collect()
    }

    fn certified_key(&self, i: usize, roots: &RootStore) -> Option<Arc<CertifiedKey>> {
        let p = &self.pkeys[i];
        let (leaf, key) = (p.leaf.as_ref()?, p.key.as_ref()?);
        if !key.matches_cert(leaf) {
            return None;
        }
        let alone = || vec![leaf.clone()];
        let chain = match &p.chain {
            Some(rest) => std::iter::once(leaf).chain(rest).cloned().collect(),
            None if !self.extra.is_empty() => {
                std::iter::once(leaf).chain(&self.extra).cloned().collect()
            }
            None if self.mode_no_auto => alone(),
            None => crate::verify::auto_chain(roots, leaf),
        };
        Some(Arc::new(CertifiedKey::new(chain, key.signer.clone())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cert(name: &str) -> CertificateDer<'static> {
        let path = format!("{}/tests/certs/{name}", env!("CARGO_MANIFEST_DIR"));
        read_certs(std::path::Path::new(&path), crate::abi::SSL_FILETYPE_PEM)
            .expect("fixture")
            .remove(0)
    }

    fn key(name: &str) -> LoadedKey {
        let path = format!("{}/tests/certs/{name}", env!("CARGO_MANIFEST_DIR"));
        read_key(std::path::Path::new(&path), crate::abi::SSL_FILETYPE_PEM).expect("fixture")
    }

    #[test]
    fn each_key_type_keeps_its_slot() {
        let mut c = OwnCerts::default();
        assert_eq!(c.set_leaf(cert("server.pem")), Ok(()));
        assert_eq!(c.set_key(key("server.key")), Ok(()));
        assert_eq!(c.set_leaf(cert("server-rsa.pem")), Ok(()));
        assert_eq!(c.current_index(), SLOT_RSA);
        assert_eq!(c.check(), KeyCheck::NoKey);
        assert_eq!(c.set_key(key("server-rsa.key")), Ok(()));
        assert_eq!(c.check(), KeyCheck::Ok);
        assert!(c.set_current(SetCurrent::First));
        assert_eq!(c.current_index(), SLOT_RSA);
        assert!(c.set_current(SetCurrent::Next));
        assert_eq!(c.current_index(), SLOT_ECC);
        assert!(!c.set_current(SetCurrent::Next));
        assert_eq!(c.current_index(), SLOT_ECC);
        assert_eq!(c.certified_keys(&RootStore::default()).len(), 2);
    }

    #[test]
    fn a_key_for_an_occupied_slot_must_match() {
        let mut c = OwnCerts::default();
        c.set_leaf(cert("server.pem")).unwrap();
        assert_eq!(c.set_key(key("client.key")), Err(CertError::Mismatch));
        assert!(c.current().key.is_none());
        // Another type's key goes to its own slot.
        assert_eq!(c.set_key(key("server-rsa.key")), Ok(()));
        assert_eq!(c.current_index(), SLOT_RSA);
        assert_eq!(c.check(), KeyCheck::NoCertificate);
        // A new certificate drops a key that is not its.
        c.set_key(key("server.key")).unwrap();
        c.set_leaf(cert("client.pem")).unwrap();
        assert!(c.current().key.is_none());
    }

    #[test]
    fn select_and_walk_skip_keyless_slots() {
        let mut c = OwnCerts::default();
        c.set_leaf(cert("server-rsa.pem")).unwrap();
        c.set_leaf(cert("server.pem")).unwrap();
        c.set_key(key("server.key")).unwrap();
        assert!(!c.select(&cert("server-rsa.pem")));
        assert!(c.set_current(SetCurrent::First));
        assert_eq!(c.current_index(), SLOT_ECC);
        assert!(c.select(&cert("server.pem")));
    }

    #[test]
    fn chains_belong_to_the_current_slot() {
        let mut c = OwnCerts::default();
        c.set_chain(Some(vec![cert("intermediate.pem")]));
        c.set_leaf(cert("server.pem")).unwrap();
        assert!(c.current().chain.is_none());
        c.set_leaf(cert("server-rsa.pem")).unwrap();
        assert_eq!(c.current().chain.as_ref().map(Vec::len), Some(1));
        c.set_all(vec![cert("server.pem")]).unwrap();
        assert_eq!(c.current_index(), SLOT_ECC);
        assert!(c.current().chain.is_none());
    }
}
