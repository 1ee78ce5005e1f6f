/*
 * sslshim: BIO reason codes. The BIO_R_* our BIOs raise come from src/abi
 * (the generated header, through types.h).
 */
#ifndef OPENSSL_BIOERR_H
#define OPENSSL_BIOERR_H
#define HEADER_BIOERR_H
#include <openssl/types.h>
#include <openssl/symhacks.h>
#endif
