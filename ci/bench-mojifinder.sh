#!/usr/bin/env bash
# The benchmark of chapter 11's servers (not run by ci/test.sh), on
# 127.0.0.1 only, with release builds. Writes RESULTS and prints it.
#
# Each mojifinder is held against, in the same run:
# - its limit: a server of the same protocol that answers each query of the
#   load mix from precomputed bytes (crate mojifinder-limit), the most the
#   network, the runtime and the protocol allow on this machine;
# - its Python peer of our own (listings/ch11-servers/mojifinder-limit/python): an
#   asyncio TCP server, and a FastAPI app under uvicorn, both indexing the
#   very names ours do (`mojifinder-load names`);
# - itself as it was before chapter 11's "Making it fast" (commit BEFORE,
#   built from `git archive` under target/mojifinder-before/).
# The load client is mojifinder-load: N clients, each on its own connection,
# query the mix one after another for SECONDS; it prints queries per second
# and p50/p99 latency. The server's CPU time per query comes from
# /proc/PID/stat (Linux; "-" elsewhere). Every server is started once and
# kept running; the rows are interleaved: in each round, for each number of
# clients, each server in turn. The tables give medians over the rounds,
# and the median of each server's rate over the limit's in the same round.
# The web servers are loaded by mojifinder-load's keep-alive HTTP client on
# the same mix, and by wrk (50 connections, `q=cat face`) when installed.
# Client and servers share the machine: on 2 cores they split it, so the
# limit is what this machine's cores manage for client and server together.
#
# Usage: ci/bench-mojifinder.sh [SECONDS]   (default 3; about 6 minutes on
#        2 cores, more the first time: the venv and the BEFORE build)
# Knobs: ROUNDS=5 CLIENTS="50 500" PYTHON=1 (0: no Python rows)
#        PYTHON3=python3 VENV=target/mojifinder-venv BEFORE=7627659 (empty:
#        no "before" rows) NOTE="..." (a line for the file)
#        RESULTS=listings/ch11-servers/mojifinder-load/results.txt
#        PROFILE=1: also profile the TCP server, before and now, with perf
#        (if installed) under 50 clients, into PROFILE_FILE
#        (listings/ch11-servers/mojifinder-load/profile.txt)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

SECONDS_PER_ROW=${1:-3}
ROUNDS=${ROUNDS:-5}
CLIENTS=${CLIENTS:-50 500}
PYTHON=${PYTHON:-1}
PYTHON3=${PYTHON3:-python3}
BEFORE=${BEFORE-7627659}
RESULTS=${RESULTS:-listings/ch11-servers/mojifinder-load/results.txt}
PROFILE=${PROFILE:-0}
PROFILE_FILE=${PROFILE_FILE:-listings/ch11-servers/mojifinder-load/profile.txt}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
VENV=${VENV:-$TARGET/mojifinder-venv}
PINS="fastapi==0.165.0 uvicorn==0.55.0"
COMMAND="ROUNDS=$ROUNDS CLIENTS=\"$CLIENTS\" ci/bench-mojifinder.sh $SECONDS_PER_ROW"
bin=$TARGET/release

say "building release binaries"
cargo build --release --quiet -p listing-11-02 -p listing-11-03 \
    -p mojifinder-load -p mojifinder-limit
load=$bin/mojifinder-load

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
"$load" names >"$work/names.tsv"

# The servers as they were before "Making it fast", built once.
before=""
before_note="not measured (BEFORE is empty)"
if [ -n "$BEFORE" ]; then
    src=$TARGET/mojifinder-before/$BEFORE
    if [ ! -x "$src/target/release/listing-11-02" ]; then
        say "building the servers as of $BEFORE (once)"
        rm -rf "$src" && mkdir -p "$src"
        if git archive "$BEFORE" | tar -x -C "$src" 2>/dev/null \
            && CARGO_TARGET_DIR=$src/target cargo build --release --quiet \
                --manifest-path "$src/Cargo.toml" -p listing-11-02 -p listing-11-03; then
            :
        else
            say "could not build the servers as of $BEFORE: no 'before' rows"
        fi
    fi
    if [ -x "$src/target/release/listing-11-02" ]; then
        before=$src/target/release
        before_note="the servers as of commit $BEFORE, built from git archive"
    else
        before_note="not measured: commit $BEFORE could not be built"
    fi
fi

# The Python peers: asyncio needs python3 only, FastAPI a venv made once.
py=""
venv_py=""
if [ "$PYTHON" != 1 ]; then
    py_note="Python peers skipped: PYTHON=$PYTHON"
elif ! command -v "$PYTHON3" >/dev/null; then
    py_note="Python peers skipped: no $PYTHON3 on the PATH"
else
    py=$(command -v "$PYTHON3")
    py_note="asyncio peer: $("$py" --version 2>&1)"
    if [ ! -x "$VENV/bin/python" ] && ! "$PYTHON3" -m venv "$VENV" >/dev/null 2>&1; then
        rm -rf "$VENV"
        py_note="$py_note; FastAPI peer skipped: $PYTHON3 -m venv failed (is Python's venv module installed?)"
    elif ! "$VENV/bin/python" -c 'import fastapi, uvicorn' 2>/dev/null \
        && ! "$VENV/bin/pip" install --quiet --disable-pip-version-check \
            --retries 1 --timeout 20 $PINS >/dev/null 2>&1; then
        py_note="$py_note; FastAPI peer skipped: could not install $PINS from PyPI (no network?)"
    else
        venv_py=$VENV/bin/python
        py_note="$py_note; FastAPI peer: $("$venv_py" -c 'import fastapi, uvicorn; print(f"FastAPI {fastapi.__version__}, uvicorn {uvicorn.__version__}")') in $VENV"
    fi
fi
peers=listings/ch11-servers/mojifinder-limit/python

# Room for 500 clients and their servers' sockets.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# start NAME COMMAND...: starts a server on port 0, records its pid and
# address as pid_NAME and addr_NAME.
start() {
    local name=$1 out addr=""
    out=$(mktemp -p "$work") # a fresh file: no address from an earlier start
    shift
    "$@" --address 127.0.0.1 --port 0 >"$out" 2>/dev/null &
    pids+=($!)
    printf -v "pid_$name" %s $!
    for _ in $(seq 1 600); do
        addr=$(grep -Eo '127\.0\.0\.1:[0-9]+' "$out" | head -n1 || true)
        [ -n "$addr" ] && break
        sleep 0.1
    done
    [ -n "$addr" ] || die "$name did not start"
    printf -v "addr_$name" %s "$addr"
}
stop_all() {
    for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    pids=()
}

# cpu_ticks PID: user + system CPU time of PID so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo -; }
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"; }
runs=$work/runs

# measure ROUND KIND CLIENTS NAME: one row of KIND (tcp, http, wrk)
# against the server NAME; appends "round kind clients name rate p50 p99
# cpu" to $runs (latencies in ms, CPU in microseconds per query).
measure() {
    local round=$1 kind=$2 clients=$3 name=$4 pid addr before_ticks after_ticks row
    pid=pid_$name
    pid=${!pid}
    addr=addr_$name
    addr=${!addr}
    before_ticks=$(cpu_ticks "$pid")
    case $kind in
    wrk)
        local report requests rate p50 p99
        report=$(wrk -t2 -c"$clients" -d"${SECONDS_PER_ROW}s" --latency \
            "http://$addr/search?q=cat%20face")
        requests=$(awk '/requests in/ { print $1 }' <<<"$report")
        rate=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' <<<"$report")
        p50=$(awk '$1 == "50%" { print $2 }' <<<"$report")
        p99=$(awk '$1 == "99%" { print $2 }' <<<"$report")
        row="| wrk | $clients | $requests | $rate | $p50 | $p99 |"
        ;;
    *) row=$("$load" "$kind" --addr "$addr" --clients "$clients" --seconds "$SECONDS_PER_ROW") ;;
    esac
    after_ticks=$(cpu_ticks "$pid")
    # | what | clients | queries | rate | p50 | p99 |, latencies as
    # 1.23ms, 456.78µs or 1.2s (wrk: 1.23ms, 456.78us, 1.2s).
    awk -F'|' -v r="$round" -v k="$kind" -v c="$clients" -v n="$name" \
        -v t0="$before_ticks" -v t1="$after_ticks" -v hz="$hz" '
        function ms(v) {
            gsub(/ /, "", v)
            if (v ~ /µs$|us$/) { sub(/µs$|us$/, "", v); return v / 1000 }
            if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
            if (v ~ /s$/) { sub(/s$/, "", v); return v * 1000 }
            return v
        }
        {
            q = $4 + 0; cpu = "-"
            if (t0 != "-" && t1 != "-" && q > 0) cpu = sprintf("%.1f", (t1 - t0) / hz * 1e6 / q)
            printf "round %s %s %s %s rate=%d p50=%.3f p99=%.3f cpu_us=%s queries=%d\n",
                r, k, c, n, $5, ms($6), ms($7), cpu, q
        }' <<<"$row" | tee -a "$runs"
}

# field NAME: the value of NAME=... on each line of stdin.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
# median [FORMAT]: the median of the numbers on stdin, printed with FORMAT
# (printf's, default %.0f), or "-" if none; range: lowest-highest.
median() {
    sort -g | awk -v f="${1:-%.0f}" '{ v[NR] = $1 } END {
        if (NR == 0) { print "-"; exit }
        printf f "\n", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
# range [FORMAT]: the lowest and highest numbers on stdin, "LOW-HIGH".
range() {
    sort -g | awk -v f="${1:-%.0f}" 'NR == 1 { a = $1 } { b = $1 }
        END { if (NR) printf f "-" f "\n", a, b; else print "-" }'
}
pick() { grep -e " $1 $2 $3 " "$runs" || true; }
# ratios KIND CLIENTS NAME LIMIT: NAME's rate over LIMIT's, round by round.
ratios() {
    awk -v k="$1" -v c="$2" -v n="$3" -v l="$4" '
        $3 == k && $4 == c { split($6, a, "="); r[$5, $2] = a[2]; rounds[$2] = 1 }
        END {
            for (x in rounds)
                if ((n, x) in r && (l, x) in r && r[l, x] > 0)
                    printf "%.6f\n", r[n, x] / r[l, x]
        }' "$runs"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f\n", a / b }'; }

# table KIND LIMIT NAMES...: medians per server and number of clients.
table() {
    local kind=$1 limit=$2 clients name rate r
    shift 2
    echo "| server | clients | queries/s | range | p50 ms | p99 ms | server CPU µs/query | / limit | range |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for clients in $CLIENTS_OF_KIND; do
        for name in "$@"; do
            [ -n "$(pick "$kind" "$clients" "$name")" ] || continue
            rate=$(pick "$kind" "$clients" "$name" | field rate | median)
            r=$(ratios "$kind" "$clients" "$name" "$limit")
            echo "| $name | $clients | $rate | $(pick "$kind" "$clients" "$name" | field rate | range) | $(pick "$kind" "$clients" "$name" | field p50 | median %.2f) | $(pick "$kind" "$clients" "$name" | field p99 | median %.2f) | $(pick "$kind" "$clients" "$name" | field cpu_us | median %.1f) | $(median %.2f <<<"$r") | $(range %.2f <<<"$r") |"
        done
    done
}

# profile NAME: where the server NAME spends its CPU time under 50 TCP
# clients for SECONDS_PER_ROW: perf's 25 hottest functions, by share of
# the samples taken in the server process (kernel included).
profile() {
    local name=$1 pid addr
    pid=pid_$name
    pid=${!pid}
    addr=addr_$name
    addr=${!addr}
    perf record -q -F 999 -p "$pid" -o "$work/perf.data" -- sleep $((SECONDS_PER_ROW + 1)) \
        >/dev/null 2>&1 &
    local recorder=$!
    sleep 0.5
    echo "## $name: $("$load" tcp --addr "$addr" --clients 50 --seconds "$SECONDS_PER_ROW")"
    wait "$recorder"
    echo
    echo "ANCHOR: $name"
    perf report -i "$work/perf.data" --stdio --no-children --sort dso,sym 2>/dev/null \
        | grep -E '^ +[0-9]' | awk 'NR <= 25' | sed -E 's/ +$//; s/  +/  /g'
    echo "ANCHOR_END: $name"
    echo
}

if [ "$PROFILE" = 1 ]; then
    command -v perf >/dev/null || die "PROFILE=1 needs perf"
    [ -n "$before" ] || die "PROFILE=1 needs the BEFORE build"
    start ours "$bin/listing-11-02"
    start before "$before/listing-11-02"
    {
        echo "# Profile of the TCP mojifinder, written by ci/bench-mojifinder.sh"
        echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; load average at the start: $(loadavg)"
        echo "Command: PROFILE=1 $COMMAND"
        echo "perf record -F 999 -p PID on the server while mojifinder-load tcp --clients 50"
        echo "runs for $SECONDS_PER_ROW s; perf report --no-children --sort dso,sym, first 25 lines:"
        echo "the share of the server's samples in each function, kernel ([k]) included."
        echo "The row above each profile is the load client's, slowed by perf itself."
        echo
        profile before
        profile ours
    } >"$work/profile"
    stop_all
    cp "$work/profile" "$PROFILE_FILE"
    say "wrote $PROFILE_FILE"
fi

{
    echo "# mojifinder results, written by ci/bench-mojifinder.sh"
    echo "Benchmark of chapter 11, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "Machine: $(nproc) cores (nproc), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | xargs), $(uname -sr)"
    echo "Load average (1, 5, 15 min) at the start: $(loadavg)"
    echo "Rust: $(rustc --version); release builds"
    echo "Python: $py_note"
    echo "Before: $before_note"
    echo "Command: $COMMAND"
    if [ -n "${NOTE:-}" ]; then echo "Note: $NOTE"; fi
    echo
    echo "Servers: ours (listing-11-02, listing-11-03), limit (mojifinder-limit-tcp,"
    echo "mojifinder-limit-web: each query of the mix answered from precomputed bytes),"
    echo "asyncio and fastapi (mojifinder-limit/python), before (ours as of the Before commit)."
    echo "Each row: mojifinder-load with N clients for $SECONDS_PER_ROW s; rate in queries"
    echo "(requests) per second; server CPU from /proc/PID/stat. Interleaved: in each of"
    echo "$ROUNDS rounds, for each number of clients, every server in turn. The tables give"
    echo "medians over the rounds; \"/ limit\" is the median, and range, of the server's rate"
    echo "over the limit's in the same round and with the same clients."
    echo
    "$load" index --runs 5 | awk -F'|' '{ gsub(/ /, "", $4); gsub(/ /, "", $5); print "Index build (release), 5 runs: fastest " $4 ", median " $5 }'
    echo
    echo "## Every run"

    tcp=(ours limit)
    start ours "$bin/listing-11-02"
    start limit "$bin/mojifinder-limit-tcp"
    if [ -n "$py" ]; then
        start asyncio "$py" "$peers/tcp_mojifinder.py" --names "$work/names.tsv"
        tcp+=(asyncio)
    fi
    if [ -n "$before" ]; then
        start before "$before/listing-11-02"
        tcp+=(before)
    fi
    for round in $(seq 1 "$ROUNDS"); do
        echo "round $round tcp: load average $(loadavg)"
        for clients in $CLIENTS; do
            for name in "${tcp[@]}"; do measure "$round" tcp "$clients" "$name"; done
        done
    done
    stop_all

    web=(ours limit)
    start ours "$bin/listing-11-03"
    start limit "$bin/mojifinder-limit-web"
    if [ -n "$venv_py" ]; then
        start fastapi "$venv_py" "$peers/web_mojifinder.py" --names "$work/names.tsv"
        web+=(fastapi)
    fi
    if [ -n "$before" ]; then
        start before "$before/listing-11-03"
        web+=(before)
    fi
    for round in $(seq 1 "$ROUNDS"); do
        echo "round $round http: load average $(loadavg)"
        for clients in $CLIENTS; do
            for name in "${web[@]}"; do measure "$round" http "$clients" "$name"; done
        done
        if command -v wrk >/dev/null 2>&1; then
            # The one query of wrk says less than the mix: not for "before".
            for name in "${web[@]}"; do
                [ "$name" = before ] || measure "$round" wrk 50 "$name"
            done
        fi
    done
    stop_all
    echo "load average at the end: $(loadavg)"

    echo
    echo "## TCP mojifinder: medians of $ROUNDS rounds"
    echo
    echo "<!-- ANCHOR: tcp -->"
    CLIENTS_OF_KIND=$CLIENTS table tcp limit "${tcp[@]}"
    echo "<!-- ANCHOR_END: tcp -->"
    echo
    echo "## Web mojifinder, mojifinder-load's HTTP client on the mix: medians of $ROUNDS rounds"
    echo
    echo "<!-- ANCHOR: http -->"
    CLIENTS_OF_KIND=$CLIENTS table http limit "${web[@]}"
    echo "<!-- ANCHOR_END: http -->"
    echo
    if command -v wrk >/dev/null 2>&1; then
        echo "## Web mojifinder under wrk -t2 -c50, q=cat face: medians of $ROUNDS rounds"
        echo
        echo "<!-- ANCHOR: wrk -->"
        CLIENTS_OF_KIND=50 table wrk limit ours limit fastapi
        echo "<!-- ANCHOR_END: wrk -->"
    else
        echo "wrk is not installed: the web servers were measured with mojifinder-load only."
    fi
    echo
    echo "Reproduce with: $COMMAND"
} > >(tee "$work/results")
wait $! # for tee
cp "$work/results" "$RESULTS"
say "wrote $RESULTS"
