#!/usr/bin/env bash
# `make install` into a temporary PREFIX, then, as an existing project would:
#  - examples/client.c (plain OpenSSL 3 code) built with the system headers and
#    `pkg-config --cflags --libs openssl` from PREFIX/lib/sslshim/pkgconfig
#    loads PREFIX's drop-in libssl.so.3 (ldd) and, on it, completes a verified
#    exchange with `openssl s_server -WWW` (real libssl, separate process),
#    our SSLSHIM_LOG trace showing the handshake;
#  - the same program built with sslshim.pc (our headers, -lsslshim);
#  - installed sslshim-run and sslshim-check work from PREFIX/bin;
#  - DESTDIR staging and `make uninstall` (nothing of ours left).
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/interop/lib.sh

out=$PWD/build/tools/install; rm -rf "$out"; mkdir -p "$out/www"
prefix=$out/prefix
certs=$PWD/tests/certs
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

# exchange NAME BINARY: GET / from s_server with examples/client's checks.
exchange() {
    local name=$1 bin=$2
    SSLSHIM_LOG=info timeout 20 "$bin" -host localhost -p "$port" -CAfile "$certs/ca.pem" \
        -msg $'GET /index.html HTTP/1.0\r\n' > "$out/$name.out" 2> "$out/$name.err"
    local rc=$?
    if [ $rc = 0 ] && expect_in "$out/$name.out" "$payload" "verify result: 0" &&
        expect_in "$out/$name.err" "sslshim: INFO sslshim::ssl::handshake: handshake done"; then
        pass "$name: exchange with openssl s_server on our library"
    else
        fail "$name: exchange with openssl s_server on our library" "exit $rc" "$out/$name.out" "$out/$name.err"
    fi
}

# Drop-in flavour through PREFIX/lib/sslshim/pkgconfig (system headers).
pc_dropin=$prefix/lib/sslshim/pkgconfig
flags=$(PKG_CONFIG_PATH=$pc_dropin pkg-config --cflags --libs openssl)
if [ "$(PKG_CONFIG_PATH=$pc_dropin pkg-config --modversion openssl)" = "$(pkg-config --modversion libcrypto)" ] &&
    [[ " $flags " == *" -L$prefix/lib/sslshim "* ]] && [[ " $flags " == *" -lssl "* ]] &&
    [[ " $flags " == *" -lcrypto "* ]]; then
    pass "pkg-config openssl (drop-in): $flags"
else
    fail "pkg-config openssl (drop-in)" "got: $flags"
fi
# check_verdict TAG BINARY FLAVOUR WHAT: the installed sslshim-check says
# BINARY needs FLAVOUR (exit 0 or 1: all implemented or some fail cleanly).
check_verdict() {
    local tag=$1 bin=$2 flavour=$3 what=$4 rc
    "$prefix/bin/sslshim-check" "$bin" > "$out/check-$tag.txt"
    rc=$?
    expect_in "$out/check-$tag.txt" "flavour: $flavour" && [ $rc -le 1 ] &&
        pass "installed sslshim-check: $what needs the $flavour flavour" ||
        fail "installed sslshim-check on the $what" "exit $rc" "$out/check-$tag.txt"
}

# shellcheck disable=SC2086
if gcc -Wall -O1 -Wno-deprecated-declarations -o "$out/client-dropin" examples/client.c $flags 2> "$out/cc-dropin.log"; then
    ldd "$out/client-dropin" > "$out/ldd-dropin.txt"
    if grep -q "libssl.so.3 => $prefix/lib/sslshim/libssl.so.3" "$out/ldd-dropin.txt" &&
        ! grep -q libsslshim "$out/ldd-dropin.txt"; then
        pass "drop-in build loads PREFIX/lib/sslshim/libssl.so.3 (ldd)"
    else
        fail "drop-in build loads PREFIX/lib/sslshim/libssl.so.3 (ldd)" "" "$out/ldd-dropin.txt"
    fi
    exchange dropin "$out/client-dropin"
    check_verdict dropin "$out/client-dropin" drop-in "drop-in build"
else
    fail "build with pkg-config openssl (drop-in)" "" "$out/cc-dropin.log"
fi

# Standalone flavour through sslshim.pc (our headers, -lsslshim).
pc_sa=$prefix/lib/pkgconfig
flags=$(PKG_CONFIG_PATH=$pc_sa pkg-config --cflags --libs sslshim)
# shellcheck disable=SC2086
if gcc -Wall -O1 -Wno-deprecated-declarations -o "$out/client-sa" examples/client.c $flags 2> "$out/cc-sa.log"; then
    ldd "$out/client-sa" > "$out/ldd-sa.txt"
    # shellcheck disable=SC2046
    gcc -E $(PKG_CONFIG_PATH=$pc_sa pkg-config --cflags sslshim) -x c - <<< '#include <openssl/ssl.h>' \
        > "$out/pp-sa.txt" 2>&1
    grep -q "$prefix/include/sslshim/openssl/ssl.h" "$out/pp-sa.txt" && hdr=ok || hdr=bad
    if grep -q "libsslshim.so => $prefix/lib/libsslshim.so" "$out/ldd-sa.txt" &&
        ! grep -q 'libssl.so' "$out/ldd-sa.txt" && [ $hdr = ok ]; then
        pass "sslshim.pc build: our headers, PREFIX/lib/libsslshim.so, no libssl (ldd)"
    else
        fail "sslshim.pc build" "headers $hdr" "$out/ldd-sa.txt"
    fi
    exchange standalone "$out/client-sa"
    check_verdict sa "$out/client-sa" standalone "sslshim.pc build"
else
    fail "build with pkg-config sslshim" "" "$out/cc-sa.log"
fi

# Installed sslshim-run picks PREFIX/lib/sslshim/libssl.so.3 by itself, and
# runs the system-linked build of the same program on it.
env -u SSLSHIM_DROPIN "$prefix/bin/sslshim-run" sh -c 'echo "$LD_PRELOAD"' > "$out/run-env.txt"
[ "$(cat "$out/run-env.txt")" = "$prefix/lib/sslshim/libssl.so.3" ] &&
    pass "installed sslshim-run preloads PREFIX/lib/sslshim/libssl.so.3" ||
    fail "installed sslshim-run preloads PREFIX/lib/sslshim/libssl.so.3" "" "$out/run-env.txt"
if gcc -Wall -O1 -Wno-deprecated-declarations -o "$out/client-system" examples/client.c -lssl -lcrypto 2> "$out/cc-sys.log"; then
    cat > "$out/client-run" <<EOS
#!/bin/sh
exec env -u SSLSHIM_DROPIN "$prefix/bin/sslshim-run" "$out/client-system" "\$@"
EOS
    chmod +x "$out/client-run"
    exchange sslshim-run "$out/client-run"
else
    fail "build against the system OpenSSL" "" "$out/cc-sys.log"
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
