//! The peer's certificates after (or during) a handshake (ssl.h).

#![allow(non_snake_case)]

use super::handle;
use super::objects::{CObjects, Flavour};
use super::x509::StackX509;
use crate::ssl::Ssl;
use crate::x509::X509;
use sslshim_macros::entry;
use std::os::raw::{c_char, c_uint};
use std::ptr;

/// get0, owned by the `SSL`: on a client the server's chain with its leaf,
/// on a server the client's chain without its leaf (OpenSSL's rule; use
/// `SSL_get0_peer_certificate` for the leaf). Works inside a verify
/// callback with what was recorded so far.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get_peer_cert_chain(ssl: *const Ssl) -> *mut StackX509 {
    handle::with(FUNC, ssl, FAIL, |s| {
        let chain = if s.locked_here() {
            s.peer_cert_chain_in_callback()
        } else {
            s.lock().peer_cert_chain()
        };
        chain.map_or(ptr::null_mut(), |c| Flavour::x509_stack_out(s, c).cast())
    })
}

/// get0: the chain verification built, leaf to trust anchor (also after
/// a failed verification, as in OpenSSL).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get0_verified_chain(ssl: *const Ssl) -> *mut StackX509 {
    handle::with(FUNC, ssl, FAIL, |s| {
        s.verified_chain().map_or(ptr::null_mut(), |c| {
            Flavour::x509_stack_kept(s, "verified_chain", c).cast()
        })
    })
}

/// `SSL_get1_peer_certificate` without the new reference.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get0_peer_certificate(ssl: *const Ssl) -> *mut X509 {
    // Inside a callback (the handshake is not over): no peer certificate
    // yet, as OpenSSL's verify callbacks see.
    super::ssl::query(
        FUNC,
        ssl,
        FAIL,
        |_| ptr::null_mut(),
        |s| {
            s.lock().peer_certificate().map_or(ptr::null_mut(), |x| {
                Flavour::x509_kept(&s.keep, "peer_cert", x).cast()
            })
        },
    )
}

/// `SSL_get0_peername`: the certificate's name that matched the host set
/// with `SSL_set1_host`/`SSL_add1_host` (`VerifySession::peername`), or
/// NULL; valid until the next handshake.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_get0_peername(ssl: *mut Ssl) -> *const c_char {
    handle::with(FUNC, ssl, FAIL, |s| {
        crate::verify::session::with(s.verify_session(), |v| {
            v.peername().map_or(ptr::null(), |n| n.as_ptr())
        })
    })
}

/// `SSL_set_hostflags`: the `X509_CHECK_FLAG_*` of the host name check.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_hostflags(ssl: *mut Ssl, flags: c_uint) {
    handle::with(FUNC, ssl, FAIL, |s| Flavour::set_hostflags(s, flags))
}
