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

#endif /* OPENSSL_RSA_H */
