/*
 * sslshim: verification (X509_STORE, X509_STORE_CTX, X509_V_*), as
 * OpenSSL 3's <openssl/x509_vfy.h>. X509_V_* numbers (results and
 * X509_V_FLAG_*) are generated from src/abi/x509.rs.
 */
#ifndef OPENSSL_X509_VFY_H
#define OPENSSL_X509_VFY_H
#define HEADER_X509_VFY_H

#include <openssl/types.h>
#include <openssl/safestack.h>

/* Lookup results; not in src/abi yet (X509_LOOKUP_TYPE is in types.h). */
#ifndef X509_LU_RETRY
# define X509_LU_RETRY -1
# define X509_LU_FAIL 0
#endif

/* X509_LOOKUP controls (src/ffi/x509_lookup.rs). */
#define X509_L_FILE_LOAD 1
#define X509_L_ADD_DIR 2
#ifdef SSLSHIM_HAVE_X509_LOOKUP_ctrl
# define X509_LOOKUP_load_file(x, name, type) \
    X509_LOOKUP_ctrl((x), X509_L_FILE_LOAD, (name), (long)(type), NULL)
# define X509_LOOKUP_add_dir(x, name, type) \
    X509_LOOKUP_ctrl((x), X509_L_ADD_DIR, (name), (long)(type), NULL)
#endif

#if defined(SSLSHIM_HAVE_X509_STORE_CTX_set_ex_data) && \
    defined(SSLSHIM_HAVE_X509_STORE_CTX_get_ex_data)
# define X509_STORE_CTX_set_app_data(ctx, data) X509_STORE_CTX_set_ex_data(ctx, 0, data)
# define X509_STORE_CTX_get_app_data(ctx) X509_STORE_CTX_get_ex_data(ctx, 0)
#endif
#ifdef SSLSHIM_HAVE_CRYPTO_get_ex_new_index
# define X509_STORE_CTX_get_ex_new_index(l, p, newf, dupf, freef) \
    CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_X509_STORE_CTX, l, p, newf, dupf, freef)
# define X509_STORE_get_ex_new_index(l, p, newf, dupf, freef) \
    CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_X509_STORE, l, p, newf, dupf, freef)
#endif

#endif /* OPENSSL_X509_VFY_H */
