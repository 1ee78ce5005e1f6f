//! The ClientHello as `SSL_client_hello_get0_*` shows it, parsed from the
//! bytes the server read before rustls accepted it (rustls exposes only a
//! few parsed fields; OpenSSL's accessors give the raw ones).

use std::ops::Range;

/// The fields of a ClientHello, raw, as OpenSSL's accessors return them:
/// the message is kept once and the fields are ranges of it (parsing into
/// a buffer per field and per extension cost a server about 15
/// allocations per connection).
#[derive(Debug, Default, Clone)]
pub struct ClientHelloInfo {
    pub legacy_version: u16,
    pub random: [u8; 32],
    /// The handshake message's body.
    msg: Vec<u8>,
    session_id: Range<usize>,
    /// Cipher suite ids, two bytes each, as on the wire.
    ciphers: Range<usize>,
    compression: Range<usize>,
    /// (type, body) in the order the client sent them.
    extensions: Vec<(u16, Range<usize>)>,
}

impl ClientHelloInfo {
    pub fn session_id(&self) -> &[u8] {
        &self.msg[self.session_id.clone()]
    }

    pub fn ciphers(&self) -> &[u8] {
        &self.msg[self.ciphers.clone()]
    }

    pub fn compression(&self) -> &[u8] {
        &self.msg[self.compression.clone()]
    }

    /// The extension types in the order received.
    pub fn extension_types(&self) -> impl ExactSizeIterator<Item = u16> + '_ {
        self.extensions.iter().map(|(t, _)| *t)
    }

    pub fn extension(&self, ty: u16) -> Option<&[u8]> {
        self.extensions
            .iter()
            .find(|(t, _)| *t == ty)
            .map(|(_, r)| &self.msg[r.clone()])
    }
}

/// The TLS extension numbers we look at.
pub const EXT_STATUS_REQUEST: u16 = 5;

/// Reassembles the first handshake message from plaintext records and
/// parses it; `None` when the bytes are not (yet) a whole ClientHello.
pub fn parse(records: &[u8]) -> Option<ClientHelloInfo> {
    let mut pieces = Vec::new();
    let mut rest = records;
    while rest.len() >= 5 {
        let len = usize::from(u16::from_be_bytes([rest[3], rest[4]]));
        if rest[0] != 22 || rest.len() < 5 + len {
            break;
        }
        pieces.push(&rest[5..5 + len]);
        rest = &rest[5 + len..];
    }
    let whole: Vec<u8>;
    let mut r = match pieces.as_slice() {
        [one] => Reader::new(one),
        _ => {
            whole = pieces.concat();
            Reader::new(&whole)
        }
    };
    if r.u8()? != 1 {
        return None;
    }
    let body_len = r.u24()?;
    let body = r.take(body_len)?;
    let mut r = Reader::new(body);
    let mut ch = ClientHelloInfo {
        legacy_version: r.u16()?,
        ..Default::default()
    };
    ch.random.copy_from_slice(r.take(32)?);
    let n = usize::from(r.u8()?);
    ch.session_id = r.range(n)?;
    let n = usize::from(r.u16()?);
    ch.ciphers = r.range(n)?;
    let n = usize::from(r.u8()?);
    ch.compression = r.range(n)?;
    if !r.rest().is_empty() {
        let n = usize::from(r.u16()?);
        let end = r.pos + n;
        if end > body.len() {
            return None;
        }
        while r.pos < end {
            let ty = r.u16()?;
            let n = usize::from(r.u16()?);
            if r.pos + n > end {
                return None;
            }
            ch.extensions.push((ty, r.range(n)?));
        }
    }
    ch.msg = body.to_vec();
    Some(ch)
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }
    fn rest(&self) -> &'a [u8] {
        &self.buf[self.pos..]
    }
    /// The next `n` bytes as a range of the buffer.
    fn range(&mut self, n: usize) -> Option<Range<usize>> {
        if self.buf.len() - self.pos < n {
            return None;
        }
        let r = self.pos..self.pos + n;
        self.pos += n;
        Some(r)
    }
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let r = self.range(n)?;
        Some(&self.buf[r])
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
        assert_eq!(ch.session_id(), [0xaa, 0xbb]);
        assert_eq!(ch.ciphers(), [0x13, 0x01, 0x13, 0x02]);
        assert_eq!(ch.compression(), [0]);
        assert_eq!(ch.extension_types().collect::<Vec<_>>(), [0, 5]);
        assert_eq!(ch.extension(0), Some(&[0x55][..]));
        assert_eq!(ch.extension(5), Some(&[][..]));
        assert!(ch.extension(EXT_STATUS_REQUEST).is_some());
        // The same handshake message fragmented over two records.
        let hs = &whole[5..];
        let mut two = vec![22, 3, 1, 0, 10];
        two.extend_from_slice(&hs[..10]);
        two.extend_from_slice(&[22, 3, 1, 0, (hs.len() - 10) as u8]);
        two.extend_from_slice(&hs[10..]);
        let ch2 = parse(&two).expect("parsed");
        assert_eq!(ch2.extension_types().len(), 2);
        assert_eq!(ch2.ciphers(), [0x13, 0x01, 0x13, 0x02]);
        // Truncated: not a ClientHello yet.
        assert!(parse(&whole[..whole.len() - 3]).is_none());
    }
}
