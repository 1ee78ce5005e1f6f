#!/usr/bin/env bash
# `make demo`: start examples/server on a free port, talk to it with
# examples/client and with `openssl s_client`, and show what was negotiated.
#   examples/demo.sh SERVER_BIN CLIENT_BIN [run-prefix...]
set -uo pipefail
cd "$(dirname "$0")/.."
server=$1 client=$2; shift 2
run=("$@")   # e.g. env LD_PRELOAD=target/release/libsslshim.so
log=$(mktemp)
trap 'kill $spid 2>/dev/null; rm -f "$log"' EXIT

timeout 60 "${run[@]}" "$server" -p 0 -n 2 >"$log" 2>&1 &
spid=$!
port=""
for _ in $(seq 100); do
    port=$(sed -n 's/^listening on //p' "$log"); [ -n "$port" ] && break; sleep 0.1
done
[ -n "$port" ] || { echo "server did not start:"; cat "$log"; exit 1; }

echo "=== examples/server listening on 127.0.0.1:$port"
echo
echo "=== examples/client -host localhost -p $port -CAfile tests/certs/ca.pem"
timeout 20 "${run[@]}" "$client" -host localhost -p "$port" -CAfile tests/certs/ca.pem
rc1=$?
echo
echo "=== openssl s_client -connect 127.0.0.1:$port -servername localhost -verify_hostname localhost"
echo "hello from openssl s_client" | timeout 20 openssl s_client -connect "127.0.0.1:$port" \
    -servername localhost -verify_hostname localhost -CAfile tests/certs/ca.pem \
    -verify_return_error -brief -ign_eof 2>&1
rc2=$?
wait $spid 2>/dev/null
echo
echo "=== server log"
cat "$log"
[ $rc1 -eq 0 ] && [ $rc2 -eq 0 ]
