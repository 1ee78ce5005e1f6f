/*
 * server.c - a minimal TLS server written against the OpenSSL 3 libssl API.
 *
 *   server [-p port] [-cert chain.pem] [-key key.pem] [-n count]
 *
 * Listens on 127.0.0.1:port (default 4433; 0 picks a free port), accepts
 * `count` connections one after another (default 1; 0 = forever) and for
 * each prints the negotiated protocol version, cipher and the SNI name the
 * client sent. Then it reads one line: if it starts with "GET" it answers
 * with a small HTTP/1.0 response (so `curl` works), otherwise it echoes the
 * line back prefixed with "echo: ".
 *
 * Build against the system OpenSSL:   gcc server.c -lssl -lcrypto
 * or against sslshim:                 gcc -Iinclude server.c -Ltarget/release -lsslshim
 *
 * Once the listening socket is ready the server prints "listening on PORT"
 * (and flushes), which scripts can wait for.
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
#include <openssl/ssl.h>

static void die(const char *what)
{
    fprintf(stderr, "server: %s failed\n", what);
    /* The OpenSSL error queue says why; print and clear it. */
    ERR_print_errors_fp(stderr);
    exit(1);
}

/* Plain BSD sockets: a listening TCP socket on 127.0.0.1. */
static int listen_on(int *port)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        die("socket");
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons((unsigned short)*port);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 16) != 0)
        die("bind/listen");
    getsockname(fd, (struct sockaddr *)&sa, &len);
    *port = ntohs(sa.sin_port);
    return fd;
}

/* Read up to one line (ending in '\n') from the TLS connection. */
static int read_line(SSL *ssl, char *buf, int size)
{
    int n = 0;
    while (n < size - 1) {
        /* SSL_read returns the number of plaintext bytes read; <= 0 means
         * the connection ended or failed (SSL_get_error tells which). */
        int r = SSL_read(ssl, buf + n, 1);
        if (r <= 0)
            break;
        if (buf[n++] == '\n')
            break;
    }
    buf[n] = '\0';
    return n;
}

static void serve_one(SSL_CTX *ctx, int client_fd)
{
    char line[1024], reply[1400];

    /* One SSL object per connection; it inherits the settings of the
     * SSL_CTX (certificate, key, protocol versions, ...). */
    SSL *ssl = SSL_new(ctx);
    if (ssl == NULL)
        die("SSL_new");
    /* Attach the socket: libssl creates a socket BIO around the fd. */
    SSL_set_fd(ssl, client_fd);

    /* Run the server side of the handshake (blocking socket: this returns
     * when the handshake completed (1) or failed (<= 0)). */
    if (SSL_accept(ssl) != 1) {
        fprintf(stderr, "server: handshake failed\n");
        ERR_print_errors_fp(stderr);
        SSL_free(ssl);
        return;
    }

    /* What was negotiated. SSL_get_servername returns the SNI host name
     * the client sent, or NULL if it sent none. */
    const char *sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    printf("connection: version %s, cipher %s, SNI %s\n", SSL_get_version(ssl),
           SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)), sni ? sni : "(none)");

    int n = read_line(ssl, line, sizeof line);
    if (n > 0) {
        line[strcspn(line, "\r\n")] = '\0';
        printf("request: %s\n", line);
        if (strncmp(line, "GET", 3) == 0) {
            /* Drain the rest of the HTTP request headers (until empty line). */
            char hdr[1024];
            while (read_line(ssl, hdr, sizeof hdr) > 0 && strcmp(hdr, "\r\n") != 0 &&
                   strcmp(hdr, "\n") != 0)
                ;
            char body[256];
            snprintf(body, sizeof body, "hello from sslshim example server (%s)\n",
                     SSL_get_version(ssl));
            snprintf(reply, sizeof reply,
                     "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n"
                     "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                     strlen(body), body);
        } else {
            snprintf(reply, sizeof reply, "echo: %s\n", line);
        }
        /* SSL_write encrypts and sends; on a blocking socket it returns
         * only when everything was written (or on error). */
        if (SSL_write(ssl, reply, (int)strlen(reply)) <= 0)
            ERR_print_errors_fp(stderr);
    }

    /* Send our close_notify alert. A return of 0 means "sent, the peer's
     * close_notify not received yet" - fine for a server that closes now. */
    SSL_shutdown(ssl);
    SSL_free(ssl);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    int port = 4433, count = 1;
    const char *cert = "tests/certs/server-chain.pem";
    const char *key = "tests/certs/server.key";

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-p") && i + 1 < argc)
            port = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-cert") && i + 1 < argc)
            cert = argv[++i];
        else if (!strcmp(argv[i], "-key") && i + 1 < argc)
            key = argv[++i];
        else if (!strcmp(argv[i], "-n") && i + 1 < argc)
            count = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: %s [-p port] [-cert chain.pem] [-key key.pem] [-n count]\n",
                    argv[0]);
            return 2;
        }
    }
    signal(SIGPIPE, SIG_IGN); /* a vanished client must not kill us */

    /* Initialise libssl (optional since OpenSSL 1.1, harmless). */
    OPENSSL_init_ssl(0, NULL);

    /* An SSL_CTX holds the configuration shared by many connections.
     * TLS_server_method() = "any TLS version this library supports". */
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL)
        die("SSL_CTX_new");
    /* Refuse anything older than TLS 1.2. */
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    /* Our certificate followed by the intermediate CA(s), then its key.
     * check_private_key makes sure the two belong together. */
    if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1)
        die("SSL_CTX_use_certificate_chain_file");
    if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1)
        die("SSL_CTX_use_PrivateKey_file");
    if (SSL_CTX_check_private_key(ctx) != 1)
        die("SSL_CTX_check_private_key");

    int lfd = listen_on(&port);
    printf("listening on %d\n", port);
    fflush(stdout);

    for (int served = 0; count == 0 || served < count; served++) {
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0)
            die("accept");
        serve_one(ctx, fd);
        close(fd);
    }
    close(lfd);
    SSL_CTX_free(ctx);
    return 0;
}
