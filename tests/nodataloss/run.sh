#!/usr/bin/env bash
# No data loss: tests/nodataloss/stream.c (MIB MiB, default 256, client to
# server in random chunks through small, interrupting transports) in its two
# modes, built on the system OpenSSL (the control) and on our library; the
# outputs (byte counts, checksums equal, ZERO_RETURN at the end) must be
# equal, '#' lines (timings, counts) aside.
# Usage: tests/nodataloss/run.sh     Env: MIB, SEED, TIMEOUT=120
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
# shellcheck source=../interop/lib.sh
source tests/interop/lib.sh
OUT=build/nodataloss
LIBDIR="$ROOT/target/release"
TIMEOUT="${TIMEOUT:-120}"
CC="${CC:-gcc}"
CFLAGS="${CFLAGS:--Wall -Wno-deprecated-declarations -O2 -g}"
mkdir -p "$OUT"
export SEED="${SEED:-$(date +%s)}"

$CC $CFLAGS -o "$OUT/stream.sys" tests/nodataloss/stream.c -lssl -lcrypto || { echo "FAIL  build (oracle)"; exit 1; }
$CC $CFLAGS -Werror=implicit-function-declaration -Iinclude -o "$OUT/stream.ours" tests/nodataloss/stream.c \
    -L"$LIBDIR" -lsslshim -Wl,-rpath,"$LIBDIR" || { echo "FAIL  build (ours)"; exit 1; }

for mode in partial moving; do
    for impl in sys ours; do
        t0=$(date +%s%N)
        timeout -k 5 "$TIMEOUT" "$OUT/stream.$impl" "$mode" tests/certs >"$OUT/$mode.$impl.out" 2>"$OUT/$mode.$impl.err"
        rc=$?
        ms=$((($(date +%s%N) - t0) / 1000000))
        printf '# %s [%s]: exit %d, %d.%03d s wall\n' "$mode" "$impl" "$rc" $((ms / 1000)) $((ms % 1000))
        grep '^# ' "$OUT/$mode.$impl.out" | grep -v '# lib' | sed "s/^# /#   /"
        echo "exit $rc" >>"$OUT/$mode.$impl.out"
    done
    if ! grep -q '^exit 0$' "$OUT/$mode.sys.out"; then
        fail "$mode" "the control run on OpenSSL failed" "$OUT/$mode.sys.out" "$OUT/$mode.sys.err"
    elif ! grep -q 'sslshim' "$OUT/$mode.ours.out"; then
        fail "$mode" "our run does not report sslshim" "$OUT/$mode.ours.out" "$OUT/$mode.ours.err"
    elif ! diff -u --label control --label sslshim <(grep -v '^#' "$OUT/$mode.sys.out") \
        <(grep -v '^#' "$OUT/$mode.ours.out") >"$OUT/$mode.diff"; then
        fail "$mode" "differs from the control" "$OUT/$mode.diff" "$OUT/$mode.ours.err"
    elif grep -q ' 0$' <(grep -v '^#' "$OUT/$mode.ours.out" | grep -v '^exit'); then
        fail "$mode" "a check printed 0" "$OUT/$mode.ours.out"
    else
        pass "$mode ($(grep -c -v '^#' "$OUT/$mode.ours.out") lines equal, seed $SEED)"
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
