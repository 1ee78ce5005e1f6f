/*
 * sslshim: the opaque object types of OpenSSL 3's <openssl/types.h>, then
 * the generated numbers and prototypes (sslshim_generated.h).
 *
 * Every object is opaque to C: only pointers cross the ABI, the layout is
 * ours. The struct tags are OpenSSL's own, so code that forward-declares
 * `struct ssl_st;` or `struct x509_st;` refers to the same type as SSL/X509.
 * A type is listed here when a prototype of ours or a common program needs
 * the name; declaring an unused opaque type costs nothing.
 */
#ifndef OPENSSL_TYPES_H
#define OPENSSL_TYPES_H

/* FILE, va_list and time_t appear in generated prototypes. */
#include <limits.h>
#include <stdio.h>
#include <stdarg.h>
#include <time.h>
#include <openssl/e_os2.h>

#ifdef __cplusplus
extern "C" {
#endif

/* libssl */
typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_method_st SSL_METHOD;
typedef struct ssl_cipher_st SSL_CIPHER;
typedef struct ssl_session_st SSL_SESSION;
typedef struct ssl_conf_ctx_st SSL_CONF_CTX;
typedef struct ssl_comp_st SSL_COMP;
typedef struct comp_method_st COMP_METHOD;
typedef struct ssl_dane_st SSL_DANE;
typedef struct srtp_protection_profile_st SRTP_PROTECTION_PROFILE;
typedef struct ct_policy_eval_ctx_st CT_POLICY_EVAL_CTX;
struct stack_st_SCT;
struct stack_st_SRTP_PROTECTION_PROFILE;

/* BIO */
typedef struct bio_st BIO;
typedef struct bio_method_st BIO_METHOD;
typedef union bio_addr_st BIO_ADDR;
typedef struct bio_addrinfo_st BIO_ADDRINFO;
typedef struct buf_mem_st BUF_MEM;

/* X.509 and ASN.1 */
typedef struct x509_st X509;
typedef struct X509_name_st X509_NAME;
typedef struct X509_name_entry_st X509_NAME_ENTRY;
typedef struct X509_extension_st X509_EXTENSION;
typedef struct v3_ext_method X509V3_EXT_METHOD;
typedef struct X509_crl_st X509_CRL;
typedef struct X509_pubkey_st X509_PUBKEY;
typedef struct X509_algor_st X509_ALGOR;
typedef struct x509_store_st X509_STORE;
typedef struct x509_store_ctx_st X509_STORE_CTX;
typedef struct x509_object_st X509_OBJECT;
typedef struct x509_lookup_st X509_LOOKUP;
typedef struct x509_lookup_method_st X509_LOOKUP_METHOD;
typedef struct X509_VERIFY_PARAM_st X509_VERIFY_PARAM;
typedef struct X509_info_st X509_INFO;
typedef struct GENERAL_NAME_st GENERAL_NAME;
typedef struct asn1_string_st ASN1_STRING;
typedef struct asn1_string_st ASN1_INTEGER;
typedef struct asn1_string_st ASN1_ENUMERATED;
typedef struct asn1_string_st ASN1_BIT_STRING;
typedef struct asn1_string_st ASN1_OCTET_STRING;
typedef struct asn1_string_st ASN1_PRINTABLESTRING;
typedef struct asn1_string_st ASN1_T61STRING;
typedef struct asn1_string_st ASN1_IA5STRING;
typedef struct asn1_string_st ASN1_GENERALSTRING;
typedef struct asn1_string_st ASN1_UNIVERSALSTRING;
typedef struct asn1_string_st ASN1_BMPSTRING;
typedef struct asn1_string_st ASN1_UTCTIME;
typedef struct asn1_string_st ASN1_TIME;
typedef struct asn1_string_st ASN1_GENERALIZEDTIME;
typedef struct asn1_string_st ASN1_VISIBLESTRING;
typedef struct asn1_string_st ASN1_UTF8STRING;
typedef int ASN1_BOOLEAN;
typedef int ASN1_NULL;
typedef struct asn1_object_st ASN1_OBJECT;
typedef struct asn1_type_st ASN1_TYPE;

/* Keys, digests, misc crypto */
typedef struct evp_pkey_st EVP_PKEY;
typedef struct evp_pkey_ctx_st EVP_PKEY_CTX;
typedef struct evp_md_st EVP_MD;
typedef struct evp_md_ctx_st EVP_MD_CTX;
typedef struct evp_cipher_st EVP_CIPHER;
typedef struct evp_cipher_ctx_st EVP_CIPHER_CTX;
typedef struct evp_mac_ctx_st EVP_MAC_CTX;
typedef struct bignum_st BIGNUM;
typedef struct rsa_st RSA;
typedef struct PKCS12_st PKCS12;
typedef struct dh_st DH;
typedef struct dsa_st DSA;
typedef struct ec_key_st EC_KEY;
typedef struct ec_group_st EC_GROUP;
typedef struct engine_st ENGINE;
typedef struct conf_st CONF;
typedef struct crypto_ex_data_st CRYPTO_EX_DATA;
typedef struct ossl_init_settings_st OPENSSL_INIT_SETTINGS;
typedef struct ossl_lib_ctx_st OSSL_LIB_CTX;
typedef struct ossl_provider_st OSSL_PROVIDER;
typedef struct ui_method_st UI_METHOD;
typedef struct ctlog_store_st CTLOG_STORE;
struct lhash_st_SSL_SESSION;
struct openssl_ssl_test_functions;

/*
 * STACK_OF(T) is `struct stack_st_T`, as in OpenSSL. The tags are declared
 * at file scope here so a generated prototype mentioning one refers to this
 * type, not to a new one scoped to its parameter list.
 */
#define STACK_OF(type) struct stack_st_##type
typedef struct stack_st OPENSSL_STACK;
struct stack_st_X509;
struct stack_st_X509_NAME;
struct stack_st_X509_NAME_ENTRY;
struct stack_st_X509_EXTENSION;
struct stack_st_X509_CRL;
struct stack_st_X509_INFO;
struct stack_st_X509_OBJECT;
struct stack_st_GENERAL_NAME;
struct stack_st_SSL_CIPHER;
struct stack_st_SSL_COMP;
struct stack_st_OPENSSL_STRING;
struct stack_st_void;

/* Callback types the generated prototypes use. Pointer typedef for
 * SSL_verify_cb; the others are function types, as in OpenSSL. */
typedef int (*SSL_verify_cb)(int preverify_ok, X509_STORE_CTX *x509_ctx);
typedef int pem_password_cb(char *buf, int size, int rwflag, void *userdata);
typedef void CRYPTO_EX_new(void *parent, void *ptr, CRYPTO_EX_DATA *ad,
                           int idx, long argl, void *argp);
typedef void CRYPTO_EX_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad,
                            int idx, long argl, void *argp);
typedef int CRYPTO_EX_dup(CRYPTO_EX_DATA *to, const CRYPTO_EX_DATA *from,
                          void **from_d, int idx, long argl, void *argp);
typedef int BIO_info_cb(BIO *b, int state, int res);
typedef BIO_info_cb bio_info_cb;

/* OPENSSL_sk_pop_free and friends take callbacks of these shapes. */
typedef int (*OPENSSL_sk_compfunc)(const void *, const void *);
typedef void (*OPENSSL_sk_freefunc)(void *);
typedef void *(*OPENSSL_sk_copyfunc)(const void *);
/* OpenSSL spells the info callback's type out in each prototype; the name
 * is ours (the generated prototypes need one). */
typedef void (*sslshim_info_cb)(const SSL *ssl, int type, int val);
/* Callback typedefs of ssl.h that prototypes use. */
typedef int (*SSL_CTX_alpn_select_cb_func)(SSL *ssl, const unsigned char **out,
                                           unsigned char *outlen,
                                           const unsigned char *in,
                                           unsigned int inlen, void *arg);
typedef void (*SSL_CTX_keylog_cb_func)(const SSL *ssl, const char *line);
typedef int (*SSL_client_hello_cb_fn)(SSL *s, int *al, void *arg);
/* `void (*)(void)`, the type *_callback_ctrl take. */
typedef void (*sslshim_generic_fn)(void);
/* SSL_CTX_set_client_cert_cb's callback (spelt out by OpenSSL too). */
typedef int (*sslshim_client_cert_cb)(SSL *ssl, X509 **x509, EVP_PKEY **pkey);
/* SSL_CTX_set_cert_cb's callback (spelt out by OpenSSL too). */
typedef int (*sslshim_cert_cb)(SSL *ssl, void *arg);
/* SSL_CTX_set_tmp_dh_callback's callback. */
typedef DH *(*sslshim_tmp_dh_cb)(SSL *ssl, int is_export, int keylength);
/* A pointer to OpenSSL's function type, for the PEM_read_* prototypes. */
typedef pem_password_cb *sslshim_pem_password_cb;
/* The same for the message callback (SSL_CTX_set_msg_callback). */
typedef void (*sslshim_msg_cb)(int write_p, int version, int content_type,
                               const void *buf, size_t len, SSL *ssl, void *arg);

/* The handshake state machine's states (SSL_get_state), as OpenSSL 3.0. */
typedef enum {
    TLS_ST_BEFORE,
    TLS_ST_OK,
    DTLS_ST_CR_HELLO_VERIFY_REQUEST,
    TLS_ST_CR_SRVR_HELLO,
    TLS_ST_CR_CERT,
    TLS_ST_CR_CERT_STATUS,
    TLS_ST_CR_KEY_EXCH,
    TLS_ST_CR_CERT_REQ,
    TLS_ST_CR_SRVR_DONE,
    TLS_ST_CR_SESSION_TICKET,
    TLS_ST_CR_CHANGE,
    TLS_ST_CR_FINISHED,
    TLS_ST_CW_CLNT_HELLO,
    TLS_ST_CW_CERT,
    TLS_ST_CW_KEY_EXCH,
    TLS_ST_CW_CERT_VRFY,
    TLS_ST_CW_CHANGE,
    TLS_ST_CW_NEXT_PROTO,
    TLS_ST_CW_FINISHED,
    TLS_ST_SW_HELLO_REQ,
    TLS_ST_SR_CLNT_HELLO,
    DTLS_ST_SW_HELLO_VERIFY_REQUEST,
    TLS_ST_SW_SRVR_HELLO,
    TLS_ST_SW_CERT,
    TLS_ST_SW_KEY_EXCH,
    TLS_ST_SW_CERT_REQ,
    TLS_ST_SW_SRVR_DONE,
    TLS_ST_SR_CERT,
    TLS_ST_SR_KEY_EXCH,
    TLS_ST_SR_CERT_VRFY,
    TLS_ST_SR_NEXT_PROTO,
    TLS_ST_SR_CHANGE,
    TLS_ST_SR_FINISHED,
    TLS_ST_SW_SESSION_TICKET,
    TLS_ST_SW_CERT_STATUS,
    TLS_ST_SW_CHANGE,
    TLS_ST_SW_FINISHED,
    TLS_ST_SW_ENCRYPTED_EXTENSIONS,
    TLS_ST_CR_ENCRYPTED_EXTENSIONS,
    TLS_ST_CR_CERT_VRFY,
    TLS_ST_SW_CERT_VRFY,
    TLS_ST_CR_HELLO_REQ,
    TLS_ST_SW_KEY_UPDATE,
    TLS_ST_CW_KEY_UPDATE,
    TLS_ST_SR_KEY_UPDATE,
    TLS_ST_CR_KEY_UPDATE,
    TLS_ST_EARLY_DATA,
    TLS_ST_PENDING_EARLY_DATA_END,
    TLS_ST_CW_END_OF_EARLY_DATA,
    TLS_ST_SR_END_OF_EARLY_DATA
} OSSL_HANDSHAKE_STATE;
/* What an X509_OBJECT holds (X509_OBJECT_get_type), as x509_vfy.h. */
typedef enum {
    X509_LU_NONE = 0,
    X509_LU_X509, X509_LU_CRL
} X509_LOOKUP_TYPE;
/* The session cache callbacks (SSL_CTX_sess_set_new_cb, ..._remove_cb,
 * ..._get_cb), spelled out in OpenSSL's prototypes. */
typedef int (*sslshim_new_session_cb)(SSL *ssl, SSL_SESSION *sess);
typedef void (*sslshim_remove_session_cb)(SSL_CTX *ctx, SSL_SESSION *sess);
typedef SSL_SESSION *(*sslshim_get_session_cb)(SSL *ssl, const unsigned char *data,
                                               int len, int *copy);

#ifdef __cplusplus
}
#endif

#include <openssl/sslshim_generated.h>

#endif /* OPENSSL_TYPES_H */
