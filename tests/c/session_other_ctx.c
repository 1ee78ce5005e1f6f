/*
 * A session resumed on a connection of another client SSL_CTX, or of the
 * same context after its settings changed: OpenSSL resumes whatever session
 * the program sets (Ruby's Net::HTTP makes a new context per connection and
 * sets its saved session; Ruby's own test_ssl_session.rb does the same).
 * TLS 1.3 tickets, TLS 1.2 tickets and TLS 1.2 session ids. Printed: whether
 * each side resumed, the client's verify result, the data exchanged.
 */
#include "common.h"

enum how { NEW_CTX, NEW_CTX_VERIFYING, SAME_CTX_NEW_ROOTS, SAME_CTX_NEW_CERT };
static const char *how_names[] = {
    "a new client context",
    "a new client context that verifies (the session did not)",
    "the same context after another CA file was loaded",
    "the same context after a client certificate was set",
};

/* One connection; returns the client's session (a reference). */
static SSL_SESSION *connect_once(SSL_CTX *cctx, SSL_CTX *sctx, SSL_SESSION *offer,
                                 const char *label)
{
    pair_t p;
    int rc_c, e_c, rc_s, e_s;
    char buf[8];
    pair_new_mem(&p, cctx, sctx);
    if (offer)
        CHECK(SSL_set_session(p.c, offer) == 1);
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    printf("  %s: connect %d accept %d reused client %d server %d verify_result %ld\n", label,
           rc_c, rc_s, SSL_session_reused(p.c), SSL_session_reused(p.s),
           SSL_get_verify_result(p.c));
    CHECK(rc_c == 1 && rc_s == 1);
    /* Data both ways; the client reads the TLS 1.3 tickets on the way. */
    CHECK(SSL_write(p.s, "pong", 4) == 4);
    pair_move(&p);
    CHECK(SSL_read(p.c, buf, sizeof buf) == 4);
    CHECK(SSL_write(p.c, "ping", 4) == 4);
    pair_move(&p);
    CHECK(SSL_read(p.s, buf, sizeof buf) == 4);
    /* A connection freed without a shutdown loses its session (OpenSSL's
     * ssl_clear_bad_session): a bidirectional close. */
    CHECK(SSL_shutdown(p.c) == 0);
    pair_move(&p);
    CHECK(SSL_shutdown(p.s) >= 0);
    pair_move(&p);
    CHECK(SSL_shutdown(p.c) == 1);
    SSL_SESSION *s = SSL_get1_session(p.c);
    CHECK(s != NULL);
    printf("  %s: session resumable %d\n", label, SSL_SESSION_is_resumable(s));
    pair_free(&p);
    return s;
}

static void run(int tls12, long server_options, enum how how)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    CHECK(SSL_CTX_set_session_id_context(sctx, (const unsigned char *)"other", 5) == 1);
    SSL_CTX_set_options(sctx, server_options);
    SSL_CTX *a = client_ctx(SSL_VERIFY_NONE);
    if (tls12)
        CHECK(SSL_CTX_set_max_proto_version(a, TLS1_2_VERSION) == 1);
    printf("== %s, %s: %s\n", tls12 ? "TLS 1.2" : "TLS 1.3",
           server_options & SSL_OP_NO_TICKET ? "no tickets" : "tickets", how_names[how]);
    SSL_SESSION *first = connect_once(a, sctx, NULL, "first");
    SSL_CTX *b = a;
    switch (how) {
    case NEW_CTX:
    case NEW_CTX_VERIFYING:
        b = client_ctx(how == NEW_CTX ? SSL_VERIFY_NONE : SSL_VERIFY_PEER);
        if (tls12)
            CHECK(SSL_CTX_set_max_proto_version(b, TLS1_2_VERSION) == 1);
        break;
    case SAME_CTX_NEW_ROOTS:
        CHECK(SSL_CTX_load_verify_locations(a, cert("untrusted-ca.pem"), NULL) == 1);
        break;
    case SAME_CTX_NEW_CERT:
        CHECK(SSL_CTX_use_certificate_file(a, cert("client.pem"), SSL_FILETYPE_PEM) == 1);
        CHECK(SSL_CTX_use_PrivateKey_file(a, cert("client.key"), SSL_FILETYPE_PEM) == 1);
        break;
    }
    SSL_SESSION *second = connect_once(b, sctx, first, "second");
    SSL_SESSION *third = connect_once(b, sctx, second, "third");
    SSL_SESSION_free(first);
    SSL_SESSION_free(second);
    SSL_SESSION_free(third);
    if (b != a)
        SSL_CTX_free(b);
    SSL_CTX_free(a);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    for (int how = NEW_CTX; how <= SAME_CTX_NEW_CERT; how++) {
        run(0, 0, how);
        run(1, 0, how);
        run(1, SSL_OP_NO_TICKET, how);
    }
    return 0;
}
