/*
 * sslshim: ASN.1 string/time/integer types (opaque, in types.h); their accessors are prototyped in the generated header as far as we export them.
 */
#ifndef OPENSSL_ASN1_H
#define OPENSSL_ASN1_H
#include <time.h>
#include <openssl/bio.h>
#include <openssl/safestack.h>
#endif
