/*
 * client.c - a minimal verifying TLS client written against the OpenSSL 3
 * libssl API.
 *
 *   client [-host localhost] [-p port] [-CAfile ca.pem] [-msg text]
 *
 * Connects to 127.0.0.1:port (default 4433), sends SNI for `host`, checks
 * that the server certificate chains to a CA in `CAfile` AND is valid for
 * `host`, prints what was negotiated, sends one line and prints the answer.
 * Exit status 0 on success, 1 on any failure.
 *
 * Build against the system OpenSSL:   gcc client.c -lssl -lcrypto
 * or against sslshim:                 gcc -Iinclude client.c -Ltarget/release -lsslshim
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

static int fail(const char *what)
{
    fprintf(stderr, "client: %s failed\n", what);
    ERR_print_errors_fp(stderr); /* the reasons libssl queued */
    return 1;
}

int main(int argc, char **argv)
{
    const char *host = "localhost", *cafile = "tests/certs/ca.pem";
    const char *msg = "hello from the sslshim example client";
    int port = 4433;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-host") && i + 1 < argc)
            host = argv[++i];
        else if (!strcmp(argv[i], "-p") && i + 1 < argc)
            port = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-CAfile") && i + 1 < argc)
            cafile = argv[++i];
        else if (!strcmp(argv[i], "-msg") && i + 1 < argc)
            msg = argv[++i];
        else {
            fprintf(stderr, "usage: %s [-host name] [-p port] [-CAfile ca.pem] [-msg text]\n",
                    argv[0]);
            return 2;
        }
    }

    OPENSSL_init_ssl(0, NULL);

    /* Configuration shared by connections: client side, TLS 1.2 or newer. */
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == NULL)
        return fail("SSL_CTX_new");
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    /* Trust anchors: the CA certificate(s) in PEM form. */
    if (SSL_CTX_load_verify_locations(ctx, cafile, NULL) != 1)
        return fail("SSL_CTX_load_verify_locations");
    /* SSL_VERIFY_PEER: abort the handshake if the server's certificate does
     * not verify. (With SSL_VERIFY_NONE the handshake would go on and only
     * SSL_get_verify_result would tell.) */
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);

    /* Plain TCP connection to 127.0.0.1:port. */
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons((unsigned short)port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        perror("client: connect");
        return 1;
    }

    SSL *ssl = SSL_new(ctx);
    if (ssl == NULL)
        return fail("SSL_new");
    SSL_set_fd(ssl, fd);
    /* SNI: tells the server which name we want (it may host several).
     * SNI alone does NOT make libssl check the certificate's name ... */
    SSL_set_tlsext_host_name(ssl, host);
    /* ... SSL_set1_host does: the certificate must be valid for `host`. */
    SSL_set1_host(ssl, host);

    /* The handshake. On failure, the verify result explains certificate
     * problems (e.g. 20 = unable to get local issuer certificate). */
    if (SSL_connect(ssl) != 1) {
        long vr = SSL_get_verify_result(ssl);
        fprintf(stderr, "client: verify result %ld (%s)\n", vr,
                X509_verify_cert_error_string(vr));
        return fail("SSL_connect");
    }

    printf("version: %s\n", SSL_get_version(ssl));
    printf("cipher: %s\n", SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)));
    /* The peer certificate; get1 means we own a reference and must free it. */
    X509 *peer = SSL_get1_peer_certificate(ssl);
    if (peer != NULL) {
        char name[256];
        X509_NAME_oneline(X509_get_subject_name(peer), name, sizeof name);
        printf("peer subject: %s\n", name);
        X509_NAME_oneline(X509_get_issuer_name(peer), name, sizeof name);
        printf("peer issuer: %s\n", name);
        X509_free(peer);
    }
    long vr = SSL_get_verify_result(ssl);
    printf("verify result: %ld (%s)\n", vr, X509_verify_cert_error_string(vr));

    /* Send one line and print everything the server answers until it
     * closes the connection. */
    char line[1100], buf[4096];
    snprintf(line, sizeof line, "%s\n", msg);
    if (SSL_write(ssl, line, (int)strlen(line)) <= 0)
        return fail("SSL_write");
    int total = 0, r;
    while ((r = SSL_read(ssl, buf, sizeof buf - 1)) > 0) {
        buf[r] = '\0';
        if (total == 0)
            printf("answer: ");
        fputs(buf, stdout);
        total += r;
    }
    /* r == 0 with SSL_ERROR_ZERO_RETURN: the server sent close_notify -
     * a clean end of the stream. Anything else is an error. */
    int err = SSL_get_error(ssl, r);
    if (err != SSL_ERROR_ZERO_RETURN) {
        fprintf(stderr, "client: connection ended with SSL_get_error %d\n", err);
        ERR_print_errors_fp(stderr);
    }

    /* Send our own close_notify (returns 1: both directions are closed). */
    SSL_shutdown(ssl);
    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(ctx);
    return total > 0 && err == SSL_ERROR_ZERO_RETURN ? 0 : 1;
}
