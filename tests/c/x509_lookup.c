/*
 * X509_LOOKUP: a program loads CAs and CRLs into a context's store through
 * lookups (curl's --crlfile: X509_STORE_add_lookup(store,
 * X509_LOOKUP_file()), X509_load_crl_file). The same lookup each time,
 * the counts loaded (PEM, DER), failures (missing file, a file with none),
 * X509_LOOKUP_load_file / X509_LOOKUP_add_dir, what the store then holds,
 * and a handshake verified through a CA that only a lookup loaded.
 */
#include "common.h"
#include <openssl/x509_vfy.h>

static void objects(const char *label, X509_STORE *store)
{
    STACK_OF(X509_OBJECT) *objs = X509_STORE_get0_objects(store);
    int certs = 0, crls = 0;
    for (int i = 0; i < sk_X509_OBJECT_num(objs); i++) {
        int t = X509_OBJECT_get_type(sk_X509_OBJECT_value(objs, i));
        certs += t == X509_LU_X509;
        crls += t == X509_LU_CRL;
    }
    printf("%s: certs=%d crls=%d\n", label, certs, crls);
}

static void err(const char *label, int r)
{
    unsigned long e = ERR_peek_error();
    printf("%s: %d err=%d\n", label, r, e != 0);
    ERR_clear_error();
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method());
    X509_STORE *store = SSL_CTX_get_cert_store(cctx);
    X509_LOOKUP *file = X509_STORE_add_lookup(store, X509_LOOKUP_file());
    printf("lookup: %d same=%d\n", file != NULL,
           X509_STORE_add_lookup(store, X509_LOOKUP_file()) == file);
    objects("empty", store);

    err("crl pem", X509_load_crl_file(file, cert("intermediate.crl.pem"), X509_FILETYPE_PEM));
    err("crl missing", X509_load_crl_file(file, "/nonexistent/x.pem", X509_FILETYPE_PEM));
    err("crl from a certificate file", X509_load_crl_file(file, cert("server.pem"), X509_FILETYPE_PEM));
    err("cert pem", X509_load_cert_file(file, cert("ca.pem"), X509_FILETYPE_PEM));
    err("cert chain pem", X509_load_cert_file(file, cert("server-chain.pem"), X509_FILETYPE_PEM));
    err("cert from a key file", X509_load_cert_file(file, cert("server.key"), X509_FILETYPE_PEM));
    err("load_file pem", X509_LOOKUP_load_file(file, cert("intermediate.pem"), X509_FILETYPE_PEM));
    objects("loaded", store);

    X509_LOOKUP *dir = X509_STORE_add_lookup(store, X509_LOOKUP_hash_dir());
    printf("dir lookup: %d other=%d\n", dir != NULL, dir != file);
    err("add_dir", X509_LOOKUP_add_dir(dir, cert("cadir"), X509_FILETYPE_PEM));

    /* The CA came in through a lookup only. */
    SSL_CTX_set_verify(cctx, SSL_VERIFY_PEER, NULL);
    SSL_CTX *sctx = server_ctx("server-chain.pem", "server.key");
    pair_t p;
    pair_new_mem(&p, cctx, sctx);
    int rc_c, err_c, rc_s, err_s;
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &err_c, &rc_s, &err_s);
    printf("handshake c=%d s=%d verify=%ld\n", rc_c, rc_s, SSL_get_verify_result(p.c));
    pair_free(&p);
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
    printf("done\n");
    return 0;
}
