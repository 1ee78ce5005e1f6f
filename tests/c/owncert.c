/*
 * What a context or connection presents, and session host names:
 * SSL_CTX_get0_certificate/privatekey, SSL_get_certificate/privatekey
 * (NULL before, the loaded objects after, the same pointer each time),
 * SSL_SESSION_get0_hostname (the SNI of the handshake, on both sides, and
 * through i2d/d2i on the server's), SSL_SESSION_set1_hostname, and
 * SSL_sendfile without kernel TLS. Every line must equal the oracle's.
 */
#include "common.h"

static void subject(const char *label, X509 *x)
{
    if (x == NULL) {
        printf("%s NULL\n", label);
        return;
    }
    print_name(label, X509_get_subject_name(x));
}

static int do_connect(SSL *s) { return SSL_connect(s); }

/* Accepts every name: OpenSSL then records it in the server's session
 * and acknowledges it, so the client records it too. */
static int accept_name(SSL *s, int *al, void *arg)
{
    (void)al;
    (void)arg;
    const char *n = SSL_get_servername(s, TLSEXT_NAMETYPE_host_name);
    printf("servername callback %s\n", n ? n : "NULL");
    return SSL_TLSEXT_ERR_OK;
}
static int do_accept(SSL *s) { return SSL_accept(s); }

int main(int argc, char **argv)
{
    test_init(argc, argv);

    SSL_CTX *empty = SSL_CTX_new(TLS_server_method());
    CHECK(empty != NULL);
    subject("empty ctx certificate", SSL_CTX_get0_certificate(empty));
    printf("empty ctx key %s\n", SSL_CTX_get0_privatekey(empty) ? "set" : "NULL");
    SSL_CTX_free(empty);

    /* The objects a program sets are the ones it gets back (programs hang
     * ex_data on them), from the context and from its connections. */
    SSL_CTX *own = SSL_CTX_new(TLS_server_method());
    CHECK(own != NULL);
    FILE *f = fopen(cert("server.pem"), "r");
    CHECK(f != NULL);
    X509 *mine = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    f = fopen(cert("server.key"), "r");
    CHECK(f != NULL);
    EVP_PKEY *mykey = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    CHECK(mine && mykey);
    CHECK(SSL_CTX_use_certificate(own, mine) == 1 && SSL_CTX_use_PrivateKey(own, mykey) == 1);
    SSL *ownssl = SSL_new(own);
    CHECK(ownssl != NULL);
    printf("get0 is the object set: ctx %d %d, connection %d %d\n",
           SSL_CTX_get0_certificate(own) == mine, SSL_CTX_get0_privatekey(own) == mykey,
           SSL_get_certificate(ownssl) == mine, SSL_get_privatekey(ownssl) == mykey);
    SSL_free(ownssl);
    SSL_CTX_free(own);
    X509_free(mine);
    EVP_PKEY_free(mykey);

    /* Loaded from files and asked of a connection first: the objects are
     * still the context's, and outlive the connection (IO::Socket::SSL
     * hands SSL_get_certificate's to another context after SSL_free). */
    SSL_CTX *files = server_ctx("server-chain.pem", "server.key");
    SSL *fssl = SSL_new(files);
    CHECK(fssl != NULL);
    X509 *fx = SSL_get_certificate(fssl);
    EVP_PKEY *fk = SSL_get_privatekey(fssl);
    CHECK(fx && fk);
    SSL_free(fssl);
    printf("connection's objects are the context's: %d %d\n",
           fx == SSL_CTX_get0_certificate(files), fk == SSL_CTX_get0_privatekey(files));
    subject("after SSL_free, connection's certificate", fx);
    SSL_CTX *other = SSL_CTX_new(TLS_server_method());
    CHECK(other != NULL);
    printf("another context takes them: %d %d\n", SSL_CTX_use_certificate(other, fx),
           SSL_CTX_use_PrivateKey(other, fk));
    SSL_CTX_free(other);
    SSL_CTX_free(files);

    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    X509 *x = SSL_CTX_get0_certificate(sctx);
    EVP_PKEY *k = SSL_CTX_get0_privatekey(sctx);
    subject("ctx certificate", x);
    printf("ctx key %s\n", k ? "set" : "NULL");
    SSL_CTX_set_options(sctx, SSL_OP_NO_TICKET);
    printf("same pointers after another setting %d\n",
           SSL_CTX_get0_certificate(sctx) == x && SSL_CTX_get0_privatekey(sctx) == k);

    SSL_CTX_set_tlsext_servername_callback(sctx, accept_name);
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    pair_t p = {0};
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    CHECK(p.c && p.s);
    subject("client certificate", SSL_get_certificate(p.c));
    printf("client key %s\n", SSL_get_privatekey(p.c) ? "set" : "NULL");
    subject("server connection certificate", SSL_get_certificate(p.s));
    printf("server connection key %s\n", SSL_get_privatekey(p.s) ? "set" : "NULL");
    CHECK(SSL_set_tlsext_host_name(p.c, "localhost") == 1);
    pair_attach_mem(&p);
    int rc, ec, rs, es;
    pair_drive(&p, do_connect, do_accept, &rc, &ec, &rs, &es);
    printf("handshake client %d server %d\n", rc, rs);
    /* The client reads the server's tickets (TLS 1.2 here: none). */
    SSL_SESSION *cs = SSL_get1_session(p.c), *ss = SSL_get1_session(p.s);
    CHECK(cs && ss);
    const char *h = SSL_SESSION_get0_hostname(cs);
    printf("client session hostname %s\n", h ? h : "NULL");
    h = SSL_SESSION_get0_hostname(ss);
    printf("server session hostname %s\n", h ? h : "NULL");
    unsigned char *der = NULL;
    int len = i2d_SSL_SESSION(ss, &der);
    CHECK(len > 0);
    const unsigned char *q = der;
    SSL_SESSION *back = d2i_SSL_SESSION(NULL, &q, len);
    CHECK(back != NULL);
    h = SSL_SESSION_get0_hostname(back);
    printf("server session hostname after i2d/d2i %s\n", h ? h : "NULL");
    printf("set1_hostname %d\n", SSL_SESSION_set1_hostname(back, "example.org"));
    printf("hostname now %s\n", SSL_SESSION_get0_hostname(back));
    printf("set1_hostname NULL %d\n", SSL_SESSION_set1_hostname(back, NULL));
    h = SSL_SESSION_get0_hostname(back);
    printf("hostname now %s\n", h ? h : "NULL");
    OPENSSL_free(der);
    SSL_SESSION_free(back);
    SSL_SESSION_free(cs);
    SSL_SESSION_free(ss);

    /* No kernel TLS on a memory BIO: SSL_sendfile fails as OpenSSL's. */
    ERR_clear_error();
    printf("sendfile %zd\n", (ssize_t)SSL_sendfile(p.s, 0, 0, 10, 0));
    print_first_error("sendfile");

    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    printf("done\n");
    return 0;
}
