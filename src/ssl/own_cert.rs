//! The connection's own certificates (`SSL_use_certificate`,
//! `SSL_get_certificate`, `SSL_set_current_cert`...): the settings'
//! `OwnCerts`, except that OpenSSL makes the certificate a handshake chose
//! (`ctx::cert_choice`, recorded by the certificate resolvers in
//! `Observed::own_cert`) the connection's current one. That is applied
//! lazily: the settings snapshot (and the context's cached config with
//! it) is forked only when the connection changes its certificates, or
//! starts a new handshake, with the choice differing from the current one.

use super::Conn;
use crate::ctx::{OwnCerts, SetCurrent};
use std::borrow::Cow;

impl Conn {
    /// The handshake's choice, while it is still the current certificate
    /// (no resumption: OpenSSL then chooses nothing).
    fn chosen_current(&self) -> Option<usize> {
        let chosen = self.intro.observed.own_cert?;
        (!self.intro.own_cert_superseded && !self.session_reused()).then_some(chosen)
    }

    /// The current certificate's slot.
    pub fn own_cert_current(&self) -> usize {
        self.chosen_current()
            .unwrap_or_else(|| self.settings().cert.current_index())
    }

    /// The certificates as the getters see them.
    pub fn own_certs(&self) -> Cow<'_, OwnCerts> {
        let certs = &self.settings().cert;
        match self.chosen_current() {
            Some(i) if i != certs.current_index() => {
                let mut c = certs.clone();
                c.make_current(i);
                Cow::Owned(c)
            }
            _ => Cow::Borrowed(certs),
        }
    }

    /// Makes the handshake's choice the settings' current certificate,
    /// forking them only if it differs.
    pub(super) fn apply_own_cert(&mut self) {
        if let Some(i) = self.chosen_current() {
            if i != self.settings().cert.current_index() {
                self.settings_mut().cert.make_current(i);
            }
            self.intro.own_cert_superseded = true;
        }
    }

    /// For changes (this connection's own copy from now on).
    pub fn own_certs_mut(&mut self) -> &mut OwnCerts {
        self.apply_own_cert();
        &mut self.settings_mut().cert
    }

    /// `SSL_set_current_cert`: `SSL_CERT_SET_SERVER` goes back to the
    /// certificate the handshake chose (a server's, once one was); FIRST
    /// and NEXT walk the slots from the current one.
    pub fn set_current_cert(&mut self, op: Option<SetCurrent>) -> bool {
        match op {
            Some(op) => {
                let mut probe = self.own_certs().into_owned();
                if !probe.set_current(op) {
                    return false;
                }
                let i = probe.current_index();
                self.own_certs_mut().make_current(i);
                true
            }
            None => {
                let chose = self.is_server && !self.session_reused();
                let Some(i) = self.intro.observed.own_cert.filter(|_| chose) else {
                    return false;
                };
                if self.own_certs().current_index() != i {
                    self.own_certs_mut().make_current(i);
                }
                true
            }
        }
    }

    /// `SSL_select_current_cert`.
    pub fn select_current_cert(&mut self, der: &[u8]) -> bool {
        let mut probe = self.own_certs().into_owned();
        if !probe.select(der) {
            return false;
        }
        let i = probe.current_index();
        if self.own_certs().current_index() != i {
            self.own_certs_mut().make_current(i);
        }
        true
    }
}
