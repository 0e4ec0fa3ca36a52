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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="disclosure", description="政府信息公开工作年度报告: parse, store, check, chart")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse one report and print it")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the report as JSON (the data contract)")
    p.add_argument("--provenance", action="store_true", help="with --json: where each cell came from")
    p.set_defaults(func=cmd_parse)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
