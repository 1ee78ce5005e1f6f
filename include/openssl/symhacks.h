/*
 * sslshim: OpenSSL's <openssl/symhacks.h> shortens symbol names for old
 * linkers (VMS); nothing of that applies here. Present so includes resolve.
 */
#ifndef OPENSSL_SYMHACKS_H
#define OPENSSL_SYMHACKS_H
#define HEADER_SYMHACKS_H
#include <openssl/e_os2.h>
#endif
