/*
 * Reference counting and ownership, written to be run under valgrind and
 * ASan (make test-memcheck): every object is released exactly once by the
 * rules OpenSSL documents, so a leak or a use after free in the library
 * shows up as a memcheck/ASan error, and the printed counts (which custom
 * BIOs were destroyed when) must equal the real OpenSSL's.
 *
 * Covered: *_up_ref/*_free of SSL_CTX, SSL, SSL_SESSION, X509, EVP_PKEY,
 * BIO; SSL_set_bio ownership (same BIO for both directions, replacing one or
 * both, swapping, NULL), BIO pairs freed in either order around a live SSL,
 * SSL_CTX_free while SSLs live (and a handshake after it), SSL_set_SSL_CTX
 * then freeing the old context, sessions outliving their SSL and being
 * offered after their last SSL_SESSION_free by the application, a peer
 * certificate outliving its SSL.
 */
#include "common.h"

#include <openssl/pem.h>

/* ---- BIOs whose destruction is observed --------------------------------- */

static int destroyed[16]; /* per id: how many times destroyed */

static int counting_create(BIO *b)
{
    BIO_set_init(b, 1);
    return 1;
}

static int counting_destroy(BIO *b)
{
    intptr_t id = (intptr_t)BIO_get_data(b);
    CHECK(id >= 0 && id < 16);
    destroyed[id]++;
    return 1;
}

static BIO_METHOD *method(void)
{
    static BIO_METHOD *m;
    if (m == NULL) {
        m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "refcount");
        CHECK(m != NULL);
        BIO_meth_set_create(m, counting_create);
        BIO_meth_set_destroy(m, counting_destroy);
    }
    return m;
}

/* A fresh case: every counter back to 0. */
static void reset(void) { memset(destroyed, 0, sizeof destroyed); }

static BIO *cbio(int id)
{
    BIO *b = BIO_new(method());
    CHECK(b != NULL);
    BIO_set_data(b, (void *)(intptr_t)id);
    return b;
}

/* "destroyed: 1=1 2=0 ..." for ids 1..n */
static void print_destroyed(const char *label, int n)
{
    printf("%s destroyed:", label);
    for (int i = 1; i <= n; i++)
        printf(" %d=%d", i, destroyed[i]);
    printf("\n");
}

static void set_bio_cases(SSL_CTX *ctx)
{
    SSL *s;
    BIO *a, *b, *c;

    /* Both directions replaced by two new BIOs. */
    reset();
    s = SSL_new(ctx);
    a = cbio(1);
    b = cbio(2);
    SSL_set_bio(s, a, a);
    SSL_set_bio(s, b, b);
    print_destroyed("replace (a,a) by (b,b)", 2);
    SSL_free(s);
    print_destroyed("replace (a,a) by (b,b) after SSL_free", 2);

    /* (a,b) then (b,a): a swap keeps both (no reference lost or doubled);
     * OpenSSL's rule: the caller passes one reference per argument only
     * for BIOs that change, so the app takes a ref for the swap. */
    reset();
    s = SSL_new(ctx);
    a = cbio(1);
    b = cbio(2);
    SSL_set_bio(s, a, b);
    BIO_up_ref(a);
    BIO_up_ref(b);
    SSL_set_bio(s, b, a);
    print_destroyed("swap (a,b) to (b,a)", 2);
    printf("swap: rbio==b %d wbio==a %d\n", SSL_get_rbio(s) == b, SSL_get_wbio(s) == a);
    SSL_free(s);
    print_destroyed("swap after SSL_free", 2);

    /* (a,a) then (a,c): the rbio stays, the shared reference now only read. */
    reset();
    s = SSL_new(ctx);
    a = cbio(1);
    c = cbio(3);
    SSL_set_bio(s, a, a);
    SSL_set_bio(s, a, c);
    print_destroyed("(a,a) to (a,c)", 3);
    SSL_free(s);
    print_destroyed("(a,a) to (a,c) after SSL_free", 3);

    /* (a,b) then (c,c): both old ones go. */
    reset();
    s = SSL_new(ctx);
    a = cbio(1);
    b = cbio(2);
    c = cbio(3);
    SSL_set_bio(s, a, b);
    SSL_set_bio(s, c, c);
    print_destroyed("(a,b) to (c,c)", 3);
    SSL_free(s);
    print_destroyed("(a,b) to (c,c) after SSL_free", 3);

    /* NULL, NULL releases what the SSL holds. */
    reset();
    s = SSL_new(ctx);
    a = cbio(1);
    SSL_set_bio(s, a, a);
    SSL_set_bio(s, NULL, NULL);
    print_destroyed("(a,a) to (NULL,NULL)", 1);
    printf("null: rbio %d wbio %d\n", SSL_get_rbio(s) == NULL, SSL_get_wbio(s) == NULL);
    SSL_free(s);

    /* A BIO the application still references survives SSL_free. */
    reset();
    s = SSL_new(ctx);
    a = cbio(1);
    BIO_up_ref(a);
    SSL_set_bio(s, a, a);
    SSL_free(s);
    print_destroyed("app ref after SSL_free", 1);
    BIO_free(a);
    print_destroyed("app ref after BIO_free", 1);

    /* SSL_up_ref: the BIOs go with the last SSL_free. */
    reset();
    s = SSL_new(ctx);
    a = cbio(1);
    SSL_set_bio(s, a, a);
    printf("SSL_up_ref %d\n", SSL_up_ref(s));
    SSL_free(s);
    print_destroyed("SSL_up_ref first free", 1);
    SSL_free(s);
    print_destroyed("SSL_up_ref second free", 1);
}

/* ---- handshakes over BIO pairs ------------------------------------------ */

static int handshake(pair_t *p)
{
    int rc_c, e_c, rc_s, e_s;
    pair_drive(p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    if (rc_c != 1 || rc_s != 1) {
        note_error_code("client", p->err_c);
        note_error_code("server", p->err_s);
    }
    return rc_c == 1 && rc_s == 1;
}

static void new_pair(pair_t *p, SSL_CTX *cctx, SSL_CTX *sctx)
{
    memset(p, 0, sizeof *p);
    p->c = SSL_new(cctx);
    p->s = SSL_new(sctx);
    CHECK(p->c && p->s);
    SSL_set_connect_state(p->c);
    SSL_set_accept_state(p->s);
}

static void echo(pair_t *p, const char *label)
{
    char buf[32] = {0};
    CHECK(SSL_write(p->c, "ping", 4) == 4);
    pair_move(p);
    int n = SSL_read(p->s, buf, sizeof buf - 1);
    printf("%s: server read %d %s\n", label, n, n > 0 ? buf : "");
}

/* Takes over the caller's references to cctx and sctx. */
static void biopair_cases(SSL_CTX *cctx, SSL_CTX *sctx)
{
    pair_t p;

    /* External halves freed before the SSLs (pair_free frees them after). */
    new_pair(&p, cctx, sctx);
    pair_attach_biopair(&p, 4096);
    printf("biopair handshake %d\n", handshake(&p));
    echo(&p, "biopair");
    BIO_free(p.c_in);
    BIO_free(p.s_in);
    p.cap = 0; /* already freed */
    /* Writing into a pair whose other half is gone fails cleanly. */
    int w = SSL_write(p.c, "x", 1);
    printf("write after peer half freed %d %s\n", w, err_name(SSL_get_error(p.c, w)));
    ERR_clear_error();
    pair_free(&p);

    /* A handshake and data after the application dropped its last
     * references to both contexts (the SSLs keep them alive). */
    new_pair(&p, cctx, sctx);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    pair_attach_biopair(&p, 1024);
    printf("after SSL_CTX_free handshake %d\n", handshake(&p));
    echo(&p, "after SSL_CTX_free");
    pair_free(&p);
}

/* ---- sessions, certificates, keys ---------------------------------------- */

static void session_cases(SSL_CTX *cctx, SSL_CTX *sctx)
{
    pair_t p;
    new_pair(&p, cctx, sctx);
    pair_attach_mem(&p);
    printf("session handshake %d\n", handshake(&p));
    echo(&p, "session");

    SSL_SESSION *s0 = SSL_get_session(p.c); /* borrowed */
    SSL_SESSION *s1 = SSL_get1_session(p.c);
    SSL_SESSION *srv = SSL_get1_session(p.s);
    printf("get_session==get1_session %d\n", s0 == s1);
    CHECK(s1 != NULL && srv != NULL);
    printf("SSL_SESSION_up_ref %d\n", SSL_SESSION_up_ref(s1));
    X509 *peer = SSL_get1_peer_certificate(p.c);
    CHECK(peer != NULL);
    SSL_shutdown(p.c);
    pair_free(&p);

    /* Session and certificate outlive their SSL. */
    printf("session after SSL_free: version 0x%04x resumable %d\n",
           SSL_SESSION_get_protocol_version(s1), SSL_SESSION_is_resumable(s1));
    print_name("peer after SSL_free", X509_get_subject_name(peer));
    printf("X509_up_ref %d\n", X509_up_ref(peer));
    X509_free(peer);
    X509_free(peer);
    SSL_SESSION_free(s1); /* the up_ref */
    printf("server session after SSL_free: version 0x%04x\n",
           SSL_SESSION_get_protocol_version(srv));
    SSL_SESSION_free(srv);

    /* Offered, then the application's last reference dropped before the
     * handshake: the SSL keeps it alive. */
    new_pair(&p, cctx, sctx);
    pair_attach_mem(&p);
    CHECK(SSL_set_session(p.c, s1) == 1);
    SSL_SESSION_free(s1);
    printf("resumed handshake %d\n", handshake(&p));
    printf("reused client %d server %d\n", SSL_session_reused(p.c), SSL_session_reused(p.s));
    /* Replacing the session releases the previous one. */
    SSL_SESSION *again = SSL_get1_session(p.c);
    pair_free(&p);
    CHECK(again != NULL);
    SSL_SESSION_free(again);
}

static void key_cases(void)
{
    FILE *f = fopen(cert("server.key"), "r");
    CHECK(f != NULL);
    EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    CHECK(k != NULL);
    printf("EVP_PKEY_up_ref %d\n", EVP_PKEY_up_ref(k));
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    CHECK(SSL_CTX_use_certificate_file(ctx, cert("server.pem"), SSL_FILETYPE_PEM) == 1);
    printf("use_PrivateKey %d\n", SSL_CTX_use_PrivateKey(ctx, k));
    EVP_PKEY_free(k);
    SSL *s = SSL_new(ctx);
    SSL_CTX_free(ctx);
    printf("check_private_key via SSL %d\n", SSL_check_private_key(s));
    SSL_free(s);
    EVP_PKEY_free(k);
}

static void switch_ctx_case(SSL_CTX *sctx)
{
    SSL_CTX *other = server_ctx("server-chain.pem", "server.key");
    SSL *s = SSL_new(sctx);
    printf("set_SSL_CTX same %d\n", SSL_set_SSL_CTX(s, other) == other);
    SSL_CTX_free(other); /* the SSL holds it now */
    printf("ctx is other %d\n", SSL_get_SSL_CTX(s) == other);
    SSL_free(s);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);

    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    CHECK(ctx != NULL);
    printf("SSL_CTX_up_ref %d\n", SSL_CTX_up_ref(ctx));
    SSL_CTX_free(ctx);
    set_bio_cases(ctx);
    SSL_CTX_free(ctx);

    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    biopair_cases(cctx, sctx);

    /* TLS 1.2 so the client session resumes in-process on both libraries. */
    SSL_CTX *c12 = client_ctx(SSL_VERIFY_PEER);
    CHECK(SSL_CTX_set_max_proto_version(c12, TLS1_2_VERSION) == 1);
    SSL_CTX *s12 = server_ctx("server-chain.pem", "server.key");
    session_cases(c12, s12);
    SSL_CTX_free(c12);
    SSL_CTX_free(s12);

    key_cases();
    SSL_CTX *sctx2 = server_ctx("server-chain.pem", "server.key");
    switch_ctx_case(sctx2);
    SSL_CTX_free(sctx2);
    printf("done\n");
    return 0;
}
