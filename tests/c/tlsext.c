/*
 * ClientHello-time features, client and server in one process over memory
 * BIOs: ALPN (both sides, select callback outcomes), server name callback
 * with SSL_set_SSL_CTX (virtual hosts), the client hello callback and its
 * accessors (including RETRY), OCSP stapling.
 */
#include "common.h"

static int calls;

static void print_alpn(const char *who, SSL *ssl)
{
    const unsigned char *p = NULL;
    unsigned int n = 0;
    SSL_get0_alpn_selected(ssl, &p, &n);
    printf("%s alpn %.*s (len %u)\n", who, (int)n, p ? (const char *)p : "", n);
}

/* The server's error line is not compared (a '#' line): a client whose
 * status callback failed (< 0) sends internal_error on OpenSSL and
 * handshake_failure on rustls, whose verifier cannot choose that alert. */
static int server_err_unknown;

static void handshake(pair_t *p, const char *label)
{
    int rc_c, err_c, rc_s, err_s;
    pair_drive(p, SSL_do_handshake, SSL_do_handshake, &rc_c, &err_c, &rc_s, &err_s);
    printf("%s: client %d %s, server %d %s\n", label, rc_c, err_name(err_c), rc_s,
           err_name(err_s));
    if (p->err_c)
        print_error_code("  client error", p->err_c);
    if (p->err_s)
        print_error_code(server_err_unknown ? "#  server error" : "  server error", p->err_s);
}

/* ---- ALPN ----------------------------------------------------------------- */

static const unsigned char server_protos[] = "\x08http/1.1\x06spdy/1";
static int alpn_mode; /* 0 select, 1 NOACK, 2 ALERT_FATAL */

static int alpn_cb(SSL *ssl, const unsigned char **out, unsigned char *outlen,
                   const unsigned char *in, unsigned int inlen, void *arg)
{
    calls++;
    CHECK(arg == (void *)&alpn_mode);
    printf("  alpn_cb offered %u bytes, first %.*s\n", inlen, in[0], in + 1);
    if (alpn_mode == 1)
        return SSL_TLSEXT_ERR_NOACK;
    if (alpn_mode == 2)
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    int r = SSL_select_next_proto((unsigned char **)out, outlen, server_protos,
                                  sizeof server_protos - 1, in, inlen);
    printf("  select_next_proto %d -> %.*s\n", r, *outlen, *out);
    return r == OPENSSL_NPN_NEGOTIATED ? SSL_TLSEXT_ERR_OK : SSL_TLSEXT_ERR_NOACK;
}

static void test_alpn(int max_version)
{
    const char *v = max_version == TLS1_2_VERSION ? "tls1.2" : "tls1.3";
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    if (max_version)
        CHECK(SSL_CTX_set_max_proto_version(cctx, max_version) == 1);
    static const unsigned char offer[] = "\x02h2\x08http/1.1";
    printf("set_alpn_protos ok %d\n", SSL_CTX_set_alpn_protos(cctx, offer, sizeof offer - 1));
    printf("set_alpn_protos bad %d\n", SSL_CTX_set_alpn_protos(cctx, (const unsigned char *)"\x05h2", 3));
    ERR_clear_error();

    pair_t p;
    /* No select callback: the server ignores ALPN. */
    pair_new_mem(&p, cctx, sctx);
    handshake(&p, v);
    print_alpn("  client", p.c);
    print_alpn("  server", p.s);
    pair_free(&p);

    SSL_CTX_set_alpn_select_cb(sctx, alpn_cb, &alpn_mode);
    for (alpn_mode = 0; alpn_mode < 3; alpn_mode++) {
        char label[64];
        snprintf(label, sizeof label, "%s alpn mode %d", v, alpn_mode);
        pair_new_mem(&p, cctx, sctx);
        calls = 0;
        handshake(&p, label);
        printf("  callback calls %d\n", calls);
        print_alpn("  client", p.c);
        print_alpn("  server", p.s);
        pair_free(&p);
    }

    /* SSL-level list replaces the context's; an empty one turns ALPN off. */
    alpn_mode = 0;
    pair_new_mem(&p, cctx, sctx);
    static const unsigned char only_spdy[] = "\x06spdy/1";
    printf("SSL_set_alpn_protos %d\n", SSL_set_alpn_protos(p.c, only_spdy, sizeof only_spdy - 1));
    calls = 0;
    handshake(&p, "ssl-level alpn");
    print_alpn("  client", p.c);
    pair_free(&p);
    pair_new_mem(&p, cctx, sctx);
    printf("SSL_set_alpn_protos empty %d\n", SSL_set_alpn_protos(p.c, NULL, 0));
    calls = 0;
    handshake(&p, "alpn off");
    printf("  callback calls %d\n", calls);
    print_alpn("  client", p.c);
    pair_free(&p);

    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* ---- SNI and virtual hosts ------------------------------------------------------ */

static SSL_CTX *vhost_ctx;
static int sni_mode; /* 0 switch on other.example, 1 fatal */

static int sni_cb(SSL *ssl, int *al, void *arg)
{
    calls++;
    const char *name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    printf("  sni_cb name %s type %d arg %s\n", name ? name : "(null)",
           SSL_get_servername_type(ssl), arg == (void *)&sni_mode ? "ok" : "wrong");
    if (sni_mode == 1) {
        *al = SSL_AD_UNRECOGNIZED_NAME;
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    if (name && strcmp(name, "other.example") == 0) {
        SSL_CTX *now = SSL_set_SSL_CTX(ssl, vhost_ctx);
        printf("  switched %d\n", now == vhost_ctx && SSL_get_SSL_CTX(ssl) == vhost_ctx);
    }
    return SSL_TLSEXT_ERR_OK;
}

static void test_sni(void)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    vhost_ctx = server_ctx("wrong-host-chain.pem", "wrong-host.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX_set_tlsext_servername_callback(sctx, sni_cb);
    SSL_CTX_set_tlsext_servername_arg(sctx, &sni_mode);
    const char *names[] = {"localhost", "other.example", NULL};
    pair_t p;
    for (int i = 0; i < 3; i++) {
        pair_new_mem(&p, cctx, sctx);
        if (names[i]) {
            CHECK(SSL_set_tlsext_host_name(p.c, names[i]) == 1);
            CHECK(SSL_set1_host(p.c, names[i]) == 1);
        }
        calls = 0;
        printf("sni %s\n", names[i] ? names[i] : "(none)");
        handshake(&p, "  handshake");
        printf("  callback calls %d\n", calls);
        X509 *peer = SSL_get1_peer_certificate(p.c);
        CHECK(peer != NULL);
        print_name("  client sees", X509_get_subject_name(peer));
        X509_free(peer);
        const char *got = SSL_get_servername(p.s, TLSEXT_NAMETYPE_host_name);
        printf("  server servername after %s, ctx switched %d\n", got ? got : "(null)",
               SSL_get_SSL_CTX(p.s) == vhost_ctx);
        pair_free(&p);
    }
    sni_mode = 1;
    pair_new_mem(&p, cctx, sctx);
    CHECK(SSL_set_tlsext_host_name(p.c, "nobody.example") == 1);
    handshake(&p, "sni fatal");
    pair_free(&p);
    sni_mode = 0;
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    SSL_CTX_free(vhost_ctx);
}

/* ---- client hello callback ------------------------------------------------------ */

static int ch_retry;

static int has_ext(SSL *s, unsigned int type)
{
    int *exts = NULL;
    size_t n = 0;
    CHECK(SSL_client_hello_get1_extensions_present(s, &exts, &n) == 1);
    int found = 0;
    for (size_t i = 0; i < n; i++)
        found |= exts[i] == (int)type;
    OPENSSL_free(exts);
    return found;
}

static int ch_cb(SSL *s, int *al, void *arg)
{
    (void)al;
    calls++;
    CHECK(arg == (void *)&ch_retry);
    if (ch_retry) {
        ch_retry--;
        printf("  ch_cb retry\n");
        return SSL_CLIENT_HELLO_RETRY;
    }
    const unsigned char *p;
    size_t n = SSL_client_hello_get0_random(s, &p);
    printf("  ch_cb isv2 %d legacy_version 0x%04x random %zu\n", SSL_client_hello_isv2(s),
           SSL_client_hello_get0_legacy_version(s), n);
    n = SSL_client_hello_get0_session_id(s, &p);
    printf("#  session id %zu\n", n);
    n = SSL_client_hello_get0_ciphers(s, &p);
    int aes128 = 0;
    for (size_t i = 0; i + 1 < n; i += 2)
        aes128 |= p[i] == 0x13 && p[i + 1] == 0x01;
    printf("  ciphers even %d, has TLS_AES_128_GCM_SHA256 %d\n", n % 2 == 0, aes128);
    n = SSL_client_hello_get0_compression_methods(s, &p);
    printf("  compression %zu first %d\n", n, n ? p[0] : -1);
    printf("  servername during ch_cb %s\n",
           SSL_get_servername(s, TLSEXT_NAMETYPE_host_name) ? "set" : "(null)");
    printf("  ext server_name %d alpn %d supported_versions %d\n", has_ext(s, 0),
           has_ext(s, 16), has_ext(s, 43));
    /* rustls clients always ask for OCSP stapling; OpenSSL's only when told. */
    printf("#  ext status_request %d\n", has_ext(s, 5));
    const unsigned char *sni;
    size_t sni_len;
    if (SSL_client_hello_get0_ext(s, 0, &sni, &sni_len) == 1 && sni_len > 5)
        printf("  sni ext host %.*s\n", (int)(sni_len - 5), sni + 5);
    printf("  get0_ext absent %d\n", SSL_client_hello_get0_ext(s, 0xfe00, &sni, &sni_len));
    return SSL_CLIENT_HELLO_SUCCESS;
}

static void test_client_hello(void)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX_set_client_hello_cb(sctx, ch_cb, &ch_retry);
    static const unsigned char offer[] = "\x08http/1.1";
    CHECK(SSL_CTX_set_alpn_protos(cctx, offer, sizeof offer - 1) == 0);
    pair_t p;
    pair_new_mem(&p, cctx, sctx);
    CHECK(SSL_set_tlsext_host_name(p.c, "localhost") == 1);
    ch_retry = 1;
    calls = 0;
    /* Drive by hand to see the RETRY. */
    int r = SSL_do_handshake(p.c);
    printf("client hello: client %d %s\n", r, err_name(SSL_get_error(p.c, r)));
    pair_move(&p);
    r = SSL_do_handshake(p.s);
    int e = SSL_get_error(p.s, r);
    printf("server first %d err %d want_client_hello_cb %d\n", r, e,
           e == SSL_ERROR_WANT_CLIENT_HELLO_CB && SSL_want_client_hello_cb(p.s));
    handshake(&p, "after retry");
    printf("  callback calls %d\n", calls);
    /* Outside the callback the accessors have nothing to show. */
    const unsigned char *q;
    printf("random after handshake %zu\n", SSL_client_hello_get0_random(p.s, &q));
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* ---- OCSP stapling ---------------------------------------------------------------- */

static const char fake_ocsp[] = "not really an OCSP response";
static int status_mode; /* 0 staple, 1 NOACK */
static int status_asked; /* the client asked (else only a rustls client calls) */

static int status_cb(SSL *s, void *arg)
{
    calls++;
    CHECK(arg == (void *)&status_mode);
    /* The request's extensions and responder ids (mod_ssl reads them into
     * its OCSP request): none from this client; the pointer is written. */
    void *exts = &calls, *ids = &calls;
    long re = SSL_get_tlsext_status_exts(s, &exts);
    long ri = SSL_get_tlsext_status_ids(s, &ids);
    printf("%sstatus request exts %ld %s, ids %ld %s, server's status type %ld\n",
           status_asked ? "  " : "# ", re, exts == NULL ? "NULL" : "set", ri,
           ids == NULL ? "NULL" : "set", SSL_get_tlsext_status_type(s));
    if (status_mode == 1)
        return SSL_TLSEXT_ERR_NOACK;
    unsigned char *resp = OPENSSL_malloc(sizeof fake_ocsp);
    CHECK(resp != NULL);
    memcpy(resp, fake_ocsp, sizeof fake_ocsp);
    CHECK(SSL_set_tlsext_status_ocsp_resp(s, resp, sizeof fake_ocsp) == 1);
    return SSL_TLSEXT_ERR_OK;
}

/* The server's status type is the request's once the hello is read:
 * Node.js's server asks it in its certificate callback to decide whether
 * to ask the application for a response to staple. */
static int ocsp_cert_cb(SSL *s, void *arg)
{
    (void)arg;
    printf("%scert_cb: server's status type %ld\n", status_asked ? "  " : "# ",
           SSL_get_tlsext_status_type(s));
    return 1;
}

static void test_ocsp(int max_version)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    if (max_version)
        CHECK(SSL_CTX_set_max_proto_version(cctx, max_version) == 1);
    SSL_CTX_set_tlsext_status_cb(sctx, status_cb);
    SSL_CTX_set_tlsext_status_arg(sctx, &status_mode);
    SSL_CTX_set_cert_cb(sctx, ocsp_cert_cb, NULL);
    printf("ocsp %s: ctx status type %ld\n", max_version ? "tls1.2" : "tls1.3",
           SSL_CTX_get_tlsext_status_type(cctx));
    for (int ask = 0; ask < 2; ask++) {
        for (status_mode = 0; status_mode < 2; status_mode++) {
            pair_t p;
            pair_new_mem(&p, cctx, sctx);
            if (ask)
                CHECK(SSL_set_tlsext_status_type(p.c, TLSEXT_STATUSTYPE_ocsp) == 1);
            calls = 0;
            status_asked = ask;
            printf(" ask %d mode %d status type %ld\n", ask, status_mode,
                   SSL_get_tlsext_status_type(p.c));
            handshake(&p, "  handshake");
            /* Unasked, an OpenSSL client sends no status_request and the
             * server's callback does not run; a rustls client always asks. */
            printf("%scallback calls %d\n", ask ? "  " : "# ", calls);
            const unsigned char *resp = NULL;
            long n = SSL_get_tlsext_status_ocsp_resp(p.c, &resp);
            printf("  client got %ld%s\n", n,
                   n == (long)sizeof fake_ocsp && memcmp(resp, fake_ocsp, sizeof fake_ocsp) == 0
                       ? " (the stapled bytes)" : "");
            pair_free(&p);
        }
    }
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* A client's status callback: called once the server's certificate
 * passed, when the client asked for a status, with the stapled response
 * (or none) readable; 1 accepts, 0 rejects it, -1 is its own failure. */
static int client_answer;
static int client_status_cb(SSL *s, void *arg)
{
    calls++;
    CHECK(arg == (void *)&client_answer);
    const unsigned char *resp = NULL;
    long n = SSL_get_tlsext_status_ocsp_resp(s, &resp);
    printf("  client status_cb: is_server %d, response %ld%s, peer verified %s, queue %s\n",
           SSL_is_server(s), n,
           n == (long)sizeof fake_ocsp && memcmp(resp, fake_ocsp, sizeof fake_ocsp) == 0
               ? " (the stapled bytes)" : "",
           SSL_get_verify_result(s) == X509_V_OK ? "ok" : "no",
           ERR_peek_error() ? "not empty" : "empty");
    return client_answer;
}

static void test_client_status(int max_version)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    if (max_version)
        CHECK(SSL_CTX_set_max_proto_version(cctx, max_version) == 1);
    SSL_CTX_set_tlsext_status_cb(sctx, status_cb);
    SSL_CTX_set_tlsext_status_arg(sctx, &status_mode);
    SSL_CTX_set_tlsext_status_cb(cctx, client_status_cb);
    SSL_CTX_set_tlsext_status_arg(cctx, &client_answer);
    printf("client status callback %s\n", max_version ? "tls1.2" : "tls1.3");
    static const int answers[] = {1, 0, -1};
    for (int ask = 0; ask < 2; ask++) {
        for (status_mode = 0; status_mode < 2; status_mode++) {
            for (int i = 0; i < 3; i++) {
                if (!ask && i > 0)
                    continue; /* unasked: the callback is not called */
                client_answer = answers[i];
                status_asked = ask;
                pair_t p;
                pair_new_mem(&p, cctx, sctx);
                if (ask)
                    CHECK(SSL_set_tlsext_status_type(p.c, TLSEXT_STATUSTYPE_ocsp) == 1);
                printf(" ask %d staple %d answer %d\n", ask, status_mode == 0, client_answer);
                calls = 0;
                server_err_unknown = client_answer < 0;
                handshake(&p, "  handshake");
                server_err_unknown = 0;
                /* The server's callback counts too where it runs: only the
                 * client's is compared (unasked, a rustls client still asks). */
                if (ask)
                    printf("  callback calls (both sides) %d\n", calls);
                ERR_clear_error();
                pair_free(&p);
            }
        }
    }
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* A server with no ClientHello-time callback: its status type after the
 * handshake is the client's request on a full handshake and "nothing" on a
 * resumption (OpenSSL ignores status_request when resuming). The client
 * always asks: a rustls client sends status_request unasked, an OpenSSL
 * one does not. */
static void test_server_status_type(int max_version)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_NONE);
    SSL_SESSION *sess = NULL;
    for (int round = 0; round < 2; round++) {
        pair_t p;
        pair_new_mem(&p, cctx, sctx);
        if (max_version)
            SSL_set_max_proto_version(p.c, max_version);
        CHECK(SSL_set_tlsext_status_type(p.c, TLSEXT_STATUSTYPE_ocsp) == 1);
        if (sess)
            CHECK(SSL_set_session(p.c, sess) == 1);
        printf("server status type %s round %d: before %ld\n", max_version ? "tls1.2" : "tls1.3",
               round, SSL_get_tlsext_status_type(p.s));
        handshake(&p, "  status type");
        printf("  reused %d, server's status type %ld\n", SSL_session_reused(p.s),
               SSL_get_tlsext_status_type(p.s));
        /* The client takes its TLS 1.3 tickets with its first read. */
        char b;
        CHECK(SSL_write(p.s, "x", 1) == 1);
        pair_move(&p);
        CHECK(SSL_read(p.c, &b, 1) == 1);
        if (!sess)
            sess = SSL_get1_session(p.c);
        SSL_shutdown(p.c);
        pair_move(&p);
        SSL_shutdown(p.s);
        pair_free(&p);
    }
    SSL_SESSION_free(sess);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    test_alpn(0);
    test_alpn(TLS1_2_VERSION);
    test_sni();
    test_client_hello();
    test_ocsp(0);
    test_ocsp(TLS1_2_VERSION);
    test_client_status(0);
    test_client_status(TLS1_2_VERSION);
    test_server_status_type(0);
    test_server_status_type(TLS1_2_VERSION);
    return 0;
}
