/*
 * Certificate verification outcomes, in-process over memory BIOs.
 *
 * Every failure case runs under SSL_VERIFY_PEER (handshake fails with
 * SSL_ERROR_SSL / SSL_R_CERTIFICATE_VERIFY_FAILED, the client sends an alert
 * the server reports as SSL_R_TLSV1_ALERT_* = 1000 + alert) and under
 * SSL_VERIFY_NONE (handshake succeeds, SSL_get_verify_result still reports).
 */
#include "common.h"

/* The client's trust store: the root as a file or hashed directory, or
 * only the intermediate (no anchor without X509_V_FLAG_PARTIAL_CHAIN). */
enum { CA_FILE, CA_DIR, CA_INTERMEDIATE };

typedef struct {
    const char *name;
    const char *chain, *key;
    const char *host;     /* SSL_set1_host, or NULL */
    const char *add_host; /* SSL_add1_host, or NULL */
    const char *sni;      /* SSL_set_tlsext_host_name, or NULL */
    int ca;               /* CA_FILE or CA_DIR */
    int tls12;            /* client limited to TLS 1.2 */
} vcase_t;

static void run_case(const vcase_t *vc, int mode)
{
    pair_t p = {0};
    SSL_CTX *sctx = server_ctx(vc->chain, vc->key);
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    int rc_c, e_c, rc_s, e_s;
    CHECK(cctx != NULL);
    if (vc->ca == CA_FILE)
        CHECK(SSL_CTX_load_verify_locations(cctx, cert("ca.pem"), NULL) == 1);
    else if (vc->ca == CA_INTERMEDIATE)
        CHECK(SSL_CTX_load_verify_locations(cctx, cert("intermediate.pem"), NULL) == 1);
    else
        CHECK(SSL_CTX_load_verify_locations(cctx, NULL, cert("cadir")) == 1);
    SSL_CTX_set_verify(cctx, mode, NULL);
    CHECK(SSL_CTX_get_verify_mode(cctx) == mode);
    if (vc->tls12)
        CHECK(SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION) == 1);

    printf("== %s %s\n", vc->name, mode == SSL_VERIFY_NONE ? "VERIFY_NONE" : "VERIFY_PEER");
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    CHECK(p.c && p.s);
    if (vc->host)
        CHECK(SSL_set1_host(p.c, vc->host) == 1);
    if (vc->add_host)
        CHECK(SSL_add1_host(p.c, vc->add_host) == 1);
    if (vc->sni)
        CHECK(SSL_set_tlsext_host_name(p.c, vc->sni) == 1);
    pair_attach_mem(&p);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);

    long vr = SSL_get_verify_result(p.c);
    printf("client connect %d %s\n", rc_c, err_name(e_c));
    print_error_code("client", p.err_c);
    printf("client verify_result %ld (%s)\n", vr, X509_verify_cert_error_string(vr));
    X509 *peer = SSL_get1_peer_certificate(p.c);
    printf("client peer cert present %d\n", peer != NULL);
    X509_free(peer);
    printf("server accept %d %s\n", rc_s, err_name(e_s));
    print_error_code("server", p.err_s);
    if (rc_c == 1 && vc->tls12)
        printf("version %s\n", SSL_get_version(p.c));
    if (rc_c == 1) {
        /* the connection works: one message each way */
        char buf[16];
        CHECK(SSL_write(p.c, "ping", 4) == 4);
        pair_move(&p);
        CHECK(SSL_read(p.s, buf, sizeof buf) == 4 && memcmp(buf, "ping", 4) == 0);
        CHECK(SSL_write(p.s, "pong", 4) == 4);
        pair_move(&p);
        CHECK(SSL_read(p.c, buf, sizeof buf) == 4 && memcmp(buf, "pong", 4) == 0);
        printf("data exchange ok\n");
    }
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* Details of the error queue for one typical failure. */
static void error_strings(void)
{
    pair_t p = {0};
    SSL_CTX *sctx = server_ctx("untrusted.pem", "untrusted.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    int rc_c, e_c, rc_s, e_s;
    char buf[256];
    printf("== error strings\n");
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    pair_attach_mem(&p);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    CHECK(rc_c != 1);
    unsigned long e = p.err_c;
    printf("lib %d reason %d\n", ERR_GET_LIB(e), ERR_GET_REASON(e));
    printf("error_string %s\n", ERR_error_string(e, NULL));
    ERR_error_string_n(e, buf, 20);
    printf("error_string_n(20) %s\n", buf);
    printf("reason_error_string %s\n", ERR_reason_error_string(e));
    printf("lib_error_string %s\n", ERR_lib_error_string(e));
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* SSL_set1_host/SSL_add1_host with addresses, as OpenSSL 3: a name set
 * leaves the address set before (then checked too); a second address
 * added fails, queueing nothing. */
static void host_calls(void)
{
    pair_t p;
    int rc_c, e_c, rc_s, e_s;
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_NONE);
    printf("== host calls\n");
    pair_new_mem(&p, cctx, sctx);
    printf("set1_host 127.0.0.2 %d\n", SSL_set1_host(p.c, "127.0.0.2"));
    printf("add1_host ::1 %d queue %lu\n", SSL_add1_host(p.c, "::1"), ERR_peek_error());
    printf("set1_host localhost %d\n", SSL_set1_host(p.c, "localhost"));
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    printf("connect %d verify_result %ld\n", rc_c, SSL_get_verify_result(p.c));
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* A verify callback that accepts everything and prints each call (Node's
 * servers and clients verify so, and read the result afterwards). */
static int print_accept_cb(int ok, X509_STORE_CTX *x)
{
    printf("  verify cb ok=%d depth=%d err=%d\n", ok, X509_STORE_CTX_get_error_depth(x),
           X509_STORE_CTX_get_error(x));
    return 1;
}

/* `leaf` verified by a peer with print_accept_cb: by the client (leaf is
 * the server's) or by the server (leaf is the client's certificate). */
static void accept_all(const char *label, const char *leaf, const char *key, int server_verifies)
{
    pair_t p = {0};
    int rc_c, e_c, rc_s, e_s;
    SSL_CTX *sctx = server_ctx(server_verifies ? "server-chain.pem" : leaf,
                               server_verifies ? "server.key" : key);
    SSL_CTX *cctx = client_ctx(server_verifies ? SSL_VERIFY_NONE : SSL_VERIFY_PEER);
    if (server_verifies) {
        CHECK(SSL_CTX_load_verify_locations(sctx, cert("ca.pem"), NULL) == 1);
        SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER, print_accept_cb);
        CHECK(SSL_CTX_use_certificate_file(cctx, cert(leaf), SSL_FILETYPE_PEM) == 1);
        CHECK(SSL_CTX_use_PrivateKey_file(cctx, cert(key), SSL_FILETYPE_PEM) == 1);
    } else {
        SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, print_accept_cb);
    }
    printf("== accept-all callback, %s, verified by the %s\n", label,
           server_verifies ? "server" : "client");
    pair_new_mem(&p, cctx, sctx);
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    printf("connect %d accept %d verify_result %ld\n", rc_c, rc_s,
           SSL_get_verify_result(server_verifies ? p.s : p.c));
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    static const vcase_t cases[] = {
        {"ok cafile set1_host", "server-chain.pem", "server.key", "localhost", NULL, "localhost", CA_FILE},
        {"ok cadir", "server-chain.pem", "server.key", NULL, NULL, NULL, CA_DIR},
        {"ok ip set1_host", "server-chain.pem", "server.key", "127.0.0.1", NULL, NULL, CA_FILE},
        {"ok add1_host", "server-chain.pem", "server.key", "other.example", "localhost", NULL, CA_FILE},
        /* An address and names are checked apart (both must match), as
         * SSL_set1_host/SSL_add1_host keep them in OpenSSL 3. */
        {"ok address, then a name", "server-chain.pem", "server.key", "127.0.0.1", "localhost", NULL, CA_FILE},
        {"a name, then an address not in the cert", "server-chain.pem", "server.key", "localhost", "127.0.0.2", NULL, CA_FILE},
        {"an address, then a name not in the cert", "server-chain.pem", "server.key", "127.0.0.1", "other.example", NULL, CA_FILE},
        {"ok rsa cadir", "server-rsa-chain.pem", "server-rsa.key", "localhost", NULL, "localhost", CA_DIR},
        {"untrusted issuer", "untrusted.pem", "untrusted.key", NULL, NULL, NULL, CA_FILE},
        {"issuer name known, key not", "impostor.pem", "impostor.key", NULL, NULL, NULL, CA_FILE},
        {"self-signed", "selfsigned.pem", "selfsigned.key", NULL, NULL, NULL, CA_FILE},
        /* Self-signed CA certificates as the server's own, trusted by
         * nobody: the chain stops at depth 0 (18); the CA flag of a leaf
         * is no purpose failure for OpenSSL (webpki refuses it), a
         * keyUsage for signing certificates only is. */
        {"self-signed CA certificate, untrusted", "selfsigned-ca.pem", "selfsigned-ca.key", NULL, NULL, NULL, CA_FILE},
        {"self-signed CA certificate for signing certificates only", "untrusted-ca.pem", "untrusted-ca.key", NULL, NULL, NULL, CA_FILE},
        /* A CA certificate issued by the root as the server's own:
         * OpenSSL verifies it (signature, dates, names) as any leaf. */
        {"CA certificate from the root", "ca-leaf.pem", "ca-leaf.key", "localhost", NULL, "localhost", CA_FILE},
        {"CA certificate from the root, TLS 1.2", "ca-leaf.pem", "ca-leaf.key", "localhost", NULL, NULL, CA_FILE, 1},
        {"CA certificate from the root, host mismatch", "ca-leaf.pem", "ca-leaf.key", "other.example", NULL, NULL, CA_FILE},
        {"CA certificate from the root, untrusted root", "ca-leaf.pem", "ca-leaf.key", NULL, NULL, NULL, CA_INTERMEDIATE},
        {"expired", "expired.pem", "expired.key", NULL, NULL, NULL, CA_FILE},
        {"not yet valid", "notyet.pem", "notyet.key", NULL, NULL, NULL, CA_FILE},
        {"hostname mismatch", "wrong-host-chain.pem", "wrong-host.key", "localhost", NULL, "localhost", CA_FILE},
        {"sni only, no hostname check", "wrong-host-chain.pem", "wrong-host.key", NULL, NULL, "localhost", CA_FILE},
        {"missing intermediate", "server.pem", "server.key", NULL, NULL, NULL, CA_FILE},
        /* X.509 v1 leaves (`openssl x509 -req` without -extfile), which
         * webpki refuses: OpenSSL's missing issuer comes first (nghttpx
         * logged "unspecified" for such a client); issued by the root,
         * they verify, their names checked from the CN, and the
         * handshake's signature (TLS 1.3 CertificateVerify, TLS 1.2
         * ServerKeyExchange) is checked with their key. */
        {"v1 leaf, missing intermediate", "v1.pem", "v1.key", NULL, NULL, NULL, CA_FILE},
        {"v1 leaf under an intermediate", "v1.pem", "v1.key", NULL, NULL, NULL, CA_INTERMEDIATE},
        {"v1 leaf from the root", "v1-root.pem", "v1-root.key", "localhost", NULL, "localhost", CA_FILE},
        {"v1 leaf from the root, cadir", "v1-root.pem", "v1-root.key", NULL, NULL, NULL, CA_DIR},
        {"v1 leaf, TLS 1.2", "v1-root.pem", "v1-root.key", "localhost", NULL, NULL, CA_FILE, 1},
        {"v1 RSA leaf", "v1-rsa.pem", "v1-rsa.key", "localhost", NULL, NULL, CA_FILE},
        {"v1 RSA leaf, TLS 1.2", "v1-rsa.pem", "v1-rsa.key", NULL, NULL, NULL, CA_FILE, 1},
        {"v1 leaf, host mismatch", "v1-root.pem", "v1-root.key", "other.example", NULL, NULL, CA_FILE},
        {"v1 leaf, IP not in a v1 cert", "v1-root.pem", "v1-root.key", "127.0.0.1", NULL, NULL, CA_FILE},
        {"v1 leaf signed by another key", "v1-forged.pem", "v1-forged.key", NULL, NULL, NULL, CA_FILE},
        {"v1 leaf, untrusted root", "v1-root.pem", "v1-root.key", NULL, NULL, NULL, CA_INTERMEDIATE},
        {"intermediate as the only anchor", "server-chain.pem", "server.key", NULL, NULL, NULL, CA_INTERMEDIATE},
        {"host in the CN only", "cn-only-chain.pem", "cn-only.key", "localhost", NULL, "localhost", CA_FILE},
        {"host in the CN only, mismatch", "cn-only-chain.pem", "cn-only.key", "other.example", NULL, NULL, CA_FILE},
        {"CN not read when DNS names exist", "wrong-host-chain.pem", "wrong-host.key", "sslshim", NULL, NULL, CA_FILE},
    };
    test_init(argc, argv);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_case(&cases[i], SSL_VERIFY_PEER);
        run_case(&cases[i], SSL_VERIFY_NONE);
    }
    for (int by_server = 0; by_server < 2; by_server++) {
        accept_all("self-signed CA certificate", "selfsigned-ca.pem", "selfsigned-ca.key", by_server);
        accept_all("CA certificate for signing certificates only", "untrusted-ca.pem", "untrusted-ca.key",
                   by_server);
        accept_all("self-signed leaf", "selfsigned.pem", "selfsigned.key", by_server);
        accept_all("CA certificate from the root", "ca-leaf.pem", "ca-leaf.key", by_server);
    }
    error_strings();
    host_calls();
    return 0;
}
