#!/usr/bin/env bash
# ChaCha20-Poly1305 on the drop-in libssl.so.3 (whose ChaCha20-Poly1305
# suites run on the process's libcrypto, src/crypto) against real OpenSSL
# peers: Python's ssl module (tests/dropin/py_chacha.py) as a client of
# `openssl s_server -rev` and as a server of `openssl s_client`, with
# TLS_CHACHA20_POLY1305_SHA256 (TLS 1.3) and
# ECDHE-ECDSA-/ECDHE-RSA-CHACHA20-POLY1305 (TLS 1.2), the only suite the
# OpenSSL side allows. Each case moves ~250 KB each way and checks it on
# arrival (lines reversed back by s_server; a SHA-256 and every line of a
# reply through s_client), and the cipher our side reports must be the one
# the OpenSSL peer reports, and what the same script reports on the system
# libssl (the oracle); our log (SSLSHIM_LOG=debug) must show the suite was
# libcrypto's. Last, a libcrypto configured without ChaCha20 (base provider
# only): our client still connects, on aws-lc-rs's ChaCha20-Poly1305.
#   tests/dropin/chacha.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup chacha "" "${1:-}"

LINES=4000
line() { # the payload lines of py_chacha.py, for s_client to send
    local i abc=abcdefghijklmnopqrstuvwxyz0123456789
    for ((i = 0; i < LINES; i++)); do
        printf 'line %05d ' "$i"
        case $((i % 3)) in 0) echo "$abc" ;; 1) echo "$abc$abc" ;; 2) echo "$abc$abc$abc" ;; esac
    done
}
line > "$out/payload"
payload_sha=$(sha256sum < "$out/payload" | cut -d' ' -f1)

# The OpenSSL side's restriction for VERSION and CIPHER.
peer_args() {
    if [ "$1" = 1.3 ]; then
        echo "-tls1_3 -ciphersuites $2"
    else
        echo "-tls1_2 -cipher $2"
    fi
}

# client WHICH VERSION CIPHER CERT KEY: Python on WHICH libssl against
# s_server -rev (real libssl) restricted to CIPHER.
client() {
    local which=$1 v=$2 cipher=$3 cert=$4 key=$5 env=() p f=$out/client-$2-$3.$1
    p=$(free_port)
    # shellcheck disable=SC2046
    timeout 30 openssl s_server -accept "127.0.0.1:$p" -rev -naccept 1 \
        -cert "$certs/$cert" -key "$certs/$key" -cert_chain "$certs/intermediate.pem" \
        $(peer_args "$v" "$cipher") > "$f.peer" 2>&1 &
    local srv=$!
    for _ in $(seq 100); do grep -q '^ACCEPT' "$f.peer" 2>/dev/null && break; sleep 0.1; done
    [ "$which" = ours ] && env=(LD_PRELOAD="$lib" SSLSHIM_LOG=debug ${run_env[@]+"${run_env[@]}"})
    (cd tests/dropin && env "${env[@]}" timeout 30 $py py_chacha.py client "$p" "$certs" "$v" \
        "$cipher") > "$f" 2> "$f.err"
    wait "$srv"
    # What OpenSSL negotiated: s_server's "Ciphersuite: NAME".
    sed -n 's/^Ciphersuite: //p' "$f.peer" > "$f.peer_cipher"
}

# server WHICH VERSION CIPHER CHAIN KEY: Python on WHICH libssl serving
# s_client (real libssl) restricted to CIPHER.
server() {
    local which=$1 v=$2 cipher=$3 chain=$4 key=$5 env=() p f=$out/server-$2-$3.$1
    p=$(free_port)
    [ "$which" = ours ] && env=(LD_PRELOAD="$lib" SSLSHIM_LOG=debug)
    (cd tests/dropin && env "${env[@]}" timeout 30 $py py_chacha.py server "$p" "$certs" "$v" \
        "$cipher" "$chain" "$key") > "$f" 2> "$f.err" &
    local srv=$!
    for _ in $(seq 100); do grep -q '^listening' "$f" 2>/dev/null && break; sleep 0.1; done
    # shellcheck disable=SC2046
    { cat "$out/payload"; echo END; } | timeout 30 openssl s_client -connect "127.0.0.1:$p" \
        -CAfile "$certs/ca.pem" -ign_eof $(peer_args "$v" "$cipher") > "$f.peer" 2>&1
    wait "$srv"
    # What OpenSSL negotiated: s_client's "New, TLSv1.x, Cipher is NAME".
    sed -n 's/^New, .*, Cipher is //p' "$f.peer" > "$f.peer_cipher"
}

# check ROLE VERSION CIPHER: ours equals the oracle, the peer reports the
# cipher we report, and the data arrived both ways.
check() {
    local role=$1 v=$2 cipher=$3 f=$out/$1-$2-$3 name="python $1 TLS $2 $3"
    if ! grep -qx "cipher $cipher" "$f.ours"; then
        fail "$name" "our side did not report cipher $cipher" "$f.ours" "$f.ours.err" "$f.ours.peer"
    elif ! [ "$(cat "$f.ours.peer_cipher")" = "$cipher" ]; then
        fail "$name" "the OpenSSL peer reports $(cat "$f.ours.peer_cipher"), we report $cipher" "$f.ours.peer"
    elif ! grep -q "crypto: .*CHACHA20_POLY1305.* from libcrypto" "$f.ours.err"; then
        fail "$name" "our log does not show libcrypto's ChaCha20-Poly1305" "$f.ours.err"
    elif ! cmp -s "$f.system" "$f.ours"; then
        diff "$f.system" "$f.ours" > "$f.diff"
        fail "$name" "differs from the oracle" "$f.diff" "$f.ours.err"
    elif [ "$role" = client ] && ! grep -qx "reversed lines back $LINES of $LINES" "$f.ours"; then
        fail "$name" "lines not reversed back" "$f.ours"
    elif [ "$role" = server ] && ! { grep -qx "received lines $LINES sha256 $payload_sha" "$f.ours" &&
        grep -qx "digest $payload_sha" "$f.ours.peer" &&
        [ "$(grep '^line ' "$f.ours.peer" | sha256sum | cut -d' ' -f1)" = "$payload_sha" ] &&
        grep -qx DONE "$f.ours.peer"; }; then
        fail "$name" "payload lost or changed" "$f.ours" "$f.ours.peer"
    else
        pass "$name: $(grep -c '' "$out/payload") lines each way, cipher as OpenSSL reports"
    fi
}

for c in "1.3 TLS_CHACHA20_POLY1305_SHA256 server.pem server.key server-chain.pem" \
    "1.2 ECDHE-ECDSA-CHACHA20-POLY1305 server.pem server.key server-chain.pem" \
    "1.2 ECDHE-RSA-CHACHA20-POLY1305 server-rsa.pem server-rsa.key server-rsa-chain.pem"; do
    read -r v cipher cert key chain <<< "$c"
    for which in system ours; do
        client "$which" "$v" "$cipher" "$cert" "$key"
        server "$which" "$v" "$cipher" "$chain" "$key"
    done
    check client "$v" "$cipher"
    check server "$v" "$cipher"
done

# A libcrypto without ChaCha20-Poly1305 (a configuration activating only
# its base provider): the keys go to aws-lc-rs and the connection works.
cat > "$out/base-only.cnf" <<'CNF'
openssl_conf = openssl_init
[openssl_init]
providers = provider_sect
[provider_sect]
base = base_sect
[base_sect]
activate = 1
CNF
run_env=(OPENSSL_CONF="$out/base-only.cnf")
client ours 1.3 TLS_CHACHA20_POLY1305_SHA256 server.pem server.key
run_env=()
f=$out/client-1.3-TLS_CHACHA20_POLY1305_SHA256.ours
if grep -q "libcrypto has no ChaCha20-Poly1305.*aws-lc-rs's instead" "$f.err" &&
    grep -qx "reversed lines back $LINES of $LINES" "$f" &&
    [ "$(cat "$f.peer_cipher")" = TLS_CHACHA20_POLY1305_SHA256 ]; then
    pass "python client TLS 1.3 on a libcrypto without ChaCha20-Poly1305: aws-lc-rs's, data checked"
else
    fail "python client TLS 1.3 on a libcrypto without ChaCha20-Poly1305" "" "$f" "$f.err"
fi

echo "dropin-chacha: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
