/*
 * SSL_CTX_set_default_verify_file / _dir / _store and
 * SSL_CTX_load_verify_store: with SSL_CERT_FILE / SSL_CERT_DIR pointed at
 * test fixtures (set here with setenv: both libraries read them when the
 * function is called), each case makes a client context, calls the function,
 * prints its return value and the error queue, then verifies a real
 * handshake with `openssl s_server` (a separate process on the system
 * libssl, leaf + intermediate from tests/certs) and prints
 * SSL_get_verify_result.
 *   verify_defaults [CERTDIR]
 */
#include "net.h"

#include <limits.h>

static int port;
/* A directory without certificates (mkdtemp), named EMPTY in the cases. */
static char empty[] = "/tmp/sslshim-verify-defaults-XXXXXX";

/* ca.pem under its own name, not the hashed one a lookup asks for. */
static char plain[] = "/tmp/sslshim-verify-defaults-XXXXXX";
static char plain_ca[64];

static const char *fixture(const char *name)
{
    if (strcmp(name, "EMPTY") == 0)
        return empty;
    return strcmp(name, "PLAIN") == 0 ? plain : cert(name);
}

static void copy_file(const char *from, const char *to)
{
    char buf[8192];
    size_t n;
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    CHECK(in != NULL && out != NULL);
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        CHECK(fwrite(buf, 1, n, out) == n);
    fclose(in);
    fclose(out);
}

/* The queue, library and reason of each entry, then emptied. */
static void print_errors(const char *label)
{
    unsigned long e;
    int n = 0;
    while ((e = ERR_get_error()) != 0) {
        printf("%s error lib=%d reason=%d\n", label, ERR_GET_LIB(e), ERR_GET_REASON(e));
        n++;
    }
    if (n == 0)
        printf("%s no error\n", label);
}

/* `openssl s_server` on the real libssl: our LD_PRELOAD (mode c) must not
 * reach it. Returns its pid once it accepts. */
static pid_t start_server(void)
{
    int fd = listen_ephemeral(&port);
    close(fd);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        char accept[32];
        snprintf(accept, sizeof accept, "127.0.0.1:%d", port);
        unsetenv("LD_PRELOAD");
        unsetenv("LD_LIBRARY_PATH");
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        execlp("openssl", "openssl", "s_server", "-accept", accept, "-www", "-cert",
               cert("server.pem"), "-key", cert("server.key"), "-cert_chain",
               cert("intermediate.pem"), (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 200; i++) {
        struct sockaddr_in sa = {0};
        int c = socket(AF_INET, SOCK_STREAM, 0);
        sa.sin_family = AF_INET;
        sa.sin_port = htons((unsigned short)port);
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int ok = connect(c, (struct sockaddr *)&sa, sizeof sa) == 0;
        close(c);
        if (ok)
            return pid;
        usleep(50000);
    }
    fprintf(stderr, "openssl s_server did not start\n");
    exit(2);
}

/* One verifying handshake on `ctx`; prints its outcome, frees ctx. */
static void handshake(const char *label, SSL_CTX *ctx)
{
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    SSL *ssl = SSL_new(ctx);
    int fd = connect_port(port);
    SSL_set_fd(ssl, fd);
    SSL_set_tlsext_host_name(ssl, "localhost");
    int r = SSL_connect(ssl);
    long v = SSL_get_verify_result(ssl);
    printf("%s handshake %s, verify result %ld (%s)\n", label, r == 1 ? "ok" : "failed", v,
           X509_verify_cert_error_string(v));
    ERR_clear_error();
    if (r == 1)
        SSL_shutdown(ssl);
    SSL_free(ssl);
    close(fd);
    SSL_CTX_free(ctx);
}

static void env(const char *file, const char *dir)
{
    printf("-- SSL_CERT_FILE=%s SSL_CERT_DIR=%s\n", file ? file : "(unset)", dir ? dir : "(unset)");
    if (file)
        setenv("SSL_CERT_FILE", fixture(file), 1);
    else
        unsetenv("SSL_CERT_FILE");
    if (dir) {
        /* "a:b" names two directories of tests/certs. */
        char buf[1100] = "", *save = NULL, copy[256];
        snprintf(copy, sizeof copy, "%s", dir);
        for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
            if (buf[0])
                strcat(buf, ":");
            strncat(buf, fixture(d), 512);
        }
        setenv("SSL_CERT_DIR", buf, 1);
    } else {
        unsetenv("SSL_CERT_DIR");
    }
}

typedef int (*default_fn)(SSL_CTX *);

static void defaults(const char *name, default_fn f)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    printf("%s %d\n", name, f(ctx));
    print_errors(name);
    handshake(name, ctx);
}

static void store(const char *label, const char *uri)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    printf("load_verify_store(%s) %d\n", label, SSL_CTX_load_verify_store(ctx, uri));
    print_errors(label);
    handshake(label, ctx);
}

int main(int argc, char **argv)
{
    test_init(argc, argv);
    alarm(60);
    pid_t server = start_server();

    CHECK(mkdtemp(empty) != NULL);
    CHECK(mkdtemp(plain) != NULL);
    snprintf(plain_ca, sizeof plain_ca, "%s/ca.pem", plain);
    copy_file(cert("ca.pem"), plain_ca);

    env("ca.pem", "EMPTY");
    defaults("set_default_verify_file", SSL_CTX_set_default_verify_file);
    defaults("set_default_verify_dir", SSL_CTX_set_default_verify_dir);
    defaults("set_default_verify_store", SSL_CTX_set_default_verify_store);

    /* Missing defaults: still 1, with the queue cleared. */
    env("no-such-file.pem", "no-such-dir");
    defaults("set_default_verify_file", SSL_CTX_set_default_verify_file);
    defaults("set_default_verify_dir", SSL_CTX_set_default_verify_dir);
    defaults("set_default_verify_store", SSL_CTX_set_default_verify_store);

    env("no-such-file.pem", "cadir");
    defaults("set_default_verify_file", SSL_CTX_set_default_verify_file);
    defaults("set_default_verify_dir", SSL_CTX_set_default_verify_dir);
    defaults("set_default_verify_store", SSL_CTX_set_default_verify_store);

    /* Several directories: the hashed-directory lookup splits on ':' ... */
    env("no-such-file.pem", "EMPTY:cadir");
    defaults("set_default_verify_dir", SSL_CTX_set_default_verify_dir);
    /* ... the store lookup takes the whole value as one URI. */
    defaults("set_default_verify_store", SSL_CTX_set_default_verify_store);

    /* A directory is searched by hashed name only. */
    env("no-such-file.pem", "PLAIN");
    defaults("set_default_verify_dir", SSL_CTX_set_default_verify_dir);
    defaults("set_default_verify_store", SSL_CTX_set_default_verify_store);

    env(NULL, NULL);
    char abs_ca[PATH_MAX], abs_dir[PATH_MAX], uri[PATH_MAX + 8];
    CHECK(realpath(cert("ca.pem"), abs_ca) != NULL);
    CHECK(realpath(cert("cadir"), abs_dir) != NULL);
    store("ca.pem", cert("ca.pem"));
    snprintf(uri, sizeof uri, "file:%s", abs_ca);
    store("file: URI of ca.pem", uri);
    store("cadir", cert("cadir"));
    snprintf(uri, sizeof uri, "file:%s", abs_dir);
    store("file: URI of cadir", uri);
    store("a directory of unhashed names", plain);
    store("missing file", cert("no-such-file.pem"));
    /* The same rule for a CApath (a bug fix: every file used to be trusted). */
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    printf("load_verify_locations(NULL, unhashed dir) %d\n",
           SSL_CTX_load_verify_locations(ctx, NULL, plain));
    handshake("unhashed CApath", ctx);
    ctx = SSL_CTX_new(TLS_client_method());
    printf("load_verify_locations(NULL, cadir) %d\n",
           SSL_CTX_load_verify_locations(ctx, NULL, cert("cadir")));
    handshake("hashed CApath", ctx);
    store("a key file", cert("server.key"));
    store("NULL", NULL);

    kill(server, SIGTERM);
    waitpid(server, NULL, 0);
    rmdir(empty);
    unlink(plain_ca);
    rmdir(plain);
    printf("done\n");
    return 0;
}
