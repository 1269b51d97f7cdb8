#!/usr/bin/env bash
# Measures the book itself: how long `mdbook build` takes (the median of
# RUNS builds, after one warm-up), how long ci/build-site.sh takes to build
# the site as Pages publishes it (mdbook build plus every diagram drawn in
# headless Chromium; once), and the bytes each page of that site loads, with
# and without its diagrams (ci/page-weight.sh). A benchmark, not a test:
# ci/test.sh does not run it. It writes ci/bench-book-results.txt, the file
# Appendix B quotes. The times depend on what else the machine is doing:
# the results record the load average before and after, and say when it was
# above the number of cores (then rerun on a quiet machine). The page
# weights do not depend on it.
#
#   ci/bench-book.sh [RUNS]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
"$ROOT/ci/install-tools.sh" --test
runs=${1:-5}
cores=$(nproc)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
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

start=$(date +%s%N)
ci/build-site.sh "$out/site" >"$out/build-site.log" 2>&1 || { cat "$out/build-site.log"; die "ci/build-site.sh failed"; }
site_ms=$(( ($(date +%s%N) - start) / 1000000 ))

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
busy=$(awk -v a="${load_before%% *}" -v b="${load_after%% *}" -v c="$cores" \
    'BEGIN { print (a > c || b > c) ? "yes" : "no" }')

RESULTS=ci/bench-book-results.txt
{
    echo "# ci/bench-book.sh $runs, $(date -u '+%Y-%m-%d %H:%M UTC'), $cores cores, load average (1, 5, 15 min) $load_before before, $load_after after"
    dirty=$(git status --porcelain -- book.toml src theme listings 2>/dev/null | wc -l)
    echo "# the book at commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$([ "$dirty" -gt 0 ] && echo ", with $dirty changed or new paths in book.toml, src/, theme/ or listings/ not yet committed")"
    if [ "$busy" = yes ]; then
        echo "# The machine was busy (load above $cores): the times below are slower than a quiet machine's; the page weights are not affected."
    fi
    echo "mdbook $(mdbook --version | grep -Eo '[0-9.]+$'): ${#times[@]} builds, median ${median} ms (all: ${times[*]} ms)"
    echo "ci/build-site.sh (as Pages publishes): ${site_ms} ms; $(grep '^prerender:' "$out/build-site.log")"
    echo
    ci/page-weight.sh "$out/site" --release
} | tee "$RESULTS.new"
mv "$RESULTS.new" "$RESULTS"
