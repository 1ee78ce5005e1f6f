/*
 * Dumps the OpenSSL 3.0 tables that src/err/reasons.rs, src/x509/oids.rs and
 * src/x509/verify_text.rs hold, using libcrypto's own functions. Run by
 * tools/tables/gen.py (`make tables`, `make tables-check`), which turns the
 * dump into Rust; the selection rules live here, the layout there.
 *
 * Output: one record a line, fields separated by a tab; text fields escape
 * '\\', tabs and any byte outside 0x20..0x7e as \xHH.
 *
 *   version <OpenSSL_version(OPENSSL_VERSION)>      (informational)
 *   lib     <lib>         <ERR_lib_error_string>    every library 1..127 with a name
 *   reason  <0xKEY>       <ERR_reason_error_string> see dump_reasons
 *   oid     <dotted OID>  <OBJ_nid2sn>  <nid>       every NID with an OID (one per OID)
 *   nid     <nid>  <dotted OID or "">  <OBJ_nid2sn>  <OBJ_nid2ln>   every NID with a name
 *   verify  <code>        <X509_verify_cert_error_string>
 *   vdefault              <its catch-all text>
 *
 * The data comes from the library at run time (the headers only supply the
 * ERR_LIB_* numbers and packing macros), so one binary can be run against
 * another libcrypto.so.3 with LD_LIBRARY_PATH.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

/*
 * The libraries whose own reasons REASONS holds: 0 is the common ERR_R_*
 * set (ERR_str_reasons, stored under lib 0 with ERR_RFLAG_COMMON, and
 * ERR_RFLAG_FATAL for the fatal ones, in the reason field), then SSL and
 * the libcrypto libraries our code reports through. ERR_LIB_SYS is one of
 * them but contributes nothing: OpenSSL 3.0 has no reason strings of its
 * own for system errors (an errno as reason finds nothing; our err::text
 * gives None for them too).
 */
static const int reason_libs[] = {
    0, ERR_LIB_SYS, ERR_LIB_EVP, ERR_LIB_PEM, ERR_LIB_X509, ERR_LIB_ASN1,
    ERR_LIB_CRYPTO, ERR_LIB_SSL, ERR_LIB_BIO, ERR_LIB_X509V3, ERR_LIB_OBJ,
};

static void text(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    for (; *p != '\0'; p++) {
        if (*p < 0x20 || *p > 0x7e || *p == '\\')
            printf("\\x%02X", *p);
        else
            putchar(*p);
    }
}

static void dump_libs(void)
{
    /* 128 and up (ERR_LIB_USER) are handed out at run time, e.g. to engines. */
    for (int lib = 1; lib < ERR_LIB_USER; lib++) {
        const char *s = ERR_lib_error_string(ERR_PACK(lib, 0, 0));

        if (s == NULL)
            continue;
        printf("lib\t%d\t", lib);
        text(s);
        putchar('\n');
    }
}

/*
 * Every reason 1..ERR_REASON_MASK of each library in reason_libs that has
 * its own entry. ERR_reason_error_string falls back to lib 0's entry for
 * the same reason, so a library's lookup counts as its own only when it
 * returns another string than lib 0's (pointer comparison: an own entry
 * with the same text stays). Reason 0 is the library's name (LIB_NAMES).
 */
static void dump_reasons(void)
{
    for (size_t i = 0; i < sizeof(reason_libs) / sizeof(reason_libs[0]); i++) {
        unsigned long lib = (unsigned long)reason_libs[i];

        for (unsigned long r = 1; r <= ERR_REASON_MASK; r++) {
            unsigned long key = ERR_PACK(lib, 0, r);
            const char *s = ERR_reason_error_string(key);

            if (s == NULL)
                continue;
            if (lib != 0 && s == ERR_reason_error_string(ERR_PACK(0, 0, r)))
                continue;
            printf("reason\t0x%08lX\t", key);
            text(s);
            putchar('\n');
        }
    }
}

/* The NID OpenSSL finds for a dotted OID (NID_undef: none). */
static int resolve(const char *dotted)
{
    ASN1_OBJECT *obj = OBJ_txt2obj(dotted, 1);
    int nid = obj != NULL ? OBJ_obj2nid(obj) : NID_undef;

    ASN1_OBJECT_free(obj);
    return nid;
}

/*
 * NIDs run from 1 to OBJ_new_nid(0) - 1 (built-in ones and any added). An
 * OID two NIDs share (1.3: ORG and identified-organization) goes to the one
 * OpenSSL resolves it to: OBJ_obj2nid of the OID parsed afresh.
 */
static int dump_oids(void)
{
    int end = OBJ_new_nid(0);

    for (int nid = 1; nid < end; nid++) {
        const ASN1_OBJECT *obj = OBJ_nid2obj(nid);
        const char *sn;
        char buf[1024];
        int n, found;

        if (obj == NULL || OBJ_length(obj) == 0)
            continue;
        n = OBJ_obj2txt(buf, sizeof(buf), obj, 1);
        if (n <= 0 || n >= (int)sizeof(buf)) {
            fprintf(stderr, "gen: OBJ_obj2txt failed for NID %d\n", nid);
            return 0;
        }
        found = resolve(buf);
        if (found == NID_undef) {
            fprintf(stderr, "gen: OID %s of NID %d does not resolve\n", buf, nid);
            return 0;
        }
        if (found != nid)
            continue;
        sn = OBJ_nid2sn(nid);
        if (sn == NULL) {
            fprintf(stderr, "gen: NID %d has an OID but no short name\n", nid);
            return 0;
        }
        printf("oid\t%s\t", buf);
        text(sn);
        printf("\t%d\n", nid);
    }
    ERR_clear_error(); /* OBJ_nid2obj's OBJ_R_UNKNOWN_NID for unused NIDs */
    return 1;
}

/*
 * Every NID with an object (OBJ_nid2obj), its OID if it has one, and both
 * names, for OBJ_nid2sn/nid2ln/sn2nid/ln2nid.
 */
static int dump_nids(void)
{
    int end = OBJ_new_nid(0);

    for (int nid = 1; nid < end; nid++) {
        const ASN1_OBJECT *obj = OBJ_nid2obj(nid);
        const char *sn, *ln;
        char buf[1024] = "";

        if (obj == NULL)
            continue;
        sn = OBJ_nid2sn(nid);
        ln = OBJ_nid2ln(nid);
        if (sn == NULL || ln == NULL) {
            fprintf(stderr, "gen: NID %d lacks a name\n", nid);
            return 0;
        }
        if (OBJ_length(obj) > 0) {
            int n = OBJ_obj2txt(buf, sizeof(buf), obj, 1);
            if (n <= 0 || n >= (int)sizeof(buf)) {
                fprintf(stderr, "gen: OBJ_obj2txt failed for NID %d\n", nid);
                return 0;
            }
        }
        printf("nid\t%d\t%s\t", nid, buf);
        text(sn);
        putchar('\t');
        text(ln);
        putchar('\n');
    }
    ERR_clear_error();
    return 1;
}

/*
 * Codes 0 up to the last one below VERIFY_SCAN with a text of its own; a
 * code without one (none in 3.0) would print the catch-all, as OpenSSL.
 */
#define VERIFY_SCAN 4096

static void dump_verify(void)
{
    const char *fallback = X509_verify_cert_error_string(-1);
    long last = 0;

    for (long n = 0; n < VERIFY_SCAN; n++)
        if (strcmp(X509_verify_cert_error_string(n), fallback) != 0)
            last = n;
    for (long n = 0; n <= last; n++) {
        printf("verify\t%ld\t", n);
        text(X509_verify_cert_error_string(n));
        putchar('\n');
    }
    printf("vdefault\t");
    text(fallback);
    putchar('\n');
}

int main(void)
{
    /* No openssl.cnf: a configured engine or provider could add libraries or objects. */
    if (!OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS | OPENSSL_INIT_LOAD_CRYPTO_STRINGS
                          | OPENSSL_INIT_NO_LOAD_CONFIG, NULL)) {
        fprintf(stderr, "gen: OPENSSL_init_ssl failed\n");
        return 1;
    }
    printf("version\t");
    text(OpenSSL_version(OPENSSL_VERSION));
    putchar('\n');
    dump_libs();
    dump_reasons();
    if (!dump_oids() || !dump_nids())
        return 1;
    dump_verify();
    return fflush(stdout) == 0 ? 0 : 1;
}
