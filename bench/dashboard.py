"""How fast the dashboard answers: every query of queries/ and every page, on a database.

    python bench/dashboard.py [--db data/disclosure.duckdb] [--runs 5] [--out bench/results/dashboard.txt]

Queries run straight on a read-only DuckDB connection (median of --runs). Pages run in
Streamlit's AppTest: "first" is a visit with every cache empty (the page computes its
figures from the cells), "again" the median of the visits after it (what a supervisor
clicking around sees); the goal is under one second. A review is written to a copy of
the database swapped in whole, so the time to copy the file is what a confirm or
dismiss costs; it is measured on a private copy.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # not bench/: this file would shadow the `dashboard` package

import duckdb  # noqa: E402

from disclosure import metrics, queries  # noqa: E402
from disclosure.store.swap import writable_copy  # noqa: E402

APP = ROOT / "dashboard" / "app.py"
PAGES = ("overview", "compare", "requests", "trends", "findings", "leads", "reports", "report", "upload", "deck")
GOAL = 1.0


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def query_params(con, name: str) -> dict:
    sql = queries.sql(name)
    ids = [r[0] for r in con.execute("SELECT report_id FROM reports ORDER BY report_id").fetchall()]
    candidates = {"years": [], "regions": [], "levels": [], "kinds": [], "report_id": ids[0] if ids else 0,
                  "report_ids": ids, "table": "findings", "addresses": metrics.addresses()}
    return {k: v for k, v in candidates.items() if re.search(rf"\${k}\b", sql)}


def bench_queries(db: str, runs: int) -> list[tuple[str, float, int | str]]:
    con = duckdb.connect(db, read_only=True)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    out = []
    for name in queries.names():
        sql = queries.sql(name)
        if any(t not in tables for t in ("findings", "rules", "reviews") if f" {t} " in f" {sql} "):
            continue  # the database has not been checked
        params = query_params(con, name)
        try:
            rows = len(queries.run(con, name, **params))
        except duckdb.Error as exc:  # a broken query is a figure too
            out.append((name, float("nan"), f"error: {str(exc).splitlines()[0]}"))
            continue
        out.append((name, median_time(lambda: queries.run(con, name, **params), runs), rows))
    con.close()
    return out


def bench_metrics(db: str, runs: int) -> tuple[float, int]:
    con = duckdb.connect(db, read_only=True)
    reports = queries.run(con, "scope_reports", years=[], regions=[], levels=[], kinds=[])
    cells = queries.run(con, "scope_cells", report_ids=reports["report_id"].tolist(), addresses=metrics.addresses())
    templates = reports.set_index("report_id")["template"]
    con.close()
    return median_time(lambda: metrics.table(cells, templates), runs), len(cells)


def bench_pages(db: str, runs: int) -> list[tuple[str, float, float]]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    os.environ["DISCLOSURE_DB"] = db
    con = duckdb.connect(db, read_only=True)
    first_report = con.execute("SELECT min(report_id) FROM reports").fetchone()[0]
    con.close()

    def visit(at: AppTest, page: str) -> float:
        if page == "report":
            at.query_params["report"] = str(first_report)
        at.switch_page(f"views/{page}.py")
        t = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - t
        if at.exception:
            raise RuntimeError(f"{page}: {at.exception[0].message}")
        return elapsed

    out = []
    for page in PAGES:
        # one session per page; its first run scans installed components (AppTest's cost, not the page's)
        at = AppTest.from_file(str(APP), default_timeout=300)
        visit(at, "upload")
        st.cache_data.clear()
        st.cache_resource.clear()
        first = visit(at, page)
        again = statistics.median(visit(at, page) for _ in range(runs))
        out.append((page, first, again))
    return out


def bench_swap(db: str) -> float:
    folder = tempfile.mkdtemp(prefix="bench-swap-")
    try:
        private = os.path.join(folder, "copy.duckdb")
        shutil.copyfile(db, private)
        t = time.perf_counter()
        with writable_copy(private) as copy:
            duckdb.connect(copy).close()
        return time.perf_counter() - t
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(ROOT / "data" / "disclosure.duckdb"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", help="also write the figures to this file")
    args = parser.parse_args()
    if not os.path.exists(args.db):
        print(f"error: {args.db}: no database (make db)", file=sys.stderr)
        return 1

    con = duckdb.connect(args.db, read_only=True)
    n_reports, n_agencies = con.execute("SELECT count(*), count(DISTINCT agency_id) FROM reports").fetchone()
    con.close()
    lines = [f"database: {args.db} ({os.path.getsize(args.db) / 2**20:.0f} MiB, {n_reports} reports, "
             f"{n_agencies} agencies); machine load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", ""]

    lines.append(f"{'query':<22}{'median ms':>10}{'rows':>8}")
    for name, secs, rows in bench_queries(args.db, args.runs):
        lines.append(f"{name:<22}{secs * 1000:>10.1f}{rows:>8}")
    secs, cells = bench_metrics(args.db, args.runs)
    lines.append(f"{'metrics.table':<22}{secs * 1000:>10.1f}{cells:>8}  (cells in, every metric of every report)")
    lines.append("")

    lines.append(f"{'page':<10}{'first s':>9}{'again s':>9}  goal < {GOAL:g} s")
    for page, first, again in bench_pages(args.db, args.runs):
        lines.append(f"{page:<10}{first:>9.2f}{again:>9.2f}  {'ok' if again < GOAL else 'SLOW'}")
    lines.append("")
    lines.append(f"review/upload swap (copy the file, swap it in): {bench_swap(args.db):.2f} s")

    text = "\n".join(lines)
    print(text)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
