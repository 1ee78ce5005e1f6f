#!/usr/bin/env bash
# Debian's squid (squid-openssl), unchanged, on the drop-in libssl.so.3
# (LD_PRELOAD), as a TLS reverse proxy (https_port ... accel):
#  - the TLS server: curl (the real libssl) fetches through https_port
#    from a plain python3 HTTP backend (TLS 1.3 and 1.2, a 2 MiB body), and
#    through a port requiring a client certificate (clientca=, with and
#    without one); `openssl s_client` resumes its session;
#  - the TLS client: cache_peer ... originserver tls to `openssl s_server
#    -WWW` (the real libssl), verified (tls-cafile=, ssldomain=), with a
#    client certificate to an s_server -Verify (accepted; an untrusted
#    one rejected, TLS 1.3 and 1.2), and refused for an untrusted CA and a
#    wrong name.
# Squid runs once on the system libssl (the oracle) and once on ours, with
# the same configuration; bodies, HTTP status, curl exit codes, squid's
# access log (TLS versions and ciphers of both sides, the client
# certificate's subject) and its TLS-related cache.log lines must be equal,
# and squid's stderr must carry our SSLSHIM_LOG handshake trace.
#   tests/dropin/squid.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup squid "www" "${1:-}"
if [ ! -x /usr/sbin/squid ]; then
    fail "squid-openssl not installed (make programs)"
    echo "dropin-squid: $passed passed, $failed failed"; exit 1
fi

payload="sslshim squid payload $$ $(date +%s%N)"
echo "$payload" > "$out/www/index.html"
head -c $((2 * 1024 * 1024)) /dev/urandom > "$out/www/big.bin"
big_sum=$(sha256sum < "$out/www/big.bin")

# The plain backend and the TLS origins (the real libssl): s_server -WWW,
# and one requiring a client certificate.
backend_port=$(free_port)
(cd "$out/www" && exec timeout 120 python3 -m http.server --bind 127.0.0.1 "$backend_port") \
    > "$out/backend.log" 2>&1 &
pids+=($!)
www_port=$(free_port)
(cd "$out/www" && exec timeout 120 openssl s_server -accept "127.0.0.1:$www_port" -WWW \
    -cert "$certs/server.pem" -key "$certs/server.key" -cert_chain "$certs/intermediate.pem" \
    > "$out/s_server.log" 2>&1) &
pids+=($!)
cauth_port=$(free_port)
(cd "$out/www" && exec timeout 120 openssl s_server -accept "127.0.0.1:$cauth_port" -WWW \
    -cert "$certs/server.pem" -key "$certs/server.key" -cert_chain "$certs/intermediate.pem" \
    -Verify 3 -CAfile "$certs/ca.pem" -verify_return_error > "$out/s_server_cauth.log" 2>&1) &
pids+=($!)
wait_port "$backend_port" || fail "python3 backend did not start" "" "$out/backend.log"
wait_port "$www_port" || fail "s_server did not start" "" "$out/s_server.log"
wait_port "$cauth_port" || fail "s_server -Verify did not start" "" "$out/s_server_cauth.log"

# The https_ports (name: extra options) and the peer each one uses.
names=(front clientca tlsorigin certorigin badca badname badcert badcert12)
declare -A port_opts=(
    [clientca]="clientca=$certs/ca.pem tls-cafile=$certs/ca.pem"
)
declare -A peer=(
    [front]="$backend_port 0 no-query originserver"
    [clientca]="$backend_port 0 no-query originserver"
    [tlsorigin]="$www_port 0 no-query originserver tls tls-cafile=$certs/ca.pem ssldomain=localhost"
    [certorigin]="$cauth_port 0 no-query originserver tls tls-cafile=$certs/ca.pem ssldomain=localhost sslcert=$certs/client-chain.pem sslkey=$certs/client.key"
    [badca]="$www_port 0 no-query originserver tls tls-cafile=$certs/untrusted-ca.pem ssldomain=localhost"
    [badname]="$www_port 0 no-query originserver tls tls-cafile=$certs/ca.pem ssldomain=other.example"
    [badcert]="$cauth_port 0 no-query originserver tls tls-cafile=$certs/ca.pem ssldomain=localhost sslcert=$certs/untrusted.pem sslkey=$certs/untrusted.key"
    [badcert12]="$cauth_port 0 no-query originserver tls tls-cafile=$certs/ca.pem ssldomain=localhost sslcert=$certs/untrusted.pem sslkey=$certs/untrusted.key tls-options=NO_TLSv1_3"
)

# start WHICH: squid on the system libssl or ours, its configuration,
# logs and pid file under $out/WHICH (its stderr: $out/WHICH/stderr.log);
# sets port_NAME for each https_port.
start() {
    local which=$1 dir=$out/$1 n
    mkdir -p "$dir"
    # squid (run as root) writes its logs as cache_effective_user.
    chmod 777 "$dir"
    for n in "${names[@]}"; do printf -v "port_$n" %s "$(free_port)"; done
    {
        for n in "${names[@]}"; do
            local p; p=$(eval echo "\$port_$n")
            echo "https_port 127.0.0.1:$p accel defaultsite=localhost name=$n tls-cert=$certs/server-chain.pem tls-key=$certs/server.key ${port_opts[$n]:-}"
            echo "acl $n myportname $n"
            echo "cache_peer 127.0.0.1 parent ${peer[$n]} no-digest name=peer_$n"
            echo "cache_peer_access peer_$n allow $n"
            echo "cache_peer_access peer_$n deny all"
        done
        cat <<CONF
never_direct allow all
http_access allow all
cache deny all
cache_mem 1 MB
cache_effective_user $( [ "$(id -u)" = 0 ] && echo proxy || id -un )
pid_filename $dir/squid.pid
cache_log $dir/cache.log
logformat tls %Ss/%03>Hs %rm %ru %Sh client=%ssl::>negotiated_version/%ssl::>negotiated_cipher/%ssl::>cert_subject peer=%ssl::<negotiated_version/%ssl::<negotiated_cipher
access_log stdio:$dir/access.log tls
cache_store_log none
coredump_dir $dir
netdb_filename none
pinger_enable off
connect_retries 0
shutdown_lifetime 0 seconds
# Section 83 (TLS) at level 2: new/reused sessions, verification errors.
debug_options ALL,1 83,2
CONF
    } > "$dir/squid.conf"
    local env=()
    [ "$which" = ours ] && env=(SSLSHIM_LOG=info LD_PRELOAD="$lib")
    env "${env[@]}" timeout 100 /usr/sbin/squid -N -f "$dir/squid.conf" > "$dir/stderr.log" 2>&1 &
    squid_pid=$!
    pids+=($squid_pid)
    local last; last=$(eval echo "\$port_${names[-1]}")
    # Not probed by connecting (a connection of its own, logged).
    for _ in $(seq 150); do
        grep -q "Accepting reverse-proxy HTTPS .*127.0.0.1:$last " "$dir/cache.log" 2>/dev/null && return 0
        sleep 0.1
    done
    fail "squid ($which) did not start" "" "$dir/stderr.log" "$dir/cache.log"
    return 1
}

# fetch FILE NAME PATH [curl options]: curl through https_port NAME; the
# body then "status HTTP-STATUS exit CODE" in FILE.
fetch() {
    local f=$1 n=$2 path=$3 p; shift 3
    p=$(eval echo "\$port_$n")
    curl -sS --max-time 20 --cacert "$certs/ca.pem" "$@" "https://localhost:$p$path" \
        -w '\nstatus %{http_code}' > "$f.raw" 2> "$f.err"
    echo " exit $?" >> "$f.raw"
    # squid's error pages name the port and the time.
    sed -E 's/localhost:[0-9]+/localhost:PORT/g; s/Generated .* by/Generated DATE by/' "$f.raw" > "$f"
}

cases() {
    local o=$out/$1
    fetch "$o.front13" front /index.html --tlsv1.3
    fetch "$o.front12" front /index.html --tlsv1.2 --tls-max 1.2
    fetch "$o.big" front /big.bin -o "$o.big.bin"
    sha256sum < "$o.big.bin" > "$o.big.sum"
    fetch "$o.clientca" clientca /index.html --cert "$certs/client-chain.pem" --key "$certs/client.key"
    # TLS 1.2: squid's alert ends the handshake (in TLS 1.3 it races with
    # curl's request).
    fetch "$o.clientca_none" clientca /index.html --tls-max 1.2
    fetch "$o.tlsorigin" tlsorigin /index.html
    fetch "$o.certorigin" certorigin /index.html
    fetch "$o.badca" badca /index.html
    fetch "$o.badname" badname /index.html
    fetch "$o.badcert" badcert /index.html
    fetch "$o.badcert12" badcert12 /index.html
    # Session resumption on the front port: TLS 1.2 (squid's session
    # cache) and TLS 1.3 (tickets).
    local v
    for v in tls1_3 tls1_2; do
        printf 'GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n' | timeout 10 openssl s_client -$v \
            -connect "127.0.0.1:$port_front" -CAfile "$certs/ca.pem" -verify_return_error \
            -sess_out "$o.$v.sess" -ign_eof > "$o.$v.first" 2>&1
        printf 'GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n' | timeout 10 openssl s_client -$v \
            -connect "127.0.0.1:$port_front" -CAfile "$certs/ca.pem" -verify_return_error \
            -sess_in "$o.$v.sess" -ign_eof > "$o.$v.second" 2>&1
        grep -hE '^(New|Reused),|^Verify return code|^HTTP/' "$o.$v.first" "$o.$v.second" > "$o.$v.key"
    done
}

for which in system ours; do
    if start $which; then
        cases $which
        sleep 0.5
        kill "$squid_pid" 2>/dev/null; wait "$squid_pid" 2>/dev/null
        # The access log without the ports (different per run).
        sed -E 's/localhost:[0-9]+/localhost:PORT/' "$out/$which/access.log" > "$out/$which.access"
        # cache.log's TLS lines without time stamps, FDs, connection ids
        # and ports.
        grep -E '\| 83,|TLS|SSL|[Cc]ertificate|TCP connection to .* failed' "$out/$which/cache.log" \
            | grep -vE 'Accepting reverse-proxy|^sslshim: ' \
            | sed -E 's/^[0-9\/]+ [0-9:.]+( kid[0-9]+)?\| //; s/0x[0-9a-f]+/0xADDR/g; s/FD:? ?[0-9]+/FD N/g; s/conn[0-9]+/connN/g; s/:[0-9]{4,5}/:PORT/g; s/\/[0-9]{4,5}/\/PORT/g' \
            > "$out/$which.cachelog"
    fi
done

S=$out/system O=$out/ours
trace=$out/ours.trace
cat "$out/ours/stderr.log" "$out/ours/cache.log" 2>/dev/null | grep '^sslshim: ' > "$trace"
HS="sslshim: INFO sslshim::ssl::handshake: handshake done:"

# same NAME: ours equals the oracle for $out/{system,ours}.NAME.
same() { cmp -s "$S.$1" "$O.$1"; }
# check NAME DESCRIPTION EXPECTED...: the oracle has EXPECTED, ours the same.
check() {
    local name=$1 desc=$2; shift 2
    if ! expect_in "$S.$name" "$@"; then
        fail "squid $desc: the oracle" "" "$S.$name" "$S.$name.err"
    elif same "$name"; then
        pass "squid $desc: equal to the oracle ($(grep -hoE 'SQUID_[A-Z0-9_]+|ERR_[A-Z_]+' "$O.$name" | sort -u | tr '\n' ' ')$(tail -1 "$O.$name"))"
    else
        fail "squid $desc" "differs from the oracle" "$S.$name" "$O.$name" "$O.$name.err"
    fi
}

check front13 "https_port, TLS 1.3, to a plain backend" "$payload" "status 200 exit 0"
check front12 "https_port, TLS 1.2, to a plain backend" "$payload" "status 200 exit 0"
if [ "$(cat "$O.big.sum")" = "$big_sum" ] && [ "$(cat "$S.big.sum")" = "$big_sum" ] && same big; then
    pass "squid https_port: a 2 MiB body, sha256 equal to the oracle's"
else
    fail "squid https_port: 2 MiB body" "sha256 $(cat "$O.big.sum"), expected $big_sum" "$O.big" "$O.big.err"
fi
check clientca "https_port with clientca=, curl presenting a certificate" "$payload" "status 200 exit 0"
# No certificate: squid's port requires one (SSL_VERIFY_FAIL_IF_NO_PEER_CERT).
check clientca_none "https_port with clientca=, no client certificate refused (TLS 1.2)" "status 000 exit 35"
check tlsorigin "cache_peer tls to s_server -WWW, verified (tls-cafile=, ssldomain=)" "$payload" "status 200 exit 0"
check certorigin "cache_peer tls with sslcert= to s_server -Verify" "$payload" "status 200 exit 0"
# s_server -Verify verified squid's client certificate once per run.
n=$(grep -c '^depth=0 O = sslshim, CN = sslshim test client' "$out/s_server_cauth.log")
if [ "$n" = 2 ]; then
    pass "squid's client certificate (sslcert=, chain) verified by s_server on both libraries"
else
    fail "squid's client certificate" "s_server verified it $n times, expected 2" "$out/s_server_cauth.log"
fi
check badca "cache_peer tls, untrusted CA refused" "ERR_SECURE_CONNECT_FAIL" "status 503 exit 0"
check badname "cache_peer tls, ssldomain= mismatch refused" "ERR_SECURE_CONNECT_FAIL" \
    "SQUID_X509_V_ERR_DOMAIN_MISMATCH" "status 503 exit 0"
# A client certificate s_server -Verify rejects: in TLS 1.3 squid's
# handshake ends before the alert, which then ends the reply (502); in
# TLS 1.2 (tls-options=NO_TLSv1_3) the alert fails the handshake (503,
# OpenSSL's reason code 0A000418 on the error page).
check badcert "cache_peer tls, client certificate rejected by s_server (TLS 1.3)" \
    "ERR_ZERO_SIZE_OBJECT" "status 502 exit 0"
check badcert12 "cache_peer tls, client certificate rejected by s_server (TLS 1.2)" \
    "SQUID_TLS_ERR_CONNECT+TLS_LIB_ERR=A000418" "status 503 exit 0"

for v in tls1_3 tls1_2; do
    proto=TLSv1.3; [ $v = tls1_2 ] && proto=TLSv1.2
    if expect_in "$S.$v.key" "New, $proto" "Reused, $proto" && same $v.key; then
        pass "squid https_port: s_client session resumed over $proto, as the oracle"
    else
        fail "squid https_port: resumption $proto" "" "$S.$v.key" "$O.$v.key" "$O.$v.second"
    fi
done

# The client certificate's subject as squid logs it, the TLS versions and
# ciphers of both sides, and the TLS lines of cache.log.
if same access && expect_in "$O.access" "client=TLS/1.2/ECDHE-ECDSA-AES256-GCM-SHA384/" \
    "client=TLS/1.3/TLS_AES_256_GCM_SHA384//O=sslshim/CN=sslshim test client" \
    "peer=TLS/1.3/TLS_AES_256_GCM_SHA384"; then
    pass "squid access log (TLS versions, ciphers, client certificate subject): equal to the oracle's"
else
    fail "squid access log" "" "$S.access" "$O.access"
fi
if same cachelog; then
    pass "squid cache.log TLS lines equal to the oracle's ($(wc -l < "$O.cachelog") lines)"
else
    fail "squid cache.log TLS lines" "" "$S.cachelog" "$O.cachelog"
fi
n_server=$(grep -c "$HS server" "$trace"); n_client=$(grep -c "$HS client" "$trace")
if [ "$n_server" -gt 0 ] && [ "$n_client" -gt 0 ]; then
    pass "sslshim served squid: $n_server server and $n_client client handshakes"
else
    fail "sslshim trace" "$n_server server, $n_client client handshakes" "$trace" "$out/ours/stderr.log"
fi

grep -h "not implemented" "$trace" | sort -u > "$out/stubs"
if [ -s "$out/stubs" ]; then
    echo "note: stubs squid reached (fail cleanly):"; sed 's/^/      /' "$out/stubs"
fi

echo "dropin-squid: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
