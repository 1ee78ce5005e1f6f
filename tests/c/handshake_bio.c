/*
 * In-process handshakes: client and server SSL in one process, the test moves
 * the bytes between them (memory BIOs or BIO_new_bio_pair).
 *
 * For each variant: handshake (SSL_do_handshake after set_connect/accept_state,
 * or SSL_connect/SSL_accept), connection facts on both sides, SSL_pending /
 * SSL_has_pending / SSL_peek, 1 MiB each way with checksums, and the
 * SSL_shutdown sequence.
 */
#include "common.h"

#define MIB (1024 * 1024)

typedef struct {
    const char *name;
    int max_version;      /* 0 = default (TLS 1.3) */
    const char *chain, *key;
    int use_connect;      /* SSL_connect/SSL_accept instead of do_handshake */
    size_t biopair;       /* 0 = memory BIOs, else BIO pair buffer size */
    int client_cert;
    int sni;
} variant_t;

/* Write `len` bytes from w to r through the pair; r checksums what it gets. */
static void transfer(pair_t *p, SSL *w, SSL *r, size_t len, uint32_t seed,
                     const char *label, int use_ex)
{
    unsigned char *data = malloc(len);
    unsigned char buf[20000];
    size_t sent = 0, got = 0;
    adler_t sum;
    CHECK(data != NULL);
    fill_pattern(data, len, seed);
    adler_init(&sum);
    for (int iter = 0; iter < 100000 && got < len; iter++) {
        if (sent < len) {
            size_t chunk = len - sent < 16384 ? len - sent : 16384;
            if (use_ex) {
                size_t n = 0;
                int ok = SSL_write_ex(w, data + sent, chunk, &n);
                if (ok == 1) {
                    CHECK(n == chunk);
                    sent += n;
                } else {
                    CHECK(ok == 0 && is_want(SSL_get_error(w, ok)));
                }
            } else {
                int n = SSL_write(w, data + sent, (int)chunk);
                if (n > 0) {
                    CHECK((size_t)n == chunk);
                    sent += (size_t)n;
                } else {
                    CHECK(n == -1 && is_want(SSL_get_error(w, n)));
                }
            }
        }
        pair_move(p);
        for (;;) {
            if (use_ex) {
                size_t n = 0;
                int ok = SSL_read_ex(r, buf, sizeof buf, &n);
                if (ok != 1) {
                    CHECK(ok == 0 && SSL_get_error(r, ok) == SSL_ERROR_WANT_READ);
                    break;
                }
                CHECK(n > 0 && got + n <= len);
                CHECK(memcmp(buf, data + got, n) == 0);
                adler_update(&sum, buf, n);
                got += n;
            } else {
                int n = SSL_read(r, buf, sizeof buf);
                if (n <= 0) {
                    CHECK(n == -1 && SSL_get_error(r, n) == SSL_ERROR_WANT_READ);
                    break;
                }
                CHECK(got + (size_t)n <= len);
                CHECK(memcmp(buf, data + got, (size_t)n) == 0);
                adler_update(&sum, buf, (size_t)n);
                got += (size_t)n;
            }
        }
        pair_move(p);
    }
    CHECK(got == len);
    CHECK(adler_final(&sum) == adler(data, len));
    printf("%s bytes %zu adler32 %08x\n", label, got, adler_final(&sum));
    free(data);
}

static void pending_peek(pair_t *p)
{
    unsigned char msg[100], buf[256];
    size_t n = 0;
    fill_pattern(msg, sizeof msg, 7);
    CHECK(SSL_write(p->c, msg, sizeof msg) == (int)sizeof msg);
    printf("server pending before read %d has_pending %d\n", SSL_pending(p->s),
           SSL_has_pending(p->s));
    pair_move(p);
    int r = SSL_peek(p->s, buf, 10);
    printf("server peek(10) %d same %d\n", r, r == 10 && memcmp(buf, msg, 10) == 0);
    printf("server pending after peek %d has_pending %d\n", SSL_pending(p->s),
           SSL_has_pending(p->s));
    r = SSL_peek_ex(p->s, buf, sizeof buf, &n);
    printf("server peek_ex %d n %zu same %d\n", r, n,
           n == 100 && memcmp(buf, msg, 100) == 0);
    r = SSL_read(p->s, buf, 30);
    printf("server read(30) %d pending %d\n", r, SSL_pending(p->s));
    r = SSL_read(p->s, buf + 30, 200);
    printf("server read(200) %d pending %d has_pending %d same %d\n", r,
           SSL_pending(p->s), SSL_has_pending(p->s),
           memcmp(buf, msg, 100) == 0);
    r = SSL_read(p->s, buf, sizeof buf);
    printf("server read empty %d %s\n", r, err_name(SSL_get_error(p->s, r)));
}

static void shutdown_seq(pair_t *p)
{
    unsigned char buf[64];
    int r = SSL_shutdown(p->c);
    printf("client shutdown#1 %d shutdown_flags %d\n", r, SSL_get_shutdown(p->c));
    pair_move(p);
    r = SSL_read(p->s, buf, sizeof buf);
    printf("server read after close_notify %d %s shutdown_flags %d\n", r,
           err_name(SSL_get_error(p->s, r)), SSL_get_shutdown(p->s));
    r = SSL_shutdown(p->s);
    printf("server shutdown %d shutdown_flags %d\n", r, SSL_get_shutdown(p->s));
    pair_move(p);
    r = SSL_shutdown(p->c);
    printf("client shutdown#2 %d shutdown_flags %d\n", r, SSL_get_shutdown(p->c));
    r = SSL_read(p->c, buf, sizeof buf);
    printf("client read after shutdown %d %s\n", r,
           err_name(SSL_get_error(p->c, r)));
}

static void run_variant(const variant_t *v)
{
    pair_t p = {0};
    SSL_CTX *sctx = server_ctx(v->chain, v->key);
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    int rc_c, rc_s, e_c, e_s;

    printf("== %s\n", v->name);
    if (v->max_version)
        CHECK(SSL_CTX_set_max_proto_version(cctx, v->max_version) == 1);
    if (v->client_cert) {
        CHECK(SSL_CTX_use_certificate_chain_file(cctx, cert("client-chain.pem")) == 1);
        CHECK(SSL_CTX_use_PrivateKey_file(cctx, cert("client.key"), SSL_FILETYPE_PEM) == 1);
        CHECK(SSL_CTX_load_verify_locations(sctx, cert("ca.pem"), NULL) == 1);
        SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    }
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    CHECK(p.c && p.s);
    CHECK(SSL_get_SSL_CTX(p.c) == cctx);
    if (v->sni) {
        CHECK(SSL_set_tlsext_host_name(p.c, "localhost") == 1);
        CHECK(SSL_set1_host(p.c, "localhost") == 1);
    }
    if (v->biopair)
        pair_attach_biopair(&p, v->biopair);
    else
        pair_attach_mem(&p);
    CHECK(SSL_get_rbio(p.c) != NULL && SSL_get_wbio(p.c) != NULL);
    printf("before handshake: client init_finished %d server init_finished %d\n",
           SSL_is_init_finished(p.c), SSL_is_init_finished(p.s));

    if (v->use_connect) {
        pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    } else {
        SSL_set_connect_state(p.c);
        SSL_set_accept_state(p.s);
        printf("after set state: client is_server %d server is_server %d\n",
               SSL_is_server(p.c), SSL_is_server(p.s));
        pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    }
    printf("handshake client %d %s server %d %s\n", rc_c, err_name(e_c), rc_s,
           err_name(e_s));
    print_error_code("client", p.err_c);
    print_error_code("server", p.err_s);
    CHECK(rc_c == 1 && rc_s == 1);
    print_conn("client", p.c);
    print_conn("server", p.s);

    pending_peek(&p);
    transfer(&p, p.c, p.s, MIB, 1, "client->server", 0);
    transfer(&p, p.s, p.c, MIB, 2, "server->client", 1);
    shutdown_seq(&p);

    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    CHECK(ERR_peek_error() == 0);
}

int main(int argc, char **argv)
{
    static const variant_t variants[] = {
        {"tls13 ecdsa pkcs8 do_handshake mem sni", 0, "server-chain.pem",
         "server.key", 0, 0, 0, 1},
        {"tls13 rsa pkcs1 connect/accept biopair clientcert", 0,
         "server-rsa-chain.pem", "server-rsa.key", 1, 17 * 1024, 1, 0},
        {"tls12 ecdsa sec1 do_handshake biopair", TLS1_2_VERSION,
         "server-chain.pem", "server-ec.key", 0, 4096, 0, 0},
        {"tls12 rsa pkcs8 connect/accept mem clientcert sni", TLS1_2_VERSION,
         "server-rsa-chain.pem", "server-rsa-pkcs8.key", 1, 0, 1, 1},
    };
    test_init(argc, argv);
    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++)
        run_variant(&variants[i]);
    return 0;
}
