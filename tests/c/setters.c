/*
 * Setters of features rustls does not have (issue 19), called as a server
 * or client sets them up: with a real callback, typical values, on the
 * context and on the connection. Each prints its return value ("void" for
 * a void function) and the first queued error (none: OpenSSL queues
 * nothing where it succeeds, and an entry it would not push changes the
 * program's next SSL_get_error). Getters that exist read the value back.
 * Then the context is used: a handshake between a client and a server,
 * data both ways, and a read with nothing to read, which must be
 * SSL_ERROR_WANT_READ.
 *
 * The libcrypto objects only the drop-in flavour reads (DH parameters,
 * EC_KEY) are in tests/dropin/dh_ecdh.c; here every call works with our
 * headers too.
 */
#include "common.h"

/* ---- callbacks: never doing anything a handshake would notice ---------- */

static DH *tmp_dh_cb(SSL *s, int is_export, int keylength)
{
    (void)s; (void)is_export; (void)keylength;
    return NULL;
}

static size_t padding_cb(SSL *s, int type, size_t len, void *arg)
{
    (void)s; (void)type; (void)len; (void)arg;
    return 0;
}

static int security_cb(const SSL *s, const SSL_CTX *ctx, int op, int bits, int nid,
                       void *other, void *ex)
{
    (void)s; (void)ctx; (void)op; (void)bits; (void)nid; (void)other; (void)ex;
    return 1;
}

static int not_resumable_cb(SSL *s, int is_forward_secure)
{
    (void)s; (void)is_forward_secure;
    return 0;
}

static void msg_cb(int write_p, int version, int content_type, const void *buf, size_t len,
                   SSL *s, void *arg)
{
    (void)write_p; (void)version; (void)content_type; (void)buf; (void)len; (void)s;
    (void)arg;
}

static void info_cb(const SSL *s, int where, int ret)
{
    (void)s; (void)where; (void)ret;
}

static unsigned int psk_client_cb(SSL *s, const char *hint, char *id, unsigned int max_id,
                                  unsigned char *psk, unsigned int max_psk)
{
    (void)s; (void)hint; (void)id; (void)max_id; (void)psk; (void)max_psk;
    return 0;
}

static unsigned int psk_server_cb(SSL *s, const char *id, unsigned char *psk,
                                  unsigned int max_psk)
{
    (void)s; (void)id; (void)psk; (void)max_psk;
    return 0;
}

static int psk_find_cb(SSL *s, const unsigned char *id, size_t idlen, SSL_SESSION **sess)
{
    (void)s; (void)id; (void)idlen;
    *sess = NULL;
    return 1;
}

static int psk_use_cb(SSL *s, const EVP_MD *md, const unsigned char **id, size_t *idlen,
                      SSL_SESSION **sess)
{
    (void)s; (void)md; (void)id; (void)idlen;
    *sess = NULL;
    return 1;
}

static int srp_username_cb(SSL *s, int *ad, void *arg)
{
    (void)s; (void)ad; (void)arg;
    return SSL_ERROR_NONE;
}

static int srp_verify_cb(SSL *s, void *arg)
{
    (void)s; (void)arg;
    return 1;
}

static char *srp_pwd_cb(SSL *s, void *arg)
{
    (void)s; (void)arg;
    return NULL;
}

static int arg_token;

/* ---- printing ----------------------------------------------------------- */

static void ret(const char *label, long r)
{
    unsigned long e = ERR_peek_error();
    printf("  %s -> %ld err %d/%d\n", label, r, ERR_GET_LIB(e), ERR_GET_REASON(e));
    ERR_clear_error();
}

static void ret_void(const char *label)
{
    unsigned long e = ERR_peek_error();
    printf("  %s -> void err %d/%d\n", label, ERR_GET_LIB(e), ERR_GET_REASON(e));
    ERR_clear_error();
}

static void same(const char *label, const void *got, const void *want)
{
    printf("  %s: %s\n", label, got == want ? "as set" : got ? "other" : "NULL");
}

/* ---- the setters: on the server's and the client's context ------------- */

typedef void (*ctx_setter)(SSL_CTX *sctx, SSL_CTX *cctx);
typedef void (*ssl_setter)(SSL *s, SSL *c);
typedef void (*after_fn)(pair_t *p);

static void tmp_dh(SSL_CTX *s, SSL_CTX *c)
{
    (void)c;
    SSL_CTX_set_tmp_dh_callback(s, tmp_dh_cb);
    ret_void("SSL_CTX_set_tmp_dh_callback");
    ret("SSL_CTX_set_dh_auto(1)", SSL_CTX_set_dh_auto(s, 1));
    ret("SSL_CTX_set_ecdh_auto(1)", SSL_CTX_set_ecdh_auto(s, 1));
}

static void fragments(SSL_CTX *s, SSL_CTX *c)
{
    SSL_CTX_set_default_read_buffer_len(s, 32768);
    ret_void("SSL_CTX_set_default_read_buffer_len(32768)");
    ret("SSL_CTX_set_max_send_fragment(4096)", SSL_CTX_set_max_send_fragment(s, 4096));
    ret("SSL_CTX_set_max_send_fragment(16384)", SSL_CTX_set_max_send_fragment(c, 16384));
    ret("SSL_CTX_set_max_send_fragment(100)", SSL_CTX_set_max_send_fragment(c, 100));
    ret("SSL_CTX_set_max_send_fragment(20000)", SSL_CTX_set_max_send_fragment(c, 20000));
    ret("SSL_CTX_set_split_send_fragment(2048)", SSL_CTX_set_split_send_fragment(s, 2048));
    ret("SSL_CTX_set_split_send_fragment(8192) > max", SSL_CTX_set_split_send_fragment(s, 8192));
    ret("SSL_CTX_set_split_send_fragment(100)", SSL_CTX_set_split_send_fragment(s, 100));
    ret("SSL_CTX_set_max_pipelines(4)", SSL_CTX_set_max_pipelines(s, 4));
    ret("SSL_CTX_set_max_pipelines(1)", SSL_CTX_set_max_pipelines(c, 1));
    ret("SSL_CTX_set_max_pipelines(64)", SSL_CTX_set_max_pipelines(c, 64));
    ret("SSL_CTX_set_max_pipelines(33)", SSL_CTX_set_max_pipelines(c, 33));
    ret("SSL_CTX_set_max_pipelines(0)", SSL_CTX_set_max_pipelines(c, 0));
    ret("SSL_CTX_set_max_cert_list(65536)", SSL_CTX_set_max_cert_list(c, 65536));
    printf("  SSL_CTX_get_max_cert_list: %ld\n", SSL_CTX_get_max_cert_list(c));
}

static void padding(SSL_CTX *s, SSL_CTX *c)
{
    (void)c;
    SSL_CTX_set_record_padding_callback(s, padding_cb);
    ret_void("SSL_CTX_set_record_padding_callback");
    SSL_CTX_set_record_padding_callback_arg(s, &arg_token);
    ret_void("SSL_CTX_set_record_padding_callback_arg");
    same("SSL_CTX_get_record_padding_callback_arg",
         SSL_CTX_get_record_padding_callback_arg(s), &arg_token);
    ret("SSL_CTX_set_block_padding(512)", SSL_CTX_set_block_padding(c, 512));
}

static void tickets_pha(SSL_CTX *s, SSL_CTX *c)
{
    SSL_CTX_set_post_handshake_auth(c, 1);
    ret_void("SSL_CTX_set_post_handshake_auth(1)");
    ret("SSL_CTX_set_num_tickets(0)", SSL_CTX_set_num_tickets(s, 0));
    printf("  SSL_CTX_get_num_tickets: %zu\n", SSL_CTX_get_num_tickets(s));
    ret("SSL_CTX_set_num_tickets(4)", SSL_CTX_set_num_tickets(s, 4));
    printf("  SSL_CTX_get_num_tickets: %zu\n", SSL_CTX_get_num_tickets(s));
    SSL_CTX_set_not_resumable_session_callback(s, not_resumable_cb);
    ret_void("SSL_CTX_set_not_resumable_session_callback");
}

static void security(SSL_CTX *s, SSL_CTX *c)
{
    SSL_CTX_set_security_level(s, 2);
    ret_void("SSL_CTX_set_security_level(2)");
    printf("  SSL_CTX_get_security_level: %d\n", SSL_CTX_get_security_level(s));
    SSL_CTX_set_security_level(c, 0);
    ret_void("SSL_CTX_set_security_level(0)");
    printf("  SSL_CTX_get_security_level: %d\n", SSL_CTX_get_security_level(c));
    SSL_CTX_set_security_callback(s, security_cb);
    ret_void("SSL_CTX_set_security_callback");
    printf("  SSL_CTX_get_security_callback: %s\n",
           SSL_CTX_get_security_callback(s) == security_cb ? "as set" : "other");
    SSL_CTX_set0_security_ex_data(s, &arg_token);
    ret_void("SSL_CTX_set0_security_ex_data");
    same("SSL_CTX_get0_security_ex_data", SSL_CTX_get0_security_ex_data(s), &arg_token);
}

static void callbacks(SSL_CTX *s, SSL_CTX *c)
{
    SSL_CTX_set_msg_callback(s, msg_cb);
    ret_void("SSL_CTX_set_msg_callback server");
    ret("SSL_CTX_set_msg_callback_arg", SSL_CTX_set_msg_callback_arg(s, &arg_token));
    SSL_CTX_set_msg_callback(c, msg_cb);
    ret_void("SSL_CTX_set_msg_callback client");
    SSL_CTX_set_info_callback(s, info_cb);
    ret_void("SSL_CTX_set_info_callback");
    printf("  SSL_CTX_get_info_callback: %s\n",
           SSL_CTX_get_info_callback(s) == info_cb ? "as set" : "other");
}

static void psk(SSL_CTX *s, SSL_CTX *c)
{
    SSL_CTX_set_psk_client_callback(c, psk_client_cb);
    ret_void("SSL_CTX_set_psk_client_callback");
    SSL_CTX_set_psk_use_session_callback(c, psk_use_cb);
    ret_void("SSL_CTX_set_psk_use_session_callback");
    SSL_CTX_set_psk_server_callback(s, psk_server_cb);
    ret_void("SSL_CTX_set_psk_server_callback");
    SSL_CTX_set_psk_find_session_callback(s, psk_find_cb);
    ret_void("SSL_CTX_set_psk_find_session_callback");
    ret("SSL_CTX_use_psk_identity_hint", SSL_CTX_use_psk_identity_hint(s, "sslshim"));
}

static void srp(SSL_CTX *s, SSL_CTX *c)
{
    static char user[] = "user", pass[] = "password";
    ret("SSL_CTX_set_srp_username", SSL_CTX_set_srp_username(c, user));
    ret("SSL_CTX_set_srp_password", SSL_CTX_set_srp_password(c, pass));
    ret("SSL_CTX_set_srp_client_pwd_callback", SSL_CTX_set_srp_client_pwd_callback(c, srp_pwd_cb));
    ret("SSL_CTX_set_srp_strength(2048)", SSL_CTX_set_srp_strength(c, 2048));
    ret("SSL_CTX_set_srp_cb_arg", SSL_CTX_set_srp_cb_arg(s, &arg_token));
    ret("SSL_CTX_set_srp_username_callback", SSL_CTX_set_srp_username_callback(s, srp_username_cb));
    ret("SSL_CTX_set_srp_verify_param_callback",
        SSL_CTX_set_srp_verify_param_callback(c, srp_verify_cb));
}

static void early_data_mfl(SSL_CTX *s, SSL_CTX *c)
{
    ret("SSL_CTX_set_max_early_data(16384)", SSL_CTX_set_max_early_data(s, 16384));
    printf("  SSL_CTX_get_max_early_data: %u\n", SSL_CTX_get_max_early_data(s));
    ret("SSL_CTX_set_recv_max_early_data(16384)", SSL_CTX_set_recv_max_early_data(s, 16384));
    ret("SSL_CTX_set_tlsext_max_fragment_length(1024)",
        SSL_CTX_set_tlsext_max_fragment_length(c, TLSEXT_max_fragment_length_1024));
    ret("SSL_CTX_set_tlsext_max_fragment_length(4096)",
        SSL_CTX_set_tlsext_max_fragment_length(c, TLSEXT_max_fragment_length_4096));
    ret("SSL_CTX_set_tlsext_max_fragment_length(5)", SSL_CTX_set_tlsext_max_fragment_length(c, 5));
}

static void groups(SSL_CTX *s, SSL_CTX *c)
{
    /* A mail server's list (Postfix's and Dovecot's defaults name X448). */
    ret("SSL_CTX_set1_groups_list(mail)",
        SSL_CTX_set1_groups_list(s, "X25519:X448:secp256r1:secp521r1:secp384r1"));
    ret("SSL_CTX_set1_curves_list(mail)",
        SSL_CTX_set1_curves_list(c, "X448:X25519:prime256v1:secp521r1:secp384r1"));
}

/* ---- the same on the connections ---------------------------------------- */

static void ssl_tmp_dh(SSL *s, SSL *c)
{
    (void)c;
    SSL_set_tmp_dh_callback(s, tmp_dh_cb);
    ret_void("SSL_set_tmp_dh_callback");
    ret("SSL_set_dh_auto(1)", SSL_set_dh_auto(s, 1));
    ret("SSL_set_ecdh_auto(1)", SSL_set_ecdh_auto(s, 1));
}

static void ssl_fragments(SSL *s, SSL *c)
{
    SSL_set_default_read_buffer_len(c, 65536);
    ret_void("SSL_set_default_read_buffer_len(65536)");
    ret("SSL_set_max_send_fragment(1024)", SSL_set_max_send_fragment(s, 1024));
    ret("SSL_set_split_send_fragment(512)", SSL_set_split_send_fragment(s, 512));
    ret("SSL_set_max_pipelines(2)", SSL_set_max_pipelines(c, 2));
    ret("SSL_set_max_cert_list(32768)", SSL_set_max_cert_list(c, 32768));
    printf("  SSL_get_max_cert_list: %ld\n", SSL_get_max_cert_list(c));
}

/* The server writes 10000 bytes at once: OpenSSL 3.0 cuts them into
 * records of its split fragment (512 here, below the maximum 1024), so the
 * bytes on the wire show the record count (each TLS 1.3 record adds a
 * 5-byte header, the content type and a 16-byte tag). */
static void fragments_after(pair_t *p)
{
    static unsigned char out[10000], in[16384];
    fill_pattern(out, sizeof out, 7);
    CHECK(BIO_ctrl_pending(p->s_out) == 0);
    CHECK(SSL_write(p->s, out, sizeof out) == (int)sizeof out);
    size_t wire = BIO_ctrl_pending(p->s_out);
    printf("  %s: 10000 bytes written as %zu on the wire, %zu records\n",
           SSL_get_cipher_name(p->s), wire, (wire - sizeof out) / 22);
    pair_move(p);
    size_t got = 0;
    while (got < sizeof out) {
        int n = SSL_read(p->c, in + got, sizeof in - got);
        CHECK(n > 0);
        got += (size_t)n;
    }
    CHECK(got == sizeof out && memcmp(in, out, got) == 0);
    printf("  client get_read_ahead %d server %d\n", SSL_get_read_ahead(p->c),
           SSL_get_read_ahead(p->s));
    /* A smaller fragment set on the live connection (Node.js's
     * setMaxSendFragment): the next writes use it. */
    ret("SSL_set_max_send_fragment(512) after the handshake",
        SSL_set_max_send_fragment(p->s, 512));
    CHECK(SSL_write(p->s, out, 4000) == 4000);
    wire = BIO_ctrl_pending(p->s_out);
    printf("  4000 bytes written as %zu on the wire, %zu records\n", wire, (wire - 4000) / 22);
    pair_move(p);
    printf("  read sizes:");
    for (got = 0; got < 4000;) {
        int n = SSL_read(p->c, in, sizeof in);
        CHECK(n > 0);
        printf(" %d", n);
        got += (size_t)n;
    }
    printf("\n");
}

static void ssl_padding(SSL *s, SSL *c)
{
    ret("SSL_set_record_padding_callback", SSL_set_record_padding_callback(s, padding_cb));
    SSL_set_record_padding_callback_arg(s, &arg_token);
    ret_void("SSL_set_record_padding_callback_arg");
    same("SSL_get_record_padding_callback_arg", SSL_get_record_padding_callback_arg(s),
         &arg_token);
    ret("SSL_set_block_padding(256)", SSL_set_block_padding(c, 256));
}

static void ssl_tickets_pha(SSL *s, SSL *c)
{
    SSL_set_post_handshake_auth(c, 1);
    ret_void("SSL_set_post_handshake_auth(1)");
    ret("SSL_set_num_tickets(1)", SSL_set_num_tickets(s, 1));
    printf("  SSL_get_num_tickets: %zu\n", SSL_get_num_tickets(s));
    SSL_set_not_resumable_session_callback(s, not_resumable_cb);
    ret_void("SSL_set_not_resumable_session_callback");
}

static void ssl_security(SSL *s, SSL *c)
{
    SSL_set_security_level(s, 1);
    ret_void("SSL_set_security_level(1)");
    printf("  SSL_get_security_level: %d\n", SSL_get_security_level(s));
    SSL_set_security_callback(c, security_cb);
    ret_void("SSL_set_security_callback");
    printf("  SSL_get_security_callback: %s\n",
           SSL_get_security_callback(c) == security_cb ? "as set" : "other");
    SSL_set0_security_ex_data(c, &arg_token);
    ret_void("SSL_set0_security_ex_data");
    same("SSL_get0_security_ex_data", SSL_get0_security_ex_data(c), &arg_token);
}

static void ssl_callbacks(SSL *s, SSL *c)
{
    SSL_set_msg_callback(c, msg_cb);
    ret_void("SSL_set_msg_callback");
    ret("SSL_set_msg_callback_arg", SSL_set_msg_callback_arg(c, &arg_token));
    SSL_set_info_callback(s, info_cb);
    ret_void("SSL_set_info_callback");
    printf("  SSL_get_info_callback: %s\n", SSL_get_info_callback(s) == info_cb ? "as set" : "other");
}

static void ssl_psk(SSL *s, SSL *c)
{
    SSL_set_psk_client_callback(c, psk_client_cb);
    ret_void("SSL_set_psk_client_callback");
    SSL_set_psk_use_session_callback(c, psk_use_cb);
    ret_void("SSL_set_psk_use_session_callback");
    SSL_set_psk_server_callback(s, psk_server_cb);
    ret_void("SSL_set_psk_server_callback");
    SSL_set_psk_find_session_callback(s, psk_find_cb);
    ret_void("SSL_set_psk_find_session_callback");
    ret("SSL_use_psk_identity_hint", SSL_use_psk_identity_hint(s, "sslshim"));
}

static void ssl_early_data_mfl(SSL *s, SSL *c)
{
    printf("  SSL_get_max_early_data: %u\n", SSL_get_max_early_data(s));
    ret("SSL_set_max_early_data(1024)", SSL_set_max_early_data(s, 1024));
    printf("  SSL_get_max_early_data: %u\n", SSL_get_max_early_data(s));
    ret("SSL_set_tlsext_max_fragment_length(512)",
        SSL_set_tlsext_max_fragment_length(c, TLSEXT_max_fragment_length_512));
}

/* The client offered no early data: the server's early read finishes at
 * once with nothing, then the ordinary exchange goes on. */
static void early_data_after(pair_t *p)
{
    printf("  early data status client %d server %d\n", SSL_get_early_data_status(p->c),
           SSL_get_early_data_status(p->s));
    /* OpenSSL's tickets allow the server's limit of early data; sslshim's
     * allow none (it accepts none): noted only. */
    printf("# client session max_early_data %u\n",
           SSL_SESSION_get_max_early_data(SSL_get0_session(p->c)));
}

static void ssl_groups(SSL *s, SSL *c)
{
    ret("SSL_set1_groups_list(mail)",
        SSL_set1_groups_list(s, "X25519:X448:secp256r1:secp521r1:secp384r1"));
    int nids[] = {NID_X448, NID_X25519, NID_X9_62_prime256v1, NID_secp521r1};
    ret("SSL_set1_curves(mail)", SSL_set1_curves(c, nids, 4));
}

/* ---- running one ---------------------------------------------------------- */

static void run_after(const char *label, ctx_setter cs, ssl_setter ss, after_fn after)
{
    printf("== %s\n", label);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    ERR_clear_error();
    if (cs)
        cs(sctx, cctx);
    pair_t p = {0};
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    CHECK(p.c && p.s);
    if (ss)
        ss(p.s, p.c);
    pair_attach_mem(&p);
    int rc_c, rc_s, e_c, e_s;
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    printf("  handshake: client %d %s server %d %s\n", rc_c, err_name(e_c), rc_s,
           err_name(e_s));
    print_error_code("  client", p.err_c);
    print_error_code("  server", p.err_s);
    if (rc_c == 1 && rc_s == 1) {
        /* sslshim peers agree on the post-quantum hybrid: not compared */
        printf("  %s\n# group %ld\n", SSL_get_version(p.c), SSL_get_negotiated_group(p.c));
        char buf[64];
        CHECK(SSL_write(p.c, "hello", 5) == 5);
        pair_move(&p);
        CHECK(SSL_read(p.s, buf, sizeof buf) == 5 && memcmp(buf, "hello", 5) == 0);
        CHECK(SSL_write(p.s, "world", 5) == 5);
        pair_move(&p);
        CHECK(SSL_read(p.c, buf, sizeof buf) == 5 && memcmp(buf, "world", 5) == 0);
        int r = SSL_read(p.c, buf, sizeof buf);
        printf("  client read: %d %s\n", r, err_name(SSL_get_error(p.c, r)));
        r = SSL_read(p.s, buf, sizeof buf);
        printf("  server read: %d %s\n", r, err_name(SSL_get_error(p.s, r)));
        print_first_error("  after reads");
        if (after)
            after(&p);
    }
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

static void run(const char *label, ctx_setter cs, ssl_setter ss)
{
    run_after(label, cs, ss, NULL);
}

/* SSL_CTX_callback_ctrl with the commands of hooks rustls lacks (what the
 * setter functions send), and SRP user names at the limits. */
static void direct(void)
{
    printf("== callback ctrls, SRP names\n");
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    CHECK(ctx != NULL);
    static const int cmds[] = {SSL_CTRL_SET_MSG_CALLBACK, SSL_CTRL_SET_TMP_DH_CB,
                               SSL_CTRL_SET_NOT_RESUMABLE_SESS_CB,
                               SSL_CTRL_SET_TLS_EXT_SRP_USERNAME_CB,
                               SSL_CTRL_SET_SRP_VERIFY_PARAM_CB,
                               SSL_CTRL_SET_SRP_GIVE_CLIENT_PWD_CB, SSL_CTRL_SET_TLSEXT_DEBUG_CB,
                               9999};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char label[64];
        snprintf(label, sizeof label, "SSL_CTX_callback_ctrl(%d)", cmds[i]);
        ret(label, SSL_CTX_callback_ctrl(ctx, cmds[i], (void (*)(void))info_cb));
    }
    SSL *s = SSL_new(ctx);
    CHECK(s != NULL);
    ret("SSL_callback_ctrl(9999)", SSL_callback_ctrl(s, 9999, (void (*)(void))info_cb));
    SSL_free(s);

    char name[300];
    memset(name, 'u', sizeof name - 1);
    name[sizeof name - 1] = 0;
    ret("SSL_CTX_set_srp_username(299 bytes)", SSL_CTX_set_srp_username(ctx, name));
    name[255] = 0;
    ret("SSL_CTX_set_srp_username(255 bytes)", SSL_CTX_set_srp_username(ctx, name));
    s = SSL_new(ctx);
    const char *got = SSL_get_srp_username(s);
    printf("  SSL_get_srp_username: %zu bytes\n", got ? strlen(got) : 0);
    char empty[] = "", user[] = "user";
    ret("SSL_CTX_set_srp_username(\"\")", SSL_CTX_set_srp_username(ctx, empty));
    SSL *s2 = SSL_new(ctx);
    printf("  SSL_get_srp_username after a refused name: %s\n",
           SSL_get_srp_username(s2) ? "set" : "NULL");
    ret("SSL_CTX_set_srp_username(user)", SSL_CTX_set_srp_username(ctx, user));
    ret("SSL_CTX_set_srp_username(NULL)", SSL_CTX_set_srp_username(ctx, NULL));
    got = SSL_get_srp_username(s);
    printf("  SSL_get_srp_username of the first connection: %zu bytes\n",
           got ? strlen(got) : 0);
    ret("SSL_CTX_set_srp_password(NULL)", SSL_CTX_set_srp_password(ctx, NULL));
    ret("SSL_CTX_set_client_cert_engine(NULL)", SSL_CTX_set_client_cert_engine(ctx, NULL));
    ret("SSL_COMP_add_compression_method(200, NULL)", SSL_COMP_add_compression_method(200, NULL));
    ret("SSL_COMP_add_compression_method(1, NULL)", SSL_COMP_add_compression_method(1, NULL));
    SSL_free(s2);
    SSL_free(s);
    SSL_CTX_free(ctx);
}

/* Setters that would switch on what rustls cannot do, where a silent
 * acceptance would leave the program believing in a check or an extension
 * that never happens (certificate transparency, DANE, its own extensions,
 * SRTP, a session ticket of its own): sslshim refuses them, by design,
 * where OpenSSL accepts them. Only noted; the handshake still works. */
static int ct_cb(const CT_POLICY_EVAL_CTX *ctx, const STACK_OF(SCT) *scts, void *arg)
{
    (void)ctx; (void)scts; (void)arg;
    return 1;
}

static int ext_add_cb(SSL *s, unsigned int type, unsigned int context,
                      const unsigned char **out, size_t *outlen, X509 *x, size_t chainidx,
                      int *al, void *arg)
{
    (void)s; (void)type; (void)context; (void)out; (void)outlen; (void)x; (void)chainidx;
    (void)al; (void)arg;
    return 0;
}

static void noted(const char *label, long r)
{
    unsigned long e = ERR_peek_error();
    printf("# %s -> %ld err %d/%d\n", label, r, ERR_GET_LIB(e), ERR_GET_REASON(e));
    ERR_clear_error();
}

static void refused(void)
{
    printf("== refused by design (noted only)\n");
    SSL_CTX *s = SSL_CTX_new(TLS_server_method()), *c = SSL_CTX_new(TLS_client_method());
    CHECK(s && c);
    SSL *ssl = SSL_new(c);
    CHECK(ssl != NULL);
    noted("SSL_CTX_set_ct_validation_callback", SSL_CTX_set_ct_validation_callback(c, ct_cb, NULL));
    noted("SSL_CTX_enable_ct", SSL_CTX_enable_ct(c, 0 /* SSL_CT_VALIDATION_PERMISSIVE */));
    noted("SSL_CTX_dane_enable", SSL_CTX_dane_enable(c));
    noted("SSL_CTX_add_custom_ext",
          SSL_CTX_add_custom_ext(s, 65000, 0x80 /* SSL_EXT_CLIENT_HELLO */, ext_add_cb, NULL,
                                 NULL, NULL, NULL));
    noted("SSL_CTX_set_tlsext_use_srtp (0 is success)",
          SSL_CTX_set_tlsext_use_srtp(c, "SRTP_AES128_CM_SHA1_80"));
    noted("SSL_set_session_ticket_ext", SSL_set_session_ticket_ext(ssl, (void *)"abcd", 4));
    SSL_free(ssl);
    SSL_CTX_free(c);
    SSL_CTX_free(s);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    run("nothing set", NULL, NULL);
    run("tmp DH", tmp_dh, ssl_tmp_dh);
    run_after("buffers and fragments", fragments, ssl_fragments, fragments_after);
    run("record padding", padding, ssl_padding);
    run("tickets, post-handshake auth", tickets_pha, ssl_tickets_pha);
    run("security level and callback", security, ssl_security);
    run("message and info callbacks", callbacks, ssl_callbacks);
    run("PSK callbacks", psk, ssl_psk);
    run_after("early data limit, max fragment length", early_data_mfl, ssl_early_data_mfl,
              early_data_after);
    run("SRP", srp, NULL);
    run("groups", groups, ssl_groups);
    refused();
    direct();
    printf("done\n");
    return 0;
}
