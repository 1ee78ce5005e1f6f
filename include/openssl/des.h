/*
 * sslshim: <openssl/des.h>. The standalone library has no DES
 * (OPENSSL_NO_DES in opensslconf.h), so, as in an OpenSSL built without
 * it, this header declares nothing; programs test OPENSSL_NO_DES.
 */
#ifndef OPENSSL_DES_H
#define OPENSSL_DES_H
#define HEADER_DES_H

#include <openssl/opensslconf.h>

#endif /* OPENSSL_DES_H */
