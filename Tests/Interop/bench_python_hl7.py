#!/usr/bin/env python3
"""The baseline for `carequeue bench parse`: python-hl7's `hl7.parse` over the same messages, plus
reading the fields a consumer reads (PID-3, OBR-4, every OBX-5 and OBX-8).

Prints JSON {"messages", "seconds", "us_per_message"}; runs the corpus until --seconds elapsed.
"""
import argparse
import json
import time

import hl7


def consume(text: str) -> int:
    message = hl7.parse(text)
    total = len(str(message.segment("PID")[3]))
    for obr in message.segments("OBR"):
        total += len(str(obr[4]))
    try:
        observations = message.segments("OBX")
    except KeyError:
        observations = []
    for obx in observations:
        total += len(str(obx[5])) + len(str(obx[8]))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+")
    parser.add_argument("--seconds", type=float, default=2.0)
    args = parser.parse_args()
    corpus = []
    for path in args.files:
        # python-hl7 wants \r segment terminators, as a receiver would normalise them.
        text = open(path, "rb").read().decode("utf-8", errors="replace")
        corpus.append(text.replace("\r\n", "\r").replace("\n", "\r"))
    for text in corpus:  # warm-up
        consume(text)
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        for text in corpus:
            consume(text)
        count += len(corpus)
    elapsed = time.perf_counter() - start
    print(json.dumps({"messages": count, "seconds": elapsed, "us_per_message": elapsed * 1e6 / count}))


if __name__ == "__main__":
    main()
