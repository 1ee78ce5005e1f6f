/*
 * SSL_MODE_AUTO_RETRY (on by default in OpenSSL 3) and what SSL_read does
 * after a record that carries no application data: a TLS 1.3 client's
 * session ticket, a server's KeyUpdate. With the mode on, SSL_read goes on
 * to the next record; cleared (as `openssl s_client` does), it returns -1
 * with SSL_ERROR_WANT_READ after each such record (the read BIO flagged to
 * retry), so that a program can go back to select() (s_client watching its
 * standard input). Over memory BIOs and a non-blocking socketpair, TLS 1.3
 * and 1.2, with and without read-ahead.
 */
#include "common.h"

#include <poll.h>

static const char *mode_name(int auto_retry, int read_ahead)
{
    if (auto_retry)
        return read_ahead ? "AUTO_RETRY, read-ahead" : "AUTO_RETRY";
    return read_ahead ? "no AUTO_RETRY, read-ahead" : "no AUTO_RETRY";
}

/* SSL_read until data arrives or 6 tries, each one's result printed. */
static void read_until_data(const char *who, SSL *ssl, pair_t *p)
{
    char buf[64];
    for (int i = 0; i < 6; i++) {
        int r = SSL_read(ssl, buf, sizeof buf);
        int e = SSL_get_error(ssl, r);
        BIO *rbio = SSL_get_rbio(ssl);
        printf("%s SSL_read %d %s retry %d should_read %d pending %d\n", who, r, err_name(e),
               BIO_should_retry(rbio), BIO_should_read(rbio), SSL_pending(ssl));
        if (p->kernel) {
            struct pollfd pf = {ssl == p->c ? p->fd_c : p->fd_s, POLLIN, 0};
            printf("%s socket readable %d\n", who, poll(&pf, 1, 0) == 1);
        }
        if (r > 0) {
            printf("%s read \"%.*s\"\n", who, r, buf);
            return;
        }
        CHECK(e == SSL_ERROR_WANT_READ);
        ERR_clear_error();
    }
}

/* A handshaken client and server over memory BIOs or a socketpair. */
static void connected(pair_t *p, SSL_CTX *cctx, SSL_CTX *sctx, int kernel)
{
    int rc_c, e_c, rc_s, e_s;
    memset(p, 0, sizeof *p);
    p->c = SSL_new(cctx);
    p->s = SSL_new(sctx);
    CHECK(p->c && p->s);
    if (kernel)
        pair_attach_socketpair(p);
    else
        pair_attach_mem(p);
    SSL_set_connect_state(p->c);
    SSL_set_accept_state(p->s);
    pair_drive(p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    CHECK(rc_c == 1 && rc_s == 1);
}

static void tickets_then_data(int tls12, int auto_retry, int read_ahead, int kernel)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    pair_t p;
    if (tls12)
        CHECK(SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION) == 1);
    /* One ticket: rustls sends a server's tickets in one record, OpenSSL
     * each in its own, and each record is one retry here. */
    CHECK(SSL_CTX_set_num_tickets(sctx, 1) == 1);
    if (!auto_retry) {
        SSL_CTX_clear_mode(cctx, SSL_MODE_AUTO_RETRY);
        SSL_CTX_clear_mode(sctx, SSL_MODE_AUTO_RETRY);
    }
    if (read_ahead) {
        SSL_CTX_set_read_ahead(cctx, 1);
        SSL_CTX_set_read_ahead(sctx, 1);
    }
    printf("== %s, %s, %s\n", tls12 ? "TLS 1.2" : "TLS 1.3", mode_name(auto_retry, read_ahead),
           kernel ? "socketpair" : "memory BIOs");
    printf("client mode has AUTO_RETRY %d\n", (SSL_CTX_get_mode(cctx) & SSL_MODE_AUTO_RETRY) != 0);
    connected(&p, cctx, sctx, kernel);

    /* The server's tickets (TLS 1.3), then its data, all waiting. */
    CHECK(SSL_write(p.s, "hello", 5) == 5);
    pair_move(&p);
    read_until_data("client", p.c, &p);

    /* A KeyUpdate from the client before its data. */
    if (!tls12) {
        CHECK(SSL_key_update(p.c, SSL_KEY_UPDATE_NOT_REQUESTED) == 1);
        CHECK(SSL_write(p.c, "world", 5) == 5);
        pair_move(&p);
        read_until_data("server", p.s, &p);
    }

    /* Tickets alone (nothing after them): the read must come back. */
    pair_free(&p);
    connected(&p, cctx, sctx, kernel);
    pair_move(&p);
    char buf[16];
    for (int i = 0; i < 3; i++) {
        int r = SSL_read(p.c, buf, sizeof buf);
        printf("client alone SSL_read %d %s\n", r, err_name(SSL_get_error(p.c, r)));
        ERR_clear_error();
    }
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    for (int kernel = 0; kernel < 2; kernel++)
        for (int tls12 = 0; tls12 < 2; tls12++)
            for (int auto_retry = 1; auto_retry >= 0; auto_retry--)
                for (int read_ahead = 0; read_ahead < 2; read_ahead++)
                    tickets_then_data(tls12, auto_retry, read_ahead, kernel);
    return 0;
}
