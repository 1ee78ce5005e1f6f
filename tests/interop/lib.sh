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

# free_port: a port of 127.0.0.1 free now and not handed to this script
# before (tests/interop/free_port.py says why bind(0) is not enough).
free_port_py=$PWD/tests/interop/free_port.py
free_port() { python3 "$free_port_py" "$$"; }

# www_server DIR LOG [SECONDS [CERT KEY]]: `openssl s_server -WWW` (the
# real libssl) serving DIR with tests/certs' server chain (or CERT and KEY,
# then the test intermediate) on a free port of 127.0.0.1, for SECONDS
# (default 60); sets `port` and returns once it accepts.
www_server() {
    local dir=$1 log=$2 secs=${3:-60} c=$PWD/tests/certs
    local cert=${4:-$c/server.pem} key=${5:-$c/server.key}
    port=$(free_port)
    (cd "$dir" && exec timeout "$secs" openssl s_server -accept "127.0.0.1:$port" -WWW \
        -cert "$cert" -key "$key" -cert_chain "$c/intermediate.pem" \
        > "$log" 2>&1) &
    pids+=($!)
    for _ in $(seq 100); do grep -q '^ACCEPT' "$log" 2>/dev/null && break; sleep 0.1; done
}

# expect_exit NAME CODE TEXT CMD...: CMD exits with CODE and prints TEXT
# (stdout and stderr, kept in $out/case.txt).
expect_exit() {
    local name=$1 code=$2 text=$3; shift 3
    "$@" > "$out/case.txt" 2>&1
    local rc=$?
    if [ $rc = "$code" ] && expect_in "$out/case.txt" "$text"; then
        pass "$name: exit $code"
    else
        fail "$name" "exit $rc, expected $code" "$out/case.txt"
    fi
}
