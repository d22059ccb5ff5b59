#!/usr/bin/env python3
"""Validates outbound messages (MDM^T02, ORU^R01) with hl7apy against their version's structure.

Each FILE holds one message (segments ending in \\r). Prints one JSON line per file:
{"file", "structure", "version", "ok", "errors", "obx5"} where obx5 lists OBX-5 as hl7apy reads it
(escapes undone by python-hl7), and exits 1 if any message failed. Strict validation: the segments
must form the message structure of MSH-12's version (groups found), required fields present,
data types and lengths as that version defines them.
"""
import json
import sys

import hl7
from hl7apy.consts import VALIDATION_LEVEL
from hl7apy.parser import parse_message


def check(path: str) -> dict:
    raw = open(path, "rb").read().decode("utf-8")
    result = {"file": path, "ok": False, "errors": []}
    try:
        message = parse_message(raw, validation_level=VALIDATION_LEVEL.STRICT, find_groups=True)
        result["structure"] = message.name
        result["version"] = message.version
        message.validate()
        result["ok"] = True
    except Exception as error:  # noqa: BLE001 - any failure to parse or validate is the finding
        errors = getattr(error, "args", [str(error)])
        result["errors"] = [str(item) for item in (errors[0] if errors and isinstance(errors[0], list) else errors)]
    try:
        parsed = hl7.parse(raw)
        result["obx5"] = [parsed.unescape(str(segment[5])) for segment in parsed.segments("OBX")]
    except Exception as error:  # noqa: BLE001
        result["ok"] = False
        result["errors"].append(f"python-hl7: {error}")
    return result


def main() -> int:
    failures = 0
    for path in sys.argv[1:]:
        result = check(path)
        failures += 0 if result["ok"] else 1
        print(json.dumps(result), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
