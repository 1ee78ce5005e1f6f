#!/usr/bin/env bash
# Debian's NSD, unchanged, on the drop-in libssl.so.3 (LD_PRELOAD):
#  - nsd -d serving a small zone over DNS-over-TLS (tls-service-key/pem,
#    tls-port on 127.0.0.1) to a python3 client on the real libssl
#    (tests/dropin/nsd_dot.py: hand-built queries, TLS 1.3 and TLS 1.2),
#    with an OCSP response stapled (tls-service-ocsp) for `openssl s_client
#    -status`;
#  - nsd's remote control over TLS (keys from nsd-control-setup, client
#    certificate required) answering Debian's nsd-control on the real
#    libssl, and refusing a control certificate from another
#    nsd-control-setup (TLS 1.3, and TLS 1.2 through an OPENSSL_CONF for
#    nsd-control, where the alert nsd sends is what nsd-control reports),
#    or being refused by nsd-control trusting another server certificate;
#  - nsd-control on ours (a TLS client with a client certificate, the
#    server's self-signed certificate as its only trust anchor) against nsd
#    on the system libssl, and rejecting a server certificate it does not
#    trust.
# Each case runs against the system libssl (the oracle) and ours: the DNS
# answers (decoded and their bytes), the stapled OCSP response,
# nsd-control's output and exit code and nsd's log lines about the control
# connections must be equal, and ours must carry our SSLSHIM_LOG trace.
#   tests/dropin/nsd.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup nsd "keys" "${1:-}"
nsd=$(command -v nsd || echo /usr/sbin/nsd)
nsdctl=$(command -v nsd-control || echo /usr/sbin/nsd-control)
if [ ! -x "$nsd" ] || [ ! -x "$nsdctl" ]; then
    fail "nsd not installed (make programs)"
    echo "dropin-nsd: $passed passed, $failed failed, $xfailed known differences"; exit 1
fi

HS_SERVER="sslshim: INFO sslshim::ssl::handshake: handshake done: server"
HS_CLIENT="sslshim: INFO sslshim::ssl::handshake: handshake done: client"

# The remote-control keys (a self-signed "nsd" CA that is also the server's
# certificate, and a control certificate it signs), and a second, foreign
# set.
mkdir -p "$out/keys2"
nsd-control-setup -d "$out/keys" > "$out/keys/setup.log" 2>&1 \
    && nsd-control-setup -d "$out/keys2" > "$out/keys2/setup.log" 2>&1 \
    || fail "nsd-control-setup" "" "$out/keys/setup.log" "$out/keys2/setup.log"

# An OCSP response for the server certificate ("good"), made with the
# openssl tool, for tls-service-ocsp (DER).
mkdir -p "$out/ocsp"
serial=$(openssl x509 -in "$certs/server.pem" -noout -serial | cut -d= -f2)
subj=$(openssl x509 -in "$certs/server.pem" -noout -subject -nameopt compat | sed 's/^subject=//')
printf 'V\t301231000000Z\t\t%s\tunknown\t%s\n' "$serial" "$subj" > "$out/ocsp/index.txt"
openssl ocsp -issuer "$certs/intermediate.pem" -cert "$certs/server.pem" -no_nonce \
    -reqout "$out/ocsp/req.der" > "$out/ocsp/log" 2>&1
openssl ocsp -index "$out/ocsp/index.txt" -rsigner "$certs/intermediate.pem" \
    -rkey "$certs/intermediate.key" -CA "$certs/intermediate.pem" -reqin "$out/ocsp/req.der" \
    -respout "$out/ocsp/resp.der" -ndays 1 >> "$out/ocsp/log" 2>&1

cat > "$out/example.test.zone" <<'ZONE'
$ORIGIN example.test.
$TTL 3600
@   IN SOA ns1.example.test. hostmaster.example.test. 2024010101 3600 900 604800 300
@   IN NS  ns1.example.test.
ns1 IN A   192.0.2.53
www IN A   192.0.2.80
www IN AAAA 2001:db8::80
@   IN TXT "sslshim nsd over tls"
ZONE

# nsd_start WHICH: nsd -d on the system libssl or ours, its files in
# $out/WHICH (config nsd.conf, log nsd.log, stderr nsd.err); sets dns_port,
# tls_port, ctl_port, nsd_pid. Also writes WHICH/bad-client.conf (the
# foreign control certificate) and WHICH/bad-server.conf (the foreign
# server certificate as the trust anchor) for nsd-control.
nsd_start() {
    local which=$1 dir=$out/$1
    mkdir -p "$dir"
    dns_port=$(free_port); tls_port=$(free_port); ctl_port=$(free_port)
    cat > "$dir/nsd.conf" <<CONF
server:
    ip-address: 127.0.0.1@$dns_port
    ip-address: 127.0.0.1@$tls_port
    tls-port: $tls_port
    tls-service-key: $certs/server.key
    tls-service-pem: $certs/server-chain.pem
    tls-service-ocsp: $out/ocsp/resp.der
    zonesdir: "$dir"
    database: ""
    zonelistfile: "$dir/zone.list"
    xfrdfile: "$dir/xfrd.state"
    xfrdir: "$dir"
    pidfile: "$dir/nsd.pid"
    username: ""
    logfile: "$dir/nsd.log"
    verbosity: 2
    server-count: 1
remote-control:
    control-enable: yes
    control-interface: 127.0.0.1
    control-port: $ctl_port
    server-key-file: "$out/keys/nsd_server.key"
    server-cert-file: "$out/keys/nsd_server.pem"
    control-key-file: "$out/keys/nsd_control.key"
    control-cert-file: "$out/keys/nsd_control.pem"
zone:
    name: example.test
    zonefile: "$out/example.test.zone"
CONF
    sed -e "s#$out/keys/nsd_control#$out/keys2/nsd_control#" "$dir/nsd.conf" > "$dir/bad-client.conf"
    sed -e "s#$out/keys/nsd_server.pem#$out/keys2/nsd_server.pem#" "$dir/nsd.conf" > "$dir/bad-server.conf"
    local env=()
    [ "$which" = ours ] && env=(SSLSHIM_LOG=info LD_PRELOAD="$lib")
    env "${env[@]}" timeout 90 "$nsd" -d -c "$dir/nsd.conf" > "$dir/nsd.err" 2>&1 &
    nsd_pid=$!
    pids+=($nsd_pid)
    for _ in $(seq 100); do
        grep -q "nsd started" "$dir/nsd.log" 2>/dev/null && return 0
        kill -0 "$nsd_pid" 2>/dev/null || break
        sleep 0.1
    done
    fail "nsd ($which) did not start" "" "$dir/nsd.err" "$dir/nsd.log"
    return 1
}
nsd_stop() { kill "$nsd_pid" 2>/dev/null; wait "$nsd_pid" 2>/dev/null; }

# ctl OUT WHICH CONF ARGS...: nsd-control on the system libssl or ours
# (with the environment in the array ctl_env), stdout+stderr in OUT
# (OpenSSL's source locations of error lines left out) with its exit code.
ctl_env=()
ctl() {
    local o=$1 which=$2 conf=$3; shift 3
    local env=(${ctl_env[@]+"${ctl_env[@]}"})
    [ "$which" = ours ] && env+=(SSLSHIM_LOG=info LD_PRELOAD="$lib")
    env "${env[@]}" timeout 10 "$nsdctl" -c "$conf" "$@" > "$o.raw" 2>&1
    echo "exit $?" >> "$o.raw"
    grep -v '^sslshim:' "$o.raw" | sed -E 's/^[0-9A-F]{16}:error:([0-9A-F]{8}):SSL routines:[^:]*:([^:]*):.*/error:\1:SSL routines:\2/' > "$o"
}

# nsd's log lines about control connections, from line FROM on.
ctl_log() {
    tail -n +"$2" "$1" | grep -E 'remote control|control connection' | sed -E 's/^\[[^]]*\] nsd\[[0-9]+\]: //'
}

# An OpenSSL configuration limiting nsd-control to TLS 1.2: nsd then
# refuses a control certificate during the handshake, and nsd-control
# reports the alert it got (in TLS 1.3 the refusal comes after nsd-control's
# handshake, and whether its command's write or read meets the alert or the
# closed connection first varies from run to run, on the oracle too).
cat > "$out/tls12.cnf" <<'CNF'
openssl_conf = openssl_init
[openssl_init]
ssl_conf = ssl_sect
[ssl_sect]
system_default = system_default_sect
[system_default_sect]
MaxProtocol = TLSv1.2
CNF

queries=(www.example.test/A www.example.test/AAAA example.test/TXT example.test/SOA nope.example.test/A)

for which in system ours; do
    nsd_start $which || continue
    d=$out/$which
    # DNS over TLS: TLS 1.3 (five queries on one connection), TLS 1.2.
    timeout 20 "$py" tests/dropin/nsd_dot.py "$tls_port" "$certs/ca.pem" 1.3 "${queries[@]}" \
        > "$out/dot13.$which" 2>&1; echo "exit $?" >> "$out/dot13.$which"
    timeout 20 "$py" tests/dropin/nsd_dot.py "$tls_port" "$certs/ca.pem" 1.2 www.example.test/A example.test/TXT \
        > "$out/dot12.$which" 2>&1; echo "exit $?" >> "$out/dot12.$which"
    # The stapled OCSP response.
    timeout 10 openssl s_client -connect "127.0.0.1:$tls_port" -servername localhost -status \
        -CAfile "$certs/ca.pem" -verify_return_error < /dev/null > "$out/ocsp.$which.raw" 2>&1
    echo "s_client exit $?" >> "$out/ocsp.$which.raw"
    sed -n '/^OCSP Response Data:/,/^======================================$/p' "$out/ocsp.$which.raw" \
        > "$out/ocsp.$which"
    # nsd-control on the system libssl: commands; a foreign control
    # certificate (refused by nsd); a foreign server certificate (nsd-control
    # refuses nsd).
    from=$(($(wc -l < "$d/nsd.log") + 1))
    ctl "$out/ctl.$which" system "$d/nsd.conf" status
    ctl "$out/ctl.$which.zone" system "$d/nsd.conf" zonestatus example.test
    sleep 0.3
    ctl_log "$d/nsd.log" "$from" > "$out/ctl.$which.log"
    from=$(($(wc -l < "$d/nsd.log") + 1))
    ctl "$out/ctlbadcli.$which" system "$d/bad-client.conf" status
    sleep 0.3
    ctl_log "$d/nsd.log" "$from" > "$out/ctlbadcli.$which.log"
    from=$(($(wc -l < "$d/nsd.log") + 1))
    ctl_env=(OPENSSL_CONF="$out/tls12.cnf")
    ctl "$out/ctlbadcli12.$which" system "$d/bad-client.conf" status
    ctl_env=()
    sleep 0.3
    ctl_log "$d/nsd.log" "$from" > "$out/ctlbadcli12.$which.log"
    from=$(($(wc -l < "$d/nsd.log") + 1))
    ctl "$out/ctlbadsrv.$which" system "$d/bad-server.conf" status
    sleep 0.3
    ctl_log "$d/nsd.log" "$from" > "$out/ctlbadsrv.$which.log"
    if [ $which = system ]; then
        # nsd-control on ours against this nsd on the oracle.
        from=$(($(wc -l < "$d/nsd.log") + 1))
        ctl "$out/octl" ours "$d/nsd.conf" status
        ctl "$out/octl.zone" ours "$d/nsd.conf" zonestatus example.test
        sleep 0.3
        ctl_log "$d/nsd.log" "$from" > "$out/octl.log"
        from=$(($(wc -l < "$d/nsd.log") + 1))
        ctl "$out/octlbadsrv" ours "$d/bad-server.conf" status
        sleep 0.3
        ctl_log "$d/nsd.log" "$from" > "$out/octlbadsrv.log"
    fi
    nsd_stop
done

s=$out/dot13.system o=$out/dot13.ours
if expect_in "$s" "tls TLSv1.3" "server certificate CN=localhost" "an www.example.test. 3600 A 192.0.2.80" \
        "an www.example.test. 3600 AAAA 2001:db8::80" 'an example.test. 3600 TXT "sslshim nsd over tls"' \
        "id=4100 rcode=3 aa=1" "done" "exit 0" \
    && cmp -s "$s" "$o" && expect_in "$out/ours/nsd.err" "$HS_SERVER TLSv1.3"; then
    pass "nsd DNS over TLS 1.3: five answers on one connection, byte for byte the oracle's"
else
    diff "$s" "$o" > "$o.diff"; fail "nsd DNS over TLS 1.3" "" "$o.diff" "$out/ours/nsd.err"
fi
s=$out/dot12.system o=$out/dot12.ours
if expect_in "$s" "tls TLSv1.2" "an www.example.test. 3600 A 192.0.2.80" "done" "exit 0" \
    && cmp -s "$s" "$o" && expect_in "$out/ours/nsd.err" "$HS_SERVER TLSv1.2"; then
    pass "nsd DNS over TLS 1.2: answers byte for byte the oracle's"
else
    diff "$s" "$o" > "$o.diff"; fail "nsd DNS over TLS 1.2" "" "$o.diff" "$out/ours/nsd.err"
fi
s=$out/ocsp.system o=$out/ocsp.ours
if expect_in "$s" "OCSP Response Status: successful (0x0)" "Cert Status: good" \
    && expect_in "$out/ocsp.ours.raw" "Verify return code: 0 (ok)" "s_client exit 0" && cmp -s "$s" "$o"; then
    pass "nsd tls-service-ocsp: the stapled OCSP response s_client shows is the oracle's"
else
    diff "$s" "$o" > "$o.diff"; fail "nsd OCSP stapling" "" "$o.diff" "$out/ocsp.ours.raw"
fi

s=$out/ctl.system o=$out/ctl.ours
if expect_in "$s" "version: 4" "exit 0" && expect_in "$s.zone" "zone:	example.test" "state: master" "exit 0" \
    && cmp -s "$s" "$o" && cmp -s "$s.zone" "$o.zone" && cmp -s "$s.log" "$o.log" \
    && [ "$(grep -c "$HS_SERVER" "$out/ours/nsd.err")" -ge 2 ]; then
    pass "nsd remote control server: nsd-control's status and zonestatus as on the oracle"
else
    fail "nsd remote control server" "" "$o" "$o.zone" "$out/ours/nsd.err"
fi
# A foreign control certificate: in TLS 1.3 (nsd-control's own output
# varies, see tls12.cnf: its exit code only) and in TLS 1.2 (its output,
# the alert nsd sent, too).
s=$out/ctlbadcli.system o=$out/ctlbadcli.ours
if expect_in "$s.log" "remote control failed ssl crypto error:0A000086:SSL routines::certificate verify failed" \
    && expect_in "$s" "exit 1" && cmp -s "$s.log" "$o.log" && [ "$(tail -1 "$s")" = "$(tail -1 "$o")" ]; then
    pass "nsd remote control server, TLS 1.3: a foreign control certificate refused and logged as on the oracle"
else
    diff "$s.log" "$o.log" > "$o.diff"; diff "$s" "$o" >> "$o.diff"
    fail "nsd remote control server, TLS 1.3, foreign control certificate" "" "$o.diff" "$o.raw"
fi
s=$out/ctlbadcli12.system o=$out/ctlbadcli12.ours
if expect_in "$s.log" "remote control failed ssl crypto error:0A000086:SSL routines::certificate verify failed" \
    && expect_in "$s" "error: SSL handshake failed" "tlsv1 alert unknown ca" "exit 1" \
    && cmp -s "$s" "$o" && cmp -s "$s.log" "$o.log"; then
    pass "nsd remote control server, TLS 1.2: a foreign control certificate refused, logged, alert as the oracle's"
else
    diff "$s.log" "$o.log" > "$o.diff"; diff "$s" "$o" >> "$o.diff"
    fail "nsd remote control server, TLS 1.2, foreign control certificate" "" "$o.diff" "$o.raw"
fi
s=$out/ctlbadsrv.system o=$out/ctlbadsrv.ours
if expect_in "$s" "error: SSL handshake failed" "certificate verify failed" "exit 1" \
    && cmp -s "$s" "$o" && cmp -s "$s.log" "$o.log"; then
    pass "nsd remote control server: nsd-control refusing its certificate, nsd's log as on the oracle"
else
    diff "$s.log" "$o.log" > "$o.diff"; diff "$s" "$o" >> "$o.diff"
    fail "nsd remote control server, refused by nsd-control" "" "$o.diff"
fi

s=$out/ctl.system o=$out/octl
if cmp -s "$s" "$o" && cmp -s "$s.zone" "$o.zone" && cmp -s "$s.log" "$o.log" \
    && expect_in "$o.raw" "$HS_CLIENT TLSv1.3"; then
    pass "nsd-control on ours: status and zonestatus from nsd on the oracle, as the oracle's"
else
    diff "$s" "$o" > "$o.diff"; diff "$s.zone" "$o.zone" >> "$o.diff"
    fail "nsd-control on ours" "" "$o.diff" "$o.log" "$o.raw"
fi
s=$out/ctlbadsrv.system o=$out/octlbadsrv
# (Our error entries name our sources, src/..., the system's ../ssl/...)
if cmp -s "$s" "$o" && cmp -s "$s.log" "$o.log" && expect_in "$o.raw" ":certificate verify failed:src/ssl/"; then
    pass "nsd-control on ours: an untrusted server certificate refused as the oracle does"
else
    diff "$s" "$o" > "$o.diff"; diff "$s.log" "$o.log" >> "$o.diff"
    fail "nsd-control on ours, untrusted server" "" "$o.diff" "$o.raw"
fi

for f in "$out"/ours/nsd.err "$out"/*.raw; do
    grep -h "not implemented" "$f"
done | sort -u > "$out/stubs"
if [ -s "$out/stubs" ]; then
    echo "note: stubs nsd reached:"; sed 's/^/      /' "$out/stubs"
fi

echo "dropin-nsd: $passed passed, $failed failed, $xfailed known differences"
[ "$failed" -eq 0 ]
