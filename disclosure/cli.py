"""The `disclosure` command: a thin layer over the library.

    disclosure parse FILE [--json]           one report, in the data contract's shape
    disclosure ingest PATH... [--db FILE]    parse files and folders into DuckDB
    disclosure reports [--db FILE]           what is stored
    disclosure serve [--db FILE] [--port N]  the dashboard
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from .model import DisclosureError

DEFAULT_DB = os.path.join("data", "disclosure.duckdb")


def cmd_parse(args) -> int:
    from .parse import parse_file

    try:
        report = parse_file(args.file)
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        json.dump(report.to_json(provenance=args.provenance), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        _print_summary(report)
    return 0


def _print_summary(report) -> None:
    from . import template as T

    print(f"{report.agency}  {report.year}  模板 {report.template}  发布 {report.published or '未注明'}")
    for key in T.TABLE_KEYS:
        rows = report.tables.get(key, {})
        n = sum(len(c) for c in rows.values())
        print(f"  表{T.TABLE_NUMBERS[key]} {T.TABLE_TITLES[key]}: {len(rows)} 行, {n} 个单元格")
    print(f"  章节: {' | '.join(s.heading or '（导语）' for s in report.sections)}")
    for d in report.deviations:
        print(f"  标签不同于模板: {d.printed!r} → {d.expected!r}")
    for note in report.notes:
        print(f"  注意: {note}")
    for reason in report.review:
        print(f"  需人工核对: {reason}")


STATUS_LABELS = {"stored": "已存储", "replaced": "已替换", "unchanged": "未变化", "failed": "失败"}


def cmd_ingest(args) -> int:
    from .store.ingest import FAILED, ingest

    def progress(i, n, o):
        what = f"{o.agency} {o.year}" if o.agency else o.reason
        print(f"[{i}/{n}] {STATUS_LABELS[o.status]}  {o.path}  {what}", file=sys.stderr, flush=True)

    from .registry import load_registry

    try:
        registry = load_registry(args.registry)
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    outcomes = ingest(args.paths, args.db, jobs=args.jobs, progress=None if args.quiet else progress, registry=registry)
    counts = {k: sum(o.status == k for o in outcomes) for k in STATUS_LABELS}
    print(
        f"共 {len(outcomes)} 个文件：已存储 {counts['stored']}，已替换 {counts['replaced']}，"
        f"未变化 {counts['unchanged']}，失败 {counts['failed']}（数据库 {args.db}）"
    )
    for o in outcomes:
        if o.status == FAILED:
            print(f"  失败  {o.path}: {o.reason}")
    return 1 if counts["failed"] else 0


def cmd_reports(args) -> int:
    from . import queries
    from .store import connect

    if not os.path.exists(args.db):
        print(f"error: {args.db}: 数据库不存在（先运行 disclosure ingest）", file=sys.stderr)
        return 1
    con = connect(args.db, read_only=True)
    df = queries.run(con, "reports")
    if args.json:
        print(df.to_json(orient="records", force_ascii=False, date_format="iso"))
        return 0
    if df.empty:
        print("（数据库中没有报告）")
        return 0
    header = ("机关", "年度", "模板", "格式", "单元格", "发布日期", "来源")
    rows = [
        (r.agency, str(r.year), r.template, r.format, f"{r.cells_filled}/{r.cells}", r.published or "未注明", r.source_name)
        for r in df.itertuples()
    ]
    _print_table(header, rows)
    print(f"共 {len(df)} 份报告")
    return 0


def _print_table(header, rows) -> None:
    import unicodedata

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)

    widths = [max(width(str(x)) for x in col) for col in zip(header, *rows)]
    for row in (header, *rows):
        print("  ".join(str(x) + " " * (w - width(str(x))) for x, w in zip(row, widths)).rstrip())


def cmd_serve(args) -> int:
    if not os.path.exists(args.db):
        print(f"error: {args.db}: 数据库不存在（先运行 disclosure ingest 或 make run）", file=sys.stderr)
        return 1
    app = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "dashboard", "app.py")
    env = dict(os.environ, DISCLOSURE_DB=os.path.abspath(args.db))
    cmd = [sys.executable, "-m", "streamlit", "run", app, "--server.port", str(args.port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    print(f"仪表盘：http://localhost:{args.port}  （数据库 {args.db}）", flush=True)
    os.execvpe(cmd[0], cmd, env)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="disclosure", description="政府信息公开工作年度报告: parse, store, check, chart")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse one report and print it")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the report as JSON (the data contract)")
    p.add_argument("--provenance", action="store_true", help="with --json: where each cell came from")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("ingest", help="parse files (folders recursively) into the database")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", default=DEFAULT_DB, help=f"DuckDB file (default {DEFAULT_DB})")
    p.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="parser processes")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.add_argument("--registry", help="agency registry CSV (default data/agencies.csv)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("reports", help="list the stored reports")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_reports)

    p = sub.add_parser("serve", help="start the dashboard")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--port", type=int, default=8501)
    p.set_defaults(func=cmd_serve)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
