/*
 * TLS over real TCP sockets on 127.0.0.1 (ephemeral port); the server is a
 * forked child. Blocking and non-blocking (poll + WANT_READ/WANT_WRITE loops),
 * TLS 1.3 and TLS 1.2, 1 MiB each way, bidirectional shutdown, and the fd
 * accessors (SSL_set_fd / set_rfd / set_wfd / get_fd, BIO_new_socket), and
 * records read from the socket one at a time, as OpenSSL reads them.
 */
#include "net.h"

#define MIB (1024 * 1024)

static void print_facts(const char *who, SSL *ssl)
{
    const char *sn = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    printf("%s version %s cipher %s verify %ld servername %s\n", who,
           SSL_get_version(ssl), SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)),
           SSL_get_verify_result(ssl), sn ? sn : "(null)");
}

/* ---------------- blocking ---------------- */

static void blocking_server(int lfd, int version)
{
    SSL_CTX *ctx = server_ctx("server-chain.pem", "server.key");
    unsigned char *buf = malloc(MIB), *data = malloc(MIB);
    size_t got = 0;
    int fd = accept(lfd, NULL, NULL);
    CHECK(buf && data && fd >= 0);
    close(lfd);
    if (version)
        CHECK(SSL_CTX_set_min_proto_version(ctx, version) == 1 &&
              SSL_CTX_set_max_proto_version(ctx, version) == 1);
    SSL *ssl = SSL_new(ctx);
    CHECK(ssl != NULL);
    CHECK(SSL_set_fd(ssl, fd) == 1);
    printf("server get_fd matches %d\n", SSL_get_fd(ssl) == fd);
    int r = SSL_accept(ssl);
    printf("server accept %d\n", r);
    CHECK(r == 1);
    print_facts("server", ssl);
    while (got < MIB) {
        r = SSL_read(ssl, buf + got, MIB - (int)got);
        CHECK(r > 0);
        got += (size_t)r;
    }
    printf("server received %zu adler32 %08x\n", got, adler(buf, got));
    fill_pattern(data, MIB, 22);
    r = SSL_write(ssl, data, MIB);
    printf("server write(1MiB) %d\n", r);
    r = SSL_read(ssl, buf, 100);
    printf("server read at close %d %s\n", r, err_name(SSL_get_error(ssl, r)));
    r = SSL_shutdown(ssl);
    printf("server shutdown %d flags %d\n", r, SSL_get_shutdown(ssl));
    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(ctx);
    free(buf);
    free(data);
    exit(0);
}

static void blocking_case(int version)
{
    peer_t peer;
    int port, lfd = listen_ephemeral(&port);
    printf("== blocking %s\n", version == TLS1_2_VERSION ? "TLSv1.2" : "default");
    if (!fork_peer(&peer))
        blocking_server(lfd, version);
    close(lfd);

    SSL_CTX *ctx = client_ctx(SSL_VERIFY_PEER);
    unsigned char *data = malloc(MIB), *buf = malloc(MIB);
    size_t got = 0;
    int fd = connect_port(port);
    CHECK(data && buf);
    SSL *ssl = SSL_new(ctx);
    CHECK(ssl != NULL);
    CHECK(SSL_set_fd(ssl, fd) == 1);
    printf("client get_fd matches %d\n", SSL_get_fd(ssl) == fd);
    CHECK(SSL_set_tlsext_host_name(ssl, "localhost") == 1);
    CHECK(SSL_set1_host(ssl, "localhost") == 1);
    int r = SSL_connect(ssl);
    printf("client connect %d\n", r);
    CHECK(r == 1);
    print_facts("client", ssl);
    fill_pattern(data, MIB, 11);
    r = SSL_write(ssl, data, MIB); /* one call: blocking writes everything */
    printf("client write(1MiB) %d\n", r);
    while (got < MIB) {
        r = SSL_read(ssl, buf + got, MIB - (int)got);
        CHECK(r > 0);
        got += (size_t)r;
    }
    printf("client received %zu adler32 %08x\n", got, adler(buf, got));
    r = SSL_shutdown(ssl);
    printf("client shutdown#1 %d flags %d\n", r, SSL_get_shutdown(ssl));
    r = SSL_shutdown(ssl); /* blocks until the server's close_notify */
    printf("client shutdown#2 %d flags %d\n", r, SSL_get_shutdown(ssl));
    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(ctx);
    free(data);
    free(buf);
    join_peer(&peer);
}

/* ---------------- non-blocking ---------------- */

/* Handshake, then send and receive MIB bytes at the same time, then a
 * bidirectional shutdown. Intermediate results must be WANT_READ/WANT_WRITE. */
static void nb_session(SSL *ssl, int fd, int server, uint32_t seed_out)
{
    const char *who = server ? "server" : "client";
    unsigned char *data = malloc(MIB), buf[16384];
    size_t sent = 0, got = 0;
    adler_t sum;
    int r;
    CHECK(data != NULL);

    while ((r = server ? SSL_accept(ssl) : SSL_connect(ssl)) != 1) {
        CHECK(r == -1);
        wait_for(fd, SSL_get_error(ssl, r));
    }
    printf("%s handshake 1\n", who);
    print_facts(who, ssl);

    fill_pattern(data, MIB, seed_out);
    adler_init(&sum);
    while (sent < MIB || got < MIB) {
        short events = 0;
        if (sent < MIB) {
            size_t chunk = MIB - sent < 10000 ? MIB - sent : 10000;
            r = SSL_write(ssl, data + sent, (int)chunk);
            if (r > 0) {
                CHECK((size_t)r == chunk);
                sent += (size_t)r;
                continue;
            }
            int e = SSL_get_error(ssl, r);
            CHECK(r == -1 && is_want(e));
            events |= e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
        }
        if (got < MIB) {
            r = SSL_read(ssl, buf, sizeof buf);
            if (r > 0) {
                adler_update(&sum, buf, (size_t)r);
                got += (size_t)r;
                CHECK(got <= MIB);
                continue;
            }
            int e = SSL_get_error(ssl, r);
            CHECK(r == -1 && is_want(e));
            events |= e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
        }
        struct pollfd pfd = {fd, events, 0};
        CHECK(poll(&pfd, 1, 10000) == 1);
    }
    printf("%s sent %zu received %zu adler32 %08x\n", who, sent, got,
           adler_final(&sum));

    if (!server) {
        while ((r = SSL_shutdown(ssl)) < 0)
            wait_for(fd, SSL_get_error(ssl, r));
        printf("client shutdown#1 %d flags %d\n", r, SSL_get_shutdown(ssl));
    }
    while ((r = SSL_read(ssl, buf, sizeof buf)) < 0)
        wait_for(fd, SSL_get_error(ssl, r));
    printf("%s read at close %d %s flags %d\n", who, r,
           err_name(SSL_get_error(ssl, r)), SSL_get_shutdown(ssl));
    while ((r = SSL_shutdown(ssl)) < 0)
        wait_for(fd, SSL_get_error(ssl, r));
    printf("%s shutdown %d flags %d\n", who, r, SSL_get_shutdown(ssl));
    free(data);
}

static void nb_case(int version)
{
    peer_t peer;
    int port, lfd = listen_ephemeral(&port);
    printf("== non-blocking %s\n", version == TLS1_2_VERSION ? "TLSv1.2" : "default");
    if (!fork_peer(&peer)) {
        /* server: SSL_set_rfd + SSL_set_wfd on a non-blocking socket */
        SSL_CTX *ctx = server_ctx("server-rsa-chain.pem", "server-rsa.key");
        int fd = accept(lfd, NULL, NULL);
        CHECK(fd >= 0);
        close(lfd);
        set_nonblocking(fd);
        SSL *ssl = SSL_new(ctx);
        CHECK(ssl != NULL);
        CHECK(SSL_set_rfd(ssl, fd) == 1 && SSL_set_wfd(ssl, fd) == 1);
        printf("server get_fd matches %d\n", SSL_get_fd(ssl) == fd);
        nb_session(ssl, fd, 1, 44);
        SSL_free(ssl);
        close(fd);
        SSL_CTX_free(ctx);
        exit(0);
    }
    close(lfd);

    /* client: BIO_new_socket + BIO_set_nbio + SSL_set_bio */
    SSL_CTX *ctx = client_ctx(SSL_VERIFY_PEER);
    if (version)
        CHECK(SSL_CTX_set_max_proto_version(ctx, version) == 1);
    int fd = connect_port(port);
    printf("client tcp_ndelay %d\n", BIO_set_tcp_ndelay(fd, 1));
    BIO *bio = BIO_new_socket(fd, BIO_NOCLOSE);
    CHECK(bio != NULL);
    /* BIO_set_nbio is only implemented by connect/accept BIOs: on a socket
     * BIO it returns 0 and the fd must be made non-blocking directly. */
    printf("client BIO_set_nbio(socket bio) %ld\n", BIO_set_nbio(bio, 1));
    set_nonblocking(fd);
    SSL *ssl = SSL_new(ctx);
    CHECK(ssl != NULL);
    SSL_set_bio(ssl, bio, bio);
    printf("client get_fd matches %d\n", SSL_get_fd(ssl) == fd);
    CHECK(SSL_set_tlsext_host_name(ssl, "localhost") == 1);
    nb_session(ssl, fd, 0, 33);
    SSL_free(ssl); /* frees the BIO; BIO_NOCLOSE leaves fd open */
    printf("client fd still open %d\n", fcntl(fd, F_GETFD) != -1);
    close(fd);
    SSL_CTX_free(ctx);
    join_peer(&peer);
}

/* ---------------- one record at a time ---------------- */

/* OpenSSL without read-ahead reads one record per need from the socket, so
 * records it has not needed yet stay in the socket, where poll() sees them:
 * event loops (curl, nginx) wait on the socket once SSL_read has returned
 * data and SSL_pending is 0. The server sends three records and its
 * close_notify before the client reads anything. */
static void record_case(void)
{
    peer_t peer;
    int port, lfd = listen_ephemeral(&port), sent[2];
    printf("== records stay in the socket until needed\n");
    CHECK(pipe(sent) == 0);
    if (!fork_peer(&peer)) {
        SSL_CTX *ctx = server_ctx("server-chain.pem", "server.key");
        int fd = accept(lfd, NULL, NULL);
        char c;
        CHECK(fd >= 0);
        close(lfd);
        close(sent[0]);
        SSL *ssl = SSL_new(ctx);
        CHECK(ssl != NULL && SSL_set_fd(ssl, fd) == 1 && SSL_accept(ssl) == 1);
        CHECK(SSL_write(ssl, "one", 3) == 3 && SSL_write(ssl, "two", 3) == 3 &&
              SSL_write(ssl, "three", 5) == 5);
        printf("server shutdown %d\n", SSL_shutdown(ssl));
        CHECK(write(sent[1], "x", 1) == 1);
        /* Until the client has read everything and closed. */
        while (read(fd, &c, 1) > 0)
            ;
        SSL_free(ssl);
        close(fd);
        SSL_CTX_free(ctx);
        exit(0);
    }
    close(lfd);
    close(sent[1]);
    SSL_CTX *ctx = client_ctx(SSL_VERIFY_PEER);
    int fd = connect_port(port);
    SSL *ssl = SSL_new(ctx);
    char buf[64], c;
    CHECK(ssl != NULL && SSL_set_fd(ssl, fd) == 1);
    CHECK(SSL_set_tlsext_host_name(ssl, "localhost") == 1);
    CHECK(SSL_connect(ssl) == 1);
    CHECK(read(sent[0], &c, 1) == 1);
    for (int i = 0; i < 4; i++) {
        int r = SSL_read(ssl, buf, sizeof buf - 1);
        struct pollfd pfd = {fd, POLLIN, 0};
        buf[r > 0 ? r : 0] = 0;
        int p = poll(&pfd, 1, 0);
        printf("client read %d \"%s\" %s, pending %d, socket readable %d\n", r, buf,
               err_name(SSL_get_error(ssl, r)), SSL_pending(ssl), p);
        if (r <= 0)
            break;
    }
    SSL_free(ssl);
    close(fd);
    close(sent[0]);
    SSL_CTX_free(ctx);
    join_peer(&peer);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    alarm(120);
    blocking_case(0);
    blocking_case(TLS1_2_VERSION);
    nb_case(0);
    nb_case(TLS1_2_VERSION);
    record_case();
    return 0;
}
