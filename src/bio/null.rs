//! `BIO_s_null`: a sink that accepts everything and reads nothing
//! (bss_null.c).

use std::any::Any;
use std::ffi::CStr;
use std::os::raw::{c_int, c_long};

use super::{Bio, BioImpl, CtrlArg, Op, clamp_int, conv};
use crate::abi::*;

pub struct NullBio;

impl BioImpl for NullBio {
    fn method_type(&self) -> c_int {
        BIO_TYPE_NULL
    }
    fn name(&self) -> &CStr {
        c"NULL"
    }
    fn supports(&self, op: Op) -> bool {
        // No create (so init starts at 1) and no callback_ctrl.
        !matches!(op, Op::Create | Op::CallbackCtrl)
    }
    fn read(&self, _bio: &Bio, _out: Option<&mut [u8]>, _len: usize) -> (c_int, usize) {
        (0, 0)
    }
    fn write(&self, _bio: &Bio, _data: Option<&[u8]>, len: usize) -> (c_int, usize) {
        conv(clamp_int(len))
    }
    fn puts(&self, _bio: &Bio, s: &CStr) -> c_int {
        clamp_int(s.to_bytes().len())
    }
    fn gets(&self, _bio: &Bio, _buf: &mut [u8]) -> c_int {
        0
    }
    fn ctrl(&self, _bio: &Bio, cmd: c_int, _larg: c_long, _parg: CtrlArg<'_>) -> c_long {
        match cmd {
            BIO_CTRL_RESET | BIO_CTRL_EOF | BIO_CTRL_SET | BIO_CTRL_SET_CLOSE | BIO_CTRL_FLUSH
            | BIO_CTRL_DUP => 1,
            _ => 0,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
