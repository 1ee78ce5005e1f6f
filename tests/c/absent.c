/*
 * Features rustls does not have, and queries with easy answers: every
 * function here must answer as OpenSSL does when the feature is absent or
 * unused, write every out-parameter, and queue an error only where OpenSSL
 * does (an error OpenSSL would not push changes a program's next
 * SSL_get_error). Each call prints its return value, its out-parameters and
 * the first queued error, on a fresh SSL_CTX/SSL and, where the answer
 * depends on it, on a connected pair.
 *
 * Setters that would switch on something rustls cannot do (CT, DANE,
 * SRTP, custom extensions...) fail here by design where OpenSSL succeeds:
 * those results are '#' lines, not compared (tests/c/setters.c calls the
 * harmless ones as programs do and compares them).
 */
#include "common.h"

/* The first queued error (lib/reason) or "none", then the queue cleared. */
static void q(const char *label)
{
    print_first_error(label);
}

static void pstr(const char *label, const char *s)
{
    printf("%s: %s\n", label, s ? s : "(null)");
}

/* Out-parameters start as garbage so an unwritten one shows. */
#define GARBAGE ((void *)0x1)

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

static int npn_select_cb(SSL *s, unsigned char **out, unsigned char *outlen,
                         const unsigned char *in, unsigned int inlen, void *arg)
{
    (void)s; (void)out; (void)outlen; (void)in; (void)inlen; (void)arg;
    return SSL_TLSEXT_ERR_NOACK;
}

static int npn_adv_cb(SSL *s, const unsigned char **out, unsigned int *outlen, void *arg)
{
    (void)s; (void)out; (void)outlen; (void)arg;
    return SSL_TLSEXT_ERR_NOACK;
}

static int allow_early_cb(SSL *s, void *arg)
{
    (void)s; (void)arg;
    return 0;
}

static int not_resumable_cb(SSL *s, int is_forward_secure)
{
    (void)s; (void)is_forward_secure;
    return 0;
}

static size_t padding_cb(SSL *s, int type, size_t len, void *arg)
{
    (void)s; (void)type; (void)len; (void)arg;
    return 0;
}

static void fresh_ctx(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    CHECK(ctx != NULL);

    printf("CTX_get_recv_max_early_data: %u\n", SSL_CTX_get_recv_max_early_data(ctx));
    q("CTX_get_recv_max_early_data");
    printf("CTX_set_recv_max_early_data(0): %d\n", SSL_CTX_set_recv_max_early_data(ctx, 0));
    q("CTX_set_recv_max_early_data(0)");
    printf("CTX_get_recv_max_early_data: %u\n", SSL_CTX_get_recv_max_early_data(ctx));
    printf("CTX_set_recv_max_early_data(1024): %d\n",
           SSL_CTX_set_recv_max_early_data(ctx, 1024));
    q("CTX_set_recv_max_early_data(1024)");
    printf("CTX_get_recv_max_early_data: %u\n", SSL_CTX_get_recv_max_early_data(ctx));
    SSL_CTX_set_allow_early_data_cb(ctx, allow_early_cb, NULL);
    q("CTX_set_allow_early_data_cb");

    printf("CTX_ct_is_enabled: %d\n", SSL_CTX_ct_is_enabled(ctx));
    q("CTX_ct_is_enabled");
    printf("CTX_set_ct_validation_callback(NULL): %d\n",
           SSL_CTX_set_ct_validation_callback(ctx, NULL, NULL));
    q("CTX_set_ct_validation_callback(NULL)");

    SSL_CTX_set_next_proto_select_cb(ctx, npn_select_cb, NULL);
    q("CTX_set_next_proto_select_cb");
    SSL_CTX_set_next_protos_advertised_cb(ctx, npn_adv_cb, NULL);
    q("CTX_set_next_protos_advertised_cb");

    SSL_CTX_set_psk_client_callback(ctx, psk_client_cb);
    q("CTX_set_psk_client_callback");
    SSL_CTX_set_psk_server_callback(ctx, psk_server_cb);
    q("CTX_set_psk_server_callback");
    SSL_CTX_set_psk_client_callback(ctx, NULL);
    SSL_CTX_set_psk_server_callback(ctx, NULL);
    SSL_CTX_set_psk_find_session_callback(ctx, NULL);
    q("CTX_set_psk_find_session_callback");
    SSL_CTX_set_psk_use_session_callback(ctx, NULL);
    q("CTX_set_psk_use_session_callback");
    printf("CTX_use_psk_identity_hint: %d\n", SSL_CTX_use_psk_identity_hint(ctx, "hint"));
    q("CTX_use_psk_identity_hint");
    printf("CTX_use_psk_identity_hint(NULL): %d\n", SSL_CTX_use_psk_identity_hint(ctx, NULL));
    q("CTX_use_psk_identity_hint(NULL)");

    printf("CTX_get0_security_ex_data: %s\n",
           SSL_CTX_get0_security_ex_data(ctx) ? "set" : "NULL");
    SSL_CTX_set0_security_ex_data(ctx, &ctx);
    q("CTX_set0_security_ex_data");
    printf("CTX_get0_security_ex_data: %s\n",
           SSL_CTX_get0_security_ex_data(ctx) == &ctx ? "same" : "other");

    printf("CTX_get_record_padding_callback_arg: %s\n",
           SSL_CTX_get_record_padding_callback_arg(ctx) ? "set" : "NULL");
    SSL_CTX_set_record_padding_callback(ctx, padding_cb);
    q("CTX_set_record_padding_callback");
    SSL_CTX_set_record_padding_callback_arg(ctx, &ctx);
    q("CTX_set_record_padding_callback_arg");
    printf("CTX_get_record_padding_callback_arg: %s\n",
           SSL_CTX_get_record_padding_callback_arg(ctx) == &ctx ? "same" : "other");
    SSL_CTX_set_record_padding_callback(ctx, NULL);
    printf("CTX_set_block_padding(0): %d\n", SSL_CTX_set_block_padding(ctx, 0));
    q("CTX_set_block_padding(0)");
    printf("CTX_set_block_padding(1): %d\n", SSL_CTX_set_block_padding(ctx, 1));
    q("CTX_set_block_padding(1)");
    printf("CTX_set_block_padding(100000): %d\n", SSL_CTX_set_block_padding(ctx, 100000));
    q("CTX_set_block_padding(100000)");

    SSL_CTX_set_default_read_buffer_len(ctx, 32768);
    q("CTX_set_default_read_buffer_len");
    SSL_CTX_set_not_resumable_session_callback(ctx, not_resumable_cb);
    q("CTX_set_not_resumable_session_callback");
    printf("CTX_set_generate_session_id(NULL): %d\n", SSL_CTX_set_generate_session_id(ctx, NULL));
    q("CTX_set_generate_session_id(NULL)");
    printf("CTX_set_session_ticket_cb(NULL): %d\n",
           SSL_CTX_set_session_ticket_cb(ctx, NULL, NULL, NULL));
    q("CTX_set_session_ticket_cb(NULL)");
    printf("CTX_set_async_callback(NULL): %d\n", SSL_CTX_set_async_callback(ctx, NULL));
    q("CTX_set_async_callback(NULL)");
    printf("CTX_set_async_callback_arg: %d\n", SSL_CTX_set_async_callback_arg(ctx, NULL));
    q("CTX_set_async_callback_arg");
    SSL_CTX_set_stateless_cookie_generate_cb(ctx, NULL);
    q("CTX_set_stateless_cookie_generate_cb");
    SSL_CTX_set_stateless_cookie_verify_cb(ctx, NULL);
    q("CTX_set_stateless_cookie_verify_cb");
    SSL_CTX_set_cookie_generate_cb(ctx, NULL);
    q("CTX_set_cookie_generate_cb");
    SSL_CTX_set_cookie_verify_cb(ctx, NULL);
    q("CTX_set_cookie_verify_cb");

    printf("CTX_set_tlsext_max_fragment_length(DISABLED): %d\n",
           SSL_CTX_set_tlsext_max_fragment_length(ctx, TLSEXT_max_fragment_length_DISABLED));
    q("CTX_set_tlsext_max_fragment_length(DISABLED)");
    printf("CTX_set_tlsext_max_fragment_length(99): %d\n",
           SSL_CTX_set_tlsext_max_fragment_length(ctx, 99));
    q("CTX_set_tlsext_max_fragment_length(99)");

    printf("CTX_get_ssl_method is TLS_method: %d\n", SSL_CTX_get_ssl_method(ctx) == TLS_method());
    q("CTX_get_ssl_method");
    printf("CTX_get0_CA_list: %s\n", SSL_CTX_get0_CA_list(ctx) ? "set" : "NULL");
    q("CTX_get0_CA_list");

    printf("# CTX_dane_enable: %d\n", SSL_CTX_dane_enable(ctx));
    note_first_error("CTX_dane_enable");
    printf("# CTX_enable_ct: %d\n", SSL_CTX_enable_ct(ctx, 0 /* SSL_CT_VALIDATION_PERMISSIVE */));
    note_first_error("CTX_enable_ct");
    /* accepted; sslshim does not send the request (a server may ignore it) */
    printf("CTX_set_tlsext_max_fragment_length(512): %d\n",
           SSL_CTX_set_tlsext_max_fragment_length(ctx, TLSEXT_max_fragment_length_512));
    q("CTX_set_tlsext_max_fragment_length(512)");

    SSL_CTX_free(ctx);
}

static void fresh_ssl(int server)
{
    const char *who = server ? "server" : "client";
    SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    CHECK(ctx != NULL);
    SSL *s = SSL_new(ctx);
    CHECK(s != NULL);
    char l[128];

#define LBL(x) (snprintf(l, sizeof l, "%s %s", who, x), l)
    const unsigned char *data = GARBAGE;
    unsigned int len = 77;
    SSL_get0_next_proto_negotiated(s, &data, &len);
    printf("%s: data=%s len=%u\n", LBL("get0_next_proto_negotiated"), data ? "set" : "NULL", len);
    q(l);
    printf("%s: %d\n", LBL("get_early_data_status"), SSL_get_early_data_status(s));
    q(l);
    printf("%s: %u\n", LBL("get_recv_max_early_data"), SSL_get_recv_max_early_data(s));
    q(l);
    printf("%s: %d\n", LBL("set_recv_max_early_data(0)"), SSL_set_recv_max_early_data(s, 0));
    q(l);
    printf("%s: %u\n", LBL("get_recv_max_early_data"), SSL_get_recv_max_early_data(s));
    SSL_set_allow_early_data_cb(s, allow_early_cb, NULL);
    q(LBL("set_allow_early_data_cb"));
    printf("%s: %d\n", LBL("is_dtls"), SSL_is_dtls(s));
    q(l);
    printf("%s: %ld\n", LBL("get_default_timeout"), SSL_get_default_timeout(s));
    q(l);
    pstr(LBL("rstate_string"), SSL_rstate_string(s));
    q(l);
    pstr(LBL("rstate_string_long"), SSL_rstate_string_long(s));
    q(l);
    printf("%s: %d\n", LBL("get_key_update_type"), SSL_get_key_update_type(s));
    q(l);
    printf("%s: %s\n", LBL("get_pending_cipher"), SSL_get_pending_cipher(s) ? "set" : "NULL");
    q(l);
    pstr(LBL("get_psk_identity"), SSL_get_psk_identity(s));
    q(l);
    pstr(LBL("get_psk_identity_hint"), SSL_get_psk_identity_hint(s));
    q(l);
    SSL_set_psk_client_callback(s, psk_client_cb);
    q(LBL("set_psk_client_callback"));
    SSL_set_psk_server_callback(s, psk_server_cb);
    q(LBL("set_psk_server_callback"));
    SSL_set_psk_find_session_callback(s, NULL);
    q(LBL("set_psk_find_session_callback"));
    SSL_set_psk_use_session_callback(s, NULL);
    q(LBL("set_psk_use_session_callback"));
    printf("%s: %d\n", LBL("use_psk_identity_hint"), SSL_use_psk_identity_hint(s, "hint"));
    q(l);
    pstr(LBL("get_srp_username"), SSL_get_srp_username(s));
    q(l);
    pstr(LBL("get_srp_userinfo"), SSL_get_srp_userinfo(s));
    q(l);
    printf("%s: %s\n", LBL("get_srtp_profiles"), SSL_get_srtp_profiles(s) ? "set" : "NULL");
    q(l);
    printf("%s: %s\n", LBL("get_selected_srtp_profile"),
           SSL_get_selected_srtp_profile(s) ? "set" : "NULL");
    q(l);
    printf("%s: %d\n", LBL("ct_is_enabled"), SSL_ct_is_enabled(s));
    q(l);
    printf("%s: %d\n", LBL("set_ct_validation_callback(NULL)"),
           SSL_set_ct_validation_callback(s, NULL, NULL));
    q(l);
    printf("%s: %d\n", LBL("waiting_for_async"), SSL_waiting_for_async(s));
    q(l);
    size_t numfds = 77;
    printf("%s: %d numfds=%zu\n", LBL("get_all_async_fds"), SSL_get_all_async_fds(s, NULL, &numfds),
           numfds);
    q(l);
    size_t numadd = 77, numdel = 77;
    printf("%s: %d add=%zu del=%zu\n", LBL("get_changed_async_fds"),
           SSL_get_changed_async_fds(s, NULL, &numadd, NULL, &numdel), numadd, numdel);
    q(l);
    int status = 77;
    printf("%s: %d status=%d\n", LBL("get_async_status"), SSL_get_async_status(s, &status),
           status);
    q(l);
    printf("%s: %d\n", LBL("set_async_callback(NULL)"), SSL_set_async_callback(s, NULL));
    q(l);
    printf("%s: %d\n", LBL("set_async_callback_arg"), SSL_set_async_callback_arg(s, NULL));
    q(l);
    printf("%s: %s\n", LBL("get0_security_ex_data"), SSL_get0_security_ex_data(s) ? "set" : "NULL");
    q(l);
    SSL_set0_security_ex_data(s, &ctx);
    q(LBL("set0_security_ex_data"));
    printf("%s: %s\n", LBL("get0_security_ex_data"),
           SSL_get0_security_ex_data(s) == &ctx ? "same" : "other");
    printf("%s: %s\n", LBL("get_record_padding_callback_arg"),
           SSL_get_record_padding_callback_arg(s) ? "set" : "NULL");
    q(l);
    printf("%s: %d\n", LBL("set_record_padding_callback"),
           SSL_set_record_padding_callback(s, padding_cb));
    q(l);
    SSL_set_record_padding_callback_arg(s, &ctx);
    q(LBL("set_record_padding_callback_arg"));
    printf("%s: %s\n", LBL("get_record_padding_callback_arg"),
           SSL_get_record_padding_callback_arg(s) == &ctx ? "same" : "other");
    SSL_set_record_padding_callback(s, NULL);
    printf("%s: %d\n", LBL("set_block_padding(1)"), SSL_set_block_padding(s, 1));
    q(l);
    SSL_set_default_read_buffer_len(s, 32768);
    q(LBL("set_default_read_buffer_len"));
    SSL_set_not_resumable_session_callback(s, not_resumable_cb);
    q(LBL("set_not_resumable_session_callback"));
    printf("%s: %d\n", LBL("set_generate_session_id(NULL)"), SSL_set_generate_session_id(s, NULL));
    q(l);
    printf("%s: %d\n", LBL("set_tlsext_max_fragment_length(DISABLED)"),
           SSL_set_tlsext_max_fragment_length(s, TLSEXT_max_fragment_length_DISABLED));
    q(l);
    printf("%s: %s\n", LBL("get0_CA_list"), SSL_get0_CA_list(s) ? "set" : "NULL");
    q(l);
    printf("%s: %s\n", LBL("get0_peer_CA_list"), SSL_get0_peer_CA_list(s) ? "set" : "NULL");
    q(l);
    printf("%s: %d\n", LBL("get_ssl_method is ctx's"), SSL_get_ssl_method(s) == SSL_CTX_get_ssl_method(ctx));
    q(l);
    int sign = 77, hash = 77, sh = 77;
    unsigned char rsig = 77, rhash = 77;
    printf("%s: %d\n", LBL("get_sigalgs"), SSL_get_sigalgs(s, 0, &sign, &hash, &sh, &rsig, &rhash));
    q(l);
    printf("%s: %d\n", LBL("get_shared_sigalgs"),
           SSL_get_shared_sigalgs(s, 0, &sign, &hash, &sh, &rsig, &rhash));
    q(l);
    printf("%s: %s\n", LBL("get0_peer_scts"), SSL_get0_peer_scts(s) ? "set" : "NULL");
    note_first_error(l);
    X509 *mcert = GARBAGE;
    EVP_PKEY *mspki = GARBAGE;
    printf("%s: %d\n", LBL("get0_dane_authority"), SSL_get0_dane_authority(s, &mcert, &mspki));
    q(l);
    printf("%s: %d\n", LBL("has_matching_session_id"),
           SSL_has_matching_session_id(s, (const unsigned char *)"0123456789", 10));
    q(l);
    pstr(LBL("group_to_name(X25519)"), SSL_group_to_name(s, NID_X25519));
    q(l);
    pstr(LBL("group_to_name(P-256)"), SSL_group_to_name(s, NID_X9_62_prime256v1));
    q(l);
    pstr(LBL("group_to_name(P-384)"), SSL_group_to_name(s, NID_secp384r1));
    q(l);
    pstr(LBL("group_to_name(0)"), SSL_group_to_name(s, 0));
    q(l);
    printf("%s: %d\n", LBL("alloc_buffers"), SSL_alloc_buffers(s));
    q(l);
    printf("%s: %d\n", LBL("free_buffers"), SSL_free_buffers(s));
    q(l);
#undef LBL
    SSL_free(s);
    SSL_CTX_free(ctx);
}

static void fresh_session(void)
{
    SSL_SESSION *ss = SSL_SESSION_new();
    CHECK(ss != NULL);
    q("SESSION_new");
    printf("SESSION_new protocol_version: %x\n", SSL_SESSION_get_protocol_version(ss));
    printf("SESSION_new timeout: %ld\n", SSL_SESSION_get_timeout(ss));
    printf("SESSION_new is_resumable: %d\n", SSL_SESSION_is_resumable(ss));
    printf("SESSION_new cipher: %s\n", SSL_SESSION_get0_cipher(ss) ? "set" : "NULL");
    unsigned int nidlen = 77;
    SSL_SESSION_get_id(ss, &nidlen);
    printf("SESSION_new id length: %u\n", nidlen);
    const unsigned char *p = GARBAGE;
    size_t len = 77;
    SSL_SESSION_get0_ticket(ss, &p, &len);
    printf("SESSION_get0_ticket: %s len=%zu\n", p ? "set" : "NULL", len);
    q("SESSION_get0_ticket");
    printf("SESSION_has_ticket: %d\n", SSL_SESSION_has_ticket(ss));
    printf("SESSION_get_ticket_lifetime_hint: %lu\n", SSL_SESSION_get_ticket_lifetime_hint(ss));
    printf("SESSION_get_compress_id: %u\n", SSL_SESSION_get_compress_id(ss));
    printf("SESSION_get_max_fragment_length: %u\n", SSL_SESSION_get_max_fragment_length(ss));
    printf("SESSION_get_max_early_data: %u\n", SSL_SESSION_get_max_early_data(ss));
    printf("SESSION_set_max_early_data(0): %d\n", SSL_SESSION_set_max_early_data(ss, 0));
    q("SESSION queries");
    p = GARBAGE;
    len = 77;
    SSL_SESSION_get0_alpn_selected(ss, &p, &len);
    printf("SESSION_get0_alpn_selected: %s len=%zu\n", p ? "set" : "NULL", len);
    printf("SESSION_set1_alpn_selected(h2): %d\n",
           SSL_SESSION_set1_alpn_selected(ss, (const unsigned char *)"h2", 2));
    SSL_SESSION_get0_alpn_selected(ss, &p, &len);
    printf("SESSION_get0_alpn_selected: %.*s len=%zu\n", (int)len, p ? (const char *)p : "", len);
    q("SESSION alpn");
    void *ad = GARBAGE;
    len = 77;
    printf("SESSION_get0_ticket_appdata: %d", SSL_SESSION_get0_ticket_appdata(ss, &ad, &len));
    printf(" %s len=%zu\n", ad ? "set" : "NULL", len);
    printf("SESSION_set1_ticket_appdata: %d\n", SSL_SESSION_set1_ticket_appdata(ss, "appdata", 7));
    printf("SESSION_get0_ticket_appdata: %d", SSL_SESSION_get0_ticket_appdata(ss, &ad, &len));
    printf(" %.*s len=%zu\n", (int)len, ad ? (const char *)ad : "", len);
    q("SESSION appdata");
    unsigned char mk[64];
    printf("SESSION_get_master_key(len): %zu\n", SSL_SESSION_get_master_key(ss, mk, 0));
    q("SESSION_get_master_key");
    printf("SESSION_set1_id: %d\n",
           SSL_SESSION_set1_id(ss, (const unsigned char *)"0123456789abcdef", 16));
    unsigned int idlen = 77;
    const unsigned char *id = SSL_SESSION_get_id(ss, &idlen);
    printf("SESSION_get_id: %.*s len=%u\n", (int)idlen, id ? (const char *)id : "", idlen);
    printf("SESSION_set1_id(33 bytes): %d\n",
           SSL_SESSION_set1_id(ss, (const unsigned char *)"0123456789abcdef0123456789abcdef0", 33));
    q("SESSION_set1_id(33 bytes)");
    printf("SESSION_set_protocol_version: %d\n", SSL_SESSION_set_protocol_version(ss, TLS1_2_VERSION));
    printf("SESSION_get_protocol_version: %x\n", SSL_SESSION_get_protocol_version(ss));
    q("SESSION protocol version");
    SSL_SESSION_free(ss);
}

static void library(void)
{
    pstr("OSSL_default_cipher_list", OSSL_default_cipher_list());
    pstr("OSSL_default_ciphersuites", OSSL_default_ciphersuites());
    pstr("OPENSSL_cipher_name(TLS_AES_128_GCM_SHA256)", OPENSSL_cipher_name("TLS_AES_128_GCM_SHA256"));
    pstr("OPENSSL_cipher_name(TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)",
         OPENSSL_cipher_name("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));
    pstr("OPENSSL_cipher_name(nonsense)", OPENSSL_cipher_name("nonsense"));
    pstr("OPENSSL_cipher_name(NULL)", OPENSSL_cipher_name(NULL));
    q("OPENSSL_cipher_name");
    static const unsigned int exts[] = {0,  1,  5,  10, 11, 12, 13, 14, 16,    18,    21,
                                        22, 23, 27, 35, 41, 42, 43, 44, 45,    47,    49,
                                        50, 51, 57, 13172, 65000, 65281, 12345};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        printf("extension_supported(%u): %d\n", exts[i], SSL_extension_supported(exts[i]));
    q("extension_supported");
    SSL_add_ssl_module();
    q("add_ssl_module");
}


static int srp_username_cb(SSL *s, int *ad, void *arg)
{
    (void)s; (void)ad; (void)arg;
    return 0;
}

static void msg_trace(void)
{
    /* SSL_trace is a message callback: calling it must be harmless. */
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s = SSL_new(ctx);
    BIO *mem = BIO_new(BIO_s_mem());
    static const unsigned char rec[] = {22, 3, 3, 0, 0};
    SSL_trace(1, TLS1_2_VERSION, SSL3_RT_HEADER, rec, sizeof rec, s, mem);
    printf("# trace wrote %d bytes\n", (int)BIO_ctrl_pending(mem));
    q("trace");
    BIO_free(mem);
    SSL_free(s);
    SSL_CTX_free(ctx);
}

static int ticket_key_cb(SSL *s, unsigned char key_name[16], unsigned char *iv,
                         EVP_CIPHER_CTX *ctx, EVP_MAC_CTX *hctx, int enc)
{
    (void)s; (void)key_name; (void)iv; (void)ctx; (void)hctx; (void)enc;
    return 0;
}

static void batch2(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    CHECK(ctx != NULL);
    SSL *s = SSL_new(ctx);
    CHECK(s != NULL);

    printf("CTX_SRP_CTX_init: %d\n", SSL_CTX_SRP_CTX_init(ctx));
    q("CTX_SRP_CTX_init");
    printf("SRP_CTX_init: %d\n", SSL_SRP_CTX_init(s));
    q("SRP_CTX_init");
    printf("CTX_set_srp_strength: %d\n", SSL_CTX_set_srp_strength(ctx, 1024));
    q("CTX_set_srp_strength");
    printf("CTX_set_srp_cb_arg: %d\n", SSL_CTX_set_srp_cb_arg(ctx, NULL));
    q("CTX_set_srp_cb_arg");
    printf("CTX_set_srp_username_callback: %d\n",
           SSL_CTX_set_srp_username_callback(ctx, srp_username_cb));
    q("CTX_set_srp_username_callback");
    printf("CTX_set_srp_verify_param_callback(NULL): %d\n",
           SSL_CTX_set_srp_verify_param_callback(ctx, NULL));
    q("CTX_set_srp_verify_param_callback");
    printf("CTX_set_srp_client_pwd_callback(NULL): %d\n",
           SSL_CTX_set_srp_client_pwd_callback(ctx, NULL));
    q("CTX_set_srp_client_pwd_callback");
    printf("get_srp_N: %s\n", SSL_get_srp_N(s) ? "set" : "NULL");
    printf("get_srp_g: %s\n", SSL_get_srp_g(s) ? "set" : "NULL");
    q("get_srp_N/g");
    printf("SRP_CTX_free: %d\n", SSL_SRP_CTX_free(s));
    printf("CTX_SRP_CTX_free: %d\n", SSL_CTX_SRP_CTX_free(ctx));
    q("SRP_CTX_free");

    printf("CTX_dane_set_flags: %lu\n", SSL_CTX_dane_set_flags(ctx, DANE_FLAG_NO_DANE_EE_NAMECHECKS));
    printf("CTX_dane_set_flags again: %lu\n", SSL_CTX_dane_set_flags(ctx, 0));
    printf("CTX_dane_clear_flags: %lu\n", SSL_CTX_dane_clear_flags(ctx, DANE_FLAG_NO_DANE_EE_NAMECHECKS));
    printf("CTX_dane_clear_flags again: %lu\n", SSL_CTX_dane_clear_flags(ctx, 0));
    printf("dane_set_flags: %lu\n", SSL_dane_set_flags(s, DANE_FLAG_NO_DANE_EE_NAMECHECKS));
    printf("dane_clear_flags: %lu\n", SSL_dane_clear_flags(s, DANE_FLAG_NO_DANE_EE_NAMECHECKS));
    q("dane flags");
    printf("CTX_dane_mtype_set(NULL, 1, 0): %d\n", SSL_CTX_dane_mtype_set(ctx, NULL, 1, 0));
    q("CTX_dane_mtype_set(NULL, 1, 0)");
    printf("CTX_dane_mtype_set(sha256, 0, 0): %d\n", SSL_CTX_dane_mtype_set(ctx, (const EVP_MD *)&ctx /* any digest */, 0, 0));
    q("CTX_dane_mtype_set(sha256, 0, 0)");
    uint8_t usage = 77, sel = 77, mt = 77;
    const unsigned char *data = GARBAGE;
    size_t dlen = 77;
    printf("get0_dane_tlsa: %d usage=%u dlen=%zu\n",
           SSL_get0_dane_tlsa(s, &usage, &sel, &mt, &data, &dlen), usage, dlen);
    q("get0_dane_tlsa");
    printf("dane_tlsa_add: %d\n", SSL_dane_tlsa_add(s, 3, 1, 1, (const unsigned char *)"x", 1));
    q("dane_tlsa_add");

    printf("CTX_set_tlsext_ticket_key_evp_cb: %d\n",
           SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, ticket_key_cb));
    q("CTX_set_tlsext_ticket_key_evp_cb");
    printf("CTX_has_client_custom_ext(1000): %d\n", SSL_CTX_has_client_custom_ext(ctx, 1000));
    q("CTX_has_client_custom_ext");
    printf("set_session_ticket_ext_cb(NULL): %d\n", SSL_set_session_ticket_ext_cb(s, NULL, NULL));
    q("set_session_ticket_ext_cb");
    printf("set_session_secret_cb(NULL): %d\n", SSL_set_session_secret_cb(s, NULL, NULL));
    q("set_session_secret_cb(NULL)");

    static const int purposes[] = {0, 1, 2, 3, 9, 10, 99};
    for (size_t i = 0; i < sizeof purposes / sizeof purposes[0]; i++) {
        char l[64];
        snprintf(l, sizeof l, "CTX_set_purpose(%d)", purposes[i]);
        printf("%s: %d\n", l, SSL_CTX_set_purpose(ctx, purposes[i]));
        q(l);
        snprintf(l, sizeof l, "set_purpose(%d)", purposes[i]);
        printf("%s: %d\n", l, SSL_set_purpose(s, purposes[i]));
        q(l);
    }
    static const int trusts[] = {0, 1, 2, 3, 8, 9, 99};
    for (size_t i = 0; i < sizeof trusts / sizeof trusts[0]; i++) {
        char l[64];
        snprintf(l, sizeof l, "CTX_set_trust(%d)", trusts[i]);
        printf("%s: %d\n", l, SSL_CTX_set_trust(ctx, trusts[i]));
        q(l);
        snprintf(l, sizeof l, "set_trust(%d)", trusts[i]);
        printf("%s: %d\n", l, SSL_set_trust(s, trusts[i]));
        q(l);
    }

    STACK_OF(X509_NAME) *names = SSL_load_client_CA_file_ex(cert("ca.pem"), NULL, NULL);
    printf("load_client_CA_file_ex: %d names\n", names ? sk_X509_NAME_num(names) : -1);
    q("load_client_CA_file_ex");
    STACK_OF(X509_NAME) *copy = SSL_dup_CA_list(names);
    printf("dup_CA_list: %d names, distinct %d\n", copy ? sk_X509_NAME_num(copy) : -1,
           copy && names && sk_X509_NAME_value(copy, 0) != sk_X509_NAME_value(names, 0));
    if (copy && names)
        printf("dup_CA_list equal: %d\n",
               X509_NAME_cmp(sk_X509_NAME_value(copy, 0), sk_X509_NAME_value(names, 0)) == 0);
    q("dup_CA_list");
    sk_X509_NAME_pop_free(copy, X509_NAME_free);
    sk_X509_NAME_pop_free(names, X509_NAME_free);

    unsigned char out[16];
    printf("export_keying_material_early: %d\n",
           SSL_export_keying_material_early(s, out, sizeof out, "label", 5, NULL, 0));
    q("export_keying_material_early");
    SSL_certs_clear(s);
    q("certs_clear");
    printf("get_certificate after certs_clear: %s\n", SSL_get_certificate(s) ? "set" : "NULL");

    SSL_free(s);
    SSL_CTX_free(ctx);
}


/* The DER inside a one-object PEM file (base64 between the armour lines). */
static int pem_der(const char *name, unsigned char *out, int cap)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    FILE *f = fopen(cert(name), "r");
    CHECK(f != NULL);
    char line[256];
    int n = 0, bits = 0, in_body = 0;
    unsigned acc = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "-----", 5) == 0) {
            if (in_body)
                break;
            in_body = 1;
            continue;
        }
        for (char *c = line; in_body && *c && *c != '=' && *c != '\n'; c++) {
            const char *p = strchr(b64, *c);
            CHECK(p != NULL);
            acc = (acc << 6) | (unsigned)(p - b64);
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                CHECK(n < cap);
                out[n++] = (unsigned char)(acc >> bits);
            }
        }
    }
    fclose(f);
    return n;
}

/* DER loaders: a certificate and key as DER buffers, then the pair checks. */
static void der_loaders(void)
{
    static unsigned char xder[4096], kder[4096];
    int xlen = pem_der("server.pem", xder, sizeof xder);
    int klen = pem_der("server.key", kder, sizeof kder);
    CHECK(xlen > 0 && klen > 0);

    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    printf("CTX_use_certificate_ASN1(garbage): %d\n",
           SSL_CTX_use_certificate_ASN1(ctx, 3, (const unsigned char *)"abc"));
    note_first_error("CTX_use_certificate_ASN1(garbage)");
    printf("CTX_use_certificate_ASN1: %d\n", SSL_CTX_use_certificate_ASN1(ctx, xlen, xder));
    q("CTX_use_certificate_ASN1");
    printf("CTX_use_PrivateKey_ASN1(garbage): %d\n",
           SSL_CTX_use_PrivateKey_ASN1(6 /* EVP_PKEY_RSA */, ctx, (const unsigned char *)"abc", 3));
    note_first_error("CTX_use_PrivateKey_ASN1(garbage)");
    printf("CTX_use_PrivateKey_ASN1: %d\n", SSL_CTX_use_PrivateKey_ASN1(408 /* EVP_PKEY_EC */, ctx, kder, klen));
    q("CTX_use_PrivateKey_ASN1");
    printf("CTX_check_private_key: %d\n", SSL_CTX_check_private_key(ctx));
    q("CTX_check_private_key");

    SSL *s = SSL_new(ctx);
    printf("get_certificate: %s\n", SSL_get_certificate(s) ? "set" : "NULL");
    SSL_certs_clear(s);
    q("certs_clear");
    printf("get_certificate after certs_clear: %s\n", SSL_get_certificate(s) ? "set" : "NULL");
    printf("check_private_key after certs_clear: %d\n", SSL_check_private_key(s));
    note_first_error("check_private_key after certs_clear");
    printf("use_certificate_ASN1: %d\n", SSL_use_certificate_ASN1(s, xder, xlen));
    printf("use_PrivateKey_ASN1: %d\n", SSL_use_PrivateKey_ASN1(408 /* EVP_PKEY_EC */, s, kder, klen));
    printf("check_private_key: %d\n", SSL_check_private_key(s));
    q("ssl DER loaders");
    SSL_free(s);
    SSL_CTX_free(ctx);

    {
        /* The tmp DH key setters take the key (the caller does not free it). */
        const unsigned char *p = kder;
        EVP_PKEY *k1 = d2i_AutoPrivateKey(NULL, &p, klen);
        p = kder;
        EVP_PKEY *k2 = d2i_AutoPrivateKey(NULL, &p, klen);
        CHECK(k1 && k2);
        SSL_CTX *c2 = SSL_CTX_new(TLS_server_method());
        SSL *s2 = SSL_new(c2);
        printf("CTX_set0_tmp_dh_pkey: %d\n", SSL_CTX_set0_tmp_dh_pkey(c2, k1));
        q("CTX_set0_tmp_dh_pkey");
        printf("set0_tmp_dh_pkey: %d\n", SSL_set0_tmp_dh_pkey(s2, k2));
        q("set0_tmp_dh_pkey");
        SSL_free(s2);
        SSL_CTX_free(c2);
    }

    ctx = SSL_CTX_new(TLS_server_method());
    printf("CTX_use_RSAPrivateKey_file: %d\n",
           SSL_CTX_use_RSAPrivateKey_file(ctx, cert("server.key"), SSL_FILETYPE_PEM));
    q("CTX_use_RSAPrivateKey_file");
    printf("CTX_use_RSAPrivateKey_file(PKCS#1): %d\n",
           SSL_CTX_use_RSAPrivateKey_file(ctx, cert("server-rsa.key"), SSL_FILETYPE_PEM));
    q("CTX_use_RSAPrivateKey_file(PKCS#1)");
    printf("CTX_use_RSAPrivateKey_file(PKCS#8): %d\n",
           SSL_CTX_use_RSAPrivateKey_file(ctx, cert("server-rsa-pkcs8.key"), SSL_FILETYPE_PEM));
    q("CTX_use_RSAPrivateKey_file(PKCS#8)");
    int rlen = pem_der("server-rsa.key", kder, sizeof kder);
    printf("CTX_use_RSAPrivateKey_ASN1: %d\n", SSL_CTX_use_RSAPrivateKey_ASN1(ctx, kder, rlen));
    q("CTX_use_RSAPrivateKey_ASN1");
    klen = pem_der("server.key", kder, sizeof kder);
    printf("CTX_use_RSAPrivateKey_ASN1(EC): %d\n", SSL_CTX_use_RSAPrivateKey_ASN1(ctx, kder, klen));
    note_first_error("CTX_use_RSAPrivateKey_ASN1(EC)");
    SSL_CTX_free(ctx);

}

/* DTLS (contexts made, never a handshake), SRTP, configuration modules,
 * host flags and the setters of features rustls lacks: what OpenSSL
 * answers where that is ours; '#' lines where we refuse what OpenSSL
 * would switch on. */
static void batch3(void)
{
    const SSL_METHOD *dtls[] = {DTLS_method(), DTLS_client_method(), DTLS_server_method(),
                                DTLSv1_2_method(), DTLSv1_2_client_method(),
                                DTLSv1_2_server_method()};
    for (size_t i = 0; i < sizeof dtls / sizeof dtls[0]; i++) {
        SSL_CTX *d = SSL_CTX_new(dtls[i]);
        printf("DTLS method %zu: ctx %s\n", i, d ? "made" : "NULL");
        q("DTLS CTX_new");
        if (d == NULL)
            continue;
        SSL *s = SSL_new(d);
        CHECK(s != NULL);
        printf("DTLS method %zu: is_dtls %d version %#x data_mtu %zu\n", i, SSL_is_dtls(s),
               SSL_version(s), DTLS_get_data_mtu(s));
        DTLS_set_timer_cb(s, NULL);
        q("DTLS queries");
        if (i == 0) {
            printf("DTLS set_min_proto_version(DTLS1_2): %d\n",
                   (int)SSL_CTX_set_min_proto_version(d, DTLS1_2_VERSION));
            q("DTLS set_min_proto_version");
        }
        SSL_free(s);
        SSL_CTX_free(d);
    }

    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    CHECK(ctx != NULL);
    SSL *s = SSL_new(ctx);
    CHECK(s != NULL);
    printf("is_dtls on TLS: %d\n", SSL_is_dtls(s));
    printf("CTX_config(nonexistent): %d\n", SSL_CTX_config(ctx, "sslshim-nonexistent"));
    q("CTX_config(nonexistent)");
    printf("config(nonexistent): %d\n", SSL_config(s, "sslshim-nonexistent"));
    q("config(nonexistent)");
    SSL_set_hostflags(s, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    q("set_hostflags");
    printf("fresh get0_peername: %s\n", SSL_get0_peername(s) ? "set" : "(null)");
    q("fresh get0_peername");

    printf("# CTX_set_tlsext_use_srtp: %d\n",
           SSL_CTX_set_tlsext_use_srtp(ctx, "SRTP_AES128_CM_SHA1_80"));
    note_first_error("CTX_set_tlsext_use_srtp");
    printf("# set_tlsext_use_srtp: %d\n", SSL_set_tlsext_use_srtp(s, "SRTP_AES128_CM_SHA1_80"));
    note_first_error("set_tlsext_use_srtp");
    printf("# CTX_add_client_custom_ext: %d\n",
           SSL_CTX_add_client_custom_ext(ctx, 65000, NULL, NULL, NULL, NULL, NULL));
    note_first_error("CTX_add_client_custom_ext");
    printf("# CTX_use_serverinfo_file: %d\n", SSL_CTX_use_serverinfo_file(ctx, cert("ca.pem")));
    note_first_error("CTX_use_serverinfo_file");
    printf("# get0_dane: %s\n", SSL_get0_dane(s) ? "set" : "NULL");
    printf("# CTX_sessions: %s\n", SSL_CTX_sessions(ctx) ? "set" : "NULL");
    printf("# CTX_get0_ctlog_store: %s\n", SSL_CTX_get0_ctlog_store(ctx) ? "set" : "NULL");
    ERR_clear_error();
    SSL_free(s);
    SSL_CTX_free(ctx);
}

/* The probe: a harmless query on a connected client, then a read
 * that would block must still be SSL_ERROR_WANT_READ. */
static void connected(void)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    pair_t p = {0};
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    CHECK(p.c && p.s);
    CHECK(SSL_set1_host(p.c, "localhost") == 1);
    pair_attach_mem(&p);
    int rc_c = 0, err_c = 0, rc_s = 0, err_s = 0;
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &err_c, &rc_s, &err_s);
    printf("handshake: client %d server %d\n", rc_c, rc_s);

    const unsigned char *data = GARBAGE;
    unsigned int len = 77;
    SSL_get0_next_proto_negotiated(p.c, &data, &len);
    printf("connected get0_next_proto_negotiated: data=%s len=%u\n", data ? "set" : "NULL", len);
    printf("connected get_early_data_status: client %d server %d\n",
           SSL_get_early_data_status(p.c), SSL_get_early_data_status(p.s));
    printf("connected get_key_update_type: %d\n", SSL_get_key_update_type(p.c));
    printf("connected get_pending_cipher: %s\n", SSL_get_pending_cipher(p.c) ? "set" : "NULL");
    printf("connected group_to_name(NID_X25519): %s\n", SSL_group_to_name(p.c, NID_X25519));
    SSL_SESSION *sess = SSL_get_session(p.c);
    SSL_SESSION *dup = SSL_SESSION_dup(sess);
    unsigned int l1 = 0, l2 = 0;
    const unsigned char *i1 = SSL_SESSION_get_id(sess, &l1), *i2 = SSL_SESSION_get_id(dup, &l2);
    printf("connected SESSION_dup: %s same_id=%d version=%x cipher_same=%d\n", dup ? "set" : "NULL",
           l1 == l2 && memcmp(i1, i2, l1) == 0, SSL_SESSION_get_protocol_version(dup),
           SSL_SESSION_get0_cipher(dup) == SSL_SESSION_get0_cipher(sess));
    SSL_SESSION_free(dup);
    SSL *copy = SSL_new(cctx);
    printf("connected copy_session_id: %d session_same=%d\n", SSL_copy_session_id(copy, p.c),
           SSL_get_session(copy) == sess);
    SSL_free(copy);
    printf("connected get0_peername: %s\n", SSL_get0_peername(p.c) ? SSL_get0_peername(p.c) : "(null)");
    printf("connected get0_peername (server): %s\n",
           SSL_get0_peername(p.s) ? SSL_get0_peername(p.s) : "(null)");
    printf("connected SESSION_get_max_early_data: %u\n", SSL_SESSION_get_max_early_data(sess));
    printf("connected SESSION_get_compress_id: %u\n", SSL_SESSION_get_compress_id(sess));
    char buf[16];
    int r = SSL_read(p.c, buf, sizeof buf);
    printf("connected read: %d %s\n", r, err_name(SSL_get_error(p.c, r)));
    q("connected");
    pair_free(&p);
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    fresh_ctx();
    fresh_ssl(0);
    fresh_ssl(1);
    fresh_session();
    library();
    batch2();
    der_loaders();
    batch3();
    msg_trace();
    connected();
    return 0;
}
