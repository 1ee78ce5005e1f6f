/*
 * Encrypted PEM private keys through the default password callback, as a
 * program (system headers, -lssl -lcrypto) sees it: SSL_CTX_ and SSL_
 * use_PrivateKey_file with the context's and the connection's callback and
 * userdata (and SSL_CONF's PrivateKey), right and wrong passwords, a
 * callback that gives up, libcrypto's default callback (NULL: the userdata
 * is the password), an unencrypted key (no call), a traditional-format RSA
 * key, a DER key, a missing file.
 * Each case prints the return value, the calls the callback got (rwflag,
 * size, userdata) and the error queue (library, reason and its string).
 * Then it serves ONE connection on 127.0.0.1:PORT with the decrypted key
 * (the peer is `openssl s_client` in another process). Run on the real
 * libssl (the oracle) and on the drop-in library; outputs must be equal.
 *   pwkey PORT CERTDIR KEYDIR PASSWORD
 * KEYDIR holds enc.key (PKCS#8, aes256), enc-rsa.key (traditional RSA,
 * aes128), both under PASSWORD, and plain.der (DER PKCS#8).
 */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct pw {
    const char *name;     /* which callback */
    const char *password; /* what it answers; NULL: gives up (-1) */
    int calls, rwflag, size;
};

static struct pw *last_called;

static int callback(char *buf, int size, int rwflag, void *u)
{
    struct pw *p = u;
    p->calls++;
    p->rwflag = rwflag;
    p->size = size;
    last_called = p;
    if (p->password == NULL)
        return -1;
    int n = (int)strlen(p->password);
    if (n > size)
        return -1;
    memcpy(buf, p->password, (size_t)n);
    return n;
}

static void print_errors(void)
{
    unsigned long e;
    while ((e = ERR_get_error()) != 0) {
        const char *r = ERR_reason_error_string(e);
        printf("  error lib %d reason %d (%s)\n", ERR_GET_LIB(e), ERR_GET_REASON(e),
               r ? r : "?");
    }
}

static void report(const char *what, int r, struct pw *p)
{
    printf("%s: %d", what, r);
    if (p)
        printf(", %s callback called %d times (rwflag %d, size %d)", p->name, p->calls,
               p->rwflag, p->size);
    printf("\n");
    print_errors();
}

static char path_buf[4][512];

static const char *path(int i, const char *dir, const char *file)
{
    snprintf(path_buf[i], sizeof path_buf[i], "%s/%s", dir, file);
    return path_buf[i];
}

static int serve(int port, SSL_CTX *ctx)
{
    struct sockaddr_in sa = {0};
    int one = 1, l = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(l, (struct sockaddr *)&sa, sizeof sa) || listen(l, 1)) {
        perror("bind");
        return 1;
    }
    printf("listening\n");
    fflush(stdout);
    int fd = accept(l, NULL, NULL);
    SSL *ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) != 1) {
        printf("accept failed\n");
        print_errors();
        return 1;
    }
    char line[200] = {0};
    int n = SSL_read(ssl, line, sizeof line - 1);
    printf("version %s, received %.*s", SSL_get_version(ssl), n > 0 ? n : 0, line);
    const char reply[] = "pwkey server says hello\n";
    SSL_write(ssl, reply, sizeof reply - 1);
    SSL_shutdown(ssl);
    SSL_free(ssl);
    close(fd);
    close(l);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: pwkey PORT CERTDIR KEYDIR PASSWORD\n");
        return 2;
    }
    const char *certs = argv[2], *keys = argv[3], *password = argv[4];
    const char *enc = path(0, keys, "enc.key"), *enc_rsa = path(1, keys, "enc-rsa.key");
    char wrong[64];
    snprintf(wrong, sizeof wrong, "%s-wrong", password);

    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    struct pw right = {"ctx", password}, bad = {"ctx-wrong", wrong}, giveup = {"ctx-giveup", NULL};

    /* No callback and no userdata yet: the getters' defaults. */
    printf("get_default_passwd_cb NULL %d, userdata NULL %d\n",
           SSL_CTX_get_default_passwd_cb(ctx) == NULL,
           SSL_CTX_get_default_passwd_cb_userdata(ctx) == NULL);

    SSL_CTX_set_default_passwd_cb(ctx, callback);
    SSL_CTX_set_default_passwd_cb_userdata(ctx, &bad);
    report("ctx wrong password", SSL_CTX_use_PrivateKey_file(ctx, enc, SSL_FILETYPE_PEM), &bad);

    SSL_CTX_set_default_passwd_cb_userdata(ctx, &giveup);
    report("ctx callback gives up", SSL_CTX_use_PrivateKey_file(ctx, enc, SSL_FILETYPE_PEM),
           &giveup);

    SSL_CTX_set_default_passwd_cb_userdata(ctx, &right);
    report("ctx right password", SSL_CTX_use_PrivateKey_file(ctx, enc, SSL_FILETYPE_PEM), &right);
    printf("ctx get0_privatekey set %d, userdata is ours %d\n",
           SSL_CTX_get0_privatekey(ctx) != NULL,
           SSL_CTX_get_default_passwd_cb_userdata(ctx) == &right);

    struct pw rsa = {"ctx-rsa", password};
    SSL_CTX_set_default_passwd_cb_userdata(ctx, &rsa);
    report("ctx traditional RSA key", SSL_CTX_use_PrivateKey_file(ctx, enc_rsa, SSL_FILETYPE_PEM),
           &rsa);

    struct pw unused = {"ctx-unused", password};
    SSL_CTX_set_default_passwd_cb_userdata(ctx, &unused);
    report("ctx unencrypted key",
           SSL_CTX_use_PrivateKey_file(ctx, path(2, certs, "server.key"), SSL_FILETYPE_PEM),
           &unused);
    report("ctx DER key",
           SSL_CTX_use_PrivateKey_file(ctx, path(2, keys, "plain.der"), SSL_FILETYPE_ASN1),
           &unused);
    report("ctx missing file",
           SSL_CTX_use_PrivateKey_file(ctx, path(2, keys, "missing.key"), SSL_FILETYPE_PEM),
           &unused);

    /* libcrypto's default callback (none set): the userdata is the password. */
    SSL_CTX *dflt = SSL_CTX_new(TLS_server_method());
    SSL_CTX_set_default_passwd_cb_userdata(dflt, (void *)password);
    report("default callback, userdata password",
           SSL_CTX_use_PrivateKey_file(dflt, enc, SSL_FILETYPE_PEM), NULL);
    SSL_CTX_set_default_passwd_cb_userdata(dflt, wrong);
    report("default callback, userdata wrong password",
           SSL_CTX_use_PrivateKey_file(dflt, enc, SSL_FILETYPE_PEM), NULL);
    SSL_CTX_free(dflt);

    /* A connection inherits the context's callback at SSL_new ... */
    struct pw inherited = {"inherited", password};
    SSL_CTX_set_default_passwd_cb_userdata(ctx, &inherited);
    SSL *ssl = SSL_new(ctx);
    report("ssl inherited callback", SSL_use_PrivateKey_file(ssl, enc, SSL_FILETYPE_PEM),
           &inherited);
    /* ... and has its own. */
    struct pw own_bad = {"ssl-wrong", wrong}, own = {"ssl", password};
    SSL_set_default_passwd_cb(ssl, callback);
    SSL_set_default_passwd_cb_userdata(ssl, &own_bad);
    report("ssl wrong password", SSL_use_PrivateKey_file(ssl, enc, SSL_FILETYPE_PEM), &own_bad);
    SSL_set_default_passwd_cb_userdata(ssl, &own);
    report("ssl right password", SSL_use_PrivateKey_file(ssl, enc, SSL_FILETYPE_PEM), &own);
    printf("last callback %s; ssl get_default_passwd_cb_userdata is ours %d\n",
           last_called ? last_called->name : "none",
           SSL_get_default_passwd_cb_userdata(ssl) == &own);
    SSL_free(ssl);

    /* SSL_CONF's PrivateKey runs SSL_CTX_use_PrivateKey_file. */
    struct pw conf_bad = {"conf-wrong", wrong}, conf = {"conf", password};
    SSL_CONF_CTX *cctx = SSL_CONF_CTX_new();
    SSL_CONF_CTX_set_flags(cctx, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER |
                                     SSL_CONF_FLAG_CERTIFICATE | SSL_CONF_FLAG_SHOW_ERRORS);
    SSL_CONF_CTX_set_ssl_ctx(cctx, ctx);
    SSL_CTX_set_default_passwd_cb_userdata(ctx, &conf_bad);
    report("SSL_CONF PrivateKey, wrong password", SSL_CONF_cmd(cctx, "PrivateKey", enc), &conf_bad);
    SSL_CTX_set_default_passwd_cb_userdata(ctx, &conf);
    report("SSL_CONF PrivateKey", SSL_CONF_cmd(cctx, "PrivateKey", enc), &conf);
    SSL_CONF_CTX_free(cctx);

    /* Serve with the certificate and the decrypted key. */
    SSL_CTX_set_default_passwd_cb_userdata(ctx, &right);
    printf("use_certificate_chain_file %d\n",
           SSL_CTX_use_certificate_chain_file(ctx, path(2, certs, "server-chain.pem")));
    report("ctx key for serving", SSL_CTX_use_PrivateKey_file(ctx, enc, SSL_FILETYPE_PEM), &right);
    printf("check_private_key %d\n", SSL_CTX_check_private_key(ctx));
    print_errors();
    int rc = serve(atoi(argv[1]), ctx);
    SSL_CTX_free(ctx);
    return rc;
}
