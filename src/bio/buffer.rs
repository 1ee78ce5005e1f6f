//! `BIO_f_buffer` (OpenSSL's crypto/bio/bf_buff.c): a filter that reads
//! the next BIO a buffer at a time (so `BIO_gets` can return a line) and
//! collects writes until its buffer is full or `BIO_flush`, which is what
//! `BIO_new_buffer_ssl_connect` puts on top of the SSL BIO.

use std::any::Any;
use std::ffi::CStr;
use std::os::raw::{c_int, c_long};
use std::sync::{Arc, Mutex, MutexGuard};

use super::{Bio, BioImpl, CtrlArg, InfoCb, clamp_int, conv};
use crate::abi::*;

const DEFAULT_BUFFER_SIZE: usize = 4096;

/// `BIO_F_BUFFER_CTX`: the input buffer holds `ibuf[ioff..ioff + ilen]`,
/// the output buffer `obuf[ooff..ooff + olen]`.
struct Buffers {
    ibuf: Vec<u8>,
    ioff: usize,
    ilen: usize,
    obuf: Vec<u8>,
    ooff: usize,
    olen: usize,
}

pub struct BufferBio {
    // Held across calls into the next BIO, as OpenSSL keeps its context;
    // nothing below calls back into this BIO.
    b: Mutex<Buffers>,
}

impl Default for BufferBio {
    fn default() -> Self {
        BufferBio {
            b: Mutex::new(Buffers {
                ibuf: vec![0; DEFAULT_BUFFER_SIZE],
                ioff: 0,
                ilen: 0,
                obuf: vec![0; DEFAULT_BUFFER_SIZE],
                ooff: 0,
                olen: 0,
            }),
        }
    }
}

fn lock(m: &Mutex<Buffers>) -> MutexGuard<'_, Buffers> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The C `int` count a negative-or-positive `BIO_read`/`BIO_write` gives.
fn partial(num: usize, err: c_int) -> c_int {
    if err < 0 && num == 0 {
        err
    } else {
        clamp_int(num)
    }
}

impl BufferBio {
    pub fn new() -> BufferBio {
        BufferBio::default()
    }

    /// `buffer_read`.
    fn read_old(&self, bio: &Bio, next: &Arc<Bio>, out: &mut [u8]) -> c_int {
        let mut b = lock(&self.b);
        bio.clear_retry_flags();
        let mut num = 0usize;
        let mut out = out;
        loop {
            if b.ilen != 0 {
                let i = b.ilen.min(out.len());
                let off = b.ioff;
                out[..i].copy_from_slice(&b.ibuf[off..off + i]);
                b.ioff += i;
                b.ilen -= i;
                num += i;
                if out.len() == i {
                    return clamp_int(num);
                }
                out = &mut out[i..];
            }
            if out.len() > b.ibuf.len() {
                // A large read goes straight to the caller's buffer.
                loop {
                    let want = out.len();
                    let i = next.read_int(Some(out), want);
                    if i <= 0 {
                        bio.copy_next_retry();
                        return partial(num, i);
                    }
                    let i = i as usize;
                    num += i;
                    if out.len() == i {
                        return clamp_int(num);
                    }
                    out = &mut out[i..];
                }
            }
            let size = b.ibuf.len();
            let i = next.read_int(Some(&mut b.ibuf[..]), size);
            if i <= 0 {
                bio.copy_next_retry();
                return partial(num, i);
            }
            b.ioff = 0;
            b.ilen = i as usize;
        }
    }

    /// Writes out the output buffer; `Err(r)` with the next BIO's failure.
    fn drain(&self, bio: &Bio, next: &Arc<Bio>, b: &mut Buffers) -> Result<(), c_int> {
        while b.olen > 0 {
            let (off, len) = (b.ooff, b.olen);
            let i = next.write_int(Some(&b.obuf[off..off + len]), len);
            if i <= 0 {
                bio.copy_next_retry();
                return Err(i);
            }
            b.ooff += i as usize;
            b.olen -= i as usize;
        }
        Ok(())
    }

    /// `buffer_write`.
    fn write_old(&self, bio: &Bio, next: &Arc<Bio>, data: &[u8]) -> c_int {
        let mut b = lock(&self.b);
        bio.clear_retry_flags();
        let mut num = 0usize;
        let mut data = data;
        loop {
            let room = b.obuf.len() - (b.olen + b.ooff);
            if room >= data.len() {
                let at = b.ooff + b.olen;
                b.obuf[at..at + data.len()].copy_from_slice(data);
                b.olen += data.len();
                return clamp_int(num + data.len());
            }
            if b.olen != 0 {
                // Fill the buffer up, then send all of it.
                let at = b.ooff + b.olen;
                b.obuf[at..at + room].copy_from_slice(&data[..room]);
                data = &data[room..];
                num += room;
                b.olen += room;
                if let Err(i) = self.drain(bio, next, &mut b) {
                    return partial(num, i);
                }
            }
            b.ooff = 0;
            while data.len() >= b.obuf.len() {
                let want = data.len();
                let i = next.write_int(Some(data), want);
                if i <= 0 {
                    bio.copy_next_retry();
                    return partial(num, i);
                }
                num += i as usize;
                data = &data[i as usize..];
                if data.is_empty() {
                    return clamp_int(num);
                }
            }
        }
    }

    /// `buffer_gets`: up to and including a newline, NUL-terminated.
    fn gets_line(&self, bio: &Bio, buf: &mut [u8]) -> c_int {
        let Some(next) = bio.next() else { return 0 };
        let mut b = lock(&self.b);
        let mut size = buf.len().saturating_sub(1);
        let mut at = 0usize;
        bio.clear_retry_flags();
        loop {
            if b.ilen > 0 {
                let off = b.ioff;
                let mut i = 0;
                let mut newline = false;
                while i < b.ilen && i < size {
                    let c = b.ibuf[off + i];
                    buf[at + i] = c;
                    i += 1;
                    if c == b'\n' {
                        newline = true;
                        break;
                    }
                }
                at += i;
                size -= i;
                b.ilen -= i;
                b.ioff += i;
                if newline || size == 0 {
                    if let Some(z) = buf.get_mut(at) {
                        *z = 0;
                    }
                    return clamp_int(at);
                }
            } else {
                let cap = b.ibuf.len();
                let i = next.read_int(Some(&mut b.ibuf[..]), cap);
                if i <= 0 {
                    bio.copy_next_retry();
                    if let Some(z) = buf.get_mut(at) {
                        *z = 0;
                    }
                    return partial(at, i);
                }
                b.ilen = i as usize;
                b.ioff = 0;
            }
        }
    }

    /// `BIO_flush`: everything buffered goes to the next BIO, then its
    /// flush.
    fn flush(&self, bio: &Bio, next: &Arc<Bio>, num: c_long) -> c_long {
        let mut b = lock(&self.b);
        if b.olen > 0 {
            bio.clear_retry_flags();
            if let Err(r) = self.drain(bio, next, &mut b) {
                return c_long::from(r);
            }
            bio.copy_next_retry();
            b.olen = 0;
            b.ooff = 0;
        }
        drop(b);
        let r = next.ctrl(BIO_CTRL_FLUSH, num, CtrlArg::None);
        bio.copy_next_retry();
        r
    }

    /// `BIO_C_SET_BUFF_SIZE`: `which` 0 sizes the input buffer, 1 the
    /// output one, `None` both. Sizes up to the default never shrink it.
    fn set_size(&self, num: c_long, which: Option<c_int>) -> c_long {
        let mut b = lock(&self.b);
        let (ibs, obs) = match which {
            Some(0) => (num, b.obuf.len() as c_long),
            Some(_) => (b.ibuf.len() as c_long, num),
            None => (num, num),
        };
        let grow =
            |want: c_long, cur: usize| want > DEFAULT_BUFFER_SIZE as c_long && want as usize != cur;
        if grow(ibs, b.ibuf.len()) {
            b.ibuf = vec![0; ibs as usize];
            b.ioff = 0;
            b.ilen = 0;
        }
        if grow(obs, b.obuf.len()) {
            b.obuf = vec![0; obs as usize];
            b.ooff = 0;
            b.olen = 0;
        }
        1
    }
}

impl BioImpl for BufferBio {
    fn method_type(&self) -> c_int {
        BIO_TYPE_BUFFER
    }
    fn name(&self) -> &CStr {
        c"buffer"
    }
    fn create(&self, bio: &Bio) -> bool {
        bio.set_init(1);
        bio.store_flags(0);
        true
    }
    fn read(&self, bio: &Bio, out: Option<&mut [u8]>, len: usize) -> (c_int, usize) {
        let (Some(out), Some(next)) = (out, bio.next()) else {
            return (0, 0);
        };
        let n = clamp_int(len) as usize;
        conv(self.read_old(bio, &next, &mut out[..n]))
    }
    fn write(&self, bio: &Bio, data: Option<&[u8]>, len: usize) -> (c_int, usize) {
        let (Some(data), Some(next)) = (data, bio.next()) else {
            return (0, 0);
        };
        let n = clamp_int(len) as usize;
        if n == 0 {
            return (0, 0);
        }
        conv(self.write_old(bio, &next, &data[..n]))
    }
    fn puts(&self, bio: &Bio, s: &CStr) -> c_int {
        let b = s.to_bytes();
        match bio.next() {
            Some(next) if !b.is_empty() => {
                self.write_old(bio, &next, &b[..clamp_int(b.len()) as usize])
            }
            _ => 0,
        }
    }
    fn gets(&self, bio: &Bio, buf: &mut [u8]) -> c_int {
        self.gets_line(bio, buf)
    }
    fn ctrl(&self, bio: &Bio, cmd: c_int, num: c_long, parg: CtrlArg<'_>) -> c_long {
        let next = bio.next();
        match cmd {
            BIO_CTRL_RESET => {
                {
                    let mut b = lock(&self.b);
                    (b.ioff, b.ilen, b.ooff, b.olen) = (0, 0, 0, 0);
                }
                next.map_or(0, |n| n.ctrl(cmd, num, parg))
            }
            BIO_CTRL_EOF => {
                if lock(&self.b).ilen > 0 {
                    return 0;
                }
                next.map_or(-1, |n| n.ctrl(cmd, num, parg))
            }
            BIO_CTRL_INFO => lock(&self.b).olen as c_long,
            BIO_C_GET_BUFF_NUM_LINES => {
                let b = lock(&self.b);
                b.ibuf[b.ioff..b.ioff + b.ilen]
                    .iter()
                    .filter(|&&c| c == b'\n')
                    .count() as c_long
            }
            BIO_CTRL_WPENDING | BIO_CTRL_PENDING => {
                let held = {
                    let b = lock(&self.b);
                    if cmd == BIO_CTRL_PENDING {
                        b.ilen
                    } else {
                        b.olen
                    }
                };
                if held != 0 {
                    return held as c_long;
                }
                next.map_or(0, |n| n.ctrl(cmd, num, parg))
            }
            BIO_C_SET_BUFF_READ_DATA => {
                let CtrlArg::Bytes(Some(data)) = parg else {
                    return 0;
                };
                let mut b = lock(&self.b);
                if data.len() > b.ibuf.len() {
                    b.ibuf = vec![0; data.len()];
                }
                b.ibuf[..data.len()].copy_from_slice(data);
                b.ioff = 0;
                b.ilen = data.len();
                1
            }
            BIO_C_SET_BUFF_SIZE => match parg {
                CtrlArg::Int(which) => self.set_size(num, Some(which)),
                _ => self.set_size(num, None),
            },
            BIO_C_DO_STATE_MACHINE => {
                let Some(n) = next else { return 0 };
                bio.clear_retry_flags();
                let r = n.ctrl(cmd, num, parg);
                bio.copy_next_retry();
                r
            }
            BIO_CTRL_FLUSH => match next {
                Some(n) => self.flush(bio, &n, num),
                None => 0,
            },
            BIO_CTRL_DUP => {
                let CtrlArg::Bio(Some(to)) = parg else {
                    return 1;
                };
                let (ibs, obs) = {
                    let b = lock(&self.b);
                    (b.ibuf.len() as c_long, b.obuf.len() as c_long)
                };
                let ok = to.ctrl(BIO_C_SET_BUFF_SIZE, ibs, CtrlArg::Int(0)) > 0
                    && to.ctrl(BIO_C_SET_BUFF_SIZE, obs, CtrlArg::Int(1)) > 0;
                c_long::from(ok)
            }
            BIO_CTRL_PEEK => {
                let CtrlArg::BytesOut(Some(out)) = parg else {
                    return 0;
                };
                let empty = lock(&self.b).ilen == 0;
                if let Some(n) = &next
                    && empty
                {
                    // Fills the input buffer (a read of nothing).
                    self.read_old(bio, n, &mut []);
                }
                let b = lock(&self.b);
                let k = b.ilen.min(out.len());
                out[..k].copy_from_slice(&b.ibuf[b.ioff..b.ioff + k]);
                k as c_long
            }
            _ => next.map_or(0, |n| n.ctrl(cmd, num, parg)),
        }
    }
    fn callback_ctrl(&self, bio: &Bio, cmd: c_int, fp: Option<InfoCb>) -> c_long {
        bio.next().map_or(0, |n| n.callback_ctrl(cmd, fp))
    }
    fn destroy(&self, bio: &Bio) {
        bio.set_init(0);
        bio.store_flags(0);
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
