/*
 * sslshim: platform basics of OpenSSL 3's <openssl/e_os2.h>.
 * Hand-written; every header of ours reaches it through types.h.
 */
#ifndef OPENSSL_E_OS2_H
#define OPENSSL_E_OS2_H
#define HEADER_E_OS2_H

#include <openssl/opensslconf.h>

/* Fixed-width types appear in prototypes (uint64_t options, uint8_t, ...). */
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <sys/types.h>

/* Linux only: no Windows export decoration. */
#define OPENSSL_EXPORT extern
#define OPENSSL_EXTERN extern
#define OPENSSL_UNISTD <unistd.h>

/* ssize_t-like type some OpenSSL signatures use. */
#define ossl_ssize_t ssize_t
#define OSSL_SSIZE_MAX SSIZE_MAX

/*
 * The static inline helpers (ERR_GET_LIB, stack accessors) need `inline`
 * in C89 mode too, and must not warn when unused.
 */
#if defined(__cplusplus) || (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L)
# define ossl_inline inline
#else
# define ossl_inline __inline__
#endif
#if defined(__GNUC__)
# define ossl_unused __attribute__((unused))
# define ossl_noreturn __attribute__((noreturn))
#else
# define ossl_unused
# define ossl_noreturn
#endif

/* "Use the result": OpenSSL marks many prototypes __owur; ours are generated
 * without it, but programs and our headers may spell it. */
#ifndef __owur
# define __owur
#endif

#endif /* OPENSSL_E_OS2_H */
