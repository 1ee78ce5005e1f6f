//! Our own certificate chain and private key, as an `SSL_CTX` or `SSL`
//! holds them; reading them from files (`SSL_CTX_use_certificate_file`,
//! `_chain_file`, `_PrivateKey_file`) is `crate::x509::load`.

use pki_types::CertificateDer;
use rustls::sign::CertifiedKey;
use std::sync::Arc;

use crate::verify::RootStore;

pub use crate::x509::load::{
    ChainFile, LoadError, LoadedKey, PemStop, read_certs, read_chain_file, read_key,
};

/// Our certificate chain and key, as an `SSL_CTX` or `SSL` holds them.
#[derive(Clone, Debug, Default)]
pub struct CertSlot {
    pub chain: Vec<CertificateDer<'static>>,
    pub key: Option<LoadedKey>,
    /// The context's extra chain certificates (`SSL_CTX_add_extra_chain_cert`):
    /// sent after a certificate that has no chain of its own.
    pub extra: Vec<CertificateDer<'static>>,
    /// A chain set before any certificate (`SSL_CTX_set0_chain` first):
    /// OpenSSL keeps it for the certificate that comes.
    pub pending_chain: Vec<CertificateDer<'static>>,
    /// The certificate's chain was built and is empty (OpenSSL's empty
    /// `cpk->chain`, not NULL): nothing is added to the lone certificate.
    pub no_auto_chain: bool,
    /// `SSL_MODE_NO_AUTO_CHAIN` in the context's (or the connection's)
    /// mode: a lone certificate is sent alone.
    pub mode_no_auto: bool,
}

/// Why `set_cert_and_key` refused.
#[derive(Debug, PartialEq, Eq)]
pub enum CertAndKeyError {
    /// Something is set and the caller did not ask to replace it.
    NotReplacing,
    /// The key is not the certificate's.
    Mismatch,
}

/// `check_private_key`'s outcome.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyCheck {
    Ok,
    NoCertificate,
    NoKey,
    Mismatch,
}

impl CertSlot {
    /// A new certificate keeps the chain already set, as OpenSSL's
    /// `SSL_CTX_use_certificate` does.
    pub fn set_leaf(&mut self, leaf: CertificateDer<'static>) {
        if self.chain.is_empty() {
            self.chain = std::iter::once(leaf)
                .chain(std::mem::take(&mut self.pending_chain))
                .collect();
        } else {
            self.chain[0] = leaf;
        }
    }

    /// Replaces the chain after the certificate (`set0/set1_chain`).
    pub fn set_chain(&mut self, rest: Vec<CertificateDer<'static>>) {
        self.no_auto_chain = false;
        if self.chain.is_empty() {
            self.pending_chain = rest;
        } else {
            self.chain.truncate(1);
            self.chain.extend(rest);
        }
    }

    /// Appends to the chain after the certificate (`add0/add1_chain_cert`).
    pub fn add_chain(&mut self, cert: CertificateDer<'static>) {
        if self.chain.is_empty() {
            self.pending_chain.push(cert);
        } else {
            self.chain.push(cert);
        }
    }

    /// The whole chain at once, certificate first (`use_certificate_chain_file`).
    pub fn set_all(&mut self, chain: Vec<CertificateDer<'static>>) {
        self.chain = chain;
        self.pending_chain.clear();
    }

    /// `SSL_CTX_use_cert_and_key`: certificate, key and chain at once, all
    /// or nothing (OpenSSL's `ssl_set_cert_and_key`). Without `replace`,
    /// a slot that holds anything is left alone; a key must be the
    /// certificate's (no key: the certificate alone, for a key the program
    /// supplies elsewhere).
    pub fn set_cert_and_key(
        &mut self,
        leaf: CertificateDer<'static>,
        key: Option<LoadedKey>,
        rest: Vec<CertificateDer<'static>>,
        replace: bool,
    ) -> Result<(), CertAndKeyError> {
        let occupied =
            !self.chain.is_empty() || self.key.is_some() || !self.pending_chain.is_empty();
        if occupied && !replace {
            return Err(CertAndKeyError::NotReplacing);
        }
        if let Some(k) = &key
            && !k.matches_cert(&leaf)
        {
            return Err(CertAndKeyError::Mismatch);
        }
        self.chain = std::iter::once(leaf).chain(rest).collect();
        self.pending_chain.clear();
        self.key = key;
        Ok(())
    }

    pub fn check(&self) -> KeyCheck {
        let Some(leaf) = self.chain.first() else {
            return KeyCheck::NoCertificate;
        };
        let Some(key) = &self.key else {
            return KeyCheck::NoKey;
        };
        if key.matches_cert(leaf) {
            KeyCheck::Ok
        } else {
            KeyCheck::Mismatch
        }
    }

    /// The rustls form, when both halves are present and match. A lone
    /// certificate gets OpenSSL's automatic chain from `roots` (the
    /// context's trust store), as OpenSSL sends it.
    pub fn certified_key(&self, roots: &RootStore) -> Option<Arc<CertifiedKey>> {
        if self.check() != KeyCheck::Ok {
            return None;
        }
        let key = self.key.as_ref()?;
        let chain = match &self.chain[..] {
            [leaf] if !self.extra.is_empty() => {
                std::iter::once(leaf).chain(&self.extra).cloned().collect()
            }
            [leaf] if self.no_auto_chain || self.mode_no_auto => vec![leaf.clone()],
            [leaf] => crate::verify::auto_chain(roots, leaf),
            _ => self.chain.clone(),
        };
        Some(Arc::new(CertifiedKey::new(chain, key.signer.clone())))
    }
}
