//! The key files of `SSL_CTX_use_PrivateKey_file`/`SSL_use_PrivateKey_file` in the drop-in
//! flavour: the file is read as OpenSSL's ssl/ssl_rsa.c reads it, with
//! libcrypto (a file BIO, then `PEM_read_bio_PrivateKey` with the default
//! password callback or `d2i_PrivateKey_bio`). So an encrypted PEM key is
//! decrypted, the program's callback is called by libcrypto with the
//! arguments OpenSSL's would get (a NULL callback is libcrypto's terminal
//! prompt), and a failure leaves OpenSSL's errors on the queue.

#![allow(non_snake_case)]

use std::ffi::CStr;
use std::os::raw::{c_int, c_void};
use std::ptr::{self, NonNull};

use super::Libcrypto;
use super::bio::ForeignBio;
use super::sys;
use crate::abi::{
    ERR_R_ASN1_LIB, ERR_R_BUF_LIB, ERR_R_PEM_LIB, ERR_R_SYS_LIB, SSL_FILETYPE_ASN1,
    SSL_FILETYPE_PEM, SSL_R_BAD_SSL_FILETYPE,
};
use crate::ctx::LoadedKey;
use crate::ffi::objects::{CObjects, PasswordCb};
use crate::keep::Keep;
use crate::ssl_err;

/// The program's `pem_password_cb *` back from its stored address.
fn callback(addr: usize) -> Option<sys::PemPasswordCb> {
    if addr == 0 {
        return None;
    }
    // SAFETY: `addr` was stored from the `pem_password_cb *` the program
    // gave SSL_CTX_set_default_passwd_cb/SSL_set_default_passwd_cb
    // (ffi::hints), a function of exactly this type.
    Some(unsafe { std::mem::transmute::<usize, sys::PemPasswordCb>(addr) })
}

/// The key of `path`, kept in `keep` as the program's `EVP_PKEY` would be
/// by `SSL_CTX_use_PrivateKey`; `None` with the errors queued.
pub fn read(
    keep: &Keep,
    path: &CStr,
    filetype: c_int,
    pw: PasswordCb,
    func: &'static str,
    accepts: &dyn Fn(&LoadedKey) -> bool,
) -> Option<LoadedKey> {
    // SAFETY: no pointer arguments; a new file BIO (ours) or NULL.
    let Some(bio) = ForeignBio::adopt(unsafe { sys::BIO_new(sys::BIO_s_file()) }) else {
        ssl_err!(ERR_R_BUF_LIB, func);
        return None;
    };
    // BIO_read_filename: fopen's error and BIO_R_NO_SUCH_FILE are queued by
    // libcrypto, as under OpenSSL.
    // SAFETY: a live file BIO; `path` is NUL-terminated and outlives the
    // call (the BIO copies nothing but the FILE it opens).
    let opened = unsafe {
        sys::BIO_ctrl(
            bio.as_ptr(),
            sys::BIO_C_SET_FILENAME,
            sys::BIO_CLOSE_FP_READ,
            path.as_ptr() as *mut c_void,
        )
    };
    if opened <= 0 {
        ssl_err!(ERR_R_SYS_LIB, func);
        return None;
    }
    let (pkey, reason) = match filetype {
        SSL_FILETYPE_PEM => {
            // SAFETY: a live BIO; the callback and its argument are the
            // program's, which libcrypto calls as OpenSSL's libssl has it
            // do; a new EVP_PKEY (ours) or NULL.
            let k = unsafe {
                sys::PEM_read_bio_PrivateKey(
                    bio.as_ptr(),
                    ptr::null_mut(),
                    callback(pw.cb),
                    pw.userdata as *mut c_void,
                )
            };
            (k, ERR_R_PEM_LIB)
        }
        SSL_FILETYPE_ASN1 => {
            // SAFETY: a live BIO; a new EVP_PKEY (ours) or NULL.
            let k = unsafe { sys::d2i_PrivateKey_bio(bio.as_ptr(), ptr::null_mut()) };
            (k, ERR_R_ASN1_LIB)
        }
        _ => {
            ssl_err!(SSL_R_BAD_SSL_FILETYPE, func);
            return None;
        }
    };
    let Some(pkey) = NonNull::new(pkey) else {
        ssl_err!(reason, func);
        return None;
    };
    // Then as SSL_CTX_use_PrivateKey(ctx, pkey) and EVP_PKEY_free(pkey).
    let key = Libcrypto::pkey_in(pkey.as_ptr());
    if let Some(k) = &key
        && let Some(slot) = crate::ctx::slot_of_key(k)
        && accepts(k)
    {
        Libcrypto::pkey_keep_given(keep, crate::ffi::cert_get::KEYS[slot], pkey.as_ptr(), k);
    }
    // SAFETY: we own this reference; the keeper took its own.
    unsafe { sys::EVP_PKEY_free(pkey.as_ptr()) };
    key
}
