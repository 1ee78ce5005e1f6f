/*
 * Shared helpers for the differential C tests.
 *
 * Every program prints only protocol-determined facts, one per line. Lines
 * starting with '#' are informational and are not compared. An internal
 * assertion failure (CHECK) exits with status 2.
 *
 * Only the functions/macros of the milestone API list are used here.
 */
#ifndef SSLSHIM_TEST_COMMON_H
#define SSLSHIM_TEST_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fflush(stdout);                                                    \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__,   \
                    #cond);                                                    \
            ERR_print_errors_fp(stderr);                                       \
            exit(2);                                                           \
        }                                                                      \
    } while (0)

static const char *certs_dir = "tests/certs";

/* Path of a fixture in tests/certs (static buffer rotation: 8 at a time). */
static inline const char *cert(const char *name)
{
    static char bufs[8][512];
    static int i;
    char *b = bufs[i++ & 7];
    snprintf(b, sizeof bufs[0], "%s/%s", certs_dir, name);
    return b;
}

/* A PEM certificate fixture from tests/certs (the test fails without it). */
static inline X509 *read_cert(const char *name)
{
    FILE *f = fopen(cert(name), "r");
    CHECK(f != NULL);
    X509 *x = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    CHECK(x != NULL);
    return x;
}

/* Common start: line-buffered stdout, certs dir from argv[1], library line. */
static inline void test_init(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);
    if (argc > 1)
        certs_dir = argv[1];
    CHECK(OPENSSL_init_ssl(0, NULL) == 1);
    printf("# lib: %s\n", OpenSSL_version(OPENSSL_VERSION));
}

static inline const char *err_name(int e)
{
    switch (e) {
    case SSL_ERROR_NONE: return "SSL_ERROR_NONE";
    case SSL_ERROR_SSL: return "SSL_ERROR_SSL";
    case SSL_ERROR_WANT_READ: return "SSL_ERROR_WANT_READ";
    case SSL_ERROR_WANT_WRITE: return "SSL_ERROR_WANT_WRITE";
    case SSL_ERROR_WANT_X509_LOOKUP: return "SSL_ERROR_WANT_X509_LOOKUP";
    case SSL_ERROR_SYSCALL: return "SSL_ERROR_SYSCALL";
    case SSL_ERROR_ZERO_RETURN: return "SSL_ERROR_ZERO_RETURN";
    case SSL_ERROR_WANT_CONNECT: return "SSL_ERROR_WANT_CONNECT";
    case SSL_ERROR_WANT_ACCEPT: return "SSL_ERROR_WANT_ACCEPT";
    default: return "SSL_ERROR_other";
    }
}

static inline int is_want(int e)
{
    return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE;
}

/* Print the first queued error's library and reason (as "label err lib=N
 * reason=N"), then clear the queue. Prints "none" when the queue is empty. */
static inline void print_first_error(const char *label)
{
    unsigned long e = ERR_get_error();
    if (e == 0)
        printf("%s err none\n", label);
    else
        printf("%s err lib=%d reason=%d\n", label, ERR_GET_LIB(e),
               ERR_GET_REASON(e));
    ERR_clear_error();
}

/* Print a captured error code like print_first_error(). */
static inline void print_error_code(const char *label, unsigned long e)
{
    if (e == 0)
        printf("%s err none\n", label);
    else
        printf("%s err lib=%d reason=%d\n", label, ERR_GET_LIB(e),
               ERR_GET_REASON(e));
}

/* Same as a '#' line (where implementations may legitimately differ). */
static inline void note_error_code(const char *label, unsigned long e)
{
    char buf[256];
    if (e == 0) {
        printf("# %s err none\n", label);
    } else {
        ERR_error_string_n(e, buf, sizeof buf);
        printf("# %s err lib=%d reason=%d (%s)\n", label, ERR_GET_LIB(e),
               ERR_GET_REASON(e), buf);
    }
}

/* Same, but the reason goes to a '#' line (implementations may differ). */
static inline void note_first_error(const char *label)
{
    unsigned long e = ERR_get_error();
    char buf[256];
    if (e == 0) {
        printf("# %s err none\n", label);
    } else {
        ERR_error_string_n(e, buf, sizeof buf);
        printf("# %s err lib=%d reason=%d (%s)\n", label, ERR_GET_LIB(e),
               ERR_GET_REASON(e), buf);
    }
    ERR_clear_error();
}

/* ---- deterministic payload and checksum -------------------------------- */

static inline void fill_pattern(unsigned char *buf, size_t len, uint32_t seed)
{
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < len; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (unsigned char)(x >> 16);
    }
}

typedef struct {
    uint32_t a, b;
} adler_t;

static inline void adler_init(adler_t *s) { s->a = 1; s->b = 0; }

static inline void adler_update(adler_t *s, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        s->a = (s->a + p[i]) % 65521u;
        s->b = (s->b + s->a) % 65521u;
    }
}

static inline uint32_t adler_final(const adler_t *s) { return (s->b << 16) | s->a; }

static inline uint32_t adler(const unsigned char *p, size_t n)
{
    adler_t s;
    adler_init(&s);
    adler_update(&s, p, n);
    return adler_final(&s);
}

/* ---- contexts ----------------------------------------------------------- */

static inline SSL_CTX *server_ctx(const char *chain, const char *key)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    CHECK(ctx != NULL);
    CHECK(SSL_CTX_use_certificate_chain_file(ctx, cert(chain)) == 1);
    CHECK(SSL_CTX_use_PrivateKey_file(ctx, cert(key), SSL_FILETYPE_PEM) == 1);
    CHECK(SSL_CTX_check_private_key(ctx) == 1);
    return ctx;
}

static inline SSL_CTX *client_ctx(int verify)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    CHECK(ctx != NULL);
    CHECK(SSL_CTX_load_verify_locations(ctx, cert("ca.pem"), NULL) == 1);
    SSL_CTX_set_verify(ctx, verify, NULL);
    return ctx;
}

/* ---- in-process pair of SSL objects joined by memory BIOs --------------- *
 * Each SSL gets its own rbio/wbio memory BIOs; pair_move() copies whatever a
 * side wrote into the other side's read BIO (the caller "moves the bytes"). */

typedef struct {
    SSL *c, *s;
    BIO *c_in, *c_out, *s_in, *s_out; /* borrowed or owned, see below */
    size_t cap;       /* 0: memory BIOs; else BIO pair buffer size */
    /* pair_drive(): first queued error when that side finished (0 if none).
     * The error queue is per thread, so it is captured and cleared at once. */
    unsigned long err_c, err_s;
    int kernel;       /* 1: SSLs on the two ends of a socketpair */
    int fd_c, fd_s;
} pair_t;

static inline void pair_attach_mem(pair_t *p)
{
    p->c_in = BIO_new(BIO_s_mem());
    p->c_out = BIO_new(BIO_s_mem());
    p->s_in = BIO_new(BIO_s_mem());
    p->s_out = BIO_new(BIO_s_mem());
    CHECK(p->c_in && p->c_out && p->s_in && p->s_out);
    SSL_set_bio(p->c, p->c_in, p->c_out);
    SSL_set_bio(p->s, p->s_in, p->s_out);
}

/* A client and a server SSL of the two contexts on memory BIOs, in their
 * connect and accept states. */
static inline void pair_new_mem(pair_t *p, SSL_CTX *cctx, SSL_CTX *sctx)
{
    memset(p, 0, sizeof *p);
    p->c = SSL_new(cctx);
    p->s = SSL_new(sctx);
    CHECK(p->c && p->s);
    pair_attach_mem(p);
    SSL_set_connect_state(p->c);
    SSL_set_accept_state(p->s);
}

/* BIO_new_bio_pair variant: each SSL gets the internal half of its own pair;
 * the caller holds the two external halves (owned: freed by pair_free). */
static inline void pair_attach_biopair(pair_t *p, size_t bufsize)
{
    BIO *c_int, *c_ext, *s_int, *s_ext;
    CHECK(BIO_new_bio_pair(&c_int, bufsize, &c_ext, bufsize) == 1);
    CHECK(BIO_new_bio_pair(&s_int, bufsize, &s_ext, bufsize) == 1);
    SSL_set_bio(p->c, c_int, c_int);
    SSL_set_bio(p->s, s_int, s_int);
    p->c_in = p->c_out = c_ext;
    p->s_in = p->s_out = s_ext;
    p->cap = bufsize;
}

/* Copy what is readable from `from` into `to`. With a BIO pair, `to` has a
 * bounded buffer: never take more than fits (cap - BIO_ctrl_wpending(to)). */
static inline size_t bio_move(BIO *from, BIO *to, size_t cap)
{
    unsigned char buf[16384];
    size_t total = 0;
    for (;;) {
        int want = sizeof buf;
        if (cap) {
            size_t used = BIO_ctrl_wpending(to);
            CHECK(used <= cap);
            if (cap - used < (size_t)want)
                want = (int)(cap - used);
            if (want == 0)
                break;
        }
        int n = BIO_read(from, buf, want);
        if (n <= 0) {
            CHECK(BIO_should_retry(from));
            break;
        }
        CHECK(BIO_write(to, buf, n) == n);
        total += (size_t)n;
    }
    return total;
}

/* Move bytes both ways; returns the number of bytes moved. */
static inline size_t pair_move(pair_t *p)
{
    if (p->kernel)
        return 1; /* the kernel moves the bytes; "progress" is unknown */
    return bio_move(p->c_out, p->s_in, p->cap) +
           bio_move(p->s_out, p->c_in, p->cap);
}

typedef int (*ssl_step_fn)(SSL *);

/* Drive a handshake-like operation on both sides until both finish or one
 * fails. Intermediate returns must be -1 with WANT_READ/WANT_WRITE.
 * Results are stored in rc_c/err_c and rc_s/err_s. */
static inline void pair_drive(pair_t *p, ssl_step_fn fc, ssl_step_fn fs, int *rc_c,
                       int *err_c, int *rc_s, int *err_s)
{
    int done_c = 0, done_s = 0;
    for (int iter = 0; iter < 1000 && !(done_c && done_s); iter++) {
        if (!done_c) {
            int r = fc(p->c);
            int e = SSL_get_error(p->c, r);
            if (r == 1 || !is_want(e)) {
                done_c = 1;
                *rc_c = r;
                *err_c = e;
                p->err_c = ERR_get_error();
                ERR_clear_error();
            } else {
                CHECK(r == -1);
            }
        }
        size_t moved = pair_move(p);
        if (!done_s) {
            int r = fs(p->s);
            int e = SSL_get_error(p->s, r);
            if (r == 1 || !is_want(e)) {
                done_s = 1;
                *rc_s = r;
                *err_s = e;
                p->err_s = ERR_get_error();
                ERR_clear_error();
            } else {
                CHECK(r == -1);
            }
        }
        moved += pair_move(p);
        /* A side that failed stops; if the other is stuck waiting, stop. */
        if ((done_c || done_s) && moved == 0)
            break;
    }
    if (!done_c) {
        *rc_c = -1;
        *err_c = SSL_ERROR_WANT_READ;
    }
    if (!done_s) {
        *rc_s = -1;
        *err_s = SSL_ERROR_WANT_READ;
    }
}

/* The handshake of a pair (SSL_connect, SSL_accept), printed as each
 * side's result and first error: the shape of most failure cases. */
static inline void pair_handshake_print(pair_t *p)
{
    int rc_c, e_c, rc_s, e_s;
    pair_drive(p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    printf("client connect %d %s\n", rc_c, err_name(e_c));
    print_error_code("client", p->err_c);
    printf("server accept %d %s\n", rc_s, err_name(e_s));
    print_error_code("server", p->err_s);
}

/* Socketpair variant: non-blocking AF_UNIX stream sockets, SSL_set_fd. */
static inline void pair_attach_socketpair(pair_t *p)
{
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    for (int i = 0; i < 2; i++) {
        int fl = fcntl(sv[i], F_GETFL);
        CHECK(fl >= 0 && fcntl(sv[i], F_SETFL, fl | O_NONBLOCK) == 0);
    }
    p->fd_c = sv[0];
    p->fd_s = sv[1];
    p->kernel = 1;
    if (p->c)
        CHECK(SSL_set_fd(p->c, p->fd_c) == 1);
    if (p->s)
        CHECK(SSL_set_fd(p->s, p->fd_s) == 1);
}

static inline void pair_free(pair_t *p)
{
    SSL_free(p->c);
    SSL_free(p->s);
    if (p->cap) {
        BIO_free(p->c_in);
        BIO_free(p->s_in);
    }
    if (p->kernel) {
        if (p->fd_c >= 0)
            close(p->fd_c);
        if (p->fd_s >= 0)
            close(p->fd_s);
    }
    memset(p, 0, sizeof *p);
}

/* ---- printing connection facts ------------------------------------------ */

static inline void print_name(const char *label, X509_NAME *n)
{
    char buf[256];
    if (n == NULL) {
        printf("%s (null)\n", label);
        return;
    }
    CHECK(X509_NAME_oneline(n, buf, sizeof buf) == buf);
    printf("%s %s\n", label, buf);
}

static inline void print_conn(const char *who, SSL *ssl)
{
    const SSL_CIPHER *c = SSL_get_current_cipher(ssl);
    int alg_bits = -1;
    printf("%s version %s 0x%04x\n", who, SSL_get_version(ssl), SSL_version(ssl));
    CHECK(c != NULL);
    printf("%s cipher %s bits %d/", who, SSL_CIPHER_get_name(c),
           SSL_CIPHER_get_bits(c, &alg_bits));
    printf("%d %s %s\n", alg_bits, SSL_CIPHER_get_version(c),
           SSL_CIPHER_standard_name(c));
    printf("%s init_finished %d in_init %d is_server %d\n", who,
           SSL_is_init_finished(ssl), SSL_in_init(ssl), SSL_is_server(ssl));
    printf("%s verify_result %ld\n", who, SSL_get_verify_result(ssl));
    X509 *peer = SSL_get1_peer_certificate(ssl);
    if (peer) {
        char label[64];
        snprintf(label, sizeof label, "%s peer subject", who);
        print_name(label, X509_get_subject_name(peer));
        snprintf(label, sizeof label, "%s peer issuer", who);
        print_name(label, X509_get_issuer_name(peer));
        char small[12];
        X509_NAME_oneline(X509_get_subject_name(peer), small, sizeof small);
        printf("%s peer subject in 12 bytes %s\n", who, small);
        unsigned char der[8192], *end = der;
        int len = i2d_X509(peer, NULL);
        CHECK(len > 0 && len <= (int)sizeof der);
        CHECK(i2d_X509(peer, &end) == len && end == der + len);
        printf("%s peer der %d bytes adler32 %08x\n", who, len, adler(der, (size_t)len));
        CHECK(X509_up_ref(peer) == 1);
        X509_free(peer);
        X509_free(peer);
    } else {
        printf("%s peer none\n", who);
    }
    const char *sn = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    printf("%s servername %s\n", who, sn ? sn : "(null)");
}

#endif
