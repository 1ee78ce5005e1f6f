#!/usr/bin/env bash
# tests/dropin/verify_param.c, a client using the libcrypto
# X509_VERIFY_PARAM (depth, PARTIAL_CHAIN, host flags, CN fallback) and X509_STORE
# (after SSL_CTX_load_verify_*) of its contexts and connections, on the
# real libssl (the oracle) and on the drop-in library, against `openssl
# s_server` (real libssl, separate process) sending leaf + intermediate.
# Outputs must be equal; our trace must show that our library verified.
#   tests/dropin/verify_param.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup verify_param "www" "${1:-}"
gcc -Wall -Wno-deprecated-declarations -o "$out/verify_param" tests/dropin/verify_param.c -lssl -lcrypto \
    || { fail "verify_param.c did not compile"; echo "dropin-verify-param: $passed passed, $failed failed"; exit 1; }

www_server "$out/www" "$out/server.log" 120

# A leaf naming localhost in the subject's CN only (no subjectAltName),
# served by a second s_server.
san_port=$port
www_server "$out/www" "$out/cn-server.log" 120 "$certs/cn-only.pem" "$certs/cn-only.key"
cn_port=$port

# The default paths are our root and an empty directory, not the machine's
# store (SSL_CERT_FILE/SSL_CERT_DIR, read by both libraries).
mkdir -p "$out/emptydir"
run_env=(SSL_CERT_FILE="$certs/ca.pem" SSL_CERT_DIR="$out/emptydir")
dropin_run system "$out/verify_param" "$san_port" "$cn_port" "$certs"
dropin_run ours "$out/verify_param" "$san_port" "$cn_port" "$certs"
o=$out/system.out s=$out/ours.out
if cmp -s "$o" "$s" \
    && expect_in "$s" "ctx param depth 0: connect failed, verify result 22" \
        "ctx param depth 1: connect ok, verify result 0" \
        "partial chain, intermediate as anchor: connect ok, verify result 0" \
        "intermediate as anchor, no partial chain: connect failed, verify result 2" \
        "partial chain on the store: connect ok" "partial chain on the connection: connect ok" \
        "CN only, localhost: connect ok" "CN only, other.example: connect failed, verify result 62" \
        "CN only, localhost, never check subject: connect failed, verify result 62" \
        "load_verify_locations(ca.pem) 1: 1 objects" "set_default_verify_paths 1: objects > 0" \
        "default paths only: connect ok" "exit 0" \
    && expect_in "$out/ours.err" "sslshim: INFO sslshim::ssl::handshake: handshake done: client TLSv1.3" \
        "X509_VERIFY_PARAM flags 0x20 are not applied"; then
    pass "X509_VERIFY_PARAM depth/flags and X509_STORE loading: output equals the oracle's ($(grep -c 'connect ' "$s") handshakes)"
else
    diff "$o" "$s" >> "$s"
    fail "verify_param" "" "$s" "$out/ours.err"
fi

echo "dropin-verify-param: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
