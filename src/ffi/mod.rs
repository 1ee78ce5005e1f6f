//! The C ABI: every `extern "C"` entry point lives in this module tree, one
//! file per OpenSSL header area. Each entry checks its arguments, catches
//! panics, converts pointers, and calls the safe core. Nothing else.
//!
//! The safety contract of each `unsafe extern "C"` entry point is the one
//! its OpenSSL manual page states for C callers (valid pointers, buffer
//! sizes); repeating it per function adds nothing.
//!
//! Two flavours share this layer (docs/DROPIN.md). In the drop-in flavour
//! (`--features dropin`) BIO, ERR, X509, EVP_PKEY, stacks and the store
//! context are libcrypto's: our entry points for them carry
//! `#[cfg_attr(feature = "dropin", unsafe(export_name = "sslshim_own_NAME"))]`,
//! which renames them there (so our calls to libcrypto's functions of the
//! same names bind to libcrypto, and the version script hides them). The
//! same marker stubs out libssl functions that would hand our own objects
//! to a program expecting libcrypto's; build.rs reads it.

pub mod bio;
pub mod bio_method;
pub mod callbacks;
pub mod cert_callbacks;
pub mod cert_chain;
pub mod cert_get;
pub mod cipher;
pub mod client_ca;
pub mod comp;
pub mod conf;
pub mod ctx;
pub mod early_data;
pub mod err;
pub mod handle;
pub mod hints;
pub mod init;
pub mod introspect;
// libcrypto's declarations and the drop-in stubs are no part of our headers.
/// cbindgen:ignore
#[cfg(feature = "dropin")]
pub mod libcrypto;
pub mod mem;
pub mod objects;
pub mod peer;
pub mod pkey;
pub mod registry;
pub mod security;
pub mod sendfile;
pub mod session;
pub mod session_cache;
pub mod session_host;
pub mod ssl;
pub mod stack;
pub mod store_ctx;
pub mod tlsext;
pub mod tmp_dh;
pub mod verify_store;
pub mod x509;
