# What an installed sslshim must do, wherever it is installed (sourced by
# tests/tools/install.sh for `make install` and tests/tools/deb.sh for the
# Debian package; needs tests/interop/lib.sh). The caller sets:
#   out      the test's output directory (absolute)
#   libdir   where libsslshim.so is; the drop-in is in $libdir/sslshim
#   incdir   where the headers' sslshim/openssl/ directory is
#   bindir   where sslshim-check and sslshim-run are
#   pc_sa    PKG_CONFIG_PATH that finds sslshim.pc ("" for pkg-config's own)
#   payload, port  the page and the port of a running www_server
# installed_checks then builds examples/client.c as an existing project
# would, against each flavour, and runs it against `openssl s_server -WWW`:
#  - drop-in: system headers, `pkg-config openssl` from $libdir/sslshim/pkgconfig,
#    ldd shows our libssl.so.3;
#  - standalone: sslshim.pc (our headers, libsslshim.so, no libssl);
#  - the installed sslshim-run preloads the installed drop-in and runs a
#    system-linked build on it; the installed sslshim-check names each
#    build's flavour.

certs=$PWD/tests/certs

# same_file A B: both name the same file (the loader may print /lib for /usr/lib).
same_file() { [ -n "$1" ] && [ "$(realpath -- "$1" 2>/dev/null)" = "$(realpath -- "$2")" ]; }

# loaded_from LDD_FILE SONAME: the path ldd resolved SONAME to.
loaded_from() { sed -n "s/^[[:space:]]*$2 => \\([^ ]*\\) .*/\\1/p" "$1" | head -1; }

# exchange NAME BINARY: GET / from s_server with examples/client's checks,
# and our SSLSHIM_LOG trace showing the handshake.
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

# check_verdict TAG BINARY FLAVOUR WHAT: the installed sslshim-check says
# BINARY needs FLAVOUR (exit 0 or 1: all implemented or some fail cleanly).
check_verdict() {
    local tag=$1 bin=$2 flavour=$3 what=$4 rc
    "$bindir/sslshim-check" "$bin" > "$out/check-$tag.txt"
    rc=$?
    expect_in "$out/check-$tag.txt" "flavour: $flavour" && [ $rc -le 1 ] &&
        pass "installed sslshim-check: $what needs the $flavour flavour" ||
        fail "installed sslshim-check on the $what" "exit $rc" "$out/check-$tag.txt"
}

installed_checks() {
    local flags pc_dropin=$libdir/sslshim/pkgconfig
    # Drop-in flavour through $libdir/sslshim/pkgconfig (system headers).
    flags=$(PKG_CONFIG_PATH=$pc_dropin pkg-config --cflags --libs openssl)
    if [ "$(PKG_CONFIG_PATH=$pc_dropin pkg-config --modversion openssl)" = "$(pkg-config --modversion libcrypto)" ] &&
        [[ " $flags " == *" -L$libdir/sslshim "* ]] && [[ " $flags " == *" -lssl "* ]] &&
        [[ " $flags " == *" -lcrypto "* ]]; then
        pass "pkg-config openssl (drop-in): $flags"
    else
        fail "pkg-config openssl (drop-in)" "got: $flags"
    fi
    # shellcheck disable=SC2086
    if gcc -Wall -O1 -Wno-deprecated-declarations -o "$out/client-dropin" examples/client.c $flags 2> "$out/cc-dropin.log"; then
        ldd "$out/client-dropin" > "$out/ldd-dropin.txt"
        if same_file "$(loaded_from "$out/ldd-dropin.txt" libssl.so.3)" "$libdir/sslshim/libssl.so.3" &&
            ! grep -q libsslshim "$out/ldd-dropin.txt"; then
            pass "drop-in build loads $libdir/sslshim/libssl.so.3 (ldd)"
        else
            fail "drop-in build loads $libdir/sslshim/libssl.so.3 (ldd)" "" "$out/ldd-dropin.txt"
        fi
        exchange dropin "$out/client-dropin"
        check_verdict dropin "$out/client-dropin" drop-in "drop-in build"
    else
        fail "build with pkg-config openssl (drop-in)" "" "$out/cc-dropin.log"
    fi

    # Standalone flavour through sslshim.pc (our headers, -lsslshim).
    flags=$(PKG_CONFIG_PATH=$pc_sa pkg-config --cflags --libs sslshim)
    # shellcheck disable=SC2086
    if gcc -Wall -O1 -Wno-deprecated-declarations -o "$out/client-sa" examples/client.c $flags 2> "$out/cc-sa.log"; then
        ldd "$out/client-sa" > "$out/ldd-sa.txt"
        # shellcheck disable=SC2046
        gcc -E $(PKG_CONFIG_PATH=$pc_sa pkg-config --cflags sslshim) -x c - <<< '#include <openssl/ssl.h>' \
            > "$out/pp-sa.txt" 2>&1
        grep -q "$incdir/sslshim/openssl/ssl.h" "$out/pp-sa.txt" && hdr=ok || hdr=bad
        if same_file "$(loaded_from "$out/ldd-sa.txt" libsslshim.so)" "$libdir/libsslshim.so" &&
            ! grep -q 'libssl.so' "$out/ldd-sa.txt" && [ $hdr = ok ]; then
            pass "sslshim.pc build: our headers, $libdir/libsslshim.so, no libssl (ldd)"
        else
            fail "sslshim.pc build" "headers $hdr" "$out/ldd-sa.txt"
        fi
        exchange standalone "$out/client-sa"
        check_verdict sa "$out/client-sa" standalone "sslshim.pc build"
    else
        fail "build with pkg-config sslshim" "" "$out/cc-sa.log"
    fi

    # The installed sslshim-run picks the installed drop-in by itself, and
    # runs the system-linked build of the same program on it.
    env -u SSLSHIM_DROPIN "$bindir/sslshim-run" sh -c 'echo "$LD_PRELOAD"' > "$out/run-env.txt"
    if same_file "$(cat "$out/run-env.txt")" "$libdir/sslshim/libssl.so.3"; then
        pass "installed sslshim-run preloads $libdir/sslshim/libssl.so.3"
    else
        fail "installed sslshim-run preloads $libdir/sslshim/libssl.so.3" "" "$out/run-env.txt"
    fi
    if gcc -Wall -O1 -Wno-deprecated-declarations -o "$out/client-system" examples/client.c -lssl -lcrypto 2> "$out/cc-sys.log"; then
        cat > "$out/client-run" <<EOS
#!/bin/sh
exec env -u SSLSHIM_DROPIN "$bindir/sslshim-run" "$out/client-system" "\$@"
EOS
        chmod +x "$out/client-run"
        exchange sslshim-run "$out/client-run"
    else
        fail "build against the system OpenSSL" "" "$out/cc-sys.log"
    fi
}
