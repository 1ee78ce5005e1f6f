#!/usr/bin/env bash
# tests/dropin/pem_server.c, a server whose certificate and key are
# libcrypto objects, on the real libssl (the oracle) and on the drop-in
# library, each answering `openssl s_client` (real libssl, separate
# process) that verifies the chain. Outputs must be equal; our trace must
# show that our library made the handshake.
#   tests/dropin/pem_server.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup pem_server "" "${1:-}"
gcc -Wall -Wno-deprecated-declarations -o "$out/pem_server" tests/dropin/pem_server.c -lssl -lcrypto \
    || { fail "pem_server.c did not compile"; echo "dropin-pem-server: $passed passed, $failed failed"; exit 1; }
# The server sends only its leaf (SSL_CTX_use_certificate): the client
# trusts the root and knows the intermediate.
cat "$certs/intermediate.pem" "$certs/ca.pem" > "$out/cas.pem"

# run WHICH MODE: server on system libssl or ours, s_client against it.
run() {
    local which=$1 mode=$2 tag=$1.$2 env=()
    [ "$which" = ours ] && env=(SSLSHIM_LOG=info LD_PRELOAD="$lib")
    rm -f "$out/$tag.port"
    env "${env[@]}" timeout 20 "$out/pem_server" "$out/$tag.port" "$mode" \
        "$certs/server.pem" "$certs/server.key" > "$out/$tag.out" 2> "$out/$tag.err" &
    pids+=($!)
    local spid=$!
    for _ in $(seq 100); do [ -s "$out/$tag.port" ] && break; sleep 0.1; done
    # -ign_eof: read the answer until the server closes, not until stdin ends.
    echo "hello $mode" | timeout 10 openssl s_client -connect "127.0.0.1:$(cat "$out/$tag.port")" \
        -CAfile "$out/cas.pem" -verify_return_error -verify_hostname localhost -brief -ign_eof \
        > "$out/$tag.client" 2>&1
    echo "s_client exit $?" >> "$out/$tag.client"
    wait "$spid"; echo "server exit $?" >> "$out/$tag.out"
}

for mode in ctx ssl; do
    run system $mode
    run ours $mode
    o=$out/system.$mode s=$out/ours.$mode
    if cmp -s "$o.out" "$s.out" && expect_in "$s.out" "accept 1 version TLSv1.3" "read hello $mode" "server exit 0" \
        && expect_in "$s.client" "Verification: OK" "got: hello $mode" "s_client exit 0" \
        && expect_in "$s.err" "sslshim: INFO sslshim::ssl::handshake: handshake done: server TLSv1.3"; then
        fns=SSL_use_certificate/PrivateKey; [ $mode = ctx ] && fns=SSL_CTX_use_certificate/PrivateKey
        pass "libcrypto X509/EVP_PKEY via $fns: server output equals the oracle's, s_client verified"
    else
        diff "$o.out" "$s.out" >> "$s.out"
        fail "pem_server $mode" "" "$s.out" "$s.client" "$s.err"
    fi
done

echo "dropin-pem-server: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
