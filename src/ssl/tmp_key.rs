//! The ephemeral keys of the key exchange (`SSL_get_peer_tmp_key`,
//! `SSL_get_tmp_key`): the public key_share of the negotiated group, as
//! the hellos carried it (TLS 1.3), in SubjectPublicKeyInfo form for the
//! program's key object, or a TLS 1.2 client's peer key from the
//! ServerKeyExchange (ECDHE): what OpenSSL keeps (its TLS 1.2 own keys and
//! a server's peer key are freed once used). rustls keeps the private
//! half to itself, so our own key comes without it.

use super::Conn;

impl Conn {
    /// The SubjectPublicKeyInfo of the peer's (`peer`) or our key share.
    pub fn tmp_key_spki(&self, peer: bool) -> Option<Vec<u8>> {
        let group = u16::from(self.negotiated_group()?);
        let hello = &self.intro.hello;
        let shares = if peer {
            &hello.shares_received
        } else {
            &hello.shares_sent
        };
        spki(group, shares.find(group)?)
    }
}

/// The DER SubjectPublicKeyInfo of a key_share entry of the groups OpenSSL
/// 3.0 has keys for (RFC 8410 for X25519/X448, RFC 5480 for the NIST
/// curves, the share being the uncompressed point).
fn spki(group: u16, key: &[u8]) -> Option<Vec<u8>> {
    let prefix: &[u8] = match (group, key.len()) {
        // x25519: SEQUENCE { SEQUENCE { OID 1.3.101.110 }, BIT STRING }
        (0x001d, 32) => &[
            0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00,
        ],
        // x448: OID 1.3.101.111
        (0x001e, 56) => &[
            0x30, 0x42, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6f, 0x03, 0x39, 0x00,
        ],
        // secp256r1: id-ecPublicKey, prime256v1
        (0x0017, 65) => &[
            0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06,
            0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
        ],
        // secp384r1
        (0x0018, 97) => &[
            0x30, 0x76, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06,
            0x05, 0x2b, 0x81, 0x04, 0x00, 0x22, 0x03, 0x62, 0x00,
        ],
        // secp521r1
        (0x0019, 133) => &[
            0x30, 0x81, 0x9b, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
            0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23, 0x03, 0x81, 0x86, 0x00,
        ],
        _ => return None,
    };
    Some([prefix, key].concat())
}

#[cfg(test)]
mod tests {
    use super::spki;

    #[test]
    fn spki_lengths_match_the_der_headers() {
        for (group, len) in [
            (0x001d, 32),
            (0x001e, 56),
            (0x0017, 65),
            (0x0018, 97),
            (0x0019, 133),
        ] {
            let der = spki(group, &vec![4u8; len]).unwrap();
            // The outer SEQUENCE's length covers the rest exactly.
            let (hdr, body) = if der[1] == 0x81 {
                (3, der[2] as usize)
            } else {
                (2, der[1] as usize)
            };
            assert_eq!(der.len(), hdr + body, "group {group:#x}");
        }
        assert!(spki(0x001d, &[0; 31]).is_none());
        assert!(spki(0x11ec, &[0; 1216]).is_none());
    }
}
