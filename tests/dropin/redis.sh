#!/usr/bin/env bash
# Debian's redis-cli (unchanged) as a TLS client on the drop-in
# libssl.so.3, against Debian's redis-server with TLS on the real libssl:
# SET/GET/PING, a client certificate required by the server, an untrusted
# CA. The same commands on the system libssl (the oracle) and on ours,
# outputs equal; our trace shows the handshake.
#   tests/dropin/redis.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup redis "data" "${1:-}"
for p in redis-cli redis-server; do
    command -v $p >/dev/null || { fail "redis: $p not installed (make programs)"; exit 1; }
done

# server NAME AUTH_CLIENTS: a redis-server on the real libssl; sets $port.
server() {
    port=$(free_port)
    timeout 60 redis-server --port 0 --bind 127.0.0.1 --tls-port "$port" \
        --tls-cert-file "$certs/server-chain.pem" --tls-key-file "$certs/server.key" \
        --tls-ca-cert-file "$certs/ca.pem" --tls-auth-clients "$2" \
        --save '' --appendonly no --dir "$out/data" > "$out/server-$1.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do grep -q 'Ready to accept' "$out/server-$1.log" && break; sleep 0.1; done
}

# cli NAME TRACE EXPECTED... -- REDIS-CLI ARGS: run on both libraries.
cli() {
    local name=$1 trace=$2; shift 2
    local expect=()
    while [ "$1" != -- ]; do expect+=("$1"); shift; done; shift
    timeout 20 redis-cli --tls -h 127.0.0.1 -p "$port" "$@" > "$out/$name.system" 2>&1
    echo "exit $?" >> "$out/$name.system"
    # Our trace goes to stderr too: compared without it, asserted in .err.
    SSLSHIM_LOG=debug LD_PRELOAD="$lib" timeout 20 redis-cli --tls -h 127.0.0.1 -p "$port" "$@" \
        > "$out/$name.ours.err" 2>&1
    echo "exit $?" >> "$out/$name.ours.err"
    grep -v '^sslshim: ' "$out/$name.ours.err" > "$out/$name.ours"
    if { [ -n "${NOCMP:-}" ] || cmp -s "$out/$name.system" "$out/$name.ours"; } \
        && expect_in "$out/$name.ours" "${expect[@]}" \
        && expect_in "$out/$name.ours.err" "$trace"; then
        pass "redis-cli $name: $(head -1 "$out/$name.ours" | cut -c1-70)"
    else
        diff "$out/$name.system" "$out/$name.ours" >> "$out/$name.ours"
        fail "redis-cli $name" "" "$out/$name.ours" "$out/$name.ours.err"
    fi
}

done_="sslshim: INFO sslshim::ssl::handshake: handshake done: client TLSv1.3"
value="dropin-payload-$$-$(head -c 3000 /dev/urandom | base64 -w0)"
server plain no
cli ping "$done_" PONG "exit 0" -- --cacert "$certs/ca.pem" PING
cli set "$done_" OK "exit 0" -- --cacert "$certs/ca.pem" SET dropin:key "$value"
cli get "$done_" "$value" "exit 0" -- --cacert "$certs/ca.pem" GET dropin:key
cli strlen "$done_" "$(printf %s "$value" | wc -c)" -- --cacert "$certs/ca.pem" STRLEN dropin:key
cli untrusted "sslshim: DEBUG sslshim::verify::peer: peer certificate rejected" \
    "SSL_connect failed: certificate verify failed" -- --cacert "$certs/untrusted-ca.pem" PING

server mtls yes
cli client-cert "$done_" PONG "exit 0" -- --cacert "$certs/ca.pem" \
    --cert "$certs/client-chain.pem" --key "$certs/client.key" PING
# The server's alert may reach the client as the alert or, when the
# server's close resets the connection first, as a reset: OpenSSL's run
# shows either ("Server closed the connection" / "Connection reset by
# peer"), so only the outcome is compared.
NOCMP=1 cli no-client-cert "sslshim: DEBUG rustls::client::common: Client auth requested but no cert" \
    "exit 1" "Error: " -- --cacert "$certs/ca.pem" PING
if grep -q PONG "$out/no-client-cert.ours" || ! grep -q 'exit 1' "$out/no-client-cert.system"; then
    fail "redis-cli no-client-cert: a reply without a certificate" "" "$out/no-client-cert.system"
fi

echo "dropin-redis: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
