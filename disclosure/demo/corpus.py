"""Generating the demo corpus: the city, its reports as documents, the registry and the truth.

    build(out_dir, agencies=None, years=range(2019, 2025), seed=1, jobs=2, progress=print)

writes
    out_dir/docs/<year>/<region>/模拟数据_<agency><year>年政府信息公开工作年度报告.<ext>
    out_dir/agencies.csv   the city's registry, plus data/agencies.csv's rows (the real reports)
    out_dir/truth.json     for every document: the report as printed (data-contract shape), its
                           format and look, and its injected problems; the missing reports

Deterministic for a seed: the same arguments give the same bytes.
"""
from __future__ import annotations

import copy
import json
import re
import os
import shutil
import time
from decimal import Decimal
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import numpy as np

from .. import template as T
from ..registry import DEFAULT_PATH as DEFAULT_REGISTRY
from ..registry import Agency as RegistryAgency
from ..registry import Registry
from . import narrative as N
from . import problems as P
from .city import CITY, Agency, city_agencies, select
from .formats import Rendition, choose, render_direct, render_pdfs
from .numbers import ACTIVE_ADDITIVE, Shift, aggregate, profile, rng, series

DEFAULT_YEARS = tuple(range(2019, 2025))
FILE_PREFIX = "模拟数据_"  # generated reports say so in their file name
TRUTH_VERSION = 1

# problems that change the printed tables (the rest change the text, the date, or the file)
TABLE_KINDS = ("arithmetic_balance", "arithmetic_detail", "arithmetic_column", "review_sum", "negative",
               "not_integer", "blank", "carry_break", "stock_break", "fee_conflict", "missing_table",
               "garbled_labels", "hier_sum")


@dataclass
class Document:
    agency: Agency
    year: int
    printed: dict  # the report as printed (data-contract shape + sections and labels for the renderer)
    rendition: Rendition
    path: str  # relative to out_dir
    problems: list[P.Problem]


def parse_years(text: str) -> tuple[int, ...]:
    """`2019-2024` or `2021` or `2019,2021`."""
    out: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if "-" in part:
            a, b = (int(x) for x in part.split("-", 1))
            out += range(a, b + 1)
        elif part:
            out.append(int(part))
    if not out or any(y < 2019 or y > 2100 for y in out):
        raise ValueError("years must be 2019 or later, e.g. 2019-2024")
    return tuple(sorted(set(out)))


# --- the reports -------------------------------------------------------------------------


def reports(agencies: list[Agency], years: tuple[int, ...], seed: int) -> tuple[list[Document], list[P.Problem]]:
    """Every report of the city as printed, with its problems; and the missing reports."""
    years = list(years)
    children = subordinates(agencies)
    plan, truth = true_tables(agencies, years, seed, children)
    docs: list[Document] = []
    missing: list[P.Problem] = []
    for a in agencies:
        earlier: dict[int, Document] = {}
        for y in years:
            if plan.missing(a.name, y):
                missing.append(P.Problem("missing_report", "MISSING.REPORT", a.name, y, [], P.RATES["missing_report"][2]))
                continue
            doc = _report(a, y, truth[a.name][y], plan, seed, earlier)
            earlier[y] = doc
            docs.append(doc)
    _hierarchy_consequences(docs, children)
    return docs, missing


def true_tables(agencies: list[Agency], years: list[int], seed: int, children: dict[str, list[str]]):
    """The plan of problems, and every agency's true tables by year (before any problem)."""
    plan = P.plan(agencies, years, seed, children)
    truth = {a.name: _series(a, years, plan, seed) for a in agencies}
    # a government's report covers its region: its figures are its subordinates' (all of
    # them, published or not), lower governments first
    for a in sorted((a for a in agencies if a.is_government), key=lambda a: a.level != "county"):
        for y in years:
            truth[a.name][y] = aggregate(truth[a.name][y], [truth[c][y] for c in children.get(a.name, [])])
    return plan, truth


def subordinates(agencies: list[Agency]) -> dict[str, list[str]]:
    """Government -> the agencies registered under it (departments, office, lower governments,
    townships): whom its report sums."""
    names = {a.name for a in agencies}
    out: dict[str, list[str]] = {}
    for a in agencies:
        if a.parent in names:
            out.setdefault(a.parent, []).append(a.name)
    return out


def _series(a: Agency, years: list[int], plan: P.Plan, seed: int):
    templates = {y: T.default_template_for_year(y) for y in years}
    for y in plan.old_template_years.get(a.name, []):
        templates[y] = T.TEMPLATE_2019
    prof = profile(a, seed)
    kind = plan.series.get(a.name)
    if kind == "peer_low":
        prof = replace(prof, shifts=(Shift("requests", years[0], 0.01),), min_requests=1)
    elif kind == "peer_zero":
        prof = replace(prof, zero=frozenset({"penalty", "enforcement"}))
    elif kind == "level_shift":
        prof = replace(prof, shifts=(plan.shifts[a.name],))
    return series(a, years, templates, seed, prof)


def _hierarchy_consequences(docs: list[Document], children: dict[str, list[str]]) -> None:
    """A government's printed figures against the sum of its subordinates' printed ones, as
    HIER.SUM compares them: where a subordinate misprinted (or the government did), the
    finding is expected too, and the manifest says so."""
    printed = {(d.agency.name, d.year): d for d in docs}
    for d in docs:
        kids = children.get(d.agency.name)
        if not d.agency.is_government or not kids:
            continue
        subs = [printed.get((k, d.year)) for k in kids]
        if any(s is None for s in subs):
            continue  # the rule cannot judge a year with a subordinate's report missing
        cells = []
        for table in (T.TABLE_ACTIVE, T.TABLE_REQUESTS, T.TABLE_REVIEW):
            for row, cols in (d.printed.get(table) or {}).items():
                for col, own in cols.items():
                    if own is None or (table == T.TABLE_ACTIVE and (row, col) not in ACTIVE_ADDITIVE):
                        continue
                    parts = [((s.printed.get(table) or {}).get(row) or {}).get(col) for s in subs]
                    if any(p is None for p in parts):
                        continue
                    if Decimal(str(own)) != sum(Decimal(str(p)) for p in parts):
                        cells.append(f"{table}.{row}.{col}")
        if cells and not any(p.rule == "HIER.SUM" for p in d.problems):
            causes = [s.agency.name for s in subs if any(p.cells for p in s.problems if p.kind in TABLE_KINDS)]
            detail = ("下级机关报告有误，汇总与下级之和不符：" + "、".join(causes[:3])) if causes else "本报告数字有误，与下级之和不符"
            d.problems.append(P.Problem("hier_consequence", "HIER.SUM", d.agency.name, d.year, cells, detail))


def _section(doc: "Document", key: str) -> str:
    return next(s["text"] for s in doc.printed["sections"] if s["heading"] and s["heading"].startswith(
        next(x.number for x in T.SECTIONS if x.key == key)))


def _moved_on(text: str) -> str:
    """Last year's text with every year one on: what a copy edited for the new year says."""
    return re.sub(r"(?<!\d)(20\d\d)(?=\s*年)", lambda m: str(int(m.group(1)) + 1), text)


def _report(a: Agency, y: int, t, plan: P.Plan, seed: int, earlier: dict[int, "Document"]) -> Document:
    g = rng(seed, a.name, y, "problem")
    printed = {
        "agency": a.name, "year": y, "template": t.template, "published": _published(a, y, seed),
        T.TABLE_ACTIVE: copy.deepcopy(t.active), T.TABLE_REQUESTS: copy.deepcopy(t.requests),
        T.TABLE_REVIEW: copy.deepcopy(t.review_litigation),
    }
    problems: list[P.Problem] = []
    kind = plan.kind(a.name, y)
    series_kind = plan.series.get(a.name)
    wording = N.Wording()
    if kind in TABLE_KINDS:
        applied = P.apply_tables(kind, printed, g)
        if applied is not None:
            cells, detail = applied
            problems.append(P.Problem(kind, P.RATES[kind][0], a.name, y, cells, detail))
            if kind == "fee_conflict":
                wording = N.Wording(fee_conflict=True)
    elif kind is not None:
        rule, _, detail = P.RATES[kind]
        cells: list[str] = []
        if kind == "text_requests":
            new = printed[T.TABLE_REQUESTS]["new_received"]["total"]
            stated = _misstated(new, g)
            wording = N.Wording(stated_new=stated)
            cells, detail = ["requests.new_received.total"], f"正文称新收申请 {stated} 件，表三为 {new} 件"
        elif kind == "text_year":
            wording = N.Wording(text_year=y - 1)
            detail = f"正文统计期限和年份写作 {y - 1} 年"
        elif kind == "missing_section":
            drop = ("problems", "other")[int(g.integers(2))]
            wording = N.Wording(drop_section=drop)
            detail = "缺少“" + next(s.heading for s in T.SECTIONS if s.key == drop) + "”"
        elif kind == "problems_empty":
            wording = N.Wording(problems_empty=True)
        elif kind == "copied_text":
            wording = N.Wording(copied_problems=_moved_on(_section(earlier[y - 1], "problems")))
            cells, detail = ["sections.problems"], f"“五、存在的主要问题及改进情况”照抄 {y - 1} 年报告，只改了年份"
        elif kind == "late":
            # a government's report covering its region is due by 31 March, a department's by 31 January
            printed["published"] = _late(y, g, 4 if a.is_government else 2)
            detail = f"发布日期 {printed['published']}，晚于 {y + 1} 年 {3 if a.is_government else 1} 月底的期限"
        elif kind == "undated":
            printed["published"] = None
        problems.append(P.Problem(kind, rule, a.name, y, cells, detail))
    if series_kind == "old_template" and t.template == T.TEMPLATE_2019 and y >= 2021:
        problems.append(P.Problem("old_template", "STRUCT.OLD_TEMPLATE", a.name, y, ["active"],
                                  f"{y} 年报告仍使用 2019 版模板"))
    elif series_kind == "peer_low":
        problems.append(P.Problem("peer_low", "PEER.OUTLIER", a.name, y, ["requests.new_received.total"],
                                  f"新收申请 {printed[T.TABLE_REQUESTS]['new_received']['total']} 件，远低于同类机关"))
    elif series_kind == "peer_zero":
        problems.append(P.Problem("peer_zero", "PEER.ZERO", a.name, y,
                                  ["active.penalty.decisions", "active.enforcement.decisions"],
                                  "执法机关行政处罚、行政强制均为 0"))
    elif series_kind == "level_shift":
        shift = plan.shifts[a.name]
        if shift.year == y:
            cell = ("requests.new_received.total" if shift.metric == "requests"
                    else f"active.{shift.metric}.decisions")
            problems.append(P.Problem("level_shift", "YOY.SHIFT", a.name, y, [cell],
                                      f"{shift.metric} 降至上年的约 {shift.factor:.0%}"))

    # the text speaks of the cases as the table prints them (the year's own if table 四 is left out)
    review_for_text = printed.get(T.TABLE_REVIEW) or t.review_litigation
    printed["sections"] = N.sections(
        a, y, t.template, printed[T.TABLE_ACTIVE], printed[T.TABLE_REQUESTS], review_for_text,
        rng(seed, a.name, y, "style"), rng(seed, a.name, y, "facts"), wording,
        N.agenda(rng(seed, a.name, "agenda"), y))
    printed_name = a.name
    if a.aliases and rng(seed, a.name, y, "title").random() < 0.3:
        printed_name = a.aliases[0]
    printed["agency"] = printed_name
    return Document(a, y, printed, Rendition("txt"), "", problems)


def _published(a: Agency, y: int, seed: int) -> str:
    g = rng(seed, a.name, y, "published")
    day = int(g.integers(8, 32))
    if g.random() < 0.1:
        return f"{y + 1}-01"
    return f"{y + 1}-01-{day:02d}"


def _late(y: int, g: np.random.Generator, first_month: int) -> str:
    month = int(g.integers(first_month, 8))
    return f"{y + 1}-{month:02d}-{int(g.integers(1, 29)):02d}"


def _misstated(n: int, g: np.random.Generator) -> int:
    """A number a careless copy would print instead of `n`: digits swapped, or off by some."""
    s = str(n)
    if len(s) >= 2 and s[0] != s[1] and g.random() < 0.5:
        return int(s[1] + s[0] + s[2:])
    return n + int(g.integers(3, 30))


# --- files ---------------------------------------------------------------------------------


def _region(a: Agency) -> str:
    return a.county or f"{CITY}本级"


def file_path(doc: Document) -> str:
    name = f"{FILE_PREFIX}{doc.agency.name}{doc.year}年政府信息公开工作年度报告{doc.rendition.suffix}"
    return f"docs/{doc.year}/{_region(doc.agency)}/{name}"


def _render_direct_task(out_dir: str, items: list[tuple[str, dict, Rendition]]) -> int:
    for path, report, r in items:
        _write(out_dir, path, render_direct(report, r))
    return len(items)


def _render_pdf_task(out_dir: str, items: list[tuple[str, dict, Rendition]]) -> int:
    named = [(str(i), rep, r) for i, (_, rep, r) in enumerate(items)]
    pdfs = render_pdfs(named)
    for i, (path, _, _) in enumerate(items):
        _write(out_dir, path, pdfs[str(i)])
    return len(items)


def _write(out_dir: str, rel: str, data: bytes) -> None:
    target = os.path.join(out_dir, rel)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as fh:
        fh.write(data)


def render_all(out_dir: str, docs: list[Document], jobs: int, progress: Callable[[str], None] | None,
               pdf_batch: int = 120, direct_batch: int = 150) -> None:
    """Write every document; LibreOffice batches start first, the rest fill the workers."""
    pdf_items = [(d.path, d.printed, d.rendition) for d in docs if d.rendition.format in ("pdf", "scan")]
    pdf_items.sort(key=lambda it: it[2].options.get("via") != "docx")  # one LibreOffice import filter per batch
    direct = [(d.path, d.printed, d.rendition) for d in docs if d.rendition.format not in ("pdf", "scan")]
    tasks = [(_render_pdf_task, pdf_items[i:i + pdf_batch]) for i in range(0, len(pdf_items), pdf_batch)]
    tasks += [(_render_direct_task, direct[i:i + direct_batch]) for i in range(0, len(direct), direct_batch)]
    done, total = 0, len(docs)
    if jobs <= 1:
        for fn, items in tasks:
            done += fn(out_dir, items)
            if progress:
                progress(f"[生成] {done}/{total} 份文件")
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(fn, out_dir, items) for fn, items in tasks]
        for f in as_completed(futures):
            done += f.result()
            if progress:
                progress(f"[生成] {done}/{total} 份文件")


def write_registry(path: str, agencies: list[Agency], real_registry: Path | None = DEFAULT_REGISTRY) -> Registry:
    """The city's agencies added to data/agencies.csv (the real reports' agencies), checked by
    the registry as any user's file is, and saved at `path`."""
    base = Registry.load(real_registry) if real_registry is not None and Path(real_registry).exists() else Registry()
    reg = base.upsert(*(RegistryAgency(**a.registry_row()) for a in agencies))
    reg.save(path)
    return reg


def truth_entry(doc: Document) -> dict:
    p = doc.printed
    expected = {"agency": doc.agency.name, "printed_agency": p["agency"], "year": p["year"],
                "template": p["template"], "published": p["published"]}
    for t in T.TABLE_KEYS:
        if p.get(t):
            expected[t] = p[t]
    expected["sections"] = [s["heading"] for s in p["sections"] if s["heading"]]
    return {
        "path": doc.path, "format": doc.rendition.format, "options": doc.rendition.options,
        "agency": doc.agency.name, "year": doc.year, "level": doc.agency.level, "kind": doc.agency.kind,
        "expected": expected, "labels": p.get("labels") or {},
        "problems": [pr.to_json() for pr in doc.problems],
    }


@dataclass
class Summary:
    agencies: int
    documents: int
    formats: dict[str, int]
    problems: int
    missing: int
    seconds: float


def build(out_dir: str, agencies: int | None = None, years: tuple[int, ...] = DEFAULT_YEARS, seed: int = 1,
          jobs: int = 2, progress: Callable[[str], None] | None = None,
          real_registry: Path | None = DEFAULT_REGISTRY) -> Summary:
    """Generate the corpus into `out_dir` (its docs/ is replaced)."""
    start = time.monotonic()
    city = select(city_agencies(), agencies)
    docs, missing = reports(city, years, seed)
    present = {(d.agency.name, d.year) for d in docs}
    undated = {(d.agency.name, d.year) for d in docs if d.printed["published"] is None}
    renditions = choose(city, list(years), present, undated, seed)
    for d in docs:
        d.rendition = renditions[(d.agency.name, d.year)]
        d.path = file_path(d)
    if progress:
        progress(f"[生成] {CITY}：{len(city)} 个机关，{len(years)} 个年度，{len(docs)} 份报告"
                 f"（缺报 {len(missing)} 份）")
    docs_dir = os.path.join(out_dir, "docs")
    shutil.rmtree(docs_dir, ignore_errors=True)
    os.makedirs(docs_dir, exist_ok=True)
    render_all(out_dir, docs, jobs, progress)
    write_registry(os.path.join(out_dir, "agencies.csv"), city, real_registry)
    formats: dict[str, int] = {}
    for d in docs:
        formats[d.rendition.format] = formats.get(d.rendition.format, 0) + 1
    truth = {
        "version": TRUTH_VERSION, "seed": seed, "years": list(years), "city": CITY,
        "agencies": [a.registry_row() for a in city],
        "documents": [truth_entry(d) for d in docs],
        "missing": [m.to_json() for m in missing],
        "rates": {k: {"rule": v[0], "rate": v[1], "what": v[2]} for k, v in P.RATES.items()},
    }
    with open(os.path.join(out_dir, "truth.json"), "w", encoding="utf-8") as fh:
        json.dump(truth, fh, ensure_ascii=False, indent=1, sort_keys=False)
        fh.write("\n")
    n_problems = sum(len(d.problems) for d in docs) + len(missing)
    return Summary(len(city), len(docs), formats, n_problems, len(missing), time.monotonic() - start)
