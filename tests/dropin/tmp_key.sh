#!/usr/bin/env bash
# SSL_get_peer_tmp_key and SSL_get_tmp_key on the drop-in libssl.so.3:
# tests/dropin/tmp_key.c (system headers), TLS 1.2 and 1.3 with X25519,
# P-256 and P-384 on both ends: which key each end reports, its type and
# bits. Its output on ours must equal the oracle's.
#   tests/dropin/tmp_key.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup tmp_key "" "${1:-}"

if ! gcc -Wall -O1 -Wno-deprecated-declarations -o "$out/tmp_key" tests/dropin/tmp_key.c \
    -lssl -lcrypto 2> "$out/cc.log"; then
    fail "compiling tmp_key.c" "" "$out/cc.log"
    echo "dropin-tmp_key: $passed passed, $failed failed"; exit 1
fi
dropin_run system "$out/tmp_key" "$certs"
dropin_run ours "$out/tmp_key" "$certs"
grep -v '^#' "$out/system.out" > "$out/system.facts"
grep -v '^#' "$out/ours.out" > "$out/ours.facts"
if expect_in "$out/system.facts" "exit 0" "TLSv1.3 X25519: client peer: 1 X25519 253 bits" \
        "TLSv1.2 P-256: client peer: 1 id-ecPublicKey 256 bits" \
    && expect_in "$out/ours.err" "handshake done: server TLSv1.2" "handshake done: server TLSv1.3" \
    && diff -u "$out/system.facts" "$out/ours.facts" > "$out/diff"; then
    pass "peer and own temporary keys: output equal to the oracle's"
else
    fail "temporary keys" "" "$out/diff" "$out/system.facts" "$out/ours.err"
fi
echo "dropin-tmp_key: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
