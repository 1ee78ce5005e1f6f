/*
 * sslshim: BIO reason codes. None are exported yet (no BIO_R_* in src/abi);
 * the header exists so `#include <openssl/bioerr.h>` resolves.
 */
#ifndef OPENSSL_BIOERR_H
#define OPENSSL_BIOERR_H
#define HEADER_BIOERR_H
#include <openssl/types.h>
#include <openssl/symhacks.h>
#endif
