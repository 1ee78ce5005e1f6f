//! What a program asks of an `EVP_PKEY` in the standalone flavour (evp.h):
//! its type, its size, and an RSA key's modulus and exponent
//! (`EVP_PKEY_get_bn_param`), all read from its SubjectPublicKeyInfo. The
//! drop-in flavour's are libcrypto's.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::os::raw::{c_char, c_int};
use std::sync::Arc;

use super::handle;
use crate::abi::{EVP_PKEY_RSA, EVP_PKEY_RSA_PSS};
use crate::x509::{BigNum, EvpPkey, fields, public_key};

fn spki(pkey: *const EvpPkey) -> Option<Vec<u8>> {
    handle::borrow(pkey)?.spki()
}

/// The key's `EVP_PKEY_*` type (its algorithm's NID); 0 for NULL.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_PKEY_get_id(pkey: *const EvpPkey) -> c_int {
    spki(pkey).map_or(0, |s| public_key::type_nid(&s))
}

/// The type a key's type is an alias of: the keys here have no aliases.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_PKEY_get_base_id(pkey: *const EvpPkey) -> c_int {
    spki(pkey).map_or(0, |s| public_key::type_nid(&s))
}

/// The key's size in bits (an RSA modulus's, a curve's order's); 0 when
/// unknown.
#[entry(limitation = "EC keys on P-256, P-384, P-521 and secp256k1 only (0 for other curves)")]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_PKEY_get_bits(pkey: *const EvpPkey) -> c_int {
    spki(pkey).map_or(0, |s| c_int::try_from(public_key::bits(&s)).unwrap_or(0))
}

/// An RSA key's "n" or "e" into `*bn` (a new BIGNUM when `*bn` is NULL,
/// else that one overwritten); 1, or 0 for any other key or parameter.
#[entry(limitation = "only RSA's public parameters n and e")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn EVP_PKEY_get_bn_param(
    pkey: *const EvpPkey,
    key_name: *const c_char,
    bn: *mut *mut BigNum,
) -> c_int {
    let (Some(s), Some(name)) = (spki(pkey), handle::c_str(key_name)) else {
        return 0;
    };
    if bn.is_null() || !matches!(public_key::type_nid(&s), EVP_PKEY_RSA | EVP_PKEY_RSA_PSS) {
        return 0;
    }
    let Some((n, e)) = fields::rsa_public(&s) else {
        return 0;
    };
    let value = match name {
        "n" => n,
        "e" => e,
        _ => return 0,
    };
    // SAFETY: non-NULL `bn` points to the caller's BIGNUM pointer.
    let old = unsafe { bn.read() };
    if old.is_null() {
        let new = handle::into_raw(Arc::new(BigNum::from_be_bytes(&value)));
        // SAFETY: as above.
        unsafe { bn.write(new) };
        return 1;
    }
    match handle::borrow(old) {
        Some(b) => {
            b.set_be_bytes(&value);
            1
        }
        None => 0,
    }
}
