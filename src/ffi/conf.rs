//! `SSL_CONF_CTX` and `SSL_CONF_cmd` (ssl.h): each command is applied with
//! the setter a program would call on the context or connection
//! (`SSL_CTX_set_ciphersuites`, `SSL_CTX_set_options`, ...), so it has
//! exactly their effect; `VerifyCAFile`/`VerifyCAPath` fill the verify
//! store (`verify::VerifyRoots`). The commands OpenSSL knows but we cannot
//! honour (chain stores, store URIs, DH parameters, record padding, server
//! info, CA name lists, certificate validation flags) fail cleanly.

#![allow(non_snake_case)]

use super::handle::{self, c_str};
use crate::abi::*;
use crate::conf::{self, Cmd, Entry, ListKind, SslConfCtx, Target};
use crate::ctx::SslCtx;
use crate::ssl::Ssl;
use crate::verify::{RootStore, VerifyRoots};
use sslshim_macros::entry;
use std::os::raw::{c_char, c_int, c_long, c_uint, c_void};
use std::path::Path;
use std::ptr;
use std::sync::Arc;

// SAFETY: repr(C), magic first, set for the object's whole life.
unsafe impl handle::Handle for SslConfCtx {
    const MAGIC: u64 = SslConfCtx::MAGIC;
    fn magic(&self) -> u64 {
        self.magic()
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CONF_CTX_new() -> *mut SslConfCtx {
    handle::into_raw(SslConfCtx::new())
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CONF_CTX_free(cctx: *mut SslConfCtx) {
    handle::release(cctx);
}

/// Nothing is deferred to the end here (every command took effect when
/// given), and no certificate waits for its key.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CONF_CTX_finish(cctx: *mut SslConfCtx) -> c_int {
    handle::with(FUNC, cctx, FAIL, |_| 1)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CONF_CTX_set_flags(cctx: *mut SslConfCtx, flags: c_uint) -> c_uint {
    handle::with(FUNC, cctx, FAIL, |c| {
        let mut s = c.lock();
        s.flags |= flags;
        s.flags
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CONF_CTX_clear_flags(cctx: *mut SslConfCtx, flags: c_uint) -> c_uint {
    handle::with(FUNC, cctx, FAIL, |c| {
        let mut s = c.lock();
        s.flags &= !flags;
        s.flags
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CONF_CTX_set1_prefix(cctx: *mut SslConfCtx, pre: *const c_char) -> c_int {
    handle::with(FUNC, cctx, FAIL, |c| {
        c.lock().prefix = c_str(pre).map(str::to_owned);
        1
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CONF_CTX_set_ssl_ctx(cctx: *mut SslConfCtx, ctx: *mut SslCtx) {
    handle::with(FUNC, cctx, FAIL, |c| {
        c.lock().target = handle::clone_arc(ctx).map_or(Target::None, Target::Ctx);
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CONF_CTX_set_ssl(cctx: *mut SslConfCtx, ssl: *mut Ssl) {
    handle::with(FUNC, cctx, FAIL, |c| {
        c.lock().target = handle::clone_arc(ssl).map_or(Target::None, Target::Ssl);
    })
}

/// The value type of a command (`SSL_CONF_TYPE_*`), UNKNOWN for none.
#[entry(fail = SSL_CONF_TYPE_UNKNOWN)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CONF_cmd_value_type(cctx: *mut SslConfCtx, cmd: *const c_char) -> c_int {
    handle::with(FUNC, cctx, FAIL, |c| {
        let s = c.lock();
        let Some(name) =
            c_str(cmd).and_then(|n| conf::strip_prefix(s.flags, s.prefix.as_deref(), n))
        else {
            return SSL_CONF_TYPE_UNKNOWN;
        };
        match conf::lookup(s.flags, name) {
            Some(Entry::Value(_, ty)) => ty,
            Some(Entry::Switch { .. } | Entry::CertSwitch) => SSL_CONF_TYPE_NONE,
            None => SSL_CONF_TYPE_UNKNOWN,
        }
    })
}

/// `SSL_CONF_cmd`: 2 when the command used its value, 1 for a switch, -2
/// for an unknown command, -3 for a missing value, 0 for a bad value
/// (with `SSL_CONF_FLAG_SHOW_ERRORS`, an error says which).
#[entry(
    limitation = "OpenSSL 3.0's commands; those needing chain stores, store URIs (ChainCAStore, VerifyCAStore), DH parameters, record padding, server info, CA name lists or certificate validation flags fail cleanly; VerifyCAPath reads its directory when given (OpenSSL searches it while verifying)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CONF_cmd(
    cctx: *mut SslConfCtx,
    cmd: *const c_char,
    value: *const c_char,
) -> c_int {
    handle::with(FUNC, cctx, FAIL, |c| {
        let Some(full) = c_str(cmd) else {
            crate::ssl_err!(SSL_R_INVALID_NULL_CMD_NAME, FUNC);
            return 0;
        };
        let (flags, prefix, target) = {
            let s = c.lock();
            (s.flags, s.prefix.clone(), s.target.clone())
        };
        let show = flags & SSL_CONF_FLAG_SHOW_ERRORS != 0;
        // An unknown name is reported without the prefix, when it had one.
        let stripped = conf::strip_prefix(flags, prefix.as_deref(), full);
        let Some((name, entry)) = stripped.and_then(|n| Some((n, conf::lookup(flags, n)?))) else {
            if show {
                let shown = stripped.unwrap_or(full);
                raise_data(SSL_R_UNKNOWN_CMD_NAME, format!("cmd={shown}"));
            }
            return -2;
        };
        let value_str = c_str(value);
        let rv = match entry {
            Entry::Switch { options, invert } => {
                set_options(&target, options, !invert);
                return 1;
            }
            // The certificate flags (Suite B strictness) are not kept.
            Entry::CertSwitch => 0,
            Entry::Value(..) if value_str.is_none() => -3,
            Entry::Value(cmd, _) => run(&target, flags, cmd, value, value_str.unwrap_or("")),
        };
        if rv > 0 {
            return 2;
        }
        let rv = if rv == -2 || rv == -3 { rv } else { 0 };
        if show {
            let v = value_str.unwrap_or("<EMPTY>");
            raise_data(SSL_R_BAD_VALUE, format!("cmd={name}, value={v}"));
        }
        rv
    })
}

fn raise_data(reason: c_int, data: String) {
    crate::err::raise_data(ERR_LIB_SSL, reason, "SSL_CONF_cmd", file!(), line!(), data);
}

/// `SSL_CONF_cmd_argv`: one command-line option (and its value) from
/// `*pargv`, which moves past what was used.
#[entry]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn SSL_CONF_cmd_argv(
    cctx: *mut SslConfCtx,
    pargc: *mut c_int,
    pargv: *mut *mut *mut c_char,
) -> c_int {
    let Some(c) = handle::borrow(cctx) else {
        return 0;
    };
    // SAFETY: the caller's argc (or NULL) and argv, as the manual
    // page describes them: argv holds at least argc pointers.
    unsafe {
        let argc = pargc.as_ref().copied();
        if argc == Some(0) || pargv.is_null() || (*pargv).is_null() {
            return 0;
        }
        let arg = **pargv;
        if arg.is_null() {
            return 0;
        }
        let next = match argc {
            Some(n) if n <= 1 => ptr::null(),
            _ => *(*pargv).add(1) as *const c_char,
        };
        {
            let mut s = c.lock();
            s.flags &= !SSL_CONF_FLAG_FILE;
            s.flags |= SSL_CONF_FLAG_CMDLINE;
        }
        let rv = SSL_CONF_cmd(cctx, arg, next);
        if rv > 0 {
            *pargv = (*pargv).add(rv as usize);
            if let Some(n) = pargc.as_mut() {
                *n -= rv;
            }
            return rv;
        }
        match rv {
            -2 => 0,
            0 => -1,
            other => other,
        }
    }
}

// ---- applying commands ---------------------------------------------------------

fn ctx_ptr(c: &Arc<SslCtx>) -> *mut SslCtx {
    Arc::as_ptr(c) as *mut SslCtx
}

fn ssl_ptr(s: &Arc<Ssl>) -> *mut Ssl {
    Arc::as_ptr(s) as *mut Ssl
}

fn set_options(target: &Target, bits: u64, on: bool) {
    match (target, on) {
        (Target::Ctx(c), true) => drop(super::ctx::SSL_CTX_set_options(ctx_ptr(c), bits)),
        (Target::Ctx(c), false) => drop(super::ctx::SSL_CTX_clear_options(ctx_ptr(c), bits)),
        (Target::Ssl(s), true) => drop(super::ssl::SSL_set_options(ssl_ptr(s), bits)),
        (Target::Ssl(s), false) => drop(super::ssl::SSL_clear_options(ssl_ptr(s), bits)),
        (Target::None, _) => {}
    }
}

fn ctrl(target: &Target, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long {
    match target {
        Target::Ctx(c) => super::ctx::SSL_CTX_ctrl(ctx_ptr(c), cmd, larg, parg),
        Target::Ssl(s) => super::ssl::SSL_ctrl(ssl_ptr(s), cmd, larg, parg),
        // Without a target OpenSSL only checks the syntax, as far as it can.
        Target::None => 1,
    }
}

/// The target's verify mode or options, as `kind` needs them.
fn current_bits(target: &Target, kind: ListKind) -> u64 {
    match (kind, target) {
        (ListKind::VerifyMode, Target::Ctx(c)) => {
            super::ctx::SSL_CTX_get_verify_mode(ctx_ptr(c)) as u64
        }
        (ListKind::VerifyMode, Target::Ssl(s)) => {
            super::ssl::SSL_get_verify_mode(ssl_ptr(s)) as u64
        }
        (_, Target::Ctx(c)) => super::ctx::SSL_CTX_get_options(ctx_ptr(c)),
        (_, Target::Ssl(s)) => super::ssl::SSL_get_options(ssl_ptr(s)),
        (_, Target::None) => 0,
    }
}

/// The option list applied to the target's current bits (the verify
/// mode keeps the callback already set, as OpenSSL changes only the mode).
/// A list that fails part way keeps the words before the bad one, as
/// OpenSSL sets each word as it goes.
fn list(target: &Target, flags: u32, kind: ListKind, value: &str) -> c_int {
    let old = current_bits(target, kind);
    let mut bits = old;
    let ok = c_int::from(conf::apply_list(kind, flags, value, &mut bits).is_some());
    if bits == old {
        return ok;
    }
    if kind != ListKind::VerifyMode {
        set_options(target, bits & !old, true);
        set_options(target, old & !bits, false);
        return ok;
    }
    let mode = bits as c_int;
    match target {
        Target::Ctx(c) => {
            let cb = super::cert_callbacks::SSL_CTX_get_verify_callback(ctx_ptr(c));
            super::ctx::SSL_CTX_set_verify(ctx_ptr(c), mode, cb);
        }
        Target::Ssl(s) => {
            let cb = super::cert_callbacks::SSL_get_verify_callback(ssl_ptr(s));
            super::ssl::SSL_set_verify(ssl_ptr(s), mode, cb);
        }
        Target::None => {}
    }
    ok
}

/// `VerifyCAFile` (`file`) or `VerifyCAPath`: OpenSSL's `do_store` adds
/// the file's certificates (`X509_STORE_load_file`: 0 when it cannot be
/// read or holds none, with its errors) or the hashed directory
/// (`X509_STORE_load_path`: accepted unread) to the verify store, which
/// it makes on first use and keeps even when loading fails. Without a
/// target there is nothing to load into: 1.
fn verify_store(target: &Target, file: bool, path: &str) -> c_int {
    const FUNC: &str = "X509_STORE_load_file_ex";
    let load = |roots: &mut RootStore| {
        let p = Path::new(path);
        if !file {
            roots.load_dir(p);
            return true;
        }
        if roots.load_file(p) > 0 {
            return true;
        }
        raise_file_unread(p, FUNC);
        false
    };
    let ok = match target {
        Target::Ctx(c) => c.update(|s| {
            let (source, ok) = VerifyRoots::extend(&s.root_source, &s.roots, load);
            s.root_source = source;
            ok
        }),
        Target::Ssl(s) => {
            let mut conn = s.lock();
            let settings = conn.settings_mut();
            let (source, ok) = VerifyRoots::extend(&settings.root_source, &settings.roots, load);
            settings.root_source = source;
            ok
        }
        Target::None => true,
    };
    c_int::from(ok)
}

/// `X509_STORE_load_file`'s errors for a file it read nothing from: the
/// system error for one that cannot be opened, else "no certificate or
/// CRL found".
pub(super) fn raise_file_unread(p: &Path, func: &'static str) {
    match std::fs::metadata(p) {
        Err(e) => {
            let errno = e.raw_os_error().unwrap_or(libc::EIO);
            crate::err::raise_sys(errno, func, file!(), line!());
            crate::err::raise(ERR_LIB_BIO, BIO_R_NO_SUCH_FILE, func, file!(), line!());
            crate::err::raise(ERR_LIB_X509, ERR_R_SYS_LIB, func, file!(), line!());
        }
        Ok(_) => crate::err::raise(
            ERR_LIB_X509,
            X509_R_NO_CERTIFICATE_OR_CRL_FOUND,
            func,
            file!(),
            line!(),
        ),
    }
}

fn run(target: &Target, flags: u32, cmd: Cmd, value: *const c_char, v: &str) -> c_int {
    let ok = |r: c_long| c_int::from(r > 0);
    let pv = value as *mut c_void;
    match cmd {
        Cmd::SignatureAlgorithms => ok(ctrl(target, SSL_CTRL_SET_SIGALGS_LIST, 0, pv)),
        Cmd::ClientSignatureAlgorithms => ok(ctrl(target, SSL_CTRL_SET_CLIENT_SIGALGS_LIST, 0, pv)),
        Cmd::Groups => ok(ctrl(target, SSL_CTRL_SET_GROUPS_LIST, 0, pv)),
        Cmd::EcdhParameters => {
            let auto = (flags & SSL_CONF_FLAG_FILE != 0
                && (v.eq_ignore_ascii_case("automatic") || v.eq_ignore_ascii_case("+automatic")))
                || (flags & SSL_CONF_FLAG_CMDLINE != 0 && v == "auto");
            if auto {
                1
            } else if v.contains(':') {
                0
            } else {
                ok(ctrl(target, SSL_CTRL_SET_GROUPS_LIST, 0, pv))
            }
        }
        Cmd::CipherString => match target {
            Target::Ctx(c) => super::ctx::SSL_CTX_set_cipher_list(ctx_ptr(c), value),
            Target::Ssl(s) => super::ssl::SSL_set_cipher_list(ssl_ptr(s), value),
            Target::None => 1,
        },
        Cmd::Ciphersuites => match target {
            Target::Ctx(c) => super::ctx::SSL_CTX_set_ciphersuites(ctx_ptr(c), value),
            Target::Ssl(s) => super::ssl::SSL_set_ciphersuites(ssl_ptr(s), value),
            Target::None => 1,
        },
        Cmd::Protocol => list(target, flags, ListKind::Protocol, v),
        Cmd::Options => list(target, flags, ListKind::Options, v),
        Cmd::VerifyMode => list(target, flags, ListKind::VerifyMode, v),
        Cmd::MinProtocol | Cmd::MaxProtocol => {
            let Some(version) = conf::protocol_version(v) else {
                return 0;
            };
            if matches!(target, Target::None) {
                return 0;
            }
            let which = if cmd == Cmd::MinProtocol {
                SSL_CTRL_SET_MIN_PROTO_VERSION
            } else {
                SSL_CTRL_SET_MAX_PROTO_VERSION
            };
            ok(ctrl(target, which, c_long::from(version), ptr::null_mut()))
        }
        Cmd::Certificate => match target {
            Target::Ctx(c) => super::ctx::SSL_CTX_use_certificate_chain_file(ctx_ptr(c), value),
            Target::Ssl(s) => super::ssl::SSL_use_certificate_chain_file(ssl_ptr(s), value),
            Target::None => 1,
        },
        Cmd::PrivateKey => match target {
            // What SSL_CTX_use_PrivateKey_file/SSL_use_PrivateKey_file run
            // in either flavour (the drop-in decrypts with the callback).
            Target::Ctx(c) => {
                super::ctx::SSL_CTX_use_PrivateKey_file(ctx_ptr(c), value, SSL_FILETYPE_PEM)
            }
            Target::Ssl(s) => {
                super::ssl::SSL_use_PrivateKey_file(ssl_ptr(s), value, SSL_FILETYPE_PEM)
            }
            Target::None => 1,
        },
        Cmd::NumTickets => {
            // OpenSSL reads the number with atoi: "", "x" are 0.
            let Ok(n) = usize::try_from(conf::atoi(v)) else {
                return 0;
            };
            match target {
                Target::Ctx(c) => super::session_cache::SSL_CTX_set_num_tickets(ctx_ptr(c), n),
                Target::Ssl(s) => super::session::SSL_set_num_tickets(ssl_ptr(s), n),
                Target::None => 0,
            }
        }
        Cmd::VerifyCaFile | Cmd::VerifyCaPath => verify_store(target, cmd == Cmd::VerifyCaFile, v),
        Cmd::Unsupported(name) => {
            log::warn!("SSL_CONF command {name} is not supported by sslshim");
            crate::err::raise_data(
                ERR_LIB_SSL,
                ERR_R_UNSUPPORTED,
                "SSL_CONF_cmd",
                file!(),
                line!(),
                format!("{name} is not supported by sslshim"),
            );
            0
        }
    }
}
