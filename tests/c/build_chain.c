/*
 * SSL_CTX_build_cert_chain / SSL_build_cert_chain and the automatic chain:
 * a server configured with its certificate alone, whose trust store holds
 * the intermediate and the root. For each flag set: the return value, the
 * error entry, and the chain a client then receives (its length and the
 * subjects), which must be OpenSSL's.
 */
#include "common.h"

static void print_err(const char *label)
{
    unsigned long e = ERR_peek_error();
    printf("%s err lib=%d reason=%d\n", label, ERR_GET_LIB(e), ERR_GET_REASON(e));
    ERR_clear_error();
}

/* SSL_CTX_get0_chain_certs: NULL (-1) while the certificate has no chain
 * of its own; the same stack on a second call. */
static void print_chain_certs(const char *label, SSL_CTX *ctx)
{
    STACK_OF(X509) *a = NULL, *b = NULL;
    long r = SSL_CTX_get0_chain_certs(ctx, &a);
    SSL_CTX_get0_chain_certs(ctx, &b);
    printf("%s get0_chain_certs ret %ld count %d same %d\n", label, r, a ? sk_X509_num(a) : -1,
           a == b);
    for (int i = 0; a && i < sk_X509_num(a); i++) {
        char who[128];
        snprintf(who, sizeof who, "%s  chain[%d]", label, i);
        print_name(who, X509_get_subject_name(sk_X509_value(a, i)));
    }
    /* The extra chain certificates: without any, the certificate's chain
     * (the same stack), and NULL when asked for the extra ones only. */
    STACK_OF(X509) *e = (void *)&a, *only = (void *)&a;
    long re = SSL_CTX_get_extra_chain_certs(ctx, &e);
    long ro = SSL_CTX_get_extra_chain_certs_only(ctx, &only);
    printf("%s extra_chain_certs ret %ld count %d is the chain %d, only ret %ld count %d\n", label,
           re, e ? sk_X509_num(e) : -1, e == a, ro, only ? sk_X509_num(only) : -1);
}

static SSL_CTX *lone_server(int intermediate_in_store)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    CHECK(ctx != NULL);
    CHECK(SSL_CTX_use_certificate_file(ctx, cert("server.pem"), SSL_FILETYPE_PEM) == 1);
    CHECK(SSL_CTX_use_PrivateKey_file(ctx, cert("server.key"), SSL_FILETYPE_PEM) == 1);
    CHECK(SSL_CTX_load_verify_locations(ctx, cert("ca.pem"), NULL) == 1);
    if (intermediate_in_store)
        CHECK(SSL_CTX_load_verify_locations(ctx, cert("intermediate.pem"), NULL) == 1);
    return ctx;
}

/* A handshake with a client trusting ca.pem: what arrived. */
static void sent_chain(const char *label, SSL_CTX *sctx, SSL *preset)
{
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_NONE);
    pair_t p;
    memset(&p, 0, sizeof p);
    p.c = SSL_new(cctx);
    p.s = preset ? preset : SSL_new(sctx);
    CHECK(p.c && p.s);
    pair_attach_mem(&p);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    int rc_c, e_c, rc_s, e_s;
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    printf("%s handshake client %d server %d\n", label, rc_c, rc_s);
    STACK_OF(X509) *chain = SSL_get_peer_cert_chain(p.c);
    int n = chain ? sk_X509_num(chain) : -1;
    printf("%s peer chain %d verify %ld\n", label, n, SSL_get_verify_result(p.c));
    for (int i = 0; i < n; i++) {
        char who[64];
        snprintf(who, sizeof who, "%s  [%d]", label, i);
        print_name(who, X509_get_subject_name(sk_X509_value(chain, i)));
    }
    pair_free(&p);
    SSL_CTX_free(cctx);
}

int main(int argc, char **argv)
{
    static const struct { long flags; const char *name; } sets[] = {
        {0, "default"},
        {SSL_BUILD_CHAIN_FLAG_NO_ROOT, "no_root"},
        {SSL_BUILD_CHAIN_FLAG_CHECK, "check"},
        {SSL_BUILD_CHAIN_FLAG_CHECK | SSL_BUILD_CHAIN_FLAG_IGNORE_ERROR, "check ignore_error"},
        {SSL_BUILD_CHAIN_FLAG_UNTRUSTED, "untrusted"},
    };
    test_init(argc, argv);

    SSL *s;
    printf("== automatic chain (nothing built)\n");
    SSL_CTX *ctx = lone_server(1);
    sent_chain("auto", ctx, NULL);
    SSL_CTX_free(ctx);

    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        for (int inter = 0; inter <= 1; inter++) {
            char label[96];
            snprintf(label, sizeof label, "%s%s", sets[i].name,
                     inter ? " (intermediate in store)" : "");
            printf("== SSL_CTX_build_cert_chain %s\n", label);
            ctx = lone_server(inter);
            print_chain_certs("before", ctx);
            printf("%s ret %ld\n", label, SSL_CTX_build_cert_chain(ctx, sets[i].flags));
            print_err(label);
            print_chain_certs(label, ctx);
            sent_chain(label, ctx, NULL);
            SSL_CTX_free(ctx);
        }
    }

    printf("== a chain that is checked\n");
    ctx = server_ctx("server-chain.pem", "server.key");
    CHECK(SSL_CTX_load_verify_locations(ctx, cert("ca.pem"), NULL) == 1);
    print_chain_certs("chain file", ctx);
    printf("check ret %ld\n", SSL_CTX_build_cert_chain(ctx, SSL_BUILD_CHAIN_FLAG_CHECK));
    print_err("check");
    printf("untrusted ret %ld\n", SSL_CTX_build_cert_chain(ctx, SSL_BUILD_CHAIN_FLAG_UNTRUSTED | SSL_BUILD_CHAIN_FLAG_NO_ROOT));
    print_err("untrusted");
    sent_chain("untrusted no_root", ctx, NULL);
    SSL_CTX_free(ctx);

    printf("== SSL_MODE_NO_AUTO_CHAIN\n");
    ctx = lone_server(1);
    SSL_CTX_set_mode(ctx, SSL_MODE_NO_AUTO_CHAIN);
    sent_chain("ctx mode", ctx, NULL);
    s = SSL_new(ctx);
    SSL_clear_mode(s, SSL_MODE_NO_AUTO_CHAIN);
    sent_chain("ssl mode cleared", ctx, s);
    SSL_CTX_clear_mode(ctx, SSL_MODE_NO_AUTO_CHAIN);
    s = SSL_new(ctx);
    SSL_set_mode(s, SSL_MODE_NO_AUTO_CHAIN);
    sent_chain("ssl mode", ctx, s);
    sent_chain("ctx mode cleared", ctx, NULL);
    SSL_CTX_free(ctx);

    printf("== per connection, and without a certificate\n");
    ctx = lone_server(1);
    s = SSL_new(ctx);
    printf("SSL_build_cert_chain ret %ld\n", SSL_build_cert_chain(s, SSL_BUILD_CHAIN_FLAG_NO_ROOT));
    print_err("SSL_build_cert_chain");
    STACK_OF(X509) *sc = NULL;
    printf("SSL_get0_chain_certs ret %ld count %d\n", SSL_get0_chain_certs(s, &sc),
           sc ? sk_X509_num(sc) : -1);
    print_chain_certs("its context", ctx);
    sent_chain("ssl", ctx, s);
    SSL_CTX_free(ctx);
    ctx = SSL_CTX_new(TLS_server_method());
    printf("no certificate ret %ld\n", SSL_CTX_build_cert_chain(ctx, 0));
    print_err("no certificate");
    SSL_CTX_free(ctx);
    return 0;
}
