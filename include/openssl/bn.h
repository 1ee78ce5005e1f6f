/*
 * sslshim: big numbers, as OpenSSL 3's <openssl/bn.h> as far as a TLS
 * program needs them: BIGNUM is opaque (types.h); BN_new, BN_bin2bn,
 * BN_bn2bin, BN_num_bits, BN_free are prototyped in the generated header.
 * No arithmetic (src/ffi/bn_dh.rs says why).
 */
#ifndef OPENSSL_BN_H
#define OPENSSL_BN_H
#define HEADER_BN_H

#include <openssl/e_os2.h>
#include <openssl/types.h>
#include <openssl/crypto.h>

#define BN_num_bytes(a) ((BN_num_bits(a) + 7) / 8)

#endif /* OPENSSL_BN_H */
