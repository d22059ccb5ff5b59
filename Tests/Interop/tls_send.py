#!/usr/bin/env python3
"""Sends one HL7 message over MLLP inside TLS with Python's own ssl module, and prints the ACK.

usage: tls_send.py HOST PORT CAFILE FILE [--tls12] [--cert CERTFILE --key KEYFILE]

The server's certificate must be signed by CAFILE and name HOST. Prints the ACK's segments one per
line; exits 1 when the handshake fails or no ACK arrives. Standard library only: a peer nobody here wrote.
"""
import argparse
import socket
import ssl
import sys


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("cafile")
    parser.add_argument("file")
    parser.add_argument("--tls12", action="store_true", help="offer TLS 1.2 only")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    args = parser.parse_args()

    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=args.cafile)
    if args.tls12:
        context.maximum_version = ssl.TLSVersion.TLSv1_2
    if args.cert:
        context.load_cert_chain(args.cert, args.key)
    payload = open(args.file, "rb").read().replace(b"\r\n", b"\r").replace(b"\n", b"\r")
    reply = b""
    try:
        with socket.create_connection((args.host, args.port), timeout=10) as raw:
            with context.wrap_socket(raw, server_hostname=args.host) as tls:
                print(f"# {tls.version()}", file=sys.stderr)
                tls.sendall(b"\x0b" + payload + b"\x1c\x0d")
                while not reply.endswith(b"\x1c\x0d"):
                    chunk = tls.recv(4096)
                    if not chunk:
                        break
                    reply += chunk
    except (OSError, ssl.SSLError) as error:
        print(f"tls_send: {error}", file=sys.stderr)
        return 1
    ack = reply.strip(b"\x0b\x1c\x0d").decode("utf-8", "replace")
    print("\n".join(segment for segment in ack.split("\r") if segment))
    return 0 if ack else 1


if __name__ == "__main__":
    sys.exit(main())
