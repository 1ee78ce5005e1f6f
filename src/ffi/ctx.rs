//! `SSL_CTX` and `SSL_METHOD` entry points (ssl.h).

#![allow(non_snake_case)]

use super::handle::{self, Handle, c_cstr, c_str, with};
use super::objects::{CObjects, Flavour, PasswordCb};
use crate::abi::*;
use crate::cipher;
use crate::ctx::{self, KeyCheck, LoadError, SslCtx, SslMethod};
use crate::ssl_err;
use crate::x509::pem_block::PemError;
use sslshim_macros::entry;
use std::ffi::c_void;
use std::os::raw::{c_char, c_int, c_long};
use std::path::Path;
use std::ptr;
use std::sync::Arc;

// SAFETY: SslCtx is #[repr(C)] with its u64 magic first, constant for life.
unsafe impl Handle for SslCtx {
    const MAGIC: u64 = SslCtx::MAGIC;
    fn magic(&self) -> u64 {
        SslCtx::magic(self)
    }
}

// SAFETY: SslMethod is #[repr(C)] with its u64 magic first; only statics exist.
unsafe impl Handle for SslMethod {
    const MAGIC: u64 = SslMethod::MAGIC;
    fn magic(&self) -> u64 {
        SslMethod::magic(self)
    }
}

pub use super::cert_callbacks::VerifyCallback;

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn TLS_method() -> *const SslMethod {
    &ctx::TLS_METHOD
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn TLS_client_method() -> *const SslMethod {
    &ctx::TLS_CLIENT_METHOD
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn TLS_server_method() -> *const SslMethod {
    &ctx::TLS_SERVER_METHOD
}

// The deprecated version-specific methods: one version each. rustls has
// no TLS 1.0/1.1, so their contexts offer nothing and handshakes fail
// cleanly with SSL_R_NO_PROTOCOLS_AVAILABLE.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn TLSv1_2_method() -> *const SslMethod {
    &ctx::method::TLS1_2_METHOD
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn TLSv1_2_client_method() -> *const SslMethod {
    &ctx::method::TLS1_2_CLIENT_METHOD
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn TLSv1_2_server_method() -> *const SslMethod {
    &ctx::method::TLS1_2_SERVER_METHOD
}

#[entry(fails_cleanly = "rustls has no TLS 1.1; handshakes fail with no protocols available")]
#[unsafe(no_mangle)]
pub extern "C" fn TLSv1_1_method() -> *const SslMethod {
    &ctx::method::TLS1_1_METHOD
}

#[entry(fails_cleanly = "rustls has no TLS 1.1; handshakes fail with no protocols available")]
#[unsafe(no_mangle)]
pub extern "C" fn TLSv1_1_client_method() -> *const SslMethod {
    &ctx::method::TLS1_1_CLIENT_METHOD
}

#[entry(fails_cleanly = "rustls has no TLS 1.1; handshakes fail with no protocols available")]
#[unsafe(no_mangle)]
pub extern "C" fn TLSv1_1_server_method() -> *const SslMethod {
    &ctx::method::TLS1_1_SERVER_METHOD
}

#[entry(fails_cleanly = "rustls has no TLS 1.0; handshakes fail with no protocols available")]
#[unsafe(no_mangle)]
pub extern "C" fn TLSv1_method() -> *const SslMethod {
    &ctx::method::TLS1_METHOD
}

#[entry(fails_cleanly = "rustls has no TLS 1.0; handshakes fail with no protocols available")]
#[unsafe(no_mangle)]
pub extern "C" fn TLSv1_client_method() -> *const SslMethod {
    &ctx::method::TLS1_CLIENT_METHOD
}

#[entry(fails_cleanly = "rustls has no TLS 1.0; handshakes fail with no protocols available")]
#[unsafe(no_mangle)]
pub extern "C" fn TLSv1_server_method() -> *const SslMethod {
    &ctx::method::TLS1_SERVER_METHOD
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_new(method: *const SslMethod) -> *mut SslCtx {
    super::load_guard::recheck_once();
    match handle::borrow(method) {
        // Methods are statics; re-derive the 'static reference by identity.
        Some(m) => {
            let ctx = SslCtx::new(static_method(m));
            Flavour::ctx_created(&ctx);
            ctx.created();
            handle::into_raw(ctx)
        }
        None => {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, FUNC);
            ptr::null_mut()
        }
    }
}

pub(super) fn static_method(m: &SslMethod) -> &'static SslMethod {
    ctx::ALL_METHODS
        .into_iter()
        .find(|s| ptr::eq(*s, m))
        .unwrap_or(&ctx::TLS_METHOD)
}

/// `SSL_CTX_set_ssl_version`: the context's method changes (connections
/// made from now on take it) and its cipher lists go back to the
/// defaults, as OpenSSL resets them.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_ssl_version(ctx: *mut SslCtx, meth: *const SslMethod) -> c_int {
    handle::with(FUNC, ctx, FAIL, |c| match handle::borrow(meth) {
        Some(m) => {
            c.set_method(static_method(m));
            1
        }
        None => {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, FUNC);
            0
        }
    })
}

/// `SSL_CTX_new_ex`: library contexts and property queries do not exist
/// here; the method decides as with `SSL_CTX_new`.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_new_ex(
    _libctx: *mut super::init::OsslLibCtx,
    _propq: *const c_char,
    method: *const SslMethod,
) -> *mut SslCtx {
    SSL_CTX_new(method)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_free(ctx: *mut SslCtx) {
    if !ctx.is_null() {
        handle::release(ctx);
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_up_ref(ctx: *mut SslCtx) -> c_int {
    c_int::from(handle::up_ref(ctx))
}

/// The mode and callback are copied into each `SSL` at `SSL_new`, as in
/// OpenSSL; the callback is called as `verify::callback` describes.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_verify(ctx: *mut SslCtx, mode: c_int, cb: VerifyCallback) {
    with(FUNC, ctx, FAIL, |c| {
        c.update_defaults(|d| d.verify_mode = mode);
        c.update_callbacks(|cbs| cbs.verify = super::cert_callbacks::verify_ref(cb));
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_verify_mode(ctx: *const SslCtx) -> c_int {
    with(FUNC, ctx, FAIL, |c| c.defaults().verify_mode)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_verify_depth(ctx: *mut SslCtx, depth: c_int) {
    with(FUNC, ctx, FAIL, |c| {
        c.update_defaults(|d| d.verify_depth = depth);
        Flavour::set_param_depth(&c.keep, depth);
    })
}

#[entry(fail = -1)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_verify_depth(ctx: *const SslCtx) -> c_int {
    with(FUNC, ctx, FAIL, |c| {
        Flavour::param_depth(&c.keep).unwrap_or_else(|| c.defaults().verify_depth)
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_load_verify_locations(
    ctx: *mut SslCtx,
    file: *const c_char,
    dir: *const c_char,
) -> c_int {
    with(FUNC, ctx, FAIL, |c| {
        let (file, dir) = (c_str(file), c_str(dir));
        if file.is_none() && dir.is_none() {
            ssl_err!(ERR_R_PASSED_NULL_PARAMETER, FUNC);
            return 0;
        }
        if let Some(ok) = Flavour::load_verify_store(c, file, dir) {
            return c_int::from(ok);
        }
        c.update(|s| {
            let roots = Arc::make_mut(&mut s.roots);
            if let Some(f) = file
                && roots.load_file(Path::new(f)) == 0
            {
                let e = match std::fs::metadata(f) {
                    Err(e) => LoadError::Io(e.raw_os_error().unwrap_or(libc::EIO)),
                    Ok(_) => LoadError::NoObject,
                };
                raise_load(e, FUNC);
                return 0;
            }
            if let Some(d) = dir {
                roots.load_dir(Path::new(d));
            }
            1
        })
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_load_verify_file(ctx: *mut SslCtx, file: *const c_char) -> c_int {
    SSL_CTX_load_verify_locations(ctx, file, ptr::null())
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_load_verify_dir(ctx: *mut SslCtx, dir: *const c_char) -> c_int {
    SSL_CTX_load_verify_locations(ctx, ptr::null(), dir)
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_default_verify_paths(ctx: *mut SslCtx) -> c_int {
    with(FUNC, ctx, FAIL, |c| {
        if let Some(ok) = Flavour::default_verify_store(c) {
            return c_int::from(ok);
        }
        c.update(|s| Arc::make_mut(&mut s.roots).load_default_paths());
        1
    })
}

/// Puts a file-loading failure on the queue as OpenSSL does: the system
/// error for an unopenable file, then the SSL-level reason.
pub(super) fn raise_load(e: LoadError, func: &'static str) {
    match e {
        LoadError::Io(errno) => {
            crate::err::raise_sys(errno, func, file!(), line!());
            ssl_err!(ERR_R_SYS_LIB, func);
        }
        LoadError::NoObject => ssl_err!(ERR_R_PEM_LIB, func),
        LoadError::BadKey => ssl_err!(SSL_R_UNKNOWN_PKEY_TYPE, func),
        LoadError::BadFileType => ssl_err!(SSL_R_BAD_SSL_FILETYPE, func),
    }
}

/// Shared by the SSL_CTX_ and SSL_ variants of the three file loaders.
pub(super) fn use_file(
    certs: &mut ctx::OwnCerts,
    path: *const c_char,
    kind: c_int,
    what: FileKind,
    func: &'static str,
) -> c_int {
    let Some(path) = c_str(path) else {
        ssl_err!(ERR_R_PASSED_NULL_PARAMETER, func);
        return 0;
    };
    let path = Path::new(path);
    match what {
        FileKind::Chain => use_chain_file(certs, path, func),
        FileKind::Certificate => match ctx::read_certs(path, kind) {
            Ok(c) => match c.into_iter().next() {
                Some(leaf) => super::pkey::use_cert(certs, leaf, func),
                None => 1,
            },
            Err(e) => {
                raise_load(e, func);
                0
            }
        },
        // The key goes to its type's slot, refused when that slot's
        // certificate is not its (a key of another type is accepted:
        // SSL_CTX_check_private_key then looks at its slot).
        FileKind::Key => match ctx::read_key(path, kind) {
            Ok(key) => super::pkey::use_key(certs, key, func),
            Err(e) => {
                raise_load(e, func);
                0
            }
        },
    }
}

/// `use_certificate_chain_file` as OpenSSL 3.0 runs it: the queue cleared
/// first; the leaf (when it cannot be read: the PEM library's error, then
/// `ERR_R_PEM_LIB`, and nothing changes) into its key type's slot; then
/// that slot's chain, the certificates up to the end of the file. A block
/// that fails after the leaf (bad base64, say) leaves the leaf and the
/// certificates before it set, its error queued, and returns 0.
fn use_chain_file(certs: &mut ctx::OwnCerts, path: &Path, func: &'static str) -> c_int {
    crate::err::clear();
    let chain = match ctx::read_chain_file(path) {
        Ok(chain) => chain,
        Err(e) => {
            raise_load(e, func);
            return 0;
        }
    };
    if chain.complete() {
        return match certs.set_all(chain.certs) {
            Ok(()) => 1,
            Err(e) => {
                super::pkey::cert_error(e, func);
                0
            }
        };
    }
    let pem = |reason| crate::err::raise(ERR_LIB_PEM, reason, func, file!(), line!());
    match chain.stop {
        ctx::PemStop::Pem(PemError::NoStartLine) => crate::err::raise_data(
            ERR_LIB_PEM,
            PEM_R_NO_START_LINE,
            func,
            file!(),
            line!(),
            "Expecting: TRUSTED CERTIFICATE".into(),
        ),
        ctx::PemStop::Pem(PemError::BadEndLine) => pem(PEM_R_BAD_END_LINE),
        ctx::PemStop::Pem(PemError::BadBase64) => pem(PEM_R_BAD_BASE64_DECODE),
        // OpenSSL's reader fails an empty block with nothing queued.
        ctx::PemStop::Pem(PemError::Empty) => {}
        ctx::PemStop::BadDer => pem(ERR_R_ASN1_LIB),
    }
    if chain.certs.is_empty() {
        ssl_err!(ERR_R_PEM_LIB, func);
    } else if let Err(e) = certs.set_all(chain.certs) {
        super::pkey::cert_error(e, func);
    }
    0
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum FileKind {
    Certificate,
    Chain,
    Key,
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_use_certificate_file(
    ctx: *mut SslCtx,
    file: *const c_char,
    kind: c_int,
) -> c_int {
    with(FUNC, ctx, FAIL, |c| {
        c.update(|s| use_file(&mut s.cert, file, kind, FileKind::Certificate, FUNC))
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_use_certificate_chain_file(
    ctx: *mut SslCtx,
    file: *const c_char,
) -> c_int {
    with(FUNC, ctx, FAIL, |c| {
        c.update(|s| use_file(&mut s.cert, file, SSL_FILETYPE_PEM, FileKind::Chain, FUNC))
    })
}

/// The key file of a context or connection as the flavour reads it
/// (`CObjects::key_file`: the drop-in's libcrypto decrypts an encrypted
/// PEM key with the default password callback `hints` hold); `None`: our
/// own reader (`use_file`) is the one, which also reports a NULL path.
pub(super) fn flavour_key_file(
    keep: &crate::keep::Keep,
    hints: ctx::Hints,
    file: *const c_char,
    kind: c_int,
    func: &'static str,
    accepts: &dyn Fn(&ctx::LoadedKey) -> bool,
) -> Option<Option<ctx::LoadedKey>> {
    let pw = PasswordCb {
        cb: hints.passwd_cb,
        userdata: hints.passwd_userdata,
    };
    Flavour::key_file(keep, c_cstr(file)?, kind, pw, func, accepts)
}

/// Read by `Flavour::key_file` where the flavour can decrypt (the drop-in's
/// libcrypto, with the context's default password callback, as OpenSSL).
#[entry(
    standalone_limitation = "an encrypted PEM key is refused (ERR_R_PEM_LIB); the default password callback is never called"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_use_PrivateKey_file(
    ctx: *mut SslCtx,
    file: *const c_char,
    kind: c_int,
) -> c_int {
    with(FUNC, ctx, 0, |c| {
        // Read before any lock is taken: the program's password callback
        // may call back into the context.
        let hints = c.defaults().hints;
        let accepts = |k: &ctx::LoadedKey| c.settings().cert.accepts_key(k);
        match flavour_key_file(&c.keep, hints, file, kind, FUNC, &accepts) {
            Some(Some(key)) => c.update(|s| super::pkey::use_key(&mut s.cert, key, FUNC)),
            Some(None) => 0,
            None => c.update(|s| use_file(&mut s.cert, file, kind, FileKind::Key, FUNC)),
        }
    })
}

/// `check_private_key`: the current certificate and key.
pub(super) fn check_key(certs: &ctx::OwnCerts, func: &'static str) -> c_int {
    match certs.check() {
        KeyCheck::Ok => 1,
        KeyCheck::NoCertificate => {
            ssl_err!(SSL_R_NO_CERTIFICATE_ASSIGNED, func);
            0
        }
        KeyCheck::NoKey => {
            ssl_err!(SSL_R_NO_PRIVATE_KEY_ASSIGNED, func);
            0
        }
        KeyCheck::Mismatch => {
            crate::err::raise(
                ERR_LIB_X509,
                X509_R_KEY_VALUES_MISMATCH,
                func,
                file!(),
                line!(),
            );
            0
        }
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_check_private_key(ctx: *const SslCtx) -> c_int {
    with(FUNC, ctx, FAIL, |c| check_key(&c.settings().cert, FUNC))
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_options(ctx: *mut SslCtx, op: u64) -> u64 {
    with(FUNC, ctx, FAIL, |c| {
        c.update(|s| {
            s.options |= op;
            s.options
        })
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_clear_options(ctx: *mut SslCtx, op: u64) -> u64 {
    with(FUNC, ctx, FAIL, |c| {
        c.update(|s| {
            s.options &= !op;
            s.options
        })
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_options(ctx: *const SslCtx) -> u64 {
    with(FUNC, ctx, FAIL, |c| c.settings().options)
}

/// `SSL_CTX_set_cipher_list`: 0 (SSL_R_NO_CIPHER_MATCH) when no TLS 1.2
/// suite remains, as OpenSSL 3 — which installs the empty list all the
/// same, leaving only TLS 1.3 usable.
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_cipher_list(ctx: *mut SslCtx, list: *const c_char) -> c_int {
    with(FUNC, ctx, FAIL, |c| {
        let Some(l) = parse_cipher_list(list, FUNC) else {
            return 0;
        };
        let ok = c_int::from(!l.suites.is_empty());
        c.update(|s| {
            s.tls12_ciphers = l.suites;
            if let Some(level) = l.seclevel {
                s.security_level = level;
            }
        });
        ok
    })
}

/// `set_ciphersuites`: unknown names are skipped, but a non-empty string
/// naming nothing OpenSSL knows fails (OpenSSL 3.0); "" disables TLS 1.3.
pub(super) fn parse_ciphersuites(
    list: *const c_char,
    func: &'static str,
) -> Option<Vec<&'static cipher::SslCipher>> {
    let Some(s) = c_str(list) else {
        ssl_err!(ERR_R_PASSED_NULL_PARAMETER, func);
        return None;
    };
    let l = cipher::parse_ciphersuites(s);
    if l.is_none() {
        ssl_err!(SSL_R_NO_CIPHER_MATCH, func);
    }
    l
}

/// What a cipher string sets; an empty suite list is an error
/// (SSL_R_NO_CIPHER_MATCH) the caller still applies, as OpenSSL does; an
/// unknown command (SSL_R_INVALID_COMMAND) changes nothing.
pub(super) fn parse_cipher_list(
    list: *const c_char,
    func: &'static str,
) -> Option<cipher::CipherString> {
    match cipher::parse_cipher_string(c_str(list).unwrap_or("")) {
        Ok(l) => {
            if l.suites.is_empty() {
                ssl_err!(SSL_R_NO_CIPHER_MATCH, func);
            }
            Some(l)
        }
        Err(cipher::InvalidCommand) => {
            ssl_err!(SSL_R_INVALID_COMMAND, func);
            None
        }
    }
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_ciphersuites(ctx: *mut SslCtx, list: *const c_char) -> c_int {
    with(FUNC, ctx, FAIL, |c| match parse_ciphersuites(list, FUNC) {
        Some(l) => c.update(|s| {
            s.tls13_ciphers = l;
            1
        }),
        None => 0,
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_ex_data(ctx: *mut SslCtx, idx: c_int, data: *mut c_void) -> c_int {
    with(FUNC, ctx, FAIL, |c| {
        c_int::from(c.ex_data.set(idx, data as usize))
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_ex_data(ctx: *const SslCtx, idx: c_int) -> *mut c_void {
    with(FUNC, ctx, FAIL, |c| c.ex_data.get(idx) as *mut c_void)
}

/// The read-only ctrls shared by `SSL_CTX_ctrl` and `SSL_ctrl`: `None` when
/// `cmd` is not one of them.
pub(super) fn settings_get(s: &ctx::Settings, cmd: c_int) -> Option<c_long> {
    match cmd {
        SSL_CTRL_GET_MIN_PROTO_VERSION => Some(c_long::from(s.min_version)),
        SSL_CTRL_GET_MAX_PROTO_VERSION => Some(c_long::from(s.max_version)),
        _ => None,
    }
}

/// Whether `cmd` is one `settings_set` applies: only those may fork a
/// connection's settings (and so its rustls config).
pub(super) fn is_settings_set(cmd: c_int) -> bool {
    matches!(
        cmd,
        SSL_CTRL_SET_MIN_PROTO_VERSION
            | SSL_CTRL_SET_MAX_PROTO_VERSION
            | SSL_CTRL_SET_GROUPS_LIST
            | SSL_CTRL_SET_GROUPS
            | SSL_CTRL_SET_SIGALGS_LIST
            | SSL_CTRL_SET_SIGALGS
            | SSL_CTRL_SET_MAX_SEND_FRAGMENT
            | SSL_CTRL_SET_SPLIT_SEND_FRAGMENT
    )
}

/// The ctrls on the recorded `Hints` shared by `SSL_CTX_ctrl` and
/// `SSL_ctrl` (`ssl`: a connection's); `None` for other commands.
pub(super) fn hints_ctrl(
    h: &mut ctx::Hints,
    cmd: c_int,
    larg: c_long,
    ssl: bool,
) -> Option<c_long> {
    Some(match cmd {
        SSL_CTRL_GET_MAX_CERT_LIST => h.max_cert_list as c_long,
        SSL_CTRL_SET_MAX_CERT_LIST => match usize::try_from(larg) {
            Ok(n) => std::mem::replace(&mut h.max_cert_list, n) as c_long,
            Err(_) => 0,
        },
        // One record at a time whatever the count; a connection's count
        // above one switches read-ahead on, as OpenSSL's does.
        SSL_CTRL_SET_MAX_PIPELINES => match u8::try_from(larg) {
            Ok(n @ 1..) if c_int::from(n) <= SSL_MAX_PIPELINES => {
                h.max_pipelines = n;
                if ssl && n > 1 {
                    h.read_ahead = true;
                }
                1
            }
            _ => 0,
        },
        _ => return None,
    })
}

/// The ctrls shared by `SSL_CTX_ctrl` and `SSL_ctrl` that change settings
/// (see `is_settings_set`).
pub(super) fn settings_set(
    s: &mut ctx::Settings,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
    func: &'static str,
) -> c_long {
    match cmd {
        SSL_CTRL_SET_MIN_PROTO_VERSION | SSL_CTRL_SET_MAX_PROTO_VERSION => {
            let v = i32::try_from(larg).unwrap_or(-1);
            // A DTLS context takes DTLS numbers (it never handshakes).
            let dtls =
                ctx::method::is_dtls_version(s.fixed_version) && ctx::method::is_dtls_version(v);
            if !crate::version::is_valid_bound(v) && !dtls {
                return 0;
            }
            if cmd == SSL_CTRL_SET_MIN_PROTO_VERSION {
                s.min_version = v;
            } else {
                s.max_version = v;
            }
            1
        }
        // SSL_CTX_set1_groups_list/set1_curves_list. As OpenSSL 3.0's
        // tls1_set_groups_list: CONF_parse_list refuses NULL; an unknown
        // name is an invalid argument; an empty, overlong or repeated
        // element fails without an error entry. The groups OpenSSL knows
        // and rustls lacks are skipped (ctx::groups), even all of them.
        SSL_CTRL_SET_GROUPS_LIST => {
            let Some(list) = c_cstr(parg as *const c_char) else {
                crate::err::raise(
                    ERR_LIB_CONF,
                    CONF_R_LIST_CANNOT_BE_NULL,
                    "CONF_parse_list",
                    file!(),
                    line!(),
                );
                return 0;
            };
            match ctx::parse_groups(list.to_bytes()) {
                Ok(g) => {
                    s.groups = g;
                    1
                }
                Err(ctx::GroupListError::Unknown) => {
                    ssl_err!(ERR_R_PASSED_INVALID_ARGUMENT, func);
                    0
                }
                Err(ctx::GroupListError::Silent) => 0,
            }
        }
        // SSL_CTX_set1_groups/set1_curves: `larg` NIDs at `parg`. As
        // OpenSSL's tls1_set_groups: an empty list is SSL_R_BAD_LENGTH, a
        // NID it has no group for or a repeated one fails without an error
        // entry (programs probe groups one at a time this way); the groups
        // rustls lacks are skipped, as in a list.
        SSL_CTRL_SET_GROUPS => {
            let Ok(n @ 1..) = usize::try_from(larg) else {
                ssl_err!(SSL_R_BAD_LENGTH, func);
                return 0;
            };
            if parg.is_null() {
                ssl_err!(ERR_R_PASSED_NULL_PARAMETER, func);
                return 0;
            }
            // SAFETY: OpenSSL's contract: `parg` points to `larg` ints.
            let nids = unsafe { std::slice::from_raw_parts(parg as *const c_int, n) };
            match ctx::parse_group_nids(nids) {
                Some(g) => {
                    s.groups = g;
                    1
                }
                None => 0,
            }
        }
        // As OpenSSL: 512 to 16384 bytes, and the split fragment (the
        // size of the records written: ctx::Settings::max_fragment_size)
        // at most that.
        SSL_CTRL_SET_MAX_SEND_FRAGMENT => {
            let Ok(n @ 512..=ctx::MAX_SEND_FRAGMENT) = usize::try_from(larg) else {
                return 0;
            };
            s.max_send_fragment = n;
            s.split_send_fragment = s.split_send_fragment.min(n);
            1
        }
        SSL_CTRL_SET_SPLIT_SEND_FRAGMENT => match usize::try_from(larg) {
            Ok(n @ 1..) if n <= s.max_send_fragment => {
                s.split_send_fragment = n;
                1
            }
            _ => 0,
        },
        SSL_CTRL_SET_SIGALGS_LIST | SSL_CTRL_SET_SIGALGS => {
            match super::introspect::parse_sigalgs(cmd, larg, parg) {
                Some(l) => {
                    s.sigalgs = Some(l.into());
                    1
                }
                None => 0,
            }
        }
        _ => 0,
    }
}

/// `SSL_CTX_ctrl`: the numbers behind ssl.h's macros.
#[entry(
    limitation = "ctrls beyond mode, session cache (mode, size, counters), protocol bounds, groups (also from a tmp ECDH key, which the standalone flavour cannot read), signature algorithms, send fragment sizes, TLS extension (server name, OCSP status), certificate chains and the current certificate (one per key type) return 0; read-ahead, the certificate list limit and pipelines are recorded (one record at a time), the message callback argument kept for new connections, tmp DH accepted (no DHE suites); groups OpenSSL 3.0 knows and we lack (X448, ffdhe, brainpool, binary curves; P-521 is offered) are accepted and not offered, and a list of only those makes handshakes fail (client: no suitable groups; server: no suitable key share, or no shared cipher in TLS 1.2)"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_ctrl(
    ctx: *mut SslCtx,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
) -> c_long {
    with(FUNC, ctx, FAIL, |c| {
        if let Some(v) = super::session_cache::ctx_ctrl(c, cmd, larg) {
            return v;
        }
        let mode_bits = larg as u64;
        match cmd {
            SSL_CTRL_MODE | SSL_CTRL_CLEAR_MODE => {
                let mode = c.update_defaults(|d| {
                    if cmd == SSL_CTRL_MODE {
                        d.mode |= mode_bits;
                    } else {
                        d.mode &= !mode_bits;
                    }
                    d.mode
                });
                // The automatic chain is part of the certificate's config.
                let off = mode & u64::from(SSL_MODE_NO_AUTO_CHAIN) != 0;
                if c.settings().cert.mode_no_auto != off {
                    c.update(|s| s.cert.mode_no_auto = off);
                }
                mode as c_long
            }
            SSL_CTRL_SET_SESS_CACHE_MODE => {
                c.update(|s| std::mem::replace(&mut s.session_cache_mode, larg))
            }
            SSL_CTRL_GET_SESS_CACHE_MODE => c.settings().session_cache_mode as c_long,
            // Read-ahead has no effect on how rustls reads; recorded (ctx::Hints).
            SSL_CTRL_SET_READ_AHEAD => c.update_defaults(|d| {
                c_long::from(std::mem::replace(&mut d.hints.read_ahead, larg != 0))
            }),
            SSL_CTRL_GET_READ_AHEAD => c_long::from(c.defaults().hints.read_ahead),
            // SSL_CTX_set_msg_callback_arg: copied into each new SSL.
            SSL_CTRL_SET_MSG_CALLBACK_ARG => c.update_defaults(|d| {
                d.hints.msg_arg = parg as usize;
                1
            }),
            _ if let Some(r) =
                c.update_defaults(|d| hints_ctrl(&mut d.hints, cmd, larg, false)) =>
            {
                r
            }
            SSL_CTRL_SET_TMP_ECDH => super::tmp_dh::ecdh_curve(parg, FUNC).map_or(0, |mut nid| {
                let nid = (&raw mut nid).cast::<c_void>();
                c.update(|s| settings_set(s, SSL_CTRL_SET_GROUPS, 1, nid, FUNC))
            }),
            _ if let Some(r) = super::tmp_dh::ctrl(cmd, larg, parg, FUNC) => r,
            _ if let Some(r) = super::tlsext::ctx_ctrl(c, cmd, larg, parg) => r,
            SSL_CTRL_SET_VERIFY_CERT_STORE => {
                let cur = c.settings().root_source.clone();
                match Flavour::verify_store_source(cur, parg, larg == 0) {
                    Some(src) => c.update(|s| {
                        s.root_source = src;
                        1
                    }),
                    None => 0,
                }
            }
            SSL_CTRL_BUILD_CERT_CHAIN => c.update(|s| super::cert_chain::build(s, larg)),
            _ if let Some(r) = super::cert_chain::ctx_current(c, cmd, larg, parg) => r,
            SSL_CTRL_GET_CHAIN_CERTS => {
                super::cert_chain::get0_chain(&c.settings().cert, &c.keep, parg)
            }
            SSL_CTRL_GET_EXTRA_CHAIN_CERTS => {
                super::cert_chain::get0_extra_chain(&c.settings().cert, &c.keep, larg, parg)
            }
            SSL_CTRL_CHAIN
            | SSL_CTRL_CHAIN_CERT
            | SSL_CTRL_EXTRA_CHAIN_CERT
            | SSL_CTRL_CLEAR_EXTRA_CHAIN_CERTS => c
                .update(|s| super::cert_chain::ctrl(&mut s.cert, true, cmd, larg, parg, FUNC))
                .unwrap_or(0),
            _ if is_settings_set(cmd) => c.update(|s| settings_set(s, cmd, larg, parg, FUNC)),
            _ => settings_get(&c.settings(), cmd).unwrap_or(0),
        }
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_quiet_shutdown(ctx: *mut SslCtx, mode: c_int) {
    with(FUNC, ctx, FAIL, |c| {
        c.update_defaults(|d| d.quiet_shutdown = mode != 0)
    })
}

#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_get_quiet_shutdown(ctx: *const SslCtx) -> c_int {
    with(FUNC, ctx, FAIL, |c| {
        c_int::from(c.defaults().quiet_shutdown)
    })
}
