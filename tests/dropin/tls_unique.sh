#!/usr/bin/env bash
# SSL_get_finished / SSL_get_peer_finished across implementations: Python's
# "tls-unique" channel binding (tests/dropin/py_tls_unique.py: a full and a
# resumed handshake) read on both ends, each end on the system libssl or on
# the drop-in libssl.so.3, in the four pairings, TLS 1.2 and 1.3. Both ends
# must print the same binding (the same Finished message seen from its
# sender and its receiver), and the lines without the values must equal
# the oracle's (system on both ends).
#   tests/dropin/tls_unique.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup tls_unique "" "${1:-}"

# run SERVER_LIB CLIENT_LIB VERSION: outputs in $out/V.S-C.{server,client}
run() {
    local s=$1 c=$2 v=$3 port senv=() cenv=()
    local base="$out/$v.$s-$c"
    port=$(free_port)
    [ "$s" = ours ] && senv=(LD_PRELOAD="$lib")
    [ "$c" = ours ] && cenv=(LD_PRELOAD="$lib")
    env "${senv[@]}" timeout 30 $py tests/dropin/py_tls_unique.py server "$port" "$certs" "$v" \
        > "$base.server" 2> "$base.server.err" &
    local srv=$!
    for _ in $(seq 100); do grep -q '^listening' "$base.server" 2>/dev/null && break; sleep 0.1; done
    env "${cenv[@]}" timeout 30 $py tests/dropin/py_tls_unique.py client "$port" "$certs" "$v" \
        > "$base.client" 2> "$base.client.err"
    wait "$srv"
    grep '^conn' "$base.server" > "$base.server.conn"
    # The values differ per run: the oracle comparison is of the rest.
    sed 's/ [0-9a-f]*$//' "$base.client" > "$base.facts"
}

for v in 1.2 1.3; do
    run system system $v
    for pair in ours-system system-ours ours-ours; do
        run "${pair%-*}" "${pair#*-}" $v
        base="$out/$v.$pair"
        if [ "$(wc -l < "$base.client")" = 2 ] && cmp -s "$base.client" "$base.server.conn" \
            && cmp -s "$out/$v.system-system.facts" "$base.facts"; then
            pass "TLS $v tls-unique, server $(sed 's/-/ client /' <<< "$pair"): both ends equal, as the oracle ($(cut -d' ' -f1-7 "$base.client" | tr '\n' ';'))"
        else
            fail "TLS $v tls-unique, server/client $pair" "" "$base.client" "$base.server" \
                "$base.client.err" "$base.server.err"
        fi
    done
done

echo "dropin-tls-unique: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
