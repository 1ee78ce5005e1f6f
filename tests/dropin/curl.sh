#!/usr/bin/env bash
# Debian's curl, unchanged, on the drop-in libssl.so.3 against
# `openssl s_server -WWW` on the real libssl (a separate process).
# Each case runs curl twice: on the system libssl (the oracle) and on ours;
# exit codes, payloads and curl's error lines must match, and our
# SSLSHIM_LOG trace must show that our library made the handshake.
#   tests/dropin/curl.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup curl "www" "${1:-}"
# With CURL_OURS=PATH, "ours" is that curl binary, built from Debian's
# source against the standalone flavour (tests/sources/curl.sh), run as it
# is; the LD_LIBRARY_PATH case does not apply to it.
command -v curl >/dev/null || { skip "curl not installed"; echo "dropin-curl: 0 passed, 0 failed"; exit 0; }

payload="sslshim drop-in payload $$ $(date +%s%N)"
echo "$payload" > "$out/www/index.html"
head -c 300000 /dev/urandom | base64 > "$out/www/big.txt"

# serve NAME [s_server args...]: starts s_server -WWW in $out/www; sets $port.
serve() {
    local name=$1; shift
    port=$(free_port)
    (cd "$out/www" && exec timeout 60 openssl s_server -accept "127.0.0.1:$port" -WWW \
        -cert "$certs/server.pem" -key "$certs/server.key" -cert_chain "$certs/intermediate.pem" \
        "$@" > "$out/$name.server.log" 2>&1) &
    pids+=($!)
    for _ in $(seq 100); do
        grep -q '^ACCEPT' "$out/$name.server.log" 2>/dev/null && return 0
        sleep 0.1
    done
    fail "$name" "s_server did not start" "$out/$name.server.log"
    return 1
}

# run NAME WHICH curl-args...: WHICH is "system" or "ours"; writes
# $out/NAME.WHICH.{body,err,rc}.
run() {
    local name=$1 which=$2; shift 2
    local env=() prog=curl
    case $which in
    ours) env=(SSLSHIM_LOG=info LD_PRELOAD="$lib") ;;
    ours-ldpath) env=(SSLSHIM_LOG=info LD_LIBRARY_PATH="$(dirname "$lib")") ;;
    esac
    if [ "$which" != system ] && [ -n "${CURL_OURS:-}" ]; then
        env=(SSLSHIM_LOG=info)
        prog=$CURL_OURS
    fi
    env "${env[@]}" timeout 20 "$prog" -sS "$@" > "$out/$name.$which.body" 2> "$out/$name.$which.err"
    echo $? > "$out/$name.$which.rc"
}

# The error line curl prints ("curl: (60) ..."), without our trace lines.
curl_error() { grep '^curl: ' "$1" || true; }

# check NAME WHICH [expected text in stderr...]: ours equals the oracle.
check() {
    local name=$1 which=$2; shift 2
    local o=$out/$name.system s=$out/$name.$which
    local why=""
    [ "$(cat "$o.rc")" = "$(cat "$s.rc")" ] || why="exit $(cat "$s.rc"), oracle $(cat "$o.rc")"
    cmp -s "$o.body" "$s.body" || why="${why:+$why; }payload differs"
    [ "$(curl_error "$o.err")" = "$(curl_error "$s.err")" ] || why="${why:+$why; }error line differs"
    if [ -z "$why" ] && expect_in "$s.err" "$@"; then
        pass "$name ($which): exit $(cat "$s.rc")${*:+, }$*"
    else
        fail "$name ($which)" "$why" "$o.err" "$s.err"
    fi
}

HANDSHAKE="sslshim: INFO sslshim::ssl::handshake: handshake done: client TLSv1.3"

# 1. The payload over HTTPS, verified against our CA, both ways of
# dropping the library in; -w %{certs} makes curl walk the peer chain
# (SSL_get_peer_cert_chain, then libcrypto's X509 printing on each entry),
# so the chain must be a genuine STACK_OF(X509) to print as the oracle's.
if serve get; then
    whiches=(system ours ours-ldpath)
    [ -n "${CURL_OURS:-}" ] && whiches=(system ours)
    for which in "${whiches[@]}"; do
        run get $which -w '%{certs}' --cacert "$certs/ca.pem" "https://127.0.0.1:$port/index.html"
    done
    if [ "$(head -1 "$out/get.ours.body")" = "$payload" ] &&
        expect_in "$out/get.ours.body" "Subject:O = sslshim, CN = localhost" \
            "Issuer:O = sslshim, CN = sslshim Test Root CA"; then
        check get ours "$HANDSHAKE"
        [ -n "${CURL_OURS:-}" ] || check get ours-ldpath "$HANDSHAKE"
    else
        fail "get: payload" "" "$out/get.ours.err"
    fi
fi

# 2. ALPN: curl offers h2 and http/1.1, s_server picks http/1.1; a larger
# body (several records, ~400 KB) arrives intact.
if serve alpn -alpn http/1.1; then
    for which in system ours; do
        run alpn $which -v --http1.1 --cacert "$certs/ca.pem" "https://127.0.0.1:$port/big.txt"
    done
    if cmp -s "$out/alpn.ours.body" "$out/www/big.txt"; then
        # -v output differs in details (session ids, timing): compare the
        # payload, exit code and the ALPN outcome.
        check alpn ours "$HANDSHAKE" "ALPN: server accepted http/1.1"
        expect_in "$out/alpn.system.err" "ALPN: server accepted http/1.1" \
            || fail "alpn: the oracle did not negotiate http/1.1" "" "$out/alpn.system.err"
    else
        fail "alpn: big.txt differs" "" "$out/alpn.ours.err"
    fi
fi

# 3. A failing verification: a CA that did not issue the server's chain
# gives curl's normal error, exit 60.
if serve untrusted; then
    for which in system ours; do
        run untrusted $which --cacert "$certs/untrusted-ca.pem" "https://127.0.0.1:$port/index.html"
    done
    check untrusted ours "curl: (60) SSL certificate problem: unable to get local issuer certificate"
fi

# 4. Host name mismatch: the chain verifies, curl's own host check fails.
if serve wrong-host-srv -cert "$certs/wrong-host.pem" -key "$certs/wrong-host.key"; then
    for which in system ours; do
        run wronghost $which --cacert "$certs/ca.pem" "https://127.0.0.1:$port/index.html"
    done
    check wronghost ours "curl: (60) SSL: no alternative certificate subject name matches target host name '127.0.0.1'"
fi

echo "dropin-curl: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
