/*
 * Revocation by CRL: X509_V_FLAG_CRL_CHECK (the leaf) and
 * X509_V_FLAG_CRL_CHECK_ALL (the whole chain) on the client's verify
 * parameters, CRLs loaded with SSL_CTX_load_verify_locations (PEM files
 * holding "X509 CRL" blocks, or <hash>.r0 files of a CApath directory).
 * A client verifies a server over memory BIOs; each case prints the
 * verify callback's calls (preverify_ok, error, depth), the handshake's
 * outcome, the verify result and the alert the server received
 * (SSL_R_TLSV1_ALERT_* = 1000 + alert).
 */
#include "common.h"

/* Where the flags are set. */
enum {
    NO_FLAGS,
    CTX_PARAM, /* X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(ctx)) */
    SSL_PARAM, /* X509_VERIFY_PARAM_set_flags(SSL_get0_param(ssl)) */
    CTX_SET1,  /* SSL_CTX_set1_param(ctx, a new X509_VERIFY_PARAM) */
    SSL_SET1,  /* SSL_set1_param(ssl, a new X509_VERIFY_PARAM) */
};

typedef struct {
    const char *name;
    const char *chain, *key; /* the server's */
    const char *files[4];    /* SSL_CTX_load_verify_locations(ctx, file, NULL) each */
    const char *dir;         /* SSL_CTX_load_verify_locations(ctx, NULL, dir) */
    int route;
    unsigned long flags;
    int mode;                /* SSL_VERIFY_PEER or SSL_VERIFY_NONE */
    int go_on;               /* the verify callback accepts every failure */
} ccase_t;

static int go_on;

static int verify_cb(int ok, X509_STORE_CTX *sctx)
{
    printf("  cb ok=%d err=%d depth=%d\n", ok, X509_STORE_CTX_get_error(sctx),
           X509_STORE_CTX_get_error_depth(sctx));
    return go_on ? 1 : ok;
}

static void set_flags(const ccase_t *cc, SSL_CTX *ctx, SSL *ssl)
{
    X509_VERIFY_PARAM *vpm;
    switch (cc->route) {
    case CTX_PARAM:
        CHECK(X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(ctx), cc->flags) == 1);
        break;
    case SSL_PARAM:
        CHECK(X509_VERIFY_PARAM_set_flags(SSL_get0_param(ssl), cc->flags) == 1);
        break;
    case CTX_SET1:
    case SSL_SET1:
        vpm = X509_VERIFY_PARAM_new();
        CHECK(vpm != NULL);
        CHECK(X509_VERIFY_PARAM_set_flags(vpm, cc->flags) == 1);
        if (cc->route == CTX_SET1)
            CHECK(SSL_CTX_set1_param(ctx, vpm) == 1);
        else
            CHECK(SSL_set1_param(ssl, vpm) == 1);
        X509_VERIFY_PARAM_free(vpm);
        break;
    }
}

static void run_case(const ccase_t *cc)
{
    pair_t p = {0};
    SSL_CTX *sctx = server_ctx(cc->chain, cc->key);
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    CHECK(cctx != NULL);
    printf("== %s\n", cc->name);
    for (int i = 0; i < 4 && cc->files[i]; i++)
        printf("load_verify_locations(%s) %d\n", cc->files[i],
               SSL_CTX_load_verify_locations(cctx, cert(cc->files[i]), NULL));
    if (cc->dir)
        printf("load_verify_locations(NULL, %s) %d\n", cc->dir,
               SSL_CTX_load_verify_locations(cctx, NULL, cert(cc->dir)));
    ERR_clear_error();
    SSL_CTX_set_verify(cctx, cc->mode, verify_cb);
    go_on = cc->go_on;
    if (cc->route == CTX_PARAM || cc->route == CTX_SET1)
        set_flags(cc, cctx, NULL);
    pair_new_mem(&p, cctx, sctx);
    if (cc->route == SSL_PARAM || cc->route == SSL_SET1)
        set_flags(cc, cctx, p.c);
    printf("flags 0x%lx\n", X509_VERIFY_PARAM_get_flags(SSL_get0_param(p.c)));
    pair_handshake_print(&p);
    long vr = SSL_get_verify_result(p.c);
    printf("client verify_result %ld (%s)\n", vr, X509_verify_cert_error_string(vr));
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

#define CHECK_LEAF X509_V_FLAG_CRL_CHECK
#define CHECK_ALL (X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL)
#define PEER SSL_VERIFY_PEER

/* A server verifying its client's certificate (client-chain.pem, issued by
 * the intermediate) with CRL checks on the server context. */
static void run_server_case(const char *name, const char *const files[], unsigned long flags)
{
    pair_t p = {0};
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_NONE);
    printf("== server side: %s\n", name);
    for (int i = 0; files[i]; i++)
        printf("load_verify_locations(%s) %d\n", files[i],
               SSL_CTX_load_verify_locations(sctx, cert(files[i]), NULL));
    SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, verify_cb);
    go_on = 0;
    CHECK(X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(sctx), flags) == 1);
    CHECK(SSL_CTX_use_certificate_chain_file(cctx, cert("client-chain.pem")) == 1);
    CHECK(SSL_CTX_use_PrivateKey_file(cctx, cert("client.key"), SSL_FILETYPE_PEM) == 1);
    pair_new_mem(&p, cctx, sctx);
    pair_handshake_print(&p);
    long vr = SSL_get_verify_result(p.s);
    printf("server verify_result %ld (%s)\n", vr, X509_verify_cert_error_string(vr));
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    static const ccase_t cases[] = {
        {"no flags: the CRL is not consulted", "revoked-chain.pem", "revoked.key",
         {"ca.pem", "intermediate.crl.pem"}, NULL, NO_FLAGS, 0, PEER, 0},
        {"CRL_CHECK_ALL alone asks nothing", "revoked-chain.pem", "revoked.key",
         {"ca.pem", "intermediate.crl.pem"}, NULL, CTX_PARAM, X509_V_FLAG_CRL_CHECK_ALL, PEER, 0},
        {"CRL_CHECK, revoked leaf", "revoked-chain.pem", "revoked.key",
         {"ca.pem", "intermediate.crl.pem"}, NULL, CTX_PARAM, CHECK_LEAF, PEER, 0},
        {"CRL_CHECK, good leaf", "server-chain.pem", "server.key",
         {"ca.pem", "intermediate.crl.pem"}, NULL, CTX_PARAM, CHECK_LEAF, PEER, 0},
        {"CRL_CHECK, no CRL at all", "server-chain.pem", "server.key",
         {"ca.pem"}, NULL, CTX_PARAM, CHECK_LEAF, PEER, 0},
        {"CRL_CHECK, only the root's CRL", "server-chain.pem", "server.key",
         {"ca.pem", "ca.crl.pem"}, NULL, CTX_PARAM, CHECK_LEAF, PEER, 0},
        {"CRL_CHECK, expired CRL", "server-chain.pem", "server.key",
         {"ca.pem", "intermediate-expired.crl.pem"}, NULL, CTX_PARAM, CHECK_LEAF, PEER, 0},
        {"CRL_CHECK, CRL with a bad signature", "server-chain.pem", "server.key",
         {"ca.pem", "intermediate-badsig.crl.pem"}, NULL, CTX_PARAM, CHECK_LEAF, PEER, 0},
        {"CRL_CHECK_ALL, both CRLs", "server-chain.pem", "server.key",
         {"ca.pem", "intermediate.crl.pem", "ca.crl.pem"}, NULL, CTX_PARAM, CHECK_ALL, PEER, 0},
        {"CRL_CHECK_ALL, the intermediate's CRL only", "server-chain.pem", "server.key",
         {"ca.pem", "intermediate.crl.pem"}, NULL, CTX_PARAM, CHECK_ALL, PEER, 0},
        {"CRL_CHECK_ALL, revoked leaf", "revoked-chain.pem", "revoked.key",
         {"ca.pem", "intermediate.crl.pem", "ca.crl.pem"}, NULL, CTX_PARAM, CHECK_ALL, PEER, 0},
        {"CRL_CHECK_ALL, revoked intermediate (CApath)", "under-revoked-chain.pem", "under-revoked.key",
         {NULL}, "crldir", CTX_PARAM, CHECK_ALL, PEER, 0},
        {"CRL_CHECK, revoked intermediate not checked (CApath)", "under-revoked-chain.pem",
         "under-revoked.key", {NULL}, "crldir", CTX_PARAM, CHECK_LEAF, PEER, 0},
        {"CRL_CHECK, revoked leaf (CApath)", "revoked-chain.pem", "revoked.key",
         {NULL}, "crldir", CTX_PARAM, CHECK_LEAF, PEER, 0},
        {"CRL_CHECK, CRL-only file, root in CApath", "revoked-chain.pem", "revoked.key",
         {"intermediate.crl.pem"}, "cadir", CTX_PARAM, CHECK_LEAF, PEER, 0},
        {"CRL_CHECK, revoked leaf, callback goes on", "revoked-chain.pem", "revoked.key",
         {"ca.pem", "intermediate.crl.pem"}, NULL, CTX_PARAM, CHECK_LEAF, PEER, 1},
        {"CRL_CHECK_ALL, revoked intermediate, callback goes on", "under-revoked-chain.pem",
         "under-revoked.key", {NULL}, "crldir", CTX_PARAM, CHECK_ALL, PEER, 1},
        {"CRL_CHECK, no CRL, callback goes on", "server-chain.pem", "server.key",
         {"ca.pem"}, NULL, CTX_PARAM, CHECK_LEAF, PEER, 1},
        {"CRL_CHECK, revoked leaf, VERIFY_NONE", "revoked-chain.pem", "revoked.key",
         {"ca.pem", "intermediate.crl.pem"}, NULL, CTX_PARAM, CHECK_LEAF, SSL_VERIFY_NONE, 0},
        {"CRL_CHECK on the connection's parameters", "revoked-chain.pem", "revoked.key",
         {"ca.pem", "intermediate.crl.pem"}, NULL, SSL_PARAM, CHECK_LEAF, PEER, 0},
        {"CRL_CHECK by SSL_CTX_set1_param", "revoked-chain.pem", "revoked.key",
         {"ca.pem", "intermediate.crl.pem"}, NULL, CTX_SET1, CHECK_LEAF, PEER, 0},
        {"CRL_CHECK by SSL_set1_param", "revoked-chain.pem", "revoked.key",
         {"ca.pem", "intermediate.crl.pem"}, NULL, SSL_SET1, CHECK_LEAF, PEER, 0},
        {"untrusted chain outranks the missing CRL", "untrusted.pem", "untrusted.key",
         {"ca.pem"}, NULL, CTX_PARAM, CHECK_LEAF, PEER, 0},
        {"expired leaf, no CRL: the CRL first", "expired.pem", "expired.key",
         {"ca.pem"}, NULL, CTX_PARAM, CHECK_LEAF, PEER, 0},
    };
    test_init(argc, argv);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);
    static const char *const with_crl[] = {"ca.pem", "intermediate.crl.pem", NULL};
    static const char *const no_crl[] = {"ca.pem", NULL};
    static const char *const both_crls[] = {"ca.pem", "intermediate.crl.pem", "ca.crl.pem", NULL};
    run_server_case("CRL_CHECK, the issuer's CRL", with_crl, CHECK_LEAF);
    run_server_case("CRL_CHECK, no CRL", no_crl, CHECK_LEAF);
    run_server_case("CRL_CHECK_ALL, both CRLs", both_crls, CHECK_ALL);
    run_server_case("CRL_CHECK_ALL, the intermediate's CRL only", with_crl, CHECK_ALL);
    return 0;
}
