/*
 * sslshim: the untyped stack (OPENSSL_STACK). Its functions are prototyped
 * in the generated header as far as we export them; this header exists so
 * `#include <openssl/stack.h>` resolves.
 */
#ifndef OPENSSL_STACK_H
#define OPENSSL_STACK_H
#define HEADER_STACK_H
#include <openssl/types.h>
/* OPENSSL_sk_compfunc and friends are in types.h: the prototypes need them. */

#endif
