/*
 * Sessions and resumption, client and server, in one process (memory BIOs):
 * a full handshake, then resumed ones with SSL_set_session, for TLS 1.3
 * tickets (stateless and, with SSL_OP_NO_TICKET, stateful), TLS 1.2 session
 * IDs and TLS 1.2 tickets. Printed: SSL_session_reused on both sides, the
 * sessions' properties (resumable, version, id length, timeout, cipher,
 * peer), cache mode and timeout settings, new/remove/get callback counts,
 * the context counters (SSL_CTX_sess_*), the server-side i2d/d2i round
 * trip and an external cache (new_session_cb + get_session_cb over DER),
 * session id context and timeout rules, and SSL_CTX_remove_session.
 */
#include "common.h"

#include <time.h>

/* ---- callback bookkeeping ----------------------------------------------- */

static int new_cb_calls[2];    /* [0] client ctx, [1] server ctx */
static int remove_cb_calls[2];
/* new_cb calls whose session was not the connection's own then
 * (SSL_get0_session): OpenSSL makes each one current before the call. */
static int new_cb_not_current[2];
static int get_cb_calls;
static SSL_CTX *cb_ctx[2];
static SSL_SESSION *kept_client;   /* last session the client new_cb kept */
static long client_cache_mode = SSL_SESS_CACHE_CLIENT;
/* Resuming SSLs get their own options (in sslshim: their own rustls config). */
static int fork_client;

/* External cache: the DER of the last session the server reported. */
static unsigned char ext_der[8192];
static int ext_len;
static unsigned char ext_id[SSL_MAX_SSL_SESSION_ID_LENGTH];
static unsigned int ext_id_len;
static int get_cb_id_match;

static int side_of(SSL_CTX *ctx) { return ctx == cb_ctx[1]; }

/* Client: keeps a reference (returns 1) to the newest session. */
static int client_new_cb(SSL *ssl, SSL_SESSION *sess)
{
    new_cb_calls[side_of(SSL_get_SSL_CTX(ssl))]++;
    new_cb_not_current[side_of(SSL_get_SSL_CTX(ssl))] += sess != SSL_get0_session(ssl);
    if (kept_client)
        SSL_SESSION_free(kept_client);
    kept_client = sess;
    return 1;
}

/* Server, internal cache: counts, takes no reference (returns 0). */
static int server_new_cb(SSL *ssl, SSL_SESSION *sess)
{
    new_cb_calls[1]++;
    new_cb_not_current[1] += sess != SSL_get0_session(ssl);
    return 0;
}

/* Server, external cache: stores the session's DER (as nginx does). */
static int ext_new_cb(SSL *ssl, SSL_SESSION *sess)
{
    new_cb_calls[1]++;
    new_cb_not_current[1] += sess != SSL_get0_session(ssl);
    unsigned char *p = ext_der;
    int len = i2d_SSL_SESSION(sess, NULL);
    CHECK(len > 0 && len <= (int)sizeof ext_der);
    CHECK(i2d_SSL_SESSION(sess, &p) == len && p == ext_der + len);
    ext_len = len;
    const unsigned char *id = SSL_SESSION_get_id(sess, &ext_id_len);
    CHECK(ext_id_len <= sizeof ext_id);
    memcpy(ext_id, id, ext_id_len);
    return 0;
}

static SSL_SESSION *ext_get_cb(SSL *ssl, const unsigned char *id, int len, int *copy)
{
    (void)ssl;
    get_cb_calls++;
    if (ext_len == 0)
        return NULL;
    get_cb_id_match = len == (int)ext_id_len && memcmp(id, ext_id, ext_id_len) == 0;
    if (!get_cb_id_match)
        return NULL;
    const unsigned char *p = ext_der;
    SSL_SESSION *s = d2i_SSL_SESSION(NULL, &p, ext_len);
    CHECK(s != NULL && p == ext_der + ext_len);
    *copy = 0; /* the library takes our reference */
    return s;
}

static void remove_cb(SSL_CTX *ctx, SSL_SESSION *sess)
{
    (void)sess;
    remove_cb_calls[side_of(ctx)]++;
}

/* ---- helpers -------------------------------------------------------------- */

static void reset_counts(void)
{
    memset(new_cb_calls, 0, sizeof new_cb_calls);
    memset(remove_cb_calls, 0, sizeof remove_cb_calls);
    memset(new_cb_not_current, 0, sizeof new_cb_not_current);
    get_cb_calls = 0;
    get_cb_id_match = 0;
}

static void print_counts(const char *label)
{
    printf("%s new_cb client %d server %d remove_cb client %d server %d get_cb %d\n",
           label, new_cb_calls[0], new_cb_calls[1], remove_cb_calls[0],
           remove_cb_calls[1], get_cb_calls);
    printf("%s new_cb session not the connection's: client %d server %d\n", label,
           new_cb_not_current[0], new_cb_not_current[1]);
}

static void print_stats(const char *who, SSL_CTX *ctx)
{
    printf("%s stats number %ld connect %ld/%ld accept %ld/%ld hits %ld cb_hits %ld "
           "misses %ld timeouts %ld cache_full %ld\n",
           who, SSL_CTX_sess_number(ctx), SSL_CTX_sess_connect(ctx),
           SSL_CTX_sess_connect_good(ctx), SSL_CTX_sess_accept(ctx),
           SSL_CTX_sess_accept_good(ctx), SSL_CTX_sess_hits(ctx),
           SSL_CTX_sess_cb_hits(ctx), SSL_CTX_sess_misses(ctx),
           SSL_CTX_sess_timeouts(ctx), SSL_CTX_sess_cache_full(ctx));
}

static void print_session(const char *who, SSL_SESSION *s)
{
    if (s == NULL) {
        printf("%s session (null)\n", who);
        return;
    }
    unsigned int idlen = 99, ctxlen = 99;
    const unsigned char *id = SSL_SESSION_get_id(s, &idlen);
    const unsigned char *sctx = SSL_SESSION_get0_id_context(s, &ctxlen);
    const SSL_CIPHER *c = SSL_SESSION_get0_cipher(s);
    X509 *peer = SSL_SESSION_get0_peer(s);
    long t = SSL_SESSION_get_time(s), now = (long)time(NULL);
    printf("%s session resumable %d version 0x%04x id_len %u id %s sid_ctx \"%.*s\"\n", who,
           SSL_SESSION_is_resumable(s), SSL_SESSION_get_protocol_version(s), idlen,
           id != NULL ? "set" : "null", (int)ctxlen, sctx ? (const char *)sctx : "");
    printf("%s session cipher %s timeout %ld time_recent %d\n", who,
           c ? SSL_CIPHER_get_name(c) : "(null)", SSL_SESSION_get_timeout(s),
           t > now - 60 && t <= now);
    if (peer)
        print_name("  peer", X509_get_subject_name(peer));
    else
        printf("  peer (none)\n");
}

typedef struct {
    SSL_CTX *sctx, *cctx;
    int tls12;
} setup_t;

/* A handshake on a fresh pair; the client offers `offer` and checks
 * `host` (either may be NULL). */
static void handshake_pair(pair_t *p, const setup_t *st, SSL_SESSION *offer, const char *host,
                           int *rc_c, int *e_c, int *rc_s, int *e_s)
{
    memset(p, 0, sizeof *p);
    p->c = SSL_new(st->cctx);
    p->s = SSL_new(st->sctx);
    CHECK(p->c && p->s);
    if (offer)
        CHECK(SSL_set_session(p->c, offer) == 1);
    if (offer && fork_client)
        SSL_set_options(p->c, SSL_OP_CIPHER_SERVER_PREFERENCE);
    if (host)
        CHECK(SSL_set1_host(p->c, host) == 1);
    pair_attach_mem(p);
    SSL_set_connect_state(p->c);
    SSL_set_accept_state(p->s);
    pair_drive(p, SSL_do_handshake, SSL_do_handshake, rc_c, e_c, rc_s, e_s);
}

/* One connection: handshake, one server->client message (the client reads
 * TLS 1.3 tickets on the way), one client->server message. Returns the pair
 * with both SSLs alive for inspection. */
static void connect_pair(pair_t *p, const setup_t *st, SSL_SESSION *offer, int *c_ok)
{
    int rc_c, rc_s, e_c, e_s;
    handshake_pair(p, st, offer, NULL, &rc_c, &e_c, &rc_s, &e_s);
    *c_ok = rc_c == 1 && rc_s == 1;
    if (!*c_ok) {
        printf("handshake client %d %s server %d %s\n", rc_c, err_name(e_c), rc_s,
               err_name(e_s));
        print_error_code("client", p->err_c);
        print_error_code("server", p->err_s);
        return;
    }
    char buf[16];
    CHECK(SSL_write(p->s, "ping", 4) == 4);
    pair_move(p);
    CHECK(SSL_read(p->c, buf, sizeof buf) == 4);
    CHECK(SSL_write(p->c, "pong", 4) == 4);
    pair_move(p);
    CHECK(SSL_read(p->s, buf, sizeof buf) == 4);
    pair_move(p);
}

static void close_pair(pair_t *p)
{
    SSL_shutdown(p->c);
    pair_move(p);
    SSL_shutdown(p->s);
    pair_move(p);
    pair_free(p);
}

/* A scenario's contexts; the session callbacks tell them apart. */
static void use_contexts(setup_t *st, SSL_CTX *sctx, SSL_CTX *cctx)
{
    reset_counts();
    st->sctx = sctx;
    st->cctx = cctx;
    cb_ctx[0] = cctx;
    cb_ctx[1] = sctx;
}

/* Ends a scenario: the session the client new_cb kept, both contexts. */
static void free_contexts(setup_t *st)
{
    if (kept_client) {
        SSL_SESSION_free(kept_client);
        kept_client = NULL;
    }
    SSL_CTX_free(st->cctx);
    SSL_CTX_free(st->sctx);
}

static SSL_CTX *make_server(long cache_mode, uint64_t options, int max)
{
    SSL_CTX *ctx = server_ctx("server-chain.pem", "server.key");
    if (cache_mode >= 0)
        SSL_CTX_set_session_cache_mode(ctx, cache_mode);
    if (options)
        SSL_CTX_set_options(ctx, options);
    if (max)
        CHECK(SSL_CTX_set_max_proto_version(ctx, max) == 1);
    CHECK(SSL_CTX_set_session_id_context(ctx, (const unsigned char *)"sessions", 8) == 1);
    return ctx;
}

static SSL_CTX *make_client(int max)
{
    SSL_CTX *ctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX_set_session_cache_mode(ctx, client_cache_mode);
    SSL_CTX_sess_set_new_cb(ctx, client_new_cb);
    SSL_CTX_sess_set_remove_cb(ctx, remove_cb);
    if (max)
        CHECK(SSL_CTX_set_max_proto_version(ctx, max) == 1);
    return ctx;
}

static void print_reused(const char *label, pair_t *p)
{
    printf("%s reused client %d server %d version %s cipher %s\n", label,
           SSL_session_reused(p->c), SSL_session_reused(p->s), SSL_get_version(p->c),
           SSL_CIPHER_get_name(SSL_get_current_cipher(p->c)));
}

/* ---- scenarios ------------------------------------------------------------ */

/* A full handshake on the scenario's contexts: the client's session. */
static SSL_SESSION *full_handshake_session(const setup_t *st)
{
    pair_t p;
    int ok;
    connect_pair(&p, st, NULL, &ok);
    CHECK(ok);
    SSL_SESSION *cs = SSL_get1_session(p.c);
    close_pair(&p);
    return cs;
}

/* Full handshake, then `resumes` resumptions offering the same session. */
static void resumption(const char *name, long server_mode, uint64_t server_opts, int max,
                       int resumes)
{
    setup_t st;
    pair_t p;
    int ok;
    printf("== %s\n", name);
    use_contexts(&st, make_server(server_mode, server_opts, max), make_client(max));
    SSL_CTX_sess_set_new_cb(st.sctx, server_new_cb);
    SSL_CTX_sess_set_remove_cb(st.sctx, remove_cb);

    connect_pair(&p, &st, NULL, &ok);
    CHECK(ok);
    print_reused("full", &p);
    print_counts("full");
    SSL_SESSION *cs = SSL_get1_session(p.c);
    CHECK(cs != NULL);
    printf("client get_session is the newest new_cb session %d\n", cs == kept_client);
    print_session("client", cs);
    print_session("server", SSL_get_session(p.s));
    close_pair(&p);
    print_stats("client", st.cctx);
    print_stats("server", st.sctx);

    for (int i = 1; i <= resumes; i++) {
        char label[32];
        snprintf(label, sizeof label, "resume#%d", i);
        connect_pair(&p, &st, cs, &ok);
        CHECK(ok);
        print_reused(label, &p);
        print_counts(label);
        printf("%s client session same object %d\n", label, SSL_get_session(p.c) == cs);
        printf("%s offered still resumable %d\n", label, SSL_SESSION_is_resumable(cs));
        print_session("server", SSL_get_session(p.s));
        close_pair(&p);
    }
    print_stats("client", st.cctx);
    print_stats("server", st.sctx);
    SSL_SESSION_free(cs);
    free_contexts(&st);
    print_counts("after free");
}

/* A client session written with i2d_SSL_SESSION and read back with
 * d2i_SSL_SESSION (what Python's SSLSocket.session and haproxy's backend
 * session store do) resumes in the same process. */
static void client_der(const char *name, int max)
{
    setup_t st;
    pair_t p;
    int ok;
    printf("== client session through DER, %s\n", name);
    use_contexts(&st, make_server(-1, 0, max), make_client(max));
    SSL_SESSION *cs = full_handshake_session(&st);
    unsigned char *der = NULL;
    int len = i2d_SSL_SESSION(cs, &der);
    printf("i2d ok %d\n", len > 0);
    const unsigned char *q = der;
    SSL_SESSION *back = d2i_SSL_SESSION(NULL, &q, len);
    printf("d2i ok %d consumed all %d\n", back != NULL, q == der + len);
    unsigned int l1, l2;
    const unsigned char *id1 = SSL_SESSION_get_id(cs, &l1);
    const unsigned char *id2 = SSL_SESSION_get_id(back, &l2);
    printf("same id %d version %d cipher %d resumable %d\n",
           l1 == l2 && memcmp(id1, id2, l1) == 0,
           SSL_SESSION_get_protocol_version(back) == SSL_SESSION_get_protocol_version(cs),
           SSL_SESSION_get0_cipher(back) == SSL_SESSION_get0_cipher(cs),
           SSL_SESSION_is_resumable(back));
    SSL_SESSION_free(cs); /* the decoded copy alone carries the session now */
    connect_pair(&p, &st, back, &ok);
    CHECK(ok);
    print_reused("decoded", &p);
    close_pair(&p);
    SSL_SESSION_free(back);
    OPENSSL_free(der);
    free_contexts(&st);
}

/* A session offered to a server whose session id context differs, or that
 * timed out on the server, or that was removed from its cache, is not
 * resumed. */
static void not_resumed(void)
{
    setup_t st;
    pair_t p;
    int ok;
    printf("== not resumed: sid_ctx, timeout, remove_session (TLS 1.2 session ids)\n");
    use_contexts(&st, make_server(-1, SSL_OP_NO_TICKET, TLS1_2_VERSION), make_client(TLS1_2_VERSION));
    SSL_CTX_sess_set_remove_cb(st.sctx, remove_cb);

    connect_pair(&p, &st, NULL, &ok);
    CHECK(ok);
    SSL_SESSION *cs = SSL_get1_session(p.c);
    SSL_SESSION *ss = SSL_get1_session(p.s);
    close_pair(&p);

    /* Another session id context on the server SSL. */
    memset(&p, 0, sizeof p);
    p.c = SSL_new(st.cctx);
    p.s = SSL_new(st.sctx);
    CHECK(SSL_set_session_id_context(p.s, (const unsigned char *)"other", 5) == 1);
    CHECK(SSL_set_session(p.c, cs) == 1);
    pair_attach_mem(&p);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    int rc_c, rc_s, e_c, e_s;
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    CHECK(rc_c == 1 && rc_s == 1);
    print_reused("other sid_ctx", &p);
    print_session("server", SSL_get_session(p.s));
    close_pair(&p);
    print_stats("client", st.cctx);
    print_stats("server", st.sctx);
    print_counts("other sid_ctx");

    /* Still resumable with the right context. */
    connect_pair(&p, &st, cs, &ok);
    print_reused("same sid_ctx", &p);
    printf("server session is the cached one %d\n", SSL_get_session(p.s) == ss);
    close_pair(&p);

    /* Timed out on the server: looked up, expired, removed. */
    printf("set_time %d\n", SSL_SESSION_set_time(ss, (long)time(NULL) - 8000) != 0);
    connect_pair(&p, &st, cs, &ok);
    print_reused("timed out", &p);
    close_pair(&p);
    print_stats("server", st.sctx);
    print_counts("timed out");
    SSL_SESSION_free(cs);
    SSL_SESSION_free(ss);

    /* A fresh session, then SSL_CTX_remove_session. */
    connect_pair(&p, &st, NULL, &ok);
    cs = SSL_get1_session(p.c);
    ss = SSL_get1_session(p.s);
    close_pair(&p);
    print_stats("server", st.sctx);
    printf("remove_session %d\n", SSL_CTX_remove_session(st.sctx, ss));
    printf("remove_session again %d\n", SSL_CTX_remove_session(st.sctx, ss));
    print_counts("removed");
    print_stats("server", st.sctx);
    connect_pair(&p, &st, cs, &ok);
    print_reused("removed", &p);
    close_pair(&p);
    printf("add_session %d\n", SSL_CTX_add_session(st.sctx, ss));
    printf("add_session again %d\n", SSL_CTX_add_session(st.sctx, ss));
    print_stats("server", st.sctx);
    connect_pair(&p, &st, cs, &ok);
    print_reused("added back", &p);
    close_pair(&p);
    print_stats("server", st.sctx);
    print_stats("client", st.cctx);
    SSL_CTX_flush_sessions(st.sctx, (long)time(NULL) + 100000);
    print_counts("flushed");
    print_stats("server", st.sctx);
    SSL_SESSION_free(cs);
    SSL_SESSION_free(ss);
    SSL_CTX_free(st.cctx);
    SSL_CTX_free(st.sctx);
}

/* A full cache evicts its oldest session; a session of a version the
 * client no longer enables is not offered. */
static void cache_full_and_versions(void)
{
    setup_t st;
    pair_t p;
    int ok;
    printf("== cache size 1 (TLS 1.2 session ids)\n");
    use_contexts(&st, make_server(-1, SSL_OP_NO_TICKET, TLS1_2_VERSION), make_client(TLS1_2_VERSION));
    SSL_CTX_sess_set_remove_cb(st.sctx, remove_cb);
    printf("set cache size %ld\n", SSL_CTX_sess_set_cache_size(st.sctx, 1));
    connect_pair(&p, &st, NULL, &ok);
    SSL_SESSION *a = SSL_get1_session(p.c);
    close_pair(&p);
    connect_pair(&p, &st, NULL, &ok);
    SSL_SESSION *b = SSL_get1_session(p.c);
    close_pair(&p);
    print_stats("server", st.sctx);
    print_counts("two sessions");
    connect_pair(&p, &st, a, &ok);
    print_reused("evicted one", &p);
    close_pair(&p);
    connect_pair(&p, &st, b, &ok);
    print_reused("newest one", &p);
    close_pair(&p);
    print_stats("server", st.sctx);
    SSL_SESSION_free(a);
    SSL_SESSION_free(b);
    SSL_CTX_free(st.cctx);
    SSL_CTX_free(st.sctx);

    printf("== a TLS 1.3 session offered by an SSL limited to TLS 1.2\n");
    use_contexts(&st, make_server(-1, 0, 0), make_client(0));
    connect_pair(&p, &st, NULL, &ok);
    SSL_SESSION *cs = SSL_get1_session(p.c);
    close_pair(&p);
    memset(&p, 0, sizeof p);
    p.c = SSL_new(st.cctx);
    p.s = SSL_new(st.sctx);
    CHECK(SSL_set_max_proto_version(p.c, TLS1_2_VERSION) == 1);
    CHECK(SSL_set_session(p.c, cs) == 1);
    pair_attach_mem(&p);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    int rc_c, rc_s, e_c, e_s;
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    CHECK(rc_c == 1 && rc_s == 1);
    print_reused("tls1.2 only", &p);
    printf("offered session still resumable %d\n", SSL_SESSION_is_resumable(cs));
    close_pair(&p);
    print_stats("client", st.cctx);
    connect_pair(&p, &st, cs, &ok);
    print_reused("then tls1.3 again", &p);
    close_pair(&p);
    SSL_SESSION_free(cs);
    free_contexts(&st);
}

/* Which of a TLS 1.3 server's sessions go into its internal cache
 * (ssl_update_cache): a stateless ticket's session only when a
 * remove_session_cb is set, early data is announced, or SSL_OP_NO_TICKET
 * makes the tickets stateful. new_session_cb is called in every case. */
static void tls13_server_cache(const char *name, int new_cb, int rm_cb, uint64_t opts,
                               uint32_t early)
{
    setup_t st;
    pair_t p;
    int ok;
    printf("== TLS 1.3 server cache: %s\n", name);
    use_contexts(&st, make_server(-1, opts, 0), make_client(0));
    if (new_cb)
        SSL_CTX_sess_set_new_cb(st.sctx, server_new_cb);
    if (rm_cb)
        SSL_CTX_sess_set_remove_cb(st.sctx, remove_cb);
    if (early)
        printf("set max early data %d\n", SSL_CTX_set_max_early_data(st.sctx, early));
    SSL_SESSION *cs = full_handshake_session(&st);
    print_counts("full");
    print_stats("server", st.sctx);
    connect_pair(&p, &st, cs, &ok);
    CHECK(ok);
    print_reused("resumed", &p);
    close_pair(&p);
    print_counts("resumed");
    print_stats("server", st.sctx);
    SSL_SESSION_free(cs);
    free_contexts(&st);
    print_counts("after free");
}

/* A server that verifies its peers but has no session id context
 * (ssl_update_cache, ssl_get_prev_session): it caches no session, and a
 * session offered to it by ticket fails the handshake with
 * SSL_R_SESSION_ID_CONTEXT_UNINITIALIZED rather than being silently not
 * resumed. */
static void verify_peer_without_sid_ctx(const char *name, int max, uint64_t opts)
{
    setup_t st;
    pair_t p;
    int ok;
    printf("== SSL_VERIFY_PEER server without a session id context: %s\n", name);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER, NULL);
    if (opts)
        SSL_CTX_set_options(sctx, opts);
    if (max)
        CHECK(SSL_CTX_set_max_proto_version(sctx, max) == 1);
    use_contexts(&st, sctx, make_client(max));
    /* No server remove_session_cb: on a TLS 1.3 refusal OpenSSL reports
     * the ticket's session, which sslshim has not made (docs/DROPIN.md). */
    SSL_CTX_sess_set_new_cb(st.sctx, server_new_cb);
    SSL_SESSION *cs = full_handshake_session(&st);
    print_counts("full");
    print_stats("server", st.sctx);
    connect_pair(&p, &st, cs, &ok);
    printf("second handshake ok %d\n", ok);
    printf("offered session still resumable %d\n", SSL_SESSION_is_resumable(cs));
    if (ok) {
        print_reused("second", &p);
        close_pair(&p);
    } else {
        pair_free(&p);
    }
    ERR_clear_error();
    print_counts("second");
    print_stats("server", st.sctx);
    SSL_SESSION_free(cs);
    free_contexts(&st);
}

/* A fatal alert after the handshake (a record that does not decrypt)
 * takes the session out of the cache: not resumable, remove_session_cb
 * told (ssl3_send_alert); SSL_free then removes nothing more. */
static void fatal_after_handshake(const char *name, int max)
{
    setup_t st;
    pair_t p;
    int ok;
    printf("== fatal alert after the handshake: %s\n", name);
    use_contexts(&st, make_server(-1, SSL_OP_NO_TICKET, max), make_client(max));
    SSL_CTX_sess_set_remove_cb(st.sctx, remove_cb);
    connect_pair(&p, &st, NULL, &ok);
    CHECK(ok);
    SSL_SESSION *cs = SSL_get1_session(p.c), *ss = SSL_get1_session(p.s);
    print_stats("client", st.cctx);
    print_stats("server", st.sctx);
    /* application_data, 32 bytes no key decrypts */
    unsigned char rec[5 + 32] = {0x17, 0x03, 0x03, 0x00, 0x20};
    memset(rec + 5, 0x41, 32);
    CHECK(BIO_write(p.s_in, rec, sizeof rec) == (int)sizeof rec);
    char buf[16];
    int r = SSL_read(p.s, buf, sizeof buf);
    printf("server read %d %s\n", r, err_name(SSL_get_error(p.s, r)));
    ERR_clear_error();
    pair_move(&p);
    r = SSL_read(p.c, buf, sizeof buf);
    printf("client read %d %s\n", r, err_name(SSL_get_error(p.c, r)));
    ERR_clear_error();
    print_counts("after the alert");
    printf("resumable client %d server %d\n", SSL_SESSION_is_resumable(cs),
           SSL_SESSION_is_resumable(ss));
    print_stats("client", st.cctx);
    print_stats("server", st.sctx);
    pair_free(&p);
    print_counts("after free");
    SSL_SESSION_free(cs);
    SSL_SESSION_free(ss);
    free_contexts(&st);
}

/* A client whose offered session the server declines and whose
 * verification of the new server then fails: OpenSSL's client moved to a
 * new session at the ServerHello, so its fatal alert leaves the offered
 * one cached and resumable. */
static void declined_then_failed(const char *name, int max)
{
    setup_t st;
    pair_t p;
    printf("== offered session declined, then verification fails: %s\n", name);
    use_contexts(&st, make_server(-1, 0, max), make_client(max));
    SSL_SESSION *cs = full_handshake_session(&st);
    /* Another server context: other ticket keys, so no resumption. */
    SSL_CTX *first = st.sctx;
    st.sctx = make_server(-1, 0, max);
    int rc_c, rc_s, e_c, e_s;
    handshake_pair(&p, &st, cs, "other.example", &rc_c, &e_c, &rc_s, &e_s);
    printf("handshake client %d %s server %d %s\n", rc_c, err_name(e_c), rc_s, err_name(e_s));
    ERR_clear_error();
    print_counts("failed");
    printf("offered session still resumable %d\n", SSL_SESSION_is_resumable(cs));
    print_stats("client", st.cctx);
    pair_free(&p);
    print_counts("after free");
    SSL_SESSION_free(cs);
    free_contexts(&st);
    SSL_CTX_free(first);
}

/* A server's fatal alert in the middle of a full handshake (it requires a
 * client certificate the client does not have): neither side's session has
 * an id yet, so no remove_session_cb. (With TLS 1.2 session ids OpenSSL's
 * sessions have the ServerHello's id by then and both sides report them to
 * remove_session_cb; sslshim's do not: docs/DROPIN.md.) */
static void server_fails_handshake(const char *name, int max, uint64_t opts)
{
    setup_t st;
    pair_t p;
    printf("== server fails the handshake: %s\n", name);
    use_contexts(&st, make_server(-1, opts, max), make_client(max));
    SSL_CTX_sess_set_new_cb(st.sctx, server_new_cb);
    SSL_CTX_sess_set_remove_cb(st.sctx, remove_cb);
    SSL_CTX_set_verify(st.sctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    int rc_c, rc_s, e_c, e_s;
    handshake_pair(&p, &st, NULL, NULL, &rc_c, &e_c, &rc_s, &e_s);
    printf("handshake server %d %s\n", rc_s, err_name(e_s));
    ERR_clear_error();
    print_counts("failed");
    print_stats("server", st.sctx);
    pair_free(&p);
    print_counts("after free");
    free_contexts(&st);
}

/* Server session DER: i2d, d2i, i2d again. */
static void der_round_trip(SSL_SESSION *ss)
{
    unsigned char buf[8192], buf2[8192], *p = buf, *p2 = buf2;
    int len = i2d_SSL_SESSION(ss, NULL);
    CHECK(len > 0 && len <= (int)sizeof buf);
    CHECK(i2d_SSL_SESSION(ss, &p) == len && p == buf + len);
    const unsigned char *q = buf;
    SSL_SESSION *back = d2i_SSL_SESSION(NULL, &q, len);
    CHECK(back != NULL);
    printf("d2i consumed all %d\n", q == buf + len);
    unsigned int l1, l2;
    const unsigned char *id1 = SSL_SESSION_get_id(ss, &l1);
    const unsigned char *id2 = SSL_SESSION_get_id(back, &l2);
    printf("d2i same id %d same version %d same cipher %d same timeout %d same time %d\n",
           l1 == l2 && memcmp(id1, id2, l1) == 0,
           SSL_SESSION_get_protocol_version(ss) == SSL_SESSION_get_protocol_version(back),
           SSL_CIPHER_get_id(SSL_SESSION_get0_cipher(ss)) ==
               SSL_CIPHER_get_id(SSL_SESSION_get0_cipher(back)),
           SSL_SESSION_get_timeout(ss) == SSL_SESSION_get_timeout(back),
           SSL_SESSION_get_time(ss) == SSL_SESSION_get_time(back));
    int len2 = i2d_SSL_SESSION(back, &p2);
    printf("i2d again same bytes %d\n", len2 == len && memcmp(buf, buf2, (size_t)len) == 0);
    print_session("d2i", back);
    /* Truncated input fails. */
    q = buf;
    SSL_SESSION *bad = d2i_SSL_SESSION(NULL, &q, len - 1);
    printf("d2i truncated %s\n", bad ? "ok" : "NULL");
    ERR_clear_error();
    SSL_SESSION_free(bad);
    SSL_SESSION_free(back);
}

/* An external cache: the internal one is off, new_session_cb stores the DER
 * and get_session_cb hands back a session made from it. */
static void external_cache(const char *name, int max)
{
    setup_t st;
    pair_t p;
    int ok;
    printf("== external cache %s\n", name);
    ext_len = 0;
    use_contexts(&st,
                 make_server(SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL, SSL_OP_NO_TICKET,
                             max),
                 make_client(max));
    SSL_CTX_sess_set_new_cb(st.sctx, ext_new_cb);
    SSL_CTX_sess_set_get_cb(st.sctx, ext_get_cb);
    SSL_CTX_sess_set_remove_cb(st.sctx, remove_cb);
    printf("get_cb set %d new_cb set %d remove_cb set %d\n",
           SSL_CTX_sess_get_get_cb(st.sctx) == ext_get_cb,
           SSL_CTX_sess_get_new_cb(st.sctx) == ext_new_cb,
           SSL_CTX_sess_get_remove_cb(st.sctx) == remove_cb);

    connect_pair(&p, &st, NULL, &ok);
    CHECK(ok);
    print_reused("full", &p);
    SSL_SESSION *cs = SSL_get1_session(p.c);
    SSL_SESSION *ss = SSL_get_session(p.s);
    printf("stored der %d\n", ext_len > 0);
    unsigned int idlen;
    const unsigned char *id = SSL_SESSION_get_id(ss, &idlen);
    printf("server session is the last stored %d\n",
           idlen == ext_id_len && memcmp(id, ext_id, idlen) == 0);
    der_round_trip(ss);
    close_pair(&p);
    print_counts("full");
    print_stats("server", st.sctx);

    connect_pair(&p, &st, cs, &ok);
    CHECK(ok);
    print_reused("resumed", &p);
    printf("get_cb id matched %d\n", get_cb_id_match);
    print_counts("resumed");
    print_session("server", SSL_get_session(p.s));
    close_pair(&p);
    print_stats("server", st.sctx);
    SSL_SESSION_free(cs);
    free_contexts(&st);
}

static void settings(void)
{
    printf("== settings\n");
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    CHECK(ctx != NULL);
    printf("default cache mode %ld\n", SSL_CTX_get_session_cache_mode(ctx));
    printf("set cache mode returns %ld\n",
           SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_BOTH));
    printf("cache mode now %ld\n", SSL_CTX_get_session_cache_mode(ctx));
    printf("default timeout %ld\n", SSL_CTX_get_timeout(ctx));
    printf("set_timeout returns %ld\n", SSL_CTX_set_timeout(ctx, 600));
    printf("timeout now %ld\n", SSL_CTX_get_timeout(ctx));
    printf("default cache size %ld\n", SSL_CTX_sess_get_cache_size(ctx));
    printf("set cache size returns %ld\n", SSL_CTX_sess_set_cache_size(ctx, 10));
    printf("cache size now %ld\n", SSL_CTX_sess_get_cache_size(ctx));
    printf("default num_tickets %zu\n", SSL_CTX_get_num_tickets(ctx));
    int r = SSL_CTX_set_num_tickets(ctx, 5);
    printf("set_num_tickets %d now %zu\n", r, SSL_CTX_get_num_tickets(ctx));
    printf("get_new_cb %d get_remove_cb %d get_get_cb %d\n",
           SSL_CTX_sess_get_new_cb(ctx) == NULL, SSL_CTX_sess_get_remove_cb(ctx) == NULL,
           SSL_CTX_sess_get_get_cb(ctx) == NULL);
    static const unsigned char long_ctx[SSL_MAX_SID_CTX_LENGTH + 1] = {0};
    printf("sid_ctx 32 %d\n", SSL_CTX_set_session_id_context(ctx, long_ctx, 32));
    printf("sid_ctx 33 %d\n", SSL_CTX_set_session_id_context(ctx, long_ctx, 33));
    print_first_error("sid_ctx 33");
    SSL *ssl = SSL_new(ctx);
    CHECK(ssl != NULL);
    printf("ssl num_tickets %zu\n", SSL_get_num_tickets(ssl));
    r = SSL_set_num_tickets(ssl, 1);
    printf("ssl set_num_tickets %d now %zu ctx %zu\n", r, SSL_get_num_tickets(ssl),
           SSL_CTX_get_num_tickets(ctx));
    printf("ssl sid_ctx 33 %d\n", SSL_set_session_id_context(ssl, long_ctx, 33));
    print_first_error("ssl sid_ctx 33");
    printf("ssl get_session before handshake %s\n", SSL_get_session(ssl) ? "set" : "NULL");
    printf("ssl get1_session before handshake %s\n", SSL_get1_session(ssl) ? "set" : "NULL");
    printf("ssl session_reused before handshake %d\n", SSL_session_reused(ssl));
    printf("set_session NULL %d\n", SSL_set_session(ssl, NULL));
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

/* Session object API on a session of our own: timeouts, time, id context,
 * references. */
static void session_object(void)
{
    setup_t st;
    pair_t p;
    int ok;
    printf("== session object\n");
    reset_counts();
    st.sctx = make_server(-1, SSL_OP_NO_TICKET, TLS1_2_VERSION);
    st.cctx = make_client(TLS1_2_VERSION);
    SSL_CTX_set_timeout(st.sctx, 1234);
    connect_pair(&p, &st, NULL, &ok);
    CHECK(ok);
    SSL_SESSION *ss = SSL_get1_session(p.s);
    close_pair(&p);
    printf("server timeout from ctx %ld\n", SSL_SESSION_get_timeout(ss));
    long r = SSL_SESSION_set_timeout(ss, 77);
    printf("set_timeout %ld now %ld\n", r, SSL_SESSION_get_timeout(ss));
    r = SSL_SESSION_set_time(ss, 1000000000L);
    printf("set_time %ld now %ld\n", r, SSL_SESSION_get_time(ss));
    printf("set1_id_context %d\n",
           SSL_SESSION_set1_id_context(ss, (const unsigned char *)"ctx2", 4));
    unsigned int len;
    const unsigned char *c = SSL_SESSION_get0_id_context(ss, &len);
    printf("id_context %.*s\n", (int)len, (const char *)c);
    static const unsigned char long_ctx[SSL_MAX_SID_CTX_LENGTH + 1] = {0};
    printf("set1_id_context 33 %d\n", SSL_SESSION_set1_id_context(ss, long_ctx, 33));
    print_first_error("set1_id_context 33");
    int idx = SSL_SESSION_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    static int marker;
    int set = SSL_SESSION_set_ex_data(ss, idx, &marker);
    int got = SSL_SESSION_get_ex_data(ss, idx) == &marker;
    int app = SSL_SESSION_set_app_data(ss, &marker) == 1 && SSL_SESSION_get_app_data(ss) == &marker;
    printf("ex_data set %d get %d app_data %d\n", set, got, app);
    /* Not DER at all. */
    static const unsigned char junk[] = {0x30, 0x03, 0x02, 0x01, 0x01};
    const unsigned char *jp = junk;
    SSL_SESSION *bad = d2i_SSL_SESSION(NULL, &jp, sizeof junk);
    printf("d2i junk %s pointer moved %d\n", bad ? "ok" : "NULL", jp != junk);
    note_first_error("d2i junk");
    SSL_SESSION_free(bad);
    /* A client session's DER (see client_der for its round trip). */
    if (kept_client) {
        int clen = i2d_SSL_SESSION(kept_client, NULL);
        printf("client session i2d %s\n", clen > 0 ? "ok" : "fails");
        note_first_error("client i2d");
    }
    printf("up_ref %d\n", SSL_SESSION_up_ref(ss));
    SSL_SESSION_free(ss);
    SSL_SESSION_free(ss);
    SSL_SESSION_free(NULL);
    free_contexts(&st);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    settings();
    resumption("TLS 1.3 stateless tickets", -1, 0, 0, 2);
    resumption("TLS 1.3 stateful tickets (SSL_OP_NO_TICKET)", -1, SSL_OP_NO_TICKET, 0, 2);
    resumption("TLS 1.2 session ids (SSL_OP_NO_TICKET)", -1, SSL_OP_NO_TICKET, TLS1_2_VERSION, 2);
    resumption("TLS 1.2 tickets", -1, 0, TLS1_2_VERSION, 2);
    resumption("TLS 1.2 server cache off", SSL_SESS_CACHE_OFF, SSL_OP_NO_TICKET, TLS1_2_VERSION,
               1);
    resumption("TLS 1.3 server cache off, tickets", SSL_SESS_CACHE_OFF, 0, 0, 1);
    client_cache_mode = SSL_SESS_CACHE_OFF;
    resumption("TLS 1.3 client cache off", -1, 0, 0, 2);
    resumption("TLS 1.2 client cache off", -1, 0, TLS1_2_VERSION, 1);
    client_cache_mode = SSL_SESS_CACHE_CLIENT;
    fork_client = 1;
    resumption("TLS 1.3, resuming client SSL with its own options", -1, 0, 0, 1);
    resumption("TLS 1.2, resuming client SSL with its own options", -1, 0, TLS1_2_VERSION, 1);
    fork_client = 0;
    not_resumed();
    client_der("TLS 1.2 tickets", TLS1_2_VERSION);
    client_der("TLS 1.3", 0);
    cache_full_and_versions();
    verify_peer_without_sid_ctx("TLS 1.3 tickets", 0, 0);
    fatal_after_handshake("TLS 1.3", 0);
    declined_then_failed("TLS 1.3", 0);
    server_fails_handshake("TLS 1.3", 0, 0);
    server_fails_handshake("TLS 1.2 tickets", TLS1_2_VERSION, 0);
    declined_then_failed("TLS 1.2", TLS1_2_VERSION);
    fatal_after_handshake("TLS 1.2", TLS1_2_VERSION);
    verify_peer_without_sid_ctx("TLS 1.2 session ids", TLS1_2_VERSION, SSL_OP_NO_TICKET);
    verify_peer_without_sid_ctx("TLS 1.2 tickets", TLS1_2_VERSION, 0);
    tls13_server_cache("no callbacks", 0, 0, 0, 0);
    tls13_server_cache("new_session_cb", 1, 0, 0, 0);
    tls13_server_cache("remove_session_cb", 0, 1, 0, 0);
    tls13_server_cache("SSL_OP_NO_TICKET", 0, 0, SSL_OP_NO_TICKET, 0);
    tls13_server_cache("early data, SSL_OP_NO_ANTI_REPLAY", 0, 0, SSL_OP_NO_ANTI_REPLAY, 16384);
    external_cache("TLS 1.2", TLS1_2_VERSION);
    external_cache("TLS 1.3", 0);
    session_object();
    CHECK(ERR_peek_error() == 0);
    return 0;
}
