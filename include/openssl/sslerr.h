/*
 * sslshim: libssl reason codes (SSL_R_*). The numbers are generated from
 * src/abi into sslshim_generated.h; this header makes them reachable under
 * OpenSSL's include name.
 */
#ifndef OPENSSL_SSLERR_H
#define OPENSSL_SSLERR_H
#define HEADER_SSLERR_H
#include <openssl/types.h>
#include <openssl/symhacks.h>
#endif
