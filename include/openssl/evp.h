/*
 * sslshim: EVP_PKEY and friends (opaque, in types.h). Only what libssl users touch; OpenSSL_add_all_* are one OPENSSL_init_crypto call, as in OpenSSL 3.
 */
#ifndef OPENSSL_EVP_H
#define OPENSSL_EVP_H
#include <openssl/types.h>
#include <openssl/bio.h>
#include <openssl/objects.h>

/* Algorithms are always available; these 1.0 setup calls only init. */
#ifdef SSLSHIM_HAVE_OPENSSL_init_crypto
# define OPENSSL_add_all_algorithms_conf() \
    OPENSSL_init_crypto(OPENSSL_INIT_ADD_ALL_CIPHERS \
                        | OPENSSL_INIT_ADD_ALL_DIGESTS \
                        | OPENSSL_INIT_LOAD_CONFIG, NULL)
# define OPENSSL_add_all_algorithms_noconf() \
    OPENSSL_init_crypto(OPENSSL_INIT_ADD_ALL_CIPHERS \
                        | OPENSSL_INIT_ADD_ALL_DIGESTS, NULL)
# ifdef OPENSSL_LOAD_CONF
#  define OpenSSL_add_all_algorithms() OPENSSL_add_all_algorithms_conf()
# else
#  define OpenSSL_add_all_algorithms() OPENSSL_add_all_algorithms_noconf()
# endif
# define OpenSSL_add_all_ciphers() \
    OPENSSL_init_crypto(OPENSSL_INIT_ADD_ALL_CIPHERS, NULL)
# define OpenSSL_add_all_digests() \
    OPENSSL_init_crypto(OPENSSL_INIT_ADD_ALL_DIGESTS, NULL)
#endif
/* Cleanup is automatic at exit since 1.1.0. */
#define EVP_cleanup() while (0) continue

/* Message digests (SHA-1, SHA-2; src/ffi/evp_md.rs): OpenSSL 3's names for
 * the renamed accessors, and the 1.0 names of the context functions. */
#define EVP_MAX_MD_SIZE 64
#define EVP_MD_size EVP_MD_get_size
#define EVP_MD_block_size EVP_MD_get_block_size
#define EVP_MD_type EVP_MD_get_type
#define EVP_MD_nid EVP_MD_get_type
#define EVP_MD_CTX_get_size(e) EVP_MD_get_size(EVP_MD_CTX_get0_md(e))
#define EVP_MD_CTX_size EVP_MD_CTX_get_size
#define EVP_MD_CTX_create() EVP_MD_CTX_new()
#define EVP_MD_CTX_init(ctx) EVP_MD_CTX_reset((ctx))
#define EVP_MD_CTX_destroy(ctx) EVP_MD_CTX_free((ctx))
#endif
