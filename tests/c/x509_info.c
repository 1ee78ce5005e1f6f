/*
 * Loading certificates from BIOs the ways programs do beside the SSL_CTX
 * file calls (curl's CA blobs and --issuercert): PEM_X509_INFO_read_bio
 * (certificates and CRLs grouped into X509_INFO as OpenSSL groups them),
 * d2i_X509_bio and d2i_PrivateKey_bio (DER, one object per call, the rest
 * left in the BIO), PEM_read_bio_X509_AUX on a TRUSTED CERTIFICATE, and
 * X509_check_issued over the test hierarchy.
 */
#include "common.h"
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <unistd.h>

static BIO *file_bio(const char *name)
{
    BIO *b = BIO_new(BIO_s_mem());
    FILE *f = fopen(cert(name), "rb");
    CHECK(f != NULL);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        BIO_write(b, buf, (int)n);
    fclose(f);
    return b;
}

static void append(BIO *to, const char *name)
{
    BIO *b = file_bio(name);
    char *p;
    long n = BIO_get_mem_data(b, &p);
    BIO_write(to, p, (int)n);
    BIO_free(b);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    BIO *b = BIO_new(BIO_s_mem());
    append(b, "server-chain.pem");
    append(b, "intermediate.crl.pem");
    append(b, "ca.pem");
    append(b, "ca.crl.pem");
    append(b, "revoked-int.crl.pem");
    STACK_OF(X509_INFO) *infos = PEM_X509_INFO_read_bio(b, NULL, NULL, NULL);
    printf("infos: %d\n", infos ? sk_X509_INFO_num(infos) : -1);
    for (int i = 0; infos && i < sk_X509_INFO_num(infos); i++) {
        X509_INFO *in = sk_X509_INFO_value(infos, i);
        char n1[128] = "-", n2[128] = "-";
        if (in->x509)
            X509_NAME_oneline(X509_get_subject_name(in->x509), n1, sizeof n1);
        if (in->crl)
            X509_NAME_oneline(X509_CRL_get_issuer(in->crl), n2, sizeof n2);
        printf("  %d x509=%s crl=%s\n", i, n1, n2);
    }
    sk_X509_INFO_pop_free(infos, X509_INFO_free);
    BIO_free(b);

    /* Appending to an existing stack; a bad block fails the whole read. */
    b = file_bio("ca.pem");
    infos = sk_X509_INFO_new_null();
    printf("append: %d", PEM_X509_INFO_read_bio(b, infos, NULL, NULL) == infos);
    printf(" n=%d\n", sk_X509_INFO_num(infos));
    sk_X509_INFO_pop_free(infos, X509_INFO_free);
    BIO_free(b);
    b = BIO_new_mem_buf("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n", -1);
    infos = PEM_X509_INFO_read_bio(b, NULL, NULL, NULL);
    printf("bad block: %d err=%d\n", infos != NULL, ERR_peek_error() != 0);
    ERR_clear_error();
    sk_X509_INFO_pop_free(infos, X509_INFO_free);
    BIO_free(b);

    /* DER, one object at a time. */
    X509 *ca = read_cert("ca.pem"), *inter = read_cert("intermediate.pem"),
         *server = read_cert("server.pem"), *impostor = read_cert("impostor.pem");
    b = BIO_new(BIO_s_mem());
    unsigned char *der = NULL;
    int n1 = i2d_X509(ca, &der);
    BIO_write(b, der, n1);
    const unsigned char *dp = der;
    X509 *back = d2i_X509(NULL, &dp, n1);
    printf("d2i_X509: %d consumed=%d cmp=%d\n", back != NULL, (int)(dp - der), back ? X509_NAME_cmp(X509_get_subject_name(back), X509_get_subject_name(ca)) : -2);
    X509_free(back);
    OPENSSL_free(der);
    der = NULL;
    int n2 = i2d_X509(server, &der);
    BIO_write(b, der, n2);
    OPENSSL_free(der);
    BIO_write(b, "junk", 4);
    for (int i = 0; i < 3; i++) {
        X509 *x = d2i_X509_bio(b, NULL);
        print_name("d2i_X509_bio", x ? X509_get_subject_name(x) : NULL);
        X509_free(x);
    }
    printf("  error after junk: %d, left %d\n", ERR_peek_error() != 0, (int)BIO_pending(b));
    ERR_clear_error();
    BIO_free(b);

    char keyder[] = "/tmp/sslshim-x509-info-XXXXXX";
    int fd = mkstemp(keyder);
    CHECK(fd >= 0);
    close(fd);
    /* The openssl CLI must run on the system library, not a preload. */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "env -u LD_PRELOAD openssl pkey -in %s -outform DER -out %s", cert("server.key"), keyder);
    CHECK(system(cmd) == 0);
    b = BIO_new_file(keyder, "rb");
    EVP_PKEY *k = d2i_PrivateKey_bio(b, NULL);
    printf("d2i_PrivateKey_bio: %d matches=%d\n", k != NULL, k ? X509_check_private_key(server, k) : 0);
    EVP_PKEY_free(k);
    BIO_free(b);
    b = BIO_new_mem_buf("\x30\x03\x02\x01", 4);
    k = d2i_PrivateKey_bio(b, NULL);
    printf("truncated key: %d err=%d\n", k != NULL, ERR_peek_error() != 0);
    ERR_clear_error();
    BIO_free(b);

    snprintf(cmd, sizeof cmd, "env -u LD_PRELOAD openssl x509 -in %s -trustout -addtrust serverAuth -out %s", cert("ca.pem"), keyder);
    CHECK(system(cmd) == 0);
    b = BIO_new_file(keyder, "r");
    X509 *t = PEM_read_bio_X509_AUX(b, NULL, NULL, NULL);
    print_name("trusted certificate", t ? X509_get_subject_name(t) : NULL);
    X509_free(t);
    BIO_free(b);
    unlink(keyder);

    printf("check_issued: ca>inter=%d inter>server=%d ca>server=%d server>server=%d ca>impostor=%d inter>ca=%d\n",
           X509_check_issued(ca, inter), X509_check_issued(inter, server), X509_check_issued(ca, server),
           X509_check_issued(server, server), X509_check_issued(ca, impostor), X509_check_issued(inter, ca));
    X509_free(ca);
    X509_free(inter);
    X509_free(server);
    X509_free(impostor);
    printf("done\n");
    return 0;
}
