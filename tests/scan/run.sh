#!/usr/bin/env bash
# Real scanners against our server (make scan; make test-scan-quick runs
# only sslscan): examples/epoll_server on sslshim, 127.0.0.1, a free port.
#   tests/scan/run.sh [sslscan] [testssl] [sslyze]     (default: all three)
# Each report is checked by tests/scan/check.py (only TLS 1.2/1.3, AEAD
# suites with forward secrecy; testssl: no HIGH/CRITICAL finding), and the
# server must still be up and answer a real handshake after every scanner.
# Reports in build/scan/; summaries in build/scan/*.summary.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/interop/lib.sh

tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=(sslscan testssl sslyze)
SERVER=${SERVER:-build/examples/epoll_server}
SSLYZE=${SSLYZE:-build/scan-venv/bin/sslyze}
B=build/scan
mkdir -p $B

port=$(free_port)
"$SERVER" -p "$port" >$B/server.log 2>&1 &
spid=$!
pids+=("$spid")
for _ in $(seq 100); do grep -q '^listening on' $B/server.log && break; sleep 0.1; done
grep -q '^listening on' $B/server.log || { fail "server did not start" "" $B/server.log; exit 1; }

# The server is alive and still completes a verified handshake.
still_up() {
    kill -0 "$spid" 2>/dev/null &&
        echo ping | timeout 10 openssl s_client -connect "127.0.0.1:$port" -servername localhost \
            -verify_hostname localhost -CAfile tests/certs/ca.pem -verify_return_error \
            -ign_eof -quiet 2>/dev/null | grep -q '^echo: ping'
}

for tool in "${tools[@]}"; do
    start=$SECONDS
    case $tool in
    sslscan)
        command -v sslscan >/dev/null || { skip "sslscan: not installed (make scan-tools)"; continue; }
        sslscan --no-colour "127.0.0.1:$port" >$B/sslscan.txt 2>&1
        report=$B/sslscan.txt ;;
    testssl)
        command -v testssl >/dev/null || { skip "testssl.sh: not installed (make scan-tools)"; continue; }
        rm -f $B/testssl.json
        testssl --color 0 --warnings off --quiet --ip one --jsonfile $B/testssl.json \
            "127.0.0.1:$port" >$B/testssl.txt 2>&1
        report=$B/testssl.json ;;
    sslyze)
        [ -x "$SSLYZE" ] || { skip "sslyze: not installed (make scan-tools)"; continue; }
        "$SSLYZE" --json_out=$B/sslyze.json "127.0.0.1:$port" >$B/sslyze.txt 2>&1
        report=$B/sslyze.json ;;
    *) echo "unknown scanner $tool"; exit 2 ;;
    esac
    secs=$((SECONDS - start))
    if python3 tests/scan/check.py "$tool" "$report" >$B/$tool.summary 2>&1; then
        pass "$tool (${secs}s): only TLS 1.2/1.3, AEAD suites with forward secrecy"
    else
        fail "$tool (${secs}s)" "report check failed" $B/$tool.summary
    fi
    sed 's/^/      /' $B/$tool.summary
    if still_up; then
        pass "server up after $tool"
    else
        fail "server down or not answering after $tool" "" $B/server.log
    fi
done
echo "scan: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
