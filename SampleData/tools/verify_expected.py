#!/usr/bin/env python3
"""Check EXPECTED.tsv against a real CareQueue run.

Usage (from the package root, with a listener on PORT and a fresh database DB):
  carequeue roster import --db DB SampleData/roster.csv
  carequeue coverage import --db DB SampleData/coverage.csv
  carequeue send --port PORT SampleData/*.hl7 SampleData/bad/*.hl7 > send.txt
  carequeue tasks list --db DB --status all --json > tasks.json
  carequeue review list --db DB --json > review.json
  python3 SampleData/tools/verify_expected.py send.txt tasks.json review.json

Checks every row's ACK code (in send order), and for the last row of each order its task's
urgency and queue; bad rows must be in the review list with the same ACK code.
"""
import csv
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def order_texts():
    """(filler -> OBR-4 text) read from the sample files, for matching tasks (JSON has no filler)."""
    texts = {}
    referrals = {}  # referral id (RF1-6) -> reason text (RF1-10)
    documents = []  # (TXA-12, TXA-2 text, referral ids named by TXA-14)
    for name in sorted(os.listdir(HERE)):
        if not name.endswith(".hl7"):
            continue
        raw = open(os.path.join(HERE, name), "rb").read().decode("latin-1")
        for seg in re.split(r"\r\n|\r|\n|\x0b|\x1c", raw):
            fields = seg.split("|") + [""] * 20
            if fields[0] == "OBR":
                filler = fields[3].split("^")[0]
                service = fields[4].split("^")
                texts[filler] = service[1] if len(service) > 1 else service[0]
            elif fields[0] == "RF1":
                reason = fields[10].split("^")
                referrals[fields[6].split("^")[0]] = reason[1] if len(reason) > 1 else reason[0]
            elif fields[0] == "TXA":
                kind = fields[2].split("^")
                documents.append((fields[12].split("^")[0], kind[1] if len(kind) > 1 else kind[0],
                                  [r.split("^")[0] for r in fields[14].split("~")]))
    # A consult note's task is named by the referral it answers, else by its document type.
    for number, text, ids in documents:
        texts[number] = next((referrals[i] for i in ids if i in referrals), text)
    return texts


def main(send_path, tasks_path, review_path):
    with open(os.path.join(HERE, "EXPECTED.tsv"), encoding="utf-8") as f:
        rows = [r for r in csv.reader((l for l in f if not l.startswith("#")), delimiter="\t")][1:]
    sent = [line.split() for line in open(send_path) if line.strip() and not line.startswith("Error")]
    tasks = json.load(open(tasks_path, encoding="utf-8"))
    review = json.load(open(review_path, encoding="utf-8"))
    texts = order_texts()
    problems = []

    # One ACK per message: rows of the same message (same file + control id) share one ACK.
    messages = []
    for r in rows:
        key = (r[0], r[1])
        if not messages or messages[-1][0] != key:
            messages.append((key, r[2]))
    if len(messages) != len(sent):
        problems.append(f"{len(messages)} messages expected, {len(sent)} ACKs printed by send")
    for ((file, control), ack), got in zip(messages, sent):
        if got[0] != control or got[1] != ack:
            problems.append(f"{file}: expected {control} {ack}, send printed {' '.join(got)}")

    last = {}
    for r in rows:
        if r[4] != "-":
            last[(r[3], r[4])] = r
    for (mrn, filler), r in last.items():
        found = [t for t in tasks if t["mrn"] == mrn and t["test"] == texts.get(filler)]
        if len(found) != 1:
            problems.append(f"{r[0]}: {len(found)} tasks for {mrn} / {filler}")
            continue
        t = found[0]
        queue = t["assigned_npi"] or "-"
        if t["urgency"] != r[6] or queue != r[7]:
            problems.append(f"{r[0]} {filler}: expected {r[6]} {r[7]}, got {t['urgency']} {queue}")
    task_count = len(last)
    if len(tasks) != task_count:
        problems.append(f"{task_count} tasks expected, {len(tasks)} listed")

    bad = [r for r in rows if r[0].startswith("bad/")]
    codes = sorted(r["ack_code"] for r in review)
    if codes != sorted(r[2] for r in bad):
        problems.append(f"review list codes {codes} differ from the bad rows")

    for p in problems:
        print(p)
    print(f"{len(rows)} rows, {len(messages)} messages, {task_count} tasks: "
          + ("all agree" if not problems else f"{len(problems)} problems"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
