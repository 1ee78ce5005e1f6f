//! The ClientHello as `SSL_client_hello_get0_*` shows it, parsed from the
//! bytes the server read before rustls accepted it (rustls exposes only a
//! few parsed fields; OpenSSL's accessors give the raw ones).

/// The fields of a ClientHello, raw, as OpenSSL's accessors return them.
#[derive(Debug, Default, Clone)]
pub struct ClientHelloInfo {
    pub legacy_version: u16,
    pub random: [u8; 32],
    pub session_id: Vec<u8>,
    /// Cipher suite ids, two bytes each, as on the wire.
    pub ciphers: Vec<u8>,
    pub compression: Vec<u8>,
    /// (type, body) in the order the client sent them.
    pub extensions: Vec<(u16, Vec<u8>)>,
}

impl ClientHelloInfo {
    pub fn extension(&self, ty: u16) -> Option<&[u8]> {
        self.extensions
            .iter()
            .find(|(t, _)| *t == ty)
            .map(|(_, b)| b.as_slice())
    }
}

/// The TLS extension numbers we look at.
pub const EXT_STATUS_REQUEST: u16 = 5;

/// Reassembles the first handshake message from plaintext records and
/// parses it; `None` when the bytes are not (yet) a whole ClientHello.
pub fn parse(records: &[u8]) -> Option<ClientHelloInfo> {
    let mut msg = Vec::new();
    let mut rest = records;
    while rest.len() >= 5 {
        let len = usize::from(u16::from_be_bytes([rest[3], rest[4]]));
        if rest[0] != 22 || rest.len() < 5 + len {
            break;
        }
        msg.extend_from_slice(&rest[5..5 + len]);
        rest = &rest[5 + len..];
    }
    let mut r = Reader(&msg);
    if r.u8()? != 1 {
        return None;
    }
    let body_len = r.u24()?;
    let mut r = Reader(r.take(body_len)?);
    let mut ch = ClientHelloInfo {
        legacy_version: r.u16()?,
        ..Default::default()
    };
    ch.random.copy_from_slice(r.take(32)?);
    let n = usize::from(r.u8()?);
    ch.session_id = r.take(n)?.to_vec();
    let n = usize::from(r.u16()?);
    ch.ciphers = r.take(n)?.to_vec();
    let n = usize::from(r.u8()?);
    ch.compression = r.take(n)?.to_vec();
    if r.0.is_empty() {
        return Some(ch);
    }
    let n = usize::from(r.u16()?);
    let mut e = Reader(r.take(n)?);
    while !e.0.is_empty() {
        let ty = e.u16()?;
        let n = usize::from(e.u16()?);
        ch.extensions.push((ty, e.take(n)?.to_vec()));
    }
    Some(ch)
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u16(&mut self) -> Option<u16> {
        let b = self.take(2)?;
        Some(u16::from_be_bytes([b[0], b[1]]))
    }
    fn u24(&mut self) -> Option<usize> {
        let b = self.take(3)?;
        Some(usize::from(b[0]) << 16 | usize::from(b[1]) << 8 | usize::from(b[2]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(body: &[u8]) -> Vec<u8> {
        let mut hs = vec![1, 0, (body.len() >> 8) as u8, body.len() as u8];
        hs.extend_from_slice(body);
        let mut rec = vec![22, 3, 1, (hs.len() >> 8) as u8, hs.len() as u8];
        rec.extend_from_slice(&hs);
        rec
    }

    #[test]
    fn parses_fields_and_extensions_split_over_records() {
        let mut body = vec![3, 3];
        body.extend_from_slice(&[7; 32]);
        body.extend_from_slice(&[2, 0xaa, 0xbb]); // session id
        body.extend_from_slice(&[0, 4, 0x13, 0x01, 0x13, 0x02]); // ciphers
        body.extend_from_slice(&[1, 0]); // compression
        body.extend_from_slice(&[0, 9, 0, 0, 0, 1, 0x55, 0, 5, 0, 0]);
        let whole = record(&body);
        let ch = parse(&whole).expect("parsed");
        assert_eq!(ch.legacy_version, 0x0303);
        assert_eq!(ch.random, [7; 32]);
        assert_eq!(ch.session_id, vec![0xaa, 0xbb]);
        assert_eq!(ch.ciphers, vec![0x13, 0x01, 0x13, 0x02]);
        assert_eq!(ch.extensions, vec![(0, vec![0x55]), (5, vec![])]);
        assert!(ch.extension(EXT_STATUS_REQUEST).is_some());
        // The same handshake message fragmented over two records.
        let hs = &whole[5..];
        let mut two = vec![22, 3, 1, 0, 10];
        two.extend_from_slice(&hs[..10]);
        two.extend_from_slice(&[22, 3, 1, 0, (hs.len() - 10) as u8]);
        two.extend_from_slice(&hs[10..]);
        assert_eq!(parse(&two).expect("parsed").extensions.len(), 2);
        // Truncated: not a ClientHello yet.
        assert!(parse(&whole[..whole.len() - 3]).is_none());
    }
}
