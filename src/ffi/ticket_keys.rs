//! The program's session ticket keys (ssl.h): `SSL_CTX_set_tlsext_ticket_key_evp_cb`
//! and, through `SSL_CTX_callback_ctrl`, the deprecated
//! `SSL_CTX_set_tlsext_ticket_key_cb`. The callback seals and opens the
//! context's tickets in OpenSSL's format (`session::ProgramTickets`;
//! libcrypto's contexts in the drop-in flavour), so servers sharing the
//! program's keys resume each other's tickets and their own after a
//! restart.

#![allow(non_snake_case)]

use super::absent::{EvpCipherCtx, EvpMacCtx};
use super::handle;
use super::objects::{CObjects, Flavour};
use crate::ctx::SslCtx;
use crate::session::ProgramTickets;
use crate::ssl::Ssl;
use sslshim_macros::entry;
use std::os::raw::{c_int, c_uchar};
use std::sync::Arc;

/// `SSL_CTX_set_tlsext_ticket_key_evp_cb`'s callback.
pub type TicketKeyEvpFn = Option<
    unsafe extern "C" fn(
        *mut Ssl,
        *mut c_uchar,
        *mut c_uchar,
        *mut EvpCipherCtx,
        *mut EvpMacCtx,
        c_int,
    ) -> c_int,
>;

/// Installs (or with 0, removes) the callback at `cb`; 1, as OpenSSL.
pub(super) fn set(c: &SslCtx, cb: usize, hmac: bool, func: &'static str) -> c_int {
    let keys = match cb {
        0 => None,
        _ => match Flavour::ticket_keys(cb, hmac) {
            Some(k) => {
                Some(Arc::new(ProgramTickets(k)) as Arc<dyn rustls::server::ProducesTickets>)
            }
            None => {
                log::info!(
                    "{func}: the ticket key callback is not called (standalone: rustls's keys)"
                );
                None
            }
        },
    };
    c.update(|s| s.ticket_keys = keys);
    1
}

/// The callback seals every ticket of the context's connections with the
/// program's keys.
#[entry(
    limitation = "drop-in: tickets in OpenSSL's layout with the program's keys, but the sealed state is rustls's (an OpenSSL server sharing the keys cannot resume them, nor we its); standalone: accepted, never called (no EVP contexts)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_tlsext_ticket_key_evp_cb(
    ctx: *mut SslCtx,
    fp: TicketKeyEvpFn,
) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| {
        set(c, fp.map_or(0, |f| f as usize), false, FUNC)
    })
}
