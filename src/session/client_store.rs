//! The client config's `ClientSessionStore`: OpenSSL clients resume only
//! the session the application set with `SSL_set_session`, so lookups read
//! the offered session of the connection being handshaken (`step`), and
//! what rustls saves goes to that connection's tickets. Server names are
//! ignored: the session, not the name, decides.

use super::step::with_current;
use pki_types::ServerName;
use rustls::NamedGroup;
use rustls::client::{ClientSessionStore, Tls12ClientSessionValue, Tls13ClientSessionValue};

#[derive(Debug)]
pub struct ClientStore;

impl ClientSessionStore for ClientStore {
    fn set_kx_hint(&self, _name: ServerName<'static>, group: NamedGroup) {
        with_current(|s| s.pool().set_kx_hint(group));
    }

    /// The group the offered session's server chose: its key share then
    /// goes first and the server needs no HelloRetryRequest.
    fn kx_hint(&self, _name: &ServerName<'_>) -> Option<NamedGroup> {
        with_current(|s| s.offered.as_ref()?.client_tickets()?.kx_hint()).flatten()
    }

    fn set_tls12_session(&self, _name: ServerName<'static>, value: Tls12ClientSessionValue) {
        with_current(|s| {
            s.pool().set_tls12(value);
            s.tls12_saved = true;
        });
    }

    fn tls12_session(&self, _name: &ServerName<'_>) -> Option<Tls12ClientSessionValue> {
        with_current(|s| s.offered.as_ref()?.client_tickets()?.tls12()).flatten()
    }

    /// rustls forgets a name's TLS 1.2 session after a TLS 1.3 handshake or
    /// a failed resumption; an OpenSSL session stays as the program left
    /// it, so there is nothing to do.
    fn remove_tls12_session(&self, _name: &ServerName<'static>) {}

    fn insert_tls13_ticket(&self, _name: ServerName<'static>, value: Tls13ClientSessionValue) {
        with_current(|s| {
            s.pool().push_tls13(value);
            s.new_tls13 += 1;
        });
    }

    fn take_tls13_ticket(&self, _name: &ServerName<'static>) -> Option<Tls13ClientSessionValue> {
        with_current(|s| {
            let tickets = s.offered.as_ref()?.client_tickets()?;
            let v = tickets.take_tls13();
            s.starved = v.is_none();
            v
        })
        .flatten()
    }
}
