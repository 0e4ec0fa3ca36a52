"""The `disclosure` command: a thin layer over the library.

    disclosure parse FILE [--json] [--registry CSV]   one report, in the data contract's shape
    disclosure ingest PATH... [--db FILE] [--cluster ADDRESS]   parse files and folders into DuckDB
    disclosure reports [--db FILE] [--pending]   what is stored (--pending: 待确认, to assign)
    disclosure show AGENCY YEAR [--json]     one stored report, corrections applied and marked
    disclosure assign ID... [--agency NAME] [--year Y] [--region R]   assign pending reports
    disclosure correct AGENCY YEAR CELL VALUE --note WHY   correct a cell, the agency or the year
    disclosure choose ID                     make a stored version the current report
    disclosure ingest --reparse              parse every stored document again (corrections kept)
    disclosure demo [--out DIR]              generate the demo corpus (docs, registry, truth)
    disclosure rules [--markdown|--json]     the rule catalog
    disclosure check [--db FILE] [--json]    re-run the rules over the stored reports
    disclosure review ID --confirm|--dismiss|--reopen [--note TEXT]   review a finding
    disclosure export --parquet DIR [--db FILE]   the analytic tables as Parquet (for replicas)
    disclosure serve [--db FILE | --replica DIR] [--port N] [--host ADDR]   the dashboard (this machine only by default)
    disclosure collect | score | notice | rectify …   the supervisor's year (disclosure/cli_year.py)
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
    from .registry import load_registry

    try:
        _apply_limits(args)
        report = parse_file(shown(args.file), registry=load_registry(args.registry))  # a name in any bytes: printable, still opened
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

    from .parse.identity import source_labels

    print(f"{report.agency or '机关未确定'}  {report.year or '年度未确定'}  模板 {report.template}  "
          f"发布 {report.published or '未注明'}  （{source_labels(report)}）")
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


STATUS_LABELS = {"stored": "已存储", "replaced": "已替换", "unchanged": "未变化", "failed": "失败",
                 "candidate": "候选版本", "pending": "待确认", "reparsed": "已重新解析"}
ALWAYS_COUNTED = ("stored", "replaced", "unchanged", "failed")  # the summary names the others when they occur
_EXPLAINED = ("candidate", "pending", "failed")  # outcomes listed with their reason


def cmd_ingest(args) -> int:
    from .store.ingest import ingest_batch, reparse
    from .store.writes import reading

    def progress(i, n, o):
        what = f"{o.agency} {o.year}" if o.agency else o.reason
        print(f"[{i}/{n}] {STATUS_LABELS[o.status]}  {o.path}  {what}", file=sys.stderr, flush=True)

    from .registry import load_registry

    try:
        _apply_limits(args)
        # without --registry, the database's own (the one it was last built with)
        registry = load_registry(args.registry) if args.registry else None
        if args.reparse and (args.paths or registry is not None):
            print("error: --reparse 重新解析数据库中已存的全部文件，不能同时给出文件或 --registry", file=sys.stderr)
            return 2
        if not args.reparse and not args.paths:
            print("error: 请给出要导入的文件或文件夹（或用 --reparse 重新解析已存的文件）", file=sys.stderr)
            return 2
        shown = None if args.quiet else progress
        if args.reparse:
            result = reparse(args.db, jobs=args.jobs, progress=shown, check=not args.no_check, cluster=args.cluster)
        else:
            result = ingest_batch(args.paths, args.db, jobs=args.jobs, progress=shown, registry=registry,
                                  check=not args.no_check, cluster=args.cluster)
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    outcomes = result.outcomes
    counts = {k: sum(o.status == k for o in outcomes) for k in STATUS_LABELS}
    extra = "".join(f"，{STATUS_LABELS[k]} {counts[k]}" for k in STATUS_LABELS if k not in ALWAYS_COUNTED and counts[k])
    print(
        f"共 {len(outcomes)} 个文件：已存储 {counts['stored']}，已替换 {counts['replaced']}，"
        f"未变化 {counts['unchanged']}，失败 {counts['failed']}{extra}（数据库 {args.db}）"
    )
    for o in outcomes:
        if o.status in _EXPLAINED:
            print(f"  {STATUS_LABELS[o.status]}  {o.path}: {o.reason}")
    for error in result.rule_errors:
        print(f"error: {error}", file=sys.stderr)
    if not args.no_check:
        with reading(args.db) as con:
            print(_check_summary(con, result.rule_errors))
    return 1 if counts["failed"] or result.rule_errors else 0


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
    from .checks.run import stale

    counts = dict(con.execute("SELECT severity, count(*) FROM findings GROUP BY severity").fetchall())
    parts = "，".join(f"{label} {counts.get(sev, 0)}" for sev, label in SEVERITY_LABELS.items())
    line = f"检查：共 {sum(counts.values())} 条发现（{parts}）"
    why = stale(con)
    return line + (f"；注意：检查结果不是最新的（{why}），请运行 disclosure check" if why else "")


def cmd_reports(args) -> int:
    from . import queries
    from .store.writes import reading

    if not os.path.exists(args.db):
        print(f"error: {args.db}: 数据库不存在（先运行 disclosure ingest）", file=sys.stderr)
        return 1
    if args.pending:
        return _pending(args)
    with reading(args.db) as con:
        df = queries.run(con, "reports")
        pending = len(queries.run(con, "pending_reports"))
    if args.json:
        print(df.to_json(orient="records", force_ascii=False, date_format="iso"))
        return 0
    if df.empty:
        print("（数据库中没有报告）")
    else:
        header = ("机关", "年度", "模板", "格式", "单元格", "发布日期", "来源")
        rows = [
            (r.agency, str(r.year), r.template, r.format, f"{r.cells_filled}/{r.cells}", r.published if isinstance(r.published, str) else "未注明", r.source_name)
            for r in df.itertuples()
        ]
        _print_table(header, rows)
        print(f"共 {len(df)} 份报告")
    if pending:
        print(f"另有 {pending} 份待确认的报告（未能确定机关或年度）：disclosure reports --pending 列出，"
              "disclosure assign 编号 --agency 名称 --year 年度 指定")
    return 0


def _pending(args) -> int:
    from . import queries
    from .store.writes import reading

    with reading(args.db) as con:
        df = queries.run(con, "pending_reports")
    if args.json:
        print(df.to_json(orient="records", force_ascii=False, date_format="iso"))
        return 0
    if df.empty:
        print("（没有待确认的报告）")
        return 0
    header = ("编号", "文件", "文中机关", "文中年度", "单元格", "导入时间", "原因")
    import pandas as pd

    rows = [(str(r.report_id), r.source_name, r.printed_agency if isinstance(r.printed_agency, str) else "—",
             "—" if pd.isna(r.year) else str(int(r.year)), f"{r.cells_filled}/{r.cells_total}",
             str(r.ingested_at)[:16], r.reason.split("；")[0] if isinstance(r.reason, str) else "")
            for r in df.itertuples()]
    _print_table(header, rows)
    print(f"共 {len(df)} 份待确认的报告：用 disclosure assign 编号 --agency 名称 --year 年度 指定后，"
          "即列入分析和核查")
    return 0


def _write_or_fail(args, name: str, **op_args):
    """Run write operation `name`; (result, 0) or (None, 1) with the error printed."""
    from .store.writes import write

    if not _exists(args.db):
        return None, 1
    try:
        return write(args.db, name, **op_args), 0
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None, 1


def _rule_errors(errors: list[str]) -> int:
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if errors else 0


def cmd_assign(args) -> int:
    done, code = _write_or_fail(args, "assign_reports", report_ids=args.ids, agency=args.agency, year=args.year,
                                region=args.region, note=args.note)
    if done is None:
        return code
    failed = 0
    for o in done["outcomes"]:
        if o["status"] == "failed":
            failed += 1
            print(f"  失败  报告 {o['report_id']}: {o['reason']}")
        else:
            line = f"  {STATUS_LABELS.get(o['status'], o['status'])}  报告 {o['report_id']}：{o['agency']} {o['year']} 年度"
            print(line + (f"（{o['reason']}）" if o.get("reason") else ""))
    return 1 if failed else _rule_errors(done["errors"])


def cmd_correct(args) -> int:
    done, code = _write_or_fail(args, "correct", agency=args.agency, year=args.year, cell=args.cell,
                                value=args.value, note=args.note)
    if done is None:
        return code
    if done.get("status") == "corrected":
        old = "（报告中无此单元格）" if done["absent"] else _shown(done["old"])
        print(f"已更正 {done['agency']} {done['year']} 年度 {done['label']}（{done['cell']}）："
              f"{old} → {_shown(done['new'])}，原因：{args.note}")
    else:
        print(f"已更正{'机关' if done['cell'] == 'agency' else '年度'}：报告 {done['report_id']} 现为 "
              f"{done['agency']} {done['year']} 年度（{STATUS_LABELS.get(done['status'], done['status'])}）"
              + (f"；{done['reason']}" if done.get("reason") else ""))
    return _rule_errors(done["errors"])


def _shown(value) -> str:
    from .store.corrections import printed

    return printed(value) or "空白"


def cmd_choose(args) -> int:
    done, code = _write_or_fail(args, "choose_version", report_id=args.id)
    if done is None:
        return code
    print(f"已选用报告版本 {done['report_id']}：{done['agency']} {done['year']} 年度")
    return _rule_errors(done["errors"])


def cmd_show(args) -> int:
    from .store import stored
    from .store.report_ops import find_report
    from .store.writes import reading

    if not _exists(args.db):
        return 1
    try:
        with reading(args.db) as con:
            rid = find_report(con, args.agency, args.year)
            data = stored.contract(con, rid)
            report = stored.report(con, rid)
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    _print_summary(report)
    _print_corrections(report, data["corrections"])
    _print_versions(data["versions"], rid)
    return 0


def _print_corrections(report, corrections: list[dict]) -> None:
    from .store.corrections import label

    if not corrections:
        print("  人工更正：无")
        return
    print(f"  人工更正（{len(corrections)} 处，已用于分析和核查）：")
    for c in corrections:
        what = label(report.template, c["cell"]) + f"（{c['cell']}）" if c["field"] == "cell" else \
            {"agency": "机关", "year": "年度"}[c["field"]]
        parsed = "原文无此单元格" if c["parsed_absent"] else f"原文 {_shown(c['parsed'])}"
        was = parsed if c["field"] == "cell" else f"原为 {c['before'] if c['before'] is not None else '未知'}"
        print(f"    {what}：{was} → {_shown(c['value']) if c['field'] == 'cell' else c['value']}"
              f"  {c['by']} {c['at'][:16].replace('T', ' ')}  原因：{c['note']}")


def _print_versions(versions: list[dict], current: int) -> None:
    from .store.versions import STATUS_LABELS as VERSION_LABELS

    if len(versions) <= 1:
        return
    print(f"  文件版本（{len(versions)} 个）：")
    for v in versions:
        mark = "→" if v["report_id"] == current else " "
        why = f"  {v['reason']}" if v.get("reason") else ""
        print(f"   {mark} {v['report_id']}  {VERSION_LABELS[v['status']]}  {v['source_name']}  "
              f"{v['ingested_at'][:16].replace('T', ' ')}  {v['ingested_by'] or ''}  已填 {v['cells_filled']} 格{why}")


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


def _exists(path: str) -> bool:
    if not os.path.exists(path):
        print(f"error: {path}: 数据库不存在（先运行 disclosure ingest）", file=sys.stderr)
        return False
    return True


def cmd_check(args) -> int:
    from . import queries
    from .checks import SEVERITY_LABELS
    from .checks.run import REVIEW_STATES
    from .store.writes import reading, write

    if not _exists(args.db):
        return 1
    try:
        run = write(args.db, "check", codes=sorted(args.rule) if args.rule else None)
        with reading(args.db) as con:
            cur = con.execute(queries.sql("findings"))
            names = [d[0] for d in cur.description]
            rows = [dict(zip(names, row)) for row in cur.fetchall()]
            summary = _findings_summary(con)
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    rows = [r for r in rows if not args.rule or r["rule"] in args.rule]
    for error in run["errors"]:
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
        return 1 if run["errors"] else 0
    for r in rows:
        state = "" if r["review_state"] == "open" else f"  【{REVIEW_STATES[r['review_state']]}】"
        print(f"{SEVERITY_LABELS[r['severity']]}  {r['rule']}  {r['agency']} {r['year']}  {r['message']}"
              f"  [{r['fingerprint']}]{state}")
    if run["errors"]:
        summary += f"；{len(run['errors'])} 条规则运行出错，其发现未列入：{'、'.join(e.split()[1] for e in run['errors'])}"
    print(f"{summary}，用时 {run['seconds']:.2f} 秒，{run['reports']} 份报告")
    return 1 if run["errors"] else 0


def cmd_review(args) -> int:
    from .checks.run import CONFIRMED, DISMISSED, REVIEW_STATES
    from .store.writes import write

    if not _exists(args.db):
        return 1
    state = CONFIRMED if args.confirm else DISMISSED if args.dismiss else None
    try:
        done = write(args.db, "review", fingerprint=args.finding, state=state, note=args.note)
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    what = REVIEW_STATES.get(state, "重新待审")
    print(f"{what}：{done['rule']}  {done['agency']} {done['year']}  {done['message']}  [{done['fingerprint']}]")
    return 0


def cmd_export(args) -> int:
    from .store.writes import write

    if not _exists(args.db):
        return 1
    try:
        manifest = write(args.db, "export_parquet", folder=os.path.abspath(args.parquet))
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    rows = manifest["rows"]
    print(f"已导出 {len(rows)} 张表到 {args.parquet}：报告 {rows.get('reports', 0)} 份，单元格 {rows.get('cells', 0)} 个，"
          f"发现 {rows.get('findings', 0)} 条（{manifest['exported_at']}）")
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
    from . import limits

    try:
        _apply_limits(args)
        upload_mb = limits.FILE_MB.value
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    env = dict(os.environ)
    if args.replica:
        from .store.replica import Replica

        try:
            Replica(args.replica)
        except DisclosureError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        env["DISCLOSURE_REPLICA"] = os.path.abspath(args.replica)
        source = f"只读副本 {args.replica}"
    else:
        if not os.path.exists(args.db):
            print(f"error: {args.db}: 数据库不存在（先运行 disclosure ingest 或 make run）", file=sys.stderr)
            return 1
        from .checks.run import stale
        from .store.writes import reading, write

        try:
            with reading(args.db) as con:  # an older database is upgraded on the way
                why = stale(con)
            if why:
                print(f"检查结果不是最新的（{why}），正在重新检查全部报告……", flush=True)
                write(args.db, "check")
        except DisclosureError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        env["DISCLOSURE_DB"] = os.path.abspath(args.db)
        source = f"数据库 {args.db}"
    app = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "dashboard", "app.py")
    host = args.host.strip("[]")
    cmd = [sys.executable, "-m", "streamlit", "run", app, "--server.address", host, "--server.port", str(args.port),
           "--server.maxUploadSize", str(upload_mb),
           "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--client.toolbarMode", "viewer"]  # no "Deploy" button: supervisors view, not develop
    if not _is_loopback(host):
        print(f"警告：仪表盘将在 {_address(host, args.port)} 上对网络开放，目前没有登录验证："
              "能访问这个地址的任何人都能查看全部数据、上传报告和审核问题。只在可信的内部网络中这样做；"
              "仅本机使用时不要指定 --host。", file=sys.stderr, flush=True)
    print(f"仪表盘：{_address(host, args.port)}  （{source}）", flush=True)
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
    p.add_argument("--registry", help="agency registry CSV, to resolve abbreviated names (default data/agencies.csv)")
    _limit_options(p, limits.FILE_MB, limits.PDF_PAGES, limits.IMAGE_MEGAPIXELS, limits.TEXT_CHARS)
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("ingest", help="parse files (folders recursively) into the database")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--db", default=DEFAULT_DB, help=f"DuckDB file (default {DEFAULT_DB})")
    p.add_argument("--reparse", action="store_true",
                   help="parse every document stored in the database again (after a parser upgrade); "
                        "corrections made by people are applied again")
    p.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="parser processes")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.add_argument("--registry", help="agency registry CSV (default: the one the database was last built with, "
                                      "else data/agencies.csv)")
    p.add_argument("--no-check", action="store_true", help="do not run the rules after ingest")
    p.add_argument("--cluster", metavar="ADDRESS", help="parse on a Dask distributed scheduler (tcp://host:8786); "
                                                        "the database is written here")
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
    p.add_argument("--pending", action="store_true", help="the reports waiting for a person's agency and year (待确认)")
    p.set_defaults(func=cmd_reports)

    p = sub.add_parser("show", help="one stored report in the data contract's shape, corrections applied and marked")
    p.add_argument("agency", metavar="AGENCY")
    p.add_argument("year", metavar="YEAR", type=int)
    p.add_argument("--json", action="store_true", help="print the report as JSON (with `corrections`, `versions`)")
    p.add_argument("--db", default=DEFAULT_DB)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("assign", help="assign the agency and year of pending reports (待确认), by their ids")
    p.add_argument("ids", nargs="+", type=int, metavar="ID", help="ids from `disclosure reports --pending`")
    p.add_argument("--agency", help="the agency (default: the one the document names)")
    p.add_argument("--year", type=int, help="the year the report covers (default: the one the document names)")
    p.add_argument("--region", help="where agencies named without a region are (山西省忻州市神池县)")
    p.add_argument("--note", help="why (logged)")
    p.add_argument("--db", default=DEFAULT_DB)
    p.set_defaults(func=cmd_assign)

    p = sub.add_parser("correct", help="correct a cell, the agency or the year of a stored report (logged)")
    p.add_argument("agency", metavar="AGENCY")
    p.add_argument("year", metavar="YEAR", type=int)
    p.add_argument("cell", metavar="CELL", help="table.row.column (requests.granted.total), or agency / year")
    p.add_argument("value", metavar="VALUE", help="the right value (空 for a blank cell), agency name or year")
    p.add_argument("--note", required=True, help="why (logged with the correction)")
    p.add_argument("--db", default=DEFAULT_DB)
    p.set_defaults(func=cmd_correct)

    p = sub.add_parser("choose", help="make a stored version the current report of its agency and year")
    p.add_argument("id", type=int, metavar="ID", help="the version's id (from `disclosure show`)")
    p.add_argument("--db", default=DEFAULT_DB)
    p.set_defaults(func=cmd_choose)

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

    p = sub.add_parser("export", help="write the analytic tables as Parquet, for read-only dashboards")
    p.add_argument("--parquet", required=True, metavar="DIR", help="folder to write (replaced whole)")
    p.add_argument("--db", default=DEFAULT_DB)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("serve", help="start the dashboard")
    p.add_argument("--db", default=DEFAULT_DB)
    p.add_argument("--replica", metavar="DIR", help="serve a Parquet export (disclosure export) read-only instead")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 opens it to the network)")
    _limit_options(p, limits.FILE_MB, limits.FILES, limits.PDF_PAGES, limits.IMAGE_MEGAPIXELS, limits.TEXT_CHARS)
    p.set_defaults(func=cmd_serve)

    from .cli_year import add_commands

    add_commands(sub, DEFAULT_DB)  # collect, score, notice, rectify

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:  # Ctrl-C while waiting for the database or a long batch: no traceback
        print("\n已中断（已提交的批次保留在数据库中）", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
