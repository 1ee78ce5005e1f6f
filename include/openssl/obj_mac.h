/*
 * sslshim: a minimal <openssl/obj_mac.h>: the NIDs TLS code names (subject
 * fields, SAN, key and group types, digests). OpenSSL's table has ~1200;
 * we list only those with a use in libssl programs. Not yet in src/abi, so
 * written here; `make abi-test` checks each against OpenSSL's value.
 */
#ifndef OPENSSL_OBJ_MAC_H
#define OPENSSL_OBJ_MAC_H

#define NID_undef 0
#define NID_rsaEncryption 6
#define NID_commonName 13
#define NID_countryName 14
#define NID_organizationName 17
#define NID_organizationalUnitName 18
#define NID_dhKeyAgreement 28
#define NID_pkcs9_emailAddress 48
#define NID_sha1 64
#define NID_key_usage 83
#define NID_subject_alt_name 85
#define NID_basic_constraints 87
#define NID_ext_key_usage 126
#define NID_X9_62_id_ecPublicKey 408
#define NID_X9_62_prime256v1 415
#define NID_sha256 672
#define NID_sha384 673
#define NID_sha512 674
#define NID_secp384r1 715
#define NID_secp521r1 716
#define NID_rsassaPss 912
#define NID_X25519 1034
#define NID_X448 1035
#define NID_ED25519 1087
#define NID_ED448 1088
#define NID_ffdhe2048 1126
#define NID_ffdhe3072 1127
#define NID_ffdhe4096 1128

#define SN_commonName "CN"
#define LN_commonName "commonName"
#define SN_subject_alt_name "subjectAltName"
#define LN_subject_alt_name "X509v3 Subject Alternative Name"

#endif
