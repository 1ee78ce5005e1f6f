//! Reading certificates, CRLs and keys from a BIO in the standalone
//! flavour, the ways programs load CA bundles and client credentials
//! beside `SSL_CTX_use_*_file` (curl's CURLOPT_CAINFO_BLOB and SSLCERT
//! blobs): `PEM_X509_INFO_read_bio` (X509_INFO, public layout),
//! `X509_INFO_free`, `d2i_X509_bio`, `d2i_PrivateKey_bio`,
//! `PEM_read_bio_X509_AUX`, and `X509_check_issued` (curl's
//! `--issuercert`). The drop-in flavour's are libcrypto's.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::os::raw::{c_char, c_int, c_void};
use std::ptr;

use super::handle::{self, guard};
use super::pkey::{PemPasswordFn, store_out};
use crate::abi::{ERR_LIB_ASN1, ERR_LIB_PEM, ERR_R_NESTED_ASN1_ERROR, PEM_R_NO_START_LINE};
use crate::bio::Bio;
use crate::stack::OpensslStack;
use crate::x509::pem_block::BlockReader;
use crate::x509::{EvpPkey, X509, X509Crl};

/// OpenSSL's `X509_INFO` (x509.h): what one group of PEM blocks held.
#[repr(C)]
pub struct X509Info {
    x509: *mut X509,
    crl: *mut X509Crl,
    x_pkey: *mut c_void,
    enc_cipher: *const c_void,
    enc_iv: [u8; 16],
    enc_len: c_int,
    enc_data: *mut c_char,
}

/// `STACK_OF(X509_INFO)` in prototypes.
pub type StackX509Info = OpensslStack;

/// The `X509_INFO`s we made and have not freed.
static LIVE: handle::Made = handle::Made::new();

fn new_info() -> X509Info {
    X509Info {
        x509: ptr::null_mut(),
        crl: ptr::null_mut(),
        x_pkey: ptr::null_mut(),
        enc_cipher: ptr::null(),
        enc_iv: [0; 16],
        enc_len: 0,
        enc_data: ptr::null_mut(),
    }
}

fn push(items: &mut Vec<usize>, info: X509Info) {
    let p = Box::into_raw(Box::new(info));
    LIVE.add(p);
    items.push(p as usize);
}

/// Frees one of our `X509_INFO`s and the objects it holds; anything else
/// is left alone.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn X509_INFO_free(a: *mut X509Info) {
    if !LIVE.take(a) {
        return;
    }
    // SAFETY: `a` was made by `push` (Box::into_raw) and was live until
    // the line above took it out.
    let info = unsafe { Box::from_raw(a) };
    handle::release(info.x509);
    handle::release(info.crl);
}

/// Every certificate and CRL of the PEM text in `bp`, grouped as OpenSSL
/// groups them (a new `X509_INFO` when the current one already has that
/// kind), appended to `sk` (or a new stack). Private keys are skipped: the
/// standalone library has no `X509_PKEY`.
#[entry(
    limitation = "private keys in the input are skipped (x_pkey stays NULL); certificates and CRLs are read as OpenSSL groups them"
)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PEM_X509_INFO_read_bio(
    bp: *mut Bio,
    sk: *mut StackX509Info,
    _cb: PemPasswordFn,
    _u: *mut c_void,
) -> *mut StackX509Info {
    guard(FUNC, ptr::null_mut(), || {
        let Some(b) = handle::borrow(bp) else {
            crate::bio::null_param(FUNC);
            return ptr::null_mut();
        };
        let mut items = Vec::new();
        let mut cur = new_info();
        let labels: &[&str] = &[
            "CERTIFICATE",
            "X509 CERTIFICATE",
            "TRUSTED CERTIFICATE",
            "X509 CRL",
        ];
        let mut line = [0u8; 1024];
        let mut next = super::pkey::bio_line(b);
        loop {
            let mut r = BlockReader::any_of(labels);
            let mut got = None;
            while let Some(n) = next(&mut line) {
                if let Some(done) = r.push_line(&line[..n.min(line.len())]) {
                    got = Some((done, r.last_label()));
                    break;
                }
            }
            let Some((done, label)) = got else { break };
            let Ok(der) = done else {
                crate::err::raise(ERR_LIB_PEM, ERR_R_NESTED_ASN1_ERROR, FUNC, file!(), line!());
                for p in items {
                    // SAFETY: our own infos, made above.
                    unsafe { X509_INFO_free(p as *mut X509Info) };
                }
                return ptr::null_mut();
            };
            if label.as_deref() == Some("X509 CRL") {
                if !cur.crl.is_null() {
                    push(&mut items, std::mem::replace(&mut cur, new_info()));
                }
                if let Some(c) = X509Crl::from_der(der) {
                    cur.crl = handle::into_raw(c);
                }
            } else {
                if !cur.x509.is_null() {
                    push(&mut items, std::mem::replace(&mut cur, new_info()));
                }
                // A TRUSTED CERTIFICATE carries its trust settings after
                // the certificate; the certificate is the first element.
                let used = crate::x509::first_element_len(&der).unwrap_or(der.len());
                if let Some(x) = der.get(..used).and_then(|d| X509::from_der(d.to_vec())) {
                    cur.x509 = handle::into_raw(x);
                }
            }
        }
        if !cur.x509.is_null() || !cur.crl.is_null() {
            push(&mut items, cur);
        }
        match handle::borrow(sk) {
            Some(s) => {
                s.lock().items.extend(items);
                sk
            }
            None => handle::into_raw(OpensslStack::new(items, None)),
        }
    })
}

/// The next DER element in `b`: its header, then exactly its length.
fn read_element(b: &Bio) -> Option<Vec<u8>> {
    let mut out = vec![0u8; 2];
    read_exact(b, &mut out)?;
    let first = out[1];
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 {
            return None;
        }
        let mut l = vec![0u8; n];
        read_exact(b, &mut l)?;
        out.extend_from_slice(&l);
        l.iter().fold(0usize, |v, &d| (v << 8) | usize::from(d))
    };
    // Cap what a length field can make us allocate before reading it.
    if len > 100 * 1024 * 1024 {
        return None;
    }
    let start = out.len();
    out.resize(start + len, 0);
    read_exact(b, &mut out[start..])?;
    Some(out)
}

fn read_exact(b: &Bio, buf: &mut [u8]) -> Option<()> {
    let mut got = 0;
    while got < buf.len() {
        let want = buf.len() - got;
        let (rc, n) = b.read_ex(Some(&mut buf[got..]), want);
        if rc <= 0 || n == 0 {
            return None;
        }
        got += n;
    }
    Some(())
}

fn asn1_failed(func: &'static str) {
    crate::err::raise(
        ERR_LIB_ASN1,
        ERR_R_NESTED_ASN1_ERROR,
        func,
        file!(),
        line!(),
    );
}

/// One DER certificate read from `bp`.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn d2i_X509_bio(bp: *mut Bio, x509: *mut *mut X509) -> *mut X509 {
    let cert = handle::borrow(bp)
        .and_then(read_element)
        .and_then(X509::from_der);
    if cert.is_none() {
        asn1_failed(FUNC);
    }
    store_out(x509, cert)
}

/// One DER private key (PKCS #8, PKCS #1 RSA or SEC1 EC) read from `bp`.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn d2i_PrivateKey_bio(bp: *mut Bio, a: *mut *mut EvpPkey) -> *mut EvpPkey {
    let key = handle::borrow(bp)
        .and_then(read_element)
        .and_then(|der| EvpPkey::from_der(&der).ok());
    if key.is_none() {
        asn1_failed(FUNC);
    }
    store_out(a, key)
}

/// The next certificate in `bp`, "TRUSTED CERTIFICATE" blocks included
/// (their trust settings are not kept).
#[entry(limitation = "a TRUSTED CERTIFICATE's trust settings (X509_AUX) are not kept")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn PEM_read_bio_X509_AUX(
    bp: *mut Bio,
    x: *mut *mut X509,
    _cb: PemPasswordFn,
    _u: *mut c_void,
) -> *mut X509 {
    guard(FUNC, ptr::null_mut(), || {
        let Some(b) = handle::borrow(bp) else {
            crate::bio::null_param(FUNC);
            return ptr::null_mut();
        };
        let labels: &[&str] = &["CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE"];
        let der = crate::x509::pem_block::read_any(labels, super::pkey::bio_line(b));
        let cert = match der {
            Ok(d) => {
                let used = crate::x509::first_element_len(&d).unwrap_or(d.len());
                let c = d.get(..used).and_then(|d| X509::from_der(d.to_vec()));
                if c.is_none() {
                    crate::err::raise(
                        ERR_LIB_PEM,
                        crate::abi::ERR_R_ASN1_LIB,
                        FUNC,
                        file!(),
                        line!(),
                    );
                }
                c
            }
            Err(_) => {
                crate::err::raise(ERR_LIB_PEM, PEM_R_NO_START_LINE, FUNC, file!(), line!());
                None
            }
        };
        store_out(x, cert)
    })
}

/// `X509_V_OK` when `issuer` could have issued `subject` (names, key
/// identifiers, keyUsage; src/verify/issuer.rs), else why not.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn X509_check_issued(issuer: *mut X509, subject: *mut X509) -> c_int {
    match (
        handle::borrow(issuer.cast_const()),
        handle::borrow(subject.cast_const()),
    ) {
        (Some(i), Some(s)) => crate::verify::issuer::check_issued(i, s),
        _ => crate::abi::X509_V_ERR_SUBJECT_ISSUER_MISMATCH,
    }
}
