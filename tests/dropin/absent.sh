#!/usr/bin/env bash
# tests/c/absent.c (features rustls lacks and easy queries: return values,
# out-parameters and error queue after each call, fresh and connected),
# built on the system headers and run on the real libssl (the oracle) and
# on the drop-in library: outputs equal, the drop-in served the calls (its
# DANE answer, a '#' line, is ours), and no stub was reached (the
# SSLSHIM_LOG=info trace names none).
#   tests/dropin/absent.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup absent "" "${1:-}"
gcc -Wall -Wno-deprecated-declarations -o "$out/absent" tests/c/absent.c -lssl -lcrypto \
    || { fail "absent.c did not compile"; echo "dropin-absent: $passed passed, $failed failed"; exit 1; }

for which in system ours; do
    dropin_run "$which" "$out/absent" "$certs"
    grep -v '^#' "$out/$which.out" > "$out/$which.cmp"
done
o=$out/system.cmp s=$out/ours.cmp
if cmp -s "$o" "$s" && expect_in "$s" "connected read: -1 SSL_ERROR_WANT_READ" "exit 0" &&
    grep -q '^# CTX_dane_enable: 0' "$out/ours.out" && grep -q '^# CTX_dane_enable: 1' "$out/system.out"; then
    pass "absent features: $(wc -l < "$s") lines equal to the oracle's, served by $lib"
else
    diff "$o" "$s" >> "$s"
    fail "absent features" "" "$s" "$out/ours.err"
fi
if grep -q 'not implemented in the drop-in flavour' "$out/ours.err"; then
    fail "absent features: a stub was reached" "$(grep 'not implemented' "$out/ours.err" | head -3)"
else
    pass "absent features: no stub reached"
fi

echo "dropin-absent: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
