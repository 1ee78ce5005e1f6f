#!/usr/bin/env bash
# Debian's `openssl` command itself (it links libssl.so.3) on the drop-in:
# `s_client` against `openssl s_server -www` on the real libssl, and
# `s_server` on ours against the real `s_client`. s_client's report is
# compared line by line with the oracle's (the same command on the system
# libssl), leaving out what differs between any two runs (randoms,
# session ids, times, byte counts: rustls's ClientHello also offers a
# post-quantum key share) and the "Post-Handshake New Session Ticket"
# blocks (whether the tickets are read before standard input's end is a
# race). It must end as OpenSSL's: s_client clears SSL_MODE_AUTO_RETRY and
# waits for its standard input while the server's tickets arrive.
#   tests/dropin/openssl_cli.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup openssl_cli "www" "${1:-}"
echo "openssl drop-in payload $$" > "$out/www/index.html"

# server NAME ARGS...: the real `openssl s_server ARGS` on a free port (60 s).
server() {
    local name=$1; shift
    port=$(free_port)
    (cd "$out/www" && exec timeout 60 openssl s_server -accept "127.0.0.1:$port" \
        -cert "$certs/server.pem" -key "$certs/server.key" -cert_chain "$certs/intermediate.pem" \
        "$@" > "$out/$name.server.log" 2>&1) &
    pids+=($!)
    wait_port "$port" || fail "$name: s_server did not start" "" "$out/$name.server.log"
}

# The lines of s_client's report that must be the same on both libraries.
report() {
    grep -E '^(CONNECTED|Certificate chain| [0-9] s:|   i:|   a:|---$|subject=|issuer=|No client certificate|Peer sign|Server Temp Key|(New|Reused), |Server public key|Secure Renegotiation|Compression|Expansion|No ALPN|ALPN protocol|Early data|Verify return code|Verification|DONE|closed|exit)' "$1" |
        uniq
}

# client NAME STDIN ARGS...: `openssl s_client ARGS` on the system libssl and
# on ours (20 s each), standard input from STDIN, @WHICH@ in ARGS replaced by
# system or ours; the reports must match.
client() {
    local name=$1 input=$2; shift 2
    local which
    for which in system ours; do
        local env=() args=("${@//@WHICH@/$which}")
        [ $which = ours ] && env=(LD_PRELOAD="$lib" SSLSHIM_LOG=info)
        env ${env[@]+"${env[@]}"} timeout 20 openssl s_client -connect "127.0.0.1:$port" \
            -CAfile "$certs/ca.pem" "${args[@]}" < "$input" > "$out/$name.$which" 2> "$out/$name.$which.err"
        echo "exit $?" >> "$out/$name.$which"
        cat "$out/$name.$which.err" >> "$out/$name.$which"
        report "$out/$name.$which" > "$out/$name.$which.report"
    done
    # Our library made the connection: its trace, or its source in an error.
    if cmp -s "$out/$name.system.report" "$out/$name.ours.report" \
        && grep -q -e 'handshake done: client' -e ':src/ssl/' "$out/$name.ours.err"; then
        pass "s_client $name: $(grep -E '^(New|Reused), ' "$out/$name.ours.report" | head -1), $(grep -E '^exit' "$out/$name.ours.report")"
    else
        diff "$out/$name.system.report" "$out/$name.ours.report" > "$out/$name.diff"
        fail "s_client $name" "report differs from the oracle's" "$out/$name.diff" "$out/$name.ours.err"
    fi
}

server www -www
client tls13 /dev/null -servername localhost -verify_hostname localhost
client tls12 /dev/null -tls1_2 -servername localhost -verify_hostname localhost
client untrusted /dev/null -CAfile "$certs/untrusted-ca.pem" -verify_return_error
client alpn /dev/null -alpn h2,http/1.1

# A session saved by one s_client and resumed by the next (TLS 1.2 ids).
# rustls keeps a client session's secret sealed in its process, so the one
# read back by another process cannot resume (docs/DROPIN.md).
known_diff "s_client sess_in" "a client session's secret does not leave its process (rustls)"
server resume -www -no_ticket
client sess_out /dev/null -tls1_2 -sess_out "$out/sess.@WHICH@.pem"
client sess_in /dev/null -tls1_2 -sess_in "$out/sess.@WHICH@.pem"

# A request through s_client: the page comes back, then the server closes.
server get -WWW
printf 'GET /index.html HTTP/1.0\r\n\r\n' > "$out/get.txt"
client get "$out/get.txt" -ign_eof
for which in system ours; do
    expect_in "$out/get.$which" "openssl drop-in payload $$" || fail "s_client get ($which): no page"
done

# s_server on ours, the real s_client talking to it (-rev answers each line
# reversed).
port=$(free_port)
LD_PRELOAD="$lib" SSLSHIM_LOG=info timeout 30 openssl s_server -accept "127.0.0.1:$port" \
    -cert "$certs/server.pem" -key "$certs/server.key" -cert_chain "$certs/intermediate.pem" \
    -rev > "$out/rev.server.log" 2> "$out/rev.server.err" &
pids+=($!)
wait_port "$port" || fail "s_server -rev on ours did not start" "" "$out/rev.server.err"
(echo "sslshim $$"; sleep 1) | timeout 20 openssl s_client -connect "127.0.0.1:$port" \
    -CAfile "$certs/ca.pem" -quiet > "$out/rev.client" 2>&1
if grep -q "$(echo "sslshim $$" | rev)" "$out/rev.client" \
    && grep -q 'handshake done: server' "$out/rev.server.err"; then
    pass "s_server -rev on ours: the real s_client got its line reversed"
else
    fail "s_server -rev on ours" "" "$out/rev.client" "$out/rev.server.err"
fi

echo "dropin-openssl_cli: $passed passed, $failed failed, $xfailed known differences"
[ "$failed" -eq 0 ]
