/*
 * sslshim: X.509 v3 extensions as OpenSSL 3's <openssl/x509v3.h>: the
 * GENERAL_NAME shape (public in OpenSSL, programs walk SANs with it) and
 * the host-check flags for SSL_set_hostflags / X509_check_host.
 */
#ifndef OPENSSL_X509V3_H
#define OPENSSL_X509V3_H
#define HEADER_X509V3_H

#include <openssl/bio.h>
#include <openssl/x509.h>

/* GEN_* (GENERAL_NAME kinds) are generated from src/abi/asn1.rs. */

/* X509V3_EXT_METHOD is opaque (types.h): a program holds the method
 * X509V3_EXT_get returns only to know the extension can be decoded
 * (X509_get_ext_d2i). */

/*
 * Programs read `gen->type` and `gen->d.dNSName` from the stack that
 * X509_get_ext_d2i(cert, NID_subject_alt_name, ...) returns, so the layout
 * is OpenSSL's: an int tag, then a union of pointers. Members we never fill
 * are plain pointers to opaque types.
 */
struct GENERAL_NAME_st {
    int type;
    union {
        char *ptr;
        void *otherName;
        ASN1_IA5STRING *rfc822Name;
        ASN1_IA5STRING *dNSName;
        ASN1_STRING *x400Address;
        X509_NAME *directoryName;
        void *ediPartyName;
        ASN1_IA5STRING *uniformResourceIdentifier;
        ASN1_OCTET_STRING *iPAddress;
        ASN1_OBJECT *registeredID;
        ASN1_OCTET_STRING *ip;
        X509_NAME *dirn;
        ASN1_IA5STRING *ia5;
        ASN1_OBJECT *rid;
        ASN1_TYPE *other;
    } d;
};
typedef STACK_OF(GENERAL_NAME) GENERAL_NAMES;

/* X509_CHECK_FLAG_* are generated from src/abi/x509.rs. */

#endif /* OPENSSL_X509V3_H */
