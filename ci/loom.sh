#!/usr/bin/env bash
# Checks the hand-rolled executors of chapter 5 with loom: every interleaving
# of the threads that wake tasks, within a bound on preemptions. Listing 5-4:
# a future woken from other threads, through loom's channel. Listing 5-11:
# the executor's own protocol (drain the queue, check the live count, sleep
# in the reactor) against wakers that `send` and `notify`, and tasks dropped
# on other threads, with a model in place of the poller. Builds with
# `--cfg loom` in its own target directory, so it does not invalidate the
# normal build. Takes a minute or two on two cores, most of it compiling.
set -euo pipefail
cd "$(dirname "$0")/.."
export RUSTFLAGS="--cfg loom ${RUSTFLAGS:-}"
export CARGO_TARGET_DIR=target/loom
# Two preemptions find the classic lost wake-up races and keep the run short.
export LOOM_MAX_PREEMPTIONS=${LOOM_MAX_PREEMPTIONS:-2}
export LOOM_MAX_BRANCHES=${LOOM_MAX_BRANCHES:-10000}
timeout 900 cargo test --quiet -p listing-05-04 --bin listing-05-04 loom_tests
timeout 900 cargo test --quiet -p listing-05-11 --lib loom_tests
