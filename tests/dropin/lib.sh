# Shared start of the drop-in program tests (tests/dropin/*.sh), sourced
# from the repository root: the interop helpers (PASS/FAIL counting,
# free_port, www_server, expect_in...), then
#   dropin_setup NAME [SUBDIR] [LIB]
# sets lib (LIB, absolute or from the repository root, or
# target/dropin/libssl.so.3; made absolute), certs
# (tests/certs), py (Debian's python3) and out (build/dropin/NAME, emptied,
# with SUBDIR made in it).
source tests/interop/lib.sh

dropin_setup() {
    local name=$1 sub=${2:-} given=${3:-}
    case $given in
        /*) lib=$given ;;
        *) lib=$PWD/${given:-target/dropin/libssl.so.3} ;;
    esac
    certs=$PWD/tests/certs
    py=/usr/bin/python3
    out=$PWD/build/dropin/$name
    rm -rf "$out"
    mkdir -p "$out/$sub"
}

# wait_port PORT: returns once 127.0.0.1:PORT accepts (10 s at most).
wait_port() {
    for _ in $(seq 100); do
        (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# dropin_run WHICH PROGRAM ARGS...: PROGRAM (timeout 60 s) on the system
# libssl (WHICH=system, the oracle) or on ours (WHICH=ours: LD_PRELOAD of
# $lib and SSLSHIM_LOG=info), with the extra environment in the array
# `run_env` if set; stdout to $out/WHICH.out with "exit CODE" appended,
# stderr to $out/WHICH.err.
dropin_run() {
    local which=$1 env=(${run_env[@]+"${run_env[@]}"}); shift
    [ "$which" = ours ] && env+=(SSLSHIM_LOG=info LD_PRELOAD="$lib")
    env "${env[@]}" timeout 60 "$@" > "$out/$which.out" 2> "$out/$which.err"
    echo "exit $?" >> "$out/$which.out"
}

# Known differences: known_diff PREFIX REASON marks the cases whose name
# starts with PREFIX as differing from the oracle for a diagnosed reason
# (an open issue says which). Such a case's FAIL is reported as XFAIL and
# does not fail the script; its PASS fails it, so the entry is removed once
# the difference is gone. Every other case is compared as usual.
declare -A known_diffs=()
xfailed=0
known_diff() { known_diffs["$1"]=$2; }
known_reason() {
    local k
    for k in "${!known_diffs[@]}"; do
        [[ $1 == "$k"* ]] && { echo "${known_diffs[$k]}"; return 0; }
    done
    return 1
}
eval "compare_pass() $(declare -f pass | tail -n +2)"
eval "compare_fail() $(declare -f fail | tail -n +2)"
pass() {
    local why
    if why=$(known_reason "$1"); then
        compare_fail "$1" "equal to the oracle now, but listed as a known difference ($why): take it off"
    else
        compare_pass "$@"
    fi
}
fail() {
    local why
    if why=$(known_reason "$1"); then
        echo "XFAIL $1${2:+: $2} (known difference: $why)"
        xfailed=$((xfailed + 1))
    else
        compare_fail "$@"
    fi
}
