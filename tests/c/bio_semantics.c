/*
 * BIO semantics probe: prints one line per observable fact of the BIO API so
 * that the output of the system OpenSSL and of sslshim (LD_PRELOAD) can be
 * diffed. Lines starting with '#' are informational (not diffed).
 *
 *   gcc bio_semantics.c -lssl -lcrypto -o bio_semantics
 *   ./bio_semantics > a; LD_PRELOAD=.../libsslshim.so ./bio_semantics > b
 *   diff a b
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/buffer.h>

#define FLAGS(b)                                                              \
    BIO_should_retry(b) != 0, BIO_should_read(b) != 0,                        \
        BIO_should_write(b) != 0, BIO_should_io_special(b) != 0
#define FLAGFMT "retry=%d read=%d write=%d special=%d"

static void mem_tests(void)
{
    BIO *b = BIO_new(BIO_s_mem());
    char buf[64];
    char *data = NULL;
    long n;
    int r;

    printf("mem: new %s\n", b != NULL ? "ok" : "NULL");
    printf("mem: type=%d name=%s\n", BIO_method_type(b), BIO_method_name(b));
    printf("mem: init pending=%d wpending=%d eof=%d\n", (int)BIO_pending(b),
           (int)BIO_wpending(b), (int)BIO_eof(b));
    r = BIO_read(b, buf, sizeof(buf));
    printf("mem: read empty=%d " FLAGFMT "\n", r, FLAGS(b));
    r = BIO_write(b, "hello world", 11);
    printf("mem: write=%d " FLAGFMT "\n", r, FLAGS(b));
    printf("mem: pending=%d ctrl_pending=%zu wpending=%d ctrl_wpending=%zu "
           "eof=%d\n",
           (int)BIO_pending(b), BIO_ctrl_pending(b), (int)BIO_wpending(b),
           BIO_ctrl_wpending(b), (int)BIO_eof(b));
    r = BIO_read(b, buf, 5);
    printf("mem: read5=%d '%.*s'\n", r, r > 0 ? r : 0, buf);
    n = BIO_get_mem_data(b, &data);
    printf("mem: get_mem_data=%ld '%.*s'\n", n, (int)n, data);
    r = BIO_write(b, "!!", 2);
    n = BIO_get_mem_data(b, &data);
    printf("mem: after write get_mem_data=%ld '%.*s'\n", n, (int)n, data);
    r = BIO_puts(b, "\nline2\nline3");
    printf("mem: puts=%d\n", r);
    memset(buf, 'x', sizeof(buf));
    r = BIO_gets(b, buf, sizeof(buf));
    printf("mem: gets=%d '%s'\n", r, buf);
    r = BIO_gets(b, buf, 4);
    printf("mem: gets4=%d '%s'\n", r, buf);
    r = BIO_gets(b, buf, sizeof(buf));
    printf("mem: gets=%d '%s'\n", r, buf);
    r = BIO_gets(b, buf, sizeof(buf));
    printf("mem: gets=%d '%s'\n", r, buf);
    r = BIO_gets(b, buf, sizeof(buf));
    printf("mem: gets empty=%d '%s' " FLAGFMT "\n", r, buf, FLAGS(b));
    printf("mem: number_read=%llu number_written=%llu\n",
           (unsigned long long)BIO_number_read(b),
           (unsigned long long)BIO_number_written(b));
    r = BIO_read(b, buf, sizeof(buf));
    printf("mem: read empty=%d " FLAGFMT "\n", r, FLAGS(b));
    printf("mem: eof=%d\n", (int)BIO_eof(b));
    n = BIO_set_mem_eof_return(b, 0);
    printf("mem: set_mem_eof_return(0)=%ld\n", n);
    r = BIO_read(b, buf, sizeof(buf));
    printf("mem: read empty eof0=%d " FLAGFMT "\n", r, FLAGS(b));
    BIO_set_mem_eof_return(b, 7);
    r = BIO_read(b, buf, sizeof(buf));
    printf("mem: read empty eof7=%d " FLAGFMT "\n", r, FLAGS(b));
    r = BIO_read(b, buf, 0);
    printf("mem: read0=%d\n", r);
    r = BIO_write(b, buf, 0);
    printf("mem: write0=%d\n", r);
    {
        size_t w = 99, rd = 99;
        r = BIO_write_ex(b, "abc", 3, &w);
        printf("mem: write_ex=%d written=%zu\n", r, w);
        r = BIO_write_ex(b, "abc", 0, &w);
        printf("mem: write_ex0=%d written=%zu\n", r, w);
        r = BIO_read_ex(b, buf, 2, &rd);
        printf("mem: read_ex=%d readbytes=%zu\n", r, rd);
        r = BIO_read_ex(b, buf, 10, &rd);
        printf("mem: read_ex=%d readbytes=%zu\n", r, rd);
        r = BIO_read_ex(b, buf, 10, &rd);
        printf("mem: read_ex empty=%d readbytes=%zu " FLAGFMT "\n", r, rd,
               FLAGS(b));
    }
    /* reset clears */
    BIO_write(b, "12345", 5);
    n = BIO_reset(b);
    printf("mem: reset=%ld pending=%d\n", n, (int)BIO_pending(b));
    /* NONCLEAR_RST rewinds */
    BIO_write(b, "abcdef", 6);
    BIO_read(b, buf, 4);
    BIO_set_flags(b, BIO_FLAGS_NONCLEAR_RST);
    n = BIO_reset(b);
    n = BIO_get_mem_data(b, &data);
    printf("mem: nonclear reset pending=%ld '%.*s'\n", n, (int)n, data);
    BIO_clear_flags(b, BIO_FLAGS_NONCLEAR_RST);
    printf("mem: get_close=%d\n", (int)BIO_get_close(b));
    n = BIO_set_close(b, BIO_NOCLOSE);
    printf("mem: set_close=%ld get_close=%d\n", n, (int)BIO_get_close(b));
    printf("mem: flush=%d\n", (int)BIO_flush(b));
    printf("mem: set_nbio=%ld\n", BIO_set_nbio(b, 1));
    printf("mem: ctrl unknown=%ld\n", BIO_ctrl(b, 9999, 0, NULL));
    printf("mem: get_fd=%d\n", (int)BIO_get_fd(b, NULL));
    printf("mem: test_flags=%d\n", BIO_test_flags(b, ~0));
    printf("mem: read negative=%d\n", BIO_read(b, buf, -1));
    BIO_reset(b);
    BIO_write(b, "0123456789", 10);
    BIO_read(b, buf, 3);
    printf("mem: tell=%d\n", (int)BIO_tell(b));
    printf("mem: seek 11=%d seek 1=%d\n", (int)BIO_seek(b, 11),
           (int)BIO_seek(b, 1));
    r = BIO_read(b, buf, 2);
    printf("mem: read after seek=%d '%.*s' tell=%d\n", r, r > 0 ? r : 0, buf,
           (int)BIO_tell(b));
    {
        BUF_MEM *bm = NULL;
        n = BIO_get_mem_ptr(b, &bm);
        printf("mem: get_mem_ptr=%ld length=%zu '%.*s'\n", n, bm->length,
               (int)bm->length, bm->data);
    }
    BIO_free(b);

    /* mem_buf */
    {
        static const char ro[] = "read-only\ndata";
        BIO *m = BIO_new_mem_buf(ro, -1);
        printf("membuf: pending=%d eof=%d\n", (int)BIO_pending(m),
               (int)BIO_eof(m));
        printf("membuf: rdonly_flag=%d\n",
               BIO_test_flags(m, BIO_FLAGS_MEM_RDONLY) != 0);
        r = BIO_write(m, "x", 1);
        printf("membuf: write=%d " FLAGFMT "\n", r, FLAGS(m));
        r = BIO_puts(m, "x");
        printf("membuf: puts=%d\n", r);
        r = BIO_gets(m, buf, sizeof(buf));
        printf("membuf: gets=%d '%s'\n", r, buf);
        n = BIO_get_mem_data(m, &data);
        printf("membuf: get_mem_data=%ld '%.*s'\n", n, (int)n, data);
        r = BIO_read(m, buf, sizeof(buf));
        printf("membuf: read=%d '%.*s'\n", r, r > 0 ? r : 0, buf);
        r = BIO_read(m, buf, sizeof(buf));
        printf("membuf: read empty=%d " FLAGFMT "\n", r, FLAGS(m));
        printf("membuf: eof=%d\n", (int)BIO_eof(m));
        n = BIO_reset(m);
        printf("membuf: reset=%ld pending=%d\n", n, (int)BIO_pending(m));
        r = BIO_read(m, buf, 4);
        printf("membuf: read after reset=%d '%.*s'\n", r, r > 0 ? r : 0, buf);
        BIO_free(m);

        m = BIO_new_mem_buf("abc\0def", 7);
        printf("membuf7: pending=%d\n", (int)BIO_pending(m));
        BIO_free(m);
        m = BIO_new_mem_buf("", 0);
        r = BIO_read(m, buf, 4);
        printf("membuf empty: read=%d " FLAGFMT " eof=%d\n", r, FLAGS(m),
               (int)BIO_eof(m));
        BIO_free(m);
        m = BIO_new_mem_buf(NULL, 3);
        printf("membuf NULL: %s\n", m == NULL ? "NULL" : "non-NULL");
    }
}

static void pair_tests(void)
{
    BIO *a = NULL, *b = NULL;
    char buf[256];
    int r;
    long n;

    r = BIO_new_bio_pair(&a, 10, &b, 0);
    printf("pair: new=%d\n", r);
    printf("pair: type=%d name=%s\n", BIO_method_type(a), BIO_method_name(a));
    printf("pair: bufsize a=%ld b=%ld\n", (long)BIO_get_write_buf_size(a, 0),
           (long)BIO_get_write_buf_size(b, 0));
    printf("pair: guarantee a=%zu b=%zu\n", BIO_ctrl_get_write_guarantee(a),
           BIO_ctrl_get_write_guarantee(b));
    r = BIO_read(b, buf, 5);
    printf("pair: read empty=%d " FLAGFMT "\n", r, FLAGS(b));
    printf("pair: read_request a=%zu\n", BIO_ctrl_get_read_request(a));
    r = BIO_read(b, buf, 100);
    printf("pair: read_request after big read a=%zu\n",
           BIO_ctrl_get_read_request(a));
    r = BIO_write(a, "0123456789ABCDEF", 16);
    printf("pair: write16=%d " FLAGFMT "\n", r, FLAGS(a));
    printf("pair: read_request after write a=%zu\n",
           BIO_ctrl_get_read_request(a));
    printf("pair: pending a=%d b=%d wpending a=%d b=%d\n", (int)BIO_pending(a),
           (int)BIO_pending(b), (int)BIO_wpending(a), (int)BIO_wpending(b));
    printf("pair: ctrl_pending b=%zu ctrl_wpending a=%zu guarantee a=%zu\n",
           BIO_ctrl_pending(b), BIO_ctrl_wpending(a),
           BIO_ctrl_get_write_guarantee(a));
    r = BIO_write(a, "X", 1);
    printf("pair: write full=%d " FLAGFMT "\n", r, FLAGS(a));
    r = BIO_read(b, buf, 4);
    printf("pair: read4=%d '%.*s' " FLAGFMT "\n", r, r > 0 ? r : 0, buf,
           FLAGS(b));
    r = BIO_write(a, "abcdefgh", 8);
    printf("pair: write wrap=%d\n", r);
    r = BIO_read(b, buf, sizeof(buf));
    printf("pair: read all=%d '%.*s'\n", r, r > 0 ? r : 0, buf);
    printf("pair: eof b=%d\n", (int)BIO_eof(b));
    r = BIO_write(b, "back", 4);
    printf("pair: write b->a=%d pending a=%d\n", r, (int)BIO_pending(a));
    r = BIO_read(a, buf, sizeof(buf));
    printf("pair: read a=%d '%.*s'\n", r, r > 0 ? r : 0, buf);
    r = BIO_gets(a, buf, sizeof(buf));
    printf("pair: gets=%d\n", r);
    r = BIO_puts(a, "hi");
    printf("pair: puts=%d pending b=%d\n", r, (int)BIO_pending(b));
    n = BIO_ctrl_reset_read_request(a);
    printf("pair: reset_read_request=%ld\n", n);
    r = BIO_read(b, buf, 0);
    printf("pair: read0=%d\n", r);
    printf("pair: set_write_buf_size in use=%ld\n",
           (long)BIO_set_write_buf_size(a, 100));
    n = BIO_shutdown_wr(a);
    printf("pair: shutdown_wr=%ld\n", n);
    printf("pair: eof b=%d guarantee a=%zu\n", (int)BIO_eof(b),
           BIO_ctrl_get_write_guarantee(a));
    r = BIO_read(b, buf, sizeof(buf));
    printf("pair: read after shutdown=%d '%.*s' " FLAGFMT "\n", r,
           r > 0 ? r : 0, buf, FLAGS(b));
    r = BIO_read(b, buf, sizeof(buf));
    printf("pair: read after shutdown drained=%d " FLAGFMT "\n", r, FLAGS(b));
    printf("pair: eof b=%d\n", (int)BIO_eof(b));
    r = BIO_write(a, "z", 1);
    printf("pair: write after shutdown=%d " FLAGFMT "\n", r, FLAGS(a));
    printf("pair: flush=%ld reset=%ld get_close=%ld set_nbio=%ld\n",
           (long)BIO_flush(a), (long)BIO_reset(b), (long)BIO_get_close(a),
           (long)BIO_set_nbio(a, 1));
    printf("pair: number_read b=%llu number_written a=%llu\n",
           (unsigned long long)BIO_number_read(b),
           (unsigned long long)BIO_number_written(a));
    BIO_free(a);
    printf("pair: after free peer: pending b=%d wpending b=%d eof b=%d "
           "guarantee b=%zu\n",
           (int)BIO_pending(b), (int)BIO_wpending(b), (int)BIO_eof(b),
           BIO_ctrl_get_write_guarantee(b));
    r = BIO_read(b, buf, 4);
    printf("pair: read after free peer=%d\n", r);
    r = BIO_write(b, "x", 1);
    printf("pair: write after free peer=%d\n", r);
    BIO_free(b);

    /* manual construction with BIO_s_bio */
    a = BIO_new(BIO_s_bio());
    b = BIO_new(BIO_s_bio());
    printf("spair: default size=%ld\n", (long)BIO_get_write_buf_size(a, 0));
    r = BIO_write(a, "x", 1);
    printf("spair: write unpaired=%d\n", r);
    r = BIO_read(a, buf, 1);
    printf("spair: read unpaired=%d\n", r);
    printf("spair: eof unpaired=%d pending=%d guarantee=%zu\n",
           (int)BIO_eof(a), (int)BIO_pending(a),
           BIO_ctrl_get_write_guarantee(a));
    printf("spair: set size 0=%ld\n", (long)BIO_set_write_buf_size(a, 0));
    printf("spair: set size 3=%ld\n", (long)BIO_set_write_buf_size(a, 3));
    printf("spair: make=%ld\n", (long)BIO_make_bio_pair(a, b));
    printf("spair: make again=%ld\n", (long)BIO_make_bio_pair(a, b));
    printf("spair: guarantee a=%zu b=%zu\n", BIO_ctrl_get_write_guarantee(a),
           BIO_ctrl_get_write_guarantee(b));
    r = BIO_write(a, "hello", 5);
    printf("spair: write5=%d\n", r);
    printf("spair: destroy=%ld\n", (long)BIO_destroy_bio_pair(a));
    printf("spair: after destroy pending b=%d wpending a=%d eof b=%d\n",
           (int)BIO_pending(b), (int)BIO_wpending(a), (int)BIO_eof(b));
    r = BIO_read(b, buf, 4);
    printf("spair: read after destroy=%d\n", r);
    printf("spair: remake=%ld\n", (long)BIO_make_bio_pair(b, a));
    r = BIO_write(b, "hey", 3);
    printf("spair: write=%d pending a=%d\n", r, (int)BIO_pending(a));
    BIO_free(a);
    BIO_free(b);

    /* big default pair */
    r = BIO_new_bio_pair(&a, 0, &b, 0);
    {
        static char big[20000];
        int total = 0;
        memset(big, 'q', sizeof(big));
        r = BIO_write(a, big, sizeof(big));
        printf("bigpair: write20000=%d guarantee=%zu\n", r,
               BIO_ctrl_get_write_guarantee(a));
        while ((r = BIO_read(b, big, 1000)) > 0)
            total += r;
        printf("bigpair: read total=%d last=%d " FLAGFMT "\n", total, r,
               FLAGS(b));
        printf("bigpair: read_request a=%zu\n", BIO_ctrl_get_read_request(a));
    }
    BIO_free(a);
    BIO_free(b);
}

static void sock_tests(void)
{
    int sv[2];
    BIO *a, *b;
    char buf[64];
    int r, fd = -7;

    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
        printf("socketpair failed\n");
        return;
    }
    a = BIO_new_socket(sv[0], BIO_CLOSE);
    b = BIO_new(BIO_s_socket());
    printf("sock: type=%d name=%s\n", BIO_method_type(a), BIO_method_name(a));
    printf("sock: get_fd unset=%d\n", (int)BIO_get_fd(b, &fd));
    r = BIO_read(b, buf, 1);
    printf("sock: read uninit=%d\n", r);
    printf("sock: set_fd=%ld\n", (long)BIO_set_fd(b, sv[1], BIO_NOCLOSE));
    fd = -7;
    r = (int)BIO_get_fd(b, &fd);
    printf("sock: get_fd matches=%d out matches=%d\n", r == sv[1],
           fd == sv[1]);
    printf("sock: get_close a=%d b=%d\n", (int)BIO_get_close(a),
           (int)BIO_get_close(b));
    printf("sock: set_nbio=%ld\n", (long)BIO_set_nbio(b, 1));
    printf("sock: socket_nbio=%d\n", BIO_socket_nbio(sv[1], 1));
    printf("sock: tcp_ndelay on unix=%d\n", BIO_set_tcp_ndelay(sv[1], 1));
    errno = 0;
    r = BIO_read(b, buf, sizeof(buf));
    printf("sock: read nonblock empty=%d " FLAGFMT " eagain=%d\n", r,
           FLAGS(b), errno == EAGAIN);
    printf("sock: sock_should_retry(-1)=%d\n", BIO_sock_should_retry(-1));
    printf("sock: eof=%d pending=%d wpending=%d flush=%d\n", (int)BIO_eof(b),
           (int)BIO_pending(b), (int)BIO_wpending(b), (int)BIO_flush(b));
    r = BIO_write(a, "ping", 4);
    printf("sock: write=%d " FLAGFMT "\n", r, FLAGS(a));
    r = BIO_read(b, buf, sizeof(buf));
    printf("sock: read=%d '%.*s' " FLAGFMT "\n", r, r > 0 ? r : 0, buf,
           FLAGS(b));
    r = BIO_puts(b, "pong\n");
    printf("sock: puts=%d\n", r);
    r = BIO_gets(a, buf, sizeof(buf));
    printf("sock: gets=%d\n", r);
    r = BIO_read(a, buf, sizeof(buf));
    printf("sock: read=%d '%.*s'\n", r, r > 0 ? r : 0, buf);
    printf("sock: number_read a=%llu number_written b=%llu\n",
           (unsigned long long)BIO_number_read(a),
           (unsigned long long)BIO_number_written(b));
    printf("sock: non_fatal EAGAIN=%d EINTR=%d EPIPE=%d ECONNRESET=%d "
           "EPROTO=%d ENOTCONN=%d EINPROGRESS=%d EALREADY=%d\n",
           BIO_sock_non_fatal_error(EAGAIN), BIO_sock_non_fatal_error(EINTR),
           BIO_sock_non_fatal_error(EPIPE),
           BIO_sock_non_fatal_error(ECONNRESET),
           BIO_sock_non_fatal_error(EPROTO),
           BIO_sock_non_fatal_error(ENOTCONN),
           BIO_sock_non_fatal_error(EINPROGRESS),
           BIO_sock_non_fatal_error(EALREADY));
    errno = EAGAIN;
    printf("sock: should_retry(0) with EAGAIN=%d (1)=%d (-2)=%d\n",
           BIO_sock_should_retry(0), BIO_sock_should_retry(1),
           BIO_sock_should_retry(-2));
    BIO_free(a); /* closes sv[0] */
    errno = 0;
    r = BIO_read(b, buf, sizeof(buf));
    printf("sock: read at eof=%d " FLAGFMT " errno=%d\n", r, FLAGS(b), errno);
    printf("sock: eof=%d\n", (int)BIO_eof(b));
    signal(SIGPIPE, SIG_IGN);
    errno = 0;
    r = BIO_write(b, "x", 1);
    printf("sock: write to closed=%d " FLAGFMT " epipe=%d\n", r, FLAGS(b),
           errno == EPIPE);
    BIO_free(b);
    printf("sock: fd still open after NOCLOSE free=%d\n",
           fcntl(sv[1], F_GETFD) != -1);
    close(sv[1]);
    printf("sock: fd closed after BIO_CLOSE free=%d\n",
           fcntl(sv[0], F_GETFD) == -1);

    /* fd BIO */
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
        return;
    a = BIO_new_fd(sv[0], BIO_NOCLOSE);
    b = BIO_new_fd(sv[1], BIO_CLOSE);
    printf("fd: type=%d name=%s\n", BIO_method_type(a), BIO_method_name(a));
    printf("fd: get_fd matches=%d\n", (int)BIO_get_fd(a, NULL) == sv[0]);
    r = BIO_puts(a, "line one\nline two\n");
    printf("fd: puts=%d\n", r);
    memset(buf, 0, sizeof(buf));
    r = BIO_gets(b, buf, sizeof(buf));
    printf("fd: gets=%d '%s'\n", r, buf);
    r = BIO_read(b, buf, sizeof(buf));
    printf("fd: read=%d '%.*s'\n", r, r > 0 ? r : 0, buf);
    printf("fd: pending=%d wpending=%d eof=%d\n", (int)BIO_pending(b),
           (int)BIO_wpending(b), (int)BIO_eof(b));
    printf("fd: tell on socket=%d\n", (int)BIO_tell(b));
    BIO_socket_nbio(sv[1], 1);
    r = BIO_read(b, buf, sizeof(buf));
    printf("fd: read nonblock=%d " FLAGFMT "\n", r, FLAGS(b));
    printf("fd: fd_should_retry(-1)=%d non_fatal(EAGAIN)=%d\n",
           BIO_fd_should_retry(-1), BIO_fd_non_fatal_error(EAGAIN));
    BIO_free(a);
    close(sv[0]);
    r = BIO_read(b, buf, sizeof(buf));
    printf("fd: read eof=%d " FLAGFMT " eof=%d\n", r, FLAGS(b),
           (int)BIO_eof(b));
    BIO_free(b);
    printf("fd: closed after BIO_CLOSE free=%d\n",
           fcntl(sv[1], F_GETFD) == -1);
}

/* A custom method: upper-cases what it writes into a memory BIO below it. */
static int cb_creates, cb_destroys;

static int up_create(BIO *b)
{
    cb_creates++;
    BIO_set_data(b, NULL);
    BIO_set_init(b, 1);
    return 1;
}

static int up_destroy(BIO *b)
{
    cb_destroys++;
    (void)b;
    return 1;
}

static int up_write(BIO *b, const char *in, int inl)
{
    char tmp[256];
    int i, r;
    BIO *next = BIO_next(b);

    BIO_clear_retry_flags(b);
    if (next == NULL)
        return 0;
    if (inl > (int)sizeof(tmp))
        inl = sizeof(tmp);
    for (i = 0; i < inl; i++)
        tmp[i] = (in[i] >= 'a' && in[i] <= 'z') ? in[i] - 32 : in[i];
    r = BIO_write(next, tmp, inl);
    BIO_copy_next_retry(b);
    return r;
}

static int up_read_ex(BIO *b, char *out, size_t outl, size_t *readbytes)
{
    BIO *next = BIO_next(b);
    int r;

    BIO_clear_retry_flags(b);
    if (next == NULL)
        return 0;
    r = BIO_read(next, out, (int)outl);
    if (r <= 0) {
        if (BIO_should_read(next)) {
            BIO_set_retry_read(b);
            BIO_set_retry_reason(b, 42);
        }
        *readbytes = 0;
        return 0;
    }
    *readbytes = (size_t)r;
    return 1;
}

static long up_ctrl(BIO *b, int cmd, long num, void *ptr)
{
    BIO *next = BIO_next(b);

    switch (cmd) {
    case BIO_CTRL_FLUSH:
        return 1;
    case 1234:
        return num * 2;
    default:
        return next != NULL ? BIO_ctrl(next, cmd, num, ptr) : 0;
    }
}

static int up_puts(BIO *b, const char *s)
{
    return up_write(b, s, (int)strlen(s));
}

/* init stays 0: I/O must be refused */
static int lazy_create(BIO *b)
{
    BIO_set_data(b, (void *)"lazy");
    return 1;
}

static int failing_create(BIO *b)
{
    (void)b;
    return 0;
}

static void custom_tests(void)
{
    int idx1 = BIO_get_new_index(), idx2 = BIO_get_new_index();
    BIO_METHOD *m;
    BIO *u, *mem, *retry;
    char buf[64];
    char *data;
    long n;
    int r, reason = -1;

    printf("custom: new_index distinct=%d in range=%d\n", idx1 != idx2,
           idx1 > 128 && idx1 < 256);
    m = BIO_meth_new(idx1 | BIO_TYPE_FILTER, "upper filter");
    printf("custom: meth_new %s\n", m != NULL ? "ok" : "NULL");
    printf("custom: set_write=%d set_read_ex=%d set_ctrl=%d set_create=%d "
           "set_destroy=%d set_puts=%d\n",
           BIO_meth_set_write(m, up_write), BIO_meth_set_read_ex(m, up_read_ex),
           BIO_meth_set_ctrl(m, up_ctrl), BIO_meth_set_create(m, up_create),
           BIO_meth_set_destroy(m, up_destroy), BIO_meth_set_puts(m, up_puts));
    u = BIO_new(m);
    printf("custom: new %s creates=%d init=%d shutdown=%d data_null=%d\n",
           u != NULL ? "ok" : "NULL", cb_creates, BIO_get_init(u),
           BIO_get_shutdown(u), BIO_get_data(u) == NULL);
    printf("custom: type_matches=%d name=%s\n",
           BIO_method_type(u) == (idx1 | BIO_TYPE_FILTER), BIO_method_name(u));
    mem = BIO_new(BIO_s_mem());
    printf("custom: push returns head=%d\n", BIO_push(u, mem) == u);
    printf("custom: next is mem=%d next(mem) null=%d\n", BIO_next(u) == mem,
           BIO_next(mem) == NULL);
    printf("custom: find_type mem=%d filter=%d source_sink=%d socket null=%d\n",
           BIO_find_type(u, BIO_TYPE_MEM) == mem,
           BIO_find_type(u, BIO_TYPE_FILTER) == u,
           BIO_find_type(u, BIO_TYPE_SOURCE_SINK) == mem,
           BIO_find_type(u, BIO_TYPE_SOCKET) == NULL);
    r = BIO_write(u, "Hello, world", 12);
    printf("custom: write=%d\n", r);
    r = BIO_puts(u, " again");
    printf("custom: puts=%d\n", r);
    n = BIO_get_mem_data(mem, &data);
    printf("custom: mem data=%ld '%.*s'\n", n, (int)n, data);
    printf("custom: pending via ctrl passthrough=%d\n", (int)BIO_pending(u));
    printf("custom: ctrl 1234=%ld flush=%d\n", BIO_ctrl(u, 1234, 21, NULL),
           (int)BIO_flush(u));
    r = BIO_read(u, buf, 5);
    printf("custom: read=%d '%.*s'\n", r, r > 0 ? r : 0, buf);
    {
        size_t rb = 0;
        r = BIO_read_ex(u, buf, sizeof(buf), &rb);
        printf("custom: read_ex=%d readbytes=%zu\n", r, rb);
    }
    r = BIO_read(u, buf, sizeof(buf));
    printf("custom: read empty=%d " FLAGFMT " reason=%d\n", r, FLAGS(u),
           BIO_get_retry_reason(u));
    retry = BIO_get_retry_BIO(u, &reason);
    printf("custom: retry_bio is mem=%d reason=%d\n", retry == mem, reason);
    r = BIO_gets(u, buf, sizeof(buf));
    printf("custom: gets unsupported=%d\n", r);
    printf("custom: number_read=%llu number_written=%llu\n",
           (unsigned long long)BIO_number_read(u),
           (unsigned long long)BIO_number_written(u));
    BIO_set_flags(u, 0x1000);
    printf("custom: test_flags=%d\n", BIO_test_flags(u, 0x1000));
    BIO_clear_flags(u, 0x1000);
    printf("custom: test_flags cleared=%d\n", BIO_test_flags(u, 0x1000));
    BIO_set_shutdown(u, 0);
    printf("custom: shutdown=%d\n", BIO_get_shutdown(u));
    printf("custom: callback_ctrl=%ld\n",
           BIO_callback_ctrl(u, BIO_CTRL_SET_CALLBACK, NULL));
    printf("custom: up_ref=%d\n", BIO_up_ref(u));
    printf("custom: free (ref 2)=%d destroys=%d\n", BIO_free(u), cb_destroys);
    retry = BIO_pop(u);
    printf("custom: pop returns mem=%d next null=%d\n", retry == mem,
           BIO_next(u) == NULL);
    BIO_push(u, mem);
    BIO_free_all(u);
    printf("custom: after free_all destroys=%d\n", cb_destroys);

    /* chain with extra ref on the tail: free_all stops there */
    u = BIO_new(m);
    mem = BIO_new(BIO_s_mem());
    BIO_push(u, mem);
    BIO_up_ref(u);
    BIO_free_all(u); /* only drops one ref of u, stops */
    printf("custom: free_all with ref2 destroys=%d next still mem=%d\n",
           cb_destroys, BIO_next(u) == mem);
    BIO_free_all(u);
    printf("custom: free_all destroys=%d\n", cb_destroys);

    /* no create: init defaults to 1; unset callbacks are unsupported */
    {
        BIO_METHOD *bare = BIO_meth_new(BIO_TYPE_SOURCE_SINK | idx2, "bare");
        BIO *x = BIO_new(bare);
        printf("bare: init=%d shutdown=%d\n", BIO_get_init(x),
               BIO_get_shutdown(x));
        printf("bare: read=%d write=%d puts=%d gets=%d ctrl=%ld\n",
               BIO_read(x, buf, 1), BIO_write(x, "a", 1), BIO_puts(x, "a"),
               BIO_gets(x, buf, 5), BIO_ctrl(x, BIO_CTRL_PENDING, 0, NULL));
        printf("bare: ctrl_pending=%zu wpending=%zu\n", BIO_ctrl_pending(x),
               BIO_ctrl_wpending(x));
        BIO_free(x);

        BIO_meth_set_create(bare, lazy_create);
        BIO_meth_set_write(bare, up_write);
        x = BIO_new(bare);
        printf("lazy: init=%d data=%s write=%d\n", BIO_get_init(x),
               (char *)BIO_get_data(x), BIO_write(x, "a", 1));
        BIO_set_init(x, 1);
        printf("lazy: after set_init write=%d\n", BIO_write(x, "a", 1));
        BIO_free(x);

        BIO_meth_set_create(bare, failing_create);
        x = BIO_new(bare);
        printf("failing create: %s\n", x == NULL ? "NULL" : "non-NULL");
        BIO_meth_free(bare);
    }
    BIO_meth_free(m);
}

static void null_and_misc_tests(void)
{
    BIO *n = BIO_new(BIO_s_null());
    char buf[8];

    printf("null: type=%d name=%s\n", BIO_method_type(n), BIO_method_name(n));
    printf("null: write=%d read=%d puts=%d gets=%d pending=%d eof=%d\n",
           BIO_write(n, "abc", 3), BIO_read(n, buf, 8), BIO_puts(n, "hello"),
           BIO_gets(n, buf, 8), (int)BIO_pending(n), (int)BIO_eof(n));
    BIO_free(n);

    printf("misc: free NULL=%d\n", BIO_free(NULL));
    BIO_free_all(NULL);
    BIO_vfree(NULL);
    printf("misc: write NULL=%d read NULL=%d ctrl NULL=%ld\n",
           BIO_write(NULL, "a", 1), BIO_read(NULL, buf, 1),
           BIO_ctrl(NULL, BIO_CTRL_PENDING, 0, NULL));
    printf("misc: ctrl_pending NULL=%zu number_read NULL=%llu\n",
           BIO_ctrl_pending(NULL), (unsigned long long)BIO_number_read(NULL));
    printf("misc: push NULL=%d pop NULL=%d next NULL=%d\n",
           BIO_push(NULL, NULL) == NULL, BIO_pop(NULL) == NULL,
           BIO_next(NULL) == NULL);
    printf("misc: int_ctrl=%ld\n", BIO_int_ctrl(NULL, BIO_CTRL_PENDING, 0, 0));
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    mem_tests();
    pair_tests();
    sock_tests();
    custom_tests();
    null_and_misc_tests();
    printf("done\n");
    return 0;
}
