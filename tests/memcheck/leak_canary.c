/*
 * A deliberate leak, to prove the memory checkers of `make test-memcheck`
 * see through our library: an SSL_CTX and an SSL allocated by libsslshim
 * whose last references the program drops without freeing. valgrind
 * (--errors-for-leak-kinds=definite) and LeakSanitizer must both fail it;
 * if they did not, a clean run of the harness would prove nothing.
 */
#include <openssl/ssl.h>
#include <stdio.h>

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *ssl = SSL_new(ctx);
    printf("leaking %p %p\n", (void *)ctx, (void *)ssl);
    ctx = NULL;
    ssl = NULL;
    return 0;
}
