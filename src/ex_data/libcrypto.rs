//! The drop-in flavour's `Foreign` slots: libcrypto's `CRYPTO_EX_DATA` for
//! `SSL`, `SSL_CTX` and `SSL_SESSION` (the classes a program reaches through
//! libssl's `*_get_ex_new_index` macros, which are libcrypto's
//! `CRYPTO_get_ex_new_index`). The calls are `crate::os::libcrypto::ex_data`.

use super::Foreign;
use crate::abi::{CRYPTO_EX_INDEX_SSL, CRYPTO_EX_INDEX_SSL_CTX, CRYPTO_EX_INDEX_SSL_SESSION};
use crate::os::libcrypto::ex_data::Store;

pub struct LibcryptoSlots(Store);

impl Foreign for LibcryptoSlots {
    fn for_class(class: i32) -> Option<Self> {
        [
            CRYPTO_EX_INDEX_SSL,
            CRYPTO_EX_INDEX_SSL_CTX,
            CRYPTO_EX_INDEX_SSL_SESSION,
        ]
        .contains(&class)
        .then(|| LibcryptoSlots(Store::new(class)))
    }
    fn created(&self, parent: usize) {
        // A failure is libcrypto's allocation failure, queued by it; the
        // object stays usable, as OpenSSL's SSL_new would not (it fails)
        // but nothing here can refuse a made object.
        let _ = self.0.created(parent);
    }
    fn destroyed(&self, parent: usize) {
        self.0.destroyed(parent)
    }
    fn copy_from(&self, from: &Self) {
        let _ = self.0.copy_from(&from.0);
    }
    fn set(&self, idx: i32, value: usize) -> bool {
        self.0.set(idx, value)
    }
    fn get(&self, idx: i32) -> usize {
        self.0.get(idx)
    }
}
