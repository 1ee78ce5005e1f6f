/*
 * Reading names and extensions the way programs check a peer themselves
 * (socat, curl): X509_NAME entries (count, objects, values, RDN sets),
 * X509_NAME_get_index_by_NID / get_text_by_NID, ASN1_STRING accessors and
 * ASN1_STRING_to_UTF8, the OBJ_* table, X509_NAME_print_ex under each
 * layout and escape flag (tests/certs/names.pem has a subject RFC 2253
 * must escape, a multi-valued RDN, UTF-8 and IA5 values), extensions and
 * X509_get_ext_d2i(NID_subject_alt_name) with every GENERAL_NAME kind.
 */
#include "common.h"
#include <openssl/objects.h>
#include <openssl/x509v3.h>

static void show(const char *label, const unsigned char *p, int n)
{
    printf("%s[", label);
    for (int i = 0; i < n; i++) {
        if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\')
            putchar(p[i]);
        else
            printf("\\x%02x", p[i]);
    }
    printf("]");
}

static void entries(const char *label, X509_NAME *n)
{
    int count = X509_NAME_entry_count(n);
    printf("%s: %d entries\n", label, count);
    for (int i = 0; i < count; i++) {
        X509_NAME_ENTRY *e = X509_NAME_get_entry(n, i);
        ASN1_OBJECT *o = X509_NAME_ENTRY_get_object(e);
        ASN1_STRING *v = X509_NAME_ENTRY_get_data(e);
        int nid = OBJ_obj2nid(o);
        char txt[64];
        OBJ_obj2txt(txt, sizeof txt, o, 1);
        printf("  %d set=%d nid=%d sn=%s oid=%s type=%d len=%d", i, X509_NAME_ENTRY_set(e), nid,
               OBJ_nid2sn(nid), txt, ASN1_STRING_type(v), ASN1_STRING_length(v));
        show(" data=", ASN1_STRING_get0_data(v), ASN1_STRING_length(v));
        unsigned char *utf8 = NULL;
        int u = ASN1_STRING_to_UTF8(&utf8, v);
        printf(" utf8=%d", u);
        if (u >= 0)
            show("", utf8, u);
        OPENSSL_free(utf8);
        printf("\n");
    }
    printf("  get_entry(-1)=%d get_entry(%d)=%d\n", X509_NAME_get_entry(n, -1) != NULL, count,
           X509_NAME_get_entry(n, count) != NULL);
}

static void lookups(X509_NAME *n)
{
    printf("index CN:");
    for (int pos = -1;;) {
        pos = X509_NAME_get_index_by_NID(n, NID_commonName, pos);
        printf(" %d", pos);
        if (pos < 0)
            break;
    }
    printf("  OU from 3: %d", X509_NAME_get_index_by_NID(n, NID_organizationalUnitName, 3));
    printf("  undef: %d", X509_NAME_get_index_by_NID(n, NID_undef, -1));
    printf("  unknown: %d", X509_NAME_get_index_by_NID(n, 99999, -1));
    unsigned long e = ERR_get_error();
    printf(" err lib=%d\n", e ? ERR_GET_LIB(e) : 0);
    ERR_clear_error();
    char buf[64];
    int r = X509_NAME_get_text_by_NID(n, NID_organizationName, buf, sizeof buf);
    printf("text O: %d", r);
    show(" ", (unsigned char *)buf, r > 0 ? r : 0);
    r = X509_NAME_get_text_by_NID(n, NID_organizationName, buf, 4);
    printf("  cap 4: %d", r);
    show(" ", (unsigned char *)buf, r > 0 ? r : 0);
    printf("  NULL buf: %d", X509_NAME_get_text_by_NID(n, NID_organizationName, NULL, 0));
    printf("  len 0: %d", X509_NAME_get_text_by_NID(n, NID_organizationName, buf, 0));
    printf("  absent: %d\n", X509_NAME_get_text_by_NID(n, NID_pkcs9_unstructuredName, buf, sizeof buf));
    ERR_clear_error();
}

static void print(const char *label, X509_NAME *n, int indent, unsigned long flags)
{
    BIO *b = BIO_new(BIO_s_mem());
    int r = X509_NAME_print_ex(b, n, indent, flags);
    char *p = NULL;
    long len = BIO_get_mem_data(b, &p);
    printf("print %s: %d", label, r);
    show(" ", (unsigned char *)p, (int)len);
    printf("\n");
    BIO_free(b);
    ERR_clear_error();
}

static void prints(X509_NAME *n)
{
    print("oneline", n, 0, XN_FLAG_ONELINE);
    print("oneline-msb", n, 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
    print("rfc2253", n, 0, XN_FLAG_RFC2253);
    print("multiline", n, 4, XN_FLAG_MULTILINE);
    print("compat", n, 0, XN_FLAG_COMPAT);
    print("comma-ln", n, 2, XN_FLAG_SEP_COMMA_PLUS | XN_FLAG_FN_LN);
    print("splus-oid", n, 0, XN_FLAG_SEP_SPLUS_SPC | XN_FLAG_FN_OID | XN_FLAG_SPC_EQ);
    print("none", n, 0, XN_FLAG_SEP_CPLUS_SPC | XN_FLAG_FN_NONE);
    print("esc2254", n, 0, XN_FLAG_SEP_CPLUS_SPC | ASN1_STRFLGS_ESC_2254 | ASN1_STRFLGS_ESC_CTRL);
    print("show-type", n, 0, XN_FLAG_SEP_CPLUS_SPC | ASN1_STRFLGS_SHOW_TYPE);
    print("dump-all", n, 0, XN_FLAG_SEP_CPLUS_SPC | ASN1_STRFLGS_DUMP_ALL);
    print("dump-der", n, 0, XN_FLAG_SEP_CPLUS_SPC | ASN1_STRFLGS_DUMP_ALL | ASN1_STRFLGS_DUMP_DER);
    print("ignore-type", n, 0, XN_FLAG_SEP_CPLUS_SPC | ASN1_STRFLGS_IGNORE_TYPE | ASN1_STRFLGS_ESC_MSB);
    print("align-sn", n, 1, XN_FLAG_SEP_MULTILINE | XN_FLAG_FN_ALIGN);
    print("no-separator", n, 3, ASN1_STRFLGS_ESC_2253);
}

static void objects(void)
{
    printf("obj: 13=%s/%s CN=%d commonName=%d 2.5.4.3=%d bogus=%d undef=%s", OBJ_nid2sn(13),
           OBJ_nid2ln(13), OBJ_sn2nid("CN"), OBJ_ln2nid("commonName"), OBJ_txt2nid("2.5.4.3"),
           OBJ_txt2nid("bogus"), OBJ_nid2sn(NID_undef));
    const char *none = OBJ_nid2sn(99999);
    unsigned long e = ERR_get_error();
    printf(" 99999=%s err lib=%d reason=%d\n", none ? none : "NULL", e ? ERR_GET_LIB(e) : 0,
           e ? ERR_GET_REASON(e) : 0);
    ERR_clear_error();
}

static void alt_names(X509 *x)
{
    int crit = 7, idx = -1;
    GENERAL_NAMES *names = X509_get_ext_d2i(x, NID_subject_alt_name, &crit, NULL);
    printf("san: crit=%d names=%d\n", crit, names != NULL);
    if (names == NULL)
        return;
    int others = 0;
    for (int i = 0; i < sk_GENERAL_NAME_num(names); i++) {
        const GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
        char buf[128];
        switch (g->type) {
        case GEN_DNS:
        case GEN_EMAIL:
        case GEN_URI:
            printf("  type=%d", g->type);
            show(" ", ASN1_STRING_get0_data(g->d.ia5), ASN1_STRING_length(g->d.ia5));
            printf(" asn1type=%d\n", ASN1_STRING_type(g->d.ia5));
            break;
        case GEN_IPADD:
            printf("  ip len=%d", g->d.iPAddress->length);
            for (int k = 0; k < g->d.iPAddress->length; k++)
                printf("%s%d", k ? "." : " ", g->d.iPAddress->data[k]);
            printf("\n");
            break;
        case GEN_DIRNAME:
            printf("  dirname %s\n", X509_NAME_oneline(g->d.directoryName, buf, sizeof buf));
            break;
        case GEN_RID:
            OBJ_obj2txt(buf, sizeof buf, g->d.registeredID, 1);
            printf("  rid %s\n", buf);
            break;
        default:
            others++;
        }
    }
    /* rustls-side limitation: otherName, x400Address and ediPartyName
     * entries are not built (docs/COVERAGE.md). */
    printf("# other kinds: %d\n", others);
    GENERAL_NAMES_free(names);

    void *again = X509_get_ext_d2i(x, NID_subject_alt_name, &crit, &idx);
    printf("san idx: found=%d idx=%d crit=%d", again != NULL, idx, crit);
    sk_GENERAL_NAME_pop_free(again, GENERAL_NAME_free);
    again = X509_get_ext_d2i(x, NID_subject_alt_name, &crit, &idx);
    printf(" then found=%d idx=%d crit=%d\n", again != NULL, idx, crit);
    crit = 7;
    void *absent = X509_get_ext_d2i(x, NID_crl_distribution_points, &crit, NULL);
    printf("crldp: found=%d crit=%d\n", absent != NULL, crit);
}

static void extensions(X509 *x)
{
    int n = X509_get_ext_count(x);
    printf("extensions: %d\n", n);
    for (int i = 0; i < n; i++) {
        X509_EXTENSION *e = X509_get_ext(x, i);
        int nid = OBJ_obj2nid(X509_EXTENSION_get_object(e));
        printf("  %s critical=%d len=%d", OBJ_nid2sn(nid), X509_EXTENSION_get_critical(e),
               ASN1_STRING_length(X509_EXTENSION_get_data(e)));
        if (nid == NID_subject_alt_name)
            printf(" method=%d", X509V3_EXT_get(e) != NULL);
        printf("\n");
    }
    printf("  by NID san=%d from 9=%d get_ext(%d)=%d\n", X509_get_ext_by_NID(x, NID_subject_alt_name, -1),
           X509_get_ext_by_NID(x, NID_subject_alt_name, 9), n, X509_get_ext(x, n) != NULL);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    objects();
    X509 *names = read_cert("names.pem");
    X509 *server = read_cert("server.pem");
    entries("names subject", X509_get_subject_name(names));
    lookups(X509_get_subject_name(names));
    prints(X509_get_subject_name(names));
    entries("server issuer", X509_get_issuer_name(server));
    print("server oneline", X509_get_subject_name(server), 0, XN_FLAG_ONELINE);
    print("server compat", X509_get_issuer_name(server), 0, XN_FLAG_COMPAT);
    extensions(names);
    alt_names(names);
    extensions(server);
    alt_names(server);
    X509_free(names);
    X509_free(server);
    printf("done\n");
    return 0;
}
