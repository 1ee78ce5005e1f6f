//! Running one call on a connection (`SSL_connect`, `SSL_read`, ...). The
//! step runs with the connection locked; what it left for the application
//! runs after the lock is released, so the application's callbacks may call
//! any `SSL_*` function on the same `SSL`:
//! - the events it queued (`Event`): info and keylog callbacks, session
//!   notifications;
//! - on a server stopped after the ClientHello, the ClientHello-time
//!   callbacks in OpenSSL's order (client hello, server name, ALPN
//!   selection, certificate, OCSP status); the step then goes on with
//!   their decision.
//!
//! The ClientHello-time callbacks are stored as C function addresses
//! (`CFn`); the ffi layer calls them through `HelloInvoker`.

use super::{Conn, Event, HelloDecision, HsState, Ssl};
use crate::abi::*;
use crate::callbacks::CFn;
use crate::session::SessionEvent;
use std::os::raw::c_int;
use std::sync::Arc;

/// Calls the application's ClientHello-time callbacks, which are C
/// function pointers with OpenSSL's signatures. `ssl` is the `SSL *` the
/// application knows.
pub trait HelloInvoker {
    /// `SSL_CTX_set_client_hello_cb`: `int (*)(SSL *, int *al, void *arg)`.
    fn client_hello(&self, cb: CFn, ssl: usize, al: &mut c_int) -> c_int;
    /// The server name callback: `int (*)(SSL *, int *al, void *arg)`.
    fn servername(&self, cb: CFn, ssl: usize, al: &mut c_int) -> c_int;
    /// `SSL_CTX_set_alpn_select_cb`: its answer, and the protocol it chose
    /// (copied out of the callback's memory) when it chose a non-empty one.
    fn alpn_select(&self, cb: CFn, ssl: usize, offered: &[u8]) -> (c_int, Option<Vec<u8>>);
    /// The OCSP status callback: `int (*)(SSL *, void *arg)`.
    fn status(&self, cb: CFn, ssl: usize) -> c_int;
    /// `SSL_CTX_set_cert_cb`: `int (*)(SSL *, void *arg)`.
    fn cert(&self, cb: CFn, ssl: usize) -> c_int;
}

impl Ssl {
    /// Runs `body` on the locked connection, delivers the events it queued
    /// (unlocked), and when the server stopped after the ClientHello runs
    /// the ClientHello-time callbacks (unlocked) and `body` again. Returns
    /// `body`'s answer and the errno of a transport failure, which C
    /// callers read after `SSL_ERROR_SYSCALL`.
    pub fn drive<R>(
        &self,
        hello: &impl HelloInvoker,
        mut body: impl FnMut(&mut Conn) -> R,
    ) -> (R, Option<i32>) {
        loop {
            let mut c = self.lock();
            c.last_errno = None;
            let r = body(&mut c);
            c.publish_state();
            let errno = c.last_errno;
            let events = c.take_events();
            let paused = c.take_hello_pause();
            drop(c);
            self.deliver(events);
            if !paused {
                return (r, errno);
            }
            let d = self.run_hello_callbacks(hello);
            self.lock().resume_hello(d);
        }
    }

    /// Delivers what a call queued, in order, without the connection's lock.
    fn deliver(&self, events: Vec<Event>) {
        if events.is_empty() {
            return;
        }
        // OpenSSL runs these callbacks inside its processing, where
        // `SSL_want` says SSL_NOTHING: so does ours while they run.
        let _delivering = Delivering::enter(&self.delivering);
        let (info, keylog, msg, msg_arg) = {
            let c = self.lock();
            (
                c.info_callback(),
                c.ctx.callbacks().keylog.clone(),
                c.msg_callback(),
                c.hints.msg_arg,
            )
        };
        for ev in events {
            match ev {
                Event::Info { where_, ret, state } => {
                    if let Some(cb) = &info {
                        // SSL_get_state inside the callback shows the state the
                        // event happened in, as OpenSSL's synchronous call would.
                        self.state
                            .during(state, || cb.call(self.addr(), where_, ret));
                    }
                }
                Event::Msg(m) => {
                    if let Some(cb) = &msg {
                        cb.call(
                            m.write_p,
                            m.version,
                            m.content_type,
                            &m.bytes,
                            self.addr(),
                            msg_arg,
                        );
                    }
                }
                Event::KeyLog { line } => {
                    if let Some(cb) = &keylog {
                        cb.call(self.addr(), &line);
                    }
                }
                Event::Session {
                    ev,
                    post_handshake: true,
                } => {
                    let reading = HsState {
                        state: super::state::st::CR_SESSION_TICKET,
                        error: false,
                    };
                    self.state.during(reading, || self.deliver_session(ev));
                }
                Event::Session { ev, .. } => self.deliver_session(ev),
            }
        }
    }

    /// `new_session_cb` gets the `SSL *`, `remove_session_cb` the `SSL_CTX *`.
    fn deliver_session(&self, ev: SessionEvent) {
        let ctx = self.lock().ctx.clone();
        let cbs = ctx.callbacks();
        match ev {
            SessionEvent::New(s) => {
                if let Some(cb) = &cbs.new_session {
                    // In OpenSSL the session is the connection's own while
                    // the callback runs (each TLS 1.3 ticket makes a new
                    // one): a step's sessions are shown in turn, then the
                    // connection's is put back (Net::SSLeay's 44_sess.t).
                    let was = self.lock().sessions_mut().swap_current(Some(s.clone()));
                    cb.call(self.addr(), &s);
                    let mut c = self.lock();
                    if c.sessions()
                        .current()
                        .is_some_and(|now| Arc::ptr_eq(now, &s))
                    {
                        c.sessions_mut().swap_current(was);
                    }
                }
            }
            SessionEvent::Removed(s) => {
                if let Some(cb) = &cbs.remove_session {
                    cb.call(Arc::as_ptr(&ctx) as usize, &s);
                }
            }
        }
    }

    /// The ClientHello-time callbacks, collecting what they decided; a
    /// certificate callback that asked to be called again goes on from there.
    fn run_hello_callbacks(&self, inv: &impl HelloInvoker) -> HelloDecision {
        let retry = self.lock().take_cert_retry();
        if let Some(d) = retry {
            return self.run_cert_callback(inv, d);
        }
        let d = self.run_name_callbacks(inv);
        if d.fatal.is_some() || d.retry {
            return d;
        }
        self.run_cert_callback(inv, d)
    }

    /// The client hello, server name and ALPN selection callbacks.
    fn run_name_callbacks(&self, inv: &impl HelloInvoker) -> HelloDecision {
        let ssl = self.addr();
        let fatal = |alert: c_int, reason: c_int| HelloDecision {
            fatal: Some((alert as u8, reason)),
            ..Default::default()
        };
        let (first_ctx, offered_alpn) = {
            let c = self.lock();
            (c.ctx.clone(), c.offered_alpn())
        };
        let first = first_ctx.callbacks();

        if first.client_hello.func != 0 {
            let mut al = SSL_AD_INTERNAL_ERROR;
            match inv.client_hello(first.client_hello, ssl, &mut al) {
                SSL_CLIENT_HELLO_SUCCESS => {}
                SSL_CLIENT_HELLO_RETRY => {
                    return HelloDecision {
                        retry: true,
                        ..Default::default()
                    };
                }
                _ => return fatal(al, SSL_R_CALLBACK_FAILED),
            }
        }

        // The connection's context now (the callback may have switched it),
        // falling back to the one it was created with, as OpenSSL does.
        let now = {
            let mut c = self.lock();
            c.publish_servername();
            c.adopt_status_request();
            c.session_hello_phase();
            c.intro.publish_client_version();
            c.ctx.callbacks()
        };
        let sn = if now.servername.func != 0 {
            now.servername
        } else {
            first.servername
        };
        let mut sni_acked = false;
        if sn.func != 0 {
            let mut al = SSL_AD_UNRECOGNIZED_NAME;
            match inv.servername(sn, ssl, &mut al) {
                SSL_TLSEXT_ERR_ALERT_FATAL => return fatal(al, SSL_R_CALLBACK_FAILED),
                SSL_TLSEXT_ERR_OK => sni_acked = self.lock().servername().is_some(),
                _ => {}
            }
        }

        let now = self.lock().ctx.callbacks();
        let mut alpn = None;
        if let Some(offered) = offered_alpn
            && now.alpn_select.func != 0
        {
            match inv.alpn_select(now.alpn_select, ssl, &offered) {
                (SSL_TLSEXT_ERR_OK, Some(p)) => alpn = Some(p),
                (SSL_TLSEXT_ERR_OK | SSL_TLSEXT_ERR_NOACK, _) => {}
                _ => {
                    return fatal(
                        SSL_AD_NO_APPLICATION_PROTOCOL,
                        SSL_R_NO_APPLICATION_PROTOCOL,
                    );
                }
            }
        }
        HelloDecision {
            alpn,
            sni_acked,
            ..Default::default()
        }
    }

    /// `SSL_set_cert_cb`'s callback (else `SSL_CTX_set_cert_cb`'s), last of
    /// the ClientHello callbacks
    /// as in OpenSSL (after the server name is known): it may set the
    /// connection's certificate and key, which the handshake then uses. 0
    /// aborts with an internal error alert, a negative answer asks to be
    /// called again.
    fn run_cert_callback(&self, inv: &impl HelloInvoker, d: HelloDecision) -> HelloDecision {
        let cb = {
            let mut c = self.lock();
            c.set_alpn_chosen(d.alpn.clone());
            c.intro.publish_client_suites();
            c.cert_callback()
        };
        if cb.func == 0 {
            return self.run_status_callback(inv, d);
        }
        match inv.cert(cb, self.addr()) {
            0 => HelloDecision {
                fatal: Some((SSL_AD_INTERNAL_ERROR as u8, SSL_R_CERT_CB_ERROR)),
                ..d
            },
            r if r < 0 => HelloDecision {
                cert_retry: true,
                ..d
            },
            _ => self.run_status_callback(inv, d),
        }
    }

    /// After the certificate callback (OpenSSL's order: the status callback
    /// looks at the certificate chosen), whether to staple.
    fn run_status_callback(&self, inv: &impl HelloInvoker, d: HelloDecision) -> HelloDecision {
        let status_requested = self.lock().status_requested();
        let now = self.lock().ctx.callbacks();
        let mut staple = false;
        if status_requested && now.status.func != 0 {
            match inv.status(now.status, self.addr()) {
                SSL_TLSEXT_ERR_OK => staple = true,
                SSL_TLSEXT_ERR_NOACK => {}
                _ => {
                    return HelloDecision {
                        fatal: Some((SSL_AD_INTERNAL_ERROR as u8, SSL_R_CLIENTHELLO_TLSEXT)),
                        ..d
                    };
                }
            }
        }
        if !staple {
            self.lock().set_ocsp_response(None);
        }
        d
    }
}

/// Counts the deliveries under way on a connection (nested when a callback
/// drives the same `SSL`); dropped on the way out, panics included.
struct Delivering<'a>(&'a std::sync::atomic::AtomicU32);

impl<'a> Delivering<'a> {
    fn enter(n: &'a std::sync::atomic::AtomicU32) -> Self {
        n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Delivering(n)
    }
}

impl Drop for Delivering<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
}
