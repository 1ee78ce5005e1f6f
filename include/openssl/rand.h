/*
 * sslshim: random numbers. RAND_bytes and friends are prototyped in the generated header when exported.
 */
#ifndef OPENSSL_RAND_H
#define OPENSSL_RAND_H
#include <openssl/types.h>
#endif
