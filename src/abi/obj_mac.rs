//! Object identifiers (`NID_*`, obj_mac.h): libcrypto's numbers for the
//! objects TLS code names (subject fields, extensions, key, group, digest
//! and cipher-part types), fixed by its ABI. OpenSSL's table has about
//! 1,200; these are the ones our code or libssl programs use.

use std::os::raw::c_int;
pub const NID_undef: c_int = 0;
pub const NID_rsaEncryption: c_int = 6;
pub const NID_commonName: c_int = 13;
pub const NID_countryName: c_int = 14;
pub const NID_organizationName: c_int = 17;
pub const NID_organizationalUnitName: c_int = 18;
pub const NID_dhKeyAgreement: c_int = 28;
pub const NID_pkcs9_emailAddress: c_int = 48;
pub const NID_sha1: c_int = 64;
pub const NID_key_usage: c_int = 83;
pub const NID_subject_alt_name: c_int = 85;
pub const NID_basic_constraints: c_int = 87;
pub const NID_dsa: c_int = 116;
pub const NID_ext_key_usage: c_int = 126;
pub const NID_X9_62_id_ecPublicKey: c_int = 408;
pub const NID_X9_62_prime256v1: c_int = 415;
pub const NID_sha256: c_int = 672;
pub const NID_sha384: c_int = 673;
pub const NID_sha512: c_int = 674;
pub const NID_sha224: c_int = 675;
pub const NID_secp224r1: c_int = 713;
pub const NID_secp384r1: c_int = 715;
pub const NID_secp521r1: c_int = 716;
pub const NID_aes_128_gcm: c_int = 895;
pub const NID_aes_256_gcm: c_int = 901;
pub const NID_rsassaPss: c_int = 912;
pub const NID_brainpoolP256r1: c_int = 927;
pub const NID_brainpoolP384r1: c_int = 931;
pub const NID_brainpoolP512r1: c_int = 933;
pub const NID_chacha20_poly1305: c_int = 1018;
pub const NID_X25519: c_int = 1034;
pub const NID_X448: c_int = 1035;
pub const NID_kx_ecdhe: c_int = 1038;
pub const NID_auth_rsa: c_int = 1046;
pub const NID_auth_ecdsa: c_int = 1047;
pub const NID_kx_any: c_int = 1063;
pub const NID_auth_any: c_int = 1064;
pub const NID_ED25519: c_int = 1087;
pub const NID_ED448: c_int = 1088;
pub const NID_ffdhe2048: c_int = 1126;
pub const NID_ffdhe3072: c_int = 1127;
pub const NID_ffdhe4096: c_int = 1128;
pub const NID_ffdhe6144: c_int = 1129;
pub const NID_ffdhe8192: c_int = 1130;
