#!/usr/bin/env bash
# `make install` into a temporary PREFIX, then, as an existing project would:
#  - examples/client.c (plain OpenSSL 3 code) built with the system headers and
#    `pkg-config --cflags --libs openssl` from PREFIX/lib/sslshim/pkgconfig
#    loads PREFIX's drop-in libssl.so.3 (ldd) and, on it, completes a verified
#    exchange with `openssl s_server -WWW` (real libssl, separate process),
#    our SSLSHIM_LOG trace showing the handshake;
#  - the same program built with sslshim.pc (our headers, -lsslshim);
#  - installed sslshim-run and sslshim-check work from PREFIX/bin;
#  - the installed standalone preloaded into an OpenSSL program stops it,
#    naming the installed drop-in (src/guard.rs);
#  - DESTDIR staging and `make uninstall` (nothing of ours left).
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/interop/lib.sh
source tests/tools/installed.sh

out=$PWD/build/tools/install; rm -rf "$out"; mkdir -p "$out/www"
prefix=$out/prefix
payload="sslshim install test $$ $(date +%s%N)"
echo "$payload" > "$out/www/index.html"

if make -s install PREFIX="$prefix" > "$out/install.log" 2>&1; then
    missing=""
    for f in lib/libsslshim.so include/sslshim/openssl/ssl.h include/sslshim/openssl/sslshim_generated.h \
        lib/pkgconfig/sslshim.pc lib/sslshim/libssl.so.3 lib/sslshim/libssl.so \
        lib/sslshim/pkgconfig/libssl.pc lib/sslshim/pkgconfig/openssl.pc \
        bin/sslshim-check bin/sslshim-run; do
        [ -e "$prefix/$f" ] || missing="$missing $f"
    done
    [ -z "$missing" ] && [ "$(readlink "$prefix/lib/sslshim/libssl.so")" = libssl.so.3 ] &&
        [ ! -e "$prefix/include/openssl" ] &&
        pass "install: files in place" || fail "install: files in place" "missing:$missing"
else
    fail "make install" "" "$out/install.log"
    echo "test-install: $passed passed, $failed failed"; exit 1
fi

www_server "$out/www" "$out/server.log"

libdir=$prefix/lib incdir=$prefix/include bindir=$prefix/bin pc_sa=$prefix/lib/pkgconfig
installed_checks

# The installed standalone preloaded into a program linked with OpenSSL
# (tests/tools/guard.sh's mixed.c) names the installed drop-in beside it.
if gcc -Wno-deprecated-declarations -o "$out/mixed" tests/tools/mixed.c -lssl -lcrypto 2> "$out/mixed.build"; then
    env -u SSLSHIM_ALLOW_MIXED LD_PRELOAD="$prefix/lib/libsslshim.so" "$out/mixed" > "$out/mixed.out" 2> "$out/mixed.err"
    rc=$?
    [ $rc = 2 ] && [ ! -s "$out/mixed.out" ] &&
        expect_in "$out/mixed.err" "use the drop-in (LD_PRELOAD=$(realpath "$prefix/lib/sslshim/libssl.so.3"))" &&
        pass "installed standalone in an OpenSSL program: stops (exit 2), names the installed drop-in" ||
        fail "installed standalone in an OpenSSL program" "exit $rc" "$out/mixed.err"
else
    fail "building tests/tools/mixed.c" "" "$out/mixed.build"
fi

# DESTDIR staging: files under DESTDIR, paths inside naming PREFIX alone.
stage=$out/stage
if make -s install DESTDIR="$stage" PREFIX=/opt/sslshim > "$out/stage.log" 2>&1 &&
    [ -f "$stage/opt/sslshim/lib/sslshim/libssl.so.3" ] &&
    grep -qx 'prefix=/opt/sslshim' "$stage/opt/sslshim/lib/sslshim/pkgconfig/libssl.pc" &&
    grep -qx 'prefix=/opt/sslshim' "$stage/opt/sslshim/lib/pkgconfig/sslshim.pc"; then
    pass "install with DESTDIR"
else
    fail "install with DESTDIR" "" "$out/stage.log"
fi
if make -s uninstall DESTDIR="$stage" PREFIX=/opt/sslshim > "$out/uninstall.log" 2>&1 &&
    [ -z "$(find "$stage" -type f -o -type l)" ]; then
    pass "uninstall removes every installed file"
else
    find "$stage" -type f -o -type l >> "$out/uninstall.log"
    fail "uninstall" "" "$out/uninstall.log"
fi

echo "test-install: $passed passed, $failed failed"
[ "$failed" = 0 ]
