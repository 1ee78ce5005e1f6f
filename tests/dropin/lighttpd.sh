#!/usr/bin/env bash
# Debian's lighttpd with mod_openssl, unchanged, on the drop-in libssl.so.3
# (LD_PRELOAD), in the foreground (-D) with its config in $out, serving a
# static file and a CGI script (printing mod_openssl's SSL_* environment)
# over HTTPS to curl and `openssl s_client` on the real libssl: GET over
# HTTP/2 and HTTP/1.1 (ALPN: lighttpd's select callback), a certificate per
# $HTTP["host"] (its client hello callback), session resumption with
# lighttpd's own ticket key callback and an ssl.stek-file (also across a
# restart), ssl.openssl.ssl-conf-cmd (SSL_CONF_cmd: MinProtocol,
# Ciphersuites, CipherString, Options -SessionTicket), and client
# certificates (ssl.verifyclient.*, enforced and optional).
# Each case runs lighttpd on the system libssl (the oracle) and on ours;
# bodies, exit codes, s_client's New/Reused/cipher/subject lines and the
# CGI's SSL_* variables must be equal, and lighttpd's stderr must carry our
# SSLSHIM_LOG handshakes.
#   tests/dropin/lighttpd.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup lighttpd "www" "${1:-}"
if [ ! -x /usr/sbin/lighttpd ] || [ ! -f /usr/lib/lighttpd/mod_openssl.so ]; then
    fail "lighttpd or lighttpd-mod-openssl not installed (make programs)"
    echo "dropin-lighttpd: $passed passed, $failed failed, $xfailed known differences"; exit 1
fi

payload="sslshim lighttpd payload $$ $(date +%s%N)"
echo "$payload" > "$out/www/index.html"
cat > "$out/www/env.sh" <<'SH'
printf 'Content-Type: text/plain\r\n\r\n'
env | grep -E '^(HTTPS|REMOTE_USER|SSL_[A-Z_]*)=' | grep -v '^SSL_CLIENT_CERT=' | sort
SH
# The session ticket encryption key file (format 0, active from a minute
# ago for a day, 80 fixed key bytes): both runs and both starts of each
# run use the same key.
python3 - "$out/stek" <<'PY'
import struct, sys, time
t = int(time.time())
open(sys.argv[1], "wb").write(struct.pack("<iii", 0, t - 60, t + 86400)
                              + b"sslshim lighttpd stek".ljust(80, b"."))
PY

# (The probe sends nothing: a byte would make an SSL error in the log.)
wait_port() {
    for _ in $(seq 100); do
        (: > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

p_main=$(free_port); p_conf13=$(free_port); p_conf12=$(free_port)
p_verify=$(free_port); p_optional=$(free_port)
tls_cert() {
    echo "    ssl.engine = \"enable\""
    echo "    ssl.pemfile = \"$certs/server-chain.pem\""
    echo "    ssl.privkey = \"$certs/server.key\""
}

# conf WHICH: the configuration of the run, logs under $out/WHICH.
conf() {
    local dir=$out/$1
    mkdir -p "$dir"
    cat <<CONF
server.modules = ("mod_openssl", "mod_cgi", "mod_accesslog")
server.document-root = "$out/www"
server.bind = "127.0.0.1"
server.port = $p_main
server.errorlog = "$dir/error.log"
server.breakagelog = "$dir/breakage.log"
accesslog.filename = "$dir/access.log"
mimetype.assign = (".html" => "text/html")
cgi.assign = (".sh" => "/bin/sh")
ssl.engine = "enable"
ssl.pemfile = "$certs/server-chain.pem"
ssl.privkey = "$certs/server.key"
ssl.stek-file = "$out/stek"
# A certificate chosen by the client's server name.
\$HTTP["host"] == "other.example" {
    ssl.pemfile = "$certs/wrong-host-chain.pem"
    ssl.privkey = "$certs/wrong-host.key"
}
\$SERVER["socket"] == "127.0.0.1:$p_conf13" {
$(tls_cert)
    ssl.openssl.ssl-conf-cmd = ("MinProtocol" => "TLSv1.3", "Ciphersuites" => "TLS_CHACHA20_POLY1305_SHA256")
}
\$SERVER["socket"] == "127.0.0.1:$p_conf12" {
$(tls_cert)
    ssl.openssl.ssl-conf-cmd = ("MaxProtocol" => "TLSv1.2", "CipherString" => "ECDHE-ECDSA-CHACHA20-POLY1305", "Options" => "-SessionTicket")
}
\$SERVER["socket"] == "127.0.0.1:$p_verify" {
$(tls_cert)
    ssl.ca-file = "$certs/ca.pem"
    ssl.verifyclient.activate = "enable"
    ssl.verifyclient.enforce = "enable"
    ssl.verifyclient.depth = 2
    ssl.verifyclient.username = "SSL_CLIENT_S_DN_CN"
}
\$SERVER["socket"] == "127.0.0.1:$p_optional" {
$(tls_cert)
    ssl.ca-file = "$certs/ca.pem"
    ssl.verifyclient.activate = "enable"
    ssl.verifyclient.enforce = "disable"
    ssl.verifyclient.depth = 2
}
CONF
}

# start WHICH RUN: lighttpd on the system libssl or ours; its stderr in
# $out/WHICH/stderr.RUN.
start() {
    local which=$1 env=()
    conf "$which" > "$out/$which.conf"
    [ "$which" = ours ] && env=(SSLSHIM_LOG=info LD_PRELOAD="$lib")
    env "${env[@]}" timeout 100 /usr/sbin/lighttpd -D -f "$out/$which.conf" -m /usr/lib/lighttpd \
        > "$out/$which/stderr.$2" 2>&1 &
    lt_pid=$!
    pids+=($lt_pid)
    wait_port "$p_optional" && return 0
    fail "lighttpd ($which) did not start" "" "$out/$which/stderr.$2" "$out/$which/error.log"
    return 1
}
stop() { sleep 0.3; kill "$lt_pid" 2>/dev/null; wait "$lt_pid" 2>/dev/null; }

# sclient OUT PORT ARGS...: one HTTP/1.0 GET through s_client; the lines
# that the protocol determines go to OUT.key.
sclient() {
    local o=$1 port=$2; shift 2
    printf 'GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n' | timeout 10 openssl s_client \
        -connect "127.0.0.1:$port" -CAfile "$certs/ca.pem" -ign_eof "$@" > "$o" 2>&1
    echo "s_client exit $?" >> "$o"
    # (Each session s_client prints, one per TLS 1.3 ticket, repeats its
    # verify code: kept once.)
    grep -E '^(New|Reused| *Verify return code|s_client exit|subject=|ALPN protocol|No ALPN)|^(HTTP/|sslshim lighttpd payload)|:error:' "$o" \
        | sed -E 's/^ +//; s/^[0-9A-F]+:error:/error:/; s/:[^:]*\.c:[0-9]+:/:/' | awk '!seen[$0]++' > "$o.key"
}

cases() {
    local o=$out/$1
    # 0. A probe sending one byte (a newline) and closing: lighttpd logs
    # the handshake's error unless it is one it counts as noise (unexpected
    # EOF); its SSL lines are kept before the other cases add theirs.
    (exec 3<> "/dev/tcp/127.0.0.1/$p_main"; printf '\n' >&3; sleep 0.2)
    sleep 0.3
    grep -o 'SSL: .*' "$out/$1/error.log" > "$o.probe.log"
    # 1. curl: HTTP/2 and HTTP/1.1 through ALPN; the CGI's variables.
    for h in http2 http1.1; do
        curl -sS -v --$h --cacert "$certs/ca.pem" "https://localhost:$p_main/index.html" \
            > "$o.$h.body" 2> "$o.$h.err"
        echo $? > "$o.$h.rc"
        grep -E '^\* ALPN: server|^< HTTP/' "$o.$h.err" | tr -d '\r' > "$o.$h.alpn"
    done
    curl -sS --cacert "$certs/ca.pem" "https://localhost:$p_main/env.sh" > "$o.env.body" 2> "$o.env.err"
    # s_client's ALPN offers: one lighttpd does not know (refused with a
    # no_application_protocol alert), then http/1.1.
    sclient "$o.alpn_none" "$p_main" -servername localhost -alpn spdy/3
    sclient "$o.alpn_h1" "$p_main" -servername localhost -alpn spdy/3,http/1.1
    # 2. The certificate for other.example by name.
    sclient "$o.sni_other" "$p_main" -servername other.example -verify_hostname other.example
    sclient "$o.sni_localhost" "$p_main" -servername localhost -verify_hostname localhost
    # 3. Resumption with lighttpd's tickets, TLS 1.3 and 1.2.
    for v in tls1_3 tls1_2; do
        sclient "$o.res_$v.first" "$p_main" -$v -servername localhost -sess_out "$o.res_$v.sess"
        sclient "$o.res_$v.second" "$p_main" -$v -servername localhost -sess_in "$o.res_$v.sess"
    done
    # 4. ssl-conf-cmd: TLS 1.3 only with one suite; TLS 1.2 only with one
    # cipher and no tickets (and lighttpd's session cache off by default:
    # no resumption).
    sclient "$o.conf13_tls1_3" "$p_conf13" -tls1_3
    sclient "$o.conf13_tls1_2" "$p_conf13" -tls1_2
    sclient "$o.conf12_tls1_3" "$p_conf12" -tls1_3
    sclient "$o.conf12_tls1_2" "$p_conf12" -tls1_2 -sess_out "$o.conf12.sess"
    for f in conf13_tls1_3 conf12_tls1_2; do
        grep -E '^New|TLS session ticket:' "$o.$f" | sort -u > "$o.$f.cipher"
    done
    # (s_client saves no session that cannot be resumed.)
    [ -s "$o.conf12.sess" ] && echo "session saved" > "$o.conf12.saved" || echo "no session saved" > "$o.conf12.saved"
    # 5. Client certificates, enforced: trusted (with its chain), none,
    # untrusted; the CA names lighttpd sends.
    curl -sS --cacert "$certs/ca.pem" --cert "$certs/client-chain.pem" --key "$certs/client.key" \
        "https://localhost:$p_verify/env.sh" > "$o.cert.body" 2> "$o.cert.err"
    echo $? > "$o.cert.rc"
    curl -sS --cacert "$certs/ca.pem" "https://localhost:$p_verify/env.sh" > "$o.nocert.body" 2> "$o.nocert.err"
    echo $? > "$o.nocert.rc"
    curl -sS --cacert "$certs/ca.pem" --cert "$certs/untrusted.pem" --key "$certs/untrusted.key" \
        "https://localhost:$p_verify/env.sh" > "$o.badcert.body" 2> "$o.badcert.err"
    echo $? > "$o.badcert.rc"
    sclient "$o.canames" "$p_verify" < /dev/null
    sed -n '/^Acceptable client certificate CA names/,/^[A-Z].*:/p' "$o.canames" | sed '$d' \
        > "$o.canames.list"
    # 6. Optional: the verification result in SSL_CLIENT_VERIFY.
    curl -sS --cacert "$certs/ca.pem" --cert "$certs/client-chain.pem" --key "$certs/client.key" \
        "https://localhost:$p_optional/env.sh" > "$o.opt_cert.body" 2> "$o.opt_cert.err"
    curl -sS --cacert "$certs/ca.pem" "https://localhost:$p_optional/env.sh" > "$o.opt_nocert.body" \
        2> "$o.opt_nocert.err"
    curl -sS --cacert "$certs/ca.pem" --cert "$certs/untrusted.pem" --key "$certs/untrusted.key" \
        "https://localhost:$p_optional/env.sh" > "$o.opt_badcert.body" 2> "$o.opt_badcert.err"
}

# A restarted lighttpd resumes the previous run's tickets (ssl.stek-file).
restart_cases() {
    local o=$out/$1
    for v in tls1_3 tls1_2; do
        sclient "$o.restart_$v" "$p_main" -$v -servername localhost -sess_in "$o.res_$v.sess"
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
done

S=$out/system O=$out/ours
trace=$out/ours.trace
cat "$out/ours/stderr.1" "$out/ours/stderr.2" "$out/ours/error.log" "$out/ours/breakage.log" \
    > "$trace" 2>/dev/null
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
        pass "curl --$h: ALPN $alpn, the static file, as the oracle"
    else
        fail "curl --$h" "" "$S.$h.alpn" "$O.$h.alpn" "$O.$h.err"
    fi
done
if same env body && expect_in "$O.env.body" "HTTPS=on" "SSL_PROTOCOL=TLSv1.3" "SSL_CIPHER=TLS_AES_256_GCM_SHA384"; then
    pass "CGI's SSL_* variables (SSL_get_version, SSL_get_current_cipher...): equal to the oracle's"
else
    fail "CGI's SSL_* variables" "" "$S.env.body" "$O.env.body"
fi
if same alpn_none key && same alpn_h1 key \
    && expect_in "$O.alpn_none.key" "alert no application protocol" "s_client exit 1" \
    && expect_in "$O.alpn_h1.key" "ALPN protocol: http/1.1" "$payload"; then
    pass "s_client -alpn: no common protocol refused (no_application_protocol alert), http/1.1 chosen, as the oracle"
else
    fail "s_client -alpn" "" "$S.alpn_none.key" "$O.alpn_none.key" "$S.alpn_h1.key" "$O.alpn_h1.key"
fi
if same sni_other key && same sni_localhost key \
    && expect_in "$O.sni_other.key" "subject=O = sslshim, CN = other.example" "Verify return code: 0 (ok)" \
    && expect_in "$O.sni_localhost.key" "subject=O = sslshim, CN = localhost" "Verify return code: 0 (ok)"; then
    pass "certificate per \$HTTP[\"host\"] (client hello callback): other.example's by name, as the oracle"
else
    fail "certificate by server name" "" "$S.sni_other.key" "$O.sni_other.key"
fi

for v in tls1_3 tls1_2; do
    proto=TLSv1.3; [ $v = tls1_2 ] && proto=TLSv1.2
    ok=1
    for w in system ours; do
        expect_in "$out/$w.res_$v.first.key" "New, $proto" "Verify return code: 0 (ok)" "$payload" \
            && expect_in "$out/$w.res_$v.second.key" "Reused, $proto" "$payload" || ok=0
    done
    if [ $ok = 1 ] && expect_in "$trace" "$HS: server $proto"; then
        pass "resumption $proto (s_client -sess_out/-sess_in, lighttpd's tickets): Reused, as the oracle"
    else
        fail "resumption $proto" "" "$S.res_$v.second.key" "$O.res_$v.first.key" "$O.res_$v.second.key"
    fi
    f=restart_$v
    if expect_in "$S.$f.key" "Reused, $proto" "$payload" && same $f key; then
        pass "restarted lighttpd, $proto: the previous run's ticket Reused (ssl.stek-file), as the oracle"
    else
        fail "restarted lighttpd, $proto: oracle '$(grep -E '^(New|Reused)' "$S.$f.key")', ours '$(grep -E '^(New|Reused)' "$O.$f.key")'" \
            "" "$S.$f.key" "$O.$f.key"
    fi
done

if same conf13_tls1_3 key cipher && same conf13_tls1_2 key \
    && expect_in "$O.conf13_tls1_3.key" "New, TLSv1.3, Cipher is TLS_CHACHA20_POLY1305_SHA256" "$payload" \
    && expect_in "$O.conf13_tls1_2.key" "s_client exit 1" && expect_in "$S.conf13_tls1_2.key" "s_client exit 1"; then
    pass "ssl-conf-cmd MinProtocol TLSv1.3 + Ciphersuites: the one suite, TLS 1.2 refused, as the oracle"
else
    fail "ssl-conf-cmd MinProtocol/Ciphersuites" "" "$S.conf13_tls1_3.key" "$O.conf13_tls1_3.key" \
        "$S.conf13_tls1_2.key" "$O.conf13_tls1_2.key"
fi
if same conf12_tls1_2 key cipher && same conf12_tls1_3 key && same conf12 saved \
    && expect_in "$O.conf12_tls1_2.key" "New, TLSv1.2, Cipher is ECDHE-ECDSA-CHACHA20-POLY1305" "$payload" \
    && expect_in "$S.conf12.saved" "no session saved" \
    && ! grep -q 'TLS session ticket:' "$O.conf12_tls1_2.cipher" \
    && expect_in "$O.conf12_tls1_3.key" "s_client exit 1"; then
    pass "ssl-conf-cmd MaxProtocol TLSv1.2 + CipherString + Options -SessionTicket: the one cipher, no ticket (no resumable session), TLS 1.3 refused, as the oracle"
else
    fail "ssl-conf-cmd MaxProtocol/CipherString/Options" "" "$S.conf12_tls1_2.cipher" "$O.conf12_tls1_2.cipher" \
        "$S.conf12.saved" "$O.conf12.saved" "$S.conf12_tls1_3.key" "$O.conf12_tls1_3.key"
fi

if same cert body rc && expect_in "$O.cert.body" "SSL_CLIENT_VERIFY=SUCCESS" \
    "SSL_CLIENT_S_DN_CN=sslshim test client" "REMOTE_USER=sslshim test client"; then
    pass "client certificate enforced and verified: SSL_CLIENT_* variables equal to the oracle's"
else
    fail "client certificate" "" "$S.cert.body" "$O.cert.body" "$O.cert.err"
fi
for c in nocert badcert; do
    if same $c body rc && [ "$(cat "$O.$c.rc")" != 0 ]; then
        pass "ssl.verifyclient.enforce, $c: handshake refused (curl exit $(cat "$O.$c.rc")), as the oracle"
    else
        fail "ssl.verifyclient.enforce, $c" "curl exit $(cat "$O.$c.rc"), oracle $(cat "$S.$c.rc")" "$S.$c.err" "$O.$c.err"
    fi
done
if same canames list && expect_in "$O.canames.list" "O = sslshim, CN = sslshim Test Root CA"; then
    pass "client CA names sent (ssl.ca-file): equal to the oracle's"
else
    fail "client CA names" "" "$S.canames.list" "$O.canames"
fi
if same opt_cert body && same opt_nocert body && same opt_badcert body \
    && expect_in "$O.opt_cert.body" "SSL_CLIENT_VERIFY=SUCCESS" \
    && expect_in "$O.opt_nocert.body" "SSL_CLIENT_VERIFY=NONE" \
    && expect_in "$O.opt_badcert.body" "SSL_CLIENT_VERIFY=FAILED"; then
    pass "optional client certificate: $(grep -h SSL_CLIENT_VERIFY "$O.opt_cert.body" "$O.opt_nocert.body" "$O.opt_badcert.body" | tr '\n' ' ')as the oracle"
else
    fail "optional client certificate" "" "$S.opt_badcert.body" "$O.opt_badcert.body" "$S.opt_nocert.body" "$O.opt_nocert.body"
fi

if same probe log && [ ! -s "$S.probe.log" ]; then
    pass "a probe sending one byte then closing: nothing in lighttpd's error log (an unexpected EOF), as the oracle"
else
    fail "a probe sending one byte then closing: lighttpd logged an SSL error the oracle did not" "" "$O.probe.log"
fi

grep -h "not implemented" "$trace" | sort -u > "$out/stubs"
if [ -s "$out/stubs" ]; then
    echo "note: stubs lighttpd reached:"; sed 's/^/      /' "$out/stubs"
fi

echo "dropin-lighttpd: $passed passed, $failed failed, $xfailed known differences"
[ "$failed" -eq 0 ]
