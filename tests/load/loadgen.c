/*
 * loadgen.c - TLS load generator for examples/epoll_server (built against
 * the system OpenSSL, so the peer of our library is real OpenSSL).
 *
 *   loadgen -p PORT [-c CONNS] [-rounds N | -seconds S] [-CAfile ca.pem]
 *
 * Each connection: TCP connect to 127.0.0.1:PORT, TLS handshake (verifying
 * the server's certificate for "localhost"), send "ping N\n", expect
 * "echo: ping N\n", read the server's close_notify, close.
 *
 * -rounds N (default 1): N rounds of CONNS connections; in a round every
 *   handshake completes before any request is sent, so the server holds all
 *   CONNS connections open at once.
 * -seconds S: churn for S seconds instead - CONNS connections always in
 *   flight, each replaced by a new one when it finishes. Prints a progress
 *   line every 10 s.
 *
 * Last line: "loadgen: ok N failed N handshake_failed N seconds S conn_per_s R".
 * Exit status 0 only if nothing failed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

enum step { CONNECTING, HANDSHAKE, HELD, WRITE_REQ, READ_REPLY, SHUTDOWN };

struct conn {
    int fd;
    SSL *ssl;
    enum step step;
    unsigned long id;
    char req[64], got[128];
    int req_len, got_len;
};

static SSL_CTX *ctx;
static int ep, port;
static unsigned long next_id, ok, failed, hs_failed, held;
static struct conn **held_list; /* rounds mode: connections waiting to send */
static long in_flight;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void watch(struct conn *c, int op, unsigned events)
{
    struct epoll_event ev = {.events = events, .data.ptr = c};
    if (epoll_ctl(ep, op, c->fd, &ev) != 0) {
        perror("loadgen: epoll_ctl");
        exit(1);
    }
}

static void finish(struct conn *c, int success)
{
    if (success)
        ok++;
    else {
        failed++;
        if (c->step <= HANDSHAKE)
            hs_failed++;
        if (failed <= 5) {
            fprintf(stderr, "loadgen: connection %lu failed in step %d\n", c->id, c->step);
            ERR_print_errors_fp(stderr);
        }
    }
    ERR_clear_error();
    SSL_free(c->ssl);
    close(c->fd);
    free(c);
    in_flight--;
}

static void start_conn(void)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct conn *c = calloc(1, sizeof *c);
    if (c == NULL)
        exit(1);
    c->id = next_id++;
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (c->fd < 0) {
        perror("loadgen: socket");
        exit(1);
    }
    c->ssl = SSL_new(ctx);
    SSL_set_fd(c->ssl, c->fd);
    SSL_set_tlsext_host_name(c->ssl, "localhost");
    SSL_set1_host(c->ssl, "localhost");
    c->req_len = snprintf(c->req, sizeof c->req, "ping %lu\n", c->id);
    in_flight++;
    if (connect(c->fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
        c->step = HANDSHAKE;
        watch(c, EPOLL_CTL_ADD, EPOLLOUT | EPOLLIN);
    } else if (errno == EINPROGRESS) {
        c->step = CONNECTING;
        watch(c, EPOLL_CTL_ADD, EPOLLOUT);
    } else {
        perror("loadgen: connect");
        finish(c, 0);
    }
}

/* Runs the connection until it must wait; `hold` keeps it after the handshake. */
static void advance(struct conn *c, int hold)
{
    for (;;) {
        int r = 1;
        switch (c->step) {
        case CONNECTING: {
            int err = 0;
            socklen_t len = sizeof err;
            getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err != 0) {
                fprintf(stderr, "loadgen: connect: %s\n", strerror(err));
                finish(c, 0);
                return;
            }
            c->step = HANDSHAKE;
            continue;
        }
        case HANDSHAKE:
            r = SSL_connect(c->ssl);
            if (r == 1) {
                if (SSL_get_verify_result(c->ssl) != X509_V_OK) {
                    finish(c, 0);
                    return;
                }
                c->step = hold ? HELD : WRITE_REQ;
                if (hold) {
                    held_list[held++] = c;
                    watch(c, EPOLL_CTL_MOD, 0);
                    return;
                }
                continue;
            }
            break;
        case HELD:
            return;
        case WRITE_REQ:
            r = SSL_write(c->ssl, c->req, c->req_len);
            if (r > 0) {
                c->step = READ_REPLY;
                continue;
            }
            break;
        case READ_REPLY:
            r = SSL_read(c->ssl, c->got + c->got_len, (int)sizeof c->got - 1 - c->got_len);
            if (r > 0) {
                c->got_len += r;
                continue;
            }
            /* The server closes after its answer: close_notify ends the read. */
            if (SSL_get_error(c->ssl, r) == SSL_ERROR_ZERO_RETURN) {
                c->got[c->got_len] = '\0';
                int good = strncmp(c->got, "echo: ", 6) == 0 &&
                           strcmp(c->got + 6, c->req) == 0;
                if (!good)
                    fprintf(stderr, "loadgen: connection %lu: bad reply '%s'\n", c->id, c->got);
                c->step = SHUTDOWN;
                SSL_shutdown(c->ssl); /* answer the close_notify; best effort */
                finish(c, good);
                return;
            }
            break;
        case SHUTDOWN:
            return;
        }
        int err = SSL_get_error(c->ssl, r);
        if (err == SSL_ERROR_WANT_READ) {
            watch(c, EPOLL_CTL_MOD, EPOLLIN);
            return;
        }
        if (err == SSL_ERROR_WANT_WRITE) {
            watch(c, EPOLL_CTL_MOD, EPOLLOUT);
            return;
        }
        finish(c, 0);
        return;
    }
}

/*
 * Waits for events until nothing is in flight (or all are held). With a
 * deadline (churn mode) it first keeps `conns` connections in flight until
 * then, printing progress every 10 s.
 */
static void run_events(int hold, double deadline, int conns)
{
    static double t0, next_report;
    struct epoll_event events[256];
    if (t0 == 0) {
        t0 = now();
        next_report = t0 + 10;
    }
    for (;;) {
        while (deadline > 0 && now() < deadline && in_flight < conns)
            start_conn();
        if (in_flight == 0 || (hold && held == (unsigned long)in_flight))
            return;
        int n = epoll_wait(ep, events, 256, 1000);
        if (n < 0 && errno != EINTR) {
            perror("loadgen: epoll_wait");
            exit(1);
        }
        for (int i = 0; i < n; i++)
            advance(events[i].data.ptr, hold);
        if (deadline > 0 && now() >= next_report) {
            printf("loadgen: t=%.0fs ok %lu failed %lu in_flight %ld\n", now() - t0, ok, failed,
                   in_flight);
            next_report += 10;
        }
    }
}

int main(int argc, char **argv)
{
    int conns = 1000, rounds = 1;
    double seconds = 0;
    const char *ca = "tests/certs/ca.pem";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-p") && i + 1 < argc)
            port = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-c") && i + 1 < argc)
            conns = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-rounds") && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-seconds") && i + 1 < argc)
            seconds = atof(argv[++i]);
        else if (!strcmp(argv[i], "-CAfile") && i + 1 < argc)
            ca = argv[++i];
        else {
            fprintf(stderr, "usage: loadgen -p PORT [-c CONNS] [-rounds N | -seconds S] [-CAfile F]\n");
            return 2;
        }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == NULL || SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1) {
        ERR_print_errors_fp(stderr);
        return 1;
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    ep = epoll_create1(0);
    held_list = calloc((size_t)conns, sizeof *held_list);
    if (held_list == NULL)
        return 1;

    double t0 = now();
    if (seconds > 0) {
        run_events(0, t0 + seconds, conns); /* then lets the last ones finish */
    } else {
        for (int r = 0; r < rounds; r++) {
            /* Open every connection and finish every handshake first... */
            for (int i = 0; i < conns; i++)
                start_conn();
            held = 0;
            run_events(1, 0, conns);
            printf("loadgen: round %d: %ld connections open at once\n", r + 1, in_flight);
            /* ...then send the requests and let them all finish. */
            unsigned long waiting = held;
            for (unsigned long i = 0; i < waiting; i++) {
                held_list[i]->step = WRITE_REQ;
                advance(held_list[i], 0);
            }
            run_events(0, 0, conns);
        }
    }
    double secs = now() - t0;
    printf("loadgen: ok %lu failed %lu handshake_failed %lu seconds %.2f conn_per_s %.0f\n", ok,
           failed, hs_failed, secs, (double)ok / secs);
    return failed == 0 && ok > 0 ? 0 : 1;
}
