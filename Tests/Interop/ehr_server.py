#!/usr/bin/env python3
"""An EHR's inbound MLLP interface for CareQueue's outbox tests, built on python-hl7's asyncio
`hl7.mllp` server and python-hl7's own ACKs: a peer no one on the CareQueue team wrote.

Prints `listening on 127.0.0.1:PORT` on stdout once bound. Every message received is logged to
--log as one line `CONTROL_ID ANSWER` (AA, AE, or DROP for a connection closed unanswered), written
and flushed before the answer leaves, so the log holds whatever the sender may believe was sent.

  --refuse-containing TEXT  answer AE (MSA-3 says why) to messages containing TEXT
  --drop-first N            close the connection without answering the first N messages
  --delay SECONDS           wait this long before each answer
  --cert FILE --key FILE    serve TLS (python's `ssl`) with this certificate and key
  --client-ca FILE          with TLS, require a client certificate from this CA
"""
import argparse
import asyncio
import signal
import ssl
import sys

import hl7
from hl7.mllp import start_hl7_server


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", required=True)
    parser.add_argument("--refuse-containing", default=None)
    parser.add_argument("--drop-first", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--cert", default=None)
    parser.add_argument("--key", default=None)
    parser.add_argument("--client-ca", default=None)
    args = parser.parse_args()

    tls = None
    if args.cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.cert, args.key)
        if args.client_ca:
            tls.verify_mode = ssl.CERT_REQUIRED
            tls.load_verify_locations(args.client_ca)

    done = asyncio.Event()
    log = open(args.log, "a", buffering=1, encoding="utf-8")
    dropped = 0

    def record(control_id: str, answer: str) -> None:
        log.write(f"{control_id} {answer}\n")
        log.flush()

    async def handle(reader, writer):
        nonlocal dropped
        try:
            while not writer.is_closing():
                message = await reader.readmessage()
                control_id = str(message.segment("MSH")[10])
                if dropped < args.drop_first:
                    dropped += 1
                    record(control_id, "DROP")
                    break
                refused = args.refuse_containing is not None and args.refuse_containing in str(message)
                answer = "AE" if refused else "AA"
                record(control_id, answer)
                if args.delay:
                    await asyncio.sleep(args.delay)
                if refused:
                    # python-hl7's ACK, with the reason in MSA-3 as an EHR would give it.
                    text = str(message.create_ack(ack_code="AE"))
                    ack = hl7.parse(text.replace(f"MSA|AE|{control_id}", f"MSA|AE|{control_id}|refused by the test EHR", 1))
                else:
                    ack = message.create_ack()
                writer.writemessage(ack)
                await writer.drain()
        except asyncio.IncompleteReadError:
            pass  # the sender closed the connection between messages
        except Exception as error:  # noqa: BLE001 - report, then drop this connection only
            print(f"error: {type(error).__name__}: {error}", file=sys.stderr, flush=True)
        finally:
            writer.close()

    server = await start_hl7_server(handle, host=args.host, port=args.port, limit=64 * 1024 * 1024,
                                    encoding="utf-8", encoding_errors="surrogateescape", ssl=tls)
    port = server.sockets[0].getsockname()[1]
    print(f"listening on {args.host}:{port}", flush=True)
    loop = asyncio.get_running_loop()
    # A parent may start us with signals blocked (test runners do); unblock what we handle.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, done.set)
    await done.wait()
    server.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
