/*
 * sess_peer.c - a client and a server for the session interop tests
 * (tests/interop/sessions.sh), written against the OpenSSL 3 API.
 *
 *   sess_peer client PORT CAFILE [-tls12] [-noticket] [-n COUNT]
 *       COUNT connections (default 2) to 127.0.0.1:PORT sending
 *       "GET / HTTP/1.0"; each one after the first offers the first one's
 *       session (SSL_set_session: one session object used again and
 *       again). Prints "connection N: <version> reused <0|1> answer
 *       <yes|no> peer says <new|reused|?>" (the peer's answer, from
 *       openssl s_server -www or sess_peer server). Exit 0 if all worked.
 *
 *   sess_peer server PORT CHAIN KEY [-tls12] [-noticket] [-n COUNT]
 *                    [-save FILE] [-load FILE]
 *       Listens on 127.0.0.1:PORT (0: any; prints "listening on P"), serves
 *       COUNT connections (default 1): reads until the peer closes or sends
 *       an empty line, answers one line, prints
 *       "connection N: <version> reused <0|1>".
 *       -save FILE: an external session cache (internal cache off): the
 *       new_session_cb writes each new session's DER (i2d_SSL_SESSION) to
 *       FILE. -load FILE: get_session_cb returns d2i_SSL_SESSION of FILE
 *       when the id matches - so a second process resumes what the first
 *       one saved.
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

static const char *save_file, *load_file;

static void die(const char *what)
{
    fprintf(stderr, "sess_peer: %s failed\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

static int new_cb(SSL *ssl, SSL_SESSION *sess)
{
    (void)ssl;
    unsigned char *der = NULL;
    int len = i2d_SSL_SESSION(sess, &der);
    if (len <= 0)
        die("i2d_SSL_SESSION");
    FILE *f = fopen(save_file, "wb");
    if (f == NULL || fwrite(der, 1, (size_t)len, f) != (size_t)len || fclose(f) != 0)
        die("writing the session file");
    OPENSSL_free(der);
    printf("saved session (%d bytes DER)\n", len);
    return 0; /* we keep no reference */
}

static SSL_SESSION *get_cb(SSL *ssl, const unsigned char *id, int len, int *copy)
{
    (void)ssl;
    unsigned char buf[16384];
    FILE *f = fopen(load_file, "rb");
    if (f == NULL)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    const unsigned char *p = buf;
    SSL_SESSION *s = d2i_SSL_SESSION(NULL, &p, (long)n);
    if (s == NULL)
        die("d2i_SSL_SESSION");
    unsigned int idlen;
    const unsigned char *sid = SSL_SESSION_get_id(s, &idlen);
    if ((int)idlen != len || memcmp(sid, id, idlen) != 0) {
        printf("get_session_cb: id does not match the saved session\n");
        SSL_SESSION_free(s);
        return NULL;
    }
    printf("get_session_cb: loaded the saved session\n");
    *copy = 0;
    return s;
}

static void setup(SSL_CTX *ctx, int tls12, int noticket)
{
    if (tls12 && SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION) != 1)
        die("set_max_proto_version");
    if (noticket)
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
}

static int connect_port(int port)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons((unsigned short)port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
        die("connect");
    return fd;
}

static int client(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    int port = atoi(argv[2]), tls12 = 0, noticket = 0, count = 2;
    for (int i = 4; i < argc; i++) {
        if (!strcmp(argv[i], "-tls12"))
            tls12 = 1;
        else if (!strcmp(argv[i], "-noticket"))
            noticket = 1;
        else if (!strcmp(argv[i], "-n") && i + 1 < argc)
            count = atoi(argv[++i]);
        else
            return 2;
    }
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == NULL || SSL_CTX_load_verify_locations(ctx, argv[3], NULL) != 1)
        die("client context");
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    setup(ctx, tls12, noticket);
    SSL_SESSION *sess = NULL;
    int ok = 0;
    for (int n = 1; n <= count; n++) {
        int fd = connect_port(port);
        SSL *ssl = SSL_new(ctx);
        SSL_set_fd(ssl, fd);
        SSL_set_tlsext_host_name(ssl, "localhost");
        if (sess != NULL && SSL_set_session(ssl, sess) != 1)
            die("SSL_set_session");
        if (SSL_connect(ssl) != 1)
            die("SSL_connect");
        const char *req = "GET / HTTP/1.0\r\n\r\n";
        if (SSL_write(ssl, req, (int)strlen(req)) <= 0)
            die("SSL_write");
        /* Reading the answer also reads the TLS 1.3 tickets. */
        static char answer[65536];
        int total = 0, r;
        while (total < (int)sizeof answer - 1 &&
               (r = SSL_read(ssl, answer + total, (int)sizeof answer - 1 - total)) > 0)
            total += r;
        answer[total] = '\0';
        /* openssl s_server -www reports "New, ..." or "Reused, ...";
         * sess_peer server "reused 0" or "reused 1". */
        const char *says = strstr(answer, "Reused, ") || strstr(answer, "reused 1") ? "reused"
                           : strstr(answer, "New, ") || strstr(answer, "reused 0") ? "new"
                                                                                    : "?";
        printf("connection %d: %s reused %d answer %s peer says %s\n", n,
               SSL_get_version(ssl), SSL_session_reused(ssl), total > 0 ? "yes" : "no", says);
        ok += total > 0;
        if (n == 1) {
            sess = SSL_get1_session(ssl);
            if (sess == NULL || !SSL_SESSION_is_resumable(sess))
                die("a resumable session from the first connection");
        }
        SSL_shutdown(ssl);
        SSL_free(ssl);
        close(fd);
    }
    SSL_SESSION_free(sess);
    SSL_CTX_free(ctx);
    return ok == count ? 0 : 1;
}

static int server(int argc, char **argv)
{
    if (argc < 5)
        return 2;
    int port = atoi(argv[2]), tls12 = 0, noticket = 0, count = 1;
    for (int i = 5; i < argc; i++) {
        if (!strcmp(argv[i], "-tls12"))
            tls12 = 1;
        else if (!strcmp(argv[i], "-noticket"))
            noticket = 1;
        else if (!strcmp(argv[i], "-n") && i + 1 < argc)
            count = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-save") && i + 1 < argc)
            save_file = argv[++i];
        else if (!strcmp(argv[i], "-load") && i + 1 < argc)
            load_file = argv[++i];
        else
            return 2;
    }
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL || SSL_CTX_use_certificate_chain_file(ctx, argv[3]) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, argv[4], SSL_FILETYPE_PEM) != 1)
        die("server context");
    setup(ctx, tls12, noticket);
    if (SSL_CTX_set_session_id_context(ctx, (const unsigned char *)"sess_peer", 9) != 1)
        die("SSL_CTX_set_session_id_context");
    if (save_file || load_file)
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL);
    if (save_file)
        SSL_CTX_sess_set_new_cb(ctx, new_cb);
    if (load_file)
        SSL_CTX_sess_set_get_cb(ctx, get_cb);

    struct sockaddr_in sa;
    socklen_t salen = sizeof sa;
    int one = 1, lfd = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons((unsigned short)port);
    if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(lfd, 8) != 0)
        die("bind/listen");
    getsockname(lfd, (struct sockaddr *)&sa, &salen);
    printf("listening on %d\n", ntohs(sa.sin_port));
    fflush(stdout);

    for (int n = 1; n <= count; n++) {
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0)
            die("accept");
        SSL *ssl = SSL_new(ctx);
        SSL_set_fd(ssl, fd);
        if (SSL_accept(ssl) != 1) {
            fprintf(stderr, "sess_peer: handshake %d failed\n", n);
            ERR_print_errors_fp(stderr);
        } else {
            char buf[1024];
            int r;
            /* Until the peer closes or an empty line ends a request. */
            while ((r = SSL_read(ssl, buf, sizeof buf - 1)) > 0) {
                buf[r] = '\0';
                if (strstr(buf, "\r\n\r\n") || strstr(buf, "\n\n"))
                    break;
            }
            printf("connection %d: %s reused %d\n", n, SSL_get_version(ssl),
                   SSL_session_reused(ssl));
            fflush(stdout);
            char reply[128];
            snprintf(reply, sizeof reply, "HTTP/1.0 200 OK\r\n\r\nreused %d\n",
                     SSL_session_reused(ssl));
            SSL_write(ssl, reply, (int)strlen(reply));
            SSL_shutdown(ssl);
        }
        SSL_free(ssl);
        close(fd);
    }
    close(lfd);
    SSL_CTX_free(ctx);
    return 0;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    OPENSSL_init_ssl(0, NULL);
    if (argc > 1 && !strcmp(argv[1], "client"))
        return client(argc, argv);
    if (argc > 1 && !strcmp(argv[1], "server"))
        return server(argc, argv);
    fprintf(stderr, "usage: sess_peer client|server ... (see the source)\n");
    return 2;
}
