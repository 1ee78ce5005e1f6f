#!/usr/bin/env bash
# tests/dropin/crl_store.c: CRLs and CRL_CHECK flags through the context's
# libcrypto X509_STORE (X509_STORE_add_crl, X509_STORE_set_flags,
# X509_STORE_load_locations, X509_LOOKUP_load_file), and the certificates
# and CRLs a CApath lookup adds to that store while verifying, on the real
# libssl (the oracle) and on the drop-in library. Outputs must be equal;
# our trace must show that our library verified.
#   tests/dropin/crl_store.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup crl_store "" "${1:-}"
gcc -Wall -Wno-deprecated-declarations -o "$out/crl_store" tests/dropin/crl_store.c -lssl -lcrypto \
    || { fail "crl_store.c did not compile"; echo "dropin-crl-store: $passed passed, $failed failed"; exit 1; }

dropin_run system "$out/crl_store" "$certs"
dropin_run ours "$out/crl_store" "$certs"
o=$out/system.out s=$out/ours.out
if cmp -s "$o" "$s" \
    && expect_in "$s" "client connect -1, verify_result 23 (certificate revoked)" \
        "CApath, after: 1 certificates, 0 CRLs" "exit 0" \
    && expect_in "$out/ours.err" "sslshim: INFO sslshim::ssl::handshake: handshake done: client TLSv1.3"; then
    pass "X509_STORE CRLs and flags, CApath lookups: output equals the oracle's ($(grep -c '^== ' "$s") handshakes)"
else
    diff "$o" "$s" >> "$s"
    fail "crl_store" "" "$s" "$out/ours.err"
fi

echo "dropin-crl-store: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
