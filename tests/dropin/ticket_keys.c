/*
 * The program's session ticket keys (drop-in flavour; compiled against the
 * system headers): SSL_CTX_set_tlsext_ticket_key_evp_cb and the deprecated
 * HMAC_CTX form (SSL_CTX_set_tlsext_ticket_key_cb), as haproxy, lighttpd
 * and nginx use them to share keys across servers and restarts.
 *
 * For TLS 1.2 and 1.3 and each callback form: a server context issues a
 * ticket to an in-process client; a *new* server context with the same
 * callback (a restarted server) resumes it; one whose callback does not
 * know the key name (returns 0) does a full handshake; one whose
 * callback renews (returns 2) resumes. Printed: reused flags, the
 * callback's calls by mode, and the ticket's layout (key name first,
 * then the IV, then the MAC), which are OpenSSL's format.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/ssl.h>

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: CHECK %s\n", __FILE__, __LINE__, #c); \
    ERR_print_errors_fp(stderr); exit(2); } } while (0)

static const char *certs = "tests/certs";
static unsigned char key_name[16] = "sslshim-ticket!";
static unsigned char aes_key[32], hmac_key[32];
static int calls_enc, calls_dec;
static int decrypt_answer = 1; /* 1 known key, 0 unknown, 2 renew */

/* Callbacks may call back (issue 19): the first sealing and the first
 * opening ask their own SSL what OpenSSL allows there, and set and read
 * back a mode bit; nothing may be refused (queued). */
static void probe(SSL *s, int enc)
{
    static int done[2];
    if (done[enc]++)
        return;
    const char *w = enc ? "ticket(seal)" : "ticket(open)";
    const SSL_CIPHER *c = SSL_get_current_cipher(s);
    printf("%s is_server=%d version=%s cipher=%s in_init=%d\n", w, SSL_is_server(s),
           SSL_get_version(s), c ? SSL_CIPHER_get_name(c) : "(none)", SSL_in_init(s));
    printf("%s certificate=%s options_nonzero=%d verify_mode=%d session=%s\n", w,
           SSL_get_certificate(s) ? "set" : "NULL", SSL_get_options(s) != 0,
           SSL_get_verify_mode(s), SSL_get_session(s) ? "set" : "NULL");
    long m = SSL_get_mode(s);
    printf("%s set_mode=%lx", w, (long)(SSL_set_mode(s, SSL_MODE_RELEASE_BUFFERS) & SSL_MODE_RELEASE_BUFFERS));
    printf(" get_mode=%lx", (long)(SSL_get_mode(s) & SSL_MODE_RELEASE_BUFFERS));
    SSL_clear_mode(s, SSL_MODE_RELEASE_BUFFERS & ~m);
    printf(" restored=%d\n", SSL_get_mode(s) == m);
    unsigned long e = ERR_peek_error();
    printf("%s queue %s\n", w, e ? "not empty" : "empty");
}

static int evp_cb(SSL *s, unsigned char name[16], unsigned char *iv, EVP_CIPHER_CTX *ctx,
                  EVP_MAC_CTX *hctx, int enc)
{
    CHECK(SSL_get_SSL_CTX(s) != NULL);
    probe(s, enc != 0);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(OSSL_MAC_PARAM_KEY, hmac_key, sizeof hmac_key),
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
        OSSL_PARAM_construct_end()};
    if (enc) {
        calls_enc++;
        memcpy(name, key_name, 16);
        memset(iv, 0x42, 16);
        CHECK(EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, aes_key, iv) == 1);
        CHECK(EVP_MAC_CTX_set_params(hctx, params) == 1);
        return 1;
    }
    calls_dec++;
    if (memcmp(name, key_name, 16) != 0 || decrypt_answer == 0)
        return 0;
    CHECK(EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, aes_key, iv) == 1);
    CHECK(EVP_MAC_CTX_set_params(hctx, params) == 1);
    return decrypt_answer;
}

static int hmac_cb(SSL *s, unsigned char name[16], unsigned char *iv, EVP_CIPHER_CTX *ctx,
                   HMAC_CTX *hctx, int enc)
{
    CHECK(SSL_get_SSL_CTX(s) != NULL);
    if (enc) {
        calls_enc++;
        memcpy(name, key_name, 16);
        memset(iv, 0x24, 16);
        CHECK(EVP_EncryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, aes_key, iv) == 1);
        CHECK(HMAC_Init_ex(hctx, hmac_key, sizeof hmac_key, EVP_sha256(), NULL) == 1);
        return 1;
    }
    calls_dec++;
    if (memcmp(name, key_name, 16) != 0 || decrypt_answer == 0)
        return 0;
    CHECK(EVP_DecryptInit_ex(ctx, EVP_aes_256_cbc(), NULL, aes_key, iv) == 1);
    CHECK(HMAC_Init_ex(hctx, hmac_key, sizeof hmac_key, EVP_sha256(), NULL) == 1);
    return decrypt_answer;
}

static char path_buf[8][512];
static const char *path(const char *f)
{
    static int i;
    char *b = path_buf[i++ & 7];
    snprintf(b, sizeof path_buf[0], "%s/%s", certs, f);
    return b;
}

static SSL_CTX *server(int hmac)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    CHECK(ctx != NULL);
    CHECK(SSL_CTX_use_certificate_chain_file(ctx, path("server-chain.pem")) == 1);
    CHECK(SSL_CTX_use_PrivateKey_file(ctx, path("server.key"), SSL_FILETYPE_PEM) == 1);
    /* No server-side cache: only the ticket can resume. */
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_num_tickets(ctx, 1);
    if (hmac)
        CHECK(SSL_CTX_set_tlsext_ticket_key_cb(ctx, hmac_cb) == 1);
    else
        CHECK(SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, evp_cb) == 1);
    return ctx;
}

static void move(BIO *from, BIO *to)
{
    char buf[16384];
    int n;
    while ((n = BIO_read(from, buf, sizeof buf)) > 0)
        CHECK(BIO_write(to, buf, n) == n);
}

/* One connection; returns the client's session (a reference). */
static SSL_SESSION *connect_once(SSL_CTX *sctx, SSL_CTX *cctx, SSL_SESSION *offer, int *reused)
{
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    CHECK(c && s);
    BIO *c_in = BIO_new(BIO_s_mem()), *c_out = BIO_new(BIO_s_mem());
    BIO *s_in = BIO_new(BIO_s_mem()), *s_out = BIO_new(BIO_s_mem());
    SSL_set_bio(c, c_in, c_out);
    SSL_set_bio(s, s_in, s_out);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    if (offer)
        CHECK(SSL_set_session(c, offer) == 1);
    int dc = 0, ds = 0;
    for (int i = 0; i < 50 && !(dc && ds); i++) {
        if (!dc)
            dc = SSL_do_handshake(c) == 1;
        move(c_out, s_in);
        if (!ds)
            ds = SSL_do_handshake(s) == 1;
        move(s_out, c_in);
    }
    CHECK(dc && ds);
    /* Data both ways hands a TLS 1.3 client its ticket. */
    char buf[8];
    CHECK(SSL_write(s, "hi", 2) == 2);
    move(s_out, c_in);
    CHECK(SSL_read(c, buf, sizeof buf) == 2);
    *reused = SSL_session_reused(c) * 10 + SSL_session_reused(s);
    SSL_SESSION *sess = SSL_get1_session(c);
    /* Our close_notify keeps the session resumable (OpenSSL's SSL_free
     * drops one whose connection did not end so: see main). */
    SSL_shutdown(c);
    SSL_shutdown(s);
    SSL_free(c);
    SSL_free(s);
    return sess;
}

static void run(int version, int hmac)
{
    const char *label = version == TLS1_3_VERSION ? "TLSv1.3" : "TLSv1.2";
    const char *form = hmac ? "HMAC_CTX" : "EVP_MAC_CTX";
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    CHECK(cctx != NULL);
    CHECK(SSL_CTX_load_verify_locations(cctx, path("ca.pem"), NULL) == 1);
    SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, NULL);
    CHECK(SSL_CTX_set_max_proto_version(cctx, version) == 1);
    SSL_CTX_set_session_cache_mode(cctx, SSL_SESS_CACHE_CLIENT);

    calls_enc = calls_dec = 0;
    decrypt_answer = 1;
    int reused;
    SSL_CTX *first = server(hmac);
    SSL_SESSION *sess = connect_once(first, cctx, NULL, &reused);
    SSL_CTX_free(first);
    size_t tlen = 0;
    const unsigned char *tick = NULL;
    SSL_SESSION_get0_ticket(sess, &tick, &tlen);
    printf("%s %s: first reused %02d, enc calls %d, dec calls %d\n", label, form, reused,
           calls_enc, calls_dec);
    /* key name (16) | IV (16, AES-256-CBC) | ciphertext (whole blocks) |
     * HMAC-SHA256 (32). A '#' line: sslshim's client sessions do not
     * expose the ticket (SSL_SESSION_get0_ticket). Only the layout is
     * OpenSSL's: the sealed state is rustls's, so a ticket of one
     * implementation does not resume on the other even with the same
     * keys (the coverage note says so). */
    printf("# %s %s: ticket starts with the key name %d, IV %d, length fits %d\n", label, form,
           tlen > 16 && memcmp(tick, key_name, 16) == 0,
           tlen > 32 && tick[16] == (hmac ? 0x24 : 0x42) && tick[31] == (hmac ? 0x24 : 0x42),
           tlen > 64 && (tlen - 64) % 16 == 0);

    int answers[] = {1, 0, 2};
    for (size_t i = 0; i < 3; i++) {
        calls_dec = 0;
        decrypt_answer = answers[i];
        SSL_CTX *again = server(hmac); /* a restarted server: new context */
        SSL_SESSION *next = connect_once(again, cctx, sess, &reused);
        printf("%s %s: restarted, callback answers %d: reused %02d, dec calls %d\n", label,
               form, answers[i], reused, calls_dec);
        SSL_SESSION_free(next);
        SSL_CTX_free(again);
    }
    SSL_SESSION_free(sess);
    SSL_CTX_free(cctx);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        certs = argv[1];
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (size_t i = 0; i < sizeof aes_key; i++) {
        aes_key[i] = (unsigned char)(i * 7 + 1);
        hmac_key[i] = (unsigned char)(i * 13 + 5);
    }
    /* A client session of a connection freed without SSL_shutdown is
     * not resumable any more (ssl_clear_bad_session in SSL_free). */
    {
        SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
        SSL_CTX *sctx = server(0);
        CHECK(cctx && SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION) == 1);
        SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
        BIO *c_in = BIO_new(BIO_s_mem()), *c_out = BIO_new(BIO_s_mem());
        BIO *s_in = BIO_new(BIO_s_mem()), *s_out = BIO_new(BIO_s_mem());
        SSL_set_bio(c, c_in, c_out);
        SSL_set_bio(s, s_in, s_out);
        SSL_set_connect_state(c);
        SSL_set_accept_state(s);
        int dc = 0, ds = 0;
        for (int i = 0; i < 50 && !(dc && ds); i++) {
            if (!dc)
                dc = SSL_do_handshake(c) == 1;
            move(c_out, s_in);
            if (!ds)
                ds = SSL_do_handshake(s) == 1;
            move(s_out, c_in);
        }
        CHECK(dc && ds);
        SSL_SESSION *sess = SSL_get1_session(c);
        printf("before SSL_free: resumable %d\n", SSL_SESSION_is_resumable(sess));
        SSL_free(c);
        printf("after SSL_free without shutdown: resumable %d\n", SSL_SESSION_is_resumable(sess));
        SSL_SESSION_free(sess);
        SSL_free(s);
        SSL_CTX_free(sctx);
        SSL_CTX_free(cctx);
    }
    for (int hmac = 0; hmac < 2; hmac++) {
        run(TLS1_2_VERSION, hmac);
        run(TLS1_3_VERSION, hmac);
    }
    CHECK(ERR_peek_error() == 0);
    return 0;
}
