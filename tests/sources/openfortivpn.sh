#!/usr/bin/env bash
# Debian 12's openfortivpn (a FortiGate SSL-VPN client), from its unchanged
# source package, built as debian/rules does (autoreconf, configure
# --with-pppd --with-resolvconf, dpkg-buildflags with sslshim.pc's flags)
# against the standalone flavour. It is run against a stand-in gateway on
# Python's ssl (tests/sources/fortigate.py: the login is rejected, so no
# pppd is started) next to Debian's openfortivpn on the system OpenSSL:
#   trusted     the gateway's certificate pinned by its SHA-256 digest
#               (--trusted-cert: X509_digest), then the login POST and the
#               logout over the same TLS connection;
#   pin-wrong   a wrong digest: the certificate is refused and described
#               (subject, issuer, digest) as on OpenSSL;
#   ca          verified through --ca-file and the host name (localhost);
#   ca-wrong    an unrelated CA: refused.
# Their output and exit codes, and what the gateway received, must be equal;
# our trace must show the handshakes.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/sources/lib.sh
source_setup openfortivpn
standalone_flags

need=()
command -v autoreconf > /dev/null || need+=(autoconf automake)
command -v openfortivpn > /dev/null || need+=(openfortivpn)
if [ ${#need[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" \
        > "$out/apt.log" 2>&1 || fail "openfortivpn: apt-get install ${need[*]}" "" "$out/apt.log"
fi

run_case() {  # NAME WHICH ARGS...: output and exit code to $out/NAME.WHICH
    local name=$1 which=$2 port log; shift 2
    port=$(free_port)
    log=$out/$name.$which.gateway
    : > "$log"
    /usr/bin/python3 tests/sources/fortigate.py "$port" "$certs" "$log" > "$out/$name.$which.py" 2>&1 &
    local gw=$!
    pids+=($gw)
    wait_port "$port"
    local prog=openfortivpn env=()
    [ "$which" = ours ] && { prog=$bin; env=(SSLSHIM_LOG=info); }
    env "${env[@]}" timeout 20 "$prog" -c /dev/null "${@/@PORT@/$port}" -u user -p 'pa ss&' \
        > "$out/$name.$which.raw" 2>&1
    echo "exit $?" >> "$out/$name.$which.raw"
    kill "$gw" 2> /dev/null
    wait "$gw" 2> /dev/null
    grep -v '^sslshim: ' "$out/$name.$which.raw" > "$out/$name.$which"
}

check_case() {  # NAME EXPECTED...
    local name=$1; shift
    local o=$out/$name.ours s=$out/$name.system
    if cmp -s "$s" "$o" && cmp -s "$s.gateway" "$o.gateway" && expect_in "$o" "$@" \
        && grep -q 'handshake done: client TLSv1.3' "$o.raw"; then
        pass "openfortivpn $name: $(grep -c . "$o.gateway") requests at the gateway, $(tail -1 "$o")"
    else
        diff "$s" "$o" >> "$o"
        diff "$s.gateway" "$o.gateway" >> "$o"
        fail "openfortivpn $name" "" "$o" "$o.raw"
    fi
}

if source_fetch openfortivpn; then
    (cd "$srcdir" && export DEB_CPPFLAGS_APPEND="$PC_CFLAGS" DEB_LDFLAGS_APPEND="$PC_LDFLAGS" \
        && eval "$(dpkg-buildflags --export=sh)" && autoreconf -fi \
        && ./configure --with-pppd=/usr/sbin/pppd --with-resolvconf=/sbin/resolvconf && make -j2) \
        > "$out/build.log" 2>&1 || fail "openfortivpn: autoreconf, configure and make" "" "$out/build.log"
    bin=$srcdir/openfortivpn
    if [ -x "$bin" ] && check_build "$out/build.log" "$bin"; then
        check_imports "$bin"
        digest=$(openssl x509 -in "$certs/server.pem" -noout -fingerprint -sha256 | cut -d= -f2 | tr -d : | tr A-F a-f)
        for which in system ours; do
            run_case trusted $which 127.0.0.1:@PORT@ --trusted-cert "$digest"
            run_case pin-wrong $which 127.0.0.1:@PORT@ --trusted-cert "00$digest"
            run_case ca $which localhost:@PORT@ --ca-file "$certs/ca.pem"
            run_case ca-wrong $which localhost:@PORT@ --ca-file "$certs/untrusted-ca.pem"
        done
        check_case trusted "Connected to gateway." "Could not authenticate to gateway" "Logged out." "exit 1"
        check_case pin-wrong "--trusted-cert $digest" "CN=localhost" "exit 1"
        check_case ca "Connected to gateway." "Logged out." "exit 1"
        check_case ca-wrong "Gateway certificate validation failed" "exit 1"
    fi
fi
echo "sources-openfortivpn: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
