/*
 * The message callback (SSL_CTX_set_msg_callback, SSL_set_msg_callback and
 * their _arg): what each side reports, in order, for TLS 1.3 and TLS 1.2
 * handshakes (full and resumed), a data exchange and a shutdown: the
 * direction, the version, the content type (handshake, alert, change
 * cipher spec; record headers and TLS 1.3 inner content types), the
 * handshake message type or alert, and the length where the protocol
 * fixes it. Each side's sequence is printed on its own (the two sides run
 * interleaved by the test's driver).
 *
 * Where rustls necessarily differs, the lines are '#':
 *  - record boundaries: rustls sends a TLS 1.3 flight (EncryptedExtensions
 *    to Finished) in one record, OpenSSL one record per message, so the
 *    record headers and inner content types come in other numbers; checked
 *    instead: every header is 5 bytes and precedes the messages of its
 *    record, every inner content type is 1 byte and comes only in TLS 1.3
 *    after the hellos;
 *  - the lengths of messages with extensions, certificates, signatures or
 *    key shares (rustls sends other extensions and signatures);
 *  - a TLS 1.2 server resuming a session from a ticket: rustls's sends a
 *    fresh NewSessionTicket, OpenSSL's none (a protocol choice of the
 *    server, not of the callback).
 */
#include "common.h"

#define MAX_LINES 400

typedef struct {
    int n;
    char lines[MAX_LINES][120];
    int headers, bad_headers, inners, bad_inners, messages, messages_before_header;
    int record_open; /* a header was seen and no message yet after the last one */
} side_log_t;

static side_log_t logs[2];
static int arg_tags[2] = {100, 200};
static int bad_arg;
static int inner_errors; /* calls inside the callback that queued errors */
/* While a TLS 1.2 resumption runs: its NewSessionTicket lines are '#'. */
static int tls12_resuming;
/* A failing handshake's messages are '#' (see main), its alerts not. */
static int alerts_only;

static const char *hs_name(int t)
{
    switch (t) {
    case 1: return "ClientHello";
    case 2: return "ServerHello";
    case 4: return "NewSessionTicket";
    case 5: return "EndOfEarlyData";
    case 8: return "EncryptedExtensions";
    case 11: return "Certificate";
    case 12: return "ServerKeyExchange";
    case 13: return "CertificateRequest";
    case 14: return "ServerHelloDone";
    case 15: return "CertificateVerify";
    case 16: return "ClientKeyExchange";
    case 20: return "Finished";
    case 22: return "CertificateStatus";
    case 24: return "KeyUpdate";
    default: return "other";
    }
}

/* Messages whose length the protocol fixes (given the suite). */
static int fixed_length(int t)
{
    return t == 20 || t == 14 || t == 24 || t == 5;
}

static void add(side_log_t *l, const char *fmt, const char *a, int b, size_t len, int ver,
                int comment)
{
    if (l->n >= MAX_LINES)
        return;
    char *s = l->lines[l->n++];
    int k = snprintf(s, 120, "%s  ", comment ? "#" : " ");
    k += snprintf(s + k, 120 - k, fmt, a, b);
    snprintf(s + k, 120 - k, " len %zu version 0x%04x", len, ver);
}

static void msg_cb(int write_p, int version, int content_type, const void *buf, size_t len,
                   SSL *ssl, void *arg)
{
    int server = SSL_is_server(ssl);
    side_log_t *l = &logs[server];
    const unsigned char *p = buf;
    const char *dir = write_p ? "sent" : "received";
    if (arg != &arg_tags[server])
        bad_arg++;
    /* The callback may ask its SSL, and set its argument again: nothing
     * is queued (the handshake's own errors stay where they are). */
    unsigned char fin[64];
    unsigned long last = ERR_peek_last_error();
    (void)SSL_get_finished(ssl, fin, sizeof fin);
    (void)SSL_get_state(ssl);
    (void)SSL_get_version(ssl);
    SSL_set_msg_callback_arg(ssl, arg);
    inner_errors += ERR_peek_last_error() != last;
    switch (content_type) {
    case SSL3_RT_HEADER:
        l->headers++;
        l->bad_headers += len != 5;
        l->record_open = 1;
        add(l, "%s header of a record of type %d", dir, len ? p[0] : -1, len, version, 1);
        break;
    case SSL3_RT_INNER_CONTENT_TYPE:
        l->inners++;
        l->bad_inners += len != 1 || SSL_version(ssl) != TLS1_3_VERSION;
        add(l, "%s inner content type %d", dir, len ? p[0] : -1, len, version, 1);
        break;
    case SSL3_RT_HANDSHAKE:
        l->messages++;
        l->messages_before_header += !l->record_open;
        if (alerts_only) {
            snprintf(l->lines[l->n++], 120, "#  %s handshake %s", dir, len ? hs_name(p[0]) : "empty");
        } else if (len && p[0] == 4 && tls12_resuming) {
            snprintf(l->lines[l->n++], 120, "#  %s handshake NewSessionTicket (renewed)", dir);
        } else if (len && fixed_length(p[0])) {
            add(l, "%s handshake %s", dir, 0, len, version, 0);
            snprintf(l->lines[l->n - 1], 120, "   %s handshake %s len %zu version 0x%04x", dir,
                     hs_name(p[0]), len, version);
        } else {
            snprintf(l->lines[l->n++], 120, "   %s handshake %s version 0x%04x", dir,
                     len ? hs_name(p[0]) : "empty", version);
            snprintf(l->lines[l->n++], 120, "#    (length %zu)", len);
        }
        break;
    case SSL3_RT_ALERT:
        l->messages++;
        l->messages_before_header += !l->record_open;
        snprintf(l->lines[l->n++], 120, "   %s alert %d/%d len %zu version 0x%04x", dir,
                 len > 0 ? p[0] : -1, len > 1 ? p[1] : -1, len, version);
        break;
    case SSL3_RT_CHANGE_CIPHER_SPEC:
        l->messages++;
        l->messages_before_header += !l->record_open;
        snprintf(l->lines[l->n++], 120, "   %s change cipher spec len %zu version 0x%04x", dir,
                 len, version);
        break;
    default:
        snprintf(l->lines[l->n++], 120, "   %s content type %d len %zu version 0x%04x", dir,
                 content_type, len, version);
    }
}

static void flush_logs(const char *phase)
{
    for (int side = 0; side < 2; side++) {
        side_log_t *l = &logs[side];
        printf("%s, %s:\n", phase, side ? "server" : "client");
        for (int i = 0; i < l->n; i++)
            printf("%s\n", l->lines[i]);
        printf("  headers seen %d, all 5 bytes %d; inner types all 1 byte in TLS 1.3 %d; "
               "messages without a header before %d\n",
               l->headers > 0, l->bad_headers == 0, l->bad_inners == 0,
               l->messages_before_header);
        printf("# %d headers, %d inner content types, %d messages\n", l->headers, l->inners,
               l->messages);
        memset(l, 0, sizeof *l);
    }
}

static void exchange(pair_t *p)
{
    char buf[64];
    CHECK(SSL_write(p->c, "ping", 4) == 4);
    pair_move(p);
    CHECK(SSL_read(p->s, buf, sizeof buf) == 4);
    CHECK(SSL_write(p->s, "pong!", 5) == 5);
    pair_move(p);
    CHECK(SSL_read(p->c, buf, sizeof buf) == 5);
}

static void shutdown_both(pair_t *p)
{
    char buf[8];
    CHECK(SSL_shutdown(p->c) == 0);
    pair_move(p);
    CHECK(SSL_read(p->s, buf, sizeof buf) == 0);
    CHECK(SSL_shutdown(p->s) == 1);
    pair_move(p);
    CHECK(SSL_shutdown(p->c) == 1);
}

static void run(const char *label, int version, long server_options)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    int rc_c, err_c, rc_s, err_s;
    pair_t p;

    SSL_CTX_set_session_id_context(sctx, (const unsigned char *)"msg", 3);
    SSL_CTX_set_options(sctx, server_options);
    for (int i = 0; i < 2; i++) {
        SSL_CTX *ctx = i ? sctx : cctx;
        CHECK(SSL_CTX_set_min_proto_version(ctx, version) == 1);
        CHECK(SSL_CTX_set_max_proto_version(ctx, version) == 1);
    }
    /* The server's from its context, the client's on the connection. */
    SSL_CTX_set_msg_callback(sctx, msg_cb);
    SSL_CTX_set_msg_callback_arg(sctx, &arg_tags[1]);

    printf("== %s\n", label);
    pair_new_mem(&p, cctx, sctx);
    SSL_set_msg_callback(p.c, msg_cb);
    SSL_set_msg_callback_arg(p.c, &arg_tags[0]);
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &err_c, &rc_s, &err_s);
    CHECK(rc_c == 1 && rc_s == 1);
    flush_logs("handshake");
    exchange(&p);
    flush_logs("data");
    if (version == TLS1_3_VERSION) {
        /* Both sides' keys change: later records are still read back. */
        CHECK(SSL_key_update(p.c, SSL_KEY_UPDATE_REQUESTED) == 1);
        exchange(&p);
        exchange(&p);
        flush_logs("key update");
    }
    SSL_SESSION *sess = SSL_get1_session(p.c);
    shutdown_both(&p);
    flush_logs("shutdown");
    pair_free(&p);

    /* Resumed; the client's callback set through its context this time. */
    SSL_CTX_set_msg_callback(cctx, msg_cb);
    SSL_CTX_set_msg_callback_arg(cctx, &arg_tags[0]);
    pair_new_mem(&p, cctx, sctx);
    CHECK(SSL_set_session(p.c, sess) == 1);
    tls12_resuming = version == TLS1_2_VERSION;
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &err_c, &rc_s, &err_s);
    tls12_resuming = 0;
    CHECK(rc_c == 1 && rc_s == 1);
    printf("resumed %d %d\n", SSL_session_reused(p.c), SSL_session_reused(p.s));
    flush_logs("resumed handshake");
    /* No callback: nothing reported. */
    SSL_set_msg_callback(p.c, NULL);
    SSL_set_msg_callback(p.s, NULL);
    exchange(&p);
    shutdown_both(&p);
    flush_logs("without callbacks");
    SSL_SESSION_free(sess);
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

/* One handshake, successful or not, and what each side reported. */
static void run_once(const char *label, SSL_CTX *cctx, SSL_CTX *sctx)
{
    int rc_c, err_c, rc_s, err_s;
    pair_t p;
    SSL_CTX_set_msg_callback(cctx, msg_cb);
    SSL_CTX_set_msg_callback_arg(cctx, &arg_tags[0]);
    /* The server's through the generic callback ctrl, as some programs
     * set it. */
    printf("callback ctrl: %ld\n",
           SSL_CTX_callback_ctrl(sctx, SSL_CTRL_SET_MSG_CALLBACK, (void (*)(void))msg_cb));
    SSL_CTX_set_msg_callback_arg(sctx, &arg_tags[1]);
    printf("== %s\n", label);
    pair_new_mem(&p, cctx, sctx);
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &err_c, &rc_s, &err_s);
    printf("client %d %s, server %d %s\n", rc_c, err_name(err_c), rc_s, err_name(err_s));
    flush_logs("handshake");
    pair_free(&p);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    run("TLS 1.3", TLS1_3_VERSION, 0);
    run("TLS 1.2 tickets", TLS1_2_VERSION, 0);
    run("TLS 1.2 session ids", TLS1_2_VERSION, SSL_OP_NO_TICKET);

    /* A HelloRetryRequest: reported as the ServerHello it is on the wire,
     * then the client's second ClientHello. */
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER), *sctx = server_ctx("server-chain.pem", "server.key");
    CHECK(SSL_CTX_set1_groups_list(cctx, "X25519:P-256") == 1);
    CHECK(SSL_CTX_set1_groups_list(sctx, "P-256") == 1);
    run_once("TLS 1.3 HelloRetryRequest", cctx, sctx);

    /* The alerts of failed handshakes: the server requires a certificate
     * the client does not have. The messages are '#' lines: the callback
     * reports a record's messages as the record is read, and rustls's
     * client sends its Certificate and Finished in one record, of which
     * OpenSSL's server reports the Finished only if it gets that far; in
     * TLS 1.2 rustls's server reads the client's whole flight before the
     * missing certificate is refused. */
    alerts_only = 1;
    for (int v = TLS1_2_VERSION; v <= TLS1_3_VERSION; v++) {
        cctx = client_ctx(SSL_VERIFY_PEER);
        sctx = server_ctx("server-chain.pem", "server.key");
        SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
        CHECK(SSL_CTX_set_max_proto_version(cctx, v) == 1);
        run_once(v == TLS1_3_VERSION ? "TLS 1.3 client certificate missing"
                                     : "TLS 1.2 client certificate missing",
                 cctx, sctx);
    }
    alerts_only = 0;
    printf("callback argument always the side's own: %d\n", bad_arg == 0);
    printf("calls inside the callback queued no error: %d\n", inner_errors == 0);
    return 0;
}
