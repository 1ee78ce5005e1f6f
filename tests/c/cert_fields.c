/*
 * A certificate's fields as curl's certificate info (CURLOPT_CERTINFO,
 * lib/vtls/openssl.c Curl_ossl_certchain) prints them: subject and issuer
 * (XN_FLAG_ONELINE), version, serial number read from ASN1_INTEGER's
 * public members, the signature algorithm (X509_ALGOR's algorithm) and
 * public key algorithm (X509_PUBKEY_get0_param), each extension's name
 * (i2t_ASN1_OBJECT) and text (X509V3_EXT_print, else ASN1_STRING_print),
 * the validity times (ASN1_TIME_print), an RSA key's n and e
 * (EVP_PKEY_get_bn_param, BN_print), the signature bytes and the PEM.
 * Then the accessors around them, and their edge cases.
 */
#include "common.h"
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

/* BIO_printf through snprintf and BIO_puts: curl's calls, without
 * depending on BIO_printf here. */
#define bprintf(b, ...)                                                      \
    do {                                                                       \
        char line_[64];                                                        \
        snprintf(line_, sizeof line_, __VA_ARGS__);                            \
        BIO_puts(b, line_);                                                    \
    } while (0)

/* The memory BIO's text as one line "label: text" (curl's push_certinfo),
 * newlines shown as \n, then the BIO emptied. */
static void push(BIO *mem, const char *label)
{
    char *p = NULL;
    long n = BIO_get_mem_data(mem, &p);
    printf("  %s: ", label);
    for (long i = 0; i < n; i++) {
        if (p[i] == '\n')
            printf("\\n");
        else
            putchar(p[i]);
    }
    printf("\n");
    (void)BIO_reset(mem);
}

static void extensions(const STACK_OF(X509_EXTENSION) *exts)
{
    printf("  extensions: %d\n", sk_X509_EXTENSION_num(exts));
    for (int i = 0; i < (int)sk_X509_EXTENSION_num(exts); i++) {
        X509_EXTENSION *ext = sk_X509_EXTENSION_value(exts, i);
        char namebuf[128];
        BIO *out = BIO_new(BIO_s_mem());
        CHECK(out != NULL);
        ASN1_OBJECT *obj = X509_EXTENSION_get_object(ext);
        i2t_ASN1_OBJECT(namebuf, sizeof namebuf, obj);
        int printed = X509V3_EXT_print(out, ext, 0, 0);
        if (!printed)
            ASN1_STRING_print(out, (ASN1_STRING *)X509_EXTENSION_get_data(ext));
        printf("  [printed=%d] ", printed);
        push(out, namebuf);
        /* Indented, and the "unknown" marks. */
        int r = X509V3_EXT_print(out, ext, X509V3_EXT_ERROR_UNKNOWN, 3);
        printf("  [indent 3, error-unknown: %d] ", r);
        push(out, namebuf);
        BIO_free(out);
    }
}

/* An algorithm's parameter through X509_ALGOR_get0 and the public
 * ASN1_TYPE. */
static void algor(const char *label, const X509_ALGOR *a)
{
    const ASN1_OBJECT *obj = NULL;
    int ptype = -99;
    const void *pval = NULL;
    X509_ALGOR_get0(&obj, &ptype, &pval, a);
    printf("  %s: nid=%d ptype=%d", label, OBJ_obj2nid(obj), ptype);
    if (ptype == V_ASN1_OBJECT)
        printf(" object nid=%d", OBJ_obj2nid(pval));
    else if (ptype == V_ASN1_SEQUENCE)
        printf(" sequence len=%d", ASN1_STRING_length(pval));
    printf(" parameter %s\n", a->parameter == NULL ? "NULL" : "set");
    obj = NULL;
    X509_ALGOR_get0(&obj, NULL, NULL, a);
    printf("  %s: object only nid=%d\n", label, OBJ_obj2nid(obj));
}

static void certinfo(BIO *mem, const char *name)
{
    X509 *x = read_cert(name);
    printf("%s\n", name);
    X509_NAME_print_ex(mem, X509_get_subject_name(x), 0, XN_FLAG_ONELINE);
    push(mem, "Subject");
    X509_NAME_print_ex(mem, X509_get_issuer_name(x), 0, XN_FLAG_ONELINE);
    push(mem, "Issuer");
    bprintf(mem, "%lx", X509_get_version(x));
    push(mem, "Version");

    ASN1_INTEGER *num = X509_get_serialNumber(x);
    if (num->type == V_ASN1_NEG_INTEGER)
        BIO_puts(mem, "-");
    for (int j = 0; j < num->length; j++)
        bprintf(mem, "%02x", num->data[j]);
    push(mem, "Serial Number");
    printf("  serial type=%d same as get0: %d\n", num->type, X509_get0_serialNumber(x) == num);

    const ASN1_BIT_STRING *psig = NULL;
    const X509_ALGOR *sigalg = NULL;
    X509_get0_signature(&psig, &sigalg, x);
    if (sigalg) {
        i2a_ASN1_OBJECT(mem, sigalg->algorithm);
        push(mem, "Signature Algorithm");
        algor("signature algor", sigalg);
    }
    printf("  signature nid=%d (%s)\n", X509_get_signature_nid(x),
           OBJ_nid2sn(X509_get_signature_nid(x)));

    X509_PUBKEY *xpubkey = X509_get_X509_PUBKEY(x);
    if (xpubkey) {
        ASN1_OBJECT *pubkeyoid = NULL;
        X509_PUBKEY_get0_param(&pubkeyoid, NULL, NULL, NULL, xpubkey);
        if (pubkeyoid) {
            i2a_ASN1_OBJECT(mem, pubkeyoid);
            push(mem, "Public Key Algorithm");
        }
        const unsigned char *pk = NULL;
        int pklen = -1;
        X509_ALGOR *pa = NULL;
        ASN1_OBJECT *alg2 = NULL;
        int r = X509_PUBKEY_get0_param(&alg2, &pk, &pklen, &pa, xpubkey);
        printf("  get0_param=%d same object=%d algor's=%d pklen=%d first=%02x\n", r,
               alg2 == pubkeyoid, pa != NULL && pa->algorithm == alg2, pklen,
               pk != NULL && pklen > 0 ? pk[0] : 0);
        algor("key algor", pa);
        int len = i2d_X509_PUBKEY(xpubkey, NULL);
        unsigned char *der = NULL;
        int len2 = i2d_X509_PUBKEY(xpubkey, &der);
        printf("  i2d_X509_PUBKEY=%d/%d:", len, len2);
        for (int j = 0; j < len2 && j < 24; j++)
            printf(" %02x", der[j]);
        printf("\n");
        OPENSSL_free(der);
    }
    extensions(X509_get0_extensions(x));

    ASN1_TIME_print(mem, X509_get0_notBefore(x));
    push(mem, "Start date");
    ASN1_TIME_print(mem, X509_get0_notAfter(x));
    push(mem, "Expire date");
    printf("  getm same as get0: %d %d; macro: %d\n", X509_getm_notBefore(x) == X509_get0_notBefore(x),
           X509_getm_notAfter(x) == X509_get0_notAfter(x), X509_get_notAfter(x) == X509_get0_notAfter(x));
    const ASN1_TIME *nb = X509_get0_notBefore(x);
    printf("  notBefore type=%d len=%d\n", nb->type, nb->length);

    EVP_PKEY *pubkey = X509_get_pubkey(x);
    CHECK(pubkey != NULL);
    printf("  key id=%d base=%d bits=%d get0 same: %d\n", EVP_PKEY_id(pubkey), EVP_PKEY_base_id(pubkey),
           EVP_PKEY_bits(pubkey), X509_get0_pubkey(x) == pubkey);
    if (EVP_PKEY_id(pubkey) == EVP_PKEY_RSA) {
        BIGNUM *n = NULL, *e = NULL;
        int rn = EVP_PKEY_get_bn_param(pubkey, OSSL_PKEY_PARAM_RSA_N, &n);
        int re = EVP_PKEY_get_bn_param(pubkey, OSSL_PKEY_PARAM_RSA_E, &e);
        printf("  get_bn_param n=%d e=%d\n", rn, re);
        bprintf(mem, "%d", BN_num_bits(n));
        push(mem, "RSA Public Key");
        BN_print(mem, n);
        push(mem, "rsa(n)");
        BN_print(mem, e);
        push(mem, "rsa(e)");
        /* Into an existing BIGNUM. */
        int rd = EVP_PKEY_get_bn_param(pubkey, OSSL_PKEY_PARAM_RSA_N, &e);
        printf("  n into e: %d bits=%d\n", rd, BN_num_bits(e));
        BN_clear_free(n);
        BN_clear_free(e);
    } else {
        BIGNUM *n = NULL;
        printf("  get_bn_param(n) on a non-RSA key: %d %s\n",
               EVP_PKEY_get_bn_param(pubkey, OSSL_PKEY_PARAM_RSA_N, &n), n ? "set" : "NULL");
        BN_free(n);
    }
    EVP_PKEY_free(pubkey);
    ERR_clear_error();

    if (psig) {
        for (int j = 0; j < psig->length; j++)
            bprintf(mem, "%02x:", psig->data[j]);
        push(mem, "Signature");
        printf("  signature type=%d bits-left flag=%ld\n", psig->type, psig->flags & 0x0f);
    }
    PEM_write_bio_X509(mem, x);
    push(mem, "Cert");
    X509_free(x);
}

static void edges(BIO *mem)
{
    printf("edges\n");
    /* i2a/i2t without an object. */
    printf("  i2a(NULL)=%d", i2a_ASN1_OBJECT(mem, NULL));
    push(mem, "text");
    char buf[16] = "xxxx";
    printf("  i2t(NULL)=%d buf=[%s]\n", i2t_ASN1_OBJECT(buf, sizeof buf, NULL), buf);
    /* A name cut to the buffer; the full length returned. */
    X509 *san = read_cert("server.pem");
    ASN1_OBJECT *o = X509_EXTENSION_get_object(X509_get_ext(san, X509_get_ext_by_NID(san, NID_subject_alt_name, -1)));
    printf("  i2t(cap 8)=%d buf=[%s]\n", i2t_ASN1_OBJECT(buf, 8, o), buf);
    printf("  i2a(san)=%d", i2a_ASN1_OBJECT(mem, o));
    push(mem, "text");
    X509_free(san);
    printf("  ASN1_STRING_print(NULL)=%d\n", ASN1_STRING_print(mem, NULL));
    /* Strings by OpenSSL's public layout. */
    unsigned char raw[] = "a\tb\r\nc\x7f\x80~ ";
    ASN1_STRING s = {(int)sizeof raw - 1, V_ASN1_OCTET_STRING, raw, 0};
    printf("  ASN1_STRING_print=%d", ASN1_STRING_print(mem, &s));
    push(mem, "text");
    static const char *times[][2] = {
        {"u", "991231235959Z"}, {"u", "500101000000Z"}, {"u", "490229000000Z"},
        {"u", "480229120000Z"}, {"g", "20240229010203Z"}, {"g", "20240229010203.25Z"},
        {"u", "991231235960Z"}, {"u", "9912312359Z"}, {"u", "bad"}, {"g", "991231235959Z"},
        {"u", "991301000000Z"}, {"g", "202402290102Z"}, {"u", "99123123Z"}, {"u", "991231235959+0100"},
        {"g", "20240229010203.Z"}, {"u", "991231235959.5Z"},
        {"u", "000101003000+0100"}, {"g", "20240301003000-0130"}, {"u", "991231235959+1300"},
    };
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        ASN1_TIME t = {(int)strlen(times[i][1]), times[i][0][0] == 'u' ? V_ASN1_UTCTIME : V_ASN1_GENERALIZEDTIME,
                       (unsigned char *)times[i][1], 0};
        printf("  ASN1_TIME_print(%s %s)=%d", times[i][0], times[i][1], ASN1_TIME_print(mem, &t));
        push(mem, "text");
    }
    ERR_clear_error();
    /* NULL outputs are skipped. */
    X509 *x = read_cert("server.pem");
    X509_get0_signature(NULL, NULL, x);
    printf("  get0_param(no outputs)=%d\n", X509_PUBKEY_get0_param(NULL, NULL, NULL, NULL, X509_get_X509_PUBKEY(x)));
    /* Twice the same get0 objects. */
    printf("  same stack: %d same pubkey: %d\n", X509_get0_extensions(x) == X509_get0_extensions(x),
           X509_get_X509_PUBKEY(x) == X509_get_X509_PUBKEY(x));
    BIGNUM *zero = BN_new();
    printf("  BN_print(0)=%d", BN_print(mem, zero));
    push(mem, "text");
    BN_free(zero);
    X509_free(x);
    /* A v1 certificate has no extensions. */
    x = read_cert("v1.pem");
    printf("  v1: version=%ld extensions %s\n", X509_get_version(x),
           X509_get0_extensions(x) == NULL ? "NULL" : "present");
    X509_free(x);

    /* Our library only: pointers of another kind are refused, not read. */
    if (strstr(OpenSSL_version(OPENSSL_VERSION), "sslshim") != NULL) {
        X509 *c = read_cert("server.pem");
        X509 *foreign = (X509 *)X509_get_subject_name(c);
        printf("# foreign: version=%ld serial=%p sig nid=%d pubkey=%p ext=%p notBefore=%p\n",
               X509_get_version(foreign), (void *)X509_get_serialNumber(foreign),
               X509_get_signature_nid(foreign), (void *)X509_get_pubkey(foreign),
               (void *)X509_get0_extensions(foreign), (void *)X509_get0_notBefore(foreign));
        printf("# foreign: i2a=%d get0_param=%d i2d=%d EVP_PKEY_id=%d BN_print=%d EXT_print=%d\n",
               i2a_ASN1_OBJECT(mem, (ASN1_OBJECT *)c),
               X509_PUBKEY_get0_param(NULL, NULL, NULL, NULL, (X509_PUBKEY *)c),
               i2d_X509_PUBKEY((X509_PUBKEY *)c, NULL), EVP_PKEY_id((EVP_PKEY *)c),
               BN_print(mem, (BIGNUM *)c), X509V3_EXT_print(mem, (X509_EXTENSION *)c, 0, 0));
        (void)BIO_reset(mem);
        printf("# NULL: version=%ld pubkey=%p get0_param=%d PEM=%d\n", X509_get_version(NULL),
               (void *)X509_get_pubkey(NULL), X509_PUBKEY_get0_param(NULL, NULL, NULL, NULL, NULL),
               PEM_write_bio_X509(mem, NULL));
        ERR_clear_error();
        X509_free(c);
    }
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    BIO *mem = BIO_new(BIO_s_mem());
    CHECK(mem != NULL);
    const char *names[] = {"server.pem", "server-rsa.pem", "server-ed25519.pem", "ca.pem", "names.pem",
                           "intermediate.pem", "v1.pem", "exts.pem"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        certinfo(mem, names[i]);
    edges(mem);
    BIO_free(mem);
    printf("done\n");
    return 0;
}
