/*
 * sslshim: <openssl/rsa.h>. RSA is opaque (types.h); the RSA functions the
 * standalone library offers are prototyped in the generated header. A
 * program reads an RSA key's parameters with EVP_PKEY_get_bn_param.
 */
#ifndef OPENSSL_RSA_H
#define OPENSSL_RSA_H
#define HEADER_RSA_H

#include <openssl/opensslconf.h>
#include <openssl/types.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>

/* RSA_METHOD flags (no engine methods here: RSA_flags is 0). */
#define RSA_METHOD_FLAG_NO_CHECK 0x0001
#define RSA_FLAG_EXT_PKEY 0x0020

#endif /* OPENSSL_RSA_H */
