//! `EVP_MD` message digests of the standalone flavour: SHA-1 and the SHA-2
//! family from aws-lc-rs, the library rustls itself hashes with. Programs
//! hash with these beside TLS (curl's SHA-256 for digest authentication,
//! certificate fingerprints). MD5 and MD4 are not offered (aws-lc-rs does
//! not expose them), and the headers say so with OPENSSL_NO_MD5/MD4.

#![forbid(unsafe_code)]

use aws_lc_rs::digest;
use std::sync::Mutex;

/// The digests offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Md {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Md {
    pub const ALL: [Md; 5] = [Md::Sha1, Md::Sha224, Md::Sha256, Md::Sha384, Md::Sha512];

    fn algorithm(self) -> &'static digest::Algorithm {
        match self {
            Md::Sha1 => &digest::SHA1_FOR_LEGACY_USE_ONLY,
            Md::Sha224 => &digest::SHA224,
            Md::Sha256 => &digest::SHA256,
            Md::Sha384 => &digest::SHA384,
            Md::Sha512 => &digest::SHA512,
        }
    }

    /// `EVP_MD_get_type`: the digest's NID.
    pub fn nid(self) -> i32 {
        match self {
            Md::Sha1 => 64,
            Md::Sha224 => 675,
            Md::Sha256 => 672,
            Md::Sha384 => 673,
            Md::Sha512 => 674,
        }
    }

    /// `EVP_MD_get_size`.
    pub fn size(self) -> usize {
        self.algorithm().output_len()
    }

    /// `EVP_MD_get_block_size`.
    pub fn block_size(self) -> usize {
        self.algorithm().block_len()
    }

    /// `EVP_get_digestbyname`: OpenSSL's short and long names and its 3.0
    /// provider names, any case.
    pub fn by_name(name: &str) -> Option<Md> {
        let n = name.to_ascii_uppercase();
        Some(match n.as_str() {
            "SHA1" | "SHA-1" | "SSL3-SHA1" => Md::Sha1,
            "SHA224" | "SHA2-224" | "SHA-224" => Md::Sha224,
            "SHA256" | "SHA2-256" | "SHA-256" => Md::Sha256,
            "SHA384" | "SHA2-384" | "SHA-384" => Md::Sha384,
            "SHA512" | "SHA2-512" | "SHA-512" => Md::Sha512,
            _ => return None,
        })
    }

    /// The digest a NID names.
    pub fn by_nid(nid: i32) -> Option<Md> {
        Md::ALL.into_iter().find(|m| m.nid() == nid)
    }
}

/// `EVP_Digest`: one call.
pub fn oneshot(md: Md, data: &[u8]) -> Vec<u8> {
    digest::digest(md.algorithm(), data).as_ref().to_vec()
}

/// An `EVP_MD_CTX*`: a digest in progress, or none (new, or finished: a
/// finished context needs `EVP_DigestInit_ex` again, as in OpenSSL).
#[repr(C)]
pub struct DigestCtx {
    magic: u64,
    state: Mutex<State>,
}

#[derive(Clone, Default)]
struct State {
    md: Option<Md>,
    running: Option<digest::Context>,
}

impl DigestCtx {
    pub const MAGIC: u64 = 0x5353_4c53_4d44_4358; // "SSLSMDCX"

    pub fn new() -> DigestCtx {
        DigestCtx {
            magic: Self::MAGIC,
            state: Mutex::new(State::default()),
        }
    }

    pub fn magic(&self) -> u64 {
        self.magic
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `EVP_DigestInit_ex`: `None` keeps the context's digest (OpenSSL's
    /// rule for a NULL type); false when there is none.
    pub fn init(&self, md: Option<Md>) -> bool {
        let mut s = self.lock();
        let Some(md) = md.or(s.md) else {
            return false;
        };
        s.md = Some(md);
        s.running = Some(digest::Context::new(md.algorithm()));
        true
    }

    /// `EVP_DigestUpdate`: false without a digest in progress.
    pub fn update(&self, data: &[u8]) -> bool {
        match self.lock().running.as_mut() {
            Some(c) => {
                c.update(data);
                true
            }
            None => false,
        }
    }

    /// `EVP_DigestFinal_ex`: the value; the context then holds none.
    pub fn finish(&self) -> Option<Vec<u8>> {
        let c = self.lock().running.take()?;
        Some(c.finish().as_ref().to_vec())
    }

    /// `EVP_MD_CTX_get0_md`.
    pub fn md(&self) -> Option<Md> {
        self.lock().md
    }

    /// `EVP_MD_CTX_reset`.
    pub fn reset(&self) {
        *self.lock() = State::default();
    }

    /// `EVP_MD_CTX_copy_ex`: this context becomes a copy of `from`; false
    /// when `from` has no digest.
    pub fn copy_from(&self, from: &DigestCtx) -> bool {
        let s = from.lock().clone();
        if s.md.is_none() {
            return false;
        }
        *self.lock() = s;
        true
    }
}

impl Default for DigestCtx {
    fn default() -> Self {
        DigestCtx::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incremental_equals_oneshot() {
        for md in Md::ALL {
            let c = DigestCtx::new();
            assert!(!c.update(b"x"));
            assert!(c.init(Some(md)));
            assert!(c.update(b"ab") && c.update(b"c"));
            let copy = DigestCtx::new();
            assert!(copy.copy_from(&c));
            let v = c.finish().unwrap();
            assert_eq!(v, oneshot(md, b"abc"));
            assert_eq!(v.len(), md.size());
            assert_eq!(copy.finish().unwrap(), v);
            assert!(c.finish().is_none());
            assert!(c.init(None));
            assert_eq!(Md::by_nid(md.nid()), Some(md));
        }
        assert_eq!(Md::by_name("sha256"), Some(Md::Sha256));
        assert!(Md::by_name("md5").is_none());
    }
}
