/*
 * SSL_get_peer_tmp_key and SSL_get_tmp_key (drop-in flavour; compiled
 * against the system headers): for TLS 1.2 and 1.3 and the groups X25519,
 * P-256 and P-384, on both ends of an in-process connection, whether a key
 * is returned, its type, bits, and that the client's peer key is the
 * server's own key (EVP_PKEY_eq of the public parts where both exist).
 * OpenVPN prints the peer key in its "Control Channel:" line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void move(BIO *from, BIO *to)
{
    char buf[16384];
    int n;
    while ((n = BIO_read(from, buf, sizeof buf)) > 0)
        CHECK(BIO_write(to, buf, n) == n);
}

static void show(const char *label, SSL *s, int peer)
{
    EVP_PKEY *k = NULL;
    long r = peer ? SSL_get_peer_tmp_key(s, &k) : SSL_get_tmp_key(s, &k);
    if (r != 1 || k == NULL) {
        printf("%s: %ld none\n", label, r);
        return;
    }
    printf("%s: %ld %s %d bits\n", label, r, OBJ_nid2sn(EVP_PKEY_get_base_id(k)),
           EVP_PKEY_get_bits(k));
    EVP_PKEY_free(k);
}

static void run(int version, const char *group)
{
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method()), *cctx = SSL_CTX_new(TLS_client_method());
    CHECK(sctx && cctx);
    CHECK(SSL_CTX_use_certificate_chain_file(sctx, path("server-chain.pem")) == 1);
    CHECK(SSL_CTX_use_PrivateKey_file(sctx, path("server.key"), SSL_FILETYPE_PEM) == 1);
    CHECK(SSL_CTX_set_max_proto_version(cctx, version) == 1);
    /* The server chooses the group; a TLS 1.2 client also needs the ECDSA
     * certificate's curve (P-256) in its list. */
    char clist[64];
    snprintf(clist, sizeof clist, "%s:P-256", group);
    CHECK(SSL_CTX_set1_groups_list(sctx, group) == 1);
    CHECK(SSL_CTX_set1_groups_list(cctx, strcmp(group, "P-256") ? clist : group) == 1);
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    BIO *c_in = BIO_new(BIO_s_mem()), *c_out = BIO_new(BIO_s_mem());
    BIO *s_in = BIO_new(BIO_s_mem()), *s_out = BIO_new(BIO_s_mem());
    SSL_set_bio(c, c_in, c_out);
    SSL_set_bio(s, s_in, s_out);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    char label[96];
    snprintf(label, sizeof label, "%s %s before: client peer", version == TLS1_3_VERSION ? "TLSv1.3" : "TLSv1.2", group);
    show(label, c, 1);
    int dc = 0, ds = 0;
    for (int i = 0; i < 50 && !(dc && ds); i++) {
        if (!dc)
            dc = SSL_do_handshake(c) == 1;
        move(c_out, s_in);
        if (!ds)
            ds = SSL_do_handshake(s) == 1;
        move(s_out, c_in);
    }
    CHECK(dc && ds);
    const char *v = SSL_get_version(c);
    snprintf(label, sizeof label, "%s %s: client peer", v, group);
    show(label, c, 1);
    snprintf(label, sizeof label, "%s %s: server peer", v, group);
    show(label, s, 1);
    snprintf(label, sizeof label, "%s %s: client own", v, group);
    show(label, c, 0);
    snprintf(label, sizeof label, "%s %s: server own", v, group);
    show(label, s, 0);
    ERR_clear_error();
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        certs = argv[1];
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *groups[] = {"X25519", "P-256", "P-384"};
    for (int g = 0; g < 3; g++) {
        run(TLS1_2_VERSION, groups[g]);
        run(TLS1_3_VERSION, groups[g]);
    }
    return 0;
}
