/*
 * sslshim: TLS extension macros of OpenSSL 3's <openssl/tls1.h>.
 * TLS1_*_VERSION, TLS1_AD_*, TLSEXT_NAMETYPE_host_name come from src/abi;
 * the macros below expand to the same SSL_ctrl / SSL_CTX_ctrl /
 * *_callback_ctrl calls as OpenSSL's, each group only when its target is
 * exported.
 */
#ifndef OPENSSL_TLS1_H
#define OPENSSL_TLS1_H
#define HEADER_TLS1_H

#include <openssl/types.h>

#ifdef SSLSHIM_HAVE_SSL_ctrl
/* Client SNI. */
# define SSL_set_tlsext_host_name(s, name) \
    SSL_ctrl(s, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, (void *)name)
# define SSL_set_tlsext_debug_arg(ssl, arg) \
    SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_DEBUG_ARG, 0, arg)
/* OCSP status request (client side). */
# define SSL_get_tlsext_status_type(ssl) \
    SSL_ctrl(ssl, SSL_CTRL_GET_TLSEXT_STATUS_REQ_TYPE, 0, NULL)
# define SSL_set_tlsext_status_type(ssl, type) \
    SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_STATUS_REQ_TYPE, type, NULL)
# define SSL_get_tlsext_status_ocsp_resp(ssl, arg) \
    SSL_ctrl(ssl, SSL_CTRL_GET_TLSEXT_STATUS_REQ_OCSP_RESP, 0, arg)
# define SSL_set_tlsext_status_ocsp_resp(ssl, arg, arglen) \
    SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_STATUS_REQ_OCSP_RESP, arglen, arg)
/* The status request's extensions and responder ids (a server reads them;
 * always none here: rustls hands neither over). */
# define SSL_get_tlsext_status_exts(ssl, arg) \
    SSL_ctrl(ssl, SSL_CTRL_GET_TLSEXT_STATUS_REQ_EXTS, 0, arg)
# define SSL_get_tlsext_status_ids(ssl, arg) \
    SSL_ctrl(ssl, SSL_CTRL_GET_TLSEXT_STATUS_REQ_IDS, 0, arg)
#endif

#ifdef SSLSHIM_HAVE_SSL_callback_ctrl
# define SSL_set_tlsext_debug_callback(ssl, cb) \
    SSL_callback_ctrl(ssl, SSL_CTRL_SET_TLSEXT_DEBUG_CB, (void (*)(void))cb)
#endif

#ifdef SSLSHIM_HAVE_SSL_CTX_callback_ctrl
/* Server SNI: cb(SSL *, int *alert, void *arg) returns SSL_TLSEXT_ERR_*. */
# define SSL_CTX_set_tlsext_servername_callback(ctx, cb) \
    SSL_CTX_callback_ctrl(ctx, SSL_CTRL_SET_TLSEXT_SERVERNAME_CB, (void (*)(void))cb)
# define SSL_CTX_set_tlsext_status_cb(ssl, cb) \
    SSL_CTX_callback_ctrl(ssl, SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB, (void (*)(void))cb)
#endif

#ifdef SSLSHIM_HAVE_SSL_CTX_ctrl
# define SSL_CTX_set_tlsext_servername_arg(ctx, arg) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG, 0, arg)
# define SSL_CTX_get_tlsext_status_cb(ssl, cb) \
    SSL_CTX_ctrl(ssl, SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB, 0, (void *)cb)
# define SSL_CTX_get_tlsext_status_arg(ssl, arg) \
    SSL_CTX_ctrl(ssl, SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB_ARG, 0, arg)
# define SSL_CTX_set_tlsext_status_arg(ssl, arg) \
    SSL_CTX_ctrl(ssl, SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB_ARG, 0, arg)
# define SSL_CTX_set_tlsext_status_type(ssl, type) \
    SSL_CTX_ctrl(ssl, SSL_CTRL_SET_TLSEXT_STATUS_REQ_TYPE, type, NULL)
# define SSL_CTX_get_tlsext_status_type(ssl) \
    SSL_CTX_ctrl(ssl, SSL_CTRL_GET_TLSEXT_STATUS_REQ_TYPE, 0, NULL)
# define SSL_CTX_get_tlsext_ticket_keys(ctx, keys, keylen) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_GET_TLSEXT_TICKET_KEYS, keylen, keys)
# define SSL_CTX_set_tlsext_ticket_keys(ctx, keys, keylen) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TLSEXT_TICKET_KEYS, keylen, keys)
#endif

#endif /* OPENSSL_TLS1_H */
