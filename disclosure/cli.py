"""The `disclosure` command: a thin layer over the library.

    disclosure parse FILE [--json]           one report, in the data contract's shape
    disclosure ingest PATH... [--db FILE]    parse files and folders into DuckDB
    disclosure reports [--db FILE]           what is stored
    disclosure demo [--out DIR]              generate the demo corpus (docs, registry, truth)
    disclosure rules [--markdown|--json]     the rule catalog
    disclosure check [--db FILE] [--json]    re-run the rules over the stored reports
    disclosure review ID --confirm|--dismiss|--reopen [--note TEXT]   review a finding
    disclosure serve [--db FILE] [--port N] [--host ADDR]   the dashboard (this machine only by default)
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from .model import DisclosureError

DEFAULT_DB = os.path.join("data", "disclosure.duckdb")


def cmd_parse(args) -> int:
    from .names import shown
    from .parse import parse_file

    try:
        _apply_limits(args)
        report = parse_file(shown(args.file))  # a name in any bytes: printable, and still opened
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
        _apply_limits(args)
        # without --registry, the database's own (the one it was last built with)
        registry = load_registry(args.registry) if args.registry else None
        before = _last_error_id(args.db)
        outcomes = ingest(args.paths, args.db, jobs=args.jobs, progress=None if args.quiet else progress,
                          registry=registry, check=not args.no_check)
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    counts = {k: sum(o.status == k for o in outcomes) for k in STATUS_LABELS}
    print(
        f"共 {len(outcomes)} 个文件：已存储 {counts['stored']}，已替换 {counts['replaced']}，"
        f"未变化 {counts['unchanged']}，失败 {counts['failed']}（数据库 {args.db}）"
    )
    for o in outcomes:
        if o.status == FAILED:
            print(f"  失败  {o.path}: {o.reason}")
    check_errors: list[str] = []
    if not args.no_check:
        from .store import connect

        con = connect(args.db, read_only=True)
        try:
            check_errors = _check_errors_since(con, before)
            print(_check_summary(con, check_errors))
        finally:
            con.close()
    for error in check_errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if counts["failed"] or check_errors else 0


CHECK_ERRORS = "disclosure check"  # the path under which ingest records a check that failed


def _last_error_id(db_path: str) -> int:
    """The newest ingest error's id before a batch, so the batch's own are told apart."""
    if not os.path.exists(db_path):
        return 0
    import duckdb

    from .store import connect

    try:
        con = connect(db_path, read_only=True)
    except duckdb.Error:
        return 0
    try:
        return con.execute("SELECT coalesce(max(error_id), 0) FROM ingest_errors").fetchone()[0]
    except duckdb.Error:
        return 0  # made by a version without the table: every error is this batch's
    finally:
        con.close()


def _check_errors_since(con, error_id: int) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT reason FROM ingest_errors WHERE path = ? AND error_id > ? ORDER BY error_id", [CHECK_ERRORS, error_id]
    ).fetchall()]


def _check_summary(con, errors: list[str]) -> str:
    """The findings line, honest about a check that did not run or ran without some rules."""
    failed = [e for e in errors if not e.startswith("规则 ")]
    if failed:
        return f"检查未完成：{failed[0]}；发现列表未更新（仍是上次检查的结果）"
    line = _findings_summary(con)
    if errors:
        rules = [e.split()[1] for e in errors]
        line += f"；{len(rules)} 条规则运行出错，其发现未列入：{'、'.join(rules)}"
    return line


def cmd_demo(args) -> int:
    from .demo.corpus import build, parse_years

    try:
        years = parse_years(args.years)
    except ValueError:
        print(f"error: 年度应写作 2019-2024 这样的范围（不早于 2019 年），而不是 {args.years!r}", file=sys.stderr)
        return 2
    if args.agencies is not None and args.agencies < 1:
        print("error: --agencies 至少为 1", file=sys.stderr)
        return 2

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        s = build(args.out, agencies=args.agencies, years=years, seed=args.seed, jobs=args.jobs,
                  progress=None if args.quiet else progress)
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    kinds = "，".join(f"{k} {n}" for k, n in sorted(s.formats.items(), key=lambda x: -x[1]))
    print(f"已生成 {s.agencies} 个机关 {len(years)} 个年度的 {s.documents} 份模拟报告（{kinds}），"
          f"注入问题 {s.problems} 处（其中缺报 {s.missing} 份），用时 {s.seconds:.0f} 秒")
    print(f"  文件：{os.path.join(args.out, 'docs')}  名录：{os.path.join(args.out, 'agencies.csv')}  "
          f"真值：{os.path.join(args.out, 'truth.json')}")
    return 0


def _findings_summary(con) -> str:
    from .checks import SEVERITY_LABELS

    counts = dict(con.execute("SELECT severity, count(*) FROM findings GROUP BY severity").fetchall())
    parts = "，".join(f"{label} {counts.get(sev, 0)}" for sev, label in SEVERITY_LABELS.items())
    return f"检查：共 {sum(counts.values())} 条发现（{parts}）"


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


def cmd_rules(args) -> int:
    from .checks import SEVERITY_LABELS, catalog
    from .checks.docs import catalog_markdown

    if args.markdown:
        sys.stdout.write(catalog_markdown())
        return 0
    rules = catalog()
    if args.json:
        out = [{"code": r.code, "severity": r.severity, "family": r.family, "title": r.title,
                "message": r.message, "doc": r.doc, "example": r.example} for r in rules]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    _print_table(("代码", "级别", "规则"), [(r.code, SEVERITY_LABELS[r.severity], r.title) for r in rules])
    print(f"共 {len(rules)} 条规则（详见 docs/rules.md）")
    return 0


def _open_db(path: str, read_only: bool = False):
    from .store import connect

    if not os.path.exists(path):
        print(f"error: {path}: 数据库不存在（先运行 disclosure ingest）", file=sys.stderr)
        return None
    return connect(path, read_only=read_only)


def cmd_check(args) -> int:
    from . import queries
    from .checks import SEVERITY_LABELS, run_checks
    from .checks.run import REVIEW_STATES

    con = _open_db(args.db)
    if con is None:
        return 1
    try:
        try:
            run = run_checks(con, set(args.rule) if args.rule else None)
        except Exception as exc:  # the corpus could not be loaded: no rule ran, nothing was replaced
            print(f"error: 检查失败：{type(exc).__name__}: {exc}；发现列表未更新（仍是上次检查的结果）", file=sys.stderr)
            return 1
        cur = con.execute(queries.sql("findings"))
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, row)) for row in cur.fetchall()]
        rows = [r for r in rows if not args.rule or r["rule"] in args.rule]
        summary = _findings_summary(con)
    finally:
        con.close()
    for error in run.errors:
        print(f"error: {error}", file=sys.stderr)
    if args.json:
        out = [
            {"fingerprint": r["fingerprint"], "rule": r["rule"], "severity": r["severity"], "agency": r["agency"],
             "year": r["year"], "report_id": r["report_id"], "message": r["message"], "cells": r["cells"],
             "expected": json.loads(r["expected"]), "actual": json.loads(r["actual"]),
             "evidence": json.loads(r["evidence"]), "review": {"state": r["review_state"], "note": r["review_note"]}}
            for r in rows
        ]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 1 if run.errors else 0
    for r in rows:
        state = "" if r["review_state"] == "open" else f"  【{REVIEW_STATES[r['review_state']]}】"
        print(f"{SEVERITY_LABELS[r['severity']]}  {r['rule']}  {r['agency']} {r['year']}  {r['message']}"
              f"  [{r['fingerprint']}]{state}")
    if run.errors:
        summary += f"；{len(run.errors)} 条规则运行出错，其发现未列入：{'、'.join(e.split()[1] for e in run.errors)}"
    print(f"{summary}，用时 {run.seconds:.2f} 秒，{run.reports} 份报告")
    return 1 if run.errors else 0


def cmd_review(args) -> int:
    from .checks import review
    from .checks.run import CONFIRMED, DISMISSED, REVIEW_STATES

    con = _open_db(args.db)
    if con is None:
        return 1
    state = CONFIRMED if args.confirm else DISMISSED if args.dismiss else None
    try:
        done = review(con, args.finding, state, args.note)
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    what = REVIEW_STATES.get(state, "重新待审")
    print(f"{what}：{done['rule']}  {done['agency']} {done['year']}  {done['message']}  [{done['fingerprint']}]")
    return 0


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: whatever it resolves to, it is not only this machine


def _address(host: str, port: int) -> str:
    """The URL the server answers on (IPv6 in brackets); the wildcard names every interface."""
    if host in ("0.0.0.0", "::", "[::]"):
        return f"http://{'[::]' if ':' in host else host}:{port}（所有网络接口）"
    return f"http://[{host}]:{port}" if ":" in host and not host.startswith("[") else f"http://{host}:{port}"


def cmd_serve(args) -> int:
    if not os.path.exists(args.db):
        print(f"error: {args.db}: 数据库不存在（先运行 disclosure ingest 或 make run）", file=sys.stderr)
        return 1
    import duckdb

    from . import limits
    from .store import connect

    try:
        _apply_limits(args)
        upload_mb = limits.FILE_MB.value
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        connect(args.db).close()  # a database made by an older version gets the schema the dashboard reads
    except duckdb.Error:
        pass  # in use by an ingest: it upgrades the schema itself
    app = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "dashboard", "app.py")
    env = dict(os.environ, DISCLOSURE_DB=os.path.abspath(args.db))
    host = args.host.strip("[]")
    cmd = [sys.executable, "-m", "streamlit", "run", app, "--server.address", host, "--server.port", str(args.port),
           "--server.maxUploadSize", str(upload_mb),
           "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--client.toolbarMode", "viewer"]  # no "Deploy" button: supervisors view, not develop
    if not _is_loopback(host):
        print(f"警告：仪表盘将在 {_address(host, args.port)} 上对网络开放，目前没有登录验证："
              "能访问这个地址的任何人都能查看全部数据、上传报告和审核问题。只在可信的内部网络中这样做；"
              "仅本机使用时不要指定 --host。", file=sys.stderr, flush=True)
    print(f"仪表盘：{_address(host, args.port)}  （数据库 {args.db}）", flush=True)
    os.execvpe(cmd[0], cmd, env)
    return 0


def _limit_options(p, *which) -> None:
    """Command-line options for the limits in `which` (disclosure/limits.py)."""
    from . import limits

    for limit in which:
        p.add_argument(limit.option, type=int, metavar="N", dest=limit.key,
                       help=f"{limit.label}上限（{limit.unit}，默认 {limit.default:,}；也可用环境变量 {limit.key}）")


def _apply_limits(args) -> None:
    from . import limits

    limits.apply({limit: getattr(args, limit.key, None) for limit in limits.ALL})
    for limit in limits.ALL:
        limit.value  # noqa: B018  a bad environment value is reported now, not in the middle of a batch


def main(argv: list[str] | None = None) -> int:
    from . import limits

    parser = argparse.ArgumentParser(prog="disclosure", description="政府信息公开工作年度报告: parse, store, check, chart")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse one report and print it")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the report as JSON (the data contract)")
    p.add_argument("--provenance", action="store_true", help="with --json: where each cell came from")
    _limit_options(p, limits.FILE_MB, limits.PDF_PAGES, limits.IMAGE_MEGAPIXELS, limits.TEXT_CHARS)
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("ingest", help="parse files (folders recursively) into the database")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--db", default=DEFAULT_DB, help=f"DuckDB file (default {DEFAULT_DB})")
    p.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="parser processes")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.add_argument("--registry", help="agency registry CSV (default: the one the database was last built with, "
                                      "else data/agencies.csv)")
    p.add_argument("--no-check", action="store_true", help="do not run the rules after ingest")
    _limit_options(p, limits.FILE_MB, limits.PDF_PAGES, limits.IMAGE_MEGAPIXELS, limits.TEXT_CHARS)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("demo", help="generate the demo corpus: a fictional city's reports with known truth")
    p.add_argument("--agencies", type=int, default=None, help="about this many agencies (default: the whole city, ~280)")
    p.add_argument("--years", default="2019-2024", help="years to generate (default 2019-2024)")
    p.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same files")
    p.add_argument("--out", default=os.path.join("data", "demo"), help="output folder (default data/demo)")
    p.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("reports", help="list the stored reports")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_reports)

    p = sub.add_parser("rules", help="list the rule catalog")
    p.add_argument("--markdown", action="store_true", help="the catalog as docs/rules.md")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("check", help="re-run the rules over the stored reports and list the findings")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--json", action="store_true", help="print the findings as a JSON list")
    p.add_argument("--rule", action="append", metavar="CODE", help="only this rule (repeatable)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("review", help="confirm or dismiss a finding (by its id from `check`)")
    p.add_argument("finding", metavar="ID", help="the finding's id (fingerprint), or its first characters")
    state = p.add_mutually_exclusive_group(required=True)
    state.add_argument("--confirm", action="store_true", help="a real problem")
    state.add_argument("--dismiss", action="store_true", help="not a problem")
    state.add_argument("--reopen", action="store_true", help="forget the review")
    p.add_argument("--note", help="why")
    p.add_argument("--db", default=DEFAULT_DB)
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("serve", help="start the dashboard")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 opens it to the network)")
    _limit_options(p, limits.FILE_MB, limits.FILES, limits.PDF_PAGES, limits.IMAGE_MEGAPIXELS, limits.TEXT_CHARS)
    p.set_defaults(func=cmd_serve)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
