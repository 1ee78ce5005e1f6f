//! `RSA` of the standalone flavour: an RSA key seen through its `EVP_PKEY`
//! (`EVP_PKEY_get1_RSA`), for the questions programs still ask of one
//! (curl: `RSA_flags` for an engine's `RSA_METHOD_FLAG_NO_CHECK`, which no
//! key here has). The key itself stays in the `EVP_PKEY`.

use super::EvpPkey;
use std::sync::Arc;

#[repr(C)]
#[derive(Debug)]
pub struct RsaKey {
    magic: u64,
    pkey: Arc<EvpPkey>,
}

impl RsaKey {
    pub const MAGIC: u64 = 0x5353_4c53_5253_414b; // "SSLSRSAK"

    pub fn of(pkey: Arc<EvpPkey>) -> RsaKey {
        RsaKey {
            magic: Self::MAGIC,
            pkey,
        }
    }

    pub fn magic(&self) -> u64 {
        self.magic
    }

    pub fn pkey(&self) -> &Arc<EvpPkey> {
        &self.pkey
    }
}
