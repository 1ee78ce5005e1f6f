//! The certificate chain controls of `SSL_CTX_ctrl`/`SSL_ctrl` (ssl.h's
//! `SSL_CTX_set0_chain`, `SSL_CTX_add1_chain_cert`,
//! `SSL_CTX_add_extra_chain_cert`, ...): their object arguments are the
//! program's `X509*`/`STACK_OF(X509)*`, read through `Flavour`.

use super::objects::{CObjects, Flavour};
use crate::abi::*;
use crate::ctx::CertSlot;
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
    slot: &mut CertSlot,
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
            let certs = if parg.is_null() {
                Vec::new()
            } else {
                let Some(certs) = Flavour::x509_stack_in(parg) else {
                    ssl_err!(ERR_R_PASSED_INVALID_ARGUMENT, func);
                    return Some(0);
                };
                certs
            };
            // The chain belongs to the current certificate (our slot's
            // leaf); OpenSSL's is kept apart from it, ours follows it.
            let Some(leaf) = slot.chain.first().cloned() else {
                ssl_err!(SSL_R_NO_CERTIFICATE_SET, func);
                return Some(0);
            };
            slot.chain = std::iter::once(leaf)
                .chain(certs.iter().map(|x| der_of(x)))
                .collect();
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
                if slot.chain.is_empty() {
                    ssl_err!(SSL_R_NO_CERTIFICATE_SET, func);
                    return Some(0);
                }
                slot.chain.push(der_of(&x));
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
