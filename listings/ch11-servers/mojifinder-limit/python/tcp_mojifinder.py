"""The TCP mojifinder's protocol with asyncio streams, the benchmark's
Python peer of listing-11-02: a prompt, one line per character found,
a status line, and bounded lines, a connection cap and an idle timeout.

    python3 tcp_mojifinder.py [--names FILE] [--port 2323]

It prints `Serving on 127.0.0.1:PORT.` when ready and stops on Ctrl-C.
"""

import argparse
import asyncio
import signal

from charindex import CharIndex

PROMPT = b"?> "
RULE = "\u2500" * 66
MAX_LINE = 1024
MAX_CLIENTS = 1000
IDLE = 60.0


class Finder:
    def __init__(self, index):
        self.index = index
        self.clients = 0

    def answer(self, query):
        found = self.index.search(query)
        lines = [
            f"U+{ord(c):04X}\t{c}\t{self.index.names[c]}\r\n" for c in found
        ]
        lines.append(f"{RULE} {len(found)} found\r\n")
        return "".join(lines).encode()

    async def serve(self, reader, writer):
        if self.clients >= MAX_CLIENTS:
            busy = f"server busy: {MAX_CLIENTS} clients connected, please try again later\r\n"
            writer.write(busy.encode())
            writer.close()
            return
        self.clients += 1
        try:
            await self.converse(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self.clients -= 1
            writer.close()

    async def converse(self, reader, writer):
        while True:
            writer.write(PROMPT)
            await writer.drain()
            try:
                line = await asyncio.wait_for(reader.readline(), IDLE)
            except asyncio.TimeoutError:
                writer.write(b"\r\nidle too long, goodbye\r\n")
                return
            except ValueError:  # longer than the reader's limit
                writer.write(
                    f"error: line longer than {MAX_LINE} bytes, closing\r\n".encode()
                )
                return
            if not line:
                return
            if len(line.rstrip(b"\r\n")) > MAX_LINE:
                writer.write(
                    f"error: line longer than {MAX_LINE} bytes, closing\r\n".encode()
                )
                return
            try:
                query = line.decode().strip()
            except UnicodeDecodeError:
                return
            if not query:
                continue
            if not query[0].isprintable():
                return
            writer.write(self.answer(query))


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2323)
    parser.add_argument("--names", help="the names file; unicodedata if none")
    args = parser.parse_args()
    finder = Finder(CharIndex(args.names))
    server = await asyncio.start_server(
        finder.serve, args.address, args.port, limit=MAX_LINE + 2, backlog=1024
    )
    host, port = server.sockets[0].getsockname()[:2]
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGINT, stop.set)
    print(f"Serving on {host}:{port}. Hit CTRL-C to stop.", flush=True)
    async with server:
        await stop.wait()
    print("Server shut down.")


if __name__ == "__main__":
    asyncio.run(main())
