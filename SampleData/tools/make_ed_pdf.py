#!/usr/bin/env python3
"""Generate 14-ed-pdf-report-2mb.hl7: an ORU^R01 whose OBX-5 is a ~2 MB base64 PDF (type ED).

Deterministic: the PDF is one page with a synthetic report text and a grayscale image whose
pixels come from a SHA-256 counter stream, so every run writes the same bytes.
Run from SampleData/: python3 tools/make_ed_pdf.py
"""
import base64
import hashlib

OUT = "14-ed-pdf-report-2mb.hl7"
WIDTH, HEIGHT = 1250, 1200  # 1.5 MB of pixels -> about 2 MB of base64


def pixels(n: int) -> bytes:
    out = bytearray()
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(b"carequeue-sample-%d" % counter).digest()
        counter += 1
    return bytes(out[:n])


def pdf() -> bytes:
    text = (b"BT /F1 14 Tf 72 720 Td (SYNTHETIC EMERGENCY DEPARTMENT REPORT - NOT REAL PATIENT DATA) Tj "
            b"0 -20 Td (Chest pain evaluation. Troponin and ECG reviewed. See scanned attachment.) Tj ET\n"
            b"q 468 0 0 450 72 200 cm /Im1 Do Q\n")
    image = pixels(WIDTH * HEIGHT)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length %d >>\nstream\n" % (WIDTH, HEIGHT, len(image)) + image + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def main():
    data = base64.b64encode(pdf()).decode("ascii")
    segments = [
        "MSH|^~\\&|EDIS|MERCY ED|CAREQUEUE|CLINIC|20260123231500-0500||ORU^R01^ORU_R01|CQ26-0014|P|2.5.1",
        "PID|1||MRN100014^^^MERCY^MR||TESTPATIENT^KILO||19750815|M|||40 ARCHIVE ST^^PORTSMOUTH^NH^03801||(603)555-0114",
        "PV1|1|E|ED^^^MERCY",
        "ORC|RE|PL26-1014|F26-1014|||||||||1000000020^Patel^Anika^^^^MD^^^^^^NPI",
        "OBR|1|PL26-1014|F26-1014|34878-9^Emergency medicine Note^LN|||202601232200-0500"
        "|||||||||1000000020^Patel^Anika^^^^MD^^^^^^NPI||||||202601232310-0500|||F",
        "OBX|1|ED|34878-9^Emergency medicine Note^LN||^AP^PDF^Base64^" + data + "||||||F",
    ]
    with open(OUT, "wb") as f:
        f.write("".join(s + "\r" for s in segments).encode("ascii"))


if __name__ == "__main__":
    main()
