#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind) of one full TLS 1.3
# handshake, one resumed handshake, one 16 KiB record (write + read), the
# receiving half alone (one SSL_read of a 16 KiB record already in the
# read BIO) and a resumed TLS 1.2 handshake (resumed12), client and server
# together, for bench/bench.c's binary with LD_PRELOAD of libsslshim.so,
# and the full and resumed handshakes on the drop-in (dropin-full,
# dropin-resumed: LD_LIBRARY_PATH=target/dropin); checked against
# bench/callgrind-budget.txt.
#
#   bench/callgrind.sh            check: >5% over the budget fails (exit 1)
#   bench/callgrind.sh --update   write the measured counts as the budget
#   bench/callgrind.sh --openssl  also count real libssl, for comparison
#   bench/callgrind.sh --rustls   also count raw rustls (rustls_baseline)
#
# Instruction counts do not depend on the machine's load, so this is a test;
# wall-clock numbers are `make bench`'s business.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BENCH=build/bench/bench
LIB=target/release/libsslshim.so
DROPIN=target/dropin
BASELINE=target/baseline/release/examples/rustls_baseline
BUDGET=bench/callgrind-budget.txt
OUT=build/bench/callgrind
TOLERANCE=${TOLERANCE:-5}
mkdir -p "$OUT"

update=0 openssl=0 rustls=0
for arg in "$@"; do
    case $arg in
    --update) update=1 ;;
    --openssl) openssl=1 ;;
    --rustls) rustls=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "callgrind.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done
command -v valgrind >/dev/null || { echo "callgrind.sh: valgrind is required" >&2; exit 2; }
[ -x "$BENCH" ] && [ -f "$LIB" ] || { echo "callgrind.sh: build first (make bench-build)" >&2; exit 2; }

# count WHAT [env...]: instructions inside bench.c's measured_* functions
count() {
    local what=$1 file="$OUT/$1.$2.out" CMD=("$ROOT/$BENCH"); shift 2
    [ "${1:-}" = rustls ] && { CMD=("$ROOT/$BASELINE"); shift; }
    env "$@" valgrind --tool=callgrind --callgrind-out-file="$file" \
        --toggle-collect='*measured_*' "${CMD[@]}" callgrind "$what" >"$file.log" 2>&1 \
        || { echo "callgrind.sh: $what failed:" >&2; tail -5 "$file.log" >&2; return 1; }
    awk '/^(summary|totals):/ {print $2; exit}' "$file"
}

# others WHAT N: the same operation on real libssl and raw rustls, for scale
others() {
    local what=$1 n=$2 o
    if [ $openssl = 1 ]; then
        o=$(count "$what" openssl) && printf '%-14s %14s   real libssl (sslshim/OpenSSL %s)\n' "$what" "$o" \
            "$(awk -v n="$n" -v o="$o" 'BEGIN {printf "%.2f", n / o}')"
    fi
    if [ $rustls = 1 ]; then
        o=$(count "$what" raw rustls) && printf '%-14s %14s   raw rustls (sslshim/rustls %s)\n' "$what" "$o" \
            "$(awk -v n="$n" -v o="$o" 'BEGIN {printf "%.2f", n / o}')"
    fi
}

status=0
new=()
printf '%-14s %14s %14s %8s\n' what instructions budget change
for what in ${WHAT:-full resumed record receive resumed12 dropin-full dropin-resumed}; do
    # dropin-OP: the same operation on target/dropin/libssl.so.3, which
    # unchanged programs run on (its libcrypto side has its own costs).
    op=$what tag=ours envs=(LD_PRELOAD="$ROOT/$LIB")
    case $what in
    dropin-*) op=${what#dropin-} tag=dropin envs=(LD_LIBRARY_PATH="$ROOT/$DROPIN") ;;
    esac
    n=$(count "$op" $tag "${envs[@]}") || { status=1; continue; }
    if [ $tag = dropin ] && ! grep -q "^# ssl: .*$DROPIN/libssl.so.3" "$OUT/$op.$tag.out.log"; then
        echo "FAIL  $what did not run on $DROPIN/libssl.so.3"; status=1; continue
    fi
    [ -n "$n" ] || { echo "callgrind.sh: no count for $what" >&2; status=1; continue; }
    new+=("$what $n")
    b=$(awk -v w="$what" '$1 == w {print $2}' "$BUDGET" 2>/dev/null)
    if [ -z "$b" ]; then
        printf '%-14s %14s %14s %8s\n' "$what" "$n" "-" "-"
        [ $update = 1 ] || { echo "FAIL  no budget for $what in $BUDGET"; status=1; }
        [ $tag = ours ] && others "$op" "$n"
        continue
    fi
    pct=$(awk -v n="$n" -v b="$b" 'BEGIN {printf "%+.1f%%", (n - b) * 100 / b}')
    printf '%-14s %14s %14s %8s\n' "$what" "$n" "$b" "$pct"
    if [ $update = 0 ] && awk -v n="$n" -v b="$b" -v t="$TOLERANCE" 'BEGIN {exit !(n > b * (1 + t / 100))}'; then
        echo "FAIL  $what: $n instructions, more than $TOLERANCE% over the budget $b"
        status=1
    fi
    [ $tag = ours ] && others "$op" "$n"
done
if [ $update = 1 ] && [ $status = 0 ]; then
    { echo "# bench/callgrind.sh --update: instructions (client + server) per operation,"
      echo "# libsslshim.so under LD_PRELOAD (dropin-*: target/dropin/libssl.so.3);"
      echo "# make test fails above +${TOLERANCE}%."
      printf '%s\n' "${new[@]}"; } >"$BUDGET"
    echo "callgrind.sh: wrote $BUDGET"
elif [ $status = 0 ]; then
    echo "PASS  callgrind budget (within +$TOLERANCE%)"
fi
exit $status
