//! ALPN protocol lists in OpenSSL's wire format (each name prefixed by its
//! length byte), and `SSL_select_next_proto`'s choice.

#![forbid(unsafe_code)]

/// Splits a wire-format list; `None` when it is malformed (a zero length or
/// a name running past the end), which OpenSSL rejects too. An empty input
/// is an empty list (ALPN off).
pub fn parse_wire(wire: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    let mut rest = wire;
    while let Some((&n, tail)) = rest.split_first() {
        let n = usize::from(n);
        if n == 0 || tail.len() < n {
            return None;
        }
        out.push(tail[..n].to_vec());
        rest = &tail[n..];
    }
    Some(out)
}

/// OpenSSL's `SSL_select_next_proto` outcome.
#[derive(Debug, PartialEq, Eq)]
pub enum NextProto<'a> {
    /// `OPENSSL_NPN_NEGOTIATED`: the first of `server`'s names the client
    /// also lists (server preference).
    Negotiated(&'a [u8]),
    /// `OPENSSL_NPN_NO_OVERLAP`: the client's first name (OpenSSL's
    /// fallback for NPN), or nothing when the client list is empty/bad.
    NoOverlap(Option<&'a [u8]>),
}

/// `SSL_select_next_proto(out, outlen, server, client)`. Names are
/// returned as slices of the inputs, as OpenSSL points into them.
pub fn select_next_proto<'a>(server: &'a [u8], client: &'a [u8]) -> NextProto<'a> {
    let names = |wire: &'a [u8]| {
        let mut v = Vec::new();
        let mut rest = wire;
        while let Some((&n, tail)) = rest.split_first() {
            let n = usize::from(n);
            if n == 0 || tail.len() < n {
                break;
            }
            v.push(&tail[..n]);
            rest = &tail[n..];
        }
        v
    };
    let offered = names(client);
    for s in names(server) {
        if offered.contains(&s) {
            return NextProto::Negotiated(s);
        }
    }
    NextProto::NoOverlap(offered.first().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_lists() {
        assert_eq!(
            parse_wire(b"\x02h2\x08http/1.1"),
            Some(vec![b"h2".to_vec(), b"http/1.1".to_vec()])
        );
        assert_eq!(parse_wire(b""), Some(vec![]));
        assert_eq!(parse_wire(b"\x00"), None);
        assert_eq!(parse_wire(b"\x05h2"), None);
    }

    #[test]
    fn next_proto_prefers_server_order() {
        let server = b"\x08http/1.1\x02h2";
        assert_eq!(
            select_next_proto(server, b"\x02h2\x08http/1.1"),
            NextProto::Negotiated(b"http/1.1")
        );
        assert_eq!(
            select_next_proto(server, b"\x03foo\x03bar"),
            NextProto::NoOverlap(Some(b"foo"))
        );
        assert_eq!(select_next_proto(server, b""), NextProto::NoOverlap(None));
    }
}
