//! `EVP_PKEY`: a private key as libssl users hand it around (from
//! `PEM_read_PrivateKey`, to `SSL_use_PrivateKey` or a client certificate
//! callback). It holds the key and the rustls signer made from it; nothing
//! of libcrypto's key API beyond that.

use super::load::{LoadError, LoadedKey};
use pki_types::PrivateKeyDer;
use std::sync::Arc;

#[repr(C)]
#[derive(Debug)]
pub struct EvpPkey {
    magic: u64,
    key: LoadedKey,
}

impl EvpPkey {
    pub const MAGIC: u64 = 0x5353_4c53_504b_4559; // "SSLSPKEY"

    pub fn magic(&self) -> u64 {
        self.magic
    }

    pub fn new(key: LoadedKey) -> Arc<EvpPkey> {
        Arc::new(EvpPkey {
            magic: Self::MAGIC,
            key,
        })
    }

    /// A PKCS#8, PKCS#1 (RSA) or SEC1 (EC) private key in DER, as
    /// `d2i_AutoPrivateKey` accepts.
    pub fn from_der(der: &[u8]) -> Result<Arc<EvpPkey>, LoadError> {
        let der = PrivateKeyDer::try_from(der.to_vec()).map_err(|_| LoadError::NoObject)?;
        Ok(Self::new(LoadedKey::new(der)?))
    }

    pub fn key(&self) -> &LoadedKey {
        &self.key
    }
}
