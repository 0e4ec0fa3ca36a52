"""Scanned reports: how many cells OCR reads right, whether every wrong one is flagged, how fast.

    PYTHONPATH=$PWD python bench/scan.py [--degraded] [--dpi 150]

Each document is an image-only PDF at 150 dpi (render.scan.render_scan), read by
extract.scan and parsed, then compared cell by cell with the numbers it was made from:

- real: the two text-layer PDFs of data/samples, rasterised;
- generated: reports rendered by render.pdf with other numbers — the Shanghai 2019
  report's (template 2019, many blank cells), and the real reports' tables refilled with
  random numbers from 0 to six digits and some blanks (printed empty, "/" or "—");
- with --degraded, the real reports again as a worn photocopy (rotated 0.6°, blurred,
  noisy, JPEG) at 150 dpi, and plainly at 100 and 75 dpi.

A wrong cell is flagged when its confidence is below REVIEW_CONFIDENCE, or when its whole
table or row is missing and the report's review says so. "Trusted wrong" must be 0.
"""
from __future__ import annotations

import argparse
import copy
import io
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from disclosure import template as T
from disclosure.extract.scan import extract_scan
from disclosure.model import REVIEW_CONFIDENCE
from disclosure.parse import parse_document
from disclosure.parse.confidence import missing_rows
from disclosure.render.pdf import render_pdf
from disclosure.render.scan import rasterise, render_scan
from disclosure.compare import cells, compare
from tests.conftest import REAL, expected

REAL_PDFS = ("hongze-district-2023", "huaian-city-2024")


# the most digits a cell of each table gets: as many as real reports print there (a number
# wider than its column wraps inside the cell, which no extractor reads back)
DIGITS = {T.TABLE_ACTIVE: 7, T.TABLE_REQUESTS: 5, T.TABLE_REVIEW: 3}


def refilled(report: dict, seed: int, blank_share: float) -> dict:
    """The report with every table cell replaced: numbers of random size, some blanks."""
    rng = random.Random(seed)
    out = copy.deepcopy(report)
    for table in T.TABLE_KEYS:
        for cols in out.get(table, {}).values():
            for col in cols:
                if rng.random() < blank_share:
                    cols[col] = None
                elif col == "amount_wan":
                    cols[col] = round(rng.uniform(0, 99999), 2)
                elif rng.random() < 0.6:
                    cols[col] = int(10 ** rng.uniform(0, DIGITS[table]))
                else:
                    cols[col] = rng.randrange(10)
    return out


def photocopy(img: Image.Image, rng: np.random.Generator) -> Image.Image:
    img = img.rotate(0.6, resample=Image.BICUBIC, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    noisy = np.asarray(img, dtype=np.float32) + rng.normal(0, 18, (img.height, img.width))
    buf = io.BytesIO()
    Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=40)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def image_pdf(images: list[Image.Image], dpi: int) -> bytes:
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return buf.getvalue()


def documents(degraded: bool, dpi: int):
    """(name, image-only PDF, the numbers it was made from)."""
    for name in REAL_PDFS:
        yield f"{name} (real)", render_scan((REAL / f"{name}.pdf").read_bytes(), dpi=dpi, fmt="pdf"), expected(name)
    generated = [
        ("shanghai-office-2019 (2019, blanks empty)", expected("shanghai-office-2019"), None),
        ("shanghai-office-2019 (2019, blanks —)", expected("shanghai-office-2019"), "—"),
        ("hongze refilled (blanks /)", refilled(expected("hongze-district-2023"), 1, 0.1), "/"),
        ("huaian refilled (blanks empty)", refilled(expected("huaian-city-2024"), 2, 0.1), None),
    ]
    for name, report, blank in generated:
        yield name, render_scan(render_pdf(report, blank=blank), dpi=dpi, fmt="pdf"), report
    if degraded:
        rng = np.random.default_rng(1)
        for name in REAL_PDFS:
            pdf = (REAL / f"{name}.pdf").read_bytes()
            yield f"{name} (photocopy, {dpi} dpi)", image_pdf([photocopy(p, rng) for p in rasterise(pdf, dpi)], dpi), expected(name)
            for low in (100, 75):
                yield f"{name} ({low} dpi)", render_scan(pdf, dpi=low, fmt="pdf"), expected(name)


def score(want: dict, report) -> dict:
    got = report.to_json(provenance=True)
    total, bad, _, meta = compare(want, got)
    confidence = {key: p["confidence"] for key, p in got["provenance"].items()}
    wrong = {".".join(key) for key, _, _ in bad}
    missing = set(missing_rows(report)) if report.review else set()
    flagged = 0
    for key, _, _ in bad:
        c = confidence.get(".".join(key))
        if c is not None and c < REVIEW_CONFIDENCE:
            flagged += 1
        elif c is None and report.review and (key[0] not in report.tables or key[:2] in missing):
            flagged += 1  # its table or row is missing, and the review says so
    right_low = sum(1 for key in cells(want)
                    if ".".join(key) not in wrong and confidence.get(".".join(key), 1.0) < REVIEW_CONFIDENCE)
    return {"total": total, "wrong": len(bad), "flagged": flagged, "right_low": right_low, "meta": meta, "bad": bad}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--degraded", action="store_true", help="also photocopied and low-resolution scans")
    ap.add_argument("--dpi", type=int, default=150)
    args = ap.parse_args(argv)

    print(f"scan bench: image-only PDFs at {args.dpi} dpi; flagged = confidence < {REVIEW_CONFIDENCE}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (seconds grow with it)")
    print(f"{'document':<44} {'right':>9} {'%':>7} {'wrong flagged':>14} {'trusted wrong':>14} "
          f"{'right but low':>14} {'pages':>6} {'s/page':>7}")
    sums = dict(total=0, wrong=0, flagged=0, right_low=0, pages=0, seconds=0.0)
    for name, pdf, want in documents(args.degraded, args.dpi):
        t0 = time.perf_counter()
        doc = extract_scan(name, pdf)
        report = parse_document(doc)
        seconds = time.perf_counter() - t0
        pages = max(line.page or 1 for line in doc.lines)
        s = score(want, report)
        right = s["total"] - s["wrong"]
        print(f"{name:<44} {right:>4}/{s['total']:<4} {100 * right / s['total']:>6.1f}% "
              f"{s['flagged']:>6}/{s['wrong']:<7} {s['wrong'] - s['flagged']:>14} "
              f"{s['right_low']:>14} "
              f"{pages:>6} {seconds / pages:>7.1f}")
        for key, w, g in s["bad"][:6]:
            print(f"    {'.'.join(key)}: expected {w!r}, read {g!r}")
        if s["meta"]:
            print(f"    metadata: {s['meta']}")
        for k in ("total", "wrong", "flagged", "right_low"):
            sums[k] += s[k]
        sums["pages"] += pages
        sums["seconds"] += seconds
    right = sums["total"] - sums["wrong"]
    print(f"{'all':<44} {right:>4}/{sums['total']:<4} {100 * right / sums['total']:>6.1f}% "
          f"{sums['flagged']:>6}/{sums['wrong']:<7} {sums['wrong'] - sums['flagged']:>14} {sums['right_low']:>14} "
          f"{sums['pages']:>6} {sums['seconds'] / sums['pages']:>7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
