//! Setters that would switch on what rustls cannot do (ssl.h, srp.h): the
//! program's own TLS extensions and serverinfo blocks, EAP-FAST's session
//! ticket extension and master key, an ENGINE's client certificates, SRP
//! server parameters, stateless cookie exchange, tickets on demand and
//! openssl.cnf's ssl_conf sections. Each fails with an error entry, as
//! OpenSSL's does for an argument it cannot use, so the program learns at
//! configuration time instead of a peer finding the feature missing. A
//! client's SRP credentials are accepted instead: OpenSSL's client only
//! adds SRP suites to its offer with them, and without SRP its handshake
//! is the ordinary one.
//! tests/c/absent.c compares each answer with OpenSSL's.

#![allow(non_snake_case)]

use super::handle;
use crate::abi::*;
use crate::ctx::SslCtx;
use crate::session::SslSession;
use crate::ssl::Ssl;
use crate::ssl_err;
use sslshim_macros::entry;
use std::ffi::c_void;
use std::os::raw::{c_char, c_int, c_uchar, c_uint};

fn refuse(func: &'static str) -> c_int {
    ssl_err!(ERR_R_UNSUPPORTED, func);
    0
}

/// `custom_ext_add_cb`.
pub type CustomExtAdd = Option<
    unsafe extern "C" fn(
        *mut Ssl,
        c_uint,
        *mut *const c_uchar,
        *mut usize,
        *mut c_int,
        *mut c_void,
    ) -> c_int,
>;
/// `custom_ext_free_cb`.
pub type CustomExtFree =
    Option<unsafe extern "C" fn(*mut Ssl, c_uint, *const c_uchar, *mut c_void)>;
/// `custom_ext_parse_cb`.
pub type CustomExtParse = Option<
    unsafe extern "C" fn(*mut Ssl, c_uint, *const c_uchar, usize, *mut c_int, *mut c_void) -> c_int,
>;
/// `SSL_custom_ext_add_cb_ex`.
pub type CustomExtAddEx = Option<
    unsafe extern "C" fn(
        *mut Ssl,
        c_uint,
        c_uint,
        *mut *const c_uchar,
        *mut usize,
        *mut crate::x509::X509,
        usize,
        *mut c_int,
        *mut c_void,
    ) -> c_int,
>;
/// `SSL_custom_ext_free_cb_ex`.
pub type CustomExtFreeEx =
    Option<unsafe extern "C" fn(*mut Ssl, c_uint, c_uint, *const c_uchar, *mut c_void)>;
/// `SSL_custom_ext_parse_cb_ex`.
pub type CustomExtParseEx = Option<
    unsafe extern "C" fn(
        *mut Ssl,
        c_uint,
        c_uint,
        *const c_uchar,
        usize,
        *mut crate::x509::X509,
        usize,
        *mut c_int,
        *mut c_void,
    ) -> c_int,
>;

// ---- custom extensions and serverinfo ---------------------------------------

#[entry(fails_cleanly = "rustls sends no extension of the program's: 0 with ERR_R_UNSUPPORTED")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_add_client_custom_ext(
    ctx: *mut SslCtx,
    ext_type: c_uint,
    add_cb: CustomExtAdd,
    free_cb: CustomExtFree,
    add_arg: *mut c_void,
    parse_cb: CustomExtParse,
    parse_arg: *mut c_void,
) -> c_int {
    let _ = (ext_type, add_cb, free_cb, add_arg, parse_cb, parse_arg);
    handle::with(FUNC, ctx, FAIL, |_| refuse(FUNC))
}

#[entry(fails_cleanly = "rustls sends no extension of the program's: 0 with ERR_R_UNSUPPORTED")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_add_server_custom_ext(
    ctx: *mut SslCtx,
    ext_type: c_uint,
    add_cb: CustomExtAdd,
    free_cb: CustomExtFree,
    add_arg: *mut c_void,
    parse_cb: CustomExtParse,
    parse_arg: *mut c_void,
) -> c_int {
    let _ = (ext_type, add_cb, free_cb, add_arg, parse_cb, parse_arg);
    handle::with(FUNC, ctx, FAIL, |_| refuse(FUNC))
}

#[entry(fails_cleanly = "rustls sends no extension of the program's: 0 with ERR_R_UNSUPPORTED")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_add_custom_ext(
    ctx: *mut SslCtx,
    ext_type: c_uint,
    context: c_uint,
    add_cb: CustomExtAddEx,
    free_cb: CustomExtFreeEx,
    add_arg: *mut c_void,
    parse_cb: CustomExtParseEx,
    parse_arg: *mut c_void,
) -> c_int {
    let _ = (
        ext_type, context, add_cb, free_cb, add_arg, parse_cb, parse_arg,
    );
    handle::with(FUNC, ctx, FAIL, |_| refuse(FUNC))
}

#[entry(fails_cleanly = "rustls sends no serverinfo extensions: 0 with ERR_R_UNSUPPORTED")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_use_serverinfo(
    ctx: *mut SslCtx,
    serverinfo: *const c_uchar,
    serverinfo_length: usize,
) -> c_int {
    let _ = (serverinfo, serverinfo_length);
    handle::with(FUNC, ctx, FAIL, |_| refuse(FUNC))
}

#[entry(fails_cleanly = "rustls sends no serverinfo extensions: 0 with ERR_R_UNSUPPORTED")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_use_serverinfo_ex(
    ctx: *mut SslCtx,
    version: c_uint,
    serverinfo: *const c_uchar,
    serverinfo_length: usize,
) -> c_int {
    let _ = (version, serverinfo, serverinfo_length);
    handle::with(FUNC, ctx, FAIL, |_| refuse(FUNC))
}

#[entry(fails_cleanly = "rustls sends no serverinfo extensions: 0 with ERR_R_UNSUPPORTED")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_use_serverinfo_file(ctx: *mut SslCtx, file: *const c_char) -> c_int {
    let _ = file;
    handle::with(FUNC, ctx, FAIL, |_| refuse(FUNC))
}

// ---- EAP-FAST ---------------------------------------------------------------

#[entry(
    fails_cleanly = "rustls sends no session ticket data of the program's: 0 with ERR_R_UNSUPPORTED"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_session_ticket_ext(
    ssl: *mut Ssl,
    ext_data: *mut c_void,
    ext_len: c_int,
) -> c_int {
    let _ = (ext_data, ext_len);
    handle::with(FUNC, ssl, FAIL, |_| refuse(FUNC))
}

#[entry(fails_cleanly = "rustls resumes only sessions it made: 0 with ERR_R_UNSUPPORTED")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_SESSION_set1_master_key(
    sess: *mut SslSession,
    input: *const c_uchar,
    len: usize,
) -> c_int {
    let _ = (input, len);
    handle::with(FUNC, sess, FAIL, |_| refuse(FUNC))
}

// ---- engines and configuration modules ---------------------------------------

/// OpenSSL's answer for an engine without a client certificate method;
/// for NULL, ENGINE_init's refusal and then OpenSSL's engine error.
#[entry(fails_cleanly = "no ENGINE client certificates: 0 with SSL_R_NO_CLIENT_CERT_METHOD")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_client_cert_engine(
    ctx: *mut SslCtx,
    e: *mut super::absent::Engine,
) -> c_int {
    handle::with(FUNC, ctx, FAIL, |_| {
        if e.is_null() {
            crate::err::raise(
                ERR_LIB_ENGINE,
                ERR_R_PASSED_NULL_PARAMETER,
                "ENGINE_init",
                file!(),
                line!(),
            );
            ssl_err!(ERR_R_ENGINE_LIB, FUNC);
        } else {
            ssl_err!(SSL_R_NO_CLIENT_CERT_METHOD, FUNC);
        }
        0
    })
}

/// openssl.cnf's ssl_conf sections are not read: every name is unknown,
/// OpenSSL's answer when the configuration has no such section.
fn no_config_section(name: *const c_char, func: &'static str) -> c_int {
    if name.is_null() {
        ssl_err!(ERR_R_PASSED_NULL_PARAMETER, func);
    } else {
        ssl_err!(SSL_R_INVALID_CONFIGURATION_NAME, func);
    }
    0
}

#[entry(
    fails_cleanly = "openssl.cnf ssl_conf sections are not read: 0 with SSL_R_INVALID_CONFIGURATION_NAME"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_config(ctx: *mut SslCtx, name: *const c_char) -> c_int {
    handle::with(FUNC, ctx, FAIL, |_| no_config_section(name, FUNC))
}

#[entry(
    fails_cleanly = "openssl.cnf ssl_conf sections are not read: 0 with SSL_R_INVALID_CONFIGURATION_NAME"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_config(ssl: *mut Ssl, name: *const c_char) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| no_config_section(name, FUNC))
}

// ---- server features rustls drives itself --------------------------------------

/// No cookie exchange: a fatal error (-1).
#[entry(
    fail = -1,
    fails_cleanly = "no stateless cookie exchange: -1 with ERR_R_UNSUPPORTED"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_stateless(ssl: *mut Ssl) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| {
        refuse(FUNC);
        -1
    })
}

#[entry(
    fails_cleanly = "rustls sends its tickets itself, none on demand: 0 with ERR_R_UNSUPPORTED"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_new_session_ticket(ssl: *mut Ssl) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| refuse(FUNC))
}

// ---- SRP credentials -------------------------------------------------------------

/// `SSL_CTX_set_srp_username`: OpenSSL's client then also offers SRP
/// suites, which a server uses only in TLS 1.2 and only if it has SRP
/// itself; rustls offers none, so the handshake is the one OpenSSL's has
/// with any other server (certificates, verified as configured). Accepted
/// as OpenSSL accepts it (1 to 255 bytes; NULL clears), and read back by
/// `SSL_get_srp_username`.
#[entry(limitation = "accepted and kept for SSL_get_srp_username; SRP is never offered")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_srp_username(ctx: *mut SslCtx, name: *mut c_char) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| {
        // OpenSSL forgets the old name before it checks the new one.
        c.inert.set_srp_username(None);
        let Some(name) = handle::c_cstr(name) else {
            return 1;
        };
        if !(1..=255).contains(&name.to_bytes().len()) {
            ssl_err!(SSL_R_INVALID_SRP_USERNAME, FUNC);
            return 0;
        }
        c.inert.set_srp_username(Some(name.to_owned()));
        1
    })
}

/// `SSL_CTX_set_srp_password`: accepted as OpenSSL accepts it (NULL is
/// its failed copy); never used, SRP is never offered.
#[entry(limitation = "accepted; SRP is never offered")]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_srp_password(ctx: *mut SslCtx, password: *mut c_char) -> c_int {
    handle::with(FUNC, ctx, FAIL, |_| {
        if password.is_null() {
            ssl_err!(ERR_R_INTERNAL_ERROR, FUNC);
            return 0;
        }
        1
    })
}

#[entry(fails_cleanly = "SRP is never negotiated: 0 with ERR_R_UNSUPPORTED")]
#[unsafe(no_mangle)]
pub extern "C" fn SRP_Calc_A_param(ssl: *mut Ssl) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| refuse(FUNC))
}

/// OpenSSL's failure value here is -1.
#[entry(
    fail = -1,
    fails_cleanly = "SRP is never negotiated: -1 with ERR_R_UNSUPPORTED"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_srp_server_param(
    ssl: *mut Ssl,
    n: *const super::absent::Bignum,
    g: *const super::absent::Bignum,
    sa: *mut super::absent::Bignum,
    v: *mut super::absent::Bignum,
    info: *mut c_char,
) -> c_int {
    let _ = (n, g, sa, v, info);
    handle::with(FUNC, ssl, FAIL, |_| refuse(FUNC) - 1)
}

#[entry(
    fail = -1,
    fails_cleanly = "SRP is never negotiated: -1 with ERR_R_UNSUPPORTED"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_set_srp_server_param_pw(
    ssl: *mut Ssl,
    user: *const c_char,
    pass: *const c_char,
    grp: *const c_char,
) -> c_int {
    let _ = (user, pass, grp);
    handle::with(FUNC, ssl, FAIL, |_| refuse(FUNC) - 1)
}

/// An SRP server callback's lookup: no verifier, a fatal alert.
#[entry(
    fail = SSL3_AL_FATAL,
    fails_cleanly = "SRP is never negotiated: SSL3_AL_FATAL, *ad = internal_error, ERR_R_UNSUPPORTED"
)]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_srp_server_param_with_username(
    ssl: *mut Ssl,
    ad: *mut c_int,
) -> c_int {
    handle::with(FUNC, ssl, FAIL, |_| {
        if !ad.is_null() {
            // SAFETY: `ad` is the caller's int (the SRP callback's alert
            // out-parameter).
            unsafe { *ad = SSL_AD_INTERNAL_ERROR };
        }
        refuse(FUNC);
        SSL3_AL_FATAL
    })
}
