/*
 * The SSL BIO (BIO_f_ssl, BIO_new_ssl, BIO_new_ssl_connect,
 * BIO_new_buffer_ssl_connect, BIO_ssl_copy_session_id, BIO_ssl_shutdown) and
 * the BIO_ctrl commands programs use on it.
 *
 * In process: a client SSL BIO and a server SSL BIO (BIO_new_ssl(ctx, 1/0))
 * on the two halves of a BIO pair: BIO_do_handshake with the retry flags
 * each step leaves (read, and "special" with BIO_RR_SSL_X509_LOOKUP while the
 * server's certificate callback asks to be called again), BIO_write/BIO_read/
 * BIO_puts/BIO_gets, BIO_pending/BIO_wpending, BIO_get_ssl, the ctrls,
 * BIO_pop/BIO_push rewiring SSL_set_bio, BIO_ssl_shutdown, BIO_reset,
 * BIO_free_all freeing the SSL (BIO_CLOSE) or not (BIO_NOCLOSE), and a
 * session resumed on a second SSL BIO after BIO_ssl_copy_session_id.
 * Over TCP on 127.0.0.1, to a real `openssl s_server`: BIO_new_ssl_connect and
 * BIO_new_buffer_ssl_connect (BIO_gets of a line through the buffer), and a
 * connect to a closed port.
 */
#include "net.h"

static void flags(const char *label, BIO *b, long ret)
{
    printf("%s ret %ld retry %d read %d write %d special %d reason %d\n", label, ret,
           BIO_should_retry(b) != 0, BIO_should_read(b) != 0, BIO_should_write(b) != 0,
           BIO_should_io_special(b) != 0, BIO_get_retry_reason(b));
}

static SSL *ssl_of(BIO *b)
{
    SSL *ssl = NULL;
    CHECK(BIO_get_ssl(b, &ssl) == 1 && ssl != NULL);
    return ssl;
}

/* Handshake both SSL BIOs, printing every step (the pair moves the bytes). */
static void handshake(BIO *c, BIO *s, const char *who)
{
    int done_c = 0, done_s = 0;
    char label[64];
    for (int i = 0; i < 20 && !(done_c && done_s); i++) {
        if (!done_c) {
            long r = BIO_do_handshake(c);
            snprintf(label, sizeof label, "%s client handshake", who);
            flags(label, c, r);
            done_c = r == 1;
            CHECK(r == 1 || BIO_should_retry(c));
        }
        if (!done_s) {
            long r = BIO_do_handshake(s);
            snprintf(label, sizeof label, "%s server handshake", who);
            flags(label, s, r);
            done_s = r == 1;
            CHECK(r == 1 || BIO_should_retry(s));
        }
    }
    CHECK(done_c && done_s);
}

/* The pair's other half lost its peer (it was freed) when this is 0. */
static size_t guarantee(BIO *half)
{
    return BIO_ctrl_get_write_guarantee(half);
}

static int calls;

/* The server's certificate callback asks once to be called again
 * (SSL_ERROR_WANT_X509_LOOKUP), then goes on with the configured one. */
static int cert_cb(SSL *ssl, void *arg)
{
    (void)ssl;
    (void)arg;
    return calls++ == 0 ? -1 : 1;
}

static void before_ssl(SSL_CTX *ctx)
{
    char buf[16];
    printf("== an SSL BIO without an SSL\n");
    BIO *b = BIO_new(BIO_f_ssl());
    CHECK(b != NULL);
    printf("type %d ssl %d name %s\n", BIO_method_type(b), BIO_TYPE_SSL, BIO_method_name(b));
    printf("read %d\n", BIO_read(b, buf, sizeof buf));
    print_first_error("read");
    printf("puts %d\n", BIO_puts(b, "x"));
    print_first_error("puts");
    printf("gets %d\n", BIO_gets(b, buf, sizeof buf));
    print_first_error("gets");
    SSL *ssl = (SSL *)1;
    long r = BIO_get_ssl(b, &ssl);
    printf("get_ssl %ld null %d\n", r, ssl == NULL);
    int pend = BIO_pending(b);
    size_t cpend = BIO_ctrl_pending(b);
    r = BIO_do_handshake(b);
    printf("pending %d ctrl_pending %zu handshake %ld\n", pend, cpend, r);
    print_first_error("ctrls");

    /* BIO_set_ssl with an SSL that already has its BIO: that BIO is next. */
    BIO *p1, *p2;
    CHECK(BIO_new_bio_pair(&p1, 0, &p2, 0) == 1);
    ssl = SSL_new(ctx);
    CHECK(ssl != NULL);
    SSL_set_bio(ssl, p1, p1);
    r = BIO_set_ssl(b, ssl, BIO_CLOSE);
    printf("set_ssl %ld next is rbio %d\n", r, BIO_next(b) == p1);
    r = BIO_set_ssl_mode(b, 0);
    printf("set_ssl_mode %ld is_server %d\n", r, SSL_is_server(ssl));
    r = BIO_set_ssl_mode(b, 1);
    printf("set_ssl_mode %ld is_server %d\n", r, SSL_is_server(ssl));
    printf("guarantee before free %d\n", guarantee(p2) > 0);
    BIO_free_all(b);
    printf("guarantee after free_all %d\n", guarantee(p2) > 0);
    print_first_error("free_all");
    BIO_free(p2);
}

static void ctrls(BIO *c)
{
    printf("== ctrls\n");
    printf("get_close %d info %ld\n", BIO_get_close(c), BIO_ctrl(c, BIO_CTRL_INFO, 0, NULL));
    long r1 = BIO_set_ssl_renegotiate_bytes(c, 100);
    long r2 = BIO_set_ssl_renegotiate_bytes(c, 4096);
    long r3 = BIO_set_ssl_renegotiate_bytes(c, 511);
    printf("renegotiate_bytes %ld then %ld then %ld\n", r1, r2, r3);
    r1 = BIO_set_ssl_renegotiate_timeout(c, 10);
    r2 = BIO_set_ssl_renegotiate_timeout(c, 3600);
    r3 = BIO_set_ssl_renegotiate_timeout(c, 0);
    printf("renegotiate_timeout %ld then %ld then %ld\n", r1, r2, r3);
    printf("renegotiate_timeout %ld\n", BIO_set_ssl_renegotiate_timeout(c, 86400));
    printf("num_renegotiates %ld\n", BIO_get_num_renegotiates(c));
    int fd = 7;
    r1 = BIO_get_fd(c, &fd);
    printf("get_fd %ld fd %d\n", r1, fd);
    int eof = BIO_eof(c);
    printf("eof %d flush %d\n", eof, BIO_flush(c));
    print_first_error("ctrls");
}

static void io(BIO *c, BIO *s)
{
    char buf[256];
    int n;
    printf("== I/O\n");
    n = BIO_read(s, buf, sizeof buf);
    flags("server read nothing", s, n);
    printf("client write %d\n", BIO_write(c, "hello", 5));
    int wp = BIO_wpending(c);
    printf("client wpending %d server pending %d\n", wp, BIO_pending(s));
    n = BIO_read(s, buf, 3);
    printf("server read %d '%.*s' pending %d\n", n, n > 0 ? n : 0, buf, BIO_pending(s));
    n = BIO_read(s, buf, sizeof buf);
    printf("server read %d '%.*s' pending %d\n", n, n > 0 ? n : 0, buf, BIO_pending(s));
    printf("client puts %d\n", BIO_puts(c, "line one\nline two\n"));
    n = BIO_read(s, buf, sizeof buf);
    printf("server read %d '%.*s'\n", n, n > 0 ? n - 1 : 0, buf);
    printf("server gets %d\n", BIO_gets(s, buf, sizeof buf));
    print_first_error("gets");
    printf("server write %d\n", BIO_write(s, "reply", 5));
    n = BIO_read(c, buf, sizeof buf);
    printf("client read %d '%.*s'\n", n, n > 0 ? n : 0, buf);
    n = BIO_read(c, buf, sizeof buf);
    flags("client read nothing", c, n);
    printf("written %d read %d\n", (int)BIO_number_written(c), (int)BIO_number_read(c));

    /* More than the pair holds: the write waits for the reader (retry and
     * write flags), and once through it is past the renegotiation byte
     * limit, which is counted (the request itself fails on TLS 1.3, in
     * OpenSSL as here). */
    static char big[20000];
    size_t sent = 0, got = 0;
    int first = 1;
    memset(big, 'b', sizeof big);
    for (int i = 0; i < 100 && got < sizeof big; i++) {
        if (sent < sizeof big) {
            n = BIO_write(c, big, sizeof big);
            if (first)
                flags("client write big", c, n);
            first = 0;
            if (n > 0) {
                sent += (size_t)n;
                /* One thread, one queue: the failed renegotiation's error
                 * must not reach the server's SSL_get_error. */
                note_first_error("renegotiate");
                ERR_clear_error();
            } else
                CHECK(BIO_should_retry(c) && BIO_should_write(c));
        }
        while ((n = BIO_read(s, buf, sizeof buf)) > 0)
            got += (size_t)n;
        CHECK(BIO_should_retry(s) && BIO_should_read(s));
    }
    printf("big sent %zu got %zu num_renegotiates %ld\n", sent, got, BIO_get_num_renegotiates(c));
}

static void rewire(BIO *c, BIO *p1)
{
    SSL *ssl = ssl_of(c);
    printf("== BIO_pop / BIO_push\n");
    printf("rbio is next %d wbio is next %d\n", SSL_get_rbio(ssl) == p1, SSL_get_wbio(ssl) == p1);
    int popped = BIO_pop(c) == p1;
    printf("pop %d rbio null %d wbio null %d\n", popped, SSL_get_rbio(ssl) == NULL,
           SSL_get_wbio(ssl) == NULL);
    printf("pending without bio %d\n", BIO_pending(c));
    int pushed = BIO_push(c, p1) == c;
    printf("push %d rbio is next %d wbio is next %d\n", pushed, SSL_get_rbio(ssl) == p1,
           SSL_get_wbio(ssl) == p1);
}

static void shutdown_and_free(BIO *c, BIO *s, BIO *p1, BIO *p2)
{
    char buf[16];
    SSL *cs = ssl_of(c), *ss = ssl_of(s);
    printf("== BIO_ssl_shutdown\n");
    BIO_ssl_shutdown(c);
    printf("client shutdown flags %d\n", SSL_get_shutdown(cs));
    int n = BIO_read(s, buf, sizeof buf);
    flags("server read at close", s, n);
    printf("server error %s shutdown flags %d\n", err_name(SSL_get_error(ss, n)),
           SSL_get_shutdown(ss));
    BIO_ssl_shutdown(s);
    printf("server shutdown flags %d\n", SSL_get_shutdown(ss));
    n = BIO_read(c, buf, sizeof buf);
    flags("client read at close", c, n);
    ERR_clear_error();

    printf("== BIO_reset\n");
    int reset = BIO_reset(c);
    printf("reset %d in_before %d is_server %d\n", reset, SSL_in_before(cs), SSL_is_server(cs));
    ERR_clear_error();

    printf("== BIO_free_all with BIO_NOCLOSE, then BIO_CLOSE\n");
    int set = BIO_set_close(s, BIO_NOCLOSE);
    printf("set_close %d get_close %d\n", set, BIO_get_close(s));
    CHECK(SSL_up_ref(ss) == 1);
    BIO_free_all(s);
    printf("server half alive %d\n", guarantee(p1) > 0);
    SSL_free(ss);
    printf("server half alive after SSL_free %d\n", guarantee(p1) > 0);
    SSL_free(ss);
    printf("server half alive after last SSL_free %d\n", guarantee(p1) > 0);
    (void)p2;
    BIO_free_all(c);
}

/* One connection: SSL BIOs on a BIO pair, handshake, return the client. */
static void connect_pair(SSL_CTX *cctx, SSL_CTX *sctx, BIO **c, BIO **s, BIO **p1, BIO **p2)
{
    CHECK(BIO_new_bio_pair(p1, 4096, p2, 4096) == 1);
    *c = BIO_new_ssl(cctx, 1);
    *s = BIO_new_ssl(sctx, 0);
    CHECK(*c != NULL && *s != NULL);
    printf("client is_server %d server is_server %d\n", SSL_is_server(ssl_of(*c)),
           SSL_is_server(ssl_of(*s)));
    CHECK(BIO_push(*c, *p1) == *c);
    CHECK(BIO_push(*s, *p2) == *s);
}

static void in_process(void)
{
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    BIO *c, *s, *p1, *p2;

    before_ssl(cctx);

    printf("== handshake over a BIO pair\n");
    connect_pair(cctx, sctx, &c, &s, &p1, &p2);
    SSL *cs = ssl_of(c);
    printf("get_ssl returns the SSL %d next %d\n", SSL_get_rbio(cs) == p1, BIO_next(c) == p1);
    handshake(c, s, "first");
    print_conn("client", cs);
    printf("server session reused %d\n", SSL_session_reused(ssl_of(s)));
    ctrls(c);
    io(c, s);
    rewire(c, p1);

    printf("== BIO_ssl_copy_session_id\n");
    BIO *c2, *s2, *q1, *q2;
    connect_pair(cctx, sctx, &c2, &s2, &q1, &q2);
    printf("copy from non-SSL %d\n", BIO_ssl_copy_session_id(c2, q1));
    print_first_error("copy from non-SSL");
    printf("copy %d\n", BIO_ssl_copy_session_id(c2, c));
    handshake(c2, s2, "resumed");
    printf("resumed client reused %d server reused %d\n", SSL_session_reused(ssl_of(c2)),
           SSL_session_reused(ssl_of(s2)));
    BIO_ssl_shutdown(c2);
    print_first_error("ssl_shutdown");
    BIO_free_all(c2);
    print_first_error("client free_all");
    BIO_free_all(s2);
    print_first_error("server free_all");

    shutdown_and_free(c, s, p1, p2);

    printf("== certificate callback: BIO_RR_SSL_X509_LOOKUP\n");
    SSL_CTX_set_cert_cb(sctx, cert_cb, NULL);
    SSL_CTX_set_session_cache_mode(cctx, SSL_SESS_CACHE_OFF);
    connect_pair(cctx, sctx, &c, &s, &p1, &p2);
    handshake(c, s, "lookup");
    printf("callback calls %d\n", calls);
    BIO_free_all(c);
    BIO_free_all(s);

    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* ---------------- over TCP ---------------- */

typedef struct {
    pid_t pid;
    FILE *out; /* its stdout, read until it listens, drained at the end */
} s_server_t;

/* A real `openssl s_server -rev` (the system OpenSSL whichever library this
 * program runs on: the child drops LD_PRELOAD) on a free port of 127.0.0.1,
 * serving `naccept` connections and sending each line back reversed.
 * Returns once it accepts. */
static void s_server_start(s_server_t *srv, int *port, int naccept)
{
    char p[16], n[16], line[256];
    int pfd[2], lfd = listen_ephemeral(port);
    close(lfd);
    snprintf(p, sizeof p, "127.0.0.1:%d", *port);
    snprintf(n, sizeof n, "%d", naccept);
    CHECK(pipe(pfd) == 0);
    fflush(stdout);
    fflush(stderr);
    srv->pid = fork();
    CHECK(srv->pid >= 0);
    if (srv->pid == 0) {
        unsetenv("LD_PRELOAD");
        close(pfd[0]);
        dup2(pfd[1], STDOUT_FILENO);
        dup2(pfd[1], STDERR_FILENO);
        close(pfd[1]);
        alarm(60);
        execlp("openssl", "openssl", "s_server", "-accept", p, "-rev", "-naccept", n, "-cert",
               cert("server.pem"), "-key", cert("server.key"), "-cert_chain",
               cert("intermediate.pem"), (char *)NULL);
        _exit(127);
    }
    close(pfd[1]);
    srv->out = fdopen(pfd[0], "r");
    CHECK(srv->out != NULL);
    for (;;) {
        CHECK(fgets(line, sizeof line, srv->out) != NULL);
        if (strncmp(line, "ACCEPT", 6) == 0)
            break;
    }
}

static void s_server_join(s_server_t *srv)
{
    char line[512];
    int status = 0;
    while (fgets(line, sizeof line, srv->out) != NULL)
        ;
    fclose(srv->out);
    CHECK(waitpid(srv->pid, &status, 0) == srv->pid);
    printf("s_server exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static void over_tcp(void)
{
    s_server_t srv;
    int port, lfd;
    char hostport[64], buf[256];
    s_server_start(&srv, &port, 2);
    snprintf(hostport, sizeof hostport, "127.0.0.1:%d", port);
    SSL_CTX *ctx = client_ctx(SSL_VERIFY_PEER);

    printf("== BIO_new_ssl_connect\n");
    BIO *b = BIO_new_ssl_connect(ctx);
    CHECK(b != NULL);
    BIO *con = BIO_next(b);
    printf("chain: %d then %d (connect %d)\n", BIO_method_type(b), BIO_method_type(con),
           BIO_TYPE_CONNECT);
    SSL *ssl = ssl_of(b);
    printf("client mode: is_server %d rbio is connect %d\n", SSL_is_server(ssl),
           SSL_get_rbio(ssl) == con);
    CHECK(SSL_set_tlsext_host_name(ssl, "localhost") == 1);
    printf("set_conn_hostname %ld\n", BIO_set_conn_hostname(con, hostport));
    const char *h = BIO_get_conn_hostname(con), *p = BIO_get_conn_port(con);
    printf("conn hostname %s port matches %d\n", h ? h : "(null)",
           p != NULL && atoi(p) == port);
    long r = BIO_do_connect(b);
    flags("do_connect", b, r);
    int fd = -1;
    int fd_ok = BIO_get_fd(b, &fd) >= 0 && fd >= 0;
    printf("get_fd ok %d same as SSL_get_fd %d\n", fd_ok, SSL_get_fd(ssl) == fd);
    printf("version %s verify %ld\n", SSL_get_version(ssl), SSL_get_verify_result(ssl));
    printf("puts %d\n", BIO_puts(b, "first\n"));
    int n = BIO_read(b, buf, sizeof buf);
    printf("read %d '%.*s'\n", n, n > 1 ? n - 1 : 0, buf);
    BIO_ssl_shutdown(b);
    BIO_free_all(b);

    printf("== BIO_new_buffer_ssl_connect\n");
    b = BIO_new_buffer_ssl_connect(ctx);
    CHECK(b != NULL);
    printf("chain: %d then %d then %d\n", BIO_method_type(b), BIO_method_type(BIO_next(b)),
           BIO_method_type(BIO_next(BIO_next(b))));
    printf("set_conn_hostname %ld\n", BIO_set_conn_hostname(b, hostport));
    ssl = NULL;
    printf("get_ssl through the buffer %ld\n", BIO_get_ssl(b, &ssl));
    CHECK(ssl != NULL);
    CHECK(SSL_set_tlsext_host_name(ssl, "localhost") == 1);
    r = BIO_do_handshake(b);
    flags("do_handshake", b, r);
    n = BIO_puts(b, "second\n");
    printf("puts %d wpending %d\n", n, BIO_wpending(b));
    n = BIO_flush(b);
    printf("flush %d wpending %d\n", n, BIO_wpending(b));
    n = BIO_gets(b, buf, sizeof buf);
    printf("gets %d '%.*s'\n", n, n > 1 ? n - 1 : 0, buf);
    BIO_ssl_shutdown(b);
    BIO_free_all(b);

    s_server_join(&srv);

    printf("== BIO_new_ssl_connect to a closed port\n");
    lfd = listen_ephemeral(&port);
    close(lfd);
    snprintf(hostport, sizeof hostport, "127.0.0.1:%d", port);
    b = BIO_new_ssl_connect(ctx);
    CHECK(b != NULL);
    printf("set_conn_hostname %ld\n", BIO_set_conn_hostname(b, hostport));
    r = BIO_do_connect(b);
    flags("do_connect", b, r);
    unsigned long e;
    while ((e = ERR_get_error()) != 0)
        printf("do_connect err lib=%d reason=%d\n", ERR_GET_LIB(e), ERR_GET_REASON(e));
    BIO_free_all(b);
    SSL_CTX_free(ctx);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    in_process();
    over_tcp();
    return 0;
}
