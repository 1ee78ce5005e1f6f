/*
 * Configuration entry points: SSL_CONF_CTX/SSL_CONF_cmd (file and command
 * line syntax, return values, errors, effects on the context), security
 * levels, compression (none), early data limits and the certificate chain
 * controls with X509 objects. Every line must equal the oracle's.
 */
#include "common.h"

static void cmd(SSL_CONF_CTX *c, const char *name, const char *value)
{
    int r = SSL_CONF_cmd(c, name, value);
    /* The last error is SSL_CONF_cmd's own (a setter's may precede it). */
    unsigned long e = ERR_peek_last_error();
    const char *data = NULL;
    int flags = 0;
    if (e != 0)
        ERR_peek_last_error_data(&data, &flags);
    printf("cmd %s=%s -> %d", name, value ? value : "(null)", r);
    if (e != 0)
        printf(" err reason=%d data=%s", ERR_GET_REASON(e),
               (flags & ERR_TXT_STRING) && data ? data : "");
    printf("\n");
    ERR_clear_error();
}

/* Every name OpenSSL 3.x knows, and some it does not: the value type in
 * the file and command line syntaxes, for a server with certificates. */
static void value_types(void)
{
    static const char *names[] = {
        "no_ssl3", "no_tls1", "no_tls1_1", "no_tls1_2", "no_tls1_3", "bugs", "no_comp", "comp",
        "no_tx_cert_comp", "ecdh_single", "no_ticket", "serverpref", "legacy_renegotiation",
        "client_renegotiation", "legacy_server_connect", "no_renegotiation",
        "no_resumption_on_reneg", "no_legacy_server_connect", "allow_no_dhe_kex",
        "prefer_no_dhe_kex", "prioritize_chacha", "strict", "no_middlebox", "anti_replay",
        "no_anti_replay", "no_etm", "no_ems", "legacy_ec_point_formats",
        "SignatureAlgorithms", "sigalgs", "ClientSignatureAlgorithms", "client_sigalgs",
        "Curves", "curves", "Groups", "groups", "ECDHParameters", "named_curve",
        "CipherString", "cipher", "Ciphersuites", "ciphersuites", "Protocol", "MinProtocol",
        "min_protocol", "MaxProtocol", "max_protocol", "Options", "VerifyMode",
        "CertValidation", "SetValidFlags", "SetValidHost", "AddValidHost", "SetValidIP",
        "AddCAPath", "addCApath", "AddCAFile", "addCAfile", "Certificate", "cert",
        "PrivateKey", "key", "ServerInfoFile", "ChainCAPath", "chainCApath", "ChainCAFile",
        "chainCAfile", "ChainCAStore", "chainCAstore", "VerifyCAPath", "verifyCApath",
        "VerifyCAFile", "verifyCAfile", "VerifyCAStore", "verifyCAstore", "RequestCAFile",
        "requestCAFile", "ClientCAFile", "RequestCAPath", "ClientCAPath", "RequestCAStore",
        "requestCAStore", "ClientCAStore", "DHParameters", "dhparam", "RecordPadding",
        "record_padding", "NumTickets", "num_tickets", "NoSuchName",
    };
    SSL_CONF_CTX *c = SSL_CONF_CTX_new();
    CHECK(c != NULL);
    SSL_CONF_CTX_set_flags(c, SSL_CONF_FLAG_SERVER | SSL_CONF_FLAG_CERTIFICATE);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char dashed[64];
        snprintf(dashed, sizeof dashed, "-%s", names[i]);
        SSL_CONF_CTX_clear_flags(c, SSL_CONF_FLAG_CMDLINE);
        SSL_CONF_CTX_set_flags(c, SSL_CONF_FLAG_FILE);
        int file = SSL_CONF_cmd_value_type(c, names[i]);
        SSL_CONF_CTX_clear_flags(c, SSL_CONF_FLAG_FILE);
        SSL_CONF_CTX_set_flags(c, SSL_CONF_FLAG_CMDLINE);
        printf("type %s file %d cmdline %d\n", names[i], file, SSL_CONF_cmd_value_type(c, dashed));
    }
    SSL_CONF_CTX_free(c);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    value_types();
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    CHECK(ctx != NULL);

    /* ---- SSL_CONF, file syntax, on a server context ---- */
    SSL_CONF_CTX *c = SSL_CONF_CTX_new();
    CHECK(c != NULL);
    printf("flags %u\n", SSL_CONF_CTX_set_flags(c, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER |
                                                       SSL_CONF_FLAG_SHOW_ERRORS));
    SSL_CONF_CTX_set_ssl_ctx(c, ctx);
    printf("type Certificate %d (no CERTIFICATE flag)\n", SSL_CONF_cmd_value_type(c, "Certificate"));
    printf("flags %u\n", SSL_CONF_CTX_set_flags(c, SSL_CONF_FLAG_CERTIFICATE));
    printf("type Certificate %d\n", SSL_CONF_cmd_value_type(c, "Certificate"));
    printf("type ciphersuites %d\n", SSL_CONF_cmd_value_type(c, "ciphersuites"));
    printf("type no_ticket %d\n", SSL_CONF_cmd_value_type(c, "no_ticket"));
    printf("type AddCAPath %d\n", SSL_CONF_cmd_value_type(c, "AddCAPath"));
    cmd(c, "Ciphersuites", "TLS_CHACHA20_POLY1305_SHA256");
    cmd(c, "cipherstring", "ECDHE+AESGCM");
    cmd(c, "Protocol", "-TLSv1.2");
    printf("no_tls1_2 %d\n", (SSL_CTX_get_options(ctx) & SSL_OP_NO_TLSv1_2) != 0);
    cmd(c, "Protocol", "ALL");
    printf("no_tls1_2 %d\n", (SSL_CTX_get_options(ctx) & SSL_OP_NO_TLSv1_2) != 0);
    cmd(c, "Options", "-SessionTicket,ServerPreference");
    printf("no_ticket %d serverpref %d\n", (SSL_CTX_get_options(ctx) & SSL_OP_NO_TICKET) != 0,
           (SSL_CTX_get_options(ctx) & SSL_OP_CIPHER_SERVER_PREFERENCE) != 0);
    cmd(c, "Options", "SessionTicket");
    printf("no_ticket %d\n", (SSL_CTX_get_options(ctx) & SSL_OP_NO_TICKET) != 0);
    cmd(c, "Options", "NoSuchOption");
    cmd(c, "Options", NULL);
    cmd(c, "MinProtocol", "TLSv1.3");
    printf("min %x\n", (unsigned)SSL_CTX_get_min_proto_version(ctx));
    cmd(c, "MinProtocol", "TLSv9");
    cmd(c, "MaxProtocol", "None");
    cmd(c, "Groups", "X25519:P-256");
    cmd(c, "Groups", "NoSuchGroup");
    cmd(c, "SignatureAlgorithms", "ECDSA+SHA256:RSA-PSS+SHA256");
    cmd(c, "VerifyMode", "Require");
    printf("verify mode %d\n", SSL_CTX_get_verify_mode(ctx));
    cmd(c, "NumTickets", "3");
    printf("num tickets %zu\n", SSL_CTX_get_num_tickets(ctx));
    cmd(c, "ECDHParameters", "automatic");
    cmd(c, "NoSuchCommand", "x");
    cmd(c, "no_ticket", NULL);
    cmd(c, "Certificate", cert("server-chain.pem"));
    cmd(c, "PrivateKey", cert("server.key"));
    printf("key matches %d\n", SSL_CTX_check_private_key(ctx));
    printf("finish %d\n", SSL_CONF_CTX_finish(c));

    /* ---- command line syntax, with and without a prefix ---- */
    SSL_CONF_CTX_clear_flags(c, SSL_CONF_FLAG_FILE);
    printf("flags %u\n", SSL_CONF_CTX_set_flags(c, SSL_CONF_FLAG_CMDLINE));
    cmd(c, "-no_ticket", NULL);
    printf("no_ticket %d\n", (SSL_CTX_get_options(ctx) & SSL_OP_NO_TICKET) != 0);
    cmd(c, "-comp", NULL);
    printf("no_comp %d\n", (SSL_CTX_get_options(ctx) & SSL_OP_NO_COMPRESSION) != 0);
    cmd(c, "no_ticket", NULL);
    cmd(c, "-Ciphersuites", "TLS_AES_128_GCM_SHA256");
    cmd(c, "-max_protocol", "TLSv1.2");
    printf("max %x\n", (unsigned)SSL_CTX_get_max_proto_version(ctx));
    char *args[] = {"-cipher", "HIGH", "-no_tls1_3", "-unknown", NULL};
    char **argv2 = args;
    int argc2 = 4;
    int r;
    while ((r = SSL_CONF_cmd_argv(c, &argc2, &argv2)) > 0)
        printf("argv used %d, %d left\n", r, argc2);
    printf("argv stop %d at %s\n", r, argc2 > 0 ? argv2[0] : "(end)");
    ERR_clear_error();
    printf("prefix %d\n", SSL_CONF_CTX_set1_prefix(c, "--tls-"));
    cmd(c, "--tls-num_tickets", "1");
    cmd(c, "-num_tickets", "1");
    printf("num tickets %zu\n", SSL_CTX_get_num_tickets(ctx));
    SSL_CONF_CTX_free(c);

    /* ---- security level, compression, early data ---- */
    printf("security level %d\n", SSL_CTX_get_security_level(ctx));
    SSL_CTX_set_security_level(ctx, 1);
    SSL *ssl = SSL_new(ctx);
    CHECK(ssl != NULL);
    printf("ssl security level %d\n", SSL_get_security_level(ssl));
    SSL_set_security_level(ssl, 0);
    printf("ssl security level %d ctx %d\n", SSL_get_security_level(ssl),
           SSL_CTX_get_security_level(ctx));
    STACK_OF(SSL_COMP) *meths = SSL_COMP_get_compression_methods();
    printf("compression methods %s %d\n", meths ? "stack" : "NULL",
           meths ? sk_SSL_COMP_num(meths) : -1);
    printf("current compression %s expansion %s\n",
           SSL_get_current_compression(ssl) ? "set" : "NULL",
           SSL_get_current_expansion(ssl) ? "set" : "NULL");
    printf("COMP name of NULL %s\n", SSL_COMP_get_name(NULL) ? "set" : "NULL");
    printf("max early data %u ssl %u\n", SSL_CTX_get_max_early_data(ctx),
           SSL_get_max_early_data(ssl));
    printf("set max early data 0 -> %d\n", SSL_CTX_set_max_early_data(ctx, 0));

    /* ---- DH parameters: none given fails, automatic succeeds ---- */
    printf("set_tmp_dh NULL %ld\n", SSL_CTX_set_tmp_dh(ctx, NULL));
    print_first_error("set_tmp_dh NULL");
    printf("set_dh_auto %ld ssl %ld\n", SSL_CTX_set_dh_auto(ctx, 1), SSL_set_dh_auto(ssl, 1));

    /* ---- chain controls with X509 objects ---- */
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    CHECK(sctx != NULL);
    X509 *leaf = read_cert("server.pem"), *inter = read_cert("intermediate.pem");
    printf("add1_chain_cert before a certificate %ld\n", SSL_CTX_add1_chain_cert(sctx, inter) > 0);
    ERR_clear_error();
    CHECK(SSL_CTX_use_certificate(sctx, leaf) == 1);
    printf("add1_chain_cert %ld\n", SSL_CTX_add1_chain_cert(sctx, inter));
    STACK_OF(X509) *sk = sk_X509_new_null();
    CHECK(sk != NULL);
    X509_up_ref(inter);
    CHECK(sk_X509_push(sk, inter) == 1);
    printf("set0_chain %ld\n", SSL_CTX_set0_chain(sctx, sk));
    printf("clear_chain_certs %ld\n", SSL_CTX_clear_chain_certs(sctx));
    X509_up_ref(inter);
    printf("add_extra_chain_cert %ld\n", SSL_CTX_add_extra_chain_cert(sctx, inter));
    STACK_OF(X509) *extra = NULL, *only = NULL;
    long re = SSL_CTX_get_extra_chain_certs(sctx, &extra);
    long ro = SSL_CTX_get_extra_chain_certs_only(sctx, &only);
    printf("get_extra_chain_certs %ld count %d, only %ld count %d\n", re,
           extra ? sk_X509_num(extra) : -1, ro, only ? sk_X509_num(only) : -1);
    if (extra && sk_X509_num(extra) > 0)
        print_name("extra[0]", X509_get_subject_name(sk_X509_value(extra, 0)));
    printf("clear_extra_chain_certs %ld\n", SSL_CTX_clear_extra_chain_certs(sctx));
    extra = (void *)&re;
    SSL_CTX_get_extra_chain_certs_only(sctx, &extra);
    printf("after clearing: only %s\n", extra == NULL ? "NULL" : "set");
    X509_free(leaf);
    X509_free(inter);
    SSL_CTX_free(sctx);

    SSL_free(ssl);
    SSL_CTX_free(ctx);
    printf("done\n");
    return 0;
}
