#!/usr/bin/env bash
# The benchmark of chapter 5 (not run by ci/test.sh): the hand-rolled
# executor of Listing 5-4 against Tokio's current_thread runtime and its
# multi_thread runtime with two workers, on three workloads (spawn, yield,
# ping-pong). Prints a Markdown table of median wall times, the time per
# operation and the ratio to current_thread, and the command to reproduce it.
#
# Usage: ci/bench-executor.sh        (under a minute once built)
# Knobs: RUNS=5 (measured runs per cell; the median is reported)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

RUNS=${RUNS:-5}

cargo build --release --quiet -p executor-bench

echo "Benchmark of chapter 5, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "Machine: $(nproc) cores (nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), Linux $(uname -r)"
echo "Rust: $(rustc --version); tokio $(grep -A1 '^name = "tokio"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p'); release build"
echo
target/release/executor-bench --runs "$RUNS"
echo
echo "Reproduce with: RUNS=$RUNS ci/bench-executor.sh"
