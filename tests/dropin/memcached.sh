#!/usr/bin/env bash
# Debian's memcached (unchanged) as a TLS server (-Z) on the drop-in
# libssl.so.3, with `openssl s_client` on the real libssl as the client
# issuing set/get (tests/dropin/mc_client.py on the real libssl; a short
# value and a 60 KB one, so records span reads),
# and a TLS 1.2 connection. memcached runs on the system libssl (the
# oracle) and on ours; the client's output must be equal and hold the
# payload; our trace must show the handshakes.
#   tests/dropin/memcached.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup memcached "" "${1:-}"
command -v memcached >/dev/null || { fail "memcached not installed (make programs)"; exit 1; }
user=(); [ "$(id -u)" = 0 ] && user=(-u root)   # memcached refuses root without -u

# start WHICH: memcached on the system libssl or ours; sets $port, $srv.
start() {
    local env=()
    port=$(free_port)
    [ "$1" = ours ] && env=(SSLSHIM_LOG=info LD_PRELOAD="$lib")
    env "${env[@]}" timeout 60 memcached -l 127.0.0.1 -p "$port" -U 0 "${user[@]}" -Z \
        -o "ssl_chain_cert=$certs/server-chain.pem,ssl_key=$certs/server.key" \
        > "$out/server.$1.log" 2>&1 &
    srv=$!
    pids+=($srv)
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
        sleep 0.1
    done
}

small="dropin-$$"; echo "$small" > "$out/small"
head -c 45000 /dev/urandom | base64 -w0 > "$out/big"
session() {  # NAME TLSVERSION: one connection's commands and replies
    timeout 20 /usr/bin/python3 tests/dropin/mc_client.py "$port" "$certs/ca.pem" "$2" \
        "small=$out/small" "big=$out/big" > "$out/$1.$which" 2> "$out/$1.$which.err"
    echo "exit $?" >> "$out/$1.$which"
}

for which in system ours; do
    start $which
    session tls13 TLSv1_3
    session tls12 TLSv1_2
    kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null
done

for name in tls13 tls12; do
    o=$out/$name.ours
    bigsum=$(printf %s "$(cat "$out/big")" | sha256sum | cut -c1-16)
    if cmp -s "$out/$name.system" "$o" && expect_in "$o" "VALUE small 0 ${#small}" "$small" \
        "VALUE big 0 60000" "60000 bytes sha256 $bigsum" "closed True" "exit 0" \
        && [ "$(grep -c STORED "$o")" = 2 ]; then
        pass "memcached $name: $(head -1 "$o"), both values back"
    else
        diff "$out/$name.system" "$o" | cut -c1-200 >> "$o.err"
        fail "memcached $name" "" "$o.err"
    fi
done
if expect_in "$out/server.ours.log" \
    "sslshim: INFO sslshim::ssl::handshake: handshake done: server TLSv1.3" \
    "sslshim: INFO sslshim::ssl::handshake: handshake done: server TLSv1.2"; then
    pass "memcached: our trace shows TLS 1.3 and TLS 1.2 handshakes"
else
    fail "memcached trace" "" "$out/server.ours.log"
fi

echo "dropin-memcached: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
