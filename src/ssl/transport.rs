//! Moving TLS records between rustls and the BIOs, with OpenSSL's retry
//! semantics: a BIO that says "retry" makes the operation return -1 with
//! `rwstate` recording the direction, and nothing rustls holds is lost.

use super::hello::Hellos;
use super::observe;
use super::{Conn, RwState};
use crate::bio::Transport;
use std::io;

/// `std::io` view of a BIO for rustls's `read_tls`/`write_tls`.
pub(super) struct BioIo<'a> {
    bio: &'a dyn Transport,
    /// Collects up to `.1` more of the bytes read (`Conn::first_bytes`,
    /// the ClientHello for its accessors).
    capture: Option<(&'a mut Vec<u8>, usize)>,
    /// Scans the hello records while they pass (see `hello`): the
    /// scanner, and whether we are the server.
    hello: Option<(&'a mut Hellos, bool)>,
}

impl<'a> BioIo<'a> {
    pub(super) fn plain(bio: &'a dyn Transport) -> Self {
        BioIo {
            bio,
            capture: None,
            hello: None,
        }
    }

    pub(super) fn capturing(bio: &'a dyn Transport, into: &'a mut Vec<u8>, room: usize) -> Self {
        BioIo {
            bio,
            capture: (room > 0).then_some((into, room)),
            hello: None,
        }
    }

    /// Also shows the hello records to `hellos` while they pass.
    pub(super) fn scanning(mut self, hellos: Option<(&'a mut Hellos, bool)>) -> Self {
        self.hello = hellos;
        self
    }

    fn scan(&mut self, data: &[u8], outgoing: bool) {
        if let Some((h, is_server)) = self.hello.as_mut() {
            h.scan(data, outgoing, *is_server);
        }
    }
}

/// How much of the peer's first bytes is kept to recognise plain HTTP.
pub(super) const FIRST_BYTES: usize = 8;

/// A transport failure that is not "retry": errno when there was one.
fn hard_error() -> io::Error {
    let os = io::Error::last_os_error();
    match os.raw_os_error() {
        Some(0) | None => io::Error::other("BIO failure"),
        Some(_) => os,
    }
}

impl io::Read for BioIo<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let len = buf.len().min(i32::MAX as usize);
        let n = self.bio.read(&mut buf[..len]);
        if n > 0 {
            if let Some((c, room)) = self.capture.as_mut() {
                let want = (*room).min(n as usize);
                c.extend_from_slice(&buf[..want]);
                *room -= want;
            }
            self.scan(&buf[..n as usize], false);
            return Ok(n as usize);
        }
        if self.bio.should_retry() {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        if n == 0 { Ok(0) } else { Err(hard_error()) }
    }
}

impl io::Write for BioIo<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let len = buf.len().min(i32::MAX as usize);
        let n = self.bio.write(&buf[..len]);
        if n > 0 {
            self.scan(&buf[..n as usize], true);
            return Ok(n as usize);
        }
        if self.bio.should_retry() {
            return Err(io::ErrorKind::WouldBlock.into());
        }
        Err(hard_error())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Outcome of pushing rustls's pending records into the write BIO.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Flush {
    Done,
    /// The BIO asked for a retry; `rwstate` is `Writing`.
    Blocked,
    /// A transport error (SSL_ERROR_SYSCALL), errno recorded.
    Failed,
}

/// Outcome of feeding the read BIO's bytes to rustls.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Fill {
    /// New records were read and processed.
    Progress,
    /// The BIO asked for a retry; `rwstate` is `Reading`.
    Blocked,
    /// The transport reported end of file.
    Eof,
    Failed,
    /// rustls rejected what arrived; the error is on the queue.
    Fatal,
}

impl Conn {
    pub(super) fn flush(&mut self) -> Flush {
        let Some(tls) = self.tls.as_mut() else {
            return Flush::Done;
        };
        let Some(wbio) = self.wbio.as_ref() else {
            // Records with nowhere to go (the BIO was removed after the
            // handshake): fail as OpenSSL does ("bio not set"), or a write
            // would wait forever for rustls to take more. During the
            // handshake OpenSSL fails on its (missing) read side instead,
            // which `fill` reports.
            if tls.wants_write() && !tls.is_handshaking() {
                crate::ssl_err!(crate::abi::SSL_R_BIO_NOT_SET, "SSL_write");
                return Flush::Failed;
            }
            return Flush::Done;
        };
        while tls.wants_write() {
            self.rwstate = RwState::Writing;
            let hello = &mut self.intro.hello;
            let scan = hello.wants(true).then_some((hello, self.is_server));
            match tls.write_tls(&mut BioIo::plain(wbio.as_ref()).scanning(scan)) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Flush::Blocked,
                Err(e) => {
                    self.last_errno = e.raw_os_error();
                    return Flush::Failed;
                }
            }
        }
        self.rwstate = RwState::Nothing;
        if let Some(w) = self.wbio.as_ref() {
            // A buffering BIO in the chain must pass the records on now.
            if w.flush() <= 0 && w.should_retry() {
                self.rwstate = RwState::Writing;
                return Flush::Blocked;
            }
        }
        Flush::Done
    }

    pub(super) fn fill(&mut self, func: &'static str) -> Fill {
        let (Some(tls), Some(rbio)) = (self.tls.as_mut(), self.rbio.as_ref()) else {
            return Fill::Failed;
        };
        self.rwstate = RwState::Reading;
        let room = FIRST_BYTES.saturating_sub(self.first_bytes.len());
        let hello = &mut self.intro.hello;
        let scan = hello.wants(false).then_some((hello, self.is_server));
        match tls.read_tls(
            &mut BioIo::capturing(rbio.as_ref(), &mut self.first_bytes, room).scanning(scan),
        ) {
            Ok(0) => {
                self.rwstate = RwState::Nothing;
                return Fill::Eof;
            }
            Ok(_) => self.rwstate = RwState::Nothing,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Fill::Blocked,
            Err(e) => {
                self.last_errno = e.raw_os_error();
                return Fill::Failed;
            }
        }
        match self.process() {
            Ok(()) => Fill::Progress,
            Err(e) => {
                self.fail(&e, func);
                Fill::Fatal
            }
        }
    }

    /// Runs rustls over what arrived, with the connection's verification
    /// parameters and its `Observed` visible to the shared rustls objects
    /// while it handshakes.
    pub(super) fn process(&mut self) -> Result<(), rustls::Error> {
        let handshaking = self.tls.as_ref().is_some_and(|t| t.is_handshaking());
        if handshaking {
            self.publish_version();
        }
        let keylog = handshaking && self.keylog_wanted();
        // The session stores see this connection's session step throughout
        // (a TLS 1.3 ticket arrives after the handshake).
        let step = self.sessions.step().cloned();
        let Some(tls) = self.tls.as_mut() else {
            return Ok(());
        };
        let verify = &self.verify;
        let obs = &mut self.intro.observed;
        if handshaking {
            obs.keylog_wanted = keylog;
            if obs.peer_sigalgs.is_empty() {
                obs.peer_sigalgs
                    .clone_from(&self.intro.hello.client_sigalgs);
            }
        }
        let result = crate::session::enter(step.as_ref(), || {
            if handshaking {
                crate::verify::session::enter(verify, || {
                    observe::enter(obs, || tls.process_new_packets())
                })
            } else {
                tls.process_new_packets()
            }
        });
        self.emit_secrets();
        let state = result?;
        if handshaking && self.refuse_missing_client_cert() {
            return Err(rustls::Error::NoCertificatesPresented);
        }
        if state.peer_has_closed() && !self.peer_closed {
            self.peer_closed = true;
            self.info_close_received();
        }
        if self.handshake_done {
            self.session_after_step();
        }
        Ok(())
    }
}
