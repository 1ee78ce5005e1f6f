#!/usr/bin/env bash
# Debian 12's mini-httpd, from its unchanged source package, built with its
# own Makefile (as debian/rules does: dpkg-buildflags, `-lssl -lcrypto`)
# against the standalone flavour: our headers through sslshim.pc's Cflags,
# and its -lssl -lcrypto resolving to libsslshim.so through sslshim.pc's
# link directory. Then tests/dropin/mini_httpd.sh's checks with this binary
# as "ours": HTTPS pages to curl and `openssl s_client`, compared with
# Debian's own mini_httpd on the system OpenSSL, our handshakes in its trace.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/sources/lib.sh
source_setup mini_httpd
standalone_flags
if source_fetch mini-httpd; then
    # debian/rules builds with dh's `make`: the Makefile takes CPPFLAGS,
    # CFLAGS and LDFLAGS from dpkg-buildflags, where DEB_*_APPEND adds ours.
    (cd "$srcdir" && export DEB_CPPFLAGS_APPEND="$PC_CFLAGS" DEB_LDFLAGS_APPEND="$PC_LDFLAGS" \
        && eval "$(dpkg-buildflags --export=sh)" && make mini_httpd) > "$out/build.log" 2>&1 \
        || fail "mini-httpd: make" "" "$out/build.log"
    if [ -x "$srcdir/mini_httpd" ] && check_build "$out/build.log" "$srcdir/mini_httpd"; then
        check_imports "$srcdir/mini_httpd"
        dropin_checks mini_httpd MINI_HTTPD_OURS "$srcdir/mini_httpd" tests/dropin/mini_httpd.sh
    fi
fi
echo "sources-mini_httpd: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
