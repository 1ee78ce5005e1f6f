#!/usr/bin/env bash
# Python's ssl module (Debian's /usr/bin/python3, unchanged) as a SERVER on
# the drop-in libssl.so.3 (tests/dropin/py_server.py), with `openssl
# s_client` on the real libssl as its peer; and as a client presenting a
# certificate (load_cert_chain) to `openssl s_server -Verify`. Each case
# runs on the system libssl (the oracle) and on ours: Python's output must
# be equal, s_client's protocol-determined lines equal, the payload
# present both ways, and our trace must show the handshake.
#   tests/dropin/python_server.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup python_server "www" "${1:-}"

# What s_client's output says that the protocol determines.
sc_lines() {
    grep -E '^(subject=|ALPN protocol|No ALPN|Verify return code|New, |python server says)' "$1" | sort -u
}

# run LIB NAME MODE S_CLIENT_ARGS...: one connection to py_server.py
# (LIB "system" or ours); outputs in $out/NAME.LIB.{py,err,sc}.
run() {
    local which=$1 name=$2 mode=$3; shift 3
    local port env=()
    port=$(free_port)
    [ "$which" = ours ] && env=(SSLSHIM_LOG="${LOG:-info}" LD_PRELOAD="$lib")
    env "${env[@]}" timeout 30 $py tests/dropin/py_server.py "$port" "$certs" "$mode" \
        > "$out/$name.$which.py" 2> "$out/$name.$which.err" &
    local srv=$!
    for _ in $(seq 100); do grep -q '^listening' "$out/$name.$which.py" 2>/dev/null && break; sleep 0.1; done
    echo "payload $name $$" | timeout 20 openssl s_client -connect "127.0.0.1:$port" \
        -CAfile "$certs/ca.pem" -ign_eof "$@" > "$out/$name.$which.sc" 2>&1
    wait "$srv"
    sc_lines "$out/$name.$which.sc" > "$out/$name.$which.scl"
}

# case_ NAME MODE EXPECTED_PY_LINES -- S_CLIENT_ARGS...
case_() {
    local name=$1 mode=$2; shift 2
    local expect=()
    while [ "$1" != -- ]; do expect+=("$1"); shift; done; shift
    run system "$name" "$mode" "$@"
    run ours "$name" "$mode" "$@"
    local o=$out/$name.ours
    if cmp -s "$out/$name.system.py" "$o.py" && cmp -s "$out/$name.system.scl" "$o.scl" \
        && expect_in "$o.py" "${expect[@]}" \
        && expect_in "$o.err" "sslshim: INFO sslshim::ssl::handshake: handshake done: server"; then
        pass "python server $name: $(grep -E '^(received|SSLError)' "$o.py")"
    else
        diff "$out/$name.system.py" "$o.py" >> "$o.py"
        diff "$out/$name.system.scl" "$o.scl" >> "$o.scl"
        fail "python server $name" "" "$o.py" "$o.scl" "$o.err"
    fi
}

tls13="get_ciphers entry [('aead', True), ('alg_bits', 256), ('auth', 'auth-any')"
case_ plain plain "version TLSv1.3" "cipher TLS_AES_256_GCM_SHA384 TLSv1.3 256" "$tls13" \
    "negotiated suite in shared_ciphers True" "received payload plain $$" -- 
case_ tls12 plain "version TLSv1.2" "cipher ECDHE-ECDSA-AES256-GCM-SHA384 TLSv1.2 256" \
    "('auth', 'auth-ecdsa')" "('kea', 'kx-ecdhe')" "('symmetric', 'aes-256-gcm')" \
    "received payload tls12 $$" -- -tls1_2
case_ sni-other sni "sni other.example" "context switched True" "received payload sni-other $$" \
    -- -servername other.example
case_ sni-default sni "sni localhost" "context switched False" "received payload sni-default $$" \
    -- -servername localhost
case_ alpn alpn "alpn h2" "received payload alpn $$" -- -alpn http/1.1,h2
case_ clientcert clientcert \
    "peer subject {'organizationName': 'sslshim', 'commonName': 'sslshim test client'}" \
    "received payload clientcert $$" \
    -- -cert "$certs/client.pem" -key "$certs/client.key" -cert_chain "$certs/intermediate.pem"

# CERT_REQUIRED and no certificate: the handshake fails on both libraries.
nocert() {
    run system nocert clientcert
    LOG=debug run ours nocert clientcert
    local o=$out/nocert.ours
    if cmp -s "$out/nocert.system.py" "$o.py" && expect_in "$o.py" "SSLError SSL" \
        && ! grep -q 'python server says' "$o.sc" \
        && expect_in "$o.err" "sslshim: DEBUG sslshim::ssl::error: SSL_do_handshake: peer sent no certificates"; then
        pass "python server no client certificate: $(grep SSLError "$o.py")"
    else
        diff "$out/nocert.system.py" "$o.py" >> "$o.py"
        fail "python server no client certificate" "" "$o.py" "$o.sc" "$o.err"
    fi
}
nocert

# Python as a client with a certificate (load_cert_chain) to s_server
# -Verify, which refuses a client without one.
echo "python client-cert payload $$" > "$out/www/index.html"
port=$(free_port)
(cd "$out/www" && exec timeout 60 openssl s_server -accept "127.0.0.1:$port" -WWW -Verify 2 \
    -CAfile "$certs/ca.pem" -cert "$certs/server.pem" -key "$certs/server.key" \
    -cert_chain "$certs/intermediate.pem" > "$out/s_server.log" 2>&1) &
pids+=($!)
for _ in $(seq 100); do grep -q '^ACCEPT' "$out/s_server.log" 2>/dev/null && break; sleep 0.1; done
cc() {
    local name=$1; shift
    local args=("$port" localhost "$certs/ca.pem" "$@")
    timeout 20 $py tests/dropin/py_client.py "${args[@]}" > "$out/$name.system" 2>&1
    SSLSHIM_LOG=debug LD_PRELOAD="$lib" timeout 20 $py tests/dropin/py_client.py "${args[@]}" \
        > "$out/$name.ours" 2> "$out/$name.ours.err"
}
cc client-cert "$certs/client-chain.pem" "$certs/client.key"
if cmp -s "$out/client-cert.system" "$out/client-cert.ours" \
    && expect_in "$out/client-cert.ours" "version TLSv1.3" "reply python client-cert payload $$" \
    && expect_in "$out/client-cert.ours.err" "sslshim: INFO sslshim::ssl::handshake: handshake done: client"; then
    pass "python client with a certificate to s_server -Verify: $(tail -1 "$out/client-cert.ours")"
else
    diff "$out/client-cert.system" "$out/client-cert.ours" >> "$out/client-cert.ours"
    fail "python client with a certificate" "" "$out/client-cert.ours" "$out/client-cert.ours.err"
fi
# Without one, s_server ends the handshake: the same error on both.
cc client-nocert
if cmp -s "$out/client-nocert.system" "$out/client-nocert.ours" \
    && ! grep -q '^reply' "$out/client-nocert.ours" \
    && expect_in "$out/client-nocert.ours.err" "sslshim: DEBUG sslshim::ctx: building client config" \
        "Client auth requested but no cert/sigscheme available"; then
    pass "python client without a certificate to s_server -Verify: $(tail -1 "$out/client-nocert.ours")"
else
    diff "$out/client-nocert.system" "$out/client-nocert.ours" >> "$out/client-nocert.ours"
    fail "python client without a certificate" "" "$out/client-nocert.ours" "$out/client-nocert.ours.err"
fi

# The version-specific protocols (TLSv1_2_method...): TLS 1.2 as on the
# oracle; TLS 1.1 and 1.0 fail on both (OpenSSL's server refuses them at
# Debian's security level, rustls has neither: the reasons differ, so only
# "SSLError SSL" is compared).
py_protocols() {
    local port
    port=$(free_port)
    timeout 60 openssl s_server -accept "127.0.0.1:$port" -www -cert "$certs/server.pem" \
        -key "$certs/server.key" -cert_chain "$certs/intermediate.pem" > "$out/s_server-www.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do grep -q '^ACCEPT' "$out/s_server-www.log" 2>/dev/null && break; sleep 0.1; done
    timeout 20 $py tests/dropin/py_protocols.py "$port" "$certs/ca.pem" > "$out/protocols.system" 2>&1
    SSLSHIM_LOG=info LD_PRELOAD="$lib" timeout 20 $py tests/dropin/py_protocols.py "$port" "$certs/ca.pem" \
        > "$out/protocols.ours" 2> "$out/protocols.ours.err"
    if cmp -s "$out/protocols.system" "$out/protocols.ours" \
        && expect_in "$out/protocols.ours" "version TLSv1.2 ECDHE-ECDSA-AES256-GCM-SHA384" \
        && [ "$(grep -c '^ SSLError SSL$' "$out/protocols.ours")" = 2 ] \
        && expect_in "$out/protocols.ours.err" "handshake done: client TLSv1.2"; then
        pass "python PROTOCOL_TLSv1_2/1_1/1: $(grep -c version "$out/protocols.ours") handshake, 2 refusals"
    else
        diff "$out/protocols.system" "$out/protocols.ours" >> "$out/protocols.ours"
        fail "python version-specific protocols" "" "$out/protocols.ours" "$out/protocols.ours.err"
    fi
}
py_protocols

echo "dropin-python-server: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
