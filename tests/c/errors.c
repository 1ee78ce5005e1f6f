/*
 * Error paths: EOF and garbage during the handshake, peer reset, version
 * mismatch, missing connect/accept state, missing BIO, I/O after failure,
 * SSL_get_error after each kind of return, SSL_OP_IGNORE_UNEXPECTED_EOF, and
 * NULL arguments OpenSSL tolerates.
 *
 * Where OpenSSL and a rustls-based library may legitimately report different
 * reasons (garbage input, the server's own view of a version mismatch), the
 * reason is printed on a '#' line only.
 */
#include "net.h"

#include <sys/ioctl.h>

/* Step an SSL call until it stops returning WANT_READ/WANT_WRITE (the data
 * is already in the socket, so a short poll suffices). */
static int step_until_done(SSL *ssl, int fd, int (*fn)(SSL *), int *err)
{
    for (int i = 0; i < 100; i++) {
        int r = fn(ssl);
        *err = SSL_get_error(ssl, r);
        if (r == 1 || !is_want(*err))
            return r;
        CHECK(r == -1);
        struct pollfd pfd = {fd, *err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, 0};
        if (poll(&pfd, 1, 2000) != 1)
            return r; /* still waiting: report as is */
    }
    return -1;
}

/* Read the first TLS record (the ClientHello) from a raw socket. */
static void read_record(int fd)
{
    unsigned char hdr[5], body[17000];
    size_t got = 0, need = 5;
    while (got < need) {
        struct pollfd pfd = {fd, POLLIN, 0};
        CHECK(poll(&pfd, 1, 5000) == 1);
        ssize_t n = read(fd, got < 5 ? hdr + got : body + (got - 5),
                         got < 5 ? 5 - got : need - got);
        CHECK(n > 0);
        got += (size_t)n;
        if (got == 5)
            need = 5 + (((size_t)hdr[3] << 8) | hdr[4]);
    }
    CHECK(hdr[0] == 22); /* handshake */
}

static SSL *raw_client(int fd)
{
    static SSL_CTX *ctx;
    if (!ctx)
        ctx = client_ctx(SSL_VERIFY_PEER);
    SSL *ssl = SSL_new(ctx);
    CHECK(ssl != NULL);
    CHECK(SSL_set_fd(ssl, fd) == 1);
    CHECK(SSL_set_tlsext_host_name(ssl, "localhost") == 1);
    return ssl;
}

static SSL *raw_server(int fd)
{
    static SSL_CTX *ctx;
    if (!ctx)
        ctx = server_ctx("server-chain.pem", "server.key");
    SSL *ssl = SSL_new(ctx);
    CHECK(ssl != NULL);
    CHECK(SSL_set_fd(ssl, fd) == 1);
    return ssl;
}

static void socket_pair(int sv[2])
{
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    set_nonblocking(sv[0]);
    set_nonblocking(sv[1]);
}

/* Client SSL_connect; the raw peer reads the ClientHello, then either closes
 * (eof) or sends `garbage`. */
static void client_vs_raw_peer(const char *name, const char *garbage)
{
    int sv[2], e;
    socket_pair(sv);
    SSL *ssl = raw_client(sv[0]);
    printf("== client, peer %s\n", name);
    int r = SSL_connect(ssl);
    CHECK(r == -1 && SSL_get_error(ssl, r) == SSL_ERROR_WANT_READ);
    read_record(sv[1]);
    if (garbage)
        CHECK(write(sv[1], garbage, strlen(garbage)) == (ssize_t)strlen(garbage));
    close(sv[1]);
    r = step_until_done(ssl, sv[0], SSL_connect, &e);
    printf("connect %d %s\n", r, err_name(e));
    if (garbage && strlen(garbage) >= 5)
        note_first_error("connect");
    else /* EOF, also after less than a record header: compared */
        print_first_error("connect");
    /* I/O after the failure */
    char buf[16];
    r = SSL_read(ssl, buf, sizeof buf);
    printf("read after failure %d %s\n", r, err_name(SSL_get_error(ssl, r)));
    note_first_error("read after failure");
    r = SSL_write(ssl, "x", 1);
    printf("write after failure %d %s\n", r, err_name(SSL_get_error(ssl, r)));
    note_first_error("write after failure");
    SSL_free(ssl);
    close(sv[0]);
}

/* Server SSL_accept; the raw peer sends `bytes` (or nothing) and closes. */
static void server_vs_raw_peer(const char *name, const char *bytes, size_t len)
{
    int sv[2], e;
    socket_pair(sv);
    SSL *ssl = raw_server(sv[1]);
    printf("== server, peer %s\n", name);
    if (len)
        CHECK(write(sv[0], bytes, len) == (ssize_t)len);
    close(sv[0]);
    int r = step_until_done(ssl, sv[1], SSL_accept, &e);
    printf("accept %d %s\n", r, err_name(e));
    if (len >= 5)
        note_first_error("accept");
    else /* EOF, also after less than a record header: compared */
        print_first_error("accept");
    SSL_free(ssl);
    close(sv[1]);
}

/* An HTTP request to a TLS server whose client then waits (a browser on
 * the wrong port): judged on the first record's header alone, at once,
 * with no alert back, the rest of the request left unread. */
static void server_http_client_waits(void)
{
    static const char req[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    int sv[2], e = 0, left = -1;
    char buf[64];
    socket_pair(sv);
    SSL *ssl = raw_server(sv[1]);
    printf("== server, an HTTP request, the client waiting\n");
    CHECK(write(sv[0], req, sizeof req - 1) == (ssize_t)(sizeof req - 1));
    int r = step_until_done(ssl, sv[1], SSL_accept, &e);
    printf("accept %d %s\n", r, err_name(e));
    print_first_error("accept");
    CHECK(ioctl(sv[1], FIONREAD, &left) == 0);
    printf("request bytes left unread: %d of %zu\n", left, sizeof req - 1);
    ssize_t n = read(sv[0], buf, sizeof buf);
    printf("server wrote back %zd bytes\n", n > 0 ? n : 0);
    SSL_free(ssl);
    close(sv[0]);
    close(sv[1]);
}

/* TCP reset (SO_LINGER 0) by the peer after it read the ClientHello. */
static void peer_reset(void)
{
    int port, lfd = listen_ephemeral(&port), e;
    int cfd = connect_port(port);
    int sfd = accept(lfd, NULL, NULL);
    struct linger lin = {1, 0};
    CHECK(sfd >= 0);
    close(lfd);
    set_nonblocking(cfd);
    printf("== client, peer resets the TCP connection\n");
    SSL *ssl = raw_client(cfd);
    int r = SSL_connect(ssl);
    CHECK(r == -1 && SSL_get_error(ssl, r) == SSL_ERROR_WANT_READ);
    read_record(sfd);
    CHECK(setsockopt(sfd, SOL_SOCKET, SO_LINGER, &lin, sizeof lin) == 0);
    close(sfd);
    errno = 0;
    r = step_until_done(ssl, cfd, SSL_connect, &e);
    int saved = errno;
    printf("connect %d %s errno %s\n", r, err_name(e),
           saved == ECONNRESET ? "ECONNRESET" : strerror(saved));
    print_first_error("connect");
    SSL_free(ssl);
    close(cfd);
}

static int read_1(SSL *ssl)
{
    char buf[64];
    return SSL_read(ssl, buf, sizeof buf);
}

/* Handshake over a socketpair, then the server side vanishes without
 * close_notify; with and without SSL_OP_IGNORE_UNEXPECTED_EOF. */
static void unexpected_eof(int ignore, int version)
{
    pair_t p = {0};
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    int rc_c, e_c, rc_s, e_s;
    char buf[64];
    printf("== unexpected EOF after handshake, %s, IGNORE_UNEXPECTED_EOF %d\n",
           version == TLS1_2_VERSION ? "TLSv1.2" : "TLSv1.3", ignore);
    CHECK(SSL_CTX_set_max_proto_version(cctx, version) == 1);
    if (ignore) {
        uint64_t o = SSL_CTX_set_options(cctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
        CHECK(o & SSL_OP_IGNORE_UNEXPECTED_EOF);
    }
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    pair_attach_socketpair(&p);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    CHECK(rc_c == 1 && rc_s == 1);
    CHECK(SSL_write(p.s, "last words", 10) == 10);
    SSL_free(p.s); /* no close_notify */
    p.s = NULL;
    close(p.fd_s);
    p.fd_s = -1;
    int e, r = step_until_done(p.c, p.fd_c, read_1, &e);
    /* step_until_done treats r==1 as done; SSL_read returns 10 here */
    CHECK(r == -1 || r == 10 || r == 0);
    if (r == 10) {
        printf("read %d\n", r);
        r = SSL_read(p.c, buf, sizeof buf);
        e = SSL_get_error(p.c, r);
        for (int i = 0; i < 50 && r < 0 && is_want(e); i++) {
            struct pollfd pfd = {p.fd_c, POLLIN, 0};
            poll(&pfd, 1, 1000);
            r = SSL_read(p.c, buf, sizeof buf);
            e = SSL_get_error(p.c, r);
        }
    }
    printf("read at eof %d %s shutdown_flags %d\n", r, err_name(e), SSL_get_shutdown(p.c));
    print_first_error("read at eof");
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

static void version_mismatch(int cmin, int cmax, int smin, int smax)
{
    pair_t p = {0};
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    int rc_c, e_c, rc_s, e_s;
    printf("== version mismatch client %04x-%04x server %04x-%04x\n", cmin, cmax, smin, smax);
    CHECK(SSL_CTX_set_min_proto_version(cctx, cmin) == 1);
    CHECK(SSL_CTX_set_max_proto_version(cctx, cmax) == 1);
    CHECK(SSL_CTX_set_min_proto_version(sctx, smin) == 1);
    CHECK(SSL_CTX_set_max_proto_version(sctx, smax) == 1);
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    pair_attach_mem(&p);
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    printf("client connect %d %s\n", rc_c, err_name(e_c));
    printf("server accept %d %s\n", rc_s, err_name(e_s));
    /* The server detects the mismatch and sends protocol_version (70); the
     * client reports SSL_R_TLSV1_ALERT_PROTOCOL_VERSION = 1070. */
    print_error_code("client", p.err_c);
    note_error_code("server", p.err_s);
    int r = read_1(p.c);
    printf("client read after failure %d %s\n", r, err_name(SSL_get_error(p.c, r)));
    note_first_error("client read after failure");
    r = SSL_write(p.c, "x", 1);
    printf("client write after failure %d %s\n", r, err_name(SSL_get_error(p.c, r)));
    note_first_error("client write after failure");
    r = SSL_do_handshake(p.c);
    printf("client handshake again %d %s\n", r, err_name(SSL_get_error(p.c, r)));
    note_first_error("client handshake again");
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

static void no_state_no_bio(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    CHECK(ctx && cctx && sctx);
    printf("== no connect/accept state, no BIO\n");
    SSL *a = SSL_new(ctx), *b = SSL_new(cctx), *c = SSL_new(sctx);
    CHECK(a && b && c);
    printf("is_server TLS_method %d TLS_client_method %d TLS_server_method %d\n",
           SSL_is_server(a), SSL_is_server(b), SSL_is_server(c));
    BIO *rb = BIO_new(BIO_s_mem()), *wb = BIO_new(BIO_s_mem());
    SSL_set_bio(a, rb, wb);
    int r = SSL_do_handshake(a);
    printf("do_handshake without state %d %s\n", r, err_name(SSL_get_error(a, r)));
    print_first_error("do_handshake without state");
    r = SSL_do_handshake(b);
    printf("do_handshake client method without state or BIO %d %s\n", r,
           err_name(SSL_get_error(b, r)));
    print_first_error("do_handshake client method");
    r = SSL_connect(c);
    printf("connect without BIO %d %s\n", r, err_name(SSL_get_error(c, r)));
    note_first_error("connect without BIO"); /* OpenSSL: an internal-error class reason */
    printf("get_rbio/get_wbio without BIO %d %d\n", SSL_get_rbio(c) == NULL,
           SSL_get_wbio(c) == NULL);
    printf("get_fd without BIO %d\n", SSL_get_fd(c));
    SSL_free(a);
    SSL_free(b);
    SSL_free(c);
    SSL_CTX_free(ctx);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* SSL_get_error after each kind of return on a healthy connection. */
static void get_error_kinds(void)
{
    pair_t p = {0};
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    int rc_c, e_c, rc_s, e_s;
    static unsigned char big[10000];
    printf("== SSL_get_error kinds\n");
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    pair_attach_biopair(&p, 4096);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    CHECK(rc_c == 1 && rc_s == 1);
    printf("after success %s\n", err_name(SSL_get_error(p.c, 1)));
    int r = read_1(p.s);
    printf("read on empty %d %s\n", r, err_name(SSL_get_error(p.s, r)));
    r = SSL_write(p.c, big, sizeof big); /* does not fit the 4 KiB BIO pair */
    printf("write larger than the BIO pair %d %s\n", r, err_name(SSL_get_error(p.c, r)));
    /* drain and retry with the same arguments until done */
    int tries = 0;
    while (r < 0 && tries++ < 100) {
        pair_move(&p);
        char buf[16384];
        while (SSL_read(p.s, buf, sizeof buf) > 0)
            ;
        pair_move(&p);
        r = SSL_write(p.c, big, sizeof big);
        CHECK(r == (int)sizeof big || (r == -1 && is_want(SSL_get_error(p.c, r))));
    }
    printf("write retried %d\n", r);
    r = SSL_shutdown(p.c);
    pair_move(&p);
    char buf[16384];
    int total = 0;
    while ((r = SSL_read(p.s, buf, sizeof buf)) > 0)
        total += r;
    printf("server drained rest, read %d %s\n", r, err_name(SSL_get_error(p.s, r)));
    r = SSL_write(p.c, "x", 1);
    printf("client write after own shutdown %d %s\n", r, err_name(SSL_get_error(p.c, r)));
    print_first_error("client write after own shutdown");
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* A server loop that leaves the error queue as a failed handshake left it
 * (memcached): OpenSSL's state machine clears the queue when it starts, so
 * the next connection's SSL_accept, waiting for its ClientHello, is
 * WANT_READ, not SSL_ERROR_SSL. */
static void stale_error_then_accept(void)
{
    int sv[2];
    printf("== a failed handshake's error left queued, then a new SSL_accept\n");
    socket_pair(sv);
    SSL *s = raw_server(sv[0]);
    close(sv[1]);
    int r = SSL_accept(s);
    printf("accept at eof %d %s, queue %s\n", r, err_name(SSL_get_error(s, r)),
           ERR_peek_error() ? "holds an error" : "empty");
    SSL_free(s);
    close(sv[0]);
    socket_pair(sv);
    s = raw_server(sv[0]);
    r = SSL_accept(s);
    printf("next accept %d %s, queue %s\n", r, err_name(SSL_get_error(s, r)),
           ERR_peek_error() ? "holds an error" : "empty");
    SSL_free(s);
    close(sv[0]);
    close(sv[1]);
}

static void null_args(void)
{
    printf("== NULL arguments\n");
    SSL_free(NULL);
    SSL_CTX_free(NULL);
    printf("BIO_free(NULL) %d\n", BIO_free(NULL));
    BIO_free_all(NULL);
    X509_free(NULL);
    printf("SSL_CIPHER_get_name(NULL) %s\n", SSL_CIPHER_get_name(NULL));
    printf("null frees ok\n");
}

int main(int argc, char **argv)
{
    static const char http_get[] = "GET / HTTP/1.0\r\n\r\n";
    static const char bad_record[] = "\x16\x03\x01\x00\x05hello";
    test_init(argc, argv);
    alarm(60);
    client_vs_raw_peer("closes after ClientHello", NULL);
    client_vs_raw_peer("sends garbage", "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    server_vs_raw_peer("closes without sending", "", 0);
    server_vs_raw_peer("sends an HTTP request", http_get, sizeof http_get - 1);
    server_vs_raw_peer("sends a malformed handshake record", bad_record, sizeof bad_record - 1);
    server_http_client_waits();
    /* Nothing is judged before a whole record header: EOF wins. */
    server_vs_raw_peer("sends one byte and closes", "\n", 1);
    server_vs_raw_peer("sends four bytes and closes", "\x16\x03\x01\x00", 4);
    client_vs_raw_peer("answers one byte and closes", "\n");
    peer_reset();
    unexpected_eof(0, TLS1_3_VERSION);
    unexpected_eof(1, TLS1_3_VERSION);
    unexpected_eof(0, TLS1_2_VERSION);
    unexpected_eof(1, TLS1_2_VERSION);
    version_mismatch(TLS1_2_VERSION, TLS1_2_VERSION, TLS1_3_VERSION, TLS1_3_VERSION);
    version_mismatch(TLS1_3_VERSION, TLS1_3_VERSION, TLS1_2_VERSION, TLS1_2_VERSION);
    no_state_no_bio();
    get_error_kinds();
    stale_error_then_accept();
    null_args();
    CHECK(ERR_peek_error() == 0);
    return 0;
}
