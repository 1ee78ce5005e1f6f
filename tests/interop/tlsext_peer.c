/*
 * A TLS peer for tests/interop/tlsext.sh, built on sslshim.
 *
 *   tlsext_peer server CERTS OCSP.der   virtual hosts localhost / other.example
 *       (SNI callback + SSL_set_SSL_CTX), ALPN select (h2, http/1.1), OCSP
 *       staple from OCSP.der; answers each connection with a small HTTP/1.1
 *       response naming what was negotiated, serves 4 connections, prints
 *       "listening on PORT" first.
 *   tlsext_peer client CERTS PORT HOST ALPN-LIST
 *       offers ALPN-LIST (comma-separated), sends SNI HOST, asks for OCSP;
 *       prints the negotiated ALPN, the peer subject and the stapled
 *       response's length.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

static SSL_CTX *other;
static unsigned char ocsp[8192];
static long ocsp_len;

static void die(const char *what)
{
    fprintf(stderr, "tlsext_peer: %s\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

static SSL_CTX *server_ctx(const char *dir, const char *chain, const char *key)
{
    char c[512], k[512];
    snprintf(c, sizeof c, "%s/%s", dir, chain);
    snprintf(k, sizeof k, "%s/%s", dir, key);
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx || SSL_CTX_use_certificate_chain_file(ctx, c) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, k, SSL_FILETYPE_PEM) != 1)
        die("server context");
    return ctx;
}

static int sni_cb(SSL *ssl, int *al, void *arg)
{
    (void)al;
    (void)arg;
    const char *name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    if (name && strcmp(name, "other.example") == 0)
        SSL_set_SSL_CTX(ssl, other);
    return SSL_TLSEXT_ERR_OK;
}

static int alpn_cb(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                   const unsigned char *in, unsigned int inlen, void *arg)
{
    (void)ssl;
    (void)arg;
    static const unsigned char ours[] = "\x02h2\x08http/1.1";
    if (SSL_select_next_proto((unsigned char **)out, outlen, ours, sizeof ours - 1, in,
                              inlen) != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    return SSL_TLSEXT_ERR_OK;
}

static int status_cb(SSL *ssl, void *arg)
{
    (void)arg;
    unsigned char *copy = OPENSSL_malloc((size_t)ocsp_len);
    if (!copy)
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    memcpy(copy, ocsp, (size_t)ocsp_len);
    SSL_set_tlsext_status_ocsp_resp(ssl, copy, ocsp_len);
    return SSL_TLSEXT_ERR_OK;
}

static int run_server(const char *dir, const char *ocsp_file)
{
    FILE *f = fopen(ocsp_file, "rb");
    if (!f)
        die("OCSP file");
    ocsp_len = (long)fread(ocsp, 1, sizeof ocsp, f);
    fclose(f);
    SSL_CTX *ctx = server_ctx(dir, "server-chain.pem", "server.key");
    other = server_ctx(dir, "wrong-host-chain.pem", "wrong-host.key");
    SSL_CTX_set_tlsext_servername_callback(ctx, sni_cb);
    SSL_CTX_set_alpn_select_cb(ctx, alpn_cb, NULL);
    SSL_CTX_set_alpn_select_cb(other, alpn_cb, NULL);
    SSL_CTX_set_tlsext_status_cb(ctx, status_cb);
    SSL_CTX_set_tlsext_status_cb(other, status_cb);

    int ls = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 8) ||
        getsockname(ls, (struct sockaddr *)&a, &alen))
        die("listen");
    printf("listening on %d\n", ntohs(a.sin_port));
    fflush(stdout);
    for (int i = 0; i < 4; i++) {
        int fd = accept(ls, NULL, NULL);
        if (fd < 0)
            die("accept");
        SSL *ssl = SSL_new(ctx);
        SSL_set_fd(ssl, fd);
        if (SSL_accept(ssl) == 1) {
            char req[4096];
            SSL_read(ssl, req, sizeof req); /* the request; content not needed */
            const unsigned char *p;
            unsigned int n;
            SSL_get0_alpn_selected(ssl, &p, &n);
            const char *sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
            char body[256], resp[512];
            snprintf(body, sizeof body, "alpn=%.*s sni=%s\n", (int)n, n ? (const char *)p : "",
                     sni ? sni : "(none)");
            snprintf(resp, sizeof resp,
                     "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
                     strlen(body), body);
            SSL_write(ssl, resp, (int)strlen(resp));
            SSL_shutdown(ssl);
            printf("served %s", body);
        } else {
            printf("handshake failed\n");
            ERR_print_errors_fp(stdout);
        }
        fflush(stdout);
        SSL_free(ssl);
        close(fd);
    }
    SSL_CTX_free(other);
    SSL_CTX_free(ctx);
    return 0;
}

static int run_client(const char *dir, int port, const char *host, const char *list)
{
    unsigned char wire[256];
    size_t len = 0;
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s", list);
    for (char *t = strtok(tmp, ","); t; t = strtok(NULL, ",")) {
        size_t n = strlen(t);
        if (n == 0 || n > 255 || len + 1 + n > sizeof wire)
            die("ALPN list");
        wire[len++] = (unsigned char)n;
        memcpy(wire + len, t, n);
        len += n;
    }
    char ca[512];
    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx || SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1)
        die("client context");
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    if (SSL_CTX_set_alpn_protos(ctx, wire, (unsigned int)len) != 0)
        die("set_alpn_protos");
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a))
        die("connect");
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, host);
    SSL_set1_host(ssl, host);
    SSL_set_tlsext_status_type(ssl, TLSEXT_STATUSTYPE_ocsp);
    if (SSL_connect(ssl) != 1)
        die("handshake");
    const unsigned char *p;
    unsigned int n;
    SSL_get0_alpn_selected(ssl, &p, &n);
    printf("alpn: %.*s\n", (int)n, n ? (const char *)p : "(none)");
    X509 *peer = SSL_get1_peer_certificate(ssl);
    char subj[256] = "(none)";
    if (peer)
        X509_NAME_oneline(X509_get_subject_name(peer), subj, sizeof subj);
    printf("peer subject: %s\n", subj);
    X509_free(peer);
    const unsigned char *resp;
    long rl = SSL_get_tlsext_status_ocsp_resp(ssl, &resp);
    printf("ocsp response: %ld bytes\n", rl);
    printf("verify result: %ld\n", SSL_get_verify_result(ssl));
    SSL_shutdown(ssl);
    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(ctx);
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 4 && strcmp(argv[1], "server") == 0)
        return run_server(argv[2], argv[3]);
    if (argc == 6 && strcmp(argv[1], "client") == 0)
        return run_client(argv[2], atoi(argv[3]), argv[4], argv[5]);
    fprintf(stderr, "usage: tlsext_peer server CERTS OCSP.der | client CERTS PORT HOST ALPN\n");
    return 2;
}
