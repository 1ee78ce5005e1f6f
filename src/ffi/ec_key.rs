//! `EC_KEY` and `EC_GROUP` entry points of the standalone flavour (ec.h):
//! a named curve for `SSL_CTX_set_tmp_ecdh` (src/x509/ec_key.rs says why
//! that is all). The drop-in flavour's are libcrypto's.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::os::raw::c_int;
use std::ptr;
use std::sync::Arc;

use super::handle::{self, Handle};
use crate::abi::{ERR_LIB_EC, NID_undef};
use crate::x509::EcKey;

/// `EC_R_UNKNOWN_GROUP`.
const EC_R_UNKNOWN_GROUP: c_int = 129;

// SAFETY: `EcKey` is `#[repr(C)]` with its `u64` magic first, set at
// construction and never changed.
unsafe impl Handle for EcKey {
    const MAGIC: u64 = EcKey::MAGIC;
    fn magic(&self) -> u64 {
        EcKey::magic(self)
    }
}

/// `EC_GROUP`: a named curve. The groups `EC_KEY_get0_group` returns are
/// static, one per curve in use.
#[repr(C)]
pub struct EcGroup {
    magic: u64,
    nid: c_int,
}

impl EcGroup {
    const MAGIC: u64 = 0x5353_4c53_4543_4752; // "SSLSECGR"
}

// SAFETY: as for `EcKey`.
unsafe impl Handle for EcGroup {
    const MAGIC: u64 = EcGroup::MAGIC;
    fn magic(&self) -> u64 {
        self.magic
    }
}

/// The curve of one of our keys (the flavour seam's `ec_key_curve`).
pub fn curve_of(p: *const EcKey) -> Option<c_int> {
    handle::borrow(p).map(EcKey::curve)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EC_KEY_new_by_curve_name(nid: c_int) -> *mut EcKey {
    match EcKey::by_curve_name(nid) {
        Some(k) => handle::into_raw(Arc::new(k)),
        None => {
            crate::err::raise(ERR_LIB_EC, EC_R_UNKNOWN_GROUP, FUNC, file!(), line!());
            ptr::null_mut()
        }
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EC_KEY_free(key: *mut EcKey) {
    handle::release(key);
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EC_KEY_up_ref(key: *mut EcKey) -> c_int {
    c_int::from(handle::up_ref(key))
}

/// get0: the key's curve, as a group that lives as long as the process.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EC_KEY_get0_group(key: *const EcKey) -> *const EcGroup {
    static GROUPS: std::sync::Mutex<Vec<&'static EcGroup>> = std::sync::Mutex::new(Vec::new());
    let Some(nid) = curve_of(key) else {
        return ptr::null();
    };
    let mut groups = GROUPS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(g) = groups.iter().find(|g| g.nid == nid) {
        return *g;
    }
    // One small allocation per curve ever used, kept for the process's
    // life as OpenSSL's static curve table is.
    let g: &'static EcGroup = Box::leak(Box::new(EcGroup {
        magic: EcGroup::MAGIC,
        nid,
    }));
    groups.push(g);
    g
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn EC_GROUP_get_curve_name(group: *const EcGroup) -> c_int {
    handle::borrow(group).map_or(NID_undef, |g| g.nid)
}
