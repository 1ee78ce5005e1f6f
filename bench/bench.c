/*
 * bench/bench.c - the sslshim benchmark: one C program, compiled once
 * against the system OpenSSL headers, run on real libssl and (unchanged)
 * with LD_PRELOAD of libsslshim.so (the standalone) or with
 * LD_LIBRARY_PATH=target/dropin (the drop-in libssl.so.3). bench/run.py
 * alternates them.
 *
 * Client and server live in one process and talk over two memory BIOs
 * (no sockets, no copies by the harness: each BIO is the write BIO of one
 * side and the read BIO of the other). The CPU time spent inside the
 * client's and the server's SSL_* calls is accumulated separately, so a
 * result says "this side costs so much", as a real deployment would see it.
 *
 *   bench SCENARIO [COUNT]     prints "result SCENARIO METRIC VALUE" lines
 *   bench socket-tls13 [COUNT] the same exchange over a socket pair with
 *                              SSL_set_fd (the transport real programs
 *                              use; tools/cargo-pgo trains on it too)
 *   bench callgrind WHAT       one operation inside a measured_* function
 *                              (full, resumed, record, receive; full12,
 *                              resumed12), for valgrind
 *                              --toggle-collect=measured_*
 *
 * Every scenario checks what it measures (verify result, version, cipher,
 * session reuse) and exits non-zero when it is not what was asked for.
 */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *certs = "tests/certs";

static void die(const char *what)
{
    fprintf(stderr, "bench: %s\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

static double now_ns(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double cpu_ns(void) { return now_ns(CLOCK_THREAD_CPUTIME_ID); }

/* Reading the thread's CPU clock is a system call (about 0.3 us here): an
 * interval around a short call would count one reading of its own. The
 * median of empty intervals is taken off each measured one, so a resumed
 * handshake (a few us per call) is not padded by the clock. */
static double clock_overhead;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void calibrate_clock(void)
{
    static double d[2001];
    for (int i = 0; i < 2001; i++) {
        double t0 = cpu_ns();
        d[i] = cpu_ns() - t0;
    }
    qsort(d, 2001, sizeof d[0], cmp_double);
    clock_overhead = d[1000];
}

static double since(double t0) { return cpu_ns() - t0 - clock_overhead; }

/* CPU nanoseconds spent inside each side's SSL_* calls. */
typedef struct {
    double client, server;
} cost;

#define TIMED(acc, expr)                  \
    ({                                    \
        double t0_ = cpu_ns();            \
        __typeof__(expr) r_ = (expr);     \
        (acc) += since(t0_);              \
        r_;                               \
    })

/* ---- contexts ---------------------------------------------------------- */

typedef struct {
    const char *name;
    int rsa;             /* RSA-2048 server key instead of ECDSA P-256 */
    int tls12;           /* TLS 1.2 instead of 1.3 */
    int no_ticket;       /* TLS 1.2 resumption by session id */
    const char *suite;   /* TLS 1.3 suite or TLS 1.2 cipher */
} setup;

static char *cert_path(char *buf, size_t n, const char *file)
{
    snprintf(buf, n, "%s/%s", certs, file);
    return buf;
}

/* X25519 key exchange. TLS 1.2 clients must also offer the certificate's
 * curve (RFC 8422), or OpenSSL's server finds no shared ECDSA cipher. */
static const char *groups(const setup *st) { return st->tls12 ? "X25519:P-256" : "X25519"; }

/* What both sides of a setup agree on: groups, version, suite, tickets. */
static void set_protocol(SSL_CTX *ctx, const setup *st)
{
    if (!SSL_CTX_set1_groups_list(ctx, groups(st)))
        die("groups");
    if (st->tls12) {
        SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
        if (!SSL_CTX_set_cipher_list(ctx, st->suite))
            die("cipher list");
    } else if (!SSL_CTX_set_ciphersuites(ctx, st->suite)) {
        die("ciphersuites");
    }
    if (st->no_ticket)
        SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET);
}

static SSL_CTX *server_ctx(const setup *st)
{
    char p[512];
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx)
        die("SSL_CTX_new(server)");
    if (SSL_CTX_use_certificate_chain_file(ctx, cert_path(p, sizeof p, st->rsa ? "server-rsa-chain.pem" : "server-chain.pem")) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, cert_path(p, sizeof p, st->rsa ? "server-rsa.key" : "server.key"), SSL_FILETYPE_PEM) != 1)
        die("server certificate");
    set_protocol(ctx, st);
    SSL_CTX_set_session_id_context(ctx, (const unsigned char *)"bench", 5);
    return ctx;
}

static SSL_CTX *client_ctx(const setup *st)
{
    char p[512];
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        die("SSL_CTX_new(client)");
    if (SSL_CTX_load_verify_locations(ctx, cert_path(p, sizeof p, "ca.pem"), NULL) != 1)
        die("CA file");
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    set_protocol(ctx, st);
    return ctx;
}

/* ---- one client/server pair over two memory BIOs ----------------------- */

typedef struct {
    SSL *c, *s;
} pair;

static BIO *mem_bio(void)
{
    BIO *b = BIO_new(BIO_s_mem());
    if (!b)
        die("BIO_new");
    BIO_set_mem_eof_return(b, -1); /* empty = "retry", as a socket would */
    return b;
}

static pair pair_new(SSL_CTX *cctx, SSL_CTX *sctx, SSL_SESSION *sess, cost *t)
{
    pair p;
    BIO *c2s = mem_bio(), *s2c = mem_bio();
    BIO_up_ref(c2s);
    BIO_up_ref(s2c);
    double t0 = cpu_ns();
    p.c = SSL_new(cctx);
    if (!p.c)
        die("SSL_new(client)");
    SSL_set_bio(p.c, s2c, c2s);
    SSL_set_connect_state(p.c);
    SSL_set_tlsext_host_name(p.c, "localhost");
    SSL_set1_host(p.c, "localhost");
    if (sess && SSL_set_session(p.c, sess) != 1)
        die("SSL_set_session");
    t->client += since(t0);
    double t1 = cpu_ns();
    p.s = SSL_new(sctx);
    if (!p.s)
        die("SSL_new(server)");
    SSL_set_bio(p.s, c2s, s2c);
    SSL_set_accept_state(p.s);
    t->server += since(t1);
    return p;
}

/* Both sides send close_notify, as real peers do: OpenSSL forgets the
 * session of a connection freed without it (ssl_clear_bad_session). */
static void pair_free(pair *p, cost *t)
{
    if (TIMED(t->client, SSL_shutdown(p->c)) < 0 || TIMED(t->server, SSL_shutdown(p->s)) < 0)
        die("SSL_shutdown");
    TIMED(t->client, (SSL_free(p->c), 0));
    TIMED(t->server, (SSL_free(p->s), 0));
}

/* Drives both sides to the end of the handshake; the client then reads
 * once, as a real client's first SSL_read would, which takes in the
 * TLS 1.3 session tickets. */
static void handshake(pair *p, cost *t)
{
    int cdone = 0, sdone = 0;
    for (int round = 0; round < 50 && !(cdone && sdone); round++) {
        if (!cdone) {
            int r = TIMED(t->client, SSL_do_handshake(p->c));
            if (r == 1)
                cdone = 1;
            else if (SSL_get_error(p->c, r) != SSL_ERROR_WANT_READ)
                die("client handshake");
        }
        if (!sdone) {
            int r = TIMED(t->server, SSL_do_handshake(p->s));
            if (r == 1)
                sdone = 1;
            else if (SSL_get_error(p->s, r) != SSL_ERROR_WANT_READ)
                die("server handshake");
        }
    }
    if (!(cdone && sdone))
        die("handshake did not finish");
    char b[1];
    int r = TIMED(t->client, SSL_read(p->c, b, 1));
    if (r > 0 || SSL_get_error(p->c, r) != SSL_ERROR_WANT_READ)
        die("client's first read");
    if (SSL_get_verify_result(p->c) != X509_V_OK)
        die("server certificate not verified");
}

static void check_version(const pair *p, const setup *st)
{
    int want = st->tls12 ? TLS1_2_VERSION : TLS1_3_VERSION;
    if (SSL_version(p->c) != want || SSL_version(p->s) != want)
        die("unexpected protocol version");
    const char *cipher = SSL_get_cipher_name(p->c);
    const char *want_cipher = st->suite;
    if (!cipher || strcmp(cipher, want_cipher) != 0) {
        fprintf(stderr, "bench: cipher %s, wanted %s\n", cipher ? cipher : "(none)", want_cipher);
        exit(1);
    }
}

static void report(const char *scenario, const char *metric, double value)
{
    printf("result %s %s %.6g\n", scenario, metric, value);
}

#define CHUNK 16384 /* bytes per SSL_write in the data scenarios */

/* ---- scenarios ---------------------------------------------------------- */

static const setup setups[] = {
    {"tls13-ecdsa", 0, 0, 0, "TLS_AES_128_GCM_SHA256"},
    {"tls13-rsa", 1, 0, 0, "TLS_AES_128_GCM_SHA256"},
    {"tls12-ecdsa", 0, 1, 0, "ECDHE-ECDSA-AES128-GCM-SHA256"},
    {"tls12-ecdsa-id", 0, 1, 1, "ECDHE-ECDSA-AES128-GCM-SHA256"},
    {"tls13-aes128", 0, 0, 0, "TLS_AES_128_GCM_SHA256"},
    {"tls13-aes256", 0, 0, 0, "TLS_AES_256_GCM_SHA384"},
    {"tls13-chacha", 0, 0, 0, "TLS_CHACHA20_POLY1305_SHA256"},
    {"tls12-aes128", 0, 1, 0, "ECDHE-ECDSA-AES128-GCM-SHA256"},
};

static const setup *find_setup(const char *name)
{
    for (size_t i = 0; i < sizeof setups / sizeof setups[0]; i++)
        if (strcmp(setups[i].name, name) == 0)
            return &setups[i];
    fprintf(stderr, "bench: no setup %s\n", name);
    exit(2);
}

static void full_handshakes(const char *scenario, const setup *st, int count)
{
    SSL_CTX *cctx = client_ctx(st), *sctx = server_ctx(st);
    cost t = {0, 0};
    for (int i = 0; i < count; i++) {
        pair p = pair_new(cctx, sctx, NULL, &t);
        handshake(&p, &t);
        check_version(&p, st);
        if (SSL_session_reused(p.c))
            die("full handshake resumed");
        pair_free(&p, &t);
    }
    report(scenario, "client_hs_per_s", count / (t.client / 1e9));
    report(scenario, "server_hs_per_s", count / (t.server / 1e9));
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* Resumptions after one full handshake, which is not counted. By default
 * each connection offers the session the previous one left (TLS 1.3
 * tickets are single-use for a careful client). With `reuse`, one session
 * is reused many times: the first handshake's session is set with
 * SSL_set_session on every later client connection and never replaced by
 * theirs, as a client that saves one session (to disk, in a pool) and
 * resumes from it does. OpenSSL lets a TLS 1.3 ticket be offered again;
 * sslshim takes a fresh ticket of the session each time and the
 * connection's new tickets refill it. Both ends must report a resumption
 * every time. */
static void resumed_handshakes(const char *scenario, const setup *st, int count, int reuse)
{
    SSL_CTX *cctx = client_ctx(st), *sctx = server_ctx(st);
    cost t = {0, 0}, ignored = {0, 0};
    pair p = pair_new(cctx, sctx, NULL, &ignored);
    handshake(&p, &ignored);
    SSL_SESSION *sess = SSL_get1_session(p.c);
    pair_free(&p, &ignored);
    for (int i = 0; i < count; i++) {
        p = pair_new(cctx, sctx, sess, &t);
        handshake(&p, &t);
        check_version(&p, st);
        if (SSL_session_reused(p.c) != 1 || SSL_session_reused(p.s) != 1) {
            fprintf(stderr, "bench: connection %d%s: client reused %d, server reused %d\n", i,
                    reuse ? " on one session" : "", SSL_session_reused(p.c),
                    SSL_session_reused(p.s));
            die("handshake was not resumed");
        }
        if (!reuse) {
            SSL_SESSION_free(sess);
            sess = TIMED(t.client, SSL_get1_session(p.c));
        }
        pair_free(&p, &t);
    }
    SSL_SESSION_free(sess);
    report(scenario, "client_hs_per_s", count / (t.client / 1e9));
    report(scenario, "server_hs_per_s", count / (t.server / 1e9));
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* ---- connections over sockets ------------------------------------------ */

/* Full TLS 1.3 handshakes over a non-blocking socket pair given to both
 * sides with SSL_set_fd (each library's socket BIO, as in a real server or
 * client), a 1 KiB request and a 64 KiB answer in 16 KiB writes, and a
 * clean shutdown. Not in bench/run.py (raw rustls has no socket BIO to
 * compare); it is the socket part of the PGO training (tools/cargo-pgo). */
static void socket_exchange(const char *scenario, const setup *st, int count)
{
    SSL_CTX *cctx = client_ctx(st), *sctx = server_ctx(st);
    cost t = {0, 0};
    static unsigned char buf[CHUNK];
    memset(buf, 'x', sizeof buf);
    for (int i = 0; i < count; i++) {
        int fds[2];
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0)
            die("socketpair");
        for (int k = 0; k < 2; k++)
            fcntl(fds[k], F_SETFL, fcntl(fds[k], F_GETFL) | O_NONBLOCK);
        pair p;
        p.c = TIMED(t.client, SSL_new(cctx));
        p.s = TIMED(t.server, SSL_new(sctx));
        if (!p.c || !p.s || !SSL_set_fd(p.c, fds[0]) || !SSL_set_fd(p.s, fds[1]))
            die("socket pair");
        SSL_set_connect_state(p.c);
        SSL_set_accept_state(p.s);
        SSL_set_tlsext_host_name(p.c, "localhost");
        SSL_set1_host(p.c, "localhost");
        handshake(&p, &t);
        check_version(&p, st);
        if (TIMED(t.client, SSL_write(p.c, buf, 1024)) != 1024)
            die("request");
        int got = 0;
        while (got < 1024) {
            int n = TIMED(t.server, SSL_read(p.s, buf, sizeof buf));
            if (n <= 0)
                die("request read");
            got += n;
        }
        for (int k = 0; k < 4; k++) {
            if (TIMED(t.server, SSL_write(p.s, buf, sizeof buf)) != (int)sizeof buf)
                die("answer");
            for (got = 0; got < (int)sizeof buf;) {
                int n = TIMED(t.client, SSL_read(p.c, buf, sizeof buf));
                if (n <= 0)
                    die("answer read");
                got += n;
            }
        }
        pair_free(&p, &t);
        close(fds[0]);
        close(fds[1]);
    }
    report(scenario, "client_hs_per_s", count / (t.client / 1e9));
    report(scenario, "server_hs_per_s", count / (t.server / 1e9));
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

#define BATCH 16 /* records per timed batch: the clock is read per batch */

/* Moves `mib` MiB from client to server in 16 KiB SSL_writes. */
static void bulk(const char *scenario, const setup *st, int mib)
{
    SSL_CTX *cctx = client_ctx(st), *sctx = server_ctx(st);
    cost t = {0, 0};
    pair p = pair_new(cctx, sctx, NULL, &t);
    handshake(&p, &t);
    check_version(&p, st);
    static unsigned char out[CHUNK], in[CHUNK];
    for (size_t i = 0; i < CHUNK; i++)
        out[i] = (unsigned char)(i * 7);
    cost data = {0, 0};
    long batches = (long)mib * 1024 * 1024 / (CHUNK * BATCH);
    unsigned long check = 0;
    for (long b = 0; b < batches; b++) {
        double t0 = cpu_ns();
        for (int i = 0; i < BATCH; i++)
            if (SSL_write(p.c, out, CHUNK) != CHUNK)
                die("SSL_write");
        data.client += since(t0);
        double t1 = cpu_ns();
        long got = 0;
        while (got < (long)CHUNK * BATCH) {
            int n = SSL_read(p.s, in, CHUNK);
            if (n <= 0)
                die("SSL_read");
            got += n;
            check += in[n - 1];
        }
        data.server += since(t1);
    }
    if (check == 0)
        die("no data arrived");
    double bytes = (double)batches * CHUNK * BATCH;
    report(scenario, "send_MB_per_s", bytes / data.client * 1e3);
    report(scenario, "recv_MB_per_s", bytes / data.server * 1e3);
    pair_free(&p, &t);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* The batch-receive pattern (issue 18): the client writes BATCH records
 * of 16 KiB, then the server reads record i into the i-th of BATCH distinct
 * 16 KiB buffers, as a program filling a large receive buffer does. bulk()
 * reads every record into one buffer that stays in the L1 cache; here the
 * destinations span 256 KiB, so what a library does with the plaintext on
 * its way to the caller (an extra copy, a buffer per record) shows. */
static void recv_batch(const char *scenario, const setup *st, int mib)
{
    SSL_CTX *cctx = client_ctx(st), *sctx = server_ctx(st);
    cost t = {0, 0};
    pair p = pair_new(cctx, sctx, NULL, &t);
    handshake(&p, &t);
    check_version(&p, st);
    static unsigned char out[CHUNK], in[BATCH][CHUNK];
    for (size_t i = 0; i < CHUNK; i++)
        out[i] = (unsigned char)(i * 7);
    cost data = {0, 0};
    long batches = (long)mib * 1024 * 1024 / (CHUNK * BATCH);
    for (long b = 0; b < batches; b++) {
        double t0 = cpu_ns();
        for (int i = 0; i < BATCH; i++) {
            /* Each record carries its number, so the check below sees
             * every record land whole in its own buffer, in order (an
             * 8-byte store against a 16 KiB write). */
            long seq = b * BATCH + i;
            memcpy(out, &seq, sizeof seq);
            if (SSL_write(p.c, out, CHUNK) != CHUNK)
                die("SSL_write");
        }
        data.client += since(t0);
        double t1 = cpu_ns();
        for (int i = 0; i < BATCH; i++) {
            for (int got = 0; got < CHUNK;) {
                int n = SSL_read(p.s, in[i] + got, CHUNK - got);
                if (n <= 0)
                    die("SSL_read");
                got += n;
            }
        }
        data.server += since(t1);
        for (int i = 0; i < BATCH; i++) {
            long seq;
            memcpy(&seq, in[i], sizeof seq);
            if (seq != b * BATCH + i || in[i][CHUNK - 1] != out[CHUNK - 1])
                die("a record arrived in the wrong buffer or incomplete");
        }
    }
    double bytes = (double)batches * CHUNK * BATCH;
    report(scenario, "send_MB_per_s", bytes / data.client * 1e3);
    report(scenario, "recv_MB_per_s", bytes / data.server * 1e3);
    pair_free(&p, &t);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

static long status_kib(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t n = strlen(field);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':')
            v = strtol(line + n + 1, NULL, 10);
    if (f)
        fclose(f);
    return v;
}

/* Peak RSS growth while `count` handshaken pairs are alive at once. */
static void memory(const char *scenario, const setup *st, int count)
{
    SSL_CTX *cctx = client_ctx(st), *sctx = server_ctx(st);
    cost t = {0, 0};
    /* A warm-up pair so one-time setup (config caches, tables) is not
     * charged to the connections. */
    pair w = pair_new(cctx, sctx, NULL, &t);
    handshake(&w, &t);
    pair_free(&w, &t);
    long before = status_kib("VmRSS");
    pair *ps = calloc(count, sizeof *ps);
    for (int i = 0; i < count; i++) {
        ps[i] = pair_new(cctx, sctx, NULL, &t);
        handshake(&ps[i], &t);
    }
    long peak = status_kib("VmHWM");
    report(scenario, "bytes_per_pair", (peak - before) * 1024.0 / count);
    for (int i = 0; i < count; i++)
        pair_free(&ps[i], &t);
    free(ps);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

typedef struct {
    SSL_CTX *cctx, *sctx;
    int count;
    double cpu; /* the thread's CPU time inside SSL_* calls */
} thread_job;

static void *thread_handshakes(void *arg)
{
    thread_job *job = arg;
    cost t = {0, 0};
    for (int i = 0; i < job->count; i++) {
        pair p = pair_new(job->cctx, job->sctx, NULL, &t);
        handshake(&p, &t);
        pair_free(&p, &t);
    }
    job->cpu = t.client + t.server;
    return NULL;
}

/* Handshake pairs per second of wall-clock time, and CPU nanoseconds per
 * pair, with `threads` threads sharing both contexts. */
static double threaded_rate(SSL_CTX *cctx, SSL_CTX *sctx, int threads, int per_thread, double *cpu_per_pair)
{
    pthread_t tid[8];
    thread_job jobs[8];
    double t0 = now_ns(CLOCK_MONOTONIC);
    for (int i = 0; i < threads; i++) {
        jobs[i] = (thread_job){cctx, sctx, per_thread, 0};
        pthread_create(&tid[i], NULL, thread_handshakes, &jobs[i]);
    }
    double cpu = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(tid[i], NULL);
        cpu += jobs[i].cpu;
    }
    *cpu_per_pair = cpu / (threads * per_thread);
    return threads * per_thread / ((now_ns(CLOCK_MONOTONIC) - t0) / 1e9);
}

/* 1 and 2 threads sharing both SSL_CTXs. Wall-clock scaling shows
 * contention only on an idle machine; the CPU time per handshake pair does
 * not depend on other load, and grows when threads fight over locks
 * (spinning, cache-line bouncing). */
static void threads(const char *scenario, const setup *st, int count)
{
    SSL_CTX *cctx = client_ctx(st), *sctx = server_ctx(st);
    double cpu1, cpu2;
    double one = threaded_rate(cctx, sctx, 1, count, &cpu1);
    double two = threaded_rate(cctx, sctx, 2, count, &cpu2);
    report(scenario, "pairs_per_s_1thread", one);
    report(scenario, "pairs_per_s_2threads", two);
    report(scenario, "scaling_2threads", two / one);
    report(scenario, "cpu_per_pair_2threads_vs_1", cpu2 / cpu1);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* ---- callgrind: one operation inside a measured_* function ------------- */

__attribute__((noinline)) static void measured_full_handshake(SSL_CTX *cctx, SSL_CTX *sctx, cost *t)
{
    pair p = pair_new(cctx, sctx, NULL, t);
    handshake(&p, t);
    pair_free(&p, t);
}

__attribute__((noinline)) static void measured_resumed_handshake(SSL_CTX *cctx, SSL_CTX *sctx, SSL_SESSION *sess, cost *t)
{
    pair p = pair_new(cctx, sctx, sess, t);
    handshake(&p, t);
    if (!SSL_session_reused(p.c))
        die("not resumed");
    pair_free(&p, t);
}

static void record_roundtrip(pair *p, unsigned char *buf)
{
    if (SSL_write(p->c, buf, CHUNK) != CHUNK || SSL_read(p->s, buf, CHUNK) != CHUNK)
        die("record");
}

__attribute__((noinline)) static void measured_record(pair *p, unsigned char *buf)
{
    record_roundtrip(p, buf);
}

/* Only the receiving half: the record is already in the server's read BIO
 * (written before the call), so the count is SSL_read alone: reading the
 * record from the BIO, decrypting it and handing over the 16 KiB. */
__attribute__((noinline)) static void measured_receive(pair *p, unsigned char *buf)
{
    if (SSL_read(p->s, buf, CHUNK) != CHUNK)
        die("receive");
}

static void callgrind(const char *what)
{
    /* "...12": the same on TLS 1.2 with session ids */
    int tls12 = strlen(what) > 2 && strcmp(what + strlen(what) - 2, "12") == 0;
    const setup *st = find_setup(tls12 ? "tls12-ecdsa-id" : "tls13-ecdsa");
    SSL_CTX *cctx = client_ctx(st), *sctx = server_ctx(st);
    cost t = {0, 0};
    /* Warm up: the first connection builds caches both libraries keep. */
    pair p = pair_new(cctx, sctx, NULL, &t);
    handshake(&p, &t);
    SSL_SESSION *sess = SSL_get1_session(p.c);
    static unsigned char buf[CHUNK];
    record_roundtrip(&p, buf); /* the first record grows the buffers */
    if (strncmp(what, "full", 4) == 0)
        measured_full_handshake(cctx, sctx, &t);
    else if (strncmp(what, "resumed", 7) == 0)
        measured_resumed_handshake(cctx, sctx, sess, &t);
    else if (strcmp(what, "record") == 0)
        measured_record(&p, buf);
    else if (strcmp(what, "receive") == 0) {
        if (SSL_write(p.c, buf, CHUNK) != CHUNK)
            die("record");
        measured_receive(&p, buf);
    } else
        die("callgrind: full, resumed, record, receive, full12 or resumed12");
    pair_free(&p, &t);
    SSL_SESSION_free(sess);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* A forking server's pattern (PostgreSQL's postmaster, Apache prefork):
 * the parent sets the contexts up and never handshakes; each forked child
 * makes one full handshake pair and exits. Reports children per CPU second
 * (theirs, from RUSAGE_CHILDREN): what a child's first handshake costs,
 * random number generator seeding after fork included. */
static void forked(const char *scenario, const setup *st, int count)
{
    SSL_CTX *cctx = client_ctx(st), *sctx = server_ctx(st);
    struct rusage before, after;
    getrusage(RUSAGE_CHILDREN, &before);
    for (int i = 0; i < count; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            exit(1);
        }
        if (pid == 0) {
            cost t = {0};
            pair p = pair_new(cctx, sctx, NULL, &t);
            handshake(&p, &t);
            pair_free(&p, &t);
            _exit(0);
        }
        int status;
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "bench: a forked child failed\n");
            exit(1);
        }
    }
    getrusage(RUSAGE_CHILDREN, &after);
    double cpu = (after.ru_utime.tv_sec - before.ru_utime.tv_sec) +
                 (after.ru_stime.tv_sec - before.ru_stime.tv_sec) +
                 (after.ru_utime.tv_usec - before.ru_utime.tv_usec) / 1e6 +
                 (after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e6;
    report(scenario, "children_per_cpu_s", count / cpu);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench SCENARIO [COUNT] | bench callgrind full|resumed|record|receive\n"
                        "env BENCH_CERTS=dir (default tests/certs)\n");
        return 2;
    }
    if (getenv("BENCH_CERTS"))
        certs = getenv("BENCH_CERTS");
    printf("# lib: %s\n", OpenSSL_version(OPENSSL_VERSION));
    /* The drop-in answers OpenSSL_version from the process's libcrypto, so
     * the file SSL_new was bound to says which libssl runs. */
    Dl_info where;
    printf("# ssl: %s\n", dladdr((void *)SSL_new, &where) && where.dli_fname ? where.dli_fname : "?");
    calibrate_clock();
    const char *sc = argv[1];
    int count = argc > 2 ? atoi(argv[2]) : 0;
    if (strcmp(sc, "callgrind") == 0) {
        callgrind(argc > 2 ? argv[2] : "");
    } else if (strcmp(sc, "full-tls13-ecdsa") == 0) {
        full_handshakes(sc, find_setup("tls13-ecdsa"), count ? count : 300);
    } else if (strcmp(sc, "full-tls13-rsa") == 0) {
        full_handshakes(sc, find_setup("tls13-rsa"), count ? count : 150);
    } else if (strcmp(sc, "full-tls12-ecdsa") == 0) {
        full_handshakes(sc, find_setup("tls12-ecdsa"), count ? count : 300);
    } else if (strcmp(sc, "resume-tls13") == 0) {
        resumed_handshakes(sc, find_setup("tls13-ecdsa"), count ? count : 1000, 0);
    } else if (strcmp(sc, "resume-tls12-id") == 0) {
        resumed_handshakes(sc, find_setup("tls12-ecdsa-id"), count ? count : 1000, 0);
    } else if (strcmp(sc, "resume-tls12-ticket") == 0) {
        resumed_handshakes(sc, find_setup("tls12-ecdsa"), count ? count : 1000, 0);
    } else if (strcmp(sc, "bulk-tls13-aes128") == 0) {
        bulk(sc, find_setup("tls13-aes128"), count ? count : 256);
    } else if (strcmp(sc, "bulk-tls13-aes256") == 0) {
        bulk(sc, find_setup("tls13-aes256"), count ? count : 256);
    } else if (strcmp(sc, "bulk-tls13-chacha") == 0) {
        bulk(sc, find_setup("tls13-chacha"), count ? count : 256);
    } else if (strcmp(sc, "bulk-tls12-aes128") == 0) {
        bulk(sc, find_setup("tls12-aes128"), count ? count : 256);
    } else if (strcmp(sc, "resume-reuse-tls13") == 0) {
        resumed_handshakes(sc, find_setup("tls13-ecdsa"), count ? count : 1000, 1);
    } else if (strcmp(sc, "resume-reuse-tls12-ticket") == 0) {
        resumed_handshakes(sc, find_setup("tls12-ecdsa"), count ? count : 1000, 1);
    } else if (strcmp(sc, "recv-batch-tls13-aes128") == 0) {
        recv_batch(sc, find_setup("tls13-aes128"), count ? count : 256);
    } else if (strcmp(sc, "recv-batch-tls13-chacha") == 0) {
        recv_batch(sc, find_setup("tls13-chacha"), count ? count : 256);
    } else if (strcmp(sc, "recv-batch-tls12-aes128") == 0) {
        recv_batch(sc, find_setup("tls12-aes128"), count ? count : 256);
    } else if (strcmp(sc, "socket-tls13") == 0) {
        socket_exchange(sc, find_setup("tls13-ecdsa"), count ? count : 200);
    } else if (strcmp(sc, "memory") == 0) {
        memory(sc, find_setup("tls13-ecdsa"), count ? count : 1000);
    } else if (strcmp(sc, "fork") == 0) {
        forked(sc, find_setup("tls13-ecdsa"), count ? count : 100);
    } else if (strcmp(sc, "threads") == 0) {
        threads(sc, find_setup("tls13-ecdsa"), count ? count : 200);
    } else {
        fprintf(stderr, "bench: unknown scenario %s\n", sc);
        return 2;
    }
    return 0;
}
