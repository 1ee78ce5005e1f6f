/*
 * The client CA list functions on a context and a connection, without a
 * handshake (client_auth.c covers what is sent and received):
 * SSL_load_client_CA_file (distinct subjects, a missing file), the
 * context's list (empty when new, get0 pointer stable, set0, add shows in
 * a stack handed out earlier), a connection's list (its context's until
 * it has its own; SSL_add_client_CA starts its own; set0 NULL goes back
 * to the context's), and a NULL certificate.
 */
#define _GNU_SOURCE /* dladdr */
#include "common.h"
#include <dlfcn.h>

static void names(const char *what, const STACK_OF(X509_NAME) *sk)
{
    if (sk == NULL) {
        printf("%s NULL\n", what);
        return;
    }
    printf("%s n=%d\n", what, sk_X509_NAME_num(sk));
    for (int i = 0; i < sk_X509_NAME_num(sk); i++) {
        char buf[256];
        X509_NAME_oneline(sk_X509_NAME_value(sk, i), buf, sizeof buf);
        printf("  %s\n", buf);
    }
}

int main(void)
{
    /* Which library serves libssl here (tests/dropin/client_ca.sh checks). */
    Dl_info di;
    if (dladdr((void *)SSL_CTX_new, &di) && di.dli_fname != NULL)
        printf("# SSL_CTX_new from %s\n", di.dli_fname);
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    CHECK(ctx != NULL);

    /* server-chain.pem holds the leaf and the intermediate; client-chain.pem
     * the client and the same intermediate: 3 distinct names together. */
    STACK_OF(X509_NAME) *l = SSL_load_client_CA_file(cert("server-chain.pem"));
    names("load server-chain", l);
    STACK_OF(X509_NAME) *bad = SSL_load_client_CA_file(cert("no-such-file.pem"));
    unsigned long e = ERR_peek_error();
    printf("load missing file: %s, error queued %d\n", bad ? "stack" : "NULL", e != 0);
    ERR_clear_error();

    names("new context", SSL_CTX_get_client_CA_list(ctx));
    SSL_CTX_set_client_CA_list(ctx, l);
    STACK_OF(X509_NAME) *g1 = SSL_CTX_get_client_CA_list(ctx);
    printf("get0 twice same pointer %d\n", g1 == SSL_CTX_get_client_CA_list(ctx));
    X509 *client = read_cert("client.pem");
    printf("SSL_CTX_add_client_CA %d\n", SSL_CTX_add_client_CA(ctx, client));
    names("context after add", SSL_CTX_get_client_CA_list(ctx));
    printf("stack handed out before the add now n=%d\n", sk_X509_NAME_num(g1));

    SSL *s = SSL_new(ctx);
    CHECK(s != NULL);
    names("connection (its context's)", SSL_get_client_CA_list(s));
    X509 *inter = read_cert("intermediate.pem");
    printf("SSL_add_client_CA %d\n", SSL_add_client_CA(s, inter));
    names("connection after its own add", SSL_get_client_CA_list(s));
    printf("context still n=%d\n", sk_X509_NAME_num(SSL_CTX_get_client_CA_list(ctx)));
    SSL_set_client_CA_list(s, NULL);
    names("connection after set0 NULL", SSL_get_client_CA_list(s));
    SSL_set_client_CA_list(s, SSL_load_client_CA_file(cert("client-chain.pem")));
    names("connection after set0 of client-chain", SSL_get_client_CA_list(s));

    printf("SSL_CTX_add_client_CA(NULL) %d\n", SSL_CTX_add_client_CA(ctx, NULL));
    ERR_clear_error();

    SSL_free(s);
    X509_free(client);
    X509_free(inter);
    SSL_CTX_free(ctx);
    printf("done\n");
    return 0;
}
