/*
 * One SSL_SESSION offered again and again (issue 18): a client keeps the
 * session of its first connection and sets it with SSL_set_session on each
 * of the next 100 connections to the same server, client and server in one
 * process (memory BIOs). TLS 1.3 (stateless tickets, and stateful ones with
 * SSL_OP_NO_TICKET) and TLS 1.2 (tickets and session ids). Printed per run:
 * how many connections resumed on each side, how many reported the offered
 * object itself as their session (SSL_get1_session) and how many of their
 * sessions were resumable, and whether the offered session still is.
 *
 * Variants: the client reads application data after each handshake, or
 * only takes part in a bidirectional SSL_shutdown (either way it reads what
 * the server sent after its Finished, TLS 1.3 tickets included); a client
 * context with SSL_SESS_CACHE_CLIENT (OpenSSL then removes a TLS 1.3 session
 * from the cache once it resumed, which makes it not resumable); each
 * connection offering the previous connection's session instead; and two
 * or three connections in flight at once offering the same session.
 */
#include "common.h"

#define CONNECTIONS 100

enum traffic { DATA, SHUTDOWN_ONLY };

static SSL_CTX *make_server(int tls12, uint64_t options)
{
    SSL_CTX *ctx = server_ctx("server-chain.pem", "server.key");
    CHECK(SSL_CTX_set_session_id_context(ctx, (const unsigned char *)"reuse", 5) == 1);
    if (tls12)
        CHECK(SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION) == 1);
    if (options)
        SSL_CTX_set_options(ctx, options);
    return ctx;
}

static SSL_CTX *make_client(long cache_mode)
{
    SSL_CTX *ctx = client_ctx(SSL_VERIFY_PEER);
    if (cache_mode >= 0)
        SSL_CTX_set_session_cache_mode(ctx, cache_mode);
    return ctx;
}

/* A client and a server SSL, the client offering `offer` (if any), with
 * their handshakes not started. */
static void pair_start(pair_t *p, SSL_CTX *cctx, SSL_CTX *sctx, SSL_SESSION *offer)
{
    pair_new_mem(p, cctx, sctx);
    if (offer)
        CHECK(SSL_set_session(p->c, offer) == 1);
}

/* Drives the handshake to its end (both sides must succeed), then the
 * traffic that makes the client read what the server sent after it. */
static void pair_finish(pair_t *p, enum traffic t)
{
    int rc_c, rc_s, e_c, e_s;
    pair_drive(p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    if (rc_c != 1 || rc_s != 1) {
        printf("handshake client %d %s server %d %s\n", rc_c, err_name(e_c), rc_s,
               err_name(e_s));
        print_error_code("client", p->err_c);
        print_error_code("server", p->err_s);
        exit(1);
    }
    if (t == DATA) {
        char buf[16];
        CHECK(SSL_write(p->s, "ping", 4) == 4);
        pair_move(p);
        CHECK(SSL_read(p->c, buf, sizeof buf) == 4);
        CHECK(SSL_write(p->c, "pong", 4) == 4);
        pair_move(p);
        CHECK(SSL_read(p->s, buf, sizeof buf) == 4);
    }
    /* Bidirectional close: the client's second SSL_shutdown reads up to
     * the server's close_notify. */
    CHECK(SSL_shutdown(p->c) == 0);
    pair_move(p);
    CHECK(SSL_shutdown(p->s) >= 0);
    pair_move(p);
    CHECK(SSL_shutdown(p->c) == 1);
}

typedef struct {
    int reused_c, reused_s, same_object, resumable;
} tally_t;

/* Counts what one finished connection shows of its session. */
static void tally(tally_t *t, pair_t *p, SSL_SESSION *offered)
{
    t->reused_c += SSL_session_reused(p->c);
    t->reused_s += SSL_session_reused(p->s);
    SSL_SESSION *got = SSL_get1_session(p->c);
    CHECK(got != NULL);
    t->same_object += got == offered;
    t->resumable += SSL_SESSION_is_resumable(got);
    SSL_SESSION_free(got);
}

/* One full handshake, then CONNECTIONS connections offering its session
 * (or, with `chain`, each the session of the one before). */
static void reuse(const char *name, int tls12, uint64_t server_opts, long client_cache,
                  enum traffic t, int chain)
{
    SSL_CTX *sctx = make_server(tls12, server_opts);
    SSL_CTX *cctx = make_client(client_cache);
    pair_t p;
    pair_start(&p, cctx, sctx, NULL);
    pair_finish(&p, t);
    SSL_SESSION *first = SSL_get1_session(p.c);
    CHECK(first != NULL);
    printf("%s first: version 0x%04x reused %d resumable %d\n", name, SSL_version(p.c),
           SSL_session_reused(p.c), SSL_SESSION_is_resumable(first));
    pair_free(&p);

    tally_t tl = {0};
    SSL_SESSION *offer = first;
    SSL_SESSION_up_ref(offer);
    for (int i = 0; i < CONNECTIONS; i++) {
        pair_start(&p, cctx, sctx, offer);
        pair_finish(&p, t);
        tally(&tl, &p, offer);
        if (chain) {
            SSL_SESSION_free(offer);
            offer = SSL_get1_session(p.c);
            CHECK(offer != NULL);
        }
        pair_free(&p);
    }
    printf("%s: %d connections, reused client %d server %d, session is the offered one %d, "
           "resumable %d\n",
           name, CONNECTIONS, tl.reused_c, tl.reused_s, tl.same_object, tl.resumable);
    printf("%s first session resumable after %d\n", name, SSL_SESSION_is_resumable(first));
    SSL_SESSION_free(offer);
    SSL_SESSION_free(first);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* `k` connections offering one session at once: all send their ClientHello
 * before any handshake goes on. Two rounds, then a connection alone. With
 * `noted`, the first round's count is only a '#' line: sslshim's session
 * holds as many TLS 1.3 tickets as it was given (two after a full
 * handshake; rustls tickets are single-use) where OpenSSL's sends its one
 * ticket to every connection, so a third connection in flight finds none
 * and makes a full handshake, whose tickets then go to the session: the
 * next round resumes them all, as OpenSSL. */
#define MAX_AT_ONCE 3
static void in_flight(const char *name, int tls12, uint64_t server_opts, int k, int noted)
{
    SSL_CTX *sctx = make_server(tls12, server_opts);
    SSL_CTX *cctx = make_client(-1);
    pair_t p[MAX_AT_ONCE];
    CHECK(k <= MAX_AT_ONCE);
    pair_start(&p[0], cctx, sctx, NULL);
    pair_finish(&p[0], DATA);
    SSL_SESSION *sess = SSL_get1_session(p[0].c);
    CHECK(sess != NULL);
    pair_free(&p[0]);

    for (int round = 1; round <= 2; round++) {
        for (int i = 0; i < k; i++) {
            pair_start(&p[i], cctx, sctx, sess);
            CHECK(SSL_do_handshake(p[i].c) == -1);
            pair_move(&p[i]);
        }
        printf("%s round %d: offered resumable in flight %d\n", name, round,
               SSL_SESSION_is_resumable(sess));
        /* (A TLS 1.2 session of ours cannot tell a ticket from an id.) */
        if (!tls12)
            printf("%s round %d: offered has a ticket in flight %d\n", name, round,
                   SSL_SESSION_has_ticket(sess));
        tally_t tl = {0};
        for (int i = 0; i < k; i++) {
            pair_finish(&p[i], DATA);
            tally(&tl, &p[i], sess);
            pair_free(&p[i]);
        }
        printf("%s%s round %d: reused client %d server %d, session is the offered one %d, "
               "resumable %d\n",
               noted && round == 1 ? "# " : "", name, round, tl.reused_c, tl.reused_s,
               tl.same_object, tl.resumable);
    }
    pair_start(&p[0], cctx, sctx, sess);
    pair_finish(&p[0], DATA);
    printf("%s alone after: reused client %d server %d\n", name, SSL_session_reused(p[0].c),
           SSL_session_reused(p[0].s));
    pair_free(&p[0]);
    SSL_SESSION_free(sess);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    long client_cache = SSL_SESS_CACHE_CLIENT;

    reuse("TLS1.3 tickets", 0, 0, -1, DATA, 0);
    reuse("TLS1.3 stateful", 0, SSL_OP_NO_TICKET, -1, DATA, 0);
    reuse("TLS1.3 tickets, shutdown only", 0, 0, -1, SHUTDOWN_ONLY, 0);
    reuse("TLS1.3 tickets, client cache", 0, 0, client_cache, DATA, 0);
    reuse("TLS1.3 tickets, chained", 0, 0, -1, DATA, 1);
    reuse("TLS1.2 tickets", 1, 0, -1, DATA, 0);
    reuse("TLS1.2 session ids", 1, SSL_OP_NO_TICKET, -1, DATA, 0);
    reuse("TLS1.2 tickets, shutdown only", 1, 0, -1, SHUTDOWN_ONLY, 0);
    reuse("TLS1.2 tickets, client cache", 1, 0, client_cache, DATA, 0);
    reuse("TLS1.2 session ids, chained", 1, SSL_OP_NO_TICKET, -1, DATA, 1);

    in_flight("TLS1.3 tickets, two at once", 0, 0, 2, 0);
    in_flight("TLS1.3 stateful, two at once", 0, SSL_OP_NO_TICKET, 2, 0);
    in_flight("TLS1.3 tickets, three at once", 0, 0, 3, 1);
    in_flight("TLS1.2 tickets, two at once", 1, 0, 2, 0);
    in_flight("TLS1.2 session ids, three at once", 1, SSL_OP_NO_TICKET, 3, 0);
    return 0;
}
