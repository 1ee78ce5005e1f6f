//! `SSL_CIPHER_get_handshake_digest` in the drop-in flavour: libcrypto's
//! `EVP_MD` for the suite's PRF/HKDF hash, as OpenSSL's libssl answers
//! (a static digest object of libcrypto, never freed by the caller).

#![allow(non_snake_case)]

use super::sys;
use crate::cipher::SslCipher;
use crate::ffi::cipher::{EvpMd, cipher};
use sslshim_macros::entry;
use std::ptr;

/// NULL for a NULL or unknown cipher.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CIPHER_get_handshake_digest(c: *const SslCipher) -> *const EvpMd {
    cipher(c).map_or(ptr::null(), |c| {
        // SAFETY: a NUL-terminated static name; libcrypto returns one of
        // its static digests or NULL.
        unsafe { sys::EVP_get_digestbyname(c.handshake_digest_name().as_ptr()) }.cast()
    })
}
