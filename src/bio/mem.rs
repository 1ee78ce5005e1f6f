//! `BIO_s_mem`: a growable buffer (read-write) or, via `BIO_new_mem_buf`, a
//! fixed read-only one — OpenSSL 3's bss_mem.c semantics.
//!
//! Model: `data[pos..]` is the unread part. A read-write BIO only compacts
//! (drops the consumed prefix) on write, exactly when OpenSSL's
//! `mem_buf_sync` runs, so `BIO_FLAGS_NONCLEAR_RST` rewinds to the same place.

use std::any::Any;
use std::ffi::CStr;
use std::os::raw::{c_int, c_long, c_ulong, c_void};
use std::sync::{Mutex, MutexGuard};

use super::{Bio, BioImpl, CtrlArg, Op, bio_err, clamp_int, conv, null_param};
use crate::abi::BIO_R_WRITE_TO_READ_ONLY_BIO;
use crate::abi::*;

/// `BUF_MEM`'s layout (`length`, `data`, `max`, `flags`), handed out by
/// `BIO_get_mem_ptr`. Addresses are stored as integers so the state stays
/// `Send`; C reads them as `size_t`/`char *`, which have the same size.
#[repr(C)]
#[derive(Default)]
pub struct BufMem {
    length: usize,
    data: usize,
    max: usize,
    flags: c_ulong,
}

struct State {
    data: Vec<u8>,
    pos: usize,
    /// `bio->num`: what a read of an empty buffer returns.
    eof_ret: c_int,
    /// Stable storage for `BIO_get_mem_ptr` (boxed so its address is fixed).
    bufmem: Box<BufMem>,
}

pub struct MemBio {
    st: Mutex<State>,
}

impl Default for MemBio {
    fn default() -> Self {
        Self::new()
    }
}

impl MemBio {
    pub fn new() -> MemBio {
        MemBio {
            st: Mutex::new(State {
                data: Vec::new(),
                pos: 0,
                eof_ret: -1,
                bufmem: Box::default(),
            }),
        }
    }

    fn st(&self) -> MutexGuard<'_, State> {
        self.st.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What `BIO_new_mem_buf` does after `BIO_new(BIO_s_mem())`.
    pub(crate) fn make_read_only(&self, bio: &Bio, data: &[u8]) {
        let mut st = self.st();
        st.data = data.to_vec();
        st.pos = 0;
        // Static data: retrying cannot help, so empty reads return 0.
        st.eof_ret = 0;
        bio.set_flags(BIO_FLAGS_MEM_RDONLY);
    }

    fn read_locked(st: &mut State, bio: &Bio, out: Option<&mut [u8]>, outl: c_int) -> c_int {
        bio.clear_retry_flags();
        let avail = st.data.len() - st.pos;
        let mut ret = if outl as usize > avail {
            avail as c_int
        } else {
            outl
        };
        match out {
            Some(buf) if ret > 0 => {
                let n = ret as usize;
                buf[..n].copy_from_slice(&st.data[st.pos..st.pos + n]);
                st.pos += n;
            }
            _ if avail == 0 => {
                ret = st.eof_ret;
                if ret != 0 {
                    bio.set_retry_read();
                }
            }
            _ => {}
        }
        ret
    }

    fn write_old(&self, bio: &Bio, data: Option<&[u8]>, inl: c_int) -> c_int {
        if bio.test_flags(BIO_FLAGS_MEM_RDONLY) != 0 {
            // OpenSSL leaves the retry flags alone on this path.
            bio_err(BIO_R_WRITE_TO_READ_ONLY_BIO, "mem_write");
            return -1;
        }
        bio.clear_retry_flags();
        if inl == 0 {
            return 0;
        }
        let Some(data) = data else {
            null_param("mem_write");
            return -1;
        };
        let mut st = self.st();
        Self::sync(&mut st);
        Self::grow(&mut st.data, inl as usize);
        st.data.extend_from_slice(&data[..inl as usize]);
        inl
    }

    /// Room for `more` bytes; past a page the buffer grows so that the heap
    /// places it as it places rustls's receive buffer (os/alloc.rs), which
    /// keeps the copy of records from here into that buffer off the slow
    /// `rep movsb` case (with a buffer of any size, the standalone's
    /// receive rate lost 11% in a paired run).
    fn grow(data: &mut Vec<u8>, more: usize) {
        let (len, cap) = (data.len(), data.capacity());
        if let Some(extra) = crate::os::alloc::placed_growth(len, cap, len + more) {
            data.reserve_exact(extra);
        }
    }

    /// `mem_buf_sync`: drop the consumed prefix of a read-write buffer.
    fn sync(st: &mut State) {
        if st.pos > 0 {
            let pos = st.pos;
            st.data.drain(..pos);
            st.pos = 0;
        }
    }
}

impl BioImpl for MemBio {
    fn method_type(&self) -> c_int {
        BIO_TYPE_MEM
    }
    fn name(&self) -> &CStr {
        c"memory buffer"
    }
    fn in_memory(&self) -> bool {
        true
    }
    fn supports(&self, _op: Op) -> bool {
        // Everything but callback_ctrl.
        _op != Op::CallbackCtrl
    }
    fn create(&self, bio: &Bio) -> bool {
        bio.set_shutdown(1);
        bio.set_init(1);
        true
    }
    fn read(&self, bio: &Bio, out: Option<&mut [u8]>, len: usize) -> (c_int, usize) {
        let mut st = self.st();
        conv(Self::read_locked(&mut st, bio, out, clamp_int(len)))
    }
    fn write(&self, bio: &Bio, data: Option<&[u8]>, len: usize) -> (c_int, usize) {
        conv(self.write_old(bio, data, clamp_int(len)))
    }
    fn puts(&self, bio: &Bio, s: &CStr) -> c_int {
        let b = s.to_bytes();
        if b.len() > c_int::MAX as usize {
            return -1;
        }
        self.write_old(bio, Some(b), b.len() as c_int)
    }
    fn gets(&self, bio: &Bio, buf: &mut [u8]) -> c_int {
        let mut st = self.st();
        bio.clear_retry_flags();
        let avail = (st.data.len() - st.pos).min(c_int::MAX as usize) as i64;
        let j = avail.min(buf.len() as i64 - 1);
        if j <= 0 {
            if let Some(b) = buf.first_mut() {
                *b = 0;
            }
            return 0;
        }
        let j = j as usize;
        let unread = &st.data[st.pos..st.pos + j];
        // Up to and including the first newline, or j bytes.
        let i = unread.iter().position(|&c| c == b'\n').map_or(j, |p| p + 1);
        let n = Self::read_locked(&mut st, bio, Some(&mut buf[..i]), i as c_int);
        if n > 0 {
            buf[n as usize] = 0;
        }
        n
    }
    fn ctrl(&self, bio: &Bio, cmd: c_int, larg: c_long, parg: CtrlArg<'_>) -> c_long {
        let rdonly = bio.test_flags(BIO_FLAGS_MEM_RDONLY) != 0;
        let mut st = self.st();
        let avail = st.data.len() - st.pos;
        match cmd {
            BIO_CTRL_RESET => {
                if !rdonly && bio.test_flags(BIO_FLAGS_NONCLEAR_RST) == 0 {
                    st.data.clear();
                }
                // Read-only, or NONCLEAR_RST: rewind to what is buffered.
                st.pos = 0;
                1
            }
            BIO_C_FILE_SEEK => {
                // Offsets count from the start of what is still buffered.
                if larg < 0 || larg as usize > st.pos + avail {
                    return -1;
                }
                st.pos = larg as usize;
                larg
            }
            BIO_C_FILE_TELL => st.pos as c_long,
            BIO_CTRL_EOF => (avail == 0) as c_long,
            BIO_C_SET_BUF_MEM_EOF_RETURN => {
                st.eof_ret = larg as c_int;
                1
            }
            BIO_CTRL_INFO => {
                if let CtrlArg::PtrOut(Some(p)) = parg {
                    *p = st.data[st.pos..].as_ptr() as *mut c_void;
                }
                avail as c_long
            }
            BIO_C_GET_BUF_MEM_PTR => {
                if let CtrlArg::PtrOut(Some(p)) = parg {
                    if !rdonly {
                        Self::sync(&mut st);
                    }
                    let st = &mut *st;
                    let unread = &st.data[st.pos..];
                    *st.bufmem = BufMem {
                        length: unread.len(),
                        data: unread.as_ptr() as usize,
                        max: if rdonly {
                            unread.len()
                        } else {
                            st.data.capacity()
                        },
                        flags: 0,
                    };
                    *p = &mut *st.bufmem as *mut BufMem as *mut c_void;
                }
                1
            }
            BIO_CTRL_GET_CLOSE => bio.shutdown() as c_long,
            BIO_CTRL_SET_CLOSE => {
                bio.set_shutdown(larg as c_int);
                1
            }
            BIO_CTRL_WPENDING => 0,
            BIO_CTRL_PENDING => avail as c_long,
            BIO_CTRL_DUP | BIO_CTRL_FLUSH => 1,
            // BIO_C_SET_BUF_MEM (adopting a caller's BUF_MEM) is not supported.
            _ => 0,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
