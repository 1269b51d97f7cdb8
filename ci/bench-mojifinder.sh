#!/usr/bin/env bash
# Benchmarks of chapter 11's servers, on 127.0.0.1 only, with release
# builds. Prints Markdown tables and the command that reproduced them.
#
#   ci/bench-mojifinder.sh [SECONDS]     (default: 5 seconds per row)
#
# - the index build time (mojifinder-load index);
# - the TCP mojifinder with 50 and 500 concurrent clients: queries per
#   second and p50/p99 latency (mojifinder-load tcp);
# - the web mojifinder under wrk with 50 connections (when wrk is
#   installed), and under our own keep-alive load generator.
# The clients and the server share the machine: on 2 cores the numbers are
# what both together manage. Not run by ci/test.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

seconds=${1:-5}
target=${CARGO_TARGET_DIR:-$ROOT/target}/release

say "building release binaries"
cargo build --release --quiet -p listing-11-02 -p listing-11-03 -p mojifinder-load
load=$target/mojifinder-load

server_pid=""
stop_server() {
    if [ -n "$server_pid" ]; then
        kill -INT "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
trap stop_server EXIT

# start_server BINARY: starts it on 127.0.0.1 port 0 and sets $addr to the
# address it prints ("Serving on 127.0.0.1:PORT" or "http://127.0.0.1:PORT/").
start_server() {
    local out
    out=$(mktemp)
    "$1" --address 127.0.0.1 --port 0 >"$out" 2>/dev/null &
    server_pid=$!
    for _ in $(seq 1 300); do
        addr=$(grep -Eo '127\.0\.0\.1:[0-9]+' "$out" | head -n1 || true)
        [ -n "$addr" ] && break
        sleep 0.1
    done
    rm -f "$out"
    [ -n "$addr" ] || die "$1 did not start"
}

echo
echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores ($(uname -sm)), ${seconds} s per row."
echo "Command: ci/bench-mojifinder.sh $seconds"
echo
echo "| what | runs | fastest | median |"
echo "|---|---|---|---|"
"$load" index --runs 5

echo
echo "| server | clients | queries | queries/s | p50 | p99 |"
echo "|---|---|---|---|---|---|"
start_server "$target/listing-11-02"
for clients in 50 500; do
    "$load" tcp --addr "$addr" --clients "$clients" --seconds "$seconds"
done
stop_server

start_server "$target/listing-11-03"
if command -v wrk >/dev/null 2>&1; then
    # wrk prints latency percentiles with --latency; keep the lines we use.
    report=$(wrk -t2 -c50 -d"${seconds}s" --latency \
        "http://$addr/search?q=cat%20face")
    requests=$(awk '/requests in/ {print $1}' <<<"$report")
    rate=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$report")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$report")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$report")
    echo "| HTTP (wrk, \`q=cat face\`) | 50 | $requests | $rate | $p50 | $p99 |"
else
    say "wrk is not installed: only our own load generator measures HTTP"
fi
# Our keep-alive HTTP client, on the same query mix as the TCP rows.
"$load" http --addr "$addr" --clients 50 --seconds "$seconds"
stop_server
