/*
 * A record that fails to decrypt, arriving after our close_notify.
 *
 * Found by the api_sequence fuzz target: once a side has sent close_notify
 * (SSL_shutdown returned 0), a corrupt or undecryptable record from the peer
 * must make the next SSL_shutdown / SSL_read fail cleanly (-1, SSL_ERROR_SSL,
 * the record-MAC reason) as in OpenSSL. rustls 0.23 marks close_notify as
 * "fatal alert sent" and then, in builds with debug assertions, panicked
 * when the bad record made it send the bad_record_mac alert.
 *
 * For TLS 1.3 and TLS 1.2, the bad record arrives before the second
 * SSL_shutdown, or before an SSL_read after the first.
 */
#include "common.h"

static void bad_record(BIO *to)
{
    /* application_data, TLS 1.2 record version, 32 bytes no key decrypts */
    unsigned char rec[5 + 32] = {0x17, 0x03, 0x03, 0x00, 0x20};
    memset(rec + 5, 0x41, 32);
    CHECK(BIO_write(to, rec, sizeof rec) == (int)sizeof rec);
}

static void run(int version, int use_read)
{
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    CHECK(SSL_CTX_set_max_proto_version(cctx, version) == 1);
    pair_t p = {0};
    p.c = SSL_new(cctx);
    p.s = SSL_new(sctx);
    pair_attach_mem(&p);
    int rc_c, e_c, rc_s, e_s;
    pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
    CHECK(rc_c == 1 && rc_s == 1);
    /* The server's tickets (TLS 1.3) reach the client before it shuts down. */
    unsigned char buf[64];
    CHECK(SSL_read(p.c, buf, sizeof buf) == -1);
    ERR_clear_error();
    printf("%s %s:\n", SSL_get_version(p.c), use_read ? "SSL_read" : "SSL_shutdown");

    int r = SSL_shutdown(p.c);
    printf("  first shutdown %d\n", r);
    bad_record(p.c_in);
    r = use_read ? SSL_read(p.c, buf, sizeof buf) : SSL_shutdown(p.c);
    int e = SSL_get_error(p.c, r);
    /* The last entry: for a TLS 1.2 AEAD record OpenSSL 3.0 queues its
     * provider's "cipher operation failed" first, then the SSL reason. */
    unsigned long err = ERR_peek_last_error();
    printf("  after bad record %d %s reason %s\n", r, err_name(e),
           err ? ERR_reason_error_string(err) : "(none)");
    ERR_clear_error();
    /* Still failed, no crash, on a further call. */
    r = SSL_shutdown(p.c);
    printf("  shutdown again %d %s\n", r, err_name(SSL_get_error(p.c, r)));
    ERR_clear_error();
    pair_free(&p);
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    for (int use_read = 0; use_read < 2; use_read++) {
        run(TLS1_3_VERSION, use_read);
        run(TLS1_2_VERSION, use_read);
    }
    return 0;
}
