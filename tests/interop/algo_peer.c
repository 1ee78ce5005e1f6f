/*
 * algo_peer.c - one TLS connection as client or server with the protocol
 * and algorithm controls of libssl, printing what was negotiated; the peer
 * of tests/interop/algorithms.sh (openssl s_server/s_client on the other
 * side). Written against the OpenSSL 3 API only.
 *
 *   algo_peer -connect PORT | -accept   (server: port 0, prints "listening on N")
 *             [-cert F -key F]... [-CAfile F] [-verify]  (server: require a client cert)
 *             [-tls1_2 | -tls1_3] [-groups L] [-sigalgs L] [-ciphersuites L]
 *             [-cipher L] [-keylog]  (print keylog callback lines)
 *
 * Several -cert/-key pairs (of different key types) give one context
 * several certificates, each handshake presenting the one the peer's
 * signature algorithms allow.
 *
 * Prints "key: value" lines; exit 0 when the handshake and a one-line
 * exchange succeeded, 1 otherwise (the ERR queue on stderr).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

static int fail(const char *what)
{
    printf("failed: %s\n", what);
    fflush(stdout);
    ERR_print_errors_fp(stderr);
    return 1;
}

static void print_hex(const char *label, const unsigned char *p, size_t n)
{
    printf("%s: ", label);
    for (size_t i = 0; i < n; i++)
        printf("%02x", p[i]);
    printf("\n");
}

static void keylog_cb(const SSL *ssl, const char *line)
{
    (void)ssl;
    printf("keylog: %s\n", line);
}

int main(int argc, char **argv)
{
    const char *certs[4] = {NULL}, *keys[4] = {NULL}, *cafile = "tests/certs/ca.pem";
    int ncerts = 0, nkeys = 0;
    const char *groups = NULL, *sigalgs = NULL, *suites = NULL, *cipher = NULL;
    int port = -1, server = 0, version = 0, verify = 0, keylog = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-connect") && v)
            port = atoi(v), i++;
        else if (!strcmp(a, "-accept"))
            server = 1, port = 0;
        else if (!strcmp(a, "-cert") && v && ncerts < 4)
            certs[ncerts++] = v, i++;
        else if (!strcmp(a, "-key") && v && nkeys < 4)
            keys[nkeys++] = v, i++;
        else if (!strcmp(a, "-CAfile") && v)
            cafile = v, i++;
        else if (!strcmp(a, "-groups") && v)
            groups = v, i++;
        else if (!strcmp(a, "-sigalgs") && v)
            sigalgs = v, i++;
        else if (!strcmp(a, "-ciphersuites") && v)
            suites = v, i++;
        else if (!strcmp(a, "-cipher") && v)
            cipher = v, i++;
        else if (!strcmp(a, "-tls1_2"))
            version = TLS1_2_VERSION;
        else if (!strcmp(a, "-tls1_3"))
            version = TLS1_3_VERSION;
        else if (!strcmp(a, "-verify"))
            verify = 1;
        else if (!strcmp(a, "-keylog"))
            keylog = 1;
        else {
            fprintf(stderr, "algo_peer: bad argument %s\n", a);
            return 2;
        }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (port < 0)
        return fail("-connect PORT or -accept");

    SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    if (ctx == NULL)
        return fail("SSL_CTX_new");
    if (version && (SSL_CTX_set_min_proto_version(ctx, version) != 1 ||
                    SSL_CTX_set_max_proto_version(ctx, version) != 1))
        return fail("protocol version");
    if (groups && SSL_CTX_set1_groups_list(ctx, groups) != 1)
        return fail("SSL_CTX_set1_groups_list");
    if (sigalgs && SSL_CTX_set1_sigalgs_list(ctx, sigalgs) != 1)
        return fail("SSL_CTX_set1_sigalgs_list");
    if (suites && SSL_CTX_set_ciphersuites(ctx, suites) != 1)
        return fail("SSL_CTX_set_ciphersuites");
    if (cipher && SSL_CTX_set_cipher_list(ctx, cipher) != 1)
        return fail("SSL_CTX_set_cipher_list");
    if (ncerts != nkeys)
        return fail("as many -key as -cert");
    for (int i = 0; i < ncerts; i++)
        if (SSL_CTX_use_certificate_chain_file(ctx, certs[i]) != 1 ||
            SSL_CTX_use_PrivateKey_file(ctx, keys[i], SSL_FILETYPE_PEM) != 1)
            return fail("certificate");
    if (SSL_CTX_load_verify_locations(ctx, cafile, NULL) != 1)
        return fail("SSL_CTX_load_verify_locations");
    if (!server || verify)
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    if (keylog)
        SSL_CTX_set_keylog_callback(ctx, keylog_cb);

    struct sockaddr_in sa;
    socklen_t salen = sizeof sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons((unsigned short)port);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return fail("socket");
    if (server) {
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 1) != 0 ||
            getsockname(fd, (struct sockaddr *)&sa, &salen) != 0)
            return fail("listen");
        printf("listening on %d\n", ntohs(sa.sin_port));
        int c = accept(fd, NULL, NULL);
        if (c < 0)
            return fail("accept");
        close(fd);
        fd = c;
    } else if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        return fail("connect");
    }

    SSL *ssl = SSL_new(ctx);
    if (ssl == NULL)
        return fail("SSL_new");
    SSL_set_fd(ssl, fd);
    if (!server) {
        SSL_set_tlsext_host_name(ssl, "localhost");
        SSL_set1_host(ssl, "localhost");
    }
    int r = server ? SSL_accept(ssl) : SSL_connect(ssl);
    printf("state: %s\n", SSL_state_string_long(ssl));
    if (r != 1)
        return fail("handshake");

    unsigned char buf[64];
    int nid = 0;
    printf("version: %s\n", SSL_get_version(ssl));
    printf("cipher: %s\n", SSL_get_cipher_name(ssl));
    printf("group: %ld\n", SSL_get_negotiated_group(ssl));
    if (SSL_get_peer_signature_nid(ssl, &nid) == 1)
        printf("peer signature digest: %d\n", nid);
    if (SSL_get_peer_signature_type_nid(ssl, &nid) == 1)
        printf("peer signature type: %d\n", nid);
    if (SSL_get_signature_nid(ssl, &nid) == 1)
        printf("own signature digest: %d\n", nid);
    if (SSL_get_signature_type_nid(ssl, &nid) == 1)
        printf("own signature type: %d\n", nid);
    SSL_get_client_random(ssl, buf, 32);
    print_hex("client random", buf, 32);
    SSL_get_server_random(ssl, buf, 32);
    print_hex("server random", buf, 32);
    if (SSL_export_keying_material(ssl, buf, 32, "EXPERIMENTAL-interop", 20, NULL, 0, 0) == 1)
        print_hex("exported", buf, 32);
    if (server) {
        char shared[1024];
        if (SSL_get_shared_ciphers(ssl, shared, sizeof shared) != NULL)
            printf("shared ciphers: %s\n", shared);
    }

    /* One line each way: the client speaks first, the server echoes. */
    char line[256];
    if (server) {
        int n = SSL_read(ssl, line, sizeof line - 1);
        if (n <= 0)
            return fail("SSL_read");
        line[n] = '\0';
        printf("received: %s", line);
        if (SSL_write(ssl, line, n) != n)
            return fail("SSL_write");
    } else {
        const char *msg = "hello from algo_peer\n";
        if (SSL_write(ssl, msg, (int)strlen(msg)) <= 0)
            return fail("SSL_write");
        int n = SSL_read(ssl, line, sizeof line - 1);
        if (n > 0) {
            line[n] = '\0';
            printf("received: %s", line);
        }
    }
    SSL_shutdown(ssl);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
    return 0;
}
