/*
 * sslshim: configuration files. We read no openssl.cnf; CONF is opaque and any exported CONF_/OPENSSL_config functions are in the generated header.
 */
#ifndef OPENSSL_CONF_H
#define OPENSSL_CONF_H
#include <openssl/bio.h>
#include <openssl/safestack.h>
#endif
