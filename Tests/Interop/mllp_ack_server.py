#!/usr/bin/env python3
"""An MLLP server built on python-hl7's asyncio `hl7.mllp`, answering every message with python-hl7's
own ACK (AA). A peer no one on the CareQueue team wrote, for testing `carequeue send`.

Prints `listening on 127.0.0.1:PORT` (the real port) on stdout once bound; logs each received
control id on stderr; exits after --max messages, or on SIGTERM/SIGINT.
"""
import argparse
import asyncio
import signal
import sys

import hl7
from hl7.mllp import start_hl7_server


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max", type=int, default=0, help="exit after this many messages (0: never)")
    args = parser.parse_args()

    done = asyncio.Event()
    received = 0

    async def handle(reader, writer):
        nonlocal received
        try:
            while not writer.is_closing():
                message = await reader.readmessage()
                control_id = str(message.segment("MSH")[10])
                print(f"received {control_id}", file=sys.stderr, flush=True)
                writer.writemessage(message.create_ack())
                await writer.drain()
                received += 1
                if args.max and received >= args.max:
                    done.set()
        except asyncio.IncompleteReadError:
            pass  # the client closed the connection between messages
        finally:
            writer.close()

    server = await start_hl7_server(handle, host=args.host, port=args.port)
    port = server.sockets[0].getsockname()[1]
    print(f"listening on {args.host}:{port}", flush=True)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, done.set)
    async with server:
        await done.wait()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
