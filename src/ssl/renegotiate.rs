//! `SSL_renegotiate`: rustls implements no renegotiation, so a request
//! always fails cleanly (return 0, an ERR entry) instead of pretending.
//! The reasons are OpenSSL's own where OpenSSL would refuse too: a TLS 1.3
//! connection (`SSL_R_WRONG_SSL_VERSION`) and `SSL_OP_NO_RENEGOTIATION`
//! (`SSL_R_NO_RENEGOTIATION`); where OpenSSL would renegotiate (TLS 1.2
//! without that option) we report `SSL_R_NO_RENEGOTIATION` as well.
//! A peer's renegotiation request (a TLS 1.2 HelloRequest) is refused by
//! rustls with a `no_renegotiation` warning alert, as OpenSSL does under
//! `SSL_OP_NO_RENEGOTIATION`.

use super::Conn;
use crate::abi::*;
use crate::ssl_err;

impl Conn {
    /// `SSL_renegotiate` and `SSL_renegotiate_abbreviated`: always 0.
    pub fn renegotiate(&mut self, func: &'static str) -> i32 {
        if self.handshake_done && self.version() == TLS1_3_VERSION {
            ssl_err!(SSL_R_WRONG_SSL_VERSION, func);
        } else {
            ssl_err!(SSL_R_NO_RENEGOTIATION, func);
        }
        0
    }
}
