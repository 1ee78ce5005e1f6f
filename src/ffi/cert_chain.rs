//! The certificate chain controls of `SSL_CTX_ctrl`/`SSL_ctrl` (ssl.h's
//! `SSL_CTX_set0_chain`, `SSL_CTX_add1_chain_cert`,
//! `SSL_CTX_add_extra_chain_cert`, ...) and the current certificate's
//! (`SSL_CTX_set_current_cert`, `SSL_CTX_select_current_cert`): their
//! object arguments are the program's `X509*`/`STACK_OF(X509)*`, read
//! through `Flavour`. The chain ones act on the current certificate.

use super::objects::{CObjects, Flavour};
use crate::abi::*;
use crate::ctx::{OwnCerts, SLOTS, SetCurrent};
use crate::ssl_err;
use pki_types::CertificateDer;
use std::os::raw::{c_int, c_long, c_void};

fn der_of(x: &crate::x509::X509) -> CertificateDer<'static> {
    CertificateDer::from(x.der().to_vec())
}

/// The chain commands on `slot`; `None` for other commands. `ctx` says
/// whether the slot is a context's (extra chain certificates are a
/// context's only).
pub(super) fn ctrl(
    slot: &mut OwnCerts,
    ctx: bool,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
    func: &'static str,
) -> Option<c_long> {
    // larg 0: set0/add0, we take the program's reference; else set1/add1.
    let take = larg == 0;
    Some(match cmd {
        SSL_CTRL_CHAIN => {
            // NULL clears the chain; an empty stack is an empty chain.
            let certs = if parg.is_null() {
                None
            } else {
                let Some(certs) = Flavour::x509_stack_in(parg) else {
                    ssl_err!(ERR_R_PASSED_INVALID_ARGUMENT, func);
                    return Some(0);
                };
                Some(certs.iter().map(|x| der_of(x)).collect())
            };
            slot.set_chain(certs);
            if take && !parg.is_null() {
                Flavour::x509_stack_release(parg);
            }
            1
        }
        SSL_CTRL_CHAIN_CERT | SSL_CTRL_EXTRA_CHAIN_CERT => {
            let Some(x) = Flavour::x509_in(parg) else {
                ssl_err!(ERR_R_PASSED_NULL_PARAMETER, func);
                return Some(0);
            };
            if cmd == SSL_CTRL_EXTRA_CHAIN_CERT {
                if !ctx {
                    return None;
                }
                slot.extra.push(der_of(&x));
                // SSL_CTX_add_extra_chain_cert takes the reference.
                Flavour::x509_release(parg);
            } else {
                slot.add_chain(der_of(&x));
                if take {
                    Flavour::x509_release(parg);
                }
            }
            1
        }
        SSL_CTRL_CLEAR_EXTRA_CHAIN_CERTS if ctx => {
            slot.extra.clear();
            1
        }
        _ => return None,
    })
}

/// Where each slot's chain stack is kept: a program may hold one slot's
/// while it asks for another's.
const CHAIN_KEEP: [&str; SLOTS] = [
    "chain_certs/0",
    "chain_certs/1",
    "chain_certs/2",
    "chain_certs/3",
    "chain_certs/4",
    "chain_certs/5",
    "chain_certs/6",
    "chain_certs/7",
    "chain_certs/8",
];

/// A stack of `certs` kept in `keep` under `slot`: the same object while
/// the certificates are the same.
fn kept_stack(
    keep: &crate::keep::Keep,
    slot: &'static str,
    certs: &[CertificateDer<'static>],
) -> *mut c_void {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for c in certs {
        c.as_ref().hash(&mut h);
    }
    let ders: Vec<&[u8]> = certs.iter().map(|c| c.as_ref()).collect();
    Flavour::x509_ders_kept(keep, slot, h.finish() as usize, &ders)
}

/// `SSL_CTX_get0_chain_certs`/`SSL_get0_chain_certs`
/// (`SSL_CTRL_GET_CHAIN_CERTS`): the current certificate's chain, without
/// the leaf, as a stack the context or connection keeps; NULL when the
/// certificate has none of its own (OpenSSL's NULL `cpk->chain`: the
/// extra chain certificates or the automatic chain are sent then).
pub(super) fn get0_chain(certs: &OwnCerts, keep: &crate::keep::Keep, parg: *mut c_void) -> c_long {
    if parg.is_null() {
        return 0;
    }
    let out = match &certs.current().chain {
        None => std::ptr::null_mut(),
        Some(rest) => kept_stack(keep, CHAIN_KEEP[certs.current_index()], rest),
    };
    // SAFETY: `parg` is the program's STACK_OF(X509) ** (the macro's
    // contract), checked non-NULL.
    unsafe { *(parg as *mut *mut c_void) = out };
    1
}

/// `SSL_CTX_get_extra_chain_certs` (`larg` 0) and
/// `SSL_CTX_get_extra_chain_certs_only` (1) (`SSL_CTRL_GET_EXTRA_CHAIN_CERTS`):
/// the context's extra chain certificates, NULL without any; without any
/// and `larg` 0, the current certificate's chain instead, as OpenSSL's
/// (where mod_ssl's OCSP stapling finds a certificate's issuer).
pub(super) fn get0_extra_chain(
    certs: &OwnCerts,
    keep: &crate::keep::Keep,
    larg: c_long,
    parg: *mut c_void,
) -> c_long {
    if parg.is_null() {
        return 0;
    }
    if certs.extra.is_empty() && larg == 0 {
        return get0_chain(certs, keep, parg);
    }
    let out = if certs.extra.is_empty() {
        std::ptr::null_mut()
    } else {
        kept_stack(keep, "extra_chain_certs", &certs.extra)
    };
    // SAFETY: `parg` is the program's STACK_OF(X509) ** (the macro's
    // contract), checked non-NULL.
    unsafe { *(parg as *mut *mut c_void) = out };
    1
}

/// `SSL_CTX_set_current_cert`'s operation (`SSL_CERT_SET_SERVER`: `None`,
/// a connection's only); `Err` for an unknown one.
pub(super) fn set_current_op(larg: c_long) -> Result<Option<SetCurrent>, ()> {
    match c_int::try_from(larg) {
        Ok(SSL_CERT_SET_FIRST) => Ok(Some(SetCurrent::First)),
        Ok(SSL_CERT_SET_NEXT) => Ok(Some(SetCurrent::Next)),
        Ok(SSL_CERT_SET_SERVER) => Ok(None),
        _ => Err(()),
    }
}

/// The certificate `SSL_CTX_select_current_cert` names (its DER); `None`
/// for NULL.
pub(super) fn selected_der(parg: *mut c_void) -> Option<Vec<u8>> {
    Flavour::x509_in(parg).map(|x| x.der().to_vec())
}

/// The context's current-certificate controls; `None` for other commands.
/// The settings change only when the current certificate does.
pub(super) fn ctx_current(
    c: &crate::ctx::SslCtx,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
) -> Option<c_long> {
    let mut probe = c.settings().cert.clone();
    let moved = match cmd {
        SSL_CTRL_SET_CURRENT_CERT => match set_current_op(larg) {
            Ok(Some(op)) => probe.set_current(op),
            _ => false,
        },
        SSL_CTRL_SELECT_CURRENT_CERT => selected_der(parg).is_some_and(|d| probe.select(&d)),
        _ => return None,
    };
    if moved && probe.current_index() != c.settings().cert.current_index() {
        c.update(|s| s.cert.make_current(probe.current_index()));
    }
    Some(c_long::from(moved))
}

/// A connection's certificate controls (the chain ones, the current
/// certificate's, `SSL_build_cert_chain`); `None` for other commands.
pub(super) fn ssl_ctrl(
    c: &mut crate::ssl::Conn,
    keep: &crate::keep::Keep,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
    func: &'static str,
) -> Option<c_long> {
    Some(match cmd {
        SSL_CTRL_BUILD_CERT_CHAIN => {
            c.own_certs_mut();
            build(c.settings_mut(), larg)
        }
        SSL_CTRL_GET_CHAIN_CERTS => get0_chain(&c.own_certs(), keep, parg),
        SSL_CTRL_CHAIN | SSL_CTRL_CHAIN_CERT => {
            ctrl(c.own_certs_mut(), false, cmd, larg, parg, func).unwrap_or(0)
        }
        SSL_CTRL_SET_CURRENT_CERT => match set_current_op(larg) {
            Ok(op) => c_long::from(c.set_current_cert(op)),
            Err(()) => 0,
        },
        SSL_CTRL_SELECT_CURRENT_CERT => {
            c_long::from(selected_der(parg).is_some_and(|d| c.select_current_cert(&d)))
        }
        _ => return None,
    })
}

/// `SSL_CTX_build_cert_chain`/`SSL_build_cert_chain` (`SSL_CTRL_BUILD_CERT_CHAIN`,
/// flags in `larg`): 1, 2 when `SSL_BUILD_CHAIN_FLAG_IGNORE_ERROR` let a
/// failure pass, 0 with OpenSSL's error entry (see `ctx::build_chain`).
pub(super) fn build(settings: &mut crate::ctx::Settings, flags: c_long) -> c_long {
    const FUNC: &str = "ssl_build_cert_chain";
    match settings.build_cert_chain(flags) {
        Ok(rv) => {
            if rv == 2 && flags & SSL_BUILD_CHAIN_FLAG_CLEAR_ERROR != 0 {
                crate::err::clear();
            }
            c_long::from(rv)
        }
        Err(crate::ctx::BuildError::NoCertificate) => {
            ssl_err!(SSL_R_NO_CERTIFICATE_SET, FUNC);
            0
        }
        Err(crate::ctx::BuildError::Verify(code)) => {
            let text = crate::x509::verify_cert_error_string(code).to_string_lossy();
            crate::err::raise_data(
                ERR_LIB_SSL,
                SSL_R_CERTIFICATE_VERIFY_FAILED,
                FUNC,
                file!(),
                line!(),
                format!("Verify error:{text}"),
            );
            0
        }
    }
}

/// `SSL_check_chain`: OpenSSL's `CERT_PKEY_*` flags for a certificate, its
/// key and chain on this connection (see `ssl::check_chain`); 0 without a
/// certificate or a key of a kind TLS signs with.
#[sslshim_macros::entry(
    limitation = "a client assumes a TLS 1.2 CertificateRequest lists RSA and ECDSA certificate types (rustls does not report them); the key's curve is taken from the certificate; suite B and SSL_CERT_FLAG_TLS_STRICT are not applied"
)]
#[unsafe(no_mangle)]
#[allow(non_snake_case)]
pub extern "C" fn SSL_check_chain(
    ssl: *mut crate::ssl::Ssl,
    x: *mut crate::x509::X509,
    pk: *mut crate::x509::EvpPkey,
    chain: *mut super::x509::StackX509,
) -> c_int {
    use crate::ssl::KeySlot;
    super::ssl::with_ssl(FUNC, ssl, FAIL, |s| {
        if x.is_null() || pk.is_null() {
            return 0;
        }
        let (Some(leaf), Some(key)) = (Flavour::x509_in(x.cast()), Flavour::pkey_in(pk.cast()))
        else {
            return 0;
        };
        let slot = match key.signer.algorithm() {
            rustls::SignatureAlgorithm::RSA => KeySlot::Rsa,
            rustls::SignatureAlgorithm::ECDSA => KeySlot::Ec,
            rustls::SignatureAlgorithm::ED25519 => KeySlot::Ed25519,
            rustls::SignatureAlgorithm::ED448 => KeySlot::Ed448,
            _ => return 0,
        };
        let chain = if chain.is_null() {
            Vec::new()
        } else {
            match Flavour::x509_stack_in(chain.cast()) {
                Some(c) => c,
                None => return 0,
            }
        };
        s.lock().check_chain(&leaf, slot, &chain)
    })
}
