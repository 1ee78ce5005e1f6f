//! `BIO_s_socket` and `BIO_s_fd` (bss_sock.c, bss_fd.c on Unix): plain
//! `read(2)`/`write(2)` on a descriptor. A retryable errno sets the retry
//! flags; a 0 read sets `BIO_FLAGS_IN_EOF` (for `BIO_eof`); other errors
//! return -1 with errno left as the system call set it.

use std::any::Any;
use std::ffi::CStr;
use std::os::raw::{c_int, c_long};
use std::sync::atomic::{AtomicI32, Ordering};

use super::{Bio, BioImpl, CtrlArg, Op, clamp_int, conv};
use crate::abi::*;
use crate::os as sys;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FdKind {
    Socket,
    Fd,
}

pub struct FdBio {
    kind: FdKind,
    /// `bio->num`.
    fd: AtomicI32,
}

/// `BIO_sock_non_fatal_error`/`BIO_fd_non_fatal_error`: errnos worth retrying.
pub fn non_fatal_error(err: i32) -> bool {
    matches!(
        err,
        libc::EWOULDBLOCK
            | libc::ENOTCONN
            | libc::EINTR
            | libc::EPROTO
            | libc::EINPROGRESS
            | libc::EALREADY
    ) || err == libc::EAGAIN
}

impl FdBio {
    pub fn new(kind: FdKind) -> FdBio {
        FdBio {
            kind,
            fd: AtomicI32::new(match kind {
                FdKind::Socket => 0,
                FdKind::Fd => -1,
            }),
        }
    }

    fn fd(&self) -> c_int {
        self.fd.load(Ordering::SeqCst)
    }

    /// `bio->num`, for a method that keeps its socket here (the connect BIO).
    pub(super) fn raw_fd(&self) -> c_int {
        self.fd()
    }

    /// Sets `bio->num` without touching the BIO's flags.
    pub(super) fn set_raw_fd(&self, fd: c_int) {
        self.fd.store(fd, Ordering::SeqCst);
    }

    /// `sock_free`/`fd_free`: close an owned descriptor.
    fn release(&self, bio: &Bio) {
        if bio.shutdown() != 0 {
            if bio.init() != 0 {
                let _ = sys::close(self.fd());
            }
            bio.set_init(0);
            bio.store_flags(0);
        }
    }

    fn read_old(&self, bio: &Bio, out: &mut [u8]) -> c_int {
        sys::clear_errno();
        let r = sys::read(self.fd(), out);
        bio.clear_retry_flags();
        match r {
            Ok(0) => {
                bio.set_flags(BIO_FLAGS_IN_EOF);
                0
            }
            Ok(n) => n as c_int,
            Err(e) => {
                if non_fatal_error(e) {
                    bio.set_retry_read();
                }
                -1
            }
        }
    }

    fn write_old(&self, bio: &Bio, data: Option<&[u8]>) -> c_int {
        sys::clear_errno();
        let r = match data {
            Some(d) => sys::write(self.fd(), d),
            None => {
                // write(2) on a NULL buffer fails with EFAULT.
                sys::set_errno(libc::EFAULT);
                Err(libc::EFAULT)
            }
        };
        bio.clear_retry_flags();
        match r {
            Ok(n) => n as c_int,
            Err(e) => {
                if non_fatal_error(e) {
                    bio.set_retry_write();
                }
                -1
            }
        }
    }

    fn seek(&self, off: i64, whence: c_int) -> c_long {
        match sys::lseek(self.fd(), off, whence) {
            Ok(p) => p as c_long,
            Err(_) => -1,
        }
    }
}

impl BioImpl for FdBio {
    fn method_type(&self) -> c_int {
        match self.kind {
            FdKind::Socket => BIO_TYPE_SOCKET,
            FdKind::Fd => BIO_TYPE_FD,
        }
    }
    fn name(&self) -> &CStr {
        match self.kind {
            FdKind::Socket => c"socket",
            FdKind::Fd => c"file descriptor",
        }
    }
    fn supports(&self, op: Op) -> bool {
        match op {
            Op::CallbackCtrl => false,
            Op::Gets => self.kind == FdKind::Fd,
            _ => true,
        }
    }
    fn create(&self, bio: &Bio) -> bool {
        bio.set_init(0);
        bio.store_flags(0);
        true
    }
    fn read(&self, bio: &Bio, out: Option<&mut [u8]>, len: usize) -> (c_int, usize) {
        let Some(out) = out else { return (0, 0) };
        let n = clamp_int(len) as usize;
        conv(self.read_old(bio, &mut out[..n]))
    }
    fn write(&self, bio: &Bio, data: Option<&[u8]>, len: usize) -> (c_int, usize) {
        let n = clamp_int(len) as usize;
        conv(self.write_old(bio, data.map(|d| &d[..n])))
    }
    fn puts(&self, bio: &Bio, s: &CStr) -> c_int {
        let b = s.to_bytes();
        if b.len() > c_int::MAX as usize {
            return -1;
        }
        self.write_old(bio, Some(b))
    }
    fn gets(&self, bio: &Bio, buf: &mut [u8]) -> c_int {
        // fd_gets: one byte at a time up to and including a newline.
        if buf.is_empty() {
            return 0;
        }
        let end = buf.len() - 1;
        let mut i = 0;
        while i < end && self.read_old(bio, &mut buf[i..i + 1]) > 0 {
            i += 1;
            if buf[i - 1] == b'\n' {
                break;
            }
        }
        buf[i] = 0;
        i as c_int
    }
    fn ctrl(&self, bio: &Bio, cmd: c_int, larg: c_long, parg: CtrlArg<'_>) -> c_long {
        match cmd {
            BIO_C_SET_FD => {
                let CtrlArg::Int(fd) = parg else { return 0 };
                self.release(bio);
                self.fd.store(fd, Ordering::SeqCst);
                bio.set_shutdown(larg as c_int);
                bio.set_init(1);
                1
            }
            BIO_C_GET_FD => {
                if bio.init() == 0 {
                    return -1;
                }
                let fd = self.fd();
                if let CtrlArg::IntOut(Some(out)) = parg {
                    *out = fd;
                }
                fd as c_long
            }
            BIO_CTRL_GET_CLOSE => bio.shutdown() as c_long,
            BIO_CTRL_SET_CLOSE => {
                bio.set_shutdown(larg as c_int);
                1
            }
            BIO_CTRL_DUP | BIO_CTRL_FLUSH => 1,
            BIO_CTRL_EOF => (bio.test_flags(BIO_FLAGS_IN_EOF) != 0) as c_long,
            // File-position ctrls exist only on the fd BIO.
            BIO_CTRL_RESET if self.kind == FdKind::Fd => self.seek(0, libc::SEEK_SET),
            BIO_C_FILE_SEEK if self.kind == FdKind::Fd => self.seek(larg, libc::SEEK_SET),
            BIO_C_FILE_TELL | BIO_CTRL_INFO if self.kind == FdKind::Fd => {
                self.seek(0, libc::SEEK_CUR)
            }
            _ => 0,
        }
    }
    fn destroy(&self, bio: &Bio) {
        self.release(bio);
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
