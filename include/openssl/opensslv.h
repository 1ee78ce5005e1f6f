/*
 * sslshim: version macros. We present ourselves as OpenSSL 3.0 compatible:
 * programs test OPENSSL_VERSION_MAJOR / OPENSSL_VERSION_NUMBER to choose
 * the 3.0 API. OPENSSL_VERSION_NUMBER itself comes from src/abi (generated).
 * The patch level matches that number (0x30000160 -> 3.0.22).
 */
#ifndef OPENSSL_OPENSSLV_H
#define OPENSSL_OPENSSLV_H
#define HEADER_OPENSSLV_H

/* OPENSSL_VERSION_NUMBER is generated; types.h brings the generated header. */
#include <openssl/types.h>

#define OPENSSL_VERSION_MAJOR 3
#define OPENSSL_VERSION_MINOR 0
#define OPENSSL_VERSION_PATCH 22
#define OPENSSL_VERSION_PRE_RELEASE ""
#define OPENSSL_VERSION_BUILD_METADATA "+sslshim"
#define OPENSSL_SHLIB_VERSION 3
#define OPENSSL_VERSION_STR "3.0.22"
#define OPENSSL_FULL_VERSION_STR "3.0.22+sslshim"
#define OPENSSL_RELEASE_DATE "sslshim (rustls)"
#define OPENSSL_VERSION_TEXT "OpenSSL 3.0.22 compatible (sslshim on rustls)"
#define OPENSSL_VERSION_PREREQ(maj, min) \
    ((OPENSSL_VERSION_MAJOR << 16) + OPENSSL_VERSION_MINOR >= ((maj) << 16) + (min))

#endif /* OPENSSL_OPENSSLV_H */
