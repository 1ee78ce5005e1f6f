//! ECDH on P-521 (`secp521r1`) as a rustls key-exchange group. OpenSSL 3.0
//! offers it by default and programs name it in their group lists (mail
//! servers' "X25519:X448:secp256r1:secp521r1:secp384r1"); rustls's aws-lc-rs
//! provider has P-256 and P-384 only. The arithmetic is aws-lc's, through
//! the aws-lc-rs crate rustls itself uses.

#![forbid(unsafe_code)]

use aws_lc_rs::agreement::{self, ECDH_P521, EphemeralPrivateKey, UnparsedPublicKey};
use rustls::crypto::{ActiveKeyExchange, SharedSecret, SupportedKxGroup};
use rustls::{Error, NamedGroup, PeerMisbehaved};

#[derive(Debug)]
struct P521;

/// The group, for config lists.
pub static SECP521R1: &dyn SupportedKxGroup = &P521;

impl SupportedKxGroup for P521 {
    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, Error> {
        let rng = aws_lc_rs::rand::SystemRandom::new();
        let key = EphemeralPrivateKey::generate(&ECDH_P521, &rng)
            .map_err(|_| Error::FailedToGetRandomBytes)?;
        let public = key
            .compute_public_key()
            .map_err(|_| Error::General("P-521 public key".into()))?;
        Ok(Box::new(Active {
            public: public.as_ref().to_vec(),
            key,
        }))
    }

    fn name(&self) -> NamedGroup {
        NamedGroup::secp521r1
    }
}

struct Active {
    key: EphemeralPrivateKey,
    /// Uncompressed point, as TLS sends it.
    public: Vec<u8>,
}

impl ActiveKeyExchange for Active {
    fn complete(self: Box<Self>, peer: &[u8]) -> Result<SharedSecret, Error> {
        // aws-lc checks the point is on the curve.
        agreement::agree_ephemeral(
            self.key,
            UnparsedPublicKey::new(&ECDH_P521, peer),
            Error::from(PeerMisbehaved::InvalidKeyShare),
            |secret| Ok(SharedSecret::from(secret)),
        )
    }

    fn pub_key(&self) -> &[u8] {
        &self.public
    }

    fn group(&self) -> NamedGroup {
        NamedGroup::secp521r1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_agree() {
        let a = SECP521R1.start().unwrap();
        let b = SECP521R1.start().unwrap();
        assert_eq!(a.pub_key().len(), 133);
        let pa = a.pub_key().to_vec();
        let sa = a.complete(b.pub_key()).unwrap();
        let sb = b.complete(&pa).unwrap();
        assert_eq!(sa.secret_bytes(), sb.secret_bytes());
        assert!(SECP521R1.start().unwrap().complete(&[4; 133]).is_err());
    }
}
