#!/usr/bin/env python3
"""Generate 15-radiology-report-tx-250-lines.hl7: a CT report as 250 OBX TX lines.

Deterministic and synthetic. Leading spaces in TX are significant (layout), so several lines
are indented; blank lines are empty OBX-5 values. The first impression line carries OBX-8 A.
Run from SampleData/: python3 tools/make_tx_report.py
"""

OUT = "15-radiology-report-tx-250-lines.hl7"
LINES = 250
CODE = "18748-4^Diagnostic imaging study^LN"

HEADER = [
    "CT CHEST ABDOMEN PELVIS WITH IV CONTRAST",
    "",
    "SYNTHETIC REPORT FOR SOFTWARE TESTING - NOT REAL PATIENT DATA",
    "",
    "CLINICAL HISTORY:",
    "  Follow-up of pulmonary nodule. Weight loss.",
    "",
    "TECHNIQUE:",
    "  Axial images from the thoracic inlet to the pubic symphysis after 100 mL",
    "  iohexol 350 intravenously. Coronal and sagittal reformats were reviewed.",
    "",
    "COMPARISON:",
    "  CT chest 2025-07-14.",
    "",
    "FINDINGS:",
]
ORGANS = ["Lungs", "Pleura", "Heart and pericardium", "Mediastinum", "Thyroid", "Liver",
          "Gallbladder and bile ducts", "Pancreas", "Spleen", "Adrenal glands", "Kidneys",
          "Ureters and bladder", "Bowel", "Mesentery", "Lymph nodes", "Vessels", "Bones",
          "Soft tissues"]
IMPRESSION = [
    "",
    "IMPRESSION:",
    "  1. Right upper lobe nodule has grown from 6 mm to 9 mm since 2025-07-14.",
    "     Recommend PET-CT or tissue sampling.",
    "  2. No other acute abnormality.",
    "",
    "Electronically signed by the reading radiologist (synthetic).",
]


def body_lines(count):
    lines = []
    series = 0
    while len(lines) < count:
        organ = ORGANS[series % len(ORGANS)]
        lines.append(f"  {organ.upper()}:")
        for step in range(1, 4):
            image = series * 3 + step
            lines.append(f"    Series {2 + series % 3}, image {image:3d}: no focal abnormality of the {organ.lower()}.")
        lines.append(f"      Measurement {series + 1:3d}:   {10 + series % 17:2d} mm x {8 + series % 11:2d} mm   (stable)")
        lines.append("")
        series += 1
    return lines[:count]


def main():
    findings = body_lines(LINES - len(HEADER) - len(IMPRESSION))
    text = HEADER + findings + IMPRESSION
    assert len(text) == LINES
    segments = [
        "MSH|^~\\&|RIS|CITY IMAGING|CAREQUEUE|CLINIC|20260124160000-0500||ORU^R01^ORU_R01|CQ26-0015|P|2.5",
        "PID|1||MRN100015^^^CITYHOSP^MR||TESTPATIENT^LIMA||19540303|F|||8 SCAN AVE^^BRIDGEPORT^CT^06604||(203)555-0115",
        "ORC|RE|PL26-1015|F26-1015|||||||||1000000038^Muller^Hans^^^^MD^^^^^^NPI",
        "OBR|1|PL26-1015|F26-1015|24627-2^CT Chest^LN|||202601241400-0500"
        "|||||||||1000000038^Muller^Hans^^^^MD^^^^^^NPI||||||202601241555-0500|||F",
    ]
    impression_flagged = False
    for n, line in enumerate(text, start=1):
        flag = ""
        if line.startswith("  1. ") and not impression_flagged:
            flag, impression_flagged = "A", True
        segments.append(f"OBX|{n}|TX|{CODE}|1|{line}|||{flag}|||F")
    with open(OUT, "wb") as f:
        f.write("".join(s + "\r" for s in segments).encode("ascii"))


if __name__ == "__main__":
    main()
