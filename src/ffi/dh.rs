//! Finite-field Diffie-Hellman parameters (`SSL_CTX_set_tmp_dh`,
//! `SSL_CTX_set_dh_auto` and their `SSL_` forms). OpenSSL uses them only
//! for the TLS 1.2 DHE cipher suites, which rustls does not implement: no
//! DHE suite can be offered or negotiated here (a cipher list naming only
//! DHE suites already fails), so the parameters can have no effect and are
//! accepted without being kept. nginx's `ssl_dhparam` and stunnel's DH
//! setup go through these.

use crate::abi::*;
use crate::ssl_err;
use std::os::raw::{c_int, c_long, c_void};

/// `SSL_CTRL_SET_DH_AUTO`.
const SSL_CTRL_SET_DH_AUTO: c_int = 118;

/// The DH commands of `SSL_CTX_ctrl`/`SSL_ctrl`; `None` for other commands.
// coverage: limitation: DH parameters are accepted and not kept: rustls has no DHE cipher suites for them to apply to
pub(super) fn ctrl(cmd: c_int, parg: *mut c_void, func: &'static str) -> Option<c_long> {
    match cmd {
        SSL_CTRL_SET_TMP_DH if parg.is_null() => {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, func);
            Some(0)
        }
        SSL_CTRL_SET_TMP_DH | SSL_CTRL_SET_DH_AUTO => Some(1),
        _ => None,
    }
}
