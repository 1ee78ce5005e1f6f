/*
 * tests/tools/guard.sh's program: built against the SYSTEM OpenSSL headers
 * and -lssl -lcrypto, as any unchanged OpenSSL 3 program. It loads a
 * certificate into an SSL_CTX and prints its fingerprint with a libcrypto
 * function the standalone libsslshim.so does not export (BIO_printf,
 * which our headers define in the program, as stable Rust cannot define a
 * C-variadic function): preloading the standalone would hand its BIO to
 * the real libcrypto. Built with -DONLY_OURS it calls only
 * functions the standalone exports (the safe shape of tests/c's mode (c)).
 *
 *   mixed                 prints "main" and exits 0
 *   mixed CERT KEY        prints "main", then the certificate's SHA-256
 *                         fingerprint as `openssl x509 -fingerprint` does
 *                         (without -DONLY_OURS) and "ok"
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/evp.h>

int main(int argc, char **argv)
{
    printf("main\n");
    fflush(stdout);
    if (argc < 3)
        return 0;
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    if (ctx == NULL || SSL_CTX_use_certificate_file(ctx, argv[1], SSL_FILETYPE_PEM) != 1
        || SSL_CTX_use_PrivateKey_file(ctx, argv[2], SSL_FILETYPE_PEM) != 1
        || SSL_CTX_check_private_key(ctx) != 1) {
        printf("loading failed\n");
        return 1;
    }
    X509 *cert = SSL_CTX_get0_certificate(ctx);
#ifndef ONLY_OURS
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (X509_digest(cert, EVP_sha256(), md, &n) != 1 || X509_get_serialNumber(cert) == NULL) {
        printf("X509_digest failed\n");
        return 1;
    }
    fflush(stdout);
    BIO *out = BIO_new_fp(stdout, BIO_NOCLOSE);
    BIO_printf(out, "sha256 Fingerprint=");
    for (unsigned int i = 0; i < n; i++)
        BIO_printf(out, "%02X%s", md[i], i + 1 < n ? ":" : "\n");
    BIO_free(out);
#else
    if (cert == NULL)
        return 1;
#endif
    SSL *ssl = SSL_new(ctx);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    printf("ok\n");
    return 0;
}
