#!/usr/bin/env bash
# Debian 12's curl, from its unchanged source package, configured and built
# with its own build system against the standalone flavour (sslshim.pc's
# flags through dpkg-buildflags; a static libcurl so the one binary is
# checked; no NTLM, which needs DES: curl 7.88 does not build NTLM without
# it, and OpenSSL without DES is the same case). Its configure probes
# OpenSSL by compiling and linking against us; the features it finds must
# be the ones it finds on the system OpenSSL (the tree configured twice).
# Then tests/dropin/curl.sh's checks with this binary as "ours"
# (CURL_OURS): the payload and -w %{certs} (the peer chain printed through
# the X509 functions) equal to Debian's curl on the system OpenSSL, ALPN, a
# failed verification and a host name mismatch.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/sources/lib.sh
source_setup curl
standalone_flags
CONF=(--with-openssl --disable-shared --disable-ntlm --disable-manual --disable-ldap
      --without-libpsl --without-brotli --without-zstd --without-libidn2 --without-nghttp2
      --without-libssh2 --without-libssh --without-librtmp --without-gssapi)
if source_fetch curl; then
    cp -a "$srcdir" "$out/system"
    (cd "$out/system" && eval "$(dpkg-buildflags --export=sh)" && ./configure "${CONF[@]}") \
        > "$out/configure.system.log" 2>&1 || fail "curl: configure on the system OpenSSL" "" "$out/configure.system.log"
    (cd "$srcdir" && export DEB_CPPFLAGS_APPEND="$PC_CFLAGS" DEB_LDFLAGS_APPEND="$PC_LDFLAGS" \
        && eval "$(dpkg-buildflags --export=sh)" && ./configure "${CONF[@]}" && make -j2) \
        > "$out/build.log" 2>&1 || fail "curl: configure and make" "" "$out/build.log"
    same_features curl "$out/system/lib/curl_config.h" "$srcdir/lib/curl_config.h"
    bin=$srcdir/src/curl
    if [ -x "$bin" ] && check_build "$out/build.log" "$bin"; then
        check_imports "$bin"
        dropin_checks curl CURL_OURS "$bin" tests/dropin/curl.sh
    fi
fi
echo "sources-curl: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
