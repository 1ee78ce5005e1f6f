//! The server config's session store and ticketer, with OpenSSL's rules.
//!
//! `ServerStore` is what rustls stores TLS 1.2 session ids and (with
//! `SSL_OP_NO_TICKET`) TLS 1.3 stateful tickets in. It records what rustls
//! stores in the connection's `step` (the connection then makes the session
//! objects, fills the cache and calls `new_session_cb`), and looks sessions
//! up as OpenSSL does: the internal cache unless
//! `SSL_SESS_CACHE_NO_INTERNAL_LOOKUP`, then `get_session_cb`; a session
//! found must carry the connection's session id context and not be expired.
//!
//! `TicketWrap` seals stateless tickets with the context's rustls ticketer
//! and adds what OpenSSL checks on resumption (time, timeout, session id
//! context) in front of rustls's value.
//!
//! On a resumed TLS 1.3 connection OpenSSL sends one new ticket, not
//! `num_tickets`: both refuse a second one there (rustls then sends none).

use super::step::{TicketMeta, with_current};
use super::{Secret, now};
use crate::abi::{SSL_SESS_CACHE_NO_INTERNAL_LOOKUP, SSL_SESS_CACHE_NO_INTERNAL_STORE};
use rustls::server::{ProducesTickets, StoresServerSessions};
use std::sync::Arc;

#[derive(Debug)]
pub struct ServerStore;

/// Whether another ticket may go out on this connection.
fn may_issue(resumed: bool, sent: usize) -> bool {
    !resumed || sent == 0
}

impl StoresServerSessions for ServerStore {
    fn put(&self, key: Vec<u8>, value: Vec<u8>) -> bool {
        with_current(|s| {
            if !may_issue(s.resumed, s.tickets_sent) {
                return false;
            }
            s.tickets_sent += 1;
            s.puts.push((key, value));
            true
        })
        .unwrap_or(false)
    }

    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        lookup(key)
    }

    /// OpenSSL keeps a TLS 1.3 stateful session cached after use (it
    /// removes it only for early-data anti-replay, which we never accept).
    fn take(&self, key: &[u8]) -> Option<Vec<u8>> {
        lookup(key)
    }

    fn can_cache(&self) -> bool {
        true
    }
}

/// OpenSSL's `lookup_sess_in_cache` + the checks of `ssl_get_prev_session`.
fn lookup(id: &[u8]) -> Option<Vec<u8>> {
    let (ctx, ssl, sid_ctx) = with_current(|s| (s.ctx.clone(), s.ssl, s.sid_ctx))?;
    let mode = ctx.cache_mode();
    let cache = ctx.sessions();
    let mut found = None;
    if mode & i64::from(SSL_SESS_CACHE_NO_INTERNAL_LOOKUP) == 0 {
        found = cache.get(id);
        if found.is_none() {
            cache.stats.miss.inc();
        }
    }
    if found.is_none() {
        // No lock of ours is held while the application runs.
        if let Some(Some(s)) = ctx.external_lookup(ssl, id) {
            cache.stats.cb_hit.inc();
            if mode & i64::from(SSL_SESS_CACHE_NO_INTERNAL_STORE) == 0 {
                let (_, evicted) = cache.add(&s);
                with_current(|st| st.removed.extend(evicted));
            }
            found = Some(s);
        }
    }
    let s = found?;
    let Secret::Server(value) = s.secret() else {
        return None;
    };
    let (same_ctx, expired) = {
        let m = s.meta();
        (m.sid_ctx.as_slice() == sid_ctx.as_slice(), m.expired(now()))
    };
    if !same_ctx {
        log::debug!("session found for another session id context: not resumed");
        return None;
    }
    if with_current(|st| st.refuse_without_sid_ctx()).unwrap_or(false) {
        return None;
    }
    if expired {
        cache.stats.timeout.inc();
        if cache.remove(&s).is_some() {
            with_current(|st| st.removed.push(s.clone()));
        }
        return None;
    }
    with_current(|st| {
        st.resumed = true;
        st.resumed_from = Some(s);
    });
    Some(value)
}

/// Ticket plaintext: a version byte, time (8), timeout (8), session id
/// context (length byte + bytes), then rustls's value.
const TICKET_FORMAT: u8 = 1;

fn seal_header(time: i64, timeout: i64, sid_ctx: &[u8], value_len: usize) -> Vec<u8> {
    // Room for the value that follows: one allocation per ticket.
    let mut h = Vec::with_capacity(18 + sid_ctx.len() + value_len);
    h.push(TICKET_FORMAT);
    h.extend_from_slice(&time.to_be_bytes());
    h.extend_from_slice(&timeout.to_be_bytes());
    h.push(sid_ctx.len() as u8);
    h.extend_from_slice(sid_ctx);
    h
}

/// (time, timeout, sid_ctx, value)
fn open_header(b: &[u8]) -> Option<(i64, i64, &[u8], &[u8])> {
    let (&fmt, rest) = b.split_first()?;
    if fmt != TICKET_FORMAT {
        return None;
    }
    let (time, rest) = rest.split_first_chunk::<8>()?;
    let (timeout, rest) = rest.split_first_chunk::<8>()?;
    let (&n, rest) = rest.split_first()?;
    let (ctx, value) = rest.split_at_checked(usize::from(n))?;
    Some((
        i64::from_be_bytes(*time),
        i64::from_be_bytes(*timeout),
        ctx,
        value,
    ))
}

/// The context's rustls ticketer (shared by its configs, so tickets outlive
/// a settings change) with OpenSSL's checks around it. rustls rotates its
/// ticket key every 6 hours and decrypts with the previous one only, so a
/// ticket stops resuming after 6 to 12 hours whatever the timeout says.
#[derive(Debug)]
pub struct TicketWrap {
    pub inner: Arc<dyn ProducesTickets>,
    /// The context's session timeout: the lifetime hint we send.
    pub lifetime: u32,
}

impl ProducesTickets for TicketWrap {
    fn enabled(&self) -> bool {
        self.inner.enabled()
    }

    fn lifetime(&self) -> u32 {
        self.lifetime
    }

    fn encrypt(&self, plain: &[u8]) -> Option<Vec<u8>> {
        let mut sealed = with_current(|s| {
            if !may_issue(s.resumed, s.tickets_sent) {
                return None;
            }
            s.tickets_sent += 1;
            s.issued.push(plain.to_vec());
            Some(seal_header(
                now(),
                s.timeout,
                s.sid_ctx.as_slice(),
                plain.len(),
            ))
        })??;
        sealed.extend_from_slice(plain);
        self.inner.encrypt(&sealed)
    }

    fn decrypt(&self, cipher: &[u8]) -> Option<Vec<u8>> {
        let mut opened = self.inner.decrypt(cipher)?;
        let (time, timeout, sid_ctx, value) = open_header(&opened)?;
        let value_at = opened.len() - value.len();
        let resumed = with_current(|s| {
            if sid_ctx != s.sid_ctx.as_slice() {
                log::debug!("ticket for another session id context: not resumed");
                return None;
            }
            if s.refuse_without_sid_ctx() {
                return None;
            }
            if time.saturating_add(timeout) < now() {
                s.ctx.sessions().stats.timeout.inc();
                return None;
            }
            s.resumed = true;
            s.resumed_ticket = Some(TicketMeta {
                time,
                timeout,
                value: value.to_vec(),
            });
            Some(())
        })?;
        // rustls gets the value in the buffer it was opened in.
        resumed.map(|()| {
            opened.drain(..value_at);
            opened
        })
    }
}

/// The program's ticket key callback (`SSL_CTX_set_tlsext_ticket_key_evp_cb`
/// and its HMAC_CTX predecessor), which seals and opens tickets in
/// OpenSSL's format with keys the program shares across servers and
/// restarts. `ssl` is the `SSL *` the callback gets.
pub trait TicketKeys: Send + Sync + std::fmt::Debug {
    /// The ticket for `plain`, or None when the callback issues none.
    fn seal(&self, ssl: usize, plain: &[u8]) -> Option<Vec<u8>>;
    /// What `ticket` holds, or None when the callback does not know its
    /// key or it does not authenticate.
    fn open(&self, ssl: usize, ticket: &[u8]) -> Option<Vec<u8>>;
}

/// rustls's ticketer over the program's callback: called for the
/// connection whose step is current (`TicketWrap` adds OpenSSL's checks).
#[derive(Debug)]
pub struct ProgramTickets(pub Arc<dyn TicketKeys>);

impl ProducesTickets for ProgramTickets {
    fn enabled(&self) -> bool {
        true
    }

    fn lifetime(&self) -> u32 {
        // TicketWrap reports the context's lifetime.
        0
    }

    fn encrypt(&self, plain: &[u8]) -> Option<Vec<u8>> {
        let ssl = with_current(|s| s.ssl)?;
        self.0.seal(ssl, plain)
    }

    fn decrypt(&self, cipher: &[u8]) -> Option<Vec<u8>> {
        let ssl = with_current(|s| s.ssl)?;
        self.0.open(ssl, cipher)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_header_round_trip() {
        let mut b = seal_header(1_700_000_000, 7200, b"ctx", 0);
        b.extend_from_slice(b"value");
        assert_eq!(
            open_header(&b),
            Some((1_700_000_000, 7200, &b"ctx"[..], &b"value"[..]))
        );
        assert_eq!(open_header(&b[..10]), None);
        b[0] = 9;
        assert_eq!(open_header(&b), None);
    }

    #[test]
    fn one_ticket_on_resumption() {
        assert!(may_issue(false, 5));
        assert!(may_issue(true, 0));
        assert!(!may_issue(true, 1));
    }
}
