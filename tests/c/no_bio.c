/*
 * Writes on an SSL whose BIOs were removed with SSL_set_bio(ssl, NULL, NULL)
 * after the handshake.
 *
 * Found by the api_sequence fuzz target: SSL_write of 64 KiB after the BIOs
 * were removed looped forever (the records had nowhere to go, and the write
 * loop kept waiting for rustls to take more). OpenSSL fails such a call with
 * "bio not set" on the queue (SSL_ERROR_SSL); smaller writes "succeeded"
 * and the data was lost.
 *
 * The handshake and reads with no BIO (a client's SSL_ERROR_SYSCALL with
 * nothing queued, a server's and a read's fatal "read bio not set") are
 * in parity_rows.c (row 5).
 */
#include "common.h"

static void report(const char *what, SSL *ssl, int r)
{
    int e = SSL_get_error(ssl, r);
    unsigned long err = ERR_peek_last_error();
    printf("%s: %d %s reason %s\n", what, r, err_name(e),
           err ? ERR_reason_error_string(err) : "(none)");
    ERR_clear_error();
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_NONE);

    /* BIOs removed after the handshake; one call per fresh connection (the
     * answer to a second call depends on what the first left pending). */
    static unsigned char big[65536];
    static const char *calls[] = {"write 100", "write 65536", "write_ex 65536"};
    for (int version = TLS1_2_VERSION; version <= TLS1_3_VERSION; version++) {
        for (int call = 0; call < 3; call++) {
            pair_t p = {0};
            p.c = SSL_new(cctx);
            p.s = SSL_new(sctx);
            CHECK(SSL_set_max_proto_version(p.c, version) == 1);
            pair_attach_mem(&p);
            int rc_c, e_c, rc_s, e_s;
            pair_drive(&p, SSL_connect, SSL_accept, &rc_c, &e_c, &rc_s, &e_s);
            CHECK(rc_c == 1 && rc_s == 1);
            char label[64];
            snprintf(label, sizeof label, "%s, BIOs removed, %s", SSL_get_version(p.c),
                     calls[call]);
            SSL_set_bio(p.c, NULL, NULL);
            size_t n = 0;
            int r = call == 0   ? SSL_write(p.c, big, 100)
                    : call == 1 ? SSL_write(p.c, big, sizeof big)
                                : SSL_write_ex(p.c, big, sizeof big, &n);
            report(label, p.c, r);
            SSL_free(p.c); /* its BIOs went with SSL_set_bio */
            SSL_free(p.s);
        }
    }
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
    return 0;
}
