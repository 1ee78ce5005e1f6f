#!/usr/bin/env bash
# The temporary key setters taking libcrypto objects on the drop-in
# libssl.so.3: tests/dropin/dh_ecdh.c (system headers) sets DH parameters
# (DH_get_2048_256, ffdhe2048) and EC keys on P-256, P-384, P-521,
# secp256k1, a curve without a TLS group and no curve, on contexts and
# connections, then handshakes on them. Each section's output on ours must
# equal the oracle's, served by the drop-in, but for P-521 (a known
# difference: rustls has no P-521 key exchange).
#   tests/dropin/dh_ecdh.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup dh_ecdh "" "${1:-}"

if ! gcc -Wall -O1 -Wno-deprecated-declarations -o "$out/dh_ecdh" tests/dropin/dh_ecdh.c \
    -lssl -lcrypto 2> "$out/cc.log"; then
    fail "compiling dh_ecdh.c" "" "$out/cc.log"
    echo "dropin-dh_ecdh: $passed passed, $failed failed"; exit 1
fi

dropin_run system "$out/dh_ecdh" "$certs"
dropin_run ours "$out/dh_ecdh" "$certs"
if expect_in "$out/system.out" "exit 0" "done" \
        "  SSL_CTX_set_tmp_dh(DH_get_2048_256) -> 1 err 0/0" \
    && expect_in "$out/ours.out" "exit 0" "done" \
    && expect_in "$out/ours.err" "handshake done: server TLSv1.2" "handshake done: server TLSv1.3"; then
    pass "both ran to the end, the drop-in served the handshakes"
else
    fail "runs" "" "$out/system.out" "$out/ours.out" "$out/ours.err"
fi
# One comparison per "== NAME" section.
for which in system ours; do
    mkdir -p "$out/$which.sections"
    awk -v dir="$out/$which.sections" '/^== /{f=dir "/" substr($0, 4); next} f{print > f}' \
        "$out/$which.out"
done
for f in "$out"/system.sections/*; do
    name=$(basename "$f")
    if diff -u "$f" "$out/ours.sections/$name" > "$out/diff.$name" 2>&1; then
        pass "$name: $(grep -c -- ' -> ' "$f") calls and their handshakes equal to the oracle's"
    else
        fail "$name" "" "$out/diff.$name"
    fi
done
[ "$(ls "$out/system.sections" | wc -l)" -eq 8 ] || fail "sections" "$(ls "$out/system.sections" | wc -l) sections, not 8"
echo "dropin-dh_ecdh: $passed passed, $failed failed${xfailed:+, $xfailed known differences}"
[ "$failed" -eq 0 ]
