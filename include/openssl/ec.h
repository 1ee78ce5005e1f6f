/*
 * sslshim: elliptic curves, as OpenSSL 3's <openssl/ec.h> as far as a TLS
 * program needs them: EC_KEY and EC_GROUP are opaque (types.h);
 * EC_KEY_new_by_curve_name, EC_KEY_get0_group, EC_GROUP_get_curve_name and
 * EC_KEY_free are prototyped in the generated header. A key names the
 * curve SSL_CTX_set_tmp_ecdh makes the only group; it holds no key
 * material (rustls makes its own ephemeral keys).
 */
#ifndef OPENSSL_EC_H
#define OPENSSL_EC_H
#define HEADER_EC_H

#include <string.h>
#include <openssl/e_os2.h>
#include <openssl/types.h>
#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/objects.h>

#define OPENSSL_EC_NAMED_CURVE 0x001

#endif /* OPENSSL_EC_H */
