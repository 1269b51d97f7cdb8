#!/usr/bin/env bash
# The benchmark of chapter 9 (not run by ci/test.sh): a ticker's lateness
# beside blocking neighbours on both of Tokio's runtimes, and the prime
# server's latency for a quick question while slow ones run, with the
# check inline and on spawn_blocking. Prints the tables and the command
# that reproduces them; Appendix B quotes them.
#
# Usage: ci/bench-blocking.sh          (about a minute with the defaults)
# Knobs: SECONDS_PER_ROW=3 SERVER_SECONDS=5 HEAVY=2
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

SECONDS_PER_ROW=${SECONDS_PER_ROW:-3}
SERVER_SECONDS=${SERVER_SECONDS:-5}
HEAVY=${HEAVY:-2}

cargo build --release --quiet -p blocking-bench

echo "Benchmark of chapter 9, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), Linux $(uname -r)"
echo "Rust: $(rustc --version); release build"
echo "Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
target/release/blocking-bench --seconds "$SECONDS_PER_ROW" \
    --server-seconds "$SERVER_SECONDS" --heavy "$HEAVY"
echo
echo "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Reproduce with: SECONDS_PER_ROW=$SECONDS_PER_ROW SERVER_SECONDS=$SERVER_SECONDS HEAVY=$HEAVY ci/bench-blocking.sh"
