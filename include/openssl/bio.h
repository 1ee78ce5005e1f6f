/*
 * sslshim: BIO, as OpenSSL 3's <openssl/bio.h>.
 *
 * BIO_CTRL_* / BIO_C_* / BIO_FLAGS_* / BIO_TYPE_* numbers are generated from
 * src/abi; the function-like macros below expand to the same BIO_ctrl,
 * BIO_int_ctrl, BIO_ptr_ctrl and BIO_*_flags calls with the same arguments
 * as OpenSSL's (checked by `make abi-test`). Each group is defined only when
 * its target function is exported (SSLSHIM_HAVE_*).
 */
#ifndef OPENSSL_BIO_H
#define OPENSSL_BIO_H
#define HEADER_BIO_H

#include <stdio.h>
#include <stdarg.h>
#include <openssl/e_os2.h>
#include <openssl/crypto.h>
#include <openssl/bioerr.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Flag tests. */
#ifdef SSLSHIM_HAVE_BIO_test_flags
# define BIO_get_flags(b) BIO_test_flags(b, ~(0x0))
# define BIO_get_retry_flags(b) \
    BIO_test_flags(b, (BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY))
# define BIO_should_read(a) BIO_test_flags(a, BIO_FLAGS_READ)
# define BIO_should_write(a) BIO_test_flags(a, BIO_FLAGS_WRITE)
# define BIO_should_io_special(a) BIO_test_flags(a, BIO_FLAGS_IO_SPECIAL)
# define BIO_retry_type(a) BIO_test_flags(a, BIO_FLAGS_RWS)
# define BIO_should_retry(a) BIO_test_flags(a, BIO_FLAGS_SHOULD_RETRY)
#endif
#ifdef SSLSHIM_HAVE_BIO_set_flags
# define BIO_set_retry_special(b) \
    BIO_set_flags(b, (BIO_FLAGS_IO_SPECIAL | BIO_FLAGS_SHOULD_RETRY))
# define BIO_set_retry_read(b) \
    BIO_set_flags(b, (BIO_FLAGS_READ | BIO_FLAGS_SHOULD_RETRY))
# define BIO_set_retry_write(b) \
    BIO_set_flags(b, (BIO_FLAGS_WRITE | BIO_FLAGS_SHOULD_RETRY))
#endif
#ifdef SSLSHIM_HAVE_BIO_clear_flags
# define BIO_clear_retry_flags(b) \
    BIO_clear_flags(b, (BIO_FLAGS_RWS | BIO_FLAGS_SHOULD_RETRY))
#endif

#if defined(SSLSHIM_HAVE_BIO_set_ex_data) && defined(SSLSHIM_HAVE_BIO_get_ex_data)
# define BIO_set_app_data(s, arg) BIO_set_ex_data(s, 0, arg)
# define BIO_get_app_data(s) BIO_get_ex_data(s, 0)
#endif
#ifdef SSLSHIM_HAVE_CRYPTO_get_ex_new_index
# define BIO_get_ex_new_index(l, p, newf, dupf, freef) \
    CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_BIO, l, p, newf, dupf, freef)
#endif

#ifdef SSLSHIM_HAVE_BIO_ctrl
/* Every BIO type. */
# define BIO_reset(b) (int)BIO_ctrl(b, BIO_CTRL_RESET, 0, NULL)
# define BIO_eof(b) (int)BIO_ctrl(b, BIO_CTRL_EOF, 0, NULL)
# define BIO_set_close(b, c) (int)BIO_ctrl(b, BIO_CTRL_SET_CLOSE, (c), NULL)
# define BIO_get_close(b) (int)BIO_ctrl(b, BIO_CTRL_GET_CLOSE, 0, NULL)
# define BIO_pending(b) (int)BIO_ctrl(b, BIO_CTRL_PENDING, 0, NULL)
# define BIO_wpending(b) (int)BIO_ctrl(b, BIO_CTRL_WPENDING, 0, NULL)
# define BIO_flush(b) (int)BIO_ctrl(b, BIO_CTRL_FLUSH, 0, NULL)
# define BIO_dup_state(b, ret) BIO_ctrl(b, BIO_CTRL_DUP, 0, (char *)(ret))
# define BIO_set_nbio(b, n) BIO_ctrl(b, BIO_C_SET_NBIO, (n), NULL)
# define BIO_do_handshake(b) BIO_ctrl(b, BIO_C_DO_STATE_MACHINE, 0, NULL)
# define BIO_do_connect(b) BIO_do_handshake(b)
# define BIO_do_accept(b) BIO_do_handshake(b)
/* Socket and fd BIOs. */
# define BIO_get_fd(b, c) BIO_ctrl(b, BIO_C_GET_FD, 0, (char *)(c))
/* File BIOs. */
# define BIO_set_fp(b, fp, c) BIO_ctrl(b, BIO_C_SET_FILE_PTR, c, (char *)(fp))
# define BIO_get_fp(b, fpp) BIO_ctrl(b, BIO_C_GET_FILE_PTR, 0, (char *)(fpp))
# define BIO_seek(b, ofs) (int)BIO_ctrl(b, BIO_C_FILE_SEEK, ofs, NULL)
# define BIO_tell(b) (int)BIO_ctrl(b, BIO_C_FILE_TELL, 0, NULL)
# define BIO_read_filename(b, name) \
    (int)BIO_ctrl(b, BIO_C_SET_FILENAME, BIO_CLOSE | BIO_FP_READ, (char *)(name))
# define BIO_write_filename(b, name) \
    (int)BIO_ctrl(b, BIO_C_SET_FILENAME, BIO_CLOSE | BIO_FP_WRITE, name)
# define BIO_append_filename(b, name) \
    (int)BIO_ctrl(b, BIO_C_SET_FILENAME, BIO_CLOSE | BIO_FP_APPEND, name)
# define BIO_rw_filename(b, name) \
    (int)BIO_ctrl(b, BIO_C_SET_FILENAME, BIO_CLOSE | BIO_FP_READ | BIO_FP_WRITE, name)
/* Memory BIOs. */
# define BIO_get_mem_data(b, pp) BIO_ctrl(b, BIO_CTRL_INFO, 0, (char *)(pp))
# define BIO_set_mem_buf(b, bm, c) BIO_ctrl(b, BIO_C_SET_BUF_MEM, c, (char *)(bm))
# define BIO_get_mem_ptr(b, pp) BIO_ctrl(b, BIO_C_GET_BUF_MEM_PTR, 0, (char *)(pp))
# define BIO_set_mem_eof_return(b, v) \
    BIO_ctrl(b, BIO_C_SET_BUF_MEM_EOF_RETURN, v, NULL)
/* SSL BIOs. */
# define BIO_set_ssl(b, ssl, c) BIO_ctrl(b, BIO_C_SET_SSL, c, (char *)(ssl))
# define BIO_get_ssl(b, sslp) BIO_ctrl(b, BIO_C_GET_SSL, 0, (char *)(sslp))
# define BIO_set_ssl_mode(b, client) BIO_ctrl(b, BIO_C_SSL_MODE, client, NULL)
# define BIO_set_ssl_renegotiate_bytes(b, num) \
    BIO_ctrl(b, BIO_C_SET_SSL_RENEGOTIATE_BYTES, num, NULL)
# define BIO_get_num_renegotiates(b) \
    BIO_ctrl(b, BIO_C_GET_SSL_NUM_RENEGOTIATES, 0, NULL)
# define BIO_set_ssl_renegotiate_timeout(b, seconds) \
    BIO_ctrl(b, BIO_C_SET_SSL_RENEGOTIATE_TIMEOUT, seconds, NULL)
/* Connect BIOs (BIO_s_connect). */
# define BIO_set_conn_hostname(b, name) \
    BIO_ctrl(b, BIO_C_SET_CONNECT, 0, (char *)(name))
# define BIO_set_conn_port(b, port) BIO_ctrl(b, BIO_C_SET_CONNECT, 1, (char *)(port))
# define BIO_get_conn_ip_family(b) BIO_ctrl(b, BIO_C_GET_CONNECT, 3, NULL)
# define BIO_set_conn_mode(b, n) BIO_ctrl(b, BIO_C_SET_CONNECT_MODE, (n), NULL)
/* BIO pairs (BIO_s_bio). */
# define BIO_set_write_buf_size(b, size) \
    (int)BIO_ctrl(b, BIO_C_SET_WRITE_BUF_SIZE, size, NULL)
# define BIO_get_write_buf_size(b, size) \
    (size_t)BIO_ctrl(b, BIO_C_GET_WRITE_BUF_SIZE, size, NULL)
# define BIO_make_bio_pair(b1, b2) (int)BIO_ctrl(b1, BIO_C_MAKE_BIO_PAIR, 0, b2)
# define BIO_destroy_bio_pair(b) (int)BIO_ctrl(b, BIO_C_DESTROY_BIO_PAIR, 0, NULL)
# define BIO_shutdown_wr(b) (int)BIO_ctrl(b, BIO_C_SHUTDOWN_WR, 0, NULL)
# define BIO_get_write_guarantee(b) \
    (int)BIO_ctrl(b, BIO_C_GET_WRITE_GUARANTEE, 0, NULL)
# define BIO_get_read_request(b) (int)BIO_ctrl(b, BIO_C_GET_READ_REQUEST, 0, NULL)
/* Buffering filter. */
# define BIO_get_buffer_num_lines(b) BIO_ctrl(b, BIO_C_GET_BUFF_NUM_LINES, 0, NULL)
# define BIO_set_buffer_size(b, size) BIO_ctrl(b, BIO_C_SET_BUFF_SIZE, size, NULL)
# define BIO_set_buffer_read_data(b, buf, num) \
    BIO_ctrl(b, BIO_C_SET_BUFF_READ_DATA, num, buf)
# define BIO_buffer_peek(b, s, l) BIO_ctrl(b, BIO_CTRL_PEEK, (l), (s))
#endif /* BIO_ctrl */

#ifdef SSLSHIM_HAVE_BIO_int_ctrl
# define BIO_set_fd(b, fd, c) BIO_int_ctrl(b, BIO_C_SET_FD, c, fd)
# define BIO_set_conn_ip_family(b, f) BIO_int_ctrl(b, BIO_C_SET_CONNECT, 3, f)
# define BIO_set_read_buffer_size(b, size) BIO_int_ctrl(b, BIO_C_SET_BUFF_SIZE, size, 0)
# define BIO_set_write_buffer_size(b, size) BIO_int_ctrl(b, BIO_C_SET_BUFF_SIZE, size, 1)
#endif

#ifdef SSLSHIM_HAVE_BIO_ptr_ctrl
# define BIO_get_conn_hostname(b) ((const char *)BIO_ptr_ctrl(b, BIO_C_GET_CONNECT, 0))
# define BIO_get_conn_port(b) ((const char *)BIO_ptr_ctrl(b, BIO_C_GET_CONNECT, 1))
#endif

#ifdef SSLSHIM_HAVE_BIO_callback_ctrl
# define BIO_set_info_callback(b, cb) \
    (int)BIO_callback_ctrl(b, BIO_CTRL_SET_CALLBACK, cb)
#endif
#ifdef SSLSHIM_HAVE_BIO_ctrl
# define BIO_get_info_callback(b, cbp) \
    (int)BIO_ctrl(b, BIO_CTRL_GET_CALLBACK, 0, cbp)
#endif

/*
 * BIO_printf and friends. OpenSSL's are C-variadic functions, which stable
 * Rust cannot define, so they are defined here, in the program, on top of
 * the C library's vsnprintf and our BIO_write: the same arguments, the
 * same results (BIO_printf: what BIO_write returned, -1 when the format
 * fails; BIO_snprintf: the length, -1 when truncated). The compiler's
 * builtins keep them usable under -ansi, where <stdio.h> hides vsnprintf.
 * Not exported symbols: a configure test linking BIO_printf by name finds
 * none (docs/COVERAGE.md, "Source trees").
 */
#if defined(__GNUC__)
# define SSLSHIM_VA_COPY __builtin_va_copy
# define SSLSHIM_VSNPRINTF __builtin_vsnprintf
# define SSLSHIM_STATIC static __inline__ __attribute__((unused))
#else
# define SSLSHIM_VA_COPY va_copy
# define SSLSHIM_VSNPRINTF vsnprintf
# define SSLSHIM_STATIC static
#endif

#if defined(SSLSHIM_HAVE_BIO_write) && defined(SSLSHIM_HAVE_CRYPTO_malloc)
SSLSHIM_STATIC int sslshim_BIO_vprintf(BIO *bio, const char *format, va_list args)
{
    char small[1024];
    char *big;
    va_list copy;
    int n, r;

    SSLSHIM_VA_COPY(copy, args);
    n = SSLSHIM_VSNPRINTF(small, sizeof small, format, copy);
    va_end(copy);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof small)
        return BIO_write(bio, small, n);
    big = (char *)CRYPTO_malloc((size_t)n + 1, __FILE__, __LINE__);
    if (big == NULL)
        return -1;
    SSLSHIM_VSNPRINTF(big, (size_t)n + 1, format, args);
    r = BIO_write(bio, big, n);
    CRYPTO_free(big, __FILE__, __LINE__);
    return r;
}

SSLSHIM_STATIC int sslshim_BIO_printf(BIO *bio, const char *format, ...)
{
    va_list args;
    int r;

    va_start(args, format);
    r = sslshim_BIO_vprintf(bio, format, args);
    va_end(args);
    return r;
}
# define BIO_vprintf sslshim_BIO_vprintf
# define BIO_printf sslshim_BIO_printf
#endif

SSLSHIM_STATIC int sslshim_BIO_vsnprintf(char *buf, size_t n, const char *format, va_list args)
{
    int r = SSLSHIM_VSNPRINTF(buf, n, format, args);
    return (r < 0 || (size_t)r >= n) ? -1 : r;
}

SSLSHIM_STATIC int sslshim_BIO_snprintf(char *buf, size_t n, const char *format, ...)
{
    va_list args;
    int r;

    va_start(args, format);
    r = sslshim_BIO_vsnprintf(buf, n, format, args);
    va_end(args);
    return r;
}
#define BIO_vsnprintf sslshim_BIO_vsnprintf
#define BIO_snprintf sslshim_BIO_snprintf

#ifdef __cplusplus
}
#endif

#endif /* OPENSSL_BIO_H */
