//! `BIGNUM` and `DH` entry points of the standalone flavour (bn.h, dh.h):
//! enough for a program to build DH parameters, read them from PEM and hand
//! them to `SSL_CTX_set_tmp_dh` (socat does all three), which accepts them
//! without effect because rustls has no DHE suite. No arithmetic: nothing a
//! TLS program does through libssl needs it. The drop-in flavour's are
//! libcrypto's.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::os::raw::{c_int, c_long, c_uchar, c_void};
use std::ptr;

use super::handle::{self, Handle};
use super::objects::Stream;
use super::pkey::PemPasswordFn;
use crate::bio::Bio;
use crate::x509::{BigNum, DhParams};

// SAFETY: `BigNum` is `#[repr(C)]` with its `u64` magic first, set at
// construction and never changed.
unsafe impl Handle for BigNum {
    const MAGIC: u64 = BigNum::MAGIC;
    fn magic(&self) -> u64 {
        BigNum::magic(self)
    }
}

// SAFETY: as for `BigNum`.
unsafe impl Handle for DhParams {
    const MAGIC: u64 = DhParams::MAGIC;
    fn magic(&self) -> u64 {
        DhParams::magic(self)
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn BN_new() -> *mut BigNum {
    handle::into_raw(std::sync::Arc::new(BigNum::zero()))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn BN_free(a: *mut BigNum) {
    handle::release(a);
}

/// As `BN_free`: the magnitude is a plain heap buffer, dropped with it.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn BN_clear_free(a: *mut BigNum) {
    handle::release(a);
}

/// The number whose big-endian bytes are `s[..len]`, written into `ret`
/// when given, else a new one; NULL for a negative length or a foreign
/// `ret`.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BN_bin2bn(s: *const c_uchar, len: c_int, ret: *mut BigNum) -> *mut BigNum {
    let Ok(n) = usize::try_from(len) else {
        return ptr::null_mut();
    };
    let bytes: &[u8] = if n == 0 || s.is_null() {
        &[]
    } else {
        // SAFETY: the caller promises `len` readable bytes at `s`.
        unsafe { std::slice::from_raw_parts(s, n) }
    };
    if ret.is_null() {
        return handle::into_raw(std::sync::Arc::new(BigNum::from_be_bytes(bytes)));
    }
    match handle::borrow(ret) {
        Some(b) => {
            b.set_be_bytes(bytes);
            ret
        }
        None => ptr::null_mut(),
    }
}

/// Writes the `BN_num_bytes(a)` big-endian bytes to `to`; their count, or
/// -1 for a NULL or foreign number.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn BN_bn2bin(a: *const BigNum, to: *mut c_uchar) -> c_int {
    let Some(a) = handle::borrow(a) else {
        return -1;
    };
    let bytes = a.to_be_bytes();
    if !to.is_null() {
        // SAFETY: the caller's buffer holds BN_num_bytes(a) bytes.
        unsafe { ptr::copy_nonoverlapping(bytes.as_ptr(), to, bytes.len()) };
    }
    c_int::try_from(bytes.len()).unwrap_or(c_int::MAX)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn BN_num_bits(a: *const BigNum) -> c_int {
    handle::borrow(a).map_or(0, |a| c_int::try_from(a.num_bits()).unwrap_or(c_int::MAX))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn DH_new() -> *mut DhParams {
    handle::into_raw(std::sync::Arc::new(DhParams::empty()))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn DH_free(dh: *mut DhParams) {
    handle::release(dh);
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn DH_up_ref(dh: *mut DhParams) -> c_int {
    c_int::from(handle::up_ref(dh))
}

/// Takes over the given numbers (the caller's references) on success; on
/// failure (p or g neither given nor held) the caller keeps them, as in
/// OpenSSL.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn DH_set0_pqg(
    dh: *mut DhParams,
    p: *mut BigNum,
    q: *mut BigNum,
    g: *mut BigNum,
) -> c_int {
    let Some(dh) = handle::borrow(dh) else {
        return 0;
    };
    // Borrowed first, adopted only once the change is accepted.
    let new = [p, q, g].map(|n| handle::clone_arc(n));
    let [np, nq, ng] = new;
    if !dh.set0_pqg(np, nq, ng) {
        return 0;
    }
    for n in [p, q, g] {
        if !n.is_null() {
            // The extra reference `clone_arc` took stands for the caller's.
            handle::release(n);
        }
    }
    1
}

/// get0: the held numbers (NULL where absent) into the non-NULL outputs.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn DH_get0_pqg(
    dh: *const DhParams,
    p: *mut *const BigNum,
    q: *mut *const BigNum,
    g: *mut *const BigNum,
) {
    let pqg = handle::borrow(dh).map(|d| d.pqg()).unwrap_or_default();
    for (out, n) in [(p, pqg.p), (q, pqg.q), (g, pqg.g)] {
        if !out.is_null() {
            let raw = n
                .as_ref()
                .map_or(ptr::null(), |n| handle::as_ptr(n) as *const BigNum);
            // SAFETY: non-NULL `out` points to the caller's pointer variable.
            unsafe { out.write(raw) };
        }
    }
}

/// The bits of p; -1 without p, as OpenSSL (0 for a NULL or foreign `dh`).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn DH_bits(dh: *const DhParams) -> c_int {
    handle::borrow(dh).map_or(0, |d| {
        d.bits()
            .map_or(-1, |b| c_int::try_from(b).unwrap_or(c_int::MAX))
    })
}

/// PKCS #3 DH parameters from the DER at `*pp` (`len` bytes); `*pp` moves
/// past them.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn d2i_DHparams(
    a: *mut *mut DhParams,
    pp: *mut *const c_uchar,
    len: c_long,
) -> *mut DhParams {
    super::pkey::d2i_element(
        a,
        pp,
        len,
        |der| DhParams::from_der(der).map(std::sync::Arc::new),
        FUNC,
    )
}

/// `d2i_DHparams` as a `d2i_of_void`, for the PEM reader.
unsafe extern "C" fn d2i(a: *mut *mut c_void, pp: *mut *const c_uchar, len: c_long) -> *mut c_void {
    // SAFETY: the `d2i_of_void` contract is `d2i_DHparams`'s for `DH`.
    unsafe { d2i_DHparams(a.cast(), pp, len) }.cast()
}

/// The next "DH PARAMETERS" block in `bp` (the password callback is never
/// needed: parameters are not encrypted).
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PEM_read_bio_DHparams(
    bp: *mut Bio,
    x: *mut *mut DhParams,
    _cb: PemPasswordFn,
    _u: *mut c_void,
) -> *mut DhParams {
    super::pem_io::pem_read(
        Stream::Bio(bp.cast()),
        c"DH PARAMETERS",
        d2i,
        x.cast(),
        FUNC,
    )
    .cast()
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PEM_read_DHparams(
    fp: *mut libc::FILE,
    x: *mut *mut DhParams,
    _cb: PemPasswordFn,
    _u: *mut c_void,
) -> *mut DhParams {
    super::pem_io::pem_read(Stream::File(fp), c"DH PARAMETERS", d2i, x.cast(), FUNC).cast()
}

/// The number in upper-case hex without leading zeros ("0" for zero) to
/// `bp`; 1, or 0 when it cannot be written (or `a` is not ours).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn BN_print(bp: *mut Bio, a: *const BigNum) -> c_int {
    let Some(a) = handle::borrow(a) else {
        return 0;
    };
    let mut text: String = a.to_be_bytes().iter().map(|b| format!("{b:02X}")).collect();
    let digits = text.trim_start_matches('0').len();
    text.drain(..text.len() - digits);
    if text.is_empty() {
        text.push('0');
    }
    c_int::from(super::pem_io::write_bytes(
        Stream::Bio(bp.cast()),
        text.as_bytes(),
    ))
}
