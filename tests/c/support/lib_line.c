/*
 * Linked by run-differential.sh into test programs that do not print their
 * own "# lib: ..." line (e.g. tests/c/bio_semantics.c), so the runner can
 * still prove which library served the run.
 */
#include <stdio.h>
#include <openssl/crypto.h>

__attribute__((constructor)) static void sslshim_test_lib_line(void)
{
    printf("# lib: %s\n", OpenSSL_version(OPENSSL_VERSION));
    fflush(stdout);
}
