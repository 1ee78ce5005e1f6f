#!/usr/bin/env bash
# Encrypted PEM private keys through the default password callback
# (SSL_CTX_use_PrivateKey_file & co. read by libcrypto in the drop-in
# flavour), each case on the system libssl (the oracle) and on ours:
# - Debian's /usr/bin/python3 as a server (tests/dropin/py_pwkey.py):
#   load_cert_chain(chain, encrypted key, password=str or callable), a PKCS#8
#   and a traditional RSA key, served to `openssl s_client` (real libssl,
#   separate process): payload both ways, our trace shows the handshake;
#   a wrong password gives the oracle's exception text;
# - tests/dropin/pwkey.c (system headers): the callback's calls, return
#   values and error queues of right and wrong passwords, then one
#   connection served to s_client.
# The encrypted keys are made here from tests/certs with `openssl`.
#   tests/dropin/pwkey.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup pwkey "keys" "${1:-}"
pass_ok="sslshim pw $$"

keys=$out/keys
openssl pkey -in "$certs/server.key" -aes256 -passout "pass:$pass_ok" -out "$keys/enc.key" \
    && openssl rsa -in "$certs/server-rsa.key" -aes128 -traditional -passout "pass:$pass_ok" \
        -out "$keys/enc-rsa.key" 2>/dev/null \
    && openssl pkey -in "$certs/server.key" -outform DER -out "$keys/plain.der" \
    || { fail "making the encrypted keys"; echo "dropin-pwkey: $passed passed, $failed failed"; exit 1; }
grep -q 'BEGIN ENCRYPTED PRIVATE KEY' "$keys/enc.key" && grep -q 'Proc-Type: 4,ENCRYPTED' "$keys/enc-rsa.key" \
    || fail "the keys are not encrypted as intended" "" "$keys/enc.key" "$keys/enc-rsa.key"

# What s_client's output says that the protocol determines.
sc_lines() {
    grep -E '^(subject=|Verify return code|New, |python server says|pwkey server says)' "$1" | sort -u
}

# serve LIB NAME CMD...: CMD (a server printing "listening" before it
# accepts, or exiting when loading fails) with s_client sending one line;
# outputs in $out/NAME.LIB.{out,err,sc,scl}.
serve() {
    local which=$1 name=$2; shift 2
    local env=() o=$out/$name.$which
    [ "$which" = ours ] && env=(SSLSHIM_LOG=info LD_PRELOAD="$lib")
    env "${env[@]}" timeout 30 "$@" > "$o.out" 2> "$o.err" &
    local srv=$!
    for _ in $(seq 100); do
        grep -q '^listening' "$o.out" 2>/dev/null && break
        kill -0 "$srv" 2>/dev/null || break
        sleep 0.1
    done
    : > "$o.sc"
    if grep -q '^listening' "$o.out"; then
        echo "payload $name $$" | timeout 20 openssl s_client -connect "127.0.0.1:$port" \
            -CAfile "$certs/ca.pem" -verify_return_error -ign_eof > "$o.sc" 2>&1
    fi
    wait "$srv"
    echo "exit $?" >> "$o.out"
    sc_lines "$o.sc" > "$o.scl"
}

# check NAME SERVED EXPECTED...: outputs equal the oracle's, EXPECTED lines
# in ours; SERVED=1: the payload went both ways and our trace shows the
# handshake.
check() {
    local name=$1 served=$2; shift 2
    local s=$out/$name.system o=$out/$name.ours
    local ok=1
    cmp -s "$s.out" "$o.out" && cmp -s "$s.scl" "$o.scl" && expect_in "$o.out" "$@" || ok=0
    if [ $ok = 1 ] && [ "$served" = 1 ]; then
        expect_in "$o.out" "received payload $name $$" \
            && expect_in "$o.scl" "server says hello" "Verify return code: 0 (ok)" \
            && expect_in "$o.err" "sslshim: INFO sslshim::ssl::handshake: handshake done: server" \
            || ok=0
    fi
    if [ $ok = 1 ]; then
        pass "$name: $(grep -m1 -E '^(load_cert_chain|received|version)' "$o.out")"
    else
        diff "$s.out" "$o.out" >> "$o.out"
        diff "$s.scl" "$o.scl" >> "$o.scl"
        fail "$name" "" "$o.out" "$o.scl" "$o.err"
    fi
}

# python NAME CHAIN KEY MODE PASSWORD SERVED EXPECTED...
python() {
    local name=$1 chain=$2 key=$3 mode=$4 pw=$5 served=$6; shift 6
    port=$(free_port)
    for which in system ours; do
        serve "$which" "$name" $py tests/dropin/py_pwkey.py "$port" "$certs/$chain" "$key" "$mode" "$pw"
    done
    check "$name" "$served" "$@"
}

python py-str server-chain.pem "$keys/enc.key" str "$pass_ok" 1 "load_cert_chain ok" "version TLSv1.3"
python py-callable server-chain.pem "$keys/enc.key" callable "$pass_ok" 1 \
    "load_cert_chain ok" "password function called 1 times"
python py-rsa-traditional server-rsa-chain.pem "$keys/enc-rsa.key" str "$pass_ok" 1 "load_cert_chain ok"
python py-wrong-str server-chain.pem "$keys/enc.key" str "wrong $pass_ok" 0 "load_cert_chain SSLError"
python py-wrong-callable server-chain.pem "$keys/enc.key" callable "wrong $pass_ok" 0 \
    "load_cert_chain SSLError" "password function called 1 times"

gcc -Wall -Wno-deprecated-declarations -o "$out/pwkey" tests/dropin/pwkey.c -lssl -lcrypto \
    || { fail "pwkey.c did not compile"; echo "dropin-pwkey: $passed passed, $failed failed"; exit 1; }
port=$(free_port)
for which in system ours; do
    serve "$which" c-callback "$out/pwkey" "$port" "$certs" "$keys" "$pass_ok"
done
check c-callback 1 "ctx wrong password: 0, ctx-wrong callback called 1 times (rwflag 0" \
    "ctx right password: 1, ctx callback called 1 times (rwflag 0" \
    "ctx traditional RSA key: 1, ctx-rsa callback called 1 times" \
    "ctx unencrypted key: 1, ctx-unused callback called 0 times" \
    "default callback, userdata password: 1" "ssl inherited callback: 1, inherited callback called 1 times" \
    "last callback ssl;" "SSL_CONF PrivateKey: 2, conf callback called 1 times" \
    "check_private_key 1" "exit 0"

echo "dropin-pwkey: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
