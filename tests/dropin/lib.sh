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
