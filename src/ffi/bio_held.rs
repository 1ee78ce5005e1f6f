//! The read and write BIOs an `SSL` holds, standalone flavour: its
//! reference goes back as OpenSSL's `SSL_free` and `SSL_set0_rbio`/`_wbio`
//! give back theirs, with `BIO_free_all`. A filter chain only the `SSL`
//! held goes with it (a memory BIO pushed under a program's filter was
//! left allocated when only the head was released); a chain someone else
//! still holds keeps what follows its head. (The drop-in's `ForeignBio`
//! does the same with libcrypto's `BIO_free_all`.)

use std::any::Any;
use std::mem::ManuallyDrop;
use std::sync::Arc;

use super::handle;
use crate::bio::{Bio, BioRef, Transport};

pub struct HeldBio(ManuallyDrop<Arc<Bio>>);

impl HeldBio {
    /// Takes over the caller's reference to `p` (NULL or not a BIO: none).
    pub fn adopt(p: *const Bio) -> Option<BioRef> {
        handle::adopt(p).map(|b| Arc::new(HeldBio(ManuallyDrop::new(b))) as BioRef)
    }
}

impl Drop for HeldBio {
    fn drop(&mut self) {
        // SAFETY: the field is taken once, here, and never used after.
        let own = unsafe { ManuallyDrop::take(&mut self.0) };
        // Our reference becomes C's again, and goes as BIO_free_all's.
        super::bio::free_all_raw(handle::into_raw(own));
    }
}

/// Everything is the BIO's own; `as_any` too, so that the program's
/// `BIO*` (`SSL_get_rbio`) is the BIO, not this holder.
impl Transport for HeldBio {
    fn read(&self, buf: &mut [u8]) -> isize {
        self.0.read(buf)
    }
    fn write(&self, buf: &[u8]) -> isize {
        self.0.write(buf)
    }
    fn flush(&self) -> isize {
        self.0.flush()
    }
    fn should_retry(&self) -> bool {
        self.0.should_retry()
    }
    fn should_read(&self) -> bool {
        self.0.should_read()
    }
    fn should_write(&self) -> bool {
        self.0.should_write()
    }
    fn eof(&self) -> bool {
        Transport::eof(&**self.0)
    }
    fn fd(&self) -> Option<i32> {
        Transport::fd(&**self.0)
    }
    fn reads_by_record(&self) -> bool {
        self.0.reads_by_record()
    }
    fn mark_retry_read(&self) {
        self.0.mark_retry_read()
    }
    fn as_any(&self) -> &dyn Any {
        self.0.as_any()
    }
}
