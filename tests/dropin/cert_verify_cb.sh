#!/usr/bin/env bash
# SSL_CTX_set_cert_verify_callback on the drop-in: the cert_verify_cb
# sections of tests/c/client_auth.c (the callback accepts, rejects, or runs
# libcrypto's X509_verify_cert on the libcrypto X509_STORE_CTX it gets, with
# the connection's host name to check), built on the system headers and run
# on the real libssl (the oracle) and on the drop-in: those sections equal.
# (The whole program still differs on the drop-in elsewhere: see
# DROPIN_KNOWN_DIFF in tests/c/run-differential.sh.)
#   tests/dropin/cert_verify_cb.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup cert_verify_cb "" "${1:-}"
gcc -Wall -Wno-deprecated-declarations -o "$out/client_auth" tests/c/client_auth.c -lssl -lcrypto \
    || { fail "client_auth.c did not compile"; echo "dropin-cert-verify-cb: $passed passed, $failed failed"; exit 1; }

for which in system ours; do
    dropin_run "$which" "$out/client_auth" "$certs"
    grep -v '^#' "$out/$which.out" | sed -n '/^== cert_verify_cb/,/^== [^c]/p' > "$out/$which.cmp"
done
o=$out/system.cmp s=$out/ours.cmp
n=$(grep -c '^== cert_verify_cb' "$o")
if [ "$n" -gt 0 ] && cmp -s "$o" "$s" && grep -q 'verify_result 62' "$s"; then
    pass "cert_verify_cb: $n cases equal to the oracle's (a wrong host fails with 62)"
else
    diff "$o" "$s" >> "$s"
    fail "cert_verify_cb" "" "$s" "$out/ours.err"
fi

echo "dropin-cert-verify-cb: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
