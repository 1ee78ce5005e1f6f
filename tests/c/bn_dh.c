/*
 * BIGNUM and DH as a TLS program uses them to hand DH parameters to
 * SSL_CTX_set_tmp_dh: socat builds them from fixed bytes (BN_bin2bn,
 * DH_set0_pqg), others read a PEM "DH PARAMETERS" block
 * (PEM_read_bio_DHparams). Sizes, round trips, the set0 rules
 * (p and g required; the same pointers come back from DH_get0_pqg),
 * refused input, and a handshake after SSL_CTX_set_tmp_dh.
 */
#include "common.h"
#include <openssl/bn.h>
#include <openssl/dh.h>
#include <openssl/pem.h>

/* RFC 7919 ffdhe2048, as `openssl genpkey -genparam -algorithm DH
 * -pkeyopt dh_param:ffdhe2048` writes it. */
static const char ffdhe2048[] =
    "-----BEGIN DH PARAMETERS-----\n"
    "MIIBCAKCAQEA//////////+t+FRYortKmq/cViAnPTzx2LnFg84tNpWp4TZBFGQz\n"
    "+8yTnc4kmz75fS/jY2MMddj2gbICrsRhetPfHtXV/WVhJDP1H18GbtCFY2VVPe0a\n"
    "87VXE15/V8k1mE8McODmi3fipona8+/och3xWKE2rec1MKzKT0g6eXq8CrGCsyT7\n"
    "YdEIqUuyyOP7uWrat2DX9GgdT0Kj3jlN9K5W7edjcrsZCwenyO4KbXCeAvzhzffi\n"
    "7MA0BM0oNC9hkXL+nOmFg/+OTxIy7vKBg8P+OxtMb61zO7X8vC7CIAXFjvGDfRaD\n"
    "ssbzSibBsu/6iGtCOGEoXJf//////////wIBAg==\n"
    "-----END DH PARAMETERS-----\n"
    ;

static void bn_facts(void)
{
    static const unsigned char bytes[] = {0x00, 0x00, 0x01, 0x02, 0x03};
    unsigned char out[8] = {0};
    BIGNUM *n = BN_bin2bn(bytes, sizeof bytes, NULL);
    CHECK(n != NULL);
    printf("bn: bits=%d bytes=%d", BN_num_bits(n), BN_num_bytes(n));
    int len = BN_bn2bin(n, out);
    printf(" bn2bin=%d [%02x %02x %02x]\n", len, out[0], out[1], out[2]);
    /* Into an existing number. */
    static const unsigned char big[] = {0x80, 0, 0, 0, 0, 0, 0, 0, 0};
    BIGNUM *same = BN_bin2bn(big, sizeof big, n);
    printf("bn: reuse same=%d bits=%d\n", same == n, BN_num_bits(n));
    BN_free(n);
    BIGNUM *z = BN_new();
    printf("bn: new bits=%d bytes=%d\n", BN_num_bits(z), BN_num_bytes(z));
    BN_clear_free(z);
    BIGNUM *e = BN_bin2bn(bytes, 0, NULL);
    printf("bn: empty bits=%d\n", e ? BN_num_bits(e) : -1);
    BN_free(e);
    BN_free(NULL);
}

static void dh_facts(void)
{
    static const unsigned char p_bytes[] = {0xc5, 0x1b, 0x07, 0x5f, 0xa3, 0x11, 0x0d, 0x23};
    static const unsigned char g_bytes[] = {0x02};
    DH *dh = DH_new();
    CHECK(dh != NULL);
    const BIGNUM *p = NULL, *q = NULL, *g = NULL;
    DH_get0_pqg(dh, &p, &q, &g);
    printf("dh: new bits=%d p=%d q=%d g=%d\n", DH_bits(dh), p != NULL, q != NULL, g != NULL);
    BIGNUM *np = BN_bin2bn(p_bytes, sizeof p_bytes, NULL);
    BIGNUM *ng = BN_bin2bn(g_bytes, sizeof g_bytes, NULL);
    /* Without g: refused, the caller keeps p. */
    printf("dh: set0 p only=%d\n", DH_set0_pqg(dh, np, NULL, NULL));
    printf("dh: set0 p,g=%d\n", DH_set0_pqg(dh, np, NULL, ng));
    DH_get0_pqg(dh, &p, &q, &g);
    printf("dh: get0 same p=%d g=%d q=%d bits=%d\n", p == np, g == ng, q != NULL, DH_bits(dh));
    /* Nothing given: nothing changes. */
    printf("dh: set0 none=%d bits=%d\n", DH_set0_pqg(dh, NULL, NULL, NULL), DH_bits(dh));
    DH_free(dh);
    DH_free(NULL);
}

static DH *read_params(const char *pem, const char *label)
{
    BIO *b = BIO_new_mem_buf(pem, -1);
    CHECK(b != NULL);
    DH *dh = PEM_read_bio_DHparams(b, NULL, NULL, NULL);
    unsigned long e = ERR_peek_error();
    printf("%s: dh=%d bits=%d err_lib=%d\n", label, dh != NULL, dh ? DH_bits(dh) : 0,
           e ? ERR_GET_LIB(e) : 0);
    ERR_clear_error();
    BIO_free(b);
    return dh;
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    bn_facts();
    dh_facts();

    DH *dh = read_params(ffdhe2048, "pem ffdhe2048");
    CHECK(dh != NULL);
    const BIGNUM *g = NULL;
    DH_get0_pqg(dh, NULL, NULL, &g);
    unsigned char gb[4] = {0};
    printf("pem: g bytes=%d g=%d\n", BN_num_bytes(g), BN_bn2bin(g, gb) == 1 ? gb[0] : -1);
    DH_free(read_params("-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
                        "pem other label"));
    DH_free(read_params("-----BEGIN DH PARAMETERS-----\nMAMCAQU=\n-----END DH PARAMETERS-----\n",
                        "pem base missing"));

    const unsigned char junk[] = {0x30, 0x03, 0x02, 0x01};
    const unsigned char *pp = junk;
    DH *bad = d2i_DHparams(NULL, &pp, sizeof junk);
    printf("d2i truncated: dh=%d moved=%d err=%d\n", bad != NULL, (int)(pp - junk),
           ERR_peek_error() != 0);
    ERR_clear_error();

    /* The parameters are accepted by a server context, and a handshake
     * follows (TLS 1.3 and TLS 1.2: ECDHE either way). */
    for (int v = 0; v < 2; v++) {
        SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
        SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
        printf("set_tmp_dh=%ld", SSL_CTX_set_tmp_dh(sctx, dh));
        if (v == 1)
            SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION);
        pair_t p;
        pair_new_mem(&p, cctx, sctx);
        int rc_c, err_c, rc_s, err_s;
        pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &err_c, &rc_s, &err_s);
        printf(" handshake c=%d s=%d %s\n", rc_c, rc_s, SSL_get_version(p.c));
        pair_free(&p);
        SSL_CTX_free(sctx);
        SSL_CTX_free(cctx);
    }
    DH_free(dh);
    printf("done\n");
    return 0;
}
