/*
 * Socket helpers for the differential tests: loopback listener on an
 * ephemeral port, a forked peer whose stdout is replayed after the parent's
 * output (so the combined output order is deterministic), and poll waits.
 */
#ifndef SSLSHIM_TEST_NET_H
#define SSLSHIM_TEST_NET_H

#include "common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>

static inline int listen_ephemeral(int *port)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    CHECK(fd >= 0);
    CHECK(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = 0;
    CHECK(bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0);
    CHECK(listen(fd, 8) == 0);
    CHECK(getsockname(fd, (struct sockaddr *)&sa, &len) == 0);
    *port = ntohs(sa.sin_port);
    return fd;
}

static inline int connect_port(int port)
{
    struct sockaddr_in sa;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(fd >= 0);
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons((unsigned short)port);
    CHECK(connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0);
    return fd;
}

static inline void set_nonblocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    CHECK(fl >= 0 && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0);
}

/* Wait until fd is readable (WANT_READ) or writable (WANT_WRITE). */
static inline void wait_for(int fd, int ssl_error)
{
    struct pollfd pfd = {fd, ssl_error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, 0};
    CHECK(is_want(ssl_error));
    CHECK(poll(&pfd, 1, 10000) == 1);
}

typedef struct {
    pid_t pid;
    int out_fd; /* read end of the child's stdout */
} peer_t;

/* Fork a peer. In the child, stdout goes to a pipe; returns 0 in the child
 * and 1 in the parent. The child must finish with exit(). */
static inline int fork_peer(peer_t *peer)
{
    int pfd[2];
    fflush(stdout);
    fflush(stderr);
    CHECK(pipe(pfd) == 0);
    peer->pid = fork();
    CHECK(peer->pid >= 0);
    if (peer->pid == 0) {
        close(pfd[0]);
        CHECK(dup2(pfd[1], STDOUT_FILENO) == STDOUT_FILENO);
        close(pfd[1]);
        alarm(60);
        return 0;
    }
    close(pfd[1]);
    peer->out_fd = pfd[0];
    return 1;
}

/* Copy the peer's output to stdout and check that it exited with status 0. */
static inline void join_peer(peer_t *peer)
{
    char buf[4096];
    ssize_t n;
    int status = 0;
    fflush(stdout);
    while ((n = read(peer->out_fd, buf, sizeof buf)) > 0)
        CHECK(fwrite(buf, 1, (size_t)n, stdout) == (size_t)n);
    fflush(stdout);
    close(peer->out_fd);
    CHECK(waitpid(peer->pid, &status, 0) == peer->pid);
    if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
        fprintf(stderr, "peer exited abnormally (status 0x%x)\n", status);
        exit(2);
    }
}

#endif
