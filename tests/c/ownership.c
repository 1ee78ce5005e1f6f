/* Reference ownership: SSL_set_bio / SSL_set0_rbio / SSL_set0_wbio follow
 * OpenSSL's rules about which BIO references the SSL takes over, and
 * SSL_CTX_free while an SSL lives keeps the context alive. Frees are
 * observed through a custom BIO_METHOD's destroy callback, so the printed
 * counts are what the library really released. Also ERR_print_errors_fp's
 * line format (the fields the protocol determines). */
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <string.h>

static int destroyed;

static int counting_destroy(BIO *b)
{
    (void)b;
    destroyed++;
    return 1;
}

static int counting_create(BIO *b)
{
    BIO_set_init(b, 1);
    return 1;
}

static BIO_METHOD *method(void)
{
    static BIO_METHOD *m;
    if (m == NULL) {
        m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "counting");
        BIO_meth_set_create(m, counting_create);
        BIO_meth_set_destroy(m, counting_destroy);
    }
    return m;
}

static BIO *bio(void) { return BIO_new(method()); }

/* A new SSL reading a counting BIO and writing through a buffering filter
 * over another (`*w`, the chain's head); the count starts at 0. */
static SSL *with_filter_chain(SSL_CTX *ctx, BIO **w)
{
    SSL *s = SSL_new(ctx);
    *w = BIO_new(BIO_f_buffer());
    BIO_push(*w, bio());
    destroyed = 0;
    SSL_set_bio(s, bio(), *w);
    return s;
}

int main(void)
{
    printf("# lib: %s\n", OpenSSL_version(OPENSSL_VERSION));
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *s;
    BIO *r, *w, *w2;

    /* Same BIO for both directions: one reference handed over, kept for both. */
    s = SSL_new(ctx);
    r = bio();
    destroyed = 0;
    SSL_set_bio(s, r, r);
    printf("set_bio(r, r): rbio==wbio %d\n", SSL_get_rbio(s) == SSL_get_wbio(s));
    SSL_free(s);
    printf("set_bio(r, r): destroyed after SSL_free %d\n", destroyed);

    /* Two BIOs: both references taken. */
    s = SSL_new(ctx);
    r = bio();
    w = bio();
    destroyed = 0;
    SSL_set_bio(s, r, w);
    printf("set_bio(r, w): get_rbio %d get_wbio %d\n", SSL_get_rbio(s) == r, SSL_get_wbio(s) == w);
    /* Only the wbio changes: the old one goes at once, r stays. */
    w2 = bio();
    SSL_set_bio(s, r, w2);
    printf("set_bio(r, w2): destroyed %d rbio kept %d wbio %d\n", destroyed, SSL_get_rbio(s) == r,
           SSL_get_wbio(s) == w2);
    SSL_free(s);
    printf("set_bio(r, w2): destroyed after SSL_free %d\n", destroyed);

    /* set0: each call takes one reference and releases the previous BIO. */
    s = SSL_new(ctx);
    r = bio();
    destroyed = 0;
    SSL_set0_rbio(s, r);
    BIO_up_ref(r);
    SSL_set0_wbio(s, r);
    printf("set0 both: rbio==wbio==r %d\n", SSL_get_rbio(s) == r && SSL_get_wbio(s) == r);
    SSL_set0_rbio(s, NULL);
    printf("set0_rbio(NULL): destroyed %d rbio NULL %d\n", destroyed, SSL_get_rbio(s) == NULL);
    SSL_set0_wbio(s, NULL);
    printf("set0_wbio(NULL): destroyed %d\n", destroyed);
    SSL_free(s);

    /* A chain: what the SSL is given back goes as with BIO_free_all, so a
     * BIO pushed under a filter goes with the SSL that alone held the
     * chain, and stays while the program holds the head too. */
    s = with_filter_chain(ctx, &w);
    SSL_free(s);
    printf("filter chain: destroyed after SSL_free %d\n", destroyed);
    s = with_filter_chain(ctx, &w);
    BIO_up_ref(w);
    SSL_free(s);
    printf("filter chain held: destroyed after SSL_free %d\n", destroyed);
    BIO_free_all(w);
    printf("filter chain held: destroyed after BIO_free_all %d\n", destroyed);
    s = SSL_new(ctx);
    w = BIO_new(BIO_f_buffer());
    BIO_push(w, bio());
    destroyed = 0;
    SSL_set0_wbio(s, w);
    SSL_set0_wbio(s, bio());
    printf("filter chain replaced: destroyed %d\n", destroyed);
    SSL_free(s);
    printf("filter chain replaced: destroyed after SSL_free %d\n", destroyed);

    /* The context outlives SSL_CTX_free while an SSL holds it. */
    s = SSL_new(ctx);
    SSL_CTX_free(ctx);
    printf("ctx after SSL_CTX_free: same %d verify_mode %d\n", SSL_get_SSL_CTX(s) == ctx,
           SSL_CTX_get_verify_mode(SSL_get_SSL_CTX(s)));
    SSL_free(s);

    /* ERR_print_errors_fp: "tid:error:code:lib:func:reason:file:line:data";
     * print the protocol-determined fields (code, lib, reason). */
    ctx = SSL_CTX_new(TLS_server_method());
    s = SSL_new(ctx);
    ERR_clear_error();
    printf("do_handshake without state %d\n", SSL_do_handshake(s));
    FILE *f = tmpfile();
    ERR_print_errors_fp(f);
    rewind(f);
    char line[1024];
    int lines = 0;
    while (fgets(line, sizeof(line), f) != NULL) {
        char *field[9] = {0};
        int n = 0;
        for (char *p = strtok(line, ":"); p != NULL && n < 9; p = strtok(NULL, ":"))
            field[n++] = p;
        if (n >= 5)
            printf("printed: %s %s %s\n", field[1], field[2], field[3]);
        lines++;
    }
    printf("printed lines %d, queue empty after %d\n", lines, ERR_peek_error() == 0);
    fclose(f);
    SSL_free(s);
    SSL_CTX_free(ctx);
    return 0;
}
