//! sslshim: OpenSSL 3's libssl API and ABI on top of rustls.
//!
//! Layout: `ffi/` holds every `extern "C"` entry point (argument checks, panic
//! guard, pointer conversion) and nothing else; the safe core beside it holds
//! the TLS context (`ctx`), the connection state machine (`ssl`), the BIO layer
//! (`bio`), the error queue (`err`), certificates (`x509`) and verification
//! (`verify`). `abi` is the one home of every number shared with OpenSSL;
//! `os`, below the core, the only other home of `unsafe` (libc, and the
//! drop-in flavour's libcrypto). docs/ARCHITECTURE.md draws the layers.
#![deny(unsafe_op_in_unsafe_fn)]

pub mod abi;
pub(crate) mod alert;
pub(crate) mod alpn;
pub mod bio;
pub(crate) mod callbacks;
pub(crate) mod cipher;
pub(crate) mod conf;
pub mod ctx;
pub mod err;
pub(crate) mod ex_data;
pub mod ffi;
pub(crate) mod keep;
pub(crate) mod logging;
pub(crate) mod observe;
pub(crate) mod os;
pub(crate) mod session;
pub mod ssl;
pub(crate) mod stack;
pub(crate) mod verify;
pub(crate) mod version;
pub(crate) mod x509;
