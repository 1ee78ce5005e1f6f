//! `EVP_PKEY` objects and the PEM/DER readers libssl users load
//! certificates and keys with (pem.h, x509.h, evp.h), and the
//! `SSL_use_certificate`/`SSL_use_PrivateKey` family that takes them.

#![allow(non_snake_case)]

use super::handle::{self, Handle, guard};
use super::objects::{CObjects, Flavour};
use crate::abi::*;
use crate::bio::Bio;
use crate::ctx::{CertError, LoadedKey, OwnCerts, SslCtx};
use crate::keep::Keep;
use crate::ssl::Ssl;
use crate::ssl_err;
use crate::x509::pem::{PemKind, PemReader};
use crate::x509::{EvpPkey, X509};
use pki_types::CertificateDer;
use sslshim_macros::entry;
use std::ffi::c_void;
use std::os::raw::{c_char, c_int, c_long, c_uchar};
use std::ptr;
use std::sync::Arc;

// SAFETY: EvpPkey is #[repr(C)] with its u64 magic first, constant for life.
unsafe impl Handle for EvpPkey {
    const MAGIC: u64 = EvpPkey::MAGIC;
    fn magic(&self) -> u64 {
        EvpPkey::magic(self)
    }
}

/// `pem_password_cb *`: encrypted PEM is not supported, so it is never called.
pub type PemPasswordFn =
    Option<unsafe extern "C" fn(*mut c_char, c_int, c_int, *mut c_void) -> c_int>;

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_PKEY_free(pkey: *mut EvpPkey) {
    handle::release(pkey);
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EVP_PKEY_up_ref(pkey: *mut EvpPkey) -> c_int {
    c_int::from(handle::up_ref(pkey))
}

/// Stores `obj` in `*out` as the `d2i`/`PEM_read` conventions want: the
/// previous `*out` is freed, NULL on failure.
pub(super) fn store_out<T: Handle>(out: *mut *mut T, obj: Option<Arc<T>>) -> *mut T {
    let raw = obj.map_or(ptr::null_mut(), handle::into_raw);
    if !out.is_null() {
        // SAFETY: non-NULL `out` points to the caller's pointer variable.
        let old = unsafe { out.read() };
        if old != raw {
            handle::release(old);
        }
        // SAFETY: as above.
        unsafe { out.write(raw) };
    }
    raw
}

/// `d2i_AutoPrivateKey`: a PKCS#8, PKCS#1 (RSA) or SEC1 (EC) key from the
/// first `len` bytes at `*pp`; `*pp` moves past it.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn d2i_AutoPrivateKey(
    a: *mut *mut EvpPkey,
    pp: *mut *const c_uchar,
    len: c_long,
) -> *mut EvpPkey {
    d2i_element(a, pp, len, |der| EvpPkey::from_der(der).ok(), FUNC)
}

/// The `d2i_*` convention: the first DER element of the `len` bytes at
/// `*pp`, read by `parse`; on success `*pp` moves past it, and the object
/// goes to `*a` as `store_out` says. A failure is OpenSSL's nested ASN.1
/// error and NULL.
pub(super) fn d2i_element<T: Handle>(
    a: *mut *mut T,
    pp: *mut *const c_uchar,
    len: c_long,
    parse: impl FnOnce(&[u8]) -> Option<Arc<T>>,
    func: &'static str,
) -> *mut T {
    let obj = first_element(pp, len, parse);
    if obj.is_none() {
        crate::err::raise(
            ERR_LIB_ASN1,
            ERR_R_NESTED_ASN1_ERROR,
            func,
            file!(),
            line!(),
        );
    }
    store_out(a, obj)
}

fn first_element<T>(
    pp: *mut *const c_uchar,
    len: c_long,
    parse: impl FnOnce(&[u8]) -> Option<T>,
) -> Option<T> {
    if pp.is_null() {
        return None;
    }
    let len = usize::try_from(len).ok().filter(|&n| n > 0)?;
    // SAFETY: non-NULL `pp` points to the caller's pointer variable.
    let start = unsafe { pp.read() };
    if start.is_null() {
        return None;
    }
    // SAFETY: the caller promises `len` readable bytes at `*pp`.
    let bytes = unsafe { std::slice::from_raw_parts(start, len) };
    let used = crate::x509::first_element_len(bytes)?;
    let obj = parse(bytes.get(..used)?)?;
    // SAFETY: `used <= len`: the advanced pointer stays within the buffer.
    unsafe { pp.write(start.add(used)) };
    Some(obj)
}

/// Feeds lines from `next_line` until one block of `kind` is complete.
pub(super) fn read_block(
    kind: PemKind,
    mut next_line: impl FnMut(&mut [u8]) -> Option<usize>,
) -> Option<PemReader> {
    let mut r = PemReader::new(kind);
    let mut line = [0u8; 1024];
    while let Some(n) = next_line(&mut line) {
        if r.push_line(&line[..n]) {
            return Some(r);
        }
    }
    None
}

/// One line from a C `FILE *` (fgets), without its NUL.
pub(super) fn file_line(fp: *mut libc::FILE) -> impl FnMut(&mut [u8]) -> Option<usize> {
    move |buf: &mut [u8]| {
        // SAFETY: `buf` is writable for its length (< i32::MAX); `fp` is the
        // caller's open FILE.
        let p = unsafe { libc::fgets(buf.as_mut_ptr() as *mut c_char, buf.len() as c_int, fp) };
        if p.is_null() {
            return None;
        }
        Some(buf.iter().position(|&b| b == 0).unwrap_or(buf.len()))
    }
}

/// One line from a BIO (`BIO_gets`).
pub(super) fn bio_line(b: &Bio) -> impl FnMut(&mut [u8]) -> Option<usize> + '_ {
    move |buf: &mut [u8]| {
        let n = b.gets(buf);
        let n = usize::try_from(n).ok().filter(|&n| n > 0)?;
        Some(buf[..n].iter().position(|&c| c == 0).unwrap_or(n))
    }
}

fn no_start_line(func: &'static str) {
    crate::err::raise(ERR_LIB_PEM, PEM_R_NO_START_LINE, func, file!(), line!());
}

fn pem_x509(block: Option<PemReader>, func: &'static str) -> Option<Arc<X509>> {
    let Some(block) = block else {
        no_start_line(func);
        return None;
    };
    let x = block.certificate().and_then(X509::from_der);
    if x.is_none() {
        crate::err::raise(ERR_LIB_PEM, ERR_R_ASN1_LIB, func, file!(), line!());
    }
    x
}

fn pem_key(block: Option<PemReader>, func: &'static str) -> Option<Arc<EvpPkey>> {
    let Some(block) = block else {
        no_start_line(func);
        return None;
    };
    match block.private_key() {
        Some(der) => match crate::ctx::LoadedKey::new(der) {
            Ok(k) => Some(EvpPkey::new(k)),
            Err(_) => {
                crate::err::raise(ERR_LIB_PEM, ERR_R_EVP_LIB, func, file!(), line!());
                None
            }
        },
        // Encrypted (or malformed): no password support.
        None => {
            crate::err::raise(ERR_LIB_PEM, PEM_R_BAD_PASSWORD_READ, func, file!(), line!());
            None
        }
    }
}

/// `PEM_read_X509`: the next certificate in `fp` (reading stops after it).

#[entry(limitation = "the password callback is never called (certificates are not encrypted)")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PEM_read_X509(
    fp: *mut libc::FILE,
    x: *mut *mut X509,
    cb: PemPasswordFn,
    u: *mut c_void,
) -> *mut X509 {
    let _ = (cb, u);
    guard(FUNC, ptr::null_mut(), || {
        if fp.is_null() {
            crate::err::raise(
                ERR_LIB_PEM,
                ERR_R_PASSED_NULL_PARAMETER,
                FUNC,
                file!(),
                line!(),
            );
            return ptr::null_mut();
        }
        let cert = pem_x509(read_block(PemKind::Certificate, file_line(fp)), FUNC);
        store_out(x, cert)
    })
}

#[entry(limitation = "the password callback is never called (certificates are not encrypted)")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PEM_read_bio_X509(
    bp: *mut Bio,
    x: *mut *mut X509,
    cb: PemPasswordFn,
    u: *mut c_void,
) -> *mut X509 {
    let _ = (cb, u);
    guard(FUNC, ptr::null_mut(), || {
        let Some(b) = handle::borrow(bp) else {
            crate::err::raise(
                ERR_LIB_PEM,
                ERR_R_PASSED_NULL_PARAMETER,
                FUNC,
                file!(),
                line!(),
            );
            return ptr::null_mut();
        };
        let cert = pem_x509(read_block(PemKind::Certificate, bio_line(b)), FUNC);
        store_out(x, cert)
    })
}

/// `PEM_read_PrivateKey`: the next unencrypted private key in `fp`.

#[entry(
    limitation = "encrypted keys are refused (PEM_R_BAD_PASSWORD_READ); the password callback is never called"
)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PEM_read_PrivateKey(
    fp: *mut libc::FILE,
    x: *mut *mut EvpPkey,
    cb: PemPasswordFn,
    u: *mut c_void,
) -> *mut EvpPkey {
    let _ = (cb, u);
    guard(FUNC, ptr::null_mut(), || {
        if fp.is_null() {
            crate::err::raise(
                ERR_LIB_PEM,
                ERR_R_PASSED_NULL_PARAMETER,
                FUNC,
                file!(),
                line!(),
            );
            return ptr::null_mut();
        }
        let key = pem_key(read_block(PemKind::PrivateKey, file_line(fp)), FUNC);
        store_out(x, key)
    })
}

#[entry(
    limitation = "encrypted keys are refused (PEM_R_BAD_PASSWORD_READ); the password callback is never called"
)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PEM_read_bio_PrivateKey(
    bp: *mut Bio,
    x: *mut *mut EvpPkey,
    cb: PemPasswordFn,
    u: *mut c_void,
) -> *mut EvpPkey {
    let _ = (cb, u);
    guard(FUNC, ptr::null_mut(), || {
        let Some(b) = handle::borrow(bp) else {
            crate::err::raise(
                ERR_LIB_PEM,
                ERR_R_PASSED_NULL_PARAMETER,
                FUNC,
                file!(),
                line!(),
            );
            return ptr::null_mut();
        };
        let key = pem_key(read_block(PemKind::PrivateKey, bio_line(b)), FUNC);
        store_out(x, key)
    })
}

// ---- SSL_use_certificate & co ------------------------------------------------

// The X509* and EVP_PKEY* here are the program's: ours in the standalone
// flavour, libcrypto's in the drop-in one (`Flavour`).

/// OpenSSL's error entry for a refused certificate or key.
pub(super) fn cert_error(e: CertError, func: &'static str) {
    match e {
        CertError::UnknownType => ssl_err!(SSL_R_UNKNOWN_CERTIFICATE_TYPE, func),
        // X509_check_private_key's, as OpenSSL's ssl_set_pkey leaves it.
        CertError::Mismatch => crate::err::raise(
            ERR_LIB_X509,
            X509_R_KEY_VALUES_MISMATCH,
            "X509_check_private_key",
            file!(),
            line!(),
        ),
        CertError::NotReplacing => ssl_err!(SSL_R_NOT_REPLACING_CERTIFICATE, func),
    }
}

/// The certificate into its key type's slot, which becomes the current one.
pub(super) fn use_cert(
    certs: &mut OwnCerts,
    leaf: CertificateDer<'static>,
    func: &'static str,
) -> c_int {
    match certs.set_leaf(leaf) {
        Ok(()) => 1,
        Err(e) => {
            cert_error(e, func);
            0
        }
    }
}

/// The key into its type's slot (refused when that slot's certificate is
/// not its), which becomes the current one.
pub(super) fn use_key(certs: &mut OwnCerts, k: LoadedKey, func: &'static str) -> c_int {
    match certs.set_key(k) {
        Ok(()) => 1,
        Err(e) => {
            cert_error(e, func);
            0
        }
    }
}

fn der_of(x: &X509) -> CertificateDer<'static> {
    CertificateDer::from(x.der().to_vec())
}

/// Keeps the program's `X509*`, set in its slot, for the getters.
fn keep_cert(keep: &Keep, x: *mut X509, der: &[u8]) {
    if let Some(slot) = crate::ctx::slot_of_cert(der) {
        Flavour::x509_keep_given(keep, super::cert_get::CERTS[slot], x.cast());
    }
}

/// Keeps the program's `EVP_PKEY*`, set in its slot, for the getters.
fn keep_key(keep: &Keep, pkey: *mut EvpPkey, k: &LoadedKey) {
    if let Some(slot) = crate::ctx::slot_of_key(k) {
        Flavour::pkey_keep_given(keep, super::cert_get::KEYS[slot], pkey.cast(), k);
    }
}

fn null_arg(func: &'static str) -> c_int {
    ssl_err!(ERR_R_PASSED_NULL_PARAMETER, func);
    0
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_use_certificate(ctx: *mut SslCtx, x: *mut X509) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| match Flavour::x509_in(x.cast()) {
        Some(xo) => {
            let rv = c.update(|s| use_cert(&mut s.cert, der_of(&xo), FUNC));
            if rv == 1 {
                keep_cert(&c.keep, x, xo.der());
            }
            rv
        }
        None => null_arg(FUNC),
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_use_PrivateKey(ctx: *mut SslCtx, pkey: *mut EvpPkey) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| match Flavour::pkey_in(pkey.cast()) {
        Some(k) => {
            let rv = c.update(|s| use_key(&mut s.cert, k.clone(), FUNC));
            if rv == 1 {
                keep_key(&c.keep, pkey, &k);
            }
            rv
        }
        None => null_arg(FUNC),
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_use_certificate(ssl: *mut Ssl, x: *mut X509) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| match Flavour::x509_in(x.cast()) {
        Some(xo) => {
            let rv = super::ssl::edit_own_certs(s, |oc| use_cert(oc, der_of(&xo), FUNC));
            if rv == 1 {
                keep_cert(&s.keep, x, xo.der());
            }
            rv
        }
        None => null_arg(FUNC),
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_use_PrivateKey(ssl: *mut Ssl, pkey: *mut EvpPkey) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| match Flavour::pkey_in(pkey.cast()) {
        Some(k) => {
            let rv = super::ssl::edit_own_certs(s, |oc| use_key(oc, k.clone(), FUNC));
            if rv == 1 {
                keep_key(&s.keep, pkey, &k);
            }
            rv
        }
        None => null_arg(FUNC),
    })
}

/// `SSL_CTX_use_RSAPrivateKey`: the key of an `RSA*` (libcrypto's in the
/// drop-in, `EVP_PKEY_get1_RSA`'s in the standalone).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_use_RSAPrivateKey(
    ctx: *mut SslCtx,
    rsa: *mut super::absent::Rsa,
) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| {
        if rsa.is_null() {
            return null_arg(FUNC);
        }
        match Flavour::rsa_in(rsa.cast()) {
            Some(k) => c.update(|s| use_key(&mut s.cert, k, FUNC)),
            None => 0,
        }
    })
}

/// `SSL_use_RSAPrivateKey`: as `SSL_CTX_use_RSAPrivateKey`, on one connection.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_use_RSAPrivateKey(ssl: *mut Ssl, rsa: *mut super::absent::Rsa) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        if rsa.is_null() {
            return null_arg(FUNC);
        }
        match Flavour::rsa_in(rsa.cast()) {
            Some(k) => super::ssl::edit_own_certs(s, |oc| use_key(oc, k, FUNC)),
            None => 0,
        }
    })
}

/// The objects of `SSL_(CTX_)use_cert_and_key` read: the certificate, the
/// key if any, the chain; `None` (with an error queued) when one is not a
/// certificate or key.
fn cert_and_key_in(
    x: *mut X509,
    pkey: *mut EvpPkey,
    chain: *mut c_void,
    func: &'static str,
) -> Option<(Arc<X509>, Option<LoadedKey>, Vec<CertificateDer<'static>>)> {
    let Some(leaf) = Flavour::x509_in(x.cast()) else {
        null_arg(func);
        return None;
    };
    let key = if pkey.is_null() {
        None
    } else {
        let Some(k) = Flavour::pkey_in(pkey.cast()) else {
            ssl_err!(ERR_R_PASSED_INVALID_ARGUMENT, func);
            return None;
        };
        Some(k)
    };
    let rest = if chain.is_null() {
        Vec::new()
    } else {
        let Some(certs) = Flavour::x509_stack_in(chain) else {
            ssl_err!(ERR_R_PASSED_INVALID_ARGUMENT, func);
            return None;
        };
        certs
            .iter()
            .map(|c| CertificateDer::from(c.der().to_vec()))
            .collect()
    };
    Some((leaf, key, rest))
}

/// Puts them in their slot; the given objects are kept (with a reference
/// of ours, as OpenSSL up-refs them) for the get0 accessors.
fn use_cert_and_key(
    certs: &mut OwnCerts,
    keep: &Keep,
    (x, pkey): (*mut X509, *mut EvpPkey),
    (leaf, key, rest): (Arc<X509>, Option<LoadedKey>, Vec<CertificateDer<'static>>),
    replace: bool,
    func: &'static str,
) -> c_int {
    let given_key = key.clone();
    match certs.set_cert_and_key(der_of(&leaf), key, rest, replace) {
        Ok(()) => {
            keep_cert(keep, x, leaf.der());
            if let Some(k) = &given_key {
                keep_key(keep, pkey, k);
            }
            1
        }
        Err(CertError::Mismatch) => {
            ssl_err!(SSL_R_PRIVATE_KEY_MISMATCH, func);
            0
        }
        Err(e) => {
            cert_error(e, func);
            0
        }
    }
}

/// `SSL_CTX_use_cert_and_key`: certificate, key (may be NULL) and chain
/// (may be NULL) at once; without `override`, nothing already set is
/// replaced.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_use_cert_and_key(
    ctx: *mut SslCtx,
    x509: *mut X509,
    privatekey: *mut EvpPkey,
    chain: *mut super::x509::StackX509,
    override_: c_int,
) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| {
        let Some(objs) = cert_and_key_in(x509, privatekey, chain.cast(), FUNC) else {
            return 0;
        };
        c.update(|s| {
            use_cert_and_key(
                &mut s.cert,
                &c.keep,
                (x509, privatekey),
                objs,
                override_ != 0,
                FUNC,
            )
        })
    })
}

/// `SSL_use_cert_and_key`: as `SSL_CTX_use_cert_and_key`, on one connection.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_use_cert_and_key(
    ssl: *mut Ssl,
    x509: *mut X509,
    privatekey: *mut EvpPkey,
    chain: *mut super::x509::StackX509,
    override_: c_int,
) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        let Some(objs) = cert_and_key_in(x509, privatekey, chain.cast(), FUNC) else {
            return 0;
        };
        super::ssl::edit_own_certs(s, |oc| {
            use_cert_and_key(oc, &s.keep, (x509, privatekey), objs, override_ != 0, FUNC)
        })
    })
}

/// `X509_check_private_key` (libcrypto's; the standalone flavour's own
/// objects): 1 when `pkey` is the private half of the certificate's key;
/// else 0 with `X509_R_KEY_VALUES_MISMATCH`, as OpenSSL.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_check_private_key(x509: *const X509, pkey: *const EvpPkey) -> c_int {
    let (Some(x), Some(k)) = (handle::borrow(x509), handle::borrow(pkey)) else {
        return null_arg(FUNC);
    };
    // A public key (X509_get_pubkey) matches when it is the certificate's.
    let matches = match k.key() {
        Some(key) => key.matches_cert(x.der()),
        None => k
            .spki()
            .is_some_and(|s| crate::x509::fields::of(x.der()).is_some_and(|f| f.spki == s)),
    };
    if matches {
        return 1;
    }
    crate::err::raise(
        ERR_LIB_X509,
        X509_R_KEY_VALUES_MISMATCH,
        FUNC,
        file!(),
        line!(),
    );
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn der_key() -> Option<Vec<u8>> {
        let pem = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/certs/client.key");
        let out = Command::new("openssl")
            .args(["pkey", "-outform", "DER", "-in", pem])
            .output()
            .ok()?;
        out.status.success().then_some(out.stdout)
    }

    #[test]
    fn d2i_auto_private_key_advances_and_replaces() {
        let Some(der) = der_key() else { return };
        let mut buf = der.clone();
        buf.extend([0u8; 4]);
        let mut p = buf.as_ptr();
        let mut slot: *mut EvpPkey = ptr::null_mut();
        // SAFETY: `p` covers `buf`, whose length we pass; `slot` is a local.
        let k = unsafe { d2i_AutoPrivateKey(&mut slot, &mut p, buf.len() as c_long) };
        assert!(!k.is_null() && k == slot);
        assert_eq!(p as usize - buf.as_ptr() as usize, der.len());
        // A second key replaces (and frees) the first in `*a`.
        let mut q = der.as_ptr();
        // SAFETY: as above.
        let k2 = unsafe { d2i_AutoPrivateKey(&mut slot, &mut q, der.len() as c_long) };
        assert!(!k2.is_null() && slot == k2);
        // Garbage fails, clears `*a` and leaves the pointer where it was.
        let junk = [0x30u8, 0x03, 0x02, 0x01, 0x00];
        let mut r = junk.as_ptr();
        // SAFETY: as above.
        let bad = unsafe { d2i_AutoPrivateKey(&mut slot, &mut r, junk.len() as c_long) };
        assert!(bad.is_null() && slot.is_null());
        assert_eq!(r, junk.as_ptr());
        crate::err::clear();
    }
}

// ---- DER buffers and RSA names ------------------------------------------------

/// `len` bytes at `d` (a negative or zero length, or NULL, is nothing).
fn der_arg<'a>(d: *const c_uchar, len: c_long) -> Option<&'a [u8]> {
    let len = usize::try_from(len).ok().filter(|&n| n > 0)?;
    if d.is_null() {
        return None;
    }
    // SAFETY: non-NULL; the caller promises `len` readable bytes.
    Some(unsafe { std::slice::from_raw_parts(d, len) })
}

/// A DER certificate, or OpenSSL's ERR_R_ASN1_LIB entry.
fn cert_der(d: *const c_uchar, len: c_long, func: &'static str) -> Option<Arc<X509>> {
    let x = der_arg(d, len).and_then(|b| X509::from_der(b.to_vec()));
    if x.is_none() {
        ssl_err!(ERR_R_ASN1_LIB, func);
    }
    x
}

/// A DER private key (PKCS#8, PKCS#1 or SEC1), or ERR_R_ASN1_LIB.
fn key_der(d: *const c_uchar, len: c_long, func: &'static str) -> Option<LoadedKey> {
    let k = der_arg(d, len).and_then(|b| EvpPkey::from_der(b).ok());
    if k.is_none() {
        ssl_err!(ERR_R_ASN1_LIB, func);
    }
    k.and_then(|k| k.key().cloned())
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_use_certificate_ASN1(
    ctx: *mut SslCtx,
    len: c_int,
    d: *const c_uchar,
) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| {
        match cert_der(d, c_long::from(len), FUNC) {
            Some(x) => c.update(|s| use_cert(&mut s.cert, der_of(&x), FUNC)),
            None => 0,
        }
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_use_certificate_ASN1(ssl: *mut Ssl, d: *const c_uchar, len: c_int) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| {
        match cert_der(d, c_long::from(len), FUNC) {
            Some(x) => super::ssl::edit_own_certs(s, |oc| use_cert(oc, der_of(&x), FUNC)),
            None => 0,
        }
    })
}

/// The key type argument is not needed: the DER says what it is.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_use_PrivateKey_ASN1(
    pk: c_int,
    ctx: *mut SslCtx,
    d: *const c_uchar,
    len: c_long,
) -> c_int {
    let _ = pk;
    handle::with(FUNC, ctx, FAIL, |c| match key_der(d, len, FUNC) {
        Some(k) => c.update(|s| use_key(&mut s.cert, k, FUNC)),
        None => 0,
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_use_PrivateKey_ASN1(
    pk: c_int,
    ssl: *mut Ssl,
    d: *const c_uchar,
    len: c_long,
) -> c_int {
    let _ = pk;
    handle::with(FUNC, ssl, FAIL, |s| match key_der(d, len, FUNC) {
        Some(k) => super::ssl::edit_own_certs(s, |oc| use_key(oc, k, FUNC)),
        None => 0,
    })
}

/// Whether an RSA function got an RSA key; else OpenSSL's
/// EVP_R_EXPECTING_AN_RSA_KEY entry.
fn is_rsa(k: &LoadedKey, func: &'static str) -> bool {
    if k.signer.algorithm() == rustls::SignatureAlgorithm::RSA {
        return true;
    }
    crate::err::raise(
        ERR_LIB_EVP,
        EVP_R_EXPECTING_AN_RSA_KEY,
        func,
        file!(),
        line!(),
    );
    false
}

/// A DER RSA key (PKCS#1 `RSAPrivateKey`, or PKCS#8 holding one).
fn rsa_der(d: *const c_uchar, len: c_long, func: &'static str) -> Option<LoadedKey> {
    key_der(d, len, func).filter(|k| is_rsa(k, func))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_use_RSAPrivateKey_ASN1(
    ctx: *mut SslCtx,
    d: *const c_uchar,
    len: c_long,
) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| match rsa_der(d, len, FUNC) {
        Some(k) => c.update(|s| use_key(&mut s.cert, k, FUNC)),
        None => 0,
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_use_RSAPrivateKey_ASN1(
    ssl: *mut Ssl,
    d: *const c_uchar,
    len: c_long,
) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| match rsa_der(d, len, FUNC) {
        Some(k) => super::ssl::edit_own_certs(s, |oc| use_key(oc, k, FUNC)),
        None => 0,
    })
}

/// Whether the key file holds a key that is not RSA (then the RSA entry
/// points fail as OpenSSL's do); files that cannot be read go the
/// ordinary way, which reports OpenSSL's errors for them.
fn not_rsa_file(file: *const c_char, kind: c_int, func: &'static str) -> bool {
    let Some(path) = handle::c_str(file) else {
        return false;
    };
    match crate::x509::load::read_key(std::path::Path::new(path), kind) {
        Ok(k) => !is_rsa(&k, func),
        Err(_) => false,
    }
}

/// An RSA key file, read like any key file once it is known to hold an
/// RSA key.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_use_RSAPrivateKey_file(
    ctx: *mut SslCtx,
    file: *const c_char,
    kind: c_int,
) -> c_int {
    if handle::borrow(ctx).is_none() || not_rsa_file(file, kind, FUNC) {
        return 0;
    }
    super::ctx::SSL_CTX_use_PrivateKey_file(ctx, file, kind)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_use_RSAPrivateKey_file(
    ssl: *mut Ssl,
    file: *const c_char,
    kind: c_int,
) -> c_int {
    if handle::borrow(ssl).is_none() || not_rsa_file(file, kind, FUNC) {
        return 0;
    }
    super::ssl::SSL_use_PrivateKey_file(ssl, file, kind)
}

/// The connection's certificates, keys and chains are dropped.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_certs_clear(ssl: *mut Ssl) {
    handle::with(FUNC, ssl, FAIL, |s| {
        super::ssl::edit_own_certs(s, |oc| oc.clear_certs());
    })
}
