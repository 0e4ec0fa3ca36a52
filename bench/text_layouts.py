"""Time to render and parse each text layout, and to render each other format.

    PYTHONPATH=. python bench/text_layouts.py [--pdf]

Prints one line per layout: render ms, parse ms (extract + parse, first parse of that
text), cells parsed exactly out of the report's cells. `--pdf` adds one LibreOffice
conversion (seconds) and the scan of it.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from disclosure import template as T
from disclosure.extract.text import extract_text
from disclosure.parse import parse_document
from disclosure.render.docx import render_docx
from disclosure.render.html import render_html
from disclosure.render.text import LAYOUTS, render_text

REAL = Path(__file__).resolve().parents[1] / "data" / "samples"  # the real reports and their expected values


def exact_cells(report: dict, parsed: dict) -> tuple[int, int]:
    ok = total = 0
    for t in T.TABLE_KEYS:
        for row, cols in (report.get(t) or {}).items():
            for col, v in cols.items():
                total += 1
                ok += parsed.get(t, {}).get(row, {}).get(col, "missing") == v
    return ok, total


def main(argv: list[str]) -> None:
    reports = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(REAL.glob("*.expected.json"))]
    for layout in LAYOUTS:
        blank = None if layout in ("tabs", "pipes") else "/"
        r_ms = p_ms = 0.0
        ok = total = 0
        for report in reports:
            t0 = time.perf_counter()
            text = render_text(report, layout, blank=blank)
            t1 = time.perf_counter()
            parsed = parse_document(extract_text("bench.txt", text.encode())).to_json()
            t2 = time.perf_counter()
            r_ms += (t1 - t0) * 1000
            p_ms += (t2 - t1) * 1000
            a, b = exact_cells(report, parsed)
            ok, total = ok + a, total + b
        n = len(reports)
        print(f"{layout:10s} render {r_ms / n:6.1f} ms  parse {p_ms / n:6.1f} ms  exact {ok}/{total} cells")
    for name, fn in (("html", lambda r: render_html(r)), ("docx", render_docx)):
        t0 = time.perf_counter()
        for report in reports:
            fn(report)
        print(f"{name:10s} render {(time.perf_counter() - t0) * 1000 / len(reports):6.1f} ms")
    if "--pdf" in argv:
        from disclosure.render.pdf import render_pdf
        from disclosure.render.scan import render_scan

        t0 = time.perf_counter()
        pdf = render_pdf(reports[0])
        t1 = time.perf_counter()
        pages = render_scan(pdf)
        t2 = time.perf_counter()
        print(f"pdf        render {t1 - t0:6.2f} s (LibreOffice)  scan {len(pages)} pages {(t2 - t1) * 1000:6.0f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])
