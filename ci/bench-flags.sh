#!/usr/bin/env bash
# The benchmark of chapter 8 (not run by ci/test.sh): the flags downloader
# fetching all 194 flags from a DELAY server with a fixed delay, at several
# concurrency limits, against the ideal ceil(194 / m) x delay, with the CPU
# time per flag; then the server holding thousands of requests at once; then,
# if Python 3 and PyPI are at hand, an asyncio + aiohttp client of our own
# doing the same job on the same server.
#
# Usage: ci/bench-flags.sh   (about four minutes: -m 1 alone is 97 s per client;
#                             the first run installs aiohttp from PyPI, online)
# Knobs: DELAY=0.5 M=1,10,100,1000 CONNECTIONS=2000 PORT=8101 PYTHON=1
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

DELAY=${DELAY:-0.5}
M=${M:-1,10,100,1000}
CONNECTIONS=${CONNECTIONS:-2000}
PORT=${PORT:-8101} # not 8001, so a flag-server you left running is no bother
PYTHON=${PYTHON:-1}
URL="http://127.0.0.1:$PORT/flags"

cargo build --release --quiet -p flag-server -p flags-bench

# Each side holds one socket per connection: make room for thousands.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

target/release/flag-server --mode delay --port "$PORT" --delay "$DELAY" >/dev/null &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.1
done

echo "Benchmark of chapter 8, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), Linux $(uname -r)"
echo "Rust: $(rustc --version); release build"
echo "Server: flag-server --mode delay --delay $DELAY (a fixed delay), its own process"
echo
target/release/flags-bench --server-url "$URL" --delay "$DELAY" -m "$M" \
    --connections "$CONNECTIONS"

if [ "$PYTHON" = 1 ] && command -v python3 >/dev/null; then
    venv=target/bench-venv
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv" && "$venv/bin/pip" install --quiet aiohttp==3.12.15 \
            || echo "(could not install aiohttp: skipping the asyncio client)"
    fi
    if "$venv/bin/python" -c 'import aiohttp' 2>/dev/null; then
        codes=$(mktemp)
        grep -o 'c("[A-Z][A-Z]"' listings/ch08-flag-downloader/flag-server/src/countries.rs \
            | cut -c4-5 | tr 'A-Z' 'a-z' > "$codes"
        echo
        "$venv/bin/python" listings/ch08-flag-downloader/flags-bench/python/flags_bench.py \
            "$URL" "$DELAY" "$codes" "$M"
        rm -f "$codes"
    fi
fi

echo
echo "Reproduce with: DELAY=$DELAY M=$M CONNECTIONS=$CONNECTIONS ci/bench-flags.sh"
