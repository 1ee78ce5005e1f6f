/*
 * EC_KEY as TLS programs use it (socat and stunnel restrict the server's
 * key exchange with SSL_CTX_set_tmp_ecdh(ctx, EC_KEY_new_by_curve_name(..))):
 * which NIDs name a curve (every NID up to 1300 is tried), the group
 * EC_KEY_get0_group reports, the error for a NID that is not a curve, and
 * the group a TLS 1.3 and a TLS 1.2 handshake then agree on.
 */
#include "common.h"
#include <openssl/ec.h>

int main(int argc, char **argv)
{
    test_init(argc, argv);
    int first = -1, last = -1, curves = 0, mismatched = 0;
    printf("curves:");
    for (int nid = 0; nid <= 1300; nid++) {
        EC_KEY *k = EC_KEY_new_by_curve_name(nid);
        if (k == NULL) {
            ERR_clear_error();
            continue;
        }
        curves++;
        if (EC_GROUP_get_curve_name(EC_KEY_get0_group(k)) != nid)
            mismatched++;
        EC_KEY_free(k);
        if (nid == last + 1) {
            last = nid;
            continue;
        }
        if (first >= 0)
            printf(" %d-%d", first, last);
        first = last = nid;
    }
    printf(" %d-%d (%d curves, %d groups mismatched)\n", first, last, curves, mismatched);

    EC_KEY *none = EC_KEY_new_by_curve_name(NID_X25519);
    unsigned long e = ERR_get_error();
    printf("X25519: key=%d err lib=%d reason=%d\n", none != NULL, ERR_GET_LIB(e), ERR_GET_REASON(e));
    ERR_clear_error();
    EC_KEY_free(NULL);

    int nids[] = {NID_X9_62_prime256v1, NID_secp384r1};
    for (int i = 0; i < 2; i++) {
        for (int v = 0; v < 2; v++) {
            SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
            SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
            EC_KEY *k = EC_KEY_new_by_curve_name(nids[i]);
            CHECK(k != NULL);
            printf("curve %d %s: set_tmp_ecdh=%ld", nids[i], v ? "TLS1.2" : "TLS1.3",
                   SSL_CTX_set_tmp_ecdh(sctx, k));
            EC_KEY_free(k);
            if (v == 1)
                SSL_CTX_set_max_proto_version(cctx, TLS1_2_VERSION);
            pair_t p;
            pair_new_mem(&p, cctx, sctx);
            int rc_c, err_c, rc_s, err_s;
            pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &err_c, &rc_s, &err_s);
            printf(" handshake c=%d s=%d group=%d\n", rc_c, rc_s, SSL_get_negotiated_group(p.s));
            pair_free(&p);
            SSL_CTX_free(sctx);
            SSL_CTX_free(cctx);
        }
    }
    printf("done\n");
    return 0;
}
