#!/usr/bin/env bash
# Debian's mini_httpd (unchanged) as an HTTPS server (-S) on the drop-in
# libssl.so.3, with curl and `openssl s_client` on the real libssl as
# clients: a small page, a 300 KB file (many records), TLS 1.2, a 404.
# mini_httpd runs on the system libssl (the oracle) and on ours; what the
# clients see must be equal (headers without Date) and hold the payload;
# our trace must show the handshakes.
#   tests/dropin/mini_httpd.sh [target/dropin/libssl.so.3]
# With MINI_HTTPD_OURS=PATH, "ours" is that mini_httpd binary, built from
# Debian's source against the standalone flavour (tests/sources/mini_httpd.sh),
# run as it is, without a preload.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup mini_httpd "docroot" "${1:-}"
command -v mini_httpd >/dev/null || { fail "mini_httpd not installed (make programs)"; exit 1; }
user=(); [ "$(id -u)" = 0 ] && user=(-u root)   # stay root rather than switch to nobody
cat "$certs/server-chain.pem" "$certs/server.key" > "$out/cert+key.pem"
echo "mini_httpd drop-in payload $$" > "$out/docroot/index.html"
head -c 225000 /dev/urandom | base64 > "$out/docroot/big.txt"

start() {  # WHICH: sets $port, $srv
    local env=()
    port=$(free_port)
    local prog=mini_httpd
    if [ "$1" = ours ]; then
        env=(SSLSHIM_LOG=info LD_PRELOAD="$lib")
        [ -n "${MINI_HTTPD_OURS:-}" ] && { env=(SSLSHIM_LOG=info); prog=$MINI_HTTPD_OURS; }
    fi
    env "${env[@]}" timeout 60 "$prog" -D -S -E "$out/cert+key.pem" -h 127.0.0.1 -p "$port" \
        -d "$out/docroot" "${user[@]}" > "$out/server.$1.log" 2>&1 &
    srv=$!
    pids+=($srv)
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
}

fetch() {  # NAME PATH [CURL ARGS]: curl and s_client outputs for $which
    local name=$1 path=$2; shift 2
    local f=$out/$name.$which
    timeout 20 curl -sS -D "$f.hdr" -o "$f.body" --cacert "$certs/ca.pem" \
        --resolve "localhost:$port:127.0.0.1" -w '%{http_code} %{size_download} %{ssl_verify_result}\n' \
        "$@" "https://localhost:$port$path" > "$f" 2>&1
    echo "curl exit $?" >> "$f"
    grep -v '^Date:' "$f.hdr" | tr -d '\r' >> "$f"
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" |
        timeout 20 openssl s_client -connect "127.0.0.1:$port" -CAfile "$certs/ca.pem" \
            -verify_return_error -quiet > "$f.sc" 2> "$f.sc.err"
    # mini_httpd closes without close_notify: s_client reports an unexpected
    # EOF (exit 1) on either library, compared like the rest.
    echo "s_client exit $?" >> "$f"
    tr -d '\r' < "$f.sc" | grep -v '^Date:' > "$f.scn"
}

for which in system ours; do
    start $which
    fetch index /index.html
    fetch big /big.txt
    fetch tls12 /index.html --tls-max 1.2
    fetch missing /nothing-here
    kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null
done

check() {  # NAME BODYFILE|- EXPECTED...
    local name=$1 body=$2; shift 2
    local o=$out/$name.ours s=$out/$name.system
    if cmp -s "$s" "$o" && cmp -s "$s.scn" "$o.scn" && cmp -s "$s.body" "$o.body" \
        && expect_in "$o" "$@" "curl exit 0" \
        && { [ "$body" = - ] || { cmp -s "$body" "$o.body" && tail -c +1 "$o.scn" | grep -qF "$(tail -1 "$body")"; }; }; then
        pass "mini_httpd $name: $(head -1 "$o")"
    else
        diff "$s" "$o" >> "$o"; diff "$s.scn" "$o.scn" | head -5 >> "$o"
        fail "mini_httpd $name" "" "$o" "$o.sc.err"
    fi
}
check index "$out/docroot/index.html" "200 $(wc -c < "$out/docroot/index.html") 0" "HTTP/1.1 200 Ok"
check big "$out/docroot/big.txt" "200 $(wc -c < "$out/docroot/big.txt") 0" "Content-Length: $(wc -c < "$out/docroot/big.txt")"
check tls12 "$out/docroot/index.html" "200 $(wc -c < "$out/docroot/index.html") 0"
check missing - "HTTP/1.1 404 Not Found"
if expect_in "$out/server.ours.log" \
    "sslshim: INFO sslshim::ssl::handshake: handshake done: server TLSv1.3" \
    "sslshim: INFO sslshim::ssl::handshake: handshake done: server TLSv1.2"; then
    pass "mini_httpd: our trace shows $(grep -c 'handshake done: server' "$out/server.ours.log") handshakes"
else
    fail "mini_httpd trace" "" "$out/server.ours.log"
fi

echo "dropin-mini_httpd: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
