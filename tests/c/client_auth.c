/*
 * Client certificates, CA lists and verify callbacks, in-process over
 * memory BIOs.
 *
 *  A. a client verifying servers with a verify callback that prints every
 *     call (depth order, preverify_ok, error, current certificate) and
 *     answers by policy: pass preverify_ok through, accept everything,
 *     reject the leaf, or clear the error (X509_STORE_CTX_set_error(OK));
 *  B. a server requesting client certificates (VERIFY_PEER,
 *     FAIL_IF_NO_PEER_CERT, CLIENT_ONCE) over TLS 1.3 and TLS 1.2: no
 *     certificate, a good chain, a leaf without its intermediate, an
 *     untrusted one, a CA list sent and received, a client certificate
 *     callback, certificates and keys given as objects, a server asking
 *     only after the handshake (VERIFY_POST_HANDSHAKE);
 *  C. the CA list API on its own;
 *  D. a certificate verification callback replacing X509_verify_cert.
 */
#include "common.h"
#include <openssl/pem.h>

enum { CB_NONE, CB_PASS, CB_ACCEPT, CB_REJECT_LEAF, CB_CLEAR };
static const char *cb_names[] = {"none", "pass", "accept", "reject-leaf", "clear"};

/* What a verify callback finds through SSL_get_ex_data(ssl, conf_idx). */
typedef struct {
    const char *who;
    int policy;
    SSL_CTX *ctx;
} cbconf_t;

static int conf_idx = -1;

static const char *subject(X509 *x, char *buf, size_t len)
{
    if (x == NULL)
        return "(null)";
    return X509_NAME_oneline(X509_get_subject_name(x), buf, (int)len);
}

static int verify_cb(int ok, X509_STORE_CTX *sctx)
{
    char b1[256], b2[256];
    SSL *ssl = X509_STORE_CTX_get_ex_data(sctx, SSL_get_ex_data_X509_STORE_CTX_idx());
    CHECK(ssl != NULL);
    cbconf_t *conf = SSL_get_ex_data(ssl, conf_idx);
    CHECK(conf != NULL);
    int depth = X509_STORE_CTX_get_error_depth(sctx);
    int err = X509_STORE_CTX_get_error(sctx);
    STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(sctx);
    STACK_OF(X509) *chain1 = X509_STORE_CTX_get1_chain(sctx);
    CHECK(chain1 != NULL && sk_X509_num(chain1) == sk_X509_num(chain));
    CHECK(sk_X509_value(chain1, 0) == sk_X509_value(chain, 0));
    sk_X509_pop_free(chain1, X509_free);
    printf("  %s cb ok=%d depth=%d err=%d cert=%s leaf=%s chain=%d\n", conf->who, ok, depth, err,
           subject(X509_STORE_CTX_get_current_cert(sctx), b1, sizeof b1),
           subject(X509_STORE_CTX_get0_cert(sctx), b2, sizeof b2),
           chain ? sk_X509_num(chain) : -1);
    /* What callbacks commonly read about their SSL while it handshakes. */
    printf("  %s cb sees vr=%ld mode=%d depth=%d ctx=%d cb=%d\n", conf->who,
           SSL_get_verify_result(ssl), SSL_get_verify_mode(ssl), SSL_get_verify_depth(ssl),
           SSL_get_SSL_CTX(ssl) == conf->ctx, SSL_get_verify_callback(ssl) == verify_cb);
    switch (conf->policy) {
    case CB_ACCEPT:
        return 1;
    case CB_REJECT_LEAF:
        return depth == 0 ? 0 : ok;
    case CB_CLEAR:
        if (!ok)
            X509_STORE_CTX_set_error(sctx, X509_V_OK);
        return 1;
    default:
        return ok;
    }
}

static void set_cb(SSL *ssl, SSL_CTX *ctx, cbconf_t *conf, int mode)
{
    CHECK(SSL_set_ex_data(ssl, conf_idx, conf) == 1);
    conf->ctx = ctx;
    if (conf->policy != CB_NONE)
        SSL_set_verify(ssl, mode, verify_cb);
}

static int chain_len(STACK_OF(X509) *sk)
{
    return sk ? sk_X509_num(sk) : -1;
}

static void print_chain(const char *label, STACK_OF(X509) *sk)
{
    char buf[256];
    printf("%s %d\n", label, chain_len(sk));
    for (int i = 0; i < chain_len(sk); i++)
        printf("  %s[%d] %s\n", label, i, subject(sk_X509_value(sk, i), buf, sizeof buf));
}

static void print_names(const char *label, STACK_OF(X509_NAME) *sk)
{
    if (sk == NULL) {
        printf("%s names NULL\n", label);
        return;
    }
    printf("%s names %d\n", label, sk_X509_NAME_num(sk));
    for (int i = 0; i < sk_X509_NAME_num(sk); i++) {
        char l[64];
        snprintf(l, sizeof l, "  %s[%d]", label, i);
        print_name(l, sk_X509_NAME_value(sk, i));
    }
}

static EVP_PKEY *read_key(const char *name)
{
    FILE *f = fopen(cert(name), "r");
    CHECK(f != NULL);
    EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    CHECK(k != NULL);
    return k;
}

/* ---- A. a client's verify callback ---------------------------------------- */

typedef struct {
    const char *name, *chain, *key, *host;
} scase_t;

static void client_verify(const scase_t *sc, int policy, int mode, int tls12)
{
    pair_t p = {0};
    SSL_CTX *sctx = server_ctx(sc->chain, sc->key);
    SSL_CTX *cctx = client_ctx(mode);
    cbconf_t conf = {"client", policy, NULL};
    int rc_c, e_c, rc_s, e_s;
    if (tls12)
        CHECK(SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION) == 1);
    printf("== verify %s, callback %s, %s%s\n", sc->name, cb_names[policy],
           mode ? "VERIFY_PEER" : "VERIFY_NONE", tls12 ? ", TLS 1.2" : "");
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    CHECK(p.c && p.s);
    set_cb(p.c, cctx, &conf, mode);
    if (sc->host)
        CHECK(SSL_set1_host(p.c, sc->host) == 1);
    pair_attach_mem(&p);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    long vr = SSL_get_verify_result(p.c);
    printf("client connect %d %s verify_result %ld\n", rc_c, err_name(e_c), vr);
    print_error_code("client", p.err_c);
    printf("server accept %d %s\n", rc_s, err_name(e_s));
    /* A callback refusing a certificate that passed leaves no X509 error to
     * map to an alert: OpenSSL sends internal_error, rustls cannot. */
    if (vr == X509_V_ERR_UNSPECIFIED)
        note_error_code("server", p.err_s);
    else
        print_error_code("server", p.err_s);
    X509 *peer = SSL_get0_peer_certificate(p.c);
    printf("client peer cert %d\n", peer != NULL);
    print_chain("client peer chain", SSL_get_peer_cert_chain(p.c));
    print_chain("client verified chain", SSL_get0_verified_chain(p.c));
    if (peer != NULL)
        CHECK(sk_X509_value(SSL_get_peer_cert_chain(p.c), 0) == peer);
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* ---- B. a server requesting client certificates --------------------------- */

enum { CC_NONE, CC_FILES, CC_CALLBACK, CC_CALLBACK_NONE, CC_OBJECTS };

typedef struct {
    const char *name;
    int smode;         /* server SSL_VERIFY_* */
    int client;        /* CC_* */
    const char *chain; /* client chain file (CC_FILES) */
    const char *key;
    int ca_list;       /* server sends CA names */
    int trust_int;     /* server also trusts intermediate.pem */
    int server_policy; /* server verify callback */
} ccase_t;

static const ccase_t *cur_case;

static int client_cert_cb(SSL *ssl, X509 **x509, EVP_PKEY **pkey)
{
    printf("  client_cert_cb called, ssl ok %d\n", SSL_get_ex_data(ssl, conf_idx) != NULL);
    print_names("  client_cert_cb CA list", SSL_get_client_CA_list(ssl));
    if (cur_case->client == CC_CALLBACK_NONE)
        return 0;
    *x509 = read_cert("client.pem");
    *pkey = read_key("client.key");
    return 1;
}

static void server_auth(const ccase_t *cc, int tls12)
{
    pair_t p = {0};
    SSL_CTX *sctx, *cctx = client_ctx(SSL_VERIFY_PEER);
    cbconf_t sconf = {"server", cc->server_policy, NULL}, cconf = {"client", CB_NONE, NULL};
    int rc_c, e_c, rc_s, e_s;

    cur_case = cc;
    if (cc->client == CC_OBJECTS) {
        /* The server's certificate and key as objects; its chain comes
         * from its trust store (OpenSSL's automatic chain). */
        char pem[8192];
        FILE *f = fopen(cert("server.pem"), "r");
        CHECK(f != NULL);
        size_t n = fread(pem, 1, sizeof pem, f);
        fclose(f);
        BIO *mem = BIO_new_mem_buf(pem, (int)n);
        X509 *x = PEM_read_bio_X509(mem, NULL, NULL, NULL);
        CHECK(x != NULL);
        CHECK(PEM_read_bio_X509(mem, NULL, NULL, NULL) == NULL);
        print_first_error("second PEM_read_bio_X509");
        BIO_free(mem);
        f = fopen(cert("server.key"), "r");
        CHECK(f != NULL);
        n = fread(pem, 1, sizeof pem, f);
        fclose(f);
        mem = BIO_new_mem_buf(pem, (int)n);
        EVP_PKEY *k = NULL;
        CHECK(PEM_read_bio_PrivateKey(mem, &k, NULL, NULL) == k && k != NULL);
        BIO_free(mem);
        sctx = SSL_CTX_new(TLS_server_method());
        CHECK(sctx != NULL);
        CHECK(SSL_CTX_use_certificate(sctx, x) == 1);
        CHECK(SSL_CTX_use_PrivateKey(sctx, k) == 1);
        CHECK(SSL_CTX_check_private_key(sctx) == 1);
        X509_free(x);
        EVP_PKEY_free(k);
    } else {
        sctx = server_ctx("server-chain.pem", "server.key");
    }
    CHECK(SSL_CTX_load_verify_locations(sctx, cert("ca.pem"), NULL) == 1);
    if (cc->trust_int)
        CHECK(SSL_CTX_load_verify_locations(sctx, cert("intermediate.pem"), NULL) == 1);
    SSL_CTX_set_verify(sctx, cc->smode, cc->server_policy != CB_NONE ? verify_cb : NULL);
    CHECK(SSL_CTX_get_verify_mode(sctx) == cc->smode);
    CHECK(SSL_CTX_get_verify_callback(sctx) ==
          (cc->server_policy != CB_NONE ? verify_cb : NULL));
    if (cc->ca_list) {
        STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(cert("ca.pem"));
        CHECK(names != NULL);
        SSL_CTX_set_client_CA_list(sctx, names);
        CHECK(SSL_CTX_get_client_CA_list(sctx) == names);
        X509 *inter = read_cert("intermediate.pem");
        CHECK(SSL_CTX_add_client_CA(sctx, inter) == 1);
        X509_free(inter);
    }
    if (cc->client == CC_CALLBACK || cc->client == CC_CALLBACK_NONE) {
        SSL_CTX_set_client_cert_cb(cctx, client_cert_cb);
        CHECK(SSL_CTX_get_client_cert_cb(cctx) == client_cert_cb);
    }
    if (tls12)
        CHECK(SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION) == 1);

    printf("== client auth: %s, %s\n", cc->name, tls12 ? "TLS 1.2" : "TLS 1.3");
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    CHECK(p.c && p.s);
    set_cb(p.s, sctx, &sconf, cc->smode);
    CHECK(SSL_set_ex_data(p.c, conf_idx, &cconf) == 1);
    print_names("server list", SSL_get_client_CA_list(p.s));
    printf("server list is the context's %d\n",
           SSL_get_client_CA_list(p.s) == SSL_CTX_get_client_CA_list(sctx));
    print_names("client list before", SSL_get_client_CA_list(p.c));
    if (cc->client == CC_FILES) {
        CHECK(SSL_use_certificate_chain_file(p.c, cert(cc->chain)) == 1);
        CHECK(SSL_use_PrivateKey_file(p.c, cert(cc->key), SSL_FILETYPE_PEM) == 1);
        CHECK(SSL_check_private_key(p.c) == 1);
    } else if (cc->client == CC_OBJECTS) {
        X509 *x = read_cert("client.pem");
        EVP_PKEY *k = read_key("client.key");
        CHECK(EVP_PKEY_up_ref(k) == 1);
        CHECK(SSL_use_certificate(p.c, x) == 1);
        CHECK(SSL_use_PrivateKey(p.c, k) == 1);
        CHECK(SSL_check_private_key(p.c) == 1);
        X509_free(x);
        EVP_PKEY_free(k);
        EVP_PKEY_free(k);
    }
    pair_attach_mem(&p);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    long svr = SSL_get_verify_result(p.s);
    /* As in part A: no alert matches a refusal without an X509 error. */
    void (*client_reason)(const char *, unsigned long) =
        svr == X509_V_ERR_UNSPECIFIED ? note_error_code : print_error_code;
    printf("client connect %d %s\n", rc_c, err_name(e_c));
    client_reason("client", p.err_c);
    printf("server accept %d %s verify_result %ld\n", rc_s, err_name(e_s), svr);
    print_error_code("server", p.err_s);
    if (rc_c == 1 && rc_s != 1) {
        /* TLS 1.3: the client finished first; the server's alert comes next. */
        char buf[16];
        pair_move(&p);
        int r = SSL_read(p.c, buf, sizeof buf);
        printf("client read %d %s\n", r, err_name(SSL_get_error(p.c, r)));
        client_reason("client read", ERR_get_error());
        ERR_clear_error();
    }
    if (rc_c == 1 && rc_s == 1) {
        char buf[16];
        CHECK(SSL_write(p.c, "ping", 4) == 4);
        pair_move(&p);
        CHECK(SSL_read(p.s, buf, sizeof buf) == 4 && memcmp(buf, "ping", 4) == 0);
        printf("data exchange ok\n");
    }
    X509 *peer = SSL_get_peer_certificate(p.s);
    printf("server peer cert %d\n", peer != NULL);
    if (peer != NULL) {
        print_name("server peer subject", X509_get_subject_name(peer));
        CHECK(SSL_get0_peer_certificate(p.s) == peer);
        X509_free(peer);
    }
    printf("client peer chain %d\n", chain_len(SSL_get_peer_cert_chain(p.c)));
    print_chain("server peer chain", SSL_get_peer_cert_chain(p.s));
    print_chain("server verified chain", SSL_get0_verified_chain(p.s));
    print_names("client list after", SSL_get_client_CA_list(p.c));
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* ---- C. the CA list API ----------------------------------------------------- */

static void ca_list_api(void)
{
    printf("== CA list API\n");
    STACK_OF(X509_NAME) *one = SSL_load_client_CA_file(cert("ca.pem"));
    print_names("ca.pem", one);
    STACK_OF(X509_NAME) *two = SSL_load_client_CA_file(cert("server-chain.pem"));
    print_names("server-chain.pem", two);

    /* Each name once, whatever the file repeats. */
    char path[] = "/tmp/sslshim-client-ca-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *out = fdopen(fd, "w");
    const char *parts[] = {"ca.pem", "intermediate.pem", "ca.pem"};
    for (int i = 0; i < 3; i++) {
        char buf[8192];
        FILE *in = fopen(cert(parts[i]), "r");
        CHECK(in != NULL);
        size_t n = fread(buf, 1, sizeof buf, in);
        fclose(in);
        CHECK(fwrite(buf, 1, n, out) == n);
    }
    fclose(out);
    STACK_OF(X509_NAME) *dups = SSL_load_client_CA_file(path);
    unlink(path);
    print_names("repeated file", dups);

    STACK_OF(X509_NAME) *none = SSL_load_client_CA_file(cert("no-such-file.pem"));
    printf("missing file %s\n", none == NULL ? "NULL" : "list");
    note_first_error("missing file");
    STACK_OF(X509_NAME) *nocert = SSL_load_client_CA_file(cert("client.key"));
    printf("file without certificates %s\n", nocert == NULL ? "NULL" : "list");
    note_first_error("file without certificates");
    ERR_clear_error();

    /* dup and cmp */
    X509_NAME *root = sk_X509_NAME_value(one, 0);
    X509_NAME *copy = X509_NAME_dup(root);
    CHECK(copy != NULL && copy != root);
    printf("cmp dup %d\n", X509_NAME_cmp(root, copy));
    printf("cmp other zero %d\n", X509_NAME_cmp(root, sk_X509_NAME_value(two, 0)) == 0);
    printf("cmp null %d %d\n", X509_NAME_cmp(NULL, root), X509_NAME_cmp(root, NULL));
    X509 *ca = read_cert("ca.pem");
    printf("cmp cert subject %d\n", X509_NAME_cmp(X509_get_subject_name(ca), copy));
    X509_NAME_free(copy);
    X509_NAME_free(NULL);

    /* A context starts with an empty list; adding and setting. */
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    CHECK(ctx != NULL);
    STACK_OF(X509_NAME) *initial = SSL_CTX_get_client_CA_list(ctx);
    print_names("new context", initial);
    CHECK(SSL_CTX_add_client_CA(ctx, ca) == 1);
    printf("after add: same stack %d\n", SSL_CTX_get_client_CA_list(ctx) == initial);
    print_names("after add", SSL_CTX_get_client_CA_list(ctx));
    SSL_CTX_set_client_CA_list(ctx, two);
    printf("after set: the given stack %d\n", SSL_CTX_get_client_CA_list(ctx) == two);

    /* A connection's own list leaves the context's alone. */
    SSL *s = SSL_new(ctx);
    CHECK(s != NULL);
    printf("ssl shares the context's %d\n", SSL_get_client_CA_list(s) == two);
    CHECK(SSL_add_client_CA(s, ca) == 1);
    print_names("ssl after add", SSL_get_client_CA_list(s));
    print_names("context after ssl add", SSL_CTX_get_client_CA_list(ctx));
    SSL_set_client_CA_list(s, dups);
    printf("ssl set: the given stack %d\n", SSL_get_client_CA_list(s) == dups);
    SSL_free(s);

    /* A client-only SSL reports what a server sent: nothing yet. */
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    SSL *c = SSL_new(cctx);
    print_names("client context", SSL_CTX_get_client_CA_list(cctx));
    print_names("client ssl", SSL_get_client_CA_list(c));
    SSL_free(c);
    SSL_CTX_free(cctx);

    X509_free(ca);
    SSL_CTX_free(ctx); /* frees `two` and `dups` (given away above) */
    sk_X509_NAME_pop_free(one, X509_NAME_free);
}

/* ---- D. SSL_CTX_set_cert_verify_callback ----------------------------------- */

enum { APP_VERIFY, APP_ACCEPT, APP_REFUSE };
static const char *app_names[] = {"runs X509_verify_cert", "accepts", "refuses"};
static int app_arg;

static int app_verify_cb(X509_STORE_CTX *sctx, void *arg)
{
    char buf[256];
    int how = *(int *)arg;
    SSL *ssl = X509_STORE_CTX_get_ex_data(sctx, SSL_get_ex_data_X509_STORE_CTX_idx());
    printf("  cert_verify_cb arg ok %d ssl %d cert %s err %d\n", arg == &app_arg, ssl != NULL,
           subject(X509_STORE_CTX_get0_cert(sctx), buf, sizeof buf),
           X509_STORE_CTX_get_error(sctx));
    if (how != APP_VERIFY)
        return how == APP_ACCEPT;
    int r = X509_verify_cert(sctx);
    printf("  X509_verify_cert %d err %d depth %d chain %d\n", r, X509_STORE_CTX_get_error(sctx),
           X509_STORE_CTX_get_error_depth(sctx), chain_len(X509_STORE_CTX_get0_chain(sctx)));
    return r;
}

static void app_verify(const scase_t *sc, int how, int policy)
{
    pair_t p = {0};
    SSL_CTX *sctx = server_ctx(sc->chain, sc->key);
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    cbconf_t conf = {"client", policy, NULL};
    int rc_c, e_c, rc_s, e_s;
    app_arg = how;
    SSL_CTX_set_cert_verify_callback(cctx, app_verify_cb, &app_arg);
    printf("== cert_verify_cb %s: %s, callback %s\n", app_names[how], sc->name, cb_names[policy]);
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    CHECK(p.c && p.s);
    set_cb(p.c, cctx, &conf, SSL_VERIFY_PEER);
    if (sc->host)
        CHECK(SSL_set1_host(p.c, sc->host) == 1);
    pair_attach_mem(&p);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    long vr = SSL_get_verify_result(p.c);
    printf("client connect %d %s verify_result %ld\n", rc_c, err_name(e_c), vr);
    print_error_code("client", p.err_c);
    printf("server accept %d %s\n", rc_s, err_name(e_s));
    /* A refusal with X509_V_OK maps to no alert OpenSSL and rustls share. */
    if (vr == X509_V_OK || vr == X509_V_ERR_UNSPECIFIED)
        note_error_code("server", p.err_s);
    else
        print_error_code("server", p.err_s);
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    static const scase_t servers[] = {
        {"ok", "server-chain.pem", "server.key", "localhost"},
        {"untrusted issuer", "untrusted.pem", "untrusted.key", NULL},
        {"self-signed", "selfsigned.pem", "selfsigned.key", NULL},
        {"expired", "expired.pem", "expired.key", NULL},
        {"not yet valid", "notyet.pem", "notyet.key", NULL},
        {"hostname mismatch", "wrong-host-chain.pem", "wrong-host.key", "localhost"},
        {"missing intermediate", "server.pem", "server.key", NULL},
        /* X.509 v1 leaves (tests/c/verify.c) under each callback policy */
        {"v1 leaf from the root", "v1-root.pem", "v1-root.key", "localhost"},
        {"v1 leaf signed by another key", "v1-forged.pem", "v1-forged.key", NULL},
    };
    const int P = SSL_VERIFY_PEER, F = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    static ccase_t clients[] = {
        {"no certificate, VERIFY_PEER", 0, CC_NONE, NULL, NULL, 0, 0, CB_PASS},
        {"no certificate, FAIL_IF_NO_PEER_CERT", 0, CC_NONE, NULL, NULL, 0, 0, CB_PASS},
        {"chain", 0, CC_FILES, "client-chain.pem", "client.key", 0, 0, CB_PASS},
        {"chain, no callback", 0, CC_FILES, "client-chain.pem", "client.key", 0, 0, CB_NONE},
        {"leaf without intermediate", 0, CC_FILES, "client.pem", "client.key", 0, 0, CB_PASS},
        {"untrusted certificate", 0, CC_FILES, "untrusted.pem", "untrusted.key", 0, 0, CB_PASS},
        {"untrusted certificate accepted", 0, CC_FILES, "untrusted.pem", "untrusted.key", 0, 0, CB_ACCEPT},
        {"good chain rejected", 0, CC_FILES, "client-chain.pem", "client.key", 0, 0, CB_REJECT_LEAF},
        {"chain, CLIENT_ONCE, CA list", 0, CC_FILES, "client-chain.pem", "client.key", 1, 0, CB_NONE},
        {"client_cert_cb, CA list", 0, CC_CALLBACK, NULL, NULL, 1, 1, CB_PASS},
        {"client_cert_cb, no CA list", 0, CC_CALLBACK, NULL, NULL, 0, 1, CB_NONE},
        {"client_cert_cb declines", 0, CC_CALLBACK_NONE, NULL, NULL, 1, 0, CB_NONE},
        {"objects", 0, CC_OBJECTS, NULL, NULL, 0, 1, CB_PASS},
        {"v1 certificate", 0, CC_FILES, "v1-root.pem", "v1-root.key", 0, 0, CB_PASS},
        {"v1 certificate, another key's signature", 0, CC_FILES, "v1-forged.pem", "v1-forged.key", 0, 0, CB_NONE},
        /* Post-handshake only: a TLS 1.3 server does not ask in the
         * handshake (so no certificate is no failure), a TLS 1.2 one does. */
        {"POST_HANDSHAKE, no certificate", 0, CC_NONE, NULL, NULL, 0, 0, CB_PASS},
        {"POST_HANDSHAKE, chain", 0, CC_FILES, "client-chain.pem", "client.key", 0, 0, CB_PASS},
        {"POST_HANDSHAKE, client_cert_cb", 0, CC_CALLBACK, NULL, NULL, 1, 1, CB_NONE},
    };
    const int PH = F | SSL_VERIFY_POST_HANDSHAKE;
    const int modes[] = {P, F, F, F, F, F, F, F, F | SSL_VERIFY_CLIENT_ONCE, F, F, F, F, F, F, PH, PH, PH};

    test_init(argc, argv);
    conf_idx = SSL_get_ex_new_index(0, "conf", NULL, NULL, NULL);
    CHECK(conf_idx >= 0);
    printf("# X509_STORE_CTX ssl index %d\n", SSL_get_ex_data_X509_STORE_CTX_idx());
    CHECK(SSL_get_ex_data_X509_STORE_CTX_idx() == SSL_get_ex_data_X509_STORE_CTX_idx());

    for (size_t i = 0; i < sizeof servers / sizeof servers[0]; i++)
        for (int policy = CB_PASS; policy <= CB_CLEAR; policy++)
            client_verify(&servers[i], policy, SSL_VERIFY_PEER, 0);
    client_verify(&servers[0], CB_REJECT_LEAF, SSL_VERIFY_NONE, 0);
    client_verify(&servers[1], CB_PASS, SSL_VERIFY_NONE, 0);
    client_verify(&servers[1], CB_ACCEPT, SSL_VERIFY_PEER, 1);
    client_verify(&servers[3], CB_PASS, SSL_VERIFY_PEER, 1);

    for (int tls12 = 0; tls12 < 2; tls12++)
        for (size_t i = 0; i < sizeof clients / sizeof clients[0]; i++) {
            clients[i].smode = modes[i];
            server_auth(&clients[i], tls12);
        }
    ca_list_api();

    app_verify(&servers[0], APP_VERIFY, CB_NONE);
    app_verify(&servers[1], APP_VERIFY, CB_NONE);
    app_verify(&servers[1], APP_VERIFY, CB_ACCEPT);
    app_verify(&servers[5], APP_VERIFY, CB_PASS);
    app_verify(&servers[1], APP_ACCEPT, CB_PASS);
    app_verify(&servers[0], APP_REFUSE, CB_PASS);
    return 0;
}
