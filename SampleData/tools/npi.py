#!/usr/bin/env python3
"""NPI check digits for synthetic sample data.

Usage:
  npi.py make PREFIX9 ...   print the 10-digit NPI for each 9-digit prefix
  npi.py check NPI ...      exit 1 if any NPI fails the check digit
  npi.py roster FILE.csv    check every npi and supervisor_npi in a roster
"""
import csv
import sys


def check_digit(prefix9: str) -> str:
    """Luhn check digit over "80840" + the first nine digits."""
    digits = [int(c) for c in "80840" + prefix9]
    total = 0
    # Double every second digit from the right, counting the missing check digit as position 1.
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def is_valid(npi: str) -> bool:
    return len(npi) == 10 and npi.isdigit() and check_digit(npi[:9]) == npi[9]


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    cmd, args = argv[1], argv[2:]
    if cmd == "make":
        for p in args:
            print(p + check_digit(p))
        return 0
    if cmd == "check":
        bad = [n for n in args if not is_valid(n)]
        for n in bad:
            print(f"invalid: {n}")
        return 1 if bad else 0
    if cmd == "roster":
        ok = True
        with open(args[0], newline="", encoding="utf-8") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                for col in ("npi", "supervisor_npi"):
                    v = row[col]
                    if v and not is_valid(v):
                        print(f"line {line}: {col} {v} invalid")
                        ok = False
        print("all NPIs valid" if ok else "errors")
        return 0 if ok else 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
