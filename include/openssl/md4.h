/*
 * sslshim: <openssl/md4.h>. The standalone library has no MD4
 * (OPENSSL_NO_MD4 in opensslconf.h), so, as in an OpenSSL built without
 * it, this header declares nothing; programs test OPENSSL_NO_MD4.
 */
#ifndef OPENSSL_MD4_H
#define OPENSSL_MD4_H
#define HEADER_MD4_H

#include <openssl/opensslconf.h>

#endif /* OPENSSL_MD4_H */
