/*
 * The libcrypto X509_VERIFY_PARAM and X509_STORE of a context and a
 * connection, as a program sees and uses them: a client (system headers,
 * -lssl -lcrypto) runs one case per connection to a server (openssl
 * s_server on the real libssl, leaf + intermediate, root not sent) and
 * prints what OpenSSL's libssl gives; run on the real libssl (the oracle)
 * and on the drop-in library, the outputs must be equal.
 * A second server (CN_PORT) has a leaf naming its host in the subject's
 * CN only (no subjectAltName), for OpenSSL's CN fallback.
 *   verify_param PORT CN_PORT CERTDIR
 */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <string.h>

#include "dial.h"

static int port, san_port, cn_port;
static char ca[512], inter[512], cas[512], cadir[512], missing[512], leaf[512];

/* The queue, reason strings only (no file:line), then emptied. */
static void print_errors(void)
{
    unsigned long e;
    char buf[256];
    while ((e = ERR_get_error()) != 0) {
        ERR_error_string_n(e, buf, sizeof buf);
        printf("  error %s\n", buf);
    }
}

static int store_count(SSL_CTX *ctx)
{
    return sk_X509_OBJECT_num(X509_STORE_get0_objects(SSL_CTX_get_cert_store(ctx)));
}

/* One verifying handshake; prints its outcome. */
static void handshake(const char *name, SSL_CTX *ctx, SSL *ssl)
{
    int fd = dial(port);
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, "localhost");
    int r = SSL_connect(ssl);
    printf("%s: connect %s, verify result %ld (%s), SSL_get_verify_depth %d, "
           "SSL_CTX_get_verify_depth %d\n",
           name, r == 1 ? "ok" : "failed", SSL_get_verify_result(ssl),
           X509_verify_cert_error_string(SSL_get_verify_result(ssl)),
           SSL_get_verify_depth(ssl), SSL_CTX_get_verify_depth(ctx));
    ERR_clear_error();
    if (r == 1)
        SSL_shutdown(ssl);
    SSL_free(ssl);
    close(fd);
}

static SSL_CTX *client(const char *anchors)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    if (anchors)
        printf("load_verify_locations(%s) %d\n", strrchr(anchors, '/') + 1,
               SSL_CTX_load_verify_locations(ctx, anchors, NULL));
    return ctx;
}

/* Depth set on the context's parameters. */
static void ctx_depth(int depth)
{
    char name[64];
    SSL_CTX *ctx = client(ca);
    X509_VERIFY_PARAM_set_depth(SSL_CTX_get0_param(ctx), depth);
    snprintf(name, sizeof name, "ctx param depth %d", depth);
    handshake(name, ctx, SSL_new(ctx));
    SSL_CTX_free(ctx);
}

/* The connection's parameters' names and address as the program reads
 * them back. */
static void show_names(const char *what, SSL *ssl)
{
    X509_VERIFY_PARAM *pm = SSL_get0_param(ssl);
    const char *h0 = X509_VERIFY_PARAM_get0_host(pm, 0);
    const char *h1 = X509_VERIFY_PARAM_get0_host(pm, 1);
    char *ip = X509_VERIFY_PARAM_get1_ip_asc(pm);
    printf("%s: hosts %s %s, ip %s\n", what, h0 ? h0 : "(none)", h1 ? h1 : "(none)",
           ip ? ip : "(none)");
    OPENSSL_free(ip);
    ERR_clear_error(); /* get1_ip_asc without an address queues an error */
}

/* SSL_set1_host/SSL_add1_host with IP address literals, as OpenSSL 3
 * takes them: an address is the parameters' one address (set1 clears the
 * names; a second add1 of an address fails), a name leaves the address;
 * a name set through X509_VERIFY_PARAM_set1_host stays a DNS name even
 * when it reads as an address. Each setting then verifies the server
 * (localhost, 127.0.0.1). */
static void host_and_address(void)
{
    SSL_CTX *ctx = client(ca);
    SSL *ssl = SSL_new(ctx);
    printf("set1_host 127.0.0.1 -> %d\n", SSL_set1_host(ssl, "127.0.0.1"));
    show_names("  after", ssl);
    printf("add1_host localhost -> %d\n", SSL_add1_host(ssl, "localhost"));
    printf("add1_host ::1 -> %d, queue %lu\n", SSL_add1_host(ssl, "::1"), ERR_peek_error());
    show_names("  after", ssl);
    handshake("address and name", ctx, ssl);

    ssl = SSL_new(ctx);
    SSL_set1_host(ssl, "127.0.0.2");
    printf("set1_host localhost -> %d\n", SSL_set1_host(ssl, "localhost"));
    show_names("  after", ssl);
    handshake("name kept, another address", ctx, ssl);

    ssl = SSL_new(ctx);
    SSL_set1_host(ssl, "localhost");
    printf("set1_host NULL -> %d\n", SSL_set1_host(ssl, NULL));
    SSL_add1_host(ssl, "127.0.0.1");
    show_names("  after", ssl);
    handshake("names cleared, the address", ctx, ssl);

    ssl = SSL_new(ctx);
    X509_VERIFY_PARAM_set1_host(SSL_get0_param(ssl), "127.0.0.1", 0);
    show_names("param set1_host 127.0.0.1", ssl);
    handshake("an address as a DNS name", ctx, ssl);
    SSL_CTX_free(ctx);
}

int main(int argc, char **argv)
{
    if (argc != 4)
        return 2;
    port = san_port = atoi(argv[1]);
    cn_port = atoi(argv[2]);
    snprintf(ca, sizeof ca, "%s/ca.pem", argv[3]);
    snprintf(inter, sizeof inter, "%s/intermediate.pem", argv[3]);
    snprintf(cas, sizeof cas, "%s/server-chain.pem", argv[3]);
    snprintf(cadir, sizeof cadir, "%s/cadir", argv[3]);
    snprintf(missing, sizeof missing, "%s/no-such.pem", argv[3]);
    snprintf(leaf, sizeof leaf, "%s/server.pem", argv[3]);
    SSL_CTX *ctx;
    SSL *ssl;

    host_and_address();

    /* Defaults: -1 in both views. */
    ctx = client(ca);
    printf("default depth: ctx %d param %d\n", SSL_CTX_get_verify_depth(ctx),
           X509_VERIFY_PARAM_get_depth(SSL_CTX_get0_param(ctx)));
    handshake("default depth", ctx, SSL_new(ctx));
    SSL_CTX_free(ctx);

    /* Through the context's parameters: the chain has one intermediate. */
    ctx_depth(0);
    ctx_depth(1);
    ctx_depth(2);

    /* SSL_CTX_set_verify_depth is the parameters' depth, and the reverse. */
    ctx = client(ca);
    SSL_CTX_set_verify_depth(ctx, 0);
    printf("SSL_CTX_set_verify_depth 0: param depth %d\n",
           X509_VERIFY_PARAM_get_depth(SSL_CTX_get0_param(ctx)));
    X509_VERIFY_PARAM_set_depth(SSL_CTX_get0_param(ctx), 5);
    printf("param depth 5: SSL_CTX_get_verify_depth %d\n", SSL_CTX_get_verify_depth(ctx));
    SSL_CTX_set_verify_depth(ctx, 0);
    ssl = SSL_new(ctx);
    printf("SSL_new: SSL_get_verify_depth %d, its param %d\n", SSL_get_verify_depth(ssl),
           X509_VERIFY_PARAM_get_depth(SSL_get0_param(ssl)));
    handshake("SSL_CTX_set_verify_depth 0", ctx, ssl);

    /* Through the connection's parameters, after SSL_new. */
    ssl = SSL_new(ctx);
    X509_VERIFY_PARAM_set_depth(SSL_get0_param(ssl), 2);
    handshake("ssl param depth 2 over ctx 0", ctx, ssl);
    SSL_CTX_free(ctx);
    ctx = client(ca);
    ssl = SSL_new(ctx);
    X509_VERIFY_PARAM_set_depth(SSL_get0_param(ssl), 0);
    handshake("ssl param depth 0", ctx, ssl);
    ssl = SSL_new(ctx);
    SSL_set_verify_depth(ssl, 0);
    printf("SSL_set_verify_depth 0: its param %d\n",
           X509_VERIFY_PARAM_get_depth(SSL_get0_param(ssl)));
    handshake("SSL_set_verify_depth 0", ctx, ssl);
    SSL_CTX_free(ctx);

    /* Only the intermediate trusted: no anchor without
     * X509_V_FLAG_PARTIAL_CHAIN, which may be set on the context's
     * parameters, the connection's, or the store's. */
    ctx = client(inter);
    handshake("intermediate as anchor, no partial chain", ctx, SSL_new(ctx));
    ssl = SSL_new(ctx);
    X509_VERIFY_PARAM_set_flags(SSL_get0_param(ssl), X509_V_FLAG_PARTIAL_CHAIN);
    handshake("partial chain on the connection", ctx, ssl);
    X509_STORE_set_flags(SSL_CTX_get_cert_store(ctx), X509_V_FLAG_PARTIAL_CHAIN);
    handshake("partial chain on the store", ctx, SSL_new(ctx));
    SSL_CTX_free(ctx);
    ctx = client(inter);
    X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(ctx), X509_V_FLAG_PARTIAL_CHAIN);
    handshake("partial chain, intermediate as anchor", ctx, SSL_new(ctx));
    SSL_CTX_free(ctx);

    /* Only the server's own certificate trusted: an anchor with
     * X509_V_FLAG_PARTIAL_CHAIN (IO::Socket::SSL's fingerprint pinning). */
    ctx = client(leaf);
    handshake("leaf as anchor, no partial chain", ctx, SSL_new(ctx));
    X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(ctx), X509_V_FLAG_PARTIAL_CHAIN);
    handshake("leaf as anchor, partial chain", ctx, SSL_new(ctx));
    ssl = SSL_new(ctx);
    SSL_set1_host(ssl, "other.example");
    handshake("leaf as anchor, partial chain, other host", ctx, ssl);
    SSL_CTX_free(ctx);

    /* SSL_set1_host/SSL_add1_host are the connection's parameters' host
     * names, as a program reads them back, and clearing those clears them. */
    ctx = client(ca);
    ssl = SSL_new(ctx);
    SSL_set1_host(ssl, "other.example");
    SSL_add1_host(ssl, "localhost");
    const char *h0 = X509_VERIFY_PARAM_get0_host(SSL_get0_param(ssl), 0);
    const char *h1 = X509_VERIFY_PARAM_get0_host(SSL_get0_param(ssl), 1);
    printf("SSL_set1_host + SSL_add1_host: parameters' hosts %s %s\n", h0 ? h0 : "(none)",
           h1 ? h1 : "(none)");
    handshake("SSL_add1_host localhost after other.example", ctx, ssl);
    ssl = SSL_new(ctx);
    SSL_set1_host(ssl, "other.example");
    X509_VERIFY_PARAM_set1_host(SSL_get0_param(ssl), NULL, 0);
    handshake("SSL_set1_host cleared through the parameters", ctx, ssl);
    SSL_CTX_free(ctx);

    /* The context's store's own parameters (X509_STORE_set1_param, as
     * Net::SSLeay's tests set them): OpenSSL's verification starts from
     * them and lays the connection's over them. */
    X509_VERIFY_PARAM *pm = X509_VERIFY_PARAM_new();
    X509_VERIFY_PARAM_set1_host(pm, "other.example", 0);
    ctx = client(ca);
    X509_STORE_set1_param(SSL_CTX_get_cert_store(ctx), pm);
    handshake("store param host other.example", ctx, SSL_new(ctx));
    ssl = SSL_new(ctx);
    SSL_set1_host(ssl, "localhost");
    handshake("store param host other.example, SSL_set1_host localhost", ctx, ssl);
    ssl = SSL_new(ctx);
    X509_VERIFY_PARAM_set1_host(SSL_get0_param(ssl), "localhost", 0);
    handshake("store param host other.example, connection param localhost", ctx, ssl);
    SSL_CTX_free(ctx);
    X509_VERIFY_PARAM_set1_host(pm, "localhost", 0);
    X509_VERIFY_PARAM_set_hostflags(pm, X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
    ctx = client(ca);
    X509_STORE_set1_param(SSL_CTX_get_cert_store(ctx), pm);
    handshake("store param host localhost", ctx, SSL_new(ctx));
    SSL_CTX_free(ctx);
    X509_VERIFY_PARAM_free(pm);
    pm = X509_VERIFY_PARAM_new();
    X509_VERIFY_PARAM_set_depth(pm, 0);
    ctx = client(ca);
    X509_STORE_set1_param(SSL_CTX_get_cert_store(ctx), pm);
    handshake("store param depth 0", ctx, SSL_new(ctx));
    ssl = SSL_new(ctx);
    SSL_set_verify_depth(ssl, 3);
    handshake("store param depth 0, connection depth 3", ctx, ssl);
    SSL_CTX_free(ctx);
    X509_VERIFY_PARAM_free(pm);

    /* A host named in the subject's CN only: OpenSSL falls back to the CN
     * unless told never to; a certificate with DNS names never does. */
    port = cn_port;
    ctx = client(ca);
    const struct {
        const char *name, *host;
        unsigned int flags;
    } cn_cases[] = {
        {"CN only, localhost", "localhost", 0},
        {"CN only, LOCALHOST", "LOCALHOST", 0},
        {"CN only, other.example", "other.example", 0},
        {"CN only, localhost, never check subject", "localhost",
         X509_CHECK_FLAG_NEVER_CHECK_SUBJECT},
        {"CN only, localhost, no wildcards", "localhost", X509_CHECK_FLAG_NO_WILDCARDS},
    };
    for (size_t i = 0; i < sizeof cn_cases / sizeof cn_cases[0]; i++) {
        ssl = SSL_new(ctx);
        X509_VERIFY_PARAM_set_hostflags(SSL_get0_param(ssl), cn_cases[i].flags);
        SSL_set1_host(ssl, cn_cases[i].host);
        handshake(cn_cases[i].name, ctx, ssl);
    }
    SSL_CTX_free(ctx);
    port = san_port;
    ctx = client(ca);
    ssl = SSL_new(ctx);
    X509_VERIFY_PARAM_set_hostflags(SSL_get0_param(ssl), X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT);
    SSL_set1_host(ssl, "localhost");
    handshake("SAN and CN, always check subject", ctx, ssl);
    SSL_CTX_free(ctx);

    /* Host flags with a host name, both on the connection's parameters. */
    ctx = client(ca);
    ssl = SSL_new(ctx);
    X509_VERIFY_PARAM_set_hostflags(SSL_get0_param(ssl), X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    X509_VERIFY_PARAM_set1_host(SSL_get0_param(ssl), "localhost", 0);
    handshake("no partial wildcards, localhost", ctx, ssl);
    ssl = SSL_new(ctx);
    X509_VERIFY_PARAM_set_hostflags(SSL_get0_param(ssl), X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    X509_VERIFY_PARAM_set1_host(SSL_get0_param(ssl), "other.example", 0);
    handshake("no partial wildcards, other.example", ctx, ssl);
    /* Flags sslshim does not apply (its trace says so); same outcome here. */
    ssl = SSL_new(ctx);
    X509_VERIFY_PARAM_set_flags(SSL_get0_param(ssl), X509_V_FLAG_X509_STRICT);
    X509_VERIFY_PARAM_set_hostflags(SSL_get0_param(ssl), X509_CHECK_FLAG_NO_WILDCARDS);
    X509_VERIFY_PARAM_set1_host(SSL_get0_param(ssl), "localhost", 0);
    handshake("strict, no wildcards, localhost", ctx, ssl);
    SSL_CTX_free(ctx);

    /* The store after the loading functions. */
    ctx = client(NULL);
    printf("empty store: %d objects\n", store_count(ctx));
    int n = SSL_CTX_load_verify_locations(ctx, ca, NULL);
    printf("load_verify_locations(ca.pem) %d: %d objects\n", n, store_count(ctx));
    n = SSL_CTX_load_verify_file(ctx, cas);
    printf("load_verify_file(server-chain.pem) %d: %d objects\n", n, store_count(ctx));
    handshake("after loading the store", ctx, SSL_new(ctx));
    ERR_clear_error();
    printf("load_verify_file(no-such.pem) %d\n", SSL_CTX_load_verify_file(ctx, missing));
    print_errors();
    printf("load_verify_locations(NULL, NULL) %d\n",
           SSL_CTX_load_verify_locations(ctx, NULL, NULL));
    ERR_clear_error();
    SSL_CTX_free(ctx);

    ctx = client(NULL);
    n = SSL_CTX_load_verify_dir(ctx, cadir);
    printf("load_verify_dir(cadir) %d: %d objects\n", n, store_count(ctx));
    handshake("CA directory", ctx, SSL_new(ctx));
    SSL_CTX_free(ctx);

    ctx = client(NULL);
    n = SSL_CTX_set_default_verify_paths(ctx);
    printf("set_default_verify_paths %d: objects %s\n", n,
           store_count(ctx) > 0 ? "> 0" : "none");
    handshake("default paths only", ctx, SSL_new(ctx));
    SSL_CTX_free(ctx);
    return 0;
}
