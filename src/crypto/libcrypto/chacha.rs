//! ChaCha20-Poly1305 record protection on libcrypto's EVP, one
//! `EVP_CIPHER_CTX` per traffic key: the key is set once, each record only
//! sets its nonce (as OpenSSL's own record layer does). `rustls-openssl`'s
//! suites make and key a new context for every record, which cost 3–6% of
//! the AEAD's time here (docs/PERFORMANCE.md). The suites are aws-lc-rs's
//! (its hash, HKDF and PRF) with this AEAD in place of aws-lc-rs's.
//!
//! A key libcrypto cannot take (no ChaCha20 in its providers) goes to
//! aws-lc-rs's AEAD instead.
//!
//! libcrypto does the cipher and the MAC; this file frames TLS records:
//! the per-record nonce and additional data come from rustls's helpers
//! (`Nonce::new`, `make_tls13_aad`, `make_tls12_aad`).

use openssl::cipher::{Cipher, CipherRef};
use openssl::cipher_ctx::CipherCtx;
use rustls::crypto::CipherSuiteCommon;
use rustls::crypto::cipher::{
    AeadKey, InboundOpaqueMessage, InboundPlainMessage, Iv, KeyBlockShape, MessageDecrypter,
    MessageEncrypter, NONCE_LEN, Nonce, OutboundOpaqueMessage, OutboundPlainMessage,
    PrefixedPayload, Tls12AeadAlgorithm, Tls13AeadAlgorithm, UnsupportedOperationError,
    make_tls12_aad, make_tls13_aad,
};
use rustls::{
    CipherSuite, ConnectionTrafficSecrets, ContentType, Error, ProtocolVersion,
    SupportedCipherSuite, Tls12CipherSuite, Tls13CipherSuite,
};
use std::sync::OnceLock;

const TAG_LEN: usize = 16;
const KEY_LEN: usize = 32;

/// libcrypto's ChaCha20-Poly1305, fetched once; `None` when its providers
/// lack it.
fn cipher() -> Option<&'static CipherRef> {
    static FETCHED: OnceLock<Option<Cipher>> = OnceLock::new();
    FETCHED
        .get_or_init(|| {
            let c = Cipher::fetch(None, "ChaCha20-Poly1305", None);
            if let Err(e) = &c {
                log::debug!(
                    "crypto: libcrypto has no ChaCha20-Poly1305 ({e}): aws-lc-rs's instead"
                );
            }
            c.ok()
        })
        .as_deref()
}

fn failed(e: openssl::error::ErrorStack) -> Error {
    Error::General(format!("libcrypto ChaCha20-Poly1305: {e}"))
}

/// One direction's context, keyed, and the IV its nonces derive from.
struct Keyed {
    ctx: CipherCtx,
    iv: Iv,
}

impl Keyed {
    fn new(key: &AeadKey, iv: &[u8], encrypt: bool) -> Result<Keyed, Error> {
        let cipher =
            cipher().ok_or_else(|| Error::General("no libcrypto ChaCha20-Poly1305".into()))?;
        let mut ctx = CipherCtx::new().map_err(failed)?;
        let key = Some(key.as_ref());
        if encrypt {
            ctx.encrypt_init(Some(cipher), key, None)
        } else {
            ctx.decrypt_init(Some(cipher), key, None)
        }
        .map_err(failed)?;
        Ok(Keyed {
            ctx,
            iv: Iv::copy(iv),
        })
    }

    /// Encrypts `data` in place for record `seq`; the tag.
    fn seal(&mut self, seq: u64, aad: &[u8], data: &mut [u8]) -> Result<[u8; TAG_LEN], Error> {
        let nonce: [u8; NONCE_LEN] = Nonce::new(&self.iv, seq).0;
        let ctx = &mut self.ctx;
        ctx.encrypt_init(None, None, Some(&nonce)).map_err(failed)?;
        ctx.cipher_update(aad, None).map_err(failed)?;
        let len = data.len();
        ctx.cipher_update_inplace(data, len).map_err(failed)?;
        ctx.cipher_final(&mut []).map_err(failed)?;
        let mut tag = [0; TAG_LEN];
        ctx.tag(&mut tag).map_err(failed)?;
        Ok(tag)
    }

    /// Decrypts `data` (ciphertext then tag) in place for record `seq`;
    /// the plaintext's length, or `DecryptError` when the tag is wrong.
    fn open(&mut self, seq: u64, aad: &[u8], data: &mut [u8]) -> Result<usize, Error> {
        let Some(len) = data.len().checked_sub(TAG_LEN) else {
            return Err(Error::DecryptError);
        };
        let (text, tag) = data.split_at_mut(len);
        let nonce: [u8; NONCE_LEN] = Nonce::new(&self.iv, seq).0;
        let ctx = &mut self.ctx;
        ctx.decrypt_init(None, None, Some(&nonce)).map_err(failed)?;
        ctx.cipher_update(aad, None).map_err(failed)?;
        ctx.set_tag(tag).map_err(failed)?;
        ctx.cipher_update_inplace(text, len).map_err(failed)?;
        // A wrong tag fails here (the error is taken off libcrypto's queue).
        ctx.cipher_final(&mut []).map_err(|_| Error::DecryptError)?;
        Ok(len)
    }
}

/// A direction whose context could not be made fails each record.
fn keyed(k: &mut Result<Keyed, Error>) -> Result<&mut Keyed, Error> {
    k.as_mut().map_err(|e| e.clone())
}

struct Tls13Records(Result<Keyed, Error>);

impl MessageEncrypter for Tls13Records {
    fn encrypt(
        &mut self,
        msg: OutboundPlainMessage<'_>,
        seq: u64,
    ) -> Result<OutboundOpaqueMessage, Error> {
        let total = self.encrypted_payload_len(msg.payload.len());
        let mut payload = PrefixedPayload::with_capacity(total);
        payload.extend_from_chunks(&msg.payload);
        payload.extend_from_slice(&msg.typ.to_array());
        let tag = keyed(&mut self.0)?.seal(seq, &make_tls13_aad(total), payload.as_mut())?;
        payload.extend_from_slice(&tag);
        Ok(OutboundOpaqueMessage::new(
            ContentType::ApplicationData,
            ProtocolVersion::TLSv1_2,
            payload,
        ))
    }

    fn encrypted_payload_len(&self, payload_len: usize) -> usize {
        payload_len + 1 + TAG_LEN
    }
}

impl MessageDecrypter for Tls13Records {
    fn decrypt<'a>(
        &mut self,
        mut msg: InboundOpaqueMessage<'a>,
        seq: u64,
    ) -> Result<InboundPlainMessage<'a>, Error> {
        let payload = &mut msg.payload;
        let aad = make_tls13_aad(payload.len());
        let len = keyed(&mut self.0)?.open(seq, &aad, payload)?;
        payload.truncate(len);
        msg.into_tls13_unpadded_message()
    }
}

struct Tls12Records(Result<Keyed, Error>);

impl MessageEncrypter for Tls12Records {
    fn encrypt(
        &mut self,
        msg: OutboundPlainMessage<'_>,
        seq: u64,
    ) -> Result<OutboundOpaqueMessage, Error> {
        let total = self.encrypted_payload_len(msg.payload.len());
        let mut payload = PrefixedPayload::with_capacity(total);
        payload.extend_from_chunks(&msg.payload);
        let aad = make_tls12_aad(seq, msg.typ, msg.version, msg.payload.len());
        let tag = keyed(&mut self.0)?.seal(seq, &aad, payload.as_mut())?;
        payload.extend_from_slice(&tag);
        Ok(OutboundOpaqueMessage::new(msg.typ, msg.version, payload))
    }

    fn encrypted_payload_len(&self, payload_len: usize) -> usize {
        payload_len + TAG_LEN
    }
}

impl MessageDecrypter for Tls12Records {
    fn decrypt<'a>(
        &mut self,
        mut msg: InboundOpaqueMessage<'a>,
        seq: u64,
    ) -> Result<InboundPlainMessage<'a>, Error> {
        let payload = &mut msg.payload;
        let Some(plain) = payload.len().checked_sub(TAG_LEN) else {
            return Err(Error::DecryptError);
        };
        let aad = make_tls12_aad(seq, msg.typ, msg.version, plain);
        let len = keyed(&mut self.0)?.open(seq, &aad, payload)?;
        payload.truncate(len);
        Ok(msg.into_plain_message())
    }
}

/// The AEAD for both TLS versions' suites.
struct Aead;

/// aws-lc-rs's ChaCha20-Poly1305 suites, whose AEAD takes over a key
/// libcrypto cannot take (its providers lack the cipher).
fn aws_tls13() -> Option<&'static Tls13CipherSuite> {
    match super::super::aws_lc_suite(CipherSuite::TLS13_CHACHA20_POLY1305_SHA256)? {
        SupportedCipherSuite::Tls13(s) => Some(s),
        SupportedCipherSuite::Tls12(_) => None,
    }
}

fn aws_tls12() -> Option<&'static Tls12CipherSuite> {
    let id = CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256;
    match super::super::aws_lc_suite(id)? {
        SupportedCipherSuite::Tls12(s) => Some(s),
        SupportedCipherSuite::Tls13(_) => None,
    }
}

impl Tls13AeadAlgorithm for Aead {
    fn encrypter(&self, key: AeadKey, iv: Iv) -> Box<dyn MessageEncrypter> {
        match (Keyed::new(&key, iv.as_ref(), true), aws_tls13()) {
            (Err(_), Some(aws)) => aws.aead_alg.encrypter(key, iv),
            (k, _) => Box::new(Tls13Records(k)),
        }
    }

    fn decrypter(&self, key: AeadKey, iv: Iv) -> Box<dyn MessageDecrypter> {
        match (Keyed::new(&key, iv.as_ref(), false), aws_tls13()) {
            (Err(_), Some(aws)) => aws.aead_alg.decrypter(key, iv),
            (k, _) => Box::new(Tls13Records(k)),
        }
    }

    fn key_len(&self) -> usize {
        KEY_LEN
    }

    fn extract_keys(
        &self,
        key: AeadKey,
        iv: Iv,
    ) -> Result<ConnectionTrafficSecrets, UnsupportedOperationError> {
        Ok(ConnectionTrafficSecrets::Chacha20Poly1305 { key, iv })
    }
}

impl Tls12AeadAlgorithm for Aead {
    fn encrypter(&self, key: AeadKey, iv: &[u8], extra: &[u8]) -> Box<dyn MessageEncrypter> {
        match (Keyed::new(&key, iv, true), aws_tls12()) {
            (Err(_), Some(aws)) => aws.aead_alg.encrypter(key, iv, extra),
            (k, _) => Box::new(Tls12Records(k)),
        }
    }

    fn decrypter(&self, key: AeadKey, iv: &[u8]) -> Box<dyn MessageDecrypter> {
        match (Keyed::new(&key, iv, false), aws_tls12()) {
            (Err(_), Some(aws)) => aws.aead_alg.decrypter(key, iv),
            (k, _) => Box::new(Tls12Records(k)),
        }
    }

    fn key_block_shape(&self) -> KeyBlockShape {
        KeyBlockShape {
            enc_key_len: KEY_LEN,
            fixed_iv_len: NONCE_LEN,
            explicit_nonce_len: 0,
        }
    }

    fn extract_keys(
        &self,
        key: AeadKey,
        iv: &[u8],
        _: &[u8],
    ) -> Result<ConnectionTrafficSecrets, UnsupportedOperationError> {
        Ok(ConnectionTrafficSecrets::Chacha20Poly1305 {
            key,
            iv: Iv::copy(iv),
        })
    }
}

fn common(c: &CipherSuiteCommon) -> CipherSuiteCommon {
    CipherSuiteCommon {
        suite: c.suite,
        hash_provider: c.hash_provider,
        confidentiality_limit: c.confidentiality_limit,
    }
}

/// aws-lc-rs's suite `id` with this AEAD, made once.
fn with_our_aead(id: CipherSuite) -> Option<SupportedCipherSuite> {
    static TLS13: OnceLock<Tls13CipherSuite> = OnceLock::new();
    static ECDSA: OnceLock<Tls12CipherSuite> = OnceLock::new();
    static RSA: OnceLock<Tls12CipherSuite> = OnceLock::new();
    match super::super::aws_lc_suite(id)? {
        SupportedCipherSuite::Tls13(a) if id == CipherSuite::TLS13_CHACHA20_POLY1305_SHA256 => {
            Some(SupportedCipherSuite::Tls13(TLS13.get_or_init(|| {
                Tls13CipherSuite {
                    common: common(&a.common),
                    hkdf_provider: a.hkdf_provider,
                    aead_alg: &Aead,
                    quic: a.quic,
                }
            })))
        }
        SupportedCipherSuite::Tls12(a) => {
            let cell = match id {
                CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 => &ECDSA,
                CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 => &RSA,
                _ => return None,
            };
            Some(SupportedCipherSuite::Tls12(cell.get_or_init(|| {
                Tls12CipherSuite {
                    common: common(&a.common),
                    prf_provider: a.prf_provider,
                    kx: a.kx,
                    sign: a.sign,
                    aead_alg: &Aead,
                }
            })))
        }
        SupportedCipherSuite::Tls13(_) => None,
    }
}

/// The ChaCha20-Poly1305 suites on libcrypto's EVP. libcrypto is not asked
/// for the cipher until a connection keys one of them: in OpenSSL 3.0 the
/// first cipher fetched in a process makes every later `d2i_X509` decode
/// its key through more provider methods (the drop-in's trust store reads
/// certificates with it at each verification: callgrind, a full TLS 1.3
/// handshake, 8.22M instructions without a fetched cipher, 8.98M with any
/// cipher fetched, ChaCha20-Poly1305 or AES-128-GCM alike), so a process
/// that never negotiates ChaCha20-Poly1305 must not pay for it. A
/// libcrypto without the cipher leaves the keys to aws-lc-rs.
pub fn suites() -> Vec<SupportedCipherSuite> {
    [
        CipherSuite::TLS13_CHACHA20_POLY1305_SHA256,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ]
    .into_iter()
    .filter_map(with_our_aead)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::crypto::cipher::OutboundChunks;

    /// (ours, aws-lc-rs's) for each suite.
    fn pairs() -> Vec<(SupportedCipherSuite, SupportedCipherSuite)> {
        let ours = suites();
        assert_eq!(ours.len(), 3, "libcrypto has ChaCha20-Poly1305");
        ours.into_iter()
            .map(|s| (s, super::super::super::aws_lc_suite(s.suite()).unwrap()))
            .collect()
    }

    fn keys() -> (AeadKey, [u8; NONCE_LEN]) {
        let mut key = [0u8; 32];
        key.iter_mut().enumerate().for_each(|(i, b)| *b = i as u8);
        (AeadKey::from(key), [0x5a; NONCE_LEN])
    }

    fn encrypter(s: SupportedCipherSuite) -> Box<dyn MessageEncrypter> {
        let (key, iv) = keys();
        match s {
            SupportedCipherSuite::Tls13(s) => s.aead_alg.encrypter(key, Iv::new(iv)),
            SupportedCipherSuite::Tls12(s) => s.aead_alg.encrypter(key, &iv, &[]),
        }
    }

    fn decrypter(s: SupportedCipherSuite) -> Box<dyn MessageDecrypter> {
        let (key, iv) = keys();
        match s {
            SupportedCipherSuite::Tls13(s) => s.aead_alg.decrypter(key, Iv::new(iv)),
            SupportedCipherSuite::Tls12(s) => s.aead_alg.decrypter(key, &iv),
        }
    }

    /// Records `from` seals for sequence numbers 0..3 and `to` opens.
    fn round_trip(from: SupportedCipherSuite, to: SupportedCipherSuite) {
        let mut enc = encrypter(from);
        let mut dec = decrypter(to);
        for seq in 0..3u64 {
            let text: Vec<u8> = (0..1000 + seq as usize).map(|i| (i * 7) as u8).collect();
            let msg = OutboundPlainMessage {
                typ: ContentType::ApplicationData,
                version: ProtocolVersion::TLSv1_2,
                payload: OutboundChunks::Single(&text),
            };
            let sealed = enc.encrypt(msg, seq).unwrap();
            let typ = sealed.typ;
            let mut wire = sealed.encode();
            // A changed byte does not open (and the opener stays usable).
            let mut bad = wire.clone();
            bad[5 + 10] ^= 1;
            let body = &mut bad[5..];
            let err = dec.decrypt(
                InboundOpaqueMessage::new(typ, ProtocolVersion::TLSv1_2, body),
                seq,
            );
            assert!(
                matches!(err, Err(Error::DecryptError)),
                "{:?}",
                from.suite()
            );
            let body = &mut wire[5..];
            let open = dec
                .decrypt(
                    InboundOpaqueMessage::new(typ, ProtocolVersion::TLSv1_2, body),
                    seq,
                )
                .unwrap();
            assert_eq!(open.typ, ContentType::ApplicationData);
            assert_eq!(open.payload, &text[..], "{:?} seq {seq}", from.suite());
        }
    }

    #[test]
    fn opens_what_aws_lc_seals_and_back() {
        for (ours, aws) in pairs() {
            round_trip(ours, aws);
            round_trip(aws, ours);
            round_trip(ours, ours);
        }
    }

    #[test]
    fn same_suites_as_aws_lc_but_the_aead() {
        for (ours, aws) in pairs() {
            assert_eq!(ours.suite(), aws.suite());
            match (ours, aws) {
                (SupportedCipherSuite::Tls12(o), SupportedCipherSuite::Tls12(a)) => {
                    assert_eq!(o.sign, a.sign);
                    assert_eq!(o.kx, a.kx);
                }
                (SupportedCipherSuite::Tls13(_), SupportedCipherSuite::Tls13(_)) => {}
                _ => panic!("versions differ"),
            }
        }
    }
}
