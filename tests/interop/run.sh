#!/usr/bin/env bash
# Interop between sslshim's example programs and independent TLS stacks, as
# separate processes on 127.0.0.1:
#   - examples/client (on sslshim)  ->  openssl s_server (TLS 1.3 and 1.2)
#   - openssl s_client, curl, python3 ssl  ->  examples/server (on sslshim)
#
# Env: IMPL=shim   (default) examples run on target/release/libsslshim.so:
#                  built against include/ if include/openssl/ssl.h exists,
#                  otherwise the system-header build with LD_PRELOAD.
#      IMPL=system examples run on the system OpenSSL (checks this script).
# Every step has a timeout; background servers are killed on exit.
# Prints PASS/FAIL per case and "N passed, M failed"; exits 1 on failure.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
IMPL="${IMPL:-shim}"
OUT=build/interop
CERTS=tests/certs
LIBDIR="$ROOT/target/release"
mkdir -p "$OUT"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT

passed=0 failed=0
pass() { echo "PASS  $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1${2:+: $2}"; failed=$((failed + 1)); [ -n "${3:-}" ] && sed 's/^/      | /' "$3" | tail -25; }

# ---- build the examples ----------------------------------------------------
RUN=()   # prefix for running the examples (env LD_PRELOAD=... when preloading)
CFLAGS="-Wall -O1 -g -Wno-deprecated-declarations"
build() { # build NAME
    if [ "$IMPL" = system ]; then
        gcc $CFLAGS -o "$OUT/$1" "examples/$1.c" -lssl -lcrypto
    elif [ -f include/openssl/ssl.h ]; then
        gcc $CFLAGS -Iinclude -o "$OUT/$1" "examples/$1.c" -L"$LIBDIR" -lsslshim -Wl,-rpath,"$LIBDIR"
    else
        gcc $CFLAGS -o "$OUT/$1" "examples/$1.c" -lssl -lcrypto
    fi
}
if [ "$IMPL" != system ]; then
    if [ ! -f "$LIBDIR/libsslshim.so" ]; then
        echo "interop: $LIBDIR/libsslshim.so missing (cargo build --release)"
        echo "0 passed, 1 failed"
        exit 1
    fi
    if [ -f include/openssl/ssl.h ]; then
        echo "# examples built against include/ and -lsslshim"
    else
        echo "# include/openssl/ssl.h missing: examples built against system headers, run with LD_PRELOAD"
        RUN=(env LD_PRELOAD="$LIBDIR/libsslshim.so")
    fi
else
    echo "# IMPL=system: examples run on the system OpenSSL"
fi
build client && build server || { echo "interop: cannot build the examples"; echo "0 passed, 1 failed"; exit 1; }

# free_port: a port of 127.0.0.1 free now and not handed to this script
# before (tests/interop/free_port.py says why bind(0) is not enough).
free_port_py=$PWD/tests/interop/free_port.py
free_port() { python3 "$free_port_py" "$$"; }

# wait_accept LOG: until openssl s_server reports it is accepting (max 10 s).
# (Probing the port would use up s_server's single -naccept connection.)
wait_accept() {
    for _ in $(seq 100); do
        grep -q '^ACCEPT' "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# start_example_server LOG [args]: runs examples/server -p 0 -n 1; sets SPORT
start_example_server() {
    local log=$1; shift
    rm -f "$log"   # a stale log would show an old port
    : >"$log"
    timeout 30 "${RUN[@]}" "$OUT/server" -p 0 -n 1 -cert "$CERTS/server-chain.pem" \
        -key "$CERTS/server.key" "$@" >"$log" 2>&1 &
    pids+=($!)
    SPORT=""
    for _ in $(seq 100); do
        SPORT=$(sed -n 's/^listening on //p' "$log")
        [ -n "$SPORT" ] && return 0
        sleep 0.1
    done
    return 1
}

# expect_in FILE PATTERN...: every fixed string present
expect_in() {
    local f=$1; shift
    for pat in "$@"; do grep -qF -- "$pat" "$f" || { echo "missing: $pat" >>"$f"; return 1; }; done
}

# ---- our client -> openssl s_server ---------------------------------------
for v in 1.3 1.2; do
    name="client -> openssl s_server TLS$v"
    log="$OUT/s_server-$v.log"; clog="$OUT/client-s_server-$v.log"
    port=$(free_port)
    rm -f "$log"; : >"$log"   # a stale log would already say ACCEPT
    timeout 30 openssl s_server -accept "127.0.0.1:$port" -naccept 1 -www "-tls1_${v#1.}" \
        -cert "$CERTS/server.pem" -key "$CERTS/server.key" \
        -cert_chain "$CERTS/intermediate.pem" >"$log" 2>&1 &
    pids+=($!)
    if ! wait_accept "$log"; then fail "$name" "s_server did not start" "$log"; continue; fi
    timeout 20 "${RUN[@]}" "$OUT/client" -p "$port" -host localhost -CAfile "$CERTS/ca.pem" \
        -msg "GET / HTTP/1.0" >"$clog" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && expect_in "$clog" "version: TLSv$v" "verify result: 0 (ok)" \
        "peer subject: /O=sslshim/CN=localhost" "HTTP/1.0 200 ok" "Protocol  : TLSv$v"; then
        pass "$name"
    else
        fail "$name" "exit $rc" "$clog"
    fi
done

# our client must refuse an untrusted server
name="client refuses an untrusted s_server"
port=$(free_port); log="$OUT/s_server-untrusted.log"; clog="$OUT/client-untrusted.log"
rm -f "$log"; : >"$log"
timeout 30 openssl s_server -accept "127.0.0.1:$port" -naccept 1 -www \
    -cert "$CERTS/untrusted.pem" -key "$CERTS/untrusted.key" >"$log" 2>&1 &
pids+=($!)
if wait_accept "$log"; then
    timeout 20 "${RUN[@]}" "$OUT/client" -p "$port" -CAfile "$CERTS/ca.pem" -msg "GET / HTTP/1.0" >"$clog" 2>&1
    rc=$?
    if [ $rc -eq 1 ] && expect_in "$clog" "verify result 20 (unable to get local issuer certificate)"; then
        pass "$name"
    else
        fail "$name" "exit $rc" "$clog"
    fi
else
    fail "$name" "s_server did not start" "$log"
fi

# ---- openssl s_client -> our server ---------------------------------------
for v in 1.3 1.2; do
    name="openssl s_client TLS$v -> server"
    slog="$OUT/server-s_client-$v.log"; clog="$OUT/s_client-$v.log"
    if ! start_example_server "$slog"; then fail "$name" "server did not start" "$slog"; continue; fi
    echo "hello from s_client" | timeout 20 openssl s_client -connect "127.0.0.1:$SPORT" \
        -servername localhost -verify_hostname localhost -CAfile "$CERTS/ca.pem" \
        -verify_return_error -brief -ign_eof "-tls1_${v#1.}" >"$clog" 2>&1
    rc=$?
    wait "${pids[-1]}" 2>/dev/null
    if [ $rc -eq 0 ] && expect_in "$clog" "Protocol version: TLSv$v" "Verification: OK" \
        "echo: hello from s_client" && expect_in "$slog" "version TLSv$v" "SNI localhost" \
        "request: hello from s_client"; then
        pass "$name"
    else
        cat "$slog" >>"$clog"
        fail "$name" "exit $rc" "$clog"
    fi
done

# ---- curl -> our server -------------------------------------------------------
for v in 1.3 1.2; do
    name="curl TLS$v -> server"
    slog="$OUT/server-curl-$v.log"; clog="$OUT/curl-$v.log"
    if ! start_example_server "$slog"; then fail "$name" "server did not start" "$slog"; continue; fi
    opts=(--tlsv1.2)
    [ "$v" = 1.2 ] && opts+=(--tls-max 1.2)
    timeout 20 curl -sS --max-time 15 --cacert "$CERTS/ca.pem" "${opts[@]}" \
        "https://localhost:$SPORT/" >"$clog" 2>&1
    rc=$?
    wait "${pids[-1]}" 2>/dev/null
    if [ $rc -eq 0 ] && expect_in "$clog" "hello from sslshim example server (TLSv$v)" \
        && expect_in "$slog" "SNI localhost" "request: GET / HTTP/1.1"; then
        pass "$name"
    else
        cat "$slog" >>"$clog"
        fail "$name" "exit $rc" "$clog"
    fi
done

# ---- python ssl -> our server -----------------------------------------------
for v in 1.3 1.2; do
    name="python ssl TLS$v -> server"
    slog="$OUT/server-python-$v.log"; clog="$OUT/python-$v.log"
    if ! start_example_server "$slog"; then fail "$name" "server did not start" "$slog"; continue; fi
    timeout 20 python3 tests/interop/py_client.py "$SPORT" "$CERTS/ca.pem" "$v" >"$clog" 2>&1
    rc=$?
    wait "${pids[-1]}" 2>/dev/null
    if [ $rc -eq 0 ] && expect_in "$clog" "version TLSv$v" "answer echo: hello from python" \
        && expect_in "$slog" "SNI localhost"; then
        pass "$name"
    else
        cat "$slog" >>"$clog"
        fail "$name" "exit $rc" "$clog"
    fi
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
