/*
 * A deliberate leak, to prove the memory checkers of `make test-memcheck`
 * see through our library: SSL_CTXs and SSLs allocated by libsslshim
 * whose last references the program drops without freeing. valgrind
 * (--errors-for-leak-kinds=definite) and LeakSanitizer must both fail it;
 * if they did not, a clean run of the harness would prove nothing.
 *
 * LeakSanitizer scans conservatively: a stale copy of a pointer left in a
 * register or a dead stack slot makes its object look reachable (one
 * object leaked this way went unreported in about one run in five). So
 * the objects are made in a function of their own, several of them, and
 * the stack they used is overwritten before the program exits.
 */
#include <openssl/ssl.h>
#include <stdio.h>
#include <string.h>

#define LEAKS 16

static __attribute__((noinline)) void leak(void)
{
    for (int i = 0; i < LEAKS; i++) {
        SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
        SSL *ssl = SSL_new(ctx);
        if (ctx == NULL || ssl == NULL)
            printf("allocation %d failed\n", i);
    }
}

static __attribute__((noinline)) void wipe_stack(void)
{
    volatile char junk[64 * 1024];
    memset((char *)junk, 0, sizeof(junk));
}

int main(void)
{
    leak();
    wipe_stack();
    printf("leaked %d SSL_CTX and %d SSL\n", LEAKS, LEAKS);
    return 0;
}
