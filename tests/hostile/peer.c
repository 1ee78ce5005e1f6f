/*
 * The endpoint under test for the hostile-peer suite (tests/hostile/run.sh).
 * Built twice, against the system OpenSSL (the oracle) and against our
 * headers + libsslshim; each run faces tests/hostile/attack.py (raw bytes or
 * a misbehaving Python ssl peer) and prints the outcome: return value,
 * SSL_get_error, the first ERR entry (lib/reason) and, for system errors,
 * the errno. The attacker prints what it received (e.g. the alert sent).
 * Lines starting '#' are informational and not compared.
 *
 * Usage: peer SCENARIO PORT CERTSDIR
 *   srv-*  this program is the server (listens on PORT, one connection)
 *   cli-*  this program is the client (connects to PORT)
 * The suite's `timeout` is the watchdog: a hang is a failure.
 */
#include "../c/common.h"
#include "../c/net.h"

#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>

static const char *errno_name(int e)
{
    switch (e) {
    case 0: return "0";
    case ECONNRESET: return "ECONNRESET";
    case EPIPE: return "EPIPE";
    case EINTR: return "EINTR";
    case EAGAIN: return "EAGAIN";
    default: return "other";
    }
}

/* "LABEL rc=N ERROR reason=LIB/REASON [errno=NAME]" and the error string
 * as a '#' line; the queue is cleared. */
static void outcome(const char *label, SSL *ssl, int rc)
{
    int saved = errno;
    int e = SSL_get_error(ssl, rc);
    unsigned long code = ERR_peek_error();
    char buf[256] = "";
    printf("%s rc=%d %s", label, rc, err_name(e));
    if (code != 0) {
        printf(" reason=%d/%d", ERR_GET_LIB(code), ERR_GET_REASON(code));
        ERR_error_string_n(code, buf, sizeof buf);
    } else {
        printf(" reason=none");
    }
    if (e == SSL_ERROR_SYSCALL)
        printf(" errno=%s", errno_name(saved));
    printf("\n");
    if (code != 0)
        printf("# %s: %s\n", label, buf);
    ERR_clear_error();
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

static int accept_one(int port)
{
    struct sockaddr_in sa;
    int one = 1, lfd = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(lfd >= 0);
    CHECK(setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons((unsigned short)port);
    CHECK(bind(lfd, (struct sockaddr *)&sa, sizeof sa) == 0);
    CHECK(listen(lfd, 1) == 0);
    printf("# listening\n");
    fflush(stdout);
    int fd = accept(lfd, NULL, NULL);
    CHECK(fd >= 0);
    close(lfd);
    return fd;
}

/* The attacker may start a moment after us: retry for a few seconds. */
static int connect_retry(int port)
{
    for (int i = 0; i < 100; i++) {
        struct sockaddr_in sa;
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        CHECK(fd >= 0);
        memset(&sa, 0, sizeof sa);
        sa.sin_family = AF_INET;
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        sa.sin_port = htons((unsigned short)port);
        if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
            return fd;
        close(fd);
        usleep(50000);
    }
    CHECK(!"could not connect to the attacker");
    return -1;
}

/* The TLS 1.0/1.1/SSLv3 scenarios: both libraries at TLS 1.2 minimum
 * (rustls has nothing older; OpenSSL's default would negotiate TLS 1.0). */
static int min_tls12;

static SSL *server_ssl(int fd)
{
    SSL_CTX *ctx = server_ctx("server-chain.pem", "server.key");
    if (min_tls12)
        CHECK(SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) == 1);
    SSL *ssl = SSL_new(ctx);
    CHECK(ssl != NULL);
    SSL_CTX_free(ctx);
    CHECK(SSL_set_fd(ssl, fd) == 1);
    return ssl;
}

static SSL *client_ssl(int fd, int max_version)
{
    SSL_CTX *ctx = client_ctx(SSL_VERIFY_NONE);
    if (max_version)
        CHECK(SSL_CTX_set_max_proto_version(ctx, max_version) == 1);
    if (min_tls12)
        CHECK(SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) == 1);
    SSL *ssl = SSL_new(ctx);
    CHECK(ssl != NULL);
    SSL_CTX_free(ctx);
    CHECK(SSL_set_tlsext_host_name(ssl, "localhost") == 1);
    CHECK(SSL_set_fd(ssl, fd) == 1);
    return ssl;
}

static void finish(SSL *ssl, int fd)
{
    SSL_free(ssl);
    close(fd);
}

/* ---- server scenarios ---------------------------------------------------- */

/* The attacker sends crafted bytes; we only accept. */
static void srv_accept_only(int port)
{
    int fd = accept_one(port);
    SSL *ssl = server_ssl(fd);
    outcome("accept", ssl, SSL_accept(ssl));
    finish(ssl, fd);
}

/* One byte at a time: non-blocking accept driven by poll; the CPU time
 * spent and the number of SSL_accept calls stay bounded by the bytes. */
static void srv_slowloris(int port)
{
    int fd = accept_one(port);
    set_nonblocking(fd);
    SSL *ssl = server_ssl(fd);
    double t0 = now(), c0 = cpu_seconds();
    long calls = 0;
    int rc;
    for (;;) {
        rc = SSL_accept(ssl);
        calls++;
        if (rc == 1)
            break;
        int e = SSL_get_error(ssl, rc);
        if (!is_want(e))
            break;
        wait_for(fd, e);
    }
    double wall = now() - t0, cpu = cpu_seconds() - c0;
    outcome("slow accept", ssl, rc);
    printf("# slow accept: %ld calls, %.2f s wall, %.3f s cpu\n", calls, wall, cpu);
    printf("slow accept took over 1 s %d\n", wall > 1.0);
    printf("slow accept cpu under 20%% of wall %d\n", cpu < 0.2 * wall);
    printf("slow accept calls under 2000 %d\n", calls < 2000);
    /* Application data arrives one byte at a time as well. */
    char buf[64];
    size_t got = 0;
    while (got < 5) {
        rc = SSL_read(ssl, buf + got, (int)(sizeof buf - got));
        if (rc > 0) {
            got += (size_t)rc;
            continue;
        }
        int e = SSL_get_error(ssl, rc);
        if (!is_want(e)) {
            outcome("slow read", ssl, rc);
            break;
        }
        wait_for(fd, e);
    }
    printf("slow read %.*s\n", (int)got, buf);
    while ((rc = SSL_write(ssl, "world", 5)) <= 0)
        wait_for(fd, SSL_get_error(ssl, rc));
    while ((rc = SSL_shutdown(ssl)) < 0)
        wait_for(fd, SSL_get_error(ssl, rc));
    finish(ssl, fd);
}

/* The peer stops reading: non-blocking SSL_write must come back with
 * WANT_WRITE (not spin, not block), poll must not report writability while
 * the peer sleeps, and once it drains, retries complete the stream. */
static void srv_stop_reading(int port)
{
    int fd = accept_one(port);
    int small = 16384;
    CHECK(setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small) == 0);
    SSL *ssl = server_ssl(fd);
    outcome("accept", ssl, SSL_accept(ssl));
    set_nonblocking(fd);

    static unsigned char chunk[16384];
    fill_pattern(chunk, sizeof chunk, 7);
    const long target = 4L << 20; /* far more than the socket buffers hold */
    long written = 0, blocked = 0;
    double t0 = now(), c0 = cpu_seconds();
    while (written < target) {
        int rc = SSL_write(ssl, chunk, sizeof chunk);
        if (rc > 0) {
            CHECK(rc == (int)sizeof chunk);
            written += rc;
            continue;
        }
        int e = SSL_get_error(ssl, rc);
        if (blocked++ == 0) {
            printf("blocked write rc=%d %s\n", rc, err_name(e));
            printf("# first blocked after %ld bytes\n", written);
        }
        /* Wait as an application would, then retry the same write. */
        CHECK(is_want(e));
        wait_for(fd, e);
    }
    double cpu = cpu_seconds() - c0, wall = now() - t0;
    printf("# %ld bytes, blocked %ld times, %.2f s wall, %.3f s cpu\n", written, blocked, wall,
           cpu);
    printf("stalled writer waited over 1 s %d\n", wall > 1.0);
    printf("stalled writer cpu under 20%% of wall %d\n", cpu < 0.2 * wall);
    int rc;
    char end[64];
    int n = snprintf(end, sizeof end, "END %ld\n", written);
    while ((rc = SSL_write(ssl, end, n)) <= 0)
        wait_for(fd, SSL_get_error(ssl, rc));
    while ((rc = SSL_shutdown(ssl)) < 0)
        wait_for(fd, SSL_get_error(ssl, rc));
    finish(ssl, fd);
}

/* Reads until an error: the attacker ends the connection badly. */
static void srv_read_until_error(int port)
{
    int fd = accept_one(port);
    SSL *ssl = server_ssl(fd);
    outcome("accept", ssl, SSL_accept(ssl));
    char buf[256];
    for (int i = 0; i < 10; i++) {
        errno = 0;
        int rc = SSL_read(ssl, buf, sizeof buf);
        if (rc > 0) {
            printf("read %d bytes: %.*s\n", rc, rc, buf);
            continue;
        }
        outcome("read", ssl, rc);
        break;
    }
    finish(ssl, fd);
}

static void on_alarm(int sig) { (void)sig; }

/* A signal handler without SA_RESTART interrupts a blocking SSL_read. */
static void srv_eintr(int port)
{
    int fd = accept_one(port);
    SSL *ssl = server_ssl(fd);
    outcome("accept", ssl, SSL_accept(ssl));
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sa.sa_flags = 0; /* no SA_RESTART: read() fails with EINTR */
    sigemptyset(&sa.sa_mask);
    CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
    struct itimerval it = {{0, 0}, {0, 300000}};
    CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
    char buf[64];
    errno = 0;
    double t0 = now();
    int rc = SSL_read(ssl, buf, sizeof buf);
    double waited = now() - t0;
    outcome("interrupted read", ssl, rc);
    printf("interrupted read came back before the data %d\n", waited < 1.5);
    printf("# interrupted after %.2f s, errno %s\n", waited, errno_name(errno));
    /* The connection is still usable: the data comes on the next read. */
    rc = SSL_read(ssl, buf, sizeof buf);
    if (rc > 0)
        printf("next read %.*s\n", rc, buf);
    else
        outcome("next read", ssl, rc);
    finish(ssl, fd);
}

/* ---- client scenarios ---------------------------------------------------- */

static void cli_connect_only(int port, int max_version)
{
    int fd = connect_retry(port);
    SSL *ssl = client_ssl(fd, max_version);
    outcome("connect", ssl, SSL_connect(ssl));
    finish(ssl, fd);
}

/* TLS 1.2 against openssl s_server, which then asks for a renegotiation
 * (HelloRequest). With SSL_OP_NO_RENEGOTIATION both libraries refuse it;
 * SSL_renegotiate on our side fails cleanly. */
static void cli_renegotiate(int port)
{
    int fd = connect_retry(port);
    SSL *ssl = client_ssl(fd, TLS1_2_VERSION);
    SSL_set_options(ssl, SSL_OP_NO_RENEGOTIATION);
    outcome("connect", ssl, SSL_connect(ssl));
    printf("version %s\n", SSL_get_version(ssl));
    outcome("SSL_renegotiate", ssl, SSL_renegotiate(ssl));
    printf("renegotiate_pending %d\n", SSL_renegotiate_pending(ssl));
    CHECK(SSL_write(ssl, "ready\n", 6) == 6);
    char buf[256];
    for (int i = 0; i < 10; i++) {
        int rc = SSL_read(ssl, buf, sizeof buf);
        if (rc > 0) {
            printf("read %.*s", rc, buf);
            continue;
        }
        outcome("read", ssl, rc);
        break;
    }
    finish(ssl, fd);
}

/* SSL_renegotiate on a TLS 1.3 connection (an in-process pair). */
static void renegotiate_tls13(void)
{
    pair_t p;
    int rc_c = 0, e_c, rc_s = 0, e_s;
    memset(&p, 0, sizeof p);
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    pair_attach_mem(&p);
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    CHECK(rc_c == 1 && rc_s == 1);
    printf("version %s\n", SSL_get_version(p.c));
    outcome("client SSL_renegotiate", p.c, SSL_renegotiate(p.c));
    outcome("server SSL_renegotiate", p.s, SSL_renegotiate(p.s));
    printf("renegotiate_pending %d\n", SSL_renegotiate_pending(p.c));
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s SCENARIO PORT CERTSDIR\n", argv[0]);
        return 2;
    }
    const char *sc = argv[1];
    int port = atoi(argv[2]);
    char *init_argv[] = {argv[0], argv[3], NULL};
    test_init(2, init_argv);
    min_tls12 = strstr(sc, "tls10") || strstr(sc, "tls11") || strstr(sc, "ssl3");

    if (!strcmp(sc, "srv-slowloris"))
        srv_slowloris(port);
    else if (!strcmp(sc, "srv-stop-reading"))
        srv_stop_reading(port);
    else if (!strcmp(sc, "srv-reset-mid-record") || !strcmp(sc, "srv-eof-mid-record") ||
             !strcmp(sc, "srv-eof-no-close-notify"))
        srv_read_until_error(port);
    else if (!strcmp(sc, "srv-eintr"))
        srv_eintr(port);
    else if (!strncmp(sc, "srv-", 4))
        srv_accept_only(port);
    else if (!strcmp(sc, "cli-renegotiate"))
        cli_renegotiate(port);
    else if (!strcmp(sc, "renegotiate-tls13"))
        renegotiate_tls13();
    else if (!strcmp(sc, "cli-huge-chain"))
        cli_connect_only(port, TLS1_2_VERSION);
    else if (!strncmp(sc, "cli-", 4))
        cli_connect_only(port, 0);
    else {
        fprintf(stderr, "unknown scenario %s\n", sc);
        return 2;
    }
    printf("# done\n");
    return 0;
}
