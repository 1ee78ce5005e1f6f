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

/* OpenSSL's public ASN1_TYPE: the kind, then a pointer (or boolean) the
 * kind says. sslshim makes them for X509_ALGOR parameters only. */
struct asn1_type_st {
    int type;
    union {
        char *ptr;
        ASN1_BOOLEAN boolean;
        ASN1_STRING *asn1_string;
        ASN1_OBJECT *object;
        ASN1_INTEGER *integer;
        ASN1_ENUMERATED *enumerated;
        ASN1_BIT_STRING *bit_string;
        ASN1_OCTET_STRING *octet_string;
        ASN1_PRINTABLESTRING *printablestring;
        ASN1_T61STRING *t61string;
        ASN1_IA5STRING *ia5string;
        ASN1_GENERALSTRING *generalstring;
        ASN1_BMPSTRING *bmpstring;
        ASN1_UNIVERSALSTRING *universalstring;
        ASN1_UTCTIME *utctime;
        ASN1_GENERALIZEDTIME *generalizedtime;
        ASN1_VISIBLESTRING *visiblestring;
        ASN1_UTF8STRING *utf8string;
        /* SET and SEQUENCE keep their whole encoding. */
        ASN1_STRING *set;
        ASN1_STRING *sequence;
        void *asn1_value;
    } value;
};

#endif
