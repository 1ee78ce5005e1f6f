/*
 * A TLS server whose certificate and key are libcrypto objects
 * (PEM_read_X509, PEM_read_PrivateKey) given to SSL_CTX_use_certificate and
 * SSL_CTX_use_PrivateKey (argv[2] "ctx") or to SSL_use_certificate and
 * SSL_use_PrivateKey ("ssl"). Serves one connection on 127.0.0.1: reads a
 * line, answers "got: <line>", shuts down. Built against the system
 * headers with -lssl -lcrypto; run on the real libssl and on the drop-in.
 *   pem_server PORTFILE ctx|ssl CERT KEY
 */
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void *read_pem(const char *path, int key)
{
    FILE *f = fopen(path, "r");
    void *obj;
    if (!f)
        return NULL;
    obj = key ? (void *)PEM_read_PrivateKey(f, NULL, NULL, NULL)
              : (void *)PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    return obj;
}

int main(int argc, char **argv)
{
    if (argc != 5)
        return 2;
    int per_ssl = strcmp(argv[2], "ssl") == 0;
    X509 *cert = read_pem(argv[3], 0);
    EVP_PKEY *key = read_pem(argv[4], 1);
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!cert || !key || !ctx)
        return 3;

    struct sockaddr_in sa = {0};
    socklen_t len = sizeof sa;
    int one = 1, lfd = socket(AF_INET, SOCK_STREAM, 0);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(lfd, (struct sockaddr *)&sa, sizeof sa) || listen(lfd, 1) ||
        getsockname(lfd, (struct sockaddr *)&sa, &len))
        return 4;
    FILE *pf = fopen(argv[1], "w");
    fprintf(pf, "%d\n", ntohs(sa.sin_port));
    fclose(pf);

    if (!per_ssl) {
        printf("SSL_CTX_use_certificate %d\n", SSL_CTX_use_certificate(ctx, cert));
        printf("SSL_CTX_use_PrivateKey %d\n", SSL_CTX_use_PrivateKey(ctx, key));
        printf("SSL_CTX_check_private_key %d\n", SSL_CTX_check_private_key(ctx));
    }
    int fd = accept(lfd, NULL, NULL);
    SSL *ssl = SSL_new(ctx);
    if (per_ssl) {
        printf("SSL_use_certificate %d\n", SSL_use_certificate(ssl, cert));
        printf("SSL_use_PrivateKey %d\n", SSL_use_PrivateKey(ssl, key));
        printf("SSL_check_private_key %d\n", SSL_check_private_key(ssl));
    }
    /* The caller keeps its references, as with OpenSSL. */
    X509_free(cert);
    EVP_PKEY_free(key);
    SSL_set_fd(ssl, fd);
    int r = SSL_accept(ssl);
    printf("accept %d version %s\n", r, SSL_get_version(ssl));
    if (r == 1) {
        char buf[256], out[300];
        int n = SSL_read(ssl, buf, sizeof buf - 1);
        buf[n > 0 ? n : 0] = 0;
        buf[strcspn(buf, "\n")] = 0;
        printf("read %s\n", buf);
        snprintf(out, sizeof out, "got: %s\n", buf);
        printf("write %d\n", SSL_write(ssl, out, (int)strlen(out)) > 0);
        SSL_shutdown(ssl);
    } else {
        ERR_print_errors_fp(stdout);
    }
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
    close(lfd);
    return r == 1 ? 0 : 1;
}
