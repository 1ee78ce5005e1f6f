//! `SSL_ctrl` inside the connection's own callbacks (ssl.h's per-connection
//! macros: `SSL_get_mode`, `SSL_set_mode`, `SSL_set1_groups_list`,
//! `SSL_set_tlsext_host_name`, ...). The connection is busy with the call
//! that ran the callback, so getters read the facts copy and setters change
//! it and record the change for the end of the step (`ssl::setter`).
//! Commands that need the live handshake (temporary keys, the OCSP
//! status, a new certificate store) are refused there as every call that
//! needs the connection is (`ssl::with_ssl`).

use super::ctx::{hints_ctrl, is_settings_set, settings_get, settings_set};
use super::handle::c_cstr;
use crate::abi::*;
use crate::ssl::Ssl;
use crate::ssl_err;
use std::ffi::c_void;
use std::os::raw::{c_char, c_long};

pub(super) fn ssl_ctrl(
    s: &Ssl,
    cmd: std::os::raw::c_int,
    larg: c_long,
    parg: *mut c_void,
    func: &'static str,
) -> c_long {
    let mut f = s.facts();
    match cmd {
        SSL_CTRL_MODE if larg == 0 => f.mode as c_long,
        SSL_CTRL_MODE | SSL_CTRL_CLEAR_MODE => {
            let set = cmd == SSL_CTRL_MODE;
            f.mode = crate::ssl::mode_after(f.mode, set, larg as u64);
            let mode = f.mode;
            drop(f);
            s.defer(move |c| {
                c.change_mode(set, larg as u64);
            });
            mode as c_long
        }
        SSL_CTRL_GET_READ_AHEAD => c_long::from(f.hints.read_ahead),
        SSL_CTRL_SET_READ_AHEAD => {
            let was = std::mem::replace(&mut f.hints.read_ahead, larg != 0);
            drop(f);
            s.defer(move |c| c.hints.read_ahead = larg != 0);
            c_long::from(was)
        }
        SSL_CTRL_SET_MSG_CALLBACK_ARG => {
            let arg = parg as usize;
            f.hints.msg_arg = arg;
            drop(f);
            s.defer(move |c| c.hints.msg_arg = arg);
            1
        }
        _ if let Some(r) = hints_ctrl(&mut f.hints, cmd, larg, true) => {
            drop(f);
            s.defer(move |c| {
                hints_ctrl(&mut c.hints, cmd, larg, true);
            });
            r
        }
        SSL_CTRL_GET_RI_SUPPORT => c_long::from(f.peer_renegotiation_info),
        // In a server's status callback (mod_ssl's OCSP stapling).
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_EXTS | SSL_CTRL_GET_TLSEXT_STATUS_REQ_IDS => {
            super::tlsext::status_request_lists(parg)
        }
        // SSL_get0_raw_cipherlist (NULL: one suite's length).
        SSL_CTRL_GET_RAW_CIPHERLIST if parg.is_null() => 2,
        SSL_CTRL_GET_RAW_CIPHERLIST if f.is_server && !f.client_suites.is_empty() => {
            f.raw_ciphers = crate::ssl::raw_cipher_bytes(&f.client_suites);
            // SAFETY: non-NULL out-parameter (a `const unsigned char **`);
            // the bytes stay in the copy until the connection's next step.
            unsafe { *parg.cast::<*const u8>() = f.raw_ciphers.as_ptr() };
            f.raw_ciphers.len() as c_long
        }
        SSL_CTRL_GET_RAW_CIPHERLIST => 0,
        // A client's status callback: the response the server stapled.
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_OCSP_RESP => {
            drop(f);
            s.with_stapled_ocsp(|resp| {
                if !parg.is_null() {
                    let p = resp.map_or(std::ptr::null(), <[u8]>::as_ptr);
                    // SAFETY: the macro passes `const unsigned char **`; the
                    // bytes stay until the next handshake, as in OpenSSL.
                    unsafe { *(parg as *mut *const u8) = p };
                }
                resp.map_or(-1, |r| r.len() as c_long)
            })
        }
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_TYPE => f.status_type.map_or(-1, c_long::from),
        SSL_CTRL_GET_NEGOTIATED_GROUP => f
            .group
            .map_or(0, |g| c_long::from(crate::ctx::group_nid(g))),
        SSL_CTRL_GET_PEER_SIGNATURE_NID => {
            super::introspect::signature_nid_ctrl(f.peer_scheme, parg)
        }
        SSL_CTRL_GET_SIGNATURE_NID => super::introspect::signature_nid_ctrl(f.own_scheme, parg),
        SSL_CTRL_GET_CHAIN_CERTS => super::cert_chain::get0_chain(&f.settings.cert, &s.keep, parg),
        SSL_CTRL_SET_TLSEXT_HOSTNAME if larg == c_long::from(TLSEXT_NAMETYPE_host_name) => {
            let name = c_cstr(parg as *const c_char).map(|n| n.to_owned());
            if name
                .as_ref()
                .is_some_and(|n| n.is_empty() || n.to_bytes().len() > 255)
            {
                ssl_err!(SSL_R_SSL3_EXT_INVALID_SERVERNAME, func);
                return 0;
            }
            f.servername = name.clone();
            drop(f);
            s.defer(move |c| {
                c.set_sni(name.as_deref());
            });
            1
        }
        _ if is_settings_set(cmd) => {
            drop(f);
            super::ssl::edit_settings(s, |st| settings_set(st, cmd, larg, parg, func))
        }
        _ if let Some(r) = settings_get(&f.settings, cmd) => r,
        _ => {
            drop(f);
            log::debug!("{func}: ctrl {cmd} needs the live handshake");
            super::ssl::refuse_busy(func);
            0
        }
    }
}
