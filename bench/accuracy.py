"""Accuracy of the parser and the rules, measured on a generated corpus with known truth.

    python bench/accuracy.py [--agencies N] [--years 2019-2024] [--seed S] [--jobs 2]
                             [--out DIR] [--db FILE] [--save bench/results/accuracy.txt]

Generates the demo corpus (`disclosure demo`, the whole city by default), ingests it
through the real pipeline (`disclosure ingest` with the demo registry) into a fresh
database, then prints:

- the time each step took (generation, ingest, checks: the demo's 3-minute budget), and
  the machine's load, since other work on the machine slows every step;
- cell accuracy per format: every cell of every generated report against the truth
  (a cell counts as right when the stored value equals the printed one, blank = blank;
  a file that failed to ingest counts all its cells wrong), and the reports exact;
- for each rule of the catalog, precision and recall against the injected problems: a
  finding is right when a problem of that rule was injected into the same agency and
  year; a problem is found when such a finding exists.

The output is also written to --save (bench/results/accuracy.txt by default).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from output import emit  # noqa: E402  (bench/output.py)
from disclosure import template as T  # noqa: E402
from disclosure.demo.corpus import build, parse_years  # noqa: E402
from disclosure.checks.run import run_checks  # noqa: E402
from disclosure.registry import load_registry  # noqa: E402
from disclosure.store import connect  # noqa: E402
from disclosure.store.ingest import FAILED, ingest  # noqa: E402

FORMAT_ORDER = ("pdf", "html", "docx", "txt", "scan")
TEXT_LAYER = ("pdf", "html", "docx", "txt")


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6


def stored_cells(con) -> dict[str, dict[tuple[str, str, str], float | None]]:
    """source path -> {(table, row, column): value} for every stored report."""
    out: dict[str, dict] = defaultdict(dict)
    rows = con.execute(
        "SELECT r.source_path, c.table_key, c.row_key, c.column_key, c.value "
        "FROM cells c JOIN reports r USING (report_id)").fetchall()
    for path, t, r, c, v in rows:
        out[os.path.abspath(path)][(t, r, c)] = v
    return out


def cell_accuracy(truth: dict, out_dir: str, cells: dict, failed: dict[str, str]) -> list[str]:
    per = defaultdict(lambda: {"docs": 0, "exact": 0, "failed": 0, "cells": 0, "right": 0, "extra": 0})
    wrong_examples: dict[str, list[str]] = defaultdict(list)
    for d in truth["documents"]:
        path = os.path.abspath(os.path.join(out_dir, d["path"]))
        s = per[d["format"]]
        s["docs"] += 1
        expected = {(t, r, c): v for t in T.TABLE_KEYS for r, cols in (d["expected"].get(t) or {}).items()
                    for c, v in cols.items()}
        got = cells.get(path)
        s["cells"] += len(expected)
        if got is None:
            s["failed"] += 1
            if len(wrong_examples[d["format"]]) < 3:
                wrong_examples[d["format"]].append(f"{d['path']}: 未入库（{failed.get(path, '未找到')}）")
            continue
        right = sum(1 for k, v in expected.items() if k in got and same(v, got[k]))
        extra = sum(1 for k, v in got.items() if k not in expected and v not in (None, 0))
        s["right"] += right
        s["extra"] += extra
        if right == len(expected) and not extra:
            s["exact"] += 1
        elif len(wrong_examples[d["format"]]) < 3:
            bad = [f"{'.'.join(k)} 应为 {v!r} 实为 {got.get(k, '缺')!r}" for k, v in expected.items()
                   if not (k in got and same(v, got[k]))][:3]
            wrong_examples[d["format"]].append(f"{d['path']}: " + "；".join(bad or [f"多出 {extra} 个非零单元格"]))
    lines = ["单元格准确率（按格式）", f"  {'格式':<6}{'报告':>6}{'完全一致':>9}{'失败':>6}{'单元格':>9}{'正确':>9}{'准确率':>10}{'多出':>6}"]
    total = {"docs": 0, "exact": 0, "failed": 0, "cells": 0, "right": 0, "extra": 0}
    text_layer = dict(total)
    for fmt in sorted(per, key=lambda f: FORMAT_ORDER.index(f) if f in FORMAT_ORDER else 99):
        s = per[fmt]
        for k in total:
            total[k] += s[k]
            if fmt in TEXT_LAYER:
                text_layer[k] += s[k]
        lines.append(_accuracy_line(fmt, s))
    lines.append(_accuracy_line("文本层合计", text_layer))
    lines.append(_accuracy_line("全部", total))
    for fmt, examples in wrong_examples.items():
        for e in examples:
            lines.append(f"  例（{fmt}）{e}")
    return lines


def _accuracy_line(label: str, s: dict) -> str:
    acc = 100.0 * s["right"] / s["cells"] if s["cells"] else 100.0
    return (f"  {label:<6}{s['docs']:>6}{s['exact']:>9}{s['failed']:>6}{s['cells']:>9}{s['right']:>9}"
            f"{acc:>9.3f}%{s['extra']:>6}")


def findings(db_path: str) -> list[tuple[str, str, int]]:
    """(rule, agency, year) of every finding of the rule catalog."""
    con = connect(db_path)
    try:
        run = run_checks(con, store=False)
        for e in run.errors:
            print(e, file=sys.stderr)
        return [(f.rule, f.agency, f.year) for f in run.findings]
    finally:
        con.close()


def rule_scores(truth: dict, found: list[tuple[str, str, int]]) -> list[str]:
    city = {a["name"] for a in truth["agencies"]}
    injected: dict[str, set] = defaultdict(set)
    for d in truth["documents"]:
        for p in d["problems"]:
            injected[p["rule"]].add((p["agency"], p["year"]))
    for p in truth["missing"]:
        injected[p["rule"]].add((p["agency"], p["year"]))
    flagged: dict[str, set] = defaultdict(set)
    for rule, agency, year in found:
        if agency in city:  # the real reports beside the city have no injected truth
            flagged[rule].add((agency, year))
    lines = ["规则的精确率与召回率（对照注入的问题，按机关+年度匹配）",
             f"  {'规则':<22}{'注入':>6}{'发现':>6}{'命中':>6}{'精确率':>9}{'召回率':>9}"]
    for rule in sorted(set(injected) | set(flagged)):
        e, f = injected[rule], flagged[rule]
        hit = len(e & f)
        precision = f"{100.0 * hit / len(f):.1f}%" if f else "—"
        recall = f"{100.0 * hit / len(e):.1f}%" if e else "—"
        lines.append(f"  {rule:<22}{len(e):>6}{len(f):>6}{hit:>6}{precision:>9}{recall:>9}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--agencies", type=int, default=None, help="about this many agencies (default: the whole city)")
    ap.add_argument("--years", default="2019-2024")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default=None, help="where to generate (default: a temporary folder)")
    ap.add_argument("--db", default=None, help="keep the database here (default: a temporary file)")
    ap.add_argument("--save", default=str(ROOT / "bench" / "results" / "accuracy.txt"))
    args = ap.parse_args(argv)
    years = parse_years(args.years)

    with tempfile.TemporaryDirectory(prefix="disclosure-accuracy-") as tmp:
        out_dir = args.out or os.path.join(tmp, "demo")
        db_path = args.db or os.path.join(tmp, "accuracy.duckdb")
        if os.path.exists(db_path):
            os.remove(db_path)
        t0 = time.monotonic()
        summary = build(out_dir, agencies=args.agencies, years=years, seed=args.seed, jobs=args.jobs,
                        progress=lambda m: print(m, file=sys.stderr, flush=True))
        t1 = time.monotonic()
        registry = load_registry(os.path.join(out_dir, "agencies.csv"))
        outcomes = ingest([os.path.join(out_dir, "docs"), str(ROOT / "data" / "samples")], db_path,
                          jobs=args.jobs, registry=registry, check=False)
        t2 = time.monotonic()
        failed = {os.path.abspath(o.path): o.reason for o in outcomes if o.status == FAILED}
        truth = json.loads(Path(out_dir, "truth.json").read_text(encoding="utf-8"))
        con = connect(db_path, read_only=True)
        cells = stored_cells(con)
        con.close()
        found = findings(db_path)
        t3 = time.monotonic()

        report = io.StringIO()
        with redirect_stdout(report):
            kinds = "，".join(f"{k} {n}" for k, n in sorted(summary.formats.items(), key=lambda x: -x[1]))
            print(f"语料：种子 {args.seed}，{summary.agencies} 个机关 × {len(years)} 个年度 = {summary.documents} 份报告"
                  f"（{kinds}），缺报 {summary.missing} 份，注入问题 {summary.problems} 处；另有 data/samples 中的真实报告")
            load = os.getloadavg()[0]
            print(f"用时：生成 {t1 - t0:.0f} 秒，入库 {t2 - t1:.0f} 秒，检查 {t3 - t2:.0f} 秒，合计 {t3 - t0:.0f} 秒"
                  f"（{os.cpu_count()} 核，--jobs {args.jobs}，结束时系统负载 {load:.1f}）；入库失败 {len(failed)} 个文件")
            print()
            print("\n".join(cell_accuracy(truth, out_dir, cells, failed)))
            print()
            print("\n".join(rule_scores(truth, found)))
    emit(report.getvalue(), args.save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
