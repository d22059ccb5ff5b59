#!/usr/bin/env python3
"""The peer for `carequeue bench ingest`: what an analyst would script with python-hl7 — its asyncio
MLLP server, each message stored raw in SQLite (WAL, synchronous=FULL, one transaction per message)
before python-hl7's AA ACK goes back.

Prints `listening on 127.0.0.1:PORT` (the real port) on stdout once bound; exits on SIGTERM/SIGINT.
"""
import argparse
import asyncio
import datetime
import signal
import sqlite3
import sys

from hl7.mllp import start_hl7_server


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--database", required=True)
    args = parser.parse_args()

    db = sqlite3.connect(args.database)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("""CREATE TABLE IF NOT EXISTS messages (
        id INTEGER PRIMARY KEY, received_at TEXT NOT NULL, control_id TEXT NOT NULL, raw TEXT NOT NULL)""")
    db.commit()

    async def handle(reader, writer):
        try:
            while not writer.is_closing():
                message = await reader.readmessage()
                control_id = str(message.segment("MSH")[10])
                now = datetime.datetime.now(datetime.timezone.utc).isoformat()
                db.execute("INSERT INTO messages (received_at, control_id, raw) VALUES (?, ?, ?)",
                           (now, control_id, str(message)))
                db.commit()  # durable (FULL) before the ACK says so
                writer.writemessage(message.create_ack())
                await writer.drain()
        except asyncio.IncompleteReadError:
            pass  # the client closed the connection between messages
        except Exception as error:  # noqa: BLE001 - report, then drop this connection only
            print(f"error: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        finally:
            writer.close()

    server = await start_hl7_server(handle, host=args.host, port=args.port, limit=64 * 1024 * 1024)
    port = server.sockets[0].getsockname()[1]
    print(f"listening on {args.host}:{port}", flush=True)
    done = asyncio.Event()
    loop = asyncio.get_running_loop()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, done.set)
    await done.wait()
    server.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
