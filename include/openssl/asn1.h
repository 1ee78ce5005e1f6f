/*
 * sslshim: ASN.1 strings, as OpenSSL 3's <openssl/asn1.h>. ASN1_STRING's
 * members are public in OpenSSL (programs read a GENERAL_NAME's
 * iPAddress->data and ->length), so the struct is laid out here as there;
 * the ASN1_STRING_* accessors and the V_ASN1_* / ASN1_STRFLGS_* numbers
 * are in the generated header.
 */
#ifndef OPENSSL_ASN1_H
#define OPENSSL_ASN1_H
#define HEADER_ASN1_H
#include <time.h>
#include <openssl/types.h>
#include <openssl/bio.h>
#include <openssl/safestack.h>

struct asn1_string_st {
    int length;
    int type;
    unsigned char *data;
    long flags;
};

#endif
