#!/usr/bin/env bash
# The drop-in libssl.so.3 exports exactly what the system libssl 3 exports:
# the same function names with the same version nodes, nothing else (none
# of our BIO_/ERR_/X509_/... functions), soname libssl.so.3, libcrypto.so.3
# needed; and what it does not implement fails cleanly (a stub called from C
# returns 0 and leaves an entry naming it on libcrypto's error queue).
#   tests/dropin/exports.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/interop/lib.sh

lib=${1:-target/dropin/libssl.so.3}
sys=${SYSTEM_LIBSSL:-$(gcc -print-file-name=libssl.so.3)}
out=build/dropin; mkdir -p $out

# type and name@@version of every defined dynamic symbol (the functions,
# and the absolute symbol GNU ld makes for each version node).
exports() { nm -D --defined-only --with-symbol-versions "$1" | awk '{ print $2, $3 }' | LC_ALL=C sort; }
exports "$lib" > $out/ours.txt
exports "$sys" > $out/system.txt
if diff -u $out/system.txt $out/ours.txt > $out/exports.diff; then
    pass "exports: $(wc -l < $out/ours.txt) symbols, equal to $sys (names, types, versions)"
else
    fail "exports differ from $sys" "" $out/exports.diff
fi

if [ "$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')" = libssl.so.3 ]; then
    pass "soname libssl.so.3"
else
    fail "soname" "$(readelf -d "$lib" | grep SONAME)"
fi
# grep -q reads from a file: in a pipe it can exit before readelf has
# written everything, and pipefail then fails the test on readelf's SIGPIPE.
# aws-lc built without its CPU jitter entropy collector (.cargo/config.toml):
# with it every process, and every forked child, spent about 20 ms of CPU
# seeding (perf: jent_* under RAND_bytes), 25 ms per PostgreSQL connection.
for l in "$lib" target/release/libsslshim.so; do
    nm "$l" > $out/symtab.txt 2>&1
    if grep -q ' [tT] .*jent_read_entropy' $out/symtab.txt; then
        fail "$l carries aws-lc's jitter entropy collector (AWS_LC_SYS_NO_JITTER_ENTROPY unset?)"
    elif grep -q ' [tT] .*RAND_bytes$' $out/symtab.txt; then
        pass "$l: aws-lc seeds from the kernel, no jitter entropy collector"
    else
        fail "$l: no symbol table to check for aws-lc's jitter entropy collector" "" $out/symtab.txt
    fi
done
readelf -d "$lib" > $out/dynamic.txt
readelf -V "$lib" > $out/versions.txt
if grep -q 'NEEDED.*\[libcrypto.so.3\]' $out/dynamic.txt; then
    pass "needs libcrypto.so.3"
else
    fail "NEEDED libcrypto.so.3 missing"
fi
if grep -q 'Name: OPENSSL_3.0.0' $out/versions.txt; then
    pass "defines version node OPENSSL_3.0.0"
else
    fail "no OPENSSL_3.0.0 version definition"
fi

# A function of a feature rustls lacks (CT), from a C program linked the
# ordinary way (-lssl -lcrypto) and run on our library: it fails cleanly,
# error return and the function named on libcrypto's error queue. (No
# generated stub is left in the drop-in: each libssl function has an
# entry point.)
# Then one of our SSL errors as libcrypto prints it: the same text as on
# the real libssl (our SSL reason strings are registered with libcrypto).
cat > $out/stub.c <<'C'
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <stdio.h>
#include <string.h>
int main(void) {
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx) { puts("SSL_CTX_new failed"); return 1; }
    /* Certificate transparency is never validated: enabling it fails
     * cleanly. */
    int r = SSL_CTX_enable_ct(ctx, SSL_CT_VALIDATION_PERMISSIVE);
    const char *func = NULL, *data = NULL; int flags = 0;
    unsigned long e = ERR_get_error_all(NULL, NULL, &func, &data, &flags);
    printf("ret=%d lib=%d func=%s data=%s\n", r, ERR_GET_LIB(e), func ? func : "-",
           (flags & ERR_TXT_STRING) ? data : "-");
    ERR_clear_error();
    char buf[256];
    r = SSL_CTX_set_cipher_list(ctx, "NO-SUCH-CIPHER");
    ERR_error_string_n(ERR_peek_last_error(), buf, sizeof buf);
    printf("cipher list: ret=%d %s\n", r, buf);
    SSL_CTX_free(ctx);
    return 0;
}
C
if gcc -Wall -Wno-deprecated-declarations -o $out/stub $out/stub.c -lssl -lcrypto 2>$out/stub.cc.log; then
    LD_PRELOAD=$PWD/$lib $out/stub > $out/stub.log 2>&1
    $out/stub > $out/stub.oracle.log 2>&1
    if expect_in $out/stub.log "ret=0 lib=20 func=SSL_CTX_enable_ct "; then
        pass "an absent feature's setter fails cleanly (0, libcrypto's queue names it)"
    else
        fail "stub" "" $out/stub.log
    fi
    want=$(grep '^cipher list:' $out/stub.oracle.log)
    if [ -n "$want" ] && expect_in $out/stub.log "$want"; then
        pass "our SSL error printed by libcrypto as the oracle's: ${want#cipher list: }"
    else
        fail "SSL error string" "oracle: $want" $out/stub.log
    fi
else
    fail "stub.c did not compile" "" $out/stub.cc.log
fi

# The stubs' ABI argument (src/ffi/libcrypto/stubs.rs): every libssl 3
# function returns void, an integer, an enum or a pointer (one register, or
# nothing) and none is variadic; checked against the system headers.
{
    echo '#define OPENSSL_SUPPRESS_DEPRECATED'
    echo '#include <openssl/ssl.h>'
    echo '#include <openssl/srp.h>'
    echo '#include <type_traits>'
    echo 'template <class R, class... A> constexpr bool one_reg(R (*)(A...)) {'
    echo '  return std::is_void<R>::value || std::is_integral<R>::value || std::is_enum<R>::value || std::is_pointer<R>::value; }'
    echo 'template <class R, class... A> constexpr bool one_reg(R (*)(A..., ...)) { return false; }'
    awk '{ printf "static_assert(one_reg(&%s), \"%s\");\n", $1, $1 }' tools/libssl3.symbols
} > $out/stub_abi.cc
if g++ -std=c++17 -fsyntax-only $out/stub_abi.cc 2> $out/stub_abi.log; then
    pass "stub ABI: all $(wc -l < tools/libssl3.symbols) functions return void/integer/enum/pointer, none variadic"
else
    fail "stub ABI: a libssl function returns something else" "" $out/stub_abi.log
fi

echo "dropin-exports: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
