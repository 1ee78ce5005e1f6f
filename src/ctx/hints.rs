//! Per-context values a connection inherits at `SSL_new` that change
//! nothing rustls does, recorded so their getters answer as OpenSSL's.

/// OpenSSL's default certificate list limit (`SSL_MAX_CERT_LIST_DEFAULT`).
const MAX_CERT_LIST_DEFAULT: usize = 100 * 1024;

/// `SSL_CTX_set_read_ahead`, the default password callback and its
/// argument, post-handshake authentication, the certificate list limit and
/// the pipeline count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hints {
    /// OpenSSL reads ahead into its buffer when set; we read record by
    /// record either way, which a program cannot tell apart.
    pub read_ahead: bool,
    /// `pem_password_cb *` and its `void *` argument, as addresses C knows
    /// (0 for none); the drop-in flavour's key-file reader passes them to
    /// libcrypto, which calls the callback for an encrypted PEM key.
    pub passwd_cb: usize,
    pub passwd_userdata: usize,
    /// `SSL_CTX_set_post_handshake_auth`: rustls cannot do it, so only 0
    /// is accepted silently (see the ffi entry points).
    pub post_handshake_auth: bool,
    /// `SSL_CTX_set_max_cert_list`: OpenSSL's limit on a peer's
    /// certificate message; rustls applies its own (64 KiB per handshake
    /// message).
    pub max_cert_list: usize,
    /// `SSL_CTX_set_max_pipelines`: rustls encrypts one record at a time.
    /// More than one switches read-ahead on, as in OpenSSL.
    pub max_pipelines: u8,
    /// `SSL_CTX_set_msg_callback_arg`'s `void *`, as an address C knows:
    /// the message callback's last argument.
    pub msg_arg: usize,
}

impl Default for Hints {
    fn default() -> Self {
        Hints {
            read_ahead: false,
            passwd_cb: 0,
            passwd_userdata: 0,
            post_handshake_auth: false,
            max_cert_list: MAX_CERT_LIST_DEFAULT,
            max_pipelines: 0,
            msg_arg: 0,
        }
    }
}

impl Hints {
    /// A new connection's copy: OpenSSL's `SSL_new` turns read-ahead on
    /// for a context with pipelines.
    pub fn for_connection(self) -> Hints {
        Hints {
            read_ahead: self.read_ahead || self.max_pipelines > 1,
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipelines_switch_read_ahead_on_for_new_connections() {
        let mut h = Hints::default();
        assert_eq!(h.max_cert_list, 102_400);
        assert!(!h.for_connection().read_ahead);
        h.max_pipelines = 1;
        assert!(!h.for_connection().read_ahead);
        h.max_pipelines = 2;
        assert!(h.for_connection().read_ahead);
        assert!(!h.read_ahead);
    }
}
