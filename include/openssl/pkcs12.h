/*
 * sslshim: <openssl/pkcs12.h>. PKCS12 is opaque (types.h). The standalone
 * library cannot read PKCS #12 files (their password-based ciphers are not
 * carried): d2i_PKCS12_bio/_fp and PKCS12_parse fail with an error entry,
 * so a program's PKCS #12 option reports that the file cannot be read.
 */
#ifndef OPENSSL_PKCS12_H
#define OPENSSL_PKCS12_H
#define HEADER_PKCS12_H

#include <openssl/bio.h>
#include <openssl/x509.h>

#endif /* OPENSSL_PKCS12_H */
