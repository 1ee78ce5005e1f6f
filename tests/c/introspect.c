/*
 * Introspection: hello randoms (SSL_get_client_random/server_random),
 * SSL_export_keying_material, handshake state (SSL_get_state,
 * SSL_state_string(_long)) before, during (after WANT_READ) and after a
 * handshake, the info callback's sequence (start, exit values, done, alerts
 * sent and received) and the keylog callback (labels, line shape, client
 * random), for TLS 1.3, TLS 1.2, a HelloRetryRequest and failed handshakes.
 *
 * OpenSSL reports an SSL_CB_LOOP for every internal state; sslshim, on
 * rustls, only for its coarse states: LOOP lines are '#', as are the
 * post-handshake ticket events of a TLS 1.3 client.
 */
#include "common.h"

/* ---- info callback ------------------------------------------------------------ */

static int hs_done[2]; /* per side: the handshake's final EXIT was seen */

static void info_cb(const SSL *s, int where, int ret)
{
    int server = SSL_is_server((SSL *)s);
    const char *who = server ? "server" : "client";
    const char *st = SSL_state_string_long(s);
    if (where & SSL_CB_ALERT) {
        printf("  %s %s alert %s/%s (%d) in '%s'\n", who, (where & SSL_CB_READ) ? "read" : "write",
               SSL_alert_type_string_long(ret), SSL_alert_desc_string_long(ret), ret, st);
    } else if (where & SSL_CB_HANDSHAKE_START) {
        printf("  %s start in '%s' [%s]\n", who, st, SSL_state_string(s));
    } else if (where & SSL_CB_HANDSHAKE_DONE) {
        printf("  %s done in '%s' [%s]\n", who, st, SSL_state_string(s));
    } else if (where & SSL_CB_LOOP) {
        printf("# %s loop '%s'\n", who, st);
    } else if (where & SSL_CB_EXIT) {
        if (hs_done[server]) {
            printf("# %s exit %d in '%s' (after the handshake)\n", who, ret, st);
        } else {
            printf("  %s exit %d in '%s' [%s] side %s\n", who, ret, st, SSL_state_string(s),
                   (where & SSL_ST_CONNECT) ? "connect" : "accept");
            if (ret == 1)
                hs_done[server] = 1;
        }
    } else {
        printf("# %s where 0x%x ret %d\n", who, where, ret);
    }
}

/* ---- keylog callback ---------------------------------------------------------- */

typedef struct {
    int n;
    char lines[16][400];
} keylog_t;

static keylog_t keylog[2];

static void keylog_cb(const SSL *s, const char *line)
{
    keylog_t *k = &keylog[SSL_is_server((SSL *)s)];
    CHECK(strchr(line, '\n') == NULL);
    if (k->n < 16)
        snprintf(k->lines[k->n++], sizeof k->lines[0], "%s", line);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

static void hex(char *out, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", p[i]);
}

/* Labels (sorted) and line lengths per side; every line's client random
 * is the connection's. */
static void print_keylog(const char *who, keylog_t *k, SSL *ssl)
{
    unsigned char cr[32];
    char crhex[65];
    CHECK(SSL_get_client_random(ssl, cr, sizeof cr) == 32);
    hex(crhex, cr, 32);
    qsort(k->lines, (size_t)k->n, sizeof k->lines[0], cmp_str);
    printf("  %s keylog %d lines\n", who, k->n);
    for (int i = 0; i < k->n; i++) {
        char label[64], random[80], secret[200];
        CHECK(sscanf(k->lines[i], "%63s %79s %199s", label, random, secret) == 3);
        printf("    %s random %zu secret %zu matches %d\n", label, strlen(random), strlen(secret),
               strcmp(random, crhex) == 0);
    }
    k->n = 0;
}

/* ---- state ------------------------------------------------------------------ */

static void print_state(const char *label, SSL *s)
{
    printf("  %s state %d '%s' [%s]\n", label, (int)SSL_get_state(s), SSL_state_string_long(s),
           SSL_state_string(s));
}

/* ---- randoms and exporter ------------------------------------------------------- */

static int all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static void randoms_before(SSL *c)
{
    unsigned char r[64];
    memset(r, 0xee, sizeof r);
    printf("  before: client_random size %zu server_random size %zu\n",
           SSL_get_client_random(c, NULL, 0), SSL_get_server_random(c, NULL, 0));
    size_t n = SSL_get_client_random(c, r, sizeof r);
    printf("  before: client_random copy %zu zero %d\n", n, all_zero(r, n));
}

static void randoms_after(SSL *c, SSL *s)
{
    unsigned char cc[32], cs[32], sc[32], ss[32], big[100], small[10];
    size_t a = SSL_get_client_random(c, cc, sizeof cc);
    size_t b = SSL_get_client_random(s, cs, sizeof cs);
    size_t d = SSL_get_server_random(c, sc, sizeof sc);
    size_t e = SSL_get_server_random(s, ss, sizeof ss);
    printf("  client_random %zu/%zu equal %d zero %d\n", a, b, memcmp(cc, cs, 32) == 0,
           all_zero(cc, 32));
    printf("  server_random %zu/%zu equal %d zero %d differs from client's %d\n", d, e,
           memcmp(sc, ss, 32) == 0, all_zero(sc, 32), memcmp(sc, cc, 32) != 0);
    memset(big, 0xee, sizeof big);
    size_t n = SSL_get_client_random(c, big, sizeof big);
    printf("  client_random into 100 bytes: %zu, byte 32 untouched %d\n", n, big[32] == 0xee);
    n = SSL_get_server_random(s, small, sizeof small);
    printf("  server_random into 10 bytes: %zu prefix %d\n", n, memcmp(small, ss, 10) == 0);
}

static int export(SSL *ssl, unsigned char *out, size_t olen, const char *label, const char *ctx,
                  int use_ctx)
{
    return SSL_export_keying_material(ssl, out, olen, label, strlen(label),
                                      (const unsigned char *)ctx, ctx ? strlen(ctx) : 0, use_ctx);
}

static void exporter(SSL *c, SSL *s)
{
    unsigned char a[100], b[100], x[32], y[32];
    int r1 = export(c, a, 32, "EXPERIMENTAL-sslshim", NULL, 0);
    int r2 = export(s, b, 32, "EXPERIMENTAL-sslshim", NULL, 0);
    printf("  export no context %d/%d equal %d\n", r1, r2, memcmp(a, b, 32) == 0);
    memcpy(x, a, 32);
    r1 = export(c, a, 32, "EXPERIMENTAL-sslshim", "", 1);
    r2 = export(s, b, 32, "EXPERIMENTAL-sslshim", "", 1);
    printf("  export empty context %d/%d equal %d same as no context %d\n", r1, r2,
           memcmp(a, b, 32) == 0, memcmp(a, x, 32) == 0);
    r1 = export(c, a, 32, "EXPERIMENTAL-sslshim", "context", 1);
    r2 = export(s, b, 32, "EXPERIMENTAL-sslshim", "context", 1);
    printf("  export context %d/%d equal %d differs %d\n", r1, r2, memcmp(a, b, 32) == 0,
           memcmp(a, x, 32) != 0);
    r1 = export(c, a, 32, "EXPERIMENTAL-other", NULL, 0);
    printf("  export other label %d differs %d\n", r1, memcmp(a, x, 32) != 0);
    r1 = export(c, a, 100, "EXPERIMENTAL-sslshim", NULL, 0);
    r2 = export(s, b, 100, "EXPERIMENTAL-sslshim", NULL, 0);
    printf("  export 100 bytes %d/%d equal %d\n", r1, r2, memcmp(a, b, 100) == 0);
    r1 = export(c, y, 16, "EXPERIMENTAL-sslshim", NULL, 0);
    printf("  export 16 bytes %d prefix of 32 %d\n", r1, memcmp(y, x, 16) == 0);
    static const char *reserved[] = {"master secret", "key expansion", "client finished",
                                     "server finished"};
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
        r1 = export(c, a, 32, reserved[i], NULL, 0);
        printf("  export label '%s' %d\n", reserved[i], r1);
        print_first_error("   ");
    }
}

/* ---- one manual handshake, step by step ------------------------------------------ */

typedef struct {
    const char *name;
    int max_version;
    const char *cgroups, *sgroups;
    const char *server_chain, *server_key;
    int expect_fail;
    const char *client_ciphers, *server_ciphers;
} scenario_t;

static void run(const scenario_t *sc)
{
    pair_t p = {0};
    SSL_CTX *sctx = server_ctx(sc->server_chain, sc->server_key);
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    printf("== %s\n", sc->name);
    printf("  keylog callback before set %s\n", SSL_CTX_get_keylog_callback(cctx) ? "set" : "NULL");
    SSL_CTX_set_keylog_callback(cctx, keylog_cb);
    SSL_CTX_set_keylog_callback(sctx, keylog_cb);
    printf("  keylog callback returned %d\n", SSL_CTX_get_keylog_callback(cctx) == keylog_cb);
    SSL_CTX_set_info_callback(cctx, info_cb);
    SSL_CTX_set_info_callback(sctx, info_cb);
    if (sc->max_version)
        CHECK(SSL_CTX_set_max_proto_version(cctx, sc->max_version) == 1);
    if (sc->cgroups)
        CHECK(SSL_CTX_set1_groups_list(cctx, sc->cgroups) == 1);
    if (sc->sgroups)
        CHECK(SSL_CTX_set1_groups_list(sctx, sc->sgroups) == 1);
    if (sc->client_ciphers)
        CHECK(SSL_CTX_set_cipher_list(cctx, sc->client_ciphers) == 1);
    if (sc->server_ciphers)
        CHECK(SSL_CTX_set_cipher_list(sctx, sc->server_ciphers) == 1);
    hs_done[0] = hs_done[1] = 0;
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    CHECK(p.c && p.s);
    pair_attach_biopair(&p, 17 * 1024);
    print_state("fresh client", p.c);
    printf("  client_version before 0x%x/0x%x\n", SSL_client_version(p.c), SSL_client_version(p.s));
    randoms_before(p.c);
    printf("  secure renegotiation before %ld/%ld\n", SSL_get_secure_renegotiation_support(p.c),
           SSL_get_secure_renegotiation_support(p.s));
    unsigned char ekm[32];
    printf("  export before handshake %d\n", export(p.c, ekm, 32, "EXPERIMENTAL-sslshim", NULL, 0));
    print_first_error("  ");
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    print_state("after set_connect_state", p.c);
    print_state("after set_accept_state", p.s);
    int rc = 0, rs = 0, done_c = 0, done_s = 0;
    for (int step = 0; step < 6 && !(done_c && done_s); step++) {
        if (!done_c) {
            rc = SSL_do_handshake(p.c);
            int e = SSL_get_error(p.c, rc);
            printf("  client step %d: %d %s\n", step, rc, err_name(e));
            print_state("client", p.c);
            if (rc == 1 || !is_want(e)) {
                done_c = 1;
                note_first_error("client");
            }
        }
        pair_move(&p);
        if (!done_s) {
            rs = SSL_do_handshake(p.s);
            int e = SSL_get_error(p.s, rs);
            printf("  server step %d: %d %s\n", step, rs, err_name(e));
            print_state("server", p.s);
            if (rs == 1 || !is_want(e)) {
                done_s = 1;
                note_first_error("server");
            }
        }
        if (pair_move(&p) == 0 && (done_c || done_s))
            break;
    }
    if (sc->expect_fail) {
        CHECK(rc != 1 || rs != 1);
    } else {
        CHECK(rc == 1 && rs == 1);
        printf("  version %s client_version 0x%x/0x%x\n", SSL_get_version(p.c),
               SSL_client_version(p.c), SSL_client_version(p.s));
        randoms_after(p.c, p.s);
        /* The ClientHello's cipher suites as a server received them: two
         * bytes each, the negotiated one among them; a client has none. */
        const unsigned char *raw = NULL;
        long rawlen = SSL_get0_raw_cipherlist(p.s, &raw);
        uint16_t chosen = SSL_CIPHER_get_protocol_id(SSL_get_current_cipher(p.s));
        int found = 0;
        for (long i = 0; raw != NULL && i + 1 < rawlen; i += 2)
            found |= (raw[i] << 8 | raw[i + 1]) == chosen;
        const unsigned char *craw = NULL;
        printf("  raw cipher list: suite length %ld/%ld, server's even %d has the chosen one %d, "
               "client's %ld %d\n",
               SSL_get0_raw_cipherlist(p.c, NULL), SSL_get0_raw_cipherlist(p.s, NULL),
               rawlen > 0 && rawlen % 2 == 0, found, SSL_get0_raw_cipherlist(p.c, &craw),
               craw == NULL);
        /* RFC 5746: TLS 1.2 and below only. */
        printf("  secure renegotiation %ld/%ld\n", SSL_get_secure_renegotiation_support(p.c),
               SSL_get_secure_renegotiation_support(p.s));
        exporter(p.c, p.s);
        print_keylog("client", &keylog[0], p.c);
        print_keylog("server", &keylog[1], p.s);
        /* What rustls cannot offer, noted only. */
        char fin[128];
        size_t f = SSL_get_finished(p.c, fin, sizeof fin);
        printf("# SSL_get_finished %zu SSL_get_peer_finished %zu\n", f,
               SSL_get_peer_finished(p.c, fin, sizeof fin));
        ERR_clear_error();
        /* Close: close_notify sent and received on both sides. */
        char buf[16];
        printf("  client shutdown %d\n", SSL_shutdown(p.c));
        pair_move(&p);
        int r = SSL_read(p.s, buf, sizeof buf);
        printf("  server read %d %s\n", r, err_name(SSL_get_error(p.s, r)));
        printf("  server shutdown %d\n", SSL_shutdown(p.s));
        pair_move(&p);
        printf("  client shutdown %d\n", SSL_shutdown(p.c));
        print_state("client closed", p.c);
        print_state("server closed", p.s);
    }
    keylog[0].n = keylog[1].n = 0;
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    ERR_clear_error();
}

/* A resumed TLS 1.3 handshake logs the same five secrets on each side as
 * a full one: no CLIENT_EARLY_TRAFFIC_SECRET, as no early data is offered
 * or accepted (rustls's server derives that secret on every resumption;
 * Node.js's test-https-agent-keylog counts the lines). */
static int step_handshake(SSL *s) { return SSL_do_handshake(s); }

static void keylog_resumed(void)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX_set_keylog_callback(cctx, keylog_cb);
    SSL_CTX_set_keylog_callback(sctx, keylog_cb);
    printf("== keylog, TLS 1.3 full then resumed\n");
    SSL_SESSION *sess = NULL;
    for (int i = 0; i < 2; i++) {
        pair_t p;
        int rc_c, err_c, rc_s, err_s;
        pair_new_mem(&p, cctx, sctx);
        if (sess)
            CHECK(SSL_set_session(p.c, sess) == 1);
        pair_drive(&p, step_handshake, step_handshake, &rc_c, &err_c, &rc_s, &err_s);
        CHECK(rc_c == 1 && rc_s == 1);
        char b[1];
        int r = SSL_read(p.c, b, 1); /* takes in the tickets */
        CHECK(r <= 0 && SSL_get_error(p.c, r) == SSL_ERROR_WANT_READ);
        printf("  reused client %d server %d\n", SSL_session_reused(p.c), SSL_session_reused(p.s));
        print_keylog("client", &keylog[0], p.c);
        print_keylog("server", &keylog[1], p.s);
        if (!sess)
            sess = SSL_get1_session(p.c);
        CHECK(SSL_shutdown(p.c) == 0);
        pair_free(&p);
    }
    SSL_SESSION_free(sess);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    ERR_clear_error();
}

static int msg_cb_calls;

static void msg_cb(int write_p, int version, int content_type, const void *buf, size_t len,
                   SSL *ssl, void *arg)
{
    (void)write_p, (void)version, (void)content_type, (void)buf, (void)len, (void)ssl, (void)arg;
    msg_cb_calls++;
}

/* rustls has no message hook: sslshim never calls it (accepted without an
 * error entry, as OpenSSL's; tests/c/setters.c compares that); only noted. */
static void msg_callback(void)
{
    pair_t p = {0};
    int rc_c, rc_s, e_c, e_s;
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX_set_msg_callback(cctx, msg_cb);
    note_first_error("set_msg_callback");
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    SSL_set_msg_callback(p.s, msg_cb);
    note_first_error("SSL_set_msg_callback");
    pair_attach_mem(&p);
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    printf("== msg callback: handshake %d/%d\n", rc_c, rc_s);
    printf("# msg callback calls %d\n", msg_cb_calls);
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

typedef int (*sigalgs_fn)(SSL *, int, int *, int *, int *, unsigned char *, unsigned char *);

/* A sigalgs list: its count (asked with index `count_idx`: -1 for
 * SSL_get_sigalgs; SSL_get_shared_sigalgs answers 0 for an index out of
 * range, -1 included, so Node asks with 0), each entry's bytes and NIDs,
 * then the answers past the end and for -1. */
static void print_sigalgs(const char *who, SSL *s, const char *name, sigalgs_fn get, int count_idx)
{
    int n = get(s, count_idx, NULL, NULL, NULL, NULL, NULL);
    printf("  %s: %s %d:", who, name, n);
    for (int i = 0; i < n; i++) {
        int sign = -1, hash = -1, signhash = -1;
        unsigned char rsig = 0, rhash = 0;
        CHECK(get(s, i, &sign, &hash, &signhash, &rsig, &rhash) == n);
        printf(" %02x%02x/%d/%d/%d", rhash, rsig, sign, hash, signhash);
    }
    printf(" (past the end %d, index -1 %d)\n", get(s, n, NULL, NULL, NULL, NULL, NULL),
           get(s, -1, NULL, NULL, NULL, NULL, NULL));
}

static void print_shared_sigalgs(const char *who, SSL *s)
{
    print_sigalgs(who, s, "SSL_get_shared_sigalgs", SSL_get_shared_sigalgs, 0);
}

/* The peer's lists a server sees in its servername callback and after
 * the handshake: SSL_get_sigalgs and SSL_get_shared_sigalgs (count, NIDs,
 * bytes), SSL_get1_groups and SSL_get_shared_group (in the client's
 * order, or the server's with SSL_OP_CIPHER_SERVER_PREFERENCE; nghttpx
 * picks its certificate so). The client offers the same lists whichever
 * library runs it. */
static void print_peer_lists(const char *who, SSL *s)
{
    print_sigalgs(who, s, "SSL_get_sigalgs", SSL_get_sigalgs, -1);
    print_shared_sigalgs(who, s);
    int groups[16];
    int g = (int)SSL_get1_groups(s, NULL);
    CHECK(g >= 0 && g <= 16);
    CHECK(SSL_get1_groups(s, groups) == g);
    printf("  %s: SSL_get1_groups %d:", who, g);
    for (int i = 0; i < g; i++)
        printf(" %d", groups[i]);
    int shared = SSL_get_shared_group(s, -1);
    printf("; SSL_get_shared_group %d:", shared);
    for (int i = 0; i < shared; i++)
        printf(" %d", SSL_get_shared_group(s, i));
    printf(" (past the end %d)\n", SSL_get_shared_group(s, shared));
}

static int lists_servername_cb(SSL *s, int *al, void *arg)
{
    (void)al, (void)arg;
    print_peer_lists("server, servername callback", s);
    return SSL_TLSEXT_ERR_OK;
}

static void peer_lists(const char *label, int max_version, uint64_t server_options)
{
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    CHECK(SSL_CTX_set_max_proto_version(cctx, max_version) == 1);
    CHECK(SSL_CTX_set1_sigalgs_list(
              cctx, "ECDSA+SHA256:rsa_pss_rsae_sha256:RSA+SHA256:ed25519:ECDSA+SHA384") == 1);
    CHECK(SSL_CTX_set1_groups_list(cctx, "X25519:P-256:P-384") == 1);
    CHECK(SSL_CTX_set1_groups_list(sctx, "P-384:P-256:X25519") == 1);
    SSL_CTX_set_options(sctx, server_options);
    SSL_CTX_set_tlsext_servername_callback(sctx, lists_servername_cb);
    printf("== peer lists, %s\n", label);
    pair_t p;
    pair_new_mem(&p, cctx, sctx);
    CHECK(SSL_set_tlsext_host_name(p.c, "localhost") == 1);
    int rc, ec, rs, es;
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc, &ec, &rs, &es);
    CHECK(rc == 1 && rs == 1);
    print_peer_lists("server, after", p.s);
    print_peer_lists("client, after", p.c);
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* A server's shared signature algorithms with configured lists (Node's
 * test-tls-set-sigalgs), after a full handshake and after a resumption
 * (none: OpenSSL makes the list only on a full handshake). */
static void shared_sigalgs(const char *label, int max_version, const char *client_list,
                           const char *server_list, uint64_t server_options)
{
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_NONE);
    SSL_CTX *sctx = server_ctx("server-rsa-chain.pem", "server-rsa.key");
    CHECK(SSL_CTX_set_max_proto_version(cctx, max_version) == 1);
    if (client_list)
        CHECK(SSL_CTX_set1_sigalgs_list(cctx, client_list) == 1);
    if (server_list)
        CHECK(SSL_CTX_set1_sigalgs_list(sctx, server_list) == 1);
    SSL_CTX_set_options(sctx, server_options);
    SSL_SESSION *sess = NULL;
    for (int round = 0; round < 2; round++) {
        printf("== shared sigalgs, %s, %s\n", label, round ? "resumed" : "full handshake");
        pair_t p;
        pair_new_mem(&p, cctx, sctx);
        if (sess)
            CHECK(SSL_set_session(p.c, sess) == 1);
        int rc, ec, rs, es;
        pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc, &ec, &rs, &es);
        CHECK(rc == 1 && rs == 1);
        /* TLS 1.3 tickets arrive with the first read. */
        pair_move(&p);
        char b;
        CHECK(SSL_read(p.c, &b, 1) <= 0);
        printf("  reused %d\n", SSL_session_reused(p.s));
        print_shared_sigalgs("server", p.s);
        print_shared_sigalgs("client", p.c);
        if (!sess)
            sess = SSL_get1_session(p.c);
        /* Closed cleanly, or the session is no longer resumable. */
        SSL_shutdown(p.c);
        SSL_shutdown(p.s);
        pair_free(&p);
    }
    SSL_SESSION_free(sess);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    static const scenario_t scenarios[] = {
        {"TLS 1.3", 0, NULL, NULL, "server-chain.pem", "server.key", 0, NULL, NULL},
        {"TLS 1.2", TLS1_2_VERSION, NULL, NULL, "server-chain.pem", "server.key", 0, NULL, NULL},
        {"TLS 1.3 HelloRetryRequest", 0, "X25519:P-256", "P-256", "server-chain.pem",
         "server.key", 0, NULL, NULL},
        {"TLS 1.3 RSA server", 0, NULL, NULL, "server-rsa-chain.pem", "server-rsa.key", 0, NULL,
         NULL},
        {"TLS 1.3 untrusted server", 0, NULL, NULL, "untrusted.pem", "untrusted.key", 1, NULL,
         NULL},
        {"TLS 1.2 untrusted server", TLS1_2_VERSION, NULL, NULL, "untrusted.pem",
         "untrusted.key", 1, NULL, NULL},
        {"TLS 1.2 no shared cipher", TLS1_2_VERSION, NULL, NULL, "server-chain.pem",
         "server.key", 1, "ECDHE-RSA-AES128-GCM-SHA256", NULL},
    };
    test_init(argc, argv);
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++)
        run(&scenarios[i]);
    keylog_resumed();
    msg_callback();
    peer_lists("TLS 1.3", TLS1_3_VERSION, 0);
    peer_lists("TLS 1.2", TLS1_2_VERSION, 0);
    peer_lists("TLS 1.3, server preference", TLS1_3_VERSION, SSL_OP_CIPHER_SERVER_PREFERENCE);
    shared_sigalgs("one in common", TLS1_3_VERSION, "RSA-PSS+SHA384", "RSA-PSS+SHA384", 0);
    shared_sigalgs("two in common", TLS1_3_VERSION, "RSA-PSS+SHA256:RSA-PSS+SHA512:ECDSA+SHA256",
                   "RSA-PSS+SHA256:ECDSA+SHA256", 0);
    shared_sigalgs("server preference", TLS1_3_VERSION, "RSA-PSS+SHA256:RSA-PSS+SHA512:ECDSA+SHA256",
                   "ECDSA+SHA256:RSA-PSS+SHA512:RSA-PSS+SHA256", SSL_OP_CIPHER_SERVER_PREFERENCE);
    shared_sigalgs("client list, server default", TLS1_3_VERSION,
                   "ed25519:RSA-PSS+SHA384:RSA+SHA256:ECDSA+SHA384", NULL, 0);
    shared_sigalgs("TLS 1.2", TLS1_2_VERSION, "RSA+SHA384:RSA-PSS+SHA256:ECDSA+SHA256",
                   "RSA-PSS+SHA256:RSA+SHA384", 0);
    shared_sigalgs("TLS 1.2, client list, server default", TLS1_2_VERSION,
                   "RSA+SHA256:RSA+SHA512", NULL, 0);
    return 0;
}
