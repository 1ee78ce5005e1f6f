/*
 * Group lists as OpenSSL 3.0 takes them (issue 19): every name and NID
 * OpenSSL knows is accepted (SSL_CTX_set1_groups_list, SSL_set1_groups_list,
 * the set1_curves aliases, the NID forms SSL_CTX_set1_groups/set1_curves
 * and SSL_CONF's Groups/Curves/-groups/-curves), whether or not the library
 * can then offer the group: sslshim skips those it lacks (X448, ffdhe*,
 * brainpool, the binary and small curves; P-521 is its own). Malformed
 * lists fail as in OpenSSL, with the same return values and error entries.
 *
 * Handshakes then use the usable groups: a mail server's default list
 * ("X25519:X448:secp256r1:secp521r1:secp384r1") on both ends, the same by
 * NID as Postfix sets it, and lists whose first groups are unusable. A list
 * left with no group the handshake can use fails as OpenSSL's own does
 * with groups it cannot use for the version (only TLS 1.2 curves): the
 * client with no_suitable_groups before sending a ClientHello, the server
 * on the ClientHello (no suitable key share for TLS 1.3, no shared cipher
 * for TLS 1.2). Where OpenSSL can use a group rustls lacks (X448 alone)
 * the two differ by design: '#' lines only.
 */
#include "common.h"

/* Every group name OpenSSL 3.0's default provider gives (its TLS names,
 * internal names and aliases), then names it does not know. */
static const char *known_names[] = {
    "x25519", "X25519", "x448", "X448", "secp256r1", "P-256", "prime256v1",
    "secp384r1", "P-384", "secp521r1", "P-521", "ffdhe2048", "ffdhe3072", "ffdhe4096",
    "ffdhe6144", "ffdhe8192", "brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1",
    "sect163k1", "K-163", "sect163r1", "sect163r2", "B-163", "sect193r1", "sect193r2",
    "sect233k1", "K-233", "sect233r1", "B-233", "sect239k1", "sect283k1", "K-283",
    "sect283r1", "B-283", "sect409k1", "K-409", "sect409r1", "B-409", "sect571k1", "K-571",
    "sect571r1", "B-571", "secp160k1", "secp160r1", "secp160r2", "secp192k1", "secp192r1",
    "prime192v1", "P-192", "secp224k1", "secp224r1", "P-224", "secp256k1",
};

static const char *other_lists[] = {
    /* not OpenSSL 3.0 names (case matters; no TLS 1.3 brainpool names) */
    "p-256", "SECP256R1", "X25519 X448", "brainpoolp256r1", "brainpoolP256r1tls13",
    "FFDHE2048", "ED25519", "bogus", "P -256", "prime256v2",
    /* lists: separators, whitespace, empty and repeated elements */
    "X25519:X448:secp256r1:secp521r1:secp384r1", "X448:secp521r1:P-384:ffdhe2048",
    "X448:ffdhe3072", "sect163k1:secp160r1", " X25519 :\tP-256 ", "X25519,P-256",
    "", ":", "X25519:", ":X25519", "X25519::P-256", "X25519: :P-256",
    "X25519:X25519", "X25519:x25519", "P-256:prime256v1", "secp521r1:P-521", "X448:x448",
    "X25519:X25519:bogus", "bogus:X25519:X25519", "X25519:bogus", "X448:bogus",
    /* element length: 63 characters is looked up, 64 is refused silently */
    "X25519:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "X25519:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
};

/* One list on a fresh context and a connection of it, by each setter. */
static void set_list(const char *l)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    CHECK(ctx != NULL);
    SSL *ssl = SSL_new(ctx);
    CHECK(ssl != NULL);
    long a = SSL_CTX_set1_groups_list(ctx, l);
    unsigned long ea = ERR_get_error();
    ERR_clear_error();
    long b = SSL_set1_groups_list(ssl, l);
    unsigned long eb = ERR_get_error();
    ERR_clear_error();
    long c = SSL_CTX_set1_curves_list(ctx, l);
    unsigned long ec = ERR_get_error();
    ERR_clear_error();
    long d = SSL_set1_curves_list(ssl, l);
    unsigned long ed = ERR_get_error();
    ERR_clear_error();
    printf("list '%s' -> %ld %ld %ld %ld\n", l, a, b, c, d);
    print_error_code("  ctx groups", ea);
    print_error_code("  ssl groups", eb);
    print_error_code("  ctx curves", ec);
    print_error_code("  ssl curves", ed);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

static void lists(void)
{
    printf("== names\n");
    for (size_t i = 0; i < sizeof known_names / sizeof known_names[0]; i++)
        set_list(known_names[i]);
    printf("== lists\n");
    for (size_t i = 0; i < sizeof other_lists / sizeof other_lists[0]; i++)
        set_list(other_lists[i]);

    /* A NULL list: CONF_parse_list's error. */
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    printf("list NULL -> ctx %ld\n", SSL_CTX_set1_groups_list(ctx, NULL));
    print_first_error("  ctx");
    printf("list NULL -> ssl %ld\n", SSL_set1_groups_list(ssl, NULL));
    print_first_error("  ssl");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

/* The NID forms: which single NIDs OpenSSL 3.0 has a group for (its table
 * includes the GOST curves, which no name reaches), then lists. */
static void nids(void)
{
    printf("== NIDs\n");
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    CHECK(ctx && ssl);
    int count = 0;
    for (int nid = 1; nid < 1300; nid++) {
        long a = SSL_CTX_set1_groups(ctx, &nid, 1);
        unsigned long e = ERR_get_error();
        long b = SSL_set1_curves(ssl, &nid, 1);
        unsigned long e2 = ERR_get_error();
        ERR_clear_error();
        if (a != 0 || b != 0 || e != 0 || e2 != 0) {
            printf("nid %d -> ctx %ld ssl %ld\n", nid, a, b);
            print_error_code("  ctx", e);
            print_error_code("  ssl", e2);
            count++;
        }
    }
    printf("NIDs accepted alone: %d\n", count);

    static const struct {
        const char *l;
        int n, nids[6];
    } v[] = {
        {"mail server", 5,
         {NID_X25519, NID_X448, NID_X9_62_prime256v1, NID_secp521r1, NID_secp384r1}},
        {"only unusable", 3, {NID_X448, NID_secp521r1, NID_ffdhe2048}},
        {"binary curves", 2, {NID_sect163k1, NID_sect571r1}},
        {"X448 twice", 3, {NID_X25519, NID_X448, NID_X448}},
        {"unknown after unusable", 2, {NID_X448, NID_sha256}},
        {"undef", 2, {NID_X25519, NID_undef}},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        int a1[6], a2[6];
        memcpy(a1, v[i].nids, sizeof a1);
        memcpy(a2, v[i].nids, sizeof a2);
        long a = SSL_CTX_set1_curves(ctx, a1, v[i].n);
        unsigned long e = ERR_get_error();
        ERR_clear_error();
        long b = SSL_set1_groups(ssl, a2, v[i].n);
        printf("nids %s -> ctx %ld ssl %ld\n", v[i].l, a, b);
        print_error_code("  ctx", e);
        print_first_error("  ssl");
    }
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

/* SSL_CONF: Groups and Curves in a file, -groups and -curves on a command
 * line, and ECDHParameters/-named_curve (one name). */
static void conf(void)
{
    static const char *values[] = {
        "X25519:X448:secp256r1:secp521r1:secp384r1", "X448", "secp521r1:ffdhe4096",
        "X25519:bogus", "bogus", "X25519::P-256", "P-256:prime256v1",
    };
    static const struct {
        unsigned flags;
        const char *cmd;
    } cmds[] = {
        {SSL_CONF_FLAG_FILE, "Groups"},       {SSL_CONF_FLAG_FILE, "Curves"},
        {SSL_CONF_FLAG_CMDLINE, "-groups"},   {SSL_CONF_FLAG_CMDLINE, "-curves"},
        {SSL_CONF_FLAG_FILE, "ECDHParameters"}, {SSL_CONF_FLAG_CMDLINE, "-named_curve"},
    };
    printf("== SSL_CONF\n");
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        for (size_t j = 0; j < sizeof values / sizeof values[0]; j++) {
            for (int on_ssl = 0; on_ssl < 2; on_ssl++) {
                SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
                SSL *ssl = SSL_new(ctx);
                SSL_CONF_CTX *c = SSL_CONF_CTX_new();
                CHECK(ctx && ssl && c);
                SSL_CONF_CTX_set_flags(c, cmds[i].flags | SSL_CONF_FLAG_SERVER);
                if (on_ssl)
                    SSL_CONF_CTX_set_ssl(c, ssl);
                else
                    SSL_CONF_CTX_set_ssl_ctx(c, ctx);
                int r = SSL_CONF_cmd(c, cmds[i].cmd, values[j]);
                unsigned long first = ERR_get_error();
                unsigned long last = first;
                for (unsigned long e; (e = ERR_get_error()) != 0;)
                    last = e;
                printf("conf %s %s '%s' -> %d first %d/%d last %d/%d\n",
                       on_ssl ? "ssl" : "ctx", cmds[i].cmd, values[j], r,
                       ERR_GET_LIB(first), ERR_GET_REASON(first), ERR_GET_LIB(last),
                       ERR_GET_REASON(last));
                CHECK(SSL_CONF_CTX_finish(c) == 1);
                ERR_clear_error();
                SSL_CONF_CTX_free(c);
                SSL_free(ssl);
                SSL_CTX_free(ctx);
            }
        }
    }
}

/* ---- handshakes ------------------------------------------------------------- */

typedef struct {
    const char *label;
    const char *cg, *sg;    /* group lists (NULL: the default) */
    int cmax;               /* client's maximum version (0: none) */
    int by_nid;             /* set the lists by NID instead */
    int quiet;              /* the reasons differ by design: '#' lines */
} hs_case;

static const int mail_nids[] = {NID_X25519, NID_X448, NID_X9_62_prime256v1, NID_secp521r1,
                                NID_secp384r1};

static void set_groups(SSL_CTX *ctx, const char *l, int by_nid)
{
    if (by_nid) {
        int n[5];
        memcpy(n, mail_nids, sizeof n);
        CHECK(SSL_CTX_set1_curves(ctx, n, 5) == 1);
    } else {
        CHECK(SSL_CTX_set1_groups_list(ctx, l) == 1);
    }
    CHECK(ERR_peek_error() == 0);
}

static void handshake(const hs_case *h)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    if (h->cg)
        set_groups(cctx, h->cg, h->by_nid);
    if (h->sg)
        set_groups(sctx, h->sg, h->by_nid);
    if (h->cmax)
        CHECK(SSL_CTX_set_max_proto_version(cctx, h->cmax) == 1);
    pair_t p = {0};
    int rc_c, rc_s, e_c, e_s;
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    CHECK(p.c && p.s);
    pair_attach_mem(&p);
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    printf("%s: client %d %s server %d %s\n", h->label, rc_c, err_name(e_c), rc_s,
           err_name(e_s));
    if (h->quiet) {
        note_error_code("  client", p.err_c);
        note_error_code("  server", p.err_s);
    } else {
        print_error_code("  client", p.err_c);
        print_error_code("  server", p.err_s);
    }
    if (rc_c == 1 && rc_s == 1) {
        printf("  %s group %ld/%ld\n", SSL_get_version(p.c), SSL_get_negotiated_group(p.c),
               SSL_get_negotiated_group(p.s));
        /* The connection works: data both ways, then a read that blocks. */
        char buf[16];
        CHECK(SSL_write(p.c, "ping", 4) == 4);
        pair_move(&p);
        CHECK(SSL_read(p.s, buf, sizeof buf) == 4);
        CHECK(SSL_write(p.s, "pong", 4) == 4);
        pair_move(&p);
        CHECK(SSL_read(p.c, buf, sizeof buf) == 4 && memcmp(buf, "pong", 4) == 0);
        int r = SSL_read(p.c, buf, sizeof buf);
        printf("  read with nothing to read: %d %s\n", r, err_name(SSL_get_error(p.c, r)));
    }
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

static void handshakes(void)
{
#define mail "X25519:X448:secp256r1:secp521r1:secp384r1"
    static const hs_case cases[] = {
        {"mail list both ends", mail, mail, 0, 0, 0},
        {"mail list both ends TLS1.2", mail, mail, TLS1_2_VERSION, 0, 0},
        {"mail list by NID both ends", "", "", 0, 1, 0},
        {"mail list server, default client", NULL, mail, 0, 0, 0},
        {"mail list client, default server", mail, NULL, 0, 0, 0},
        /* the client's first groups are unusable here: skipped, and
         * OpenSSL's server does not have them either (a retry there) */
        {"client secp521r1:P-384, server P-384:X448", "secp521r1:P-384", "P-384:X448", 0, 0, 0},
        {"client ffdhe2048:X448:P-256 TLS1.2, server P-256", "ffdhe2048:X448:P-256", "P-256",
         TLS1_2_VERSION, 0, 0},
        /* P-521 alone, on either side or both (sslshim's own group) */
        {"P-521 both ends", "secp521r1", "P-521", 0, 0, 0},
        /* (TLS 1.2: the client lists P-256 too, or OpenSSL's server may not
         * use its P-256 ECDSA certificate) */
        {"client P-521:P-256 TLS1.2, server P-521", "secp521r1:P-256", "secp521r1",
         TLS1_2_VERSION, 0, 0},
        {"client P-521, default server", "P-521", NULL, 0, 0, 0},
        {"client X448:P-521, server P-521:P-256", "X448:P-521", "P-521:P-256", 0, 0, 0},
        /* no usable group left: OpenSSL cannot use these for TLS 1.3
         * either (the client) or with this client (the server) */
        {"client sect163k1:secp160r1", "sect163k1:secp160r1", NULL, 0, 0, 0},
        {"server sect163k1:brainpoolP256r1", NULL, "sect163k1:brainpoolP256r1", 0, 0, 0},
        {"server sect163k1 TLS1.2", NULL, "sect163k1", TLS1_2_VERSION, 0, 0},
        /* OpenSSL's TLS 1.2 client offers them and the server finds no
         * shared cipher; sslshim's client refuses before sending */
        {"client sect163k1 TLS1.2", "sect163k1", NULL, TLS1_2_VERSION, 0, 1},
    };
    printf("== handshakes\n");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        handshake(&cases[i]);
#undef mail
}

/* Where OpenSSL can use a group rustls lacks, only '#' lines: OpenSSL
 * negotiates X448, sslshim has no group to offer and fails as above. */
static void by_design(void)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    CHECK(SSL_CTX_set1_groups_list(cctx, "X448") == 1);
    CHECK(ERR_peek_error() == 0);
    pair_t p = {0};
    int rc_c, rc_s, e_c, e_s;
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    pair_attach_mem(&p);
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    printf("# client X448 only: client %d %s server %d %s\n", rc_c, err_name(e_c), rc_s,
           err_name(e_s));
    note_error_code("client X448 only: client", p.err_c);
    note_error_code("client X448 only: server", p.err_s);
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    lists();
    nids();
    conf();
    handshakes();
    by_design();
    printf("done\n");
    return 0;
}
