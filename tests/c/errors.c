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

static int junk_cert_cb(SSL *ssl, void *arg)
{
    (void)ssl, (void)arg;
    return 1;
}

static int junk_servername_cb(SSL *ssl, int *alert, void *arg)
{
    (void)ssl, (void)alert, (void)arg;
    return SSL_TLSEXT_ERR_OK;
}

static int junk_client_hello_cb(SSL *ssl, int *alert, void *arg)
{
    (void)ssl, (void)alert, (void)arg;
    return SSL_CLIENT_HELLO_SUCCESS;
}

/* Bytes that are not TLS to a server with a callback that runs at the
 * ClientHello (Node's TLS servers set a certificate callback): OpenSSL
 * answers the first record with no alert, whatever callbacks are set
 * (a peer that is not TLS would read the alert as data). */
static void server_junk_with_callback(const char *cb, const char *name, const char *bytes)
{
    SSL_CTX *ctx = server_ctx("server-chain.pem", "server.key");
    if (strcmp(cb, "cert") == 0)
        SSL_CTX_set_cert_cb(ctx, junk_cert_cb, NULL);
    else if (strcmp(cb, "servername") == 0)
        SSL_CTX_set_tlsext_servername_callback(ctx, junk_servername_cb);
    else if (strcmp(cb, "client_hello") == 0)
        SSL_CTX_set_client_hello_cb(ctx, junk_client_hello_cb, NULL);
    int sv[2], e = 0;
    char buf[64];
    socket_pair(sv);
    SSL *ssl = SSL_new(ctx);
    CHECK(ssl != NULL && SSL_set_fd(ssl, sv[1]) == 1);
    printf("== server with a %s callback, peer sends %s\n", cb, name);
    CHECK(write(sv[0], bytes, strlen(bytes)) == (ssize_t)strlen(bytes));
    int r = step_until_done(ssl, sv[1], SSL_accept, &e);
    printf("accept %d %s\n", r, err_name(e));
    print_first_error("accept");
    ssize_t n = read(sv[0], buf, sizeof buf);
    printf("server wrote back %zd bytes\n", n > 0 ? n : 0);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(sv[0]);
    close(sv[1]);
}

static SSL_CTX *no_cert_switch_to;

static int no_cert_servername_cb(SSL *ssl, int *alert, void *arg)
{
    (void)alert, (void)arg;
    if (no_cert_switch_to)
        SSL_set_SSL_CTX(ssl, no_cert_switch_to);
    return SSL_TLSEXT_ERR_OK;
}

/* A server with no certificate to offer: none set, or its servername
 * callback switches to a context without one (Node's SNICallback handing
 * over an empty secure context). OpenSSL's TLS 1.3 server finds no
 * signature algorithm, its TLS 1.2 server no cipher; both answer with a
 * handshake_failure alert. */
static void server_without_certificate(const char *label, int version, int switched)
{
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_NONE);
    CHECK(sctx != NULL);
    if (switched) {
        CHECK(SSL_CTX_use_certificate_chain_file(sctx, cert("server-chain.pem")) == 1);
        CHECK(SSL_CTX_use_PrivateKey_file(sctx, cert("server.key"), SSL_FILETYPE_PEM) == 1);
        no_cert_switch_to = SSL_CTX_new(TLS_server_method());
        CHECK(no_cert_switch_to != NULL);
    }
    /* Without the callback our server takes its direct path (no
     * ClientHello phase); with it, the acceptor path. */
    if (switched)
        SSL_CTX_set_tlsext_servername_callback(sctx, no_cert_servername_cb);
    CHECK(SSL_CTX_set_max_proto_version(cctx, version) == 1);
    pair_t p;
    pair_new_mem(&p, cctx, sctx);
    CHECK(SSL_set_tlsext_host_name(p.c, "localhost") == 1);
    printf("== server without a certificate, %s\n", label);
    pair_handshake_print(&p);
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    if (no_cert_switch_to)
        SSL_CTX_free(no_cert_switch_to);
    no_cert_switch_to = NULL;
}

static int queue_cb_calls;

static int queue_cert_cb(SSL *ssl, void *arg)
{
    if (*(int *)arg && queue_cb_calls++ == 0)
        return -1;
    /* A failing call queues ERR_R_PASSED_NULL_PARAMETER. */
    CHECK(SSL_use_certificate(ssl, NULL) == 0);
    return 1;
}

static int queue_servername_cb(SSL *ssl, int *alert, void *arg)
{
    (void)alert, (void)arg;
    CHECK(SSL_use_PrivateKey(ssl, NULL) == 0);
    return SSL_TLSEXT_ERR_OK;
}

/* What a ClientHello callback queues stays on the queue after the call it
 * ran in (OpenSSL clears the queue when a call starts its state machine,
 * not in between; Node reports such an error from its SNI callback); a
 * callback asking to be called again (-1) ends the call, so the next one
 * starts with a clear queue. */
static void errors_queued_in_callbacks(const char *label, int servername, int retry_first)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_NONE);
    static int retry;
    retry = retry_first;
    queue_cb_calls = 0;
    if (servername)
        SSL_CTX_set_tlsext_servername_callback(sctx, queue_servername_cb);
    else
        SSL_CTX_set_cert_cb(sctx, queue_cert_cb, &retry);
    pair_t p;
    pair_new_mem(&p, cctx, sctx);
    CHECK(SSL_set_tlsext_host_name(p.c, "localhost") == 1);
    printf("== an error queued in the %s\n", label);
    pair_handshake_print(&p);
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
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

/* A program's socket BIO whose ctrl never reports BIO_CTRL_EOF, as
 * PostgreSQL's (its read does not set the flag OpenSSL's socket BIO sets at
 * an end of file): OpenSSL 3.0 calls an end of file unexpected only when
 * BIO_eof says so, and otherwise ends the call with SSL_ERROR_SYSCALL and
 * nothing queued. */
static int noeof_read(BIO *b, char *buf, int len)
{
    int n = (int)recv((int)(intptr_t)BIO_get_data(b), buf, (size_t)len, 0);
    BIO_clear_retry_flags(b);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        BIO_set_retry_read(b);
    return n;
}

static int noeof_write(BIO *b, const char *buf, int len)
{
    int n = (int)send((int)(intptr_t)BIO_get_data(b), buf, (size_t)len, MSG_NOSIGNAL);
    BIO_clear_retry_flags(b);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        BIO_set_retry_write(b);
    return n;
}

static long noeof_ctrl(BIO *b, int cmd, long num, void *ptr)
{
    (void)b, (void)num, (void)ptr;
    return cmd == BIO_CTRL_FLUSH;
}

static int noeof_create(BIO *b)
{
    BIO_set_init(b, 1);
    return 1;
}

static void set_noeof_bio(SSL *ssl, int fd)
{
    static BIO_METHOD *m;
    if (!m) {
        m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "socket without eof");
        CHECK(m != NULL);
        BIO_meth_set_read(m, noeof_read);
        BIO_meth_set_write(m, noeof_write);
        BIO_meth_set_ctrl(m, noeof_ctrl);
        BIO_meth_set_create(m, noeof_create);
    }
    BIO *b = BIO_new(m);
    CHECK(b != NULL);
    BIO_set_data(b, (void *)(intptr_t)fd);
    SSL_set_bio(ssl, b, b);
}

/* The end of file a BIO without BIO_CTRL_EOF meets: a server whose client
 * closes at once, a client whose server closes after the ClientHello;
 * each call twice (nothing is fatal then). */
static void eof_without_bio_eof(int server)
{
    int sv[2], e;
    socket_pair(sv);
    printf("== %s, peer closes, BIO without BIO_CTRL_EOF\n", server ? "server" : "client");
    SSL *ssl = server ? raw_server(sv[1]) : raw_client(sv[1]);
    set_noeof_bio(ssl, sv[1]);
    if (!server) {
        int r = SSL_connect(ssl);
        CHECK(r == -1 && SSL_get_error(ssl, r) == SSL_ERROR_WANT_READ);
        read_record(sv[0]);
    }
    close(sv[0]);
    for (int round = 0; round < 2; round++) {
        int r = step_until_done(ssl, sv[1], server ? SSL_accept : SSL_connect, &e);
        printf("%s %d: %d %s shutdown %d\n", server ? "accept" : "connect", round, r,
               err_name(e), SSL_get_shutdown(ssl));
        print_first_error("handshake");
        ERR_clear_error();
    }
    SSL_free(ssl);
    close(sv[1]);
}

/* Handshake over a socketpair, then the server side vanishes without
 * close_notify; with and without SSL_OP_IGNORE_UNEXPECTED_EOF, and with a
 * client BIO that never reports BIO_CTRL_EOF. */
static void unexpected_eof(int ignore, int version, int noeof)
{
    pair_t p = {0};
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    int rc_c, e_c, rc_s, e_s;
    char buf[64];
    printf("== unexpected EOF after handshake, %s, IGNORE_UNEXPECTED_EOF %d%s\n",
           version == TLS1_2_VERSION ? "TLSv1.2" : "TLSv1.3", ignore,
           noeof ? ", BIO without BIO_CTRL_EOF" : "");
    CHECK(SSL_CTX_set_max_proto_version(cctx, version) == 1);
    if (ignore) {
        uint64_t o = SSL_CTX_set_options(cctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
        CHECK(o & SSL_OP_IGNORE_UNEXPECTED_EOF);
    }
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    pair_attach_socketpair(&p);
    if (noeof)
        set_noeof_bio(p.c, p.fd_c);
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
    ERR_clear_error();
    r = SSL_read(p.c, buf, sizeof buf);
    printf("read again %d %s\n", r, err_name(SSL_get_error(p.c, r)));
    print_first_error("read again");
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* A TLS 1.3 client sends its Finished and a request, then closes without
 * reading the server's session tickets: OpenSSL's server ignores the
 * EPIPE its tickets meet, completes the handshake and reads the request. */
static void tickets_to_closed_client(void)
{
    pair_t p = {0};
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    char buf[64];
    printf("== TLS 1.3 client closes before the server's tickets\n");
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    pair_attach_socketpair(&p);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    int rc = -1, rs = -1, e;
    for (int i = 0; i < 50; i++) {
        rc = SSL_connect(p.c);
        if (rc == 1)
            break; /* its Finished is sent, not yet read */
        CHECK(is_want(SSL_get_error(p.c, rc)));
        rs = SSL_accept(p.s);
    }
    CHECK(rc == 1 && rs == -1 && SSL_get_error(p.s, rs) == SSL_ERROR_WANT_READ);
    CHECK(SSL_write(p.c, "request", 7) == 7);
    SSL_free(p.c); /* no close_notify, tickets unread */
    p.c = NULL;
    close(p.fd_c);
    p.fd_c = -1;
    rs = step_until_done(p.s, p.fd_s, SSL_accept, &e);
    printf("accept %d %s\n", rs, err_name(e));
    print_first_error("accept");
    int r = SSL_read(p.s, buf, sizeof buf);
    printf("read %d %.*s\n", r, r > 0 ? r : 0, buf);
    ERR_clear_error();
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* After the handshake the client sends a plaintext packet (PostgreSQL's
 * startup message, a client that did not wait for TLS): not a TLS record
 * header, so OpenSSL's server reports a wrong version number. */
static void plaintext_after_handshake(int version)
{
    static const unsigned char startup[] = {0, 0, 0, 8, 4, 210, 22, 47};
    pair_t p;
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    CHECK(SSL_CTX_set_max_proto_version(cctx, version) == 1);
    int rc, ec, rs, es;
    char buf[64];
    printf("== plaintext after the handshake, %s\n", version == TLS1_3_VERSION ? "TLS 1.3" : "TLS 1.2");
    pair_new_mem(&p, cctx, sctx);
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc, &ec, &rs, &es);
    CHECK(rc == 1 && rs == 1);
    CHECK(BIO_write(p.s_in, startup, sizeof startup) == sizeof startup);
    int r = SSL_read(p.s, buf, sizeof buf);
    printf("read %d %s\n", r, err_name(SSL_get_error(p.s, r)));
    print_first_error("read");
    ERR_clear_error();
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* What a server (its minimum version `min`, 0 for the default) answers
 * to `bytes` as its first record. */
static int any_name(SSL *s, int *al, void *arg)
{
    (void)s, (void)al, (void)arg;
    return SSL_TLSEXT_ERR_OK;
}

static void server_answers(const char *name, const unsigned char *bytes, int len, int min)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    CHECK(SSL_CTX_set_min_proto_version(sctx, min) == 1);
    /* A servername callback: sslshim reads the ClientHello another way. */
    if (strstr(name, "callback"))
        SSL_CTX_set_tlsext_servername_callback(sctx, any_name);
    SSL *s = SSL_new(sctx);
    BIO *in = BIO_new(BIO_s_mem()), *out = BIO_new(BIO_s_mem());
    CHECK(s && in && out);
    SSL_set_bio(s, in, out);
    printf("== %s\n", name);
    CHECK(BIO_write(in, bytes, len) == len);
    int r = SSL_accept(s);
    printf("accept %d %s shutdown %d\n", r, err_name(SSL_get_error(s, r)), SSL_get_shutdown(s));
    print_first_error("accept");
    ERR_clear_error();
    unsigned char buf[64];
    int n = BIO_read(out, buf, sizeof buf);
    printf("sent back %d bytes:", n > 0 ? n : 0);
    for (int i = 0; i < n; i++)
        printf(" %02x", buf[i]);
    printf("\n");
    SSL_free(s);
    SSL_CTX_free(sctx);
}

/* A fatal alert instead of a ClientHello: OpenSSL's server takes nothing
 * but a ClientHello first, and answers with an unexpected_message alert. */
static void alert_before_client_hello(void)
{
    static const unsigned char alert[] = {21, 3, 3, 0, 2, 2, 40};
    server_answers("fatal alert before the ClientHello", alert, sizeof alert, 0);
}

/* A TLS 1.1 client's ClientHello (openssl s_client -tls1_1, without the
 * signature_algorithms extension TLS 1.2 brought): OpenSSL's server refuses
 * the version (unsupported protocol, a protocol_version alert). */
static void tls11_client_hello(void)
{
    static const char hex[] =
        "16030100630100005f0302f02262053345afa4c660d22269d06862e4d95d8c31717590aa5ae6c0b"
        "d5d1f56000012c00ac0140039c009c01300330035002f00ff01000024000b000403000102000a00"
        "0c000a001d0017001e00190018002300000016000000170000";
    unsigned char hello[sizeof hex / 2];
    for (size_t i = 0; i < sizeof hello; i++)
        CHECK(sscanf(hex + 2 * i, "%2hhx", &hello[i]) == 1);
    server_answers("a TLS 1.1 ClientHello", hello, (int)sizeof hello, 0);
    server_answers("a TLS 1.1 ClientHello, TLS 1.1 allowed", hello, (int)sizeof hello,
                   TLS1_1_VERSION);
    server_answers("a TLS 1.1 ClientHello, TLS 1.2 at least", hello, (int)sizeof hello,
                   TLS1_2_VERSION);
    server_answers("a TLS 1.1 ClientHello, servername callback", hello, (int)sizeof hello, 0);
    server_answers("a TLS 1.1 ClientHello, TLS 1.2 at least, servername callback", hello,
                   (int)sizeof hello, TLS1_2_VERSION);
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

/* The peer's close_notify (a plaintext warning alert record) arrives while
 * the handshake waits for a message: OpenSSL's record layer marks the
 * connection closed by the peer and the handshake call returns -1 with
 * SSL_ERROR_ZERO_RETURN, nothing queued and no alert sent back; a second
 * call says the same without reading. `who` is the side receiving it,
 * `after_flight` whether the server's first flight went out first. */
static int hello_cb_ok(SSL *ssl, int *al, void *arg)
{
    (void)ssl, (void)al, (void)arg;
    return SSL_CLIENT_HELLO_SUCCESS;
}

static void close_notify_in_handshake(const char *who, int version, int after_flight)
{
    static const unsigned char close_notify[] = {21, 3, 3, 0, 2, 1, 0};
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    CHECK(SSL_CTX_set_min_proto_version(cctx, version) == 1);
    CHECK(SSL_CTX_set_max_proto_version(cctx, version) == 1);
    pair_t p;
    pair_new_mem(&p, cctx, sctx);
    int server = strncmp(who, "server", 6) == 0;
    if (strstr(who, "callback"))
        SSL_CTX_set_client_hello_cb(sctx, hello_cb_ok, NULL);
    SSL *ssl = server ? p.s : p.c;
    BIO *in = server ? p.s_in : p.c_in;
    printf("== close_notify to the %s in the handshake, %s%s\n", who,
           version == TLS1_3_VERSION ? "TLS 1.3" : "TLS 1.2",
           after_flight ? ", after the server's flight" : "");
    CHECK(SSL_connect(p.c) == -1);
    if (after_flight) {
        bio_move(p.c_out, p.s_in, 0);
        CHECK(SSL_accept(p.s) == -1);
        CHECK(SSL_get_error(p.s, -1) == SSL_ERROR_WANT_READ);
        BIO_reset(p.s_out); /* the client never sees the flight */
    } else if (server) {
        BIO_reset(p.c_out); /* the ClientHello never arrives */
    }
    CHECK(BIO_write(in, close_notify, sizeof close_notify) == sizeof close_notify);
    BIO *out = server ? p.s_out : p.c_out;
    size_t before = BIO_ctrl_pending(out);
    for (int round = 0; round < 2; round++) {
        int r = server ? SSL_accept(ssl) : SSL_connect(ssl);
        int e = SSL_get_error(ssl, r);
        printf("%s %d: %d %s shutdown %d\n", server ? "accept" : "connect", round, r,
               err_name(e), SSL_get_shutdown(ssl));
        print_first_error("handshake");
        ERR_clear_error();
    }
    /* What went out: nothing, or a plaintext alert record. */
    size_t sent = BIO_ctrl_pending(out) - before;
    printf("sent back %zu bytes:", sent);
    static unsigned char buf[20000];
    CHECK(before + sent <= sizeof buf);
    CHECK(BIO_read(out, buf, (int)(before + sent)) == (int)(before + sent) || before + sent == 0);
    for (size_t i = 0; i < sent && i < 16; i++)
        printf(" %02x", buf[before + i]);
    printf("\n");
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
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
    errors_queued_in_callbacks("certificate callback", 0, 0);
    errors_queued_in_callbacks("certificate callback, after a retry", 0, 1);
    errors_queued_in_callbacks("servername callback", 1, 0);
    server_without_certificate("TLS 1.3", TLS1_3_VERSION, 0);
    server_without_certificate("TLS 1.2", TLS1_2_VERSION, 0);
    server_without_certificate("TLS 1.3, switched to a context without one", TLS1_3_VERSION, 1);
    server_without_certificate("TLS 1.2, switched to a context without one", TLS1_2_VERSION, 1);
    static const char *const hello_cbs[] = {"no", "cert", "servername", "client_hello"};
    for (size_t i = 0; i < sizeof hello_cbs / sizeof *hello_cbs; i++) {
        server_junk_with_callback(hello_cbs[i], "text lines", "blah\nblah\nblah\n");
        server_junk_with_callback(hello_cbs[i], "an HTTP request", http_get);
    }
    /* Nothing is judged before a whole record header: EOF wins. */
    server_vs_raw_peer("sends one byte and closes", "\n", 1);
    server_vs_raw_peer("sends four bytes and closes", "\x16\x03\x01\x00", 4);
    client_vs_raw_peer("answers one byte and closes", "\n");
    peer_reset();
    unexpected_eof(0, TLS1_3_VERSION, 0);
    unexpected_eof(1, TLS1_3_VERSION, 0);
    unexpected_eof(0, TLS1_2_VERSION, 0);
    unexpected_eof(1, TLS1_2_VERSION, 0);
    unexpected_eof(0, TLS1_3_VERSION, 1);
    unexpected_eof(1, TLS1_3_VERSION, 1);
    unexpected_eof(0, TLS1_2_VERSION, 1);
    eof_without_bio_eof(1);
    eof_without_bio_eof(0);
    tickets_to_closed_client();
    plaintext_after_handshake(TLS1_3_VERSION);
    plaintext_after_handshake(TLS1_2_VERSION);
    alert_before_client_hello();
    tls11_client_hello();
    version_mismatch(TLS1_2_VERSION, TLS1_2_VERSION, TLS1_3_VERSION, TLS1_3_VERSION);
    version_mismatch(TLS1_3_VERSION, TLS1_3_VERSION, TLS1_2_VERSION, TLS1_2_VERSION);
    no_state_no_bio();
    get_error_kinds();
    stale_error_then_accept();
    null_args();
    close_notify_in_handshake("server", TLS1_2_VERSION, 1);
    close_notify_in_handshake("server", TLS1_2_VERSION, 0);
    close_notify_in_handshake("server", TLS1_3_VERSION, 0);
    close_notify_in_handshake("server with a ClientHello callback", TLS1_3_VERSION, 0);
    close_notify_in_handshake("server with a ClientHello callback", TLS1_2_VERSION, 1);
    close_notify_in_handshake("client", TLS1_2_VERSION, 0);
    close_notify_in_handshake("client", TLS1_3_VERSION, 0);
    CHECK(ERR_peek_error() == 0);
    return 0;
}
