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
    if diff <(grep '^#define HAVE_' "$out/system/lib/curl_config.h") <(grep '^#define HAVE_' "$srcdir/lib/curl_config.h") \
        > "$out/features.diff"; then
        pass "curl: configure finds the same $(grep -c '^#define HAVE_' "$srcdir/lib/curl_config.h") features as on the system OpenSSL"
    else
        fail "curl: configure's features differ from the system OpenSSL's" "" "$out/features.diff"
    fi
    bin=$srcdir/src/curl
    if [ -x "$bin" ] && check_build "$out/build.log" "$bin"; then
        check_imports "$bin"
        CURL_OURS=$bin tests/dropin/curl.sh > "$out/run.log" 2>&1
        rc=$?
        n=$(grep -c '^PASS' "$out/run.log")
        if [ $rc -eq 0 ] && [ "$n" -gt 0 ]; then
            pass "curl (ours: built from source) equal to Debian's on the system OpenSSL: $n checks"
        else
            fail "curl built from source" "" "$out/run.log"
        fi
    fi
fi
echo "sources-curl: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
