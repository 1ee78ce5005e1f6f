#!/usr/bin/env bash
# Debian's MariaDB (mariadbd and the mariadb client), unchanged, on the
# drop-in libssl.so.3 (LD_PRELOAD):
#  - mariadbd as a TLS server (--ssl-cert/--ssl-key/--ssl-ca, a throwaway
#    datadir from mariadb-install-db), once on the system libssl (the
#    oracle) and once on ours, each listening on 127.0.0.1 and 127.0.0.2;
#  - the mariadb client over TCP (--ssl --ssl-verify-server-cert) against
#    both servers, on both libraries: server {oracle, ours} x client
#    {oracle, ours}: TLS 1.3 and 1.2 queries (Ssl_version, Ssl_cipher), a
#    user REQUIRE SUBJECT/ISSUER with and without a client certificate, an
#    untrusted client certificate, an untrusted server CA and a wrong host
#    (127.0.0.2, not in the certificate) refused;
#  - `openssl s_client -starttls mysql` (the real libssl) against both.
# Each client case's output (without our trace lines) and exit code must
# equal the oracle pair's, the oracle pair must show the expected result,
# and our trace must show the handshakes (client: its stderr; server: the
# new lines of its error log).
#   tests/dropin/mariadb.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup mariadb "" "${1:-}"
if ! command -v mariadbd >/dev/null || ! command -v mariadb >/dev/null; then
    fail "mariadb-server / mariadb-client not installed (make programs)"
    echo "dropin-mariadb: $passed passed, $failed failed"; exit 1
fi

cat > "$out/init.sql" <<'SQL'
CREATE USER IF NOT EXISTS 'tls'@'%' IDENTIFIED BY 'pw' REQUIRE SSL;
CREATE USER IF NOT EXISTS 'x509'@'%' IDENTIFIED BY 'pw'
    REQUIRE SUBJECT '/O=sslshim/CN=sslshim test client'
    AND ISSUER '/O=sslshim/CN=sslshim Test Intermediate CA';
SQL

# start WHICH: mariadbd on the system libssl or ours, datadir, socket, pid
# and error log (its stderr, so our trace) under $out/WHICH; sets
# port_WHICH.
start() {
    local which=$1 dir=$out/$1 port
    port=$(free_port)
    mkdir -p "$dir"
    if ! mariadb-install-db --no-defaults --datadir="$dir/data" --user="$(id -un)" \
        --auth-root-authentication-method=normal --skip-test-db \
        --innodb-log-file-size=4M --innodb-buffer-pool-size=16M > "$dir/install.log" 2>&1; then
        fail "mariadb-install-db ($which)" "" "$dir/install.log"
        return 1
    fi
    local env=()
    [ "$which" = ours ] && env=(SSLSHIM_LOG=info LD_PRELOAD="$lib")
    env "${env[@]}" timeout 100 mariadbd --no-defaults --user="$(id -un)" \
        --datadir="$dir/data" --socket="$dir/sock" --pid-file="$dir/pid" \
        --log-error="$dir/err.log" --port="$port" --bind-address=127.0.0.1,127.0.0.2 \
        --skip-name-resolve --innodb-log-file-size=4M --innodb-buffer-pool-size=16M \
        --ssl-cert="$certs/server-chain.pem" --ssl-key="$certs/server.key" --ssl-ca="$certs/ca.pem" \
        --init-file="$out/init.sql" > "$dir/stdout.log" 2>&1 &
    pids+=($!)
    printf -v "port_$which" %s "$port"
    for _ in $(seq 150); do
        grep -q "ready for connections" "$dir/err.log" 2>/dev/null && return 0
        sleep 0.1
    done
    fail "mariadbd ($which) did not start" "" "$dir/stdout.log" "$dir/err.log"
    return 1
}

start system; start ours

Q="SELECT 1 AS one; SELECT CURRENT_USER(); SHOW STATUS LIKE 'Ssl_version'; SHOW STATUS LIKE 'Ssl_cipher'"
# The client cases: NAME then the mariadb options.
cases=(
    "tls13|-h 127.0.0.1 -u tls -ppw --ssl-ca=$certs/ca.pem"
    "tls12|-h 127.0.0.1 -u tls -ppw --ssl-ca=$certs/ca.pem --tls-version=TLSv1.2"
    "x509|-h 127.0.0.1 -u x509 -ppw --ssl-ca=$certs/ca.pem --ssl-cert=$certs/client-chain.pem --ssl-key=$certs/client.key"
    "x509_nocert|-h 127.0.0.1 -u x509 -ppw --ssl-ca=$certs/ca.pem"
    "x509_untrusted|-h 127.0.0.1 -u x509 -ppw --ssl-ca=$certs/ca.pem --tls-version=TLSv1.2 --ssl-cert=$certs/untrusted.pem --ssl-key=$certs/untrusted.key"
    "untrusted_ca|-h 127.0.0.1 -u tls -ppw --ssl-ca=$certs/untrusted-ca.pem"
    "wrong_host|-h 127.0.0.2 -u tls -ppw --ssl-ca=$certs/ca.pem"
)

# Cases run several times (each run's output kept): the server's alert
# races with the client's last handshake writes.
declare -A repeat=([x509_untrusted]=5)

# run_case SERVER CLIENT NAME OPTIONS: $out/SERVER.CLIENT.NAME.{out,trace}
# (the output without our trace lines, then the exit code; our client's
# trace lines) and .srv (the new trace lines of our server's log).
run_case() {
    local s=$1 c=$2 name=$3 opts=$4 f=$out/$1.$2.$3 port
    port=$(eval echo "\$port_$s")
    local env=() before
    [ "$c" = ours ] && env=(SSLSHIM_LOG=info LD_PRELOAD="$lib")
    before=$(wc -l < "$out/$s/err.log")
    : > "$f.raw"
    for _ in $(seq "${repeat[$name]:-1}"); do
        # shellcheck disable=SC2086
        env "${env[@]}" timeout 20 mariadb --no-defaults -P "$port" --ssl --ssl-verify-server-cert \
            $opts -e "$Q" >> "$f.raw" 2>&1
        echo "exit $?" >> "$f.raw"
    done
    grep -v '^sslshim: ' "$f.raw" > "$f.out"
    grep '^sslshim: ' "$f.raw" > "$f.trace"
    tail -n +$((before + 1)) "$out/$s/err.log" | grep '^sslshim: ' > "$f.srv"
}

for s in system ours; do
    [ -n "$(eval echo "\${port_$s:-}")" ] || continue
    for c in system ours; do
        for entry in "${cases[@]}"; do
            run_case "$s" "$c" "${entry%%|*}" "${entry#*|}"
        done
    done
done

HS="sslshim: INFO sslshim::ssl::handshake: handshake done:"
# check NAME DESCRIPTION HANDSHAKE EXPECTED...: the oracle pair's output
# has EXPECTED; the three other pairs' output equals it; where our
# library is the client (server), its trace has "handshake done: client
# (server) HANDSHAKE" unless HANDSHAKE is "-" (no handshake completes).
check() {
    local name=$1 desc=$2 hs=$3 ref=$out/system.system.$1.out why="" pair
    shift 3
    [ -s "$ref" ] && expect_in "$ref" "$@" || { fail "mariadb $desc: the oracle" "" "$ref"; return; }
    for pair in system.ours ours.system ours.ours; do
        local f=$out/$pair.$name
        cmp -s "$ref" "$f.out" || { why="${why:+$why; }$pair: output differs"; continue; }
        if [ "$hs" != - ]; then
            [[ $pair = *.ours ]] && ! grep -qF "$HS client $hs" "$f.trace" && why="${why:+$why; }$pair: no client handshake trace"
            [[ $pair = ours.* ]] && ! grep -qF "$HS server $hs" "$f.srv" && why="${why:+$why; }$pair: no server handshake trace"
        fi
    done
    if [ -z "$why" ]; then
        pass "mariadb $desc: server x client {oracle, ours}^2 equal ($(grep -m1 -E 'ERROR|Ssl_cipher|exit' "$ref" | tr '\t' ' '))"
    else
        local logs=()
        for pair in system.ours ours.system ours.ours; do logs+=("$out/$pair.$name.out" "$out/$pair.$name.trace"); done
        fail "mariadb $desc" "$why" "$ref" "${logs[@]}"
    fi
}

check tls13 "TLS 1.3 query (REQUIRE SSL user)" TLSv1.3 \
    "$(printf 'Ssl_version\tTLSv1.3')" "$(printf 'Ssl_cipher\tTLS_AES_256_GCM_SHA384')" "tls@%" "exit 0"
check tls12 "TLS 1.2 query (--tls-version=TLSv1.2)" TLSv1.2 \
    "$(printf 'Ssl_version\tTLSv1.2')" "$(printf 'Ssl_cipher\tECDHE-ECDSA-AES256-GCM-SHA384')" "exit 0"
check x509 "client certificate chain, REQUIRE SUBJECT/ISSUER user" TLSv1.3 \
    "x509@%" "$(printf 'Ssl_version\tTLSv1.3')" "exit 0"
check x509_nocert "REQUIRE SUBJECT user without a client certificate denied" TLSv1.3 \
    "ERROR 1045 (28000): Access denied for user 'x509'@'127.0.0.1'" "exit 1"
# TLS 1.2: the server's alert arrives before the client's handshake ends (in
# TLS 1.3 it races with the client's first write). Five times: the server
# sends its alert and closes after the client's Certificate record, while
# the client may still be writing its flight (OpenSSL writes the flight
# in one write() and then reads the alert).
check x509_untrusted "untrusted client certificate refused (TLS 1.2)" - \
    "ERROR 2026 (HY000): TLS/SSL error: tlsv1 alert unknown ca" "exit 1"
check untrusted_ca "server certificate from an untrusted CA refused" - \
    "ERROR 2026 (HY000): TLS/SSL error: unable to get local issuer certificate" "exit 1"
# The client checks the host after the handshake completes.
check wrong_host "server certificate for another host (127.0.0.2) refused" TLSv1.3 \
    "ERROR 2026 (HY000): TLS/SSL error: Validation of SSL server certificate failed" "exit 1"

# openssl s_client -starttls mysql (the real libssl) against both servers.
for s in system ours; do
    port=$(eval echo "\${port_$s:-}")
    [ -n "$port" ] || continue
    before=$(wc -l < "$out/$s/err.log")
    timeout 10 openssl s_client -starttls mysql -connect "127.0.0.1:$port" -CAfile "$certs/ca.pem" \
        -verify_return_error < /dev/null > "$out/$s.starttls" 2>&1
    echo "s_client exit $?" >> "$out/$s.starttls"
    sleep 0.2
    tail -n +$((before + 1)) "$out/$s/err.log" | grep '^sslshim: ' > "$out/$s.starttls.srv"
    grep -E '^(New,|Verify return code|s_client exit|depth=)' "$out/$s.starttls" > "$out/$s.starttls.key"
done
if cmp -s "$out/system.starttls.key" "$out/ours.starttls.key" \
    && expect_in "$out/ours.starttls.key" "New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384" \
        "Verify return code: 0 (ok)" "s_client exit 0" \
    && expect_in "$out/ours.starttls.srv" "$HS server TLSv1.3"; then
    pass "openssl s_client -starttls mysql: verified TLS 1.3 handshake with mariadbd on ours, as the oracle"
else
    fail "openssl s_client -starttls mysql" "" "$out/system.starttls.key" "$out/ours.starttls" "$out/ours.starttls.srv"
fi

for s in system ours; do
    [ -f "$out/$s/pid" ] && kill "$(cat "$out/$s/pid")" 2>/dev/null
done
sleep 0.5

cat "$out"/*.trace "$out"/ours/err.log 2>/dev/null | grep -h "not implemented" \
    | sed -E 's/^[0-9-]+ [0-9:]+ [0-9]+ //' | sort -u > "$out/stubs"
if [ -s "$out/stubs" ]; then
    echo "note: stubs mariadb reached (fail cleanly):"; sed 's/^/      /' "$out/stubs"
fi

echo "dropin-mariadb: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
