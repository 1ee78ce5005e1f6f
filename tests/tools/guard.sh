#!/usr/bin/env bash
# The wrong-flavour guard (src/guard.rs, docs/DROPIN.md "Which flavour"):
# tests/tools/mixed.c, built against the system headers with -lssl
# -lcrypto, imports libcrypto functions the standalone libsslshim.so does
# not export and applies them to the X509 its SSL_CTX holds.
#  - standalone preloaded: before main, exactly one line on stderr naming
#    the drop-in to use instead; exit 2, no signal, nothing printed by main;
#  - the same with SSLSHIM_ALLOW_MIXED=1 (main only, no mixed call): the
#    line once, saying it continues, exit 0;
#  - the drop-in preloaded: runs normally, SSL_CTX_new served by the
#    drop-in, the fingerprint equal to `openssl x509 -fingerprint`'s;
#  - built -DONLY_OURS (every import exported by the standalone, as tests/c
#    mode (c) programs are): the standalone preloaded runs it, no message.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/interop/lib.sh

standalone=$PWD/target/release/libsslshim.so
dropin=$PWD/target/dropin/libssl.so.3
certs=$PWD/tests/certs
out=$PWD/build/tools/guard; rm -rf "$out"; mkdir -p "$out"
unset SSLSHIM_ALLOW_MIXED SSLSHIM_LOG
line="libsslshim.so (standalone) is loaded into a program linked with OpenSSL's"
cc=(gcc -Wall -O1 -Wno-deprecated-declarations)

for f in "$standalone" "$dropin"; do
    [ -f "$f" ] || { fail "$f not built (make build dropin)"; echo "test-tools (guard): 0 passed, 1 failed"; exit 1; }
done
"${cc[@]}" -o "$out/mixed" tests/tools/mixed.c tests/c/support/ssl_from.c -lssl -lcrypto 2> "$out/build.log" &&
    "${cc[@]}" -DONLY_OURS -o "$out/ours" tests/tools/mixed.c -lssl -lcrypto 2>> "$out/build.log" ||
    { fail "building tests/tools/mixed.c against the system headers" "" "$out/build.log"; exit 1; }

# OpenSSL-versioned imports of BIN that the standalone does not export.
lacking() {
    LC_ALL=C comm -23 \
        <(nm -D --undefined-only "$1" | awk '$2 ~ /@OPENSSL/ {sub(/@.*/, "", $2); print $2}' | LC_ALL=C sort -u) \
        <(nm -D --defined-only "$standalone" | awk '{print $3}' | sed 's/@.*//' | LC_ALL=C sort -u)
}
lacking "$out/mixed" > "$out/mixed.lacking"
lacking "$out/ours" > "$out/ours.lacking"
if [ -s "$out/mixed.lacking" ] && [ ! -s "$out/ours.lacking" ]; then
    pass "mixed imports $(wc -l < "$out/mixed.lacking") functions the standalone lacks, -DONLY_OURS none"
else
    fail "the programs no longer test the guard (the standalone exports what mixed.c calls?)" "" \
        "$out/mixed.lacking" "$out/ours.lacking"
fi

# case NAME EXPECTED_EXIT CMD...: stdout/stderr in $out/NAME.{out,err}.
run_case() {
    local name=$1 want=$2; shift 2
    timeout 30 "$@" > "$out/$name.out" 2> "$out/$name.err"
    local rc=$?
    echo "$rc" > "$out/$name.rc"
    if [ "$rc" -ge 128 ] || [ "$rc" = 124 ]; then
        fail "$name: killed or timed out (exit $rc)" "" "$out/$name.err"
        return 1
    fi
    [ "$rc" = "$want" ] || { fail "$name: exit $rc, expected $want" "" "$out/$name.err"; return 1; }
}

# Standalone preloaded into the mixed program: stopped before main.
if run_case standalone 2 env LD_PRELOAD="$standalone" "$out/mixed" "$certs/server.pem" "$certs/server.key"; then
    n=$(grep -cF "$line" "$out/standalone.err")
    first=$(head -1 "$out/mixed.lacking")
    if [ "$n" = 1 ] && [ "$(wc -l < "$out/standalone.err")" = 1 ] && [ ! -s "$out/standalone.out" ] &&
        expect_in "$out/standalone.err" "LD_PRELOAD=$(realpath "$dropin")" "sslshim-run PROGRAM" \
            "stopping (exit 2; SSLSHIM_ALLOW_MIXED=1" "$first"; then
        pass "standalone preloaded: stopped before main, exit 2, one line naming the drop-in and $first"
    else
        fail "standalone preloaded: the line ($n times), or main ran" "" "$out/standalone.err" "$out/standalone.out"
    fi
fi

# The opt-out: the line once, then main runs (no mixed call made).
if run_case allowed 0 env SSLSHIM_ALLOW_MIXED=1 LD_PRELOAD="$standalone" "$out/mixed"; then
    n=$(grep -cF "$line" "$out/allowed.err")
    if [ "$n" = 1 ] && expect_in "$out/allowed.err" "continuing because SSLSHIM_ALLOW_MIXED is set" &&
        grep -qx main "$out/allowed.out"; then
        pass "SSLSHIM_ALLOW_MIXED=1: the line once, then main runs (exit 0)"
    else
        fail "SSLSHIM_ALLOW_MIXED=1: the line ($n times) or main's output" "" "$out/allowed.err" "$out/allowed.out"
    fi
fi

# The drop-in preloaded: the program works, on the drop-in.
openssl x509 -noout -fingerprint -sha256 -in "$certs/server.pem" > "$out/fingerprint"
if run_case dropin 0 env LD_PRELOAD="$dropin" "$out/mixed" "$certs/server.pem" "$certs/server.key"; then
    from=$(sed -n 's/^# libssl: //p' "$out/dropin.out")
    if [ "$(realpath "$from" 2>/dev/null)" = "$(realpath "$dropin")" ] &&
        grep -qxF "$(cat "$out/fingerprint")" "$out/dropin.out" && grep -qx ok "$out/dropin.out" &&
        ! grep -qF "$line" "$out/dropin.err"; then
        pass "drop-in preloaded: runs, SSL_CTX_new from the drop-in, fingerprint = openssl x509's"
    else
        fail "drop-in preloaded: output" "" "$out/dropin.out" "$out/dropin.err" "$out/fingerprint"
    fi
fi

# Every import the standalone's: the standalone preloaded serves it, silently.
if run_case ours 0 env LD_PRELOAD="$standalone" "$out/ours" "$certs/server.pem" "$certs/server.key"; then
    if grep -qx ok "$out/ours.out" && [ ! -s "$out/ours.err" ]; then
        pass "standalone preloaded, every import its own: runs, nothing on stderr"
    else
        fail "standalone preloaded, every import its own" "" "$out/ours.out" "$out/ours.err"
    fi
fi

# A module dlopen()ed after the load (Python's _ssl, linked with OpenSSL):
# the check at the first OBJ_* call or SSL_CTX_new stops it there, before
# any of OpenSSL's functions gets our objects. Allowed, the line comes once
# and Python goes on into the functions both libraries define: our
# OBJ_obj2nid refuses libcrypto's object, and `import ssl` fails cleanly
# (ValueError, exit 1), never with a crash.
py='import ssl; ssl.create_default_context(); ssl.create_default_context(); print("ok")'
if run_case python 2 env -u SSLSHIM_ALLOW_MIXED LD_PRELOAD="$standalone" python3 -c "$py"; then
    if [ "$(grep -cF "$line" "$out/python.err")" = 1 ] && [ ! -s "$out/python.out" ] &&
        expect_in "$out/python.err" "LD_PRELOAD=$(realpath "$dropin")" "stopping (exit 2"; then
        pass "python3 importing ssl under the standalone: stopped at its first OBJ_ call, one line"
    else
        fail "python3 importing ssl under the standalone" "" "$out/python.err" "$out/python.out"
    fi
fi
if run_case python_allowed 1 env SSLSHIM_ALLOW_MIXED=1 LD_PRELOAD="$standalone" python3 -c "$py"; then
    if [ "$(grep -cF "$line" "$out/python_allowed.err")" = 1 ] &&
        grep -q "ValueError: Unknown object" "$out/python_allowed.err" && [ ! -s "$out/python_allowed.out" ]; then
        pass "python3 under the standalone, SSLSHIM_ALLOW_MIXED=1: the line once, then a clean ValueError (exit 1)"
    else
        fail "python3 under the standalone, allowed" "" "$out/python_allowed.err" "$out/python_allowed.out"
    fi
fi
if run_case python_dropin 0 env LD_PRELOAD="$dropin" python3 -c "$py"; then
    if grep -qx ok "$out/python_dropin.out" && ! grep -qF "$line" "$out/python_dropin.err"; then
        pass "python3 under the drop-in: runs, no line"
    else
        fail "python3 under the drop-in" "" "$out/python_dropin.err" "$out/python_dropin.out"
    fi
fi

echo "test-tools (guard): $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
