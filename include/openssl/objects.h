/*
 * sslshim: object identifiers. The NID numbers are in obj_mac.h.
 */
#ifndef OPENSSL_OBJECTS_H
#define OPENSSL_OBJECTS_H
#include <openssl/obj_mac.h>
#include <openssl/bio.h>
#include <openssl/asn1.h>
#endif
