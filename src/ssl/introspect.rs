//! What a connection can tell about its handshake beyond version and
//! cipher: hello randoms, the client's offered suites, signature schemes,
//! exported keying material, the cipher list as a C stack.

use super::Conn;
use super::hello::Hellos;
use super::records::Records;
use super::state::StateCell;
use crate::cipher::SslCipher;
use crate::cipher::stack::{same_list, stack_for};
use crate::observe::Observed;
use crate::stack::OpensslStack;
use rustls::SignatureScheme;
use std::sync::Arc;

/// The per-connection state behind the introspection calls (one field of
/// `Conn`, reset with it).
#[derive(Default)]
pub struct Introspect {
    pub(super) hello: Hellos,
    /// The handshake's records, read back for its Finished messages.
    pub(super) records: Records,
    pub(super) observed: Observed,
    pub(super) state: Arc<StateCell>,
    /// The last state an `SSL_CB_LOOP` reported.
    pub(super) last_loop: Option<u8>,
    /// The state a fatal failure happened in, when we know it better than
    /// our coarse state (see `state`).
    pub(super) failed_in: Option<u8>,
    /// The connection's certificates changed (or the choice was applied)
    /// since the handshake chose one (`Observed::own_cert`): the settings'
    /// current certificate is the current one again.
    pub(super) own_cert_superseded: bool,
    /// `SSL_get_ciphers`' stack: OpenSSL returns the same object until the
    /// list changes, and it lives as long as the `SSL`.
    ciphers: Option<(Vec<&'static SslCipher>, Arc<OpensslStack>)>,
    /// A server's ClientHello callbacks run in OpenSSL's order of its
    /// ClientHello processing: the client's version is recorded after the
    /// client hello callback, its cipher list after the ALPN callback.
    hide_version: bool,
    hide_suites: bool,
    /// A server's callbacks at the start of its handshake could provide a
    /// certificate (servername or certificate callback): OpenSSL's
    /// `is_tls13_capable` then lets a server without one negotiate TLS 1.3
    /// (which fails for want of a signature algorithm); otherwise it
    /// negotiates TLS 1.2 (which fails for want of a cipher).
    pub(super) certificate_callbacks: bool,
    /// `SSL_get0_raw_cipherlist`'s bytes, made when first asked.
    raw_ciphers: Vec<u8>,
}

impl std::fmt::Debug for Introspect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Introspect")
            .field("hello", &self.hello)
            .field("observed", &self.observed)
            .field("last_loop", &self.last_loop)
            .finish_non_exhaustive()
    }
}

impl Introspect {
    /// `watch`: a message callback is set (`Records::set_watch`).
    pub fn new(state: Arc<StateCell>, watch: bool) -> Self {
        let mut i = Introspect {
            state,
            ..Default::default()
        };
        i.records.set_watch(watch);
        i
    }

    /// A new handshake: what the old one learnt is gone (the cipher stack
    /// and the state cell stay).
    pub(super) fn reset(&mut self) {
        self.hello = Hellos::default();
        let watch = self.records.watched();
        self.records = Records::default();
        self.records.set_watch(watch);
        self.observed = Observed::default();
        self.own_cert_superseded = false;
        self.last_loop = None;
        self.failed_in = None;
        self.hide_version = false;
        self.hide_suites = false;
        self.certificate_callbacks = false;
    }

    /// A server's ClientHello is in and its callbacks are to run.
    pub(super) fn hello_callbacks_start(&mut self) {
        self.hide_version = true;
        self.hide_suites = true;
    }

    /// After the client hello callback.
    pub(super) fn publish_client_version(&mut self) {
        self.hide_version = false;
    }

    /// Before the certificate callback (and without callbacks).
    pub(super) fn publish_client_suites(&mut self) {
        self.hide_version = false;
        self.hide_suites = false;
    }

    /// What watches the bytes of one direction: the hello scanner (with
    /// the side we play) and the records' copier (until the handshake is
    /// done, unless a message callback watches); `None` for each once it
    /// has seen what it needs.
    pub(super) fn watch(
        &mut self,
        outgoing: bool,
        is_server: bool,
    ) -> (Option<(&mut Hellos, bool)>, Option<&mut Records>) {
        let scan = self
            .hello
            .wants(outgoing)
            .then_some((&mut self.hello, is_server));
        let copy = self.records.wants(outgoing);
        (scan, copy.then_some(&mut self.records))
    }

    /// The client's suites as far as they are recorded yet.
    pub(super) fn client_suites(&self) -> &[u16] {
        if self.hide_suites {
            &[]
        } else {
            &self.hello.client_suites
        }
    }
}

/// Cipher suites as a ClientHello lists them: two bytes each, big-endian
/// (`SSL_get0_raw_cipherlist`).
pub fn raw_cipher_bytes(suites: &[u16]) -> Vec<u8> {
    suites.iter().flat_map(|s| s.to_be_bytes()).collect()
}

/// Why `SSL_export_keying_material` failed.
#[derive(Debug, PartialEq, Eq)]
pub enum ExportError {
    /// No handshake yet: OpenSSL returns -1 without an error.
    NotReady,
    /// TLS 1.2 labels that would collide with the PRF's own uses.
    IllegalLabel,
    Other,
}

/// `SSL_get_client_ciphers`: server only, the offered suites (`offered`,
/// the client's order) we have, whatever our list; `None` unless a server
/// has seen a ClientHello.
pub fn client_ciphers(is_server: bool, offered: &[u16]) -> Option<Vec<&'static SslCipher>> {
    if !is_server || offered.is_empty() {
        return None;
    }
    Some(
        offered
            .iter()
            .filter_map(|id| crate::cipher::by_protocol_id(*id))
            .collect(),
    )
}

/// `SSL_get_shared_ciphers`: the offered suites that our list (`settings`)
/// has, in the client's order; `None` unless a server has seen a
/// ClientHello.
pub fn shared_ciphers(
    is_server: bool,
    offered: &[u16],
    settings: &crate::ctx::Settings,
) -> Option<Vec<&'static SslCipher>> {
    if !is_server || offered.is_empty() {
        return None;
    }
    let ours = settings.cipher_list();
    Some(
        offered
            .iter()
            .filter_map(|id| ours.iter().find(|c| u16::from(c.suite) == *id).copied())
            .collect(),
    )
}

impl Conn {
    /// `SSL_get_client_random`: all zero until the ClientHello went by.
    pub fn client_random(&self) -> [u8; 32] {
        self.intro.hello.client_random.unwrap_or_default()
    }

    pub fn server_random(&self) -> [u8; 32] {
        self.intro.hello.server_random.unwrap_or_default()
    }

    /// `SSL_get0_raw_cipherlist`: a server's received cipher suites as the
    /// ClientHello listed them, two bytes each; None on a client or before
    /// a ClientHello. The bytes stay until the next handshake or `SSL_free`.
    pub fn raw_cipher_list(&mut self) -> Option<&[u8]> {
        if !self.is_server || self.intro.hello.client_random.is_none() {
            return None;
        }
        // Made again each time: the suites can change with the next
        // handshake (SSL_clear), whatever their number.
        self.intro.raw_ciphers = raw_cipher_bytes(&self.intro.hello.client_suites);
        Some(&self.intro.raw_ciphers)
    }

    /// `SSL_get_secure_renegotiation_support`: the peer's hello showed
    /// RFC 5746 support (`Hellos::peer_renegotiation_info`).
    pub fn secure_renegotiation_support(&self) -> bool {
        self.intro.hello.peer_renegotiation_info
    }

    /// `SSL_client_version`: the ClientHello's legacy_version (0x0303 even
    /// for TLS 1.3), `TLS_ANY_VERSION` before one went by.
    pub fn client_version(&self) -> i32 {
        match self.intro.hello.client_version {
            Some(v) if !self.intro.hide_version => i32::from(v),
            _ => crate::abi::TLS_ANY_VERSION,
        }
    }

    /// The peer's signature_algorithms (`SSL_get_sigalgs`): a server's
    /// from the ClientHello; none on a client (a CertificateRequest's list
    /// is not read).
    pub fn peer_sigalgs(&self) -> &[u16] {
        if self.is_server {
            &self.intro.hello.client_sigalgs
        } else {
            &[]
        }
    }

    /// The peer's supported_groups (`SSL_get1_groups`): a server's from
    /// the ClientHello; none on a client.
    pub fn peer_groups(&self) -> &[u16] {
        if self.is_server {
            &self.intro.hello.client_groups
        } else {
            &[]
        }
    }

    /// `SSL_get_shared_group`'s list: the groups both sides have, in the
    /// client's order, or in ours with `SSL_OP_CIPHER_SERVER_PREFERENCE`
    /// (OpenSSL's `tls1_shared_group`); none on a client.
    pub fn shared_groups(&self) -> Vec<u16> {
        let ours: Vec<u16> = self
            .settings()
            .groups
            .iter()
            .map(|g| u16::from(g.name()))
            .collect();
        let theirs = self.peer_groups();
        if self.options & crate::abi::SSL_OP_CIPHER_SERVER_PREFERENCE != 0 {
            ours.into_iter().filter(|g| theirs.contains(g)).collect()
        } else {
            theirs
                .iter()
                .copied()
                .filter(|g| ours.contains(g))
                .collect()
        }
    }

    /// `SSL_get_shared_sigalgs`' list (`sigalgs::shared`): a server makes
    /// it, as OpenSSL's, after the certificate callback of a full
    /// handshake, so after a resumption there is none; answered once the
    /// handshake is done. A client's would come from the server's
    /// CertificateRequest, which rustls does not show: none.
    pub fn shared_sigalgs(&self) -> Vec<u16> {
        if !self.is_server || !self.handshake_done || self.session_reused() {
            return Vec::new();
        }
        let s = self.settings();
        crate::ctx::sigalgs::shared(
            self.peer_sigalgs(),
            &s.sigalgs,
            self.options & crate::abi::SSL_OP_CIPHER_SERVER_PREFERENCE != 0,
            super::check_chain::min_bits(s.security_level),
            self.version_in_progress() == Some(rustls::ProtocolVersion::TLSv1_3),
        )
    }

    /// No ClientHello has arrived (or been sent) yet.
    pub(super) fn intro_before_client_hello(&self) -> bool {
        self.intro.hello.client_random.is_none()
    }

    /// `SSL_get_client_ciphers` (see `client_ciphers`).
    pub fn client_ciphers(&self) -> Option<Vec<&'static SslCipher>> {
        client_ciphers(self.is_server, self.intro.client_suites())
    }

    /// `SSL_get_shared_ciphers` (see `shared_ciphers`).
    pub fn shared_ciphers(&self) -> Option<Vec<&'static SslCipher>> {
        shared_ciphers(self.is_server, self.intro.client_suites(), self.settings())
    }

    /// `SSL_get_ciphers`: the context's own stack while this connection
    /// has the context's list (OpenSSL copies it only when the connection
    /// sets its own).
    pub fn ciphers(&mut self) -> Arc<OpensslStack> {
        let list = self.settings().cipher_list();
        if same_list(&list, &self.ctx.settings().cipher_list()) {
            return self.ctx.ciphers();
        }
        stack_for(&mut self.intro.ciphers, list)
    }

    /// The scheme of the peer's handshake signature, once verified.
    pub fn peer_signature_scheme(&self) -> Option<SignatureScheme> {
        self.intro.observed.peer_scheme
    }

    /// The scheme we signed our handshake with.
    pub fn own_signature_scheme(&self) -> Option<SignatureScheme> {
        self.intro.observed.own_scheme
    }

    /// `SSL_export_keying_material` (RFC 5705 / RFC 8446 7.5).
    pub fn export_keying_material(
        &self,
        out: &mut [u8],
        label: &[u8],
        context: Option<&[u8]>,
    ) -> Result<(), ExportError> {
        let Some(tls) = self.tls.as_ref().filter(|_| self.handshake_done) else {
            return Err(ExportError::NotReady);
        };
        // OpenSSL refuses, for TLS 1.2, the labels the PRF itself uses.
        const RESERVED: [&[u8]; 4] = [
            b"client finished",
            b"server finished",
            b"master secret",
            b"key expansion",
        ];
        if tls.protocol_version() == Some(rustls::ProtocolVersion::TLSv1_2)
            && RESERVED.iter().any(|r| label.starts_with(r))
        {
            return Err(ExportError::IllegalLabel);
        }
        tls.export_keying_material(out, label, context)
            .map(|_| ())
            .map_err(|e| {
                log::debug!("export_keying_material: {e}");
                ExportError::Other
            })
    }
}
