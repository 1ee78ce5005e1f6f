#!/usr/bin/env bash
# Debian's stunnel4, unchanged, on the drop-in libssl.so.3 (LD_PRELOAD):
#  - as a TLS server in front of a plain TCP echo backend (python3),
#    answering `openssl s_client` on the real libssl;
#  - as a TLS client (plain in, TLS out) to `openssl s_server -WWW` on the
#    real libssl, verifying the server (verifyChain, CAfile, checkHost:
#    stunnel's verify callback on a libcrypto X509_STORE_CTX).
# Each case runs stunnel on the system libssl (the oracle) and on ours;
# payloads, exit codes and stunnel's certificate-check log lines must be
# equal, and our SSLSHIM_LOG trace must show the handshake.
#   tests/dropin/stunnel.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup stunnel "www" "${1:-}"
stunnel=$(command -v stunnel4 || command -v stunnel)
if [ -z "$stunnel" ]; then
    fail "stunnel4 not installed (make programs)"
    echo "dropin-stunnel: $passed passed, $failed failed"; exit 1
fi

payload="sslshim stunnel payload $$ $(date +%s%N)"
echo "$payload" > "$out/www/index.html"

# The plain backend: echoes each chunk back prefixed with "echo: ".
backend_port=$(free_port)
python3 - "$backend_port" <<'PY' > "$out/backend.log" 2>&1 &
import socket, sys, threading
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(16)
def serve(c):
    with c:
        try:
            while (d := c.recv(65536)):
                c.sendall(b"echo: " + d)
        except OSError:
            pass
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
pids+=($!)
wait_port "$backend_port" || fail "python3 backend did not start" "" "$out/backend.log"

# The TLS server stunnel's client side talks to.
www_port=$(free_port)
(cd "$out/www" && exec timeout 120 openssl s_server -accept "127.0.0.1:$www_port" -WWW \
    -cert "$certs/server.pem" -key "$certs/server.key" -cert_chain "$certs/intermediate.pem" \
    > "$out/s_server.log" 2>&1) &
pids+=($!)
wait_port "$www_port" || fail "s_server did not start" "" "$out/s_server.log"

# stunnel_start NAME WHICH SERVICE-LINES: stunnel with one service
# accepting on $port; its log (stderr, foreground) in $out/NAME.WHICH.log.
stunnel_start() {
    local name=$1 which=$2 conf=$out/$1.$2.conf
    port=$(free_port)
    {
        echo "foreground = yes"
        echo "pid ="
        echo "debug = info"
        echo "[$name]"
        echo "accept = 127.0.0.1:$port"
        printf '%s\n' "${@:3}"
    } > "$conf"
    local env=()
    [ "$which" = ours ] && env=(SSLSHIM_LOG=info LD_PRELOAD="$lib")
    env "${env[@]}" timeout 60 "$stunnel" "$conf" > "$out/$name.$which.log" 2>&1 &
    stunnel_pid=$!
    pids+=($stunnel_pid)
    # Not probed by connecting: in client mode that would be a connection
    # (and a session) of its own.
    for _ in $(seq 100); do
        grep -q "Accepting new connections" "$out/$name.$which.log" && return 0
        sleep 0.1
    done
    fail "stunnel $name ($which) did not start" "" "$out/$name.$which.log"
    return 1
}
stunnel_stop() { kill "$stunnel_pid" 2>/dev/null; wait "$stunnel_pid" 2>/dev/null; }

# Log lines about the peer's certificate and the handshake's error,
# without time stamps, thread ids and the error's source file.
cert_lines() {
    grep -E 'Certificate accepted|Rejected by|CERT:|Verification error|Peer certificate|SSL_connect:' "$1" \
        | sed -E 's/^[0-9.]+ [0-9:]+ LOG[0-9]\[[^]]*\]: //; s/^SSL_connect: [^ ]+ /SSL_connect: /'
}

HS_SERVER="sslshim: INFO sslshim::ssl::handshake: handshake done: server"
HS_CLIENT="sslshim: INFO sslshim::ssl::handshake: handshake done: client TLSv1.3"

# ---- stunnel as a server ------------------------------------------------
# 1. s_client (TLS 1.3 and 1.2) -> stunnel -> echo backend; then the same
# session resumed (-sess_out/-sess_in).
for which in system ours; do
    stunnel_start srv $which "connect = 127.0.0.1:$backend_port" \
        "cert = $certs/server-chain.pem" "key = $certs/server.key" || continue
    for v in tls1_3 tls1_2; do
        for run in first second; do
            sess=(-sess_out "$out/srv.$which.$v.sess")
            [ $run = second ] && sess=(-sess_in "$out/srv.$which.$v.sess")
            (echo "$payload"; sleep 0.5) | timeout 10 openssl s_client -$v -connect "127.0.0.1:$port" \
                -CAfile "$certs/ca.pem" -verify_return_error -no_ign_eof "${sess[@]}" \
                > "$out/srv.$which.$v.$run" 2>&1
            echo "s_client exit $?" >> "$out/srv.$which.$v.$run"
        done
    done
    sleep 0.3
    stunnel_stop
done
for v in tls1_3 tls1_2; do
    proto=TLSv1.3; [ $v = tls1_2 ] && proto=TLSv1.2
    ok=1
    for which in system ours; do
        f=$out/srv.$which.$v
        expect_in "$f.first" "New, $proto" "Verify return code: 0 (ok)" "echo: $payload" "s_client exit 0" \
            && expect_in "$f.second" "Reused, $proto" "echo: $payload" "s_client exit 0" || ok=0
    done
    if [ $ok = 1 ] && expect_in "$out/srv.ours.log" "$HS_SERVER $proto" "TLS accepted: new session negotiated" \
        "TLS accepted: previous session reused" "TLS closed (SSL_read)"; then
        pass "stunnel server $proto: s_client's payload echoed through the backend, session reused, as the oracle"
    else
        fail "stunnel server $proto" "" "$out/srv.ours.$v.first" "$out/srv.ours.$v.second" "$out/srv.ours.log"
    fi
done

# 2. A server requiring a client certificate (verifyChain, CAfile: the
# client CA list stunnel loads and sends), s_client presenting one.
for which in system ours; do
    stunnel_start srvauth $which "connect = 127.0.0.1:$backend_port" \
        "cert = $certs/server-chain.pem" "key = $certs/server.key" \
        "verifyChain = yes" "CAfile = $certs/ca.pem" || continue
    (echo "$payload"; sleep 0.5) | timeout 10 openssl s_client -connect "127.0.0.1:$port" \
        -CAfile "$certs/ca.pem" -cert "$certs/client.pem" -key "$certs/client.key" \
        -cert_chain "$certs/intermediate.pem" -no_ign_eof -sess_out "$out/srvauth.$which.sess" \
        > "$out/srvauth.$which.client" 2>&1
    # Resumed without presenting the certificate again: accepted as the
    # session's authentication stands.
    (echo "$payload"; sleep 0.5) | timeout 10 openssl s_client -connect "127.0.0.1:$port" \
        -CAfile "$certs/ca.pem" -sess_in "$out/srvauth.$which.sess" -no_ign_eof \
        > "$out/srvauth.$which.resumed" 2>&1
    sleep 0.3
    stunnel_stop
    cert_lines "$out/srvauth.$which.log" > "$out/srvauth.$which.cert"
    sed -n '/^Acceptable client certificate CA names/,/^[A-Z].*:/p' "$out/srvauth.$which.client" \
        | sed '$d' > "$out/srvauth.$which.canames"
done
s=$out/srvauth.system o=$out/srvauth.ours
if cmp -s "$s.cert" "$o.cert" && cmp -s "$s.canames" "$o.canames" \
    && expect_in "$o.client" "echo: $payload" \
    && expect_in "$o.resumed" "Reused, TLSv1.3" "echo: $payload" \
    && expect_in "$s.resumed" "Reused, TLSv1.3" "echo: $payload" \
    && expect_in "$o.canames" "O = sslshim, CN = sslshim Test Root CA" \
    && expect_in "$o.cert" "Certificate accepted at depth=0: O=sslshim, CN=sslshim test client" \
    && expect_in "$o.log" "$HS_SERVER TLSv1.3"; then
    pass "stunnel server verifying s_client's certificate: CA names sent and checks logged as the oracle's; the session resumed without the certificate"
else
    fail "stunnel server with client certificates" "" "$s.cert" "$o.cert" "$o.canames" "$o.log"
fi

# ---- stunnel as a client ------------------------------------------------
# run_client NAME CHECKS...: plain curl -> stunnel (client = yes, the
# given verification options) -> s_server -WWW, for both libraries.
run_client() {
    local name=$1; shift
    for which in system ours; do
        stunnel_start "$name" $which "client = yes" "connect = 127.0.0.1:$www_port" "$@" || continue
        curl -sS --max-time 10 "http://127.0.0.1:$port/index.html" > "$out/$name.$which.body" \
            2> "$out/$name.$which.err"
        echo $? > "$out/$name.$which.rc"
        # Once more, after the session tickets have arrived: stunnel
        # resumes its session (when the first connection succeeded).
        sleep 0.5
        curl -sS --max-time 10 "http://127.0.0.1:$port/index.html" > "$out/$name.$which.body2" \
            2> "$out/$name.$which.err2"
        echo $? >> "$out/$name.$which.rc"
        sleep 0.3
        stunnel_stop
        cert_lines "$out/$name.$which.log" > "$out/$name.$which.cert"
    done
}

# check_client NAME DESCRIPTION TRACE [expected cert-log lines...]: TRACE
# is what our library must have logged (the handshake, or its error).
check_client() {
    local name=$1 desc=$2 trace=$3; shift 3
    local s=$out/$name.system o=$out/$name.ours why=""
    cmp -s "$s.body" "$o.body" && cmp -s "$s.body2" "$o.body2" || why="payload differs"
    [ "$(grep -o 'TLS connected: .*' "$s.log")" = "$(grep -o 'TLS connected: .*' "$o.log")" ] \
        || why="${why:+$why; }new/resumed sessions differ"
    [ "$(cat "$s.rc")" = "$(cat "$o.rc")" ] || why="${why:+$why; }curl exit $(cat "$o.rc"), oracle $(cat "$s.rc")"
    cmp -s "$s.cert" "$o.cert" || why="${why:+$why; }certificate log lines differ"
    if [ -z "$why" ] && expect_in "$o.cert" "$@" && expect_in "$o.log" "$trace"; then
        pass "stunnel client, $desc: equal to the oracle (curl exit $(tr '\n' ' ' < "$o.rc"))"
    else
        fail "stunnel client, $desc" "$why" "$s.cert" "$o.cert" "$o.log"
    fi
}

run_client verified "verifyChain = yes" "CAfile = $certs/ca.pem" "checkHost = localhost"
if [ "$(cat "$out/verified.ours.body")" = "$payload" ] && [ "$(cat "$out/verified.ours.body2")" = "$payload" ] \
    && expect_in "$out/verified.ours.log" "TLS connected: new session negotiated" \
        "TLS connected: previous session reused"; then
    check_client verified "chain and host verified, payload through, then the session resumed" "$HS_CLIENT" \
        "Certificate accepted at depth=2: O=sslshim, CN=sslshim Test Root CA" \
        'CERT: Host name "localhost" matched with "localhost"' \
        "Certificate accepted at depth=0: O=sslshim, CN=localhost"
else
    fail "stunnel client: payload" "" "$out/verified.ours.err" "$out/verified.ours.log"
fi

run_client wronghost "verifyChain = yes" "CAfile = $certs/ca.pem" "checkHost = other.example"
# Our library's error, as stunnel prints it (OpenSSL's names ssl/statem/);
# its text is compared with the oracle's in the log lines.
REJECTED="SSL_connect: src/ssl/"
check_client wronghost "checkHost mismatch rejected" "$REJECTED" "CERT: Subject checks failed" \
    "Rejected by CERT at depth=0: O=sslshim, CN=localhost" \
    "SSL_connect: error:0A000086:SSL routines::certificate verify failed"

run_client untrusted "verifyChain = yes" "CAfile = $certs/untrusted-ca.pem"
check_client untrusted "untrusted CA rejected" "$REJECTED" \
    "CERT: Pre-verification error: unable to get local issuer certificate" \
    "Rejected by CERT at depth=1: O=sslshim, CN=sslshim Test Intermediate CA"

# A client certificate presented by stunnel (cert/key in client mode) to
# an s_server that requires one (-Verify): s_server's log of the client's
# certificate must equal the oracle's.
cauth_port=$(free_port)
(cd "$out/www" && exec timeout 120 openssl s_server -accept "127.0.0.1:$cauth_port" -WWW \
    -cert "$certs/server.pem" -key "$certs/server.key" -cert_chain "$certs/intermediate.pem" \
    -Verify 3 -CAfile "$certs/ca.pem" -verify_return_error > "$out/s_server_cauth.log" 2>&1) &
pids+=($!)
wait_port "$cauth_port" || fail "s_server -Verify did not start" "" "$out/s_server_cauth.log"
for which in system ours; do
    stunnel_start clicert $which "client = yes" "connect = 127.0.0.1:$cauth_port" \
        "verifyChain = yes" "CAfile = $certs/ca.pem" "checkHost = localhost" \
        "cert = $certs/client-chain.pem" "key = $certs/client.key" || continue
    curl -sS --max-time 10 "http://127.0.0.1:$port/index.html" > "$out/clicert.$which.body" \
        2> "$out/clicert.$which.err"
    echo $? > "$out/clicert.$which.rc"
    sleep 0.3
    stunnel_stop
done
if cmp -s "$out/clicert.system.body" "$out/clicert.ours.body" \
    && [ "$(cat "$out/clicert.ours.body")" = "$payload" ] \
    && [ "$(grep -c '^depth=0 O = sslshim, CN = sslshim test client' "$out/s_server_cauth.log")" = 2 ] \
    && expect_in "$out/clicert.ours.log" "$HS_CLIENT"; then
    pass "stunnel client presenting a certificate chain to s_server -Verify: accepted, payload through, as the oracle"
else
    fail "stunnel client certificate" "" "$out/clicert.ours.err" "$out/s_server_cauth.log" "$out/clicert.ours.log"
fi

for f in "$out"/*.ours.log; do
    grep -h "not implemented" "$f"
done | sort -u > "$out/stubs"
if [ -s "$out/stubs" ]; then
    echo "note: stubs stunnel reached (fail cleanly):"; sed 's/^/      /' "$out/stubs"
fi

echo "dropin-stunnel: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
