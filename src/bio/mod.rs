//! The BIO layer: OpenSSL's I/O abstraction, behind the `Transport` trait the
//! connection state machine uses.
//!
//! (Skeleton: helper B fills this in; keep `Transport`, `BioRef`, `Bio` and
//! the constructors' signatures.)

use std::any::Any;
use std::sync::Arc;

/// What an `SSL` needs from its read and write BIOs, with `BIO_read`/
/// `BIO_write` return conventions (>0 bytes, 0 EOF/nothing, <0 error) and
/// OpenSSL's retry flags. Implemented by our own BIOs and (drop-in flavour) by
/// libcrypto's.
pub trait Transport: Send + Sync + Any {
    fn read(&self, buf: &mut [u8]) -> isize;
    fn write(&self, buf: &[u8]) -> isize;
    /// `BIO_flush`: 1 on success.
    fn flush(&self) -> isize;
    /// `BIO_should_retry` after the last read/write.
    fn should_retry(&self) -> bool;
    fn should_read(&self) -> bool;
    fn should_write(&self) -> bool;
    /// `BIO_eof`.
    fn eof(&self) -> bool;
    /// `BIO_get_fd` on the first descriptor BIO in the chain.
    fn fd(&self) -> Option<i32>;
    fn as_any(&self) -> &dyn Any;
}

pub type BioRef = Arc<dyn Transport>;

/// Our BIO object (`BIO*` in the standalone flavour).
#[repr(C)]
pub struct Bio {
    magic: u64,
}

impl Bio {
    pub const MAGIC: u64 = 0x5353_4c53_4249_4f21; // "SSLSBIO!"

    pub fn magic(&self) -> u64 {
        self.magic
    }

    /// `BIO_new_socket(fd, close_flag)`.
    pub fn new_socket(fd: i32, close: bool) -> Arc<Bio> {
        let _ = (fd, close);
        Arc::new(Bio { magic: Self::MAGIC })
    }
}

impl Transport for Bio {
    fn read(&self, _buf: &mut [u8]) -> isize {
        -1
    }
    fn write(&self, _buf: &[u8]) -> isize {
        -1
    }
    fn flush(&self) -> isize {
        1
    }
    fn should_retry(&self) -> bool {
        false
    }
    fn should_read(&self) -> bool {
        false
    }
    fn should_write(&self) -> bool {
        false
    }
    fn eof(&self) -> bool {
        true
    }
    fn fd(&self) -> Option<i32> {
        None
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
