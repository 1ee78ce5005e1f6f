#!/usr/bin/env bash
# Load and soak (make test-load / make soak): examples/epoll_server on
# sslshim, driven by tests/load/loadgen.c on the system OpenSSL over 127.0.0.1.
#
#   tests/load/run.sh load   LOAD_ROUNDS rounds, each holding LOAD_CONNS
#                            connections open at once: zero failures, the
#                            server saw them all concurrently, RSS bounded
#                            (peak <= LOAD_RSS_LIMIT_MB, last round's RSS
#                            within 2% + 1 MB of the first round's). The
#                            server runs with -no-cache (LOAD_SERVER_ARGS):
#                            a session cache legitimately grows per client
#                            until full, which would hide a per-connection leak.
#   tests/load/run.sh soak   SOAK_SECONDS of churn with SOAK_CONNS in flight,
#                            default server (session cache on, OpenSSL's
#                            20480-entry limit): zero failures, RSS flat (the
#                            highest sample of the last third within 10% + 4 MB
#                            of the highest of the first third, after a
#                            warm-up fifth) - so the cache must stay bounded;
#                            use SOAK_SECONDS >= 300 (the cache fills first)
#                            or SOAK_SERVER_ARGS=-no-cache for short runs
# RSS is VmRSS from /proc/PID/status; samples in build/load/*-rss.txt.
set -u
cd "$(dirname "$0")/../.." || exit 2
. tests/interop/lib.sh

mode=${1:-load}
LOAD_CONNS=${LOAD_CONNS:-1000}
LOAD_ROUNDS=${LOAD_ROUNDS:-5}
LOAD_RSS_LIMIT_MB=${LOAD_RSS_LIMIT_MB:-256}
SOAK_SECONDS=${SOAK_SECONDS:-600}
SOAK_CONNS=${SOAK_CONNS:-1000}
SERVER=${SERVER:-build/examples/epoll_server}
LOAD_SERVER_ARGS=${LOAD_SERVER_ARGS--no-cache}
SOAK_SERVER_ARGS=${SOAK_SERVER_ARGS-}
LOADGEN=${LOADGEN:-build/load/loadgen}
B=build/load
mkdir -p $B

# Each connection needs a descriptor on both sides (same machine).
ulimit -n $(( (LOAD_CONNS > SOAK_CONNS ? LOAD_CONNS : SOAK_CONNS) * 2 + 256 )) 2>/dev/null ||
    { skip "$mode: cannot raise the open-file limit"; exit 0; }

port=$(free_port)
if [ "$mode" = load ]; then args=$LOAD_SERVER_ARGS; else args=$SOAK_SERVER_ARGS; fi
# shellcheck disable=SC2086 # the arguments are words
"$SERVER" -p "$port" $args >$B/$mode-server.log 2>&1 &
spid=$!
pids+=("$spid")
for _ in $(seq 100); do grep -q '^listening on' $B/$mode-server.log && break; sleep 0.1; done
grep -q '^listening on' $B/$mode-server.log || { fail "server did not start" "" $B/$mode-server.log; exit 1; }

rss_kb() { awk '/^VmRSS:/ {print $2}' /proc/"$spid"/status 2>/dev/null; }
# Background sampler: "seconds rss_kb" every INTERVAL seconds.
sample_rss() {
    local start=$SECONDS
    while kill -0 "$spid" 2>/dev/null; do echo "$((SECONDS - start)) $(rss_kb)"; sleep "$1"; done
}
server_stats() { kill -USR1 "$spid"; sleep 0.3; grep '^stats:' $B/$mode-server.log | tail -1; }
alive() { kill -0 "$spid" 2>/dev/null; }

if [ "$mode" = load ]; then
    sample_rss 0.2 >$B/load-rss.txt &
    sampler=$!
    pids+=("$sampler")
    rss_start=$(rss_kb)
    total_ok=0 total_s=0 lg_ok=1 rss_rounds=()
    for r in $(seq "$LOAD_ROUNDS"); do
        if ! "$LOADGEN" -p "$port" -c "$LOAD_CONNS" >$B/load-round$r.log 2>&1; then lg_ok=0; fi
        line=$(tail -1 $B/load-round$r.log)
        echo "# round $r: $line; server RSS $(rss_kb) kB"
        total_ok=$((total_ok + $(echo "$line" | sed -n 's/.* ok \([0-9]*\) .*/\1/p')))
        total_s=$(awk "BEGIN {print $total_s + $(echo "$line" | sed -n 's/.* seconds \([0-9.]*\) .*/\1/p')}")
        rss_rounds+=("$(rss_kb)")
    done
    stats=$(server_stats)
    kill "$sampler" 2>/dev/null
    peak=$(awk '$2 > m {m = $2} END {print m + 0}' $B/load-rss.txt)
    echo "# server ($SERVER -p PORT $args): $stats"
    echo "# RSS: start $rss_start kB, after each round ${rss_rounds[*]} kB, peak $peak kB"
    echo "# $total_ok connections in $total_s s of load: $(awk "BEGIN {printf \"%.0f\", $total_ok / $total_s}") connections/s"
    if [ $lg_ok = 1 ] && alive && [ "$total_ok" -eq $((LOAD_CONNS * LOAD_ROUNDS)) ]; then
        pass "$LOAD_ROUNDS rounds x $LOAD_CONNS concurrent TLS connections, 0 failed (loadgen)"
    else
        fail "load: failures or server died" "" $B/load-round*.log $B/load-server.log
    fi
    peak_open=$(echo "$stats" | sed -n 's/.*peak_open \([0-9]*\).*/\1/p')
    hs_failed=$(echo "$stats" | sed -n 's/.*handshakes_failed \([0-9]*\).*/\1/p')
    if [ "${peak_open:-0}" -ge "$LOAD_CONNS" ] && [ "${hs_failed:-1}" -eq 0 ]; then
        pass "server held $peak_open connections at once, 0 failed handshakes"
    else
        fail "server side: peak_open ${peak_open:-?}, handshakes_failed ${hs_failed:-?}"
    fi
    first=${rss_rounds[0]} last=${rss_rounds[-1]}
    if [ "$peak" -le $((LOAD_RSS_LIMIT_MB * 1024)) ] && [ "$last" -le $((first + first / 50 + 1024)) ]; then
        pass "RSS bounded: peak $((peak / 1024)) MB <= $LOAD_RSS_LIMIT_MB MB, round 1 $first kB -> round $LOAD_ROUNDS $last kB"
    else
        fail "RSS: peak $peak kB (limit $((LOAD_RSS_LIMIT_MB * 1024))), round 1 $first kB, last $last kB"
    fi
else
    interval=$(( SOAK_SECONDS >= 120 ? 5 : 1 ))
    sample_rss "$interval" >$B/soak-rss.txt &
    sampler=$!
    pids+=("$sampler")
    "$LOADGEN" -p "$port" -c "$SOAK_CONNS" -seconds "$SOAK_SECONDS" >$B/soak-loadgen.log 2>&1
    lg=$?
    stats=$(server_stats)
    kill "$sampler" 2>/dev/null
    cat $B/soak-loadgen.log | grep -v '^loadgen: t=' | tail -3
    echo "# server: $stats"
    line=$(tail -1 $B/soak-loadgen.log)
    if [ $lg -eq 0 ] && alive; then
        pass "soak ${SOAK_SECONDS}s, $SOAK_CONNS in flight: $line"
    else
        fail "soak: failures or server died" "" $B/soak-loadgen.log $B/soak-server.log
    fi
    # Flatness: drop the warm-up fifth, compare the thirds' maxima.
    read -r n warm early late <<<"$(awk -v T="$SOAK_SECONDS" '
        { t[NR] = $1; r[NR] = $2 }
        END {
            for (i = 1; i <= NR; i++) {
                if (t[i] < T / 5) continue
                if (t[i] < T / 5 + (T * 0.8) / 3) { if (r[i] > e) e = r[i] }
                else if (t[i] >= T - (T * 0.8) / 3 && t[i] <= T) { if (r[i] > l) l = r[i] }
            }
            print NR, r[1], e + 0, l + 0
        }' $B/soak-rss.txt)"
    echo "# RSS samples: $n every ${interval}s; at start $warm kB; max of first third $early kB, of last third $late kB"
    if [ "$early" -gt 0 ] && [ "$late" -le $((early + early / 10 + 4096)) ]; then
        pass "RSS flat over ${SOAK_SECONDS}s: first third max $early kB, last third max $late kB"
    else
        fail "RSS grew: first third max $early kB, last third max $late kB"
    fi
fi
echo "$mode: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
