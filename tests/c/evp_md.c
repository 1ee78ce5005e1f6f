/*
 * EVP message digests as programs use them beside TLS (curl hashes with
 * EVP_sha256 through EVP_MD_CTX_create/EVP_DigestInit_ex/Update/
 * Final_ex/destroy): SHA-1 and SHA-2 values, sizes and NIDs, incremental
 * equal to one-shot (EVP_Digest), EVP_MD_CTX_copy_ex, re-initialising with
 * a NULL type, EVP_get_digestbyname.
 */
#include "common.h"
#include <openssl/evp.h>

static void hex(const char *label, const unsigned char *p, unsigned n)
{
    printf("%s", label);
    for (unsigned i = 0; i < n; i++)
        printf("%02x", p[i]);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    const EVP_MD *mds[] = {EVP_sha1(), EVP_sha224(), EVP_sha256(), EVP_sha384(), EVP_sha512()};
    unsigned char big[1000];
    fill_pattern(big, sizeof big, 7);
    for (int i = 0; i < 5; i++) {
        const EVP_MD *md = mds[i];
        printf("md type=%d size=%d block=%d", EVP_MD_type(md), EVP_MD_size(md), EVP_MD_block_size(md));
        EVP_MD_CTX *ctx = EVP_MD_CTX_create();
        unsigned char out[EVP_MAX_MD_SIZE], one[EVP_MAX_MD_SIZE], cp[EVP_MAX_MD_SIZE];
        unsigned len = 0, len1 = 0, lencp = 0;
        printf(" init=%d", EVP_DigestInit_ex(ctx, md, NULL));
        printf(" ctx_size=%d same=%d", EVP_MD_CTX_size(ctx), EVP_MD_CTX_md(ctx) == md);
        EVP_DigestUpdate(ctx, "abc", 3);
        EVP_MD_CTX *copy = EVP_MD_CTX_new();
        printf(" copy=%d", EVP_MD_CTX_copy_ex(copy, ctx));
        EVP_DigestUpdate(ctx, big, sizeof big);
        EVP_DigestUpdate(copy, big, sizeof big);
        int fin = EVP_DigestFinal_ex(ctx, out, &len);
        printf(" final=%d len=%u", fin, len);
        EVP_DigestFinal_ex(copy, cp, &lencp);
        printf(" copy_equal=%d", lencp == len && memcmp(cp, out, len) == 0);
        unsigned char all[1003];
        memcpy(all, "abc", 3);
        memcpy(all + 3, big, sizeof big);
        int shot = EVP_Digest(all, sizeof all, one, &len1, md, NULL);
        printf(" oneshot=%d equal=%d", shot, len1 == len && memcmp(one, out, len) == 0);
        /* Again with the context's own digest. */
        printf(" reinit=%d", EVP_DigestInit_ex(ctx, NULL, NULL));
        EVP_DigestUpdate(ctx, "abc", 3);
        EVP_DigestFinal(ctx, one, &len1);
        hex(" abc=", one, len1);
        printf("\n");
        EVP_MD_CTX_free(copy);
        EVP_MD_CTX_destroy(ctx);
    }
    const char *names[] = {"SHA256", "sha256", "SHA2-256", "sha512", "SHA1", "nonsense"};
    for (int i = 0; i < 6; i++) {
        const EVP_MD *md = EVP_get_digestbyname(names[i]);
        printf("byname %s: %d\n", names[i], md ? EVP_MD_type(md) : 0);
    }
    /* MD5 exists in OpenSSL, not here (OPENSSL_NO_MD5 in our headers). */
    printf("# byname md5: %d\n", EVP_get_digestbyname("md5") != NULL);
    printf("size(NULL)=%d\n", EVP_MD_size(NULL));
    ERR_clear_error();
    printf("done\n");
    return 0;
}
