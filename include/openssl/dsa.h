/*
 * sslshim: <openssl/dsa.h>. The standalone library has no DSA
 * (OPENSSL_NO_DSA in opensslconf.h), so, as in an OpenSSL built without
 * it, this header declares nothing; programs test OPENSSL_NO_DSA.
 */
#ifndef OPENSSL_DSA_H
#define OPENSSL_DSA_H
#define HEADER_DSA_H

#include <openssl/opensslconf.h>

#endif /* OPENSSL_DSA_H */
