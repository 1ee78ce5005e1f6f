/*
 * Concurrency test: one server SSL_CTX and one client SSL_CTX shared by
 * THREADS threads doing HANDSHAKES handshakes (and echo transfers) in total,
 * each in-process over a BIO pair.
 *
 * Checks:
 *  - every handshake and transfer succeeds, with the right data back;
 *  - per-thread ERR queues: each thread raises an error with its own reason,
 *    and after a barrier finds exactly its own error (none of the others');
 *    the queue stays empty across all the handshakes;
 *  - ex_data: each SSL carries its thread's record; the callbacks (info,
 *    verify, new_session) find it and count per thread, and the per-thread
 *    counts add up to the global atomic counts;
 *  - the callbacks run on the calling thread (the ex_data record's thread id
 *    is the current thread).
 *
 * Prints only protocol-determined totals, so the output on sslshim must equal
 * the output on the system OpenSSL (tests/concurrency/run.sh compares them).
 *
 *   threads CERTS_DIR [THREADS [HANDSHAKES]]    defaults 16 and 10000
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__,   \
                    #cond);                                                    \
            ERR_print_errors_fp(stderr);                                       \
            exit(2);                                                           \
        }                                                                      \
    } while (0)

#define MAX_THREADS 64
#define ERR_REASON_BASE 200

typedef struct {
    int index;
    pthread_t self;
    int handshakes;
    /* Written only by this thread's callbacks (checked via `self`). */
    long info_done, verify_calls, new_sessions;
} worker_t;

static SSL_CTX *server_ctx, *client_ctx;
static int ex_index;
static pthread_barrier_t barrier;
static atomic_long info_done, verify_calls, new_sessions, transfers_ok;
static atomic_int wrong_thread;

/* The worker record an SSL carries, checked to belong to this thread. */
static worker_t *me(const SSL *ssl)
{
    worker_t *w = SSL_get_ex_data(ssl, ex_index);
    CHECK(w != NULL);
    if (!pthread_equal(w->self, pthread_self()))
        atomic_fetch_add(&wrong_thread, 1);
    return w;
}

static void info_cb(const SSL *ssl, int where, int ret)
{
    (void)ret;
    if (where & SSL_CB_HANDSHAKE_DONE) {
        me(ssl)->info_done++;
        atomic_fetch_add(&info_done, 1);
    }
}

static int verify_cb(int ok, X509_STORE_CTX *store)
{
    SSL *ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
    CHECK(ssl != NULL);
    me(ssl)->verify_calls++;
    atomic_fetch_add(&verify_calls, 1);
    return ok;
}

static int new_session_cb(SSL *ssl, SSL_SESSION *sess)
{
    (void)sess;
    me(ssl)->new_sessions++;
    atomic_fetch_add(&new_sessions, 1);
    return 0; /* not kept: the library frees it */
}

/* Drives both ends until neither makes progress; returns 1 when both done. */
static int handshake(SSL *c, SSL *s)
{
    int cdone = 0, sdone = 0;
    for (int i = 0; i < 50 && !(cdone && sdone); i++) {
        if (!cdone) {
            int r = SSL_do_handshake(c);
            if (r == 1)
                cdone = 1;
            else
                CHECK(SSL_get_error(c, r) == SSL_ERROR_WANT_READ);
        }
        if (!sdone) {
            int r = SSL_do_handshake(s);
            if (r == 1)
                sdone = 1;
            else
                CHECK(SSL_get_error(s, r) == SSL_ERROR_WANT_READ);
        }
    }
    return cdone && sdone;
}

/* Client sends `len` bytes, server echoes them; checks the echo. */
static void echo(SSL *c, SSL *s, worker_t *w, int n)
{
    unsigned char msg[1024] = {0}, buf[1024];
    int len = 1 + (n * 37 + w->index) % (int)sizeof msg;
    for (int i = 0; i < len; i++)
        msg[i] = (unsigned char)(i * 7 + n + w->index);
    CHECK(SSL_write(c, msg, len) == len);
    int got = 0;
    while (got < len) {
        int r = SSL_read(s, buf + got, len - got);
        CHECK(r > 0);
        got += r;
    }
    CHECK(SSL_write(s, buf, len) == len);
    got = 0;
    while (got < len) {
        int r = SSL_read(c, buf + got, len - got);
        CHECK(r > 0);
        got += r;
    }
    CHECK(memcmp(msg, buf, (size_t)len) == 0);
    atomic_fetch_add(&transfers_ok, 1);
}

/* Each thread raises its own error; after the barrier each must see exactly
 * its own, then an empty queue. */
static void error_queue_check(worker_t *w)
{
    CHECK(ERR_peek_error() == 0);
    ERR_raise(ERR_LIB_SSL, ERR_REASON_BASE + w->index);
    pthread_barrier_wait(&barrier);
    unsigned long e = ERR_get_error();
    CHECK(ERR_GET_LIB(e) == ERR_LIB_SSL);
    CHECK(ERR_GET_REASON(e) == ERR_REASON_BASE + w->index);
    CHECK(ERR_get_error() == 0);
    pthread_barrier_wait(&barrier);
}

static void *worker(void *arg)
{
    worker_t *w = arg;
    w->self = pthread_self();
    error_queue_check(w);
    for (int n = 0; n < w->handshakes; n++) {
        SSL *c = SSL_new(client_ctx), *s = SSL_new(server_ctx);
        CHECK(c != NULL && s != NULL);
        CHECK(SSL_set_ex_data(c, ex_index, w) == 1);
        CHECK(SSL_set_ex_data(s, ex_index, w) == 1);
        CHECK(SSL_set1_host(c, "localhost") == 1);
        BIO *cb, *sb;
        CHECK(BIO_new_bio_pair(&cb, 0, &sb, 0) == 1);
        SSL_set_bio(c, cb, cb);
        SSL_set_bio(s, sb, sb);
        SSL_set_connect_state(c);
        SSL_set_accept_state(s);
        CHECK(handshake(c, s));
        CHECK(SSL_get_verify_result(c) == X509_V_OK);
        echo(c, s, w, n);
        /* Shutdown both ways: 0 then 1. */
        CHECK(SSL_shutdown(c) == 0);
        CHECK(SSL_shutdown(s) >= 0);
        CHECK(SSL_shutdown(c) == 1);
        SSL_free(c);
        SSL_free(s);
        CHECK(ERR_peek_error() == 0);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *certs = argc > 1 ? argv[1] : "tests/certs";
    int nthreads = argc > 2 ? atoi(argv[2]) : 16;
    int total = argc > 3 ? atoi(argv[3]) : 10000;
    CHECK(nthreads > 0 && nthreads <= MAX_THREADS && total >= nthreads);
    char chain[512], key[512], ca[512];
    snprintf(chain, sizeof chain, "%s/server-chain.pem", certs);
    snprintf(key, sizeof key, "%s/server.key", certs);
    snprintf(ca, sizeof ca, "%s/ca.pem", certs);

    server_ctx = SSL_CTX_new(TLS_server_method());
    client_ctx = SSL_CTX_new(TLS_client_method());
    CHECK(server_ctx && client_ctx);
    CHECK(SSL_CTX_use_certificate_chain_file(server_ctx, chain) == 1);
    CHECK(SSL_CTX_use_PrivateKey_file(server_ctx, key, SSL_FILETYPE_PEM) == 1);
    CHECK(SSL_CTX_load_verify_locations(client_ctx, ca, NULL) == 1);
    SSL_CTX_set_verify(client_ctx, SSL_VERIFY_PEER, verify_cb);
    SSL_CTX_set_info_callback(server_ctx, info_cb);
    SSL_CTX_set_session_cache_mode(client_ctx, SSL_SESS_CACHE_CLIENT);
    SSL_CTX_sess_set_new_cb(client_ctx, new_session_cb);
    ex_index = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    CHECK(ex_index >= 0);

    worker_t workers[MAX_THREADS];
    CHECK(pthread_barrier_init(&barrier, NULL, (unsigned)nthreads) == 0);
    for (int i = 0; i < nthreads; i++) {
        memset(&workers[i], 0, sizeof workers[i]);
        workers[i].index = i;
        workers[i].handshakes = total / nthreads + (i < total % nthreads);
    }
    pthread_t tids[MAX_THREADS];
    for (int i = 0; i < nthreads; i++)
        CHECK(pthread_create(&tids[i], NULL, worker, &workers[i]) == 0);
    long sum_info = 0, sum_verify = 0, sum_sess = 0;
    for (int i = 0; i < nthreads; i++) {
        CHECK(pthread_join(tids[i], NULL) == 0);
        sum_info += workers[i].info_done;
        sum_verify += workers[i].verify_calls;
        sum_sess += workers[i].new_sessions;
    }
    CHECK(sum_info == atomic_load(&info_done));
    CHECK(sum_verify == atomic_load(&verify_calls));
    CHECK(sum_sess == atomic_load(&new_sessions));
    CHECK(atomic_load(&wrong_thread) == 0);
    printf("threads %d handshakes %d\n", nthreads, total);
    printf("transfers ok %ld\n", atomic_load(&transfers_ok));
    printf("error queues separate: yes\n");
    printf("server info HANDSHAKE_DONE per handshake %.2f\n", (double)sum_info / total);
    printf("client verify callbacks per handshake %.2f\n", (double)sum_verify / total);
    printf("client new_session callbacks per handshake %.2f\n", (double)sum_sess / total);
    printf("callbacks on the calling thread, per-thread ex_data consistent: yes\n");
    SSL_CTX_free(server_ctx);
    SSL_CTX_free(client_ctx);
    return 0;
}
