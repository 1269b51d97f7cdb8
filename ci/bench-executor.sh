#!/usr/bin/env bash
# The benchmark of chapter 5 (not run by ci/test.sh): the hand-rolled
# executors of Listings 5-4 and 5-11 against Tokio's current_thread runtime
# (without, then with, its I/O and time drivers) and its multi_thread
# runtime with two workers, on three workloads (spawn, yield, ping-pong).
# Prints a Markdown table of median wall times, the time per operation and
# the ratio to current_thread, and the command to reproduce it.
#
# Usage: ci/bench-executor.sh        (a minute or two once built)
# Knobs: RUNS=11 (measured runs per cell; the median is reported),
#        ROUNDS=3 (whole runs of the program, one after another, so that
#        the spread between them shows how noisy the machine was).
# Writes everything it prints to listings/ch05-futures/executor-bench/
# results.txt, the file the chapter and Appendix B quote.
#
# The allocator is held to one behaviour for every executor: glibc keeps
# the memory a run frees instead of trimming its heap and faulting pages in
# again on the next run, which it does more for some allocation patterns
# (Tokio's aligned tasks) than for others and which would otherwise decide
# the spawn workload. Other allocators ignore these variables. A last run
# of the spawn workload with glibc's defaults shows the difference.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

RUNS=${RUNS:-11}
ROUNDS=${ROUNDS:-3}
RESULTS=listings/ch05-futures/executor-bench/results.txt
export MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-4000000000}
export MALLOC_TOP_PAD_=${MALLOC_TOP_PAD_:-268435456}

cargo build --release --quiet -p executor-bench
BENCH="${CARGO_TARGET_DIR:-target}/release/executor-bench"

{
    echo "# executor-bench results, written by ci/bench-executor.sh"
    echo "Benchmark of chapter 5, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "Machine: $(nproc) cores (nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), Linux $(uname -r)"
    echo "Rust: $(rustc --version); tokio $(cargo tree -q -p executor-bench -e normal --prefix none | grep -m1 '^tokio v' | cut -d' ' -f2); release build"
    echo "Allocator: MALLOC_TRIM_THRESHOLD_=$MALLOC_TRIM_THRESHOLD_ MALLOC_TOP_PAD_=$MALLOC_TOP_PAD_"
    echo "${NOTE:+Note: $NOTE}"
    for round in $(seq 1 "$ROUNDS"); do
        echo
        echo "## Round $round of $ROUNDS"
        "$BENCH" --runs "$RUNS"
    done
    echo
    echo "## For comparison: the spawn workload with glibc's defaults"
    echo "(MALLOC_TRIM_THRESHOLD_ and MALLOC_TOP_PAD_ unset: freed memory is trimmed)"
    env -u MALLOC_TRIM_THRESHOLD_ -u MALLOC_TOP_PAD_ \
        "$BENCH" --runs "$RUNS" --workload spawn
    echo
    echo "Reproduce with: RUNS=$RUNS ROUNDS=$ROUNDS ci/bench-executor.sh"
} | tee "$RESULTS"
