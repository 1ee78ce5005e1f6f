/*
 * sslshim: certificates and names, as OpenSSL 3's <openssl/x509.h>.
 * X509, X509_NAME, ... are opaque (types.h); accessors are prototyped in the
 * generated header as far as we export them. The X509_V_* results are
 * generated from src/abi (via x509_vfy.h).
 */
#ifndef OPENSSL_X509_H
#define OPENSSL_X509_H
#define HEADER_X509_H

#include <time.h>
#include <openssl/e_os2.h>
#include <openssl/types.h>
#include <openssl/safestack.h>
#include <openssl/buffer.h>
#include <openssl/bio.h>
#include <openssl/asn1.h>
#include <openssl/evp.h>
#include <openssl/crypto.h>
/* As OpenSSL's x509.h: the key headers come with it (programs rely on the
 * declarations and on <string.h>, which ec.h brings). */
#include <openssl/ec.h>
#include <openssl/rsa.h>
#include <openssl/dsa.h>
#include <openssl/dh.h>
#include <openssl/x509_vfy.h>

/*
 * X509_INFO's members are public in OpenSSL: PEM_X509_INFO_read_bio's
 * callers read ->x509 and ->crl. X509_PKEY stays opaque (our reader
 * leaves x_pkey NULL).
 */
typedef struct x509_pkey_st X509_PKEY;
typedef struct evp_cipher_info_st {
    const EVP_CIPHER *cipher;
    unsigned char iv[16];
} EVP_CIPHER_INFO;
struct X509_info_st {
    X509 *x509;
    X509_CRL *crl;
    X509_PKEY *x_pkey;
    EVP_CIPHER_INFO enc_cipher;
    int enc_len;
    char *enc_data;
};

/* Not in src/abi yet; kept in step with it by `#ifndef`. */
#ifndef X509_FILETYPE_PEM
# define X509_FILETYPE_PEM 1
# define X509_FILETYPE_ASN1 2
# define X509_FILETYPE_DEFAULT 3
#endif

/* OpenSSL makes X509_ALGOR's members public; programs read `algorithm`
 * (X509_get0_signature). `parameter` is NULL when there is none. */
struct X509_algor_st {
    ASN1_OBJECT *algorithm;
    ASN1_TYPE *parameter;
};

#ifdef SSLSHIM_HAVE_X509_getm_notBefore
# define X509_get_notBefore X509_getm_notBefore
# define X509_get_notAfter X509_getm_notAfter
#endif

/* OpenSSL 3's <openssl/evp.h> spells these as the get_ functions; kept
 * here (x509.h includes evp.h) until evp.h carries them. */
#if defined(SSLSHIM_HAVE_EVP_PKEY_get_id) && !defined(EVP_PKEY_id)
# define EVP_PKEY_id EVP_PKEY_get_id
# define EVP_PKEY_base_id EVP_PKEY_get_base_id
# define EVP_PKEY_bits EVP_PKEY_get_bits
#endif

#if defined(SSLSHIM_HAVE_X509_set_ex_data) && defined(SSLSHIM_HAVE_X509_get_ex_data)
# define X509_set_app_data(x, arg) X509_set_ex_data(x, 0, arg)
# define X509_get_app_data(x) X509_get_ex_data(x, 0)
#endif
#ifdef SSLSHIM_HAVE_CRYPTO_get_ex_new_index
# define X509_get_ex_new_index(l, p, newf, dupf, freef) \
    CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_X509, l, p, newf, dupf, freef)
#endif

#endif /* OPENSSL_X509_H */
