//! `SSL_CIPHER` entry points (ssl.h). Cipher objects are statics, so the
//! pointers returned never need freeing; a NULL cipher gets OpenSSL's
//! "(NONE)" answers.

#![allow(non_snake_case)]

use super::handle::{self, Handle};
use super::objects::{CObjects, Flavour};
use crate::cipher::SslCipher;
use sslshim_macros::entry;
use std::os::raw::{c_char, c_int};

// SAFETY: SslCipher is #[repr(C)] with its u64 magic first; only statics exist.
unsafe impl Handle for SslCipher {
    const MAGIC: u64 = SslCipher::MAGIC;
    fn magic(&self) -> u64 {
        SslCipher::magic(self)
    }
}

pub(super) fn cipher<'a>(c: *const SslCipher) -> Option<&'a SslCipher> {
    handle::borrow(c)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CIPHER_get_name(c: *const SslCipher) -> *const c_char {
    cipher(c).map_or(c"(NONE)", |c| c.name).as_ptr()
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CIPHER_standard_name(c: *const SslCipher) -> *const c_char {
    cipher(c).map_or(c"(NONE)", |c| c.standard_name).as_ptr()
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CIPHER_get_version(c: *const SslCipher) -> *const c_char {
    cipher(c).map_or(c"(NONE)", |c| c.version).as_ptr()
}

/// Secret bits; `alg_bits` (if given) receives the algorithm's bits, the
/// same for every AEAD suite we have. A NULL cipher is 0 and leaves
/// `alg_bits` alone, as OpenSSL.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_CIPHER_get_bits(c: *const SslCipher, alg_bits: *mut c_int) -> c_int {
    let Some(c) = cipher(c) else {
        return 0;
    };
    if !alg_bits.is_null() {
        // SAFETY: non-NULL out-parameter supplied by the caller.
        unsafe { *alg_bits = c.bits };
    }
    c.bits
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CIPHER_get_id(c: *const SslCipher) -> u32 {
    cipher(c).map_or(0, |c| c.id())
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CIPHER_get_protocol_id(c: *const SslCipher) -> u16 {
    cipher(c).map_or(0, |c| u16::from(c.suite))
}

/// Writes OpenSSL's one-line description into `buf` (`len` bytes), or
/// into a fresh `OPENSSL_malloc`ed buffer of 128 bytes when `buf` is NULL.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_CIPHER_description(
    c: *const SslCipher,
    buf: *mut c_char,
    len: c_int,
) -> *mut c_char {
    let Some(c) = cipher(c) else {
        return std::ptr::null_mut();
    };
    let text = c.description();
    let (dst, cap) = if buf.is_null() {
        (super::mem::alloc(128) as *mut c_char, 128usize)
    } else {
        (buf, usize::try_from(len).unwrap_or(0))
    };
    if dst.is_null() || cap <= text.len() {
        return std::ptr::null_mut();
    }
    // SAFETY: `dst` has `cap` > text.len() writable bytes (caller's buffer
    // of `len` bytes, or our allocation of 128).
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr(), dst as *mut u8, text.len());
        *dst.add(text.len()) = 0;
    }
    dst
}

// ---- libcrypto object identifiers (NID_*) -------------------------------------

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CIPHER_get_cipher_nid(c: *const SslCipher) -> c_int {
    cipher(c).map_or(0, SslCipher::cipher_nid)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CIPHER_get_digest_nid(c: *const SslCipher) -> c_int {
    cipher(c).map_or(0, SslCipher::digest_nid)
}

/// libcrypto's message digest object (`EVP_MD`), opaque: the drop-in
/// hands out libcrypto's, the standalone its own (src/ffi/evp_md.rs).
#[repr(C)]
pub struct EvpMd {
    _opaque: [u8; 0],
}

/// libcrypto's static `EVP_MD` for the suite's PRF/HKDF hash, never freed
/// by the caller; NULL for a NULL or unknown cipher.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CIPHER_get_handshake_digest(c: *const SslCipher) -> *const EvpMd {
    Flavour::handshake_digest(cipher(c), FUNC)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CIPHER_get_kx_nid(c: *const SslCipher) -> c_int {
    cipher(c).map_or(0, SslCipher::kx_nid)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CIPHER_get_auth_nid(c: *const SslCipher) -> c_int {
    cipher(c).map_or(0, SslCipher::auth_nid)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CIPHER_is_aead(c: *const SslCipher) -> c_int {
    cipher(c).map_or(0, |c| c_int::from(c.is_aead()))
}

/// The cipher whose two-byte IANA value `ptr` points to, among those we
/// implement (OpenSSL looks among all it knows); NULL if none.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_CIPHER_find(
    ssl: *mut crate::ssl::Ssl,
    ptr: *const std::os::raw::c_uchar,
) -> *const SslCipher {
    handle::with(FUNC, ssl, FAIL, |_| {
        if ptr.is_null() {
            return std::ptr::null();
        }
        // SAFETY: the caller passes two readable bytes (the man page's contract).
        let id = unsafe { u16::from_be_bytes([*ptr, *ptr.add(1)]) };
        crate::cipher::by_protocol_id(id).map_or(std::ptr::null(), |c| c as *const SslCipher)
    })
}

/// A new stack of static ciphers the caller owns (`sk_SSL_CIPHER_free`).
fn new_cipher_stack(list: &[&'static SslCipher]) -> *mut super::introspect::StackSslCipher {
    let addrs = list
        .iter()
        .map(|c| *c as *const SslCipher as usize)
        .collect();
    Flavour::cipher_stack_new(crate::stack::OpensslStack::new(addrs, None)).cast()
}

/// The suites of a ClientHello's cipher_suites field: those we know into
/// `sk`, the SCSVs into `scsvs` (each a new stack the caller frees with
/// `sk_SSL_CIPHER_free`, or nothing where NULL is passed).
#[entry(
    limitation = "only the suites this library implements and the two SCSVs are recognised; others are left out (OpenSSL keeps every suite it knows)"
)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_bytes_to_cipher_list(
    ssl: *mut crate::ssl::Ssl,
    bytes: *const std::os::raw::c_uchar,
    len: usize,
    isv2format: c_int,
    sk: *mut *mut super::introspect::StackSslCipher,
    scsvs: *mut *mut super::introspect::StackSslCipher,
) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| {
        let data: &[u8] = if bytes.is_null() || len == 0 {
            &[]
        } else if len > isize::MAX as usize {
            return 0;
        } else {
            // SAFETY: the caller passes `len` readable bytes.
            unsafe { std::slice::from_raw_parts(bytes, len) }
        };
        match crate::cipher::from_wire_list(data, isv2format != 0) {
            Ok((ciphers, found)) => {
                if !sk.is_null() {
                    // SAFETY: a writable STACK_OF(SSL_CIPHER) * slot.
                    unsafe { *sk = new_cipher_stack(&ciphers) };
                }
                if !scsvs.is_null() {
                    // SAFETY: as above.
                    unsafe { *scsvs = new_cipher_stack(&found) };
                }
                1
            }
            Err(reason) => {
                crate::ssl_err!(reason, FUNC);
                0
            }
        }
    })
}

#[cfg(all(test, not(feature = "dropin")))]
mod tests {
    use super::*;

    /// The standalone flavour's own digest object, of the suite's hash;
    /// nothing queued.
    #[test]
    fn handshake_digest_is_ours() {
        super::super::err::ERR_clear_error();
        for c in crate::cipher::CIPHERS.iter() {
            let md = SSL_CIPHER_get_handshake_digest(c);
            assert_eq!(
                super::super::evp_md::EVP_MD_get_type(md),
                c.handshake_digest_nid()
            );
        }
        assert!(SSL_CIPHER_get_handshake_digest(std::ptr::null()).is_null());
        assert_eq!(super::super::err::ERR_get_error(), 0);
    }
}

// ---- names -----------------------------------------------------------------

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OSSL_default_cipher_list() -> *const c_char {
    crate::cipher::DEFAULT_CIPHER_LIST.as_ptr()
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn OSSL_default_ciphersuites() -> *const c_char {
    crate::cipher::DEFAULT_CIPHERSUITES.as_ptr()
}

/// OpenSSL's name for a standard (RFC) suite name, "(NONE)" when unknown.
#[entry(limitation = "knows the suites sslshim offers; any other standard name gives \"(NONE)\"")]
#[unsafe(no_mangle)]
pub extern "C" fn OPENSSL_cipher_name(rfc_name: *const c_char) -> *const c_char {
    handle::c_cstr(rfc_name)
        .and_then(|n| crate::cipher::by_standard_name(n.to_bytes()))
        .map_or(c"(NONE)".as_ptr(), |c| c.name.as_ptr())
}
