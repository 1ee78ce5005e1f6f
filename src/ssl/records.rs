//! The handshake's records, read back as they pass through the transport.
//!
//! OpenSSL keeps the verify_data of the last Finished each side sent
//! (`SSL_get_finished`, `SSL_get_peer_finished`; TLS 1.2's "tls-unique"
//! channel binding), and shows every record header and protocol message to
//! a message callback (`SSL_set_msg_callback`); rustls exposes neither.
//! Each direction's records are copied as they pass, with the secrets our
//! `KeyLog` saw, and opened again (`record_open`):
//! - for the Finished messages when the handshake is done, in a direction
//!   whose protected records are large (a TLS 1.3 flight with a
//!   certificate chain: opening costs less than keeping it, `KEEP_LIMIT`),
//!   else only when a program asks (making the keys and opening costs
//!   4-18% of a resumed handshake). When the handshake is done the
//!   plaintext records are looked at and dropped (`settle`); what stays is
//!   the small protected part of the handshake, until asked for or the
//!   `SSL` is freed, and the transport's reads and writes cost one flag
//!   test;
//! - with a message callback, at once and for the connection's life
//!   (`watch`): each record's header, TLS 1.3 inner content type, and the
//!   handshake messages, alerts and ChangeCipherSpecs in it, as OpenSSL's
//!   record layer and state machine report them (`Msg`).

use super::record_open::Opener;
use crate::abi::{SSL3_RT_HEADER, SSL3_RT_INNER_CONTENT_TYPE};
use crate::observe::keylog::{
    CLIENT_APPLICATION, CLIENT_HANDSHAKE, MASTER_SECRET, SERVER_APPLICATION, SERVER_HANDSHAKE,
    TrafficSecrets,
};
use rustls::SupportedCipherSuite;

const CONTENT_CCS: u8 = 20;
const CONTENT_ALERT: u8 = 21;
const CONTENT_HANDSHAKE: u8 = 22;
const CONTENT_APPLICATION_DATA: u8 = 23;
const CLIENT_HELLO: u8 = 1;
const FINISHED: u8 = 20;
const KEY_UPDATE: u8 = 24;

/// More than this waiting for a key (a handshake never gets there) ends
/// the watch: nothing legitimate queues that much.
const MAX_QUEUED: usize = 1 << 18;

/// A kept record's header and the length of its kept body.
const HEADER_KEPT: usize = 7;

/// The least a direction's record buffer grows by: a resumed handshake's
/// records fit (its Finished and ChangeCipherSpec, the hellos' headers).
const FIRST_CAPACITY: usize = 512;

/// What a direction may keep unopened past the handshake. A resumed
/// handshake's protected records (a TLS 1.3 server's EncryptedExtensions
/// and Finished, TLS 1.2's Finished) are below it and wait for a question:
/// opening them at once would cost 4-18% of such a handshake's time. A
/// TLS 1.3 flight with a certificate chain is above it and is opened when
/// the handshake ends: 1-3% of a full handshake's time instead of about
/// 1.9 KB per connection held for its life (bench, docs/PERFORMANCE.md).
const KEEP_LIMIT: usize = 512;

/// One call of the message callback: `write_p`, `version`,
/// `content_type` and the bytes, as OpenSSL passes them.
#[derive(Debug, PartialEq, Eq)]
pub struct Msg {
    pub write_p: bool,
    pub version: i32,
    pub content_type: i32,
    pub bytes: Vec<u8>,
}

/// One direction's records.
#[derive(Debug, Default)]
struct Direction {
    /// Its Finished went by (or the watch gave up): nothing more to copy
    /// unless watched.
    done: bool,
    /// The record being gathered: its header so far, then its body.
    header: [u8; 5],
    header_len: usize,
    body_left: usize,
    /// The current record's body is not kept (see `feed`).
    skip_body: bool,
    /// A ChangeCipherSpec record went by in this direction.
    ccs_seen: bool,
    /// Records not yet looked at (their key may not be known yet), one
    /// after another in one buffer, so a handshake's records cost one
    /// allocation, not one each: a record is its 5-byte header, the
    /// length of its kept body (2 bytes, big-endian: 0 when skipped) and
    /// that body. `pending[start..complete]` are whole records; after
    /// `complete` the one being gathered.
    pending: Vec<u8>,
    start: usize,
    complete: usize,
    /// TLS 1.2: a ChangeCipherSpec went by, later records are protected.
    protected: bool,
    /// TLS 1.3: past the Finished, the application traffic secret with
    /// this many KeyUpdates applied.
    updates: Option<u32>,
    key: Option<Opener>,
    /// The next protected record's sequence number under `key`.
    seq: u64,
    /// Handshake bytes not yet a whole message.
    partial: Vec<u8>,
    /// The verify_data of the Finished message.
    finished: Option<Vec<u8>>,
    /// What the message callback is to see, oldest first (watched only).
    out: Vec<Msg>,
}

impl Direction {
    /// Gathers whole records from a piece of the byte stream. Unwatched,
    /// the bodies of the plaintext hellos (and TLS 1.2's certificates) are
    /// not kept, only their headers: no Finished is in them. A plaintext
    /// handshake or alert record is one that comes before the direction's
    /// ChangeCipherSpec (in TLS 1.2 protection starts after it; in TLS 1.3
    /// only a HelloRetryRequest's next hello may come after it in the
    /// clear, and is then kept).
    fn feed(&mut self, mut data: &[u8], watch: bool) {
        while !self.done && !data.is_empty() {
            if self.header_len < 5 {
                let n = (5 - self.header_len).min(data.len());
                self.header[self.header_len..self.header_len + n].copy_from_slice(&data[..n]);
                self.header_len += n;
                data = &data[n..];
                if self.header_len == 5 {
                    let len = u16::from_be_bytes([self.header[3], self.header[4]]);
                    self.body_left = usize::from(len);
                    self.skip_body = !watch
                        && !self.ccs_seen
                        && matches!(self.header[0], CONTENT_HANDSHAKE | CONTENT_ALERT);
                    self.ccs_seen |= self.header[0] == CONTENT_CCS;
                    let kept = if self.skip_body { 0 } else { len };
                    // One allocation holds a resumed handshake's records.
                    let need = HEADER_KEPT + usize::from(kept);
                    if self.pending.capacity() - self.pending.len() < need {
                        self.pending.reserve(need.max(FIRST_CAPACITY));
                    }
                    self.pending.extend_from_slice(&self.header);
                    self.pending.extend_from_slice(&kept.to_be_bytes());
                }
            } else {
                let n = self.body_left.min(data.len());
                if !self.skip_body {
                    self.pending.extend_from_slice(&data[..n]);
                }
                self.body_left -= n;
                data = &data[n..];
            }
            if self.header_len == 5 && self.body_left == 0 {
                self.header_len = 0;
                self.complete = self.pending.len();
                if self.complete - self.start > MAX_QUEUED {
                    self.stop();
                }
            }
        }
    }

    /// Whether whole records wait to be looked at.
    fn has_pending(&self) -> bool {
        self.start < self.complete
    }

    /// Whether the records waiting would cost more kept than opened now
    /// (`KEEP_LIMIT`).
    fn holds_much(&self) -> bool {
        self.complete - self.start > KEEP_LIMIT
    }

    /// The record being gathered is dropped: it never ends (the handshake
    /// is over). What stays is trimmed to what it holds.
    fn settle(&mut self) {
        self.header_len = 0;
        self.pending.truncate(self.complete);
        self.pending.drain(..self.start);
        if self.pending.is_empty() {
            self.pending = Vec::new();
        } else if self.pending.capacity() - self.pending.len() > 64 {
            // Kept for the connection's life: no more than it holds.
            self.pending.shrink_to_fit();
        }
        self.start = 0;
        self.complete = self.pending.len();
    }

    fn stop(&mut self) {
        self.done = true;
        self.pending = Vec::new();
        self.start = 0;
        self.complete = 0;
        self.partial = Vec::new();
        self.key = None;
    }

    /// Looks at the queued records as far as the keys allow.
    fn pump(&mut self, keys: &Keys, side: Side) {
        // Out of `self` while its records are looked at (`content` and
        // `stop` need `self`); back unless the direction stopped.
        let pending = std::mem::take(&mut self.pending);
        self.pump_from(&pending, keys, side);
        if !self.done {
            self.pending = pending;
            if self.start > 0 {
                // What was looked at goes (a watched connection copies
                // records for its whole life); the rest, a record being
                // gathered included, moves to the front.
                self.pending.drain(..self.start);
                self.complete -= self.start;
                self.start = 0;
            }
        }
    }

    fn pump_from(&mut self, pending: &[u8], keys: &Keys, side: Side) {
        let tls13 = keys
            .suite
            .map(|s| matches!(s, SupportedCipherSuite::Tls13(_)));
        while !self.done && self.start < self.complete {
            let at = self.start;
            let mut header = [0u8; 5];
            header.copy_from_slice(&pending[at..at + 5]);
            let kept = usize::from(u16::from_be_bytes([pending[at + 5], pending[at + 6]]));
            let body = &pending[at + HEADER_KEPT..at + HEADER_KEPT + kept];
            let next = at + HEADER_KEPT + kept;
            let protected = match (tls13, header[0]) {
                (Some(true), t) => t == CONTENT_APPLICATION_DATA,
                (Some(false), _) => self.protected,
                // Before the version is known only plaintext can be read:
                // a ChangeCipherSpec's meaning depends on it.
                (None, CONTENT_APPLICATION_DATA | CONTENT_CCS) => return,
                (None, _) => false,
            };
            if !protected {
                self.start = next;
                self.header_seen(&header, side);
                if header[0] == CONTENT_CCS && tls13 == Some(false) {
                    self.protected = true;
                }
                self.content(header[0], body, keys, side);
                continue;
            }
            if tls13 == Some(false)
                && header[0] == CONTENT_APPLICATION_DATA
                && self.finished.is_some()
            {
                // TLS 1.2 application data: its header says all a message
                // callback is told; only the sequence number moves on.
                self.start = next;
                self.header_seen(&header, side);
                self.seq += 1;
                continue;
            }
            if self.key.is_none() {
                self.key = keys.opener(side.client_writes(), self.updates);
            }
            let Some(key) = self.key.as_ref() else {
                // The secret comes later in the handshake.
                return;
            };
            let opened = key.open(&header, body, self.seq);
            self.start = next;
            self.header_seen(&header, side);
            match opened {
                Some((kind, plain)) => {
                    self.seq += 1;
                    if side.watch && tls13 == Some(true) {
                        // OpenSSL gives the inner content type of its own
                        // records the record's version (its writer's
                        // view), of the peer's its own version.
                        let version = if side.outgoing {
                            i32::from(u16::from_be_bytes([header[1], header[2]]))
                        } else {
                            keys.version(false)
                        };
                        self.report(side, version, SSL3_RT_INNER_CONTENT_TYPE, &[kind]);
                    }
                    self.content(kind, &plain, keys, side);
                }
                // TLS 1.3: another epoch's record (early data), which the
                // handshake key does not open.
                None if tls13 == Some(true) => {}
                None => self.stop(),
            }
        }
    }

    fn report(&mut self, side: Side, version: i32, content_type: i32, bytes: &[u8]) {
        self.out.push(Msg {
            write_p: side.outgoing,
            version,
            content_type,
            bytes: bytes.to_vec(),
        });
    }

    /// A record header: its version is the record's own.
    fn header_seen(&mut self, header: &[u8; 5], side: Side) {
        if side.watch {
            let version = i32::from(u16::from_be_bytes([header[1], header[2]]));
            self.report(side, version, SSL3_RT_HEADER, header);
        }
    }

    /// A record's plaintext content: handshake messages are gathered (the
    /// Finished is kept), alerts and our ChangeCipherSpecs reported.
    fn content(&mut self, kind: u8, data: &[u8], keys: &Keys, side: Side) {
        match kind {
            CONTENT_HANDSHAKE => {}
            // OpenSSL 3.0 reports the ChangeCipherSpecs it sends, not those
            // it reads.
            CONTENT_CCS if side.watch && side.outgoing => {
                self.report(side, keys.version(false), i32::from(kind), data);
                return;
            }
            CONTENT_ALERT if side.watch => {
                for alert in data.chunks(2) {
                    self.report(side, keys.version(false), i32::from(kind), alert);
                }
                return;
            }
            _ => return,
        }
        self.partial.extend_from_slice(data);
        // The whole messages are looked at where they lie, then drained
        // (no copy per message); `partial` is out of `self` meanwhile.
        let mut partial = std::mem::take(&mut self.partial);
        let used = self.messages(&partial, kind, keys, side);
        if !self.done {
            partial.drain(..used);
            self.partial = partial;
        }
    }

    /// The whole handshake messages at the front of `partial`: reported,
    /// and their Finished and KeyUpdate acted on. Returns the bytes used.
    fn messages(&mut self, partial: &[u8], kind: u8, keys: &Keys, side: Side) -> usize {
        let mut at = 0;
        while let Some(head) = partial.get(at..at + 4) {
            let len = u32::from_be_bytes([0, head[1], head[2], head[3]]);
            let Some(msg) = partial.get(at..at + 4 + len as usize) else {
                break;
            };
            at += msg.len();
            if side.watch {
                // A server reads the ClientHello before it knows the version.
                let hello = msg[0] == CLIENT_HELLO && side.is_server && !side.outgoing;
                self.report(side, keys.version(hello), i32::from(kind), msg);
            }
            match msg[0] {
                FINISHED => {
                    self.finished = Some(msg[4..].to_vec());
                    if !side.watch {
                        self.stop();
                        return at;
                    }
                    if keys.tls13() {
                        self.next_epoch(Some(0));
                    }
                }
                KEY_UPDATE if keys.tls13() && self.updates.is_some() => {
                    self.next_epoch(self.updates.map(|n| n + 1));
                }
                _ => {}
            }
        }
        at
    }

    /// TLS 1.3: the next records are under the next secret.
    fn next_epoch(&mut self, updates: Option<u32>) {
        self.updates = updates;
        self.key = None;
        self.seq = 0;
    }
}

/// Which way a direction goes, as its messages are reported.
#[derive(Clone, Copy)]
struct Side {
    outgoing: bool,
    is_server: bool,
    watch: bool,
}

impl Side {
    fn client_writes(self) -> bool {
        self.outgoing != self.is_server
    }
}

/// What opening a direction's records needs from the connection.
struct Keys<'a> {
    suite: Option<SupportedCipherSuite>,
    client_random: Option<[u8; 32]>,
    server_random: Option<[u8; 32]>,
    secrets: &'a TrafficSecrets,
    /// False: plaintext records only (no key is made).
    open: bool,
    versions: Versions,
}

/// The version OpenSSL passes the message callback: its `s->version`,
/// the negotiated one once known.
#[derive(Clone, Copy, Debug)]
pub(super) struct Versions {
    pub negotiated: Option<i32>,
    /// Before: a client's highest, a server's method's.
    pub initial: i32,
    /// A server's as it reads the ClientHello.
    pub server_hello: i32,
}

impl Keys<'_> {
    fn tls13(&self) -> bool {
        matches!(self.suite, Some(SupportedCipherSuite::Tls13(_)))
    }

    fn version(&self, server_reading_hello: bool) -> i32 {
        let v = self.versions;
        if server_reading_hello {
            return v.server_hello;
        }
        v.negotiated.unwrap_or(v.initial)
    }

    fn secret(&self, label: &str) -> Option<&[u8]> {
        self.secrets.get(label)
    }

    /// The key of the direction the client (or server) writes: TLS 1.3's
    /// handshake key, or its application key after `updates` KeyUpdates.
    fn opener(&self, client_writes: bool, updates: Option<u32>) -> Option<Opener> {
        if !self.open {
            return None;
        }
        let suite = self.suite?;
        match suite {
            SupportedCipherSuite::Tls13(_) => {
                let label = match (client_writes, updates) {
                    (true, None) => CLIENT_HANDSHAKE,
                    (false, None) => SERVER_HANDSHAKE,
                    (true, Some(_)) => CLIENT_APPLICATION,
                    (false, Some(_)) => SERVER_APPLICATION,
                };
                let mut secret = self.secret(label)?.to_vec();
                for _ in 0..updates.unwrap_or(0) {
                    secret = Opener::next_secret(suite, &secret)?;
                }
                Opener::tls13(suite, &secret)
            }
            SupportedCipherSuite::Tls12(_) => Opener::tls12(
                suite,
                self.secret(MASTER_SECRET)?,
                self.client_random.as_ref()?,
                self.server_random.as_ref()?,
                client_writes,
            ),
        }
    }
}

/// Both directions of one connection, and the secrets seen so far.
#[derive(Debug, Default)]
pub struct Records {
    sent: Direction,
    received: Direction,
    secrets: TrafficSecrets,
    /// The handshake is over: nothing more is copied unless watched.
    settled: bool,
    /// A message callback is set: every record is copied and reported.
    watch: bool,
}

impl Records {
    /// Whether bytes in this direction are still wanted.
    pub fn wants(&self, outgoing: bool) -> bool {
        !self.dir(outgoing).done && (self.watch || !self.settled)
    }

    /// Whether the handshake's secrets are still wanted.
    pub fn wants_secrets(&self) -> bool {
        self.watch || (!self.settled && (!self.sent.done || !self.received.done))
    }

    /// Whether a message callback wants each record reported.
    pub fn watched(&self) -> bool {
        self.watch
    }

    /// A message callback was set or removed. Set after the handshake
    /// (the copying has stopped: sequence numbers and keys are lost), it
    /// sees nothing of this connection.
    pub fn set_watch(&mut self, on: bool) {
        self.watch = on && !self.settled;
        if !self.watch {
            self.sent.out.clear();
            self.received.out.clear();
        }
    }

    fn dir(&self, outgoing: bool) -> &Direction {
        if outgoing { &self.sent } else { &self.received }
    }

    /// Bytes that went to (`outgoing`) or came from the peer.
    pub fn feed(&mut self, data: &[u8], outgoing: bool) {
        if outgoing {
            self.sent.feed(data, self.watch);
        } else {
            self.received.feed(data, self.watch);
        }
    }

    /// Secrets the last step logged.
    pub fn add_secrets(&mut self, secrets: TrafficSecrets) {
        self.secrets.merge(secrets);
    }

    /// Looks at what was copied, with the negotiated suite (once known)
    /// and the hello randoms: the plaintext records, and the protected ones
    /// too when `open`; `is_server` says which side writes which direction.
    #[cfg(test)]
    pub(super) fn pump(
        &mut self,
        suite: Option<SupportedCipherSuite>,
        randoms: (Option<[u8; 32]>, Option<[u8; 32]>),
        is_server: bool,
        open: bool,
        versions: Versions,
    ) {
        self.pump_directions(suite, randoms, is_server, (open, open), versions);
    }

    /// `pump`, opening the protected records of the directions `open`
    /// says (sent, received).
    fn pump_directions(
        &mut self,
        suite: Option<SupportedCipherSuite>,
        randoms: (Option<[u8; 32]>, Option<[u8; 32]>),
        is_server: bool,
        (open_sent, open_received): (bool, bool),
        versions: Versions,
    ) {
        let Records {
            sent,
            received,
            secrets,
            watch,
            ..
        } = self;
        let mut keys = Keys {
            suite,
            client_random: randoms.0,
            server_random: randoms.1,
            secrets,
            open: open_received,
            versions,
        };
        let side = |outgoing| Side {
            outgoing,
            is_server,
            watch: *watch,
        };
        // What came in before what goes out in answer.
        if !received.done && received.has_pending() {
            received.pump(&keys, side(false));
        }
        if !sent.done && sent.has_pending() {
            keys.open = open_sent;
            sent.pump(&keys, side(true));
        }
        if sent.done && received.done {
            // Nothing more to open: the secrets go.
            secrets.clear();
        }
    }

    /// The handshake is done (not watched): the plaintext records go, a
    /// direction holding much is opened now (`KEEP_LIMIT`), and what stays
    /// is the small rest with the secrets it needs.
    pub(super) fn settle(
        &mut self,
        suite: Option<SupportedCipherSuite>,
        randoms: (Option<[u8; 32]>, Option<[u8; 32]>),
        is_server: bool,
        versions: Versions,
    ) {
        let large = (self.sent.holds_much(), self.received.holds_much());
        if self.sent.has_pending() || self.received.has_pending() {
            self.pump_directions(suite, randoms, is_server, large, versions);
        }
        self.settled = true;
        // Only the secrets of the handshake's records stay (the
        // application traffic secrets were for a message callback), and
        // of those only a direction's still unopened.
        let unopened = |d: &Direction, outgoing: bool| {
            (!d.done && d.has_pending()).then_some(outgoing != is_server)
        };
        let wanted = [unopened(&self.sent, true), unopened(&self.received, false)];
        self.secrets.keep_handshake_only(|label| match label {
            CLIENT_HANDSHAKE => wanted.contains(&Some(true)),
            SERVER_HANDSHAKE => wanted.contains(&Some(false)),
            _ => wanted.iter().any(Option::is_some),
        });
        self.sent.settle();
        self.received.settle();
    }

    /// Bytes of records kept (both directions), the one being gathered
    /// included.
    #[cfg(test)]
    fn kept(&self) -> usize {
        self.sent.pending.len() + self.received.pending.len()
    }

    /// What the message callback is to see: the peer's records that came
    /// in, then ours.
    pub fn take_messages(&mut self) -> Vec<Msg> {
        let mut all = std::mem::take(&mut self.received.out);
        all.append(&mut self.sent.out);
        all
    }

    /// The verify_data of the last Finished we sent (`outgoing`) or received.
    pub fn finished(&self, outgoing: bool) -> Option<&[u8]> {
        self.dir(outgoing).finished.as_deref()
    }
}

impl super::Conn {
    /// Looks at what the reads and writes copied, when anything waits:
    /// `open` to open the protected records too.
    pub(super) fn open_records(&mut self, open: bool) {
        self.pump_records((open, open));
    }

    /// `open_records`, opening the directions `open` says (sent, received).
    fn pump_records(&mut self, open: (bool, bool)) {
        let r = &self.intro.records;
        if !r.sent.has_pending() && !r.received.has_pending() {
            return;
        }
        let (suite, randoms, versions) = self.record_keys();
        self.intro
            .records
            .pump_directions(suite, randoms, self.is_server, open, versions);
    }

    /// What opening the records needs from the handshake: the suite, the
    /// hello randoms, the versions a message callback is told.
    #[allow(clippy::type_complexity)]
    fn record_keys(
        &self,
    ) -> (
        Option<SupportedCipherSuite>,
        (Option<[u8; 32]>, Option<[u8; 32]>),
        Versions,
    ) {
        let suite = self.tls.as_ref().and_then(|t| t.negotiated_cipher_suite());
        let h = &self.intro.hello;
        (
            suite,
            (h.client_random, h.server_random),
            self.msg_versions(),
        )
    }

    /// The handshake is done: unless watched, the copying stops, the
    /// plaintext records go, the large protected ones are opened, the
    /// small ones wait for a question (`Records::settle`).
    pub(super) fn settle_records(&mut self) {
        if self.intro.records.watch {
            return;
        }
        let (suite, randoms, versions) = self.record_keys();
        self.intro
            .records
            .settle(suite, randoms, self.is_server, versions);
    }

    /// `SSL_get_finished` (`outgoing`) and `SSL_get_peer_finished`: the
    /// verify_data of the last Finished sent or received (opened now if
    /// need be), empty before.
    pub fn finished(&mut self, outgoing: bool) -> &[u8] {
        self.open_records(true);
        self.finished_seen(outgoing)
    }

    /// What `finished` would answer without opening anything (the copy
    /// callbacks read: inside the handshake nothing is opened).
    pub(super) fn finished_seen(&self, outgoing: bool) -> &[u8] {
        self.intro.records.finished(outgoing).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::TLS1_2_VERSION;
    use rustls::crypto::aws_lc_rs::cipher_suite as cs;
    use rustls::crypto::cipher::OutboundPlainMessage;
    use rustls::{ContentType, ProtocolVersion};

    pub(super) const V: Versions = Versions {
        negotiated: Some(TLS1_2_VERSION),
        initial: TLS1_2_VERSION,
        server_hello: TLS1_2_VERSION,
    };

    pub(super) fn secrets_of(master: &[u8]) -> TrafficSecrets {
        let mut t = TrafficSecrets::default();
        assert!(t.set(MASTER_SECRET, master));
        t
    }

    fn record(kind: u8, payload: &[u8]) -> Vec<u8> {
        let mut r = vec![kind, 3, 3];
        r.extend((payload.len() as u16).to_be_bytes());
        r.extend(payload);
        r
    }

    /// A TLS 1.2 server's resumption flight (ServerHello, ChangeCipherSpec,
    /// Finished sealed by rustls): the suite, master secret, randoms, the
    /// bytes and the Finished's verify_data.
    #[allow(clippy::type_complexity)]
    pub(super) fn tls12_flight() -> (
        SupportedCipherSuite,
        Vec<u8>,
        [u8; 32],
        [u8; 32],
        Vec<u8>,
        Vec<u8>,
    ) {
        let suite = cs::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384;
        let SupportedCipherSuite::Tls12(s) = suite else {
            unreachable!()
        };
        let (master, cr, sr) = (vec![4u8; 48], [5u8; 32], [6u8; 32]);
        let mut enc = crate::ssl::record_open::tests::tls12_server_encrypter(s, &master, &cr, &sr);
        let verify: Vec<u8> = (1..=12).collect();
        let mut fin = vec![FINISHED, 0, 0, 12];
        fin.extend(&verify);
        let sealed = enc
            .encrypt(
                OutboundPlainMessage {
                    typ: ContentType::Handshake,
                    version: ProtocolVersion::TLSv1_2,
                    payload: fin.as_slice().into(),
                },
                0,
            )
            .unwrap()
            .encode();
        let mut wire = record(CONTENT_HANDSHAKE, &[2, 0, 0, 2, 3, 3]);
        wire.extend(record(CONTENT_CCS, &[1]));
        wire.extend(&sealed);
        (suite, master, cr, sr, wire, verify)
    }

    /// That flight fed in every split: nothing opens before
    /// the master secret is known, then the Finished's verify_data is there
    /// and the direction needs no more bytes.
    #[test]
    fn tls12_finished_after_ccs_once_the_secret_is_known() {
        let (suite, master, cr, sr, wire, verify) = tls12_flight();
        for split in 1..wire.len() {
            let mut r = Records::default();
            for piece in wire.chunks(split) {
                r.feed(piece, false);
            }
            // A client: the server writes what it receives.
            r.pump(Some(suite), (Some(cr), Some(sr)), false, true, V);
            assert_eq!(r.finished(false), None, "split {split}");
            assert!(r.wants(false));
            r.add_secrets(secrets_of(&master));
            // Not opened until asked.
            r.pump(Some(suite), (Some(cr), Some(sr)), false, false, V);
            assert_eq!(r.finished(false), None, "split {split}");
            r.pump(Some(suite), (Some(cr), Some(sr)), false, true, V);
            assert_eq!(r.finished(false), Some(&verify[..]), "split {split}");
            assert!(!r.wants(false));
            assert!(r.wants_secrets(), "the other direction goes on");
        }
    }
}

#[cfg(test)]
mod settle_tests {
    use super::tests::{V, secrets_of, tls12_flight};
    use super::*;

    /// A direction with more than `KEEP_LIMIT` bytes of protected records
    /// is opened when the handshake settles and keeps nothing; a small one
    /// waits for the question, with the secret it needs.
    #[test]
    fn large_directions_are_opened_at_settle_small_ones_wait() {
        let (suite, master, cr, sr, wire, verify) = tls12_flight();
        let randoms = (Some(cr), Some(sr));
        for extra in [0usize, KEEP_LIMIT] {
            let mut r = Records::default();
            r.feed(&wire, false);
            // Application data after the Finished, as a peer may send it
            // in the same read: `extra` bytes of it.
            let mut data = vec![CONTENT_APPLICATION_DATA, 3, 3];
            data.extend((extra as u16).to_be_bytes());
            data.resize(5 + extra, 0x55);
            r.feed(&data, false);
            r.add_secrets(secrets_of(&master));
            // A client's view: it received the server's flight.
            r.settle(Some(suite), randoms, false, V);
            if extra == 0 {
                assert_eq!(r.finished(false), None, "small: not opened yet");
                assert!(r.kept() > 0 && r.kept() < KEEP_LIMIT);
                r.pump(Some(suite), randoms, false, true, V);
            } else {
                assert_eq!(r.kept(), 0, "large: opened and dropped");
                assert!(r.secrets.is_empty(), "no secret is needed any more");
            }
            assert_eq!(r.finished(false), Some(&verify[..]), "extra {extra}");
        }
    }
}

#[cfg(test)]
mod growth_tests {
    use super::tests::V;
    use super::*;

    /// Records looked at are dropped even when each look leaves half a
    /// record behind (a watched connection copies for its whole life).
    #[test]
    fn looked_at_records_do_not_accumulate() {
        let mut r = Records::default();
        r.set_watch(true);
        let rec = [CONTENT_ALERT, 3, 3, 0, 2, 1, 0];
        // Every read ends one byte into a record's body: the last byte of
        // one record and the first six of the next.
        r.feed(&rec[..6], false);
        for _ in 0..1000 {
            let mut piece = vec![rec[6]];
            piece.extend(&rec[..6]);
            r.feed(&piece, false);
            r.pump(None, (None, None), false, false, V);
            assert_eq!(r.take_messages().len(), 2, "a header and an alert");
        }
        assert!(
            r.received.pending.len() < 16,
            "{}",
            r.received.pending.len()
        );
    }
}

#[cfg(test)]
mod watch_tests {
    use super::tests::tls12_flight;
    use super::*;
    use crate::abi::SSL3_RT_HANDSHAKE;

    /// Watched, the same flight is reported as OpenSSL's record layer and
    /// state machine report it to a message callback: each header, then
    /// the messages in its record; the received ChangeCipherSpec only by
    /// its header.
    #[test]
    fn watched_records_are_reported_in_order() {
        let (suite, master, cr, sr, wire, verify) = tls12_flight();
        let mut r = Records::default();
        r.set_watch(true);
        r.add_secrets(tests::secrets_of(&master));
        r.feed(&wire, false);
        r.pump(Some(suite), (Some(cr), Some(sr)), false, true, tests::V);
        let got: Vec<(i32, Vec<u8>)> = r
            .take_messages()
            .into_iter()
            .map(|m| {
                assert!(!m.write_p);
                (m.content_type, m.bytes)
            })
            .collect();
        let mut fin = vec![FINISHED, 0, 0, 12];
        fin.extend(&verify);
        assert_eq!(got.len(), 5, "{got:?}");
        assert_eq!(got[0], (SSL3_RT_HEADER, wire[..5].to_vec()));
        assert_eq!(got[1], (SSL3_RT_HANDSHAKE, vec![2, 0, 0, 2, 3, 3]));
        assert_eq!(got[2], (SSL3_RT_HEADER, wire[11..16].to_vec()));
        assert_eq!(got[3].0, SSL3_RT_HEADER);
        assert_eq!(got[4], (SSL3_RT_HANDSHAKE, fin));
        // Still copying after the Finished: the watch goes on.
        assert!(r.wants(false));
        assert_eq!(r.finished(false), Some(&verify[..]));
    }
}
