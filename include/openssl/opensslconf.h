/*
 * sslshim: build configuration, as OpenSSL 3's <openssl/opensslconf.h>
 * (configuration.h + macros.h) reports it.
 *
 * The OPENSSL_NO_* macros tell programs which parts of OpenSSL this library
 * does not provide, so their `#ifndef OPENSSL_NO_x` paths stay away from
 * APIs we lack. rustls speaks TLS 1.2 and 1.3 only, over streams, without
 * compression, engines, SRP, PSK, NPN, SRTP, CT, OCSP stapling checks or kTLS:
 *
 *   SSL2 SSL3 SSL3_METHOD TLS1 TLS1_METHOD TLS1_1 TLS1_1_METHOD
 *   DTLS DTLS1 DTLS1_METHOD DTLS1_2 DTLS1_2_METHOD SCTP SRTP
 *   COMP ENGINE DYNAMIC_ENGINE STATIC_ENGINE SRP PSK NEXTPROTONEG CT OCSP
 *   KTLS HEARTBEATS WEAK_SSL_CIPHERS RC2 RC4 RC5 IDEA SEED CAMELLIA ARIA MD2
 *   MDC2 GOST SM2 SM3 SM4 WHIRLPOOL EGD CRYPTO_MDEBUG TRACE UPLINK
 *   MD4 MD5 DES DSA (no digest or cipher implementation offered; DSA keys
 *   cannot be read)
 *   QUIC (OpenSSL 3.2+ API)
 */
#ifndef OPENSSL_OPENSSLCONF_H
#define OPENSSL_OPENSSLCONF_H

#define OPENSSL_THREADS

/* Protocol versions and transports rustls does not implement. */
#define OPENSSL_NO_SSL2
#define OPENSSL_NO_SSL3
#define OPENSSL_NO_SSL3_METHOD
#define OPENSSL_NO_TLS1
#define OPENSSL_NO_TLS1_METHOD
#define OPENSSL_NO_TLS1_1
#define OPENSSL_NO_TLS1_1_METHOD
#define OPENSSL_NO_DTLS
#define OPENSSL_NO_DTLS1
#define OPENSSL_NO_DTLS1_METHOD
#define OPENSSL_NO_DTLS1_2
#define OPENSSL_NO_DTLS1_2_METHOD
#define OPENSSL_NO_SCTP
#define OPENSSL_NO_SRTP
#define OPENSSL_NO_QUIC

/* TLS features rustls leaves out. */
#define OPENSSL_NO_COMP
#define OPENSSL_NO_SRP
#define OPENSSL_NO_PSK
#define OPENSSL_NO_NEXTPROTONEG
#define OPENSSL_NO_CT
#define OPENSSL_NO_OCSP
#define OPENSSL_NO_KTLS
#define OPENSSL_NO_HEARTBEATS
#define OPENSSL_NO_WEAK_SSL_CIPHERS

/* No engine framework. */
#define OPENSSL_NO_ENGINE
#define OPENSSL_NO_DYNAMIC_ENGINE
#define OPENSSL_NO_STATIC_ENGINE

/* Algorithms with no cipher suite in rustls. */
#define OPENSSL_NO_RC2
#define OPENSSL_NO_RC4
#define OPENSSL_NO_RC5
#define OPENSSL_NO_IDEA
#define OPENSSL_NO_SEED
#define OPENSSL_NO_CAMELLIA
#define OPENSSL_NO_ARIA
#define OPENSSL_NO_MD2
#define OPENSSL_NO_MDC2
#define OPENSSL_NO_GOST
#define OPENSSL_NO_SM2
#define OPENSSL_NO_SM3
#define OPENSSL_NO_SM4
#define OPENSSL_NO_WHIRLPOOL
/* Digests, ciphers and keys the standalone library does not offer: its
 * EVP_MD set is SHA-1 and SHA-2 (aws-lc-rs has no public MD4/MD5), there
 * are no DES routines, and no DSA key can be used. */
#define OPENSSL_NO_MD4
#define OPENSSL_NO_MD5
#define OPENSSL_NO_DES
#define OPENSSL_NO_DSA

/* Debug/platform hooks of OpenSSL's own build. */
#define OPENSSL_NO_EGD
#define OPENSSL_NO_CRYPTO_MDEBUG
#define OPENSSL_NO_CRYPTO_MDEBUG_BACKTRACE
#define OPENSSL_NO_TRACE
#define OPENSSL_NO_UPLINK

/*
 * API level: we present the 3.0 API with everything deprecated in 1.1.0 and
 * 3.0 still visible (as a default OpenSSL 3.0 build does), so older programs
 * keep compiling. Deprecation attributes are empty: no warnings.
 */
#define OPENSSL_CONFIGURED_API 30000
#ifndef OPENSSL_API_LEVEL
# define OPENSSL_API_LEVEL 30000
#endif
#define OSSL_DEPRECATED(since)
#define OSSL_DEPRECATED_FOR(since, message)
#define OSSL_DEPRECATEDIN_3_0
#define OSSL_DEPRECATEDIN_3_0_FOR(msg)
#define OSSL_DEPRECATEDIN_1_1_1
#define OSSL_DEPRECATEDIN_1_1_1_FOR(msg)
#define OSSL_DEPRECATEDIN_1_1_0
#define OSSL_DEPRECATEDIN_1_1_0_FOR(msg)
#define OSSL_DEPRECATEDIN_1_0_2
#define OSSL_DEPRECATEDIN_1_0_2_FOR(msg)
#define OSSL_DEPRECATEDIN_1_0_1
#define OSSL_DEPRECATEDIN_1_0_0
#define OSSL_DEPRECATEDIN_0_9_8

/* Source location for the OPENSSL_malloc family and ERR_raise. */
#define OPENSSL_FILE __FILE__
#define OPENSSL_LINE __LINE__
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L
# define OPENSSL_FUNC __func__
#elif defined(__GNUC__)
# define OPENSSL_FUNC __FUNCTION__
#else
# define OPENSSL_FUNC "(unknown function)"
#endif

#define OPENSSL_UNUSED_ARGUMENT(x) (void)(x)

#endif /* OPENSSL_OPENSSLCONF_H */
