#!/usr/bin/env bash
# Debian's nginx, unchanged, on the drop-in libssl.so.3 (LD_PRELOAD), serving
# HTTPS to `openssl s_client` and curl on the real libssl (separate
# processes). Each case runs against nginx on the system libssl (the oracle)
# and on ours; what the protocol determines (bodies, status, exit codes,
# resumption) must be equal, and nginx's stderr must carry our SSLSHIM_LOG
# handshake trace.
#   tests/dropin/nginx.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/interop/lib.sh

lib=$PWD/${1:-target/dropin/libssl.so.3}
certs=$PWD/tests/certs
out=$PWD/build/dropin/nginx; rm -rf "$out"; mkdir -p "$out/www"
if ! command -v nginx >/dev/null; then
    fail "nginx not installed (make dropin-pkgs-servers)"
    echo "dropin-nginx: $passed passed, $failed failed"; exit 1
fi

payload="sslshim nginx payload $$ $(date +%s%N)"
echo "$payload" > "$out/www/index.html"
head -c $((5 * 1024 * 1024)) /dev/urandom > "$out/www/big.bin"
big_sum=$(sha256sum < "$out/www/big.bin")

# start WHICH: nginx on the system libssl ("system") or ours ("ours"), with
# a plain TLS server on $port_plain and one requiring a client certificate
# on $port_verify; prefix, logs and temp files under $out/WHICH.
start() {
    local which=$1 dir=$out/$1
    mkdir -p "$dir/logs" "$dir/tmp"
    port_plain=$(free_port); port_verify=$(free_port)
    cat > "$dir/nginx.conf" <<CONF
daemon off;
master_process off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log debug;
events { worker_connections 64; }
http {
    access_log $dir/logs/access.log;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    default_type application/octet-stream;
    ssl_certificate $certs/server-chain.pem;
    ssl_certificate_key $certs/server.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:SSL:1m;
    ssl_session_timeout 5m;
    server {
        # A small send buffer: a slow reader fills the socket and nginx
        # meets SSL_ERROR_WANT_WRITE.
        listen 127.0.0.1:$port_plain ssl sndbuf=64k;
        root $out/www;
    }
    server {
        listen 127.0.0.1:$port_verify ssl;
        ssl_client_certificate $certs/ca.pem;
        ssl_verify_client on;
        ssl_verify_depth 2;
        location / {
            return 200 "verify=\$ssl_client_verify subject=\$ssl_client_s_dn issuer=\$ssl_client_i_dn\n";
        }
    }
}
CONF
    local env=()
    [ "$which" = ours ] && env=(SSLSHIM_LOG=info LD_PRELOAD="$lib")
    env "${env[@]}" timeout 120 nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" \
        > "$dir/stderr.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do
        (echo > "/dev/tcp/127.0.0.1/$port_verify") 2>/dev/null && return 0
        sleep 0.1
    done
    fail "nginx ($which) did not start" "" "$dir/stderr.log" "$dir/logs/error.log"
    return 1
}

# Cases run by `cases WHICH` against the nginx just started; results go to
# $out/WHICH.NAME.* and are compared afterwards.
cases() {
    local w=$1 o=$out/$1
    local url=https://127.0.0.1:$port_plain
    # 1. The payload, to curl.
    curl -sS --cacert "$certs/ca.pem" "$url/index.html" > "$o.get.body" 2> "$o.get.err"
    echo $? > "$o.get.rc"
    # 2. Resumption with s_client, TLS 1.3 (ticket) and TLS 1.2 (nginx's
    # session cache or ticket): the second connection reuses the first's
    # session.
    for v in tls1_3 tls1_2; do
        printf 'GET /index.html HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -$v \
            -connect "127.0.0.1:$port_plain" -CAfile "$certs/ca.pem" -verify_return_error \
            -sess_out "$o.$v.sess" -ign_eof > "$o.$v.first" 2>&1
        printf 'GET /index.html HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -$v \
            -connect "127.0.0.1:$port_plain" -CAfile "$certs/ca.pem" -verify_return_error \
            -sess_in "$o.$v.sess" -ign_eof > "$o.$v.second" 2>&1
    done
    # 3. 5 MiB to a slow reader (rate-limited curl): nginx's writes stop
    # on a full socket (SSL_ERROR_WANT_WRITE) and resume.
    curl -sS --limit-rate 2M --cacert "$certs/ca.pem" "$url/big.bin" 2> "$o.big.err" \
        | sha256sum > "$o.big.sum"
    # 4. Client certificates against ssl_client_certificate (the client CA
    # list nginx loads and sends): trusted, none, untrusted.
    url=https://127.0.0.1:$port_verify
    curl -sS --cacert "$certs/ca.pem" --cert "$certs/client-chain.pem" --key "$certs/client.key" \
        "$url/" > "$o.cert.body" 2> "$o.cert.err"
    echo $? > "$o.cert.rc"
    curl -sS --cacert "$certs/ca.pem" "$url/" > "$o.nocert.body" 2> "$o.nocert.err"
    echo $? > "$o.nocert.rc"
    curl -sS --cacert "$certs/ca.pem" --cert "$certs/untrusted.pem" --key "$certs/untrusted.key" \
        "$url/" > "$o.badcert.body" 2> "$o.badcert.err"
    echo $? > "$o.badcert.rc"
    # The CA names nginx sends in its CertificateRequest.
    timeout 10 openssl s_client -connect "127.0.0.1:$port_verify" -CAfile "$certs/ca.pem" \
        < /dev/null > "$o.canames" 2>&1
    sed -n '/^Acceptable client certificate CA names/,/^[A-Z].*:/p' "$o.canames" | sed '$d' \
        > "$o.canames.list"
}

for which in system ours; do
    if start $which; then
        cases $which
        kill "${pids[-1]}" 2>/dev/null; wait "${pids[-1]}" 2>/dev/null
    fi
done

S=$out/system O=$out/ours
# nginx sends its stderr to its error log once started: our trace is there.
trace=$out/ours.trace
cat "$out/ours/stderr.log" "$out/ours/logs/error.log" > "$trace" 2>/dev/null
HANDSHAKE="sslshim: INFO sslshim::ssl::handshake: handshake done: server TLSv1.3"

# same NAME FILE-SUFFIX...: ours equals the oracle for each suffix.
same() {
    local name=$1; shift
    for sfx in "$@"; do
        cmp -s "$S.$name.$sfx" "$O.$name.$sfx" || { echo "$name.$sfx differs"; return 1; }
    done
}

if [ "$(cat "$O.get.body" 2>/dev/null)" = "$payload" ] && same get body rc \
    && expect_in "$trace" "$HANDSHAKE"; then
    pass "payload to curl: equal to the oracle's, handshake by sslshim"
else
    fail "payload to curl" "" "$O.get.err" "$trace"
fi

for v in tls1_3 tls1_2; do
    proto=TLSv1.3; [ $v = tls1_2 ] && proto=TLSv1.2
    ok=1
    for w in system ours; do
        f=$out/$w.$v
        expect_in "$f.first" "New, $proto" "Verify return code: 0 (ok)" "$payload" \
            && expect_in "$f.second" "Reused, $proto" "$payload" || ok=0
    done
    if [ $ok = 1 ] && expect_in "$trace" "handshake done: server $proto"; then
        pass "resumption $proto with s_client -sess_out/-sess_in: Reused, as the oracle"
    else
        fail "resumption $proto" "" "$S.$v.second" "$O.$v.first" "$O.$v.second"
    fi
done

# nginx's debug log shows SSL_write returning -1 with SSL_ERROR_WANT_WRITE (3).
if [ "$(cat "$O.big.sum")" = "$big_sum" ] && [ "$(cat "$S.big.sum")" = "$big_sum" ] \
    && expect_in "$out/ours/logs/error.log" "SSL_write: -1" "SSL_get_error: 3"; then
    pass "5 MiB to a rate-limited curl: sha256 equal, nginx met SSL_ERROR_WANT_WRITE $(grep -c 'SSL_get_error: 3' "$out/ours/logs/error.log") times"
else
    fail "5 MiB download" "sha256 $(cat "$O.big.sum"), expected $big_sum" "$O.big.err"
fi

if same cert body rc && expect_in "$O.cert.body" "verify=SUCCESS" "subject=CN=sslshim test client,O=sslshim"; then
    pass "client certificate verified by nginx: $(cat "$O.cert.body")"
else
    fail "client certificate" "" "$S.cert.body" "$O.cert.body" "$O.cert.err"
fi
if same nocert body rc && expect_in "$O.nocert.body" "400 No required SSL certificate was sent"; then
    pass "no client certificate: 400, as the oracle"
else
    fail "no client certificate" "" "$S.nocert.body" "$O.nocert.body"
fi
if same badcert body rc && expect_in "$O.badcert.body" "400 The SSL certificate error"; then
    pass "untrusted client certificate: nginx's verify callback lets it through, nginx answers 400, as the oracle"
else
    fail "untrusted client certificate" "" "$S.badcert.body" "$O.badcert.body" "$O.badcert.err"
fi
if same canames list && expect_in "$O.canames.list" "O = sslshim, CN = sslshim Test Root CA"; then
    pass "client CA names sent (ssl_client_certificate): equal to the oracle's"
else
    fail "client CA names" "" "$S.canames.list" "$O.canames"
fi

if grep -q "not implemented" "$trace"; then
    fail "stubs reached by nginx" "" <(grep "not implemented" "$trace" | sort -u)
fi

echo "dropin-nginx: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
