/*
 * A server whose write BIO sends only when flushed, as mod_ssl's does
 * (its output filter hands bytes on at BIO_flush): everything OpenSSL
 * writes must be followed by a flush, or the peer never sees it. A full
 * handshake and data both ways, then the refusals that go out as our own
 * alert records: a TLS 1.2 client without the certificate the server
 * requires (handshake_failure), and a client offering nothing the server
 * accepts. The client reads only what the server flushed.
 */
#include "common.h"

/* The method's state: bytes written since the last flush, and the memory
 * BIO a flush hands them to (the "network"). */
typedef struct {
    unsigned char buf[65536];
    size_t len;
    int flushes;
    BIO *sink;
} held_t;

static int held_write(BIO *b, const char *data, int len)
{
    held_t *h = BIO_get_data(b);
    BIO_clear_retry_flags(b);
    CHECK(len >= 0 && h->len + (size_t)len <= sizeof h->buf);
    memcpy(h->buf + h->len, data, (size_t)len);
    h->len += (size_t)len;
    return len;
}

static long held_ctrl(BIO *b, int cmd, long larg, void *parg)
{
    held_t *h = BIO_get_data(b);
    (void)larg;
    (void)parg;
    if (cmd != BIO_CTRL_FLUSH)
        return 0;
    if (h->len > 0) {
        CHECK(BIO_write(h->sink, h->buf, (int)h->len) == (int)h->len);
        h->len = 0;
    }
    h->flushes++;
    return 1;
}

static BIO_METHOD *held_method(void)
{
    static BIO_METHOD *m;
    if (m == NULL) {
        m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "held until flushed");
        CHECK(m != NULL);
        CHECK(BIO_meth_set_write(m, held_write) == 1);
        CHECK(BIO_meth_set_ctrl(m, held_ctrl) == 1);
    }
    return m;
}

static void run(const char *name, int tls12, int client_cert, const char *client_ciphers)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    CHECK(SSL_CTX_load_verify_locations(sctx, cert("ca.pem"), NULL) == 1);
    SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    if (tls12)
        CHECK(SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION) == 1);
    if (client_ciphers) {
        CHECK(SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION) == 1);
        CHECK(SSL_CTX_set_cipher_list(cctx, client_ciphers) == 1);
        CHECK(SSL_CTX_set_cipher_list(sctx, "ECDHE-ECDSA-AES128-GCM-SHA256") == 1);
    }
    printf("== %s\n", name);
    pair_t p;
    memset(&p, 0, sizeof p);
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    CHECK(p.c && p.s);
    if (client_cert) {
        CHECK(SSL_use_certificate_chain_file(p.c, cert("client-chain.pem")) == 1);
        CHECK(SSL_use_PrivateKey_file(p.c, cert("client.key"), SSL_FILETYPE_PEM) == 1);
    }
    /* The server writes into the holding BIO, which flushes into s_out. */
    held_t held = {.len = 0};
    BIO *bio = BIO_new(held_method());
    CHECK(bio != NULL);
    BIO_set_data(bio, &held);
    BIO_set_init(bio, 1);
    p.c_in = BIO_new(BIO_s_mem());
    p.c_out = BIO_new(BIO_s_mem());
    p.s_in = BIO_new(BIO_s_mem());
    p.s_out = held.sink = BIO_new(BIO_s_mem());
    CHECK(p.c_in && p.c_out && p.s_in && p.s_out);
    SSL_set_bio(p.c, p.c_in, p.c_out);
    SSL_set_bio(p.s, p.s_in, bio);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    int rc_c = 0, e_c = 0, rc_s = 0, e_s = 0;
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    printf("client %d %s, server %d %s\n", rc_c, err_name(e_c), rc_s, err_name(e_s));
    print_error_code("client", p.err_c);
    print_error_code("server", p.err_s);
    if (rc_c == 1 && rc_s == 1) {
        char buf[16];
        CHECK(SSL_write(p.s, "ping", 4) == 4);
        pair_move(&p);
        int r = SSL_read(p.c, buf, sizeof buf);
        printf("client read %d (%.*s)\n", r, r > 0 ? r : 0, buf);
        CHECK(SSL_write(p.c, "pong", 4) == 4);
        pair_move(&p);
        r = SSL_read(p.s, buf, sizeof buf);
        printf("server read %d (%.*s)\n", r, r > 0 ? r : 0, buf);
    } else if (rc_c == 1) {
        /* TLS 1.3: the client finished first; the server's alert follows. */
        char buf[16];
        pair_move(&p);
        int r = SSL_read(p.c, buf, sizeof buf);
        printf("client read %d %s\n", r, err_name(SSL_get_error(p.c, r)));
        print_error_code("client read", ERR_get_error());
        ERR_clear_error();
    }
    printf("bytes held unflushed at the end: %zu, flushed: %d\n", held.len, held.flushes > 0);
    pair_free(&p);
    BIO_free(held.sink);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    run("TLS 1.3 with a client certificate", 0, 1, NULL);
    run("TLS 1.2 with a client certificate", 1, 1, NULL);
    run("TLS 1.3 without the client certificate required", 0, 0, NULL);
    run("TLS 1.2 without the client certificate required", 1, 0, NULL);
    run("TLS 1.2 without a shared cipher", 1, 1, "ECDHE-ECDSA-AES256-GCM-SHA384");
    return 0;
}
