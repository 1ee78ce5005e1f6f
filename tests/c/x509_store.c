/*
 * The context's X509_STORE is its trust store: SSL_CTX_get_cert_store
 * (the same store each time), what its objects are (X509_STORE_get0_objects:
 * certificates and CRLs) after loading files, adding objects and
 * verifying through a CApath directory (what a lookup finds joins the
 * store), a CA added to the store after a failed handshake trusted at the
 * next one, SSL_CTX_set_cert_store/set1_cert_store reference rules,
 * X509_STORE_set_flags(CRL_CHECK) failing a revoked certificate, and
 * SSL_add_file/dir_cert_subjects_to_stack. A client verifies a server
 * over memory BIOs.
 */
#include "common.h"
#include <openssl/x509_vfy.h>

static int verify_cb(int ok, X509_STORE_CTX *sctx)
{
    printf("  cb ok=%d err=%d depth=%d\n", ok, X509_STORE_CTX_get_error(sctx),
           X509_STORE_CTX_get_error_depth(sctx));
    return ok;
}

/* How many certificates and CRLs a store holds (the stack's order is
 * libcrypto's business, so only counts and kinds are printed). */
static void objects(const char *label, X509_STORE *store)
{
    STACK_OF(X509_OBJECT) *objs = X509_STORE_get0_objects(store);
    int certs = 0, crls = 0, other = 0;
    CHECK(objs != NULL);
    for (int i = 0; i < sk_X509_OBJECT_num(objs); i++) {
        X509_OBJECT *o = sk_X509_OBJECT_value(objs, i);
        switch (X509_OBJECT_get_type(o)) {
        case X509_LU_X509:
            CHECK(X509_OBJECT_get0_X509(o) != NULL);
            CHECK(X509_OBJECT_get0_X509_CRL(o) == NULL);
            certs++;
            break;
        case X509_LU_CRL:
            CHECK(X509_OBJECT_get0_X509_CRL(o) != NULL);
            CHECK(X509_OBJECT_get0_X509(o) == NULL);
            CHECK(X509_CRL_get_issuer(X509_OBJECT_get0_X509_CRL(o)) != NULL);
            crls++;
            break;
        default:
            other++;
        }
    }
    printf("%s: %d certificates, %d CRLs, %d other\n", label, certs, crls, other);
}

static X509_CRL *read_crl(const char *name)
{
    FILE *f = fopen(cert(name), "r");
    CHECK(f != NULL);
    X509_CRL *crl = PEM_read_X509_CRL(f, NULL, NULL, NULL);
    fclose(f);
    CHECK(crl != NULL);
    return crl;
}

/* One handshake of a new connection of `cctx` with a server of `chain`. */
static void handshake(const char *name, SSL_CTX *cctx, const char *chain, const char *key)
{
    pair_t p;
    int rc_c, e_c, rc_s, e_s;
    SSL_CTX *sctx = server_ctx(chain, key);
    printf("== %s\n", name);
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

static SSL_CTX *client(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    CHECK(ctx != NULL);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verify_cb);
    return ctx;
}

static void get0_and_objects(void)
{
    SSL_CTX *ctx = client();
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    X509 *ca = read_cert("ca.pem");
    X509_CRL *crl = read_crl("intermediate.crl.pem");
    printf("store non-NULL %d, same pointer %d\n", store != NULL,
           store == SSL_CTX_get_cert_store(ctx));
    STACK_OF(X509_OBJECT) *early = X509_STORE_get0_objects(store);
    printf("same objects stack %d\n", early == X509_STORE_get0_objects(store));
    objects("new context", store);
    printf("load_verify_locations(ca.pem) %d\n",
           SSL_CTX_load_verify_locations(ctx, cert("ca.pem"), NULL));
    objects("after ca.pem", store);
    printf("the stack got before shows it: %d\n", sk_X509_OBJECT_num(early));
    printf("X509_STORE_add_cert(ca, again) %d\n", X509_STORE_add_cert(store, ca));
    print_first_error("add_cert again");
    printf("X509_STORE_load_file(ca.pem, again) %d\n", X509_STORE_load_file(store, cert("ca.pem")));
    print_first_error("load_file again");
    objects("after duplicates", store);
    printf("X509_STORE_load_file(intermediate.crl.pem) %d\n",
           X509_STORE_load_file(store, cert("intermediate.crl.pem")));
    objects("after a CRL file", store);
    printf("X509_CRL_up_ref %d\n", X509_CRL_up_ref(crl));
    X509_CRL_free(crl);
    printf("X509_STORE_add_crl(same CRL) %d\n", X509_STORE_add_crl(store, crl));
    objects("after the same CRL", store);
    X509_CRL_free(crl);
    crl = read_crl("ca.crl.pem");
    printf("X509_STORE_add_crl(ca.crl.pem) %d\n", X509_STORE_add_crl(store, crl));
    objects("after another CRL", store);
    printf("X509_STORE_load_locations(intermediate.pem, NULL) %d\n",
           X509_STORE_load_locations(store, cert("intermediate.pem"), NULL));
    objects("after intermediate.pem", store);
    printf("X509_STORE_load_file(missing) %d\n", X509_STORE_load_file(store, cert("missing.pem")));
    print_first_error("load_file(missing)");
    printf("X509_STORE_load_file(key file) %d\n", X509_STORE_load_file(store, cert("server.key")));
    print_first_error("load_file(key file)");
    printf("X509_STORE_load_path(\"\") %d\n", X509_STORE_load_path(store, ""));
    print_first_error("load_path(\"\")");
    printf("X509_STORE_add_cert(NULL) %d\n", X509_STORE_add_cert(store, NULL));
    print_first_error("add_cert(NULL)");
    printf("X509_STORE_add_crl(NULL) %d\n", X509_STORE_add_crl(store, NULL));
    print_first_error("add_crl(NULL)");
    printf("X509_STORE_load_path(NULL) %d\n", X509_STORE_load_path(store, NULL));
    print_first_error("load_path(NULL)");
    printf("X509_STORE_load_locations(NULL, NULL) %d\n", X509_STORE_load_locations(store, NULL, NULL));
    print_first_error("load_locations(NULL, NULL)");
    printf("X509_STORE_load_path(cadir) %d\n", X509_STORE_load_path(store, cert("cadir")));
    objects("after a CApath", store);
    X509_CRL_free(crl);
    X509_free(ca);
    SSL_CTX_free(ctx);
}

/* A CA added to the store after a failed handshake is trusted at the next
 * one, and by a connection made before it was added. */
static void add_cert_late(void)
{
    SSL_CTX *ctx = client();
    X509 *ca = read_cert("ca.pem");
    pair_t early;
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    int rc_c, e_c, rc_s, e_s;
    handshake("no CA yet", ctx, "server-chain.pem", "server.key");
    pair_new_mem(&early, ctx, sctx);
    printf("X509_STORE_add_cert(ca) %d\n", X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), ca));
    handshake("CA added to the store", ctx, "server-chain.pem", "server.key");
    printf("== connection made before the CA was added\n");
    pair_drive(&early, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    printf("client connect %d, verify_result %ld\n", rc_c, SSL_get_verify_result(early.c));
    pair_free(&early);
    handshake("an untrusted chain still fails", ctx, "untrusted.pem", "untrusted.key");
    SSL_CTX_free(sctx);
    X509_free(ca);
    SSL_CTX_free(ctx);
}

/* A session made before the store changed still resumes (TLS 1.2, the
 * session arriving with the handshake). */
static void resume_after_change(void)
{
    SSL_CTX *ctx = client();
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    X509 *other = read_cert("untrusted-ca.pem");
    SSL_SESSION *sess;
    pair_t p;
    int rc_c, e_c, rc_s, e_s;
    CHECK(SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION) == 1);
    CHECK(SSL_CTX_load_verify_locations(ctx, cert("ca.pem"), NULL) == 1);
    CHECK(SSL_CTX_set_session_id_context(sctx, (const unsigned char *)"store", 5) == 1);
    pair_new_mem(&p, ctx, sctx);
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    printf("== first connection: connect %d\n", rc_c);
    sess = SSL_get1_session(p.c);
    CHECK(sess != NULL);
    SSL_shutdown(p.c);
    pair_move(&p);
    SSL_shutdown(p.s);
    pair_move(&p);
    pair_free(&p);
    printf("X509_STORE_add_cert(another CA) %d\n",
           X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), other));
    pair_new_mem(&p, ctx, sctx);
    CHECK(SSL_set_session(p.c, sess) == 1);
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    printf("== resumed after the store changed: connect %d, reused %d\n", rc_c,
           SSL_session_reused(p.c));
    pair_free(&p);
    SSL_SESSION_free(sess);
    X509_free(other);
    SSL_CTX_free(sctx);
    SSL_CTX_free(ctx);
}

/* What a CApath lookup finds joins the store, certificates and (with
 * CRL_CHECK, here a store flag) CRLs. */
static void capath_lookups(void)
{
    SSL_CTX *ctx = client();
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    CHECK(SSL_CTX_load_verify_locations(ctx, NULL, cert("cadir")) == 1);
    objects("cadir, before", store);
    handshake("cadir", ctx, "server-chain.pem", "server.key");
    objects("cadir, after", store);
    handshake("cadir again", ctx, "server-chain.pem", "server.key");
    objects("cadir, after again", store);
    SSL_CTX_free(ctx);

    ctx = client();
    store = SSL_CTX_get_cert_store(ctx);
    CHECK(SSL_CTX_load_verify_locations(ctx, NULL, cert("crldir")) == 1);
    printf("X509_STORE_set_flags(CRL_CHECK) %d\n",
           X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK));
    objects("crldir, before", store);
    handshake("crldir, CRL_CHECK, good leaf", ctx, "server-chain.pem", "server.key");
    objects("crldir, after", store);
    handshake("crldir, CRL_CHECK, revoked leaf", ctx, "revoked-chain.pem", "revoked.key");
    objects("crldir, after the revoked leaf", store);
    SSL_CTX_free(ctx);
}

/* X509_STORE_set_flags on the context's store: CRL_CHECK fails a revoked
 * leaf, set after a first handshake without it. */
static void store_flags(void)
{
    SSL_CTX *ctx = client();
    X509_STORE *store = SSL_CTX_get_cert_store(ctx);
    CHECK(SSL_CTX_load_verify_locations(ctx, cert("ca.pem"), NULL) == 1);
    CHECK(X509_STORE_load_file(store, cert("intermediate.crl.pem")) == 1);
    handshake("revoked leaf, no flag", ctx, "revoked-chain.pem", "revoked.key");
    printf("X509_STORE_set_flags(CRL_CHECK) %d\n",
           X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK));
    printf("context param flags 0x%lx\n",
           X509_VERIFY_PARAM_get_flags(SSL_CTX_get0_param(ctx)));
    handshake("revoked leaf, store CRL_CHECK", ctx, "revoked-chain.pem", "revoked.key");
    handshake("good leaf, store CRL_CHECK", ctx, "server-chain.pem", "server.key");
    SSL_CTX_free(ctx);
}

/* set0 takes the caller's reference, set1 adds one; a store may serve
 * several contexts, which then see each other's additions. */
static void set_store(void)
{
    SSL_CTX *a = client(), *b = client();
    X509_STORE *s = X509_STORE_new();
    X509 *ca = read_cert("ca.pem");
    CHECK(s != NULL);
    SSL_CTX_set_cert_store(a, s);
    printf("set_cert_store: get returns it %d\n", SSL_CTX_get_cert_store(a) == s);
    handshake("set0 store, empty", a, "server-chain.pem", "server.key");
    printf("X509_STORE_add_cert(ca) %d\n", X509_STORE_add_cert(s, ca));
    handshake("set0 store, CA added", a, "server-chain.pem", "server.key");

    SSL_CTX_set1_cert_store(b, s);
    printf("set1_cert_store: shared %d\n", SSL_CTX_get_cert_store(b) == SSL_CTX_get_cert_store(a));
    handshake("set1 store shared", b, "server-chain.pem", "server.key");
    SSL_CTX_free(a);
    objects("after the first context is freed", SSL_CTX_get_cert_store(b));
    handshake("shared store outlives the first context", b, "server-chain.pem", "server.key");

    /* A replaced store is released; the new one starts empty. */
    s = X509_STORE_new();
    printf("X509_STORE_up_ref %d\n", X509_STORE_up_ref(s));
    SSL_CTX_set1_cert_store(b, s);
    X509_STORE_free(s);
    handshake("replaced by an empty store", b, "server-chain.pem", "server.key");
    objects("the new store", s);
    X509_STORE_free(s);
    SSL_CTX_free(b);
    X509_free(ca);
}

/* A verify store replaces the trust store for verifying the peer only;
 * NULL restores it. set1 adds a reference, set0 takes the caller's. */
static void verify_store(void)
{
    SSL_CTX *ctx = client();
    X509_STORE *vs = X509_STORE_new();
    CHECK(vs != NULL);
    CHECK(X509_STORE_load_file(vs, cert("ca.pem")) == 1);
    handshake("trust store empty", ctx, "server-chain.pem", "server.key");
    printf("SSL_CTX_set1_verify_cert_store %ld\n", SSL_CTX_set1_verify_cert_store(ctx, vs));
    handshake("CA in the verify store", ctx, "server-chain.pem", "server.key");
    objects("trust store with a verify store set", SSL_CTX_get_cert_store(ctx));
    printf("SSL_CTX_set0_verify_cert_store(NULL) %ld\n", SSL_CTX_set0_verify_cert_store(ctx, NULL));
    handshake("verify store removed", ctx, "server-chain.pem", "server.key");
    printf("SSL_CTX_set0_verify_cert_store(vs) %ld\n", SSL_CTX_set0_verify_cert_store(ctx, vs));
    handshake("verify store set0", ctx, "server-chain.pem", "server.key");
    SSL_CTX_free(ctx);

    /* On a connection. */
    ctx = client();
    vs = X509_STORE_new();
    CHECK(vs != NULL);
    CHECK(X509_STORE_load_file(vs, cert("ca.pem")) == 1);
    {
        pair_t p;
        int rc_c, e_c, rc_s, e_s;
        SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
        pair_new_mem(&p, ctx, sctx);
        printf("SSL_set1_verify_cert_store %ld\n", SSL_set1_verify_cert_store(p.c, vs));
        pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
        printf("connection's verify store: connect %d, verify_result %ld\n", rc_c,
               SSL_get_verify_result(p.c));
        pair_free(&p);
        SSL_CTX_free(sctx);
    }
    X509_STORE_free(vs);
    handshake("the context's trust store still empty", ctx, "server-chain.pem", "server.key");
    SSL_CTX_free(ctx);
}

static void subjects(const char *label, STACK_OF(X509_NAME) *sk, int rc)
{
    printf("%s %d, names %d\n", label, rc, sk_X509_NAME_num(sk));
    print_first_error(label);
}

static void cert_subjects(void)
{
    STACK_OF(X509_NAME) *sk = sk_X509_NAME_new_null();
    CHECK(sk != NULL);
    subjects("file server-chain.pem", sk,
             SSL_add_file_cert_subjects_to_stack(sk, cert("server-chain.pem")));
    subjects("file server-chain.pem again", sk,
             SSL_add_file_cert_subjects_to_stack(sk, cert("server-chain.pem")));
    subjects("file ca.pem", sk, SSL_add_file_cert_subjects_to_stack(sk, cert("ca.pem")));
    subjects("file missing", sk, SSL_add_file_cert_subjects_to_stack(sk, cert("missing.pem")));
    subjects("dir cadir", sk, SSL_add_dir_cert_subjects_to_stack(sk, cert("cadir")));
    subjects("file server.key (no certificate)", sk,
             SSL_add_file_cert_subjects_to_stack(sk, cert("server.key")));
    subjects("dir crldir (CRL files too)", sk,
             SSL_add_dir_cert_subjects_to_stack(sk, cert("crldir")));
    subjects("dir missing", sk, SSL_add_dir_cert_subjects_to_stack(sk, cert("missing")));
    subjects("file client-chain.pem", sk,
             SSL_add_file_cert_subjects_to_stack(sk, cert("client-chain.pem")));
    for (int i = 0; i < sk_X509_NAME_num(sk); i++) {
        char buf[256];
        X509_NAME_oneline(sk_X509_NAME_value(sk, i), buf, sizeof buf);
        printf("  %s\n", buf);
    }
    sk_X509_NAME_pop_free(sk, X509_NAME_free);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    get0_and_objects();
    add_cert_late();
    resume_after_change();
    capath_lookups();
    store_flags();
    set_store();
    verify_store();
    cert_subjects();
    return 0;
}
