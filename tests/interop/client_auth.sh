#!/usr/bin/env bash
# Client certificates between sslshim and independent TLS stacks, as
# separate processes on 127.0.0.1 (tests/interop/client_auth_peer.c on our
# side):
#   - openssl s_client -> our server requiring a certificate: accepted with
#     one (the server sees the subject and chain), refused without one or
#     with an untrusted one (the alert s_client reports), CA names sent;
#   - our client with a certificate (from files, or from a client
#     certificate callback) -> openssl s_server -Verify 1, and -> a python
#     ssl server with CERT_REQUIRED; our client without one is refused.
#
# Env: IMPL=shim (default) the peer program runs on target/release/libsslshim.so;
#      IMPL=system it runs on the system OpenSSL (checks this script).
# Prints PASS/FAIL per case and "N passed, M failed"; exits 1 on failure.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
IMPL="${IMPL:-shim}"
OUT=build/interop/client_auth
CERTS=tests/certs
LIBDIR="$ROOT/target/release"
mkdir -p "$OUT"

. tests/interop/lib.sh

PEER="$OUT/client_auth_peer"
CFLAGS="-Wall -O1 -g -Wno-deprecated-declarations"
if [ "$IMPL" = system ]; then
    gcc $CFLAGS -o "$PEER" tests/interop/client_auth_peer.c -lssl -lcrypto
else
    [ -f "$LIBDIR/libsslshim.so" ] || { echo "missing $LIBDIR/libsslshim.so"; echo "0 passed, 1 failed"; exit 1; }
    gcc $CFLAGS -Iinclude -o "$PEER" tests/interop/client_auth_peer.c -L"$LIBDIR" -lsslshim -Wl,-rpath,"$LIBDIR"
fi || { echo "cannot build client_auth_peer"; echo "0 passed, 1 failed"; exit 1; }
# The trust store of a peer that must accept a lone client certificate.
cat "$CERTS/ca.pem" "$CERTS/intermediate.pem" >"$OUT/ca-and-intermediate.pem"


# expect_in FILE PATTERN...: every fixed string present (else noted in FILE)

# start_listener LOG CMD...: runs a server that prints "listening on PORT"; sets SPORT
start_listener() {
    local log=$1; shift
    rm -f "$log"; : >"$log"
    timeout 30 "$@" >"$log" 2>&1 &
    pids+=($!)
    SPORT=""
    for _ in $(seq 100); do
        SPORT=$(sed -n 's/^listening on //p' "$log")
        [ -n "$SPORT" ] && return 0
        sleep 0.1
    done
    return 1
}

# start_s_server LOG ARGS...: openssl s_server -rev on a free port; sets SPORT
start_s_server() {
    local log=$1; shift
    SPORT=$(free_port)
    rm -f "$log"; : >"$log"
    timeout 30 openssl s_server -accept "127.0.0.1:$SPORT" -naccept 1 -rev \
        -cert "$CERTS/server.pem" -key "$CERTS/server.key" -cert_chain "$CERTS/intermediate.pem" \
        "$@" >"$log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do
        grep -q '^ACCEPT' "$log" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

our_server() { # our_server LOG [args]
    local log=$1; shift
    start_listener "$log" "$PEER" server -p 0 -cert "$CERTS/server-chain.pem" \
        -key "$CERTS/server.key" -CAfile "$CERTS/ca.pem" "$@"
}

s_client() { # s_client LOG ARGS...: one line to $SPORT, with -ign_eof
    local log=$1; shift
    echo "hello from s_client" | timeout 20 openssl s_client -connect "127.0.0.1:$SPORT" \
        -servername localhost -verify_hostname localhost -CAfile "$CERTS/ca.pem" \
        -verify_return_error -ign_eof "$@" >"$log" 2>&1
}

# ---- openssl s_client -> our server ------------------------------------------
for v in 1.3 1.2; do
    name="s_client TLS$v with a certificate -> server requiring one"
    slog="$OUT/server-cert-$v.log"; clog="$OUT/s_client-cert-$v.log"
    if our_server "$slog" -verify require -calist "$CERTS/ca.pem"; then
        s_client "$clog" "-tls1_${v#1.}" -cert "$CERTS/client.pem" -key "$CERTS/client.key" \
            -cert_chain "$CERTS/intermediate.pem"
        rc=$?
        wait "${pids[-1]}" 2>/dev/null
        if [ $rc -eq 0 ] && expect_in "$clog" "echo: hello from s_client" "Verification: OK" \
            "Acceptable client certificate CA names" "O = sslshim, CN = sslshim Test Root CA" \
            && expect_in "$slog" "handshake ok: TLSv$v" "verify result: 0" \
                "client subject: /O=sslshim/CN=sslshim test client" "client chain: 1 verified: 3" \
                "verify depth=0 ok=1 err=0 /O=sslshim/CN=sslshim test client" \
                "request: hello from s_client"; then
            pass "$name"
        else
            cat "$slog" >>"$clog"; fail "$name" "exit $rc" "$clog"
        fi
    else
        fail "$name" "server did not start" "$slog"
    fi
done

for v in 1.3 1.2; do
    name="s_client TLS$v without a certificate -> server requiring one refuses"
    slog="$OUT/server-nocert-$v.log"; clog="$OUT/s_client-nocert-$v.log"
    if [ "$v" = 1.3 ]; then alert="alert certificate required"; else alert="alert handshake failure"; fi
    if our_server "$slog" -verify require; then
        s_client "$clog" "-tls1_${v#1.}"
        rc=$?
        wait "${pids[-1]}" 2>/dev/null
        if ! grep -q "echo: hello" "$clog" && expect_in "$clog" "$alert" \
            && expect_in "$slog" "handshake failed" "peer did not return a certificate"; then
            pass "$name"
        else
            cat "$slog" >>"$clog"; fail "$name" "exit $rc" "$clog"
        fi
    else
        fail "$name" "server did not start" "$slog"
    fi
done

name="s_client with an untrusted certificate -> server refuses (unknown ca)"
slog="$OUT/server-untrusted.log"; clog="$OUT/s_client-untrusted.log"
if our_server "$slog" -verify require; then
    s_client "$clog" -cert "$CERTS/untrusted.pem" -key "$CERTS/untrusted.key"
    rc=$?
    wait "${pids[-1]}" 2>/dev/null
    if ! grep -q "echo: hello" "$clog" && expect_in "$clog" "alert unknown ca" \
        && expect_in "$slog" "handshake failed" "certificate verify failed" "verify result: 20" \
            "verify depth=0 ok=0 err=20 /O=sslshim/CN=localhost"; then
        pass "$name"
    else
        cat "$slog" >>"$clog"; fail "$name" "exit $rc" "$clog"
    fi
else
    fail "$name" "server did not start" "$slog"
fi

name="s_client without a certificate -> server only asking for one"
slog="$OUT/server-optional.log"; clog="$OUT/s_client-optional.log"
if our_server "$slog" -verify peer; then
    s_client "$clog"
    rc=$?
    wait "${pids[-1]}" 2>/dev/null
    if [ $rc -eq 0 ] && expect_in "$clog" "echo: hello from s_client" \
        && expect_in "$slog" "verify result: 0" "client subject: (none)" "client chain: 0 verified: -1"; then
        pass "$name"
    else
        cat "$slog" >>"$clog"; fail "$name" "exit $rc" "$clog"
    fi
else
    fail "$name" "server did not start" "$slog"
fi

# ---- our client -> openssl s_server / python ---------------------------------
for v in 1.3 1.2; do
    name="client TLS$v with a certificate chain -> openssl s_server -Verify 1"
    log="$OUT/s_server-cert-$v.log"; clog="$OUT/client-cert-$v.log"
    if start_s_server "$log" -Verify 1 -CAfile "$CERTS/ca.pem"; then
        opts=(); [ "$v" = 1.2 ] && opts=(-tls1_2)
        timeout 20 "$PEER" client -p "$SPORT" -CAfile "$CERTS/ca.pem" \
            -cert "$CERTS/client-chain.pem" -key "$CERTS/client.key" "${opts[@]}" >"$clog" 2>&1
        rc=$?
        wait "${pids[-1]}" 2>/dev/null
        if [ $rc -eq 0 ] && expect_in "$clog" "handshake ok: TLSv$v" "verify result: 0" \
            "CA name: /O=sslshim/CN=sslshim Test Root CA" "answer: reep_htua_tneilc morf olleh" \
            && expect_in "$log" "Peer certificate: O = sslshim, CN = sslshim test client" \
            && ! grep -q "Verification error" "$log"; then
            pass "$name"
        else
            cat "$log" >>"$clog"; fail "$name" "exit $rc" "$clog"
        fi
    else
        fail "$name" "s_server did not start" "$log"
    fi
done

name="client certificate callback -> openssl s_server -Verify 1 (CA names passed to it)"
log="$OUT/s_server-cb.log"; clog="$OUT/client-cb.log"
if start_s_server "$log" -Verify 1 -CAfile "$OUT/ca-and-intermediate.pem"; then
    timeout 20 "$PEER" client -p "$SPORT" -CAfile "$CERTS/ca.pem" \
        -cb "$CERTS/client.pem" "$CERTS/client.key" >"$clog" 2>&1
    rc=$?
    wait "${pids[-1]}" 2>/dev/null
    if [ $rc -eq 0 ] && expect_in "$clog" "client_cert_cb called" "CA names: 2" \
        "CA name: /O=sslshim/CN=sslshim Test Intermediate CA" "answer: reep_htua_tneilc morf olleh" \
        && expect_in "$log" "Peer certificate: O = sslshim, CN = sslshim test client" \
        && ! grep -q "Verification error" "$log"; then
        pass "$name"
    else
        cat "$log" >>"$clog"; fail "$name" "exit $rc" "$clog"
    fi
else
    fail "$name" "s_server did not start" "$log"
fi

name="client without a certificate -> openssl s_server -Verify 1 refuses"
log="$OUT/s_server-nocert.log"; clog="$OUT/client-nocert.log"
if start_s_server "$log" -Verify 1 -CAfile "$CERTS/ca.pem"; then
    timeout 20 "$PEER" client -p "$SPORT" -CAfile "$CERTS/ca.pem" >"$clog" 2>&1
    rc=$?
    wait "${pids[-1]}" 2>/dev/null
    if [ $rc -ne 0 ] && expect_in "$clog" "tlsv13 alert certificate required" \
        && expect_in "$log" "peer did not return a certificate"; then
        pass "$name"
    else
        cat "$log" >>"$clog"; fail "$name" "exit $rc" "$clog"
    fi
else
    fail "$name" "s_server did not start" "$log"
fi

name="client with a certificate -> python ssl server with CERT_REQUIRED"
log="$OUT/python-server.log"; clog="$OUT/client-python.log"
if start_listener "$log" python3 tests/interop/py_auth_server.py "$CERTS/server-chain.pem" \
    "$CERTS/server.key" "$CERTS/ca.pem"; then
    timeout 20 "$PEER" client -p "$SPORT" -CAfile "$CERTS/ca.pem" \
        -cert "$CERTS/client-chain.pem" -key "$CERTS/client.key" >"$clog" 2>&1
    rc=$?
    wait "${pids[-1]}" 2>/dev/null
    if [ $rc -eq 0 ] && expect_in "$clog" "handshake ok" "answer: echo: hello from client_auth_peer" \
        && expect_in "$log" "client subject /O=sslshim/CN=sslshim test client" \
            "request hello from client_auth_peer"; then
        pass "$name"
    else
        cat "$log" >>"$clog"; fail "$name" "exit $rc" "$clog"
    fi
else
    fail "$name" "python server did not start" "$log"
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
