"""The web mojifinder's `/search` with FastAPI, the benchmark's Python peer
of listing-11-03: a JSON list of `{"char", "name"}`, at most `limit`
(500 unless given, 2,000 at most), the total in `x-total-count`.

    python3 web_mojifinder.py [--names FILE] [--port 8000]

It runs uvicorn itself (installed with FastAPI in the benchmark's venv),
with one worker process, and prints `Serving on http://127.0.0.1:PORT/.` when ready.
"""

import argparse

from fastapi import FastAPI, Query, Response
from pydantic import BaseModel

from charindex import CharIndex

index = None  # built by main, before serving
app = FastAPI(title="Mojifinder")


class CharEntry(BaseModel):
    char: str
    name: str


@app.get("/search")
async def search(
    response: Response,
    q: str = Query(max_length=256),
    limit: int = Query(500, ge=0, le=2000),
) -> list[CharEntry]:
    found = index.search(q)
    response.headers["x-total-count"] = str(len(found))
    return [CharEntry(char=c, name=index.names[c]) for c in found[:limit]]


def main():
    import socket

    import uvicorn

    parser = argparse.ArgumentParser()
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--names", help="the names file; unicodedata if none")
    args = parser.parse_args()
    global index
    index = CharIndex(args.names)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((args.address, args.port))
    sock.listen(1024)
    host, port = sock.getsockname()[:2]
    print(f"Serving on http://{host}:{port}/. Hit CTRL-C to stop.", flush=True)
    config = uvicorn.Config(app, log_level="warning", backlog=1024)
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    main()
