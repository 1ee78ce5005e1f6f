//! `EC_KEY` of the standalone flavour, as far as TLS programs use one: a
//! named curve to hand to `SSL_CTX_set_tmp_ecdh` (socat, stunnel), which
//! makes that curve the only key-exchange group. No key material: rustls
//! makes its own ephemeral keys.

/// OpenSSL 3.0's built-in named curves (`EC_get_builtin_curves`), the
/// NIDs `EC_KEY_new_by_curve_name` accepts; tests/c/ec_key.c compares the
/// set with the oracle's.
const BUILTIN_CURVES: &[i32] = &[
    409, 410, 411, 412, 413, 414, 415, 684, 685, 686, 687, 688, 689, 690, 693, 694, 695, 696, 699,
    700, 701, 702, 703, 704, 705, 706, 707, 708, 709, 710, 711, 712, 713, 714, 715, 716, 717, 718,
    719, 720, 721, 722, 723, 724, 725, 726, 727, 728, 729, 730, 731, 732, 733, 734, 735, 736, 737,
    738, 739, 740, 741, 742, 743, 744, 745, 749, 750, 921, 922, 923, 924, 925, 926, 927, 928, 929,
    930, 931, 932, 933, 934, 1172,
];

/// An `EC_KEY*`: its curve.
#[repr(C)]
#[derive(Debug)]
pub struct EcKey {
    magic: u64,
    curve: i32,
}

impl EcKey {
    pub const MAGIC: u64 = 0x5353_4c53_4543_4b59; // "SSLSECKY"

    /// `EC_KEY_new_by_curve_name`: `None` for a NID that is not one of
    /// OpenSSL's named curves.
    pub fn by_curve_name(nid: i32) -> Option<EcKey> {
        BUILTIN_CURVES.binary_search(&nid).ok()?;
        Some(EcKey {
            magic: Self::MAGIC,
            curve: nid,
        })
    }

    pub fn magic(&self) -> u64 {
        self.magic
    }

    /// The curve's NID (`EC_GROUP_get_curve_name(EC_KEY_get0_group(k))`).
    pub fn curve(&self) -> i32 {
        self.curve
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curves_sorted_and_looked_up() {
        assert!(BUILTIN_CURVES.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(EcKey::by_curve_name(415).map(|k| k.curve()), Some(415));
        assert!(EcKey::by_curve_name(1034).is_none()); // X25519 is no EC_KEY curve
    }
}
