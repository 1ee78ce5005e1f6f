/*
 * client_auth_peer.c - one TLS connection with client certificates, as a
 * server or a client, for tests/interop/client_auth.sh. Written against the
 * OpenSSL 3 API (built against sslshim by the script).
 *
 *   client_auth_peer server -p 0 -cert chain.pem -key key.pem -CAfile ca.pem
 *                    [-verify peer|require] [-calist ca.pem] [-tls1_2]
 *       prints "listening on PORT", accepts one connection, prints the
 *       handshake outcome, the verify result, the client's subject and
 *       chain length, then echoes one line.
 *   client_auth_peer client -p PORT -CAfile ca.pem [-cert chain.pem -key key.pem
 *                    | -cb cert.pem key.pem] [-tls1_2]
 *       connects, presents a certificate (from files, or from a client
 *       certificate callback), prints the CA names the server sent, sends
 *       one line and prints the answer.
 * Exit status 0 when the handshake and the exchange worked.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

static const char *cb_cert, *cb_key;

static void print_errors(const char *what)
{
    unsigned long e;
    char buf[256];
    printf("%s failed\n", what);
    while ((e = ERR_get_error()) != 0) {
        ERR_error_string_n(e, buf, sizeof buf);
        printf("error: %s\n", buf);
    }
}

static void print_names(STACK_OF(X509_NAME) *names)
{
    char buf[256];
    printf("CA names: %d\n", names ? sk_X509_NAME_num(names) : -1);
    for (int i = 0; names && i < sk_X509_NAME_num(names); i++)
        printf("CA name: %s\n", X509_NAME_oneline(sk_X509_NAME_value(names, i), buf, sizeof buf));
}

static int client_cert_cb(SSL *ssl, X509 **x509, EVP_PKEY **pkey)
{
    printf("client_cert_cb called\n");
    print_names(SSL_get_client_CA_list(ssl));
    FILE *f = fopen(cb_cert, "r");
    if (f == NULL)
        return 0;
    *x509 = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    if ((f = fopen(cb_key, "r")) == NULL)
        return 0;
    *pkey = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    return *x509 != NULL && *pkey != NULL;
}

static int verify_cb(int ok, X509_STORE_CTX *ctx)
{
    char buf[256];
    X509 *x = X509_STORE_CTX_get_current_cert(ctx);
    printf("verify depth=%d ok=%d err=%d %s\n", X509_STORE_CTX_get_error_depth(ctx), ok,
           X509_STORE_CTX_get_error(ctx),
           x ? X509_NAME_oneline(X509_get_subject_name(x), buf, sizeof buf) : "(none)");
    return ok;
}

static int read_line(SSL *ssl, char *buf, int size)
{
    int n = 0;
    while (n < size - 1) {
        int r = SSL_read(ssl, buf + n, 1);
        if (r <= 0)
            return r < 0 && n == 0 ? -1 : n;
        if (buf[n++] == '\n')
            break;
    }
    buf[n] = '\0';
    return n;
}

static int run_server(SSL_CTX *ctx, int port)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    int one = 1, lfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons((unsigned short)port);
    if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(lfd, 4) != 0) {
        perror("bind/listen");
        return 1;
    }
    getsockname(lfd, (struct sockaddr *)&sa, &len);
    printf("listening on %d\n", ntohs(sa.sin_port));
    fflush(stdout);
    int fd = accept(lfd, NULL, NULL);
    close(lfd);
    if (fd < 0)
        return 1;
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    int rc = 1;
    if (SSL_accept(ssl) != 1) {
        print_errors("handshake");
        printf("verify result: %ld\n", SSL_get_verify_result(ssl));
        goto done;
    }
    printf("handshake ok: %s\n", SSL_get_version(ssl));
    printf("verify result: %ld\n", SSL_get_verify_result(ssl));
    X509 *peer = SSL_get_peer_certificate(ssl);
    char buf[1024];
    printf("client subject: %s\n",
           peer ? X509_NAME_oneline(X509_get_subject_name(peer), buf, sizeof buf) : "(none)");
    X509_free(peer);
    STACK_OF(X509) *chain = SSL_get_peer_cert_chain(ssl);
    STACK_OF(X509) *verified = SSL_get0_verified_chain(ssl);
    printf("client chain: %d verified: %d\n", chain ? sk_X509_num(chain) : -1,
           verified ? sk_X509_num(verified) : -1);
    fflush(stdout);
    int n = read_line(ssl, buf, sizeof buf);
    if (n > 0) {
        buf[strcspn(buf, "\r\n")] = '\0';
        printf("request: %s\n", buf);
        char reply[1100];
        snprintf(reply, sizeof reply, "echo: %s\n", buf);
        if (SSL_write(ssl, reply, (int)strlen(reply)) > 0)
            rc = 0;
    } else {
        print_errors("read");
    }
    SSL_shutdown(ssl);
done:
    SSL_free(ssl);
    close(fd);
    return rc;
}

static int run_client(SSL_CTX *ctx, int port)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons((unsigned short)port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        perror("connect");
        return 1;
    }
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    SSL_set1_host(ssl, "localhost");
    SSL_set_tlsext_host_name(ssl, "localhost");
    int rc = 1;
    if (SSL_connect(ssl) != 1) {
        print_errors("handshake");
        goto done;
    }
    printf("handshake ok: %s\n", SSL_get_version(ssl));
    printf("verify result: %ld\n", SSL_get_verify_result(ssl));
    const char *msg = "hello from client_auth_peer\n";
    char buf[1024];
    if (SSL_write(ssl, msg, (int)strlen(msg)) <= 0) {
        print_errors("write");
        goto done;
    }
    int n = read_line(ssl, buf, sizeof buf);
    print_names(SSL_get_client_CA_list(ssl));
    if (n > 0) {
        printf("answer: %s", buf);
        rc = 0;
    } else {
        print_errors("read");
    }
    SSL_shutdown(ssl);
done:
    SSL_free(ssl);
    close(fd);
    return rc;
}

int main(int argc, char **argv)
{
    const char *cert = NULL, *key = NULL, *cafile = NULL, *calist = NULL, *verify = "require";
    int port = 0, tls12 = 0;
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2 || (strcmp(argv[1], "server") && strcmp(argv[1], "client"))) {
        fprintf(stderr, "usage: %s server|client [options]\n", argv[0]);
        return 2;
    }
    int server = !strcmp(argv[1], "server");
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "-p") && i + 1 < argc)
            port = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-cert") && i + 1 < argc)
            cert = argv[++i];
        else if (!strcmp(argv[i], "-key") && i + 1 < argc)
            key = argv[++i];
        else if (!strcmp(argv[i], "-CAfile") && i + 1 < argc)
            cafile = argv[++i];
        else if (!strcmp(argv[i], "-calist") && i + 1 < argc)
            calist = argv[++i];
        else if (!strcmp(argv[i], "-verify") && i + 1 < argc)
            verify = argv[++i];
        else if (!strcmp(argv[i], "-cb") && i + 2 < argc) {
            cb_cert = argv[++i];
            cb_key = argv[++i];
        } else if (!strcmp(argv[i], "-tls1_2"))
            tls12 = 1;
        else {
            fprintf(stderr, "bad option %s\n", argv[i]);
            return 2;
        }
    }
    OPENSSL_init_ssl(0, NULL);
    printf("# lib: %s\n", OpenSSL_version(OPENSSL_VERSION));
    SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    if (tls12)
        SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
    if (cafile && SSL_CTX_load_verify_locations(ctx, cafile, NULL) != 1) {
        print_errors("CAfile");
        return 1;
    }
    if (cert && (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
                 SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1)) {
        print_errors("certificate");
        return 1;
    }
    if (server) {
        int mode = SSL_VERIFY_PEER;
        if (!strcmp(verify, "require"))
            mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT | SSL_VERIFY_CLIENT_ONCE;
        SSL_CTX_set_verify(ctx, mode, verify_cb);
        if (calist)
            SSL_CTX_set_client_CA_list(ctx, SSL_load_client_CA_file(calist));
    } else {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
        if (cb_cert)
            SSL_CTX_set_client_cert_cb(ctx, client_cert_cb);
    }
    int rc = server ? run_server(ctx, port) : run_client(ctx, port);
    SSL_CTX_free(ctx);
    return rc;
}
