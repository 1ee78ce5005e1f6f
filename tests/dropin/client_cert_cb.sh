#!/usr/bin/env bash
# tests/dropin/client_cert_cb.c, a client whose client certificate callback
# hands over libcrypto objects (PEM_read_X509/PEM_read_PrivateKey), on the
# real libssl (the oracle) and on the drop-in library, against `openssl
# s_server -Verify 1 -rev` (real libssl, separate process) that requires a
# client certificate. Cases: the callback gives certificate and key (TLS 1.3
# with AES-256 and AES-128, TLS 1.2), nothing (0), a key of another
# certificate; then SSL_SESSION_get0_peer and SSL_CIPHER_get_handshake_digest.
# Outputs must be equal, s_server must have seen the client certificate the
# callback gave (three times) and refused the others, and our trace must
# show that our library made the handshakes.
#   tests/dropin/client_cert_cb.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup client_cert_cb "" "${1:-}"
gcc -Wall -Wno-deprecated-declarations -o "$out/client_cert_cb" tests/dropin/client_cert_cb.c -lssl -lcrypto \
    || { fail "client_cert_cb.c did not compile"; echo "dropin-client-cert-cb: $passed passed, $failed failed"; exit 1; }

# One s_server per run, so each log holds what it saw of that run's clients.
run() {
    local which=$1 port
    port=$(free_port)
    timeout 60 openssl s_server -accept "127.0.0.1:$port" -rev -Verify 1 \
        -CAfile "$certs/ca.pem" -cert "$certs/server.pem" -key "$certs/server.key" \
        -cert_chain "$certs/intermediate.pem" > "$out/$which.server" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do grep -q '^ACCEPT' "$out/$which.server" 2>/dev/null && break; sleep 0.1; done
    dropin_run "$which" "$out/client_cert_cb" "$port" "$certs"
}
run system
run ours
o=$out/system.out s=$out/ours.out
if cmp -s "$o" "$s" \
    && expect_in "$s" "get_client_cert_cb == client_cert_cb: yes" \
        "TLSv1.3 TLS_AES_256_GCM_SHA384 handshake digest SHA384" \
        "TLSv1.3 TLS_AES_128_GCM_SHA256 handshake digest SHA256" \
        "TLSv1.2 ECDHE-ECDSA-AES256-GCM-SHA384 handshake digest SHA384" \
        "session peer: /O=sslshim/CN=localhost" "session peer again the same: yes" \
        "read: olleh" "error: tlsv13 alert certificate required" \
        "error: sslv3 alert handshake failure" "error: key values mismatch" "exit 0" \
    && [ "$(grep -c '^  callback calls: 1$' "$s")" = 7 ] \
    && [ "$(grep -c '^  read: olleh$' "$s")" = 3 ] \
    && expect_in "$out/ours.err" "sslshim: INFO sslshim::ssl::handshake: handshake done: client TLSv1.3" \
        "sslshim: INFO sslshim::ssl::handshake: handshake done: client TLSv1.2"; then
    pass "client certificate callback, session peer, handshake digest: output equals the oracle's ($(grep -c '^case ' "$s") cases)"
else
    diff "$o" "$s" >> "$s"
    fail "client_cert_cb" "" "$s" "$out/ours.err"
fi

# What s_server got: the callback's certificate in the three accepted
# handshakes, no certificate in the four others, on both libraries.
for which in system ours; do
    srv=$out/$which.server
    if [ "$(grep -c '^Peer certificate: O = sslshim, CN = sslshim test client$' "$srv")" = 3 ] \
        && [ "$(grep -c 'peer did not return a certificate' "$srv")" = 4 ]; then
        pass "$which: s_server received the callback's client certificate 3 times, none 4 times"
    else
        fail "$which: s_server's view of the client certificates" "" "$srv"
    fi
done

echo "dropin-client-cert-cb: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
