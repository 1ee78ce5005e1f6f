/*
 * sslshim: <openssl/md5.h>. The standalone library has no MD5
 * (OPENSSL_NO_MD5 in opensslconf.h), so, as in an OpenSSL built without
 * it, this header declares nothing; programs test OPENSSL_NO_MD5.
 */
#ifndef OPENSSL_MD5_H
#define OPENSSL_MD5_H
#define HEADER_MD5_H

#include <openssl/opensslconf.h>

#endif /* OPENSSL_MD5_H */
