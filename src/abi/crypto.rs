//! OPENSSL_INIT_* flags, OpenSSL_version() selectors, ex_data classes.
//!
//! Values equal OpenSSL 3.0's; `make test` checks them against the system headers.

use std::os::raw::{c_int, c_long};

pub const CRYPTO_EX_INDEX_APP: c_int = 13;
pub const CRYPTO_EX_INDEX_BIO: c_int = 12;
pub const CRYPTO_EX_INDEX_DH: c_int = 6;
pub const CRYPTO_EX_INDEX_DRBG: c_int = 15;
pub const CRYPTO_EX_INDEX_DSA: c_int = 7;
pub const CRYPTO_EX_INDEX_EC_KEY: c_int = 8;
pub const CRYPTO_EX_INDEX_ENGINE: c_int = 10;
pub const CRYPTO_EX_INDEX_EVP_PKEY: c_int = 17;
pub const CRYPTO_EX_INDEX_OSSL_LIB_CTX: c_int = 16;
pub const CRYPTO_EX_INDEX_RAND_DRBG: c_int = 15;
pub const CRYPTO_EX_INDEX_RSA: c_int = 9;
pub const CRYPTO_EX_INDEX_SSL: c_int = 0;
pub const CRYPTO_EX_INDEX_SSL_CTX: c_int = 1;
pub const CRYPTO_EX_INDEX_SSL_SESSION: c_int = 2;
pub const CRYPTO_EX_INDEX_UI: c_int = 11;
pub const CRYPTO_EX_INDEX_UI_METHOD: c_int = 14;
pub const CRYPTO_EX_INDEX_X509: c_int = 3;
pub const CRYPTO_EX_INDEX_X509_STORE: c_int = 4;
pub const CRYPTO_EX_INDEX_X509_STORE_CTX: c_int = 5;
pub const CRYPTO_EX_INDEX__COUNT: c_int = 18;
pub const OPENSSL_BUILT_ON: c_int = 2;
pub const OPENSSL_CFLAGS: c_int = 1;
pub const OPENSSL_CPU_INFO: c_int = 9;
pub const OPENSSL_DIR: c_int = 4;
pub const OPENSSL_ENGINES_DIR: c_int = 5;
pub const OPENSSL_FULL_VERSION_STRING: c_int = 7;
pub const OPENSSL_INIT_ADD_ALL_CIPHERS: c_long = 0x4;
pub const OPENSSL_INIT_ADD_ALL_DIGESTS: c_long = 0x8;
pub const OPENSSL_INIT_ASYNC: c_long = 0x100;
pub const OPENSSL_INIT_ATFORK: c_long = 0x20000;
pub const OPENSSL_INIT_ENGINE_AFALG: c_long = 0x8000;
pub const OPENSSL_INIT_ENGINE_ALL_BUILTIN: c_long = 0x7600;
pub const OPENSSL_INIT_ENGINE_CAPI: c_long = 0x2000;
pub const OPENSSL_INIT_ENGINE_CRYPTODEV: c_long = 0x1000;
pub const OPENSSL_INIT_ENGINE_DYNAMIC: c_long = 0x400;
pub const OPENSSL_INIT_ENGINE_OPENSSL: c_long = 0x800;
pub const OPENSSL_INIT_ENGINE_PADLOCK: c_long = 0x4000;
pub const OPENSSL_INIT_ENGINE_RDRAND: c_long = 0x200;
pub const OPENSSL_INIT_LOAD_CONFIG: c_long = 0x40;
pub const OPENSSL_INIT_LOAD_CRYPTO_STRINGS: c_long = 0x2;
pub const OPENSSL_INIT_LOAD_SSL_STRINGS: c_long = 0x200000;
pub const OPENSSL_INIT_NO_ADD_ALL_CIPHERS: c_long = 0x10;
pub const OPENSSL_INIT_NO_ADD_ALL_DIGESTS: c_long = 0x20;
pub const OPENSSL_INIT_NO_ATEXIT: c_long = 0x80000;
pub const OPENSSL_INIT_NO_LOAD_CONFIG: c_long = 0x80;
pub const OPENSSL_INIT_NO_LOAD_CRYPTO_STRINGS: c_long = 0x1;
pub const OPENSSL_INIT_NO_LOAD_SSL_STRINGS: c_long = 0x100000;
pub const OPENSSL_INIT_SSL_DEFAULT: c_long = 0x200002;
pub const OPENSSL_MODULES_DIR: c_int = 8;
pub const OPENSSL_PLATFORM: c_int = 3;
pub const OPENSSL_VERSION: c_int = 0;
pub const OPENSSL_VERSION_NUMBER: c_long = 0x30000160;
pub const OPENSSL_VERSION_STRING: c_int = 6;

/// `EVP_PKEY_get_id` values: the NIDs of the key algorithms.
pub const EVP_PKEY_NONE: c_int = 0;
pub const EVP_PKEY_RSA: c_int = 6;
pub const EVP_PKEY_RSA2: c_int = 19;
pub const EVP_PKEY_RSA_PSS: c_int = 912;
pub const EVP_PKEY_DSA: c_int = 116;
pub const EVP_PKEY_DH: c_int = 28;
pub const EVP_PKEY_DHX: c_int = 920;
pub const EVP_PKEY_EC: c_int = 408;
pub const EVP_PKEY_X25519: c_int = 1034;
pub const EVP_PKEY_X448: c_int = 1035;
pub const EVP_PKEY_ED25519: c_int = 1087;
pub const EVP_PKEY_ED448: c_int = 1088;
