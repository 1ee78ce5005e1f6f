//! sslshim: OpenSSL 3's libssl API and ABI on top of rustls.
//!
//! Layout: `ffi/` holds every `extern "C"` entry point (argument checks, panic
//! guard, pointer conversion) and nothing else; the safe core beside it holds
//! the TLS context (`ctx`), the connection state machine (`ssl`), the BIO layer
//! (`bio`), the error queue (`err`), certificates (`x509`) and verification
//! (`verify`). `abi` is the one home of every number shared with OpenSSL.
#![deny(unsafe_op_in_unsafe_fn)]
// The drop-in flavour renames libcrypto's entry points with `export_name`
// next to their `no_mangle` (see src/ffi/mod.rs); rustc warns about the pair.
#![cfg_attr(feature = "dropin", allow(unused_attributes))]

pub mod abi;
pub mod alert;
pub mod alpn;
pub mod bio;
pub mod callbacks;
pub mod cipher;
pub mod conf;
pub mod ctx;
pub mod err;
pub mod ex_data;
pub mod ffi;
pub mod keep;
pub mod logging;
pub mod session;
pub mod ssl;
pub mod stack;
pub mod verify;
pub mod version;
pub mod x509;
