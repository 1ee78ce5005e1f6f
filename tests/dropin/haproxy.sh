#!/usr/bin/env bash
# Debian's haproxy, unchanged, on the drop-in libssl.so.3 (LD_PRELOAD), in
# the foreground (-db) with its config in $out:
#  - as a TLS-terminating frontend in front of a plain HTTP backend
#    (python3's http.server), answering curl and `openssl s_client` on the
#    real libssl: ALPN (alpn h2,http/1.1), an RSA and an ECDSA certificate
#    for the same name plus one for another name (haproxy's client hello
#    callback picks by SNI and signature algorithms), session resumption
#    (haproxy's own session cache, tickets, and tickets from a
#    tls-ticket-keys file across a restart: haproxy's ticket key callback),
#    ssl-min-ver, client certificate verification (verify required
#    ca-file);
#  - as a TLS client to `openssl s_server -WWW` on the real libssl
#    (server ... ssl verify required ca-file, sni, alpn): verified payload,
#    its saved session reused, an untrusted CA and a wrong name refused.
# Each case runs haproxy on the system libssl (the oracle) and on ours;
# bodies, exit codes, s_client's New/Reused lines and certificate subjects,
# and haproxy's log lines (SNI, ALPN, version, resumed flags, status) must
# be equal, and haproxy's stderr must carry our SSLSHIM_LOG handshakes.
#   tests/dropin/haproxy.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup haproxy "www" "${1:-}"
if [ ! -x /usr/sbin/haproxy ]; then
    fail "haproxy not installed (make programs)"
    echo "dropin-haproxy: $passed passed, $failed failed, $xfailed known differences"; exit 1
fi

payload="sslshim haproxy payload $$ $(date +%s%N)"
echo "$payload" > "$out/www/index.html"

# haproxy's crt files: certificate, chain and key in one PEM. Two for
# localhost (ECDSA and RSA), one for other.example.
cat "$certs/server-chain.pem" "$certs/server.key" > "$out/localhost-ec.pem"
cat "$certs/server-rsa-chain.pem" "$certs/server-rsa.key" > "$out/localhost-rsa.pem"
cat "$certs/wrong-host-chain.pem" "$certs/wrong-host.key" > "$out/other.pem"
# Ticket keys (80 bytes each, base64): fixed, so that a restarted haproxy
# decrypts the tickets of the previous one.
for k in 1 2 3; do printf 'sslshim haproxy ticket key %s %051d' $k 0 | base64 -w0; echo; done \
    > "$out/ticket.keys"

# The plain HTTP backend.
backend_port=$(free_port)
(cd "$out/www" && exec timeout 120 "$py" -m http.server --bind 127.0.0.1 "$backend_port") \
    > "$out/backend.log" 2>&1 &
pids+=($!)
wait_port "$backend_port" || fail "python3 backend did not start" "" "$out/backend.log"

# The TLS server haproxy's backends connect to: s_server -WWW with ALPN.
www_port=$(free_port)
(cd "$out/www" && exec timeout 120 openssl s_server -accept "127.0.0.1:$www_port" -WWW \
    -cert "$certs/server.pem" -key "$certs/server.key" -cert_chain "$certs/intermediate.pem" \
    -alpn http/1.1 > "$out/s_server.log" 2>&1) &
pids+=($!)
wait_port "$www_port" || fail "s_server did not start" "" "$out/s_server.log"

# Ports of the frontends, the same for both runs (each haproxy is stopped
# before the next starts).
p_main=$(free_port); p_cache=$(free_port); p_keys=$(free_port); p_min=$(free_port)
p_verify=$(free_port); p_proxy=$(free_port)

cat > "$out/haproxy.cfg" <<CONF
global
    log stderr format raw local0 info
    # One thread: haproxy keeps a backend's saved session per thread.
    nbthread 1
    # ssl_sock's default DH: no DHE suite is negotiated with ECDSA/TLS 1.3.
    tune.ssl.default-dh-param 2048
defaults
    mode http
    log global
    timeout connect 5s
    timeout client 10s
    timeout server 10s
    log-format "LOG %ft %b sni=%[ssl_fc_sni] alpn=%[ssl_fc_alpn] proto=%sslv resumed=%[ssl_fc_is_resumed] cverify=%[ssl_c_verify] bc_alpn=%[ssl_bc_alpn] bc_resumed=%[ssl_bc_is_resumed] status=%ST"
frontend main
    # Two certificates for localhost (RSA first: the default without SNI),
    # one for other.example; ALPN.
    bind 127.0.0.1:$p_main ssl crt $out/localhost-rsa.pem crt $out/localhost-ec.pem crt $out/other.pem alpn h2,http/1.1
    default_backend plain
frontend cache
    # No tickets: resumption through haproxy's session cache callbacks.
    bind 127.0.0.1:$p_cache ssl crt $out/localhost-ec.pem no-tls-tickets
    default_backend plain
frontend keys
    # Tickets from a key file: haproxy's ticket key callback.
    bind 127.0.0.1:$p_keys ssl crt $out/localhost-ec.pem tls-ticket-keys $out/ticket.keys
    default_backend plain
frontend min13
    # 0-RTT allowed: haproxy reads each handshake through
    # SSL_read_early_data (none is ever accepted by ours; the clients here
    # send none).
    bind 127.0.0.1:$p_min ssl crt $out/localhost-ec.pem ssl-min-ver TLSv1.3 allow-0rtt
    default_backend plain
frontend verify
    bind 127.0.0.1:$p_verify ssl crt $out/localhost-ec.pem verify required ca-file $certs/ca.pem
    http-request return status 200 content-type text/plain lf-string "verify=%[ssl_c_verify] used=%[ssl_c_used] s_dn=%[ssl_c_s_dn] i_dn=%[ssl_c_i_dn]\n"
frontend proxy
    # Plain in, TLS out: haproxy as a TLS client.
    bind 127.0.0.1:$p_proxy
    use_backend tls_good if { path_beg /good/ }
    use_backend tls_wrongname if { path_beg /wrongname/ }
    use_backend tls_untrusted if { path_beg /untrusted/ }
backend plain
    server s1 127.0.0.1:$backend_port
backend tls_good
    http-request set-path %[path,regsub(^/good/,/)]
    server s1 127.0.0.1:$www_port ssl verify required ca-file $certs/ca.pem sni str(localhost) alpn http/1.1
backend tls_wrongname
    http-request set-path %[path,regsub(^/wrongname/,/)]
    server s1 127.0.0.1:$www_port ssl verify required ca-file $certs/ca.pem sni str(other.example) no-ssl-reuse
backend tls_untrusted
    http-request set-path %[path,regsub(^/untrusted/,/)]
    server s1 127.0.0.1:$www_port ssl verify required ca-file $certs/untrusted-ca.pem sni str(localhost) no-ssl-reuse
CONF

if ! haproxy -c -f "$out/haproxy.cfg" > "$out/check.log" 2>&1; then
    fail "haproxy -c: configuration rejected" "" "$out/check.log"
    echo "dropin-haproxy: $passed passed, $failed failed, $xfailed known differences"; exit 1
fi

# start WHICH RUN: haproxy on the system libssl or ours; its stderr (our
# trace and haproxy's log lines) in $out/WHICH.RUN.log.
start() {
    local which=$1 env=()
    [ "$which" = ours ] && env=(SSLSHIM_LOG=info LD_PRELOAD="$lib")
    env "${env[@]}" timeout 100 /usr/sbin/haproxy -db -f "$out/haproxy.cfg" \
        > "$out/$which.$2.log" 2>&1 &
    hp_pid=$!
    pids+=($hp_pid)
    wait_port "$p_proxy" && return 0
    fail "haproxy ($which) did not start" "" "$out/$which.$2.log"
    return 1
}
stop() { sleep 0.3; kill "$hp_pid" 2>/dev/null; wait "$hp_pid" 2>/dev/null; }

# sclient OUT PORT ARGS...: one HTTP/1.0 GET through s_client; the lines
# that the protocol determines go to OUT.key.
sclient() {
    local o=$1 port=$2; shift 2
    printf 'GET /index.html HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client \
        -connect "127.0.0.1:$port" -CAfile "$certs/ca.pem" -ign_eof "$@" > "$o" 2>&1
    echo "s_client exit $?" >> "$o"
    # (Each session s_client prints, one per TLS 1.3 ticket, repeats
    # its verify code: kept once.)
    grep -E '^(New|Reused| *Verify return code|s_client exit|subject=|ALPN protocol|No ALPN)|^(HTTP/|sslshim haproxy payload)|:error:' "$o" \
        | sed -E 's/^ +//; s/^[0-9A-F]+:error:/error:/; s/:[^:]*\.c:[0-9]+:/:/' | awk '!seen[$0]++' > "$o.key"
}

cases() {
    local o=$out/$1
    # 1. curl: HTTP/2 and HTTP/1.1 through ALPN.
    for h in http2 http1.1; do
        curl -sS -v --$h --cacert "$certs/ca.pem" "https://localhost:$p_main/index.html" \
            > "$o.$h.body" 2> "$o.$h.err"
        echo $? > "$o.$h.rc"
        grep -E '^\* ALPN: server|^< HTTP/' "$o.$h.err" | tr -d '\r' > "$o.$h.alpn"
    done
    # s_client's ALPN offers: one haproxy does not know, then http/1.1.
    sclient "$o.alpn_none" "$p_main" -servername localhost -alpn spdy/3
    sclient "$o.alpn_h1" "$p_main" -servername localhost -alpn spdy/3,http/1.1
    # 2. Certificate selection: ECDSA for localhost, RSA when the client
    # signs with RSA only, other.example by name, RSA (first) without SNI.
    sclient "$o.sni_ec" "$p_main" -servername localhost
    sclient "$o.sni_rsa" "$p_main" -servername localhost -sigalgs 'RSA-PSS+SHA256:RSA+SHA256'
    sclient "$o.sni_rsa12" "$p_main" -tls1_2 -servername localhost -cipher ECDHE-RSA-AES128-GCM-SHA256
    sclient "$o.sni_other" "$p_main" -servername other.example -verify_hostname other.example
    sclient "$o.sni_none" "$p_main" -noservername
    for f in sni_ec sni_rsa sni_rsa12 sni_other sni_none; do
        grep -E '^(Peer signature type|Server Temp Key|Peer signing digest)|Public-Key:|^New,' "$o.$f" \
            > "$o.$f.sig"
        openssl x509 -in "$o.$f" -noout -text 2>/dev/null | grep 'Public Key Algorithm' >> "$o.$f.sig"
    done
    # 3. Resumption: TLS 1.3 and 1.2 with tickets (OpenSSL's keys in
    # haproxy), and with haproxy's session cache (no-tls-tickets).
    for port in main:$p_main cache:$p_cache keys:$p_keys; do
        for v in tls1_3 tls1_2; do
            sclient "$o.res_${port%%:*}_$v.first" "${port#*:}" -$v -servername localhost \
                -sess_out "$o.res_${port%%:*}_$v.sess"
            sclient "$o.res_${port%%:*}_$v.second" "${port#*:}" -$v -servername localhost \
                -sess_in "$o.res_${port%%:*}_$v.sess"
        done
    done
    # 4. ssl-min-ver TLSv1.3: 1.3 accepted, 1.2 refused.
    sclient "$o.min_tls1_3" "$p_min" -tls1_3
    sclient "$o.min_tls1_2" "$p_min" -tls1_2
    # 5. Client certificates: trusted (with its chain), none, untrusted.
    curl -sS --cacert "$certs/ca.pem" --cert "$certs/client-chain.pem" --key "$certs/client.key" \
        "https://localhost:$p_verify/" > "$o.cert.body" 2> "$o.cert.err"
    echo $? > "$o.cert.rc"
    curl -sS --cacert "$certs/ca.pem" "https://localhost:$p_verify/" > "$o.nocert.body" 2> "$o.nocert.err"
    echo $? > "$o.nocert.rc"
    curl -sS --cacert "$certs/ca.pem" --cert "$certs/untrusted.pem" --key "$certs/untrusted.key" \
        "https://localhost:$p_verify/" > "$o.badcert.body" 2> "$o.badcert.err"
    echo $? > "$o.badcert.rc"
    sclient "$o.canames" "$p_verify" < /dev/null
    sed -n '/^Acceptable client certificate CA names/,/^[A-Z].*:/p' "$o.canames" | sed '$d' \
        > "$o.canames.list"
    # 6. haproxy as a TLS client: verified (twice: the second reuses the
    # session haproxy saved: i2d_SSL_SESSION in its new-session callback,
    # d2i_SSL_SESSION and SSL_set_session on the next connection), wrong
    # name, untrusted CA.
    for path in good good wrongname untrusted; do
        curl -sS -w ' %{http_code}\n' "http://127.0.0.1:$p_proxy/$path/index.html" >> "$o.proxy" 2>&1
        sleep 0.2
    done
}

# Resumption of the previous run's tickets by a restarted haproxy: only
# the tls-ticket-keys frontend can decrypt them (same key file).
restart_cases() {
    local o=$out/$1
    for port in main:$p_main keys:$p_keys; do
        for v in tls1_3 tls1_2; do
            sclient "$o.restart_${port%%:*}_$v" "${port#*:}" -$v -servername localhost \
                -sess_in "$o.res_${port%%:*}_$v.sess"
        done
    done
}

for which in system ours; do
    if start $which 1; then
        cases $which
        stop
    fi
    if start $which 2; then
        restart_cases $which
        stop
    fi
    # haproxy's log lines of the first run, in order (the proxy's backend
    # lines are compared with the proxy case).
    grep '^LOG ' "$out/$which.1.log" | grep -v '^LOG proxy tls_' > "$out/$which.haproxy-log"
    grep '^LOG proxy tls_' "$out/$which.1.log" > "$out/$which.proxy.log"
done

S=$out/system O=$out/ours
trace=$out/ours.trace
cat "$out/ours.1.log" "$out/ours.2.log" > "$trace" 2>/dev/null
HS="sslshim: INFO sslshim::ssl::handshake: handshake done"

# same NAME FILE-SUFFIX...: ours equals the oracle for each suffix.
same() {
    local name=$1; shift
    for sfx in "$@"; do
        cmp -s "$S.$name.$sfx" "$O.$name.$sfx" || { echo "$name.$sfx differs" >> "$O.$name.$sfx"; return 1; }
    done
}

for h in http2 http1.1; do
    alpn=h2; [ $h = http1.1 ] && alpn=http/1.1
    if [ "$(cat "$O.$h.body")" = "$payload" ] && same $h body rc alpn \
        && expect_in "$O.$h.alpn" "ALPN: server accepted $alpn" && expect_in "$trace" "$HS: server TLSv1.3"; then
        pass "curl --$h: ALPN $alpn, payload through the plain backend, as the oracle"
    else
        fail "curl --$h" "" "$S.$h.alpn" "$O.$h.alpn" "$O.$h.err"
    fi
done
if same alpn_none key && same alpn_h1 key && expect_in "$O.alpn_none.key" "No ALPN negotiated" "$payload" \
    && expect_in "$O.alpn_h1.key" "ALPN protocol: http/1.1" "$payload"; then
    pass "s_client -alpn: no common protocol (none negotiated) and http/1.1 chosen, as the oracle"
else
    fail "s_client -alpn" "" "$S.alpn_none.key" "$O.alpn_none.key" "$S.alpn_h1.key" "$O.alpn_h1.key"
fi

ok=1
for f in sni_ec sni_rsa sni_rsa12 sni_other sni_none; do
    same $f key sig || ok=0
done
if [ $ok = 1 ] && expect_in "$O.sni_ec.sig" "id-ecPublicKey" && expect_in "$O.sni_rsa.sig" "rsaEncryption" \
    && expect_in "$O.sni_rsa12.sig" "rsaEncryption" && expect_in "$O.sni_none.sig" "rsaEncryption" \
    && expect_in "$O.sni_other.key" "subject=O = sslshim, CN = other.example" "Verify return code: 0 (ok)" \
    && expect_in "$O.sni_ec.key" "subject=O = sslshim, CN = localhost" "$payload"; then
    pass "certificate selection (two crt for localhost, one for other.example): ECDSA by default, RSA for an RSA-only client and without SNI, other.example by name, as the oracle"
else
    for f in sni_ec sni_rsa sni_rsa12 sni_other sni_none; do
        same $f key sig || fail "certificate selection: $f" "" "$S.$f.sig" "$O.$f.sig" "$S.$f.key" "$O.$f.key"
    done
    [ $ok = 1 ] && fail "certificate selection" "expected certificate missing" "$O.sni_ec.sig" "$O.sni_rsa.sig" "$O.sni_none.sig"
fi

for fe in main cache keys; do
    for v in tls1_3 tls1_2; do
        proto=TLSv1.3; [ $v = tls1_2 ] && proto=TLSv1.2
        f=res_${fe}_$v ok=1
        for w in system ours; do
            expect_in "$out/$w.$f.first.key" "New, $proto" "Verify return code: 0 (ok)" "$payload" \
                && expect_in "$out/$w.$f.second.key" "Reused, $proto" "$payload" || ok=0
        done
        if [ $ok = 1 ] && expect_in "$trace" "$HS: server $proto"; then
            pass "resumption on frontend '$fe' $proto (s_client -sess_out/-sess_in): Reused, as the oracle"
        else
            fail "resumption on frontend '$fe' $proto" "" "$S.$f.second.key" "$O.$f.first.key" "$O.$f.second.key"
        fi
    done
done

for fe in main keys; do
    for v in tls1_3 tls1_2; do
        proto=TLSv1.3; [ $v = tls1_2 ] && proto=TLSv1.2
        want="New, $proto"; [ $fe = keys ] && want="Reused, $proto"
        f=restart_${fe}_$v
        if expect_in "$S.$f.key" "$want" "$payload" && same $f key; then
            pass "restarted haproxy, frontend '$fe' $proto: the previous run's session ${want%%,*} (tls-ticket-keys), as the oracle"
        else
            fail "restarted haproxy, frontend '$fe' $proto: oracle '$(grep -E '^(New|Reused)' "$S.$f.key")', ours '$(grep -E '^(New|Reused)' "$O.$f.key")'" \
                "" "$S.$f.key" "$O.$f.key"
        fi
    done
done

if same min_tls1_3 key && same min_tls1_2 key && expect_in "$O.min_tls1_3.key" "New, TLSv1.3" "$payload" \
    && expect_in "$O.min_tls1_2.key" "s_client exit 1" && expect_in "$S.min_tls1_2.key" "s_client exit 1"; then
    pass "ssl-min-ver TLSv1.3: TLS 1.3 served, TLS 1.2 refused ($(grep -m1 error: "$O.min_tls1_2.key")), as the oracle"
else
    fail "ssl-min-ver TLSv1.3" "" "$S.min_tls1_2.key" "$O.min_tls1_2.key" "$O.min_tls1_3.key"
fi

if same cert body rc && expect_in "$O.cert.body" "verify=0 used=1" "s_dn=/O=sslshim/CN=sslshim test client"; then
    pass "client certificate verified by haproxy: $(cat "$O.cert.body")"
else
    fail "client certificate" "" "$S.cert.body" "$O.cert.body" "$O.cert.err"
fi
for c in nocert badcert; do
    if same $c body rc && [ "$(cat "$O.$c.rc")" != 0 ]; then
        pass "verify required, $c: handshake refused (curl exit $(cat "$O.$c.rc")), as the oracle"
    else
        fail "verify required, $c" "curl exit $(cat "$O.$c.rc"), oracle $(cat "$S.$c.rc")" "$S.$c.err" "$O.$c.err"
    fi
done
if same canames list && expect_in "$O.canames.list" "O = sslshim, CN = sslshim Test Root CA"; then
    pass "client CA names sent (ca-file): equal to the oracle's"
else
    fail "client CA names" "" "$S.canames.list" "$O.canames"
fi

if same proxy && same proxy log && [ "$(grep -c "^$payload" "$O.proxy")" = 2 ] && [ "$(grep -c ' 503$' "$O.proxy")" = 2 ] \
    && [ "$(grep -c 'tls_good .*bc_alpn=http/1.1 bc_resumed=1 status=200' "$S.proxy.log")" = 1 ] \
    && expect_in "$trace" "$HS: client TLSv1.3"; then
    pass "haproxy as a TLS client to s_server: verified payload twice (ALPN http/1.1, the second resumed), wrong name and untrusted CA refused (503), as the oracle"
else
    fail "haproxy as a TLS client" "" "$S.proxy" "$O.proxy" "$S.proxy.log" "$O.proxy.log"
fi

# haproxy's own view of the frontend connections: SNI, ALPN, version,
# resumed, client verification result, status; in the same order.
if cmp -s "$S.haproxy-log" "$O.haproxy-log" && [ -s "$S.haproxy-log" ]; then
    pass "haproxy's log lines (sni, alpn, version, resumed, client verify, status): $(wc -l < "$O.haproxy-log") lines equal to the oracle's"
else
    fail "haproxy's log lines differ" "" <(diff "$S.haproxy-log" "$O.haproxy-log")
fi

grep -h "not implemented" "$trace" | sort -u > "$out/stubs"
if [ -s "$out/stubs" ]; then
    echo "note: stubs haproxy reached:"; sed 's/^/      /' "$out/stubs"
fi

echo "dropin-haproxy: $passed passed, $failed failed, $xfailed known differences"
[ "$failed" -eq 0 ]
