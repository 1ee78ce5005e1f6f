#!/usr/bin/env bash
# Debian's openvpn, unchanged, on the drop-in libssl.so.3 (LD_PRELOAD): two
# point-to-point instances over 127.0.0.1 in TLS mode (--tls-server /
# --tls-client, --dev null, no tun device needed), in three pairings: both
# on the system libssl (the oracle), the server on ours with the client on
# the oracle, the client on ours with the server on the oracle. OpenVPN runs
# TLS over memory BIOs (SSL_set_bio with BIO_s_mem) and moves its plaintext
# through a BIO_f_ssl filter BIO; its data channel keys come from
# SSL_export_keying_material ("TLS_export=1"), so pings crossing the data
# channel prove both ends derived the same keys.
#  - UDP, TLS 1.3: "Control Channel: TLSv1.3 ...", "Peer Connection
#    Initiated", "Initialization Sequence Completed", the certificate checks
#    (VERIFY OK, --remote-cert-tls server's KU/EKU checks) and
#    authenticated data-channel bytes (--status) on both ends;
#  - TCP with --tls-crypt and --tls-version-max 1.2 on the client: the same
#    over TLS 1.2;
#  - UDP with DH parameters on the server (--dh FILE);
#  - a client whose CA does not sign the server, and a server whose CA does
#    not sign the client: the rejecting side's VERIFY ERROR, alert and
#    handshake failure (--tls-exit), no connection on the other.
# openvpn's log lines (time stamps, ports, peer ids left out) must equal the
# oracle's for the same role, and ours must carry our SSLSHIM_LOG trace (the
# handshake, or the certificate rejected).
#   tests/dropin/openvpn.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup openvpn "keys" "${1:-}"
openvpn=$(command -v openvpn || echo /usr/sbin/openvpn)
if [ ! -x "$openvpn" ]; then
    fail "openvpn not installed (make programs)"
    echo "dropin-openvpn: $passed passed, $failed failed, $xfailed known differences"; exit 1
fi

# Private keys readable by the owner only (openvpn warns otherwise).
install -m 600 "$certs/server.key" "$certs/client.key" "$out/keys/"
"$openvpn" --genkey tls-crypt "$out/keys/tc.key" > "$out/genkey.log" 2>&1 \
    || fail "openvpn --genkey tls-crypt" "" "$out/genkey.log"
openssl genpkey -genparam -algorithm DH -pkeyopt dh_param:ffdhe2048 -out "$out/keys/dh.pem" 2>> "$out/genkey.log"

# ovpn_start LOG WHICH ARGS...: openvpn in the background on the system
# libssl or ours, stdout+stderr (our trace too) in LOG; sets ovpn_pid.
ovpn_start() {
    local log=$1 which=$2; shift 2
    local env=()
    # debug: a rejected peer certificate is logged at that level.
    [ "$which" = ours ] && env=(SSLSHIM_LOG=debug LD_PRELOAD="$lib")
    env "${env[@]}" timeout 40 "$openvpn" --dev null --verb 3 --tls-exit --hand-window 10 \
        --ping 1 "$@" > "$log" 2>&1 &
    ovpn_pid=$!
    pids+=($ovpn_pid)
}

# ovpn_stop PID LOG: stopped (if still running); its exit status (139: a
# crash) appended to LOG.
ovpn_stop() {
    kill "$1" 2>/dev/null; wait "$1" 2>/dev/null
    echo "exit $?" >> "$2"
}

# wait_log FILE TEXT PID...: up to 15 s for TEXT in FILE, less if one of
# the PIDs ends (a crash or an exit).
wait_log() {
    local f=$1 text=$2 p; shift 2
    for _ in $(seq 150); do
        grep -qF -- "$text" "$f" 2>/dev/null && return 0
        for p in "$@"; do kill -0 "$p" 2>/dev/null || { sleep 0.2; grep -qF -- "$text" "$f"; return; }; done
        sleep 0.1
    done
    return 1
}

listening() { [ "$1" = tcp ] && echo "Listening for incoming TCP connection" || echo "link local (bound)"; }
server_args() { # PROTO PORT CA
    local proto=udp; [ "$1" = tcp ] && proto=tcp-server
    echo --proto $proto --local 127.0.0.1 --lport "$2" --tls-server --dh none \
        --ca "$3" --cert "$certs/server-chain.pem" --key "$out/keys/server.key"
}
client_args() { # PROTO PORT CA
    local proto=udp; [ "$1" = tcp ] && proto=tcp-client
    echo --proto $proto --remote 127.0.0.1 "$2" --nobind --tls-client --remote-cert-tls server \
        --ca "$3" --cert "$certs/client-chain.pem" --key "$out/keys/client.key"
}

# Lines compared with the oracle's: certificate checks, the control and data
# channel summaries, TLS errors; no time stamps, addresses or peer ids.
ovpn_lines() {
    grep -E 'Diffie-Hellman|VERIFY|Certificate has EKU|Validating certificate|Control Channel:|Peer Connection Initiated|Initialization Sequence Completed|Data Channel:|NCP negotiation|TLS Error|TLS_ERROR|OpenSSL:|SSL alert' "$1" \
        | grep -v '^sslshim:' \
        | sed -E 's/^[0-9-]+ [0-9:]+ //; s/\[AF_INET\]127\.0\.0\.1:[0-9]+/PEER/g; s/peer-id:? [0-9]+/peer-id N/g'
}

# "Auth read bytes" of a --status file: data-channel bytes authenticated.
auth_read() { sed -n 's/^Auth read bytes,//p' "$1" 2>/dev/null | tail -1; }

pairings=("system system" "ours system" "system ours")   # server client

# ---- a working tunnel ---------------------------------------------------
# run_ok NAME PROTO SERVER-EXTRA CLIENT-EXTRA: per pairing, server and
# client up to "Initialization Sequence Completed" on both, 2.5 s of pings,
# then both stopped (the --status file is written at exit).
run_ok() {
    local name=$1 proto=$2 sx=$3 cx=$4 pair s c port
    for pair in "${pairings[@]}"; do
        read -r s c <<< "$pair"
        local base=$out/$name.$s-$c
        port=$(free_port) # free for TCP and UDP
        ovpn_start "$base.server.log" "$s" $(server_args "$proto" "$port" "$certs/ca.pem") \
            --status "$base.server.status" 1 $sx
        local spid=$ovpn_pid
        wait_log "$base.server.log" "$(listening "$proto")" "$spid"
        ovpn_start "$base.client.log" "$c" $(client_args "$proto" "$port" "$certs/ca.pem") \
            --status "$base.client.status" 1 $cx
        local cpid=$ovpn_pid
        wait_log "$base.server.log" "Initialization Sequence Completed" "$spid" "$cpid"
        wait_log "$base.client.log" "Initialization Sequence Completed" "$spid" "$cpid"
        sleep 2.5
        ovpn_stop "$spid" "$base.server.log"; ovpn_stop "$cpid" "$base.client.log"
        ovpn_lines "$base.server.log" > "$base.server.lines"
        ovpn_lines "$base.client.log" > "$base.client.lines"
    done
}

# check_ok NAME DESC VERSION [SERVER-LINE...]: the oracle pair connected (its lines carry
# VERSION and the peers' names, data bytes authenticated both ways); each
# pairing with ours has the same lines for the same role, authenticated
# data bytes, and our handshake trace.
check_ok() {
    local name=$1 desc=$2 v=$3 o=$out/$1.system-system pair s c
    local cc="Control Channel: $v, cipher $v"
    if expect_in "$o.server.lines" "$cc" "[sslshim test client] Peer Connection Initiated with PEER" "${@:4}" \
            "Initialization Sequence Completed" "VERIFY OK: depth=0, O=sslshim, CN=sslshim test client" \
        && expect_in "$o.client.lines" "$cc" "[localhost] Peer Connection Initiated with PEER" \
            "Initialization Sequence Completed" "VERIFY EKU OK" "VERIFY OK: depth=0, O=sslshim, CN=localhost" \
        && [ "$(auth_read "$o.server.status")" -gt 0 ] && [ "$(auth_read "$o.client.status")" -gt 0 ]; then
        pass "openvpn $desc, oracle pair: connected ($v), data channel authenticated both ways"
    else
        fail "openvpn $desc, oracle pair" "" "$o.server.log" "$o.client.log"
        return
    fi
    for pair in "ours system" "system ours"; do
        read -r s c <<< "$pair"
        local b=$out/$name.$s-$c role=server why=""
        [ "$c" = ours ] && role=client
        grep -q '^exit 139' "$b.$role.log" && why="openvpn on ours crashed (SIGSEGV); "
        cmp -s "$o.server.lines" "$b.server.lines" || why="${why}server's lines differ from the oracle's"
        cmp -s "$o.client.lines" "$b.client.lines" || why="${why:+$why; }client's lines differ from the oracle's"
        [ "$(auth_read "$b.server.status")" -gt 0 ] 2>/dev/null && [ "$(auth_read "$b.client.status")" -gt 0 ] 2>/dev/null \
            || why="${why:+$why; }no authenticated data-channel bytes (server $(auth_read "$b.server.status"), client $(auth_read "$b.client.status"))"
        if [ -z "$why" ] && expect_in "$b.$role.log" "handshake done: $role $v"; then
            pass "openvpn $desc, $role on ours: same lines as the oracle, data channel authenticated both ways"
        else
            diff "$o.$role.lines" "$b.$role.lines" > "$b.diff"
            fail "openvpn $desc, $role on ours" "$why" "$b.diff" "$b.$role.log"
        fi
    done
}

run_ok udp udp "" ""
check_ok udp "UDP" TLSv1.3
run_ok tcp tcp "--tls-crypt $out/keys/tc.key" "--tls-crypt $out/keys/tc.key --tls-version-max 1.2"
check_ok tcp "TCP, --tls-crypt, TLS 1.2" TLSv1.2
# The server with DH parameters (--dh FILE, a later --dh overriding
# --dh none): loaded with SSL_CTX_set0_tmp_dh_pkey, their size logged.
run_ok dh udp "--dh $out/keys/dh.pem" ""
check_ok dh "UDP, server with --dh FILE" TLSv1.3 "Diffie-Hellman initialized with 2048 bit key"

# ---- certificate rejected -----------------------------------------------
# run_bad NAME REJECTER: the REJECTER (client or server) has the untrusted
# CA; it must fail the handshake and exit (--tls-exit); the peer is then
# stopped.
run_bad() {
    local name=$1 rej=$2 pair s c port
    local sca=$certs/ca.pem cca=$certs/ca.pem
    [ "$rej" = client ] && cca=$certs/untrusted-ca.pem || sca=$certs/untrusted-ca.pem
    for pair in "${pairings[@]}"; do
        read -r s c <<< "$pair"
        local base=$out/$name.$s-$c
        port=$(free_port)
        ovpn_start "$base.server.log" "$s" $(server_args udp "$port" "$sca")
        local spid=$ovpn_pid
        wait_log "$base.server.log" "$(listening udp)" "$spid"
        ovpn_start "$base.client.log" "$c" $(client_args udp "$port" "$cca")
        local cpid=$ovpn_pid
        wait_log "$base.$rej.log" "TLS handshake failed" "$spid" "$cpid"
        sleep 0.5
        ovpn_stop "$spid" "$base.server.log"; ovpn_stop "$cpid" "$base.client.log"
        ovpn_lines "$base.server.log" > "$base.server.lines"
        ovpn_lines "$base.client.log" > "$base.client.lines"
    done
}

check_bad() {
    local name=$1 rej=$2 desc=$3 o=$out/$1.system-system pair s c
    local other=server; [ "$rej" = server ] && other=client
    if expect_in "$o.$rej.lines" \
            "VERIFY ERROR: depth=1, error=unable to get local issuer certificate: O=sslshim, CN=sslshim Test Intermediate CA" \
            "OpenSSL: error:0A000086:SSL routines::certificate verify failed:" "TLS Error: TLS handshake failed" \
        && ! grep -q "Peer Connection Initiated" "$o.server.lines" "$o.client.lines"; then
        pass "openvpn $desc, oracle pair: verify error, handshake failed, no connection"
    else
        fail "openvpn $desc, oracle pair" "" "$o.server.log" "$o.client.log"
        return
    fi
    for pair in "ours system" "system ours"; do
        read -r s c <<< "$pair"
        local b=$out/$name.$s-$c role=server why=""
        [ "$c" = ours ] && role=client
        grep -q '^exit 139' "$b.$role.log" && why="openvpn on ours crashed (SIGSEGV); "
        cmp -s "$o.$rej.lines" "$b.$rej.lines" || why="${why}$rej's lines differ from the oracle's"
        grep -q "Peer Connection Initiated" "$b.server.lines" "$b.client.lines" && why="${why:+$why; }a connection was made"
        # Ours rejects: its verification says so; the peer rejects ours:
        # ours built its config and started (its handshake never ends).
        local trace="sslshim::ctx: building $role config"
        [ "$role" = "$rej" ] && trace="sslshim::verify::peer: peer certificate rejected"
        if [ -z "$why" ] && expect_in "$b.$role.log" "$trace"; then
            pass "openvpn $desc, $role on ours: same rejection as the oracle"
        else
            diff "$o.$rej.lines" "$b.$rej.lines" > "$b.diff"
            fail "openvpn $desc, $role on ours" "$why" "$b.diff" "$b.$role.log"
        fi
    done
}

run_bad badsrv client
check_bad badsrv client "client with a CA not signing the server"
run_bad badcli server
check_bad badcli server "server with a CA not signing the client"

for f in "$out"/*.log; do
    grep -h "not implemented" "$f"
done | sort -u > "$out/stubs"
if [ -s "$out/stubs" ]; then
    echo "note: stubs openvpn reached:"; sed 's/^/      /' "$out/stubs"
fi
grep -l "^exit 139" "$out"/*.log 2>/dev/null | sed 's/^/note: crashed (SIGSEGV): /'

echo "dropin-openvpn: $passed passed, $failed failed, $xfailed known differences"
[ "$failed" -eq 0 ]
