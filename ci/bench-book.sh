#!/usr/bin/env bash
# Measures the book itself: how long `mdbook build` takes (the median of
# RUNS builds, after one warm-up) and the bytes each page loads (the page
# weight report of ci/site-check). A benchmark, not a test: ci/test.sh does
# not run it; Appendix B reports its results.
#
#   ci/bench-book.sh [RUNS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
"$ROOT/ci/install-tools.sh"
runs=${1:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

build() { mdbook build --dest-dir "$out/book" >/dev/null 2>&1; }
build # warm-up: the first build also warms the file cache

times=()
for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    build
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")

echo "# ci/bench-book.sh $runs, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "mdbook $(mdbook --version | grep -Eo '[0-9.]+$'): ${#times[@]} builds, median ${median} ms (all: ${times[*]} ms)"
echo
site_url=$(site_url)
cargo run --quiet --release -p site-check -- weight "$out/book" \
    --budget ci/page-budget.toml --site-url "$site_url"
