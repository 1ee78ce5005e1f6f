//! Random bytes for `RAND_bytes` and its relatives (standalone flavour):
//! the crypto provider's system-seeded generator, the one rustls draws its
//! own randoms from. It needs no seeding from the program, so it is always
//! ready (`RAND_status` 1) and added entropy changes nothing.

#![forbid(unsafe_code)]

/// Fills `buf`; false if the system generator failed.
pub fn fill(buf: &mut [u8]) -> bool {
    rustls::crypto::aws_lc_rs::default_provider()
        .secure_random
        .fill(buf)
        .is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn fills() {
        let mut a = [0u8; 32];
        let mut b = [0u8; 32];
        assert!(super::fill(&mut a) && super::fill(&mut b));
        assert_ne!(a, b);
    }
}
