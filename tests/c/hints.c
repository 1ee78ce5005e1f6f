/*
 * What Python's ssl module and socat use beyond a handshake, compared with
 * OpenSSL: SSL_CIPHER_* NIDs and AEAD flag, SSL_CIPHER_find, the cipher
 * stacks (walked with sk_SSL_CIPHER_*; the client's list holds the
 * negotiated suite; OpenSSL's lists also hold suites rustls lacks, so their
 * lengths are '#' lines), SSL_get0_verified_chain, read-ahead (the previous
 * value from the ctrl, inherited by SSL_new), the default password callback
 * and its argument, post-handshake authentication's errors for a client
 * that did not offer it; the version-specific methods (TLSv1_2_method...).
 * (SSL_CTX_set_tmp_dh/set_tmp_ecdh take libcrypto
 * DH/EC_KEY objects, which the standalone flavour does not have: socat's
 * test covers them on the drop-in flavour.)
 */
#include "common.h"

static const char *names[] = {
    "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256",
    "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
    "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
};

/* Finds a suite by name in `sk`. */
static const SSL_CIPHER *by_name(STACK_OF(SSL_CIPHER) *sk, const char *name)
{
    for (int i = 0; i < sk_SSL_CIPHER_num(sk); i++) {
        const SSL_CIPHER *c = sk_SSL_CIPHER_value(sk, i);
        if (strcmp(SSL_CIPHER_get_name(c), name) == 0)
            return c;
    }
    return NULL;
}

static void cipher_nids(void)
{
    printf("== SSL_CIPHER nids\n");
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    CHECK(SSL_CTX_set_cipher_list(ctx, "ECDHE+AESGCM:ECDHE+CHACHA20") == 1);
    SSL *ssl = SSL_new(ctx);
    STACK_OF(SSL_CIPHER) *sk = SSL_get_ciphers(ssl);
    CHECK(sk != NULL);
    CHECK(SSL_get_ciphers(ssl) == sk); /* get0: the same stack */
    printf("# %d ciphers in the list\n", sk_SSL_CIPHER_num(sk));
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const SSL_CIPHER *c = by_name(sk, names[i]);
        CHECK(c != NULL);
        uint16_t id = SSL_CIPHER_get_protocol_id(c);
        unsigned char b[2] = {id >> 8, id & 0xff};
        const SSL_CIPHER *f = SSL_CIPHER_find(ssl, b);
        printf("%s cipher %d digest %d kx %d auth %d aead %d find %s\n", names[i],
               SSL_CIPHER_get_cipher_nid(c), SSL_CIPHER_get_digest_nid(c),
               SSL_CIPHER_get_kx_nid(c), SSL_CIPHER_get_auth_nid(c), SSL_CIPHER_is_aead(c),
               f ? SSL_CIPHER_get_name(f) : "NULL");
    }
    STACK_OF(SSL_CIPHER) *all = SSL_get1_supported_ciphers(ssl);
    CHECK(all != NULL);
    printf("supported holds TLS_AES_128_GCM_SHA256 %d\n", by_name(all, "TLS_AES_128_GCM_SHA256") != NULL);
    sk_SSL_CIPHER_free(all);
    CHECK(sk_SSL_CIPHER_num(SSL_CTX_get_ciphers(ctx)) > 0);
    printf("client ciphers before a hello %s\n", SSL_get_client_ciphers(ssl) ? "set" : "NULL");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

static int pw_cb(char *buf, int size, int rw, void *u)
{
    (void)buf; (void)size; (void)rw; (void)u;
    return 0;
}

static void hints(void)
{
    printf("== read-ahead, password callback\n");
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    printf("ctx read_ahead %ld\n", SSL_CTX_get_read_ahead(ctx));
    printf("set returns %ld\n", SSL_CTX_set_read_ahead(ctx, 1));
    printf("set again returns %ld, now %ld\n", SSL_CTX_set_read_ahead(ctx, 1), SSL_CTX_get_read_ahead(ctx));
    static int token;
    SSL_CTX_set_default_passwd_cb(ctx, pw_cb);
    SSL_CTX_set_default_passwd_cb_userdata(ctx, &token);
    SSL *ssl = SSL_new(ctx);
    printf("ssl read_ahead %d\n", SSL_get_read_ahead(ssl));
    SSL_set_read_ahead(ssl, 0);
    printf("ssl after set 0: %d, ctx %ld\n", SSL_get_read_ahead(ssl), SSL_CTX_get_read_ahead(ctx));
    printf("ctx cb ours %d userdata ours %d\n", SSL_CTX_get_default_passwd_cb(ctx) == pw_cb,
           SSL_CTX_get_default_passwd_cb_userdata(ctx) == &token);
    printf("ssl cb inherited %d userdata %d\n", SSL_get_default_passwd_cb(ssl) == pw_cb,
           SSL_get_default_passwd_cb_userdata(ssl) == &token);
    SSL_set_default_passwd_cb(ssl, NULL);
    SSL_set_default_passwd_cb_userdata(ssl, NULL);
    printf("ssl cleared %d %d, ctx kept %d\n", SSL_get_default_passwd_cb(ssl) == NULL,
           SSL_get_default_passwd_cb_userdata(ssl) == NULL, SSL_CTX_get_default_passwd_cb(ctx) == pw_cb);
    SSL_CTX_set_post_handshake_auth(ctx, 0);
    printf("PHA before a handshake %d\n", SSL_verify_client_post_handshake(ssl));
    print_first_error("PHA before a handshake");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

static void connection(void)
{
    printf("== after a handshake\n");
    pair_t p = {0};
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    pair_attach_mem(&p);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    int rc_c, e_c, rc_s, e_s;
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    CHECK(rc_c == 1 && rc_s == 1);
    const SSL_CIPHER *cur = SSL_get_current_cipher(p.s);
    STACK_OF(SSL_CIPHER) *offered = SSL_get_client_ciphers(p.s);
    CHECK(offered != NULL);
    printf("# client offered %d\n", sk_SSL_CIPHER_num(offered));
    printf("server sees the negotiated suite offered %d\n", sk_SSL_CIPHER_find(offered, cur) >= 0);
    printf("client's client ciphers %s\n", SSL_get_client_ciphers(p.c) ? "set" : "NULL");
    STACK_OF(X509) *chain = SSL_get0_verified_chain(p.c);
    CHECK(chain != NULL);
    printf("verified chain %d\n", sk_X509_num(chain));
    for (int i = 0; i < sk_X509_num(chain); i++)
        print_name("  subject", X509_get_subject_name(sk_X509_value(chain, i)));
    CHECK(SSL_get0_verified_chain(p.c) == chain);
    printf("PHA on a client %d\n", SSL_verify_client_post_handshake(p.c));
    print_first_error("PHA on a client");
    printf("PHA without the extension %d\n", SSL_verify_client_post_handshake(p.s));
    print_first_error("PHA without the extension");
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* TLSv1_2_method & co.: no bounds read back, the method's version before
 * a handshake, TLS 1.2 negotiated with a version-flexible server; TLS 1.0
 * fails (the reason differs: OpenSSL's server refuses the version at
 * Debian's security level, rustls has none to offer). */
static void method_pair(const SSL_METHOD *m, const char *label)
{
    pair_t p = {0};
    SSL_CTX *cctx = SSL_CTX_new(m);
    CHECK(cctx != NULL);
    CHECK(SSL_CTX_load_verify_locations(cctx, cert("ca.pem"), NULL) == 1);
    SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    printf("%s bounds %ld %ld\n", label, SSL_CTX_get_min_proto_version(cctx),
           SSL_CTX_get_max_proto_version(cctx));
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    printf("%s before: SSL_version 0x%x is_server %d\n", label, SSL_version(p.c), SSL_is_server(p.c));
    pair_attach_mem(&p);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    int rc_c = 0, e_c = 0, rc_s = 0, e_s = 0;
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    if (rc_c == 1)
        printf("%s handshake %s %s\n", label, SSL_get_version(p.c),
               SSL_CIPHER_get_name(SSL_get_current_cipher(p.c)));
    else {
        printf("%s handshake fails (client %d)\n", label, rc_c);
        note_first_error(label);
    }
    ERR_clear_error();
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    alarm(60);
    cipher_nids();
    hints();
    connection();
    printf("== version-specific methods\n");
    method_pair(TLSv1_2_client_method(), "TLSv1_2_client_method");
    method_pair(TLSv1_2_method(), "TLSv1_2_method");
    method_pair(TLSv1_method(), "TLSv1_method");
    CHECK(ERR_peek_error() == 0);
    return 0;
}
