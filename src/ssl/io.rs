//! `SSL_read`/`SSL_peek`/`SSL_write`.

use super::transport::{Fill, Flush};
use super::{Conn, PendingWrite, RwState};
use crate::abi::*;
use crate::ssl_err;
use std::io::{BufRead, ErrorKind, Write};

/// The most plaintext one TLS record carries: with
/// `SSL_MODE_ENABLE_PARTIAL_WRITE`, a write completes per record as in OpenSSL.
const MAX_RECORD: usize = 16384;

impl Conn {
    /// Handshakes first if needed, as OpenSSL's read/write do implicitly.
    fn ready(&mut self, func: &'static str) -> Result<(), i32> {
        if self.role.is_none() {
            ssl_err!(SSL_R_UNINITIALIZED, func);
            return Err(-1);
        }
        if !self.handshake_done {
            let r = self.do_handshake(func);
            if r <= 0 {
                return Err(r);
            }
        } else if self.send_key_update() <= 0 {
            // OpenSSL runs its state machine first, which sends the update.
            return Err(-1);
        }
        Ok(())
    }

    /// `SSL_read` (`peek == false`) and `SSL_peek`: >0 bytes, 0 on the peer's
    /// close_notify, <0 on error or retry.
    pub fn read(&mut self, buf: &mut [u8], peek: bool) -> i32 {
        let func = if peek { "SSL_peek" } else { "SSL_read" };
        self.rwstate = RwState::Nothing;
        if self.role.is_some() && self.shutdown & SSL_RECEIVED_SHUTDOWN != 0 {
            return 0;
        }
        if let Err(r) = self.ready(func) {
            return r;
        }
        if self.fatal {
            return -1;
        }
        let buf_len = buf.len().min(i32::MAX as usize);
        let buf = &mut buf[..buf_len];
        let mut processed = false;
        loop {
            let Some(tls) = self.tls.as_mut() else {
                return -1;
            };
            // One record's data at most, as OpenSSL's SSL_read returns
            // (rustls keeps each record's plaintext as one chunk).
            let mut reader = tls.reader();
            let got = reader.fill_buf().map(|chunk| {
                let n = chunk.len().min(buf.len());
                buf[..n].copy_from_slice(&chunk[..n]);
                n
            });
            if let (Ok(n), false) = (&got, peek) {
                reader.consume(*n);
            }
            match got {
                Ok(0) if !buf.is_empty() => {
                    // rustls reports the peer's close_notify once all data is read.
                    self.shutdown |= SSL_RECEIVED_SHUTDOWN;
                    return 0;
                }
                Ok(n) => return n as i32,
                Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                Err(_) => return self.eof(func),
            }
            if processed && self.stops_after_record() {
                // OpenSSL without SSL_MODE_AUTO_RETRY: a record that brought
                // no data (a session ticket, a KeyUpdate) ends the call with
                // a retry, so that the program may wait on its other inputs
                // (`openssl s_client` on its standard input).
                self.rwstate = RwState::Reading;
                if let Some(r) = self.rbio.as_ref() {
                    r.mark_retry_read();
                }
                return -1;
            }
            // TLS 1.3 post-handshake messages may need an answer (KeyUpdate).
            if let Flush::Failed = self.flush() {
                return -1;
            }
            match self.fill(func) {
                Fill::Progress => processed = true,
                // OpenSSL's record layer returns 0 for a fatal alert that
                // arrives after the handshake (SSL_ERROR_SSL all the same).
                Fill::Fatal if self.shutdown & SSL_RECEIVED_SHUTDOWN != 0 => return 0,
                Fill::Blocked | Fill::Failed | Fill::Fatal => return -1,
                // rustls now reports UnexpectedEof once buffered data is read.
                Fill::Eof => {}
            }
        }
    }

    /// After the handshake without `SSL_MODE_AUTO_RETRY`, `SSL_read` stops
    /// after a record without application data (OpenSSL's
    /// `ssl3_read_bytes`, when no read-ahead is left).
    pub(super) fn stops_after_record(&self) -> bool {
        self.handshake_done && self.mode & u64::from(SSL_MODE_AUTO_RETRY) == 0
    }

    /// Without `SSL_MODE_AUTO_RETRY` or read-ahead, every BIO is read a
    /// record at a time, as OpenSSL's record layer reads then: each record
    /// without data is its own retry (`stops_after_record`).
    pub(super) fn reads_one_record(&self) -> bool {
        self.stops_after_record() && !self.hints.read_ahead
    }

    /// `SSL_write`: all of `buf` or -1 (retry with the same arguments),
    /// unless `SSL_MODE_ENABLE_PARTIAL_WRITE` allows returning per record.
    /// Nothing to write is 0 (no error queued: `SSL_ERROR_SYSCALL`), as
    /// OpenSSL's `SSL_write` turns a successful write of 0 bytes into 0.
    pub fn write(&mut self, buf: &[u8]) -> i32 {
        match self.write_ex(buf) {
            Ok(n) => n as i32,
            Err(r) => r,
        }
    }

    /// `SSL_write_ex`: the bytes written, or what `SSL_write` returns for
    /// the failure. A write of 0 bytes on an established connection
    /// succeeds and sends nothing, as in OpenSSL.
    pub fn write_ex(&mut self, buf: &[u8]) -> Result<usize, i32> {
        const FUNC: &str = "SSL_write";
        self.rwstate = RwState::Nothing;
        if self.shutdown & SSL_SENT_SHUTDOWN != 0 {
            ssl_err!(SSL_R_PROTOCOL_IS_SHUTDOWN, FUNC);
            return Err(-1);
        }
        self.ready(FUNC)?;
        if self.fatal {
            return Err(-1);
        }
        let len = buf.len().min(i32::MAX as usize);
        let partial = self.mode & u64::from(SSL_MODE_ENABLE_PARTIAL_WRITE) != 0;
        let mut pw = match self.pending_write.take() {
            // A retry: what rustls already took must not be taken twice.
            Some(p) if p.total <= len => p,
            Some(_) => {
                ssl_err!(SSL_R_BAD_LENGTH, FUNC);
                return Err(-1);
            }
            None => PendingWrite {
                total: len,
                accepted: 0,
            },
        };
        loop {
            if pw.accepted < pw.total {
                let Some(tls) = self.tls.as_mut() else {
                    return Err(-1);
                };
                // rustls takes its record size from the config the
                // connection was made with; a smaller one set since
                // (SSL_set_max_send_fragment after the handshake, as
                // Node.js's setMaxSendFragment) is kept by handing rustls
                // one record's worth at a time.
                let end = match self.settings.max_fragment_size() {
                    Some(m) => (pw.accepted + m - 5).min(pw.total),
                    None if partial => (pw.accepted + MAX_RECORD).min(pw.total),
                    None => pw.total,
                };
                match tls.writer().write(&buf[pw.accepted..end]) {
                    Ok(n) => pw.accepted += n,
                    Err(_) => {
                        ssl_err!(ERR_R_INTERNAL_ERROR, FUNC);
                        return Err(-1);
                    }
                }
            }
            match self.flush_app_data() {
                Flush::Done => {}
                Flush::Blocked => {
                    self.pending_write = Some(pw);
                    return Err(-1);
                }
                Flush::Failed => return Err(-1),
            }
            if pw.accepted == pw.total || (partial && pw.accepted > 0) {
                return Ok(pw.accepted);
            }
        }
    }
}
