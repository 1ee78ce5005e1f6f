#!/usr/bin/env bash
# The program's session ticket keys on the drop-in libssl.so.3:
# tests/dropin/ticket_keys.c (system headers) with
# SSL_CTX_set_tlsext_ticket_key_evp_cb and the HMAC_CTX form, TLS 1.2 and
# 1.3: a restarted server (a new context with the same callback keys)
# resumes the first one's ticket; the callback's answers 0 (unknown key)
# and 2 (renew); a session freed without shutdown is not resumable; the
# first sealing and opening ask their own SSL what OpenSSL allows inside
# the callback (which runs inside a rustls step: issue 19). Its
# output on ours must equal the oracle's ('#' lines aside).
#   tests/dropin/ticket_keys.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup ticket_keys "" "${1:-}"

if ! gcc -Wall -O1 -Wno-deprecated-declarations -o "$out/ticket_keys" tests/dropin/ticket_keys.c \
    -lssl -lcrypto 2> "$out/cc.log"; then
    fail "compiling ticket_keys.c" "" "$out/cc.log"
    echo "dropin-ticket_keys: $passed passed, $failed failed"; exit 1
fi
dropin_run system "$out/ticket_keys" "$certs"
dropin_run ours "$out/ticket_keys" "$certs"
grep -v '^#' "$out/system.out" > "$out/system.facts"
grep -v '^#' "$out/ours.out" > "$out/ours.facts"
if expect_in "$out/system.facts" "exit 0" "restarted, callback answers 1: reused 11" \
        "after SSL_free without shutdown: resumable 0" \
    && expect_in "$out/ours.err" "handshake done: server TLSv1.2" "handshake done: server TLSv1.3" \
    && diff -u "$out/system.facts" "$out/ours.facts" > "$out/diff"; then
    pass "ticket key callbacks: restarts resume, answers 0/2, output equal to the oracle's"
else
    fail "ticket key callbacks" "" "$out/diff" "$out/system.facts" "$out/ours.err"
fi
echo "dropin-ticket_keys: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
