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

    /// The connection's `SSL_METHOD` (`SSL_get_ssl_method`).
    pub fn method(&self) -> &'static crate::ctx::SslMethod {
        self.method
    }

    /// `SSL_set_ssl_method`: the role chosen stays, played by the new
    /// method (which may be unable to: the handshake then fails as
    /// OpenSSL's `ssl_undefined_function`); `SSL_is_server` is unchanged.
    /// What the handshake negotiates stays the context's, as with
    /// OpenSSL 3.0 (only `SSL_version` before the handshake shows the
    /// method's version).
    pub fn set_method(&mut self, m: &'static crate::ctx::SslMethod) {
        self.method = m;
    }

    /// `SSL_set_cert_cb`: replaces the context's for this connection (a
    /// NULL function: none is called).
    pub fn set_cert_callback(&mut self, cb: crate::callbacks::CFn) {
        self.cert_cb = Some(cb);
    }

    /// The certificate callback a server calls after the ClientHello.
    pub fn cert_callback(&self) -> crate::callbacks::CFn {
        self.cert_cb
            .unwrap_or_else(|| self.ctx.with_callbacks(|c| c.cert))
    }

    /// `SSL_set_connect_state`/`SSL_set_accept_state`: a fresh start in the
    /// chosen role (OpenSSL clears the connection state too).
    pub fn set_role(&mut self, role: HandshakeRole) {
        // OpenSSL's current certificate (`cert->key`) outlives the
        // handshake state cleared here.
        self.apply_own_cert();
        // So does a client's session (`s->session`): an object that
        // connected and is told to connect again (h2load's reconnection,
        // without SSL_clear) offers it.
        if role == HandshakeRole::Connect
            && !self.is_server
            && self.handshake_done
            && let Some(s) = self.sessions.current().cloned()
        {
            self.sessions.set_session(Some(s));
        }
        self.role = Some(role);
        self.is_server = role == HandshakeRole::Accept;
        self.shutdown = 0;
        self.tls = None;
        self.held = Default::default();
        self.alpn_chosen = None;
        self.handshake_done = false;
        self.fatal = false;
        self.peer_closed = false;
        self.pending_write = None;
        self.peer_x509 = None;
        self.first_bytes.clear();
        self.frame = Default::default();
        self.rwstate = RwState::Nothing;
        self.accepting = None;
        self.hello_phase_due = false;
        self.hello_bytes = Vec::new();
        self.hello_pause = false;
        self.hello_decision = None;
        self.client_hello = None;
        self.reset_peer();
        self.intro.reset();
        self.reject = None;
        self.key_update = SSL_KEY_UPDATE_NONE;
        self.early_data = super::early_data::EarlyData::None;
        self.publish_state();
        self.sessions.reset();
    }

    /// Creates the client's rustls connection on first use, from the
    /// cached config. A server's comes from its ClientHello phase.
    fn start_client(&mut self, func: &'static str) -> bool {
        if self.tls.is_some() {
            return true;
        }
        if self.reject.is_some() {
            return false;
        }
        self.session_begin();
        match self.new_client() {
            Ok(tls) => {
                // Raised "before" the connection exists, as OpenSSL does.
                self.info(SSL_CB_HANDSHAKE_START, 1);
                self.info_loop();
                self.tls = Some(tls);
                true
            }
            Err(
                e @ (ConfigError::NoProtocols | ConfigError::NoCiphers | ConfigError::NoGroups),
            ) => self.refuse(e, func),
            Err(e) => {
                self.config_failed(e, func);
                false
            }
        }
    }

    fn new_client(&mut self) -> Result<rustls::Connection, ConfigError> {
        self.publish_handshake_state();
        if let Some(e) = super::reject::client_refusal(&self.settings) {
            return Err(e);
        }
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
        let cfg = self.ctx.client_config(
            &self.settings,
            sni,
            &self.alpn_protos,
            &mut self.own_configs,
        )?;
        let (verifier, resolver) = self.ctx.client_parts(&self.settings);
        crate::verify::session::with(&self.verify, |v| {
            v.client_verifier = Some(verifier);
            v.client_resolver = Some(resolver);
        });
        // The client looks up the session to offer right here.
        let step = self.sessions_step();
        crate::session::enter(step.as_ref(), || rustls::ClientConnection::new(cfg, name))
            .map(rustls::Connection::Client)
            .map_err(|e| ConfigError::Other(e.to_string()))
    }

    /// `SSL_do_handshake`: 1 done, <0 failed or must be retried, 0 for a
    /// role this method cannot play. Each call that runs the state machine
    /// ends with an info-callback EXIT carrying its return value.
    pub fn do_handshake(&mut self, func: &'static str) -> i32 {
        let ran = !self.handshake_done && !self.fatal && self.role.is_some();
        let r = self.drive_handshake(func);
        if ran && !self.hello_pause {
            self.info(self.side() | SSL_CB_EXIT, r);
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
            HandshakeRole::Connect => self.method.can_connect(),
            HandshakeRole::Accept => self.method.can_accept(),
        };
        if !allowed {
            // OpenSSL's ssl_undefined_function.
            ssl_err!(ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, func);
            return 0;
        }
        if self.handshake_done {
            // A KeyUpdate from `SSL_key_update` goes out now.
            return self.send_key_update();
        }
        if self.fatal {
            return -1;
        }
        // OpenSSL's state machine starts each run by clearing the thread's
        // error queue: a server loop's earlier failed handshake must not
        // make this one's SSL_get_error answer SSL_ERROR_SSL (memcached
        // drops the connection then). Once per run: the pass after the
        // ClientHello callbacks (`Ssl::drive`, their decision waiting)
        // belongs to the same run, and what they queued stays (Node's
        // SNI callback queues "passed a null parameter" and reports it).
        if self.hello_decision.is_none() {
            crate::err::clear();
        }
        // Without BIOs OpenSSL's server fails reading the ClientHello
        // ("read bio not set"), and its client puts its first flight in the
        // buffering BIO it pushes onto the write BIO, whose flush then
        // fails with nothing queued (SSL_ERROR_SYSCALL; the flight goes
        // out once a BIO is set).
        if self.is_server && self.rbio.is_none() {
            self.no_read_bio(func);
            return -1;
        }
        if !self.is_server && self.wbio.is_none() && self.tls.is_none() {
            return -1;
        }
        if self.reject.is_some() {
            return self.drive_reject(func);
        }
        if self.is_server {
            if self.tls.is_none() && self.accepting.is_none() {
                // A server that can offer nothing still reads the
                // ClientHello and refuses it, as OpenSSL does.
                if let Err(e @ (ConfigError::NoProtocols | ConfigError::NoCiphers)) = self
                    .ctx
                    .server_config(&self.settings, None, &mut self.own_configs)
                {
                    self.refuse(e, func);
                    return self.drive_reject(func);
                }
            }
            if self.tls.is_none() {
                match self.accept_hello(func) {
                    super::accept::Step::Connected => {}
                    super::accept::Step::Return(r) => return r,
                }
            }
        } else if !self.start_client(func) {
            return if self.reject.is_some() {
                self.drive_reject(func)
            } else {
                -1
            };
        }
        loop {
            match self.flush() {
                Flush::Done => {}
                Flush::Failed if self.tickets_to_closed_peer() => {}
                Flush::Blocked | Flush::Failed => return -1,
            }
            self.info_loop();
            let Some(tls) = self.tls.as_ref() else {
                return -1;
            };
            if !tls.is_handshaking() {
                self.finish_handshake();
                return 1;
            }
            if self.early_data_flight_out() {
                return 1;
            }
            // Without a write BIO nothing more goes out: the read side
            // reports the failure (see `flush_queued`), as OpenSSL's does.
            if tls.wants_write() && self.wbio.is_some() {
                continue;
            }
            match self.fill(func) {
                Fill::Progress => self.info_loop(),
                Fill::Blocked | Fill::Failed | Fill::Fatal => return -1,
                Fill::Eof => return self.eof(func),
            }
            if self.frame.take_close_notify() {
                return self.close_notify_in_handshake(func);
            }
        }
    }

    /// A TLS 1.3 server's session tickets, all that is left to send once
    /// the client's Finished is read, met a peer that closed (EPIPE,
    /// ECONNRESET). OpenSSL ignores that and completes the handshake, so
    /// that what a client sent before closing without reading its tickets
    /// can still be read (PostgreSQL's clients do); the tickets are dropped.
    fn tickets_to_closed_peer(&mut self) -> bool {
        let closed = self.last_errno.is_some_and(|e| {
            matches!(
                std::io::Error::from_raw_os_error(e).kind(),
                std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
            )
        });
        let Some(tls) = self.tls.as_mut() else {
            return false;
        };
        if !(closed && self.is_server && !tls.is_handshaking())
            || tls.protocol_version() != Some(rustls::ProtocolVersion::TLSv1_3)
        {
            return false;
        }
        while tls.wants_write() {
            if tls.write_tls(&mut std::io::sink()).is_err() {
                break;
            }
        }
        self.rwstate = RwState::Nothing;
        true
    }

    /// The peer's plaintext close_notify arrived while the handshake
    /// waited for a message. OpenSSL's record layer marks the connection
    /// closed by the peer and the handshake call returns -1 with nothing
    /// queued (SSL_ERROR_ZERO_RETURN), no alert back; the next call reads
    /// on. Its server takes nothing but a ClientHello first: there the
    /// alert is an unexpected message, as any alert is (`fail`).
    pub(super) fn close_notify_in_handshake(&mut self, func: &'static str) -> i32 {
        if self.is_server && self.intro_before_client_hello() {
            let alert = rustls::AlertDescription::CloseNotify;
            return self.fail(&rustls::Error::AlertReceived(alert), func);
        }
        self.rwstate = RwState::Nothing;
        self.shutdown |= SSL_RECEIVED_SHUTDOWN;
        self.info_close_received();
        -1
    }

    fn finish_handshake(&mut self) {
        self.handshake_done = true;
        self.settle_records();
        self.session_finish();
        self.info_done();
        self.client_hello = None;
        if self.is_server {
            // OpenSSL's server takes the ClientHello's status_request type
            // (nothing for a type it does not know) unless it resumed, when
            // it ignores the extension; also without any callback asking.
            let ocsp = self.intro.hello.client_status_type == Some(TLSEXT_STATUSTYPE_ocsp as u8);
            self.status_type = (ocsp && !self.session_reused()).then_some(TLSEXT_STATUSTYPE_ocsp);
        } else {
            self.ocsp_response = self
                .verify
                .lock()
                .ok()
                .and_then(|mut v| v.stapled_ocsp.take());
        }
        log::info!(
            "handshake done: {} {} {:?}",
            if self.is_server { "server" } else { "client" },
            crate::version::name(self.version()).to_string_lossy(),
            self.current_cipher().map(|c| c.name),
        );
    }

    /// A read found the end of the stream but the read BIO does not say
    /// it is at its end (`BIO_eof`): see `eof`.
    pub(super) fn eof_unconfirmed(&self) -> bool {
        !self.rbio.as_ref().is_some_and(|b| b.eof())
    }

    /// `SSL_shutdown` met the end of the stream before the peer's
    /// close_notify: `None` when that is a clean close
    /// (`SSL_OP_IGNORE_UNEXPECTED_EOF`), else what the call returns (with
    /// no `BIO_eof`, SSL_ERROR_SYSCALL as `eof` says).
    pub(super) fn eof_in_shutdown(&mut self, func: &'static str) -> Option<i32> {
        if self.eof_unconfirmed() {
            self.rwstate = RwState::Nothing;
            return Some(-1);
        }
        match self.eof(func) {
            0 => None,
            r => Some(r),
        }
    }

    /// The transport ended without the peer's close_notify: OpenSSL 3
    /// reports SSL_R_UNEXPECTED_EOF_WHILE_READING (when the BIO agrees it
    /// is at its end), unless
    /// `SSL_OP_IGNORE_UNEXPECTED_EOF` makes it a clean close (after the
    /// handshake only).
    pub(super) fn eof(&mut self, func: &'static str) -> i32 {
        // OpenSSL 3.0 calls it that only when the read BIO says it is at
        // its end (BIO_eof). A program's BIO that never says so (PostgreSQL's
        // socket BIO) ends the call with SSL_ERROR_SYSCALL, nothing queued,
        // and the next call reads again.
        if self.eof_unconfirmed() {
            self.rwstate = RwState::Nothing;
            return if self.handshake_done { 0 } else { -1 };
        }
        if self.handshake_done && self.options & SSL_OP_IGNORE_UNEXPECTED_EOF != 0 {
            self.shutdown |= SSL_RECEIVED_SHUTDOWN;
            return 0;
        }
        self.fatal = true;
        ssl_err!(SSL_R_UNEXPECTED_EOF_WHILE_READING, func);
        if self.handshake_done { 0 } else { -1 }
    }
}
