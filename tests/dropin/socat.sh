#!/usr/bin/env bash
# Debian's socat (unchanged) on the drop-in libssl.so.3 in both roles, with
# OpenSSL's own tools on the real libssl as the peer:
#   client: socat OPENSSL:...,cafile=,commonname= to `openssl s_server`
#           (the name check is socat's own, on the X509 we hand it); a wrong
#           commonName and an untrusted CA fail as on the oracle;
#   server: socat OPENSSL-LISTEN:...,cert=,key=,cafile=,verify=1|0 with
#           `openssl s_client` (with and without a client certificate).
# A line goes each way and must arrive; socat's output, exit code and
# messages (timestamps stripped), and s_client's protocol-determined lines
# (version and suite, the server's temporary key: socat restricts it to
# P-256 through SSL_CTX_set_tmp_ecdh, verification) must equal the run on
# the system libssl; our trace must show the handshake.
#   tests/dropin/socat.sh [target/dropin/libssl.so.3]
# With SOCAT_OURS=PATH, "ours" is that socat binary, built from Debian's
# source against the standalone flavour (tests/sources/socat.sh), run as it
# is, without a preload.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup socat "" "${1:-}"
command -v socat >/dev/null || { fail "socat not installed (make programs)"; exit 1; }

# socat's errors and warnings without time stamp and pid (its notices, -d -d,
# name ports and fds; our trace lines are apart).
msgs() { grep -E '^[0-9/]+ [0-9:]+ socat\[[0-9]+\] [EW] ' "$1" | sed -E 's/^[0-9/]+ [0-9:]+ socat\[[0-9]+\] //'; }

wait_port() { for _ in $(seq 100); do grep -q "$2" "$1" 2>/dev/null && return; sleep 0.1; done; }

# ---- socat as a client --------------------------------------------------------
# client NAME WHICH SOCAT_ADDRESS_OPTIONS: s_server (real libssl) sends a line
# and prints what it got; socat sends one and prints what it got.
client() {
    local name=$1 which=$2 opts=$3 env=() port
    port=$(free_port)
    local prog=socat
    if [ "$which" = ours ]; then
        env=(SSLSHIM_LOG="${LOG:-info}" LD_PRELOAD="$lib")
        [ -n "${SOCAT_OURS:-}" ] && { env=(SSLSHIM_LOG="${LOG:-info}"); prog=$SOCAT_OURS; }
    fi
    (echo "from s_server $$"; sleep 3) | timeout 10 openssl s_server -accept "127.0.0.1:$port" \
        -naccept 1 ${SRV_ARGS:-} -cert "$certs/server.pem" -key "$certs/server.key" \
        -cert_chain "$certs/intermediate.pem" > "$out/$name.$which.srv" 2>&1 &
    local srv=$!
    wait_port "$out/$name.$which.srv" ACCEPT
    (echo "from socat client $$"; sleep 1) | env "${env[@]}" timeout 10 "$prog" -t 0.5 - \
        "OPENSSL:127.0.0.1:$port,$opts" > "$out/$name.$which" 2> "$out/$name.$which.err"
    echo "exit $?" >> "$out/$name.$which"
    kill $srv 2>/dev/null; wait $srv 2>/dev/null
    msgs "$out/$name.$which.err" >> "$out/$name.$which"
}

client_case() {  # NAME OPTS TRACE EXPECTED...
    local name=$1 opts=$2 trace=$3; shift 3
    client "$name" system "$opts"
    client "$name" ours "$opts"
    local o=$out/$name.ours
    if cmp -s "$out/$name.system" "$o" && expect_in "$o" "$@" \
        && expect_in "$o.err" "$trace"; then
        pass "socat client $name: $(head -1 "$o")"
    else
        diff "$out/$name.system" "$o" >> "$o"
        fail "socat client $name" "" "$o" "$o.err" "$o.srv"
    fi
}

done_c="sslshim: INFO sslshim::ssl::handshake: handshake done: client TLSv1.3"
client_case verified "cafile=$certs/ca.pem,commonname=localhost" "$done_c" \
    "from s_server $$" "exit 0"
if grep -q "from socat client $$" "$out/verified.ours.srv"; then
    pass "socat client: s_server received the client's line"
else
    fail "socat client: line not received by s_server" "" "$out/verified.ours.srv"
fi
SRV_ARGS=-tls1_2 client_case tls12 "cafile=$certs/ca.pem,commonname=localhost" \
    "sslshim: INFO sslshim::ssl::handshake: handshake done: client TLSv1.2" "from s_server $$" "exit 0"
client_case wrong-name "cafile=$certs/ca.pem,commonname=other.example" "$done_c" \
    "exit 1" "E certificate is valid but its commonName does not match hostname"
LOG=debug client_case untrusted "cafile=$certs/untrusted-ca.pem,commonname=localhost" \
    "sslshim: DEBUG sslshim::verify::peer: peer certificate rejected: X509_V_ERR 20" "exit 1" "E SSL_connect(): error:0A000086:SSL routines::certificate verify failed"

# ---- socat as a server --------------------------------------------------------
# server NAME WHICH SOCAT_OPTS S_CLIENT_ARGS...
server() {
    local name=$1 which=$2 opts=$3 env=() port; shift 3
    port=$(free_port)
    local prog=socat
    if [ "$which" = ours ]; then
        env=(SSLSHIM_LOG="${LOG:-info}" LD_PRELOAD="$lib")
        [ -n "${SOCAT_OURS:-}" ] && { env=(SSLSHIM_LOG="${LOG:-info}"); prog=$SOCAT_OURS; }
    fi
    (echo "from socat server $$"; sleep 1.5) | env "${env[@]}" timeout 10 "$prog" -d -d -t 0.5 \
        "OPENSSL-LISTEN:$port,bind=127.0.0.1,reuseaddr,$opts" - \
        > "$out/$name.$which" 2> "$out/$name.$which.err" &
    local srv=$!
    # socat serves one connection: wait for its notice, not with a probe.
    wait_port "$out/$name.$which.err" "listening on"
    (echo "from s_client $$"; sleep 1) | timeout 10 openssl s_client -connect "127.0.0.1:$port" \
        -CAfile "$certs/ca.pem" -verify_return_error "$@" > "$out/$name.$which.cli" 2>&1
    echo "s_client exit $?" >> "$out/$name.$which.cli"
    wait $srv
    echo "exit $?" >> "$out/$name.$which"
    msgs "$out/$name.$which.err" >> "$out/$name.$which"
    # (s_client's stderr may run into a line: the payload is matched anywhere)
    { grep -E '^(subject=|Server Temp Key|New, |Verify return code|s_client exit)' "$out/$name.$which.cli"
      grep -o "from socat server $$" "$out/$name.$which.cli"; } | sort -u > "$out/$name.$which.scl"
}

server_case() {  # NAME SOCAT_OPTS TRACE EXPECTED_SOCAT EXPECTED_SCLIENT -- S_CLIENT_ARGS
    local name=$1 opts=$2 trace=$3 exp_socat=$4 exp_cli=$5; shift 6
    server "$name" system "$opts" "$@"
    server "$name" ours "$opts" "$@"
    local o=$out/$name.ours
    if cmp -s "$out/$name.system" "$o" && cmp -s "$out/$name.system.scl" "$o.scl" \
        && expect_in "$o" "$exp_socat" && expect_in "$o.scl" "$exp_cli" \
        && expect_in "$o.err" "$trace"; then
        pass "socat server $name: $(head -1 "$o"); s_client: $(grep -E 'Temp Key|from socat' "$o.scl" | tr '\n' ' ')"
    else
        diff "$out/$name.system" "$o" >> "$o"
        diff "$out/$name.system.scl" "$o.scl" >> "$o"
        fail "socat server $name" "" "$o" "$o.scl" "$o.err"
    fi
}

done_s="sslshim: INFO sslshim::ssl::handshake: handshake done: server TLSv1.3"
base="cert=$certs/server-chain.pem,key=$certs/server.key,cafile=$certs/ca.pem"
server_case verify0 "$base,verify=0" "$done_s" "from s_client $$" "Server Temp Key: ECDH, prime256v1, 256 bits" --
server_case client-cert "$base,verify=1" "$done_s" "from s_client $$" "from socat server $$" \
    -- -cert "$certs/client.pem" -key "$certs/client.key" -cert_chain "$certs/intermediate.pem"
server_case tls12 "$base,verify=1" \
    "sslshim: INFO sslshim::ssl::handshake: handshake done: server TLSv1.2" "from s_client $$" \
    "New, TLSv1.2, Cipher is ECDHE-ECDSA-AES256-GCM-SHA384" \
    -- -tls1_2 -cert "$certs/client.pem" -key "$certs/client.key" -cert_chain "$certs/intermediate.pem"
LOG=debug server_case no-client-cert "$base,verify=1" \
    "sslshim: DEBUG sslshim::ssl::error: SSL_accept: peer sent no certificates" "exit 1" "s_client exit 1" --

echo "dropin-socat: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
