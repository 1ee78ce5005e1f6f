//! The server's first step: read the ClientHello with rustls's `Acceptor`,
//! stop so the application's ClientHello-time callbacks (client hello, SNI,
//! ALPN selection, OCSP status) can run without the connection's lock —
//! they call back into the same `SSL` (`SSL_get_servername`,
//! `SSL_set_SSL_CTX`, ...) — then build the `ServerConnection` from the
//! config they chose.

use super::client_hello::{self, ClientHelloInfo};
use super::transport::BioIo;
use super::{Conn, RwState};
use crate::abi::*;
use crate::ctx::ConfigError;
use crate::ssl_err;
use rustls::server::{Accepted, Acceptor};
use std::io;
use std::sync::Arc;

pub(super) enum Accepting {
    Reading(Box<Acceptor>),
    /// The ClientHello is in; waiting for the callbacks' decision.
    Hello(Box<Accepted>),
}

/// What the ClientHello-time callbacks decided (filled in by the ffi layer).
#[derive(Debug, Default)]
pub struct HelloDecision {
    /// The client hello callback asked to be called again later
    /// (`SSL_ERROR_WANT_CLIENT_HELLO_CB`).
    pub retry: bool,
    /// Abort the handshake: the alert to send and the reason to report.
    pub fatal: Option<(u8, i32)>,
    /// The ALPN protocol selected for this connection.
    pub alpn: Option<Vec<u8>>,
    /// The server name callback accepted the name (`SSL_TLSEXT_ERR_OK`):
    /// OpenSSL then records it in the new session.
    pub sni_acked: bool,
    /// The certificate callback asked to be called again
    /// (`SSL_ERROR_WANT_X509_LOOKUP`); the rest of the decision stands.
    pub cert_retry: bool,
}

/// How much of the client's first flight is kept for the ClientHello
/// accessors (a ClientHello is at most a few KiB in practice).
const HELLO_CAPTURE_MAX: usize = 1 << 16;

/// The server handshake's ClientHello phase: `Some(r)` to return `r` now,
/// `None` once the rustls connection exists.
pub(super) enum Step {
    Return(i32),
    Connected,
}

impl Conn {
    pub(super) fn accept_hello(&mut self, func: &'static str) -> Step {
        if self.accepting.is_none() {
            self.session_begin();
            self.info(SSL_CB_HANDSHAKE_START, 1);
            self.info_loop();
            self.intro.certificate_callbacks = self.cert_cb.is_some_and(|c| c.func != 0)
                || self
                    .ctx
                    .with_callbacks(|c| c.servername.func != 0 || c.cert.func != 0);
            if !self.hello_callbacks_set()
                && let Some(step) = self.accept_direct(func)
            {
                return step;
            }
            self.accepting = Some(Accepting::Reading(Box::default()));
        }
        loop {
            match self.accepting.take() {
                // Nothing is judged before the first record's header is
                // complete (as OpenSSL): a stray byte then EOF is an
                // unexpected EOF, not a wrong version number.
                Some(Accepting::Reading(mut acceptor)) => match if self.hello_bytes.len() < 5 {
                    Ok(None)
                } else {
                    acceptor.accept()
                } {
                    Ok(Some(accepted)) => {
                        self.hello_received(&accepted);
                        self.accepting = Some(Accepting::Hello(Box::new(accepted)));
                        if self.hello_callbacks_set() {
                            self.intro.hello_callbacks_start();
                            self.hello_pause = true;
                            return Step::Return(-1);
                        }
                        // Nothing to ask the application: go straight on.
                        self.publish_servername();
                        self.ocsp_response = None;
                        self.hello_decision = Some(HelloDecision::default());
                        // Callbacks rustls runs in this same step (ticket
                        // keys, session lookup) see the ClientHello's facts.
                        self.refresh_snapshot();
                    }
                    Ok(None) => match self.read_hello(&mut acceptor) {
                        Ok(()) if self.frame.take_close_notify() => {
                            return Step::Return(self.close_notify_in_handshake(func));
                        }
                        Ok(()) => self.accepting = Some(Accepting::Reading(acceptor)),
                        Err(r) => {
                            if self.rwstate == RwState::Reading {
                                self.accepting = Some(Accepting::Reading(acceptor));
                            }
                            return Step::Return(if r == 0 { self.eof(func) } else { r });
                        }
                    },
                    Err((e, mut alert)) => {
                        // `fail` answers an old-version hello itself;
                        // bytes that are not TLS get no answer.
                        if self.old_hello_refusal().is_none() && !self.first_record_not_tls() {
                            self.send(|w| alert.write_all(w));
                        }
                        return Step::Return(self.fail(&e, func));
                    }
                },
                Some(Accepting::Hello(accepted)) => {
                    let Some(d) = self.hello_decision.take() else {
                        self.accepting = Some(Accepting::Hello(accepted));
                        self.hello_pause = true;
                        return Step::Return(-1);
                    };
                    if d.retry {
                        self.accepting = Some(Accepting::Hello(accepted));
                        self.rwstate = RwState::ClientHelloCb;
                        return Step::Return(-1);
                    }
                    if d.cert_retry {
                        self.accepting = Some(Accepting::Hello(accepted));
                        self.rwstate = RwState::X509Lookup;
                        self.cert_retry = Some(HelloDecision {
                            cert_retry: false,
                            ..d
                        });
                        return Step::Return(-1);
                    }
                    if let Some((alert, reason)) = d.fatal {
                        // Before ServerHello an alert is a plaintext record.
                        self.send(|w| w.write_all(&[21, 3, 3, 0, 2, 2, alert]));
                        crate::err::raise(ERR_LIB_SSL, reason, func, file!(), line!());
                        self.fatal = true;
                        return Step::Return(-1);
                    }
                    return self.connect_server(*accepted, d, func);
                }
                None => return Step::Return(-1),
            }
        }
    }

    /// Feeds the read BIO to the acceptor. `Err(0)` at EOF, `Err(-1)` when
    /// blocked (rwstate Reading) or on a transport error (errno recorded).
    fn read_hello(&mut self, acceptor: &mut Acceptor) -> Result<(), i32> {
        let Some(rbio) = self.rbio.as_ref() else {
            return Err(-1);
        };
        self.rwstate = RwState::Reading;
        let room = HELLO_CAPTURE_MAX.saturating_sub(self.hello_bytes.len());
        let (scan, records) = self.intro.watch(false, self.is_server);
        let mut io = BioIo::capturing(rbio.as_ref(), &mut self.hello_bytes, room)
            .scanning(scan)
            .recording(records)
            .framed(&mut self.frame, rbio.reads_by_record());
        match acceptor.read_tls(&mut io) {
            Ok(0) => {
                self.rwstate = RwState::Nothing;
                Err(0)
            }
            Ok(_) => {
                if let Some(e) = io.finish_record(|io| acceptor.read_tls(io)) {
                    self.rwstate = RwState::Nothing;
                    self.last_errno = e.raw_os_error();
                    return Err(-1);
                }
                self.rwstate = RwState::Nothing;
                let n = self.hello_bytes.len().min(super::transport::FIRST_BYTES);
                if self.first_bytes.is_empty() {
                    self.first_bytes = self.hello_bytes[..n].to_vec();
                }
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Err(-1),
            Err(e) => {
                self.rwstate = RwState::Nothing;
                self.last_errno = e.raw_os_error();
                Err(-1)
            }
        }
    }

    /// Without ClientHello-time callbacks nothing stops between the
    /// ClientHello and the rest of the server's handshake: the rustls
    /// connection is made at once and reads the ClientHello itself. The
    /// `Acceptor` phase (its own buffer, the parsed hello kept for the
    /// accessors) cost a resumed TLS 1.2 pair about 2% of its instructions
    /// and 10 of its 256 allocations. What that phase decided comes from
    /// the hello scanner instead (`version_in_progress`) and the server
    /// name from rustls (`adopt_server_name`).
    ///
    /// A context whose config cannot be made goes the `Acceptor` way
    /// (`None`): OpenSSL reads the ClientHello before it fails, and the
    /// reason it gives depends on the version offered.
    fn accept_direct(&mut self, func: &'static str) -> Option<Step> {
        let cfg = self
            .ctx
            .server_config(&self.settings, None, &mut self.own_configs)
            .ok()?;
        // As after an Acceptor phase without callbacks, the new session is
        // made once the callbacks rustls runs for the ClientHello (ticket
        // keys, session lookup) have the hello's facts but no session yet,
        // as in OpenSSL (see `process`).
        self.hello_phase_due = true;
        self.intro.publish_client_suites();
        self.publish_handshake_state();
        self.ocsp_response = None;
        // rustls asks the verifier whether to offer client authentication
        // as it makes the connection: the connection's own verification
        // parameters must be visible then, as in `process`.
        let step = self.sessions.step().cloned();
        let made = crate::session::enter(step.as_ref(), || {
            crate::verify::session::enter(&self.verify, || rustls::ServerConnection::new(cfg))
        });
        Some(match made {
            Ok(sc) => {
                self.tls = Some(rustls::Connection::Server(sc));
                Step::Connected
            }
            Err(e) => Step::Return(self.fail(&e, func)),
        })
    }

    /// A server that read the ClientHello itself (`accept_direct`): the
    /// name it asked for becomes `SSL_get_servername`'s, as when no server
    /// name callback runs.
    pub(super) fn adopt_server_name(&mut self) {
        if !self.is_server || self.sni.is_some() {
            return;
        }
        if let Some(rustls::Connection::Server(sc)) = self.tls.as_ref()
            && let Some(name) = sc.server_name()
        {
            self.sni = std::ffi::CString::new(name).ok();
        }
    }

    fn hello_received(&mut self, accepted: &Accepted) {
        // Published by `publish_servername` after the client hello
        // callback: OpenSSL processes SNI only after it.
        self.sni = None;
        self.received_sni = accepted
            .client_hello()
            .server_name()
            .and_then(|n| std::ffi::CString::new(n).ok());
        self.client_hello = client_hello::parse(&self.hello_bytes).map(Arc::new);
        self.hello_bytes = Vec::new();
    }

    fn connect_server(&mut self, accepted: Accepted, d: HelloDecision, func: &'static str) -> Step {
        // Without ClientHello callbacks nothing made it yet.
        self.session_hello_phase();
        self.intro.publish_client_suites();
        self.publish_handshake_state();
        self.sni_acked = d.sni_acked;
        let cfg =
            match self
                .ctx
                .server_config(&self.settings, d.alpn.as_deref(), &mut self.own_configs)
            {
                Ok(c) => c,
                Err(ConfigError::NoGroups) => return Step::Return(self.no_groups(func)),
                Err(e) => {
                    self.config_failed(e, func);
                    return Step::Return(-1);
                }
            };
        let staple = self.ocsp_response.clone();
        let keylog = self.keylog_wanted();
        let traffic = self.intro.records.wants_secrets();
        let application = self.intro.records.watched();
        let tls13 = self.version_in_progress() == Some(rustls::ProtocolVersion::TLSv1_3);
        let obs = &mut self.intro.observed;
        obs.keylog_wanted = keylog;
        obs.traffic_wanted = traffic;
        obs.application_wanted = application;
        // Which of our certificates OpenSSL presents depends on it.
        obs.tls13 = Some(tls13);
        if obs.peer_sigalgs.is_empty() {
            obs.peer_sigalgs
                .clone_from(&self.intro.hello.client_sigalgs);
        }
        // rustls picks the certificate, signs, derives the first secrets and
        // asks the verifier whether to request a client certificate right
        // here.
        // ... and looks up the session the client offers.
        let step = self.sessions.step().cloned();
        let made = crate::session::enter(step.as_ref(), || {
            crate::verify::session::enter(&self.verify, || {
                crate::observe::enter(obs, || {
                    crate::ctx::with_staple(staple, || accepted.into_connection(cfg))
                })
            })
        });
        self.emit_secrets();
        match made {
            Ok(sc) => {
                self.tls = Some(rustls::Connection::Server(sc));
                Step::Connected
            }
            Err((e, mut alert)) => {
                // `fail` answers a missing certificate itself.
                if !self.no_certificate(&e) {
                    self.send(|w| alert.write_all(w));
                }
                Step::Return(self.fail(&e, func))
            }
        }
    }

    /// Writes bytes produced outside a rustls connection (alerts) to the
    /// write BIO, best effort: the handshake is failing anyway.
    fn send(&mut self, f: impl FnOnce(&mut dyn io::Write) -> io::Result<()>) {
        if let Some(w) = self.wbio.as_ref() {
            let (_, records) = self.intro.watch(true, self.is_server);
            let _ = f(&mut BioIo::plain(w.as_ref()).recording(records));
            w.flush();
        }
        self.trace_records();
    }

    /// A server whose group list names only groups rustls lacks
    /// (ctx::groups) answers the ClientHello as OpenSSL's answers one it
    /// shares no group with: no key share for TLS 1.3, no usable (ECDHE)
    /// suite for TLS 1.2, with a handshake_failure alert.
    fn no_groups(&mut self, func: &'static str) -> i32 {
        let reason = match self.version_in_progress() {
            Some(rustls::ProtocolVersion::TLSv1_3) => SSL_R_NO_SUITABLE_KEY_SHARE,
            _ => SSL_R_NO_SHARED_CIPHER,
        };
        crate::err::raise(ERR_LIB_SSL, reason, func, file!(), line!());
        self.send_refusal(0x0303, 40);
        self.fatal = true;
        -1
    }

    pub(super) fn config_failed(&mut self, e: ConfigError, func: &'static str) {
        let reason = match e {
            ConfigError::NoProtocols => SSL_R_NO_PROTOCOLS_AVAILABLE,
            ConfigError::NoCiphers => SSL_R_NO_CIPHERS_AVAILABLE,
            ConfigError::NoGroups => SSL_R_NO_SUITABLE_GROUPS,
            ConfigError::Other(msg) => {
                log::debug!("{func}: config: {msg}");
                ERR_R_INTERNAL_ERROR
            }
        };
        ssl_err!(reason, func);
        self.fatal = true;
    }

    /// The ClientHello phase stopped for the application's callbacks: what
    /// they may look at (`SSL_client_hello_get0_*`). Taken once per stop.
    pub fn take_hello_pause(&mut self) -> bool {
        std::mem::take(&mut self.hello_pause)
    }

    /// A decision waiting for the certificate callback's second try.
    pub fn take_cert_retry(&mut self) -> Option<HelloDecision> {
        self.cert_retry.take()
    }

    /// The callbacks' decision; the next handshake step acts on it.
    pub fn resume_hello(&mut self, d: HelloDecision) {
        self.hello_decision = Some(d);
    }

    /// The version being negotiated: rustls's once it has a connection; a
    /// server still in its ClientHello phase goes by what the client
    /// offered and what it enables itself.
    pub(super) fn version_in_progress(&self) -> Option<rustls::ProtocolVersion> {
        use rustls::ProtocolVersion::{TLSv1_2, TLSv1_3};
        if let Some(v) = self.tls.as_ref().and_then(|t| t.protocol_version()) {
            return Some(v);
        }
        if !self.is_server {
            return None;
        }
        // The scanner saw the ClientHello (`Hellos::client_versions`).
        let offered13 = self.intro.hello.client_versions? & (1 << 4) != 0;
        let s = &self.settings;
        let ours13 = crate::version::enabled(s.version_bounds(), s.options).has(TLSv1_3)
            && !s.tls13_ciphers.is_empty();
        Some(if offered13 && ours13 {
            TLSv1_3
        } else {
            TLSv1_2
        })
    }

    /// Whether any ClientHello-time callback is registered: on the context
    /// the connection was created with or switched to, or the connection's
    /// own certificate callback (`SSL_set_cert_cb`).
    fn hello_callbacks_set(&self) -> bool {
        self.cert_cb.is_some_and(|c| c.func != 0)
            || self.ctx.with_callbacks(|c| {
                [
                    c.client_hello,
                    c.servername,
                    c.alpn_select,
                    c.status,
                    c.cert,
                ]
                .iter()
                .any(|f| f.func != 0)
            })
    }

    /// Makes the received server name visible to `SSL_get_servername`.
    pub fn publish_servername(&mut self) {
        if let Some(n) = self.received_sni.take() {
            self.sni = Some(n);
        }
    }

    /// The ClientHello being processed (server, during the callbacks).
    pub fn client_hello(&self) -> Option<Arc<ClientHelloInfo>> {
        self.client_hello.clone()
    }

    /// The ALPN list the client offered (wire format), if any.
    pub fn offered_alpn(&self) -> Option<Vec<u8>> {
        self.client_hello
            .as_ref()?
            .extension(16)
            .and_then(|b| b.get(2..))
            .map(<[u8]>::to_vec)
    }

    /// A status_request in the ClientHello becomes the server's
    /// `SSL_get_tlsext_status_type` once its extensions are processed
    /// (after the client hello callback), as OpenSSL parses it into the
    /// same field: the OCSP type, or "nothing" for a type it does not know.
    /// Node.js's server asks it in its certificate callback to tell
    /// whether the client wants a stapled response.
    pub fn adopt_status_request(&mut self) {
        // The hello scan's record of the extension (also what the end of
        // the handshake applies, `finish_handshake`).
        let requested = self.intro.hello.client_status_type;
        if let Some(ocsp) = requested.map(|t| t == TLSEXT_STATUSTYPE_ocsp as u8) {
            self.status_type = Some(if ocsp { TLSEXT_STATUSTYPE_ocsp } else { -1 });
        }
    }

    pub fn status_requested(&self) -> bool {
        self.client_hello
            .as_ref()
            .is_some_and(|h| h.extension(client_hello::EXT_STATUS_REQUEST).is_some())
    }
}
