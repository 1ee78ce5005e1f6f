//! The C ABI: every `extern "C"` entry point lives in this module tree, one
//! file per OpenSSL header area, each declared with `#[entry]` (macros/:
//! the export, the panic guard, `FUNC`/`FAIL`, the safety doc, the registry
//! record). Each entry checks its arguments, converts pointers, and calls
//! the safe core. Nothing else.
//!
//! Two flavours share this layer (docs/DROPIN.md). In the drop-in flavour
//! (`--features dropin`) BIO, ERR, X509, EVP_PKEY, stacks and the store
//! context are libcrypto's: `#[entry]` exports only libssl 3's names there
//! (tools/libssl3.symbols), so our functions of libcrypto's names stay
//! Rust functions and our calls to libcrypto's bind to libcrypto. What an
//! entry point hands across (objects, key files, verify callbacks) it asks
//! of `objects::Flavour`, the flavour seam of this layer.

pub mod absent;
pub mod asn1;
pub mod asn1_print;
pub mod bio;
pub mod bio_held;
pub mod bio_method;
pub mod bio_ssl;
pub mod bn_dh;
pub mod ca_list;
pub mod callbacks;
pub mod cert_callbacks;
pub mod cert_chain;
pub mod cert_get;
pub mod cert_view;
pub mod cipher;
pub mod client_ca;
pub mod comp;
pub mod conf;
pub mod ctrl_busy;
pub mod ctx;
pub mod dtls;
pub mod early_data;
pub mod ec_key;
pub mod err;
pub mod evp_md;
pub mod handle;
pub mod hints;
pub mod init;
pub mod introspect;
pub mod key_update;
// The load-time guard (a constructor, no entry point).
/// cbindgen:ignore
pub(crate) mod load_guard;
// libcrypto's declarations and the drop-in stubs are no part of our headers.
/// cbindgen:ignore
#[cfg(feature = "dropin")]
pub mod libcrypto;
pub mod mem;
pub mod objects;
pub mod peer;
pub mod pem_io;
pub mod pem_x509;
pub mod pkcs12;
pub mod pkey;
pub mod pkey_public;
pub mod rand;
pub mod refused;
pub mod registry;
pub mod rsa;
pub mod security;
pub mod sendfile;
pub mod session;
pub mod session_cache;
pub mod session_host;
pub mod session_pem;
pub mod session_print;
pub mod ssl;
pub mod stack;
pub mod store_ctx;
pub mod ticket_keys;
pub mod tlsext;
pub mod tmp_dh;
pub mod verify_param;
pub mod verify_store;
pub mod x509;
pub mod x509_crl;
pub mod x509_ext;
pub mod x509_fields;
pub mod x509_info;
pub mod x509_lookup;
pub mod x509_name;
pub mod x509_store;
pub mod x509v3_print;
