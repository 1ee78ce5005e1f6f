//! `RAND_*` entry points of the standalone flavour (rand.h); the drop-in
//! flavour's are libcrypto's. Programs seed and poll out of habit (socat
//! checks `RAND_status` when a handshake fails); the generator underneath
//! (src/rand.rs) seeds itself.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::os::raw::{c_double, c_int, c_void};

/// 1 with `num` random bytes at `buf`; 0 for a negative count, -1 when
/// the generator fails (its error is queued).
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn RAND_bytes(buf: *mut u8, num: c_int) -> c_int {
    let Ok(n) = usize::try_from(num) else {
        return 0;
    };
    if n == 0 {
        return 1;
    }
    if buf.is_null() {
        return 0;
    }
    // SAFETY: the caller's buffer holds `num` bytes.
    let out = unsafe { std::slice::from_raw_parts_mut(buf, n) };
    if crate::rand::fill(out) {
        1
    } else {
        crate::err::raise(
            crate::abi::ERR_LIB_RAND,
            crate::abi::ERR_R_INTERNAL_ERROR,
            FUNC,
            file!(),
            line!(),
        );
        -1
    }
}

/// As `RAND_bytes`: one generator serves both.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn RAND_priv_bytes(buf: *mut u8, num: c_int) -> c_int {
    // SAFETY: the same contract as `RAND_bytes`.
    unsafe { RAND_bytes(buf, num) }
}

/// Always seeded.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn RAND_status() -> c_int {
    1
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn RAND_poll() -> c_int {
    1
}

/// Accepted; the generator does not take outside entropy.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn RAND_seed(_buf: *const c_void, _num: c_int) {}

/// Accepted; the generator does not take outside entropy.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn RAND_add(_buf: *const c_void, _num: c_int, _randomness: c_double) {}
