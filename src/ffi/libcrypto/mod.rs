//! The drop-in flavour's side of the ffi layer (`--features dropin`): the
//! process's real libcrypto behind the seams the core and the shared entry
//! points use, plus the clean-failure stubs.
//!
//! - `sys`: the libcrypto functions we call (declarations only, in
//!   `crate::os::libcrypto`, below the core, with the core's error queue
//!   on libcrypto's);
//! - `bio`: `crate::bio::Transport` on a libcrypto `BIO*`;
//! - `bio_ssl`: `BIO_f_ssl` as a libcrypto `BIO_METHOD` over our `SSL`;
//! - `objects`: `super::objects::CObjects` with libcrypto's BIO, X509,
//!   STACK_OF(X509) and X509_STORE;
//! - `store`: the context's `X509_STORE` entry points;
//! - `key_file`: `SSL_CTX_use_PrivateKey_file`'s reading through libcrypto
//!   (encrypted PEM keys and the default password callback);
//! - `param`: the context's and connections' `X509_VERIFY_PARAM`;
//! - `pem`: PEM blocks and text through libcrypto's PEM and BIO functions;
//! - `stubs`: every libssl 3 function this flavour does not implement.

pub mod bio;
pub mod bio_ssl;
pub mod cipher_stack;
pub mod client_ca;
pub mod key_file;
pub mod objects;
pub mod param;
pub mod pem;
pub mod store;
pub mod stubs;
pub mod ticket_keys;
pub use crate::os::libcrypto as sys;
pub mod verify_cb;

pub use objects::Libcrypto;
