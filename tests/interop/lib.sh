# Shared helpers of the tests/interop/*.sh scripts (sourced, not run).
# Background servers go into `pids` and are killed on exit; results are
# counted in passed/failed/skipped.

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT

passed=0 failed=0 skipped=0
pass() { echo "PASS  $1"; passed=$((passed + 1)); }
# fail NAME [WHY] [LOG...]: the tail of each log is shown.
fail() {
    echo "FAIL  $1${2:+: $2}"; failed=$((failed + 1))
    for f in "${@:3}"; do [ -n "$f" ] && sed 's/^/      | /' "$f" | tail -30; done
    return 0
}
skip() { echo "SKIP  $1${2:+: $2}"; skipped=$((skipped + 1)); }

# expect_in FILE PATTERN...: every fixed string present (a missing one is
# appended to FILE, so the failure shows it).
expect_in() {
    local f=$1; shift
    for pat in "$@"; do grep -qF -- "$pat" "$f" || { echo "missing: $pat" >>"$f"; return 1; }; done
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
