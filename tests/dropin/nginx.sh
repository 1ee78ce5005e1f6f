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
source tests/dropin/lib.sh
dropin_setup nginx "www" "${1:-}"
if ! command -v nginx >/dev/null; then
    fail "nginx not installed (make programs)"
    echo "dropin-nginx: $passed passed, $failed failed"; exit 1
fi

payload="sslshim nginx payload $$ $(date +%s%N)"
mkdir -p "$out/certs"
openssl genpkey -genparam -algorithm DH -pkeyopt dh_param:ffdhe2048 -out "$out/dhparam.pem"
cp "$certs/server-chain.pem" "$out/certs/localhost.chain.pem"
cp "$certs/server.key" "$out/certs/localhost.key"
# An OCSP response for the server certificate ("good"), made with the
# openssl tool, for ssl_stapling_file.
mkdir -p "$out/ocsp"
serial=$(openssl x509 -in "$certs/server.pem" -noout -serial | cut -d= -f2)
subj=$(openssl x509 -in "$certs/server.pem" -noout -subject -nameopt compat | sed 's/^subject=//')
printf 'V\t301231000000Z\t\t%s\tunknown\t%s\n' "$serial" "$subj" > "$out/ocsp/index.txt"
openssl ocsp -issuer "$certs/intermediate.pem" -cert "$certs/server.pem" -no_nonce \
    -reqout "$out/ocsp/req.der" > "$out/ocsp/log" 2>&1
openssl ocsp -index "$out/ocsp/index.txt" -rsigner "$certs/intermediate.pem" \
    -rkey "$certs/intermediate.key" -CA "$certs/intermediate.pem" -reqin "$out/ocsp/req.der" \
    -respout "$out/ocsp/resp.der" -ndays 1 >> "$out/ocsp/log" 2>&1
echo "$payload" > "$out/www/index.html"
head -c $((5 * 1024 * 1024)) /dev/urandom > "$out/www/big.bin"
big_sum=$(sha256sum < "$out/www/big.bin")

# The upstream of nginx's proxy cases: s_server -WWW on the real libssl.
www_port=$(free_port)
(cd "$out/www" && exec timeout 120 openssl s_server -accept "127.0.0.1:$www_port" -WWW \
    -cert "$certs/server.pem" -key "$certs/server.key" -cert_chain "$certs/intermediate.pem" \
    > "$out/s_server.log" 2>&1) &
pids+=($!)

# start WHICH: nginx on the system libssl ("system") or ours ("ours"), with
# a plain TLS server on $port_plain and one requiring a client certificate
# on $port_verify; prefix, logs and temp files under $out/WHICH.
start() {
    local which=$1 dir=$out/$1
    mkdir -p "$dir/logs" "$dir/tmp"
    port_plain=$(free_port); port_verify=$(free_port); port_conf=$(free_port)
    port_var=$(free_port); port_staple=$(free_port); port_proxy=$(free_port)
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
    # DH parameters (SSL_CTX_set_tmp_dh): accepted, no DHE suite uses them.
    ssl_dhparam $out/dhparam.pem;
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
    server {
        # OpenSSL configuration commands (SSL_CONF_cmd).
        listen 127.0.0.1:$port_conf ssl;
        ssl_conf_command Ciphersuites TLS_CHACHA20_POLY1305_SHA256;
        ssl_conf_command Protocol -TLSv1.2;
        root $out/www;
    }
    server {
        # A certificate chosen per connection from the server name: nginx
        # loads it in its SSL_CTX_set_cert_cb callback (SSL_use_certificate,
        # SSL_set0_chain, SSL_use_PrivateKey on the connection).
        listen 127.0.0.1:$port_var ssl;
        ssl_certificate $out/certs/\$ssl_server_name.chain.pem;
        ssl_certificate_key $out/certs/\$ssl_server_name.key;
        root $out/www;
    }
    server {
        # OCSP stapling from a file: nginx's status callback finds the
        # response through SSL_get_certificate (ex_data on its own X509).
        listen 127.0.0.1:$port_staple ssl;
        ssl_stapling on;
        ssl_stapling_file $out/ocsp/resp.der;
        root $out/www;
    }
    server {
        # nginx as a TLS client: a reverse proxy to s_server on the real
        # libssl, verifying it (its verify callback, the host name through
        # X509_VERIFY_PARAM) and reusing the session (SSL_set_session).
        listen 127.0.0.1:$port_proxy ssl;
        location /good/ {
            proxy_pass https://127.0.0.1:$www_port/;
            proxy_ssl_verify on;
            proxy_ssl_trusted_certificate $certs/ca.pem;
            proxy_ssl_name localhost;
            proxy_ssl_server_name on;
            proxy_ssl_session_reuse on;
        }
        location /wrongname/ {
            proxy_pass https://127.0.0.1:$www_port/;
            proxy_ssl_verify on;
            proxy_ssl_trusted_certificate $certs/ca.pem;
            proxy_ssl_name other.example;
            # Their own full handshakes: a session saved by /good/ (same
            # upstream) would skip verification (see docs/DROPIN.md).
            proxy_ssl_session_reuse off;
        }
        location /untrusted/ {
            proxy_pass https://127.0.0.1:$www_port/;
            proxy_ssl_verify on;
            proxy_ssl_trusted_certificate $certs/untrusted-ca.pem;
            proxy_ssl_name localhost;
            proxy_ssl_session_reuse off;
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
    # ssl_conf_command: TLS 1.3 with the one suite configured; TLS 1.2
    # switched off.
    for v in tls1_3 tls1_2; do
        printf 'GET /index.html HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -$v \
            -connect "127.0.0.1:$port_conf" -CAfile "$certs/ca.pem" -ign_eof > "$o.conf_$v" 2>&1
        echo "s_client exit $?" >> "$o.conf_$v"
        grep -E '^(New|Cipher is|s_client exit|.*alert)' "$o.conf_$v" \
            | sed -E 's/^[0-9A-F]+:error:/error:/; s/:[^:]*\.c:[0-9]+:/:/' > "$o.conf_$v.key"
    done
    # The certificate callback: a name with files, and one without.
    for name in localhost nosuch.example; do
        curl -sS --cacert "$certs/ca.pem" --resolve "$name:$port_var:127.0.0.1" \
            "https://$name:$port_var/index.html" > "$o.certcb_$name.body" 2> "$o.certcb_$name.err"
        echo $? > "$o.certcb_$name.rc"
    done
    # The proxy: verified and resumed, a wrong name, an untrusted CA.
    for path in good good wrongname untrusted; do
        curl -sS --cacert "$certs/ca.pem" -w ' %{http_code}\n' \
            "https://127.0.0.1:$port_proxy/$path/index.html" >> "$o.proxy" 2>&1
    done
    # The stapled OCSP response.
    printf 'GET /index.html HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -status \
        -connect "127.0.0.1:$port_staple" -CAfile "$certs/ca.pem" -ign_eof > "$o.staple" 2>&1
    grep -E 'OCSP [Rr]esponse|Cert Status|Response Status' "$o.staple" > "$o.staple.key"
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

if same conf_tls1_3 key && same conf_tls1_2 key \
    && expect_in "$O.conf_tls1_3" "New, TLSv1.3, Cipher is TLS_CHACHA20_POLY1305_SHA256" "$payload" \
    && expect_in "$O.conf_tls1_2.key" "s_client exit 1"; then
    pass "ssl_conf_command (SSL_CONF_cmd): Ciphersuites and Protocol -TLSv1.2 take effect as with the oracle"
else
    fail "ssl_conf_command" "" "$S.conf_tls1_3.key" "$O.conf_tls1_3.key" "$S.conf_tls1_2.key" "$O.conf_tls1_2.key"
fi

if same certcb_localhost body rc && same certcb_nosuch.example body rc \
    && [ "$(cat "$O.certcb_localhost.body")" = "$payload" ] \
    && [ "$(cat "$O.certcb_nosuch.example.rc")" != 0 ]; then
    pass "certificate from a variable (SSL_CTX_set_cert_cb): served for localhost, handshake refused for an unknown name (curl exit $(cat "$O.certcb_nosuch.example.rc")), as the oracle"
else
    fail "certificate callback" "" "$S.certcb_localhost.err" "$O.certcb_localhost.err" "$S.certcb_nosuch.example.err" "$O.certcb_nosuch.example.err"
fi

if same staple key && expect_in "$O.staple.key" "OCSP Response Status: successful (0x0)" \
    "Cert Status: good" && expect_in "$O.staple" "$payload"; then
    pass "OCSP stapling (ssl_stapling_file): s_client -status sees the response, as the oracle"
else
    fail "OCSP stapling" "" "$S.staple.key" "$O.staple.key" "$out/ocsp/log"
fi

# nginx logs its upstream handshakes; the verification errors are
# libcrypto's texts, so equal on both.
for w in system ours; do
    grep -aoE 'upstream SSL certificate (verify error: \([^)]*\)|does not match "[^"]*")' \
        "$out/$w/logs/error.log" \
        | sort > "$out/$w.proxy.errors"
done
if same proxy && same proxy.errors \
    && [ "$(grep -c "^$payload" "$O.proxy")" = 2 ] && [ "$(grep -c ' 502$' "$O.proxy")" = 2 ] \
    && expect_in "$O.proxy.errors" "upstream SSL certificate does not match \"other.example\"" \
        "upstream SSL certificate verify error: (20:unable to get local issuer certificate)" \
    && expect_in "$trace" "handshake done: client TLSv1.2"; then
    # (nginx 1.22's proxy_ssl_protocols default stops at TLS 1.2.)
    pass "reverse proxy to s_server (nginx as a TLS 1.2 client): verified payload twice, wrong name and untrusted CA refused (502) with the oracle's log lines"
else
    fail "reverse proxy" "" "$S.proxy" "$O.proxy" "$S.proxy.errors" "$O.proxy.errors"
fi

if grep -q "not implemented" "$trace"; then
    fail "stubs reached by nginx" "" <(grep "not implemented" "$trace" | sort -u)
fi

echo "dropin-nginx: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
