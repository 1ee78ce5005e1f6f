//! The object identifiers OpenSSL gives a cipher's parts
//! (`SSL_CIPHER_get_cipher_nid` & co.), from the attribute bits; the values
//! are libcrypto's `NID_*` (obj_mac.h), fixed by its ABI.

use super::SslCipher;
use super::attr::*;

const NID_UNDEF: i32 = 0;
const NID_AES_128_GCM: i32 = 895;
const NID_AES_256_GCM: i32 = 901;
const NID_CHACHA20_POLY1305: i32 = 1018;
const NID_SHA256: i32 = 672;
const NID_SHA384: i32 = 673;
const NID_KX_ECDHE: i32 = 1038;
const NID_KX_ANY: i32 = 1063;
const NID_AUTH_RSA: i32 = 1046;
const NID_AUTH_ECDSA: i32 = 1047;
const NID_AUTH_ANY: i32 = 1064;

impl SslCipher {
    pub fn cipher_nid(&self) -> i32 {
        match self.attrs {
            a if a & AES128GCM != 0 => NID_AES_128_GCM,
            a if a & AES256GCM != 0 => NID_AES_256_GCM,
            a if a & CHACHA20 != 0 => NID_CHACHA20_POLY1305,
            _ => NID_UNDEF,
        }
    }

    /// The MAC's digest: none for an AEAD suite, which all of ours are
    /// (OpenSSL answers `NID_undef` for them too).
    pub fn digest_nid(&self) -> i32 {
        NID_UNDEF
    }

    pub fn is_aead(&self) -> bool {
        true
    }

    /// The PRF/HKDF hash (`SSL_CIPHER_get_handshake_digest`).
    pub fn handshake_digest_nid(&self) -> i32 {
        if self.attrs & SHA384 != 0 {
            NID_SHA384
        } else {
            NID_SHA256
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
            NID_KX_ECDHE
        } else {
            NID_KX_ANY
        }
    }

    pub fn auth_nid(&self) -> i32 {
        match self.attrs {
            a if a & A_RSA != 0 => NID_AUTH_RSA,
            a if a & A_ECDSA != 0 => NID_AUTH_ECDSA,
            _ => NID_AUTH_ANY,
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
