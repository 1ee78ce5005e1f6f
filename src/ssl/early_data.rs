//! `SSL_read_early_data`/`SSL_write_early_data` when no early data is ever
//! offered or accepted (rustls's servers here accept none, and no session
//! allows any): what OpenSSL does for a client that sent none. A server's
//! first call runs the handshake until its flight is out (TLS 1.3: OpenSSL
//! stops there to read early data; TLS 1.2: the whole handshake), then
//! answers FINISH with nothing read; the program goes on with
//! `SSL_do_handshake`, `SSL_accept`, `SSL_read` or `SSL_write`.

use super::{Conn, HandshakeRole};
use crate::abi::*;
use crate::ssl_err;

/// OpenSSL's `early_data_state`, as far as a server without early data
/// goes through it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum EarlyData {
    #[default]
    None,
    /// The handshake call returned for a retry.
    AcceptRetry,
    /// Inside the handshake call.
    Accepting,
    /// FINISH was answered.
    FinishedReading,
}

impl Conn {
    /// `SSL_read_early_data`: `SSL_READ_EARLY_DATA_FINISH` (nothing read)
    /// or `SSL_READ_EARLY_DATA_ERROR` (see `SSL_get_error`).
    pub fn read_early_data(&mut self, func: &'static str) -> i32 {
        if !self.is_server {
            ssl_err!(ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, func);
            return SSL_READ_EARLY_DATA_ERROR;
        }
        match self.early_data {
            EarlyData::None if !self.in_before() => {
                ssl_err!(ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, func);
                return SSL_READ_EARLY_DATA_ERROR;
            }
            EarlyData::None | EarlyData::AcceptRetry | EarlyData::Accepting => {}
            EarlyData::FinishedReading => {
                ssl_err!(ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, func);
                return SSL_READ_EARLY_DATA_ERROR;
            }
        }
        // As SSL_accept: the server role unless one was chosen.
        if self.role().is_none() {
            self.set_role(HandshakeRole::Accept);
        }
        self.early_data = EarlyData::Accepting;
        if self.do_handshake("SSL_accept") <= 0 {
            self.early_data = EarlyData::AcceptRetry;
            return SSL_READ_EARLY_DATA_ERROR;
        }
        self.early_data = EarlyData::FinishedReading;
        SSL_READ_EARLY_DATA_FINISH
    }

    /// `SSL_write_early_data`: a client may write early data only before its
    /// handshake with a session that allows it, which never exists here.
    pub fn write_early_data(&mut self, func: &'static str) -> i32 {
        ssl_err!(ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, func);
        0
    }

    /// Inside `read_early_data`'s handshake: a TLS 1.3 server's flight is
    /// out and it waits for the client's, where OpenSSL would read early
    /// data (the handshake call returns 1 there).
    pub(super) fn early_data_flight_out(&self) -> bool {
        self.early_data == EarlyData::Accepting && self.tls13_server_waiting()
    }

    /// After FINISH, until the handshake completes: OpenSSL is not "in
    /// init" in its early data state.
    pub(super) fn early_data_paused(&self) -> bool {
        self.early_data == EarlyData::FinishedReading && self.tls13_server_waiting()
    }

    fn tls13_server_waiting(&self) -> bool {
        self.is_server
            && self.intro.hello.server_random.is_some()
            && self.tls.as_ref().is_some_and(|t| {
                t.is_handshaking()
                    && !t.wants_write()
                    && t.protocol_version() == Some(rustls::ProtocolVersion::TLSv1_3)
            })
    }
}
