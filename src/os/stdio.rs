//! C `FILE *` streams for the standalone file BIO (`BIO_s_file`,
//! `BIO_new_file`, `BIO_new_fp`): stdio calls on a stream the program gave
//! us or that `BIO_new_file` opened. A `CFile` is the stream's address; the
//! caller of `BIO_new_fp`/`BIO_set_fp` promises it stays a live stream for
//! as long as the BIO uses it, exactly as with OpenSSL.

use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_long, c_void};

/// A C stream, by address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CFile(usize);

impl CFile {
    /// The stream at `addr` (NULL gives `None`).
    pub fn from_addr(addr: usize) -> Option<CFile> {
        (addr != 0).then_some(CFile(addr))
    }

    pub fn addr(self) -> usize {
        self.0
    }

    fn fp(self) -> *mut libc::FILE {
        self.0 as *mut libc::FILE
    }

    /// `fopen(path, mode)`, or the errno it failed with.
    pub fn open(path: &CStr, mode: &CStr) -> Result<CFile, i32> {
        // SAFETY: both are NUL-terminated strings we borrow for the call.
        let fp = unsafe { libc::fopen(path.as_ptr(), mode.as_ptr()) };
        if fp.is_null() {
            Err(super::errno())
        } else {
            Ok(CFile(fp as usize))
        }
    }

    /// `fread` into `buf`: the count read, and whether the stream is in
    /// error (`ferror`) after a 0.
    pub fn read(self, buf: &mut [u8]) -> (usize, bool) {
        // SAFETY: `buf` is writable for its length; the stream is live
        // (type docs).
        let n = unsafe { libc::fread(buf.as_mut_ptr() as *mut c_void, 1, buf.len(), self.fp()) };
        // SAFETY: as above.
        let err = n == 0 && unsafe { libc::ferror(self.fp()) } != 0;
        (n, err)
    }

    /// `fwrite` of all of `data` as one item: true when written.
    pub fn write_all(self, data: &[u8]) -> bool {
        // SAFETY: `data` is readable for its length; the stream is live.
        unsafe { libc::fwrite(data.as_ptr() as *const c_void, data.len(), 1, self.fp()) == 1 }
    }

    /// `fgets` into `buf`: the line's length, 0 at the end or on error.
    pub fn gets(self, buf: &mut [u8]) -> usize {
        let Ok(size) = c_int::try_from(buf.len()) else {
            return 0;
        };
        if size == 0 {
            return 0;
        }
        buf[0] = 0;
        // SAFETY: `buf` is writable for `size` bytes; fgets writes at most
        // size - 1 bytes and a NUL.
        let p = unsafe { libc::fgets(buf.as_mut_ptr() as *mut c_char, size, self.fp()) };
        if p.is_null() {
            return 0;
        }
        buf.iter().position(|&b| b == 0).unwrap_or(buf.len())
    }

    /// `fseek(offset, SEEK_SET)`.
    pub fn seek(self, offset: c_long) -> c_int {
        // SAFETY: the stream is live.
        unsafe { libc::fseek(self.fp(), offset, libc::SEEK_SET) }
    }

    /// `ftell`.
    pub fn tell(self) -> c_long {
        // SAFETY: the stream is live.
        unsafe { libc::ftell(self.fp()) }
    }

    /// `feof`.
    pub fn eof(self) -> c_int {
        // SAFETY: the stream is live.
        unsafe { libc::feof(self.fp()) }
    }

    /// `fflush`: false on failure.
    pub fn flush(self) -> bool {
        // SAFETY: the stream is live.
        unsafe { libc::fflush(self.fp()) == 0 }
    }

    /// `fclose`; the stream is gone afterwards.
    pub fn close(self) {
        // SAFETY: the stream is live and owned by the BIO closing it.
        unsafe { libc::fclose(self.fp()) };
    }
}
