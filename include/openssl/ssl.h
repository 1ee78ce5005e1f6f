/*
 * sslshim: OpenSSL 3's <openssl/ssl.h>, implemented on rustls.
 *
 * Numbers (SSL_CTRL_*, SSL_OP_*, SSL_MODE_*, SSL_ERROR_*, ...) and the
 * prototypes of every exported function come from the Rust source through
 * sslshim_generated.h. This file adds what C needs beyond that: the
 * function-like macros of OpenSSL 3, expanding to the same SSL_ctrl /
 * SSL_CTX_ctrl / CRYPTO_get_ex_new_index / OPENSSL_init_ssl calls with the
 * same numbers (checked by `make abi-test`), and the 1.0-era aliases.
 * A macro group exists only when its target function is exported
 * (SSLSHIM_HAVE_<fn>), so `#ifdef SSL_CTX_set_mode` tells the truth and a
 * missing feature fails at compile time under its own name.
 */
#ifndef OPENSSL_SSL_H
#define OPENSSL_SSL_H
#define HEADER_SSL_H

#include <openssl/e_os2.h>
#include <openssl/opensslconf.h>
#include <openssl/types.h>
#include <openssl/bio.h>
#include <openssl/x509.h>
#include <openssl/crypto.h>
#include <openssl/pem.h>
#include <openssl/symhacks.h>
#include <openssl/sslerr.h>
#include <openssl/ssl3.h>
#include <openssl/tls1.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Cipher list defaults OpenSSL programs pass to SSL_CTX_set_cipher_list. */
#define SSL_DEFAULT_CIPHER_LIST "ALL:!COMPLEMENTOFDEFAULT:!eNULL"
#define TLS_DEFAULT_CIPHERSUITES \
    "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256"

/* SSL_CONF_FLAG_* and SSL_CONF_TYPE_* come from src/abi (generated). */

/* The process's compression methods (SSL_COMP_get_compression_methods). */
SSLSHIM_DEFINE_STACK_OF(SSL_COMP)

/* The callback typedefs (SSL_CTX_alpn_select_cb_func, ...) are in types.h:
 * the generated prototypes need them. */

/* ---- Initialisation (automatic since 1.1.0; these are one init call). */
#ifdef SSLSHIM_HAVE_OPENSSL_init_ssl
# define SSL_library_init() OPENSSL_init_ssl(0, NULL)
# define SSL_load_error_strings() \
    OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS | OPENSSL_INIT_LOAD_CRYPTO_STRINGS, NULL)
# define OpenSSL_add_ssl_algorithms() SSL_library_init()
# define SSLeay_add_ssl_algorithms() SSL_library_init()
#endif

/* ---- Method aliases: SSLv23 means "any version" since 1.1.0. */
#ifdef SSLSHIM_HAVE_TLS_method
# define SSLv23_method TLS_method
#endif
#ifdef SSLSHIM_HAVE_TLS_server_method
# define SSLv23_server_method TLS_server_method
#endif
#ifdef SSLSHIM_HAVE_TLS_client_method
# define SSLv23_client_method TLS_client_method
#endif

/* ---- Renamed in 3.0. */
#ifdef SSLSHIM_HAVE_SSL_get1_peer_certificate
# define SSL_get_peer_certificate SSL_get1_peer_certificate
#endif

/* ---- want/state helpers. */
#ifdef SSLSHIM_HAVE_SSL_want
# define SSL_want_nothing(s) (SSL_want(s) == SSL_NOTHING)
# define SSL_want_read(s) (SSL_want(s) == SSL_READING)
# define SSL_want_write(s) (SSL_want(s) == SSL_WRITING)
# define SSL_want_x509_lookup(s) (SSL_want(s) == SSL_X509_LOOKUP)
# define SSL_want_retry_verify(s) (SSL_want(s) == SSL_RETRY_VERIFY)
# define SSL_want_async(s) (SSL_want(s) == SSL_ASYNC_PAUSED)
# define SSL_want_async_job(s) (SSL_want(s) == SSL_ASYNC_NO_JOBS)
# define SSL_want_client_hello_cb(s) (SSL_want(s) == SSL_CLIENT_HELLO_CB)
#endif
#if defined(SSLSHIM_HAVE_SSL_in_init) && defined(SSLSHIM_HAVE_SSL_is_server)
# define SSL_in_connect_init(a) (SSL_in_init(a) && !SSL_is_server(a))
# define SSL_in_accept_init(a) (SSL_in_init(a) && SSL_is_server(a))
#endif

/* ---- Cipher/session shorthands. */
#if defined(SSLSHIM_HAVE_SSL_get_current_cipher) && defined(SSLSHIM_HAVE_SSL_CIPHER_get_name)
# define SSL_get_cipher(s) SSL_CIPHER_get_name(SSL_get_current_cipher(s))
# define SSL_get_cipher_name(s) SSL_CIPHER_get_name(SSL_get_current_cipher(s))
#endif
#if defined(SSLSHIM_HAVE_SSL_get_current_cipher) && defined(SSLSHIM_HAVE_SSL_CIPHER_get_bits)
# define SSL_get_cipher_bits(s, np) SSL_CIPHER_get_bits(SSL_get_current_cipher(s), np)
#endif
#if defined(SSLSHIM_HAVE_SSL_get_current_cipher) && defined(SSLSHIM_HAVE_SSL_CIPHER_get_version)
# define SSL_get_cipher_version(s) SSL_CIPHER_get_version(SSL_get_current_cipher(s))
#endif
#ifdef SSLSHIM_HAVE_SSL_session_reused
# define SSL_cache_hit(s) SSL_session_reused(s)
#endif
#ifdef SSLSHIM_HAVE_SSL_get_session
# define SSL_get0_session SSL_get_session
#endif
#ifdef SSLSHIM_HAVE_SSL_SESSION_get_time
# define SSL_get_time(a) SSL_SESSION_get_time(a)
#endif
#ifdef SSLSHIM_HAVE_SSL_SESSION_set_time
# define SSL_set_time(a, b) SSL_SESSION_set_time((a), (b))
#endif
#ifdef SSLSHIM_HAVE_SSL_SESSION_get_timeout
# define SSL_get_timeout(a) SSL_SESSION_get_timeout(a)
#endif
#ifdef SSLSHIM_HAVE_SSL_SESSION_set_timeout
# define SSL_set_timeout(a, b) SSL_SESSION_set_timeout((a), (b))
#endif

/* ---- ex_data (application data slots). */
#ifdef SSLSHIM_HAVE_CRYPTO_get_ex_new_index
# define SSL_get_ex_new_index(l, p, newf, dupf, freef) \
    CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_SSL, l, p, newf, dupf, freef)
# define SSL_CTX_get_ex_new_index(l, p, newf, dupf, freef) \
    CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_SSL_CTX, l, p, newf, dupf, freef)
# define SSL_SESSION_get_ex_new_index(l, p, newf, dupf, freef) \
    CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_SSL_SESSION, l, p, newf, dupf, freef)
#endif
#if defined(SSLSHIM_HAVE_SSL_set_ex_data) && defined(SSLSHIM_HAVE_SSL_get_ex_data)
# define SSL_set_app_data(s, arg) (SSL_set_ex_data(s, 0, (char *)(arg)))
# define SSL_get_app_data(s) (SSL_get_ex_data(s, 0))
#endif
#if defined(SSLSHIM_HAVE_SSL_CTX_set_ex_data) && defined(SSLSHIM_HAVE_SSL_CTX_get_ex_data)
# define SSL_CTX_set_app_data(ctx, arg) (SSL_CTX_set_ex_data(ctx, 0, (char *)(arg)))
# define SSL_CTX_get_app_data(ctx) (SSL_CTX_get_ex_data(ctx, 0))
#endif
#if defined(SSLSHIM_HAVE_SSL_SESSION_set_ex_data) && defined(SSLSHIM_HAVE_SSL_SESSION_get_ex_data)
# define SSL_SESSION_set_app_data(s, a) (SSL_SESSION_set_ex_data(s, 0, (char *)(a)))
# define SSL_SESSION_get_app_data(s) (SSL_SESSION_get_ex_data(s, 0))
#endif

/* ---- ECDH is always automatic; 1.0.2 programs still ask for it. */
#define SSL_CTX_set_ecdh_auto(dummy, onoff) ((onoff) != 0)
#define SSL_set_ecdh_auto(dummy, onoff) ((onoff) != 0)

/* ---- SSL_CTX_ctrl wrappers. */
#ifdef SSLSHIM_HAVE_SSL_CTX_ctrl
# define SSL_CTX_set_mode(ctx, op) SSL_CTX_ctrl((ctx), SSL_CTRL_MODE, (op), NULL)
# define SSL_CTX_clear_mode(ctx, op) SSL_CTX_ctrl((ctx), SSL_CTRL_CLEAR_MODE, (op), NULL)
# define SSL_CTX_get_mode(ctx) SSL_CTX_ctrl((ctx), SSL_CTRL_MODE, 0, NULL)
# define SSL_CTX_set_cert_flags(ctx, op) \
    SSL_CTX_ctrl((ctx), SSL_CTRL_CERT_FLAGS, (op), NULL)
# define SSL_CTX_clear_cert_flags(ctx, op) \
    SSL_CTX_ctrl((ctx), SSL_CTRL_CLEAR_CERT_FLAGS, (op), NULL)
# define SSL_CTX_set_msg_callback_arg(ctx, arg) \
    SSL_CTX_ctrl((ctx), SSL_CTRL_SET_MSG_CALLBACK_ARG, 0, (arg))

/* Session cache. */
# define SSL_CTX_sess_number(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_NUMBER, 0, NULL)
# define SSL_CTX_sess_connect(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_CONNECT, 0, NULL)
# define SSL_CTX_sess_connect_good(ctx) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_CONNECT_GOOD, 0, NULL)
# define SSL_CTX_sess_connect_renegotiate(ctx) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_CONNECT_RENEGOTIATE, 0, NULL)
# define SSL_CTX_sess_accept(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_ACCEPT, 0, NULL)
# define SSL_CTX_sess_accept_renegotiate(ctx) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_ACCEPT_RENEGOTIATE, 0, NULL)
# define SSL_CTX_sess_accept_good(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_ACCEPT_GOOD, 0, NULL)
# define SSL_CTX_sess_hits(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_HIT, 0, NULL)
# define SSL_CTX_sess_cb_hits(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_CB_HIT, 0, NULL)
# define SSL_CTX_sess_misses(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_MISSES, 0, NULL)
# define SSL_CTX_sess_timeouts(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_TIMEOUTS, 0, NULL)
# define SSL_CTX_sess_cache_full(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_CACHE_FULL, 0, NULL)
# define SSL_CTX_sess_set_cache_size(ctx, t) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_SESS_CACHE_SIZE, t, NULL)
# define SSL_CTX_sess_get_cache_size(ctx) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_GET_SESS_CACHE_SIZE, 0, NULL)
# define SSL_CTX_set_session_cache_mode(ctx, m) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_SESS_CACHE_MODE, m, NULL)
# define SSL_CTX_get_session_cache_mode(ctx) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_GET_SESS_CACHE_MODE, 0, NULL)

/* Reading and record sizes. */
# define SSL_CTX_get_default_read_ahead(ctx) SSL_CTX_get_read_ahead(ctx)
# define SSL_CTX_set_default_read_ahead(ctx, m) SSL_CTX_set_read_ahead(ctx, m)
# define SSL_CTX_get_read_ahead(ctx) SSL_CTX_ctrl(ctx, SSL_CTRL_GET_READ_AHEAD, 0, NULL)
# define SSL_CTX_set_read_ahead(ctx, m) SSL_CTX_ctrl(ctx, SSL_CTRL_SET_READ_AHEAD, m, NULL)
# define SSL_CTX_get_max_cert_list(ctx) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_GET_MAX_CERT_LIST, 0, NULL)
# define SSL_CTX_set_max_cert_list(ctx, m) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MAX_CERT_LIST, m, NULL)
# define SSL_CTX_set_max_send_fragment(ctx, m) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MAX_SEND_FRAGMENT, m, NULL)
# define SSL_CTX_set_split_send_fragment(ctx, m) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_SPLIT_SEND_FRAGMENT, m, NULL)
# define SSL_CTX_set_max_pipelines(ctx, m) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MAX_PIPELINES, m, NULL)

/* Protocol versions. */
# define SSL_CTX_set_min_proto_version(ctx, version) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, version, NULL)
# define SSL_CTX_set_max_proto_version(ctx, version) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MAX_PROTO_VERSION, version, NULL)
# define SSL_CTX_get_min_proto_version(ctx) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_GET_MIN_PROTO_VERSION, 0, NULL)
# define SSL_CTX_get_max_proto_version(ctx) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_GET_MAX_PROTO_VERSION, 0, NULL)

/* Groups (named curves) and signature algorithms. */
# define SSL_CTX_set1_groups(ctx, glist, glistlen) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_GROUPS, glistlen, (int *)(glist))
# define SSL_CTX_set1_groups_list(ctx, s) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_GROUPS_LIST, 0, (char *)(s))
# define SSL_CTX_set1_curves SSL_CTX_set1_groups
# define SSL_CTX_set1_curves_list SSL_CTX_set1_groups_list
# define SSL_CTX_set1_sigalgs(ctx, slist, slistlen) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_SIGALGS, slistlen, (int *)(slist))
# define SSL_CTX_set1_sigalgs_list(ctx, s) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_SIGALGS_LIST, 0, (char *)(s))
# define SSL_CTX_set1_client_sigalgs(ctx, slist, slistlen) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_CLIENT_SIGALGS, slistlen, (int *)(slist))
# define SSL_CTX_set1_client_sigalgs_list(ctx, s) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_CLIENT_SIGALGS_LIST, 0, (char *)(s))
# define SSL_CTX_set_dh_auto(ctx, onoff) SSL_CTX_ctrl(ctx, SSL_CTRL_SET_DH_AUTO, onoff, NULL)
# define SSL_CTX_set_tmp_dh(ctx, dh) SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TMP_DH, 0, (char *)(dh))
# define SSL_CTX_set_tmp_ecdh(ctx, ecdh) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TMP_ECDH, 0, (char *)(ecdh))

/* Certificate chains and stores. */
# define SSL_CTX_add_extra_chain_cert(ctx, x509) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_EXTRA_CHAIN_CERT, 0, (char *)(x509))
# define SSL_CTX_get_extra_chain_certs(ctx, px509) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_GET_EXTRA_CHAIN_CERTS, 0, px509)
# define SSL_CTX_get_extra_chain_certs_only(ctx, px509) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_GET_EXTRA_CHAIN_CERTS, 1, px509)
# define SSL_CTX_clear_extra_chain_certs(ctx) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_CLEAR_EXTRA_CHAIN_CERTS, 0, NULL)
# define SSL_CTX_set0_chain(ctx, sk) SSL_CTX_ctrl(ctx, SSL_CTRL_CHAIN, 0, (char *)(sk))
# define SSL_CTX_set1_chain(ctx, sk) SSL_CTX_ctrl(ctx, SSL_CTRL_CHAIN, 1, (char *)(sk))
# define SSL_CTX_add0_chain_cert(ctx, x509) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_CHAIN_CERT, 0, (char *)(x509))
# define SSL_CTX_add1_chain_cert(ctx, x509) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_CHAIN_CERT, 1, (char *)(x509))
# define SSL_CTX_get0_chain_certs(ctx, px509) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_GET_CHAIN_CERTS, 0, px509)
# define SSL_CTX_clear_chain_certs(ctx) SSL_CTX_set0_chain(ctx, NULL)
# define SSL_CTX_build_cert_chain(ctx, flags) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_BUILD_CERT_CHAIN, flags, NULL)
# define SSL_CTX_select_current_cert(ctx, x509) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SELECT_CURRENT_CERT, 0, (char *)(x509))
# define SSL_CTX_set_current_cert(ctx, op) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_CURRENT_CERT, op, NULL)
# define SSL_CTX_set0_verify_cert_store(ctx, st) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_VERIFY_CERT_STORE, 0, (char *)(st))
# define SSL_CTX_set1_verify_cert_store(ctx, st) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_VERIFY_CERT_STORE, 1, (char *)(st))
# define SSL_CTX_get0_verify_cert_store(ctx, st) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_GET_VERIFY_CERT_STORE, 0, (char *)(st))
# define SSL_CTX_set0_chain_cert_store(ctx, st) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_CHAIN_CERT_STORE, 0, (char *)(st))
# define SSL_CTX_set1_chain_cert_store(ctx, st) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_SET_CHAIN_CERT_STORE, 1, (char *)(st))
# define SSL_CTX_get0_chain_cert_store(ctx, st) \
    SSL_CTX_ctrl(ctx, SSL_CTRL_GET_CHAIN_CERT_STORE, 0, (char *)(st))
#endif /* SSL_CTX_ctrl */

/* ---- SSL_ctrl wrappers. */
#ifdef SSLSHIM_HAVE_SSL_ctrl
# define SSL_set_mode(ssl, op) SSL_ctrl((ssl), SSL_CTRL_MODE, (op), NULL)
# define SSL_clear_mode(ssl, op) SSL_ctrl((ssl), SSL_CTRL_CLEAR_MODE, (op), NULL)
# define SSL_get_mode(ssl) SSL_ctrl((ssl), SSL_CTRL_MODE, 0, NULL)
# define SSL_set_cert_flags(s, op) SSL_ctrl((s), SSL_CTRL_CERT_FLAGS, (op), NULL)
# define SSL_clear_cert_flags(s, op) SSL_ctrl((s), SSL_CTRL_CLEAR_CERT_FLAGS, (op), NULL)
# define SSL_set_msg_callback_arg(ssl, arg) \
    SSL_ctrl((ssl), SSL_CTRL_SET_MSG_CALLBACK_ARG, 0, (arg))
# define SSL_get_secure_renegotiation_support(ssl) \
    SSL_ctrl((ssl), SSL_CTRL_GET_RI_SUPPORT, 0, NULL)
# define SSL_get_extms_support(s) SSL_ctrl((s), SSL_CTRL_GET_EXTMS_SUPPORT, 0, NULL)
# define SSL_num_renegotiations(ssl) \
    SSL_ctrl((ssl), SSL_CTRL_GET_NUM_RENEGOTIATIONS, 0, NULL)
# define SSL_clear_num_renegotiations(ssl) \
    SSL_ctrl((ssl), SSL_CTRL_CLEAR_NUM_RENEGOTIATIONS, 0, NULL)
# define SSL_total_renegotiations(ssl) \
    SSL_ctrl((ssl), SSL_CTRL_GET_TOTAL_RENEGOTIATIONS, 0, NULL)
# define SSL_get_max_cert_list(ssl) SSL_ctrl(ssl, SSL_CTRL_GET_MAX_CERT_LIST, 0, NULL)
# define SSL_set_max_cert_list(ssl, m) SSL_ctrl(ssl, SSL_CTRL_SET_MAX_CERT_LIST, m, NULL)
# define SSL_set_max_send_fragment(ssl, m) \
    SSL_ctrl(ssl, SSL_CTRL_SET_MAX_SEND_FRAGMENT, m, NULL)
# define SSL_set_split_send_fragment(ssl, m) \
    SSL_ctrl(ssl, SSL_CTRL_SET_SPLIT_SEND_FRAGMENT, m, NULL)
# define SSL_set_max_pipelines(ssl, m) SSL_ctrl(ssl, SSL_CTRL_SET_MAX_PIPELINES, m, NULL)
# define SSL_set_retry_verify(ssl) (SSL_ctrl(ssl, SSL_CTRL_SET_RETRY_VERIFY, 0, NULL) > 0)

/* Protocol versions. */
# define SSL_set_min_proto_version(s, version) \
    SSL_ctrl(s, SSL_CTRL_SET_MIN_PROTO_VERSION, version, NULL)
# define SSL_set_max_proto_version(s, version) \
    SSL_ctrl(s, SSL_CTRL_SET_MAX_PROTO_VERSION, version, NULL)
# define SSL_get_min_proto_version(s) SSL_ctrl(s, SSL_CTRL_GET_MIN_PROTO_VERSION, 0, NULL)
# define SSL_get_max_proto_version(s) SSL_ctrl(s, SSL_CTRL_GET_MAX_PROTO_VERSION, 0, NULL)

/* Groups, signature algorithms, negotiated parameters. */
# define SSL_get1_groups(s, glist) SSL_ctrl(s, SSL_CTRL_GET_GROUPS, 0, (int *)(glist))
# define SSL_set1_groups(s, glist, glistlen) \
    SSL_ctrl(s, SSL_CTRL_SET_GROUPS, glistlen, (char *)(glist))
# define SSL_set1_groups_list(s, str) \
    SSL_ctrl(s, SSL_CTRL_SET_GROUPS_LIST, 0, (char *)(str))
# define SSL_get_shared_group(s, n) SSL_ctrl(s, SSL_CTRL_GET_SHARED_GROUP, n, NULL)
# define SSL_get_negotiated_group(s) SSL_ctrl(s, SSL_CTRL_GET_NEGOTIATED_GROUP, 0, NULL)
# define SSL_get1_curves SSL_get1_groups
# define SSL_set1_curves SSL_set1_groups
# define SSL_set1_curves_list SSL_set1_groups_list
# define SSL_get_shared_curve SSL_get_shared_group
# define SSL_set1_sigalgs(s, slist, slistlen) \
    SSL_ctrl(s, SSL_CTRL_SET_SIGALGS, slistlen, (int *)(slist))
# define SSL_set1_sigalgs_list(s, str) \
    SSL_ctrl(s, SSL_CTRL_SET_SIGALGS_LIST, 0, (char *)(str))
# define SSL_set1_client_sigalgs(s, slist, slistlen) \
    SSL_ctrl(s, SSL_CTRL_SET_CLIENT_SIGALGS, slistlen, (int *)(slist))
# define SSL_set1_client_sigalgs_list(s, str) \
    SSL_ctrl(s, SSL_CTRL_SET_CLIENT_SIGALGS_LIST, 0, (char *)(str))
# define SSL_get_signature_nid(s, pn) SSL_ctrl(s, SSL_CTRL_GET_SIGNATURE_NID, 0, pn)
# define SSL_get_peer_signature_nid(s, pn) \
    SSL_ctrl(s, SSL_CTRL_GET_PEER_SIGNATURE_NID, 0, pn)
# define SSL_get_peer_tmp_key(s, pk) SSL_ctrl(s, SSL_CTRL_GET_PEER_TMP_KEY, 0, pk)
# define SSL_get_tmp_key(s, pk) SSL_ctrl(s, SSL_CTRL_GET_TMP_KEY, 0, pk)
# define SSL_get_server_tmp_key(s, pk) SSL_get_peer_tmp_key(s, pk)
# define SSL_get0_raw_cipherlist(s, plst) SSL_ctrl(s, SSL_CTRL_GET_RAW_CIPHERLIST, 0, plst)
# define SSL_get0_ec_point_formats(s, plst) \
    SSL_ctrl(s, SSL_CTRL_GET_EC_POINT_FORMATS, 0, plst)
# define SSL_set_dh_auto(s, onoff) SSL_ctrl(s, SSL_CTRL_SET_DH_AUTO, onoff, NULL)
# define SSL_set_tmp_dh(ssl, dh) SSL_ctrl(ssl, SSL_CTRL_SET_TMP_DH, 0, (char *)(dh))
# define SSL_set_tmp_ecdh(ssl, ecdh) SSL_ctrl(ssl, SSL_CTRL_SET_TMP_ECDH, 0, (char *)(ecdh))

/* Certificate chains and stores. */
# define SSL_set0_chain(s, sk) SSL_ctrl(s, SSL_CTRL_CHAIN, 0, (char *)(sk))
# define SSL_set1_chain(s, sk) SSL_ctrl(s, SSL_CTRL_CHAIN, 1, (char *)(sk))
# define SSL_add0_chain_cert(s, x509) SSL_ctrl(s, SSL_CTRL_CHAIN_CERT, 0, (char *)(x509))
# define SSL_add1_chain_cert(s, x509) SSL_ctrl(s, SSL_CTRL_CHAIN_CERT, 1, (char *)(x509))
# define SSL_get0_chain_certs(s, px509) SSL_ctrl(s, SSL_CTRL_GET_CHAIN_CERTS, 0, px509)
# define SSL_clear_chain_certs(s) SSL_set0_chain(s, NULL)
# define SSL_build_cert_chain(s, flags) SSL_ctrl(s, SSL_CTRL_BUILD_CERT_CHAIN, flags, NULL)
# define SSL_select_current_cert(s, x509) \
    SSL_ctrl(s, SSL_CTRL_SELECT_CURRENT_CERT, 0, (char *)(x509))
# define SSL_set_current_cert(s, op) SSL_ctrl(s, SSL_CTRL_SET_CURRENT_CERT, op, NULL)
# define SSL_set0_verify_cert_store(s, st) \
    SSL_ctrl(s, SSL_CTRL_SET_VERIFY_CERT_STORE, 0, (char *)(st))
# define SSL_set1_verify_cert_store(s, st) \
    SSL_ctrl(s, SSL_CTRL_SET_VERIFY_CERT_STORE, 1, (char *)(st))
# define SSL_get0_verify_cert_store(s, st) \
    SSL_ctrl(s, SSL_CTRL_GET_VERIFY_CERT_STORE, 0, (char *)(st))
# define SSL_set0_chain_cert_store(s, st) \
    SSL_ctrl(s, SSL_CTRL_SET_CHAIN_CERT_STORE, 0, (char *)(st))
# define SSL_set1_chain_cert_store(s, st) \
    SSL_ctrl(s, SSL_CTRL_SET_CHAIN_CERT_STORE, 1, (char *)(st))
# define SSL_get0_chain_cert_store(s, st) \
    SSL_ctrl(s, SSL_CTRL_GET_CHAIN_CERT_STORE, 0, (char *)(st))
#endif /* SSL_ctrl */

#ifdef __cplusplus
}
#endif

#endif /* OPENSSL_SSL_H */
