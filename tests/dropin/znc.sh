#!/usr/bin/env bash
# Debian's ZNC, unchanged, on the drop-in libssl.so.3 (LD_PRELOAD):
#  - as a TLS server: an SSL listener (cert+key in the datadir's znc.pem)
#    answering `openssl s_client` on the real libssl, which logs in with
#    PASS/NICK/USER (TLS 1.3 and 1.2, a wrong password), pings, and talks
#    through ZNC to an IRC network;
#  - as a TLS client: ZNC's networks connecting to a tiny IRC server over
#    TLS (tests/dropin/znc_ircd.py, python3's ssl on the real libssl)
#    trusted through the PKI (SSL_CERT_FILE: our CA), through a pinned
#    SHA-256 fingerprint (a certificate from an untrusted CA), and refused
#    (the untrusted certificate without a pin).
# ZNC runs on the system libssl (the oracle) and on ours with the same
# configuration; what s_client receives, what the IRC servers receive and
# ZNC's certificate checks (its -D debug lines) must be equal, and ZNC's
# stderr must carry our SSLSHIM_LOG handshake traces.
#   tests/dropin/znc.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup znc "" "${1:-}"
znc=$(command -v znc || echo /usr/bin/znc)
if [ ! -x "$znc" ]; then
    fail "znc not installed (make programs)"
    echo "dropin-znc: $passed passed, $failed failed"; exit 1
fi
# As root ZNC waits 30 s before starting: run it as an unmapped user of a
# user namespace (it then owns nothing, its files stay root's).
asuser=()
[ "$(id -u)" = 0 ] && asuser=(unshare -U)

HS_SERVER="sslshim: INFO sslshim::ssl::handshake: handshake done: server"
HS_CLIENT="sslshim: INFO sslshim::ssl::handshake: handshake done: client TLSv1.3"
payload="sslshim znc payload $$ $(date +%s%N)"
salt=sslshimsaltsslshim01
hash=$(printf '%s' "secretpw$salt" | sha256sum | cut -d' ' -f1)
fp=$(openssl x509 -in "$certs/untrusted.pem" -noout -fingerprint -sha256 | cut -d= -f2 | tr A-F a-f)

wait_in() { # FILE TEXT [TRIES]: up to TRIES/10 s (default 10 s) for TEXT in FILE
    for _ in $(seq "${3:-100}"); do grep -qF -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
    return 1
}

# ircd NAME CERT KEY HOST: znc_ircd.py on HOST (a loopback address), a free
# port (sets ircd_port), its log in $dir/ircd.NAME.log.
ircd() {
    ircd_port=$(free_port)
    "$py" tests/dropin/znc_ircd.py "$ircd_port" "$2" "$3" "$dir/ircd.$1.log" "$4" 2> "$dir/ircd.$1.err" &
    pids+=($!)
    wait_in "$dir/ircd.$1.log" listening || fail "znc_ircd.py $1 did not start" "" "$dir/ircd.$1.err"
}

user_conf() { # NAME [NETWORK-LINES...]
    printf '<User %s>\n\t<Pass password>\n\t\tMethod = sha256\n\t\tHash = %s\n\t\tSalt = %s\n\t</Pass>\n' "$1" "$hash" "$salt"
    printf '\tNick = %s\n\tAltNick = %s_\n\tIdent = %s\n\tRealName = sslshim %s\n' "$1" "$1" "$1" "$1"
    if [ $# -gt 1 ]; then
        printf '\t<Network test>\n'; printf '\t\t%s\n' "${@:2}"; printf '\t</Network>\n'
    fi
    printf '</User>\n'
}

# znc_start WHICH: three IRC servers and ZNC (foreground, -D) on the
# system libssl or ours; files in $out/WHICH, ZNC's output in znc.log; sets
# znc_port and znc_pid. Users: carol (no network), alice (a network
# trusted through the PKI), dave (an untrusted certificate, its fingerprint
# pinned), eve (the same certificate, not pinned).
znc_start() {
    local which=$1
    dir=$out/$which
    mkdir -p "$dir/data/configs"
    cat "$certs/server-chain.pem" "$certs/server.key" > "$dir/data/znc.pem"
    # Three server addresses: ZNC throttles connections per server host
    # (ServerThrottle), and the certificate names 127.0.0.1 (alice's).
    ircd pki "$certs/server-chain.pem" "$certs/server.key" 127.0.0.1; local p_pki=$ircd_port
    ircd pinned "$certs/untrusted.pem" "$certs/untrusted.key" 127.0.0.2; local p_pin=$ircd_port
    ircd untrusted "$certs/untrusted.pem" "$certs/untrusted.key" 127.0.0.3; local p_bad=$ircd_port
    znc_port=$(free_port)
    {
        # ServerThrottle: no second attempt at a refused server in the test's time.
        printf 'Version = 1.8.2\nConnectDelay = 1\nServerThrottle = 60\n'
        printf '<Listener l>\n\tPort = %s\n\tIPv4 = true\n\tIPv6 = false\n\tSSL = true\n' "$znc_port"
        printf '\tHost = 127.0.0.1\n\tAllowIRC = true\n\tAllowWeb = false\n</Listener>\n'
        user_conf carol
        user_conf alice "Server = 127.0.0.1 +$p_pki"
        user_conf dave "Server = 127.0.0.2 +$p_pin" "TrustedServerFingerprint = $fp"
        user_conf eve "Server = 127.0.0.3 +$p_bad"
    } > "$dir/data/configs/znc.conf"
    local env=(SSL_CERT_FILE="$certs/ca.pem")
    [ "$which" = ours ] && env+=(SSLSHIM_LOG=info LD_PRELOAD="$lib")
    env "${env[@]}" timeout 90 "${asuser[@]}" "$znc" --datadir "$dir/data" -f -D -n > "$dir/znc.log" 2>&1 &
    znc_pid=$!
    pids+=($znc_pid)
    wait_in "$dir/znc.log" "Staying open for debugging" \
        || { fail "znc ($which) did not start" "" "$dir/znc.log"; return 1; }
    # The networks: alice's and dave's registered, eve's refused.
    wait_in "$dir/ircd.pki.log" "< USER alice"
    wait_in "$dir/ircd.pinned.log" "< USER dave"
    wait_in "$dir/ircd.untrusted.log" "closed"
    sleep 0.5
}
znc_stop() { kill "$znc_pid" 2>/dev/null; wait "$znc_pid" 2>/dev/null; }

# irc NAME TLSVERSION LINES...: s_client (-brief) to ZNC's listener sending
# LINES (CRLF) one a 0.3 s, then 1 s more; what it receives in
# $dir/NAME (buffered messages' time stamps left out), its stderr in
# $dir/NAME.err.
irc() {
    local name=$1 v=$2; shift 2
    { for l in "$@"; do printf '%s\r\n' "$l"; sleep 0.3; done; sleep 1; } \
        | timeout 10 openssl s_client -$v -brief -connect "127.0.0.1:$znc_port" \
            -CAfile "$certs/ca.pem" -verify_return_error > "$dir/$name.raw" 2> "$dir/$name.err"
    echo "s_client exit $?" >> "$dir/$name.raw"
    sed -E 's/\r$//; s/:\[[0-9]{2}:[0-9]{2}:[0-9]{2}\] /:/' "$dir/$name.raw" > "$dir/$name"
}

# ZNC's certificate checks and TLS errors (its -D output), without time
# stamps and its source locations; in the networks' connection order
# (alice, dave, eve: ConnectDelay apart).
cert_lines() {
    grep -E 'SSLVerifyHost|[Cc]ert|[Ff]ingerprint|[Tt]rust|SSL routines' "$1" | grep -v '^sslshim:' \
        | sed -E 's/^\[[0-9: .-]+\] //; s#^\./obj[^ ]*Csocket\.cpp:[0-9]+ ##'
}

for which in system ours; do
    znc_start $which || continue
    irc carol13 tls1_3 "PASS carol:secretpw" "NICK carol" "USER carol 0 * :sslshim carol" "PING :$payload"
    irc carol12 tls1_2 "PASS carol:secretpw" "NICK carol" "USER carol 0 * :sslshim carol" "PING :$payload"
    irc badpass tls1_3 "PASS carol:wrongpw" "NICK carol" "USER carol 0 * :sslshim carol"
    irc alice tls1_3 "PASS alice:secretpw" "NICK alice" "USER alice 0 * :sslshim alice" \
        "PRIVMSG bob :$payload"
    irc dave tls1_3 "PASS dave:secretpw" "NICK dave" "USER dave 0 * :sslshim dave"
    irc eve tls1_3 "PASS eve:secretpw" "NICK eve" "USER eve 0 * :sslshim eve"
    znc_stop
    cert_lines "$dir/znc.log" > "$dir/cert"
    # ZNC's QUIT at shutdown is left out: ZNC sends it on SIGTERM and exits
    # without waiting for it to leave, so the IRC server sees it in some runs
    # and not in others, on the real libssl as on ours.
    for n in pki pinned untrusted; do
        grep -v -e '^listening' -e '^conn [0-9]*: < QUIT :ZNC ' "$dir/ircd.$n.log" > "$dir/ircd.$n"
    done
done

s=$out/system o=$out/ours
# --- ZNC as a server -------------------------------------------------------
for v in 13 12; do
    proto=TLSv1.3; [ $v = 12 ] && proto=TLSv1.2
    if expect_in "$s/carol$v" ":irc.znc.in 001 carol :Welcome to ZNC" "PONG irc.znc.in :$payload" "s_client exit 0" \
        && expect_in "$s/carol$v.err" "Protocol version: $proto" "Verification: OK" \
        && cmp -s "$s/carol$v" "$o/carol$v" && expect_in "$o/carol$v.err" "Protocol version: $proto" \
        && expect_in "$o/znc.log" "$HS_SERVER $proto"; then
        pass "znc server $proto: s_client logged in, ZNC's welcome and PONG as the oracle's"
    else
        diff "$s/carol$v" "$o/carol$v" > "$o/carol$v.diff"
        fail "znc server $proto" "" "$o/carol$v.diff" "$o/carol$v.err" "$o/znc.log"
    fi
done
if expect_in "$s/badpass" ":irc.znc.in 464 carol :Invalid Password" && cmp -s "$s/badpass" "$o/badpass"; then
    pass "znc server: a wrong password refused (464) as the oracle does"
else
    diff "$s/badpass" "$o/badpass" > "$o/badpass.diff"; fail "znc server, wrong password" "" "$o/badpass.diff"
fi

# --- ZNC as a client -------------------------------------------------------
# alice: the network's server verified through the PKI; s_client gets its
# welcome and the message ZNC kept, the IRC server gets s_client's message.
if expect_in "$s/alice" ":irc.sslshim.test 001 alice :Welcome to the sslshim test IRC network" \
        ":bob!bob@test.example PRIVMSG alice :hello from the test ircd" \
    && expect_in "$s/ircd.pki" "conn 1: tls TLSv1.3" "< NICK alice" "< PRIVMSG bob :$payload" \
    && expect_in "$s/cert" "IRC::alice::test: Good cert (PKI valid)" \
    && cmp -s "$s/alice" "$o/alice" && cmp -s "$s/ircd.pki" "$o/ircd.pki" \
    && [ "$(grep 'alice' "$s/cert")" = "$(grep 'alice' "$o/cert")" ] \
    && expect_in "$o/znc.log" "$HS_CLIENT"; then
    pass "znc client, PKI-verified IRC server: registered, messages both ways, certificate checks as the oracle's"
else
    diff "$s/alice" "$o/alice" > "$o/alice.diff"; diff "$s/ircd.pki" "$o/ircd.pki" >> "$o/alice.diff"
    diff <(grep alice "$s/cert") <(grep alice "$o/cert") >> "$o/alice.diff"
    fail "znc client, PKI-verified server" "" "$o/alice.diff" "$o/znc.log"
fi
# dave: an untrusted certificate whose fingerprint is pinned.
if expect_in "$s/dave" ":irc.sslshim.test 001 dave :Welcome to the sslshim test IRC network" \
    && expect_in "$s/ircd.pinned" "conn 1: tls TLSv1.3" "< NICK dave" \
    && expect_in "$s/cert" "IRC::dave::test: Cert explicitly trusted by user: $fp" \
    && cmp -s "$s/dave" "$o/dave" && cmp -s "$s/ircd.pinned" "$o/ircd.pinned" \
    && [ "$(grep 'dave' "$s/cert")" = "$(grep 'dave' "$o/cert")" ]; then
    pass "znc client, pinned fingerprint: an untrusted certificate accepted by its SHA-256, as the oracle"
else
    diff "$s/dave" "$o/dave" > "$o/dave.diff"; diff "$s/ircd.pinned" "$o/ircd.pinned" >> "$o/dave.diff"
    diff <(grep dave "$s/cert") <(grep dave "$o/cert") >> "$o/dave.diff"
    fail "znc client, pinned fingerprint" "" "$o/dave.diff" "$o/znc.log"
fi
# eve: the same certificate, not pinned: refused.
if ! grep -q "< NICK eve" "$s/ircd.untrusted" && expect_in "$s/cert" "IRC::eve::test: Bad cert" \
    && cmp -s "$s/eve" "$o/eve" && cmp -s "$s/ircd.untrusted" "$o/ircd.untrusted" \
    && [ "$(grep 'eve' "$s/cert")" = "$(grep 'eve' "$o/cert")" ] && [ -n "$(grep 'eve' "$s/cert")" ]; then
    pass "znc client, untrusted certificate: refused, reported as the oracle does"
else
    diff "$s/eve" "$o/eve" > "$o/eve.diff"; diff "$s/ircd.untrusted" "$o/ircd.untrusted" >> "$o/eve.diff"
    diff <(grep eve "$s/cert") <(grep eve "$o/cert") >> "$o/eve.diff"
    fail "znc client, untrusted certificate" "" "$o/eve.diff" "$o/znc.log"
fi

# All of ZNC's certificate-check lines, in order (SSLVerifyHost's too).
if expect_in "$s/cert" "IRC::eve::test: Bad cert" "SSLVerifyHost: verified" "SSLVerifyHost: host doesn't match" \
    && cmp -s "$s/cert" "$o/cert"; then
    pass "znc client: all certificate-check log lines (host names, trust, errors) as the oracle's"
else
    diff "$s/cert" "$o/cert" > "$o/cert.diff"; fail "znc client, certificate-check lines" "" "$o/cert.diff"
fi

grep -h "not implemented" "$o/znc.log" 2>/dev/null | sort -u > "$out/stubs"
if [ -s "$out/stubs" ]; then
    echo "note: stubs znc reached:"; sed 's/^/      /' "$out/stubs"
fi

echo "dropin-znc: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
