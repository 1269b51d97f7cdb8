#!/usr/bin/env bash
# The benchmark of chapter 9 (not run by ci/test.sh): a ticker's lateness
# beside blocking neighbours on both of Tokio's runtimes, and the prime
# server's latency for a quick question while slow ones run, with the
# check inline and on spawn_blocking. Prints the tables and the command
# that reproduces them, and appends them to the results file that
# Appendix B and chapter 9 quote.
#
# Usage: ci/bench-blocking.sh          (about a minute with the defaults)
# Knobs: SECONDS_PER_ROW=3 SERVER_SECONDS=5 HEAVY=2
#        RESULTS=listings/ch09-blocking/blocking-bench/results.txt (the run
#        is appended to it, after the runs kept there; empty: print only)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

SECONDS_PER_ROW=${SECONDS_PER_ROW:-3}
SERVER_SECONDS=${SERVER_SECONDS:-5}
HEAVY=${HEAVY:-2}
RESULTS=${RESULTS-listings/ch09-blocking/blocking-bench/results.txt}

cargo build --release --quiet -p blocking-bench
if [ -n "$RESULTS" ]; then
    printf '\n' >> "$RESULTS"
    exec > >(tee -a "$RESULTS")
fi

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
