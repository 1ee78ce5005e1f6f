/*
 * Seed corpus generator for the fuzz targets (see mk/fuzz.mk).
 *
 * Runs real handshakes between a client and a server SSL in one process over
 * memory BIOs, and records the bytes each side sent: what the client sent is
 * a seed for the `server` target, what the server sent is a seed for the
 * `client` target. Built twice (against the system OpenSSL and against
 * sslshim), so the seeds hold both implementations' messages.
 *
 *   gen_corpus CERTS_DIR OUT_DIR TAG
 * writes OUT_DIR/server/seed-TAG-VARIANT and OUT_DIR/client/seed-TAG-VARIANT.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#define DIE(msg)                                                               \
    do {                                                                       \
        fprintf(stderr, "gen_corpus: %s\n", msg);                              \
        ERR_print_errors_fp(stderr);                                           \
        exit(1);                                                               \
    } while (0)

typedef struct {
    unsigned char *data;
    size_t len, cap;
} rec_t;

static void rec_add(rec_t *r, const unsigned char *p, size_t n)
{
    if (r->len + n > r->cap) {
        r->cap = (r->len + n) * 2;
        r->data = realloc(r->data, r->cap);
        if (!r->data)
            DIE("out of memory");
    }
    memcpy(r->data + r->len, p, n);
    r->len += n;
}

/* Moves everything `from` wrote into `to`, recording it. */
static void move(BIO *from, BIO *to, rec_t *rec)
{
    unsigned char buf[4096];
    int n;
    while ((n = BIO_read(from, buf, sizeof buf)) > 0) {
        rec_add(rec, buf, (size_t)n);
        if (BIO_write(to, buf, n) != n)
            DIE("BIO_write");
    }
}

static void save(const char *dir, const char *kind, const char *tag,
                 const char *variant, const rec_t *r)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s/seed-%s-%s", dir, kind, tag, variant);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(r->data, 1, r->len, f) != r->len || fclose(f) != 0)
        DIE(path);
}

typedef struct {
    const char *name;
    int max_version;  /* 0: default (TLS 1.3) */
    const char *cert, *key;
    int data;         /* exchange application data and close_notify */
} variant_t;

static void run(const char *certs, const char *out, const char *tag,
                const variant_t *v)
{
    char cert[512], key[512];
    snprintf(cert, sizeof cert, "%s/%s", certs, v->cert);
    snprintf(key, sizeof key, "%s/%s", certs, v->key);
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    if (!sctx || !cctx)
        DIE("SSL_CTX_new");
    if (SSL_CTX_use_certificate_chain_file(sctx, cert) != 1 ||
        SSL_CTX_use_PrivateKey_file(sctx, key, SSL_FILETYPE_PEM) != 1)
        DIE("server certificate");
    if (v->max_version && SSL_CTX_set_max_proto_version(cctx, v->max_version) != 1)
        DIE("max version");
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    BIO *c_in = BIO_new(BIO_s_mem()), *c_out = BIO_new(BIO_s_mem());
    BIO *s_in = BIO_new(BIO_s_mem()), *s_out = BIO_new(BIO_s_mem());
    SSL_set_bio(c, c_in, c_out);
    SSL_set_bio(s, s_in, s_out);
    SSL_set_tlsext_host_name(c, "localhost");
    rec_t to_server = {0}, to_client = {0};
    int cdone = 0, sdone = 0;
    for (int i = 0; i < 20 && !(cdone && sdone); i++) {
        if (!cdone) {
            int r = SSL_connect(c);
            if (r == 1)
                cdone = 1;
            else if (SSL_get_error(c, r) != SSL_ERROR_WANT_READ)
                DIE("SSL_connect");
        }
        move(c_out, s_in, &to_server);
        if (!sdone) {
            int r = SSL_accept(s);
            if (r == 1)
                sdone = 1;
            else if (SSL_get_error(s, r) != SSL_ERROR_WANT_READ)
                DIE("SSL_accept");
        }
        move(s_out, c_in, &to_client);
    }
    if (!cdone || !sdone)
        DIE("handshake did not finish");
    if (v->data) {
        unsigned char buf[256];
        const char *req = "GET / HTTP/1.0\r\n\r\n", *resp = "HTTP/1.0 200 OK\r\n\r\nhello";
        if (SSL_write(c, req, (int)strlen(req)) <= 0)
            DIE("client write");
        move(c_out, s_in, &to_server);
        if (SSL_read(s, buf, sizeof buf) <= 0)
            DIE("server read");
        if (SSL_write(s, resp, (int)strlen(resp)) <= 0)
            DIE("server write");
        move(s_out, c_in, &to_client);
        if (SSL_read(c, buf, sizeof buf) <= 0)
            DIE("client read");
        SSL_shutdown(c);
        move(c_out, s_in, &to_server);
        SSL_shutdown(s);
        move(s_out, c_in, &to_client);
    }
    save(out, "server", tag, v->name, &to_server);
    save(out, "client", tag, v->name, &to_client);
    printf("gen_corpus: %s-%s: client sent %zu bytes, server sent %zu\n", tag,
           v->name, to_server.len, to_client.len);
    free(to_server.data);
    free(to_client.data);
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: gen_corpus CERTS_DIR OUT_DIR TAG\n");
        return 2;
    }
    static const variant_t variants[] = {
        {"tls13", 0, "server-chain.pem", "server.key", 0},
        {"tls13-data", 0, "server-chain.pem", "server.key", 1},
        {"tls12", TLS1_2_VERSION, "server-chain.pem", "server.key", 1},
        {"tls12-rsa", TLS1_2_VERSION, "server-rsa-chain.pem", "server-rsa.key", 1},
    };
    for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++)
        run(argv[1], argv[2], argv[3], &variants[i]);
    return 0;
}
