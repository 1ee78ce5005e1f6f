#!/usr/bin/env bash
# Python's ssl module (Debian's /usr/bin/python3, unchanged) as a client on
# the drop-in libssl.so.3, against `openssl s_server -WWW` on the real
# libssl: the same script on the system libssl (the oracle) and on ours,
# outputs equal; our trace shows the handshake. Cases: host name checked
# through X509_VERIFY_PARAM (what Python uses), a mismatching name, an
# untrusted CA; a session resumed through SSLSocket.session (py_resume.py).
#   tests/dropin/python.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup python "www" "${1:-}"
echo "python drop-in payload $$" > "$out/www/index.html"

www_server "$out/www" "$out/server.log"

# case NAME HOST CAFILE EXPECTED...
case_() {
    local name=$1 host=$2 ca=$3; shift 3
    timeout 20 $py tests/dropin/py_client.py "$port" "$host" "$ca" > "$out/$name.system" 2>&1
    SSLSHIM_LOG=info LD_PRELOAD="$lib" timeout 20 $py tests/dropin/py_client.py "$port" "$host" "$ca" \
        > "$out/$name.ours" 2> "$out/$name.ours.err"
    if cmp -s "$out/$name.system" "$out/$name.ours" && expect_in "$out/$name.ours" "$@" \
        && expect_in "$out/$name.ours.err" "sslshim: INFO sslshim::ssl::handshake: handshake done: client" \
            "sslshim: INFO" ; then
        pass "python $name: $(tail -1 "$out/$name.ours")"
    else
        diff "$out/$name.system" "$out/$name.ours" >> "$out/$name.ours"
        fail "python $name" "" "$out/$name.ours" "$out/$name.ours.err"
    fi
}

case_ localhost localhost "$certs/ca.pem" "version TLSv1.3" "reply python drop-in payload $$"
# The handshake completes on both sides only when verification passes;
# for the failures our trace shows the attempt, not "handshake done".
hs_fail() {
    local name=$1 host=$2 ca=$3; shift 3
    timeout 20 $py tests/dropin/py_client.py "$port" "$host" "$ca" > "$out/$name.system" 2>&1
    SSLSHIM_LOG=debug LD_PRELOAD="$lib" timeout 20 $py tests/dropin/py_client.py "$port" "$host" "$ca" \
        > "$out/$name.ours" 2> "$out/$name.ours.err"
    if cmp -s "$out/$name.system" "$out/$name.ours" && expect_in "$out/$name.ours" "$@" \
        && expect_in "$out/$name.ours.err" "sslshim: DEBUG sslshim::verify::peer: peer certificate rejected"; then
        pass "python $name: $(tail -1 "$out/$name.ours")"
    else
        diff "$out/$name.system" "$out/$name.ours" >> "$out/$name.ours"
        fail "python $name" "" "$out/$name.ours" "$out/$name.ours.err"
    fi
}
hs_fail wrong-host wrong.example "$certs/ca.pem" "SSLCertVerificationError 62 Hostname mismatch"
hs_fail untrusted localhost "$certs/untrusted-ca.pem" "SSLCertVerificationError 20 unable to get local issuer certificate"

# Session resumption through SSLSocket.session (i2d/d2i of a client
# session in the same process), TLS 1.2 and 1.3.
for v in 1.2 1.3; do
    timeout 30 $py tests/dropin/py_resume.py "$port" "$certs/ca.pem" $v > "$out/resume$v.system" 2>&1
    LD_PRELOAD="$lib" timeout 30 $py tests/dropin/py_resume.py "$port" "$certs/ca.pem" $v \
        > "$out/resume$v.ours" 2> "$out/resume$v.ours.err"
    if cmp -s "$out/resume$v.system" "$out/resume$v.ours" \
        && expect_in "$out/resume$v.ours" "first TLSv$v reused False" "second TLSv$v reused True"; then
        pass "python TLS $v session resumed through SSLSocket.session, as the oracle"
    else
        diff "$out/resume$v.system" "$out/resume$v.ours" >> "$out/resume$v.ours"
        fail "python TLS $v session resumption" "" "$out/resume$v.ours" "$out/resume$v.ours.err"
    fi
done

echo "dropin-python: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
