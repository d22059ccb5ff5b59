#!/usr/bin/env python3
"""An MLLP server built on python-hl7's asyncio `hl7.mllp`, answering every message with python-hl7's
own ACK: a peer no one on the CareQueue team wrote, for testing `carequeue send` and, standing in for
the EHR, the outbox.

Prints `listening on 127.0.0.1:PORT` (the real port) on stdout once bound; logs each received
control id on stderr; exits after --max messages, or on SIGTERM/SIGINT.

  --log FILE                also log each message as one line `CONTROL_ID ANSWER` (AA, AE, or DROP
                            for a connection closed unanswered), flushed before the answer leaves
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


def acknowledge(message, code="AA"):
    """python-hl7's own ACK; its create_ack() fails on a v2.3 MSH-9 without a trigger (`ORU`), so
    then the same ACK is built by hand from python-hl7's parsed fields."""
    try:
        return message.create_ack(ack_code=code)
    except TypeError:
        msh = message.segment("MSH")
        text = "MSH|^~\\&|{}|{}|{}|{}|||ACK|ACK{}|{}|{}\rMSA|{}|{}\r".format(
            msh[5], msh[6], msh[3], msh[4], msh[10], msh[11], msh[12], code, msh[10])
        return hl7.parse(text)


def refusal(message, control_id):
    """python-hl7's AE, with the reason in MSA-3 as an EHR would give it."""
    text = str(acknowledge(message, "AE"))
    return hl7.parse(text.replace(f"MSA|AE|{control_id}", f"MSA|AE|{control_id}|refused by the test EHR", 1))


def tls_context(args):
    if not args.cert:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    if args.client_ca:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(args.client_ca)
    return context


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max", type=int, default=0, help="exit after this many messages (0: never)")
    parser.add_argument("--log", default=None)
    parser.add_argument("--refuse-containing", default=None)
    parser.add_argument("--drop-first", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--cert", default=None)
    parser.add_argument("--key", default=None)
    parser.add_argument("--client-ca", default=None)
    args = parser.parse_args()

    done = asyncio.Event()
    log = open(args.log, "a", buffering=1, encoding="utf-8") if args.log else None
    received = 0
    dropped = 0

    def record(control_id, answer):
        print(f"received {control_id}", file=sys.stderr, flush=True)
        if log:
            log.write(f"{control_id} {answer}\n")
            log.flush()

    async def handle(reader, writer):
        nonlocal received, dropped
        try:
            while not writer.is_closing():
                message = await reader.readmessage()
                control_id = str(message.segment("MSH")[10])
                if dropped < args.drop_first:
                    dropped += 1
                    record(control_id, "DROP")
                    break
                refused = args.refuse_containing is not None and args.refuse_containing in str(message)
                record(control_id, "AE" if refused else "AA")
                if args.delay:
                    await asyncio.sleep(args.delay)
                writer.writemessage(refusal(message, control_id) if refused else acknowledge(message))
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
                                    encoding="utf-8", encoding_errors="surrogateescape", ssl=tls_context(args))
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
