/*
 * SSL_get_finished / SSL_get_peer_finished: the verify_data of the last
 * Finished message sent and received, for TLS 1.2 and TLS 1.3, each AEAD
 * suite, full and resumed handshakes (TLS 1.2 by session id and by ticket,
 * TLS 1.3 by ticket), a HelloRetryRequest and a client certificate.
 *
 * The values differ on every run (randoms): printed are the facts that
 * hold on every run, which are what a program relies on (tls-unique
 * channel binding): the lengths, that the client's Finished is the
 * server's peer Finished and the other way round, that the two differ,
 * that nothing is there before the handshake, and how `count` truncates.
 */
#include "common.h"

#define MAX_FINISHED 64 /* the longest hash */

typedef struct {
    unsigned char v[2][2][MAX_FINISHED]; /* [side][0: sent, 1: received] */
    size_t len[2][2];
} finished_t;

static void get_all(pair_t *p, finished_t *f)
{
    SSL *ssl[2] = {p->c, p->s};
    memset(f, 0, sizeof *f);
    for (int side = 0; side < 2; side++) {
        f->len[side][0] = SSL_get_finished(ssl[side], f->v[side][0], sizeof f->v[side][0]);
        f->len[side][1] = SSL_get_peer_finished(ssl[side], f->v[side][1], sizeof f->v[side][1]);
    }
}

static int same(const finished_t *f, int a, int ai, int b, int bi)
{
    return f->len[a][ai] == f->len[b][bi] && f->len[a][ai] > 0 &&
           memcmp(f->v[a][ai], f->v[b][bi], f->len[a][ai]) == 0;
}

static void print_facts(const char *label, pair_t *p)
{
    finished_t f;
    get_all(p, &f);
    printf("%s: reused c=%d s=%d version %s\n", label, SSL_session_reused(p->c),
           SSL_session_reused(p->s), SSL_get_version(p->c));
    printf("  lengths: client sent %zu received %zu, server sent %zu received %zu\n",
           f.len[0][0], f.len[0][1], f.len[1][0], f.len[1][1]);
    printf("  client finished == server peer finished: %d\n", same(&f, 0, 0, 1, 1));
    printf("  server finished == client peer finished: %d\n", same(&f, 1, 0, 0, 1));
    printf("  client finished == server finished: %d\n", same(&f, 0, 0, 1, 0));

    /* count: copies at most count bytes, returns the whole length. */
    unsigned char small[MAX_FINISHED];
    memset(small, 0xa5, sizeof small);
    size_t n = SSL_get_finished(p->c, small, 4);
    int untouched = 1;
    for (size_t i = 4; i < sizeof small; i++)
        untouched &= small[i] == 0xa5;
    printf("  count 4: returns %zu, first 4 equal %d, rest untouched %d\n", n,
           memcmp(small, f.v[0][0], 4) == 0, untouched);
    printf("  count 0: returns %zu / %zu\n", SSL_get_finished(p->s, small, 0),
           SSL_get_peer_finished(p->s, NULL, 0));
}

/* Client reads once so that a TLS 1.3 client takes the server's tickets. */
static void exchange(pair_t *p)
{
    char buf[16];
    CHECK(SSL_write(p->s, "hi", 2) == 2);
    pair_move(p);
    CHECK(SSL_read(p->c, buf, sizeof buf) == 2);
    CHECK(SSL_write(p->c, "ok", 2) == 2);
    pair_move(p);
    CHECK(SSL_read(p->s, buf, sizeof buf) == 2);
}

typedef struct {
    const char *label;
    int version;
    const char *ciphers;  /* TLS 1.2 cipher list or TLS 1.3 ciphersuites */
    long server_options;  /* SSL_OP_NO_TICKET: TLS 1.2 session ids */
    const char *groups;   /* client groups (a HelloRetryRequest), or NULL */
    int client_cert;
} run_t;

static void run(const run_t *r)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    int rc_c, err_c, rc_s, err_s;
    pair_t p;

    SSL_CTX_set_session_id_context(sctx, (const unsigned char *)"fin", 3);
    SSL_CTX_set_options(sctx, r->server_options);
    for (int i = 0; i < 2; i++) {
        SSL_CTX *ctx = i ? sctx : cctx;
        CHECK(SSL_CTX_set_min_proto_version(ctx, r->version) == 1);
        CHECK(SSL_CTX_set_max_proto_version(ctx, r->version) == 1);
    }
    if (r->version == TLS1_3_VERSION)
        CHECK(SSL_CTX_set_ciphersuites(cctx, r->ciphers) == 1);
    else
        CHECK(SSL_CTX_set_cipher_list(cctx, r->ciphers) == 1);
    if (r->groups) {
        CHECK(SSL_CTX_set1_groups_list(cctx, r->groups) == 1);
        CHECK(SSL_CTX_set1_groups_list(sctx, "P-256") == 1);
    }
    if (r->client_cert) {
        CHECK(SSL_CTX_use_certificate_chain_file(cctx, cert("client-chain.pem")) == 1);
        CHECK(SSL_CTX_use_PrivateKey_file(cctx, cert("client.key"), SSL_FILETYPE_PEM) == 1);
        CHECK(SSL_CTX_load_verify_locations(sctx, cert("ca.pem"), NULL) == 1);
        SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    }

    printf("== %s\n", r->label);
    pair_new_mem(&p, cctx, sctx);
    printf("  before: %zu %zu %zu %zu\n", SSL_get_finished(p.c, NULL, 0),
           SSL_get_peer_finished(p.c, NULL, 0), SSL_get_finished(p.s, NULL, 0),
           SSL_get_peer_finished(p.s, NULL, 0));
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &err_c, &rc_s, &err_s);
    CHECK(rc_c == 1 && rc_s == 1);
    print_facts("full", &p);
    exchange(&p);
    SSL_SESSION *sess = SSL_get1_session(p.c);
    CHECK(sess != NULL);
    SSL_shutdown(p.c);
    pair_move(&p);
    SSL_shutdown(p.s);
    pair_free(&p);

    pair_new_mem(&p, cctx, sctx);
    CHECK(SSL_set_session(p.c, sess) == 1);
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &err_c, &rc_s, &err_s);
    CHECK(rc_c == 1 && rc_s == 1);
    print_facts("resumed", &p);
    /* The data path does not change them. */
    finished_t before, after;
    get_all(&p, &before);
    exchange(&p);
    get_all(&p, &after);
    printf("  unchanged by data: %d\n", memcmp(&before, &after, sizeof before) == 0);
    SSL_SESSION_free(sess);
    pair_free(&p);

    /* SSL_clear starts over: nothing until the next handshake. */
    pair_new_mem(&p, cctx, sctx);
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &err_c, &rc_s, &err_s);
    CHECK(rc_c == 1 && rc_s == 1);
    SSL_shutdown(p.c);
    pair_move(&p);
    SSL_shutdown(p.s);
    pair_move(&p);
    SSL_shutdown(p.c);
    CHECK(SSL_clear(p.c) == 1);
    printf("  after SSL_clear: %zu %zu\n", SSL_get_finished(p.c, NULL, 0),
           SSL_get_peer_finished(p.c, NULL, 0));
    pair_free(&p);

    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    static const run_t runs[] = {
        {"TLS 1.3 AES-128-GCM", TLS1_3_VERSION, "TLS_AES_128_GCM_SHA256", 0, NULL, 0},
        {"TLS 1.3 AES-256-GCM", TLS1_3_VERSION, "TLS_AES_256_GCM_SHA384", 0, NULL, 0},
        {"TLS 1.3 CHACHA20", TLS1_3_VERSION, "TLS_CHACHA20_POLY1305_SHA256", 0, NULL, 0},
        {"TLS 1.3 HelloRetryRequest", TLS1_3_VERSION, "TLS_AES_128_GCM_SHA256", 0,
         "X25519:P-256", 0},
        {"TLS 1.3 client certificate", TLS1_3_VERSION, "TLS_AES_256_GCM_SHA384", 0, NULL, 1},
        {"TLS 1.2 AES-128-GCM tickets", TLS1_2_VERSION, "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256", 0, NULL,
         0},
        {"TLS 1.2 AES-256-GCM session ids", TLS1_2_VERSION, "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384",
         SSL_OP_NO_TICKET, NULL, 0},
        {"TLS 1.2 CHACHA20", TLS1_2_VERSION, "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305", 0, NULL, 0},
        {"TLS 1.2 client certificate", TLS1_2_VERSION, "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256", 0, NULL,
         1},
    };
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++)
        run(&runs[i]);
    return 0;
}
