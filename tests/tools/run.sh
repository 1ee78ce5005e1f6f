#!/usr/bin/env bash
# sslshim-run from the source tree (it finds target/dropin/libssl.so.3 next
# to target/release by itself): Debian's curl against `openssl s_server -WWW`
# on the real libssl (a separate process) gets the payload and our trace
# shows the handshake; --lib and SSLSHIM_DROPIN; LD_PRELOAD kept; the exit
# status passes through; warnings for setuid and static binaries; error exits.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/interop/lib.sh

run=$PWD/target/release/sslshim-run
lib=$PWD/target/dropin/libssl.so.3
certs=$PWD/tests/certs
out=$PWD/build/tools/run; rm -rf "$out"; mkdir -p "$out/www"
payload="sslshim-run payload $$ $(date +%s%N)"
echo "$payload" > "$out/www/index.html"
unset SSLSHIM_DROPIN SSLSHIM_LOG

command -v curl > /dev/null || { fail "curl not installed"; echo "test-tools (sslshim-run): 0 passed, 1 failed"; exit 1; }
www_server "$out/www" "$out/server.log"

# curl_case NAME [sslshim-run options...]
curl_case() {
    local name=$1; shift
    timeout 20 "$run" "$@" curl -sS --cacert "$certs/ca.pem" "https://localhost:$port/index.html" \
        > "$out/$name.body" 2> "$out/$name.err"
    local rc=$?
    if [ $rc = 0 ] && expect_in "$out/$name.body" "$payload" &&
        expect_in "$out/$name.err" "sslshim: INFO sslshim::ssl::handshake: handshake done"; then
        pass "$name: curl gets the payload, our trace shows the handshake"
    else
        fail "$name" "exit $rc" "$out/$name.body" "$out/$name.err"
    fi
}
curl_case "sslshim-run --log info curl" --log info
curl_case "--lib PATH" --log info --lib "$lib"
SSLSHIM_DROPIN=$lib curl_case "SSLSHIM_DROPIN" --log info -- 
# Without --log there is no trace.
timeout 20 "$run" curl -sS --cacert "$certs/ca.pem" "https://localhost:$port/index.html" \
    > "$out/quiet.body" 2> "$out/quiet.err"
rc=$?
[ $rc = 0 ] && expect_in "$out/quiet.body" "$payload" && ! grep -q 'sslshim:' "$out/quiet.err" &&
    pass "without --log: payload, no trace" || fail "without --log" "exit $rc" "$out/quiet.err"


expect_exit "LD_PRELOAD: ours first, the old value kept" 0 "$lib:/lib/x86_64-linux-gnu/libz.so.1" \
    env LD_PRELOAD=/lib/x86_64-linux-gnu/libz.so.1 "$run" sh -c 'echo "$LD_PRELOAD"'
expect_exit "--log sets SSLSHIM_LOG" 0 "level=debug" "$run" --log debug sh -c 'echo "level=$SSLSHIM_LOG"'
expect_exit "exit status passes through" 7 "bye" "$run" sh -c 'echo bye; exit 7'
expect_exit "program not found" 127 "no-such-program-xyz: command not found" "$run" no-such-program-xyz
printf '#!/bin/sh\necho hi\n' > "$out/noexec"; chmod 644 "$out/noexec"
expect_exit "program not executable" 126 "$out/noexec" "$run" "$out/noexec"
expect_exit "drop-in library missing" 125 "libssl.so.3 was not found" env SSLSHIM_DROPIN=/nonexistent/libssl.so.3 "$run" true
expect_exit "--help" 0 "exit status:" "$run" --help
expect_exit "no PROGRAM" 64 "missing PROGRAM" "$run"
expect_exit "--log without a value" 64 "--log needs a value" "$run" --log
cp /bin/true "$out/setuid-true"; chmod u+s "$out/setuid-true"
expect_exit "setuid warning" 0 "is setuid/setgid" "$run" "$out/setuid-true"
if gcc -static -o "$out/static" -x c - <<< 'int main(void) { return 3; }' 2> "$out/static.log"; then
    expect_exit "static binary warning" 3 "statically linked" "$run" "$out/static"
else
    fail "static binary: gcc -static failed" "" "$out/static.log"
fi

echo "test-tools (sslshim-run): $passed passed, $failed failed"
[ "$failed" = 0 ]
