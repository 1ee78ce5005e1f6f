#!/usr/bin/env bash
# Differential C harness: every tests/c/*.c program is built and run
#   (b) oracle:  gcc prog.c -lssl -lcrypto              on the system OpenSSL 3
#   (a) ours:    gcc -Iinclude prog.c -lsslshim          our headers + our library
#   (c) preload: the (b) binary with LD_PRELOAD=target/release/libsslshim.so
#   (d) -lssl:   gcc -Iinclude prog.c -Lbuild/dropin -lssl -lcrypto, where
#                build/dropin/libssl.so and libcrypto.so resolve to our library
#   (e) drop-in: the (b) binary with LD_PRELOAD=target/dropin/libssl.so.3 (the
#                drop-in flavour: the system libcrypto, our libssl)
# and the outputs of (a), (c), (d) and (e) must equal (b), ignoring lines
# starting '#'. (a)/(c)/(d) must report "sslshim" in their "# lib:" line, (b)
# must not; no run but (b) may log a call refused inside a callback
# (SSLSHIM_LOG=warn); (e) must show SSL_CTX_new served by the drop-in ("# libssl:",
# tests/c/support/ssl_from.c). Programs in DROPIN_KNOWN_DIFF (below, each
# with its reason) are expected to differ in (e): XFAIL, and a pass there
# is a failure until the name is taken off the list.
#
# Usage: tests/c/run-differential.sh [prog ...]     (names without .c)
# Env:   MODES="b a c"  which modes to run (default all)
#        TIMEOUT=120    seconds per program run
#        KEEP_GOING     (always) -- every program/mode is run and counted
#        RUNNER="valgrind ..."  command prefix for the (a)/(c)/(d) runs (the oracle
#                       run (b) stays plain: it only provides expected output)
#        EXTRA_CFLAGS   added to the (a)/(d) compile lines and, in mode (c), to the
#                       oracle binary's (e.g. -fsanitize=address,undefined)
#        EXTRA_ENV      "VAR=value ..." added to the environment of the (a)/(c)/(d) runs
#        PRELOAD_EXTRA  put before our library in mode (c)'s LD_PRELOAD (an ASan
#                       runtime must come first in the library list)
#        OUT=build/c    where binaries and outputs go (a sanitizer build uses its own)
#        JOBS=$(nproc)  programs run at once (each program's modes stay in order,
#                       its report is printed whole, in the programs' order)
# Mode (a) is compiled with -Werror=implicit-function-declaration: a function
# missing from our headers is an error, not a silent int-returning call.
# Output: PASS/FAIL/SKIP per program and mode, then "N passed, M failed".
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
OUT="${OUT:-build/c}"
RUNNER="${RUNNER:-}"
EXTRA_CFLAGS="${EXTRA_CFLAGS:-}"
EXTRA_ENV="${EXTRA_ENV:-}"
PRELOAD_EXTRA="${PRELOAD_EXTRA:-}"
LIBDIR="$ROOT/target/release"
LIB="$LIBDIR/libsslshim.so"
MODES="${MODES:-b a c d e}"
DROPIN_LIB="${DROPIN_LIB:-$ROOT/target/dropin/libssl.so.3}"
# tests/c programs whose drop-in run (e) still differs from the oracle
# (none today; "NAME ..." with each one's reason in a comment here):
DROPIN_KNOWN_DIFF="${DROPIN_KNOWN_DIFF-}"
DROPIN="$ROOT/build/dropin"
TIMEOUT="${TIMEOUT:-120}"
CC="${CC:-gcc}"
CFLAGS="${CFLAGS:--Wall -Wno-deprecated-declarations -O1 -g}"
CERTS=tests/certs
mkdir -p "$OUT"

if [ $# -gt 0 ]; then
    progs=("$@")
else
    progs=()
    for f in tests/c/*.c; do progs+=("$(basename "$f" .c)"); done
    [ -f tests/c/bio_semantics.c ] || echo "NOTE  tests/c/bio_semantics.c not present yet (skipped)"
fi

passed=0 failed=0 skipped=0
pass() { echo "PASS  $1"; passed=$((passed + 1)); }
MISSING=""
fail() {
    echo "FAIL  $1${2:+: $2}"; failed=$((failed + 1))
    [ -n "$MISSING" ] && echo "      libsslshim.so does not export: $MISSING"
    return 0
}
skip() { echo "SKIP  $1${2:+: $2}"; skipped=$((skipped + 1)); }

have_mode() { [[ " $MODES " == *" $1 "* ]]; }

# run NAME MODE BINARY [env...]: runs, writes $OUT/NAME.MODE.{out,err}; returns rc.
# Modes other than (b) run under $RUNNER with $EXTRA_ENV.
run_prog() {
    local name=$1 mode=$2 bin=$3; shift 3
    local runner=() extra_env=()
    if [ "$mode" != b ]; then
        # shellcheck disable=SC2206 # word splitting intended
        runner=($RUNNER)
        # shellcheck disable=SC2206
        extra_env=($EXTRA_ENV)
    fi
    # Our warnings go to stderr: a call refused inside a callback is one.
    [ "$mode" != b ] && extra_env+=("SSLSHIM_LOG=${SSLSHIM_LOG:-warn}")
    env "${extra_env[@]}" "$@" timeout -k 5 "$TIMEOUT" "${runner[@]}" "$bin" "$CERTS" \
        >"$OUT/$name.$mode.out" 2>"$OUT/$name.$mode.err"
}

# A call OpenSSL allows inside a callback that ours refused (issue 19:
# every such call works; the refusal is logged as a warning).
REFUSED="called from a callback inside a call on the same SSL"
refused() { grep -m3 "$REFUSED" "$1"; }

show_err() { sed 's/^/      | /' "$1" | tail -20; }

# OpenSSL's variadic BIO_printf family: our headers define them in the
# program (stable Rust cannot define C-variadic functions), so libsslshim.so
# does not export them. An oracle binary importing one cannot run on the
# preloaded standalone (it would call libcrypto's with our BIO): in mode
# (c) the wrong-flavour guard must stop it (exit 2, naming the function).
HEADER_ONLY="BIO_printf BIO_vprintf BIO_snprintf BIO_vsnprintf"

# OpenSSL functions the oracle binary imports that libsslshim.so does not export
missing_exports() {
    comm -23 <(nm -D --undefined-only "$1" | awk '$2 ~ /@OPENSSL/ {sub(/@.*/, "", $2); print $2}' | sort -u) \
        <(nm -D --defined-only "$LIB" | awk '{print $3}' | sed 's/@.*//' | sort -u) | tr '\n' ' '
}

# compare NAME MODE: (b) output vs MODE output; checks the "# lib:" line
compare() {
    local name=$1 mode=$2 rc=$3 label="$1 [$2]"
    MISSING=$(missing_exports "$OUT/$name.sys")
    local lib; lib=$(sed -n 's/^# lib: //p' "$OUT/$name.$mode.out" | head -1)
    if [ "$mode" = c ] && [ -n "$MISSING" ]; then
        local f only=1
        for f in $MISSING; do
            [[ " $HEADER_ONLY " == *" $f "* ]] && grep -q "$f" "$OUT/$name.$mode.err" || only=0
        done
        if [ $only = 1 ] && [ "$rc" -eq 2 ] && grep -q "use the drop-in" "$OUT/$name.$mode.err"; then
            pass "$label (the guard stops it: it imports the header-defined $MISSING)"
            return
        fi
    fi
    if [ "$rc" -ne 0 ]; then
        fail "$label" "exit status $rc (lib: ${lib:-none})"
        show_err "$OUT/$name.$mode.err"
        diff -u <(grep -v '^#' "$OUT/$name.b.out") <(grep -v '^#' "$OUT/$name.$mode.out") \
            | head -40 | sed 's/^/      /'
        return
    fi
    if [[ "$lib" != *sslshim* ]]; then
        fail "$label" "\"# lib:\" line is \"$lib\", not sslshim (library not really used)"
        return
    fi
    if ! diff -u --label "oracle(b)" --label "$mode" \
        <(grep -v '^#' "$OUT/$name.b.out") <(grep -v '^#' "$OUT/$name.$mode.out") \
        >"$OUT/$name.$mode.diff"; then
        fail "$label" "output differs from the oracle"
        head -60 "$OUT/$name.$mode.diff" | sed 's/^/      /'
        return
    fi
    if refused "$OUT/$name.$mode.err" >/dev/null; then
        fail "$label" "a call was refused inside a callback"
        refused "$OUT/$name.$mode.err" | sed 's/^/      /'
        return
    fi
    pass "$label"
}

# compare_dropin NAME RC: mode (e), the drop-in library serving the oracle binary.
compare_dropin() {
    local name=$1 rc=$2 label="$1 [e]" known=0 ok=1 why=""
    [[ " $DROPIN_KNOWN_DIFF " == *" $name "* ]] && known=1
    local from; from=$(sed -n 's/^# libssl: //p' "$OUT/$name.e.out" | head -1)
    if [ "$rc" -ne 0 ]; then
        ok=0 why="exit status $rc"
    elif [ "$(realpath "$from" 2>/dev/null)" != "$(realpath "$DROPIN_LIB")" ]; then
        ok=0 why="SSL_CTX_new served by \"$from\", not the drop-in"
    elif ! diff -u --label "oracle(b)" --label e \
        <(grep -v '^#' "$OUT/$name.b.out") <(grep -v '^#' "$OUT/$name.e.out") >"$OUT/$name.e.diff"; then
        ok=0 why="output differs from the oracle"
    elif refused "$OUT/$name.e.err" >/dev/null; then
        ok=0 why="a call was refused inside a callback: $(refused "$OUT/$name.e.err" | head -1)"
    fi
    if [ $known -eq 1 ]; then
        if [ $ok -eq 1 ]; then
            fail "$label" "passes on the drop-in: take it off DROPIN_KNOWN_DIFF"
        else
            echo "XFAIL $label: $why (DROPIN_KNOWN_DIFF)"
        fi
    elif [ $ok -eq 1 ]; then
        pass "$label"
    else
        fail "$label" "$why"
        [ -f "$OUT/$name.e.diff" ] && head -40 "$OUT/$name.e.diff" | sed 's/^/      /'
        show_err "$OUT/$name.e.err"
    fi
}

# Mode (d)'s link directory: libssl.so, libcrypto.so and libsslshim.so all
# our library (made once; parallel runs find it made).
dropin_links() {
    local l
    mkdir -p "$DROPIN"
    for l in libssl.so libcrypto.so libsslshim.so; do
        [ "$(readlink "$DROPIN/$l")" = "$LIB" ] || ln -sf "$LIB" "$DROPIN/$l"
    done
}

# Several programs at once: each one is this script run on that program
# alone (RUN_DIFF_ONE), its report kept in $OUT/log and printed in order.
# Why: under valgrind the harness is the longest suite of `make test`
# (each program runs alone on one core); the programs share nothing but
# read-only files and the (d) link directory, made here first.
JOBS="${JOBS:-$(nproc 2>/dev/null || echo 1)}"
if [ -z "${RUN_DIFF_ONE:-}" ] && [ "$JOBS" -gt 1 ] && [ ${#progs[@]} -gt 1 ]; then
    have_mode d && dropin_links
    mkdir -p "$OUT/log"
    rm -f "$OUT"/log/*.log
    printf '%s\n' "${progs[@]}" | RUN_DIFF_ONE=1 xargs -P "$JOBS" -I{} \
        sh -c '"$0" "$1" >"$2/log/$1.log" 2>&1' "$ROOT/tests/c/run-differential.sh" {} "$OUT"
    passed=0 failed=0 skipped=0
    for name in "${progs[@]}"; do
        log="$OUT/log/$name.log"
        [ -f "$log" ] || { echo "FAIL  $name: no report (the run was killed)"; failed=$((failed + 1)); continue; }
        cat "$log"
        passed=$((passed + $(grep -c '^PASS ' "$log")))
        failed=$((failed + $(grep -c '^FAIL ' "$log")))
        skipped=$((skipped + $(grep -c '^SKIP ' "$log")))
    done
    [ $skipped -gt 0 ] && echo "($skipped skipped)"
    echo "$passed passed, $failed failed"
    [ $failed -eq 0 ]
    exit
fi

for name in "${progs[@]}"; do
    src="tests/c/$name.c"
    if [ ! -f "$src" ]; then
        fail "$name" "no such program $src"
        continue
    fi

    # Programs that do not print "# lib:" themselves get it from a constructor.
    extra=()
    grep -q '# lib: ' "$src" || extra=(tests/c/support/lib_line.c)

    # (b) oracle: system headers, system libssl
    if ! $CC $CFLAGS -o "$OUT/$name.sys" "$src" "${extra[@]}" tests/c/support/ssl_from.c -lssl -lcrypto 2>"$OUT/$name.b.build"; then
        fail "$name [b]" "does not compile against the system headers"
        show_err "$OUT/$name.b.build"
        continue
    fi
    run_prog "$name" b "$OUT/$name.sys"
    rc=$?
    lib=$(sed -n 's/^# lib: //p' "$OUT/$name.b.out" | head -1)
    oracle_ok=1
    if [ $rc -ne 0 ]; then
        oracle_ok=0
        have_mode b && { fail "$name [b]" "exit status $rc on real OpenSSL"; show_err "$OUT/$name.b.err"; }
    elif [ -z "$lib" ] || [[ "$lib" == *sslshim* ]]; then
        oracle_ok=0
        have_mode b && fail "$name [b]" "oracle run reports lib \"$lib\""
    else
        have_mode b && pass "$name [b]"
    fi
    if [ $oracle_ok -eq 0 ]; then
        have_mode a && skip "$name [a]" "no oracle output"
        have_mode c && skip "$name [c]" "no oracle output"
        have_mode e && skip "$name [e]" "no oracle output"
        continue
    fi

    # (a) our headers + our library
    if have_mode a; then
        if [ ! -f include/openssl/ssl.h ]; then
            skip "$name [a]" "include/openssl/ssl.h does not exist yet"
        elif [ ! -f "$LIB" ]; then
            skip "$name [a]" "$LIB not built (cargo build --release)"
        elif ! $CC $CFLAGS $EXTRA_CFLAGS -Werror=implicit-function-declaration -Iinclude -o "$OUT/$name.ours" "$src" "${extra[@]}" -L"$LIBDIR" -lsslshim \
            -Wl,-rpath,"$LIBDIR" 2>"$OUT/$name.a.build"; then
            if grep -q 'undefined reference' "$OUT/$name.a.build" \
                && ! grep -qE ':[0-9]+:[0-9]+: error:' "$OUT/$name.a.build"; then
                fail "$name [a]" "libsslshim lacks $(grep -o "undefined reference to \`[^']*'" "$OUT/$name.a.build" \
                    | sed "s/.*\`//; s/'//" | sort -u | tr '\n' ' ')"
            else
                fail "$name [a]" "does not compile against include/"
                grep -E ':[0-9]+:[0-9]+: error:' "$OUT/$name.a.build" | sed 's/^[^ ]*: error: //' \
                    | sort | uniq -c | sort -rn | head -15 | sed 's/^/      | /'
            fi
        else
            run_prog "$name" a "$OUT/$name.ours"
            compare "$name" a $?
            MISSING=""
        fi
    fi

    # (d) our headers, an unchanged "-lssl -lcrypto" link line resolving to us
    if have_mode d && [ -f "$LIB" ] && [ -f include/openssl/ssl.h ]; then
        # The link records our SONAME (libsslshim.so), which the loader
        # then finds through the same run path.
        dropin_links
        if $CC $CFLAGS $EXTRA_CFLAGS -Iinclude -o "$OUT/$name.dropin" "$src" "${extra[@]}" -L"$DROPIN" -lssl -lcrypto \
            -Wl,-rpath,"$DROPIN" 2>"$OUT/$name.d.build"; then
            run_prog "$name" d "$OUT/$name.dropin"
            compare "$name" d $?
        else
            fail "$name [d]" "does not link with -lssl -lcrypto from $DROPIN"
            show_err "$OUT/$name.d.build"
        fi
    fi

    # (c) oracle binary, our library preloaded
    if have_mode c; then
        if [ ! -f "$LIB" ]; then
            skip "$name [c]" "$LIB not built (cargo build --release)"
        else
            # With EXTRA_CFLAGS (sanitizers), (c) runs its own build of the
            # oracle program; the plain (b) binary only gives the expected output.
            sysbin="$OUT/$name.sys"
            if [ -n "$EXTRA_CFLAGS" ]; then
                sysbin="$OUT/$name.sysx"
                if ! $CC $CFLAGS $EXTRA_CFLAGS -o "$sysbin" "$src" "${extra[@]}" -lssl -lcrypto \
                    2>"$OUT/$name.c.build"; then
                    fail "$name [c]" "does not compile with EXTRA_CFLAGS"
                    show_err "$OUT/$name.c.build"
                    continue
                fi
            fi
            run_prog "$name" c "$sysbin" LD_PRELOAD="${PRELOAD_EXTRA:+$PRELOAD_EXTRA }$LIB"
            compare "$name" c $?
            MISSING=""
        fi
    fi

    # (e) oracle binary, the drop-in libssl.so.3 preloaded
    if have_mode e; then
        if [ ! -f "$DROPIN_LIB" ]; then
            skip "$name [e]" "$DROPIN_LIB not built (make dropin)"
        else
            run_prog "$name" e "$OUT/$name.sys" LD_PRELOAD="${PRELOAD_EXTRA:+$PRELOAD_EXTRA }$DROPIN_LIB"
            compare_dropin "$name" $?
        fi
    fi
done

# One program of a parallel run: its PASS/FAIL/SKIP lines are the report.
[ -n "${RUN_DIFF_ONE:-}" ] && exit 0
[ $skipped -gt 0 ] && echo "($skipped skipped)"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
