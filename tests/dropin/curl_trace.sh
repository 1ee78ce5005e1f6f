#!/usr/bin/env bash
# curl -v's TLS trace on the drop-in libssl.so.3: curl prints a line for
# each protocol message its message callback (SSL_CTX_set_msg_callback)
# reports ("* TLSv1.3 (OUT), TLS handshake, Client hello (1):"). Debian's
# curl, unchanged, fetches a page from `openssl s_server -WWW` (the real
# libssl) on the system libssl (the oracle) and on ours, TLS 1.3 and 1.2:
# the trace lines (direction, version, content type, message) must be
# equal, and the payload arrive.
#   tests/dropin/curl_trace.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup curl_trace "www" "${1:-}"
command -v curl >/dev/null || { skip "curl not installed"; echo "dropin-curl_trace: 0 passed, 0 failed"; exit 0; }

payload="curl trace payload $$"
echo "$payload" > "$out/www/index.html"
www_server "$out/www" "$out/server.log"

# The lines curl's message callback prints. curl's progress meter writes
# to stderr without a newline, so a trace line can begin mid-line when the
# meter is on: it is turned off, and a trace line is found anywhere.
trace() { grep -oE '\* TLSv1\.[0-3] \((IN|OUT)\), .*' "$1" || true; }

for v in 1.3 1.2; do
    args=(-v --no-progress-meter --cacert "$certs/ca.pem" --tlsv$v --tls-max $v "https://localhost:$port/index.html")
    timeout 20 curl "${args[@]}" > "$out/$v.system.body" 2> "$out/$v.system.err"
    LD_PRELOAD="$lib" timeout 20 curl "${args[@]}" > "$out/$v.ours.body" 2> "$out/$v.ours.err"
    trace "$out/$v.system.err" > "$out/$v.system.trace"
    trace "$out/$v.ours.err" > "$out/$v.ours.trace"
    if [ -s "$out/$v.system.trace" ] && cmp -s "$out/$v.system.trace" "$out/$v.ours.trace" \
        && grep -qx "$payload" "$out/$v.ours.body"; then
        pass "curl -v TLS $v: the same $(wc -l < "$out/$v.ours.trace") trace lines as the oracle ($(grep -c handshake "$out/$v.ours.trace") handshake messages)"
    else
        diff "$out/$v.system.trace" "$out/$v.ours.trace" > "$out/$v.diff"
        fail "curl -v TLS $v trace" "differs from the oracle" "$out/$v.diff" "$out/$v.ours.err"
    fi
done

echo "dropin-curl_trace: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
