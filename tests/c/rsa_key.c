/*
 * The RSA view of an EVP_PKEY and EVP_PKEY_copy_parameters, as curl uses
 * them on a client key and its certificate's key: EVP_PKEY_get1_RSA of an
 * RSA and an EC key, RSA_flags (no RSA_METHOD_FLAG_NO_CHECK without an
 * engine), RSA_bits/RSA_size, copying parameters between keys of one type
 * and of two.
 */
#include "common.h"
#include <openssl/pem.h>
#include <openssl/rsa.h>

static EVP_PKEY *key(const char *name)
{
    BIO *b = BIO_new_file(cert(name), "r");
    CHECK(b != NULL);
    EVP_PKEY *k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
    BIO_free(b);
    CHECK(k != NULL);
    return k;
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    EVP_PKEY *rsa_key = key("server-rsa.key"), *ec_key = key("server.key");
    RSA *r = EVP_PKEY_get1_RSA(rsa_key);
    printf("rsa: %d flags=%d no_check=%d bits=%d size=%d\n", r != NULL, RSA_flags(r),
           (RSA_flags(r) & RSA_METHOD_FLAG_NO_CHECK) != 0, RSA_bits(r), RSA_size(r));
    RSA_free(r);
    RSA *none = EVP_PKEY_get1_RSA(ec_key);
    unsigned long e = ERR_get_error();
    printf("ec as rsa: %d err lib=%d reason=%d\n", none != NULL, ERR_GET_LIB(e), ERR_GET_REASON(e));
    ERR_clear_error();

    X509 *rsa_cert = read_cert("server-rsa.pem"), *ec_cert = read_cert("server.pem");
    EVP_PKEY *rsa_pub = X509_get_pubkey(rsa_cert), *ec_pub = X509_get_pubkey(ec_cert);
    printf("copy rsa<-rsa: %d\n", EVP_PKEY_copy_parameters(rsa_pub, rsa_key));
    ERR_clear_error();
    printf("copy ec<-ec: %d\n", EVP_PKEY_copy_parameters(ec_pub, ec_key));
    ERR_clear_error();
    int d = EVP_PKEY_copy_parameters(ec_pub, rsa_key);
    e = ERR_get_error();
    printf("copy ec<-rsa: %d err lib=%d reason=%d\n", d, ERR_GET_LIB(e), ERR_GET_REASON(e));
    ERR_clear_error();
    r = EVP_PKEY_get1_RSA(rsa_pub);
    printf("rsa of a certificate's key: %d bits=%d\n", r != NULL, RSA_bits(r));
    RSA_free(r);
    RSA_free(NULL);

    /* A server's key given as an RSA. */
    SSL_CTX *sctx = SSL_CTX_new(TLS_server_method());
    CHECK(SSL_CTX_use_certificate_chain_file(sctx, cert("server-rsa-chain.pem")) == 1);
    r = EVP_PKEY_get1_RSA(rsa_key);
    printf("use_RSAPrivateKey: %d check=%d\n", SSL_CTX_use_RSAPrivateKey(sctx, r),
           SSL_CTX_check_private_key(sctx));
    RSA_free(r);
    SSL_CTX *cctx = client_ctx(SSL_VERIFY_PEER);
    pair_t p;
    pair_new_mem(&p, cctx, sctx);
    int rc_c, err_c, rc_s, err_s;
    pair_drive(&p, SSL_do_handshake, SSL_do_handshake, &rc_c, &err_c, &rc_s, &err_s);
    printf("handshake c=%d s=%d\n", rc_c, rc_s);
    pair_free(&p);
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
    EVP_PKEY_free(rsa_pub);
    EVP_PKEY_free(ec_pub);
    X509_free(rsa_cert);
    X509_free(ec_cert);
    EVP_PKEY_free(rsa_key);
    EVP_PKEY_free(ec_key);
    printf("done\n");
    return 0;
}
