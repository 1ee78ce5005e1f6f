/*
 * sslshim: PEM reading/writing. pem_password_cb is in types.h (a function type, as in OpenSSL); PEM_read_bio_* are prototyped in the generated header when exported.
 */
#ifndef OPENSSL_PEM_H
#define OPENSSL_PEM_H
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#endif
