/*
 * No data loss: a client streams MIB MiB (default 256) to a server, both in
 * this process, through small transports that keep interrupting them with
 * WANT_READ/WANT_WRITE, in random chunk sizes; every byte written before
 * close_notify must be read by the peer, in order (64-bit FNV-1a of both
 * sides compared), and the reader must end with SSL_ERROR_ZERO_RETURN.
 *
 *   partial: BIO pairs with small random buffers, SSL_MODE_ENABLE_PARTIAL_WRITE
 *            (a write may take part of the chunk; the rest is written next)
 *   moving:  a non-blocking socketpair with small kernel buffers,
 *            SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER (a retried write comes from
 *            another buffer holding the same bytes)
 *
 * The same program runs on the real OpenSSL as the control
 * (tests/nodataloss/run.sh). Random choices come from SEED (printed).
 * Usage: stream MODE CERTSDIR   env: MIB, SEED
 */
#include "../c/common.h"

#include <time.h>

static uint64_t rng;

static uint32_t rnd(uint32_t n) /* 0..n-1, xorshift64 */
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

static uint64_t fnv(uint64_t h, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

typedef struct {
    long want_read, want_write, partial, moved, writes, reads, idle;
} stats_t;

/* Moves up to `limit` bytes from one BIO pair's external half to the
 * other's, as far as the destination pair (buffer size cap) has room. */
static size_t move_some(BIO *from, BIO *to, size_t cap, size_t limit)
{
    unsigned char buf[16384];
    size_t used = BIO_ctrl_wpending(to);
    CHECK(used <= cap);
    size_t want = cap - used < limit ? cap - used : limit;
    if (want > sizeof buf)
        want = sizeof buf;
    if (want == 0)
        return 0;
    int n = BIO_read(from, buf, (int)want);
    if (n <= 0) {
        CHECK(BIO_should_retry(from));
        return 0;
    }
    CHECK(BIO_write(to, buf, n) == n);
    return (size_t)n;
}

/* Moves a random part of what is pending each way (sometimes nothing). */
static size_t shuffle(pair_t *p)
{
    if (p->kernel || rnd(4) == 0)
        return 0;
    size_t limit = 1 + rnd((uint32_t)p->cap);
    return move_some(p->c_out, p->s_in, p->cap, limit) + move_some(p->s_out, p->c_in, p->cap, limit);
}

static void handshake(pair_t *p)
{
    int rc_c = 0, e_c, rc_s = 0, e_s;
    pair_drive(p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    CHECK(rc_c == 1 && rc_s == 1);
}

static void run(const char *mode, size_t total)
{
    int moving = strcmp(mode, "moving") == 0;
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    pair_t p;
    memset(&p, 0, sizeof p);
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    if (moving) {
        pair_attach_socketpair(&p);
        int small = 4096;
        for (int i = 0; i < 2; i++) {
            int fd = i ? p.fd_s : p.fd_c;
            CHECK(setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small) == 0);
            CHECK(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small) == 0);
        }
        SSL_set_mode(p.c, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    } else {
        /* Room for one or two records: writes stall mid-chunk, and with
         * PARTIAL_WRITE a chunk can be taken a record at a time. */
        pair_attach_biopair(&p, 17408 + rnd(16384));
        SSL_set_mode(p.c, SSL_MODE_ENABLE_PARTIAL_WRITE);
    }
    printf("%s: SSL_get_mode has it %d\n", mode,
           (SSL_get_mode(p.c) & (moving ? SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER
                                        : SSL_MODE_ENABLE_PARTIAL_WRITE)) != 0);
    handshake(&p);

    enum { MAXCHUNK = 65536 };
    unsigned char *bufs[2] = {malloc(MAXCHUNK), malloc(MAXCHUNK)};
    unsigned char *rbuf = malloc(MAXCHUNK);
    CHECK(bufs[0] && bufs[1] && rbuf);
    int cur = 0;            /* which buffer holds the pending chunk */
    size_t off = 0, len = 0; /* pending chunk: bufs[cur][off .. off+len) */
    size_t sent = 0, got = 0;
    uint64_t h_sent = 0xcbf29ce484222325ull, h_got = h_sent;
    uint32_t gen = 12345; /* payload generator */
    stats_t st = {0};
    int shut = 0, zero_return = 0;
    double t0 = (double)clock() / CLOCKS_PER_SEC;

    for (long iter = 0; !zero_return; iter++) {
        CHECK(iter < 400000000L);
        int progress = 0;
        /* writer */
        if (len == 0 && sent < total) {
            len = 1 + rnd(MAXCHUNK);
            if (len > total - sent)
                len = total - sent;
            off = 0;
            for (size_t i = 0; i < len; i++) {
                gen = gen * 1103515245u + 12345u;
                bufs[cur][i] = (unsigned char)(gen >> 16);
            }
        }
        if (len > 0 && rnd(8) != 0) {
            int n = SSL_write(p.c, bufs[cur] + off, (int)len);
            st.writes++;
            if (n > 0) {
                CHECK((size_t)n <= len);
                if ((size_t)n < len) {
                    CHECK(!moving); /* all-or-nothing without PARTIAL_WRITE */
                    st.partial++;
                }
                h_sent = fnv(h_sent, bufs[cur] + off, (size_t)n);
                sent += (size_t)n;
                off += (size_t)n;
                len -= (size_t)n;
                progress = 1;
            } else {
                int e = SSL_get_error(p.c, n);
                CHECK(n == -1 && is_want(e));
                e == SSL_ERROR_WANT_READ ? st.want_read++ : st.want_write++;
                if (moving) {
                    /* the retry comes from the other buffer */
                    memcpy(bufs[!cur], bufs[cur] + off, len);
                    memset(bufs[cur], 0xAA, MAXCHUNK);
                    cur = !cur;
                    off = 0;
                    st.moved++;
                }
            }
        } else if (len == 0 && sent == total && !shut) {
            int r = SSL_shutdown(p.c);
            if (r >= 0)
                shut = 1;
            else
                CHECK(is_want(SSL_get_error(p.c, r)));
        }
        if (shuffle(&p))
            progress = 1;
        /* reader */
        if (rnd(8) != 0) {
            int want = 1 + rnd(MAXCHUNK);
            int n = SSL_read(p.s, rbuf, want);
            st.reads++;
            if (n > 0) {
                h_got = fnv(h_got, rbuf, (size_t)n);
                got += (size_t)n;
                CHECK(got <= sent + len); /* a pending write may be partly out */
                progress = 1;
            } else {
                int e = SSL_get_error(p.s, n);
                if (e == SSL_ERROR_ZERO_RETURN) {
                    zero_return = 1;
                } else {
                    CHECK(n == -1 && is_want(e));
                    e == SSL_ERROR_WANT_READ ? st.want_read++ : st.want_write++;
                }
            }
        }
        if (!progress)
            st.idle++;
    }
    double secs = (double)clock() / CLOCKS_PER_SEC - t0;
    printf("%s: sent %zu got %zu equal %d\n", mode, sent, got, sent == got && sent == total);
    printf("%s: checksums equal %d\n", mode, h_sent == h_got);
    printf("%s: reader ended with SSL_ERROR_ZERO_RETURN %d\n", mode, zero_return);
    printf("%s: interrupted at least 100 times %d\n", mode, st.want_read + st.want_write >= 100);
    if (!moving)
        printf("%s: partial writes seen %d\n", mode, st.partial > 0);
    else
        printf("%s: writes retried from a moved buffer %d\n", mode, st.moved > 0);
    printf("# %s: %.1f s cpu, %ld writes, %ld reads, want_read %ld want_write %ld, "
           "partial %ld, moved %ld, fnv %016llx\n",
           mode, secs, st.writes, st.reads, st.want_read, st.want_write, st.partial, st.moved,
           (unsigned long long)h_got);
    free(bufs[0]);
    free(bufs[1]);
    free(rbuf);
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    CHECK(argc >= 3);
    char *init_argv[] = {argv[0], argv[2], NULL};
    test_init(2, init_argv);
    const char *mib = getenv("MIB"), *seed = getenv("SEED");
    size_t total = (size_t)(mib ? atol(mib) : 256) << 20;
    rng = seed ? strtoull(seed, NULL, 10) : (uint64_t)time(NULL) * 2654435761u;
    if (rng == 0)
        rng = 1;
    printf("# seed %llu, %zu bytes\n", (unsigned long long)rng, total);
    run(argv[1], total);
    return 0;
}
