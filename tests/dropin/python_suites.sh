#!/usr/bin/env bash
# CPython's own TLS tests, which we did not write: Lib/test/test_ssl.py and
# the standard library's other suites that speak TLS (asyncio's SSL
# transport, http.client, ftplib, poplib, smtplib, urllib's HTTPS handler;
# Debian's libpython3.11-testsuite) run unchanged by Debian's python3 on
# the system libssl (the oracle) and with the drop-in preloaded. Every test
# must end as on the oracle (ok, skipped, failure, error), but for the
# known differences below, each with its reason; one of those ending as on
# the oracle fails the script until it is taken off the list. A test that
# differs is run once more on its own on ours (timing-dependent tests), and
# differs only if it does again.
#   tests/dropin/python_suites.sh [target/dropin/libssl.so.3]
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/dropin/lib.sh
dropin_setup python_suites "" "${1:-}"
SUITES=(test_ssl test_asyncio.test_ssl test_asyncio.test_sslproto test_httplib
    test_ftplib test_poplib test_smtplib test_urllib2_localnet)

# rustls has no post-handshake authentication: SSL_verify_client_post_handshake
# fails (SSL_R_EXTENSION_NOT_RECEIVED), so each case's "PHA" step errs.
known_diff "python suite test.test_ssl.TestPostHandshakeAuth.test_bpo37428_pha_cert_none" "no post-handshake authentication in rustls"
known_diff "python suite test.test_ssl.TestPostHandshakeAuth.test_pha_no_pha_server" "no post-handshake authentication in rustls"
known_diff "python suite test.test_ssl.TestPostHandshakeAuth.test_pha_optional" "no post-handshake authentication in rustls"
known_diff "python suite test.test_ssl.TestPostHandshakeAuth.test_pha_required" "no post-handshake authentication in rustls"
# rustls has no finite-field DHE suites: set_ciphers("kEDH") selects none.
known_diff "python suite test.test_ssl.ThreadedTests.test_dh_params" "no DHE cipher suites in rustls"

if ! $py -c 'import test.test_ssl' 2> "$out/import.err"; then
    fail "python suites: Debian's libpython3.11-testsuite is missing (make programs installs it)" "" "$out/import.err"
    echo "dropin-python_suites: $passed passed, $failed failed"
    exit 1
fi
loaded=$(LD_PRELOAD="$lib" $py -c "import ssl; print(open('/proc/self/maps').read().count('$lib'))")
[ "${loaded:-0}" -gt 0 ] || fail "python suites: the drop-in was not loaded ($lib)"

# run WHICH XML SUITE... [regrtest options...]: the suites on the system
# libssl (WHICH=system) or on ours; the outcomes, the log next to the XML.
run() {
    local which=$1 xml=$2 env=(); shift 2
    [ "$which" = ours ] && env=(LD_PRELOAD="$lib")
    (cd "$out" && env ${env[@]+"${env[@]}"} timeout 900 $py -m test --junit-xml "$xml" "$@" \
        > "${xml%.xml}.log" 2>&1)
    $py tests/dropin/py_suite_outcomes.py "$xml" 2> "${xml%.xml}.parse.err"
}
run system "$out/system.xml" "${SUITES[@]}" > "$out/system.outcomes"
run ours "$out/ours.xml" "${SUITES[@]}" > "$out/ours.outcomes"
total=$(wc -l < "$out/system.outcomes")
if [ "$total" -lt 500 ]; then
    fail "python suites: the oracle ran $total tests (500 or more expected)" "" "$out/system.log"
fi

same=0
while read -r name want; do
    got=$(awk -v n="$name" '$1 == n {print $2}' "$out/ours.outcomes")
    if [ "$got" != "$want" ] && ! known_reason "python suite $name" > /dev/null; then
        # Once more on its own before calling it a difference.
        suite=${name%.*}
        suite=${suite%.*}
        suite=${suite#test.}
        got=$(run ours "$out/again.xml" "$suite" --match "${name##*.}" |
            awk -v n="$name" '$1 == n {print $2}')
    fi
    if [ "$got" = "$want" ]; then
        if known_reason "python suite $name" > /dev/null; then
            pass "python suite $name: $got"
        fi
        same=$((same + 1))
    else
        fail "python suite $name: ${got:-not run} on ours, $want on the oracle" "" "$out/ours.log"
    fi
done < "$out/system.outcomes"
pass "python suites (${SUITES[*]}): $same of $total tests end as on the oracle ($(grep -c ' ok$' "$out/system.outcomes") pass there)"
echo "dropin-python_suites: $passed passed, $failed failed, $xfailed known differences"
[ "$failed" -eq 0 ]
