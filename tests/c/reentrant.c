/*
 * Callbacks may call back: from inside each kind of callback, the program
 * asks the same SSL (and its SSL_CTX) the questions OpenSSL allows there
 * and prints the answers; every answer, and the error queue after each
 * callback, must be OpenSSL's. A refused call (an error return with
 * ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED) shows as a difference.
 *
 * Each callback prints one line per question on its first call only (the
 * number of calls of some kinds differs between implementations and is
 * not what is tested here).
 */
#include "common.h"

/* Each kind's answers go to its own buffer, printed in kind order at the
 * end: the order in which the kinds run differs (rustls asks for a TLS 1.3
 * client's certificate when the CertificateRequest arrives, OpenSSL after
 * the server's Finished) and is not what is tested here. */
static FILE *out;
#define printf(...) fprintf(out, __VA_ARGS__)

static int ex_idx;
enum { K_INFO_C, K_INFO_S, K_VERIFY, K_SNI, K_HELLO, K_ALPN, K_NEWSESS, K_KEYLOG, K_CERT,
       K_START_C, K_START_S, K_LOOP_C, K_LOOP_S, K_CLIENT_CERT, K_CERT_VERIFY, K_GET_SESS,
       K_STATUS, K_COUNT };
static int seen[K_COUNT];

/* Facts ask() and ask_settings() cannot compare for the kind being asked
 * (the letters of ask_more below, N for the server name, L for the
 * client's cipher lists). */
static const char *unknown_now = "";
#define U(letter) (strchr(unknown_now, letter) ? "# " : "")

static void ask(const char *who, SSL *s)
{
    printf("%s is_server=%d\n", who, SSL_is_server(s));
    printf("%s ctx=%s\n", who, SSL_get_SSL_CTX(s) ? "set" : "NULL");
    printf("%s ex_data=%s\n", who, SSL_get_ex_data(s, ex_idx) == (void *)s ? "same" : "other");
    printf("%s verify_result=%ld\n", who, SSL_get_verify_result(s));
    const char *sn = SSL_get_servername(s, TLSEXT_NAMETYPE_host_name);
    printf("%s%s servername=%s\n", U('N'), who, sn ? sn : "(null)");
    unsigned long e = ERR_peek_error();
    if (e)
        printf("%s queue err lib=%d reason=%d\n", who, ERR_GET_LIB(e), ERR_GET_REASON(e));
    else
        printf("%s queue empty\n", who);
}

/* The wider set, asked where a call is inside the library's own work.
 * `unknown` lists the facts sslshim cannot know at that point of the
 * handshake, though OpenSSL does (V version, C cipher, S session, A ALPN):
 * only ALPN in a TLS 1.3 client's verify and client certificate callbacks
 * when the server is rustls, which sends EncryptedExtensions,
 * CertificateRequest, Certificate, CertificateVerify and Finished in one
 * record, so rustls takes them in one step and calls the verifier and the
 * certificate resolver before the connection can be asked. That is a '#'
 * line there; every other fact is compared everywhere. */
static void ask_more(const char *who, SSL *s, const char *unknown)
{
#define H(letter) (strchr(unknown, letter) ? "# " : "")
    printf("%s%s version=%s\n", H('V'), who, SSL_get_version(s));
    printf("%s%s version_num=%x\n", H('V'), who, SSL_version(s));
    const SSL_CIPHER *c = SSL_get_current_cipher(s);
    printf("%s%s cipher=%s\n", H('C'), who, c ? SSL_CIPHER_get_name(c) : "(none)");
    printf("%s reused=%d\n", who, SSL_session_reused(s));
    printf("%s%s session=%s\n", H('S'), who, SSL_get_session(s) ? "set" : "NULL");
    SSL_SESSION *s1 = SSL_get1_session(s);
    printf("%s%s get1_session=%s\n", H('S'), who, s1 ? "set" : "NULL");
    SSL_SESSION_free(s1);
    printf("%s options_nonzero=%d\n", who, SSL_get_options(s) != 0);
    printf("%s mode=%lx\n", who, (unsigned long)SSL_get_mode(s));
    printf("%s verify_mode=%d\n", who, SSL_get_verify_mode(s));
    printf("%s verify_depth=%d\n", who, SSL_get_verify_depth(s));
    printf("%s rbio=%s\n", who, SSL_get_rbio(s) ? "set" : "NULL");
    printf("%s pending=%d\n", who, SSL_pending(s));
    printf("%s want=%d\n", who, SSL_want(s));
    printf("%s shutdown=%d\n", who, SSL_get_shutdown(s));
    const unsigned char *alpn = NULL;
    unsigned int alen = 0;
    SSL_get0_alpn_selected(s, &alpn, &alen);
    printf("%s%s alpn_len=%u\n", H('A'), who, alen);
    SSL_set_verify_result(s, X509_V_OK);
    printf("%s set_ex_data=%d\n", who, SSL_set_ex_data(s, ex_idx, s));
    unsigned long e = ERR_peek_error();
    if (e)
        printf("%s queue(more) err lib=%d reason=%d\n", who, ERR_GET_LIB(e), ERR_GET_REASON(e));
    else
        printf("%s queue(more) empty\n", who);
#undef H
}

/* The settings a callback may read and change on its own SSL: each setter
 * is read back at once, and the error queue shows nothing was refused.
 * `own_unknown`: a TLS 1.3 client's verify callback runs after its client
 * certificate callback on rustls (the CertificateRequest comes before the
 * server's Certificate, and rustls asks for the client's certificate when it
 * arrives) and before it on OpenSSL, so the client's own certificate, which
 * that callback sets, is already there: a '#' line. */
static void ask_settings(const char *who, SSL *s, int own_unknown)
{
    printf("%s%s certificate=%s privatekey=%s\n", own_unknown ? "# " : "", who,
           SSL_get_certificate(s) ? "set" : "NULL",
           SSL_get_privatekey(s) ? "set" : "NULL");
    printf("%s fd=%d rfd=%d wfd=%d\n", who, SSL_get_fd(s), SSL_get_rfd(s), SSL_get_wfd(s));
    printf("%s in_init=%d init_finished=%d in_before=%d\n", who, SSL_in_init(s),
           SSL_is_init_finished(s), SSL_in_before(s));
    printf("%s security_level=%d read_ahead=%d quiet_shutdown=%d\n", who,
           SSL_get_security_level(s), SSL_get_read_ahead(s), SSL_get_quiet_shutdown(s));
    printf("%s%s servername_type=%d num_tickets=%zu\n", U('N'), who, SSL_get_servername_type(s),
           SSL_get_num_tickets(s));
    printf("%s info_callback=%s\n", who, SSL_get_info_callback(s) ? "set" : "NULL");
    STACK_OF(X509_NAME) *ca = SSL_get_client_CA_list(s);
    printf("%s client_CA_list=%d\n", who, ca ? sk_X509_NAME_num(ca) : -1);
    printf("%s min_proto=%lx max_proto=%lx\n", who, (long)SSL_get_min_proto_version(s),
           (long)SSL_get_max_proto_version(s));
    printf("%s get_error(1)=%d cipher_list[0]=%s\n", who, SSL_get_error(s, 1),
           SSL_get_cipher_list(s, 0) ? SSL_get_cipher_list(s, 0) : "(null)");
    unsigned char rnd[32];
    printf("%s client_random=%zu server_random=%zu client_version=%x\n", who,
           SSL_get_client_random(s, rnd, sizeof rnd), SSL_get_server_random(s, rnd, sizeof rnd),
           SSL_client_version(s));
    STACK_OF(SSL_CIPHER) *cc = SSL_get_client_ciphers(s);
    char shared[64];
    printf("%s%s client_ciphers=%d shared_ciphers=%s\n", U('L'), who, cc ? sk_SSL_CIPHER_num(cc) > 0 : -1,
           SSL_get_shared_ciphers(s, shared, sizeof shared) ? "some" : "none");
    STACK_OF(SSL_CIPHER) *all = SSL_get_ciphers(s);
    printf("%s ciphers=%s\n", who, all && sk_SSL_CIPHER_num(all) > 0 ? "some" : "none");
    STACK_OF(SSL_CIPHER) *sup = SSL_get1_supported_ciphers(s);
    printf("%s supported_ciphers=%s\n", who, sup && sk_SSL_CIPHER_num(sup) > 0 ? "some" : "none");
    sk_SSL_CIPHER_free(sup);

    /* Each change is undone below: the kinds run in different orders. */
    int depth = SSL_get_verify_depth(s), ahead = SSL_get_read_ahead(s);
    uint64_t opts = SSL_get_options(s);
    long mode = SSL_get_mode(s), minp = SSL_get_min_proto_version(s);
    SSL_set_verify_depth(s, 9);
    printf("%s set_verify_depth: %d\n", who, SSL_get_verify_depth(s));
    SSL_set_verify(s, SSL_get_verify_mode(s), SSL_get_verify_callback(s));
    printf("%s set_verify: mode %d\n", who, SSL_get_verify_mode(s));
    printf("%s set_options: %d\n", who,
           (SSL_set_options(s, SSL_OP_CIPHER_SERVER_PREFERENCE) & SSL_OP_CIPHER_SERVER_PREFERENCE) != 0);
    printf("%s get_options: %d\n", who,
           (SSL_get_options(s) & SSL_OP_CIPHER_SERVER_PREFERENCE) != 0);
    printf("%s set_mode: %lx\n", who,
           (unsigned long)(SSL_set_mode(s, SSL_MODE_RELEASE_BUFFERS) & SSL_MODE_RELEASE_BUFFERS));
    printf("%s get_mode: %lx\n", who,
           (unsigned long)(SSL_get_mode(s) & SSL_MODE_RELEASE_BUFFERS));
    SSL_set_read_ahead(s, 1);
    printf("%s set_read_ahead: %d\n", who, SSL_get_read_ahead(s));
    SSL_set_security_level(s, SSL_get_security_level(s));
    printf("%s set_security_level: %d\n", who, SSL_get_security_level(s));
    printf("%s set_num_tickets: %d %zu\n", who, SSL_set_num_tickets(s, 2), SSL_get_num_tickets(s));
    printf("%s set_session_id_context: %d\n", who,
           SSL_set_session_id_context(s, (const unsigned char *)"reentrant", 9));
    printf("%s set_cipher_list: %d\n", who, SSL_set_cipher_list(s, "DEFAULT"));
    printf("%s set_ciphersuites: %d\n", who,
           SSL_set_ciphersuites(s, "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256"));
    printf("%s set1_groups_list: %ld\n", who, (long)SSL_set1_groups_list(s, "X25519:P-256:P-384"));
    printf("%s set_min_proto: %ld\n", who, (long)SSL_set_min_proto_version(s, TLS1_2_VERSION));
    printf("%s min_proto now=%lx\n", who, (long)SSL_get_min_proto_version(s));
    printf("%s set1_host: %d\n", who, SSL_set1_host(s, SSL_is_server(s) ? NULL : "localhost"));
    SSL_set_verify_depth(s, depth);
    SSL_clear_options(s, SSL_OP_CIPHER_SERVER_PREFERENCE & ~opts);
    SSL_clear_mode(s, SSL_MODE_RELEASE_BUFFERS & ~mode);
    SSL_set_read_ahead(s, ahead);
    SSL_set_min_proto_version(s, minp);
    printf("%s restored: depth %d options %d mode %lx read_ahead %d min_proto %lx\n", who,
           SSL_get_verify_depth(s), SSL_get_options(s) == opts, (unsigned long)SSL_get_mode(s),
           SSL_get_read_ahead(s), (long)SSL_get_min_proto_version(s));
    unsigned long e = ERR_peek_error();
    if (e)
        printf("%s queue(settings) err lib=%d reason=%d\n", who, ERR_GET_LIB(e), ERR_GET_REASON(e));
    else
        printf("%s queue(settings) empty\n", who);
}

static char *buf[K_COUNT];
static size_t buflen[K_COUNT];
static FILE *stream[K_COUNT];

/* The kind's first call: its answers go to its buffer from here on. */
static int first(int kind)
{
    if (seen[kind]++ != 0)
        return 0;
    stream[kind] = open_memstream(&buf[kind], &buflen[kind]);
    CHECK(stream[kind] != NULL);
    out = stream[kind];
    return 1;
}

static void info_cb(const SSL *s, int where, int ret)
{
    (void)ret;
    if (where & (SSL_CB_HANDSHAKE_START | SSL_CB_LOOP)) {
        /* Raised inside the library's own work: the answers of a busy SSL. */
        int server = SSL_is_server(s);
        int start = (where & SSL_CB_HANDSHAKE_START) != 0;
        int kind = start ? (server ? K_START_S : K_START_C) : (server ? K_LOOP_S : K_LOOP_C);
        if (first(kind)) {
            char who[32];
            snprintf(who, sizeof who, "info(%s,%s)", start ? "start" : "loop",
                     server ? "server" : "client");
            ask(who, (SSL *)s);
            printf("%s want=%d pending=%d\n", who, SSL_want(s), SSL_pending(s));
        }
        return;
    }
    if (!(where & SSL_CB_HANDSHAKE_DONE))
        return;
    int server = SSL_is_server(s);
    if (!first(server ? K_INFO_S : K_INFO_C))
        return;
    const char *who = server ? "info(done,server)" : "info(done,client)";
    ask(who, (SSL *)s);
    printf("%s version=%s\n", who, SSL_get_version(s));
    const SSL_CIPHER *c = SSL_get_current_cipher(s);
    printf("%s cipher=%s\n", who, c ? SSL_CIPHER_get_name(c) : "(none)");
    printf("%s reused=%d\n", who, SSL_session_reused((SSL *)s));
    printf("%s session=%s\n", who, SSL_get_session(s) ? "set" : "NULL");
    printf("%s state=%s\n", who, SSL_state_string(s));
}

static int verify_cb(int ok, X509_STORE_CTX *st)
{
    SSL *s = X509_STORE_CTX_get_ex_data(st, SSL_get_ex_data_X509_STORE_CTX_idx());
    if (s && first(K_VERIFY)) {
        ask("verify", s);
        printf("verify ok=%d depth=%d\n", ok, X509_STORE_CTX_get_error_depth(st));
        printf("verify peer_certificate=%s\n", SSL_get0_peer_certificate(s) ? "set" : "NULL");
        ask_more("verify", s, "A");
        ask_settings("verify", s, 1);
    }
    return ok;
}

static int sni_cb(SSL *s, int *al, void *arg)
{
    (void)al; (void)arg;
    if (first(K_SNI)) {
        ask("servername", s);
        ask_more("servername", s, "");
        ask_settings("servername", s, 0);
        printf("servername set_SSL_CTX=%s\n", SSL_set_SSL_CTX(s, SSL_get_SSL_CTX(s)) ? "ok" : "NULL");
    }
    return SSL_TLSEXT_ERR_OK;
}

static int hello_cb(SSL *s, int *al, void *arg)
{
    (void)al; (void)arg;
    if (first(K_HELLO)) {
        ask("client_hello", s);
        ask_more("client_hello", s, "");
        ask_settings("client_hello", s, 0);
        printf("client_hello isv2=%d\n", SSL_client_hello_isv2(s));
    }
    return SSL_CLIENT_HELLO_SUCCESS;
}

static int alpn_cb(SSL *s, const unsigned char **out, unsigned char *outlen,
                   const unsigned char *in, unsigned int inlen, void *arg)
{
    (void)arg;
    if (first(K_ALPN)) {
        ask("alpn_select", s);
        ask_more("alpn_select", s, "");
        ask_settings("alpn_select", s, 0);
    }
    if (SSL_select_next_proto((unsigned char **)out, outlen, (const unsigned char *)"\x02h2", 3,
                              in, inlen) != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;
    return SSL_TLSEXT_ERR_OK;
}

static int new_session_cb(SSL *s, SSL_SESSION *sess)
{
    (void)sess;
    if (first(K_NEWSESS)) {
        ask("new_session", s);
        ask_more("new_session", s, "");
        ask_settings("new_session", s, 0);
        printf("new_session version=%s\n", SSL_get_version(s));
    }
    return 0;
}

static void keylog_cb(const SSL *s, const char *line)
{
    (void)line;
    if (first(K_KEYLOG)) {
        ask("keylog", (SSL *)s);
        ask_more("keylog", (SSL *)s, "");
        ask_settings("keylog", (SSL *)s, 0);
    }
}

static int cert_cb(SSL *s, void *arg)
{
    (void)arg;
    if (first(K_CERT)) {
        ask("cert", s);
        ask_more("cert", s, "");
        ask_settings("cert", s, 0);
    }
    return 1;
}

/* Client: the server asked for a certificate and none is set. */
static int client_cert_cb(SSL *s, X509 **x509, EVP_PKEY **pkey)
{
    if (first(K_CLIENT_CERT)) {
        ask("client_cert", s);
        ask_more("client_cert", s, "A");
        ask_settings("client_cert", s, 0);
    }
    *x509 = read_cert("client.pem");
    FILE *f = fopen(cert("client.key"), "r");
    CHECK(f != NULL);
    *pkey = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    return *x509 && *pkey;
}

/* Server: replaces the chain verification (and runs it). */
static int cert_verify_cb(X509_STORE_CTX *st, void *arg)
{
    (void)arg;
    SSL *s = X509_STORE_CTX_get_ex_data(st, SSL_get_ex_data_X509_STORE_CTX_idx());
    if (s && first(K_CERT_VERIFY)) {
        ask("cert_verify", s);
        ask_more("cert_verify", s, "");
        ask_settings("cert_verify", s, 0);
    }
    int ok = X509_verify_cert(st);
    if (seen[K_CERT_VERIFY] == 1)
        printf("cert_verify X509_verify_cert=%d error=%d\n", ok, X509_STORE_CTX_get_error(st));
    return ok;
}

/* Server, external cache: asked for the session the client offers. */
static SSL_SESSION *get_session_cb(SSL *s, const unsigned char *id, int len, int *copy)
{
    (void)id; (void)len;
    *copy = 0;
    /* OpenSSL looks the ID up before the server name and ALPN callbacks,
     * before the new session exists and before it records the client's
     * cipher list; ours runs it from rustls, after all that: those facts
     * are '#' lines. */
    if (first(K_GET_SESS)) {
        unknown_now = "NSAL";
        ask("get_session", s);
        ask_more("get_session", s, "NSA");
        ask_settings("get_session", s, 0);
        unknown_now = "";
    }
    return NULL;
}

/* Server: the client asked for OCSP stapling; no response to give. */
static int status_cb(SSL *s, void *arg)
{
    (void)arg;
    if (first(K_STATUS)) {
        ask("status", s);
        ask_more("status", s, "");
        ask_settings("status", s, 0);
    }
    return SSL_TLSEXT_ERR_NOACK;
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    out = stdout;
    ex_idx = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);

    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX_set_info_callback(sctx, info_cb);
    SSL_CTX_set_tlsext_servername_callback(sctx, sni_cb);
    SSL_CTX_set_client_hello_cb(sctx, hello_cb, NULL);
    SSL_CTX_set_alpn_select_cb(sctx, alpn_cb, NULL);
    SSL_CTX_set_cert_cb(sctx, cert_cb, NULL);
    SSL_CTX_set_keylog_callback(sctx, keylog_cb);
    SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER, NULL);
    /* The client's callback returns its certificate alone: the server's
     * store has the intermediate CA too. */
    CHECK(SSL_CTX_load_verify_locations(sctx, cert("ca.pem"), NULL) == 1);
    CHECK(SSL_CTX_load_verify_locations(sctx, cert("intermediate.pem"), NULL) == 1);
    SSL_CTX_set_cert_verify_callback(sctx, cert_verify_cb, NULL);
    CHECK(SSL_CTX_set_session_id_context(sctx, (const unsigned char *)"reentrant", 9) == 1);
    SSL_CTX_set_session_cache_mode(sctx, SSL_SESS_CACHE_SERVER | SSL_SESS_CACHE_NO_INTERNAL_LOOKUP);
    SSL_CTX_sess_set_get_cb(sctx, get_session_cb);
    SSL_CTX_set_tlsext_status_cb(sctx, status_cb);

    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, verify_cb);
    SSL_CTX_set_info_callback(cctx, info_cb);
    SSL_CTX_set_session_cache_mode(cctx, SSL_SESS_CACHE_CLIENT);
    SSL_CTX_sess_set_new_cb(cctx, new_session_cb);
    SSL_CTX_set_client_cert_cb(cctx, client_cert_cb);
    CHECK(SSL_CTX_set_alpn_protos(cctx, (const unsigned char *)"\x02h2", 3) == 0);

    pair_t p = {0};
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    CHECK(p.c && p.s);
    SSL_set_ex_data(p.c, ex_idx, p.c);
    SSL_set_ex_data(p.s, ex_idx, p.s);
    CHECK(SSL_set_tlsext_host_name(p.c, "localhost") == 1);
    CHECK(SSL_set1_host(p.c, "localhost") == 1);
    CHECK(SSL_set_tlsext_status_type(p.c, TLSEXT_STATUSTYPE_ocsp) == 1);
    pair_attach_mem(&p);
    int rc_c = 0, err_c = 0, rc_s = 0, err_s = 0;
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &err_c, &rc_s, &err_s);
    out = stdout;
    printf("handshake: client %d server %d\n", rc_c, rc_s);
    print_error_code("client", p.err_c);
    print_error_code("server", p.err_s);
    /* The client's first read takes in the TLS 1.3 tickets (new session). */
    char rbuf[8];
    int r = SSL_read(p.c, rbuf, sizeof rbuf);
    out = stdout;
    printf("client read: %d %s\n", r, err_name(SSL_get_error(p.c, r)));
    print_first_error("after read");

    /* TLS 1.2 twice: the second client offers the first's session ID, which
     * the server looks up through its get-session callback. */
    SSL_SESSION *sess12 = NULL;
    for (int round = 0; round < 2; round++) {
        pair_t q = {0};
        q.c = SSL_new(cctx);
        q.s = SSL_new(sctx);
        CHECK(q.c && q.s);
        SSL_set_ex_data(q.c, ex_idx, q.c);
        SSL_set_ex_data(q.s, ex_idx, q.s);
        CHECK(SSL_set_max_proto_version(q.c, TLS1_2_VERSION) == 1);
        /* Session IDs, not tickets: the server looks the ID up. */
        SSL_set_options(q.s, SSL_OP_NO_TICKET);
        CHECK(SSL_set_tlsext_host_name(q.c, "localhost") == 1);
        if (sess12)
            CHECK(SSL_set_session(q.c, sess12) == 1);
        pair_attach_mem(&q);
        int a = 0, b = 0, x = 0, y = 0;
        pair_drive(&q, SSL_connect, SSL_accept, &a, &b, &x, &y);
        out = stdout;
        printf("tls1.2 round %d: client %d server %d reused %d\n", round, a, x,
               SSL_session_reused(q.c));
        print_error_code("client", q.err_c);
        print_error_code("server", q.err_s);
        if (!sess12) {
            sess12 = SSL_get1_session(q.c);
            unsigned int idlen = 0;
            SSL_SESSION_get_id(sess12, &idlen);
            printf("tls1.2 session id length %u resumable %d\n", idlen,
                   SSL_SESSION_is_resumable(sess12));
        }
        /* A connection freed without close_notify spoils its session. */
        SSL_shutdown(q.c);
        SSL_shutdown(q.s);
        pair_free(&q);
    }
    SSL_SESSION_free(sess12);
    for (int k = 0; k < K_COUNT; k++) {
        printf("callback kind %d called: %s\n", k, seen[k] ? "yes" : "no");
        if (stream[k]) {
            fclose(stream[k]);
            fputs(buf[k], stdout);
            free(buf[k]);
        }
    }

    pair_free(&p);
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
    return 0;
}
