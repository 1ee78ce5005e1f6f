/*
 * The temporary key setters that take libcrypto objects (drop-in flavour;
 * compiled against the system headers): SSL_CTX_set_tmp_dh/SSL_set_tmp_dh
 * with the parameters servers load (DH_get_2048_256, the RFC 7919 group
 * from EVP_PKEY_fromdata), SSL_CTX_set0_tmp_dh_pkey/SSL_set0_tmp_dh_pkey,
 * and SSL_CTX_set_tmp_ecdh/SSL_set_tmp_ecdh with keys on P-256, P-384,
 * P-521 (known to OpenSSL 3.0, not offered by rustls), secp256k1, a curve
 * without a TLS group and a key without a group. Each prints its return
 * value and first queued error; then a handshake on the context, data both
 * ways, and a read with nothing to read (SSL_ERROR_WANT_READ). rustls has
 * no DHE suites: the DH parameters change no handshake, as with OpenSSL
 * once ECDHE is chosen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: CHECK %s\n", __FILE__, __LINE__, #c); \
    ERR_print_errors_fp(stderr); exit(2); } } while (0)

static const char *certs = "tests/certs";

static const char *path(const char *f)
{
    static char b[4][512];
    static int i;
    char *p = b[i++ & 3];
    snprintf(p, sizeof b[0], "%s/%s", certs, f);
    return p;
}

static void ret(const char *label, long r)
{
    unsigned long e = ERR_peek_error();
    printf("  %s -> %ld err %d/%d\n", label, r, ERR_GET_LIB(e), ERR_GET_REASON(e));
    ERR_clear_error();
}

/* The RFC 7919 ffdhe2048 group as an EVP_PKEY of parameters. */
static EVP_PKEY *ffdhe2048(void)
{
    EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
    EVP_PKEY *pkey = NULL;
    OSSL_PARAM params[2];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
                                                 (char *)"ffdhe2048", 0);
    params[1] = OSSL_PARAM_construct_end();
    CHECK(pc != NULL && EVP_PKEY_fromdata_init(pc) == 1);
    CHECK(EVP_PKEY_fromdata(pc, &pkey, EVP_PKEY_KEY_PARAMETERS, params) == 1);
    EVP_PKEY_CTX_free(pc);
    return pkey;
}

static void transfer(SSL *from, BIO *from_out, BIO *to_in)
{
    char buf[16384];
    int n;
    (void)from;
    while ((n = BIO_read(from_out, buf, sizeof buf)) > 0)
        CHECK(BIO_write(to_in, buf, n) == n);
}

static void handshake(SSL_CTX *sctx, SSL_CTX *cctx, SSL *s)
{
    SSL *c = SSL_new(cctx);
    CHECK(c != NULL);
    if (s == NULL)
        s = SSL_new(sctx);
    CHECK(s != NULL);
    BIO *ci = BIO_new(BIO_s_mem()), *co = BIO_new(BIO_s_mem());
    BIO *si = BIO_new(BIO_s_mem()), *so = BIO_new(BIO_s_mem());
    SSL_set_bio(c, ci, co);
    SSL_set_bio(s, si, so);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    int rc = -1, rs = -1;
    for (int i = 0; i < 20 && (rc != 1 || rs != 1); i++) {
        if (rc != 1)
            rc = SSL_do_handshake(c);
        transfer(c, co, si);
        if (rs != 1)
            rs = SSL_do_handshake(s);
        transfer(s, so, ci);
    }
    unsigned long ec = ERR_get_error();
    printf("  handshake: client %d server %d (first error %d/%d)\n", rc, rs, ERR_GET_LIB(ec),
           ERR_GET_REASON(ec));
    ERR_clear_error();
    if (rc == 1 && rs == 1) {
        char buf[16];
        CHECK(SSL_write(c, "ping", 4) == 4);
        transfer(c, co, si);
        CHECK(SSL_read(s, buf, sizeof buf) == 4);
        CHECK(SSL_write(s, "pong", 4) == 4);
        transfer(s, so, ci);
        CHECK(SSL_read(c, buf, sizeof buf) == 4);
        int r = SSL_read(c, buf, sizeof buf);
        printf("  %s, client read with nothing to read: %d error %d\n", SSL_get_version(c), r,
               SSL_get_error(c, r));
    }
    SSL_free(c);
    SSL_free(s);
}

static SSL_CTX *server(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    CHECK(ctx != NULL);
    CHECK(SSL_CTX_use_certificate_chain_file(ctx, path("server-chain.pem")) == 1);
    CHECK(SSL_CTX_use_PrivateKey_file(ctx, path("server.key"), SSL_FILETYPE_PEM) == 1);
    return ctx;
}

static SSL_CTX *client(int max)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    CHECK(ctx != NULL);
    CHECK(SSL_CTX_load_verify_locations(ctx, path("ca.pem"), NULL) == 1);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    if (max)
        CHECK(SSL_CTX_set_max_proto_version(ctx, max) == 1);
    return ctx;
}

static void dh(void)
{
    for (int tls12 = 0; tls12 < 2; tls12++) {
        printf("== DH parameters%s\n", tls12 ? ", TLS 1.2 client" : "");
        SSL_CTX *sctx = server(), *cctx = client(tls12 ? TLS1_2_VERSION : 0);
        DH *d = DH_get_2048_256();
        CHECK(d != NULL);
        ret("SSL_CTX_set_tmp_dh(DH_get_2048_256)", SSL_CTX_set_tmp_dh(sctx, d));
        DH_free(d);
        ret("SSL_CTX_set0_tmp_dh_pkey(ffdhe2048)", SSL_CTX_set0_tmp_dh_pkey(sctx, ffdhe2048()));
        ret("SSL_CTX_set_dh_auto(1)", SSL_CTX_set_dh_auto(sctx, 1));
        handshake(sctx, cctx, NULL);
        SSL *s = SSL_new(sctx);
        CHECK(s != NULL);
        d = DH_get_2048_256();
        ret("SSL_set_tmp_dh(DH_get_2048_256)", SSL_set_tmp_dh(s, d));
        DH_free(d);
        ret("SSL_set0_tmp_dh_pkey(ffdhe2048)", SSL_set0_tmp_dh_pkey(s, ffdhe2048()));
        handshake(sctx, cctx, s);
        SSL_CTX_free(cctx);
        SSL_CTX_free(sctx);
    }
}

static void ecdh(void)
{
    static const struct {
        const char *name;
        int nid;
    } curves[] = {
        {"P-256", NID_X9_62_prime256v1}, {"P-384", NID_secp384r1}, {"P-521", NID_secp521r1},
        {"secp256k1", NID_secp256k1},   {"prime239v1", NID_X9_62_prime239v1},
        {"no group", NID_undef},
    };
    for (size_t i = 0; i < sizeof curves / sizeof curves[0]; i++) {
        printf("== ECDH key %s\n", curves[i].name);
        SSL_CTX *sctx = server(), *cctx = client(0);
        EC_KEY *k = curves[i].nid ? EC_KEY_new_by_curve_name(curves[i].nid) : EC_KEY_new();
        CHECK(k != NULL);
        ret("SSL_CTX_set_tmp_ecdh", SSL_CTX_set_tmp_ecdh(sctx, k));
        handshake(sctx, cctx, NULL);
        SSL *s = SSL_new(sctx);
        CHECK(s != NULL);
        ret("SSL_set_tmp_ecdh", SSL_set_tmp_ecdh(s, k));
        handshake(sctx, cctx, s);
        EC_KEY_free(k);
        SSL_CTX_free(cctx);
        SSL_CTX_free(sctx);
    }
    SSL_CTX *ctx = server();
    ret("SSL_CTX_set_tmp_ecdh(NULL)", SSL_CTX_set_tmp_ecdh(ctx, NULL));
    SSL_CTX_free(ctx);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1)
        certs = argv[1];
    dh();
    ecdh();
    printf("done\n");
    return 0;
}
