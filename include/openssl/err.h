/*
 * sslshim: the error queue API of OpenSSL 3's <openssl/err.h>.
 * ERR_LIB_* / ERR_R_* numbers are generated from src/abi; the packing
 * helpers below are static inline exactly as in OpenSSL 3, since programs
 * decode error codes themselves (ERR_GET_REASON(ERR_peek_last_error())).
 */
#ifndef OPENSSL_ERR_H
#define OPENSSL_ERR_H
#define HEADER_ERR_H

#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <openssl/e_os2.h>
#include <openssl/types.h>
#include <openssl/bio.h>
#include <openssl/sslerr.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * System errors (errno) are flagged by the top bit and carry the errno in
 * the rest. ERR_SYSTEM_MASK is not in src/abi yet: it is the complement of
 * the generated ERR_SYSTEM_FLAG within 32 bits.
 */
#define ERR_SYSTEM_MASK ((unsigned int)INT_MAX)
#define ERR_SYSTEM_ERROR(errcode) (((errcode) & ERR_SYSTEM_FLAG) != 0)

#define ERR_NUM_ERRORS 16
#define ERR_MAX_DATA_SIZE 1024

static ossl_unused ossl_inline int ERR_GET_LIB(unsigned long errcode)
{
    if (ERR_SYSTEM_ERROR(errcode))
        return ERR_LIB_SYS;
    return (int)((errcode >> ERR_LIB_OFFSET) & ERR_LIB_MASK);
}

static ossl_unused ossl_inline int ERR_GET_RFLAGS(unsigned long errcode)
{
    if (ERR_SYSTEM_ERROR(errcode))
        return 0;
    return (int)(errcode & ((unsigned long)ERR_RFLAGS_MASK << ERR_RFLAGS_OFFSET));
}

static ossl_unused ossl_inline int ERR_GET_REASON(unsigned long errcode)
{
    if (ERR_SYSTEM_ERROR(errcode))
        return (int)(errcode & ERR_SYSTEM_MASK);
    return (int)(errcode & ERR_REASON_MASK);
}

static ossl_unused ossl_inline int ERR_FATAL_ERROR(unsigned long errcode)
{
    return (ERR_GET_RFLAGS(errcode) & ERR_RFLAG_FATAL) != 0;
}

static ossl_unused ossl_inline int ERR_COMMON_ERROR(unsigned long errcode)
{
    return (ERR_GET_RFLAGS(errcode) & ERR_RFLAG_COMMON) != 0;
}

/* `func` is ignored since 3.0; `reason` may carry ERR_RFLAG_* bits. */
#define ERR_PACK(lib, func, reason) \
    ((((unsigned long)(lib) & ERR_LIB_MASK) << ERR_LIB_OFFSET) | \
     (((unsigned long)(reason) & ERR_REASON_MASK)))

/*
 * ERR_set_error is declared here by hand, not generated (cbindgen.toml
 * excludes it): OpenSSL declares it variadic and programs rely on that
 * (ERR_raise_data(lib, reason, "x=%d", x) passes format arguments), but Rust
 * cannot define a C-variadic function, so src/ffi/err.rs defines
 * `ERR_set_error(int lib, int reason, const char *fmt)`. On the x86_64 SysV
 * ABI a variadic call passes the fixed arguments exactly as a non-variadic
 * one does (the extra %al register count is ignored by the callee), so the
 * call is sound; the extra arguments are not read and `fmt` itself is
 * recorded as the error data.
 */
void ERR_set_error(int lib, int reason, const char *fmt, ...);
#define SSLSHIM_HAVE_ERR_set_error 1

/* Raising errors from application code, with the caller's location. */
#if defined(SSLSHIM_HAVE_ERR_new) && defined(SSLSHIM_HAVE_ERR_set_debug) && \
    defined(SSLSHIM_HAVE_ERR_set_error)
# define ERR_raise(lib, reason) ERR_raise_data((lib), (reason), NULL)
# define ERR_raise_data \
    (ERR_new(), ERR_set_debug(OPENSSL_FILE, OPENSSL_LINE, OPENSSL_FUNC), ERR_set_error)
# define ERR_put_error(lib, func, reason, file, line) \
    (ERR_new(), ERR_set_debug((file), (line), OPENSSL_FUNC), \
     ERR_set_error((lib), (reason), NULL))
#endif

/* Error strings load on demand since 1.1.0. */
#ifdef SSLSHIM_HAVE_OPENSSL_init_crypto
# define ERR_load_crypto_strings() \
    OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CRYPTO_STRINGS, NULL)
#endif
#define ERR_free_strings() while (0) continue

#ifdef __cplusplus
}
#endif

#endif /* OPENSSL_ERR_H */
