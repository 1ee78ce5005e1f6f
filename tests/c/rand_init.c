/*
 * RAND_* and OPENSSL_INIT_* as TLS programs call them at start-up (socat:
 * OPENSSL_INIT_new, then OPENSSL_init_ssl with the settings; RAND_status
 * when a handshake fails): the generator is ready and gives distinct
 * bytes, seeding is accepted, the settings object works with
 * OPENSSL_init_ssl, and a connection follows.
 */
#include "common.h"
#include <openssl/rand.h>

int main(int argc, char **argv)
{
    test_init(argc, argv);
    OPENSSL_INIT_SETTINGS *s = OPENSSL_INIT_new();
    printf("init: new=%d", s != NULL);
    printf(" appname=%d", OPENSSL_INIT_set_config_appname(s, "sslshim-test-app"));
    OPENSSL_INIT_set_config_file_flags(s, 0);
    printf(" init_ssl=%d\n", OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS, s));
    OPENSSL_INIT_free(s);
    OPENSSL_INIT_free(NULL);

    unsigned char a[32] = {0}, b[32] = {0}, zero[32] = {0};
    printf("rand: status=%d poll=%d", RAND_status(), RAND_poll());
    printf(" bytes=%d,%d", RAND_bytes(a, sizeof a), RAND_bytes(b, sizeof b));
    printf(" distinct=%d nonzero=%d", memcmp(a, b, sizeof a) != 0, memcmp(a, zero, sizeof a) != 0);
    printf(" priv=%d", RAND_priv_bytes(b, 16));
    printf(" zero-length=%d negative=%d\n", RAND_bytes(a, 0), RAND_bytes(a, -1));
    RAND_seed("entropy?", 8);
    RAND_add("more", 4, 1.0);
    printf("rand: status after seed=%d err=%d\n", RAND_status(), ERR_peek_error() != 0);

    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    pair_t p;
    pair_new_mem(&p, cctx, sctx);
    int rc_c, err_c, rc_s, err_s;
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &err_c, &rc_s, &err_s);
    printf("handshake c=%d s=%d\n", rc_c, rc_s);
    pair_free(&p);
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
    return 0;
}
