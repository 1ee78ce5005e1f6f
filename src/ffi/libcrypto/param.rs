//! `X509_VERIFY_PARAM` in the drop-in flavour: the context and each
//! connection own a genuine libcrypto parameter object, as in OpenSSL
//! (`SSL_CTX_get0_param`, `SSL_get0_param`; a connection's inherits the
//! context's at `SSL_new`). Programs set the host to check through it
//! (Python's `ssl` calls `X509_VERIFY_PARAM_set1_host` on `SSL_get0_param`):
//! when a handshake starts, the host names and IP address it holds become
//! the connection's, and so does its depth (`apply`). The depth lives in
//! the parameters, as in OpenSSL (`SSL_CTX_set_verify_depth` is
//! `X509_VERIFY_PARAM_set_depth` on the context's): the depth getters and
//! setters read and write it here too (`depth`, `set_depth`).
//!
//! Flags: the connection's parameters and the context's store's
//! (`X509_STORE_set_flags`, which OpenSSL's verification inherits) become
//! the connection's: `X509_V_FLAG_PARTIAL_CHAIN` changes what is trusted,
//! `X509_V_FLAG_CRL_CHECK`/`_CRL_CHECK_ALL` check revocation against the
//! store's CRLs (`verify::revocation`), and the host flags change how
//! names match (`verify::host`). The core
//! always builds chains as with `X509_V_FLAG_TRUSTED_FIRST`. Any other
//! flag is not applied: `apply` says so at `info`.

#![allow(non_snake_case)]

use sslshim_macros::entry;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_uint, c_ulong, c_void};
use std::ptr::{self, NonNull};
use std::sync::Arc;

use super::sys;
use crate::abi::{
    X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT, X509_CHECK_FLAG_MULTI_LABEL_WILDCARDS,
    X509_CHECK_FLAG_NEVER_CHECK_SUBJECT, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS,
    X509_CHECK_FLAG_NO_WILDCARDS, X509_V_FLAG_CRL_CHECK, X509_V_FLAG_CRL_CHECK_ALL,
    X509_V_FLAG_PARTIAL_CHAIN, X509_V_FLAG_TRUSTED_FIRST,
};
use crate::ctx::SslCtx;
use crate::ffi::handle;
use crate::keep::Keep;
use crate::ssl::{Conn, Ssl};

/// One libcrypto X509_VERIFY_PARAM, freed on drop.
struct ForeignParam(NonNull<c_void>);

// SAFETY: only read or changed by the thread driving its SSL or context
// (OpenSSL's own rule for these objects); freeing needs no particular thread.
unsafe impl Send for ForeignParam {}
// SAFETY: as above.
unsafe impl Sync for ForeignParam {}

impl Drop for ForeignParam {
    fn drop(&mut self) {
        // SAFETY: we own this live parameter object.
        unsafe { sys::X509_VERIFY_PARAM_free(self.0.as_ptr()) };
    }
}

const PARAM: &str = "verify_param";

fn param_of(keep: &Keep) -> *mut c_void {
    keep.any(PARAM)
        .and_then(|(_, k)| k.downcast::<ForeignParam>().ok())
        .map_or(ptr::null_mut(), |p| p.0.as_ptr())
}

fn make(keep: &Keep, parent: *mut c_void) {
    // SAFETY: no arguments; a new object or NULL.
    let Some(p) = NonNull::new(unsafe { sys::X509_VERIFY_PARAM_new() }) else {
        return;
    };
    if !parent.is_null() {
        // SAFETY: both are live parameter objects; inherit copies the
        // parent's settings into ours (OpenSSL's SSL_new does the same).
        unsafe { sys::X509_VERIFY_PARAM_inherit(p.as_ptr(), parent) };
    }
    keep.put(PARAM, 0, Arc::new(ForeignParam(p)));
}

/// A new context's parameters.
pub fn attach_ctx(c: &SslCtx) {
    make(&c.keep, ptr::null_mut());
}

/// A new connection's parameters, inheriting its context's.
pub fn attach_ssl(s: &Ssl, c: &SslCtx) {
    make(&s.keep, param_of(&c.keep));
}

/// `SSL_dup`: the copy's parameters inherit the original's, as OpenSSL's
/// `X509_VERIFY_PARAM_inherit`.
pub fn inherit_ssl(to: &Ssl, from: &Ssl) {
    let (t, f) = (param_of(&to.keep), param_of(&from.keep));
    if !t.is_null() && !f.is_null() {
        // SAFETY: both are live parameter objects the connections own.
        unsafe { sys::X509_VERIFY_PARAM_inherit(t, f) };
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get0_param(ctx: *mut SslCtx) -> *mut c_void {
    handle::with(FUNC, ctx, FAIL, |c| param_of(&c.keep))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get0_param(ssl: *mut Ssl) -> *mut c_void {
    handle::with(FUNC, ssl, FAIL, |s| param_of(&s.keep))
}

// `vpm` is the program's X509_VERIFY_PARAM*, live by the contract.
#[allow(clippy::not_unsafe_ptr_arg_deref)]
fn set1(keep: &Keep, vpm: *mut c_void) -> c_int {
    let ours = param_of(keep);
    if ours.is_null() || vpm.is_null() {
        return 0;
    }
    // SAFETY: both are live parameter objects; set1 copies vpm's settings.
    unsafe { sys::X509_VERIFY_PARAM_set1(ours, vpm) }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set1_param(ctx: *mut SslCtx, vpm: *mut c_void) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| set1(&c.keep, vpm))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set1_param(ssl: *mut Ssl, vpm: *mut c_void) -> c_int {
    handle::with(FUNC, ssl, FAIL, |s| set1(&s.keep, vpm))
}

/// The depth the parameters of a context or connection hold (-1: unset,
/// OpenSSL's default); `None` without parameters.
pub fn depth(keep: &Keep) -> Option<c_int> {
    let p = param_of(keep);
    // SAFETY: `p` is our live parameter object.
    (!p.is_null()).then(|| unsafe { sys::X509_VERIFY_PARAM_get_depth(p) })
}

/// `SSL_CTX_set_verify_depth`/`SSL_set_verify_depth`: into the parameters.
pub fn set_depth(keep: &Keep, d: c_int) {
    let p = param_of(keep);
    if !p.is_null() {
        // SAFETY: `p` is our live parameter object.
        unsafe { sys::X509_VERIFY_PARAM_set_depth(p, d) };
    }
}

/// What the core applies (module comment).
const FLAGS_HONOURED: c_ulong = X509_V_FLAG_TRUSTED_FIRST
    | X509_V_FLAG_PARTIAL_CHAIN
    | X509_V_FLAG_CRL_CHECK
    | X509_V_FLAG_CRL_CHECK_ALL;
const HOSTFLAGS_HONOURED: c_uint = X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT
    | X509_CHECK_FLAG_NO_WILDCARDS
    | X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS
    | X509_CHECK_FLAG_MULTI_LABEL_WILDCARDS
    | X509_CHECK_FLAG_NEVER_CHECK_SUBJECT;

/// `SSL_set_hostflags` on the connection's libcrypto parameters, which
/// `apply` hands to the core at each handshake.
pub fn set_hostflags(s: &Ssl, flags: c_uint) {
    let p = param_of(&s.keep);
    if !p.is_null() {
        // SAFETY: `p` is our live parameter object.
        unsafe { sys::X509_VERIFY_PARAM_set_hostflags(p, flags) };
    }
}

/// `SSL_set1_host`/`SSL_add1_host` on the connection's libcrypto
/// parameters too, as OpenSSL's are those calls (`apply` hands them to the
/// core again at each handshake): an IP address literal (`ip`, as the core
/// read it) is the parameters' address, and `SSL_set1_host` with one
/// clears their names, as OpenSSL 3's.
// `host` is the program's NUL-terminated string or NULL, by the
// SSL_set1_host contract.
#[allow(clippy::not_unsafe_ptr_arg_deref)]
pub fn set_host(s: &Ssl, host: *const c_char, add: bool, ip: bool) {
    let p = param_of(&s.keep);
    if p.is_null() {
        return;
    }
    // SAFETY: `p` is our live parameter object; `host` is NULL or a C
    // string (length 0: libcrypto measures it); `ip` only with a string.
    unsafe {
        match (ip && !host.is_null(), add) {
            (true, add) => {
                sys::X509_VERIFY_PARAM_set1_ip_asc(p, host);
                if !add {
                    sys::X509_VERIFY_PARAM_set1_host(p, ptr::null(), 0);
                }
            }
            (false, true) => {
                sys::X509_VERIFY_PARAM_add1_host(p, host, 0);
            }
            (false, false) => {
                sys::X509_VERIFY_PARAM_set1_host(p, host, 0);
            }
        }
    }
}

/// Says which flags the core cannot apply.
fn report_flags(flags: c_ulong, hostflags: c_uint) {
    if flags & !FLAGS_HONOURED != 0 {
        log::info!(
            "X509_VERIFY_PARAM flags {:#x} are not applied (sslshim cannot honour them)",
            flags & !FLAGS_HONOURED
        );
    }
    if hostflags & !HOSTFLAGS_HONOURED != 0 {
        log::info!(
            "X509_VERIFY_PARAM host flags {:#x} are not applied (sslshim cannot honour them)",
            hostflags & !HOSTFLAGS_HONOURED
        );
    }
}

/// The connection's parameters as the core's: their depth; their host
/// names and IP address as the names to check (`SSL_set1_host` writes
/// there too, as in OpenSSL); flags the core cannot apply are reported.
/// What the connection's
/// parameters leave at its default comes from the context's store's, as
/// OpenSSL's verification starts from those and lays the connection's over
/// them (`X509_VERIFY_PARAM_set1`): the depth, the names with their host
/// flags, and the flags (added).
pub fn apply(s: &Ssl, c: &mut Conn) {
    let p = param_of(&s.keep);
    if p.is_null() {
        return;
    }
    // SAFETY: `p` is our live parameter object.
    let (mut depth, mut flags, mut hostflags) = unsafe {
        (
            sys::X509_VERIFY_PARAM_get_depth(p),
            sys::X509_VERIFY_PARAM_get_flags(p),
            sys::X509_VERIFY_PARAM_get_hostflags(p),
        )
    };
    let mut names = names_of(p);
    super::store::with_param(&c.ctx, |sp| {
        // SAFETY: `sp` is the store's live parameter object.
        unsafe {
            flags |= sys::X509_VERIFY_PARAM_get_flags(sp);
            if depth == -1 {
                depth = sys::X509_VERIFY_PARAM_get_depth(sp);
            }
            if names.is_empty() {
                names = names_of(sp);
                if !names.is_empty() {
                    hostflags = sys::X509_VERIFY_PARAM_get_hostflags(sp);
                }
            }
        }
    });
    c.set_verify_depth(depth);
    c.set_verify_flags(flags, hostflags);
    report_flags(flags, hostflags);
    c.set_verify_names(names.hosts, names.ip);
}

/// The host names and IP address parameters name.
struct Names {
    hosts: Vec<String>,
    ip: Option<std::net::IpAddr>,
}

impl Names {
    fn is_empty(&self) -> bool {
        self.hosts.is_empty() && self.ip.is_none()
    }
}

fn names_of(p: *mut c_void) -> Names {
    let mut names = Names {
        hosts: Vec::new(),
        ip: None,
    };
    // SAFETY: `p` is a live parameter object; get0_host returns its own
    // strings (or NULL past the last), get1_ip_asc a copy we free.
    unsafe {
        for i in 0.. {
            let h = sys::X509_VERIFY_PARAM_get0_host(p, i);
            if h.is_null() {
                break;
            }
            names
                .hosts
                .push(CStr::from_ptr(h).to_string_lossy().into_owned());
        }
        // Without an address, get1_ip_asc queues "passed a null
        // parameter": asking must leave the program's queue as it was
        // (with nothing marked, pop_to_mark empties what was empty).
        sys::ERR_set_mark();
        let ip = sys::X509_VERIFY_PARAM_get1_ip_asc(p);
        sys::ERR_pop_to_mark();
        if !ip.is_null() {
            names.ip = CStr::from_ptr(ip)
                .to_str()
                .ok()
                .and_then(|t| t.parse().ok());
            sys::CRYPTO_free(ip.cast(), c"param.rs".as_ptr(), 0);
        }
    }
    names
}
