/*
 * Behaviour parity rows (issue 15), each compared with OpenSSL 3.0:
 *  1. SSL_CTX_check_private_key / SSL_check_private_key with an X.509 v1
 *     certificate (tests/certs/v1.pem) and its key, from files and as
 *     objects;
 *  2. SSL_(CTX_)use_certificate_chain_file on a file whose first or second
 *     PEM block has bad base64, on a file without a certificate, and on a
 *     good file with an error already queued;
 *  3. SSL_CTX_set1_groups / SSL_set1_groups with NID lists;
 *  4. SSL_write_ex and SSL_write of 0 bytes on an established connection;
 *  5. the handshake and I/O calls with no BIO, with one of the two, and
 *     reads after the BIOs were removed;
 *  6. SSL_shutdown before and during the handshake (quiet too) and after
 *     a failed one;
 *  7. SSL_CONF_cmd list commands (VerifyMode, Options, Protocol) with empty
 *     elements (and what the words before them did), and other commands
 *     with an empty value;
 *  8. SSL_CONF_cmd VerifyCAFile / VerifyCAPath: a store for verifying the
 *     peer that replaces the trust store, on a context or a connection,
 *     client and server (handshake outcomes), and failed loads;
 *  9. SSL_CIPHER_get_bits(NULL, &bits).
 * Error queue entries are printed as library and reason codes only.
 */
#include "common.h"

/* Every queued error, oldest first, as "lib/reason" pairs; then cleared. */
static void print_queue(const char *label)
{
    unsigned long e;
    int n = 0;
    printf("%s queue:", label);
    while ((e = ERR_get_error()) != 0) {
        printf(" %d/%d", ERR_GET_LIB(e), ERR_GET_REASON(e));
        n++;
    }
    printf("%s\n", n ? "" : " empty");
}

static int do_handshake(SSL *s) { return SSL_do_handshake(s); }

/* ---- 1. check_private_key with an X.509 v1 certificate --------------------- */

static void v1_private_key(void)
{
    static const struct {
        const char *cert, *key;
    } v[] = {
        {"v1.pem", "v1.key"},
        {"server.pem", "server.key"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
        CHECK(ctx != NULL);
        printf("row1 %s+%s: use_certificate_file %d", v[i].cert, v[i].key,
               SSL_CTX_use_certificate_file(ctx, cert(v[i].cert), SSL_FILETYPE_PEM));
        /* OpenSSL checks a key against the certificate when it is set. */
        printf(" use_PrivateKey_file %d\n",
               SSL_CTX_use_PrivateKey_file(ctx, cert(v[i].key), SSL_FILETYPE_PEM));
        print_queue("row1 use");
        printf("row1 %s+%s: SSL_CTX_check_private_key %d\n", v[i].cert, v[i].key,
               SSL_CTX_check_private_key(ctx));
        print_queue("row1 ctx check");
        SSL *ssl = SSL_new(ctx);
        CHECK(ssl != NULL);
        printf("row1 %s+%s: SSL_check_private_key %d\n", v[i].cert, v[i].key,
               SSL_check_private_key(ssl));
        print_queue("row1 ssl check");
        SSL_free(ssl);
        SSL_CTX_free(ctx);
    }

    /* The same through an SSL of a context without certificates. */
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    CHECK(ctx != NULL);
    SSL *ssl = SSL_new(ctx);
    CHECK(ssl != NULL);
    int c = SSL_use_certificate_file(ssl, cert("v1.pem"), SSL_FILETYPE_PEM);
    int k = SSL_use_PrivateKey_file(ssl, cert("v1.key"), SSL_FILETYPE_PEM);
    printf("row1 ssl: use_certificate_file %d use_PrivateKey_file %d check %d\n", c, k,
           SSL_check_private_key(ssl));
    print_queue("row1 ssl");
    SSL_free(ssl);
    SSL_CTX_free(ctx);

    /* The same as objects. */
    X509 *x = read_cert("v1.pem");
    FILE *f = fopen(cert("v1.key"), "r");
    CHECK(f != NULL);
    EVP_PKEY *pk = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    CHECK(pk != NULL);
    printf("row1 X509_check_private_key %d\n", X509_check_private_key(x, pk));
    print_queue("row1 X509_check_private_key");
    ctx = SSL_CTX_new(TLS_server_method());
    CHECK(ctx != NULL);
    c = SSL_CTX_use_certificate(ctx, x);
    k = SSL_CTX_use_PrivateKey(ctx, pk);
    printf("row1 objects: use_certificate %d use_PrivateKey %d check %d\n", c, k,
           SSL_CTX_check_private_key(ctx));
    print_queue("row1 objects");
    SSL_CTX_free(ctx);
    X509_free(x);
    EVP_PKEY_free(pk);
}

/* ---- 2. a certificate chain file with a corrupt PEM block ----------------- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    CHECK(fseek(f, 0, SEEK_END) == 0);
    long n = ftell(f);
    CHECK(n > 0);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    CHECK(buf != NULL);
    CHECK(fread(buf, 1, (size_t)n, f) == (size_t)n);
    buf[n] = 0;
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Writes server-chain.pem with characters that are not base64 in the body
 * of PEM block `which` (0 the leaf, 1 the intermediate) to a new temporary
 * file; returns its path. */
static const char *corrupt_chain(int which, char *path, size_t pathlen)
{
    size_t len;
    char *pem = slurp(cert("server-chain.pem"), &len);
    char *p = pem;
    for (int i = 0; i <= which; i++) {
        p = strstr(p, "-----BEGIN CERTIFICATE-----");
        CHECK(p != NULL);
        p += strlen("-----BEGIN CERTIFICATE-----");
    }
    /* The second line of the body: well inside the DER. */
    p = strchr(p + 1, '\n');
    CHECK(p != NULL);
    memcpy(p + 5, "!*!*", 4);
    snprintf(path, pathlen, "/tmp/parity_rows_chain_XXXXXX");
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, pem, len) == (ssize_t)len);
    close(fd);
    free(pem);
    return path;
}

static void corrupt_chain_file(void)
{
    for (int which = 0; which < 2; which++) {
        char path[64];
        corrupt_chain(which, path, sizeof path);
        SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
        CHECK(ctx != NULL);
        int r = SSL_CTX_use_certificate_chain_file(ctx, path);
        printf("row2 bad block %d: SSL_CTX_use_certificate_chain_file %d\n", which, r);
        print_queue("row2 ctx");
        SSL *ssl = SSL_new(ctx);
        CHECK(ssl != NULL);
        r = SSL_use_certificate_chain_file(ssl, path);
        printf("row2 bad block %d: SSL_use_certificate_chain_file %d\n", which, r);
        print_queue("row2 ssl");
        SSL_free(ssl);
        SSL_CTX_free(ctx);
        unlink(path);
    }

    /* A file without a certificate, and a good file read with an error
     * already queued (OpenSSL clears the queue first). */
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    CHECK(ctx != NULL);
    printf("row2 key file as chain: %d\n", SSL_CTX_use_certificate_chain_file(ctx, cert("server.key")));
    print_queue("row2 key file");
    CHECK(SSL_CTX_use_certificate_file(ctx, cert("no-such-file.pem"), SSL_FILETYPE_PEM) == 0);
    CHECK(ERR_peek_error() != 0);
    printf("row2 good file after an error: %d\n",
           SSL_CTX_use_certificate_chain_file(ctx, cert("server-chain.pem")));
    print_queue("row2 good file");
    SSL_CTX_free(ctx);
}

/* ---- 3. SSL_CTX_set1_groups / SSL_set1_groups ----------------------------- */

static void set1_groups(void)
{
    static const int two[] = {NID_X9_62_prime256v1, NID_X25519};
    static const int bad[] = {NID_X25519, NID_sha256};
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    CHECK(ctx != NULL);
    printf("row3 SSL_CTX_set1_groups P-256,X25519 %ld\n", SSL_CTX_set1_groups(ctx, two, 2));
    print_queue("row3 ctx");
    SSL *ssl = SSL_new(ctx);
    CHECK(ssl != NULL);
    printf("row3 SSL_set1_groups P-256,X25519 %ld\n", SSL_set1_groups(ssl, two, 2));
    print_queue("row3 ssl");
    printf("row3 SSL_set1_groups X25519 %ld\n", SSL_set1_groups(ssl, two + 1, 1));
    print_queue("row3 ssl one");
    printf("row3 SSL_CTX_set1_groups X25519,sha256 %ld\n", SSL_CTX_set1_groups(ctx, bad, 2));
    print_queue("row3 ctx bad");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

/* ---- 4. zero-length writes on an established connection ------------------- */

static void zero_writes(void)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    for (int version = TLS1_2_VERSION; version <= TLS1_3_VERSION; version++) {
        pair_t p;
        pair_new_mem(&p, cctx, sctx);
        CHECK(SSL_set_max_proto_version(p.c, version) == 1);
        int rc_c, e_c, rc_s, e_s;
        pair_drive(&p, do_handshake, do_handshake, &rc_c, &e_c, &rc_s, &e_s);
        CHECK(rc_c == 1 && rc_s == 1);
        /* Let the client take the server's tickets first. */
        char buf[16];
        CHECK(SSL_read(p.c, buf, sizeof buf) == -1);
        ERR_clear_error();
        pair_move(&p);
        const char *v = SSL_get_version(p.c);

        size_t written = 77;
        int r = SSL_write_ex(p.c, "x", 0, &written);
        printf("row4 %s SSL_write_ex 0: %d written %zu %s pending %d\n", v, r, written,
               err_name(SSL_get_error(p.c, r)), (int)BIO_ctrl_pending(p.c_out) > 0);
        print_queue("row4 write_ex");
        r = SSL_write(p.c, "x", 0);
        printf("row4 %s SSL_write 0: %d %s pending %d\n", v, r, err_name(SSL_get_error(p.c, r)),
               (int)BIO_ctrl_pending(p.c_out) > 0);
        print_queue("row4 write");
        written = 77;
        r = SSL_write_ex(p.s, NULL, 0, &written);
        printf("row4 %s server SSL_write_ex NULL 0: %d written %zu %s\n", v, r, written,
               err_name(SSL_get_error(p.s, r)));
        print_queue("row4 server write_ex");

        /* The connection still carries data both ways. */
        pair_move(&p);
        r = SSL_read(p.s, buf, sizeof buf);
        printf("row4 %s server read before data: %d %s\n", v, r, err_name(SSL_get_error(p.s, r)));
        ERR_clear_error();
        CHECK(SSL_write(p.c, "ping", 4) == 4);
        pair_move(&p);
        r = SSL_read(p.s, buf, sizeof buf);
        printf("row4 %s server read %d %.*s\n", v, r, r > 0 ? r : 0, buf);
        CHECK(SSL_write(p.s, "pong", 4) == 4);
        pair_move(&p);
        r = SSL_read(p.c, buf, sizeof buf);
        printf("row4 %s client read %d %.*s\n", v, r, r > 0 ? r : 0, buf);
        pair_free(&p);
    }
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}

/* ---- 5. no BIO at all ----------------------------------------------------- */

static void no_bio(void)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_NONE);
    static const char *calls[] = {"SSL_do_handshake", "SSL_connect", "SSL_read",
                                  "SSL_peek",         "SSL_write",   "SSL_read_ex",
                                  "SSL_accept"};
    for (int server = 0; server < 2; server++) {
        for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
            SSL *ssl = SSL_new(server ? sctx : cctx);
            CHECK(ssl != NULL);
            if (server)
                SSL_set_accept_state(ssl);
            else
                SSL_set_connect_state(ssl);
            char buf[16];
            size_t n = 0;
            int r;
            switch (i) {
            case 0: r = SSL_do_handshake(ssl); break;
            case 1: r = SSL_connect(ssl); break;
            case 2: r = SSL_read(ssl, buf, sizeof buf); break;
            case 3: r = SSL_peek(ssl, buf, sizeof buf); break;
            case 4: r = SSL_write(ssl, "abc", 3); break;
            case 5: r = SSL_read_ex(ssl, buf, sizeof buf, &n); break;
            default: r = SSL_accept(ssl); break;
            }
            printf("row5 %s state, no BIO, %s: %d %s\n", server ? "accept" : "connect", calls[i],
                   r, err_name(SSL_get_error(ssl, r)));
            print_queue("row5");
            SSL_free(ssl);
        }
    }

    /* One BIO of the two: the client writes first, the server reads. */
    static const char *halves[] = {"client, write BIO only", "client, read BIO only",
                                   "server, write BIO only", "server, read BIO only"};
    for (int i = 0; i < 4; i++) {
        int server = i >= 2, has_w = i % 2 == 0;
        SSL *ssl = SSL_new(server ? sctx : cctx);
        CHECK(ssl != NULL);
        BIO *b = BIO_new(BIO_s_mem());
        CHECK(b != NULL);
        if (server)
            SSL_set_accept_state(ssl);
        else
            SSL_set_connect_state(ssl);
        if (has_w)
            SSL_set0_wbio(ssl, b);
        else
            SSL_set0_rbio(ssl, b);
        int r = SSL_do_handshake(ssl);
        printf("row5 %s: SSL_do_handshake %d %s wrote %d\n", halves[i], r,
               err_name(SSL_get_error(ssl, r)), has_w && BIO_ctrl_pending(b) > 0);
        print_queue("row5");
        SSL_free(ssl);
    }

    /* The BIOs removed after the handshake: reads. */
    static const char *reads[] = {"SSL_read", "SSL_peek", "SSL_read_ex"};
    for (int version = TLS1_2_VERSION; version <= TLS1_3_VERSION; version++) {
        for (int call = 0; call < 3; call++) {
            pair_t p;
            pair_new_mem(&p, cctx, sctx);
            CHECK(SSL_set_max_proto_version(p.c, version) == 1);
            int rc_c, e_c, rc_s, e_s;
            pair_drive(&p, do_handshake, do_handshake, &rc_c, &e_c, &rc_s, &e_s);
            CHECK(rc_c == 1 && rc_s == 1);
            SSL_set_bio(p.s, NULL, NULL);
            char buf[16];
            size_t n = 0;
            int r = call == 0   ? SSL_read(p.s, buf, sizeof buf)
                    : call == 1 ? SSL_peek(p.s, buf, sizeof buf)
                                : SSL_read_ex(p.s, buf, sizeof buf, &n);
            printf("row5 %s, BIOs removed, server %s: %d %s\n", SSL_get_version(p.s),
                   reads[call], r, err_name(SSL_get_error(p.s, r)));
            print_queue("row5");
            SSL_free(p.c);
            SSL_free(p.s);
        }
    }
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}

/* ---- 6. SSL_shutdown before and during the handshake ---------------------- */

static void shutdown_in_init(void)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_NONE);
    static const char *cases[] = {"client, no state set",  "client, connect state",
                                  "server, accept state",  "client, connect state, no BIO",
                                  "client, hello sent",    "server, hello answered"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pair_t p;
        memset(&p, 0, sizeof p);
        p.c = SSL_new(cctx);
        p.s = SSL_new(sctx);
        CHECK(p.c && p.s);
        if (i != 3)
            pair_attach_mem(&p);
        if (i != 0)
            SSL_set_connect_state(p.c);
        SSL_set_accept_state(p.s);
        SSL *who = (i == 2 || i == 5) ? p.s : p.c;
        if (i >= 4) {
            CHECK(SSL_do_handshake(p.c) == -1);
            pair_move(&p);
            if (i == 5) {
                CHECK(SSL_do_handshake(p.s) == -1);
                pair_move(&p);
            }
            ERR_clear_error();
        }
        int r = SSL_shutdown(who);
        printf("row6 %s: SSL_shutdown %d %s in_init %d\n", cases[i], r,
               err_name(SSL_get_error(who, r)), SSL_in_init(who));
        print_queue("row6");
        printf("row6 %s: get_shutdown %d\n", cases[i], SSL_get_shutdown(who));
        if (i != 3) {
            int r2 = SSL_shutdown(who);
            printf("row6 %s: again %d %s\n", cases[i], r2, err_name(SSL_get_error(who, r2)));
            print_queue("row6 again");
        }
        SSL_free(p.c);
        SSL_free(p.s);
    }

    /* Quiet shutdown changes nothing before the handshake. */
    SSL *ssl = SSL_new(cctx);
    CHECK(ssl != NULL);
    SSL_set_connect_state(ssl);
    SSL_set_quiet_shutdown(ssl, 1);
    int r = SSL_shutdown(ssl);
    printf("row6 quiet, connect state: SSL_shutdown %d %s get_shutdown %d\n", r,
           err_name(SSL_get_error(ssl, r)), SSL_get_shutdown(ssl));
    print_queue("row6 quiet");
    SSL_free(ssl);

    /* After a handshake that failed (the server's chain is not trusted). */
    SSL_CTX *strict = SSL_CTX_new(TLS_client_method());
    CHECK(strict != NULL);
    SSL_CTX_set_verify(strict, SSL_VERIFY_PEER, NULL);
    pair_t p;
    pair_new_mem(&p, strict, sctx);
    int rc_c, e_c, rc_s, e_s;
    pair_drive(&p, do_handshake, do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    printf("row6 failed handshake: client %d %s\n", rc_c, err_name(e_c));
    r = SSL_shutdown(p.c);
    printf("row6 failed handshake: SSL_shutdown %d %s in_init %d\n", r,
           err_name(SSL_get_error(p.c, r)), SSL_in_init(p.c));
    print_queue("row6 failed");
    pair_free(&p);
    SSL_CTX_free(strict);
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}

/* ---- 7. SSL_CONF_cmd: empty list elements and empty values ----------------- */

static void conf_cmd(SSL_CONF_CTX *c, const char *name, const char *value)
{
    int r = SSL_CONF_cmd(c, name, value);
    unsigned long e = ERR_peek_last_error();
    const char *data = NULL;
    int flags = 0;
    if (e != 0)
        ERR_peek_last_error_data(&data, &flags);
    printf("row7 cmd %s=\"%s\" -> %d", name, value, r);
    if (e != 0)
        printf(" err lib=%d reason=%d data=%s", ERR_GET_LIB(e), ERR_GET_REASON(e),
               (flags & ERR_TXT_STRING) && data ? data : "");
    printf("\n");
    ERR_clear_error();
}

static void conf_lists(void)
{
    static const char *verify[] = {"", " ", "Request,", ",Request", "Request,,Once",
                                   "Request, Once", " Request , Once ", "+", "Request,NoSuch"};
    static const char *options[] = {"", ",", "-SessionTicket,,ServerPreference",
                                    "-SessionTicket,ServerPreference,", "-SessionTicket,NoSuch"};
    static const char *protocols[] = {"", ",TLSv1.2", "-TLSv1.2,", "-TLSv1.2,,-TLSv1.3",
                                      "-TLSv1.2, -TLSv1.3"};
    static const char *empties[] = {"CipherString", "Ciphersuites",  "Groups",
                                    "SignatureAlgorithms", "ClientSignatureAlgorithms",
                                    "MinProtocol",  "MaxProtocol",   "NumTickets",
                                    "ECDHParameters"};
    for (int on_ssl = 0; on_ssl < 2; on_ssl++) {
        SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
        CHECK(ctx != NULL);
        SSL *ssl = SSL_new(ctx);
        CHECK(ssl != NULL);
        SSL_CONF_CTX *c = SSL_CONF_CTX_new();
        CHECK(c != NULL);
        SSL_CONF_CTX_set_flags(c, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER |
                                      SSL_CONF_FLAG_SHOW_ERRORS);
        if (on_ssl)
            SSL_CONF_CTX_set_ssl(c, ssl);
        else
            SSL_CONF_CTX_set_ssl_ctx(c, ctx);
        printf("row7 target %s\n", on_ssl ? "SSL" : "SSL_CTX");
        for (size_t i = 0; i < sizeof verify / sizeof verify[0]; i++) {
            if (on_ssl)
                SSL_set_verify(ssl, SSL_VERIFY_NONE, NULL);
            else
                SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
            conf_cmd(c, "VerifyMode", verify[i]);
            printf("row7 verify mode %d\n",
                   on_ssl ? SSL_get_verify_mode(ssl) : SSL_CTX_get_verify_mode(ctx));
        }
        const uint64_t opts = SSL_OP_NO_TICKET | SSL_OP_CIPHER_SERVER_PREFERENCE |
                              SSL_OP_NO_TLSv1_2 | SSL_OP_NO_TLSv1_3;
        for (int list = 0; list < 2; list++) {
            const char **vals = list ? protocols : options;
            size_t n = list ? sizeof protocols / sizeof protocols[0]
                            : sizeof options / sizeof options[0];
            for (size_t i = 0; i < n; i++) {
                if (on_ssl)
                    SSL_clear_options(ssl, opts);
                else
                    SSL_CTX_clear_options(ctx, opts);
                conf_cmd(c, list ? "Protocol" : "Options", vals[i]);
                uint64_t o = on_ssl ? SSL_get_options(ssl) : SSL_CTX_get_options(ctx);
                printf("row7 no_ticket %d serverpref %d no_tls1_2 %d no_tls1_3 %d\n",
                       (o & SSL_OP_NO_TICKET) != 0, (o & SSL_OP_CIPHER_SERVER_PREFERENCE) != 0,
                       (o & SSL_OP_NO_TLSv1_2) != 0, (o & SSL_OP_NO_TLSv1_3) != 0);
            }
        }
        for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++)
            conf_cmd(c, empties[i], "");
        SSL_CONF_CTX_free(c);
        SSL_free(ssl);
        SSL_CTX_free(ctx);
    }

    /* A client's words. */
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    CHECK(ctx != NULL);
    SSL_CONF_CTX *c = SSL_CONF_CTX_new();
    CHECK(c != NULL);
    SSL_CONF_CTX_set_flags(c, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_CLIENT);
    SSL_CONF_CTX_set_ssl_ctx(c, ctx);
    printf("row7 target client SSL_CTX\n");
    conf_cmd(c, "VerifyMode", "Peer,,Request");
    printf("row7 verify mode %d\n", SSL_CTX_get_verify_mode(ctx));
    conf_cmd(c, "VerifyMode", "Peer");
    printf("row7 verify mode %d\n", SSL_CTX_get_verify_mode(ctx));
    SSL_CONF_CTX_free(c);
    SSL_CTX_free(ctx);
}

/* ---- 8. VerifyCAFile / VerifyCAPath --------------------------------------- */

/* A client context configured by SSL_CONF (`flags`) with `cmds` (name, value
 * pairs); its handshake with the server: results and verify result. */
static void verify_store_case(const char *label, SSL_CTX *sctx, const char *ca_file,
                              unsigned flags, const char *const *cmds)
{
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    CHECK(cctx != NULL);
    if (ca_file)
        CHECK(SSL_CTX_load_verify_locations(cctx, cert(ca_file), NULL) == 1);
    SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, NULL);
    SSL_CONF_CTX *c = SSL_CONF_CTX_new();
    CHECK(c != NULL);
    SSL_CONF_CTX_set_flags(c, flags);
    SSL_CONF_CTX_set_ssl_ctx(c, cctx);
    for (; cmds[0]; cmds += 2) {
        int r = SSL_CONF_cmd(c, cmds[0], cmds[1]);
        printf("row8 %s: cmd %s -> %d\n", label, cmds[0], r);
        print_queue("row8 cmd");
    }
    printf("row8 %s: finish %d\n", label, SSL_CONF_CTX_finish(c));
    SSL_CONF_CTX_free(c);
    pair_t p;
    pair_new_mem(&p, cctx, sctx);
    int rc_c, e_c, rc_s, e_s;
    pair_drive(&p, do_handshake, do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    printf("row8 %s: client %d %s server %d %s verify_result %ld\n", label, rc_c, err_name(e_c),
           rc_s, err_name(e_s), SSL_get_verify_result(p.c));
    print_error_code("row8 client", p.err_c);
    pair_free(&p);
    SSL_CTX_free(cctx);
}

static void verify_ca_store(void)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    const unsigned file = SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_CLIENT | SSL_CONF_FLAG_CERTIFICATE;
    const unsigned cmdline = SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_CLIENT |
                             SSL_CONF_FLAG_CERTIFICATE;
    char ca[512], cadir[512], untrusted[512], missing[512];
    snprintf(ca, sizeof ca, "%s", cert("ca.pem"));
    snprintf(cadir, sizeof cadir, "%s", cert("cadir"));
    snprintf(untrusted, sizeof untrusted, "%s", cert("untrusted-ca.pem"));
    snprintf(missing, sizeof missing, "%s", cert("no-such-file.pem"));

    const char *none[] = {NULL};
    verify_store_case("no trust anchors", sctx, NULL, file, none);
    const char *f1[] = {"VerifyCAFile", ca, NULL};
    verify_store_case("VerifyCAFile ca.pem", sctx, NULL, file, f1);
    const char *f2[] = {"VerifyCAPath", cadir, NULL};
    verify_store_case("VerifyCAPath cadir", sctx, NULL, file, f2);
    const char *f3[] = {"-verifyCAfile", ca, NULL};
    verify_store_case("-verifyCAfile ca.pem", sctx, NULL, cmdline, f3);
    const char *f4[] = {"-verifyCApath", cadir, NULL};
    verify_store_case("-verifyCApath cadir", sctx, NULL, cmdline, f4);
    /* The verify store replaces the context's anchors. */
    const char *f5[] = {"VerifyCAFile", untrusted, NULL};
    verify_store_case("ca.pem loaded, VerifyCAFile untrusted-ca.pem", sctx, "ca.pem", file, f5);
    verify_store_case("untrusted-ca.pem loaded, VerifyCAFile ca.pem", sctx, "untrusted-ca.pem",
                      file, f1);
    /* A second file adds to the same store. */
    const char *f6[] = {"VerifyCAFile", untrusted, "VerifyCAFile", ca, NULL};
    verify_store_case("VerifyCAFile untrusted-ca.pem then ca.pem", sctx, NULL, file, f6);
    /* Without SSL_CONF_FLAG_CERTIFICATE the commands are unknown. */
    verify_store_case("VerifyCAFile without CERTIFICATE flag", sctx, NULL,
                      SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_CLIENT, f1);
    /* A failed load leaves the (empty) verify store in place; a missing
     * directory is accepted unread. */
    const char *f7[] = {"VerifyCAFile", missing, NULL};
    verify_store_case("ca.pem loaded, VerifyCAFile missing", sctx, "ca.pem", file, f7);
    const char *f8[] = {"VerifyCAPath", missing, NULL};
    verify_store_case("ca.pem loaded, VerifyCAPath missing", sctx, "ca.pem", file, f8);
    const char *f9[] = {"VerifyCAFile", cert("server.key"), NULL};
    verify_store_case("VerifyCAFile server.key", sctx, NULL, file | SSL_CONF_FLAG_SHOW_ERRORS,
                      f9);
    const char *f10[] = {"VerifyCAFile", missing, NULL};
    verify_store_case("VerifyCAFile missing, errors shown", sctx, NULL,
                      file | SSL_CONF_FLAG_SHOW_ERRORS, f10);

    /* On a connection: its own verify store. */
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    pair_t p;
    pair_new_mem(&p, cctx, sctx);
    SSL_CONF_CTX *c = SSL_CONF_CTX_new();
    CHECK(c != NULL);
    SSL_CONF_CTX_set_flags(c, file);
    SSL_CONF_CTX_set_ssl(c, p.c);
    printf("row8 SSL: VerifyCAFile untrusted-ca.pem -> %d\n",
           SSL_CONF_cmd(c, "VerifyCAFile", untrusted));
    print_queue("row8 SSL cmd");
    SSL_CONF_CTX_free(c);
    int rc_c, e_c, rc_s, e_s;
    pair_drive(&p, do_handshake, do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    printf("row8 SSL: client %d %s verify_result %ld\n", rc_c, err_name(e_c),
           SSL_get_verify_result(p.c));
    pair_free(&p);
    /* The context's other connections keep its trust store. */
    pair_new_mem(&p, cctx, sctx);
    pair_drive(&p, do_handshake, do_handshake, &rc_c, &e_c, &rc_s, &e_s);
    printf("row8 SSL: next connection: client %d %s verify_result %ld\n", rc_c, err_name(e_c),
           SSL_get_verify_result(p.c));
    pair_free(&p);
    SSL_CTX_free(cctx);

    /* A server verifying client certificates with its verify store. */
    for (int with_store = 0; with_store < 2; with_store++) {
        SSL_CTX *s2 = server_ctx("server-chain.pem", "server.key");
        SSL_CTX_set_verify(s2, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
        if (with_store) {
            c = SSL_CONF_CTX_new();
            CHECK(c != NULL);
            SSL_CONF_CTX_set_flags(c, SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER |
                                          SSL_CONF_FLAG_CERTIFICATE);
            SSL_CONF_CTX_set_ssl_ctx(c, s2);
            printf("row8 server VerifyCAFile ca.pem -> %d\n", SSL_CONF_cmd(c, "VerifyCAFile", ca));
            print_queue("row8 server cmd");
            SSL_CONF_CTX_free(c);
        }
        SSL_CTX *c2 = client_ctx(SSL_VERIFY_PEER);
        CHECK(SSL_CTX_use_certificate_chain_file(c2, cert("client-chain.pem")) == 1);
        CHECK(SSL_CTX_use_PrivateKey_file(c2, cert("client.key"), SSL_FILETYPE_PEM) == 1);
        pair_new_mem(&p, c2, s2);
        pair_drive(&p, do_handshake, do_handshake, &rc_c, &e_c, &rc_s, &e_s);
        printf("row8 client auth, %s: server %d %s verify_result %ld\n",
               with_store ? "verify store" : "no anchors", rc_s, err_name(e_s),
               SSL_get_verify_result(p.s));
        print_error_code("row8 server", p.err_s);
        pair_free(&p);
        SSL_CTX_free(c2);
        SSL_CTX_free(s2);
    }
    SSL_CTX_free(sctx);
}

/* ---- 9. SSL_CIPHER_get_bits(NULL, ...) ------------------------------------ */

static void cipher_bits_null(void)
{
    int bits = 1234;
    int r = SSL_CIPHER_get_bits(NULL, &bits);
    printf("row9 SSL_CIPHER_get_bits(NULL) %d alg_bits %d\n", r, bits);
    printf("row9 SSL_CIPHER_get_bits(NULL, NULL) %d\n", SSL_CIPHER_get_bits(NULL, NULL));
    print_queue("row9");
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    v1_private_key();
    corrupt_chain_file();
    set1_groups();
    zero_writes();
    no_bio();
    shutdown_in_init();
    conf_lists();
    verify_ca_store();
    cipher_bits_null();
    return 0;
}
