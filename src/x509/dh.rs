//! `DH` of the standalone flavour: finite-field Diffie-Hellman parameters
//! (p, q, g). rustls offers no DHE cipher suite, so `SSL_CTX_set_tmp_dh`
//! accepts them without effect (src/ffi/tmp_dh.rs) as OpenSSL does when no
//! DHE suite is enabled; this object only holds what a program put in or
//! read from a PEM "DH PARAMETERS" block, for `DH_get0_pqg` and `DH_bits`.

use super::bn::BigNum;
use super::der::{self, Elements};
use std::sync::{Arc, Mutex};

/// p, q and g, each possibly absent (a fresh `DH_new`).
#[derive(Clone, Debug, Default)]
pub struct Pqg {
    pub p: Option<Arc<BigNum>>,
    pub q: Option<Arc<BigNum>>,
    pub g: Option<Arc<BigNum>>,
}

/// A `DH*`.
#[repr(C)]
#[derive(Debug)]
pub struct DhParams {
    magic: u64,
    pqg: Mutex<Pqg>,
}

impl DhParams {
    pub const MAGIC: u64 = 0x5353_4c53_4448_2121; // "SSLSDH!!"

    /// No parameters (`DH_new`).
    pub fn empty() -> DhParams {
        DhParams {
            magic: Self::MAGIC,
            pqg: Mutex::new(Pqg::default()),
        }
    }

    pub fn magic(&self) -> u64 {
        self.magic
    }

    /// PKCS #3 `DHParameter ::= SEQUENCE { prime INTEGER, base INTEGER,
    /// privateValueLength INTEGER OPTIONAL }`, the DER of a PEM
    /// "DH PARAMETERS" block; `None` when malformed or not positive.
    pub fn from_der(raw: &[u8]) -> Option<DhParams> {
        let (seq, rest) = der::expect(raw, der::SEQUENCE)?;
        if !rest.is_empty() {
            return None;
        }
        let mut items = Elements::new(seq.content);
        let p = positive(items.next()?)?;
        let g = positive(items.next()?)?;
        let dh = DhParams::empty();
        dh.set0_pqg(Some(p), None, Some(g));
        Some(dh)
    }

    /// `DH_set0_pqg`: the given numbers replace the held ones (p and g
    /// must end up present, as OpenSSL requires); false leaves all as it was.
    pub fn set0_pqg(
        &self,
        p: Option<Arc<BigNum>>,
        q: Option<Arc<BigNum>>,
        g: Option<Arc<BigNum>>,
    ) -> bool {
        let mut held = self.lock();
        if (held.p.is_none() && p.is_none()) || (held.g.is_none() && g.is_none()) {
            return false;
        }
        if p.is_some() {
            held.p = p;
        }
        if q.is_some() {
            held.q = q;
        }
        if g.is_some() {
            held.g = g;
        }
        true
    }

    pub fn pqg(&self) -> Pqg {
        self.lock().clone()
    }

    /// `DH_bits`: the bits of p, `None` without one (OpenSSL's -1).
    pub fn bits(&self) -> Option<usize> {
        self.lock().p.as_ref().map(|p| p.num_bits())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Pqg> {
        self.pqg.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// An INTEGER element as a positive number.
fn positive(item: der::Tlv<'_>) -> Option<Arc<BigNum>> {
    if item.tag != der::INTEGER || item.content.first().is_none_or(|&b| b & 0x80 != 0) {
        return None;
    }
    let n = BigNum::from_be_bytes(item.content);
    (n.num_bits() > 0).then(|| Arc::new(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkcs3_parameters() {
        // SEQUENCE { INTEGER 0x00c5 (197), INTEGER 2 }
        let der = [0x30, 0x07, 0x02, 0x02, 0x00, 0xc5, 0x02, 0x01, 0x02];
        let dh = DhParams::from_der(&der).unwrap();
        assert_eq!(dh.bits(), Some(8));
        assert_eq!(dh.pqg().g.unwrap().to_be_bytes(), vec![2]);
        assert!(dh.pqg().q.is_none());
        // Negative prime, trailing bytes, missing base: refused.
        assert!(DhParams::from_der(&[0x30, 0x06, 0x02, 0x01, 0x85, 0x02, 0x01, 0x02]).is_none());
        assert!(DhParams::from_der(&[0x30, 0x03, 0x02, 0x01, 0x05, 0x00]).is_none());
        assert!(DhParams::from_der(&[0x30, 0x03, 0x02, 0x01, 0x05]).is_none());
    }

    #[test]
    fn set0_needs_p_and_g() {
        let dh = DhParams::empty();
        assert!(!dh.set0_pqg(Some(Arc::new(BigNum::from_be_bytes(&[7]))), None, None));
        assert_eq!(dh.bits(), None);
        let g = Arc::new(BigNum::from_be_bytes(&[2]));
        assert!(dh.set0_pqg(Some(Arc::new(BigNum::from_be_bytes(&[7]))), None, Some(g)));
        assert_eq!(dh.bits(), Some(3));
        assert!(dh.set0_pqg(None, None, None));
    }
}
