//! `X509_VERIFY_PARAM` of the standalone flavour (the drop-in's is
//! libcrypto's, `ffi::libcrypto::param`): the `X509_V_FLAG_*` flags of a
//! context or connection. A connection's parameters inherit its context's
//! at `SSL_new`, and their flags become the connection's verify flags
//! (`VerifyParams::flags`) when a handshake starts, as OpenSSL's
//! verification copies the connection's parameters. The depth and host
//! names stay where `SSL_set_verify_depth` and `SSL_set1_host` keep them.

use std::os::raw::c_ulong;
use std::sync::Mutex;

use crate::abi::{
    X509_V_FLAG_EXPLICIT_POLICY, X509_V_FLAG_INHIBIT_ANY, X509_V_FLAG_INHIBIT_MAP,
    X509_V_FLAG_POLICY_CHECK,
};

/// `X509_V_FLAG_POLICY_MASK`: any of these turns policy checking on.
const POLICY_MASK: c_ulong = X509_V_FLAG_POLICY_CHECK
    | X509_V_FLAG_EXPLICIT_POLICY
    | X509_V_FLAG_INHIBIT_ANY
    | X509_V_FLAG_INHIBIT_MAP;

#[repr(C)]
#[derive(Debug)]
pub struct X509VerifyParam {
    magic: u64,
    flags: Mutex<c_ulong>,
}

impl X509VerifyParam {
    pub const MAGIC: u64 = 0x5353_4c53_5650_524d; // "SSLSVPRM"

    pub fn new(flags: c_ulong) -> Self {
        X509VerifyParam {
            magic: Self::MAGIC,
            flags: Mutex::new(flags),
        }
    }

    pub fn magic(&self) -> u64 {
        self.magic
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, c_ulong> {
        self.flags.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn flags(&self) -> c_ulong {
        *self.lock()
    }

    /// `X509_VERIFY_PARAM_set_flags`: adds `flags`; a policy flag also
    /// turns policy checking on, as OpenSSL's does.
    pub fn set_flags(&self, flags: c_ulong) {
        let mut f = self.lock();
        *f |= flags;
        if flags & POLICY_MASK != 0 {
            *f |= X509_V_FLAG_POLICY_CHECK;
        }
    }

    /// `X509_VERIFY_PARAM_clear_flags`.
    pub fn clear_flags(&self, flags: c_ulong) {
        *self.lock() &= !flags;
    }

    /// `X509_VERIFY_PARAM_set1`/`_inherit` for the flags: OpenSSL adds the
    /// source's to the destination's.
    pub fn inherit(&self, from: &X509VerifyParam) {
        let add = from.flags();
        *self.lock() |= add;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::{X509_V_FLAG_CRL_CHECK, X509_V_FLAG_CRL_CHECK_ALL};

    #[test]
    fn flags_add_clear_and_inherit() {
        let p = X509VerifyParam::new(0);
        p.set_flags(X509_V_FLAG_CRL_CHECK);
        p.set_flags(X509_V_FLAG_CRL_CHECK_ALL);
        assert_eq!(p.flags(), X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
        p.clear_flags(X509_V_FLAG_CRL_CHECK_ALL);
        assert_eq!(p.flags(), X509_V_FLAG_CRL_CHECK);
        let q = X509VerifyParam::new(X509_V_FLAG_CRL_CHECK_ALL);
        q.inherit(&p);
        assert_eq!(q.flags(), X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
        p.set_flags(X509_V_FLAG_INHIBIT_ANY);
        assert_ne!(p.flags() & X509_V_FLAG_POLICY_CHECK, 0);
    }
}
