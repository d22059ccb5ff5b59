#!/usr/bin/env python3
"""Parses ACK messages with hl7apy and with python-hl7, the way a receiving interface would.

Each FILE holds one ACK (segments separated by \\r). Prints one JSON line per file:
{"file", "msa1", "msa2", "msh9", "msh10", "err3", "hl7apy_ok", "python_hl7_ok", "error"}
and exits 1 if any ACK failed to parse with either library.
"""
import json
import sys

import hl7
from hl7apy.parser import parse_message
from hl7apy.consts import VALIDATION_LEVEL


def check(path: str) -> dict:
    raw = open(path, "rb").read().decode("utf-8")
    result = {"file": path, "hl7apy_ok": False, "python_hl7_ok": False, "error": None}
    try:
        message = hl7.parse(raw)
        msh = message.segment("MSH")
        msa = message.segment("MSA")
        result.update(msh9=str(msh[9]), msh10=str(msh[10]), msa1=str(msa[1]), msa2=str(msa[2]))
        try:
            err = message.segment("ERR")
            # ERR-3 from v2.5 on; older versions carry the code in ERR-1 (ELD) instead.
            result["err3"] = str(err[3]) if len(err) > 3 else None
            result["err1"] = str(err[1]) if len(err) > 1 else None
        except KeyError:
            result["err3"] = None
        result["python_hl7_ok"] = True
    except Exception as error:  # noqa: BLE001 - any failure to parse is the finding
        result["error"] = f"python-hl7: {error}"
    try:
        # hl7apy validates field structure against the message's version; tolerant mode keeps
        # going past unknown Z data but still fails on a malformed header or MSA.
        parsed = parse_message(raw, validation_level=VALIDATION_LEVEL.TOLERANT, find_groups=False)
        msa = parsed.msa
        if parsed.msh.msh_9.to_er7() == "" or msa.msa_1.to_er7() == "":
            raise ValueError("empty MSH-9 or MSA-1")
        result["hl7apy_ok"] = True
        result["hl7apy_msa1"] = msa.msa_1.to_er7()
    except Exception as error:  # noqa: BLE001
        result["error"] = (result["error"] + "; " if result["error"] else "") + f"hl7apy: {error}"
    return result


def main() -> int:
    failures = 0
    for path in sys.argv[1:]:
        result = check(path)
        if not (result["hl7apy_ok"] and result["python_hl7_ok"]):
            failures += 1
        print(json.dumps(result), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
