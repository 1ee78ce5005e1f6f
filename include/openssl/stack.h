/*
 * sslshim: the untyped stack (OPENSSL_STACK). Its functions are prototyped
 * in the generated header as far as we export them; this header exists so
 * `#include <openssl/stack.h>` resolves.
 */
#ifndef OPENSSL_STACK_H
#define OPENSSL_STACK_H
#define HEADER_STACK_H
#include <openssl/types.h>

/* OPENSSL_sk_pop_free and friends take callbacks of these shapes. */
typedef int (*OPENSSL_sk_compfunc)(const void *, const void *);
typedef void (*OPENSSL_sk_freefunc)(void *);
typedef void *(*OPENSSL_sk_copyfunc)(const void *);

#endif
