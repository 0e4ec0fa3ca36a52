"""Cell accuracy of the text-layer PDF reader over reports typeset in many table shapes.

    PYTHONPATH=. python bench/pdf_stress.py [--only SUBSTRING] [--show N] > bench/results/pdf_stress.txt

The stress set: the numbers of the four real reports (data/samples), a report
with large numbers, and two reports with many blank cells (whole rows of blanks, blanks in
tables 二 and 四; one with the single （六）其他处理 row) — each typeset in every shape of
disclosure.render.docx.GEOMETRIES (label column widths, font sizes, A5 pages, landscape
pages and tables, tall rows with centred text, packed and turned table 四 headers, tables
with and without borders) and converted by LibreOffice, empty cells printed empty; and the
two reports with most blanks in every geometry once more, blanks printed `/` and, in a
sans-serif font, `-`. Every PDF is parsed and compared cell by cell with the numbers it
was made from (blank = null).

PDFs are cached under bench/out/pdf_stress/ by a hash of the DOCX they come from; the
missing ones are converted in one LibreOffice run. Last, the real PDFs with the pages of
table 三 printed and scanned back in (render.scan.scan_pages) are read with OCR for those
pages (seconds a page). Prints figures; it is not a test.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import time
import zipfile
from pathlib import Path

from disclosure.model import REVIEW_CONFIDENCE, DisclosureError
from disclosure.parse import parse_file
from disclosure.render.docx import GEOMETRIES, render_docx
from disclosure.render.pdf import FONT
from disclosure.render.scan import scan_pages
from disclosure.libreoffice import convert_many

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "data" / "samples"  # the real reports and their expected values
FIXTURES = ROOT / "tests" / "fixtures"
CACHE = ROOT / "bench" / "out" / "pdf_stress"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def reports() -> dict[str, dict]:
    out = {p.name[: -len(".expected.json")]: _load(p) for p in sorted(REAL.glob("*.expected.json"))}
    out["large"] = _load(FIXTURES / "text" / "large.report.json")
    out["blanks"] = _load(FIXTURES / "pdf" / "blanks.report.json")
    out["blanks-single"] = _load(FIXTURES / "pdf" / "blanks-single.report.json")
    return out


def _compare():
    from disclosure.compare import compare

    return compare


def docx_key(data: bytes) -> str:
    """A hash of the DOCX's parts (the zip's own timestamps change on every render)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    h = hashlib.sha256()
    for name in sorted(z.namelist()):
        h.update(name.encode())
        h.update(z.read(name))
    return h.hexdigest()[:20]


# how blanks and text are printed: (East Asian font, blank marker)
PRINTS = {"empty": (FONT, ""), "slash": (FONT, "/"), "sans-dash": ("Noto Sans CJK SC", "-")}
MARKED = {"shanghai-office-2019": "slash", "blanks": "sans-dash"}  # reports printed once more


def cases(reps: dict[str, dict]) -> dict[str, tuple[dict, str, str]]:
    """name -> (report, geometry name, print name)."""
    out = {}
    for g in GEOMETRIES:
        for r, report in reps.items():
            out[f"{r}@{g}"] = (report, g, "empty")
        for r, p in MARKED.items():
            out[f"{r}@{g}+{p}"] = (reps[r], g, p)
    return out


def rendered(cases: dict[str, tuple[dict, str, str]]) -> tuple[dict[str, bytes], int, float]:
    """name -> PDF for every case; (pdfs, how many converted now, seconds)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    missing: dict[Path, bytes] = {}
    for name, (report, geometry, printed) in cases.items():
        font, blank = PRINTS[printed]
        docx = render_docx(report, font=font, blank=blank, geometry=GEOMETRIES[geometry])
        paths[name] = CACHE / f"{docx_key(docx)}.pdf"
        if not paths[name].exists():
            missing[paths[name]] = docx
    start = time.perf_counter()
    if missing:
        for stem, pdf in convert_many({p.stem: d for p, d in missing.items()}, ".docx", "pdf").items():
            (CACHE / f"{stem}.pdf").write_bytes(pdf)
    seconds = time.perf_counter() - start
    return {name: p.read_bytes() for name, p in paths.items()}, len(missing), seconds


# real PDFs and their pages holding table 三, to scan back in
SCANNED = {"hongze-district-2023": ({3}, {3, 4}), "huaian-city-2024": ({4}, {4, 5})}


def scanned_pages(compare) -> None:
    """Cell accuracy of the real PDFs with some pages scanned (read by OCR)."""
    print("\nreal PDFs with pages scanned back in (150 dpi; those pages read by OCR):")
    for name, page_sets in SCANNED.items():
        data = (REAL / f"{name}.pdf").read_bytes()
        want = _load(REAL / f"{name}.expected.json")
        for pages in page_sets:
            start = time.perf_counter()
            report = parse_file(f"{name}.pdf", scan_pages(data, pages))
            total, bad, extra, meta = compare(want, report.to_json())
            flagged = sum(1 for k, _, _ in bad if report.tables[k[0]].get(k[1], {}).get(k[2]) is not None
                          and report.tables[k[0]][k[1]][k[2]].confidence < REVIEW_CONFIDENCE)
            print(f"  {name} pages {sorted(pages)}: {total - len(bad)}/{total} cells, {len(bad)} wrong "
                  f"({flagged} of them flagged for review), {len(report.review)} review notes, "
                  f"{time.perf_counter() - start:.0f} s")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", help="cases whose name contains this")
    ap.add_argument("--show", type=int, default=6, help="wrong cells shown per case")
    args = ap.parse_args()
    compare = _compare()
    reps = reports()
    todo = cases(reps)
    if args.only:
        todo = {k: v for k, v in todo.items() if args.only in k}
    pdfs, converted, seconds = rendered(todo)
    print(f"{len(todo)} PDFs ({len(reps)} reports x {len(GEOMETRIES)} geometries, blanks empty; "
          f"{len(MARKED)} of them again with blank markers); {converted} converted now in {seconds:.0f} s, the rest cached")
    all_ok = all_total = exact = 0
    buckets: dict[str, dict[str, list[int]]] = {"geometry": {}, "report": {}, "blanks printed": {}}
    failures = []
    parse_seconds = 0.0
    for name, (report, geometry, printed) in todo.items():
        start = time.perf_counter()
        try:
            parsed = parse_file(f"{name}.pdf", pdfs[name]).to_json()
            total, bad, extra, meta = compare(report, parsed)
            notes = parsed.get("notes") or []
        except DisclosureError as exc:
            total = sum(len(cols) for t in ("active", "requests", "review_litigation") for cols in report[t].values())
            bad, extra, meta, notes = [(("*",), "report", str(exc))] * total, [], [str(exc)], []
        parse_seconds += time.perf_counter() - start
        ok = total - len(bad)
        all_ok, all_total = all_ok + ok, all_total + total
        exact += not bad and not extra and not meta
        for bucket, key in zip(buckets.values(), (geometry, name.split("@")[0], printed)):
            acc = bucket.setdefault(key, [0, 0, 0, 0])
            acc[0] += ok
            acc[1] += total
            acc[2] += not bad and not extra and not meta
            acc[3] += 1
        if bad or extra or meta:
            failures.append((name, ok, total, bad, extra, meta, notes))
    print(f"cells exact: {all_ok}/{all_total} ({100 * all_ok / all_total:.2f}%); "
          f"documents exact: {exact}/{len(todo)}; parse {1000 * parse_seconds / len(todo):.0f} ms per PDF")
    for title, bucket in buckets.items():
        print(f"\nby {title} (cells exact, documents exact):")
        for key, (ok, total, ex, n) in bucket.items():
            print(f"  {key:26} {ok:5}/{total:<5} {ex}/{n}")
    if failures:
        print("\nwrong:")
    for name, ok, total, bad, extra, meta, notes in failures:
        print(f"  {name}: {ok}/{total}" + (f"; meta {meta}" if meta else "") + (f"; extra {extra[:3]}" if extra else ""))
        for k, want, got in bad[: args.show]:
            print(f"      {'.'.join(k)}: expected {want!r} got {got!r}")
        for n in notes[:2]:
            print(f"      note: {n}")
    if not args.only:
        scanned_pages(compare)
    return 0


if __name__ == "__main__":
    sys.exit(main())
