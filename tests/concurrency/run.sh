#!/usr/bin/env bash
# Concurrency suite (make test-concurrency): tests/concurrency/threads.c
#  1. against the system OpenSSL (control) and against sslshim, THREADS
#     threads and HANDSHAKES handshakes in total; outputs must be identical;
#  2. ThreadSanitizer (the C side) on both, TSAN_HANDSHAKES handshakes;
#  3. valgrind helgrind on sslshim and on OpenSSL, HG_THREADS threads and
#     HG_HANDSHAKES handshakes (helgrind is ~100x slower).
# Suppressions (with the reasons) in tests/concurrency/*.supp.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/interop/lib.sh

THREADS=${THREADS:-16}
HANDSHAKES=${HANDSHAKES:-10000}
TSAN_HANDSHAKES=${TSAN_HANDSHAKES:-2000}
HG_THREADS=${HG_THREADS:-8}
HG_HANDSHAKES=${HG_HANDSHAKES:-80}
CC=${CC:-gcc}
B=build/concurrency
LIBDIR=$PWD/target/release
CFLAGS="-Wall -O1 -g -Wno-deprecated-declarations"
mkdir -p $B

build() { # name extra-flags...
    name=$1
    shift
    case $name in
    *sslshim*) $CC $CFLAGS "$@" -Iinclude -o $B/$name tests/concurrency/threads.c \
        -L"$LIBDIR" -lsslshim -Wl,-rpath,"$LIBDIR" -lpthread ;;
    *) $CC $CFLAGS "$@" -o $B/$name tests/concurrency/threads.c -lssl -lcrypto -lpthread ;;
    esac || { echo "FAIL: compile $name"; exit 1; }
}
build threads-openssl
build threads-sslshim
build threads-openssl-tsan -fsanitize=thread
build threads-sslshim-tsan -fsanitize=thread

# 1. Full run: outputs must match the oracle's.
for impl in openssl sslshim; do
    start=$(date +%s.%N)
    if $B/threads-$impl tests/certs "$THREADS" "$HANDSHAKES" >$B/$impl.out 2>$B/$impl.err; then
        end=$(date +%s.%N)
        echo "# $impl: $HANDSHAKES handshakes on $THREADS threads in $(awk "BEGIN {printf \"%.2f\", $end - $start}") s"
    else
        fail "$impl: threads exited non-zero" "" $B/$impl.err
    fi
done
if [ -s $B/openssl.out ] && diff -u $B/openssl.out $B/sslshim.out; then
    pass "$HANDSHAKES handshakes on $THREADS threads, output equals the OpenSSL oracle's"
else
    fail "output differs from the OpenSSL oracle's"
fi

# 2. ThreadSanitizer (C side; see tsan.supp).
for impl in openssl sslshim; do
    if TSAN_OPTIONS="suppressions=$PWD/tests/concurrency/tsan.supp halt_on_error=1 exitcode=66" \
        $B/threads-$impl-tsan tests/certs "$THREADS" "$TSAN_HANDSHAKES" >$B/tsan-$impl.out 2>$B/tsan-$impl.err \
        && ! grep -q 'WARNING: ThreadSanitizer' $B/tsan-$impl.err; then
        pass "ThreadSanitizer $impl: $TSAN_HANDSHAKES handshakes, no reports"
    else
        fail "ThreadSanitizer $impl" "" $B/tsan-$impl.err
    fi
done

# 3. helgrind (see helgrind.supp for what is suppressed and why).
if command -v valgrind >/dev/null 2>&1; then
    for impl in openssl sslshim; do
        valgrind --tool=helgrind --error-exitcode=77 \
            --suppressions=tests/concurrency/helgrind.supp \
            $B/threads-$impl tests/certs "$HG_THREADS" "$HG_HANDSHAKES" \
            >$B/helgrind-$impl.out 2>$B/helgrind-$impl.err
        rc=$?
        summary=$(grep 'ERROR SUMMARY' $B/helgrind-$impl.err | sed 's/==[0-9]*== //')
        if [ $rc -eq 0 ]; then
            pass "helgrind $impl: $HG_HANDSHAKES handshakes on $HG_THREADS threads: $summary"
        else
            fail "helgrind $impl (exit $rc): $summary"
            grep -A12 'Possible data race\|lock order\|still holds' $B/helgrind-$impl.err | head -40
        fi
    done
else
    skip "helgrind: valgrind not installed"
fi
echo "concurrency: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
