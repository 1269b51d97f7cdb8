#!/usr/bin/env bash
# The benchmark of chapter 5 (not run by ci/test.sh): the hand-rolled
# executors of Listings 5-4 and 5-11 against Tokio's current_thread runtime
# (without, then with, its I/O and time drivers: enable_io and enable_time)
# and its multi_thread runtime with two workers, on three workloads (spawn,
# yield, ping-pong). Prints a Markdown table of median wall times, the time
# per operation, the ratio to current_thread and the allocations per
# operation, and the command to reproduce it.
#
# The allocator is held constant: the program allocates through mimalloc,
# its one global allocator, for every executor (with glibc's malloc, the
# spawn workload measured mostly the allocator's page faults), and counts
# each executor's allocations per operation in an extra, untimed run, and
# the page faults of each timed run (the kernel mapping pages in). A
# last run of the spawn workload, with a build that allocates through the
# system's malloc (--features system-allocator), shows the difference.
#
# Usage: ci/bench-executor.sh        (about a minute once built, longer on
#                                     a busy machine)
# Knobs: RUNS=21 (measured runs per cell; the median is reported),
#        ROUNDS=5 (whole runs of the program, one after another, so that
#        the spread between them shows how noisy the machine was),
#        NOTE="..." (a line for the results file),
#        RESULTS=listings/ch05-futures/executor-bench/results.txt
# Writes everything it prints to RESULTS, the file the chapter and
# Appendix B quote.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

RUNS=${RUNS:-21}
ROUNDS=${ROUNDS:-5}
RESULTS=${RESULTS:-listings/ch05-futures/executor-bench/results.txt}
BENCH="${CARGO_TARGET_DIR:-target}/release/executor-bench"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The comparison build first, kept aside; then the benchmark itself.
cargo build --release --quiet -p executor-bench --features system-allocator
cp "$BENCH" "$work/executor-bench-system-allocator"
cargo build --release --quiet -p executor-bench

{
    echo "# executor-bench results, written by ci/bench-executor.sh"
    echo "Benchmark of chapter 5, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "Machine: $(nproc) cores (nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), Linux $(uname -r)"
    echo "Load average (1, 5, 15 min) at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "Rust: $(rustc --version); $(cargo tree -q -p executor-bench -e normal --prefix none | grep -E '^(tokio|mimalloc) v' | sort -u | cut -d' ' -f1-2 | paste -sd, - | sed 's/,/, /g'); release build"
    echo "Command: RUNS=$RUNS ROUNDS=$ROUNDS ci/bench-executor.sh"
    if [ -n "${NOTE:-}" ]; then echo "Note: $NOTE"; fi
    for round in $(seq 1 "$ROUNDS"); do
        echo
        echo "## Round $round of $ROUNDS"
        "$BENCH" --runs "$RUNS" | tee -a "$work/rounds"
    done
    echo
    echo "## Summary of the $ROUNDS rounds"
    echo "For each cell: the lowest and highest of the rounds' medians, and of the"
    echo "rounds' ratios to tokio current_thread (below 1 is faster); allocations"
    echo "and bytes per operation as counted (the same in every round); the lowest"
    echo "and highest of the rounds' median page faults per run."
    echo
    echo "| workload | executor | median (ms) | vs current_thread | allocations per op | bytes per op | page faults per run |"
    echo "|---|---|--:|--:|--:|--:|--:|"
    # Rows of the rounds' tables: | workload | executor | wall | per op |
    # ratio | range | allocations | bytes | faults |, in the same order
    # every round.
    awk -F' [|] ' '/^[|] (spawn|yield|ping-pong) / {
            key = $1 " | " $2
            sub(/^[|] /, "", key)
            if (!(key in lo)) { order[++n] = key; lo[key] = hi[key] = $3 + 0;
                rlo[key] = rhi[key] = $5 + 0 }
            if ($3 + 0 < lo[key]) lo[key] = $3 + 0
            if ($3 + 0 > hi[key]) hi[key] = $3 + 0
            if ($5 + 0 < rlo[key]) rlo[key] = $5 + 0
            if ($5 + 0 > rhi[key]) rhi[key] = $5 + 0
            allocs[key] = $7; bytes[key] = $8
            f = $9; sub(/ [|]$/, "", f)
            if (!(key in flo) || f + 0 < flo[key]) flo[key] = f + 0
            if (!(key in fhi) || f + 0 > fhi[key]) fhi[key] = f + 0
        }
        END {
            for (i = 1; i <= n; i++) {
                k = order[i]
                r = sprintf("%.2f-%.2f", rlo[k], rhi[k])
                if (rlo[k] == rhi[k]) r = sprintf("%.2f", rlo[k])
                fr = flo[k] "-" fhi[k]
                if (flo[k] == fhi[k]) fr = flo[k]
                printf "| %s | %.2f-%.2f | %s | %s | %s | %s |\n", k, lo[k], hi[k], r, allocs[k], bytes[k], fr
            }
        }' "$work/rounds"
    echo
    echo "## For comparison: the spawn workload with the system's malloc"
    echo "(the same program built with --features system-allocator)"
    "$work/executor-bench-system-allocator" --runs "$RUNS" --workload spawn
    echo
    echo "Reproduce with: RUNS=$RUNS ROUNDS=$ROUNDS ci/bench-executor.sh"
} | tee "$RESULTS"
