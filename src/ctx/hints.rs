//! Per-context values a connection inherits at `SSL_new` that change
//! nothing rustls does, recorded so their getters answer as OpenSSL's.

/// `SSL_CTX_set_read_ahead`, the default password callback and its
/// argument, post-handshake authentication.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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
}
