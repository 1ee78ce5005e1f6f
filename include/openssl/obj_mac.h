/*
 * sslshim: a minimal <openssl/obj_mac.h>. The NID_* numbers come from
 * src/abi/obj_mac.rs (the generated header, through types.h; `make
 * abi-test` checks each against OpenSSL's value); the SN_/LN_ names of
 * the objects libssl programs print are written here.
 */
#ifndef OPENSSL_OBJ_MAC_H
#define OPENSSL_OBJ_MAC_H

#include <openssl/types.h>


#define SN_commonName "CN"
#define LN_commonName "commonName"
#define SN_subject_alt_name "subjectAltName"
#define LN_subject_alt_name "X509v3 Subject Alternative Name"

#endif
