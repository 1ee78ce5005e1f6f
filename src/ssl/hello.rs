//! The plaintext hello messages as they pass through the transport.
//!
//! OpenSSL exposes the hello randoms (`SSL_get_client_random`,
//! `SSL_get_server_random`), the client's offered cipher suites
//! (`SSL_get_shared_ciphers`) and its legacy version (`SSL_client_version`);
//! rustls exposes none of them. Each direction's first handshake records are
//! scanned as they are read or written: once the hello of interest has been
//! seen (or the records become encrypted) a direction is done, and later
//! reads and writes cost one flag test.

use crate::session::{ShortBytes, Tls12Ticket};

/// `HelloRetryRequest`'s fixed "random" (RFC 8446 4.1.3): not a ServerHello
/// random, the real ServerHello follows.
const HRR_RANDOM: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// A hello bigger than this is not one we will parse (rustls caps handshake
/// messages well below it anyway).
const MAX_MESSAGE: usize = 1 << 16;

const CONTENT_CCS: u8 = 20;
const CONTENT_ALERT: u8 = 21;
const CONTENT_HANDSHAKE: u8 = 22;
const CLIENT_HELLO: u8 = 1;
const SERVER_HELLO: u8 = 2;
const NEW_SESSION_TICKET: u8 = 4;
const CERTIFICATE: u8 = 11;
const SERVER_KEY_EXCHANGE: u8 = 12;
const CERTIFICATE_REQUEST: u8 = 13;
const SERVER_HELLO_DONE: u8 = 14;
const CERTIFICATE_STATUS: u8 = 22;
/// RFC 5746's extension and signalling cipher suite value.
const RENEGOTIATION_INFO: u16 = 0xff01;
const STATUS_REQUEST: u16 = 5;
const EMPTY_RENEGOTIATION_INFO_SCSV: u16 = 0x00ff;

/// What a scan does after a message.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Next {
    More,
    Done,
    /// More, up to the direction's ChangeCipherSpec: what follows it is
    /// protected (TLS 1.2).
    UntilCcs,
}

/// One direction's record scanner: gathers the handshake messages of
/// plaintext records until told it has seen enough.
#[derive(Debug, Default)]
struct Scan {
    done: bool,
    /// A ChangeCipherSpec record ends the scan (`Next::UntilCcs`).
    until_ccs: bool,
    header: [u8; 5],
    header_len: usize,
    record_type: u8,
    record_left: usize,
    /// Handshake bytes gathered so far (messages may span records).
    message: Vec<u8>,
}

impl Scan {
    /// Feeds bytes; `found` is given each complete handshake message and
    /// says whether the scan goes on.
    fn feed(&mut self, mut data: &[u8], found: &mut dyn FnMut(&[u8]) -> Next) {
        while !self.done && !data.is_empty() {
            if self.record_left == 0 && self.header_len < 5 {
                let take = (5 - self.header_len).min(data.len());
                self.header[self.header_len..self.header_len + take].copy_from_slice(&data[..take]);
                self.header_len += take;
                data = &data[take..];
                if self.header_len < 5 {
                    return;
                }
                self.record_type = self.header[0];
                self.record_left =
                    usize::from(u16::from_be_bytes([self.header[3], self.header[4]]));
                // Application data means the hellos are over (or this is
                // not TLS at all): nothing more to learn here.
                let plaintext = matches!(
                    self.record_type,
                    CONTENT_CCS | CONTENT_ALERT | CONTENT_HANDSHAKE
                );
                if !plaintext
                    || self.header[1] != 3
                    || (self.until_ccs && self.record_type == CONTENT_CCS)
                {
                    self.finish();
                    return;
                }
                if self.record_left == 0 {
                    self.header_len = 0;
                }
                continue;
            }
            let take = self.record_left.min(data.len());
            if self.record_type == CONTENT_HANDSHAKE {
                self.message.extend_from_slice(&data[..take]);
                if self.take_messages(found) {
                    self.finish();
                    return;
                }
            }
            self.record_left -= take;
            data = &data[take..];
            if self.record_left == 0 {
                self.header_len = 0;
            }
        }
    }

    /// Hands over every complete message gathered; true to stop.
    fn take_messages(&mut self, found: &mut dyn FnMut(&[u8]) -> Next) -> bool {
        while self.message.len() >= 4 {
            let len = u32::from_be_bytes([0, self.message[1], self.message[2], self.message[3]]);
            let len = len as usize;
            if len > MAX_MESSAGE {
                return true;
            }
            if self.message.len() < 4 + len {
                return false;
            }
            match found(&self.message[..4 + len]) {
                Next::Done => return true,
                Next::UntilCcs => self.until_ccs = true,
                Next::More => {}
            }
            self.message.drain(..4 + len);
        }
        false
    }

    fn finish(&mut self) {
        self.done = true;
        self.message = Vec::new();
    }
}

/// What the hellos of one connection told us.
#[derive(Debug, Default)]
pub struct Hellos {
    pub client_random: Option<[u8; 32]>,
    pub server_random: Option<[u8; 32]>,
    /// The client's cipher suites in its order (server side only).
    pub client_suites: Vec<u16>,
    /// The client's signature_algorithms in its order (server side only):
    /// OpenSSL signs with the first the client lists that it can use.
    pub client_sigalgs: Vec<u16>,
    /// The client's supported_groups in its order (server side only:
    /// `SSL_get1_groups`, `SSL_get_shared_group`).
    pub client_groups: Vec<u16>,
    /// The ClientHello's legacy_version field.
    pub client_version: Option<u16>,
    /// A HelloRetryRequest went by.
    pub retried: bool,
    /// Client, TLS 1.2: the ServerHello's session id, and the server's
    /// NewSessionTicket (lifetime hint and ticket) when one came with a
    /// ticket in it. Both are in the clear, before the server's
    /// ChangeCipherSpec; OpenSSL's client session keeps them.
    pub server_session_id: Option<ShortBytes>,
    pub tls12_ticket: Option<Tls12Ticket>,
    /// The peer's hello showed RFC 5746 support
    /// (`SSL_get_secure_renegotiation_support`, OpenSSL's
    /// `send_connection_binding`): a ServerHello with renegotiation_info (a
    /// TLS 1.3 one has none), a ClientHello with it or with
    /// TLS_EMPTY_RENEGOTIATION_INFO_SCSV.
    pub peer_renegotiation_info: bool,
    /// The ServerHello selected TLS 1.3 (its supported_versions): known
    /// as soon as its bytes arrive, before rustls processes the rest of
    /// the server's flight.
    pub server_tls13: Option<bool>,
    /// The versions the ClientHello offered (server side), bit `n` for
    /// 0x0300 + n (SSL 3.0 to TLS 1.3): its supported_versions, else its
    /// legacy_version. Known before rustls processes the hello.
    pub client_versions: Option<u8>,
    /// The ClientHello's status_request type byte, when it has one (server
    /// side; `SSL_get_tlsext_status_type` after the handshake).
    pub client_status_type: Option<u8>,
    /// The key_share entries (group, public key) of the hello we sent and
    /// of the one we received (TLS 1.3; `SSL_get_tmp_key`,
    /// `SSL_get_peer_tmp_key`).
    pub shares_sent: KeyShares,
    pub shares_received: KeyShares,
    /// A hello went by in this direction and TLS 1.2's key exchange
    /// message may still follow (ServerKeyExchange after the server's
    /// Certificate, ClientKeyExchange after the client's).
    kx_sent: bool,
    kx_received: bool,
    sent: Scan,
    received: Scan,
}

impl Hellos {
    /// Whether bytes in this direction still need scanning.
    pub fn wants(&self, outgoing: bool) -> bool {
        !if outgoing {
            self.sent.done
        } else {
            self.received.done
        }
    }

    /// Bytes that went to (`outgoing`) or came from the peer. A client
    /// sends the ClientHello and receives the ServerHello; a server the
    /// other way round.
    pub fn scan(&mut self, data: &[u8], outgoing: bool, is_server: bool) {
        let want = if outgoing == is_server {
            SERVER_HELLO
        } else {
            CLIENT_HELLO
        };
        let Hellos {
            client_random,
            server_random,
            client_suites,
            client_sigalgs,
            client_groups,
            client_version,
            retried,
            server_session_id,
            tls12_ticket,
            peer_renegotiation_info,
            server_tls13,
            client_versions,
            client_status_type,
            shares_sent,
            shares_received,
            kx_sent,
            kx_received,
            sent,
            received,
        } = self;
        let scan = if outgoing { sent } else { received };
        let (shares, kx) = if outgoing {
            (shares_sent, kx_sent)
        } else {
            (shares_received, kx_received)
        };
        // A client reads on past its TLS 1.2 ServerHello for the ticket.
        let client_reading = !outgoing && !is_server;
        scan.feed(data, &mut |msg| {
            if *kx {
                // TLS 1.2: only a Certificate (and its status) may come
                // between the hello and the key exchange message; anything
                // else (a TLS 1.3 handshake's records) ends the scan.
                return match msg[0] {
                    CERTIFICATE | CERTIFICATE_STATUS => Next::More,
                    // OpenSSL keeps only the server's TLS 1.2 key, as the
                    // client's peer key: its own ephemeral keys and the
                    // client's (on a server) are freed once used.
                    SERVER_KEY_EXCHANGE => {
                        shares.clear();
                        if !outgoing && let Some((group, key)) = parse_server_kx(msg) {
                            shares.push(group, key);
                        }
                        if client_reading {
                            Next::UntilCcs
                        } else {
                            Next::Done
                        }
                    }
                    CERTIFICATE_REQUEST | SERVER_HELLO_DONE if client_reading => Next::UntilCcs,
                    // A resumption's comes right after the ServerHello, a
                    // full handshake's after the client's Finished.
                    NEW_SESSION_TICKET if client_reading => {
                        *tls12_ticket = parse_ticket(msg);
                        Next::Done
                    }
                    // (A client keeps the ServerKeyExchange's key.)
                    _ => {
                        if !client_reading {
                            shares.clear();
                        }
                        Next::Done
                    }
                };
            }
            if msg[0] != want {
                // Anything else before the hello (nothing legitimate) ends it.
                return if msg[0] != CLIENT_HELLO && msg[0] != SERVER_HELLO {
                    Next::Done
                } else {
                    Next::More
                };
            }
            let Some(random) = parse_random(msg) else {
                return Next::Done;
            };
            if want == SERVER_HELLO {
                if random == HRR_RANDOM {
                    *retried = true;
                    return Next::More;
                }
                *server_random = Some(random);
                *server_tls13 = Some(extension(msg, 43, false) == Some(&[3, 4][..]));
                if client_reading {
                    *peer_renegotiation_info = extension(msg, RENEGOTIATION_INFO, false).is_some();
                }
                match parse_key_shares(msg, false) {
                    Some(s) => *shares = s,
                    // No key_share: TLS 1.2, whose ServerKeyExchange follows.
                    None => {
                        *kx = true;
                        if client_reading {
                            *server_session_id = parse_session_id(msg);
                            return Next::UntilCcs;
                        }
                        return Next::More;
                    }
                }
            } else {
                *shares = parse_key_shares(msg, true).unwrap_or_default();
                // The ClientKeyExchange follows if TLS 1.2 is negotiated.
                *kx = true;
                *client_random = Some(random);
                *client_version = Some(u16::from_be_bytes([msg[4], msg[5]]));
                if is_server {
                    *client_suites = parse_suites(msg).unwrap_or_default();
                    *peer_renegotiation_info = extension(msg, RENEGOTIATION_INFO, true).is_some()
                        || client_suites.contains(&EMPTY_RENEGOTIATION_INFO_SCSV);
                    *client_sigalgs = parse_u16_list(msg, 13).unwrap_or_default();
                    *client_groups = parse_u16_list(msg, 10).unwrap_or_default();
                    *client_versions = Some(offered_versions(msg));
                    *client_status_type =
                        extension(msg, STATUS_REQUEST, true).and_then(|body| body.first().copied());
                }
            }
            // Done unless a TLS 1.2 key exchange message may follow.
            if *kx { Next::More } else { Next::Done }
        });
    }
}

/// A TLS 1.2 NewSessionTicket; None for an empty ticket: the server has
/// none to give, and OpenSSL keeps none then.
fn parse_ticket(msg: &[u8]) -> Option<Tls12Ticket> {
    let hint = msg.get(4..8)?;
    let len = usize::from(u16::from_be_bytes(msg.get(8..10)?.try_into().ok()?));
    let ticket = msg.get(10..10 + len).filter(|t| !t.is_empty())?;
    Some(Tls12Ticket {
        lifetime_hint: u32::from_be_bytes(hint.try_into().ok()?),
        ticket: ticket.to_vec(),
    })
}

/// A ServerHello's legacy_session_id.
fn parse_session_id(msg: &[u8]) -> Option<ShortBytes> {
    let len = usize::from(*msg.get(38)?);
    ShortBytes::new(msg.get(39..39 + len)?)
}

/// The versions a ClientHello offers, as `Hellos::client_versions` has them.
fn offered_versions(msg: &[u8]) -> u8 {
    let bit = |v: &[u8]| match v {
        [3, n @ 0..=4] => 1u8 << n,
        _ => 0,
    };
    match extension(msg, 43, true) {
        // supported_versions: a length byte, then two bytes per version.
        Some(b) if !b.is_empty() => b[1..].chunks_exact(2).fold(0, |m, v| m | bit(v)),
        _ => msg.get(4..6).map_or(0, bit),
    }
}

/// The 32 random bytes after the handshake header and legacy_version.
fn parse_random(msg: &[u8]) -> Option<[u8; 32]> {
    msg.get(6..38)?.try_into().ok()
}

/// A ClientHello's cipher_suites, after its session id.
fn parse_suites(msg: &[u8]) -> Option<Vec<u16>> {
    let sid_len = usize::from(*msg.get(38)?);
    let at = 39 + sid_len;
    let len = usize::from(u16::from_be_bytes([*msg.get(at)?, *msg.get(at + 1)?]));
    let list = msg.get(at + 2..at + 2 + len)?;
    Some(
        list.chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect(),
    )
}

/// TLS 1.2 ServerKeyExchange for ECDHE: curve_type 3 (named_curve), the
/// group, the public point.
fn parse_server_kx(msg: &[u8]) -> Option<(u16, &[u8])> {
    if *msg.get(4)? != 3 {
        return None;
    }
    let group = u16::from_be_bytes([*msg.get(5)?, *msg.get(6)?]);
    let len = usize::from(*msg.get(7)?);
    Some((group, msg.get(8..8 + len)?))
}

/// A hello's extension `kind`: after the session id, the ClientHello's
/// cipher suites and compression methods, or the ServerHello's suite and
/// method.
fn extension(msg: &[u8], kind: u16, client_hello: bool) -> Option<&[u8]> {
    let u16_at = |at: usize| Some(u16::from_be_bytes([*msg.get(at)?, *msg.get(at + 1)?]));
    let sid_len = usize::from(*msg.get(38)?);
    let mut at = 39 + sid_len;
    if client_hello {
        at += 2 + usize::from(u16_at(at)?); // cipher suites
        at += 1 + usize::from(*msg.get(at)?); // compression methods
    } else {
        at += 3; // cipher suite, compression method
    }
    let end = (at + 2 + usize::from(u16_at(at)?)).min(msg.len());
    at += 2;
    while at + 4 <= end {
        let (k, len) = (u16_at(at)?, usize::from(u16_at(at + 2)?));
        let body = msg.get(at + 4..at + 4 + len)?;
        if k == kind {
            return Some(body);
        }
        at += 4 + len;
    }
    None
}

/// A ClientHello extension that is a list of 16-bit code points
/// (signature_algorithms, 13; supported_groups, 10).
fn parse_u16_list(msg: &[u8], ext: u16) -> Option<Vec<u16>> {
    let body = extension(msg, ext, true)?;
    let list = body.get(2..2 + usize::from(u16::from_be_bytes([*body.first()?, *body.get(1)?])))?;
    Some(
        list.chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect(),
    )
}

/// The key_share extension (51): a ClientHello's list of entries, a
/// ServerHello's one entry, each (group, key_exchange).
fn parse_key_shares(msg: &[u8], client_hello: bool) -> Option<KeyShares> {
    let body = extension(msg, 51, client_hello)?;
    let entries = if client_hello {
        let len = usize::from(u16::from_be_bytes([*body.first()?, *body.get(1)?]));
        body.get(2..2 + len)?
    } else {
        body
    };
    // An entry cut short spoils the list; fewer than 4 bytes left over
    // are ignored.
    let mut rest = entries;
    while rest.len() >= 4 {
        let len = usize::from(u16::from_be_bytes([rest[2], rest[3]]));
        rest = rest.get(4 + len..)?;
    }
    Some(KeyShares(entries[..entries.len() - rest.len()].to_vec()))
}

/// Key share entries (group, key_exchange) in their wire form, one after
/// another in one buffer: a hello's shares cost one allocation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyShares(Vec<u8>);

impl KeyShares {
    pub fn push(&mut self, group: u16, key: &[u8]) {
        let Ok(len) = u16::try_from(key.len()) else {
            return;
        };
        self.0.extend_from_slice(&group.to_be_bytes());
        self.0.extend_from_slice(&len.to_be_bytes());
        self.0.extend_from_slice(key);
    }

    pub fn clear(&mut self) {
        self.0 = Vec::new();
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries, up to the first that is cut short.
    pub fn iter(&self) -> impl Iterator<Item = (u16, &[u8])> {
        let mut rest = &self.0[..];
        std::iter::from_fn(move || {
            let [g0, g1, l0, l1, tail @ ..] = rest else {
                return None;
            };
            let len = usize::from(u16::from_be_bytes([*l0, *l1]));
            let key = tail.get(..len)?;
            rest = &tail[len..];
            Some((u16::from_be_bytes([*g0, *g1]), key))
        })
    }

    /// The key of `group`'s entry.
    pub fn find(&self, group: u16) -> Option<&[u8]> {
        self.iter().find(|(g, _)| *g == group).map(|(_, k)| k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client_hello(random: u8, suites: &[u16]) -> Vec<u8> {
        let mut body = vec![3, 3];
        body.extend([random; 32]);
        body.push(1); // session id of one byte
        body.push(0xaa);
        body.extend(((suites.len() * 2) as u16).to_be_bytes());
        for s in suites {
            body.extend(s.to_be_bytes());
        }
        body.extend([1, 0]); // compression methods
        // extensions: server_name (empty), signature_algorithms
        body.extend([0, 14, 0, 0, 0, 0, 0, 13, 0, 6, 0, 4, 0x08, 0x04, 0x04, 0x03]);
        let mut msg = vec![CLIENT_HELLO, 0, 0, body.len() as u8];
        msg.extend(body);
        msg
    }

    fn record(kind: u8, payload: &[u8]) -> Vec<u8> {
        let mut r = vec![kind, 3, 1];
        r.extend((payload.len() as u16).to_be_bytes());
        r.extend(payload);
        r
    }

    #[test]
    fn client_hello_split_across_reads_and_records() {
        let msg = client_hello(7, &[0x1301, 0xc02b]);
        let (a, b) = msg.split_at(20);
        let mut wire = record(CONTENT_HANDSHAKE, a);
        wire.extend(record(CONTENT_HANDSHAKE, b));
        let mut h = Hellos::default();
        for byte in wire.chunks(3) {
            h.scan(byte, false, true);
        }
        assert_eq!(h.client_random, Some([7; 32]));
        assert_eq!(h.client_suites, [0x1301, 0xc02b]);
        assert_eq!(h.client_sigalgs, [0x0804, 0x0403]);
        assert_eq!(h.client_version, Some(0x0303));
        // A TLS 1.2 ClientKeyExchange may follow; once it went by (or
        // anything else but a Certificate), the scan is over.
        assert!(h.wants(false));
        h.scan(
            &record(CONTENT_HANDSHAKE, &[16, 0, 0, 2, 1, 4]),
            false,
            true,
        );
        assert!(!h.wants(false));
        assert!(h.shares_received.is_empty());
    }

    #[test]
    fn tls12_server_key_exchange_gives_the_clients_peer_key() {
        // ServerHello without key_share (TLS 1.2), Certificate, ServerKeyExchange.
        let mut sh = vec![SERVER_HELLO, 0, 0, 40, 3, 3];
        sh.extend([9; 32]);
        sh.extend([0, 0xc0, 0x2b, 0, 0, 0]);
        let mut wire = record(CONTENT_HANDSHAKE, &sh);
        wire.extend(record(CONTENT_HANDSHAKE, &[11, 0, 0, 3, 0, 0, 0]));
        let ske = [12, 0, 0, 8, 3, 0, 0x1d, 4, 1, 2, 3, 4];
        wire.extend(record(CONTENT_HANDSHAKE, &ske));
        let mut h = Hellos::default();
        h.scan(&wire, false, false);
        assert_eq!(h.server_random, Some([9; 32]));
        let shares: Vec<(u16, &[u8])> = h.shares_received.iter().collect();
        assert_eq!(shares, [(0x001d, &[1u8, 2, 3, 4][..])]);
        // A client reads on for a ticket, up to the server's
        // ChangeCipherSpec; the ServerHelloDone keeps the key.
        assert!(h.wants(false));
        h.scan(
            &record(CONTENT_HANDSHAKE, &[SERVER_HELLO_DONE, 0, 0, 0]),
            false,
            false,
        );
        assert_eq!(h.shares_received.iter().count(), 1);
        h.scan(&record(CONTENT_CCS, &[1]), false, false);
        assert!(!h.wants(false));
        assert_eq!(h.tls12_ticket, None);
        assert_eq!(h.server_session_id.map(|i| i.as_slice().len()), Some(0));
    }

    fn tls12_server_hello(session_id: &[u8]) -> Vec<u8> {
        let mut body = vec![3, 3];
        body.extend([9; 32]);
        body.push(session_id.len() as u8);
        body.extend(session_id);
        body.extend([0xc0, 0x2b, 0, 0, 0]);
        let mut msg = vec![SERVER_HELLO, 0, 0, body.len() as u8];
        msg.extend(body);
        msg
    }

    fn new_session_ticket(hint: u32, ticket: &[u8]) -> Vec<u8> {
        let mut msg = vec![NEW_SESSION_TICKET, 0, 0, (6 + ticket.len()) as u8];
        msg.extend(hint.to_be_bytes());
        msg.extend((ticket.len() as u16).to_be_bytes());
        msg.extend(ticket);
        msg
    }

    #[test]
    fn tls12_client_keeps_the_session_id_and_the_ticket() {
        // A resumption: ServerHello, NewSessionTicket, ChangeCipherSpec and
        // the protected Finished, all in one read.
        let mut wire = record(CONTENT_HANDSHAKE, &tls12_server_hello(&[5; 32]));
        wire.extend(record(
            CONTENT_HANDSHAKE,
            &new_session_ticket(7200, &[6; 20]),
        ));
        wire.extend(record(CONTENT_CCS, &[1]));
        wire.extend(record(CONTENT_HANDSHAKE, &[0; 40]));
        let mut h = Hellos::default();
        h.scan(&wire, false, false);
        assert!(!h.wants(false));
        assert_eq!(
            h.server_session_id.map(|i| i.as_slice().to_vec()),
            Some(vec![5; 32])
        );
        let t = h.tls12_ticket.expect("ticket");
        assert_eq!((t.lifetime_hint, t.ticket), (7200, vec![6; 20]));
    }

    #[test]
    fn tls12_protected_records_are_not_read_as_a_ticket() {
        // No ticket: what follows the ChangeCipherSpec is protected, however
        // it starts (here like a NewSessionTicket).
        let mut wire = record(CONTENT_HANDSHAKE, &tls12_server_hello(&[]));
        wire.extend(record(CONTENT_CCS, &[1]));
        wire.extend(record(CONTENT_HANDSHAKE, &new_session_ticket(1, &[2; 8])));
        let mut h = Hellos::default();
        h.scan(&wire, false, false);
        assert_eq!(h.tls12_ticket, None);
        // An empty ticket is none (OpenSSL keeps none).
        let mut wire = record(CONTENT_HANDSHAKE, &tls12_server_hello(&[]));
        wire.extend(record(CONTENT_HANDSHAKE, &new_session_ticket(300, &[])));
        let mut h = Hellos::default();
        h.scan(&wire, false, false);
        assert_eq!(h.tls12_ticket, None);
        assert!(!h.wants(false));
        // A server's own ServerHello and ticket are not its to keep.
        let mut wire = record(CONTENT_HANDSHAKE, &tls12_server_hello(&[5; 32]));
        wire.extend(record(
            CONTENT_HANDSHAKE,
            &new_session_ticket(7200, &[6; 20]),
        ));
        let mut h = Hellos::default();
        h.scan(&wire, true, true);
        assert_eq!((h.tls12_ticket, h.server_session_id), (None, None));
    }

    #[test]
    fn hello_retry_request_is_skipped() {
        let mut hrr = vec![SERVER_HELLO, 0, 0, 34, 3, 3];
        hrr.extend(HRR_RANDOM);
        let mut sh = vec![SERVER_HELLO, 0, 0, 34, 3, 3];
        sh.extend([9; 32]);
        let mut wire = record(CONTENT_HANDSHAKE, &hrr);
        wire.extend(record(CONTENT_CCS, &[1]));
        wire.extend(record(CONTENT_HANDSHAKE, &sh));
        let mut h = Hellos::default();
        h.scan(&wire, false, false);
        assert_eq!(h.server_random, Some([9; 32]));
        assert!(h.retried);
    }

    #[test]
    fn encrypted_records_end_the_scan() {
        let mut h = Hellos::default();
        h.scan(&record(23, &[0; 40]), true, false);
        assert!(!h.wants(true));
        assert_eq!(h.client_random, None);
    }
}
