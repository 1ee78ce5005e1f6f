#!/usr/bin/env bash
# Protocol and algorithm control with real peers, as separate processes on
# 127.0.0.1: tests/interop/algo_peer.c (on sslshim) as client against
# `openssl s_server` and as server against `openssl s_client`, with
# -groups, -sigalgs, -ciphersuites, -cipher, -tls1_2/-tls1_3. Each case
# checks the negotiated values on both sides; SSLKEYLOGFILE is checked
# against the peer's own -keylogfile (the same secrets) and against the
# client random our side reports.
#
# Env: IMPL=shim (default) algo_peer built against include/ and -lsslshim;
#      IMPL=system on the system OpenSSL (checks this script; the
#      SSLKEYLOGFILE cases are skipped there, OpenSSL 3.0 has no such thing).
# Prints PASS/FAIL per case and "N passed, M failed"; exits 1 on failure.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
IMPL="${IMPL:-shim}"
OUT=build/interop/algorithms
CERTS=tests/certs
LIBDIR="$ROOT/target/release"
mkdir -p "$OUT"

. tests/interop/lib.sh

PEER="$OUT/algo_peer"
CFLAGS="-Wall -O1 -g -Wno-deprecated-declarations"
if [ "$IMPL" = system ]; then
    gcc $CFLAGS -o "$PEER" tests/interop/algo_peer.c -lssl -lcrypto
else
    if [ ! -f "$LIBDIR/libsslshim.so" ]; then
        echo "algorithms: $LIBDIR/libsslshim.so missing (cargo build --release)"
        echo "0 passed, 1 failed"
        exit 1
    fi
    gcc $CFLAGS -Werror=implicit-function-declaration -Iinclude -o "$PEER" \
        tests/interop/algo_peer.c -L"$LIBDIR" -lsslshim -Wl,-rpath,"$LIBDIR"
fi || { echo "algorithms: cannot build algo_peer"; echo "0 passed, 1 failed"; exit 1; }


# wait_accept LOG: until openssl s_server is accepting (max 10 s).
wait_accept() {
    for _ in $(seq 100); do
        grep -q '^ACCEPT' "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# expect_in FILE PATTERN...: every fixed string present (else noted in FILE)

# client_case NAME "s_server args" "algo_peer args" EXPECT_CLIENT... -- EXPECT_SERVER...
# algo_peer connects to openssl s_server -rev (which echoes lines reversed).
client_case() {
    local name=$1 sargs=$2 cargs=$3; shift 3
    local want_c=() want_s=() side=c
    for a in "$@"; do
        if [ "$a" = -- ]; then side=s; continue; fi
        if [ $side = c ]; then want_c+=("$a"); else want_s+=("$a"); fi
    done
    local slog="$OUT/$name.s_server.log" clog="$OUT/$name.client.log" port
    slog=${slog// /_}; clog=${clog// /_}
    port=$(free_port)
    rm -f "$slog"; : >"$slog"
    # shellcheck disable=SC2086
    timeout 30 openssl s_server -accept "127.0.0.1:$port" -naccept 1 -rev \
        $sargs >"$slog" 2>&1 &
    pids+=($!)
    if ! wait_accept "$slog"; then fail "$name" "s_server did not start" "$slog"; return; fi
    # shellcheck disable=SC2086
    timeout 20 "$PEER" -connect "$port" $cargs >"$clog" 2>&1
    local rc=$?
    wait "${pids[-1]}" 2>/dev/null
    if [ $rc -eq 0 ] && expect_in "$clog" "${want_c[@]}" "received: reep_ogla morf olleh" \
        && expect_in "$slog" "${want_s[@]}"; then
        pass "$name"
    else
        fail "$name" "exit $rc" "$clog" "$slog"
    fi
}

# start_peer_server LOG [args]: algo_peer -accept in the background; sets SPORT
start_peer_server() {
    local log=$1; shift
    rm -f "$log"; : >"$log"
    timeout 30 "$PEER" -accept "$@" >"$log" 2>&1 &
    pids+=($!)
    SPORT=""
    for _ in $(seq 100); do
        SPORT=$(sed -n 's/^listening on //p' "$log")
        [ -n "$SPORT" ] && return 0
        sleep 0.1
    done
    return 1
}

# server_case NAME "algo_peer args" "s_client args" EXPECT_S_CLIENT... -- EXPECT_SERVER...
server_case() {
    local name=$1 pargs=$2 cargs=$3; shift 3
    local want_c=() want_s=() side=c
    for a in "$@"; do
        if [ "$a" = -- ]; then side=s; continue; fi
        if [ $side = c ]; then want_c+=("$a"); else want_s+=("$a"); fi
    done
    local slog="$OUT/$name.server.log" clog="$OUT/$name.s_client.log"
    slog=${slog// /_}; clog=${clog// /_}
    # shellcheck disable=SC2086
    if ! start_peer_server "$slog" $pargs; then fail "$name" "server did not start" "$slog"; return; fi
    # shellcheck disable=SC2086
    echo "hello from s_client" | timeout 20 openssl s_client -connect "127.0.0.1:$SPORT" \
        -servername localhost -verify_hostname localhost -CAfile "$CERTS/ca.pem" \
        -verify_return_error -brief -ign_eof $cargs >"$clog" 2>&1
    local rc=$?
    wait "${pids[-1]}" 2>/dev/null
    if [ $rc -eq 0 ] && expect_in "$clog" "${want_c[@]}" "hello from s_client" \
        && expect_in "$slog" "${want_s[@]}" "received: hello from s_client"; then
        pass "$name"
    else
        fail "$name" "exit $rc" "$clog" "$slog"
    fi
}

ECDSA_SRV="-cert $CERTS/server.pem -key $CERTS/server.key -cert_chain $CERTS/intermediate.pem"
RSA_SRV="-cert $CERTS/server-rsa.pem -key $CERTS/server-rsa.key -cert_chain $CERTS/intermediate.pem"

# ---- our client -> openssl s_server ------------------------------------------
client_case "client TLS1.3 chacha P-384" "$ECDSA_SRV -ciphersuites TLS_CHACHA20_POLY1305_SHA256 -groups P-384" "" \
    "version: TLSv1.3" "cipher: TLS_CHACHA20_POLY1305_SHA256" "group: 715" \
    "peer signature digest: 672" "peer signature type: 408" \
    -- "Protocol version: TLSv1.3" "Ciphersuite: TLS_CHACHA20_POLY1305_SHA256"
client_case "client -ciphersuites aes128 -groups P-256" "$ECDSA_SRV" \
    "-ciphersuites TLS_AES_128_GCM_SHA256 -groups P-256" \
    "cipher: TLS_AES_128_GCM_SHA256" "group: 415" \
    -- "Ciphersuite: TLS_AES_128_GCM_SHA256" "Supported groups: secp256r1"
client_case "client -tls1_2 -cipher ECDHE-RSA-CHACHA20-POLY1305" "$RSA_SRV" \
    "-tls1_2 -cipher ECDHE-RSA-CHACHA20-POLY1305" \
    "version: TLSv1.2" "cipher: ECDHE-RSA-CHACHA20-POLY1305" "peer signature type: 912" \
    -- "Protocol version: TLSv1.2" "Ciphersuite: ECDHE-RSA-CHACHA20-POLY1305"
client_case "client -sigalgs RSA-PSS+SHA512 (server signs with it)" "$RSA_SRV" \
    "-sigalgs RSA-PSS+SHA512" \
    "peer signature digest: 674" "peer signature type: 912" \
    -- "Signature Algorithms: RSA-PSS+SHA512"
client_case "client -tls1_2 -sigalgs RSA+SHA384" "$RSA_SRV" "-tls1_2 -sigalgs RSA+SHA384" \
    "version: TLSv1.2" "peer signature digest: 673" "peer signature type: 6" \
    -- "Signature Algorithms: RSA+SHA384"
# The post-quantum hybrid is sslshim's (OpenSSL 3.0 cannot set it): offered
# first, an OpenSSL 3.0 peer falls back to a classic group.
if [ "$IMPL" = system ]; then
    skip "X25519MLKEM768 cases" "OpenSSL 3.0 has no X25519MLKEM768"
else
    client_case "client X25519MLKEM768:X25519 vs OpenSSL 3.0" "$ECDSA_SRV" \
        "-groups X25519MLKEM768:X25519" "group: 1034" -- "Protocol version: TLSv1.3"
fi
client_case "client TLS1.3 vs s_server -tls1_3 P-256 HelloRetryRequest" "$ECDSA_SRV -tls1_3 -groups P-256" \
    "-groups X25519:P-256" "group: 415" -- "Protocol version: TLSv1.3"

# A version neither side can agree on fails on both sides.
name="client -tls1_3 vs s_server -tls1_2 fails"
port=$(free_port); slog="$OUT/version-mismatch.s_server.log"; clog="$OUT/version-mismatch.client.log"
rm -f "$slog"; : >"$slog"
# shellcheck disable=SC2086
timeout 30 openssl s_server -accept "127.0.0.1:$port" -naccept 1 -rev -tls1_2 $ECDSA_SRV >"$slog" 2>&1 &
pids+=($!)
if wait_accept "$slog"; then
    timeout 20 "$PEER" -connect "$port" -tls1_3 >"$clog" 2>&1
    rc=$?
    sleep 0.2; kill "${pids[-1]}" 2>/dev/null; wait "${pids[-1]}" 2>/dev/null
    if [ $rc -eq 1 ] && expect_in "$clog" "failed: handshake" "alert protocol version" \
        && expect_in "$slog" "unsupported protocol"; then
        pass "$name"
    else
        fail "$name" "exit $rc" "$clog" "$slog"
    fi
else
    fail "$name" "s_server did not start" "$slog"
fi

# ---- openssl s_client -> our server --------------------------------------------
server_case "s_client TLS1.3 -groups P-256 -sigalgs RSA-PSS+SHA384, client cert" \
    "-cert $CERTS/server-rsa-chain.pem -key $CERTS/server-rsa.key -verify" \
    "-cert $CERTS/client.pem -cert_chain $CERTS/intermediate.pem -key $CERTS/client.key -groups P-256 -sigalgs RSA-PSS+SHA384:ECDSA+SHA256" \
    "Protocol version: TLSv1.3" "Hash used: SHA384" "Signature type: RSA-PSS" \
    "Server Temp Key: ECDH, prime256v1, 256 bits" "Verification: OK" \
    -- "version: TLSv1.3" "group: 415" "own signature digest: 673" "own signature type: 912" \
    "peer signature digest: 672" "peer signature type: 408"
server_case "s_client -ciphersuites vs server -ciphersuites" \
    "-cert $CERTS/server-chain.pem -key $CERTS/server.key -ciphersuites TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256" \
    "-ciphersuites TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256" \
    "Ciphersuite: TLS_CHACHA20_POLY1305_SHA256" \
    -- "cipher: TLS_CHACHA20_POLY1305_SHA256" \
    "shared ciphers: TLS_CHACHA20_POLY1305_SHA256:ECDHE-ECDSA-AES256-GCM-SHA384"
server_case "s_client -tls1_2 -cipher -groups P-384" \
    "-cert $CERTS/server-chain.pem -key $CERTS/server.key" \
    "-tls1_2 -cipher ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384 -groups P-384:P-256" \
    "Protocol version: TLSv1.2" "Ciphersuite: ECDHE-ECDSA-AES128-GCM-SHA256" \
    "Server Temp Key: ECDH, secp384r1, 384 bits" \
    -- "version: TLSv1.2" "cipher: ECDHE-ECDSA-AES128-GCM-SHA256" "group: 715" \
    "shared ciphers: ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384"
server_case "server -sigalgs RSA-PSS+SHA256 -tls1_2 -cipher" \
    "-cert $CERTS/server-rsa-chain.pem -key $CERTS/server-rsa.key -sigalgs RSA-PSS+SHA256 -tls1_2 -cipher ECDHE-RSA-AES256-GCM-SHA384" \
    "" \
    "Protocol version: TLSv1.2" "Ciphersuite: ECDHE-RSA-AES256-GCM-SHA384" "Hash used: SHA256" \
    "Signature type: RSA-PSS" \
    -- "version: TLSv1.2" "own signature digest: 672" "own signature type: 912"
# One server context with RSA, ECDSA and Ed25519 certificates: each client
# gets the one its signature algorithms (and TLS 1.2 suites) allow.
THREE="-cert $CERTS/server-rsa-chain.pem -key $CERTS/server-rsa.key -cert $CERTS/server-chain.pem -key $CERTS/server.key -cert $CERTS/server-ed25519-chain.pem -key $CERTS/server-ed25519.key"
server_case "three certificates, s_client TLS1.3 -sigalgs ed25519" "$THREE" \
    "-tls1_3 -sigalgs ed25519" "Signature type: ed25519" "Verification: OK" \
    -- "own signature type: 1087"
server_case "three certificates, s_client TLS1.3 -sigalgs rsa_pss_rsae_sha256:ECDSA+SHA256" "$THREE" \
    "-tls1_3 -sigalgs rsa_pss_rsae_sha256:ECDSA+SHA256" "Signature type: RSA-PSS" \
    -- "own signature type: 912"
server_case "three certificates, s_client TLS1.3 default" "$THREE" "-tls1_3" \
    "Signature type: ECDSA" -- "own signature type: 408"
server_case "three certificates, s_client TLS1.2 -sigalgs RSA+SHA256" "$THREE" \
    "-tls1_2 -sigalgs RSA+SHA256" "Ciphersuite: ECDHE-RSA-AES256-GCM-SHA384" \
    "Signature type: RSA" -- "own signature type: 6"
server_case "three certificates, s_client TLS1.2 -sigalgs ed25519:RSA+SHA256" "$THREE" \
    "-tls1_2 -sigalgs ed25519:RSA+SHA256" "Ciphersuite: ECDHE-ECDSA-AES256-GCM-SHA384" \
    "Signature type: ed25519" -- "own signature type: 1087"
[ "$IMPL" = system ] || server_case "server -groups X25519MLKEM768:P-256 vs OpenSSL 3.0" \
    "-cert $CERTS/server-chain.pem -key $CERTS/server.key -groups X25519MLKEM768:P-256" "" \
    "Server Temp Key: ECDH, prime256v1, 256 bits" -- "group: 415"

# ---- SSLKEYLOGFILE -------------------------------------------------------------
# keylog_same OURS THEIRS CLIENT_LOG: the same NSS lines (OpenSSL's file
# starts with a comment), each with the client random our side reports.
keylog_same() {
    local ours=$1 theirs=$2 log=$3 cr
    cr=$(sed -n 's/^client random: //p' "$log")
    [ -s "$ours" ] && [ -n "$cr" ] || return 1
    diff <(grep -v '^#' "$theirs" | sort) <(sort "$ours") >>"$log" || return 1
    awk -v cr="$cr" 'NF != 3 || $2 != cr { bad = 1 } END { exit bad }' "$ours"
}

if [ "$IMPL" = system ]; then
    skip "SSLKEYLOGFILE" "OpenSSL 3.0 does not read SSLKEYLOGFILE"
else
    for v in 1.3 1.2; do
        name="SSLKEYLOGFILE client TLS$v = s_server -keylogfile"
        port=$(free_port); tag=keylog-client-$v
        slog="$OUT/$tag.s_server.log"; clog="$OUT/$tag.client.log"; elog="$OUT/$tag.stderr"
        ours="$OUT/$tag.ours.txt"; theirs="$OUT/$tag.theirs.txt"
        rm -f "$slog" "$ours" "$theirs"; : >"$slog"
        # shellcheck disable=SC2086
        timeout 30 openssl s_server -accept "127.0.0.1:$port" -naccept 1 -rev \
            $ECDSA_SRV -keylogfile "$theirs" >"$slog" 2>&1 &
        pids+=($!)
        if ! wait_accept "$slog"; then fail "$name" "s_server did not start" "$slog"; continue; fi
        SSLKEYLOGFILE="$ours" timeout 20 "$PEER" -connect "$port" "-tls1_${v#1.}" >"$clog" 2>"$elog"
        rc=$?
        wait "${pids[-1]}" 2>/dev/null
        warn="sslshim: SSLKEYLOGFILE is set: writing TLS secrets to $ours"
        if [ $rc -eq 0 ] && keylog_same "$ours" "$theirs" "$clog" \
            && [ "$(grep -cF "$warn" "$elog")" = 1 ]; then
            pass "$name"
        else
            fail "$name" "exit $rc" "$clog" "$elog"
        fi
    done

    # A program with its own keylog callback logs its way (curl, h2load
    # write SSLKEYLOGFILE themselves): the file is not written then, or
    # every line would be there twice.
    name="SSLKEYLOGFILE server with a keylog callback: the callback's lines = s_client -keylogfile, no file"
    tag=keylog-server; slog="$OUT/$tag.server.log"; clog="$OUT/$tag.s_client.log"
    ours="$OUT/$tag.ours.txt"; theirs="$OUT/$tag.theirs.txt"
    rm -f "$ours" "$ours.cb" "$theirs"
    if SSLKEYLOGFILE="$ours" start_peer_server "$slog" -cert "$CERTS/server-chain.pem" \
        -key "$CERTS/server.key" -keylog; then
        echo "hello from s_client" | timeout 20 openssl s_client -connect "127.0.0.1:$SPORT" \
            -CAfile "$CERTS/ca.pem" -brief -ign_eof -keylogfile "$theirs" >"$clog" 2>&1
        rc=$?
        wait "${pids[-1]}" 2>/dev/null
        sed -n 's/^keylog: //p' "$slog" > "$ours.cb"
        if [ $rc -eq 0 ] && keylog_same "$ours.cb" "$theirs" "$slog" && [ ! -e "$ours" ]; then
            pass "$name"
        else
            fail "$name" "exit $rc" "$slog" "$clog"
        fi
    else
        fail "$name" "server did not start" "$slog"
    fi

    name="SSLKEYLOGFILE unset: no file, no warning"
    tag=keylog-off; port=$(free_port); slog="$OUT/$tag.s_server.log"; clog="$OUT/$tag.client.log"
    rm -f "$slog"; : >"$slog"
    # shellcheck disable=SC2086
    timeout 30 openssl s_server -accept "127.0.0.1:$port" -naccept 1 -rev $ECDSA_SRV >"$slog" 2>&1 &
    pids+=($!)
    if wait_accept "$slog"; then
        env -u SSLKEYLOGFILE timeout 20 "$PEER" -connect "$port" >"$clog" 2>&1
        rc=$?
        wait "${pids[-1]}" 2>/dev/null
        if [ $rc -eq 0 ] && ! grep -q SSLKEYLOGFILE "$clog"; then
            pass "$name"
        else
            fail "$name" "exit $rc" "$clog"
        fi
    else
        fail "$name" "s_server did not start" "$slog"
    fi
fi

[ $skipped -gt 0 ] && echo "($skipped skipped)"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
