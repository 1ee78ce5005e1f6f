/*
 * A server that forks after making its context (Apache's, nginx's
 * workers): every child holds the context's ticket keys, so a ticket one
 * child issued resumes on another. The client (this process) makes a full
 * handshake with a first child, then offers the session to a second child
 * and to a third; each child reports whether it resumed. TLS 1.3 and TLS
 * 1.2 tickets.
 */
#include "common.h"

#include <sys/wait.h>

/* One connection served in a child: the exit status is
 * SSL_session_reused (or 2 when the handshake failed). */
static pid_t serve(SSL_CTX *sctx, int fd, int other)
{
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid != 0)
        return pid;
    close(other);
    SSL *s = SSL_new(sctx);
    CHECK(s != NULL && SSL_set_fd(s, fd) == 1);
    int ok = SSL_accept(s) == 1;
    char c;
    if (ok) {
        CHECK(SSL_write(s, "x", 1) == 1);
        ok = SSL_read(s, &c, 1) == 1;
    }
    int reused = SSL_session_reused(s);
    SSL_shutdown(s);
    SSL_free(s);
    _exit(ok ? reused : 2);
}

/* A connection to a freshly forked child; the session to offer, or NULL.
 * Returns the client's session afterwards. */
static SSL_SESSION *connect_child(const char *label, SSL_CTX *cctx, SSL_CTX *sctx,
                                  SSL_SESSION *offer)
{
    int sv[2], status;
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    pid_t pid = serve(sctx, sv[1], sv[0]);
    close(sv[1]);
    SSL *c = SSL_new(cctx);
    CHECK(c != NULL && SSL_set_fd(c, sv[0]) == 1);
    if (offer)
        CHECK(SSL_set_session(c, offer) == 1);
    int r = SSL_connect(c);
    char ch;
    /* The server's byte (TLS 1.3: after its tickets), then ours. */
    CHECK(r == 1 && SSL_read(c, &ch, 1) == 1 && SSL_write(c, "y", 1) == 1);
    SSL_SESSION *got = SSL_get1_session(c);
    printf("%s: client reused %d", label, SSL_session_reused(c));
    SSL_shutdown(c);
    SSL_free(c);
    close(sv[0]);
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status));
    printf(", server child %s\n", WEXITSTATUS(status) == 2   ? "failed"
                                  : WEXITSTATUS(status) == 1 ? "resumed"
                                                             : "full handshake");
    return got;
}

static void run(int tls12)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    if (tls12)
        CHECK(SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION) == 1);
    /* Tickets only: no child sees another's session cache. */
    SSL_CTX_set_session_cache_mode(sctx, SSL_SESS_CACHE_OFF);
    printf("== %s tickets, a child per connection\n", tls12 ? "TLS 1.2" : "TLS 1.3");
    SSL_SESSION *s1 = connect_child("first child", cctx, sctx, NULL);
    SSL_SESSION *s2 = connect_child("second child", cctx, sctx, s1);
    SSL_SESSION *s3 = connect_child("third child", cctx, sctx, tls12 ? s1 : s2);
    SSL_SESSION_free(s1);
    SSL_SESSION_free(s2);
    SSL_SESSION_free(s3);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    fflush(stdout);
    run(0);
    fflush(stdout);
    run(1);
    return 0;
}
