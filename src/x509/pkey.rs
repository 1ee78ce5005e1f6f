//! `EVP_PKEY`: a private key as libssl users hand it around (from
//! `PEM_read_PrivateKey`, to `SSL_use_PrivateKey` or a client certificate
//! callback), holding the key and the rustls signer made from it; or a
//! certificate's public key (`X509_get_pubkey`), holding its
//! SubjectPublicKeyInfo for the few questions programs ask of it (type,
//! size, RSA parameters). Nothing of libcrypto's key API beyond that.

use super::load::{LoadError, LoadedKey};
use pki_types::PrivateKeyDer;
use std::sync::Arc;

#[repr(C)]
#[derive(Debug)]
pub struct EvpPkey {
    magic: u64,
    key: Key,
}

#[derive(Debug)]
enum Key {
    Private(LoadedKey),
    /// A SubjectPublicKeyInfo in DER.
    Public(Vec<u8>),
}

impl EvpPkey {
    pub const MAGIC: u64 = 0x5353_4c53_504b_4559; // "SSLSPKEY"

    pub fn magic(&self) -> u64 {
        self.magic
    }

    pub fn new(key: LoadedKey) -> Arc<EvpPkey> {
        Arc::new(EvpPkey {
            magic: Self::MAGIC,
            key: Key::Private(key),
        })
    }

    /// A public key from its SubjectPublicKeyInfo DER.
    pub fn public(spki: Vec<u8>) -> Arc<EvpPkey> {
        Arc::new(EvpPkey {
            magic: Self::MAGIC,
            key: Key::Public(spki),
        })
    }

    /// A PKCS#8, PKCS#1 (RSA) or SEC1 (EC) private key in DER, as
    /// `d2i_AutoPrivateKey` accepts.
    pub fn from_der(der: &[u8]) -> Result<Arc<EvpPkey>, LoadError> {
        let der = PrivateKeyDer::try_from(der.to_vec()).map_err(|_| LoadError::NoObject)?;
        Ok(Self::new(LoadedKey::new(der)?))
    }

    /// The private key; None for a public key.
    pub fn key(&self) -> Option<&LoadedKey> {
        match &self.key {
            Key::Private(k) => Some(k),
            Key::Public(_) => None,
        }
    }

    /// The SubjectPublicKeyInfo DER (a private key's from its signer).
    pub fn spki(&self) -> Option<Vec<u8>> {
        match &self.key {
            Key::Private(k) => k.signer.public_key().map(|s| s.as_ref().to_vec()),
            Key::Public(spki) => Some(spki.clone()),
        }
    }
}
