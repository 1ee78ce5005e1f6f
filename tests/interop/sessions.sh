#!/usr/bin/env bash
# Session resumption between sslshim and real OpenSSL, as separate processes
# on 127.0.0.1 (TLS 1.3 and TLS 1.2):
#   - openssl s_client -reconnect (TLS 1.2), -sess_out/-sess_in (both)
#     ->  examples/server (on sslshim): "Reused"
#   - sess_peer client (on sslshim) ->  openssl s_server: the second
#     connection resumes the first one's session (SSL_set_session)
#   - sess_peer client ->  openssl s_server and sess_peer server: one
#     session object offered by 100 connections, all resumed
#   - openssl s_client -sess_out    ->  sess_peer server #1 (on sslshim),
#     which saves the session's DER from new_session_cb; then
#     openssl s_client -sess_in     ->  sess_peer server #2, a new process
#     whose get_session_cb d2i's it: resumed on both sides. The saved DER is
#     also read back by `openssl sess_id`.
#
# Env: IMPL=shim (default) our programs run on target/release/libsslshim.so
#      (built against include/); IMPL=system they run on the system OpenSSL
#      (checks this script against the oracle).
# Prints PASS/FAIL per case and "N passed, M failed"; exits 1 on failure.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
IMPL="${IMPL:-shim}"
OUT=build/interop/sessions
CERTS=tests/certs
LIBDIR="$ROOT/target/release"
mkdir -p "$OUT"

. tests/interop/lib.sh

CFLAGS="-Wall -O1 -g -Wno-deprecated-declarations"
build() { # build NAME SRC
    if [ "$IMPL" = system ]; then
        gcc $CFLAGS -o "$OUT/$1" "$2" -lssl -lcrypto
    else
        gcc $CFLAGS -Werror=implicit-function-declaration -Iinclude -o "$OUT/$1" "$2" \
            -L"$LIBDIR" -lsslshim -Wl,-rpath,"$LIBDIR"
    fi
}
if [ "$IMPL" != system ] && [ ! -f "$LIBDIR/libsslshim.so" ]; then
    echo "sessions: $LIBDIR/libsslshim.so missing (cargo build --release)"
    echo "0 passed, 1 failed"
    exit 1
fi
if ! build server examples/server.c || ! build sess_peer tests/interop/sess_peer.c; then
    echo "sessions: cannot build the test programs"
    echo "0 passed, 1 failed"
    exit 1
fi
echo "# programs run on: $([ "$IMPL" = system ] && echo system OpenSSL || echo sslshim)"


# wait_listen LOG: until our program printed "listening on PORT"; sets SPORT.
wait_listen() {
    SPORT=""
    for _ in $(seq 100); do
        SPORT=$(sed -n 's/^listening on //p' "$1")
        [ -n "$SPORT" ] && return 0
        sleep 0.1
    done
    return 1
}

# wait_accept LOG: until openssl s_server is accepting.
wait_accept() {
    for _ in $(seq 100); do
        grep -q '^ACCEPT' "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# count PATTERN FILE: lines containing the fixed string
count() { grep -cF -- "$1" "$2" 2>/dev/null || true; }

tls_flag() { echo "-tls1_${1#1.}"; }

# ---- openssl s_client -> examples/server ----------------------------------------
# -reconnect: s_client connects 6 times, the last 5 offering the first
# connection's session. TLS 1.2 only: s_client drops each connection before
# reading TLS 1.3 tickets (so it never resumes, against OpenSSL either).
name="openssl s_client -reconnect TLS1.2 -> server"
slog="$OUT/reconnect-server.log"; clog="$OUT/reconnect-s_client.log"
rm -f "$slog"; : >"$slog"
timeout 60 "$OUT/server" -p 0 -n 6 -cert "$CERTS/server-chain.pem" -key "$CERTS/server.key" \
    >"$slog" 2>&1 &
pids+=($!)
if wait_listen "$slog"; then
    timeout 30 openssl s_client -connect "127.0.0.1:$SPORT" -servername localhost \
        -CAfile "$CERTS/ca.pem" -verify_return_error -reconnect -tls1_2 </dev/null >"$clog" 2>&1
    rc=$?
    wait "${pids[-1]}" 2>/dev/null
    new=$(count "New, TLSv1.2" "$clog"); reused=$(count "Reused, TLSv1.2" "$clog")
    if [ $rc -eq 0 ] && [ "$new" -eq 1 ] && [ "$reused" -eq 5 ]; then
        pass "$name (1 new, 5 reused)"
    else
        cat "$slog" >>"$clog"
        fail "$name" "exit $rc, $new new, $reused reused (want 1 and 5)" "$clog"
    fi
else
    fail "$name" "server did not start" "$slog"
fi

# -sess_out then -sess_in: the first s_client reads the answer (and with it
# the TLS 1.3 tickets) before it saves the session.
for v in 1.3 1.2; do
    name="openssl s_client -sess_out/-sess_in TLS$v -> server"
    slog="$OUT/sess_in-server-$v.log"; c1="$OUT/sess_out-s_client-$v.log"
    c2="$OUT/sess_in-s_client-$v.log"; pem="$OUT/s_client-to-server-$v.pem"
    rm -f "$slog" "$pem"; : >"$slog"
    timeout 60 "$OUT/server" -p 0 -n 2 -cert "$CERTS/server-chain.pem" -key "$CERTS/server.key" \
        >"$slog" 2>&1 &
    pids+=($!)
    if ! wait_listen "$slog"; then fail "$name" "server did not start" "$slog"; continue; fi
    echo "first" | timeout 20 openssl s_client -connect "127.0.0.1:$SPORT" -servername localhost \
        -CAfile "$CERTS/ca.pem" -verify_return_error -ign_eof "$(tls_flag $v)" \
        -sess_out "$pem" >"$c1" 2>&1
    rc1=$?
    echo "second" | timeout 20 openssl s_client -connect "127.0.0.1:$SPORT" -servername localhost \
        -CAfile "$CERTS/ca.pem" -verify_return_error -ign_eof "$(tls_flag $v)" \
        -sess_in "$pem" >"$c2" 2>&1
    rc2=$?
    wait "${pids[-1]}" 2>/dev/null
    if [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && grep -qF "New, TLSv$v" "$c1" \
        && grep -qF "Reused, TLSv$v" "$c2" && grep -qF "echo: second" "$c2"; then
        pass "$name"
    else
        cat "$c1" "$slog" >>"$c2"
        fail "$name" "exit $rc1/$rc2" "$c2"
    fi
done

# ---- sess_peer client -> openssl s_server ---------------------------------------
for v in 1.3 1.2; do
  for nt in "" -noticket; do
    name="client SSL_set_session -> openssl s_server TLS$v${nt:+ $nt}"
    slog="$OUT/s_server-$v$nt.log"; clog="$OUT/client-s_server-$v$nt.log"
    port=$(free_port)
    rm -f "$slog"; : >"$slog"
    sopts=()
    [ -n "$nt" ] && sopts+=(-no_ticket)
    timeout 30 openssl s_server -accept "127.0.0.1:$port" -naccept 2 -www "$(tls_flag $v)" \
        -cert "$CERTS/server.pem" -key "$CERTS/server.key" \
        -cert_chain "$CERTS/intermediate.pem" "${sopts[@]}" >"$slog" 2>&1 &
    pids+=($!)
    if ! wait_accept "$slog"; then fail "$name" "s_server did not start" "$slog"; continue; fi
    copts=()
    [ "$v" = 1.2 ] && copts+=(-tls12)
    timeout 20 "$OUT/sess_peer" client "$port" "$CERTS/ca.pem" "${copts[@]}" $nt >"$clog" 2>&1
    rc=$?
    wait "${pids[-1]}" 2>/dev/null
    if [ $rc -eq 0 ] && grep -qF "connection 1: TLSv$v reused 0 answer yes peer says new" "$clog" \
        && grep -qF "connection 2: TLSv$v reused 1 answer yes peer says reused" "$clog"; then
        pass "$name"
    else
        cat "$slog" >>"$clog"
        fail "$name" "exit $rc" "$clog"
    fi
  done
done

# ---- one session offered again and again (issue 18) -----------------------------
# sess_peer client makes 1 + N connections, each after the first offering
# the first one's session object: every one of them resumes, against
# openssl s_server and against sess_peer server (TLS 1.3 tickets can be
# used again; ours come back with each resumed connection's new ticket).
N=100
for v in 1.3 1.2; do
  for peer in s_server sess_peer; do
    name="client: one session for $N connections -> $peer TLS$v"
    slog="$OUT/many-$peer-$v.log"; clog="$OUT/many-client-$peer-$v.log"
    rm -f "$slog"; : >"$slog"
    if [ $peer = s_server ]; then
        port=$(free_port)
        timeout 60 openssl s_server -accept "127.0.0.1:$port" -naccept $((N + 1)) -www \
            "$(tls_flag $v)" -cert "$CERTS/server.pem" -key "$CERTS/server.key" \
            -cert_chain "$CERTS/intermediate.pem" >"$slog" 2>&1 &
        pids+=($!)
        if ! wait_accept "$slog"; then fail "$name" "s_server did not start" "$slog"; continue; fi
    else
        sopts=()
        [ "$v" = 1.2 ] && sopts+=(-tls12)
        timeout 60 "$OUT/sess_peer" server 0 "$CERTS/server-chain.pem" "$CERTS/server.key" \
            "${sopts[@]}" -n $((N + 1)) >"$slog" 2>&1 &
        pids+=($!)
        if ! wait_listen "$slog"; then fail "$name" "sess_peer server did not start" "$slog"; continue; fi
        port=$SPORT
    fi
    copts=()
    [ "$v" = 1.2 ] && copts+=(-tls12)
    timeout 60 "$OUT/sess_peer" client "$port" "$CERTS/ca.pem" "${copts[@]}" -n $((N + 1)) \
        >"$clog" 2>&1
    rc=$?
    wait "${pids[-1]}" 2>/dev/null
    reused=$(count "TLSv$v reused 1 answer yes peer says reused" "$clog")
    if [ $rc -eq 0 ] && grep -qF "connection 1: TLSv$v reused 0 answer yes peer says new" "$clog" \
        && [ "$reused" -eq $N ]; then
        pass "$name ($N reused)"
    else
        cat "$slog" >>"$clog"
        fail "$name" "exit $rc, $reused of $N reused" "$clog"
    fi
  done
done

# ---- server session DER across two server processes -----------------------------
# TLS 1.2 resumes by session id, TLS 1.3 by a stateful ticket (SSL_OP_NO_TICKET
# on the server): both go through the external cache.
for v in 1.3 1.2; do
    name="server session i2d -> new process d2i, openssl s_client -sess_out/-sess_in TLS$v"
    der="$OUT/session-$v.der"; pem="$OUT/s_client-session-$v.pem"
    log1="$OUT/save-server-$v.log"; log2="$OUT/load-server-$v.log"
    c1="$OUT/save-s_client-$v.log"; c2="$OUT/load-s_client-$v.log"
    rm -f "$der" "$pem" "$log1" "$log2"; : >"$log1"; : >"$log2"
    sopts=(-noticket)
    [ "$v" = 1.2 ] && sopts+=(-tls12)
    timeout 30 "$OUT/sess_peer" server 0 "$CERTS/server-chain.pem" "$CERTS/server.key" \
        "${sopts[@]}" -save "$der" >"$log1" 2>&1 &
    pids+=($!)
    if ! wait_listen "$log1"; then fail "$name" "first server did not start" "$log1"; continue; fi
    printf 'GET / HTTP/1.0\r\n\r\n' | timeout 20 openssl s_client -connect "127.0.0.1:$SPORT" \
        -servername localhost -CAfile "$CERTS/ca.pem" -verify_return_error -ign_eof \
        "$(tls_flag $v)" -sess_out "$pem" >"$c1" 2>&1
    wait "${pids[-1]}" 2>/dev/null
    if [ ! -s "$der" ] || [ ! -s "$pem" ]; then
        cat "$log1" >>"$c1"
        fail "$name" "no session saved (server DER or s_client PEM missing)" "$c1"
        continue
    fi
    timeout 30 "$OUT/sess_peer" server 0 "$CERTS/server-chain.pem" "$CERTS/server.key" \
        "${sopts[@]}" -load "$der" >"$log2" 2>&1 &
    pids+=($!)
    if ! wait_listen "$log2"; then fail "$name" "second server did not start" "$log2"; continue; fi
    printf 'GET / HTTP/1.0\r\n\r\n' | timeout 20 openssl s_client -connect "127.0.0.1:$SPORT" \
        -servername localhost -CAfile "$CERTS/ca.pem" -verify_return_error -ign_eof \
        "$(tls_flag $v)" -sess_in "$pem" >"$c2" 2>&1
    rc=$?
    wait "${pids[-1]}" 2>/dev/null
    if [ $rc -eq 0 ] && grep -qF "Reused, TLSv$v" "$c2" \
        && grep -qF "connection 1: TLSv$v reused 1" "$log2" \
        && grep -qF "get_session_cb: loaded the saved session" "$log2" \
        && grep -qF "reused 1" "$c2"; then
        pass "$name"
    else
        cat "$log1" "$log2" >>"$c2"
        fail "$name" "exit $rc" "$c2"
    fi

    name="openssl sess_id reads the server session DER (TLS$v)"
    tlog="$OUT/sess_id-$v.txt"
    if openssl sess_id -inform DER -in "$der" -noout -text >"$tlog" 2>&1 \
        && grep -qF "Protocol  : TLSv$v" "$tlog" && grep -qE "Session-ID: [0-9A-F]{64}" "$tlog" \
        && grep -qE "(Master-Key|Resumption PSK): [0-9A-F]{64,}" "$tlog" && grep -qF "Timeout   : 7200" "$tlog"; then
        pass "$name"
    else
        fail "$name" "" "$tlog"
    fi
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
