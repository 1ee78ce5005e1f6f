//! `X509*` and `X509_NAME*` entry points (openssl/x509.h).

use sslshim_macros::entry;
use std::os::raw::{c_char, c_int, c_long, c_uchar};

use crate::abi::{ERR_LIB_X509, ERR_R_PASSED_INVALID_ARGUMENT};
use crate::ffi::handle::{self, Handle};
use crate::ffi::mem;
use crate::x509::{OnelineError, X509, X509Name};

// SAFETY: `X509` is `#[repr(C)]` with its `u64` magic first, set at
// construction and never changed.
unsafe impl Handle for X509 {
    const MAGIC: u64 = X509::MAGIC;
    fn magic(&self) -> u64 {
        X509::magic(self)
    }
}

// SAFETY: `X509Name` is `#[repr(C)]` with its `u64` magic first, set at
// construction and never changed. Every name C sees is an `Arc` payload: a
// certificate's own (released only with the certificate) or a standalone
// one (`X509_NAME_dup`, CA lists).
unsafe impl Handle for X509Name {
    const MAGIC: u64 = X509Name::MAGIC;
    fn magic(&self) -> u64 {
        X509Name::magic(self)
    }
}

/// `STACK_OF(X509)` and `STACK_OF(X509_NAME)` in prototypes (cbindgen
/// renames them to OpenSSL's struct tags); both are our untyped stack.
pub type StackX509 = crate::stack::OpensslStack;
pub type StackX509Name = crate::stack::OpensslStack;

/// The buffer OpenSSL allocates when `X509_NAME_oneline` gets no buffer.
const ONELINE_ALLOC: usize = 200;

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn X509_free(x: *mut X509) {
    handle::release(x);
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn X509_up_ref(x: *mut X509) -> c_int {
    c_int::from(handle::up_ref(x))
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn X509_get_subject_name(x: *const X509) -> *mut X509Name {
    handle::borrow(x).map_or(std::ptr::null_mut(), |x| handle::as_ptr(x.subject()))
}

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn X509_get_issuer_name(x: *const X509) -> *mut X509Name {
    handle::borrow(x).map_or(std::ptr::null_mut(), |x| handle::as_ptr(x.issuer()))
}

/// `X509_NAME_dup`: a standalone copy (free it with `X509_NAME_free`).

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn X509_NAME_dup(a: *const X509Name) -> *mut X509Name {
    handle::borrow(a).map_or(std::ptr::null_mut(), |n| {
        handle::into_raw(std::sync::Arc::new(n.detached()))
    })
}

/// `X509_NAME_free`: releases a standalone name. A certificate's own
/// subject or issuer (`X509_get_subject_name`, get0) belongs to the
/// certificate; freeing it would be a double free in OpenSSL, so it is
/// left alone here.

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn X509_NAME_free(a: *mut X509Name) {
    if handle::borrow(a).is_some_and(|n| !n.is_embedded()) {
        handle::release(a);
    }
}

/// `X509_NAME_cmp`: 0 for equal names (after OpenSSL's canonicalisation),
/// else -1/1; a NULL sorts first, as in OpenSSL.

#[entry(fail = -2)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn X509_NAME_cmp(a: *const X509Name, b: *const X509Name) -> c_int {
    match (a.is_null(), b.is_null()) {
        (true, true) => 0,
        (true, false) => -1,
        (false, true) => 1,
        _ => match (handle::borrow(a), handle::borrow(b)) {
            (Some(a), Some(b)) => match a.cmp_canonical(b) {
                std::cmp::Ordering::Less => -1,
                std::cmp::Ordering::Equal => 0,
                std::cmp::Ordering::Greater => 1,
            },
            _ => -2,
        },
    }
}

/// Copies `text` and a NUL into `buf` (`len` bytes, `text` already fits).
fn write_c(buf: *mut c_char, len: usize, text: &[u8]) {
    let n = text.len().min(len.saturating_sub(1));
    if buf.is_null() || len == 0 {
        return;
    }
    // SAFETY: the caller gave `len` writable bytes at `buf`; `n + 1 <= len`.
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr(), buf as *mut u8, n);
        buf.add(n).write(0);
    }
}

/// `X509_NAME_oneline(a, buf, len)`. With `buf` NULL the result is
/// allocated (free it with `OPENSSL_free`) and never truncated; otherwise
/// entries that do not fit in `len` bytes are omitted whole. A NULL name
/// gives `"NO X509_NAME"`; a zero or negative `len` with a buffer gives NULL.

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn X509_NAME_oneline(
    a: *const X509Name,
    buf: *mut c_char,
    len: c_int,
) -> *mut c_char {
    let cap = if buf.is_null() {
        None
    } else {
        match usize::try_from(len) {
            Ok(n) if n > 0 => Some(n),
            _ => return std::ptr::null_mut(),
        }
    };
    let text = if a.is_null() {
        let room = cap.unwrap_or(ONELINE_ALLOC) - 1;
        let s = b"NO X509_NAME";
        s[..s.len().min(room)].to_vec()
    } else {
        let Some(name) = handle::borrow(a) else {
            crate::err::raise(
                ERR_LIB_X509,
                ERR_R_PASSED_INVALID_ARGUMENT,
                FUNC,
                file!(),
                line!(),
            );
            return std::ptr::null_mut();
        };
        match name.oneline(cap) {
            Ok(s) => s.into_bytes(),
            Err(OnelineError::NoRoom) => return std::ptr::null_mut(),
            Err(OnelineError::TooLong) => {
                crate::err::raise(
                    ERR_LIB_X509,
                    ERR_R_PASSED_INVALID_ARGUMENT,
                    FUNC,
                    file!(),
                    line!(),
                );
                return std::ptr::null_mut();
            }
        }
    };
    match cap {
        Some(n) => {
            write_c(buf, n, &text);
            buf
        }
        None => {
            // Like OpenSSL's BUF_MEM, never smaller than 200 bytes.
            let size = (text.len() + 1).max(ONELINE_ALLOC);
            let p = mem::alloc(size) as *mut c_char;
            write_c(p, size, &text);
            p
        }
    }
}

// `c_long` is `i64` only on LP64 targets; the conversion is real elsewhere.
#[allow(clippy::useless_conversion)]
#[entry(fail = c"unknown certificate verification error".as_ptr())]
#[unsafe(no_mangle)]
pub extern "C" fn X509_verify_cert_error_string(n: c_long) -> *const c_char {
    crate::x509::verify_cert_error_string(i64::from(n)).as_ptr()
}

/// The `i2d_*` output conventions: `out` NULL asks for the length only;
/// `*out` NULL gets a fresh `OPENSSL_malloc` buffer (not advanced);
/// otherwise the bytes go to `*out`, which moves past them.
pub(super) fn i2d_out(der: &[u8], out: *mut *mut c_uchar) -> c_int {
    let Ok(len) = c_int::try_from(der.len()) else {
        return -1;
    };
    if out.is_null() {
        return len;
    }
    // SAFETY: non-NULL `out` points to the caller's pointer variable.
    let dst = unsafe { out.read() };
    if dst.is_null() {
        let p = mem::alloc_copy(der, false);
        if p.is_null() {
            return -1;
        }
        // SAFETY: as above.
        unsafe { out.write(p) };
        return len;
    }
    // SAFETY: by the i2d contract `*out` has room for the encoding, whose
    // length the caller learnt from a first call.
    unsafe {
        std::ptr::copy_nonoverlapping(der.as_ptr(), dst, der.len());
        out.write(dst.add(der.len()));
    }
    len
}

/// `i2d_X509`: 0 for a NULL certificate (as OpenSSL), -1 for one not ours.

#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn i2d_X509(x: *const X509, out: *mut *mut c_uchar) -> c_int {
    if x.is_null() {
        return 0;
    }
    handle::borrow(x).map_or(-1, |x| i2d_out(x.der(), out))
}

/// `i2d_X509_NAME`, with `i2d_X509`'s conventions.

#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn i2d_X509_NAME(a: *const X509Name, out: *mut *mut c_uchar) -> c_int {
    if a.is_null() {
        return 0;
    }
    handle::borrow(a).map_or(-1, |n| i2d_out(n.der(), out))
}

/// `d2i_X509(a, in, len)`: decodes one certificate from the first `len`
/// bytes at `*in` and advances `*in` past it. Our certificates are
/// immutable, so `*a` is never filled in place: as in OpenSSL the previous
/// `*a` is freed and `*a` then holds the new object (or NULL on failure).
/// Other references to the old object (`X509_up_ref`) stay valid and keep
/// the old contents.

#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn d2i_X509(
    a: *mut *mut X509,
    input: *mut *const c_uchar,
    len: c_long,
) -> *mut X509 {
    super::pkey::d2i_element(a, input, len, |der| X509::from_der(der.to_vec()), FUNC)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn sample_der() -> Option<Vec<u8>> {
        let dir = std::env::temp_dir().join(format!("sslshim-ffi-x509-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok()?;
        let (key, pem) = (dir.join("k.pem"), dir.join("c.pem"));
        let ok = Command::new("openssl")
            .args([
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
            ])
            .args(["-nodes", "-days", "1", "-subj", "/C=US/ST=CA/CN=ffi"])
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&pem)
            .output()
            .ok()?
            .status
            .success();
        let der = Command::new("openssl")
            .args(["x509", "-outform", "DER", "-in"])
            .arg(&pem)
            .output()
            .ok()?
            .stdout;
        let _ = std::fs::remove_dir_all(&dir);
        ok.then_some(der)
    }

    #[test]
    fn d2i_i2d_and_oneline_conventions() {
        let Some(der) = sample_der() else { return };
        let mut buf = der.clone();
        buf.extend([0xAA; 8]);
        let mut p = buf.as_ptr();
        let mut slot: *mut X509 = std::ptr::null_mut();
        // SAFETY: `p` covers `buf`, whose length we pass; `slot` is a local.
        let x = unsafe { d2i_X509(&mut slot, &mut p, buf.len() as c_long) };
        assert!(!x.is_null() && x == slot);
        assert_eq!(
            p as usize - buf.as_ptr() as usize,
            der.len(),
            "advanced past one cert"
        );

        // SAFETY: `x` is a live certificate from d2i_X509; out-pointers are locals.
        unsafe {
            assert_eq!(i2d_X509(x, std::ptr::null_mut()), der.len() as c_int);
            let mut out: *mut c_uchar = std::ptr::null_mut();
            assert_eq!(i2d_X509(x, &mut out), der.len() as c_int);
            assert_eq!(std::slice::from_raw_parts(out, der.len()), der.as_slice());
            libc::free(out as *mut libc::c_void);
            let mut room = vec![0u8; der.len() + 4];
            let mut w = room.as_mut_ptr();
            i2d_X509(x, &mut w);
            assert_eq!(w as usize - room.as_ptr() as usize, der.len());
            assert_eq!(&room[..der.len()], der.as_slice());
            assert_eq!(i2d_X509(std::ptr::null(), std::ptr::null_mut()), 0);

            let name = X509_get_subject_name(x);
            let s = X509_NAME_oneline(name, std::ptr::null_mut(), 0);
            assert_eq!(std::ffi::CStr::from_ptr(s), c"/C=US/ST=CA/CN=ffi");
            libc::free(s as *mut libc::c_void);
            let mut small = [0x23 as c_char; 16];
            let r = X509_NAME_oneline(name, small.as_mut_ptr(), 12);
            assert_eq!(std::ffi::CStr::from_ptr(r), c"/C=US/ST=CA");
            assert!(X509_NAME_oneline(name, small.as_mut_ptr(), 0).is_null());
            let r = X509_NAME_oneline(std::ptr::null(), small.as_mut_ptr(), 6);
            assert_eq!(std::ffi::CStr::from_ptr(r), c"NO X5");
            // A pointer that is not an X509_NAME of ours is refused, not read as one.
            let bogus = [0u64; 4];
            let r = X509_NAME_oneline(bogus.as_ptr() as *const X509Name, small.as_mut_ptr(), 16);
            assert!(r.is_null());
            assert!(X509_get_subject_name(bogus.as_ptr() as *const X509).is_null());

            // Freeing a certificate's own name (a get0 pointer) leaves it
            // alone; a dup is a standalone name that equals it.
            X509_NAME_free(name);
            let copy = X509_NAME_dup(name);
            assert!(!copy.is_null() && copy != name);
            assert_eq!(X509_NAME_cmp(name, copy), 0);
            X509_NAME_free(copy);
            let s = X509_NAME_oneline(name, std::ptr::null_mut(), 0);
            assert_eq!(std::ffi::CStr::from_ptr(s), c"/C=US/ST=CA/CN=ffi");
            libc::free(s as *mut libc::c_void);

            // A failed decode frees `*a` and clears it, as OpenSSL does.
            let mut q = der.as_ptr();
            assert!(d2i_X509(&mut slot, &mut q, der.len() as c_long - 1).is_null());
            assert!(slot.is_null());
            assert_eq!(q, der.as_ptr(), "no advance on failure");
            crate::err::clear();
        }
    }
}
