/*
 * sslshim: BUF_MEM, the growable buffer BIO_get_mem_ptr() hands out. Unlike
 * most objects its layout is public in OpenSSL and programs read its fields,
 * so it is declared here with OpenSSL's field order.
 */
#ifndef OPENSSL_BUFFER_H
#define OPENSSL_BUFFER_H
#define HEADER_BUFFER_H
#include <stddef.h>
#include <openssl/types.h>

struct buf_mem_st {
    size_t length;       /* bytes in use */
    char *data;
    size_t max;          /* bytes allocated */
    unsigned long flags;
};

#define BUF_MEM_FLAG_SECURE 0x01

#endif
