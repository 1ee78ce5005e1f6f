/*
 * libssl functions Debian packages import that are neither handshake nor
 * I/O staples, each on fresh SSL objects and on connected in-process pairs
 * (memory BIOs), success and error paths compared with OpenSSL:
 *  - SSL_key_update / SSL_get_key_update_type: TLS 1.3 only, checked in
 *    OpenSSL's order (version, type, handshake finished); the update goes
 *    out with the next SSL_do_handshake or write, and data still flows;
 *  - SSL_callback_ctrl: the message and debug callbacks accepted, other
 *    commands 0;
 *  - SSL_read_early_data / SSL_write_early_data when the client sent no
 *    early data (nginx and haproxy call them on every connection): the
 *    server's handshake runs until its flight is out (TLS 1.3) or the
 *    handshake completes (TLS 1.2), then FINISH; the client's calls fail;
 *  - SSL_set_cert_cb: the connection's certificate callback replaces its
 *    context's, and runs on a context without one;
 *  - SSL_get_servername on a server with no ClientHello-time callback
 *    (which reads the ClientHello without stopping), after the handshake
 *    and in the info callback at SSL_CB_HANDSHAKE_DONE;
 *  - SSL_CTX_set_ssl_version / SSL_set_ssl_method: the method, the cipher
 *    lists reset, a role the method cannot play;
 *  - SSL_dup: a started connection is the same object with one more
 *    reference, a fresh one a copy of its settings;
 *  - SSL_(CTX_)add1_to_CA_list, SSL_(CTX_)set0_CA_list and the get0s;
 *  - SSL_add_store_cert_subjects_to_stack: a file, a file: URI, a
 *    directory, a missing path;
 *  - SSL_bytes_to_cipher_list: TLS and SSLv2 formats, SCSVs, bad lengths;
 *  - SSL_check_chain: the CERT_PKEY_* flags of an ECDSA and an RSA chain on
 *    a fresh SSL, in a server's certificate callback and after handshakes
 *    (TLS 1.2 and 1.3), on a client without and with a certificate
 *    request.
 */
#include "common.h"

static int do_handshake(SSL *s) { return SSL_do_handshake(s); }

static int handshake(pair_t *p)
{
    int rc_c = 0, err_c = 0, rc_s = 0, err_s = 0;
    pair_drive(p, do_handshake, do_handshake, &rc_c, &err_c, &rc_s, &err_s);
    return rc_c == 1 && rc_s == 1;
}

static SSL_CTX *cctx_of(int version)
{
    SSL_CTX *c = client_ctx(SSL_VERIFY_PEER);
    CHECK(SSL_CTX_set_max_proto_version(c, version) == 1);
    return c;
}

/* One message each way; prints what arrived. */
static void exchange(const char *label, pair_t *p)
{
    char buf[64];
    int n;
    CHECK(SSL_write(p->c, "ping", 4) == 4);
    pair_move(p);
    n = SSL_read(p->s, buf, sizeof buf);
    printf("%s: server read %d %.*s\n", label, n, n > 0 ? n : 0, buf);
    pair_move(p);
    CHECK(SSL_write(p->s, "pong", 4) == 4);
    pair_move(p);
    n = SSL_read(p->c, buf, sizeof buf);
    printf("%s: client read %d %.*s\n", label, n, n > 0 ? n : 0, buf);
    pair_move(p);
}

/* ---- SSL_key_update -------------------------------------------------------- */

static void key_update(void)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *c13 = cctx_of(TLS1_3_VERSION), *c12 = cctx_of(TLS1_2_VERSION);
    pair_t p;

    SSL *fresh = SSL_new(c13);
    printf("key_update fresh: %d\n", SSL_key_update(fresh, SSL_KEY_UPDATE_REQUESTED));
    print_first_error("key_update fresh");
    printf("key_update fresh type: %d\n", SSL_get_key_update_type(fresh));
    SSL_free(fresh);

    pair_new_mem(&p, c12, sctx);
    CHECK(handshake(&p));
    printf("key_update tls12: %d\n", SSL_key_update(p.c, SSL_KEY_UPDATE_REQUESTED));
    print_first_error("key_update tls12");
    pair_free(&p);

    /* The server after its TLS 1.3 flight: the version is known, the
     * handshake not finished. */
    pair_new_mem(&p, c13, sctx);
    CHECK(SSL_do_handshake(p.c) == -1);
    pair_move(&p);
    CHECK(SSL_do_handshake(p.s) == -1);
    printf("key_update in init: %d\n", SSL_key_update(p.s, SSL_KEY_UPDATE_REQUESTED));
    print_first_error("key_update in init");
    printf("key_update in init bad type: %d\n", SSL_key_update(p.s, 7));
    print_first_error("key_update in init bad type");
    CHECK(handshake(&p));
    exchange("key_update tls13 first", &p);

    printf("key_update bad type: %d\n", SSL_key_update(p.c, 2));
    print_first_error("key_update bad type");
    int r = SSL_key_update(p.c, SSL_KEY_UPDATE_REQUESTED);
    printf("key_update requested: %d type %d in_init %d finished %d\n", r,
           SSL_get_key_update_type(p.c), SSL_in_init(p.c), SSL_is_init_finished(p.c));
    print_first_error("key_update requested");
    r = SSL_key_update(p.c, SSL_KEY_UPDATE_NOT_REQUESTED);
    printf("key_update again before sent: %d type %d\n", r, SSL_get_key_update_type(p.c));
    print_first_error("key_update again before sent");
    r = SSL_do_handshake(p.c);
    printf("key_update do_handshake: %d type %d in_init %d finished %d\n", r,
           SSL_get_key_update_type(p.c), SSL_in_init(p.c), SSL_is_init_finished(p.c));
    exchange("key_update after requested", &p);

    /* The other side, sent by a write. */
    r = SSL_key_update(p.s, SSL_KEY_UPDATE_NOT_REQUESTED);
    printf("key_update server: %d type %d\n", r, SSL_get_key_update_type(p.s));
    CHECK(SSL_write(p.s, "data", 4) == 4);
    printf("key_update server after write: type %d\n", SSL_get_key_update_type(p.s));
    pair_move(&p);
    {
        char buf[16];
        int n = SSL_read(p.c, buf, sizeof buf);
        printf("key_update client read %d %.*s\n", n, n > 0 ? n : 0, buf);
    }
    exchange("key_update after server's", &p);
    pair_free(&p);
    SSL_CTX_free(c13);
    SSL_CTX_free(c12);
    SSL_CTX_free(sctx);
}

/* ---- SSL_callback_ctrl ----------------------------------------------------- */

static void msg_cb(int write_p, int version, int content_type, const void *buf, size_t len,
                   SSL *ssl, void *arg)
{
    (void)write_p, (void)version, (void)content_type, (void)buf, (void)len, (void)ssl,
        (void)arg;
}

static void debug_cb(SSL *s, int client_server, int type, const unsigned char *data, int len,
                     void *arg)
{
    (void)s, (void)client_server, (void)type, (void)data, (void)len, (void)arg;
}

static void callback_ctrl(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s = SSL_new(ctx);
    long r = SSL_callback_ctrl(s, SSL_CTRL_SET_MSG_CALLBACK, (void (*)(void))msg_cb);
    printf("callback_ctrl msg: %ld\n", r);
    /* Ours says on the queue that the callback will not be called. */
    note_first_error("callback_ctrl msg");
    printf("callback_ctrl msg NULL: %ld\n",
           SSL_callback_ctrl(s, SSL_CTRL_SET_MSG_CALLBACK, NULL));
    print_first_error("callback_ctrl msg NULL");
    printf("callback_ctrl debug: %ld\n",
           SSL_callback_ctrl(s, SSL_CTRL_SET_TLSEXT_DEBUG_CB, (void (*)(void))debug_cb));
    print_first_error("callback_ctrl debug");
    printf("callback_ctrl unknown: %ld\n",
           SSL_callback_ctrl(s, 9999, (void (*)(void))debug_cb));
    print_first_error("callback_ctrl unknown");
    printf("callback_ctrl servername (a context command): %ld\n",
           SSL_callback_ctrl(s, SSL_CTRL_SET_TLSEXT_SERVERNAME_CB, (void (*)(void))debug_cb));
    print_first_error("callback_ctrl servername");
    SSL_free(s);
    SSL_CTX_free(ctx);
}

/* ---- early data ------------------------------------------------------------ */

/* Certificate callbacks: [0] the context's, [1] the connection's. */
static int cert_calls[2];

static int cert_cb(SSL *s, void *arg)
{
    (void)s;
    cert_calls[(intptr_t)arg]++;
    return 1;
}

static void early_data(const char *label, int version)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = cctx_of(version);
    pair_t p;
    unsigned char buf[64];
    /* The ClientHello callbacks run inside SSL_read_early_data. */
    SSL_CTX_set_cert_cb(sctx, cert_cb, (void *)0);
    cert_calls[0] = 0;
    size_t n = 99;
    int r;

    pair_new_mem(&p, cctx, sctx);
    r = SSL_write_early_data(p.c, "x", 1, &n);
    printf("%s: client write_early_data %d written %zu\n", label, r, n);
    print_first_error("client write_early_data");
    n = 99;
    r = SSL_read_early_data(p.c, buf, sizeof buf, &n);
    printf("%s: client read_early_data %d readbytes %zu\n", label, r, n);
    print_first_error("client read_early_data");

    /* Nothing from the client yet. */
    n = 99;
    r = SSL_read_early_data(p.s, buf, sizeof buf, &n);
    printf("%s: server read_early_data %d %s readbytes %zu\n", label, r,
           err_name(SSL_get_error(p.s, r)), n);
    print_first_error("server read_early_data (nothing)");
    CHECK(SSL_do_handshake(p.c) == -1);
    pair_move(&p);
    int steps = 0;
    for (;;) {
        n = 99;
        r = SSL_read_early_data(p.s, buf, sizeof buf, &n);
        steps++;
        if (r != SSL_READ_EARLY_DATA_ERROR)
            break;
        int e = SSL_get_error(p.s, r);
        printf("%s: server read_early_data step %d: %d %s\n", label, steps, r, err_name(e));
        if (e != SSL_ERROR_WANT_READ || steps > 5)
            break;
        pair_move(&p);
        r = SSL_do_handshake(p.c);
        printf("%s: client do_handshake %d\n", label, r);
        pair_move(&p);
    }
    printf("%s: server read_early_data %d readbytes %zu, in_init %d, early status %d\n", label,
           r, n, SSL_in_init(p.s), SSL_get_early_data_status(p.s));
    print_first_error("server read_early_data");
    n = 99;
    r = SSL_read_early_data(p.s, buf, sizeof buf, &n);
    printf("%s: server read_early_data again %d readbytes %zu\n", label, r, n);
    print_first_error("server read_early_data again");
    CHECK(handshake(&p));
    printf("%s: handshake done, %s, certificate callback calls %d\n", label,
           SSL_get_version(p.s), cert_calls[0]);
    exchange(label, &p);
    n = 99;
    r = SSL_write_early_data(p.c, "x", 1, &n);
    printf("%s: client write_early_data after handshake %d\n", label, r);
    print_first_error("client write_early_data after handshake");
    pair_free(&p);

    /* A server called after its handshake started some other way. */
    pair_new_mem(&p, cctx, sctx);
    CHECK(SSL_do_handshake(p.c) == -1);
    pair_move(&p);
    CHECK(SSL_do_handshake(p.s) == -1);
    r = SSL_read_early_data(p.s, buf, sizeof buf, &n);
    printf("%s: server read_early_data after accept %d\n", label, r);
    print_first_error("server read_early_data after accept");
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* ---- SSL_set_cert_cb ------------------------------------------------------- */

static void cert_cb_test(void)
{
    cert_calls[0] = cert_calls[1] = 0;
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = cctx_of(TLS1_3_VERSION);
    SSL_CTX_set_cert_cb(sctx, cert_cb, (void *)0);
    pair_t p;

    pair_new_mem(&p, cctx, sctx);
    CHECK(handshake(&p));
    printf("cert_cb context only: context %d connection %d\n", cert_calls[0], cert_calls[1]);
    pair_free(&p);

    cert_calls[0] = cert_calls[1] = 0;
    pair_new_mem(&p, cctx, sctx);
    SSL_set_cert_cb(p.s, cert_cb, (void *)1);
    CHECK(handshake(&p));
    printf("cert_cb connection's: context %d connection %d\n", cert_calls[0], cert_calls[1]);
    pair_free(&p);

    cert_calls[0] = cert_calls[1] = 0;
    pair_new_mem(&p, cctx, sctx);
    SSL_set_cert_cb(p.s, NULL, NULL);
    CHECK(handshake(&p));
    printf("cert_cb connection's NULL: context %d connection %d\n", cert_calls[0],
           cert_calls[1]);
    pair_free(&p);

    /* The connection's callback on a context that has none. */
    SSL_CTX *plain = server_ctx("server-chain.pem", "server.key");
    cert_calls[0] = cert_calls[1] = 0;
    pair_new_mem(&p, cctx, plain);
    SSL_set_cert_cb(p.s, cert_cb, (void *)1);
    CHECK(handshake(&p));
    printf("cert_cb connection only: context %d connection %d\n", cert_calls[0], cert_calls[1]);
    pair_free(&p);
    SSL_CTX_free(plain);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* ---- the server name on a server without callbacks -------------------------- */

static char info_name[64];

static void name_info_cb(const SSL *s, int where, int ret)
{
    (void)ret;
    if (where & SSL_CB_HANDSHAKE_DONE) {
        const char *n = SSL_get_servername(s, TLSEXT_NAMETYPE_host_name);
        snprintf(info_name, sizeof info_name, "%s", n ? n : "(null)");
    }
}

static void servername_plain(int version)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = cctx_of(version);
    pair_t p;
    for (int with_name = 0; with_name < 2; with_name++) {
        pair_new_mem(&p, cctx, sctx);
        if (with_name)
            CHECK(SSL_set_tlsext_host_name(p.c, "localhost") == 1);
        SSL_set_info_callback(p.s, name_info_cb);
        info_name[0] = 0;
        CHECK(handshake(&p));
        const char *n = SSL_get_servername(p.s, TLSEXT_NAMETYPE_host_name);
        printf("servername %s no callbacks: server %s type %d, at handshake done %s\n",
               version == TLS1_3_VERSION ? "TLS1.3" : "TLS1.2", n ? n : "(null)",
               SSL_get_servername_type(p.s), info_name);
        pair_free(&p);
    }
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* ---- methods --------------------------------------------------------------- */

static int num_ciphers(STACK_OF(SSL_CIPHER) *sk) { return sk ? sk_SSL_CIPHER_num(sk) : -1; }

static void methods(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    int before = num_ciphers(SSL_CTX_get_ciphers(ctx));
    CHECK(SSL_CTX_set_cipher_list(ctx, "ECDHE-RSA-AES128-GCM-SHA256") == 1);
    CHECK(SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256") == 1);
    printf("set_ssl_version: narrowed %d\n", num_ciphers(SSL_CTX_get_ciphers(ctx)));
    int r = SSL_CTX_set_ssl_version(ctx, TLS_client_method());
    printf("set_ssl_version client: %d, method is client %d, ciphers back %d\n", r,
           SSL_CTX_get_ssl_method(ctx) == TLS_client_method(),
           num_ciphers(SSL_CTX_get_ciphers(ctx)) == before);
    print_first_error("set_ssl_version");
    SSL *s = SSL_new(ctx);
    printf("set_ssl_version: new SSL is_server %d method is client %d\n", SSL_is_server(s),
           SSL_get_ssl_method(s) == TLS_client_method());
    SSL_free(s);

    /* A TLS 1.2 method: the connection speaks TLS 1.2 only. */
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    printf("set_ssl_version tls1_2: %d\n", SSL_CTX_set_ssl_version(cctx, TLSv1_2_client_method()));
    pair_t p;
    pair_new_mem(&p, cctx, sctx);
    printf("set_ssl_version tls1_2: SSL_version 0x%x\n", SSL_version(p.c));
    CHECK(handshake(&p));
    printf("set_ssl_version tls1_2: negotiated %s\n", SSL_get_version(p.c));
    pair_free(&p);
    SSL_CTX_free(cctx);

    /* SSL_set_ssl_method on one connection: the method and the version
     * reported before the handshake change. (OpenSSL 3.0 still negotiates
     * what the context allows: TLS 1.3 here. The test leaves that alone.) */
    cctx = client_ctx(SSL_VERIFY_PEER);
    pair_new_mem(&p, cctx, sctx);
    r = SSL_set_ssl_method(p.c, TLS_client_method());
    printf("set_ssl_method same: %d\n", r);
    /* A version-flexible method's SSL_version before the handshake: OpenSSL
     * 0x304, ours TLS_ANY_VERSION (not compared). */
    printf("# set_ssl_method same: version 0x%x\n", SSL_version(p.c));
    r = SSL_set_ssl_method(p.c, TLSv1_2_client_method());
    printf("set_ssl_method tls1_2: %d method %d ctx method unchanged %d version 0x%x\n", r,
           SSL_get_ssl_method(p.c) == TLSv1_2_client_method(),
           SSL_CTX_get_ssl_method(cctx) == TLS_client_method(), SSL_version(p.c));
    r = SSL_set_ssl_method(p.c, TLS_method());
    printf("set_ssl_method back to flexible: %d\n", r);
    printf("# set_ssl_method back to flexible: version 0x%x\n", SSL_version(p.c));
    pair_free(&p);

    /* A connecting SSL given a server-only method keeps connecting: it
     * cannot. */
    pair_new_mem(&p, cctx, sctx);
    r = SSL_set_ssl_method(p.c, TLS_server_method());
    printf("set_ssl_method server-only: %d is_server %d\n", r, SSL_is_server(p.c));
    r = SSL_do_handshake(p.c);
    printf("set_ssl_method server-only: do_handshake %d %s\n", r,
           err_name(SSL_get_error(p.c, r)));
    print_first_error("set_ssl_method server-only");
    pair_free(&p);

    /* A server SSL made from a client-only context, given a server method. */
    SSL_CTX *sboth = server_ctx("server-chain.pem", "server.key");
    CHECK(SSL_CTX_set_ssl_version(sboth, TLS_client_method()) == 1);
    pair_new_mem(&p, cctx, sboth);
    printf("set_ssl_method server from client ctx: is_server %d\n", SSL_is_server(p.s));
    r = SSL_do_handshake(p.s);
    printf("set_ssl_method client-only accept: %d\n", r);
    print_first_error("set_ssl_method client-only accept");
    CHECK(SSL_set_ssl_method(p.s, TLS_server_method()) == 1);
    SSL_set_accept_state(p.s);
    printf("set_ssl_method server: handshake %d\n", handshake(&p));
    pair_free(&p);
    SSL_CTX_free(sboth);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    SSL_CTX_free(ctx);
}

/* ---- SSL_dup --------------------------------------------------------------- */

static int info_calls;
static void info_cb(const SSL *s, int where, int ret)
{
    (void)s, (void)where, (void)ret;
    info_calls++;
}

static int verify_cb(int ok, X509_STORE_CTX *x) { (void)x; return ok; }

static void dup_test(void)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_NONE);
    int idx = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    pair_t p;

    SSL *s = SSL_new(cctx);
    SSL_set_options(s, SSL_OP_NO_TICKET);
    SSL_set_mode(s, SSL_MODE_ENABLE_PARTIAL_WRITE);
    SSL_set_verify(s, SSL_VERIFY_PEER, verify_cb);
    SSL_set_verify_depth(s, 3);
    CHECK(SSL_set_tlsext_host_name(s, "localhost") == 1);
    CHECK(SSL_set1_host(s, "localhost") == 1);
    CHECK(SSL_set_session_id_context(s, (const unsigned char *)"dup", 3) == 1);
    CHECK(SSL_set_cipher_list(s, "ECDHE-ECDSA-AES128-GCM-SHA256") == 1);
    CHECK(SSL_set_max_proto_version(s, TLS1_2_VERSION) == 1);
    SSL_set_info_callback(s, info_cb);
    CHECK(SSL_set_ex_data(s, idx, (void *)&info_calls) == 1);
    X509 *ca = read_cert("ca.pem");
    CHECK(SSL_add_client_CA(s, ca) == 1);
    CHECK(SSL_add1_to_CA_list(s, ca) == 1);
    SSL_set_connect_state(s);
    BIO *rb = BIO_new(BIO_s_mem()), *wb = BIO_new(BIO_s_mem());
    SSL_set_bio(s, rb, wb);

    SSL *d = SSL_dup(s);
    CHECK(d != NULL);
    printf("dup fresh: same %d in_before %d is_server %d\n", d == s, SSL_in_before(d),
           SSL_is_server(d));
    printf("dup fresh: options has no_ticket %d mode partial %d verify %d depth %d cb %d\n",
           (SSL_get_options(d) & SSL_OP_NO_TICKET) != 0,
           (SSL_get_mode(d) & SSL_MODE_ENABLE_PARTIAL_WRITE) != 0, SSL_get_verify_mode(d),
           SSL_get_verify_depth(d), SSL_get_verify_callback(d) == verify_cb);
    printf("dup fresh: rbio %d wbio %d sni %s info cb %d ex_data %d\n",
           SSL_get_rbio(d) != NULL, SSL_get_wbio(d) != NULL,
           SSL_get_servername(d, TLSEXT_NAMETYPE_host_name) ? "set" : "none",
           SSL_get_info_callback(d) == info_cb,
           SSL_get_ex_data(d, idx) == (void *)&info_calls);
    printf("dup fresh: max proto 0x%lx, ciphers %d, CA list %d (own %d)\n",
           SSL_get_max_proto_version(d), num_ciphers(SSL_get_ciphers(d)),
           sk_X509_NAME_num(SSL_get0_CA_list(d)), SSL_get0_CA_list(d) != SSL_get0_CA_list(s));
    printf("dup fresh: ctx same %d\n", SSL_get_SSL_CTX(d) == cctx);
    /* The copy connects on its own BIOs. */
    p.c = d;
    p.s = SSL_new(sctx);
    CHECK(p.s != NULL);
    p.c_in = p.c_out = p.s_in = p.s_out = NULL;
    p.cap = 0;
    p.kernel = 0;
    pair_attach_mem(&p);
    SSL_set_accept_state(p.s);
    int ok = handshake(&p);
    print_error_code("dup fresh handshake client", p.err_c);
    print_error_code("dup fresh handshake server", p.err_s);
    printf("dup fresh: handshake %d version %s cipher %s\n", ok, SSL_get_version(p.c),
           SSL_CIPHER_get_name(SSL_get_current_cipher(p.c)));
    printf("dup fresh: verify result %ld\n", SSL_get_verify_result(p.c));

    /* Started: the same object. */
    SSL *d2 = SSL_dup(p.c);
    printf("dup started: same %d\n", d2 == p.c);
    SSL_free(d2);
    exchange("dup started", &p);
    pair_free(&p);
    SSL_free(s);
    X509_free(ca);

    /* A server SSL with no role chosen. */
    SSL *ss = SSL_new(sctx);
    SSL *sd = SSL_dup(ss);
    printf("dup server: same %d is_server %d\n", sd == ss, SSL_is_server(sd));
    SSL_free(sd);
    SSL_free(ss);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* ---- the CA list ----------------------------------------------------------- */

static void print_names(const char *label, const STACK_OF(X509_NAME) *sk)
{
    if (sk == NULL) {
        printf("%s: NULL\n", label);
        return;
    }
    printf("%s: %d\n", label, sk_X509_NAME_num(sk));
    for (int i = 0; i < sk_X509_NAME_num(sk); i++) {
        char buf[256];
        X509_NAME_oneline(sk_X509_NAME_value(sk, i), buf, sizeof buf);
        printf("%s:   %s\n", label, buf);
    }
}

static void ca_list(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    X509 *ca = read_cert("ca.pem"), *srv = read_cert("server.pem");
    SSL *early = SSL_new(ctx);
    print_names("ca_list new ctx", SSL_CTX_get0_CA_list(ctx));
    printf("ca_list ctx add NULL: %d\n", SSL_CTX_add1_to_CA_list(ctx, NULL));
    print_first_error("ca_list ctx add NULL");
    printf("ca_list ctx add: %d\n", SSL_CTX_add1_to_CA_list(ctx, ca));
    printf("ca_list ctx add again: %d\n", SSL_CTX_add1_to_CA_list(ctx, ca));
    print_names("ca_list ctx", SSL_CTX_get0_CA_list(ctx));
    printf("ca_list ctx get0 stable: %d\n", SSL_CTX_get0_CA_list(ctx) == SSL_CTX_get0_CA_list(ctx));
    /* A connection without a list of its own reads its context's. */
    print_names("ca_list ssl made before", SSL_get0_CA_list(early));
    printf("ca_list ssl is ctx's: %d\n", SSL_get0_CA_list(early) == SSL_CTX_get0_CA_list(ctx));
    SSL *s = SSL_new(ctx);
    printf("ca_list ssl add: %d\n", SSL_add1_to_CA_list(s, srv));
    print_names("ca_list ssl", SSL_get0_CA_list(s));
    print_names("ca_list ctx after ssl add", SSL_CTX_get0_CA_list(ctx));
    /* set0 takes the stack; NULL drops the connection's own list. */
    STACK_OF(X509_NAME) *sk = sk_X509_NAME_new_null();
    CHECK(sk != NULL);
    CHECK(sk_X509_NAME_push(sk, X509_NAME_dup(X509_get_subject_name(srv))) > 0);
    SSL_CTX_set0_CA_list(ctx, sk);
    printf("ca_list ctx set0 same stack: %d\n", SSL_CTX_get0_CA_list(ctx) == sk);
    print_names("ca_list ctx set0", SSL_CTX_get0_CA_list(ctx));
    printf("ca_list ctx add after set0: %d\n", SSL_CTX_add1_to_CA_list(ctx, ca));
    print_names("ca_list ctx", SSL_CTX_get0_CA_list(ctx));
    SSL_set0_CA_list(s, NULL);
    print_names("ca_list ssl set0 NULL", SSL_get0_CA_list(s));
    sk = sk_X509_NAME_new_null();
    SSL_set0_CA_list(s, sk);
    printf("ca_list ssl set0 same stack: %d\n", SSL_get0_CA_list(s) == sk);
    print_names("ca_list ssl set0 empty", SSL_get0_CA_list(s));
    SSL_CTX_set0_CA_list(ctx, NULL);
    print_names("ca_list ctx set0 NULL", SSL_CTX_get0_CA_list(ctx));
    print_names("ca_list early ssl after ctx NULL", SSL_get0_CA_list(early));
    printf("ca_list ctx add after NULL: %d\n", SSL_CTX_add1_to_CA_list(ctx, srv));
    print_names("ca_list ctx", SSL_CTX_get0_CA_list(ctx));
    /* The client CA list is another list. */
    print_names("ca_list client CA list", SSL_CTX_get_client_CA_list(ctx));
    SSL_free(early);
    SSL_free(s);
    X509_free(ca);
    X509_free(srv);
    SSL_CTX_free(ctx);
}

/* ---- SSL_add_store_cert_subjects_to_stack ---------------------------------- */

static void store_subjects(void)
{
    char uri[600];
    STACK_OF(X509_NAME) *sk = sk_X509_NAME_new_null();
    CHECK(sk != NULL);
    printf("store file: %d\n", SSL_add_store_cert_subjects_to_stack(sk, cert("server-chain.pem")));
    print_first_error("store file");
    print_names("store file", sk);
    char abs[512];
    CHECK(realpath(cert("ca.pem"), abs) != NULL);
    snprintf(uri, sizeof uri, "file:%s", abs);
    printf("store file: uri: %d\n", SSL_add_store_cert_subjects_to_stack(sk, uri));
    print_first_error("store file: uri");
    print_names("store after uri", sk);
    printf("store file again: %d\n", SSL_add_store_cert_subjects_to_stack(sk, cert("server-chain.pem")));
    printf("store file again: %d names\n", sk_X509_NAME_num(sk));
    sk_X509_NAME_pop_free(sk, X509_NAME_free);

    sk = sk_X509_NAME_new_null();
    printf("store dir: %d\n", SSL_add_store_cert_subjects_to_stack(sk, cert("cadir")));
    print_first_error("store dir");
    /* readdir order: only the count and the sorted names are compared. */
    printf("store dir names: %d\n", sk_X509_NAME_num(sk));
    sk_X509_NAME_pop_free(sk, X509_NAME_free);

    sk = sk_X509_NAME_new_null();
    printf("store missing: %d\n", SSL_add_store_cert_subjects_to_stack(sk, cert("nonexistent.pem")));
    note_first_error("store missing");
    ERR_clear_error();
    print_names("store missing", sk);
    printf("store key file: %d\n", SSL_add_store_cert_subjects_to_stack(sk, cert("server.key")));
    note_first_error("store key file");
    print_names("store key file", sk);
    sk_X509_NAME_pop_free(sk, X509_NAME_free);
}

/* ---- SSL_bytes_to_cipher_list ---------------------------------------------- */

static void print_ciphers(const char *label, STACK_OF(SSL_CIPHER) *sk)
{
    if (sk == NULL) {
        printf("%s: NULL\n", label);
        return;
    }
    printf("%s: %d", label, sk_SSL_CIPHER_num(sk));
    for (int i = 0; i < sk_SSL_CIPHER_num(sk); i++) {
        const SSL_CIPHER *c = sk_SSL_CIPHER_value(sk, i);
        printf(" %s/%04x", SSL_CIPHER_get_name(c), SSL_CIPHER_get_protocol_id(c));
    }
    printf("\n");
}

static void bytes_to_ciphers(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s = SSL_new(ctx);
    STACK_OF(SSL_CIPHER) *sk = NULL, *scsvs = NULL;
    /* Known suites, the renegotiation and fallback SCSVs. */
    static const unsigned char tls[] = {0x13, 0x02, 0xc0, 0x2f, 0x00, 0xff,
                                        0x56, 0x00, 0x13, 0x01, 0xcc, 0xa8};
    static const unsigned char v2[] = {0x00, 0x13, 0x02, 0x01, 0x00, 0x80,
                                       0x00, 0xc0, 0x2b, 0x00, 0x00, 0xff};
    int r = SSL_bytes_to_cipher_list(s, tls, sizeof tls, 0, &sk, &scsvs);
    printf("bytes tls: %d\n", r);
    print_ciphers("bytes tls ciphers", sk);
    print_ciphers("bytes tls scsvs", scsvs);
    sk_SSL_CIPHER_free(sk);
    sk_SSL_CIPHER_free(scsvs);
    sk = scsvs = NULL;
    r = SSL_bytes_to_cipher_list(s, v2, sizeof v2, 1, &sk, &scsvs);
    printf("bytes v2: %d\n", r);
    print_ciphers("bytes v2 ciphers", sk);
    print_ciphers("bytes v2 scsvs", scsvs);
    sk_SSL_CIPHER_free(sk);
    sk_SSL_CIPHER_free(scsvs);
    sk = scsvs = NULL;
    r = SSL_bytes_to_cipher_list(s, tls, 4, 0, &sk, NULL);
    printf("bytes no scsvs out: %d\n", r);
    print_ciphers("bytes no scsvs out", sk);
    sk_SSL_CIPHER_free(sk);
    sk = NULL;
    r = SSL_bytes_to_cipher_list(s, tls, 4, 0, NULL, NULL);
    printf("bytes no outs: %d\n", r);
    print_first_error("bytes no outs");
    sk = (STACK_OF(SSL_CIPHER) *)1;
    r = SSL_bytes_to_cipher_list(s, tls, 3, 0, &sk, &scsvs);
    printf("bytes odd: %d untouched %d\n", r, sk == (STACK_OF(SSL_CIPHER) *)1);
    print_first_error("bytes odd");
    r = SSL_bytes_to_cipher_list(s, tls, 4, 1, &sk, &scsvs);
    printf("bytes v2 not multiple of 3: %d\n", r);
    print_first_error("bytes v2 not multiple of 3");
    r = SSL_bytes_to_cipher_list(s, tls, 0, 0, &sk, &scsvs);
    printf("bytes empty: %d\n", r);
    print_first_error("bytes empty");
    sk = NULL;
    /* Unknown suites are left out. */
    static const unsigned char unknown[] = {0xfe, 0xfe, 0xc0, 0x2c, 0x0a, 0x0a};
    r = SSL_bytes_to_cipher_list(s, unknown, sizeof unknown, 0, &sk, &scsvs);
    printf("bytes unknown: %d\n", r);
    print_ciphers("bytes unknown ciphers", sk);
    print_ciphers("bytes unknown scsvs", scsvs);
    sk_SSL_CIPHER_free(sk);
    sk_SSL_CIPHER_free(scsvs);
    SSL_free(s);
    SSL_CTX_free(ctx);
}

/* ---- SSL_check_chain ------------------------------------------------------- */

static EVP_PKEY *read_key(const char *name)
{
    FILE *f = fopen(cert(name), "r");
    CHECK(f != NULL);
    EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    CHECK(k != NULL);
    return k;
}

/* The certificates of a chain file after its first. */
static STACK_OF(X509) *chain_above(const char *name)
{
    STACK_OF(X509) *sk = sk_X509_new_null();
    FILE *f = fopen(cert(name), "r");
    CHECK(sk != NULL && f != NULL);
    X509 *x;
    int first = 1;
    while ((x = PEM_read_X509(f, NULL, NULL, NULL)) != NULL) {
        if (first)
            X509_free(x);
        else
            CHECK(sk_X509_push(sk, x) > 0);
        first = 0;
    }
    ERR_clear_error();
    fclose(f);
    return sk;
}

static struct {
    X509 *ec, *rsa;
    EVP_PKEY *ec_key, *rsa_key;
    STACK_OF(X509) *ec_chain, *rsa_chain;
    int in_cb[2], calls;
} cc;

static void print_chain_flags(const char *label, SSL *s)
{
    printf("%s: ec %#x rsa %#x ec without chain %#x\n", label,
           SSL_check_chain(s, cc.ec, cc.ec_key, cc.ec_chain),
           SSL_check_chain(s, cc.rsa, cc.rsa_key, cc.rsa_chain),
           SSL_check_chain(s, cc.ec, cc.ec_key, NULL));
}

static int check_chain_cb(SSL *s, void *arg)
{
    (void)arg;
    cc.in_cb[0] = SSL_check_chain(s, cc.ec, cc.ec_key, cc.ec_chain);
    cc.in_cb[1] = SSL_check_chain(s, cc.rsa, cc.rsa_key, cc.rsa_chain);
    cc.calls++;
    return 1;
}

static void check_chain(void)
{
    cc.ec = read_cert("server.pem");
    cc.rsa = read_cert("server-rsa.pem");
    cc.ec_key = read_key("server.key");
    cc.rsa_key = read_key("server-rsa.key");
    cc.ec_chain = chain_above("server-chain.pem");
    cc.rsa_chain = chain_above("server-rsa-chain.pem");

    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s = SSL_new(ctx);
    print_chain_flags("check_chain fresh", s);
    printf("check_chain fresh: key of another kind %#x, no certificate %d, no key %d\n",
           SSL_check_chain(s, cc.ec, cc.rsa_key, cc.ec_chain),
           SSL_check_chain(s, NULL, cc.ec_key, NULL), SSL_check_chain(s, cc.ec, NULL, NULL));
    print_first_error("check_chain fresh");
    SSL_set_connect_state(s);
    print_chain_flags("check_chain fresh client", s);
    SSL_free(s);
    SSL_CTX_free(ctx);

    for (int v = 0; v < 2; v++) {
        const char *label = v ? "check_chain tls12" : "check_chain tls13";
        char l[64];
        SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
        SSL_CTX *cctx = cctx_of(v ? TLS1_2_VERSION : TLS1_3_VERSION);
        SSL_CTX_set_cert_cb(sctx, check_chain_cb, NULL);
        cc.calls = 0;
        pair_t p;
        pair_new_mem(&p, cctx, sctx);
        CHECK(handshake(&p));
        printf("%s: in the certificate callback (%d call): ec %#x rsa %#x\n", label, cc.calls,
               cc.in_cb[0], cc.in_cb[1]);
        pair_free(&p);

        /* A client offering ECDSA with SHA-256 only: no RSA chain. */
        SSL_CTX *narrow = cctx_of(v ? TLS1_2_VERSION : TLS1_3_VERSION);
        CHECK(SSL_CTX_set1_sigalgs_list(narrow, "ECDSA+SHA256") == 1);
        pair_new_mem(&p, narrow, sctx);
        CHECK(handshake(&p));
        printf("%s: client offering ECDSA+SHA256, in the callback: ec %#x rsa %#x\n", label,
               cc.in_cb[0], cc.in_cb[1]);
        pair_free(&p);
        SSL_CTX_free(narrow);
        pair_new_mem(&p, cctx, sctx);
        CHECK(handshake(&p));
        snprintf(l, sizeof l, "%s server after", label);
        print_chain_flags(l, p.s);
        snprintf(l, sizeof l, "%s client after", label);
        print_chain_flags(l, p.c);
        pair_free(&p);

        /* A certificate request: the client's view of its own chain. */
        CHECK(SSL_CTX_load_verify_locations(sctx, cert("ca.pem"), NULL) == 1);
        SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER, NULL);
        pair_new_mem(&p, cctx, sctx);
        CHECK(handshake(&p));
        printf("%s client after a certificate request: ec %#x rsa %#x\n", label,
               SSL_check_chain(p.c, cc.ec, cc.ec_key, cc.ec_chain),
               SSL_check_chain(p.c, cc.rsa, cc.rsa_key, cc.rsa_chain));
        pair_free(&p);
        SSL_CTX_free(cctx);
        SSL_CTX_free(sctx);
    }
    X509_free(cc.ec);
    X509_free(cc.rsa);
    EVP_PKEY_free(cc.ec_key);
    EVP_PKEY_free(cc.rsa_key);
    sk_X509_pop_free(cc.ec_chain, X509_free);
    sk_X509_pop_free(cc.rsa_chain, X509_free);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    key_update();
    callback_ctrl();
    early_data("early tls13", TLS1_3_VERSION);
    early_data("early tls12", TLS1_2_VERSION);
    cert_cb_test();
    servername_plain(TLS1_3_VERSION);
    servername_plain(TLS1_2_VERSION);
    methods();
    dup_test();
    ca_list();
    store_subjects();
    bytes_to_ciphers();
    check_chain();
    printf("done\n");
    return 0;
}
