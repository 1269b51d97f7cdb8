"""The asyncio side of chapter 8's benchmark: the same job as flags-bench.

Downloads all 194 flags from the DELAY server with at most m requests in
flight, saves each through a thread as the Rust version saves through
Tokio's blocking pool (a temporary file, synced to disk, then renamed),
and prints one table row per m: wall time, the
ideal ceil(194 / m) x delay, their ratio, and CPU time per flag.
Run by ci/bench-flags.sh; needs aiohttp.
"""

import asyncio
import math
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

CODES_URL_TEMPLATE = "{base}/{cc}/{cc}.gif"


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
        async with session.get(CODES_URL_TEMPLATE.format(base=base, cc=cc)) as response:
            response.raise_for_status()
            image = await response.read()
    await asyncio.to_thread(save, dest, f"{cc}.gif", image)


async def download_all(base, codes, m):
    semaphore = asyncio.Semaphore(m)
    connector = aiohttp.TCPConnector(limit=m)
    timeout = aiohttp.ClientTimeout(total=60)
    with tempfile.TemporaryDirectory() as tmp:
        dest = Path(tmp)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            tasks = [download_one(session, semaphore, base, cc, dest) for cc in codes]
            for done in asyncio.as_completed(tasks):
                await done


def main():
    base, delay, codes_file = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    limits = [int(m) for m in sys.argv[4].split(",")]
    codes = Path(codes_file).read_text().split()
    n = len(codes)
    print(f"asyncio + aiohttp {aiohttp.__version__}, Python {sys.version.split()[0]}: "
          f"{n} flags from {base}")
    print()
    print("|   -m | wall (s) | ideal (s) | wall / ideal | CPU per flag (ms) |")
    print("|-----:|---------:|----------:|-------------:|------------------:|")
    for m in limits:
        cpu0, start = cpu_seconds(), time.perf_counter()
        asyncio.run(download_all(base, codes, m))
        wall, cpu = time.perf_counter() - start, cpu_seconds() - cpu0
        ideal = math.ceil(n / m) * delay
        print(f"| {m:>4} | {wall:>8.2f} | {ideal:>9.2f} | {wall / ideal:>12.3f} "
              f"| {cpu * 1000 / n:>17.3f} |")


if __name__ == "__main__":
    main()
