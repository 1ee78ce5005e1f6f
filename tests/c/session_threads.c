/*
 * One client SSL_SESSION shared by threads (issue 18): each thread makes
 * connections (client and server in-process, memory BIOs) that all offer
 * the same session object, TLS 1.3 (tickets) and TLS 1.2 (tickets). Every
 * handshake must succeed and the session must stay resumable.
 *
 * Two threads: every connection resumes on OpenSSL, whose client sends its
 * one ticket each time; on sslshim each resumption takes one of the
 * session's tickets (two after a full handshake) and the connection's new
 * ticket replaces it, so two connections in flight always find one. With
 * more threads than that, one may find none in use and make a full
 * handshake (whose tickets then go to the session): that count is only a
 * '#' line.
 */
#include "common.h"

#include <pthread.h>

typedef struct {
    SSL_CTX *cctx, *sctx;
    SSL_SESSION *sess;
    int connections;
    int reused, failed;
} job_t;

static void *worker(void *arg)
{
    job_t *j = arg;
    for (int i = 0; i < j->connections; i++) {
        pair_t p;
        int rc_c, rc_s, e_c, e_s;
        pair_new_mem(&p, j->cctx, j->sctx);
        CHECK(SSL_set_session(p.c, j->sess) == 1);
        pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
        if (rc_c != 1 || rc_s != 1) {
            j->failed++;
            pair_free(&p);
            continue;
        }
        /* The client reads the server's new ticket with the data. */
        char buf[8];
        CHECK(SSL_write(p.s, "ping", 4) == 4);
        pair_move(&p);
        CHECK(SSL_read(p.c, buf, sizeof buf) == 4);
        j->reused += SSL_session_reused(p.c) && SSL_session_reused(p.s);
        CHECK(SSL_shutdown(p.c) == 0);
        pair_move(&p);
        CHECK(SSL_shutdown(p.s) >= 0);
        pair_move(&p);
        CHECK(SSL_shutdown(p.c) == 1);
        pair_free(&p);
    }
    return NULL;
}

static void run(const char *name, int tls12, int threads, int per_thread, int noted)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    CHECK(SSL_CTX_set_session_id_context(sctx, (const unsigned char *)"threads", 7) == 1);
    if (tls12)
        CHECK(SSL_CTX_set_max_proto_version(sctx, TLS1_2_VERSION) == 1);
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);

    /* The session: a full handshake, read to the end. */
    job_t first = {cctx, sctx, NULL, 1, 0, 0};
    pair_t p;
    int rc_c, rc_s, e_c, e_s;
    pair_new_mem(&p, cctx, sctx);
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    CHECK(rc_c == 1 && rc_s == 1);
    char buf[8];
    CHECK(SSL_write(p.s, "ping", 4) == 4);
    pair_move(&p);
    CHECK(SSL_read(p.c, buf, sizeof buf) == 4);
    CHECK(SSL_shutdown(p.c) == 0);
    pair_move(&p);
    CHECK(SSL_shutdown(p.s) >= 0);
    pair_move(&p);
    CHECK(SSL_shutdown(p.c) == 1);
    first.sess = SSL_get1_session(p.c);
    CHECK(first.sess != NULL);
    pair_free(&p);

    pthread_t tid[8];
    job_t jobs[8];
    CHECK(threads <= 8);
    for (int i = 0; i < threads; i++) {
        jobs[i] = first;
        jobs[i].connections = per_thread;
        CHECK(pthread_create(&tid[i], NULL, worker, &jobs[i]) == 0);
    }
    int reused = 0, failed = 0;
    for (int i = 0; i < threads; i++) {
        CHECK(pthread_join(tid[i], NULL) == 0);
        reused += jobs[i].reused;
        failed += jobs[i].failed;
    }
    printf("%s: %d threads, %d connections, failed %d\n", name, threads,
           threads * per_thread, failed);
    printf("%s%s: resumed on both sides %d\n", noted ? "# " : "", name, reused);
    printf("%s: session resumable after %d\n", name, SSL_SESSION_is_resumable(first.sess));
    SSL_SESSION_free(first.sess);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    run("TLS1.3 two threads", 0, 2, 50, 0);
    run("TLS1.3 four threads", 0, 4, 25, 1);
    run("TLS1.2 four threads", 1, 4, 25, 0);
    return 0;
}
