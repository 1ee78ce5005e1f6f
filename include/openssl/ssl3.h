/*
 * sslshim: SSL 3 record/handshake numbers (SSL3_*), which TLS reuses.
 * All generated from src/abi; this header keeps OpenSSL's include name.
 */
#ifndef OPENSSL_SSL3_H
#define OPENSSL_SSL3_H
#define HEADER_SSL3_H
#include <openssl/types.h>
#endif
