/*
 * CRLs and revocation flags through the context's libcrypto X509_STORE,
 * and what a verification adds to that store: a client (system headers,
 * -lssl -lcrypto) verifies a server over memory BIOs (tests/c/common.h)
 * and prints the verify callback's calls, the verify result, the alert
 * the server received and the store's objects; run on the real libssl
 * (the oracle) and on the drop-in library, the outputs must be equal.
 * (tests/c/crl.c covers the verify parameters and CRL files of
 * SSL_CTX_load_verify_locations in every link mode.)
 *   crl_store CERTDIR
 */
#include "../c/common.h"
#include <openssl/x509_vfy.h>

static int verify_cb(int ok, X509_STORE_CTX *sctx)
{
    printf("  cb ok=%d err=%d depth=%d\n", ok, X509_STORE_CTX_get_error(sctx),
           X509_STORE_CTX_get_error_depth(sctx));
    return ok;
}

/* The certificates and CRLs the context's store holds. */
static void objects(const char *label, SSL_CTX *ctx)
{
    STACK_OF(X509_OBJECT) *objs = X509_STORE_get0_objects(SSL_CTX_get_cert_store(ctx));
    int certs = 0, crls = 0;
    char buf[256];
    for (int i = 0; i < sk_X509_OBJECT_num(objs); i++) {
        X509_OBJECT *o = sk_X509_OBJECT_value(objs, i);
        if (X509_OBJECT_get_type(o) == X509_LU_X509) {
            X509_NAME_oneline(X509_get_subject_name(X509_OBJECT_get0_X509(o)), buf, sizeof buf);
            printf("  %s: certificate %s\n", label, buf);
            certs++;
        } else if (X509_OBJECT_get_type(o) == X509_LU_CRL) {
            X509_NAME_oneline(X509_CRL_get_issuer(X509_OBJECT_get0_X509_CRL(o)), buf, sizeof buf);
            printf("  %s: CRL of %s\n", label, buf);
            crls++;
        }
    }
    printf("%s: %d certificates, %d CRLs\n", label, certs, crls);
}

static X509_CRL *read_crl(const char *name)
{
    BIO *b = BIO_new_file(cert(name), "r");
    CHECK(b != NULL);
    X509_CRL *crl = PEM_read_bio_X509_CRL(b, NULL, NULL, NULL);
    BIO_free(b);
    CHECK(crl != NULL);
    return crl;
}

static void add_crl(SSL_CTX *ctx, const char *name)
{
    X509_CRL *crl = read_crl(name);
    printf("X509_STORE_add_crl(%s) %d\n", name, X509_STORE_add_crl(SSL_CTX_get_cert_store(ctx), crl));
    X509_CRL_free(crl);
}

static void handshake(const char *name, SSL_CTX *cctx, const char *chain, const char *key)
{
    pair_t p;
    int rc_c, e_c, rc_s, e_s;
    SSL_CTX *sctx = server_ctx(chain, key);
    printf("== %s\n", name);
    SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, verify_cb);
    pair_new_mem(&p, cctx, sctx);
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    long vr = SSL_get_verify_result(p.c);
    printf("client connect %d, verify_result %ld (%s)\n", rc_c, vr,
           X509_verify_cert_error_string(vr));
    print_error_code("client", p.err_c);
    print_error_code("server", p.err_s);
    pair_free(&p);
    SSL_CTX_free(sctx);
}

static SSL_CTX *client(const char *cafile, const char *capath)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    CHECK(ctx != NULL);
    CHECK(SSL_CTX_load_verify_locations(ctx, cafile ? cert(cafile) : NULL,
                                        capath ? cert(capath) : NULL) == 1);
    return ctx;
}

int main(int argc, char **argv)
{
    SSL_CTX *ctx;
    X509_STORE *store;
    test_init(argc, argv);

    /* X509_STORE_add_crl and X509_STORE_set_flags */
    ctx = client("ca.pem", NULL);
    add_crl(ctx, "intermediate.crl.pem");
    printf("X509_STORE_set_flags %d\n",
           X509_STORE_set_flags(SSL_CTX_get_cert_store(ctx), X509_V_FLAG_CRL_CHECK));
    handshake("store flag, CRL added: revoked leaf", ctx, "revoked-chain.pem", "revoked.key");
    handshake("store flag, CRL added: good leaf", ctx, "server-chain.pem", "server.key");
    objects("after", ctx);
    SSL_CTX_free(ctx);

    /* CRL_CHECK_ALL on the store; the root's CRL added after a first
     * handshake (the store is read at each verification). */
    ctx = client("ca.pem", NULL);
    add_crl(ctx, "intermediate.crl.pem");
    CHECK(X509_STORE_set_flags(SSL_CTX_get_cert_store(ctx),
                               X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL) == 1);
    handshake("CRL_CHECK_ALL, no root CRL yet", ctx, "server-chain.pem", "server.key");
    add_crl(ctx, "ca.crl.pem");
    handshake("CRL_CHECK_ALL, root CRL added", ctx, "server-chain.pem", "server.key");
    SSL_CTX_free(ctx);

    /* X509_STORE_load_locations and X509_LOOKUP_load_file with a CRL file */
    ctx = client("ca.pem", NULL);
    store = SSL_CTX_get_cert_store(ctx);
    printf("X509_STORE_load_locations(CRL file) %d\n",
           X509_STORE_load_locations(store, cert("intermediate.crl.pem"), NULL));
    X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(ctx), X509_V_FLAG_CRL_CHECK);
    handshake("CRL by X509_STORE_load_locations", ctx, "revoked-chain.pem", "revoked.key");
    SSL_CTX_free(ctx);

    ctx = client("ca.pem", NULL);
    X509_LOOKUP *lu = X509_STORE_add_lookup(SSL_CTX_get_cert_store(ctx), X509_LOOKUP_file());
    CHECK(lu != NULL);
    printf("X509_LOOKUP_load_file(CRL file) %d\n",
           X509_LOOKUP_load_file(lu, cert("intermediate.crl.pem"), X509_FILETYPE_PEM));
    X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(ctx), X509_V_FLAG_CRL_CHECK);
    handshake("CRL by X509_LOOKUP_load_file", ctx, "revoked-chain.pem", "revoked.key");
    objects("after", ctx);
    SSL_CTX_free(ctx);

    /* A CA file, and CRLs only in a hashed directory the store looks in
     * (PostgreSQL's ssl_crl_dir, libpq's sslcrldir: X509_STORE_load_locations
     * with a directory, and the store's CRL flags): the first verification
     * of a fresh context finds them. */
    ctx = client("ca.pem", NULL);
    store = SSL_CTX_get_cert_store(ctx);
    printf("X509_STORE_load_locations(NULL, crldir) %d\n",
           X509_STORE_load_locations(store, NULL, cert("crldir")));
    X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
    handshake("CRL directory on the store: good leaf", ctx, "server-chain.pem", "server.key");
    objects("CRL directory on the store, after", ctx);
    SSL_CTX_free(ctx);
    ctx = client("ca.pem", NULL);
    store = SSL_CTX_get_cert_store(ctx);
    CHECK(X509_STORE_load_locations(store, NULL, cert("crldir")) == 1);
    X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK);
    handshake("CRL directory on the store: revoked leaf", ctx, "revoked-chain.pem", "revoked.key");
    SSL_CTX_free(ctx);

    /* What a CApath lookup finds joins the store. */
    ctx = client(NULL, "crldir");
    objects("CApath, before", ctx);
    handshake("CApath, no flags", ctx, "server-chain.pem", "server.key");
    objects("CApath, after", ctx);
    X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(ctx), X509_V_FLAG_CRL_CHECK);
    handshake("CApath, CRL_CHECK", ctx, "server-chain.pem", "server.key");
    objects("CApath, after CRL_CHECK", ctx);
    X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(ctx), X509_V_FLAG_CRL_CHECK_ALL);
    handshake("CApath, CRL_CHECK_ALL, revoked intermediate", ctx, "under-revoked-chain.pem",
              "under-revoked.key");
    objects("CApath, after CRL_CHECK_ALL", ctx);
    SSL_CTX_free(ctx);

    ctx = client(NULL, "cadir");
    handshake("CApath, untrusted issuer", ctx, "untrusted.pem", "untrusted.key");
    objects("CApath, after the untrusted chain", ctx);
    SSL_CTX_free(ctx);
    return 0;
}
