/*
 * Linked by run-differential.sh into every oracle binary (mode b, reused by
 * modes c and e): prints which file serves SSL_CTX_new in this run, so the
 * runner can prove that the drop-in library (whose OpenSSL_version is
 * libcrypto's) really served a mode (e) run.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <openssl/ssl.h>

__attribute__((constructor)) static void sslshim_test_ssl_from(void)
{
    Dl_info info;
    if (dladdr((void *)&SSL_CTX_new, &info) && info.dli_fname)
        printf("# libssl: %s\n", info.dli_fname);
    fflush(stdout);
}
