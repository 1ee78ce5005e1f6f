/*
 * sslshim: typed stacks, as OpenSSL 3's <openssl/safestack.h>.
 *
 * STACK_OF(T) is `struct stack_st_T` (types.h). The accessors sk_T_num,
 * sk_T_value, ... are static inline wrappers around the untyped
 * OPENSSL_sk_* functions, each one defined only when the library exports
 * the function it wraps (SSLSHIM_HAVE_*), so a missing one is a clear
 * "undeclared sk_T_x" rather than a link error inside a wrapper.
 */
#ifndef OPENSSL_SAFESTACK_H
#define OPENSSL_SAFESTACK_H
#define HEADER_SAFESTACK_H

#include <openssl/stack.h>

#ifdef SSLSHIM_HAVE_OPENSSL_sk_num
# define SSLSHIM_SK_NUM(t) \
    static ossl_unused ossl_inline int sk_##t##_num(const STACK_OF(t) *sk) \
    { return OPENSSL_sk_num((const OPENSSL_STACK *)sk); }
#else
# define SSLSHIM_SK_NUM(t)
#endif
#ifdef SSLSHIM_HAVE_OPENSSL_sk_value
# define SSLSHIM_SK_VALUE(t) \
    static ossl_unused ossl_inline t *sk_##t##_value(const STACK_OF(t) *sk, int i) \
    { return (t *)OPENSSL_sk_value((const OPENSSL_STACK *)sk, i); }
#else
# define SSLSHIM_SK_VALUE(t)
#endif
#ifdef SSLSHIM_HAVE_OPENSSL_sk_new_null
# define SSLSHIM_SK_NEW_NULL(t) \
    static ossl_unused ossl_inline STACK_OF(t) *sk_##t##_new_null(void) \
    { return (STACK_OF(t) *)OPENSSL_sk_new_null(); }
#else
# define SSLSHIM_SK_NEW_NULL(t)
#endif
#ifdef SSLSHIM_HAVE_OPENSSL_sk_free
# define SSLSHIM_SK_FREE(t) \
    static ossl_unused ossl_inline void sk_##t##_free(STACK_OF(t) *sk) \
    { OPENSSL_sk_free((OPENSSL_STACK *)sk); }
#else
# define SSLSHIM_SK_FREE(t)
#endif
#ifdef SSLSHIM_HAVE_OPENSSL_sk_push
# define SSLSHIM_SK_PUSH(t) \
    static ossl_unused ossl_inline int sk_##t##_push(STACK_OF(t) *sk, t *p) \
    { return OPENSSL_sk_push((OPENSSL_STACK *)sk, (const void *)p); }
#else
# define SSLSHIM_SK_PUSH(t)
#endif
#ifdef SSLSHIM_HAVE_OPENSSL_sk_pop
# define SSLSHIM_SK_POP(t) \
    static ossl_unused ossl_inline t *sk_##t##_pop(STACK_OF(t) *sk) \
    { return (t *)OPENSSL_sk_pop((OPENSSL_STACK *)sk); }
#else
# define SSLSHIM_SK_POP(t)
#endif
#ifdef SSLSHIM_HAVE_OPENSSL_sk_shift
# define SSLSHIM_SK_SHIFT(t) \
    static ossl_unused ossl_inline t *sk_##t##_shift(STACK_OF(t) *sk) \
    { return (t *)OPENSSL_sk_shift((OPENSSL_STACK *)sk); }
#else
# define SSLSHIM_SK_SHIFT(t)
#endif
#ifdef SSLSHIM_HAVE_OPENSSL_sk_pop_free
# define SSLSHIM_SK_POP_FREE(t) \
    static ossl_unused ossl_inline void sk_##t##_pop_free(STACK_OF(t) *sk, \
                                                         void (*freefunc)(t *)) \
    { OPENSSL_sk_pop_free((OPENSSL_STACK *)sk, (OPENSSL_sk_freefunc)freefunc); }
#else
# define SSLSHIM_SK_POP_FREE(t)
#endif
#ifdef SSLSHIM_HAVE_OPENSSL_sk_find
# define SSLSHIM_SK_FIND(t) \
    static ossl_unused ossl_inline int sk_##t##_find(STACK_OF(t) *sk, const t *p) \
    { return OPENSSL_sk_find((OPENSSL_STACK *)sk, (const void *)p); }
#else
# define SSLSHIM_SK_FIND(t)
#endif

/* The typed accessors for one element type. */
#define SSLSHIM_DEFINE_STACK_OF(t) \
    SSLSHIM_SK_NUM(t) SSLSHIM_SK_VALUE(t) SSLSHIM_SK_NEW_NULL(t) SSLSHIM_SK_FREE(t) \
    SSLSHIM_SK_PUSH(t) SSLSHIM_SK_POP(t) SSLSHIM_SK_SHIFT(t) SSLSHIM_SK_POP_FREE(t) \
    SSLSHIM_SK_FIND(t)

/* OpenSSL's spelling, for programs that define stacks of their own types. */
#define DEFINE_STACK_OF(t) STACK_OF(t); SSLSHIM_DEFINE_STACK_OF(t)
#define DEFINE_STACK_OF_CONST(t) STACK_OF(t); SSLSHIM_DEFINE_STACK_OF(t)

/* The stacks libssl hands out. */
SSLSHIM_DEFINE_STACK_OF(X509)
SSLSHIM_DEFINE_STACK_OF(X509_NAME)
SSLSHIM_DEFINE_STACK_OF(X509_NAME_ENTRY)
SSLSHIM_DEFINE_STACK_OF(X509_EXTENSION)
SSLSHIM_DEFINE_STACK_OF(X509_CRL)
SSLSHIM_DEFINE_STACK_OF(X509_INFO)
SSLSHIM_DEFINE_STACK_OF(X509_OBJECT)
SSLSHIM_DEFINE_STACK_OF(GENERAL_NAME)
SSLSHIM_DEFINE_STACK_OF(SSL_CIPHER)

#endif /* OPENSSL_SAFESTACK_H */
