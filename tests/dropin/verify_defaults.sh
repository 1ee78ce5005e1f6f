#!/usr/bin/env bash
# tests/c/verify_defaults.c (SSL_CTX_set_default_verify_file/_dir/_store,
# SSL_CTX_load_verify_store with SSL_CERT_FILE/SSL_CERT_DIR pointed at
# tests/certs, each followed by a verifying handshake with `openssl
# s_server` on the real libssl), built on the system headers and run on
# the real libssl (the oracle) and on the drop-in library: outputs equal,
# and our trace shows that our library did the handshakes.
#   tests/dropin/verify_defaults.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup verify_defaults "" "${1:-}"
gcc -Wall -Wno-deprecated-declarations -o "$out/verify_defaults" tests/c/verify_defaults.c -lssl -lcrypto \
    || { fail "verify_defaults.c did not compile"; echo "dropin-verify-defaults: $passed passed, $failed failed"; exit 1; }

# The program's '#' lines are its own notes, not compared.
for which in system ours; do
    dropin_run "$which" "$out/verify_defaults" tests/certs
    grep -v '^#' "$out/$which.out" > "$out/$which.cmp"
done
o=$out/system.cmp s=$out/ours.cmp
if cmp -s "$o" "$s" \
    && expect_in "$s" "set_default_verify_dir handshake ok, verify result 0" \
        "set_default_verify_store handshake ok, verify result 0" \
        "load_verify_store(file: URI of ca.pem) 1" "missing file error lib=44 reason=105" "done" "exit 0" \
    && [ "$(grep -c 'handshake done: client' "$out/ours.err")" -eq "$(grep -c 'handshake ok' "$s")" ]; then
    pass "default verify locations and load_verify_store: output equals the oracle's ($(grep -c 'handshake ok' "$s") verified, $(grep -c 'handshake failed' "$s") refused)"
else
    diff "$o" "$s" >> "$s"
    echo "trace: $(grep -c 'handshake done: client' "$out/ours.err") handshakes" >> "$s"
    fail "verify_defaults" "" "$s" "$out/ours.err"
fi

echo "dropin-verify-defaults: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
