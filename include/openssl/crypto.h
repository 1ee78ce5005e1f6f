/*
 * sslshim: OpenSSL 3's <openssl/crypto.h> as far as we provide it:
 * allocation macros (file/line passed like OpenSSL), ex_data index macros,
 * version aliases and the 1.0-era locking no-ops that old programs still call.
 */
#ifndef OPENSSL_CRYPTO_H
#define OPENSSL_CRYPTO_H
#define HEADER_CRYPTO_H

#include <stdlib.h>
#include <time.h>
#include <openssl/e_os2.h>
#include <openssl/safestack.h>
#include <openssl/opensslv.h>
#include <openssl/types.h>
#include <openssl/symhacks.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Allocation: the CRYPTO_* functions record where a block was allocated. */
#ifdef SSLSHIM_HAVE_CRYPTO_malloc
# define OPENSSL_malloc(num) CRYPTO_malloc(num, OPENSSL_FILE, OPENSSL_LINE)
#endif
#ifdef SSLSHIM_HAVE_CRYPTO_zalloc
# define OPENSSL_zalloc(num) CRYPTO_zalloc(num, OPENSSL_FILE, OPENSSL_LINE)
#endif
#ifdef SSLSHIM_HAVE_CRYPTO_realloc
# define OPENSSL_realloc(addr, num) CRYPTO_realloc(addr, num, OPENSSL_FILE, OPENSSL_LINE)
#endif
#ifdef SSLSHIM_HAVE_CRYPTO_free
# define OPENSSL_free(addr) CRYPTO_free(addr, OPENSSL_FILE, OPENSSL_LINE)
#endif
#ifdef SSLSHIM_HAVE_CRYPTO_clear_free
# define OPENSSL_clear_free(addr, num) CRYPTO_clear_free(addr, num, OPENSSL_FILE, OPENSSL_LINE)
#endif
#ifdef SSLSHIM_HAVE_CRYPTO_strdup
# define OPENSSL_strdup(str) CRYPTO_strdup(str, OPENSSL_FILE, OPENSSL_LINE)
#endif
#ifdef SSLSHIM_HAVE_CRYPTO_strndup
# define OPENSSL_strndup(str, n) CRYPTO_strndup(str, n, OPENSSL_FILE, OPENSSL_LINE)
#endif
#ifdef SSLSHIM_HAVE_CRYPTO_memdup
# define OPENSSL_memdup(str, s) CRYPTO_memdup((str), s, OPENSSL_FILE, OPENSSL_LINE)
#endif
/* No allocator setup is needed; OpenSSL 3 also makes this a no-op. */
#define OPENSSL_malloc_init() while (0) continue

/* Pre-1.1 version function names. */
#ifdef SSLSHIM_HAVE_OpenSSL_version_num
# define SSLeay OpenSSL_version_num
#endif
#ifdef SSLSHIM_HAVE_OpenSSL_version
# define SSLeay_version OpenSSL_version
#endif
#define SSLEAY_VERSION OPENSSL_VERSION
#define SSLEAY_VERSION_NUMBER OPENSSL_VERSION_NUMBER

/*
 * Threading is internal since OpenSSL 1.1: these 1.0 calls compile to
 * nothing there, and here.
 */
#define CRYPTO_num_locks() (1)
#define CRYPTO_set_locking_callback(func)
#define CRYPTO_get_locking_callback() (NULL)
#define CRYPTO_set_add_lock_callback(func)
#define CRYPTO_get_add_lock_callback() (NULL)
#define CRYPTO_set_id_callback(func)
#define CRYPTO_get_id_callback() (NULL)
#define CRYPTO_set_dynlock_create_callback(dyn_create_function)
#define CRYPTO_set_dynlock_lock_callback(dyn_lock_function)
#define CRYPTO_set_dynlock_destroy_callback(dyn_destroy_function)
#define CRYPTO_get_dynlock_create_callback() (NULL)
#define CRYPTO_get_dynlock_lock_callback() (NULL)
#define CRYPTO_get_dynlock_destroy_callback() (NULL)
#define CRYPTO_THREADID_set_numeric(id, val)
#define CRYPTO_THREADID_set_pointer(id, ptr)
#define CRYPTO_THREADID_set_callback(threadid_func) (0)
#define CRYPTO_THREADID_get_callback() (NULL)
#define CRYPTO_LOCK 1
#define CRYPTO_UNLOCK 2
#define CRYPTO_READ 4
#define CRYPTO_WRITE 8
typedef struct crypto_threadid_st {
    int dummy;
} CRYPTO_THREADID;
#define CRYPTO_cleanup_all_ex_data() while (0) continue

#ifdef __cplusplus
}
#endif

#endif /* OPENSSL_CRYPTO_H */
