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


def acknowledge(message):
    """python-hl7's own ACK; its create_ack() fails on a v2.3 MSH-9 without a trigger (`ORU`), so
    then the same ACK is built by hand from python-hl7's parsed fields."""
    try:
        return message.create_ack()
    except TypeError:
        msh = message.segment("MSH")
        text = "MSH|^~\\&|{}|{}|{}|{}|||ACK|ACK{}|{}|{}\rMSA|AA|{}\r".format(
            msh[5], msh[6], msh[3], msh[4], msh[10], msh[11], msh[12], msh[10])
        return hl7.parse(text)


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
                writer.writemessage(acknowledge(message))
                await writer.drain()
                received += 1
                if args.max and received >= args.max:
                    done.set()
        except asyncio.IncompleteReadError:
            pass  # the client closed the connection between messages
        except Exception as error:  # noqa: BLE001 - report, then drop this connection only
            print(f"error: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        finally:
            writer.close()

    # Real feeds carry multi-megabyte embedded documents and undeclared Latin-1: read like a
    # tolerant receiver (python-hl7's defaults are a 64 KiB limit and strict ASCII).
    server = await start_hl7_server(handle, host=args.host, port=args.port, limit=64 * 1024 * 1024,
                                    encoding="utf-8", encoding_errors="surrogateescape")
    port = server.sockets[0].getsockname()[1]
    print(f"listening on {args.host}:{port}", flush=True)
    loop = asyncio.get_running_loop()
    # A parent may start us with signals blocked (test runners do); unblock what we handle.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, done.set)
    await done.wait()
    # Stop listening and leave: connections still open are cancelled by asyncio.run, never awaited.
    server.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
