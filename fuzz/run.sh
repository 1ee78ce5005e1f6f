#!/bin/sh
# Runs each fuzz target for SECONDS seconds, one after another (the machine
# is small; parallel jobs would only share the same cores).
#   fuzz/run.sh SECONDS TARGET...
# Working corpora grow in build/fuzz/corpus/TARGET (the committed seeds in
# fuzz/corpus/TARGET are read, never written); logs in build/fuzz/logs;
# crashes (and inputs running over 30 s: hangs) land in fuzz/artifacts/TARGET.
# Exit status 1 if any target failed.
set -u
secs=$1
shift
cd "$(dirname "$0")" || exit 2
root=$(cd .. && pwd)
mkdir -p "$root/build/fuzz/logs"
export RUSTC_BOOTSTRAP=1   # cargo-fuzz needs -Zsanitizer; stable rustc allows it this way
fails=0
for t in "$@"; do
    corpus="$root/build/fuzz/corpus/$t"
    log="$root/build/fuzz/logs/$t.log"
    mkdir -p "$corpus"
    # -O: the release profile of fuzz/Cargo.toml (debug assertions on, but rustls's).
    cargo fuzz run -O "$t" "$corpus" "corpus/$t" -- \
        -max_total_time="$secs" -timeout=30 -print_final_stats=1 >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    if [ $rc -eq 0 ]; then
        echo "fuzz $t: ${secs}s, ${runs:-?} executions (${rate:-?}/s), $cov, 0 crashes"
    else
        fails=$((fails + 1))
        echo "fuzz $t: FAILED (exit $rc) after ${runs:-?} executions; see $log"
        grep -E 'panicked|ERROR: |SUMMARY|Test unit written' "$log" | head -5
    fi
done
[ $fails -eq 0 ]
