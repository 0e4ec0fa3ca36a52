"""Parsing speed and memory per format, with pdfplumber's table finder as a baseline.

    PYTHONPATH=. python bench/parse.py [--repeat N] > bench/results/parse.txt

The document set: the real reports of data/samples, and the numbers of each real
report rendered by disclosure.render in every format that has an extractor (the text
layouts, HTML styles, DOCX, and PDF through LibreOffice). Each format is measured in a
fresh process on one core: documents per second (extract + parse, CPU time), the share of
it spent extracting, and the peak resident memory above what the imports take.
pdfplumber's `page.extract_tables()` runs over the same PDFs as a baseline: it only finds
tables, it does not read a report. Prints figures; it is not a test.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "data" / "samples"  # the real reports and their expected values
SUFFIX = {"txt": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf", "doc": ".doc", "scan": ".png"}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def python_peak_mb(fn, *args) -> float:
    """Peak of the Python objects `fn(*args)` holds at once (not pdfium's own C memory)."""
    tracemalloc.start()
    try:
        fn(*args)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


# --- the document set ----------------------------------------------------------------------


def build_set(out: Path) -> dict[str, list[Path]]:
    """format -> files: the real reports, then the renderings of their numbers."""
    from disclosure.extract import EXTRACTORS, sniff

    files: dict[str, list[Path]] = {}

    def add(path: Path) -> None:
        fmt = sniff(str(path), path.read_bytes()[:1024])
        files.setdefault(fmt, []).append(path)

    for path in sorted(REAL.iterdir()):
        if not path.name.endswith(".expected.json"):
            add(path)
    try:
        from disclosure.render import docx, html, pdf, text
    except ImportError:
        print("# disclosure.render is not available: real reports only", file=sys.stderr)
        return {f: p for f, p in files.items() if f in EXTRACTORS}
    for exp in sorted(REAL.glob("*.expected.json")):
        report = json.loads(exp.read_text(encoding="utf-8"))
        stem = exp.name.removesuffix(".expected.json")
        renders = {}
        if "txt" in EXTRACTORS:
            for layout in text.LAYOUTS:
                renders[f"{stem}.{layout}.txt"] = lambda r=report, lay=layout: text.render_text(r, layout=lay).encode("utf-8")
        if "html" in EXTRACTORS:
            for style in html.STYLES:
                renders[f"{stem}.{style}.html"] = lambda r=report, s=style: html.render_html(r, style=s)
        if "docx" in EXTRACTORS:
            renders[f"{stem}.docx"] = lambda r=report: docx.render_docx(r)
        if "pdf" in EXTRACTORS:
            renders[f"{stem}.rendered.pdf"] = lambda r=report: pdf.render_pdf(r, blank="")
        for name, render in renders.items():
            path = out / name
            path.write_bytes(render())
            add(path)
    return {f: p for f, p in files.items() if f in EXTRACTORS}


# --- workers (each in its own process) ------------------------------------------------------


def work_ours(paths: list[str], repeat: int) -> dict:
    from disclosure.extract import extract
    from disclosure.model import DisclosureError
    from disclosure.parse import parse_document

    datas = [(p, Path(p).read_bytes()) for p in paths]
    base = peak_rss_mb()
    extract_cpu = parse_cpu = 0.0
    wall = time.perf_counter()
    failed = 0
    for _ in range(repeat):
        for path, data in datas:
            t0 = time.process_time()
            doc = extract(path, data)
            t1 = time.process_time()
            try:
                parse_document(doc)
            except DisclosureError:
                failed += 1
            extract_cpu += t1 - t0
            parse_cpu += time.process_time() - t1
    wall = time.perf_counter() - wall
    n = len(datas) * repeat

    def one(path, data):
        try:
            parse_document(extract(path, data))
        except DisclosureError:
            pass

    return {"docs": n, "extract_cpu": extract_cpu, "parse_cpu": parse_cpu, "wall": wall,
            "base_mb": base, "peak_mb": peak_rss_mb(), "failed": failed // repeat,
            "py_mb": max(python_peak_mb(one, p, d) for p, d in datas)}


def work_pdfplumber(paths: list[str], repeat: int) -> dict:
    import pdfplumber

    base = peak_rss_mb()
    cpu = 0.0
    wall = time.perf_counter()
    tables = 0
    for _ in range(repeat):
        for path in paths:
            t0 = time.process_time()
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    tables += len(page.extract_tables())
            cpu += time.process_time() - t0
    wall = time.perf_counter() - wall

    def one(path):
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()

    return {"docs": len(paths) * repeat, "extract_cpu": cpu, "parse_cpu": 0.0, "wall": wall,
            "base_mb": base, "peak_mb": peak_rss_mb(), "tables": tables // repeat,
            "py_mb": max(python_peak_mb(one, p) for p in paths)}


def run_worker(kind: str, paths: list[Path], repeat: int) -> dict:
    cmd = [sys.executable, __file__, "--worker", kind, "--repeat", str(repeat), *map(str, paths)]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout)


# --- report ---------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5, help="passes over the set per format")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        work = work_pdfplumber if args.worker == "pdfplumber" else work_ours
        print(json.dumps(work(args.paths, args.repeat)))
        return

    with tempfile.TemporaryDirectory(prefix="bench-parse-") as tmp:
        started = time.perf_counter()
        files = build_set(Path(tmp))
        built = time.perf_counter() - started
        print(f"# bench/parse.py — {time.strftime('%Y-%m-%d %H:%M')} — Python {platform.python_version()}, "
              f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; one process per row, one core")
        print(f"# set: {sum(len(v) for v in files.values())} documents built in {built:.0f} s; "
              f"{args.repeat} passes each; CPU time (process_time), so other jobs on the machine matter less")
        print()
        head = (f"{'format':<22}{'docs':>5}{'docs/s':>9}{'ms/doc':>9}{'extract':>9}{'parse':>9}"
                f"{'RSS MB':>8}{'+MB':>5}{'py MB':>7}  notes")
        print(head)
        print("-" * len(head))
        rows = [(fmt, fmt, paths) for fmt, paths in sorted(files.items())]
        if "pdf" in files:
            rows.append(("pdf: pdfplumber tables", "pdfplumber", files["pdf"]))
        for label, kind, paths in rows:
            r = run_worker(kind, paths, args.repeat)
            cpu = r["extract_cpu"] + r["parse_cpu"]
            per = 1000 * cpu / r["docs"]
            note = f"{r['tables']} tables found" if "tables" in r else (f"{r['failed']} not parsed" if r["failed"] else "")
            print(f"{label:<22}{len(paths):>5}{r['docs'] / cpu:>9.1f}{per:>9.1f}"
                  f"{1000 * r['extract_cpu'] / r['docs']:>9.1f}{1000 * r['parse_cpu'] / r['docs']:>9.1f}"
                  f"{r['peak_mb']:>8.0f}{r['peak_mb'] - r['base_mb']:>5.0f}{r['py_mb']:>7.1f}  {note}")
        print()
        print("# ms/doc = extract + parse, CPU ms per document. RSS MB = the worker's peak resident set,")
        print("# +MB = its growth after the imports; py MB = the largest Python peak of one document")
        print("# (tracemalloc; pdfium's C memory shows in RSS only). pdfplumber only finds tables;")
        print("# ours reads the whole report.")
        if "pdf" in files:
            print()
            print("# PDF extraction alone (extract_pdf), per document: best of the passes, CPU ms:")
            from disclosure.extract.pdf import extract_pdf
            for path in files["pdf"]:
                data = path.read_bytes()
                best = min(_timed(extract_pdf, str(path), data) for _ in range(args.repeat))
                pages = _pages(data)
                print(f"#   {path.name:<40}{pages:>3} pages {1000 * best:>7.1f} ms")


def _timed(fn, *a) -> float:
    t = time.process_time()
    fn(*a)
    return time.process_time() - t


def _pages(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


if __name__ == "__main__":
    main()
