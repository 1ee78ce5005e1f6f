//! `BIO_s_bio`: BIO pairs with OpenSSL's bss_bio.c semantics. Each half owns
//! a ring buffer for what it writes; the other half reads from it. Writes are
//! partial up to the free space; a full buffer is a retryable write failure,
//! an empty one a retryable read failure (or EOF once the writer did
//! `BIO_shutdown_wr`).
//!
//! Both rings live in one `Link` shared by the two halves while paired, so a
//! transfer takes a single lock. Lock order: a half's own state, then the link;
//! two halves' states are only taken together in address order.

use std::any::Any;
use std::ffi::CStr;
use std::os::raw::{c_int, c_long};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

use super::{Bio, BioImpl, CtrlArg, Op, bio_err, clamp_int, conv};
use crate::abi::*;
use crate::abi::{BIO_R_BROKEN_PIPE, BIO_R_IN_USE, BIO_R_INVALID_ARGUMENT};

/// OpenSSL's default: enough for one TLS record.
pub const DEFAULT_SIZE: usize = 17 * 1024;

/// What one half writes (and the other reads).
struct Ring {
    buf: Vec<u8>,
    len: usize,
    offset: usize,
    /// Set by `BIO_shutdown_wr` on the writing half.
    closed: bool,
    /// How much the reader last asked for in vain (`BIO_ctrl_get_read_request`).
    request: usize,
}

impl Ring {
    fn new(size: usize) -> Option<Ring> {
        let mut buf = Vec::new();
        buf.try_reserve_exact(size).ok()?;
        buf.resize(size, 0);
        Some(Ring {
            buf,
            len: 0,
            offset: 0,
            closed: false,
            request: 0,
        })
    }

    fn size(&self) -> usize {
        self.buf.len()
    }

    /// Copies `out.len()` (<= len) bytes out, wrapping around.
    fn take(&mut self, out: &mut [u8]) {
        let mut done = 0;
        while done < out.len() {
            let chunk = (out.len() - done).min(self.size() - self.offset);
            out[done..done + chunk].copy_from_slice(&self.buf[self.offset..self.offset + chunk]);
            self.len -= chunk;
            done += chunk;
            self.offset = if self.len == 0 {
                0
            } else {
                (self.offset + chunk) % self.size()
            };
        }
    }

    /// Copies all of `data` (<= free space) in, wrapping around.
    fn put(&mut self, data: &[u8]) {
        let mut done = 0;
        while done < data.len() {
            let at = (self.offset + self.len) % self.size();
            let chunk = (data.len() - done).min(self.size() - at);
            self.buf[at..at + chunk].copy_from_slice(&data[done..done + chunk]);
            self.len += chunk;
            done += chunk;
        }
    }
}

struct Link {
    /// `rings[side]` is what half `side` writes.
    rings: [Ring; 2],
    ends: [Weak<Bio>; 2],
}

struct Half {
    size: usize,
    link: Option<(Arc<Mutex<Link>>, usize)>,
}

pub struct PairBio {
    st: Mutex<Half>,
}

impl Default for PairBio {
    fn default() -> Self {
        Self::new()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl PairBio {
    pub fn new() -> PairBio {
        PairBio {
            st: Mutex::new(Half {
                size: DEFAULT_SIZE,
                link: None,
            }),
        }
    }

    fn link(&self) -> Option<(Arc<Mutex<Link>>, usize)> {
        lock(&self.st).link.clone()
    }

    /// `bio_make_pair`.
    fn make_pair(&self, bio: &Bio, other: &Arc<Bio>) -> bool {
        let Some(other_imp) = other.imp_as::<PairBio>() else {
            return false;
        };
        if std::ptr::eq(bio, Arc::as_ptr(other)) {
            bio_err(BIO_R_IN_USE, "bio_make_pair");
            return false;
        }
        let (mut mine, mut theirs);
        if (self as *const PairBio) < (other_imp as *const PairBio) {
            mine = lock(&self.st);
            theirs = lock(&other_imp.st);
        } else {
            theirs = lock(&other_imp.st);
            mine = lock(&self.st);
        }
        if mine.link.is_some() || theirs.link.is_some() {
            bio_err(BIO_R_IN_USE, "bio_make_pair");
            return false;
        }
        let (Some(r0), Some(r1)) = (Ring::new(mine.size), Ring::new(theirs.size)) else {
            return false;
        };
        let link = Arc::new(Mutex::new(Link {
            rings: [r0, r1],
            ends: [bio.weak(), Arc::downgrade(other)],
        }));
        mine.link = Some((link.clone(), 0));
        theirs.link = Some((link, 1));
        bio.set_init(1);
        other.set_init(1);
        true
    }

    /// `bio_destroy_pair`: both halves become unpaired and uninitialised.
    fn destroy_pair(&self, bio: &Bio) {
        let Some((link, side)) = lock(&self.st).link.take() else {
            return;
        };
        bio.set_init(0);
        let peer = lock(&link).ends[1 - side].upgrade();
        if let Some(peer) = peer {
            if let Some(p) = peer.imp_as::<PairBio>() {
                lock(&p.st).link = None;
            }
            peer.set_init(0);
        }
    }
}

impl BioImpl for PairBio {
    fn method_type(&self) -> c_int {
        BIO_TYPE_BIO
    }
    fn name(&self) -> &CStr {
        c"BIO pair"
    }
    fn in_memory(&self) -> bool {
        true
    }
    fn supports(&self, op: Op) -> bool {
        !matches!(op, Op::Gets | Op::CallbackCtrl)
    }
    fn create(&self, _bio: &Bio) -> bool {
        // init stays 0 until paired.
        true
    }
    fn read(&self, bio: &Bio, out: Option<&mut [u8]>, len: usize) -> (c_int, usize) {
        bio.clear_retry_flags();
        let len = clamp_int(len) as usize;
        if bio.init() == 0 {
            return (0, 0);
        }
        let Some((link, side)) = self.link() else {
            return (0, 0);
        };
        let mut l = lock(&link);
        let peer = &mut l.rings[1 - side];
        peer.request = 0;
        let Some(out) = out else { return (0, 0) };
        if len == 0 {
            return (0, 0);
        }
        if peer.len == 0 {
            if peer.closed {
                return (0, 0);
            }
            bio.set_retry_read();
            // Never ask for more than the writer can deliver in one write.
            peer.request = len.min(peer.size());
            return (-1, 0);
        }
        let n = len.min(peer.len);
        peer.take(&mut out[..n]);
        conv(n as c_int)
    }
    fn write(&self, bio: &Bio, data: Option<&[u8]>, len: usize) -> (c_int, usize) {
        bio.clear_retry_flags();
        let len = clamp_int(len) as usize;
        let Some(data) = data else { return (0, 0) };
        if bio.init() == 0 || len == 0 {
            return (0, 0);
        }
        let Some((link, side)) = self.link() else {
            return (0, 0);
        };
        let mut l = lock(&link);
        let ring = &mut l.rings[side];
        ring.request = 0;
        if ring.closed {
            drop(l);
            bio_err(BIO_R_BROKEN_PIPE, "bio_write");
            return (-1, 0);
        }
        if ring.len == ring.size() {
            bio.set_retry_write();
            return (-1, 0);
        }
        let n = len.min(ring.size() - ring.len);
        ring.put(&data[..n]);
        conv(n as c_int)
    }
    fn puts(&self, bio: &Bio, s: &CStr) -> c_int {
        let b = s.to_bytes();
        if b.len() > c_int::MAX as usize {
            return -1;
        }
        self.write_old(bio, b)
    }
    fn gets(&self, _bio: &Bio, _buf: &mut [u8]) -> c_int {
        -2
    }
    fn ctrl(&self, bio: &Bio, cmd: c_int, larg: c_long, parg: CtrlArg<'_>) -> c_long {
        match cmd {
            BIO_C_SET_WRITE_BUF_SIZE => {
                let mut st = lock(&self.st);
                if st.link.is_some() {
                    drop(st);
                    bio_err(BIO_R_IN_USE, "bio_ctrl");
                    0
                } else if larg == 0 {
                    drop(st);
                    bio_err(BIO_R_INVALID_ARGUMENT, "bio_ctrl");
                    0
                } else {
                    // As OpenSSL, a negative size wraps and fails at pairing.
                    st.size = larg as usize;
                    1
                }
            }
            BIO_C_GET_WRITE_BUF_SIZE => lock(&self.st).size as c_long,
            BIO_C_MAKE_BIO_PAIR => match parg {
                CtrlArg::Bio(Some(other)) => self.make_pair(bio, &other) as c_long,
                _ => 0,
            },
            BIO_C_DESTROY_BIO_PAIR => {
                self.destroy_pair(bio);
                1
            }
            BIO_C_GET_WRITE_GUARANTEE => self.with_link(0, |l, side| {
                let r = &l.rings[side];
                if r.closed {
                    0
                } else {
                    (r.size() - r.len) as c_long
                }
            }),
            BIO_C_GET_READ_REQUEST => self.with_link(0, |l, side| l.rings[side].request as c_long),
            BIO_C_RESET_READ_REQUEST => {
                self.with_link(0, |l, side| {
                    l.rings[side].request = 0;
                    0
                });
                1
            }
            BIO_C_SHUTDOWN_WR => {
                self.with_link(0, |l, side| {
                    l.rings[side].closed = true;
                    0
                });
                1
            }
            BIO_CTRL_RESET => {
                self.with_link(0, |l, side| {
                    l.rings[side].len = 0;
                    l.rings[side].offset = 0;
                    0
                });
                0
            }
            BIO_CTRL_GET_CLOSE => bio.shutdown() as c_long,
            BIO_CTRL_SET_CLOSE => {
                bio.set_shutdown(larg as c_int);
                1
            }
            BIO_CTRL_PENDING => self.with_link(0, |l, side| l.rings[1 - side].len as c_long),
            BIO_CTRL_WPENDING => self.with_link(0, |l, side| l.rings[side].len as c_long),
            BIO_CTRL_DUP | BIO_CTRL_FLUSH => 1,
            BIO_CTRL_EOF => self.with_link(1, |l, side| {
                let p = &l.rings[1 - side];
                (p.len == 0 && p.closed) as c_long
            }),
            // The non-copying BIO_nread/BIO_nwrite interface is not provided.
            _ => 0,
        }
    }
    fn destroy(&self, bio: &Bio) {
        self.destroy_pair(bio);
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl PairBio {
    /// Runs `f` on the link if paired, else returns `unpaired`.
    fn with_link(&self, unpaired: c_long, f: impl FnOnce(&mut Link, usize) -> c_long) -> c_long {
        match self.link() {
            Some((link, side)) => f(&mut lock(&link), side),
            None => unpaired,
        }
    }

    /// `bio_write` with its `int` result (for `puts`).
    fn write_old(&self, bio: &Bio, data: &[u8]) -> c_int {
        let (r, n) = self.write(bio, Some(data), data.len());
        if r > 0 { n as c_int } else { r }
    }
}
