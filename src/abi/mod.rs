//! Every number the C ABI shares with OpenSSL 3, in one place.
//! (Names are OpenSSL's, lower-case letters included.)
//!
//! cbindgen turns these into the `#define`s of `include/openssl/`, and the ABI
//! test compares each against the system OpenSSL headers.

#![forbid(unsafe_code)]
#![allow(non_upper_case_globals)]

mod asn1;
mod bio;
mod crypto;
mod obj_mac;
mod reason;
mod ssl;
mod x509;

pub use asn1::*;
pub use bio::*;
pub use crypto::*;
pub use obj_mac::*;
pub use reason::*;
pub use ssl::*;
pub use x509::*;
