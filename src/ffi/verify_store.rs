//! The default trust locations and store URIs of a context (ssl.h):
//! `SSL_CTX_set_default_verify_file`, `_dir`, `_store` and
//! `SSL_CTX_load_verify_store`, with OpenSSL 3.0's semantics. The drop-in
//! flavour adds them to the context's libcrypto `X509_STORE`
//! (`CObjects::default_verify_location`, `load_verify_uri`); the standalone
//! one loads the certificates into the context's own anchors
//! (`verify::RootStore`), looking the locations up when called where
//! OpenSSL searches a directory lazily while verifying.

#![allow(non_snake_case)]

use super::handle::{c_cstr, with};
use super::objects::{CObjects, DefaultLocation, Flavour};
use crate::abi::{ERR_LIB_OSSL_STORE, OSSL_STORE_R_UNREGISTERED_SCHEME};
use crate::ctx::SslCtx;
use sslshim_macros::entry;
use std::os::raw::{c_char, c_int};
use std::sync::Arc;

/// 1 even when the default location does not exist (OpenSSL drops that
/// error); 0 only when the context is unusable.
fn set_default(ctx: *mut SslCtx, which: DefaultLocation, func: &'static str) -> c_int {
    with(func, ctx, 0, |c| {
        if let Some(ok) = Flavour::default_verify_location(c, which) {
            return c_int::from(ok);
        }
        let added = c.update(|s| {
            let roots = Arc::make_mut(&mut s.roots);
            match which {
                DefaultLocation::File => roots.load_default_file(),
                DefaultLocation::Dir => roots.load_default_dirs(),
                DefaultLocation::Store => roots.load_default_store(),
            }
        });
        log::debug!("{func}: {added} trust anchors added");
        1
    })
}

/// `SSL_CERT_FILE`, else OpenSSL's default file (/usr/lib/ssl/cert.pem).
#[entry]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_default_verify_file(ctx: *mut SslCtx) -> c_int {
    set_default(ctx, DefaultLocation::File, FUNC)
}

/// Each directory of `SSL_CERT_DIR` (colon-separated), else OpenSSL's
/// default one (/usr/lib/ssl/certs).
#[entry(
    limitation = "the directory is read when called (OpenSSL searches it while verifying), so certificates added to it later are not trusted"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_default_verify_dir(ctx: *mut SslCtx) -> c_int {
    set_default(ctx, DefaultLocation::Dir, FUNC)
}

/// The default directory as one store URI (`SSL_CERT_DIR` unsplit).
#[entry(
    limitation = "the directory is read when called (OpenSSL searches it while verifying), so certificates added to it later are not trusted"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_set_default_verify_store(ctx: *mut SslCtx) -> c_int {
    set_default(ctx, DefaultLocation::Store, FUNC)
}

/// A `file:` URI or a path, a file or a directory of certificates: 1 when
/// it opens (even with no certificate in it, as OpenSSL 3.0), 0 for NULL
/// (no error) or one that does not (OpenSSL's "unregistered scheme" and
/// the system error).
#[entry(
    limitation = "the directory is read when called (OpenSSL searches it while verifying), so certificates added to it later are not trusted"
)]
#[unsafe(no_mangle)]
pub extern "C" fn SSL_CTX_load_verify_store(ctx: *mut SslCtx, uri: *const c_char) -> c_int {
    with(FUNC, ctx, FAIL, |c| {
        let Some(uri) = c_cstr(uri) else {
            return 0;
        };
        if let Some(ok) = Flavour::load_verify_uri(c, uri) {
            return c_int::from(ok);
        }
        let loaded = match uri.to_str() {
            Ok(u) => c.update(|s| Arc::make_mut(&mut s.roots).load_store(u)),
            Err(_) => Err(libc::ENOENT),
        };
        match loaded {
            Ok(_) => 1,
            Err(errno) => {
                raise_unopened(errno, FUNC);
                0
            }
        }
    })
}

/// OpenSSL's errors for a store URI that does not open: "unregistered
/// scheme" (no loader took it), then the system error.
pub(super) fn raise_unopened(errno: i32, func: &'static str) {
    crate::err::raise(
        ERR_LIB_OSSL_STORE,
        OSSL_STORE_R_UNREGISTERED_SCHEME,
        func,
        file!(),
        line!(),
    );
    crate::err::raise_sys(errno, func, file!(), line!());
}
