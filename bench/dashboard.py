"""How fast the dashboard answers: every query of queries/ and every page, on a database.

    python bench/dashboard.py [--db data/disclosure.duckdb] [--runs 5] [--out bench/results/dashboard.txt]
    python bench/dashboard.py --db FILE --pages      pages only (bench/scale.py runs this)

Queries run on the database's own connection (read as any reader reads it, median of
--runs). Pages run in Streamlit's AppTest, in this process, which serves the database as
`disclosure serve` does: "first" is a visit with every query cache empty (the connection
open, as on a dashboard that has been running), "again" the median of the visits after it
(what a supervisor clicking around sees); the goal is under one second. A review runs as
the dashboard's own write. The process's peak RSS is printed last.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # not bench/: this file would shadow the `dashboard` package

from bench.output import emit  # noqa: E402
from disclosure import queries  # noqa: E402
from disclosure.store.writes import reading  # noqa: E402

APP = ROOT / "dashboard" / "app.py"
PAGES = ("overview", "compare", "requests", "trends", "findings", "leads", "reports", "report", "upload", "deck")
GOAL, GOAL_FIRST = 0.3, 1.0


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def query_params(con, name: str) -> dict:
    sql = queries.sql(name)
    first = con.execute("SELECT min(report_id) FROM reports").fetchone()[0] or 0
    candidates = {"years": [], "regions": [], "levels": [], "kinds": [], "report_id": first, "table": "findings",
                  "text": "", "limit": 50, "ids": None, "agency_id": None}
    return {k: v for k, v in candidates.items() if re.search(rf"\${k}\b", sql)}


def bench_queries(db: str, runs: int) -> list[tuple[str, float, int | str]]:
    out = []
    with reading(db) as con:
        for name in queries.names():
            params = query_params(con, name)
            if "report_ids" in queries.sql(name):
                continue  # takes a list of reports its caller knows
            try:
                rows = len(queries.run(con, name, **params))
            except Exception as exc:  # a broken query is a figure too
                out.append((name, float("nan"), f"error: {str(exc).splitlines()[0][:60]}"))
                continue
            out.append((name, median_time(lambda: queries.run(con, name, **params), runs), rows))
    return out


def bench_pages(db: str, runs: int) -> list[tuple[str, float, float]]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    os.environ["DISCLOSURE_DB"] = db
    with reading(db) as con:
        first_report = con.execute("SELECT min(report_id) FROM reports").fetchone()[0]

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
        data.RESULTS.clear()  # every query's result, shared by the sessions
        first = visit(at, page)
        again = statistics.median(visit(at, page) for _ in range(runs))
        out.append((page, first, again))
    return out


def bench_review(db: str) -> float:
    from dashboard import data

    os.environ["DISCLOSURE_DB"] = db
    with reading(db) as con:
        row = con.execute("SELECT fingerprint FROM findings ORDER BY fingerprint LIMIT 1").fetchone()
    if row is None:
        return float("nan")
    times = []
    for state in ("confirmed", "dismissed", None):
        t = time.perf_counter()
        data.write("review", fingerprint=row[0], state=state, note="bench")
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: its own, not inherited from its parent)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def pages_table(db: str, runs: int) -> list[str]:
    lines = [f"{'page':<10}{'first s':>9}{'again s':>9}  goal: first < {GOAL_FIRST:g} s, again < {GOAL:g} s"]
    for page, first, again in bench_pages(db, runs):
        ok = "ok" if first < GOAL_FIRST and again < GOAL else "SLOW"
        lines.append(f"{page:<10}{first:>9.2f}{again:>9.2f}  {ok}")
    lines.append(f"review (the dashboard's own write): {bench_review(db) * 1000:.0f} ms")
    lines.append(f"dashboard process peak RSS: {_peak_rss_mb():.0f} MB "
                 f"(machine load {os.getloadavg()[0]:.1f})")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(ROOT / "data" / "disclosure.duckdb"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", action="store_true", help="only the pages")
    parser.add_argument("--out", help="also write the figures to this file")
    args = parser.parse_args()
    if not os.path.exists(args.db):
        print(f"error: {args.db}: no database (make db)", file=sys.stderr)
        return 1
    if args.pages:
        emit("\n".join(pages_table(args.db, args.runs)) + "\n", args.out)
        return 0
    with reading(args.db) as con:
        n_reports, n_agencies = con.execute("SELECT count(*), count(DISTINCT agency_id) FROM reports").fetchone()
    lines = [f"database: {args.db} ({os.path.getsize(args.db) / 2**20:.0f} MiB, {n_reports} reports, "
             f"{n_agencies} agencies); machine load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", ""]
    lines.append(f"{'query':<24}{'median ms':>10}{'rows':>8}")
    for name, secs, rows in bench_queries(args.db, args.runs):
        lines.append(f"{name:<24}{secs * 1000:>10.1f}{rows:>8}")
    lines.append("")
    lines += pages_table(args.db, args.runs)
    emit("\n".join(lines) + "\n", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
