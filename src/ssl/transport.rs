//! Moving TLS records between rustls and the BIOs, with OpenSSL's retry
//! semantics: a BIO that says "retry" makes the operation return -1 with
//! `rwstate` recording the direction, and nothing rustls holds is lost.

use super::hello::Hellos;
use super::records::Records;
use super::{Conn, RwState};
use crate::abi::{SSL3_AD_CLOSE_NOTIFY, SSL3_AL_WARNING, SSL3_RT_ALERT};
use crate::bio::Transport;
use crate::observe;
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
    /// Copies the records of the handshake while they pass (see `records`).
    records: Option<&'a mut Records>,
    /// Follows the record stream (`RecordFrame`) and, when `.1`, limits
    /// each read to the rest of the current record.
    frame: Option<(&'a mut RecordFrame, bool)>,
    /// Writes all the records rustls has queued in one BIO write (see
    /// `coalescing`).
    coalesce: bool,
    /// A transport error met while reading on into a record's body after
    /// its header (`read`): returned by `finish_record`, since a socket
    /// reports it only once.
    body_error: Option<io::Error>,
}

/// The longest record body rustls accepts (2^14 + 2048, as TLS 1.2's
/// ciphertext limit).
const MAX_RECORD_BODY: usize = 16384 + 2048;

/// A plaintext warning close_notify alert's body.
const CLOSE_NOTIFY: [u8; 2] = [SSL3_AL_WARNING as u8, SSL3_AD_CLOSE_NOTIFY as u8];

/// OpenSSL without read-ahead (its default) takes one record at a time from
/// the read BIO: the 5-byte header, then exactly the body. Records not yet
/// needed stay in the transport, where a program's `poll()` on the socket
/// sees them: curl and nginx wait for the socket after `SSL_read` returns
/// and `SSL_pending` is 0, so a close_notify read early into rustls would
/// leave them waiting for ever. This tracks where the next read starts.
#[derive(Debug, Default)]
pub(super) struct RecordFrame {
    header: [u8; 5],
    /// Header bytes of the current record seen so far.
    have: usize,
    /// Body bytes of the current record still to come.
    body_left: usize,
    /// A record header went by.
    started: bool,
    /// The first record's header is not TLS (its major version is not 3:
    /// an HTTP request, say).
    not_tls: bool,
    /// The current record is a 2-byte alert: its body bytes so far. Only a
    /// plaintext alert is that short (a protected one carries a tag).
    alert: Option<(usize, [u8; 2])>,
    /// A plaintext close_notify went by (`take_close_notify`).
    close_notify: bool,
}

impl RecordFrame {
    /// The header announces more than any record may carry, or the first
    /// one is not TLS at all: judged on the header alone, as OpenSSL does,
    /// without waiting for a body (an HTTP request's "length" would wait
    /// for 8 KB the client never sends).
    pub(super) fn too_long(&self) -> bool {
        self.body_left > MAX_RECORD_BODY || self.not_tls
    }

    /// Whether a plaintext close_notify was read since the last call.
    /// rustls ignores one that comes before the handshake's keys (a
    /// warning alert it cannot authenticate), where OpenSSL's record layer
    /// marks the connection closed by the peer.
    pub(super) fn take_close_notify(&mut self) -> bool {
        std::mem::take(&mut self.close_notify)
    }

    /// The header of the last record whose header was read whole.
    pub(super) fn last_header(&self) -> Option<&[u8; 5]> {
        self.started.then_some(&self.header)
    }

    /// Between records: no header or body bytes of one are pending.
    pub(super) fn at_boundary(&self) -> bool {
        self.have == 0 && self.body_left == 0
    }

    /// The most the next read may take without passing the current record.
    fn want(&self) -> usize {
        if self.body_left > 0 {
            self.body_left
        } else {
            self.header.len() - self.have
        }
    }

    /// Accounts for bytes read (never more than `want`, but any split works).
    fn consumed(&mut self, mut data: &[u8]) {
        while !data.is_empty() {
            if self.body_left > 0 {
                let n = self.body_left.min(data.len());
                if let Some((have, body)) = self.alert.as_mut() {
                    body[*have..*have + n].copy_from_slice(&data[..n]);
                    *have += n;
                    if *have == body.len() {
                        self.close_notify |= *body == CLOSE_NOTIFY;
                        self.alert = None;
                    }
                }
                self.body_left -= n;
                data = &data[n..];
                continue;
            }
            let n = (self.header.len() - self.have).min(data.len());
            self.header[self.have..self.have + n].copy_from_slice(&data[..n]);
            self.have += n;
            data = &data[n..];
            if self.have == self.header.len() {
                self.body_left = usize::from(u16::from_be_bytes([self.header[3], self.header[4]]));
                self.have = 0;
                self.alert = (i32::from(self.header[0]) == SSL3_RT_ALERT
                    && self.body_left == CLOSE_NOTIFY.len())
                .then_some((0, [0; 2]));
                self.not_tls |= !self.started && self.header[1] != 3;
                self.started = true;
            }
        }
    }
}

impl<'a> BioIo<'a> {
    pub(super) fn plain(bio: &'a dyn Transport) -> Self {
        BioIo {
            bio,
            capture: None,
            hello: None,
            records: None,
            frame: None,
            coalesce: false,
            body_error: None,
        }
    }

    pub(super) fn capturing(bio: &'a dyn Transport, into: &'a mut Vec<u8>, room: usize) -> Self {
        BioIo {
            bio,
            capture: (room > 0).then_some((into, room)),
            hello: None,
            records: None,
            frame: None,
            coalesce: false,
            body_error: None,
        }
    }

    /// While handshaking, a flight goes out in one write, as OpenSSL's
    /// handshake buffering BIO sends it: a TLS 1.2 client's Certificate,
    /// ClientKeyExchange, CertificateVerify, ChangeCipherSpec and Finished
    /// in one segment. Written record by record, a server that rejects the
    /// certificate and closes after the first makes the later writes fail
    /// (EPIPE, SSL_ERROR_SYSCALL) where OpenSSL's client reads the
    /// server's alert.
    pub(super) fn coalescing(mut self, on: bool) -> Self {
        self.coalesce = on;
        self
    }

    /// Keeps `frame` in step with what is read, reading record by record
    /// when `by_record` (the stream position stays right if a program
    /// swaps the read BIO for one of the other kind).
    pub(super) fn framed(mut self, frame: &'a mut RecordFrame, by_record: bool) -> Self {
        self.frame = Some((frame, by_record));
        self
    }

    /// Reading record by record, a read that stopped inside a record goes
    /// on to its end while the transport has the bytes, so rustls judges
    /// whole records as OpenSSL does (a record of an unknown type is an
    /// unexpected message, not a bad header). What has not arrived yet (or
    /// an end of file) is met by the next read; a transport error is
    /// returned now, since a socket reports it only once.
    pub(super) fn finish_record(
        &mut self,
        mut read_tls: impl FnMut(&mut Self) -> io::Result<usize>,
    ) -> Option<io::Error> {
        if let Some(e) = self.body_error.take() {
            return Some(e);
        }
        while self
            .frame
            .as_ref()
            .is_some_and(|(f, by_record)| *by_record && !f.at_boundary() && !f.too_long())
        {
            match read_tls(self) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) => return Some(e),
            }
            if let Some(e) = self.body_error.take() {
                return Some(e);
            }
        }
        None
    }

    /// Also shows the hello records to `hellos` while they pass.
    pub(super) fn scanning(mut self, hellos: Option<(&'a mut Hellos, bool)>) -> Self {
        self.hello = hellos;
        self
    }

    /// Also copies the records of the handshake to `records`.
    pub(super) fn recording(mut self, records: Option<&'a mut Records>) -> Self {
        self.records = records;
        self
    }

    fn scan(&mut self, data: &[u8], outgoing: bool) {
        if let Some((h, is_server)) = self.hello.as_mut() {
            h.scan(data, outgoing, *is_server);
        }
        if let Some(r) = self.records.as_mut() {
            r.feed(data, outgoing);
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
    /// Reading by record, a read that completes a record's header goes on
    /// to read its body into the same buffer: rustls then gets the record
    /// in one `read_tls`, and its buffer is not grown for the body and
    /// shrunk again after every record (two reallocations per record).
    /// The BIO still never gives more than the record.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let cap = buf.len().min(i32::MAX as usize);
        let mut total = 0;
        loop {
            let mut len = cap - total;
            let mut header = false;
            if let Some((f, true)) = self.frame.as_ref() {
                len = len.min(f.want());
                header = f.body_left == 0;
            }
            let n = self.bio.read(&mut buf[total..total + len]);
            if n > 0 {
                let got = &buf[total..total + n as usize];
                if let Some((f, _)) = self.frame.as_mut() {
                    f.consumed(got);
                }
                if let Some((c, room)) = self.capture.as_mut() {
                    let want = (*room).min(got.len());
                    c.extend_from_slice(&got[..want]);
                    *room -= want;
                }
                self.scan(got, false);
                total += n as usize;
                // A header announcing more than a record may carry is
                // judged on its own (`finish_record` stops there too).
                let body_next = header
                    && total < cap
                    && self
                        .frame
                        .as_ref()
                        .is_some_and(|(f, _)| f.have == 0 && f.body_left > 0 && !f.too_long());
                if body_next {
                    continue;
                }
                return Ok(total);
            }
            if total > 0 {
                // The header is in; what the body's read met comes next
                // time (a retry or end of file shows again), except an
                // error, which `finish_record` returns.
                if n < 0 && !self.bio.should_retry() {
                    self.body_error = Some(hard_error());
                }
                return Ok(total);
            }
            if self.bio.should_retry() {
                return Err(io::ErrorKind::WouldBlock.into());
            }
            return if n == 0 { Ok(0) } else { Err(hard_error()) };
        }
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

    fn write_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        let mut parts = bufs.iter().filter(|b| !b.is_empty());
        let first = parts.next().map_or(&[][..], |b| &**b);
        if !self.coalesce || parts.next().is_none() {
            return self.write(first);
        }
        let mut flight = Vec::with_capacity(bufs.iter().map(|b| b.len()).sum());
        for b in bufs {
            flight.extend_from_slice(b);
        }
        self.write(&flight)
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

/// A TLS 1.3 ChangeCipherSpec record (middlebox compatibility).
const CCS_RECORD: [u8; 6] = [0x14, 0x03, 0x03, 0x00, 0x01, 0x01];

/// rustls's TLS 1.3 client queues its ChangeCipherSpec as soon as the
/// ServerHello is read; OpenSSL's client sends it just before its next
/// flight (RFC 8446 D.4 allows either). Written alone, the 6 bytes leave
/// an unacknowledged segment, so the next small write, the alert when the
/// server's certificate is refused, waits for the server's delayed ACK,
/// and a program that closes at once (with the server's Finished unread:
/// a reset) loses it: the server sees a reset instead of unknown_ca (nsd's
/// control channel). So the record is held and goes out with the next
/// flight or alert, in one write, as OpenSSL's does.
#[derive(Debug, Default)]
pub(super) struct Held {
    bytes: Vec<u8>,
    /// Whether this connection's early ChangeCipherSpec was looked for.
    checked: bool,
}

impl Conn {
    /// Takes a TLS 1.3 client's ChangeCipherSpec out of rustls while it is
    /// all rustls has to send after the ServerHello; true while it is held.
    fn hold_ccs(&mut self) -> bool {
        let Some(tls) = self.tls.as_mut() else {
            return false;
        };
        if !self.held.checked
            && !self.is_server
            && tls.is_handshaking()
            && tls.protocol_version() == Some(rustls::ProtocolVersion::TLSv1_3)
            && tls.wants_write()
        {
            self.held.checked = true;
            // A Vec takes everything queued (cannot fail or block).
            let _ = tls.write_tls(&mut self.held.bytes);
        }
        self.held.bytes == CCS_RECORD && !tls.wants_write() && tls.is_handshaking()
    }

    /// Writes what is held, with everything rustls has queued, in one write
    /// (a retry continues where the BIO stopped).
    fn flush_held(&mut self) -> Flush {
        let (Some(tls), Some(wbio)) = (self.tls.as_mut(), self.wbio.as_ref()) else {
            return Flush::Done;
        };
        if tls.wants_write() {
            let _ = tls.write_tls(&mut self.held.bytes);
        }
        while !self.held.bytes.is_empty() {
            self.rwstate = RwState::Writing;
            self.wbio_unflushed = true;
            let (scan, records) = self.intro.watch(true, self.is_server);
            let mut io = BioIo::plain(wbio.as_ref())
                .scanning(scan)
                .recording(records);
            match io::Write::write(&mut io, &self.held.bytes) {
                Ok(n) => {
                    self.held.bytes.drain(..n);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Flush::Blocked,
                Err(e) => {
                    self.last_errno = e.raw_os_error();
                    return Flush::Failed;
                }
            }
        }
        Flush::Done
    }

    pub(super) fn flush(&mut self) -> Flush {
        let r = self.flush_records(true);
        self.trace_records();
        r
    }

    /// `SSL_write`'s records: written to the BIO without `BIO_flush`, as
    /// OpenSSL writes application data (a buffering BIO, mod_ssl's, sends
    /// when the program flushes it). Handshake flights, alerts and
    /// post-handshake messages are flushed (`flush`).
    pub(super) fn flush_app_data(&mut self) -> Flush {
        let r = self.flush_records(false);
        self.trace_records();
        r
    }

    fn flush_records(&mut self, bio_flush: bool) -> Flush {
        // Only a handshake holds records: SSL_write's path checks one flag.
        if (!self.handshake_done || !self.held.bytes.is_empty()) && self.wbio.is_some() {
            if self.hold_ccs() {
                return Flush::Done;
            }
            if !self.held.bytes.is_empty() {
                match self.flush_held() {
                    Flush::Done => {}
                    other => return other,
                }
            }
        }
        self.flush_queued(bio_flush || !self.handshake_done)
    }

    fn flush_queued(&mut self, bio_flush: bool) -> Flush {
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
        // Only these records need no flush: one still owed goes out.
        let owed = self.wbio_unflushed;
        while tls.wants_write() {
            self.rwstate = RwState::Writing;
            self.wbio_unflushed = true;
            let (scan, records) = self.intro.watch(true, self.is_server);
            let io = BioIo::plain(wbio.as_ref())
                .scanning(scan)
                .recording(records);
            match tls.write_tls(&mut io.coalescing(!self.handshake_done)) {
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Flush::Blocked,
                Err(e) => {
                    self.last_errno = e.raw_os_error();
                    return Flush::Failed;
                }
            }
        }
        self.rwstate = RwState::Nothing;
        if !bio_flush && !owed {
            self.wbio_unflushed = false;
        }
        if self.wbio_unflushed
            && let Some(w) = self.wbio.as_ref()
        {
            // A buffering BIO in the chain must pass the records on now.
            if w.flush() <= 0 && w.should_retry() {
                self.rwstate = RwState::Writing;
                return Flush::Blocked;
            }
            self.wbio_unflushed = false;
        }
        self.flushed();
        Flush::Done
    }

    pub(super) fn fill(&mut self, func: &'static str) -> Fill {
        if self.tls.is_some() && self.rbio.is_none() {
            self.no_read_bio(func);
            return Fill::Fatal;
        }
        let one_record = self.reads_one_record();
        // Read-ahead (`SSL_CTX_set_read_ahead`) takes whatever a socket
        // holds, as OpenSSL's record layer does with it.
        let read_ahead = self.hints.read_ahead;
        let (Some(tls), Some(rbio)) = (self.tls.as_mut(), self.rbio.as_ref()) else {
            return Fill::Failed;
        };
        self.rwstate = RwState::Reading;
        let room = FIRST_BYTES.saturating_sub(self.first_bytes.len());
        let (scan, records) = self.intro.watch(false, self.is_server);
        let mut io = BioIo::capturing(rbio.as_ref(), &mut self.first_bytes, room)
            .scanning(scan)
            .recording(records)
            // While handshaking every BIO is read a record at a time, as
            // OpenSSL reads: rustls then takes each handshake message in its
            // own step, and a callback rustls runs (certificate
            // verification) sees what the earlier messages settled
            // (version, cipher, ALPN) in the connection's copy of its facts.
            .framed(
                &mut self.frame,
                (rbio.reads_by_record() && !read_ahead) || !self.handshake_done || one_record,
            );
        match tls.read_tls(&mut io) {
            Ok(0) => {
                self.rwstate = RwState::Nothing;
                return Fill::Eof;
            }
            Ok(_) => {
                if let Some(e) = io.finish_record(|io| tls.read_tls(io)) {
                    self.rwstate = RwState::Nothing;
                    self.last_errno = e.raw_os_error();
                    return Fill::Failed;
                }
                self.rwstate = RwState::Nothing;
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Fill::Blocked,
            Err(e) => {
                self.last_errno = e.raw_os_error();
                return Fill::Failed;
            }
        }
        if self.first_bytes.len() < 5 {
            // OpenSSL judges nothing before the first record's whole
            // header is in: one stray byte and then EOF is an unexpected
            // EOF there, not a wrong version number. rustls keeps the bytes
            // until the next fill.
            return Fill::Progress;
        }
        // OpenSSL reports a record as it reads it, before acting on it;
        // what needs a secret the processing yields comes after.
        self.trace_records();
        let processed = self.process();
        self.trace_records();
        match processed {
            Ok(()) => Fill::Progress,
            Err(e) => {
                self.fail(&e, func);
                Fill::Fatal
            }
        }
    }

    /// No session can change any more: a server's tickets go out in the
    /// step that ends its handshake, and only a TLS 1.3 client receives
    /// tickets afterwards.
    fn sessions_settled(&self) -> bool {
        self.is_server || self.version() != crate::abi::TLS1_3_VERSION
    }

    /// Runs rustls over what arrived, with the connection's verification
    /// parameters and its `Observed` visible to the shared rustls objects
    /// while it handshakes.
    pub(super) fn process(&mut self) -> Result<(), rustls::Error> {
        let handshaking = self.tls.as_ref().is_some_and(|t| t.is_handshaking());
        if !handshaking && self.handshake_done && self.sessions_settled() {
            // SSL_read's hot path: records need rustls alone.
            let Some(tls) = self.tls.as_mut() else {
                return Ok(());
            };
            let state = tls.process_new_packets()?;
            if state.peer_has_closed() && !self.peer_closed {
                self.peer_closed = true;
                self.info_close_received();
            }
            return Ok(());
        }
        if handshaking {
            self.publish_version();
            // Callbacks rustls runs now (verification) see what the steps
            // before knew.
            self.refresh_snapshot();
            if self.intro.hello.client_versions.is_some()
                && std::mem::take(&mut self.hello_phase_due)
            {
                self.session_hello_phase();
            }
        }
        let keylog = handshaking && self.keylog_wanted();
        let traffic = handshaking && self.intro.records.wants_secrets();
        let application = self.intro.records.watched();
        let own_current = handshaking.then(|| self.own_cert_current());
        // A server that reads the ClientHello itself decides from what the
        // scanner saw of it (`accept_direct`).
        let server13 = (handshaking && self.is_server)
            .then(|| self.version_in_progress())
            .flatten()
            .map(|v| v == rustls::ProtocolVersion::TLSv1_3);
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
            obs.traffic_wanted = traffic;
            obs.application_wanted = application;
            if obs.peer_sigalgs.is_empty() {
                obs.peer_sigalgs
                    .clone_from(&self.intro.hello.client_sigalgs);
            }
            // A client's certificate choice depends on the version and,
            // in TLS 1.2, on its current certificate.
            if obs.tls13.is_none() {
                obs.tls13 = if self.is_server {
                    server13
                } else {
                    self.intro.hello.server_tls13
                };
            }
            obs.own_current = own_current;
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
        if handshaking {
            self.adopt_server_name();
        }
        let state = result?;
        if handshaking && self.refuse_missing_client_cert() {
            return Err(rustls::Error::NoCertificatesPresented);
        }
        if handshaking && self.is_server && self.sessions.take_sid_ctx_uninitialized() {
            return Err(self.refuse_session_without_sid_ctx());
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

#[cfg(test)]
mod tests {
    use super::RecordFrame;

    /// Two records (3 and 0 body bytes) and the start of a third, fed in
    /// every split: the frame always asks for the rest of the current part.
    #[test]
    fn frame_follows_records_in_any_split() {
        let stream = [
            23, 3, 3, 0, 3, b'a', b'b', b'c', // 3-byte record
            21, 3, 3, 0, 0, // empty record
            23, 3, 3, 1, 0, // header of a 256-byte record
        ];
        for split in 1..=stream.len() {
            let mut f = RecordFrame::default();
            for chunk in stream.chunks(split) {
                f.consumed(chunk);
            }
            assert_eq!(f.want(), 256, "split {split}");
        }
        let mut f = RecordFrame::default();
        assert_eq!(f.want(), 5);
        f.consumed(&stream[..2]);
        assert_eq!(f.want(), 3);
        f.consumed(&stream[2..6]);
        assert_eq!(f.want(), 2);
        f.consumed(&stream[6..8]);
        assert_eq!(f.want(), 5);
    }

    /// Where a read may stop: at a record boundary, or after a header whose
    /// length no record may have (judged without its body).
    #[test]
    fn boundary_and_overlong_headers() {
        let mut f = RecordFrame::default();
        assert!(f.at_boundary());
        f.consumed(&[23, 3, 3]);
        assert!(!f.at_boundary() && !f.too_long());
        f.consumed(&[0x48, 0x01]); // 18433 bytes: one more than allowed
        assert!(!f.at_boundary() && f.too_long());
        let mut g = RecordFrame::default();
        g.consumed(&[23, 3, 3, 0x48, 0x00]); // 18432: the limit itself
        assert!(!g.too_long());
        g.consumed(&vec![0; 18432]);
        assert!(g.at_boundary());
    }
}
