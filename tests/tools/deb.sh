#!/usr/bin/env bash
# make test-deb: the Debian package as a user gets it.
#  - lintian reports no error on the package or its -dbgsym;
#  - `apt-get install ./sslshim_*.deb` installs it beside the system libssl3,
#    whose files stay as they were (dpkg --verify) and which the loader
#    still finds first; the shipped ELF files are stripped;
#  - from the installed paths: the manual pages, a handshake through
#    sslshim-run with curl, and examples/client.c built with pkg-config
#    against each flavour (tests/tools/installed.sh);
#  - `apt-get remove sslshim` leaves none of its files or directories.
# Installs and removes a system package, so it runs as root (CI does).
#   tests/tools/deb.sh [DIR with the .deb, default build/deb]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/interop/lib.sh
source tests/tools/installed.sh

dir=${1:-build/deb}
out=$PWD/build/tools/deb; rm -rf "$out"; mkdir -p "$out/www"
arch=$(dpkg --print-architecture)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
deb=$(ls "$PWD/$dir"/sslshim_*_"$arch".deb 2>/dev/null | head -1)
ddeb=$(ls "$PWD/$dir"/sslshim-dbgsym_*_"$arch".ddeb 2>/dev/null | head -1)
export DEBIAN_FRONTEND=noninteractive

if [ -z "$deb" ] || [ -z "$ddeb" ]; then
    fail "package built" "no sslshim_*_$arch.deb and -dbgsym .ddeb in $dir (make deb)"
    echo "test-deb: $passed passed, $failed failed"; exit 1
fi
if [ "$(id -u)" != 0 ]; then
    # Outside CI a developer may run make test unprivileged; CI is root.
    if [ -n "${CI:-}" ]; then fail "root" "CI runs as root; installing a package needs it"
    else skip "install, use and remove $deb" "needs root"; fi
    echo "test-deb: $passed passed, $failed failed, $skipped skipped"; [ "$failed" = 0 ]; exit
fi

# lintian, installed once when missing (a Debian package like any other).
if ! command -v lintian > /dev/null; then
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends lintian; } > "$out/apt-lintian.log" 2>&1
fi
for p in "$deb" "$ddeb"; do
    lintian --fail-on error --tag-display-limit 0 "$p" > "$out/lintian-$(basename "$p").txt" 2>&1
    rc=$?
    if [ $rc = 0 ] && ! grep -q '^E: ' "$out/lintian-$(basename "$p").txt"; then
        pass "lintian: no errors in $(basename "$p") ($(grep -c '^[WI]: ' "$out/lintian-$(basename "$p").txt") warnings/infos)"
    else
        fail "lintian $(basename "$p")" "exit $rc" "$out/lintian-$(basename "$p").txt"
    fi
done

# The system's libssl3 before: its files as dpkg recorded them, and what the loader finds.
sys_libssl=$(ldconfig -p | sed -n "s/^[[:space:]]*libssl.so.3 (.*x86-64) => //p" | head -1)
sys_sum=$(md5sum < "$sys_libssl")

if dpkg -s sslshim > /dev/null 2>&1; then
    echo "note: sslshim was installed before this test; removing it first"
    apt-get remove -y -qq sslshim > "$out/remove-before.log" 2>&1
fi
installed=no
remove_package() { [ $installed = yes ] && apt-get remove -y -qq sslshim > "$out/remove.log" 2>&1; installed=no; }
trap 'remove_package; cleanup' EXIT

if apt-get install -y -qq --no-install-recommends "$deb" > "$out/install.log" 2>&1; then
    installed=yes
    pass "apt-get install ./$(basename "$deb")"
else
    fail "apt-get install ./$(basename "$deb")" "" "$out/install.log"
    echo "test-deb: $passed passed, $failed failed"; exit 1
fi
dpkg -L sslshim > "$out/files.txt"

libdir=/usr/lib/$multiarch
missing=""
for f in /usr/bin/sslshim-run /usr/bin/sslshim-check "$libdir/libsslshim.so" \
    "$libdir/sslshim/libssl.so.3" "$libdir/sslshim/pkgconfig/libssl.pc" "$libdir/sslshim/pkgconfig/openssl.pc" \
    "$libdir/pkgconfig/sslshim.pc" /usr/include/sslshim/openssl/ssl.h \
    /usr/share/man/man1/sslshim-run.1.gz /usr/share/man/man1/sslshim-check.1.gz /usr/share/man/man7/sslshim.7.gz \
    /usr/share/doc/sslshim/copyright; do
    [ -e "$f" ] && grep -qx "$f" "$out/files.txt" || missing="$missing $f"
done
[ -z "$missing" ] && pass "installed files in place (dpkg -L: $(wc -l < "$out/files.txt") paths)" ||
    fail "installed files" "missing:$missing"

# Beside, not instead of, the system's libssl3.
dpkg --verify libssl3 > "$out/verify-libssl3.txt" 2>&1
now_libssl=$(ldconfig -p | sed -n "s/^[[:space:]]*libssl.so.3 (.*x86-64) => //p" | head -1)
if [ ! -s "$out/verify-libssl3.txt" ] && [ "$now_libssl" = "$sys_libssl" ] &&
    [ "$(md5sum < "$sys_libssl")" = "$sys_sum" ] && [ ! -e /usr/include/openssl/sslshim_generated.h ]; then
    pass "system libssl3 untouched: dpkg --verify clean, the loader still finds $sys_libssl"
else
    fail "system libssl3 untouched" "loader finds $now_libssl" "$out/verify-libssl3.txt"
fi

# Stripped, with the debug information in -dbgsym under the build id.
unstripped=""
dpkg-deb -c "$ddeb" > "$out/dbgsym-files.txt"
for f in /usr/bin/sslshim-run /usr/bin/sslshim-check "$libdir/libsslshim.so" "$libdir/sslshim/libssl.so.3"; do
    id=$(readelf -n "$f" | sed -n 's/.*Build ID: \([0-9a-f]*\)/\1/p')
    if readelf -S "$f" | grep -q '\.debug_info' || ! readelf -S "$f" | grep -q '\.gnu_debuglink' ||
        ! grep -q "/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug$" "$out/dbgsym-files.txt"; then
        unstripped="$unstripped $f"
    fi
done
[ -z "$unstripped" ] && pass "stripped: $(du -h "$libdir/sslshim/libssl.so.3" | cut -f1) drop-in; debug info in $(basename "$ddeb")" ||
    fail "stripped, debug info split off" "not so:$unstripped"

# The manual pages, as man finds them.
if command -v man > /dev/null; then
    bad=""
    for m in sslshim-run sslshim-check "7 sslshim"; do
        # shellcheck disable=SC2086
        page=$(man -w $m 2>/dev/null)
        # shellcheck disable=SC2086
        [[ $page == /usr/share/man/* ]] && man --warnings -P cat $m 2>&1 >/dev/null | grep -q . && bad="$bad $m(warnings)"
        [[ $page == /usr/share/man/* ]] || bad="$bad $m"
    done
    [ -z "$bad" ] && pass "man sslshim-run, sslshim-check, 7 sslshim: found, no warnings" || fail "manual pages" "$bad"
fi

payload="sslshim deb test $$ $(date +%s%N)"
echo "$payload" > "$out/www/index.html"
www_server "$out/www" "$out/server.log"

# sslshim-run -- curl from the installed paths: curl on our libssl.so.3.
env -u SSLSHIM_DROPIN /usr/bin/sslshim-run --log info -- curl -sS --cacert "$certs/ca.pem" \
    "https://localhost:$port/index.html" > "$out/curl.out" 2> "$out/curl.err"
rc=$?
if [ $rc = 0 ] && expect_in "$out/curl.out" "$payload" &&
    expect_in "$out/curl.err" "sslshim: INFO sslshim::ssl::handshake: handshake done"; then
    pass "sslshim-run -- curl: a verified exchange on the installed drop-in"
else
    fail "sslshim-run -- curl" "exit $rc" "$out/curl.out" "$out/curl.err"
fi

# pkg-config with its own search path finds sslshim.pc in $libdir/pkgconfig.
libdir=$libdir incdir=/usr/include bindir=/usr/bin pc_sa=""
installed_checks

# apt-get remove: nothing of the package left, the system's libssl as before.
remove_package
gone=yes
while read -r f; do
    [ "$f" = /. ] && continue
    # A directory another installed package owns too (/usr/bin, ...) stays.
    [ -d "$f" ] && [ ! -L "$f" ] && dpkg -S "$f" > /dev/null 2>&1 && continue
    [ -e "$f" ] || [ -L "$f" ] && { gone=no; echo "left: $f" >> "$out/remove.log"; }
done < "$out/files.txt"
if [ $gone = yes ] && ! dpkg -s sslshim > /dev/null 2>&1 && [ "$(md5sum < "$sys_libssl")" = "$sys_sum" ]; then
    pass "apt-get remove sslshim: none of its $(wc -l < "$out/files.txt") paths left"
else
    fail "apt-get remove sslshim" "" "$out/remove.log"
fi

echo "test-deb: $passed passed, $failed failed"
[ "$failed" = 0 ]
