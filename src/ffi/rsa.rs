//! `RSA` entry points of the standalone flavour (rsa.h, evp.h):
//! `EVP_PKEY_get1_RSA` and what a program then asks (`RSA_flags`,
//! `RSA_size`, `RSA_bits`), and `EVP_PKEY_copy_parameters`, which curl
//! calls on its certificate's key. The drop-in flavour's are libcrypto's.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::os::raw::c_int;
use std::ptr;
use std::sync::Arc;

use super::handle::{self, Handle};
use crate::abi::{
    ERR_LIB_EVP, EVP_PKEY_RSA, EVP_R_DIFFERENT_KEY_TYPES, EVP_R_EXPECTING_AN_RSA_KEY,
};
use crate::x509::{EvpPkey, RsaKey, public_key};

// SAFETY: `RsaKey` is `#[repr(C)]` with its `u64` magic first, set at
// construction and never changed.
unsafe impl Handle for RsaKey {
    const MAGIC: u64 = RsaKey::MAGIC;
    fn magic(&self) -> u64 {
        RsaKey::magic(self)
    }
}

/// The key's type NID (`EVP_PKEY_get_id`), 0 for none.
fn type_of(k: &EvpPkey) -> c_int {
    k.spki().map_or(0, |s| public_key::type_nid(&s))
}

/// A new reference to the key as an `RSA`; NULL with OpenSSL's
/// `EVP_R_EXPECTING_AN_RSA_KEY` when it is not one.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_PKEY_get1_RSA(pkey: *mut EvpPkey) -> *mut RsaKey {
    match handle::clone_arc(pkey) {
        Some(k) if type_of(&k) == EVP_PKEY_RSA => handle::into_raw(Arc::new(RsaKey::of(k))),
        _ => {
            crate::err::raise(
                ERR_LIB_EVP,
                EVP_R_EXPECTING_AN_RSA_KEY,
                FUNC,
                file!(),
                line!(),
            );
            ptr::null_mut()
        }
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn RSA_free(r: *mut RsaKey) {
    handle::release(r);
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn RSA_up_ref(r: *mut RsaKey) -> c_int {
    c_int::from(handle::up_ref(r))
}

/// `RSA_FLAG_FIPS_METHOD`, the flags of OpenSSL's default RSA method.
const DEFAULT_METHOD_FLAGS: c_int = 0x0400;

/// The key's method flags: those of OpenSSL's default method (no engine
/// key here, so never `RSA_METHOD_FLAG_NO_CHECK`); 0 for NULL.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn RSA_flags(r: *const RsaKey) -> c_int {
    handle::borrow(r).map_or(0, |_| DEFAULT_METHOD_FLAGS)
}

/// The modulus's bits.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn RSA_bits(r: *const RsaKey) -> c_int {
    handle::borrow(r)
        .and_then(|r| r.pkey().spki())
        .map_or(0, |s| c_int::try_from(public_key::bits(&s)).unwrap_or(0))
}

/// The modulus's bytes (a signature's size).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn RSA_size(r: *const RsaKey) -> c_int {
    (RSA_bits(r) + 7) / 8
}

/// Keys here carry no parameters to copy: 1 when both are of one type,
/// else 0 with `EVP_R_DIFFERENT_KEY_TYPES`, as OpenSSL.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_PKEY_copy_parameters(to: *mut EvpPkey, from: *const EvpPkey) -> c_int {
    match (handle::borrow(to.cast_const()), handle::borrow(from)) {
        (Some(t), Some(f)) if type_of(t) == type_of(f) && type_of(t) != 0 => 1,
        _ => {
            crate::err::raise(
                ERR_LIB_EVP,
                EVP_R_DIFFERENT_KEY_TYPES,
                FUNC,
                file!(),
                line!(),
            );
            0
        }
    }
}
