#!/usr/bin/env bash
# Interop for ClientHello-time features, as separate processes on 127.0.0.1:
#   - openssl s_client and curl -> tlsext_peer server (sslshim): ALPN chosen by
#     the select callback, SNI virtual hosts via SSL_set_SSL_CTX, a stapled
#     OCSP response that s_client parses and verifies;
#   - tlsext_peer client (sslshim) -> openssl s_server -alpn ... -status_file:
#     ALPN and the stapled response seen on our side.
# The OCSP response is made fresh with `openssl ocsp` (signed by the
# intermediate CA that issued the server certificate).
# Prints PASS/FAIL per case and "N passed, M failed"; exits 1 on failure.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
OUT=build/interop/tlsext
CERTS=tests/certs
LIBDIR="$ROOT/target/release"
mkdir -p "$OUT"

. tests/interop/lib.sh

gcc -Wall -O1 -g -Iinclude -o "$OUT/tlsext_peer" tests/interop/tlsext_peer.c \
    -L"$LIBDIR" -lsslshim -Wl,-rpath,"$LIBDIR" || { echo "0 passed, 1 failed"; exit 1; }

# A real OCSP response for the server certificate.
serial=$(openssl x509 -in "$CERTS/server.pem" -noout -serial | cut -d= -f2)
printf 'V\t391231000000Z\t\t%s\tunknown\t/O=sslshim/CN=localhost\n' "$serial" >"$OUT/index.txt"
if ! openssl ocsp -index "$OUT/index.txt" -rsigner "$CERTS/intermediate.pem" \
    -rkey "$CERTS/intermediate.key" -CA "$CERTS/intermediate.pem" \
    -issuer "$CERTS/intermediate.pem" -cert "$CERTS/server.pem" \
    -respout "$OUT/ocsp.der" -ndays 30 >"$OUT/ocsp.log" 2>&1; then
    fail "make OCSP response" "" "$OUT/ocsp.log"
fi

# ---- real clients -> our server ----------------------------------------------
slog="$OUT/server.log"; : >"$slog"
timeout 60 "$OUT/tlsext_peer" server "$CERTS" "$OUT/ocsp.der" >"$slog" 2>&1 &
pids+=($!)
PORT=""
for _ in $(seq 100); do
    PORT=$(sed -n 's/^listening on //p' "$slog"); [ -n "$PORT" ] && break; sleep 0.1
done
[ -n "$PORT" ] || fail "tlsext_peer server start" "" "$slog"

for host in localhost other.example; do
    name="openssl s_client -alpn -servername $host -status -> our server"
    log="$OUT/s_client-$host.log"
    printf 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' | timeout 20 openssl s_client \
        -connect "127.0.0.1:$PORT" -servername "$host" -verify_hostname "$host" \
        -alpn "foo,http/1.1" -status -CAfile "$CERTS/ca.pem" -verify_return_error \
        -ign_eof >"$log" 2>&1
    subject="CN = $host"
    [ "$host" = localhost ] || subject="CN = other.example"
    if expect_in "$log" "ALPN protocol: http/1.1" "Verify return code: 0 (ok)" \
        "OCSP Response Status: successful" "Cert Status: good" "$subject" \
        "alpn=http/1.1 sni=$host"; then
        pass "$name"
    else
        fail "$name" "" "$log"
    fi
done

name="curl (HTTP/1.1, ALPN) -> our server, virtual host other.example"
log="$OUT/curl.log"
if timeout 20 curl -sS --http1.1 --cacert "$CERTS/ca.pem" \
    --resolve "other.example:$PORT:127.0.0.1" "https://other.example:$PORT/" -v >"$log" 2>&1 &&
    expect_in "$log" "ALPN: server accepted http/1.1" "alpn=http/1.1 sni=other.example" \
        "CN=other.example"; then
    pass "$name"
else
    fail "$name" "" "$log"
fi

name="s_client offering no common ALPN gets no_application_protocol"
log="$OUT/s_client-noalpn.log"
timeout 20 openssl s_client -connect "127.0.0.1:$PORT" -alpn "spdy/3" -CAfile "$CERTS/ca.pem" \
    </dev/null >"$log" 2>&1
if expect_in "$log" "no application protocol"; then pass "$name"; else fail "$name" "" "$log"; fi

# ---- our client -> openssl s_server ----------------------------------------------
for v in 1.3 1.2; do
    name="our client -> openssl s_server -alpn -status_file TLS$v"
    port=$(free_port)
    log="$OUT/s_server-$v.log"; clog="$OUT/client-$v.log"
    : >"$log"
    timeout 30 openssl s_server -accept "127.0.0.1:$port" -naccept 1 -www "-tls1_${v#1.}" \
        -cert "$CERTS/server.pem" -key "$CERTS/server.key" -cert_chain "$CERTS/intermediate.pem" \
        -alpn "http/1.1" -status_file "$OUT/ocsp.der" >"$log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do grep -q '^ACCEPT' "$log" && break; sleep 0.1; done
    want_len=$(stat -c %s "$OUT/ocsp.der")
    if timeout 20 "$OUT/tlsext_peer" client "$CERTS" "$port" localhost "h2,http/1.1" >"$clog" 2>&1 &&
        expect_in "$clog" "alpn: http/1.1" "peer subject: /O=sslshim/CN=localhost" \
            "ocsp response: $want_len bytes" "verify result: 0"; then
        pass "$name"
    else
        fail "$name" "" "$clog"
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
