//! What OpenSSL shows of a server session that lives inside rustls's
//! encoded `ServerSessionValue` (rustls's `msgs/persist.rs` codec): an
//! optional SNI (flag, u8-length name), version (u16), suite (u16), the
//! secret (u8 length), then the extended-master-secret flag (u8), then
//! fields we never read.
//!
//! The secret is OpenSSL's `master_key`: the TLS 1.2 master secret, or the
//! TLS 1.3 ticket's resumption PSK (both libraries store the PSK derived
//! for the ticket, not the resumption master secret). Client sessions have
//! no such value: rustls keeps their secrets sealed.

/// OpenSSL's `TLS13_MAX_RESUMPTION_PSK_LENGTH`: the largest master key.
pub const MAX_MASTER_KEY: usize = 64;

/// The parts of a server session value OpenSSL prints.
#[derive(Debug, PartialEq, Eq)]
pub struct ValueFacts<'a> {
    pub secret: &'a [u8],
    /// `SSL_SESS_FLAG_EXTMS`: the TLS 1.2 handshake used the extended
    /// master secret (rustls writes false for TLS 1.3, as OpenSSL's flag).
    pub extended_ms: bool,
}

/// `None` when the layout is not what we expect.
pub fn parse(value: &[u8]) -> Option<ValueFacts<'_>> {
    let (&has_sni, mut rest) = value.split_first()?;
    if has_sni == 1 {
        let (&n, r) = rest.split_first()?;
        rest = r.get(usize::from(n)..)?;
    } else if has_sni != 0 {
        return None;
    }
    let rest = rest.get(4..)?;
    let (&n, rest) = rest.split_first()?;
    let (secret, rest) = rest.split_at_checked(usize::from(n))?;
    if secret.len() > MAX_MASTER_KEY {
        return None;
    }
    let extended_ms = rest.first().is_some_and(|&b| b == 1);
    Some(ValueFacts {
        secret,
        extended_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_secret_and_ems_past_the_sni() {
        let mut v = vec![
            1, 3, b'a', b'.', b'b', 0x03, 0x03, 0xC0, 0x2C, 2, 0xAA, 0xBB, 1,
        ];
        v.extend_from_slice(b"more");
        assert_eq!(
            parse(&v),
            Some(ValueFacts {
                secret: &[0xAA, 0xBB],
                extended_ms: true
            })
        );
        v[12] = 0;
        assert!(!parse(&v).unwrap().extended_ms);
        assert_eq!(parse(&[2, 0]), None);
        assert_eq!(parse(&[0, 3, 3, 0xC0]), None);
    }
}
