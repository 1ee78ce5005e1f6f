/*
 * BIO_printf, BIO_vprintf and BIO_snprintf: formats of the kinds programs
 * print certificate details with (curl's "%lx" version, "%02x" serial
 * bytes), an output longer than any fixed buffer, the return values
 * (BIO_write's count; BIO_snprintf's -1 when truncated). In our headers
 * they are defined in the program; an OpenSSL-built binary importing them
 * is stopped by the standalone's wrong-flavour guard (run-differential.sh,
 * HEADER_ONLY).
 */
#include "common.h"

static int vp(BIO *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = BIO_vprintf(b, fmt, ap);
    va_end(ap);
    return r;
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    BIO *b = BIO_new(BIO_s_mem());
    int r1 = BIO_printf(b, "v=%lx s=%s n=%d h=%02x%02x %5.2f %%|", 2L, "str", -42, 0xa, 0xbc, 3.14159);
    int r2 = vp(b, "[%-6s][%06d]", "ab", 77);
    char big[3000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    int r3 = BIO_printf(b, "<%s>", big);
    char *p = NULL;
    long len = BIO_get_mem_data(b, &p);
    printf("printf: %d %d %d total=%ld head=[%.*s]\n", r1, r2, r3, len, 60, p);
    BIO_free(b);

    char buf[16];
    int s1 = BIO_snprintf(buf, sizeof buf, "%s-%d", "abc", 12);
    printf("snprintf fits: %d [%s]", s1, buf);
    int s2 = BIO_snprintf(buf, sizeof buf, "%s", "0123456789abcdefXYZ");
    printf(" truncated: %d\n", s2);
    printf("done\n");
    return 0;
}
