/* sslshim: the 1.1-era name of <openssl/types.h>. */
#ifndef OPENSSL_OSSL_TYP_H
#define OPENSSL_OSSL_TYP_H
#define HEADER_OPENSSL_TYPES_H
#include <openssl/types.h>
#endif
