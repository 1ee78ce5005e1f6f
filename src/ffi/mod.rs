//! The C ABI: every `extern "C"` entry point lives in this module tree, one
//! file per OpenSSL header area. Each entry checks its arguments, catches
//! panics, converts pointers, and calls the safe core. Nothing else.
//!
//! The safety contract of each `unsafe extern "C"` entry point is the one
//! its OpenSSL manual page states for C callers (valid pointers, buffer
//! sizes); repeating it per function adds nothing.
#![allow(clippy::missing_safety_doc)]

pub mod bio;
pub mod bio_method;
pub mod callbacks;
pub mod cert_callbacks;
pub mod cipher;
pub mod client_ca;
pub mod ctx;
pub mod err;
pub mod handle;
pub mod init;
pub mod introspect;
pub mod mem;
pub mod peer;
pub mod pkey;
pub mod session;
pub mod session_cache;
pub mod ssl;
pub mod stack;
pub mod store_ctx;
pub mod sys;
pub mod tlsext;
pub mod x509;
