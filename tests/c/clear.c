/*
 * SSL_clear, SSL_(CTX_)use_cert_and_key, and how handshake flights reach
 * the write BIO, on an in-process client/server pair (memory BIOs):
 *  - SSL_clear on a fresh SSL: 1, nothing queued (MariaDB calls it so);
 *  - SSL_clear after a connection that ended with both close_notifys: the
 *    same SSL objects connect again and the client resumes (OpenSSL keeps
 *    the session), for TLS 1.2 and TLS 1.3;
 *  - SSL_clear after a connection that did not shut down: the session is
 *    removed from the cache (remove callback) and not resumed;
 *  - the number of writes each side makes into its write BIO during a
 *    handshake: one per flight (OpenSSL buffers a flight and writes it at
 *    once; a server that rejects a client certificate after its first
 *    record would otherwise break the client's later writes);
 *  - SSL_CTX_use_cert_and_key/SSL_use_cert_and_key: certificate, key and
 *    chain at once (OpenVPN), no replacement without override, a key that
 *    is not the certificate's refused; the chain reaches the client.
 */
#include "common.h"

/* ---- a write BIO that counts the writes it passes on -------------------- */

static BIO_METHOD *count_method;
static int writes;

static int count_write(BIO *b, const char *data, int len)
{
    writes++;
    int n = BIO_write((BIO *)BIO_get_data(b), data, len);
    BIO_clear_retry_flags(b);
    if (n <= 0)
        BIO_set_retry_write(b);
    return n;
}

static long count_ctrl(BIO *b, int cmd, long larg, void *parg)
{
    if (cmd == BIO_CTRL_FLUSH)
        return 1;
    return BIO_ctrl((BIO *)BIO_get_data(b), cmd, larg, parg);
}

static int count_destroy(BIO *b)
{
    BIO_free((BIO *)BIO_get_data(b));
    BIO_set_data(b, NULL);
    return 1;
}

/* The SSL's write BIO becomes a counter in front of `into` (one more
 * reference to it, released with the counter). */
static void count_writes_of(SSL *ssl, BIO *into)
{
    if (count_method == NULL) {
        count_method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "counter");
        CHECK(count_method != NULL);
        CHECK(BIO_meth_set_write(count_method, count_write) == 1);
        CHECK(BIO_meth_set_ctrl(count_method, count_ctrl) == 1);
        CHECK(BIO_meth_set_destroy(count_method, count_destroy) == 1);
    }
    BIO *b = BIO_new(count_method);
    CHECK(b != NULL);
    CHECK(BIO_up_ref(into) == 1);
    BIO_set_data(b, into);
    BIO_set_init(b, 1);
    SSL_set0_wbio(ssl, b);
}

/* ---- callbacks ---------------------------------------------------------- */

static int removed[2]; /* [0] client context, [1] server context */
static SSL_CTX *server_side;

static void remove_cb(SSL_CTX *ctx, SSL_SESSION *sess)
{
    (void)sess;
    removed[ctx == server_side]++;
}

/* ---- connections -------------------------------------------------------- */

static int do_handshake(SSL *s) { return SSL_do_handshake(s); }

static int handshake(pair_t *p)
{
    int rc_c = 0, err_c = 0, rc_s = 0, err_s = 0;
    pair_drive(p, do_handshake, do_handshake, &rc_c, &err_c, &rc_s, &err_s);
    return rc_c == 1 && rc_s == 1;
}

/* Data both ways, which also hands a TLS 1.3 client its tickets. */
static void exchange(pair_t *p)
{
    char buf[64];
    CHECK(SSL_write(p->c, "ping", 4) == 4);
    pair_move(p);
    CHECK(SSL_read(p->s, buf, sizeof buf) == 4);
    CHECK(SSL_write(p->s, "pong", 4) == 4);
    pair_move(p);
    CHECK(SSL_read(p->c, buf, sizeof buf) == 4);
}

/* Both close_notifys sent and received (each side's second call reads). */
static void close_both(pair_t *p)
{
    CHECK(SSL_shutdown(p->c) == 0);
    pair_move(p);
    CHECK(SSL_shutdown(p->s) == 0);
    CHECK(SSL_shutdown(p->s) == 1);
    pair_move(p);
    CHECK(SSL_shutdown(p->c) == 1);
}

/* A client and a server of the contexts connect and exchange data. */
static void first_connection(pair_t *p, SSL_CTX *cctx, SSL_CTX *sctx)
{
    pair_new_mem(p, cctx, sctx);
    CHECK(handshake(p));
    exchange(p);
}

/* The same client connects again (reused or not), then all is freed. */
static void second_connection(const char *label, pair_t *p, SSL_CTX *cctx, SSL_CTX *sctx)
{
    printf("%s: second handshake %s\n", label, handshake(p) ? "ok" : "failed");
    printf("%s: second connection reused client %d server %d, version %s\n", label,
           SSL_session_reused(p->c), SSL_session_reused(p->s), SSL_get_version(p->c));
    exchange(p);
    SSL_free(p->c);
    SSL_free(p->s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

static void reconnect(const char *label, int version, int clean)
{
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    server_side = sctx;
    removed[0] = removed[1] = 0;
    SSL_CTX_set_session_cache_mode(cctx, SSL_SESS_CACHE_CLIENT);
    SSL_CTX_sess_set_remove_cb(cctx, remove_cb);
    SSL_CTX_sess_set_remove_cb(sctx, remove_cb);
    CHECK(SSL_CTX_set_max_proto_version(cctx, version) == 1);
    CHECK(SSL_CTX_set_session_id_context(sctx, (const unsigned char *)"clear", 5) == 1);

    pair_t p;
    first_connection(&p, cctx, sctx);
    if (clean)
        close_both(&p);
    printf("%s: first connection reused client %d server %d\n", label,
           SSL_session_reused(p.c), SSL_session_reused(p.s));

    printf("%s: SSL_clear client %d server %d, queue %s\n", label, SSL_clear(p.c),
           SSL_clear(p.s), ERR_peek_error() == 0 ? "empty" : "not empty");
    printf("%s: after clear: client is_server %d, state %s, shutdown %d, session %s\n",
           label, SSL_is_server(p.c), SSL_state_string(p.c), SSL_get_shutdown(p.c),
           SSL_get_session(p.c) ? "kept" : "none");
    printf("%s: remove callbacks client %d server %d\n", label, removed[0], removed[1]);
    /* Records of the first connection left in the BIOs are dropped. */
    CHECK(BIO_reset(p.c_in) == 1 && BIO_reset(p.s_in) == 1);
    CHECK(BIO_reset(p.c_out) == 1 && BIO_reset(p.s_out) == 1);
    second_connection(label, &p, cctx, sctx);
}

/* h2load's reconnection: the client's SSL, shut down cleanly, connects
 * again after SSL_set_connect_state (no SSL_clear) to a new server SSL;
 * OpenSSL keeps the client's session in the object and resumes it. */
static void reconnect_same_client(const char *label, int version)
{
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    CHECK(SSL_CTX_set_max_proto_version(cctx, version) == 1);
    CHECK(SSL_CTX_set_session_id_context(sctx, (const unsigned char *)"again", 5) == 1);
    pair_t p;
    first_connection(&p, cctx, sctx);
    close_both(&p);
    SSL_free(p.s);
    p.s = SSL_new(sctx);
    CHECK(p.s != NULL);
    SSL_set_connect_state(p.c);
    pair_attach_mem(&p);
    SSL_set_accept_state(p.s);
    second_connection(label, &p, cctx, sctx);
}

/* Writes into the write BIO per side for one handshake (a client
 * certificate asked for, so TLS 1.2's client sends a five-record flight). */
static void flights(const char *label, int version)
{
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    CHECK(SSL_CTX_set_max_proto_version(cctx, version) == 1);
    CHECK(SSL_CTX_use_certificate_chain_file(cctx, cert("client-chain.pem")) == 1);
    CHECK(SSL_CTX_use_PrivateKey_file(cctx, cert("client.key"), SSL_FILETYPE_PEM) == 1);
    CHECK(SSL_CTX_load_verify_locations(sctx, cert("ca.pem"), NULL) == 1);
    SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    SSL_CTX_set_num_tickets(sctx, 0);

    pair_t p = {0};
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    CHECK(p.c && p.s);
    pair_attach_mem(&p);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    count_writes_of(p.c, p.c_out);
    int before = writes;
    int r;
    /* Client: ClientHello. */
    r = SSL_do_handshake(p.c);
    CHECK(r == -1 && SSL_get_error(p.c, r) == SSL_ERROR_WANT_READ);
    printf("%s: client flight 1: %d write(s)\n", label, writes - before);
    pair_move(&p);
    r = SSL_do_handshake(p.s);
    CHECK(r == -1 && SSL_get_error(p.s, r) == SSL_ERROR_WANT_READ);
    pair_move(&p);
    /* Client: its certificate flight (and Finished). */
    before = writes;
    r = SSL_do_handshake(p.c);
    printf("%s: client flight 2: %d write(s), rc %d\n", label, writes - before, r);
    pair_move(&p);
    CHECK(handshake(&p));
    printf("%s: done, %s, client certificate %s\n", label, SSL_get_version(p.c),
           SSL_get0_peer_certificate(p.s) ? "received" : "missing");
    SSL_free(p.c);
    SSL_free(p.s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

static EVP_PKEY *read_key(const char *name)
{
    FILE *f = fopen(cert(name), "r");
    CHECK(f != NULL);
    EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    CHECK(k != NULL);
    return k;
}

static void cert_and_key(void)
{
    X509 *leaf = read_cert("server.pem");
    X509 *inter = read_cert("intermediate.pem");
    X509 *other = read_cert("client.pem");
    EVP_PKEY *key = read_key("server.key");
    EVP_PKEY *wrong = read_key("client.key");
    STACK_OF(X509) *chain = sk_X509_new_null();
    CHECK(chain && sk_X509_push(chain, inter) == 1);

    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    CHECK(sctx != NULL);
    printf("use_cert_and_key: fresh, no override: %d\n",
           SSL_CTX_use_cert_and_key(sctx, leaf, key, chain, 0));
    printf("use_cert_and_key: check_private_key %d, get0_certificate is ours %d\n",
           SSL_CTX_check_private_key(sctx), SSL_CTX_get0_certificate(sctx) == leaf);
    ERR_clear_error();
    printf("use_cert_and_key: again, no override: %d\n",
           SSL_CTX_use_cert_and_key(sctx, other, wrong, NULL, 0));
    print_first_error("use_cert_and_key: again, no override");
    ERR_clear_error();
    printf("use_cert_and_key: override, key of another certificate: %d\n",
           SSL_CTX_use_cert_and_key(sctx, leaf, wrong, NULL, 1));
    print_first_error("use_cert_and_key: mismatch");
    ERR_clear_error();
    printf("use_cert_and_key: still the first: check_private_key %d, get0_certificate %d\n",
           SSL_CTX_check_private_key(sctx), SSL_CTX_get0_certificate(sctx) == leaf);

    /* The chain given goes out: the client trusts only the root. */
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    pair_t p = {0};
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    CHECK(p.c && p.s);
    pair_attach_mem(&p);
    SSL_set_connect_state(p.c);
    SSL_set_accept_state(p.s);
    int ok = handshake(&p);
    printf("use_cert_and_key: handshake %s, verify %ld, peer chain %d\n", ok ? "ok" : "failed",
           SSL_get_verify_result(p.c), sk_X509_num(SSL_get_peer_cert_chain(p.c)));
    SSL_free(p.c);
    SSL_free(p.s);

    /* On one SSL: its own certificate, with override. */
    SSL *s = SSL_new(sctx);
    CHECK(s != NULL);
    printf("SSL_use_cert_and_key: no override: %d\n",
           SSL_use_cert_and_key(s, leaf, key, chain, 0));
    print_first_error("SSL_use_cert_and_key: no override");
    ERR_clear_error();
    printf("SSL_use_cert_and_key: override: %d, check_private_key %d\n",
           SSL_use_cert_and_key(s, leaf, key, NULL, 1), SSL_check_private_key(s));
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);

    /* The objects are the program's: usable and freed after the contexts. */
    printf("use_cert_and_key: objects still the program's: %d\n",
           X509_check_private_key(leaf, key));
    sk_X509_pop_free(chain, X509_free);
    X509_free(leaf);
    X509_free(other);
    EVP_PKEY_free(key);
    EVP_PKEY_free(wrong);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);

    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    CHECK(ctx != NULL);
    SSL *fresh = SSL_new(ctx);
    CHECK(fresh != NULL);
    printf("fresh: SSL_clear %d, queue %s, is_server %d\n", SSL_clear(fresh),
           ERR_peek_error() == 0 ? "empty" : "not empty", SSL_is_server(fresh));
    SSL_set_accept_state(fresh);
    printf("fresh accept: SSL_clear %d, is_server %d\n", SSL_clear(fresh), SSL_is_server(fresh));
    SSL_free(fresh);
    SSL_CTX_free(ctx);

    reconnect("TLS 1.2 clean", TLS1_2_VERSION, 1);
    reconnect("TLS 1.3 clean", TLS1_3_VERSION, 1);
    reconnect("TLS 1.2 no shutdown", TLS1_2_VERSION, 0);
    reconnect_same_client("set_connect_state again, TLS 1.2", TLS1_2_VERSION);
    reconnect_same_client("set_connect_state again, TLS 1.3", TLS1_3_VERSION);

    flights("flights TLS 1.2", TLS1_2_VERSION);
    flights("flights TLS 1.3", TLS1_3_VERSION);

    cert_and_key();
    return 0;
}
