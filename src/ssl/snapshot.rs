//! What a callback may ask about its own connection while the connection is
//! busy (locked by the call that ran the callback: a verify callback runs
//! inside rustls's processing). OpenSSL lets a program call its queries on
//! the same `SSL` there; ours answer from this copy, which the connection
//! refreshes at each step boundary while it handshakes (each time a call
//! that changed it releases it, and before rustls processes what
//! arrived), in place, reusing the copy's buffers. Once the
//! handshake is done only the session can change (a TLS 1.3 client's
//! tickets arrive later), so the data path does no work for the copy beyond
//! one comparison.

#![forbid(unsafe_code)]

use super::Conn;
use crate::bio::BioRef;
use crate::cipher::SslCipher;
use crate::session::SslSession;
use std::ffi::CString;
use std::sync::{Arc, Mutex, MutexGuard};

/// The answers a busy connection gives.
#[derive(Clone, Default)]
pub struct Facts {
    pub is_server: bool,
    pub servername: Option<CString>,
    /// OpenSSL's version number once negotiated, else the method's.
    pub version: i32,
    pub cipher: Option<&'static SslCipher>,
    pub alpn: Option<Vec<u8>>,
    pub session: Option<Arc<SslSession>>,
    pub reused: bool,
    pub options: u64,
    pub mode: u64,
    pub rbio: Option<BioRef>,
    pub wbio: Option<BioRef>,
    pub shutdown: i32,
    pub quiet_shutdown: bool,
    pub in_init: bool,
    /// `SSL_set_tlsext_status_type`'s.
    pub status_type: Option<i32>,
    /// What the hellos told (`introspect`): randoms, the ClientHello's
    /// version and suites (server), the signature schemes and the group.
    pub client_random: [u8; 32],
    pub server_random: [u8; 32],
    pub client_version: i32,
    pub client_suites: Vec<u16>,
    /// `SSL_get0_raw_cipherlist`'s bytes from a callback (made when asked).
    pub raw_ciphers: Vec<u8>,
    pub peer_renegotiation_info: bool,
    pub peer_scheme: Option<rustls::SignatureScheme>,
    pub own_scheme: Option<rustls::SignatureScheme>,
    pub group: Option<rustls::NamedGroup>,
    /// The verify_data of the Finished messages sent and received.
    pub finished: Vec<u8>,
    pub peer_finished: Vec<u8>,
    /// `SSL_set_info_callback`'s (the connection's own).
    pub info_cb: Option<crate::callbacks::InfoCallbackRef>,
    pub hints: crate::ctx::Hints,
    pub in_before: bool,
    pub init_finished: bool,
    /// The connection's settings (its own or its context's), for the
    /// getters that read them and the setters that change a copy.
    pub settings: SettingsRef,
}

/// The connection's settings as the copy holds them. Before the first
/// refresh it is one shared empty `Settings`, so `SSL_new` does not build
/// a `Settings` only to replace it.
#[derive(Clone)]
pub struct SettingsRef(pub Arc<crate::ctx::Settings>);

impl Default for SettingsRef {
    fn default() -> Self {
        static EMPTY: std::sync::OnceLock<Arc<crate::ctx::Settings>> = std::sync::OnceLock::new();
        SettingsRef(EMPTY.get_or_init(Default::default).clone())
    }
}

impl std::ops::Deref for SettingsRef {
    type Target = crate::ctx::Settings;
    fn deref(&self) -> &crate::ctx::Settings {
        &self.0
    }
}

/// Shared by the `Ssl` (readers) and its `Conn` (the writer).
#[derive(Default)]
pub struct Snapshot {
    facts: Mutex<Facts>,
}

impl Snapshot {
    /// The copy; never held while C code runs (a short, leaf lock).
    pub fn get(&self) -> MutexGuard<'_, Facts> {
        self.facts.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Conn {
    /// Refreshes the copy while it can still change (during the handshake,
    /// and until the sessions are settled).
    pub(super) fn refresh_snapshot(&mut self) {
        let session = self
            .sessions()
            .current()
            .map_or(0, |s| Arc::as_ptr(s) as usize);
        if self.snapshot_final {
            // Only a TLS 1.3 client's session changes after its handshake
            // (its tickets arrive later): one comparison on the data path.
            if session != self.snapshot_session {
                self.snapshot_session = session;
                self.snapshot.get().session = self.sessions().current().cloned();
            }
            return;
        }
        // Updated in place: a handshake refreshes the copy at every step,
        // and rebuilding it allocated and freed a dozen fields each time.
        let mut f = self.snapshot.get();
        f.is_server = self.is_server();
        if f.servername.as_deref() != self.servername() {
            f.servername = self.servername().map(|n| n.to_owned());
        }
        f.version = self.version();
        f.cipher = self.current_cipher();
        set_bytes_opt(&mut f.alpn, self.alpn_selected());
        let current = self.sessions().current();
        if f.session.as_ref().map(Arc::as_ptr) != current.map(Arc::as_ptr) {
            f.session = current.cloned();
        }
        f.reused = self.session_reused();
        f.options = self.options();
        f.mode = self.mode;
        set_arc_opt(&mut f.rbio, self.rbio());
        set_arc_opt(&mut f.wbio, self.wbio());
        f.shutdown = self.shutdown_flags();
        f.quiet_shutdown = self.quiet_shutdown();
        f.in_init = self.in_init();
        f.status_type = self.status_type;
        f.client_random = self.client_random();
        f.server_random = self.server_random();
        f.client_version = self.client_version();
        set_bytes(&mut f.client_suites, self.intro.client_suites());
        f.peer_renegotiation_info = self.secure_renegotiation_support();
        f.peer_scheme = self.peer_signature_scheme();
        f.own_scheme = self.own_signature_scheme();
        f.group = self.negotiated_group();
        set_bytes(&mut f.finished, self.finished_seen(true));
        set_bytes(&mut f.peer_finished, self.finished_seen(false));
        set_arc_opt(&mut f.info_cb, self.info_cb.as_ref());
        f.hints = self.hints;
        f.in_before = self.in_before();
        f.init_finished = self.is_init_finished();
        if !Arc::ptr_eq(&f.settings.0, &self.settings) {
            f.settings = SettingsRef(self.settings.clone());
        }
        drop(f);
        self.snapshot_session = session;
        if self.handshake_done {
            self.snapshot_final = true;
        }
    }
}

/// `dst = src`, reusing `dst`'s allocation.
fn set_bytes<T: Copy>(dst: &mut Vec<T>, src: &[T]) {
    dst.clear();
    dst.extend_from_slice(src);
}

fn set_bytes_opt(dst: &mut Option<Vec<u8>>, src: Option<&[u8]>) {
    match (dst.as_mut(), src) {
        (Some(d), Some(s)) => set_bytes(d, s),
        (None, None) => {}
        (_, s) => *dst = s.map(<[u8]>::to_vec),
    }
}

/// `dst = src.cloned()` unless it already holds the same object.
fn set_arc_opt<T: ?Sized>(dst: &mut Option<Arc<T>>, src: Option<&Arc<T>>) {
    let same = match (dst.as_ref(), src) {
        (Some(d), Some(s)) => Arc::ptr_eq(d, s),
        (None, None) => true,
        _ => false,
    };
    if !same {
        *dst = src.cloned();
    }
}
