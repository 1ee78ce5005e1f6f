/*
 * Several certificates on one context (OpenSSL's per-key-type slots,
 * ssl/ssl_cert.c): an RSA, an ECDSA and an Ed25519 certificate loaded onto
 * one server context in several ways (use_certificate/use_PrivateKey,
 * chain files, SSL_CONF, use_cert_and_key) each keep their own key and
 * chain; the last one set is the "current" one the getters, the key check
 * and the chain functions act on; SSL_CTX_set_current_cert and
 * SSL_CTX_select_current_cert move it. A server then presents, per
 * handshake, the certificate the client's signature algorithms (and for
 * TLS 1.2 its cipher suites and groups) allow; a client picks among its
 * own by the server's CertificateRequest.
 *
 * Which certificate a getter or a peer returns is printed by fixture name
 * (the DER compared with the files').
 */
#include "common.h"

static const char *fixture_names[] = {
    "server.pem", "server-rsa.pem", "server-ed25519.pem", "client.pem", "intermediate.pem", "ca.pem",
};
#define NFIX (sizeof fixture_names / sizeof fixture_names[0])
static X509 *fixtures[NFIX];

static X509 *ec_x, *rsa_x, *ed_x, *client_x;
static EVP_PKEY *ec_k, *rsa_k, *ed_k, *client_k;

static EVP_PKEY *read_key(const char *name)
{
    FILE *f = fopen(cert(name), "r");
    CHECK(f != NULL);
    EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    CHECK(k != NULL);
    return k;
}

static int der_of(X509 *x, unsigned char *buf, int cap)
{
    int len = i2d_X509(x, NULL);
    CHECK(len > 0 && len <= cap);
    unsigned char *p = buf;
    CHECK(i2d_X509(x, &p) == len);
    return len;
}

/* The fixture a certificate is, by its DER. */
static const char *which(X509 *x)
{
    if (x == NULL)
        return "NULL";
    unsigned char a[8192], b[8192];
    int la = der_of(x, a, sizeof a);
    for (size_t i = 0; i < NFIX; i++) {
        int lb = der_of(fixtures[i], b, sizeof b);
        if (la == lb && memcmp(a, b, (size_t)la) == 0)
            return fixture_names[i];
    }
    return "other";
}

/* The key a getter returned, by the objects this program set. */
static const char *which_key(EVP_PKEY *k)
{
    if (k == NULL)
        return "NULL";
    if (k == ec_k)
        return "ec key";
    if (k == rsa_k)
        return "rsa key";
    if (k == ed_k)
        return "ed25519 key";
    if (k == client_k)
        return "client key";
    return "a key (loaded from a file)";
}

/* Every queued error, then an empty queue. */
static void print_queue(const char *label)
{
    unsigned long e;
    int n = 0;
    while ((e = ERR_get_error()) != 0) {
        printf("%s: error lib=%d reason=%d\n", label, ERR_GET_LIB(e), ERR_GET_REASON(e));
        n++;
    }
    if (n == 0)
        printf("%s: no error\n", label);
}

static void show_ctx(const char *label, SSL_CTX *ctx)
{
    printf("%s: current %s, key %s\n", label, which(SSL_CTX_get0_certificate(ctx)),
           which_key(SSL_CTX_get0_privatekey(ctx)));
}

static void show_ssl(const char *label, SSL *s)
{
    printf("%s: current %s, key %s\n", label, which(SSL_get_certificate(s)),
           which_key(SSL_get_privatekey(s)));
}

static void show_chain_ctx(const char *label, SSL_CTX *ctx)
{
    STACK_OF(X509) *sk = (STACK_OF(X509) *)1;
    long r = SSL_CTX_get0_chain_certs(ctx, &sk);
    if (sk == NULL) {
        printf("%s: get0_chain_certs %ld NULL\n", label, r);
        return;
    }
    printf("%s: get0_chain_certs %ld, %d:", label, r, sk_X509_num(sk));
    for (int i = 0; i < sk_X509_num(sk); i++)
        printf(" %s", which(sk_X509_value(sk, i)));
    printf("\n");
}

/* set_current_cert FIRST then NEXT until it fails, with each answer. */
static void walk_ctx(const char *label, SSL_CTX *ctx)
{
    long r = SSL_CTX_set_current_cert(ctx, SSL_CERT_SET_FIRST);
    printf("%s: FIRST %ld -> %s\n", label, r, which(SSL_CTX_get0_certificate(ctx)));
    for (int i = 0; i < 10 && r == 1; i++) {
        show_chain_ctx(label, ctx);
        printf("%s: check_private_key %d\n", label, SSL_CTX_check_private_key(ctx));
        ERR_clear_error();
        r = SSL_CTX_set_current_cert(ctx, SSL_CERT_SET_NEXT);
        printf("%s: NEXT %ld -> %s\n", label, r, which(SSL_CTX_get0_certificate(ctx)));
    }
    print_queue(label);
}

static void walk_ssl(const char *label, SSL *s)
{
    long r = SSL_set_current_cert(s, SSL_CERT_SET_FIRST);
    printf("%s: FIRST %ld -> %s\n", label, r, which(SSL_get_certificate(s)));
    for (int i = 0; i < 10 && r == 1; i++) {
        r = SSL_set_current_cert(s, SSL_CERT_SET_NEXT);
        printf("%s: NEXT %ld -> %s\n", label, r, which(SSL_get_certificate(s)));
    }
    print_queue(label);
}

/* ---- the slots and the current one ---------------------------------------- */

static void slots(void)
{
    printf("== slots\n");
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    CHECK(ctx != NULL);
    show_ctx("new", ctx);
    printf("new: check_private_key %d\n", SSL_CTX_check_private_key(ctx));
    print_queue("new check");
    long r = SSL_CTX_set_current_cert(ctx, SSL_CERT_SET_FIRST);
    printf("new: FIRST %ld NEXT %ld\n", r, SSL_CTX_set_current_cert(ctx, SSL_CERT_SET_NEXT));

    printf("use_certificate ec %d\n", SSL_CTX_use_certificate(ctx, ec_x));
    show_ctx("ec cert", ctx);
    printf("use_PrivateKey ec %d\n", SSL_CTX_use_PrivateKey(ctx, ec_k));
    show_ctx("ec key", ctx);
    printf("use_certificate rsa %d\n", SSL_CTX_use_certificate(ctx, rsa_x));
    show_ctx("rsa cert", ctx);
    printf("rsa cert: check_private_key %d\n", SSL_CTX_check_private_key(ctx));
    print_queue("rsa cert check");
    printf("use_PrivateKey rsa %d\n", SSL_CTX_use_PrivateKey(ctx, rsa_k));
    show_ctx("rsa key", ctx);
    printf("check_private_key %d\n", SSL_CTX_check_private_key(ctx));
    walk_ctx("two", ctx);
    printf("after the walk: get0_certificate is the one set %d\n",
           SSL_CTX_get0_certificate(ctx) == ec_x || SSL_CTX_get0_certificate(ctx) == rsa_x);

    /* A third type, key first. */
    printf("use_PrivateKey ed25519 %d\n", SSL_CTX_use_PrivateKey(ctx, ed_k));
    show_ctx("ed key", ctx);
    printf("use_certificate ed25519 %d\n", SSL_CTX_use_certificate(ctx, ed_x));
    show_ctx("ed cert", ctx);
    walk_ctx("three", ctx);

    printf("SERVER on a context %ld\n", SSL_CTX_set_current_cert(ctx, SSL_CERT_SET_SERVER));
    printf("op 42 %ld\n", SSL_CTX_set_current_cert(ctx, 42));
    show_ctx("after bad ops", ctx);
    print_queue("bad ops");

    printf("select rsa %ld\n", SSL_CTX_select_current_cert(ctx, rsa_x));
    show_ctx("selected", ctx);
    X509 *copy = read_cert("server.pem");
    printf("select a copy of ec %ld\n", SSL_CTX_select_current_cert(ctx, copy));
    show_ctx("selected", ctx);
    printf("selected is the object set %d\n", SSL_CTX_get0_certificate(ctx) == ec_x);
    printf("select client.pem %ld\n", SSL_CTX_select_current_cert(ctx, client_x));
    show_ctx("not selected", ctx);
    printf("select NULL %ld\n", SSL_CTX_select_current_cert(ctx, NULL));
    print_queue("select");
    X509_free(copy);

    /* A slot with a certificate and no key is skipped by the walk. */
    SSL_CTX *half = SSL_CTX_new(TLS_server_method());
    CHECK(SSL_CTX_use_certificate(half, rsa_x) == 1);
    CHECK(SSL_CTX_use_certificate(half, ec_x) == 1);
    CHECK(SSL_CTX_use_PrivateKey(half, ec_k) == 1);
    CHECK(SSL_CTX_use_certificate(half, ed_x) == 1);
    walk_ctx("keyless slots", half);
    printf("select keyless rsa %ld\n", SSL_CTX_select_current_cert(half, rsa_x));
    show_ctx("keyless", half);
    SSL_CTX_free(half);

    /* The connection copies the slots and the current one. */
    CHECK(SSL_CTX_select_current_cert(ctx, rsa_x) == 1);
    SSL *s = SSL_new(ctx);
    CHECK(s != NULL);
    show_ssl("SSL_new", s);
    walk_ssl("SSL", s);
    show_ctx("context after the SSL's walk", ctx);
    printf("SSL SERVER before a handshake %ld\n", SSL_set_current_cert(s, SSL_CERT_SET_SERVER));
    printf("SSL select ec %ld\n", SSL_select_current_cert(s, ec_x));
    show_ssl("SSL selected", s);
    printf("SSL check_private_key %d\n", SSL_check_private_key(s));
    printf("SSL use_certificate client %d\n", SSL_use_certificate(s, client_x));
    show_ssl("SSL client cert", s);
    printf("SSL check_private_key %d\n", SSL_check_private_key(s));
    print_queue("SSL check");
    printf("SSL use_PrivateKey client %d\n", SSL_use_PrivateKey(s, client_k));
    show_ssl("SSL client key", s);
    walk_ssl("SSL after use", s);
    show_ctx("context unchanged", ctx);
    SSL_certs_clear(s);
    show_ssl("certs_clear", s);
    walk_ssl("certs_clear", s);
    SSL_free(s);
    SSL_CTX_free(ctx);
}

/* ---- a key for an occupied slot ----------------------------------------- */

static void mismatch(void)
{
    printf("== mismatch\n");
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    CHECK(SSL_CTX_use_certificate(ctx, ec_x) == 1);
    CHECK(SSL_CTX_use_PrivateKey(ctx, ec_k) == 1);
    CHECK(SSL_CTX_use_certificate(ctx, rsa_x) == 1);
    CHECK(SSL_CTX_use_PrivateKey(ctx, rsa_k) == 1);
    /* Another EC key for the EC slot. */
    printf("use_PrivateKey client key %d\n", SSL_CTX_use_PrivateKey(ctx, client_k));
    print_queue("wrong key");
    show_ctx("after the wrong key", ctx);
    CHECK(SSL_CTX_select_current_cert(ctx, ec_x) == 1);
    show_ctx("ec slot", ctx);
    printf("check_private_key %d\n", SSL_CTX_check_private_key(ctx));
    print_queue("check");
    printf("use_PrivateKey_file client.key %d\n",
           SSL_CTX_use_PrivateKey_file(ctx, cert("client.key"), SSL_FILETYPE_PEM));
    print_queue("wrong key file");
    show_ctx("after the wrong key file", ctx);

    /* A certificate for a slot whose key is not its: the key goes, and
     * the queue is cleared. */
    CHECK(SSL_CTX_use_certificate_file(ctx, cert("missing.pem"), SSL_FILETYPE_PEM) == 0);
    printf("use_certificate client.pem %d\n", SSL_CTX_use_certificate(ctx, client_x));
    printf("queue emptied %d\n", ERR_peek_error() == 0);
    print_queue("new cert");
    show_ctx("client cert in the ec slot", ctx);
    printf("check_private_key %d\n", SSL_CTX_check_private_key(ctx));
    print_queue("check");
    printf("use_PrivateKey client key %d\n", SSL_CTX_use_PrivateKey(ctx, client_k));
    show_ctx("its key", ctx);
    /* The matching certificate for a keyed slot: the key stays (and the
     * queue is cleared all the same). */
    CHECK(SSL_CTX_use_certificate_file(ctx, cert("missing.pem"), SSL_FILETYPE_PEM) == 0);
    printf("use_certificate client.pem again %d\n", SSL_CTX_use_certificate(ctx, client_x));
    printf("queue emptied %d\n", ERR_peek_error() == 0);
    print_queue("same cert");
    show_ctx("same cert", ctx);
    /* A certificate for an empty slot leaves the queue alone. */
    SSL_CTX *fresh = SSL_CTX_new(TLS_server_method());
    CHECK(SSL_CTX_use_certificate_file(fresh, cert("missing.pem"), SSL_FILETYPE_PEM) == 0);
    printf("use_certificate on an empty slot %d\n", SSL_CTX_use_certificate(fresh, ec_x));
    printf("queue emptied %d\n", ERR_peek_error() == 0);
    ERR_clear_error();
    SSL_CTX_free(fresh);
    walk_ctx("mismatch", ctx);

    /* A key of another type goes to its own slot; the check then looks at
     * that slot. */
    SSL_CTX *one = SSL_CTX_new(TLS_server_method());
    CHECK(SSL_CTX_use_certificate(one, ec_x) == 1);
    printf("use_PrivateKey rsa on an ec context %d\n", SSL_CTX_use_PrivateKey(one, rsa_k));
    print_queue("other type");
    show_ctx("other type", one);
    printf("check_private_key %d\n", SSL_CTX_check_private_key(one));
    print_queue("check");
    walk_ctx("other type", one);
    SSL_CTX_free(one);

    /* The same on a connection. */
    SSL *s = SSL_new(ctx);
    CHECK(SSL_select_current_cert(s, client_x) == 1);
    printf("SSL use_PrivateKey ec key on client cert %d\n", SSL_use_PrivateKey(s, ec_k));
    print_queue("SSL wrong key");
    show_ssl("SSL", s);
    SSL_free(s);

    /* use_cert_and_key: per slot. */
    SSL_CTX *ck = SSL_CTX_new(TLS_server_method());
    printf("use_cert_and_key ec %d\n", SSL_CTX_use_cert_and_key(ck, ec_x, ec_k, NULL, 0));
    printf("use_cert_and_key rsa %d\n", SSL_CTX_use_cert_and_key(ck, rsa_x, rsa_k, NULL, 0));
    print_queue("use_cert_and_key");
    printf("use_cert_and_key rsa again %d\n", SSL_CTX_use_cert_and_key(ck, rsa_x, rsa_k, NULL, 0));
    print_queue("use_cert_and_key again");
    printf("use_cert_and_key client over ec %d\n",
           SSL_CTX_use_cert_and_key(ck, client_x, client_k, NULL, 1));
    print_queue("use_cert_and_key override");
    show_ctx("use_cert_and_key", ck);
    walk_ctx("use_cert_and_key", ck);
    SSL_CTX_free(ck);
    SSL_CTX_free(ctx);
}

/* ---- chains per slot ---------------------------------------------------- */

static void chains(void)
{
    printf("== chains\n");
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    /* A chain set before any certificate is the (initial) RSA slot's. */
    STACK_OF(X509) *sk = sk_X509_new_null();
    CHECK(sk != NULL);
    sk_X509_push(sk, fixtures[4]);
    printf("set1_chain before any certificate %ld\n", SSL_CTX_set1_chain(ctx, sk));
    sk_X509_free(sk);
    show_chain_ctx("no certificate", ctx);
    CHECK(SSL_CTX_use_certificate(ctx, ec_x) == 1);
    show_chain_ctx("ec", ctx);
    CHECK(SSL_CTX_use_PrivateKey(ctx, ec_k) == 1);
    CHECK(SSL_CTX_use_certificate(ctx, rsa_x) == 1);
    show_chain_ctx("rsa", ctx);
    CHECK(SSL_CTX_use_PrivateKey(ctx, rsa_k) == 1);
    printf("clear_chain_certs %ld\n", SSL_CTX_clear_chain_certs(ctx));
    show_chain_ctx("rsa cleared", ctx);
    CHECK(SSL_CTX_select_current_cert(ctx, ec_x) == 1);
    printf("add1_chain_cert to ec %ld\n", SSL_CTX_add1_chain_cert(ctx, fixtures[4]));
    show_chain_ctx("ec", ctx);
    sk = sk_X509_new_null();
    printf("set1_chain empty on ec %ld\n", SSL_CTX_set1_chain(ctx, sk));
    sk_X509_free(sk);
    show_chain_ctx("ec empty", ctx);
    walk_ctx("chains", ctx);
    SSL_CTX_free(ctx);

    /* Chain files: each goes to its key's slot. */
    ctx = SSL_CTX_new(TLS_server_method());
    printf("chain file rsa %d\n", SSL_CTX_use_certificate_chain_file(ctx, cert("server-rsa-chain.pem")));
    printf("key file rsa %d\n", SSL_CTX_use_PrivateKey_file(ctx, cert("server-rsa.key"), SSL_FILETYPE_PEM));
    printf("chain file ec %d\n", SSL_CTX_use_certificate_chain_file(ctx, cert("server-chain.pem")));
    printf("key file ec %d\n", SSL_CTX_use_PrivateKey_file(ctx, cert("server.key"), SSL_FILETYPE_PEM));
    printf("cert file ed25519 %d\n", SSL_CTX_use_certificate_file(ctx, cert("server-ed25519.pem"), SSL_FILETYPE_PEM));
    printf("key file ed25519 %d\n", SSL_CTX_use_PrivateKey_file(ctx, cert("server-ed25519.key"), SSL_FILETYPE_PEM));
    print_queue("files");
    walk_ctx("files", ctx);
    /* build_cert_chain acts on the current slot. */
    CHECK(SSL_CTX_load_verify_locations(ctx, cert("ca.pem"), NULL) == 1);
    CHECK(SSL_CTX_select_current_cert(ctx, ed_x) == 1);
    printf("build_cert_chain on ed25519 %ld\n", SSL_CTX_build_cert_chain(ctx, 0));
    print_queue("build");
    CHECK(SSL_CTX_add1_chain_cert(ctx, fixtures[4]) == 1);
    printf("build_cert_chain on ed25519 with its issuer %ld\n",
           SSL_CTX_build_cert_chain(ctx, SSL_BUILD_CHAIN_FLAG_UNTRUSTED));
    print_queue("build");
    walk_ctx("built", ctx);
    SSL_CTX_free(ctx);
}

/* ---- SSL_CONF ----------------------------------------------------------- */

static void conf(void)
{
    printf("== SSL_CONF\n");
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL_CONF_CTX *c = SSL_CONF_CTX_new();
    CHECK(c != NULL);
    SSL_CONF_CTX_set_ssl_ctx(c, ctx);
    SSL_CONF_CTX_set_flags(c, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER | SSL_CONF_FLAG_CERTIFICATE);
    printf("Certificate ed25519 %d\n", SSL_CONF_cmd(c, "Certificate", cert("server-ed25519-chain.pem")));
    printf("PrivateKey ed25519 %d\n", SSL_CONF_cmd(c, "PrivateKey", cert("server-ed25519.key")));
    printf("Certificate rsa %d\n", SSL_CONF_cmd(c, "Certificate", cert("server-rsa-chain.pem")));
    printf("PrivateKey rsa %d\n", SSL_CONF_cmd(c, "PrivateKey", cert("server-rsa.key")));
    printf("finish %d\n", SSL_CONF_CTX_finish(c));
    print_queue("conf");
    show_ctx("conf", ctx);
    walk_ctx("conf", ctx);
    SSL_CONF_CTX_free(c);
    SSL_CTX_free(ctx);
}

/* ---- handshakes --------------------------------------------------------- */

enum { LOAD_OBJECTS, LOAD_FILES, LOAD_CONF };

/* A server context holding the certificates `which` names ("r", "e", "d"
 * for RSA, ECDSA, Ed25519, in that loading order), loaded as `how` says. */
static SSL_CTX *server_with(const char *order, int how)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    CHECK(ctx != NULL);
    SSL_CONF_CTX *c = NULL;
    if (how == LOAD_CONF) {
        c = SSL_CONF_CTX_new();
        SSL_CONF_CTX_set_ssl_ctx(c, ctx);
        SSL_CONF_CTX_set_flags(c, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER | SSL_CONF_FLAG_CERTIFICATE);
    }
    for (const char *p = order; *p; p++) {
        const char *chain = *p == 'r' ? "server-rsa-chain.pem" : *p == 'e' ? "server-chain.pem" : "server-ed25519-chain.pem";
        const char *keyf = *p == 'r' ? "server-rsa.key" : *p == 'e' ? "server.key" : "server-ed25519.key";
        X509 *x = *p == 'r' ? rsa_x : *p == 'e' ? ec_x : ed_x;
        EVP_PKEY *k = *p == 'r' ? rsa_k : *p == 'e' ? ec_k : ed_k;
        switch (how) {
        case LOAD_OBJECTS:
            CHECK(SSL_CTX_use_certificate(ctx, x) == 1);
            CHECK(SSL_CTX_use_PrivateKey(ctx, k) == 1);
            CHECK(SSL_CTX_add1_chain_cert(ctx, fixtures[4]) == 1);
            break;
        case LOAD_FILES:
            CHECK(SSL_CTX_use_certificate_chain_file(ctx, cert(chain)) == 1);
            CHECK(SSL_CTX_use_PrivateKey_file(ctx, cert(keyf), SSL_FILETYPE_PEM) == 1);
            break;
        case LOAD_CONF:
            CHECK(SSL_CONF_cmd(c, "Certificate", cert(chain)) == 2);
            CHECK(SSL_CONF_cmd(c, "PrivateKey", cert(keyf)) == 2);
            break;
        }
    }
    if (c != NULL) {
        CHECK(SSL_CONF_CTX_finish(c) == 1);
        SSL_CONF_CTX_free(c);
    }
    return ctx;
}

struct hs {
    const char *client_sigalgs; /* NULL: the default */
    int version;                /* 0: any */
    const char *client_groups;  /* NULL: the default */
    const char *client_ciphers; /* TLS 1.2 list, NULL: the default */
    const char *server_sigalgs;
    int server_pref;
};

static void handshake(SSL_CTX *sctx, const char *label, const struct hs *h)
{
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    if (h->version) {
        CHECK(SSL_CTX_set_min_proto_version(cctx, h->version) == 1);
        CHECK(SSL_CTX_set_max_proto_version(cctx, h->version) == 1);
    }
    pair_t p;
    pair_new_mem(&p, cctx, sctx);
    if (h->client_sigalgs != NULL)
        CHECK(SSL_set1_sigalgs_list(p.c, h->client_sigalgs) == 1);
    if (h->client_groups != NULL)
        CHECK(SSL_set1_groups_list(p.c, h->client_groups) == 1);
    if (h->client_ciphers != NULL)
        CHECK(SSL_set_cipher_list(p.c, h->client_ciphers) == 1);
    if (h->server_sigalgs != NULL)
        CHECK(SSL_set1_sigalgs_list(p.s, h->server_sigalgs) == 1);
    if (h->server_pref)
        SSL_set_options(p.s, SSL_OP_CIPHER_SERVER_PREFERENCE);
    int rc_c, err_c, rc_s, err_s;
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &err_c, &rc_s, &err_s);
    printf("%s [%s%s%s%s%s", label,
           h->version == TLS1_2_VERSION ? "1.2" : h->version == TLS1_3_VERSION ? "1.3" : "any",
           h->client_sigalgs ? " sigalgs " : "", h->client_sigalgs ? h->client_sigalgs : "",
           h->client_groups ? " groups " : "", h->client_groups ? h->client_groups : "");
    printf("%s%s%s", h->client_ciphers ? " ciphers " : "", h->client_ciphers ? h->client_ciphers : "",
           h->server_pref ? " server-pref" : "");
    printf("%s%s]: client %d server %d\n", h->server_sigalgs ? " server sigalgs " : "",
           h->server_sigalgs ? h->server_sigalgs : "", rc_c, rc_s);
    if (rc_c == 1 && rc_s == 1) {
        X509 *peer = SSL_get1_peer_certificate(p.c);
        int nid = 0;
        SSL_get_peer_signature_type_nid(p.c, &nid);
        printf("  %s %s: got %s, signature type %d\n", SSL_get_version(p.c),
               SSL_CIPHER_get_name(SSL_get_current_cipher(p.c)), which(peer), nid);
        X509_free(peer);
        STACK_OF(X509) *chain = SSL_get_peer_cert_chain(p.c);
        printf("  peer chain %d\n", chain ? sk_X509_num(chain) : -1);
        /* OpenSSL makes the certificate it chose the server's current one. */
        show_ssl("  server after", p.s);
        printf("  server SERVER %ld\n", SSL_set_current_cert(p.s, SSL_CERT_SET_SERVER));
        show_ssl("  server after SERVER", p.s);
        printf("  client SERVER %ld\n", SSL_set_current_cert(p.c, SSL_CERT_SET_SERVER));
    } else {
        print_error_code("  client", p.err_c);
        print_error_code("  server", p.err_s);
    }
    show_ctx("  context", sctx);
    pair_free(&p);
    SSL_CTX_free(cctx);
}

static void handshakes(void)
{
    printf("== handshakes\n");
    const struct hs cases[] = {
        {NULL, TLS1_3_VERSION, NULL, NULL, NULL, 0},
        {NULL, TLS1_2_VERSION, NULL, NULL, NULL, 0},
        {"ECDSA+SHA256", TLS1_3_VERSION, NULL, NULL, NULL, 0},
        {"ECDSA+SHA256", TLS1_2_VERSION, NULL, NULL, NULL, 0},
        {"rsa_pss_rsae_sha256", TLS1_3_VERSION, NULL, NULL, NULL, 0},
        {"rsa_pss_rsae_sha256", TLS1_2_VERSION, NULL, NULL, NULL, 0},
        {"RSA-PSS+SHA256:rsa_pss_pss_sha256", TLS1_3_VERSION, NULL, NULL, NULL, 0},
        {"ed25519", TLS1_3_VERSION, NULL, NULL, NULL, 0},
        {"ed25519", TLS1_2_VERSION, NULL, NULL, NULL, 0},
        {"ed25519:ECDSA+SHA256:rsa_pss_rsae_sha256", TLS1_3_VERSION, NULL, NULL, NULL, 0},
        {"rsa_pss_rsae_sha256:ed25519:ECDSA+SHA256", TLS1_3_VERSION, NULL, NULL, NULL, 0},
        {"rsa_pss_rsae_sha256:ed25519:ECDSA+SHA256", TLS1_2_VERSION, NULL, NULL, NULL, 0},
        /* TLS 1.3 binds ECDSA+SHA384 to P-384: not our P-256 key. (In
         * TLS 1.2 OpenSSL signs it with the P-256 key, which aws-lc cannot:
         * we present the RSA certificate then; not compared here.) */
        {"ECDSA+SHA384:rsa_pss_rsae_sha256", TLS1_3_VERSION, NULL, NULL, NULL, 0},
        {"RSA+SHA256", TLS1_3_VERSION, NULL, NULL, NULL, 0},
        {"RSA+SHA256", TLS1_2_VERSION, NULL, NULL, NULL, 0},
        {"RSA+SHA256", TLS1_2_VERSION, NULL, "ECDHE-RSA-AES128-GCM-SHA256", NULL, 0},
        {NULL, TLS1_2_VERSION, NULL, "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256", NULL, 0},
        {NULL, TLS1_2_VERSION, NULL, "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256", NULL, 1},
        {NULL, TLS1_2_VERSION, "X25519", NULL, NULL, 0},
        {NULL, TLS1_3_VERSION, "X25519", NULL, NULL, 0},
        {NULL, TLS1_3_VERSION, NULL, NULL, "rsa_pss_rsae_sha256:ed25519:ECDSA+SHA256", 0},
        {NULL, TLS1_3_VERSION, NULL, NULL, "rsa_pss_rsae_sha256:ed25519:ECDSA+SHA256", 1},
        {NULL, TLS1_2_VERSION, NULL, NULL, "rsa_pss_rsae_sha256:ed25519:ECDSA+SHA256", 1},
    };
    static const struct {
        const char *order;
        int how;
        const char *label;
    } servers[] = {
        {"er", LOAD_OBJECTS, "objects ec,rsa"},
        {"red", LOAD_FILES, "files rsa,ec,ed25519"},
        {"dr", LOAD_CONF, "conf ed25519,rsa"},
        {"r", LOAD_FILES, "files rsa"},
        {"e", LOAD_FILES, "files ec"},
    };
    for (size_t i = 0; i < sizeof servers / sizeof servers[0]; i++) {
        SSL_CTX *sctx = server_with(servers[i].order, servers[i].how);
        show_ctx(servers[i].label, sctx);
        for (size_t j = 0; j < sizeof cases / sizeof cases[0]; j++)
            handshake(sctx, servers[i].label, &cases[j]);
        SSL_CTX_free(sctx);
    }
}

/* ---- SSL_set_SSL_CTX ------------------------------------------------------ */

static void switch_ctx(void)
{
    printf("== SSL_set_SSL_CTX\n");
    SSL_CTX *a = server_with("e", LOAD_OBJECTS);
    SSL_CTX *b = server_with("rd", LOAD_OBJECTS);
    SSL *s = SSL_new(a);
    walk_ssl("on a", s);
    CHECK(SSL_set_SSL_CTX(s, b) == b);
    show_ssl("on b", s);
    walk_ssl("on b", s);
    SSL_free(s);
    SSL_CTX_free(a);
    SSL_CTX_free(b);
}

/* ---- a context switched by the server name callback; resumption ---------- */

static SSL_CTX *sni_target;

static int sni_switch(SSL *s, int *al, void *arg)
{
    (void)al;
    (void)arg;
    CHECK(SSL_set_SSL_CTX(s, sni_target) == sni_target);
    return SSL_TLSEXT_ERR_OK;
}

static void sni_and_resumption(void)
{
    printf("== server name callback, resumption\n");
    SSL_CTX *first = server_with("r", LOAD_FILES);
    sni_target = server_with("er", LOAD_OBJECTS);
    SSL_CTX_set_tlsext_servername_callback(first, sni_switch);
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    CHECK(SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION) == 1);
    SSL_SESSION *sess = NULL;
    /* Round 0 switches contexts from the server name callback; rounds 1
     * and 2 use the multi-certificate context directly, round 2 resuming
     * round 1's session. */
    for (int round = 0; round < 3; round++) {
        pair_t p;
        pair_new_mem(&p, cctx, round == 0 ? first : sni_target);
        CHECK(SSL_set_tlsext_host_name(p.c, "localhost") == 1);
        if (sess != NULL)
            CHECK(SSL_set_session(p.c, sess) == 1);
        int rc_c, err_c, rc_s, err_s;
        pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &err_c, &rc_s, &err_s);
        X509 *peer = SSL_get1_peer_certificate(p.c);
        printf("round %d: client %d server %d reused %d, got %s\n", round, rc_c, rc_s,
               SSL_session_reused(p.s), which(peer));
        X509_free(peer);
        show_ssl("  server after", p.s);
        printf("  server SERVER %ld\n", SSL_set_current_cert(p.s, SSL_CERT_SET_SERVER));
        show_ssl("  server after SERVER", p.s);
        /* A new handshake on the same object keeps the current one (after
         * a clean shutdown, which keeps the session cached). */
        SSL_shutdown(p.s);
        CHECK(SSL_clear(p.s) == 1);
        show_ssl("  server after SSL_clear", p.s);
        printf("  server SERVER after SSL_clear %ld\n",
               SSL_set_current_cert(p.s, SSL_CERT_SET_SERVER));
        if (round == 1)
            sess = SSL_get1_session(p.c);
        SSL_shutdown(p.c); /* else freeing it makes the session unresumable */
        pair_free(&p);
    }
    SSL_SESSION_free(sess);
    SSL_CTX_free(cctx);
    SSL_CTX_free(first);
    SSL_CTX_free(sni_target);
}

/* ---- a client with several certificates ---------------------------------- */

static int accept_all(int ok, X509_STORE_CTX *x)
{
    (void)ok;
    (void)x;
    return 1;
}

static void client_certs(void)
{
    printf("== client certificates\n");
    static const struct {
        int version;
        const char *server_sigalgs;
        int last_rsa;
    } v[] = {
        {TLS1_3_VERSION, NULL, 1},
        {TLS1_3_VERSION, NULL, 0},
        {TLS1_3_VERSION, "rsa_pss_rsae_sha256", 0},
        {TLS1_3_VERSION, "ECDSA+SHA256", 1},
        {TLS1_2_VERSION, NULL, 1},
        {TLS1_2_VERSION, NULL, 0},
        {TLS1_2_VERSION, "ECDSA+SHA256", 1},
        {TLS1_2_VERSION, "rsa_pss_rsae_sha256", 1},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        /* Both kinds, so that the server's own list leaves it one to sign
         * with (OpenSSL disables TLS 1.3 on a server without one). */
        SSL_CTX *sctx = server_with("re", LOAD_FILES);
        CHECK(SSL_CTX_load_verify_locations(sctx, cert("ca.pem"), NULL) == 1);
        SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER, accept_all);
        if (v[i].server_sigalgs)
            CHECK(SSL_CTX_set1_sigalgs_list(sctx, v[i].server_sigalgs) == 1);
        SSL_CTX *cctx = client_ctx(SSL_VERIFY_NONE);
        CHECK(SSL_CTX_set_min_proto_version(cctx, v[i].version) == 1);
        CHECK(SSL_CTX_set_max_proto_version(cctx, v[i].version) == 1);
        if (v[i].last_rsa) {
            CHECK(SSL_CTX_use_certificate(cctx, client_x) == 1);
            CHECK(SSL_CTX_use_PrivateKey(cctx, client_k) == 1);
            CHECK(SSL_CTX_use_certificate(cctx, rsa_x) == 1);
            CHECK(SSL_CTX_use_PrivateKey(cctx, rsa_k) == 1);
        } else {
            CHECK(SSL_CTX_use_certificate(cctx, rsa_x) == 1);
            CHECK(SSL_CTX_use_PrivateKey(cctx, rsa_k) == 1);
            CHECK(SSL_CTX_use_certificate(cctx, client_x) == 1);
            CHECK(SSL_CTX_use_PrivateKey(cctx, client_k) == 1);
        }
        pair_t p;
        pair_new_mem(&p, cctx, sctx);
        int rc_c, err_c, rc_s, err_s;
        pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &err_c, &rc_s, &err_s);
        printf("client %s current %s server sigalgs %s: client %d server %d\n",
               v[i].version == TLS1_2_VERSION ? "1.2" : "1.3", v[i].last_rsa ? "rsa" : "ec",
               v[i].server_sigalgs ? v[i].server_sigalgs : "default", rc_c, rc_s);
        if (rc_c == 1 && rc_s == 1) {
            X509 *peer = SSL_get1_peer_certificate(p.s);
            printf("  server got %s\n", which(peer));
            X509_free(peer);
            show_ssl("  client after", p.c);
        } else {
            print_error_code("  client", p.err_c);
            print_error_code("  server", p.err_s);
        }
        pair_free(&p);
        SSL_CTX_free(cctx);
        SSL_CTX_free(sctx);
    }
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    for (size_t i = 0; i < NFIX; i++)
        fixtures[i] = read_cert(fixture_names[i]);
    ec_x = fixtures[0];
    rsa_x = fixtures[1];
    ed_x = fixtures[2];
    client_x = fixtures[3];
    ec_k = read_key("server.key");
    rsa_k = read_key("server-rsa.key");
    ed_k = read_key("server-ed25519.key");
    client_k = read_key("client.key");

    slots();
    mismatch();
    chains();
    conf();
    handshakes();
    switch_ctx();
    sni_and_resumption();
    client_certs();

    for (size_t i = 0; i < NFIX; i++)
        X509_free(fixtures[i]);
    EVP_PKEY_free(ec_k);
    EVP_PKEY_free(rsa_k);
    EVP_PKEY_free(ed_k);
    EVP_PKEY_free(client_k);
    printf("done\n");
    return 0;
}
