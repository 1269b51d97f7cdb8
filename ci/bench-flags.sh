#!/usr/bin/env bash
# The benchmark of chapter 8 (not run by ci/test.sh): the flags downloader of
# Listing 8-5 fetching all 194 flags from a DELAY server with a fixed delay,
# at several concurrency limits m, against the ideal ceil(194 / m) x delay,
# with the CPU time per flag; beside it, when Python 3 and PyPI are at hand,
# an asyncio + aiohttp client of our own doing the same job on the same
# server; then the server holding thousands of requests at once.
#
# Fair by construction:
# - both clients time the same span, in the same way: from before making the
#   temporary directory and the HTTP client to after closing the client and
#   removing the directory with its files (flags-bench/src/main.rs and
#   flags-bench/python/flags_bench.py say so at the top); each measurement
#   is one fresh process, whose runtime or event loop start is not timed;
# - the runs are interleaved: in each round, for each m, Rust then Python;
#   then the server test. ROUNDS rounds; the tables give medians and the
#   fastest and slowest run, and every single run is kept below them.
#
# Usage: ci/bench-flags.sh     (about three minutes with the defaults; the
#                               first run makes a venv and installs aiohttp
#                               from PyPI, which needs the network)
# Knobs: DELAY=0.5 M=10,100,1000 ROUNDS=5 CONNECTIONS=2000 PORT=8101
#        PYTHON=1 (0: skip the asyncio client) PYTHON3=python3 VENV=target/bench-venv
#        NOTE="..." (a line for the file)
#        RESULTS=listings/ch08-flag-downloader/flags-bench/results.txt
# -m 1 is left out by default: one sequential run is 97 s per client.
# Add it with M=1,10,100,1000 ROUNDS=1 if you have four minutes for it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

DELAY=${DELAY:-0.5}
M=${M:-10,100,1000}
ROUNDS=${ROUNDS:-5}
CONNECTIONS=${CONNECTIONS:-2000}
PORT=${PORT:-8101} # not 8001, so a flag-server you left running is no bother
PYTHON=${PYTHON:-1}
PYTHON3=${PYTHON3:-python3} # the Python that makes the venv
RESULTS=${RESULTS:-listings/ch08-flag-downloader/flags-bench/results.txt}
AIOHTTP=aiohttp==3.12.15
URL="http://127.0.0.1:$PORT/flags"
TARGET=${CARGO_TARGET_DIR:-target}
COMMAND="DELAY=$DELAY M=$M ROUNDS=$ROUNDS CONNECTIONS=$CONNECTIONS ci/bench-flags.sh"

cargo build --release --quiet -p flag-server -p flags-bench

# The asyncio client runs in a venv of its own, made once under target/.
py=""
if [ "$PYTHON" != 1 ]; then
    py_note="asyncio client skipped: PYTHON=$PYTHON"
elif ! command -v "$PYTHON3" >/dev/null; then
    py_note="asyncio client skipped: no $PYTHON3 on the PATH"
else
    venv=${VENV:-$TARGET/bench-venv}
    if [ ! -x "$venv/bin/python" ] && ! "$PYTHON3" -m venv "$venv" >/dev/null 2>&1; then
        rm -rf "$venv"
        py_note="asyncio client skipped: $PYTHON3 -m venv failed (is Python's venv module installed?)"
    elif ! "$venv/bin/python" -c 'import aiohttp' 2>/dev/null \
        && ! "$venv/bin/pip" install --quiet --disable-pip-version-check \
            --retries 1 --timeout 20 "$AIOHTTP" >/dev/null 2>&1; then
        py_note="asyncio client skipped: could not install $AIOHTTP from PyPI (no network?)"
    else
        py="$venv/bin/python"
        py_note="$("$py" -c 'import sys, aiohttp; print(f"Python {sys.version.split()[0]}, aiohttp {aiohttp.__version__}")') in $venv"
    fi
fi

# Each side holds one socket per connection: make room for thousands.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "bench-flags: port $PORT is taken; set PORT to a free one" >&2
    exit 1
fi
"$TARGET/release/flag-server" --mode delay --port "$PORT" --delay "$DELAY" >/dev/null &
server=$!
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.1
done
grep -o 'c("[A-Z][A-Z]"' listings/ch08-flag-downloader/flag-server/src/countries.rs \
    | cut -c4-5 | tr 'A-Z' 'a-z' > "$work/codes"
runs=$work/runs

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# field NAME: the value of NAME=... on each line of stdin.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
# median, min-max of numbers on stdin ("-" if none).
stats() {
    sort -g | awk '{ v[NR] = $1 }
        END {
            if (NR == 0) { print "- -"; exit }
            m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.3f %.3f-%.3f\n", m, v[1], v[NR]
        }'
}
median() { stats | cut -d' ' -f1; }
# pick PATTERN: the runs whose line holds PATTERN (none is not an error).
pick() { grep -e "$1" "$runs" || true; }
# ratio A B [DIGITS]: A / B, or "-" if either is missing.
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (a == "-" || b == "-") print "-"; else printf "%." d "f\n", a / b }'; }

{
    echo "# flags-bench results, written by ci/bench-flags.sh"
    echo "Benchmark of chapter 8, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "Machine: $(nproc) cores (nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), Linux $(uname -r)"
    echo "Load average (1, 5, 15 min) at the start: $(loadavg)"
    echo "Rust: $(rustc --version); release build"
    echo "asyncio: $py_note"
    echo "Server: flag-server --mode delay --delay $DELAY (a fixed delay), its own process, port $PORT"
    echo "Command: $COMMAND"
    if [ -n "${NOTE:-}" ]; then echo "Note: $NOTE"; fi
    echo
    echo "Both clients time the same span: from before making the temporary directory"
    echo "and the HTTP client to after closing the client and removing the directory."
    echo "CPU is the client process's own, user + system (getrusage), over that span."
    echo "Runs are interleaved: in each round, for each -m, Rust then asyncio; then the"
    echo "server test. $ROUNDS rounds."
    echo
    echo "## Every run"
    for round in $(seq 1 "$ROUNDS"); do
        echo "round $round: load average $(loadavg)"
        for m in ${M//,/ }; do
            line=$("$TARGET/release/flags-bench" --server-url "$URL" -m "$m")
            echo "round $round rust $line" | tee -a "$runs"
            if [ -n "$py" ]; then
                line=$("$py" listings/ch08-flag-downloader/flags-bench/python/flags_bench.py "$URL" "$work/codes" "$m")
                echo "round $round asyncio $line" | tee -a "$runs"
            fi
        done
        if [ "$CONNECTIONS" -gt 0 ]; then
            line=$("$TARGET/release/flags-bench" --server-url "$URL" --connections "$CONNECTIONS")
            echo "round $round rust $line" | tee -a "$runs"
        fi
    done
    echo "load average at the end: $(loadavg)"

    n=$(pick ' download ' | head -1 | field flags)
    echo
    echo "## Downloader: medians of $ROUNDS runs ($n flags, delay $DELAY s)"
    echo "Times in seconds, CPU per flag in milliseconds; range = fastest-slowest run."
    echo
    echo "| -m | ideal | Rust | Rust range | Rust / ideal | Rust CPU per flag | asyncio | asyncio range | asyncio / ideal | asyncio CPU per flag | asyncio / Rust, wall | asyncio / Rust, CPU |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for m in ${M//,/ }; do
        ideal=$(awk -v n="$n" -v m="$m" -v d="$DELAY" 'BEGIN { r = int((n + m - 1) / m); printf "%.3f\n", r * d }')
        read -r rw rwr < <(pick " rust download m=$m " | field wall_s | stats)
        rc=$(pick " rust download m=$m " | field cpu_ms_per_flag | median)
        read -r pw pwr < <(pick " asyncio download m=$m " | field wall_s | stats)
        pc=$(pick " asyncio download m=$m " | field cpu_ms_per_flag | median)
        echo "| $m | $ideal | $rw | $rwr | $(ratio "$rw" "$ideal" 3) | $rc | $pw | $pwr | $(ratio "$pw" "$ideal" 3) | $pc | $(ratio "$pw" "$rw") | $(ratio "$pc" "$rc") |"
    done
    if [ "$CONNECTIONS" -gt 0 ]; then
        read -r sw swr < <(pick " server " | field wall_s | stats)
        oks=$(pick " server " | field ok | paste -sd, -)
        echo
        echo "## Server: $CONNECTIONS requests held at once, $ROUNDS runs"
        echo "200 OK per run: $oks of $CONNECTIONS; wall median $sw s (range $swr), $(ratio "$sw" "$DELAY") x the $DELAY s delay"
    fi
    echo
    echo "Reproduce with: $COMMAND"
} | tee "$RESULTS"
