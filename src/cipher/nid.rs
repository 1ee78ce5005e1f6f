//! The object identifiers OpenSSL gives a cipher's parts
//! (`SSL_CIPHER_get_cipher_nid` & co.), from the attribute bits; the values
//! are libcrypto's `NID_*` (obj_mac.h), fixed by its ABI.

use super::SslCipher;
use super::attr::*;
use crate::abi::*;

impl SslCipher {
    pub fn cipher_nid(&self) -> i32 {
        match self.attrs {
            a if a & AES128GCM != 0 => NID_aes_128_gcm,
            a if a & AES256GCM != 0 => NID_aes_256_gcm,
            a if a & CHACHA20 != 0 => NID_chacha20_poly1305,
            _ => NID_undef,
        }
    }

    /// The MAC's digest: none for an AEAD suite, which all of ours are
    /// (OpenSSL answers `NID_undef` for them too).
    pub fn digest_nid(&self) -> i32 {
        NID_undef
    }

    pub fn is_aead(&self) -> bool {
        true
    }

    /// The PRF/HKDF hash (`SSL_CIPHER_get_handshake_digest`).
    pub fn handshake_digest_nid(&self) -> i32 {
        if self.attrs & SHA384 != 0 {
            NID_sha384
        } else {
            NID_sha256
        }
    }

    /// The PRF/HKDF hash's name as libcrypto knows it
    /// (`EVP_get_digestbyname`).
    pub fn handshake_digest_name(&self) -> &'static std::ffi::CStr {
        if self.attrs & SHA384 != 0 {
            c"SHA384"
        } else {
            c"SHA256"
        }
    }

    /// TLS 1.3 suites name no key exchange or authentication ("any").
    pub fn kx_nid(&self) -> i32 {
        if self.attrs & K_ECDHE != 0 {
            NID_kx_ecdhe
        } else {
            NID_kx_any
        }
    }

    pub fn auth_nid(&self) -> i32 {
        match self.attrs {
            a if a & A_RSA != 0 => NID_auth_rsa,
            a if a & A_ECDSA != 0 => NID_auth_ecdsa,
            _ => NID_auth_any,
        }
    }
}

/// `SSL_CIPHER_find`: the suite with this two-byte IANA value, if we have it.
pub fn by_protocol_id(id: u16) -> Option<&'static SslCipher> {
    super::CIPHERS.iter().find(|c| u16::from(c.suite) == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nids_match_openssl() {
        let c = by_protocol_id(0x1302).expect("TLS_AES_256_GCM_SHA384");
        assert_eq!(
            (c.cipher_nid(), c.kx_nid(), c.auth_nid()),
            (901, 1063, 1064)
        );
        assert_eq!((c.digest_nid(), c.handshake_digest_nid()), (0, 673));
        assert_eq!(c.handshake_digest_name(), c"SHA384");
        let c = by_protocol_id(0xc02f).expect("ECDHE-RSA-AES128-GCM-SHA256");
        assert_eq!(c.handshake_digest_name(), c"SHA256");
        assert_eq!(
            (c.cipher_nid(), c.kx_nid(), c.auth_nid()),
            (895, 1038, 1046)
        );
        let c = by_protocol_id(0xcca9).expect("ECDHE-ECDSA-CHACHA20-POLY1305");
        assert_eq!((c.cipher_nid(), c.auth_nid()), (1018, 1047));
        assert!(by_protocol_id(0x002f).is_none());
    }
}
