#!/usr/bin/env python3
"""Write one .hl7 file from segment lines on stdin (one segment per line, blank lines skipped).

Usage: mkhl7.py OUT [--term cr|lf|crlf] [--encoding utf-8|latin-1] [--mllp]

Segments are joined and ended with the chosen terminator (default CR, as the standard says).
--encoding picks the bytes for non-ASCII text; --mllp wraps the whole file in 0x0B ... 0x1C 0x0D.
"""
import argparse
import sys

TERMS = {"cr": "\r", "lf": "\n", "crlf": "\r\n"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--term", choices=TERMS, default="cr")
    ap.add_argument("--encoding", default="utf-8")
    ap.add_argument("--mllp", action="store_true")
    args = ap.parse_args()
    segments = [line.rstrip("\n") for line in sys.stdin.read().split("\n") if line.strip()]
    term = TERMS[args.term]
    data = "".join(s + term for s in segments).encode(args.encoding)
    if args.mllp:
        data = b"\x0b" + data + b"\x1c\x0d"
    with open(args.out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
