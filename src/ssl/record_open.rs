//! Opening copies of protected records with the negotiated suite's keys.
//!
//! rustls keeps the handshake messages it decrypts to itself, but OpenSSL
//! shows them (`SSL_get_finished`, the message callback). Every secret
//! passes through our `KeyLog` (`crate::observe`), so the records that went
//! by can be opened a second time: the traffic keys come from the suite's
//! own key schedule functions (rustls's `Tls13CipherSuite::hkdf_provider`,
//! `Tls12CipherSuite::prf_provider` and `key_block_shape`), the AEAD from
//! aws-lc-rs, the provider rustls runs on. (rustls's own decrypters take an
//! `AeadKey`, which only rustls can make shorter than 32 bytes, so they
//! cannot open an AES-128 suite's records.)

use aws_lc_rs::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey};
use rustls::SupportedCipherSuite;
use rustls::crypto::tls13::OkmBlock;

/// The AEAD of a suite rustls implements, by its protocol id.
fn algorithm(suite: SupportedCipherSuite) -> Option<&'static aead::Algorithm> {
    match u16::from(suite.suite()) {
        0x1301 | 0xc02b | 0xc02f => Some(&aead::AES_128_GCM),
        0x1302 | 0xc02c | 0xc030 => Some(&aead::AES_256_GCM),
        0x1303 | 0xcca8 | 0xcca9 => Some(&aead::CHACHA20_POLY1305),
        _ => None,
    }
}

const TAG_LEN: usize = 16;

/// HKDF-Expand-Label(secret, label, "", out.len()) with the suite's HKDF.
fn expand_label(
    suite: SupportedCipherSuite,
    secret: &[u8],
    label: &[u8],
    out: &mut [u8],
) -> Option<()> {
    let SupportedCipherSuite::Tls13(s) = suite else {
        return None;
    };
    let expander = s.hkdf_provider.expander_for_okm(&OkmBlock::new(secret));
    // HkdfLabel: length, "tls13 " + label, an empty context.
    let len = u16::try_from(out.len()).ok()?.to_be_bytes();
    let label_len = [u8::try_from(6 + label.len()).ok()?];
    expander
        .expand_slice(&[&len, &label_len, b"tls13 ", label, &[0]], out)
        .ok()
}

/// One direction's record protection at one epoch.
pub(super) struct Opener {
    key: LessSafeKey,
    /// TLS 1.3 and ChaCha20: the 12-byte IV the sequence number is mixed
    /// into; TLS 1.2 GCM: the 4-byte salt before each record's explicit
    /// nonce.
    iv: Vec<u8>,
    tls13: bool,
}

impl std::fmt::Debug for Opener {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opener")
            .field("tls13", &self.tls13)
            .finish()
    }
}

/// A plaintext record's content type and content.
pub(super) type Opened = (u8, Vec<u8>);

impl Opener {
    /// TLS 1.3 (RFC 8446 7.3): key and IV expanded from a traffic secret.
    pub(super) fn tls13(suite: SupportedCipherSuite, secret: &[u8]) -> Option<Opener> {
        let alg = algorithm(suite)?;
        let mut key = vec![0; alg.key_len()];
        let mut iv = vec![0; aead::NONCE_LEN];
        expand_label(suite, secret, b"key", &mut key)?;
        expand_label(suite, secret, b"iv", &mut iv)?;
        Some(Opener {
            key: LessSafeKey::new(UnboundKey::new(alg, &key).ok()?),
            iv,
            tls13: true,
        })
    }

    /// TLS 1.3 (RFC 8446 7.2): the traffic secret after a KeyUpdate.
    pub(super) fn next_secret(suite: SupportedCipherSuite, secret: &[u8]) -> Option<Vec<u8>> {
        let mut next = vec![0; secret.len()];
        expand_label(suite, secret, b"traffic upd", &mut next)?;
        Some(next)
    }

    /// TLS 1.2 (RFC 5246 6.3): the key block from the master secret; the
    /// client's or the server's write key and IV.
    pub(super) fn tls12(
        suite: SupportedCipherSuite,
        master: &[u8],
        client_random: &[u8; 32],
        server_random: &[u8; 32],
        client_writes: bool,
    ) -> Option<Opener> {
        let SupportedCipherSuite::Tls12(s) = suite else {
            return None;
        };
        let alg = algorithm(suite)?;
        let shape = s.aead_alg.key_block_shape();
        let (k, i) = (shape.enc_key_len, shape.fixed_iv_len);
        let mut block = vec![0; 2 * (k + i) + shape.explicit_nonce_len];
        let mut seed = Vec::with_capacity(64);
        seed.extend_from_slice(server_random);
        seed.extend_from_slice(client_random);
        s.prf_provider
            .for_secret(&mut block, master, b"key expansion", &seed);
        // client_write_key, server_write_key, client_write_IV, server_write_IV
        let (key, iv) = if client_writes {
            (&block[..k], &block[2 * k..2 * k + i])
        } else {
            (&block[k..2 * k], &block[2 * k + i..2 * (k + i)])
        };
        Some(Opener {
            key: LessSafeKey::new(UnboundKey::new(alg, key).ok()?),
            iv: iv.to_vec(),
            tls13: false,
        })
    }

    /// The nonce of record `seq`: the IV with the sequence number mixed in,
    /// or (TLS 1.2 GCM) the salt and the record's explicit part.
    fn nonce(&self, seq: u64, explicit: Option<&[u8]>) -> Option<Nonce> {
        let mut n = [0u8; aead::NONCE_LEN];
        match explicit {
            Some(e) => {
                n[..self.iv.len()].copy_from_slice(&self.iv);
                n[self.iv.len()..].copy_from_slice(e);
            }
            None => {
                n.copy_from_slice(self.iv.get(..aead::NONCE_LEN)?);
                for (b, s) in n[4..].iter_mut().zip(seq.to_be_bytes()) {
                    *b ^= s;
                }
            }
        }
        Some(Nonce::assume_unique_for_key(n))
    }

    /// Opens record number `seq` (`header` as on the wire); `None` when it
    /// does not authenticate under this key (another epoch's record).
    pub(super) fn open(&self, header: &[u8; 5], body: &[u8], seq: u64) -> Option<Opened> {
        if self.tls13 {
            let mut buf = body.to_vec();
            let nonce = self.nonce(seq, None)?;
            let plain = self
                .key
                .open_in_place(nonce, Aad::from(&header[..]), &mut buf)
                .ok()?;
            // TLSInnerPlaintext: content, the real type, zero padding.
            let end = plain.iter().rposition(|b| *b != 0)?;
            let kind = plain[end];
            buf.truncate(end);
            return Some((kind, buf));
        }
        // TLS 1.2 GCM carries an 8-byte explicit nonce; ChaCha20 none.
        let explicit = aead::NONCE_LEN - self.iv.len();
        if body.len() < explicit + TAG_LEN {
            return None;
        }
        let nonce = self.nonce(seq, (explicit > 0).then(|| &body[..explicit]))?;
        let mut buf = body[explicit..].to_vec();
        let plain_len = (buf.len() - TAG_LEN) as u16;
        let mut aad = [0u8; 13];
        aad[..8].copy_from_slice(&seq.to_be_bytes());
        aad[8..11].copy_from_slice(&header[..3]);
        aad[11..].copy_from_slice(&plain_len.to_be_bytes());
        self.key
            .open_in_place(nonce, Aad::from(aad), &mut buf)
            .ok()?;
        buf.truncate(usize::from(plain_len));
        Some((header[0], buf))
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use rustls::crypto::aws_lc_rs::cipher_suite as cs;
    use rustls::crypto::cipher::{AeadKey, Iv, MessageEncrypter, OutboundPlainMessage};
    use rustls::{ContentType, ProtocolVersion};

    /// rustls's own encrypter (a 32-byte key: the only `AeadKey` outside
    /// rustls) seals a record; ours opens it with the same secret.
    fn seal(enc: &mut dyn MessageEncrypter, kind: ContentType, data: &[u8], seq: u64) -> Vec<u8> {
        let msg = OutboundPlainMessage {
            typ: kind,
            version: ProtocolVersion::TLSv1_2,
            payload: data.into(),
        };
        enc.encrypt(msg, seq).unwrap().encode()
    }

    /// rustls's encrypter for a TLS 1.2 server's write side, its key block
    /// expanded from `master` and the randoms as RFC 5246 section 6.3 says
    /// (the inverse of what `Opener` does for the reading side).
    pub(in crate::ssl) fn tls12_server_encrypter(
        s: &rustls::Tls12CipherSuite,
        master: &[u8],
        cr: &[u8; 32],
        sr: &[u8; 32],
    ) -> Box<dyn MessageEncrypter> {
        let shape = s.aead_alg.key_block_shape();
        let (k, i) = (shape.enc_key_len, shape.fixed_iv_len);
        let mut block = vec![0; 2 * (k + i) + shape.explicit_nonce_len];
        let seed: Vec<u8> = sr.iter().chain(cr.iter()).copied().collect();
        s.prf_provider
            .for_secret(&mut block, master, b"key expansion", &seed);
        let mut key = [0u8; 32];
        key.copy_from_slice(&block[k..2 * k]);
        s.aead_alg.encrypter(
            AeadKey::from(key),
            &block[2 * k + i..2 * (k + i)],
            &block[2 * (k + i)..],
        )
    }

    fn split(record: &[u8]) -> ([u8; 5], &[u8]) {
        (record[..5].try_into().unwrap(), &record[5..])
    }

    #[test]
    fn tls13_records_of_rustls_open() {
        let suite = cs::TLS13_CHACHA20_POLY1305_SHA256;
        let SupportedCipherSuite::Tls13(s) = suite else {
            unreachable!()
        };
        let secret = [7u8; 32];
        let expander = s.hkdf_provider.expander_for_okm(&OkmBlock::new(&secret));
        let mut key = [0u8; 32];
        let mut iv = [0u8; 12];
        expander
            .expand_slice(
                &[&32u16.to_be_bytes(), &[9], b"tls13 ", b"key", &[0]],
                &mut key,
            )
            .unwrap();
        expander
            .expand_slice(
                &[&12u16.to_be_bytes(), &[8], b"tls13 ", b"iv", &[0]],
                &mut iv,
            )
            .unwrap();
        let mut enc = s.aead_alg.encrypter(AeadKey::from(key), Iv::from(iv));
        let rec = seal(&mut *enc, ContentType::Handshake, &[20, 0, 0, 1, 9], 3);
        let opener = Opener::tls13(suite, &secret).unwrap();
        let (h, body) = split(&rec);
        assert_eq!(opener.open(&h, body, 3), Some((22, vec![20, 0, 0, 1, 9])));
        // The wrong sequence number or secret does not authenticate.
        assert_eq!(opener.open(&h, body, 2), None);
        let other = Opener::tls13(suite, &[8u8; 32]).unwrap();
        assert_eq!(other.open(&h, body, 3), None);
    }

    #[test]
    fn tls12_records_of_rustls_open() {
        for suite in [
            cs::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            cs::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        ] {
            let SupportedCipherSuite::Tls12(s) = suite else {
                unreachable!()
            };
            let (master, cr, sr) = ([1u8; 48], [2u8; 32], [3u8; 32]);
            let mut enc = tls12_server_encrypter(s, &master, &cr, &sr);
            let rec = seal(&mut *enc, ContentType::Handshake, &[20, 0, 0, 12, 5], 0);
            let (h, body) = split(&rec);
            let server = Opener::tls12(suite, &master, &cr, &sr, false).unwrap();
            assert_eq!(server.open(&h, body, 0), Some((22, vec![20, 0, 0, 12, 5])));
            let client = Opener::tls12(suite, &master, &cr, &sr, true).unwrap();
            assert_eq!(client.open(&h, body, 0), None);
        }
    }
}
