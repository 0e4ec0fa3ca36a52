"""Speed of a full check run (every rule over every stored report).

    python bench/checks.py [--db FILE] [--cities N]

With --db naming an existing database (the demo corpus), checks it as it is. Otherwise
builds one like the demo's size: N cities (default 6), each with its government, ten
departments and four counties of a government and ten departments, reporting 2019–2024
(about 1,980 reports of 200–250 cells), numbers scaled from the real reports so that
the tables add up, narrative of six statutory sections; then checks it. Prints the load
time, each rule's time and the total.
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from disclosure import template as T  # noqa: E402
from disclosure.checks import run_checks  # noqa: E402
from disclosure.checks.corpus import load  # noqa: E402
from disclosure.model import Report  # noqa: E402
from disclosure.registry import Agency  # noqa: E402
from disclosure.render.content import DEFAULT_PARAGRAPHS  # noqa: E402
from disclosure.store import connect  # noqa: E402
from disclosure.store.db import save_report, upsert_agency  # noqa: E402

REAL = ROOT / "data" / "samples"  # the real reports and their expected values
BASE = {v: json.loads((REAL / f).read_text(encoding="utf-8"))
        for v, f in (("2021", "huaian-city-2024.expected.json"), ("2019", "shanghai-office-2019.expected.json"))}
DEPARTMENTS = ("education", "public_security", "market_regulation", "health", "natural_resources", "housing",
               "human_resources", "ecology", "transport", "finance")
NAMES = {"education": "教育局", "public_security": "公安局", "market_regulation": "市场监督管理局", "health": "卫生健康委员会",
         "natural_resources": "自然资源局", "housing": "住房和城乡建设局", "human_resources": "人力资源和社会保障局",
         "ecology": "生态环境局", "transport": "交通运输局", "finance": "财政局"}
YEARS = range(2019, 2025)


def agencies(cities: int) -> list[tuple[Agency, list[Agency]]]:
    """(agency, its registered children), children before parents."""
    out = []
    for c in range(cities):
        city = f"第{c + 1}市"
        gov = Agency(f"{city}人民政府", kind="government", level="city")
        kids = [Agency(f"{city}{NAMES[k]}", kind=k, level="city", parent=gov.name) for k in DEPARTMENTS]
        out += [(k, []) for k in kids]
        for n in range(4):
            county = f"{city}第{n + 1}县"
            cgov = Agency(f"{county}人民政府", kind="government", level="county", parent=gov.name)
            depts = [Agency(f"{county}{NAMES[k]}", kind=k, level="county", parent=cgov.name) for k in DEPARTMENTS]
            out += [(d, []) for d in depts] + [(cgov, depts)]
            kids.append(cgov)
        out.append((gov, kids))
    return out


def scaled(a: Agency, year: int, carried: dict | None, rng: random.Random) -> dict:
    """A report whose tables add up: the real base scaled by this agency's own factor."""
    version = "2019" if year < 2021 else "2021"
    d = copy.deepcopy(BASE[version])
    f = random.Random(a.name).lognormvariate(-3, 1.2) * rng.uniform(0.8, 1.25)

    def s(v):
        return None if v is None else int(round(v * f * rng.uniform(0.7, 1.3)))

    for t in ("active", "review_litigation"):
        for row in d[t].values():
            for c in row:
                row[c] = s(row[c]) if c != "amount_wan" else round((row[c] or 0) * f, 2)
    for block in d["review_litigation"].values():
        block["total"] = sum(block[c] or 0 for c in ("upheld", "corrected", "other", "pending"))
    req = d["requests"]
    outcome = [r.key for r in T.REQUEST_ROWS_ANY if r.outcome and r.key in req]
    for key in outcome:
        for c in T.APPLICANT_COLUMN_KEYS:
            req[key][c] = s(req[key][c]) or 0
    for c in T.APPLICANT_COLUMN_KEYS:
        req["carried_over"][c] = carried[c] if carried else s(req["carried_over"][c]) or 0
        req["total"][c] = sum(req[k][c] for k in outcome)
        req["carried_forward"][c] = s(req["total"][c] * 0.03) or 0
        new = req["total"][c] + req["carried_forward"][c] - req["carried_over"][c]
        if new < 0:
            req["carried_forward"][c] -= new
            new = 0
        req["new_received"][c] = new
    for row in req.values():
        row["total"] = sum(row[c] for c in T.APPLICANT_COLUMN_KEYS)
    return _dressed(d, a, year, version, rng)


def summed(a: Agency, year: int, kids: list[dict], rng: random.Random) -> dict:
    """A government's report: its subordinates' tables added up (its own 规章 and 规范性文件)."""
    version = kids[0]["template"]
    d = copy.deepcopy(kids[0])
    for t in ("requests", "review_litigation", "active"):
        for r, cols in d[t].items():
            for c in cols:
                if t != "active" or (r, c) in ADDITIVE:
                    total = sum(k[t][r][c] or 0 for k in kids)
                    cols[c] = round(total, 2) if isinstance(total, float) else total
    return _dressed(d, a, year, version, rng)


def _dressed(d: dict, a: Agency, year: int, version: str, rng: random.Random) -> dict:
    d.update(agency=a.name, year=year, template=version, published=f"{year + 1}-01-{rng.randint(5, 31):02d}")
    d["sections"] = [{"heading": sec.heading, "key": sec.key,
                      "text": f"{year}年，" + DEFAULT_PARAGRAPHS[sec.key].format(agency=a.name)} for sec in T.SECTIONS]
    d["source"] = {"path": f"{a.name}-{year}.txt", "sha256": f"{a.name}{year}", "format": "txt", "extractor": "bench"}
    return d


ADDITIVE = {("licensing", "decisions"), ("penalty", "decisions"), ("enforcement", "decisions"),
            ("fees", "amount_wan"), ("procurement", "projects"), ("procurement", "amount_wan")}


def build(path: str, cities: int) -> None:
    rng = random.Random(7)
    tree = agencies(cities)
    con = connect(path)
    try:
        for a, _ in tree:
            upsert_agency(con, a, registered=True)
        carried: dict[str, dict] = {}
        for year in YEARS:
            made: dict[str, dict] = {}
            for a, kids in tree:
                if kids:
                    d = summed(a, year, [made[k.name] for k in kids], rng)
                else:
                    d = scaled(a, year, carried.get(a.name), rng)
                made[a.name] = d
                carried[a.name] = dict(d["requests"]["carried_forward"])
                save_report(con, Report.from_json(d), agency=a)
    finally:
        con.close()


def main() -> None:
    import platform
    from datetime import datetime

    print(f"# bench/checks.py — {datetime.now():%Y-%m-%d %H:%M} — Python {platform.python_version()}, "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--cities", type=int, default=6)
    args = ap.parse_args()
    path = args.db
    if path is None or not os.path.exists(path):
        path = path or os.path.join(tempfile.mkdtemp(), "bench.duckdb")
        t = time.perf_counter()
        build(path, args.cities)
        print(f"built {path} in {time.perf_counter() - t:.1f} s")
    con = connect(path)
    try:
        t = time.perf_counter()
        corpus = load(con)
        cells = sum(len(r.cells) for r in corpus.reports)
        print(f"load: {time.perf_counter() - t:.2f} s for {len(corpus.reports)} reports, {cells} cells")
        cpu = time.process_time()
        run = run_checks(con)
        cpu = time.process_time() - cpu
    finally:
        con.close()
    print("per rule (wall):")
    for code, seconds in sorted(run.rule_seconds.items(), key=lambda kv: -kv[1]):
        print(f"  {code:<22} {seconds * 1000:8.1f} ms")
    counts = {}
    for f in run.findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    print(f"check run: {run.seconds:.2f} s wall, {cpu:.2f} s CPU (load, every rule, store) — "
          f"{len(run.findings)} findings: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for e in run.errors:
        print("error:", e)


if __name__ == "__main__":
    main()
