#!/usr/bin/env bash
# tests/c/client_ca.c (the client CA list functions on a context and a
# connection: load from a file, get0, set0, add, NULL), built on the system
# headers and run on the real libssl (the oracle) and on the drop-in
# library: outputs equal, and the drop-in served the calls (dladdr).
#   tests/dropin/client_ca.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup client_ca "" "${1:-}"
gcc -Wall -Wno-deprecated-declarations -o "$out/client_ca" tests/c/client_ca.c -lssl -lcrypto \
    || { fail "client_ca.c did not compile"; echo "dropin-client-ca: $passed passed, $failed failed"; exit 1; }

for which in system ours; do
    dropin_run "$which" "$out/client_ca"
    grep -v '^#' "$out/$which.out" > "$out/$which.cmp"
done
o=$out/system.cmp s=$out/ours.cmp
if cmp -s "$o" "$s" && expect_in "$s" "connection after set0 NULL n=3" "done" "exit 0" &&
    grep -q "^# SSL_CTX_new from $(realpath "$lib")" "$out/ours.out"; then
    pass "client CA lists: output equals the oracle's ($(grep -c ' n=' "$s") lists compared), served by $lib"
else
    diff "$o" "$s" >> "$s"
    grep '^# SSL_CTX_new' "$out/ours.out" >> "$s"
    fail "client CA lists" "" "$s" "$out/ours.err"
fi

echo "dropin-client-ca: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
