#!/usr/bin/env bash
# Debian 12's socat, from its unchanged source package, configured and built
# as debian/rules does (configure --disable-readline, dpkg-buildflags, with
# sslshim.pc's flags appended) against the standalone flavour. Its configure
# script probes OpenSSL features by compiling and linking against us; the
# features it finds must be the ones it finds on the system OpenSSL (a
# second configure of the same tree). Then tests/dropin/socat.sh's checks
# with this binary as "ours" (SOCAT_OURS): client and server against
# OpenSSL's own tools, equal to Debian's socat on the system OpenSSL.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/sources/lib.sh
source_setup socat
standalone_flags
if source_fetch socat; then
    cp -a "$srcdir" "$out/system"
    (cd "$out/system" && eval "$(dpkg-buildflags --export=sh)" && ./configure --disable-readline) \
        > "$out/configure.system.log" 2>&1 || fail "socat: configure on the system OpenSSL" "" "$out/configure.system.log"
    (cd "$srcdir" && export DEB_CPPFLAGS_APPEND="$PC_CFLAGS" DEB_LDFLAGS_APPEND="$PC_LDFLAGS" \
        && eval "$(dpkg-buildflags --export=sh)" && ./configure --disable-readline && make -j2) \
        > "$out/build.log" 2>&1 || fail "socat: configure and make" "" "$out/build.log"
    same_features socat "$out/system/config.h" "$srcdir/config.h"
    if [ -x "$srcdir/socat" ] && check_build "$out/build.log" "$srcdir/socat"; then
        check_imports "$srcdir/socat"
        dropin_checks socat SOCAT_OURS "$srcdir/socat" tests/dropin/socat.sh
    fi
fi
echo "sources-socat: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
