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

static int ex_idx;
static int seen[16];

enum { K_INFO_C, K_INFO_S, K_VERIFY, K_SNI, K_HELLO, K_ALPN, K_NEWSESS, K_KEYLOG, K_CERT,
       K_START_C, K_START_S, K_LOOP_C, K_LOOP_S };

static void ask(const char *who, SSL *s)
{
    printf("%s is_server=%d\n", who, SSL_is_server(s));
    printf("%s ctx=%s\n", who, SSL_get_SSL_CTX(s) ? "set" : "NULL");
    printf("%s ex_data=%s\n", who, SSL_get_ex_data(s, ex_idx) == (void *)s ? "same" : "other");
    printf("%s verify_result=%ld\n", who, SSL_get_verify_result(s));
    const char *sn = SSL_get_servername(s, TLSEXT_NAMETYPE_host_name);
    printf("%s servername=%s\n", who, sn ? sn : "(null)");
    unsigned long e = ERR_peek_error();
    if (e)
        printf("%s queue err lib=%d reason=%d\n", who, ERR_GET_LIB(e), ERR_GET_REASON(e));
    else
        printf("%s queue empty\n", who);
}

/* The wider set, asked where a call is inside the library's own work.
 * `unknown` lists the facts sslshim cannot know at that point of the
 * handshake, though OpenSSL does (V version, C cipher, S session, A ALPN):
 * only ALPN in a TLS 1.3 client's verify callback when the server is
 * rustls, which sends EncryptedExtensions, Certificate, CertificateVerify
 * and Finished in one record, so rustls takes them in one step and the
 * verifier is called before the connection can be asked. That is a '#'
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

static int first(int kind)
{
    return seen[kind]++ == 0;
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
    }
    return ok;
}

static int sni_cb(SSL *s, int *al, void *arg)
{
    (void)al; (void)arg;
    if (first(K_SNI)) {
        ask("servername", s);
        ask_more("servername", s, "");
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
    }
}

static int cert_cb(SSL *s, void *arg)
{
    (void)arg;
    if (first(K_CERT))
        ask("cert", s);
        ask_more("cert", s, "");
    return 1;
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    ex_idx = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);

    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX_set_info_callback(sctx, info_cb);
    SSL_CTX_set_tlsext_servername_callback(sctx, sni_cb);
    SSL_CTX_set_client_hello_cb(sctx, hello_cb, NULL);
    SSL_CTX_set_alpn_select_cb(sctx, alpn_cb, NULL);
    SSL_CTX_set_cert_cb(sctx, cert_cb, NULL);
    SSL_CTX_set_keylog_callback(sctx, keylog_cb);

    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, verify_cb);
    SSL_CTX_set_info_callback(cctx, info_cb);
    SSL_CTX_set_session_cache_mode(cctx, SSL_SESS_CACHE_CLIENT);
    SSL_CTX_sess_set_new_cb(cctx, new_session_cb);
    CHECK(SSL_CTX_set_alpn_protos(cctx, (const unsigned char *)"\x02h2", 3) == 0);

    pair_t p = {0};
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    CHECK(p.c && p.s);
    SSL_set_ex_data(p.c, ex_idx, p.c);
    SSL_set_ex_data(p.s, ex_idx, p.s);
    CHECK(SSL_set_tlsext_host_name(p.c, "localhost") == 1);
    CHECK(SSL_set1_host(p.c, "localhost") == 1);
    pair_attach_mem(&p);
    int rc_c = 0, err_c = 0, rc_s = 0, err_s = 0;
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &err_c, &rc_s, &err_s);
    printf("handshake: client %d server %d\n", rc_c, rc_s);
    print_error_code("client", p.err_c);
    print_error_code("server", p.err_s);
    /* The client's first read takes in the TLS 1.3 tickets (new session). */
    char buf[8];
    int r = SSL_read(p.c, buf, sizeof buf);
    printf("client read: %d %s\n", r, err_name(SSL_get_error(p.c, r)));
    print_first_error("after read");
    for (int k = 0; k <= K_LOOP_S; k++)
        printf("callback kind %d called: %s\n", k, seen[k] ? "yes" : "no");

    pair_free(&p);
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
    return 0;
}
