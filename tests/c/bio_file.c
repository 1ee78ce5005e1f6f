/*
 * The file BIO (BIO_s_file): BIO_new_file (a missing file's two error
 * entries, writing and reading back, gets/read/eof/seek/tell), BIO_new_fp
 * on the program's FILE (BIO_NOCLOSE leaves it open, BIO_get_fp gives it
 * back), BIO_read_filename feeding PEM readers (socat reads its
 * certificate file for DH parameters this way), and the refusals: no
 * fopen mode, a directory to write to.
 */
#include "common.h"
#include <openssl/pem.h>
#include <openssl/dh.h>
#include <errno.h>
#include <unistd.h>

static void errors(const char *label)
{
    unsigned long e;
    printf("%s errors:", label);
    while ((e = ERR_get_error()) != 0)
        printf(" %d/%d", ERR_GET_LIB(e), ERR_GET_REASON(e));
    printf("\n");
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    char path[] = "/tmp/sslshim-bio-file-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);

    BIO *b = BIO_new_file("/nonexistent/sslshim/file", "r");
    printf("missing: %d\n", b != NULL);
    errors("missing");

    b = BIO_new_file(path, "w");
    CHECK(b != NULL);
    printf("type=%d name=%s\n", BIO_method_type(b), BIO_method_name(b));
    printf("write: puts=%d write=%d", BIO_puts(b, "first line\n"), BIO_write(b, "second\nthird", 12));
    printf(" flush=%d tell=%d pending=%d\n", BIO_flush(b), BIO_tell(b), (int)BIO_pending(b));
    BIO_free(b);

    b = BIO_new_file(path, "rb");
    CHECK(b != NULL);
    char line[64];
    int n = BIO_gets(b, line, sizeof line);
    printf("gets=%d [%.*s]", n, n > 0 ? n - 1 : 0, line);
    n = BIO_gets(b, line, 4);
    printf(" short gets=%d [%s]", n, line);
    n = BIO_read(b, line, sizeof line);
    printf(" read=%d [%.*s] eof=%d", n, n > 0 ? n : 0, line, BIO_eof(b));
    printf(" again=%d\n", BIO_read(b, line, sizeof line));
    printf("seek=%d tell=%d", BIO_seek(b, 6), BIO_tell(b));
    n = BIO_read(b, line, 4);
    printf(" read=%d [%.*s] reset=%d tell=%d\n", n, n > 0 ? n : 0, line, (int)BIO_reset(b), BIO_tell(b));
    BIO_free(b);

    FILE *fp = fopen(path, "a");
    CHECK(fp != NULL);
    b = BIO_new_fp(fp, BIO_NOCLOSE);
    FILE *back = NULL;
    BIO_get_fp(b, &back);
    printf("fp: same=%d puts=%d close=%d\n", back == fp, BIO_puts(b, "\nfrom fp"),
           (int)BIO_get_close(b));
    BIO_free(b);
    printf("fp after free: fputs=%d\n", fputs("\nstill open", fp) >= 0);
    fclose(fp);

    b = BIO_new_file(path, "r");
    n = BIO_read(b, line, sizeof line);
    printf("contents=%d [", n);
    for (int i = 0; i < n; i++)
        putchar(line[i] == '\n' ? '|' : line[i]);
    printf("]\n");
    BIO_free(b);

    b = BIO_new(BIO_s_file());
    printf("read_filename=%d", BIO_read_filename(b, cert("server.pem")));
    X509 *x = PEM_read_bio_X509(b, NULL, NULL, NULL);
    print_name(" subject", x ? X509_get_subject_name(x) : NULL);
    X509_free(x);
    BIO_free(b);

    b = BIO_new_file(cert("server.pem"), "r");
    DH *dh = PEM_read_bio_DHparams(b, NULL, NULL, NULL);
    printf("dhparams from a certificate file: %d\n", dh != NULL);
    errors("dhparams");
    BIO_free(b);

    b = BIO_new(BIO_s_file());
    printf("no mode: %ld\n", BIO_ctrl(b, BIO_C_SET_FILENAME, BIO_CLOSE, path));
    errors("no mode");
    printf("directory: %d\n", BIO_write_filename(b, "/tmp"));
    errors("directory");
    BIO_free(b);

    unlink(path);
    printf("done\n");
    return 0;
}
