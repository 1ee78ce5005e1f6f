//! `SSL_do_handshake` and the state setters around it.

use super::transport::{Fill, Flush};
use super::{Conn, HandshakeRole, RwState};
use crate::abi::*;
use crate::ctx::ConfigError;
use crate::ssl_err;
use pki_types::ServerName;

impl Conn {
    pub fn role(&self) -> Option<HandshakeRole> {
        self.role
    }

    /// `SSL_set_connect_state`/`SSL_set_accept_state`: a fresh start in the
    /// chosen role (OpenSSL clears the connection state too).
    pub fn set_role(&mut self, role: HandshakeRole) {
        self.role = Some(role);
        self.is_server = role == HandshakeRole::Accept;
        self.shutdown = 0;
        self.tls = None;
        self.handshake_done = false;
        self.fatal = false;
        self.peer_closed = false;
        self.pending_write = None;
        self.peer_x509 = None;
        self.first_bytes.clear();
        self.rwstate = RwState::Nothing;
        self.sessions.reset();
    }

    /// Creates the rustls connection on first use, from the cached config.
    fn start(&mut self, func: &'static str) -> bool {
        if self.tls.is_some() {
            return true;
        }
        self.session_begin();
        let made = match self.role {
            Some(HandshakeRole::Connect) => self.new_client(),
            _ => self.new_server(),
        };
        match made {
            Ok(tls) => {
                self.tls = Some(tls);
                self.info(SSL_CB_HANDSHAKE_START, 1);
                true
            }
            Err(e) => {
                let reason = match e {
                    ConfigError::NoProtocols => SSL_R_NO_PROTOCOLS_AVAILABLE,
                    ConfigError::NoCiphers => SSL_R_NO_CIPHERS_AVAILABLE,
                    ConfigError::Other(msg) => {
                        log::debug!("{func}: config: {msg}");
                        ERR_R_INTERNAL_ERROR
                    }
                };
                ssl_err!(reason, func);
                self.fatal = true;
                false
            }
        }
    }

    fn new_client(&mut self) -> Result<rustls::Connection, ConfigError> {
        // rustls needs a name even when none is sent; an address literal is
        // never put in SNI, so it stands for "no SNI".
        let name = self
            .sni
            .as_ref()
            .and_then(|s| s.to_str().ok())
            .and_then(|s| ServerName::try_from(s.to_owned()).ok())
            .filter(|n| matches!(n, ServerName::DnsName(_)));
        let sni = name.is_some();
        let name = name.unwrap_or(ServerName::IpAddress(
            std::net::Ipv4Addr::UNSPECIFIED.into(),
        ));
        let cfg = self
            .ctx
            .client_config(&self.settings, sni, &mut self.own_configs)?;
        // The client looks up the session to offer right here.
        let step = self.sessions_step();
        crate::session::enter(step.as_ref(), || rustls::ClientConnection::new(cfg, name))
            .map(rustls::Connection::Client)
            .map_err(|e| ConfigError::Other(e.to_string()))
    }

    fn new_server(&mut self) -> Result<rustls::Connection, ConfigError> {
        let cfg = self
            .ctx
            .server_config(&self.settings, &mut self.own_configs)?;
        // rustls asks the verifier whether to offer client auth right here.
        crate::verify::session::enter(&self.verify, || rustls::ServerConnection::new(cfg))
            .map(rustls::Connection::Server)
            .map_err(|e| ConfigError::Other(e.to_string()))
    }

    /// `SSL_do_handshake`: 1 done, <0 failed or must be retried, 0 for a
    /// role this method cannot play. Each call that runs the state machine
    /// ends with an info-callback EXIT carrying its return value.
    pub fn do_handshake(&mut self, func: &'static str) -> i32 {
        let ran = !self.handshake_done && !self.fatal && self.role.is_some();
        let r = self.drive_handshake(func);
        if ran {
            let side = if self.is_server {
                SSL_ST_ACCEPT
            } else {
                SSL_ST_CONNECT
            };
            self.info(side | SSL_CB_EXIT, r);
        }
        r
    }

    fn drive_handshake(&mut self, func: &'static str) -> i32 {
        self.rwstate = RwState::Nothing;
        let Some(role) = self.role else {
            ssl_err!(SSL_R_CONNECTION_TYPE_NOT_SET, func);
            return -1;
        };
        let allowed = match role {
            HandshakeRole::Connect => self.ctx.method.can_connect(),
            HandshakeRole::Accept => self.ctx.method.can_accept(),
        };
        if !allowed {
            // OpenSSL's ssl_undefined_function.
            ssl_err!(ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, func);
            return 0;
        }
        if self.handshake_done {
            return 1;
        }
        if self.fatal {
            return -1;
        }
        if self.rbio.is_none() || self.wbio.is_none() {
            ssl_err!(SSL_R_BIO_NOT_SET, func);
            return -1;
        }
        if !self.start(func) {
            return -1;
        }
        loop {
            match self.flush() {
                Flush::Done => {}
                Flush::Blocked | Flush::Failed => return -1,
            }
            let Some(tls) = self.tls.as_ref() else {
                return -1;
            };
            if !tls.is_handshaking() {
                self.finish_handshake();
                return 1;
            }
            if tls.wants_write() {
                continue;
            }
            match self.fill(func) {
                Fill::Progress => {}
                Fill::Blocked | Fill::Failed | Fill::Fatal => return -1,
                Fill::Eof => return self.eof(func),
            }
        }
    }

    fn finish_handshake(&mut self) {
        self.handshake_done = true;
        self.session_finish();
        self.info(SSL_CB_HANDSHAKE_DONE, 1);
        if let Some(rustls::Connection::Server(s)) = &self.tls {
            self.sni = s.server_name().and_then(|n| std::ffi::CString::new(n).ok());
        }
        log::info!(
            "handshake done: {} {} {:?}",
            if self.is_server { "server" } else { "client" },
            crate::version::name(self.version()).to_string_lossy(),
            self.current_cipher().map(|c| c.name),
        );
    }

    /// The transport ended without the peer's close_notify: OpenSSL 3
    /// reports SSL_R_UNEXPECTED_EOF_WHILE_READING, unless
    /// `SSL_OP_IGNORE_UNEXPECTED_EOF` makes it a clean close (after the
    /// handshake only).
    pub(super) fn eof(&mut self, func: &'static str) -> i32 {
        if self.handshake_done && self.options & SSL_OP_IGNORE_UNEXPECTED_EOF != 0 {
            self.shutdown |= SSL_RECEIVED_SHUTDOWN;
            return 0;
        }
        self.fatal = true;
        ssl_err!(SSL_R_UNEXPECTED_EOF_WHILE_READING, func);
        if self.handshake_done { 0 } else { -1 }
    }
}
