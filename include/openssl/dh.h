/*
 * sslshim: Diffie-Hellman parameters, as OpenSSL 3's <openssl/dh.h> as far
 * as a TLS program needs them: DH is opaque (types.h); DH_new,
 * DH_set0_pqg, DH_get0_pqg, DH_bits, DH_free, d2i_DHparams and
 * PEM_read_bio_DHparams are prototyped in the generated header. rustls has
 * no DHE suite: SSL_CTX_set_tmp_dh accepts parameters without effect.
 */
#ifndef OPENSSL_DH_H
#define OPENSSL_DH_H
#define HEADER_DH_H

#include <openssl/e_os2.h>
#include <openssl/types.h>
#include <openssl/bio.h>
#include <openssl/asn1.h>
#include <openssl/bn.h>

#endif /* OPENSSL_DH_H */
