//! `SSL_dup` of a connection that has not started: a new `SSL` on the same
//! context with what OpenSSL 3.0's `SSL_dup` copies (ssl_lib.c): the
//! method, the settings its `cert` and cipher lists carry (certificate
//! and key, cipher lists, client CA list, version bounds, signature
//! algorithms), the session (or the session id context), options, mode,
//! verification mode, depth, callback and host names, the info and
//! certificate callbacks, ex_data, role and shutdown state, the CA list.
//! Not copied, as in OpenSSL: the BIOs, the server name to send, the ALPN
//! protocols, the OCSP request type.

use super::{Conn, Ssl};

impl Ssl {
    /// Copies `from`'s settings into this new connection.
    pub fn copy_settings_from(&self, from: &Ssl) {
        {
            let src = from.lock();
            let mut dst = self.lock();
            dst.copy_settings(&src);
        }
        self.ex_data.copy_from(&from.ex_data);
        if let Some(l) = from.inert.ca_list() {
            // A copy of the names on a stack of its own, as dup_ca_names.
            let names = crate::x509::NameList::of(l.names().to_vec());
            self.inert.set_ca_list(Some(std::sync::Arc::new(names)));
        }
    }
}

impl Conn {
    fn copy_settings(&mut self, s: &Conn) {
        if let Some(role) = s.role {
            self.set_role(role);
        }
        self.is_server = s.is_server;
        self.shutdown = s.shutdown;
        self.method = s.method;
        self.settings = s.settings.clone();
        self.options = s.options;
        self.mode = s.mode;
        self.hints = s.hints;
        self.info_cb = s.info_cb.clone();
        self.set_msg_callback(s.msg_cb.clone());
        self.cert_cb = s.cert_cb;
        match s.sessions.current() {
            Some(sess) => self.sessions.set_session(Some(sess.clone())),
            None => {
                self.sessions.set_sid_ctx(s.sessions.sid_ctx());
            }
        }
        let (params, cb) =
            crate::verify::session::with(&s.verify, |v| (v.params.clone(), v.verify_cb.clone()));
        crate::verify::session::with(&self.verify, |v| {
            // X509_VERIFY_PARAM_inherit: the host names when the new
            // connection has none (it has its context's otherwise).
            let hosts = std::mem::take(&mut v.params.hosts);
            let ip = v.params.ip.take();
            v.params = params;
            if !hosts.is_empty() || ip.is_some() {
                v.params.hosts = hosts;
                v.params.ip = ip;
            }
            v.verify_cb = cb;
        });
    }
}
