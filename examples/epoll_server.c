/*
 * epoll_server.c - a non-blocking TLS server for many connections at once,
 * written against the OpenSSL 3 libssl API (one thread, Linux epoll).
 *
 *   epoll_server [-p port] [-cert chain.pem] [-key key.pem] [-no-cache]
 *
 * Listens on 127.0.0.1:port (default 4433; 0 picks a free port) and prints
 * "listening on PORT". Each client gets a TLS handshake, then the server
 * reads one line and answers "echo: LINE" (or a small HTTP/1.0 response if
 * the line starts with "GET"), sends close_notify and closes.
 *
 * -no-cache turns the server session cache off (OpenSSL keeps up to 20480
 * sessions by default, so memory grows with the number of clients until the
 * cache is full).
 *
 * On SIGTERM or SIGINT it prints its counters and exits; SIGUSR1 prints them
 * and goes on:
 *   stats: accepted N handshakes_ok N handshakes_failed N replies N
 *          open N peak_open N
 *
 * Build against the system OpenSSL:  gcc epoll_server.c -lssl -lcrypto
 * or against sslshim:                gcc -Iinclude epoll_server.c -Ltarget/release -lsslshim
 *
 * How non-blocking TLS works: every SSL_* call on a non-blocking socket
 * either makes progress or fails with SSL_ERROR_WANT_READ ("call me again
 * when the socket is readable") or SSL_ERROR_WANT_WRITE ("... writable").
 * We then ask epoll for exactly that event and, when it fires, repeat the
 * same call. A connection is a small state machine around that rule.
 */
#define _GNU_SOURCE /* accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

/* Where a connection is in its life. */
enum step { HANDSHAKE, READ_LINE, WRITE_REPLY, SHUTDOWN };

struct conn {
    int fd;
    SSL *ssl;
    enum step step;
    char line[512];   /* the request line read so far */
    size_t line_len;
    char reply[1024]; /* the answer, written by SSL_write */
    int reply_len;
};

static struct {
    unsigned long accepted, handshakes_ok, handshakes_failed, replies;
    long open, peak_open;
} stats;

static volatile sig_atomic_t stop_requested, stats_requested;

static void on_signal(int sig)
{
    if (sig == SIGUSR1)
        stats_requested = 1;
    else
        stop_requested = 1;
}

static void print_stats(void)
{
    printf("stats: accepted %lu handshakes_ok %lu handshakes_failed %lu replies %lu "
           "open %ld peak_open %ld\n",
           stats.accepted, stats.handshakes_ok, stats.handshakes_failed, stats.replies,
           stats.open, stats.peak_open);
    fflush(stdout);
}

static void die(const char *what)
{
    fprintf(stderr, "epoll_server: %s failed\n", what);
    ERR_print_errors_fp(stderr);
    exit(1);
}

/* A non-blocking listening TCP socket on 127.0.0.1. */
static int listen_on(int *port)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0)
        die("socket");
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons((unsigned short)*port);
    /* A long backlog: load generators open hundreds of connections at once. */
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 4096) != 0)
        die("bind/listen");
    getsockname(fd, (struct sockaddr *)&sa, &len);
    *port = ntohs(sa.sin_port);
    return fd;
}

/* Tell epoll which socket event the connection waits for next. */
static void wait_for(int ep, struct conn *c, int ssl_error)
{
    struct epoll_event ev = {.data.ptr = c};
    ev.events = ssl_error == SSL_ERROR_WANT_WRITE ? EPOLLOUT : EPOLLIN;
    if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) != 0)
        die("epoll_ctl MOD");
}

static void close_conn(struct conn *c)
{
    /* Closing the fd also removes it from the epoll set. */
    SSL_free(c->ssl);
    close(c->fd);
    free(c);
    stats.open--;
}

/* Builds the answer to one request line. */
static void make_reply(struct conn *c)
{
    c->line[strcspn(c->line, "\r\n")] = '\0';
    if (strncmp(c->line, "GET", 3) == 0) {
        const char *body = "hello from sslshim epoll_server\n";
        c->reply_len = snprintf(c->reply, sizeof c->reply,
                                "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n"
                                "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                                strlen(body), body);
    } else {
        c->reply_len = snprintf(c->reply, sizeof c->reply, "echo: %s\n", c->line);
    }
}

/*
 * Moves a connection forward as far as it can go without blocking. Returns
 * when it waits for the socket (epoll told which event) or is closed.
 */
static void advance(int ep, struct conn *c)
{
    for (;;) {
        int r = -1, err;
        switch (c->step) {
        case HANDSHAKE:
            r = SSL_accept(c->ssl);
            if (r == 1) {
                stats.handshakes_ok++;
                c->step = READ_LINE;
                continue;
            }
            break;
        case READ_LINE: {
            /* Read what is there; the request ends at the first newline. */
            char *nl;
            r = SSL_read(c->ssl, c->line + c->line_len, (int)(sizeof c->line - 1 - c->line_len));
            if (r > 0) {
                c->line_len += (size_t)r;
                c->line[c->line_len] = '\0';
                nl = strchr(c->line, '\n');
                if (nl != NULL || c->line_len == sizeof c->line - 1) {
                    make_reply(c);
                    c->step = WRITE_REPLY;
                }
                continue;
            }
            break;
        }
        case WRITE_REPLY:
            /* A retried SSL_write must repeat the same arguments. */
            r = SSL_write(c->ssl, c->reply, c->reply_len);
            if (r > 0) {
                stats.replies++;
                c->step = SHUTDOWN;
                continue;
            }
            break;
        case SHUTDOWN:
            /* 0 = our close_notify is sent; we do not wait for the peer's. */
            r = SSL_shutdown(c->ssl);
            if (r >= 0) {
                close_conn(c);
                return;
            }
            break;
        }
        /* The call did not complete: wait, or give up on this client. */
        err = SSL_get_error(c->ssl, r);
        if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
            wait_for(ep, c, err);
            return;
        }
        if (c->step == HANDSHAKE)
            stats.handshakes_failed++;
        /* A client that vanished or spoke nonsense; its errors are not ours
         * to keep (the queue is per thread and would grow otherwise). */
        ERR_clear_error();
        close_conn(c);
        return;
    }
}

/* Accepts every pending connection and starts its handshake. */
static void accept_all(int ep, int lfd, SSL_CTX *ctx)
{
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                perror("epoll_server: accept4"); /* e.g. EMFILE: try later */
            return;
        }
        struct conn *c = calloc(1, sizeof *c);
        SSL *ssl = SSL_new(ctx);
        if (c == NULL || ssl == NULL || SSL_set_fd(ssl, fd) != 1) {
            ERR_clear_error();
            SSL_free(ssl);
            free(c);
            close(fd);
            continue;
        }
        c->fd = fd;
        c->ssl = ssl;
        c->step = HANDSHAKE;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0)
            die("epoll_ctl ADD");
        stats.accepted++;
        if (++stats.open > stats.peak_open)
            stats.peak_open = stats.open;
        /* Nothing to read yet, most likely: SSL_accept will ask to wait. */
        advance(ep, c);
    }
}

int main(int argc, char **argv)
{
    int port = 4433;
    const char *cert = "tests/certs/server-chain.pem";
    const char *key = "tests/certs/server.key";
    int session_cache = 1;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-p") && i + 1 < argc)
            port = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-cert") && i + 1 < argc)
            cert = argv[++i];
        else if (!strcmp(argv[i], "-key") && i + 1 < argc)
            key = argv[++i];
        else if (!strcmp(argv[i], "-no-cache"))
            session_cache = 0;
        else {
            fprintf(stderr, "usage: %s [-p port] [-cert chain.pem] [-key key.pem] [-no-cache]\n",
                    argv[0]);
            return 2;
        }
    }
    signal(SIGPIPE, SIG_IGN); /* a vanished client must not kill us */
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);

    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL)
        die("SSL_CTX_new");
    /* TLS 1.2 and 1.3 only; among the suites both sides support, ours
     * are listed strongest first, so pick by our order, not the client's. */
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
    if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1)
        die("SSL_CTX_use_certificate_chain_file");
    if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1)
        die("SSL_CTX_use_PrivateKey_file");
    if (SSL_CTX_check_private_key(ctx) != 1)
        die("SSL_CTX_check_private_key");
    if (!session_cache)
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);

    int lfd = listen_on(&port);
    int ep = epoll_create1(0);
    if (ep < 0)
        die("epoll_create1");
    /* The listening socket's event carries NULL: "accept", not a conn. */
    struct epoll_event lev = {.events = EPOLLIN, .data.ptr = NULL};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &lev) != 0)
        die("epoll_ctl ADD listener");
    printf("listening on %d\n", port);
    fflush(stdout);

    struct epoll_event events[256];
    while (!stop_requested) {
        int n = epoll_wait(ep, events, 256, -1);
        if (n < 0 && errno != EINTR)
            die("epoll_wait");
        for (int i = 0; i < n; i++) {
            if (events[i].data.ptr == NULL)
                accept_all(ep, lfd, ctx);
            else
                advance(ep, events[i].data.ptr);
        }
        if (stats_requested) {
            stats_requested = 0;
            print_stats();
        }
    }
    print_stats();
    /* Open connections are abandoned at exit; the OS closes their sockets. */
    close(lfd);
    close(ep);
    SSL_CTX_free(ctx);
    return 0;
}
