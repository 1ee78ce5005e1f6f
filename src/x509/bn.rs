//! `BIGNUM` of the standalone flavour: an unsigned big-endian magnitude.
//! Programs build one to hand DH parameters to `SSL_CTX_set_tmp_dh`
//! (socat, from fixed bytes with `BN_bin2bn`) or read one back; nothing
//! here does arithmetic, and nothing needs it: rustls has no finite-field
//! DHE and every key it uses is read from DER.

use std::sync::Mutex;

/// A `BIGNUM*`. The magnitude changes in place (`BN_bin2bn` into an
/// existing number), hence the lock.
#[repr(C)]
#[derive(Debug)]
pub struct BigNum {
    magic: u64,
    digits: Mutex<Vec<u8>>,
}

impl BigNum {
    pub const MAGIC: u64 = 0x5353_4c53_4249_474e; // "SSLSBIGN"

    /// Zero (`BN_new`).
    pub fn zero() -> BigNum {
        BigNum::from_be_bytes(&[])
    }

    /// The number whose unsigned big-endian bytes are `bytes`.
    pub fn from_be_bytes(bytes: &[u8]) -> BigNum {
        BigNum {
            magic: Self::MAGIC,
            digits: Mutex::new(strip(bytes).to_vec()),
        }
    }

    pub fn magic(&self) -> u64 {
        self.magic
    }

    /// Replaces the value (`BN_bin2bn` with a result to reuse).
    pub fn set_be_bytes(&self, bytes: &[u8]) {
        *self.lock() = strip(bytes).to_vec();
    }

    /// The minimal big-endian bytes (none for zero), as `BN_bn2bin` writes.
    pub fn to_be_bytes(&self) -> Vec<u8> {
        self.lock().clone()
    }

    /// `BN_num_bits`: 0 for zero.
    pub fn num_bits(&self) -> usize {
        let d = self.lock();
        match d.first() {
            None => 0,
            Some(&top) => d.len() * 8 - top.leading_zeros() as usize,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<u8>> {
        // A panic elsewhere cannot leave the bytes half-written.
        self.digits.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Without leading zero bytes.
fn strip(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magnitude_and_bits() {
        let n = BigNum::from_be_bytes(&[0, 0, 0x01, 0x00]);
        assert_eq!(n.to_be_bytes(), vec![0x01, 0x00]);
        assert_eq!(n.num_bits(), 9);
        n.set_be_bytes(&[0xff]);
        assert_eq!(n.num_bits(), 8);
        assert_eq!(BigNum::zero().num_bits(), 0);
        assert!(BigNum::zero().to_be_bytes().is_empty());
    }
}
