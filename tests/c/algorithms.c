/*
 * Protocol and algorithm control: protocol version bounds and SSL_OP_NO_*,
 * cipher lists (TLS 1.2 strings, TLS 1.3 ciphersuites, SSL_get_ciphers,
 * SSL_get_cipher_list, SSL_get1_supported_ciphers, SSL_get_shared_ciphers,
 * SSL_CIPHER_description), groups (SSL_CTX_set1_groups_list,
 * SSL_get_negotiated_group) and signature algorithms
 * (SSL_CTX_set1_sigalgs_list, SSL_get_peer_signature_nid/_type_nid,
 * SSL_get_signature_nid/_type_nid), each through in-memory handshakes.
 *
 * Where OpenSSL 3.0 can do what rustls cannot (TLS 1.0/1.1, ciphers and
 * groups rustls lacks), only the outcome is compared (who fails, with which
 * SSL_get_error) and the reasons are '#' lines.
 */
#include "common.h"

/* sslshim's default groups put the post-quantum hybrid first, which two
 * sslshim peers then agree on (OpenSSL 3.0 has X25519 first): the
 * negotiated group is compared only where a test chose the groups. */
static int groups_chosen;

typedef struct {
    int rc_c, rc_s, e_c, e_s;
    unsigned long err_c, err_s;
} outcome_t;

/* One handshake between new SSLs of cctx and sctx; prints the outcome and,
 * on success, the negotiated parameters. `quiet_reasons`: the error reasons
 * go to '#' lines (where rustls cannot fail the way OpenSSL does). */
static outcome_t hs(const char *label, SSL_CTX *cctx, SSL_CTX *sctx, int quiet_reasons,
                    pair_t *keep)
{
    pair_t p = {0};
    outcome_t o;
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    CHECK(p.c && p.s);
    pair_attach_mem(&p);
    pair_drive(&p, SSL_connect, SSL_accept, &o.rc_c, &o.e_c, &o.rc_s, &o.e_s);
    o.err_c = p.err_c;
    o.err_s = p.err_s;
    printf("%s: client %d %s server %d %s\n", label, o.rc_c, err_name(o.e_c), o.rc_s,
           err_name(o.e_s));
    if (quiet_reasons) {
        note_error_code("  client", o.err_c);
        note_error_code("  server", o.err_s);
    } else {
        print_error_code("  client", o.err_c);
        print_error_code("  server", o.err_s);
    }
    if (o.rc_c == 1 && o.rc_s == 1) {
        printf("  version %s/%s cipher %s/%s\n", SSL_get_version(p.c), SSL_get_version(p.s),
               SSL_get_cipher_name(p.c), SSL_get_cipher_name(p.s));
        printf("%s group %ld/%ld\n", groups_chosen ? " " : "#", SSL_get_negotiated_group(p.c),
               SSL_get_negotiated_group(p.s));
    }
    if (keep)
        *keep = p;
    else
        pair_free(&p);
    return o;
}

static void print_stack(const char *label, STACK_OF(SSL_CIPHER) *sk)
{
    printf("%s:", label);
    if (sk == NULL) {
        printf(" (null)\n");
        return;
    }
    printf(" n=%d", sk_SSL_CIPHER_num(sk));
    for (int i = 0; i < sk_SSL_CIPHER_num(sk); i++)
        printf(" %s", SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, i)));
    printf("\n");
}

/* ---- protocol versions ---------------------------------------------------- */

static void version_bounds(void)
{
    static const int vs[] = {0, SSL3_VERSION, TLS1_VERSION, TLS1_1_VERSION,
                             TLS1_2_VERSION, TLS1_3_VERSION, 0x0305, 0x0200, 0xfefd, -1, 0x0100};
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    CHECK(ctx && ssl);
    printf("== version bounds\n");
    printf("defaults ctx %ld/%ld ssl %ld/%ld\n", SSL_CTX_get_min_proto_version(ctx),
           SSL_CTX_get_max_proto_version(ctx), SSL_get_min_proto_version(ssl),
           SSL_get_max_proto_version(ssl));
    for (size_t i = 0; i < sizeof vs / sizeof vs[0]; i++) {
        long a = SSL_CTX_set_min_proto_version(ctx, vs[i]);
        long ga = SSL_CTX_get_min_proto_version(ctx);
        long b = SSL_CTX_set_max_proto_version(ctx, vs[i]);
        long gb = SSL_CTX_get_max_proto_version(ctx);
        long c = SSL_set_min_proto_version(ssl, vs[i]);
        long gc = SSL_get_min_proto_version(ssl);
        long d = SSL_set_max_proto_version(ssl, vs[i]);
        long gd = SSL_get_max_proto_version(ssl);
        printf("set 0x%x: ctx min %ld->0x%lx max %ld->0x%lx ssl min %ld->0x%lx max %ld->0x%lx\n",
               vs[i], a, ga, b, gb, c, gc, d, gd);
        print_first_error("  ");
    }
    /* An SSL copies the context's bounds when created, not later. */
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
    SSL *ssl2 = SSL_new(ctx);
    SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
    printf("new ssl copies bounds: 0x%lx/0x%lx ctx now 0x%lx\n", SSL_get_min_proto_version(ssl2),
           SSL_get_max_proto_version(ssl2), SSL_CTX_get_max_proto_version(ctx));
    SSL_free(ssl2);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

typedef struct {
    const char *label;
    int cmin, cmax, smin, smax;
    uint64_t cop, sop;
    int old; /* only TLS 1.0/1.1/SSLv3 left on one side: reasons differ */
} vcase_t;

static void version_handshakes(void)
{
    static const vcase_t v[] = {
        {"default", 0, 0, 0, 0, 0, 0, 0},
        {"client max 1.2", 0, TLS1_2_VERSION, 0, 0, 0, 0, 0},
        {"server max 1.2", 0, 0, 0, TLS1_2_VERSION, 0, 0, 0},
        {"client min 1.3", TLS1_3_VERSION, 0, 0, 0, 0, 0, 0},
        {"both 1.2 only", TLS1_2_VERSION, TLS1_2_VERSION, TLS1_2_VERSION, TLS1_2_VERSION, 0, 0, 0},
        {"client min 1.0 max 1.2", TLS1_VERSION, TLS1_2_VERSION, 0, 0, 0, 0, 0},
        {"client NO_TLSv1_3", 0, 0, 0, 0, SSL_OP_NO_TLSv1_3, 0, 0},
        {"server NO_TLSv1_3", 0, 0, 0, 0, 0, SSL_OP_NO_TLSv1_3, 0},
        {"server NO_TLSv1_2", 0, 0, 0, 0, 0, SSL_OP_NO_TLSv1_2, 0},
        {"client min 1.3 server max 1.2", TLS1_3_VERSION, 0, 0, TLS1_2_VERSION, 0, 0, 0},
        {"client max 1.2 server min 1.3", 0, TLS1_2_VERSION, TLS1_3_VERSION, 0, 0, 0, 0},
        {"client NO_TLSv1_2|NO_TLSv1_3", 0, 0, 0, 0, SSL_OP_NO_TLSv1_2 | SSL_OP_NO_TLSv1_3, 0, 1},
        {"client min 1.3 max 1.2", TLS1_3_VERSION, TLS1_2_VERSION, 0, 0, 0, 0, 0},
        {"client max 1.1", 0, TLS1_1_VERSION, 0, 0, 0, 0, 1},
        {"client 1.0 only", TLS1_VERSION, TLS1_VERSION, 0, 0, 0, 0, 1},
        {"server max 1.1", 0, 0, 0, TLS1_1_VERSION, 0, 0, 1},
        {"server SSLv3 only", 0, 0, SSL3_VERSION, SSL3_VERSION, 0, 0, 1},
        {"server min 1.3 max 1.2", 0, 0, TLS1_3_VERSION, TLS1_2_VERSION, 0, 0, 0},
    };
    printf("== version handshakes\n");
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
        SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
        if (v[i].cmin)
            CHECK(SSL_CTX_set_min_proto_version(cctx, v[i].cmin) == 1);
        if (v[i].cmax)
            CHECK(SSL_CTX_set_max_proto_version(cctx, v[i].cmax) == 1);
        if (v[i].smin)
            CHECK(SSL_CTX_set_min_proto_version(sctx, v[i].smin) == 1);
        if (v[i].smax)
            CHECK(SSL_CTX_set_max_proto_version(sctx, v[i].smax) == 1);
        if (v[i].cop)
            SSL_CTX_set_options(cctx, v[i].cop);
        if (v[i].sop)
            SSL_CTX_set_options(sctx, v[i].sop);
        hs(v[i].label, cctx, sctx, v[i].old, NULL);
        SSL_CTX_free(cctx);
        SSL_CTX_free(sctx);
    }
    /* Per-connection bounds and options override the context's. */
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    pair_t p = {0};
    int rc_c, rc_s, e_c, e_s;
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    CHECK(SSL_set_max_proto_version(p.c, TLS1_2_VERSION) == 1);
    pair_attach_mem(&p);
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    printf("SSL_set_max_proto_version 1.2: %d %d %s\n", rc_c, rc_s, SSL_get_version(p.c));
    pair_free(&p);
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    SSL_set_options(p.s, SSL_OP_NO_TLSv1_3);
    pair_attach_mem(&p);
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    printf("server SSL_set_options NO_TLSv1_3: %d %d %s\n", rc_c, rc_s, SSL_get_version(p.c));
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* ---- ciphers --------------------------------------------------------------- */

static void cipher_lists(void)
{
    static const char *lists[] = {"ECDHE+AESGCM", "ECDHE-RSA-AES128-GCM-SHA256",
                                  "ECDHE+CHACHA20:ECDHE-ECDSA-AES256-GCM-SHA384",
                                  "aECDSA+AES128:aRSA+AES256:!PSK:!kRSA:!DHE:!SHA1:!SHA256:!SHA384:!AESCCM:!ARIA",
                                  "ECDHE+AESGCM:!SHA256",
                                  "", "bogus", "RC4",
                                  "TLS_AES_128_GCM_SHA256", "ECDHE+AESGCM:!aRSA",
                                  "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:+aRSA"};
    static const char *suites[] = {"", "bogus", "TLS_AES_128_GCM_SHA256",
                                   "TLS_AES_128_GCM_SHA256:bogus",
                                   "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384",
                                   "tls_aes_128_gcm_sha256",
                                   "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256"};
    char buf[128];
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    CHECK(ctx != NULL);
    printf("== cipher lists\n");
    /* OpenSSL's default list is far longer than the suites rustls has. */
    printf("# default SSL_CTX_get_ciphers n=%d\n", sk_SSL_CIPHER_num(SSL_CTX_get_ciphers(ctx)));
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        int r = SSL_CTX_set_cipher_list(ctx, lists[i]);
        printf("set_cipher_list '%s' -> %d\n", lists[i], r);
        print_first_error("  ");
        if (r == 1)
            print_stack("  ciphers", SSL_CTX_get_ciphers(ctx));
    }
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        int r = SSL_CTX_set_ciphersuites(ctx, suites[i]);
        printf("set_ciphersuites '%s' -> %d\n", suites[i], r);
        print_first_error("  ");
        if (r == 1)
            print_stack("  ciphers", SSL_CTX_get_ciphers(ctx));
    }
    CHECK(SSL_CTX_set_cipher_list(ctx, "ECDHE+AESGCM:ECDHE+CHACHA20") == 1);
    STACK_OF(SSL_CIPHER) *sk = SSL_CTX_get_ciphers(ctx);
    printf("descriptions:\n");
    for (int i = 0; i < sk_SSL_CIPHER_num(sk); i++) {
        const SSL_CIPHER *c = sk_SSL_CIPHER_value(sk, i);
        char *d = SSL_CIPHER_description(c, buf, sizeof buf);
        CHECK(d == buf);
        printf("  %s", d);
        char *m = SSL_CIPHER_description(c, NULL, 0);
        CHECK(m != NULL && strcmp(m, buf) == 0);
        OPENSSL_free(m);
    }
    printf("description in 10 bytes %s\n",
           SSL_CIPHER_description(sk_SSL_CIPHER_value(sk, 0), buf, 10) ? "buf" : "(null)");

    /* The SSL's list is its own copy, the same object until changed. */
    SSL *ssl = SSL_new(ctx);
    CHECK(ssl != NULL);
    STACK_OF(SSL_CIPHER) *a = SSL_get_ciphers(ssl), *b = SSL_get_ciphers(ssl);
    printf("SSL_get_ciphers stable %d differs from ctx's %d\n", a == b,
           a != SSL_CTX_get_ciphers(ctx));
    print_stack("ssl ciphers", a);
    CHECK(SSL_set_cipher_list(ssl, "ECDHE-ECDSA-CHACHA20-POLY1305") == 1);
    print_stack("after SSL_set_cipher_list", SSL_get_ciphers(ssl));
    print_stack("ctx unchanged", SSL_CTX_get_ciphers(ctx));
    CHECK(SSL_set_ciphersuites(ssl, "TLS_AES_128_GCM_SHA256") == 1);
    for (int i = -1; i <= 3; i++) {
        const char *n = SSL_get_cipher_list(ssl, i);
        printf("SSL_get_cipher_list(%d) %s\n", i, n ? n : "(null)");
    }
    printf("SSL_set_cipher_list bogus %d\n", SSL_set_cipher_list(ssl, "bogus"));
    print_first_error("  ");
    print_stack("after failed set", SSL_get_ciphers(ssl));

    /* SSL_get1_supported_ciphers follows the enabled versions. */
    static const struct { const char *l; int min, max; } sv[] = {
        {"any", 0, 0}, {"max 1.2", 0, TLS1_2_VERSION}, {"min 1.3", TLS1_3_VERSION, 0}};
    for (size_t i = 0; i < sizeof sv / sizeof sv[0]; i++) {
        SSL *s2 = SSL_new(ctx);
        SSL_set_min_proto_version(s2, sv[i].min);
        SSL_set_max_proto_version(s2, sv[i].max);
        STACK_OF(SSL_CIPHER) *sup = SSL_get1_supported_ciphers(s2);
        snprintf(buf, sizeof buf, "supported %s", sv[i].l);
        print_stack(buf, sup);
        sk_SSL_CIPHER_free(sup);
        SSL_free(s2);
    }
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

static void cipher_negotiation(void)
{
    printf("== cipher negotiation\n");
    static const struct {
        const char *l, *cs, *cl, *ss, *sl;
        int cmax;
        uint64_t sop;
    } v[] = {
        {"client TLS1.3 chacha", "TLS_CHACHA20_POLY1305_SHA256", NULL, NULL, NULL, 0, 0},
        {"client TLS1.3 aes128", "TLS_AES_128_GCM_SHA256", NULL, NULL, NULL, 0, 0},
        {"server TLS1.3 aes128 only", NULL, NULL, "TLS_AES_128_GCM_SHA256", NULL, 0, 0},
        {"client prefers chacha, server preference",
         "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384", NULL, NULL, NULL, 0,
         SSL_OP_CIPHER_SERVER_PREFERENCE},
        {"client prefers chacha", "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384", NULL,
         NULL, NULL, 0, 0},
        {"no common TLS1.3 suite", "TLS_AES_128_GCM_SHA256", NULL, "TLS_AES_256_GCM_SHA384",
         NULL, 0, 0},
        {"TLS1.2 chacha", NULL, "ECDHE-ECDSA-CHACHA20-POLY1305", NULL, NULL, TLS1_2_VERSION, 0},
        {"TLS1.2 aes128", NULL, "ECDHE-ECDSA-AES128-GCM-SHA256", NULL, NULL, TLS1_2_VERSION, 0},
        {"TLS1.2 server list", NULL, NULL, NULL, "ECDHE-ECDSA-AES128-GCM-SHA256",
         TLS1_2_VERSION, 0},
        {"TLS1.2 no shared cipher", NULL, "ECDHE-RSA-AES128-GCM-SHA256", NULL, NULL,
         TLS1_2_VERSION, 0},
        {"TLS1.2 server pref", NULL, "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384",
         NULL, "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256", TLS1_2_VERSION,
         SSL_OP_CIPHER_SERVER_PREFERENCE},
        {"client no TLS1.3 suites", "", NULL, NULL, NULL, 0, 0},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
        SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
        if (v[i].cs)
            CHECK(SSL_CTX_set_ciphersuites(cctx, v[i].cs) == 1);
        if (v[i].cl)
            CHECK(SSL_CTX_set_cipher_list(cctx, v[i].cl) == 1);
        if (v[i].ss)
            CHECK(SSL_CTX_set_ciphersuites(sctx, v[i].ss) == 1);
        if (v[i].sl)
            CHECK(SSL_CTX_set_cipher_list(sctx, v[i].sl) == 1);
        if (v[i].cmax)
            CHECK(SSL_CTX_set_max_proto_version(cctx, v[i].cmax) == 1);
        if (v[i].sop)
            SSL_CTX_set_options(sctx, v[i].sop);
        hs(v[i].l, cctx, sctx, 0, NULL);
        SSL_CTX_free(cctx);
        SSL_CTX_free(sctx);
    }
}

static void shared_ciphers(void)
{
    char buf[512];
    pair_t p;
    printf("== shared ciphers\n");
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    /* A client list both libraries have, so the offer is the same. */
    CHECK(SSL_CTX_set_ciphersuites(cctx, "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384") == 1);
    CHECK(SSL_CTX_set_cipher_list(cctx, "ECDHE-RSA-AES128-GCM-SHA256:"
                                        "ECDHE-ECDSA-CHACHA20-POLY1305:"
                                        "ECDHE-ECDSA-AES256-GCM-SHA384") == 1);
    CHECK(SSL_CTX_set_cipher_list(sctx, "ECDHE-ECDSA-AES256-GCM-SHA384:"
                                        "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384") == 1);
    SSL *fresh = SSL_new(sctx);
    printf("before handshake %s\n",
           SSL_get_shared_ciphers(fresh, buf, sizeof buf) ? "buf" : "(null)");
    SSL_free(fresh);
    outcome_t o = hs("handshake", cctx, sctx, 0, &p);
    CHECK(o.rc_c == 1 && o.rc_s == 1);
    char *r = SSL_get_shared_ciphers(p.s, buf, sizeof buf);
    printf("server: %s\n", r ? r : "(null)");
    r = SSL_get_shared_ciphers(p.c, buf, sizeof buf);
    printf("client: %s\n", r ? r : "(null)");
    static const int sizes[] = {0, 1, 2, 10, 22, 23, 24, 30, 45, 46, 47, 52, 53, 60, 73, 74, 101, 102, 103};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        memset(buf, 'x', sizeof buf);
        r = SSL_get_shared_ciphers(p.s, buf, sizes[i]);
        printf("size %d: %s", sizes[i], r ? "buf " : "(null)");
        if (r)
            printf("'%s' len %zu", r, strlen(r));
        printf(" byte after %c\n", buf[sizes[i] + 1]);
    }
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* ---- groups ------------------------------------------------------------------ */

static void groups(void)
{
    static const char *names[] = {"X25519", "x25519", "P-256", "prime256v1", "secp256r1",
                                  "P-384", "secp384r1", "X25519:P-256:P-384", "bogus",
                                  "", "X25519:bogus", "X25519::P-256", "X25519,P-256",
                                  "p-256", "SECP384R1",
                                  /* names OpenSSL 3.0 knows that rustls lacks, beside a
                                   * usable one: accepted, and skipped by sslshim */
                                  "X25519:X448:secp521r1", "X448:secp521r1:P-384:ffdhe2048"};
    printf("== groups\n");
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        long a = SSL_CTX_set1_groups_list(ctx, names[i]);
        unsigned long e = ERR_get_error();
        ERR_clear_error();
        long b = SSL_set1_groups_list(ssl, names[i]);
        printf("groups '%s' -> ctx %ld ssl %ld\n", names[i], a, b);
        print_error_code("  ctx", e);
        print_first_error("  ssl");
    }
    SSL_free(ssl);
    SSL_CTX_free(ctx);

    static const struct {
        const char *l, *cg, *sg;
        int cmax;
    } v[] = {
        {"client X25519", "X25519", NULL, 0},
        {"client P-256", "P-256", NULL, 0},
        {"client P-384", "P-384", NULL, 0},
        {"server P-256 only (retry)", "X25519:P-256", "P-256", 0},
        {"server prefers P-384 of client's", "P-256:P-384", "P-384:P-256", 0},
        {"no common group", "X25519", "P-384", 0},
        {"no common group TLS1.2", "X25519", "P-384", TLS1_2_VERSION},
        {"TLS1.2 P-256", "P-256", NULL, TLS1_2_VERSION},
    };
    groups_chosen = 1;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
        SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
        if (v[i].cg)
            CHECK(SSL_CTX_set1_groups_list(cctx, v[i].cg) == 1);
        if (v[i].sg)
            CHECK(SSL_CTX_set1_groups_list(sctx, v[i].sg) == 1);
        if (v[i].cmax)
            CHECK(SSL_CTX_set_max_proto_version(cctx, v[i].cmax) == 1);
        hs(v[i].l, cctx, sctx, 0, NULL);
        SSL_CTX_free(cctx);
        SSL_CTX_free(sctx);
    }

    /* The post-quantum hybrid: OpenSSL 3.0 does not know it (the set
     * fails); sslshim negotiates it between its own client and server and
     * reports OpenSSL's "unknown group" form, TLSEXT_nid_unknown | 0x11ec. */
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    long set = SSL_CTX_set1_groups_list(cctx, "X25519MLKEM768");
    ERR_clear_error();
    printf("# X25519MLKEM768 set %ld\n", set);
    if (set == 1) {
        pair_t p;
        pair_t *pp = &p;
        int rc_c, rc_s, e_c, e_s;
        memset(pp, 0, sizeof p);
        p.c = SSL_new(cctx);
        p.s = SSL_new(sctx);
        pair_attach_mem(pp);
        pair_drive(pp, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
        CHECK(rc_c == 1 && rc_s == 1);
        CHECK(SSL_get_negotiated_group(p.c) == (0x1000000 | 0x11ec));
        CHECK(SSL_get_negotiated_group(p.s) == (0x1000000 | 0x11ec));
        printf("# X25519MLKEM768 negotiated: 0x%lx\n", SSL_get_negotiated_group(p.c));
        pair_free(pp);
    }
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    groups_chosen = 0;
}

/* ---- signature algorithms ------------------------------------------------------ */

/* SSL_CTX_set1_groups/SSL_set1_groups (and the set1_curves aliases):
 * NID arrays, as programs that probe groups one at a time use them. */
static void groups_by_nid(void)
{
    static const struct {
        const char *l;
        int n, nids[4];
    } v[] = {
        {"X25519", 1, {NID_X25519}},
        {"P-256:P-384", 2, {NID_X9_62_prime256v1, NID_secp384r1}},
        {"X25519:X448:P-521", 3, {NID_X25519, NID_X448, NID_secp521r1}},
        {"X448:P-521:P-256", 3, {NID_X448, NID_secp521r1, NID_X9_62_prime256v1}},
        {"ffdhe2048:X25519", 2, {NID_ffdhe2048, NID_X25519}},
        {"sha256 (no group)", 1, {NID_sha256}},
        {"X25519 twice", 2, {NID_X25519, NID_X25519}},
        {"empty", 0, {0}},
    };
    printf("== groups by NID\n");
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        int nids[4];
        memcpy(nids, v[i].nids, sizeof nids);
        long a = SSL_CTX_set1_groups(ctx, nids, v[i].n);
        unsigned long e = ERR_get_error();
        ERR_clear_error();
        long b = SSL_set1_curves(ssl, nids, v[i].n);
        printf("set1_groups %s -> ctx %ld ssl %ld\n", v[i].l, a, b);
        print_error_code("  ctx", e);
        print_first_error("  ssl");
    }
    SSL_free(ssl);
    SSL_CTX_free(ctx);

    /* They take effect: the negotiated group follows them. */
    int p384[] = {NID_secp384r1}, x_p256[] = {NID_X25519, NID_X9_62_prime256v1},
        p256[] = {NID_X9_62_prime256v1};
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    groups_chosen = 1;
    CHECK(SSL_CTX_set1_curves(cctx, p384, 1) == 1);
    hs("client NID P-384", cctx, sctx, 0, NULL);
    CHECK(SSL_CTX_set1_groups(cctx, x_p256, 2) == 1);
    CHECK(SSL_CTX_set1_groups(sctx, p256, 1) == 1);
    hs("client NIDs X25519:P-256, server NID P-256 (retry)", cctx, sctx, 0, NULL);
    groups_chosen = 0;
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* SSL_CTX_set_tmp_dh_callback/SSL_set_tmp_dh_callback: accepted without an
 * error entry (programs treat one as a failure to load their settings),
 * and not called in a TLS 1.3 handshake; the handshake is unaffected. */
static int tmp_dh_calls;
static DH *tmp_dh_cb(SSL *ssl, int is_export, int keylength)
{
    (void)ssl, (void)is_export, (void)keylength;
    tmp_dh_calls++;
    return NULL;
}

static void tmp_dh_callback(void)
{
    printf("== tmp DH callback\n");
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX_set_tmp_dh_callback(sctx, tmp_dh_cb);
    print_first_error("SSL_CTX_set_tmp_dh_callback");
    SSL *s = SSL_new(sctx);
    SSL_set_tmp_dh_callback(s, tmp_dh_cb);
    print_first_error("SSL_set_tmp_dh_callback");
    SSL_set_tmp_dh_callback(s, NULL);
    print_first_error("SSL_set_tmp_dh_callback(NULL)");
    SSL_free(s);
    hs("server with a tmp DH callback", cctx, sctx, 0, NULL);
    printf("tmp DH callback calls %d\n", tmp_dh_calls);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

static void print_sig(const char *who, SSL *s)
{
    int a = -1, b = -1, c = -1, d = -1;
    long ra = SSL_get_peer_signature_nid(s, &a);
    int rb = SSL_get_peer_signature_type_nid(s, &b);
    long rc = SSL_get_signature_nid(s, &c);
    int rd = SSL_get_signature_type_nid(s, &d);
    printf("  %s peer sig %ld:%d type %d:%d own sig %ld:%d type %d:%d\n", who, ra, a, rb, b, rc,
           c, rd, d);
}

static void sigalgs(void)
{
    static const char *lists[] = {"ECDSA+SHA256", "RSA+SHA256", "RSA-PSS+SHA256", "PSS+SHA256",
                                  "ecdsa_secp256r1_sha256", "rsa_pss_rsae_sha256",
                                  "rsa_pss_pss_sha256", "ed25519", "rsa_pkcs1_sha256",
                                  "SHA384+ECDSA", "ECDSA+sha256", "bogus", "",
                                  "ECDSA+SHA256:bogus", "ecdsa+sha256", "ECDSA-SHA256",
                                  "RSA+SHA512:ECDSA+SHA384", "ECDSA+SHA256:ECDSA+SHA256",
                                  "ECDSA+SHA256::ed25519", "ECDSA+", "DSA+SHA256"};
    printf("== sigalgs\n");
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        long a = SSL_CTX_set1_sigalgs_list(ctx, lists[i]);
        unsigned long e = ERR_get_error();
        ERR_clear_error();
        long b = SSL_set1_sigalgs_list(ssl, lists[i]);
        printf("sigalgs '%s' -> ctx %ld ssl %ld\n", lists[i], a, b);
        print_error_code("  ctx", e);
        print_first_error("  ssl");
    }
    int pairs[] = {672 /* sha256 */, 408 /* EC */, 673 /* sha384 */, 912 /* RSA-PSS */};
    printf("set1_sigalgs pairs %ld odd %ld\n", SSL_CTX_set1_sigalgs(ctx, pairs, 4),
           SSL_CTX_set1_sigalgs(ctx, pairs, 3));
    SSL_free(ssl);
    SSL_CTX_free(ctx);

    static const struct {
        const char *l, *chain, *key, *csig, *ssig;
        int cmax, clientcert;
    } v[] = {
        {"ecdsa default", "server-chain.pem", "server.key", NULL, NULL, 0, 0},
        {"ecdsa default TLS1.2", "server-chain.pem", "server.key", NULL, NULL, TLS1_2_VERSION, 0},
        {"rsa default", "server-rsa-chain.pem", "server-rsa.key", NULL, NULL, 0, 0},
        {"rsa default TLS1.2", "server-rsa-chain.pem", "server-rsa.key", NULL, NULL,
         TLS1_2_VERSION, 0},
        {"rsa client PSS+SHA384", "server-rsa-chain.pem", "server-rsa.key", "RSA-PSS+SHA384",
         NULL, 0, 0},
        {"rsa client rsa_pss_rsae_sha512", "server-rsa-chain.pem", "server-rsa.key",
         "rsa_pss_rsae_sha512", NULL, 0, 0},
        {"rsa client RSA+SHA256 TLS1.2", "server-rsa-chain.pem", "server-rsa.key",
         "RSA+SHA256", NULL, TLS1_2_VERSION, 0},
        {"rsa client RSA+SHA384:PSS+SHA256 TLS1.2", "server-rsa-chain.pem", "server-rsa.key",
         "RSA+SHA384:PSS+SHA256", NULL, TLS1_2_VERSION, 0},
        {"rsa server PSS+SHA512", "server-rsa-chain.pem", "server-rsa.key", NULL,
         "RSA-PSS+SHA512:ECDSA+SHA256", 0, 0},
        {"rsa client RSA+SHA256 TLS1.3 (no PKCS#1 in 1.3)", "server-rsa-chain.pem",
         "server-rsa.key", "RSA+SHA256", NULL, 0, 0},
        {"ecdsa client RSA only", "server-chain.pem", "server.key", "RSA-PSS+SHA256:RSA+SHA256",
         NULL, 0, 0},
        {"ecdsa client cert", "server-chain.pem", "server.key", NULL, NULL, 0, 1},
        {"ecdsa client cert TLS1.2", "server-chain.pem", "server.key", NULL, NULL,
         TLS1_2_VERSION, 1},
        {"rsa server, client cert, server sigalgs ECDSA+SHA256:PSS+SHA256",
         "server-rsa-chain.pem", "server-rsa.key", NULL, "ECDSA+SHA256:PSS+SHA256", 0, 1},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        pair_t p;
        SSL_CTX *sctx = server_ctx(v[i].chain, v[i].key);
        SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
        if (v[i].csig)
            CHECK(SSL_CTX_set1_sigalgs_list(cctx, v[i].csig) == 1);
        if (v[i].ssig)
            CHECK(SSL_CTX_set1_sigalgs_list(sctx, v[i].ssig) == 1);
        if (v[i].cmax)
            CHECK(SSL_CTX_set_max_proto_version(cctx, v[i].cmax) == 1);
        if (v[i].clientcert) {
            CHECK(SSL_CTX_use_certificate_chain_file(cctx, cert("client-chain.pem")) == 1);
            CHECK(SSL_CTX_use_PrivateKey_file(cctx, cert("client.key"), SSL_FILETYPE_PEM) == 1);
            CHECK(SSL_CTX_load_verify_locations(sctx, cert("ca.pem"), NULL) == 1);
            SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
        }
        outcome_t o = hs(v[i].l, cctx, sctx, 0, &p);
        if (o.rc_c == 1 && o.rc_s == 1) {
            print_sig("client", p.c);
            print_sig("server", p.s);
        }
        pair_free(&p);
        SSL_CTX_free(cctx);
        SSL_CTX_free(sctx);
    }
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    version_bounds();
    version_handshakes();
    cipher_lists();
    cipher_negotiation();
    shared_ciphers();
    groups();
    groups_by_nid();
    tmp_dh_callback();
    sigalgs();
    CHECK(ERR_peek_error() == 0);
    return 0;
}
