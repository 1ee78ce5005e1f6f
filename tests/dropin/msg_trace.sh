#!/usr/bin/env bash
# The message callback on the drop-in libssl.so.3 against real OpenSSL
# peers: Python's ssl module (tests/dropin/py_msg_trace.py, its
# SSLContext._msg_callback) as a client of `openssl s_server -WWW` and as a
# server of `openssl s_client`, TLS 1.3 and 1.2, on the system libssl (the
# oracle) and on ours. With an OpenSSL peer sending one record per message,
# a client's whole trace (record headers and inner content types included)
# must equal the oracle's; a server's messages (py_msg_trace.py says which
# lengths are left out, and why).
#   tests/dropin/msg_trace.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup msg_trace "www" "${1:-}"
echo "msg trace payload $$" > "$out/www/index.html"
www_server "$out/www" "$out/server.log"

# client WHICH VERSION: Python on WHICH libssl against s_server.
client() {
    local env=()
    [ "$1" = ours ] && env=(LD_PRELOAD="$lib")
    env "${env[@]}" timeout 20 $py tests/dropin/py_msg_trace.py client "$port" "$certs" "$2" \
        > "$out/client$2.$1" 2> "$out/client$2.$1.err"
}

# server WHICH VERSION: Python on WHICH libssl, s_client connecting.
server() {
    local env=() p
    p=$(free_port)
    [ "$1" = ours ] && env=(LD_PRELOAD="$lib")
    env "${env[@]}" timeout 20 $py tests/dropin/py_msg_trace.py server "$p" "$certs" "$2" \
        > "$out/server$2.$1" 2> "$out/server$2.$1.err" &
    local srv=$!
    for _ in $(seq 100); do grep -q '^listening' "$out/server$2.$1" 2>/dev/null && break; sleep 0.1; done
    echo hello | timeout 20 openssl s_client -connect "127.0.0.1:$p" -CAfile "$certs/ca.pem" \
        -ign_eof > "$out/server$2.$1.sc" 2>&1
    wait "$srv"
}

for v in 1.3 1.2; do
    for role in client server; do
        $role system $v
        $role ours $v
        f=$out/$role$v
        if [ "$(wc -l < "$f.system")" -gt 5 ] && cmp -s "$f.system" "$f.ours"; then
            pass "python $role TLS $v: the message callback's $(wc -l < "$f.ours") calls equal the oracle's"
        else
            diff "$f.system" "$f.ours" > "$f.diff"
            fail "python $role TLS $v message callback" "differs from the oracle" "$f.diff" "$f.ours.err"
        fi
    done
done

echo "dropin-msg-trace: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
