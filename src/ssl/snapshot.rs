//! What a callback may ask about its own connection while the connection is
//! busy (locked by the call that ran the callback: a verify callback runs
//! inside rustls's processing). OpenSSL lets a program call its queries on
//! the same `SSL` there; ours answer from this copy, which the connection
//! refreshes at each step boundary while it handshakes (each time a call
//! releases it, and before rustls processes what arrived). Once the
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
    pub settings: Arc<crate::ctx::Settings>,
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

    fn set(&self, f: Facts) {
        *self.get() = f;
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
        let facts = Facts {
            is_server: self.is_server(),
            servername: self.servername().map(|n| n.to_owned()),
            version: self.version(),
            cipher: self.current_cipher(),
            alpn: self.alpn_selected().map(<[u8]>::to_vec),
            session: self.sessions().current().cloned(),
            reused: self.session_reused(),
            options: self.options(),
            mode: self.mode,
            rbio: self.rbio().cloned(),
            wbio: self.wbio().cloned(),
            shutdown: self.shutdown_flags(),
            quiet_shutdown: self.quiet_shutdown(),
            in_init: self.in_init(),
            status_type: self.status_type,
            client_random: self.client_random(),
            server_random: self.server_random(),
            client_version: self.client_version(),
            client_suites: self.intro.client_suites().to_vec(),
            peer_scheme: self.peer_signature_scheme(),
            own_scheme: self.own_signature_scheme(),
            group: self.negotiated_group(),
            finished: self.finished_seen(true).to_vec(),
            peer_finished: self.finished_seen(false).to_vec(),
            info_cb: self.own_info_callback(),
            hints: self.hints,
            in_before: self.in_before(),
            init_finished: self.is_init_finished(),
            settings: self.settings.clone(),
        };
        self.snapshot.set(facts);
        self.snapshot_session = session;
        if self.handshake_done {
            self.snapshot_final = true;
        }
    }
}
