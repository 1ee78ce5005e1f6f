//! `Transport` on a libcrypto `BIO*`: the program's own BIOs (memory,
//! socket, a custom `BIO_METHOD` such as curl's) carry our records, called
//! through libcrypto's public BIO API exactly as libssl calls them.

use std::any::Any;
use std::ffi::CStr;
use std::os::raw::{c_int, c_void};
use std::ptr::{self, NonNull};

use super::sys;
use crate::abi::{
    BIO_C_GET_FD, BIO_CTRL_EOF, BIO_CTRL_FLUSH, BIO_FLAGS_READ, BIO_FLAGS_RWS,
    BIO_FLAGS_SHOULD_RETRY, BIO_FLAGS_WRITE, BIO_TYPE_BIO, BIO_TYPE_DESCRIPTOR, BIO_TYPE_MEM,
};
use crate::bio::Transport;

/// One reference to a libcrypto BIO, released on drop, and whether our
/// records are read from it one by one (see `Transport::reads_by_record`).
pub struct ForeignBio {
    bio: NonNull<c_void>,
    by_record: bool,
}

// SAFETY: a BIO is used by one thread at a time, the one calling into its
// SSL (the SSL's lock serialises our calls), which is OpenSSL's own rule;
// libcrypto's BIO reference count is atomic, so dropping on another thread
// is fine.
unsafe impl Send for ForeignBio {}
// SAFETY: as above; `&ForeignBio` only reaches libcrypto under the SSL lock.
unsafe impl Sync for ForeignBio {}

impl ForeignBio {
    /// Takes over one reference the caller owns; `None` for NULL.
    pub fn adopt(p: *mut c_void) -> Option<ForeignBio> {
        let bio = NonNull::new(p)?;
        // A memory BIO or pair half holds bytes the program already handed
        // over, so greedy reads lose nothing and save rustls work, as with
        // our own (bio::Bio::reads_by_record). libcrypto's own methods are
        // told by type and name: a program's method may declare the type
        // over a socket (curl's does), where reading past the record would
        // hide the rest from the program's poll().
        // SAFETY: a live BIO; its method, hence type and name, never
        // changes; the name is a NUL-terminated static string or NULL.
        let (ty, name) = unsafe {
            let name = sys::BIO_method_name(bio.as_ptr());
            let name = (!name.is_null()).then(|| CStr::from_ptr(name));
            (sys::BIO_method_type(bio.as_ptr()), name)
        };
        let in_memory = match ty {
            BIO_TYPE_MEM => name == Some(c"memory buffer"),
            BIO_TYPE_BIO => name == Some(c"BIO pair"),
            _ => false,
        };
        let by_record = !in_memory;
        Some(ForeignBio { bio, by_record })
    }

    /// `BIO_new_socket(fd, BIO_NOCLOSE)`.
    pub fn socket(fd: c_int) -> Option<ForeignBio> {
        // SAFETY: no pointers; libcrypto allocates the BIO (NULL on failure,
        // with its error queued).
        Self::adopt(unsafe { sys::BIO_new_socket(fd, 0) })
    }

    pub fn as_ptr(&self) -> *mut c_void {
        self.bio.as_ptr()
    }
}

/// Gives back the reference as OpenSSL's `SSL_free` and `SSL_set0_rbio`/
/// `_wbio` give back theirs: `BIO_free_all`, so that a filter chain the
/// SSL held alone goes with it (a memory BIO pushed under a program's
/// filter), and one someone else still holds keeps what follows it.
impl Drop for ForeignBio {
    fn drop(&mut self) {
        // SAFETY: we own one reference to this live BIO (the head of its
        // chain, as every BIO we adopt is).
        unsafe { sys::BIO_free_all(self.as_ptr()) };
    }
}

impl Transport for ForeignBio {
    fn read(&self, buf: &mut [u8]) -> isize {
        let len = buf.len().min(c_int::MAX as usize) as c_int;
        // SAFETY: live BIO; `buf` is writable for `len` bytes.
        unsafe { sys::BIO_read(self.as_ptr(), buf.as_mut_ptr().cast(), len) as isize }
    }
    fn write(&self, buf: &[u8]) -> isize {
        let len = buf.len().min(c_int::MAX as usize) as c_int;
        // SAFETY: live BIO; `buf` is readable for `len` bytes.
        unsafe { sys::BIO_write(self.as_ptr(), buf.as_ptr().cast(), len) as isize }
    }
    fn flush(&self) -> isize {
        // SAFETY: live BIO; FLUSH takes no pointer argument.
        unsafe { sys::BIO_ctrl(self.as_ptr(), BIO_CTRL_FLUSH, 0, ptr::null_mut()) as isize }
    }
    fn should_retry(&self) -> bool {
        // SAFETY: live BIO.
        unsafe { sys::BIO_test_flags(self.as_ptr(), BIO_FLAGS_SHOULD_RETRY) != 0 }
    }
    fn should_read(&self) -> bool {
        // SAFETY: live BIO.
        unsafe { sys::BIO_test_flags(self.as_ptr(), BIO_FLAGS_READ) != 0 }
    }
    fn should_write(&self) -> bool {
        // SAFETY: live BIO.
        unsafe { sys::BIO_test_flags(self.as_ptr(), BIO_FLAGS_WRITE) != 0 }
    }
    fn eof(&self) -> bool {
        // SAFETY: live BIO; EOF takes no pointer argument.
        unsafe { sys::BIO_ctrl(self.as_ptr(), BIO_CTRL_EOF, 0, ptr::null_mut()) != 0 }
    }
    fn fd(&self) -> Option<i32> {
        let mut fd: c_int = -1;
        // SAFETY: live BIO; BIO_find_type returns a BIO of the chain or
        // NULL; BIO_C_GET_FD writes one int through the pointer we pass.
        unsafe {
            let b = sys::BIO_find_type(self.as_ptr(), BIO_TYPE_DESCRIPTOR);
            if b.is_null() {
                return None;
            }
            sys::BIO_ctrl(b, BIO_C_GET_FD, 0, (&mut fd as *mut c_int).cast());
        }
        (fd >= 0).then_some(fd)
    }
    fn reads_by_record(&self) -> bool {
        self.by_record
    }
    fn mark_retry_read(&self) {
        // SAFETY: live BIO; flags only.
        unsafe {
            sys::BIO_clear_flags(self.as_ptr(), BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY);
            sys::BIO_set_flags(self.as_ptr(), BIO_FLAGS_READ | BIO_FLAGS_SHOULD_RETRY);
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// libcrypto's own memory BIO is read greedily; a program's method
    /// declaring the memory type (curl's) and a socket BIO record by
    /// record (see `ForeignBio::adopt`).
    #[test]
    fn only_libcrypto_memory_bios_are_read_greedily() {
        // SAFETY: libcrypto constructors; each BIO is adopted (freed on drop).
        let mem = ForeignBio::adopt(unsafe { sys::BIO_new(sys::BIO_s_mem()) }).unwrap();
        assert!(!mem.reads_by_record());
        let sock = ForeignBio::socket(-1).unwrap();
        assert!(sock.reads_by_record());
        // SAFETY: a method named like curl's, of the memory type; the BIO
        // made from it is adopted and freed before the method.
        unsafe {
            let m = sys::BIO_meth_new(BIO_TYPE_MEM, c"OpenSSL CF BIO".as_ptr());
            assert!(!m.is_null());
            let own = ForeignBio::adopt(sys::BIO_new(m)).unwrap();
            assert!(own.reads_by_record());
            drop(own);
            sys::BIO_meth_free(m);
        }
    }

    /// Writes and reads pass through libcrypto's BIO with its retry flags.
    #[test]
    fn memory_bio_round_trip_and_retry() {
        // SAFETY: a libcrypto memory BIO, adopted.
        let mem = ForeignBio::adopt(unsafe { sys::BIO_new(sys::BIO_s_mem()) }).unwrap();
        assert_eq!(mem.write(b"record"), 6);
        let mut buf = [0u8; 16];
        assert_eq!(mem.read(&mut buf), 6);
        assert_eq!(&buf[..6], b"record");
        // Empty: -1 with "retry read", as an SSL waiting for the peer sees it.
        assert_eq!(mem.read(&mut buf), -1);
        assert!(mem.should_retry() && mem.should_read());
        assert_eq!(mem.fd(), None);
    }
}
