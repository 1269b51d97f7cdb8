"""The asyncio side of chapter 8's benchmark: one measurement, as flags-bench -m M.

Downloads all 194 flags from the DELAY server with at most m requests in
flight and saves each through a thread, as the Rust version saves through
Tokio's blocking pool (a temporary file, synced to disk, then renamed).
The clock and the CPU time cover what the Rust side's cover: making the
temporary directory and the HTTP client session, the downloads and saves,
closing the session and removing the directory with its files. Starting the
event loop is not timed, as starting Tokio's runtime is not.

Prints one line, in the same format as flags-bench:
    download m=M flags=N wall_s=W cpu_ms_per_flag=C
Run by ci/bench-flags.sh; needs aiohttp.
Usage: python flags_bench.py BASE_URL CODES_FILE M
"""

import asyncio
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import aiohttp


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def save(dest, name, image):
    with tempfile.NamedTemporaryFile(dir=dest, delete=False) as tmp:
        tmp.write(image)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, dest / name)


async def download_one(session, semaphore, base, cc, dest):
    async with semaphore:
        async with session.get(f"{base}/{cc}/{cc}.gif") as response:
            response.raise_for_status()
            image = await response.read()
    await asyncio.to_thread(save, dest, f"{cc}.gif", image)


async def timed_download(base, codes, m):
    """Returns (wall seconds, CPU seconds, flags saved)."""
    cpu0, start = cpu_seconds(), time.perf_counter()
    saved = 0
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp)
        semaphore = asyncio.Semaphore(m)
        connector = aiohttp.TCPConnector(limit=m)
        timeout = aiohttp.ClientTimeout(total=60)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            jobs = [download_one(session, semaphore, base, cc, dest) for cc in codes]
            for job in asyncio.as_completed(jobs):
                await job
                saved += 1
    return time.perf_counter() - start, cpu_seconds() - cpu0, saved


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    base, codes_file, m = sys.argv[1], sys.argv[2], int(sys.argv[3])
    codes = Path(codes_file).read_text().split()
    n = len(codes)
    wall, cpu, saved = asyncio.run(timed_download(base, codes, m))
    if saved != n:
        sys.exit(f"-m {m}: saved {saved} of {n} flags")
    print(f"download m={m} flags={n} wall_s={wall:.4f} cpu_ms_per_flag={cpu * 1000 / n:.4f}")


if __name__ == "__main__":
    main()
