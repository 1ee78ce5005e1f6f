/*
 * API basics that need no peer: version number, option/mode arithmetic,
 * cipher/ciphersuite/group strings, protocol version bounds, verify settings,
 * ex_data, alert strings, reference counts, certificate/key loading, and
 * properties of a fresh SSL before any handshake.
 */
#include "common.h"

static void version_num(void)
{
    printf("OpenSSL_version_num >= 0x30000000: %d\n",
           OpenSSL_version_num() >= 0x30000000UL);
    printf("SSL_library_init %d\n", SSL_library_init());
    SSL_load_error_strings();
    OpenSSL_add_all_algorithms();
    printf("OPENSSL_init_crypto %d\n", OPENSSL_init_crypto(0, NULL));
}

static void options_modes(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    CHECK(ctx != NULL);
    printf("== options/modes\n");
    uint64_t o0 = SSL_CTX_get_options(ctx);
    printf("ctx default options 0x%llx\n", (unsigned long long)o0);
    uint64_t o1 = SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_CIPHER_SERVER_PREFERENCE);
    printf("set_options returns 0x%llx (= old | new: %d)\n", (unsigned long long)o1,
           o1 == (o0 | SSL_OP_NO_TICKET | SSL_OP_CIPHER_SERVER_PREFERENCE));
    uint64_t o2 = SSL_CTX_clear_options(ctx, SSL_OP_NO_TICKET);
    printf("clear_options returns 0x%llx\n", (unsigned long long)o2);
    printf("get_options 0x%llx\n", (unsigned long long)SSL_CTX_get_options(ctx));
    printf("set_options(0) 0x%llx\n", (unsigned long long)SSL_CTX_set_options(ctx, 0));
    printf("ignore_unexpected_eof bit 0x%llx\n",
           (unsigned long long)SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF) &
               SSL_OP_IGNORE_UNEXPECTED_EOF);

    long m0 = SSL_CTX_set_mode(ctx, 0);
    printf("ctx default mode 0x%lx\n", m0);
    long m1 = SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
                                        SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    printf("ctx set_mode returns 0x%lx\n", m1);

    SSL *ssl = SSL_new(ctx);
    CHECK(ssl != NULL);
    printf("ssl inherits mode 0x%lx\n", SSL_get_mode(ssl));
    printf("ssl set_mode 0x%lx\n", SSL_set_mode(ssl, SSL_MODE_RELEASE_BUFFERS));
    printf("ssl get_mode 0x%lx\n", SSL_get_mode(ssl));
    printf("ssl set_options 0x%llx\n",
           (unsigned long long)SSL_set_options(ssl, SSL_OP_NO_TLSv1_3));
    printf("ctx options unchanged by ssl 0x%llx\n", (unsigned long long)SSL_CTX_get_options(ctx));
    printf("session_cache_mode old 0x%lx\n",
           SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF));
    printf("session_cache_mode old 0x%lx\n",
           SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT));
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

static void cipher_strings(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    CHECK(ctx != NULL);
    printf("== cipher strings\n");
    static const char *lists[] = {
        "HIGH:!aNULL", "ECDHE-ECDSA-AES128-GCM-SHA256",
        "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305",
        "NOTHING-VALID", "",
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        printf("set_cipher_list \"%s\" %d\n", lists[i], SSL_CTX_set_cipher_list(ctx, lists[i]));
        ERR_clear_error();
    }
    /* Commands: @SECLEVEL=n sets the context's (or connection's)
     * security level, even straight after a name (Node.js writes
     * "ALL@SECLEVEL=0"); an unknown command fails and changes nothing. */
    static const char *commands[] = {
        "ALL@SECLEVEL=0", "DEFAULT@SECLEVEL=1", "ECDHE-RSA-AES128-GCM-SHA256@SECLEVEL=3",
        "HIGH:@SECLEVEL=4", "ALL@STRENGTH", "ALL@FOO", "ALL+@SECLEVEL=0", "ALL@SECLEVEL=9",
    };
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        SSL_CTX *c = SSL_CTX_new(TLS_method());
        CHECK(c != NULL);
        int r = SSL_CTX_set_cipher_list(c, commands[i]);
        unsigned long e = ERR_peek_error();
        printf("set_cipher_list \"%s\" %d level %d reason %d\n", commands[i], r,
               SSL_CTX_get_security_level(c), ERR_GET_REASON(e));
        ERR_clear_error();
        SSL *s = SSL_new(c);
        CHECK(s != NULL);
        r = SSL_set_cipher_list(s, "ECDHE@SECLEVEL=1");
        printf("  SSL_set_cipher_list level %d (ctx %d) %d\n", SSL_get_security_level(s),
               SSL_CTX_get_security_level(c), r);
        SSL_free(s);
        SSL_CTX_free(c);
    }
    static const char *suites[] = {
        "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256",
        "TLS_AES_256_GCM_SHA384", "TLS_NOT_A_SUITE",
    };
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        printf("set_ciphersuites \"%s\" %d\n", suites[i], SSL_CTX_set_ciphersuites(ctx, suites[i]));
        ERR_clear_error();
    }
    static const char *groups[] = {"X25519:P-256", "P-384", "nonsense"};
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
        printf("set1_groups_list \"%s\" %ld\n", groups[i],
               (long)SSL_CTX_set1_groups_list(ctx, groups[i]));
        ERR_clear_error();
    }
    SSL_CTX_free(ctx);
}

static void proto_versions(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    CHECK(ctx != NULL);
    printf("== protocol version bounds\n");
    printf("set_min TLS1_2 %d\n", (int)SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION));
    printf("set_max TLS1_3 %d\n", (int)SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION));
    printf("set_min 0 %d\n", (int)SSL_CTX_set_min_proto_version(ctx, 0));
    printf("set_max 0 %d\n", (int)SSL_CTX_set_max_proto_version(ctx, 0));
    printf("set_min 0x1234 %d\n", (int)SSL_CTX_set_min_proto_version(ctx, 0x1234));
    ERR_clear_error();
    SSL_CTX_free(ctx);
}

static void verify_settings(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    CHECK(ctx != NULL);
    printf("== verify settings\n");
    printf("default verify mode %d\n", SSL_CTX_get_verify_mode(ctx));
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    printf("verify mode %d\n", SSL_CTX_get_verify_mode(ctx));
    SSL_CTX_set_verify_depth(ctx, 3);
    printf("load_verify_locations file %d\n",
           SSL_CTX_load_verify_locations(ctx, cert("ca.pem"), NULL));
    printf("load_verify_locations dir %d\n",
           SSL_CTX_load_verify_locations(ctx, NULL, cert("cadir")));
    printf("load_verify_locations missing file %d\n",
           SSL_CTX_load_verify_locations(ctx, cert("no-such-file.pem"), NULL));
    ERR_clear_error();
    printf("set_default_verify_paths %d\n", SSL_CTX_set_default_verify_paths(ctx));
    ERR_clear_error();
    SSL_CTX_free(ctx);
}

static void key_loading(void)
{
    static const char *pairs[][2] = {
        {"server-chain.pem", "server.key"},
        {"server-chain.pem", "server-ec.key"},
        {"server-rsa-chain.pem", "server-rsa.key"},
        {"server-rsa-chain.pem", "server-rsa-pkcs8.key"},
        {"server.pem", "server-rsa.key"}, /* mismatch */
    };
    printf("== certificate and key loading\n");
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
        int a = SSL_CTX_use_certificate_chain_file(ctx, cert(pairs[i][0]));
        int b = SSL_CTX_use_PrivateKey_file(ctx, cert(pairs[i][1]), SSL_FILETYPE_PEM);
        ERR_clear_error();
        int c = SSL_CTX_check_private_key(ctx);
        printf("%s + %s: chain %d key %d check %d\n", pairs[i][0], pairs[i][1], a, b, c);
        ERR_clear_error();
        SSL_CTX_free(ctx);
    }
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    printf("use_certificate_file PEM %d\n",
           SSL_CTX_use_certificate_file(ctx, cert("server.pem"), SSL_FILETYPE_PEM));
    printf("check_private_key without key %d\n", SSL_CTX_check_private_key(ctx));
    ERR_clear_error();
    printf("use_certificate_file missing %d\n",
           SSL_CTX_use_certificate_file(ctx, cert("missing.pem"), SSL_FILETYPE_PEM));
    ERR_clear_error();
    printf("use_PrivateKey_file on a cert %d\n",
           SSL_CTX_use_PrivateKey_file(ctx, cert("ca.pem"), SSL_FILETYPE_PEM));
    ERR_clear_error();
    SSL_CTX_free(ctx);
}

static int ctx_frees;
static void ctx_free_cb(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx,
                        long argl, void *argp)
{
    (void)parent; (void)ad; (void)idx; (void)argp;
    if (ptr != NULL && argl == 42)
        ctx_frees++;
}

/* SSL and SSL_SESSION callbacks: the new callback sees the object being
 * made, the free callback each set value, and another of the object's
 * values is still readable from inside it. */
static int ssl_news, ssl_frees, ssl_other_seen, sess_frees, ssl_other_idx;
static void *ssl_new_parent;
static void ssl_new_cb(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx,
                       long argl, void *argp)
{
    (void)ad; (void)idx; (void)argp;
    if (ptr == NULL && argl == 7) {
        ssl_news++;
        ssl_new_parent = parent;
    }
}
static void ssl_free_cb(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx,
                        long argl, void *argp)
{
    (void)ad; (void)idx; (void)argp;
    if (ptr != NULL && argl == 7) {
        ssl_frees++;
        if (SSL_get_ex_data(parent, ssl_other_idx) == ptr)
            ssl_other_seen++;
    }
}
static void sess_free_cb(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx,
                         long argl, void *argp)
{
    (void)parent; (void)ad; (void)idx; (void)argp;
    if (ptr != NULL && argl == 9)
        sess_frees++;
}

static void ex_data_callbacks(void)
{
    static int value;
    printf("== ex_data callbacks\n");
    int idx = SSL_get_ex_new_index(7, NULL, ssl_new_cb, NULL, ssl_free_cb);
    ssl_other_idx = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
    printf("ssl indices distinct %d\n", idx > 0 && ssl_other_idx > idx);
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    printf("ssl new callbacks %d parent is the SSL %d\n", ssl_news, ssl_new_parent == ssl);
    SSL_set_ex_data(ssl, idx, &value);
    SSL_set_ex_data(ssl, ssl_other_idx, &value);
    SSL_free(ssl);
    printf("ssl free callbacks %d other value seen %d\n", ssl_frees, ssl_other_seen);
    ssl = SSL_new(ctx); /* nothing set: the free callback gets NULL */
    SSL_free(ssl);
    printf("ssl new callbacks %d free callbacks with a value %d\n", ssl_news, ssl_frees);
    SSL_CTX_free(ctx);

    int sidx = SSL_SESSION_get_ex_new_index(9, NULL, NULL, NULL, sess_free_cb);
    SSL_SESSION *sess = SSL_SESSION_new();
    printf("session set %d\n", SSL_SESSION_set_ex_data(sess, sidx, &value));
    SSL_SESSION *copy = SSL_SESSION_dup(sess);
    printf("session dup keeps the value %d\n", SSL_SESSION_get_ex_data(copy, sidx) == &value);
    SSL_SESSION_free(sess);
    SSL_SESSION_free(copy);
    printf("session free callbacks %d\n", sess_frees);
}

static void ex_data_refs(void)
{
    static int marker1, marker2;
    printf("== ex_data and reference counts\n");
    int idx = SSL_CTX_get_ex_new_index(42, NULL, NULL, NULL, ctx_free_cb);
    printf("ctx ex index valid %d\n", idx >= 0);
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    printf("ctx get unset %d\n", SSL_CTX_get_ex_data(ctx, idx) == NULL);
    printf("ctx set %d\n", SSL_CTX_set_ex_data(ctx, idx, &marker1));
    printf("ctx get same %d\n", SSL_CTX_get_ex_data(ctx, idx) == &marker1);
    SSL *ssl = SSL_new(ctx);
    printf("ssl set app data %d\n", SSL_set_ex_data(ssl, 0, &marker2));
    printf("ssl get same %d\n", SSL_get_ex_data(ssl, 0) == &marker2);
    printf("ssl get_SSL_CTX same %d\n", SSL_get_SSL_CTX(ssl) == ctx);

    printf("ctx up_ref %d\n", SSL_CTX_up_ref(ctx));
    SSL_CTX_free(ctx);
    printf("ctx alive after one free %d\n", SSL_CTX_get_ex_data(ctx, idx) == &marker1);
    printf("ssl up_ref %d\n", SSL_up_ref(ssl));
    SSL_free(ssl);
    printf("ssl alive after one free %d\n", SSL_get_ex_data(ssl, 0) == &marker2);
    SSL_free(ssl);
    printf("ctx free callbacks before last free %d\n", ctx_frees);
    SSL_CTX_free(ctx); /* SSL held a reference: this is the last one */
    printf("ctx free callbacks after last free %d\n", ctx_frees);

    BIO *b = BIO_new(BIO_s_mem());
    printf("bio up_ref %d\n", BIO_up_ref(b));
    printf("bio free %d\n", BIO_free(b));
    printf("bio write after one free %d\n", BIO_write(b, "abc", 3));
    printf("bio free %d\n", BIO_free(b));
}

static void alerts(void)
{
    static const int codes[] = {0, 10, 20, 21, 22, 40, 42, 43, 44, 45, 46, 47, 48, 49,
                                50, 51, 70, 71, 80, 86, 90, 100, 109, 110, 112, 116,
                                120, 255};
    printf("== alert strings\n");
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        printf("alert %d %s \"%s\"\n", codes[i], SSL_alert_desc_string(codes[i]),
               SSL_alert_desc_string_long(codes[i]));
}

static void fresh_ssl(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *ssl = SSL_new(ctx);
    char buf[8];
    printf("== fresh SSL\n");
    printf("current cipher NULL %d\n", SSL_get_current_cipher(ssl) == NULL);
    printf("SSL_CIPHER_get_name(NULL) %s\n", SSL_CIPHER_get_name(SSL_get_current_cipher(ssl)));
    printf("peer cert NULL %d\n", SSL_get1_peer_certificate(ssl) == NULL);
    printf("servername NULL %d\n", SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name) == NULL);
    printf("set_tlsext_host_name %ld\n", (long)SSL_set_tlsext_host_name(ssl, "example.com"));
    printf("servername after set %s\n", SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name));
    printf("init_finished %d in_init %d\n", SSL_is_init_finished(ssl), SSL_in_init(ssl));
    printf("pending %d has_pending %d\n", SSL_pending(ssl), SSL_has_pending(ssl));
    printf("get_shutdown %d\n", SSL_get_shutdown(ssl));
    SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN);
    printf("get_shutdown after set %d\n", SSL_get_shutdown(ssl));
    printf("verify_result %ld\n", SSL_get_verify_result(ssl));
    printf("peek without BIO %d\n", SSL_peek(ssl, buf, sizeof buf) > 0);
    ERR_clear_error();
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    printf("SSLv23_method same kind %d\n", SSLv23_method() != NULL &&
           SSLv23_client_method() != NULL && SSLv23_server_method() != NULL);
}

static void bio_basics(void)
{
    char *p = NULL;
    printf("== memory BIO basics\n");
    BIO *b = BIO_new(BIO_s_mem());
    printf("write %d\n", BIO_write(b, "hello world", 11));
    printf("pending %zu wpending %zu\n", BIO_ctrl_pending(b), BIO_ctrl_wpending(b));
    long n = BIO_get_mem_data(b, &p);
    printf("mem data %ld %.*s\n", n, (int)n, p);
    char buf[32];
    int r = BIO_read(b, buf, 5);
    printf("read %d %.*s\n", r, r, buf);
    printf("pending %d\n", (int)BIO_pending(b));
    r = BIO_read(b, buf, sizeof buf);
    r = BIO_read(b, buf, sizeof buf);
    printf("read empty %d should_retry %d\n", r, BIO_should_retry(b) != 0);
    BIO_free(b);
    b = BIO_new_mem_buf("const data", -1);
    r = BIO_read(b, buf, sizeof buf);
    printf("mem_buf read %d\n", r);
    r = BIO_read(b, buf, sizeof buf);
    printf("mem_buf read at end %d should_retry %d\n", r, BIO_should_retry(b) != 0);
    printf("mem_buf write %d\n", BIO_write(b, "x", 1));
    BIO_free(b);
    ERR_clear_error();
}

static void x509_basics(void)
{
    printf("== X509 basics\n");
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate_file(ctx, cert("server.pem"), SSL_FILETYPE_PEM);
    printf("verify_cert_error_string 0 %s\n", X509_verify_cert_error_string(0));
    long codes[] = {2, 7, 9, 10, 18, 19, 20, 21, 62, 64};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        printf("verify_cert_error_string %ld %s\n", codes[i],
               X509_verify_cert_error_string(codes[i]));
    SSL_CTX_free(ctx);
}

static int count_cb(const char *str, size_t len, void *u)
{
    (void)str; (void)len;
    (*(int *)u)++;
    return 1;
}

static void error_queue(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    int lines = 0;
    printf("== error queue\n");
    printf("empty: get %lu peek %lu peek_last %lu\n", ERR_get_error(), ERR_peek_error(),
           ERR_peek_last_error());
    CHECK(SSL_CTX_set_cipher_list(ctx, "NOTHING-VALID") == 0);
    unsigned long first = ERR_peek_error(), last = ERR_peek_last_error();
    printf("no cipher match: peek lib %d reason %d, peek_last lib %d reason %d\n",
           ERR_GET_LIB(first), ERR_GET_REASON(first), ERR_GET_LIB(last), ERR_GET_REASON(last));
    printf("reason string %s\n", ERR_reason_error_string(first));
    printf("lib string %s\n", ERR_lib_error_string(first));
    ERR_print_errors_cb(count_cb, &lines);
    printf("# print_errors_cb lines %d\n", lines);
    printf("after print_errors_cb: peek %lu\n", ERR_peek_error());
    CHECK(SSL_CTX_set_cipher_list(ctx, "NOTHING-VALID") == 0);
    ERR_clear_error();
    printf("after clear: peek %lu\n", ERR_peek_error());
    SSL_CTX_free(ctx);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    version_num();
    options_modes();
    cipher_strings();
    proto_versions();
    verify_settings();
    key_loading();
    ex_data_refs();
    ex_data_callbacks();
    alerts();
    fresh_ssl();
    bio_basics();
    x509_basics();
    error_queue();
    CHECK(ERR_peek_error() == 0);
    return 0;
}
