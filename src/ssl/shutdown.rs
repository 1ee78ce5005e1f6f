//! `SSL_shutdown`: send close_notify (returns 0), then wait for the peer's
//! (returns 1), as the manual describes.

use super::transport::{Fill, Flush};
use super::{Conn, RwState};
use crate::abi::*;
use crate::ssl_err;
use std::io::{ErrorKind, Read};

impl Conn {
    pub fn shutdown(&mut self) -> i32 {
        const FUNC: &str = "SSL_shutdown";
        self.rwstate = RwState::Nothing;
        if self.role.is_none() {
            ssl_err!(SSL_R_UNINITIALIZED, FUNC);
            return -1;
        }
        // Before and during the handshake (a connection that has not
        // started too, quiet or not), OpenSSL refuses.
        if self.in_init() {
            ssl_err!(SSL_R_SHUTDOWN_WHILE_IN_INIT, FUNC);
            return -1;
        }
        if self.quiet_shutdown {
            self.shutdown = SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN;
            return 1;
        }
        if self.shutdown & SSL_SENT_SHUTDOWN == 0 {
            self.shutdown |= SSL_SENT_SHUTDOWN;
            if let Some(tls) = self.tls.as_mut() {
                tls.send_close_notify();
                self.info_close_sent();
            }
            if self.flush() != Flush::Done {
                return -1;
            }
        } else if self.tls.as_ref().is_some_and(|t| t.wants_write()) {
            if self.flush() != Flush::Done {
                return -1;
            }
        } else if self.shutdown & SSL_RECEIVED_SHUTDOWN == 0 {
            // Wait for the peer's close_notify, discarding application data
            // that is still in flight: the application asked to close.
            loop {
                if self.peer_closed {
                    self.shutdown |= SSL_RECEIVED_SHUTDOWN;
                    break;
                }
                if let Some(tls) = self.tls.as_mut() {
                    let mut sink = [0u8; 4096];
                    while let Ok(n) = tls.reader().read(&mut sink) {
                        if n == 0 {
                            break;
                        }
                    }
                    if let Err(e) = tls.reader().read(&mut sink)
                        && e.kind() == ErrorKind::UnexpectedEof
                    {
                        match self.eof_in_shutdown(FUNC) {
                            None => break,
                            Some(r) => return r,
                        }
                    }
                }
                if self.fatal {
                    return -1;
                }
                match self.fill(FUNC) {
                    Fill::Progress => {}
                    Fill::Eof => {
                        if !self.peer_closed {
                            match self.eof_in_shutdown(FUNC) {
                                None => break,
                                Some(r) => return r,
                            }
                        }
                    }
                    Fill::Blocked | Fill::Failed | Fill::Fatal => return -1,
                }
            }
        }
        let both = SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN;
        if self.shutdown == both && !self.tls.as_ref().is_some_and(|t| t.wants_write()) {
            1
        } else {
            0
        }
    }
}
