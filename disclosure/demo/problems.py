"""Problems injected into the demo corpus at known rates, and the manifest that records them.

Each kind of problem is the case of one rule of the catalog (`disclosure/checks/`). It is
planned before anything is drawn (some change how an agency's numbers are generated) and
applied to the printed report, so the manifest says exactly what a reader of the document
sees. An agency-year carries at most one problem, and agencies given a whole-series
problem (peer outliers, zero reporters, level shifts, old template) carry no other, so
every finding can be traced to one cause.

An injection keeps the rest of the report consistent: an arithmetic error breaks one
identity and no other, a broken carry-over chain keeps the year's own table balanced.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from .. import template as T
from .city import Agency
from .numbers import APPLICANTS, Shift, rng

# problem kind -> (rule code, share of eligible agency-years, what it is)
RATES: dict[str, tuple[str, float, str]] = {
    "arithmetic_balance": ("T3.BALANCE", 0.012, "表三某列 一+二 ≠ 三（七）+四"),
    "arithmetic_detail": ("T3.DETAIL_SUM", 0.012, "表三某列各办理结果之和 ≠ （七）总计"),
    "arithmetic_column": ("T3.COLUMN_SUM", 0.01, "表三某行总计 ≠ 六类申请人之和"),
    "review_sum": ("T4.SUM", 0.01, "表四某项 维持+纠正+其他+尚未审结 ≠ 总计"),
    "negative": ("VAL.NEGATIVE", 0.004, "表四出现负数"),
    "not_integer": ("VAL.NOT_INTEGER", 0.004, "件数出现小数"),
    "blank": ("VAL.BLANK", 0.02, "应填 0 的单元格留空"),
    "text_requests": ("TXT.REQUESTS", 0.015, "正文所述申请数与表三不符"),
    "text_year": ("TXT.YEAR", 0.015, "正文年份写成上一年"),
    "missing_section": ("STRUCT.SECTIONS", 0.01, "缺少法定章节"),
    "missing_table": ("STRUCT.TABLE_MISSING", 0.01, "缺少表四"),
    "garbled_labels": ("STRUCT.LABELS", 0.02, "表三行名错漏"),
    "problems_empty": ("NARR.PROBLEMS_EMPTY", 0.015, "“存在的主要问题”一节为空话"),
    "fee_conflict": ("NARR.FEE_CONFLICT", 0.008, "称未发收费通知，表三却有逾期未缴费"),
    "late": ("TIME.LATE", 0.03, "1月31日后发布"),
    "undated": ("TIME.LATE", 0.015, "报告未注明发布日期"),
    "carry_break": ("XY.CARRY", 0.015, "上年结转 ≠ 上年报告的结转下年度"),
    "stock_break": ("XY.STOCK", 0.015, "现行有效件数与上年不衔接"),
    "copied_text": ("XY.COPY", 0.02, "正文照抄上年"),
    "missing_report": ("MISSING.REPORT", 0.02, "当年未发布报告"),
    "hier_sum": ("HIER.SUM", 0.005, "政府汇总报告与下级之和不符"),
}
# whole-series problems: how many agencies
SERIES_COUNTS = {
    "old_template": ("STRUCT.OLD_TEMPLATE", 0.04, "2021 年后仍用 2019 版模板"),
    "peer_low": ("PEER.OUTLIER", 3, "申请数远低于同类机关"),
    "peer_zero": ("PEER.ZERO", 4, "执法机关处罚、强制均报 0"),
    "level_shift": ("YOY.SHIFT", 8, "数量较上年骤降"),
}

# kinds that enforce (penalties and coercive measures are their daily work)
ENFORCEMENT_KINDS = ("public_security", "market_regulation", "urban_management", "transport", "ecology")
# kinds that receive many applications
BUSY_KINDS = ("government", "public_security", "natural_resources", "housing", "human_resources")
# kinds whose county bureaus get dozens of applications: a handful is far below their peers
LOW_KINDS = ("public_security", "natural_resources", "housing")

# label garbles seen in real reports (copy errors, OCR, retyping)
GARBLES = {
    "requests": {
        "not_processed.complaint": "1.住房举报投诉类申请",
        "denied.prohibited_by_law": "2.其他法律行政止公开",
        "unable.not_held": "1.本机关不掌握相关信息",
        "denied.three_securities": "3.危及三安全一稳定",
        "not_processed.duplicate": "2.重复申请的",
        "denied.process_info": "6.属于四类过程信息",
        "other.no_correction": "1.申请人无正当理由逾期不予补正，行政机关不再处理其政府信息公开申请",
        "unable.needs_creation": "2.没有现成信息需另行制作",
    },
    "groups": {"unable": "（四）无价提供", "not_processed": "（五）不予处理的"},
}


@dataclass
class Problem:
    kind: str
    rule: str
    agency: str
    year: int
    cells: list[str] = field(default_factory=list)  # table.row.column of the cells involved
    detail: str = ""

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Plan:
    """Which problem each agency-year gets, decided before any number is drawn."""

    by_year: dict[tuple[str, int], str] = field(default_factory=dict)  # (agency, year) -> kind
    series: dict[str, str] = field(default_factory=dict)  # agency -> whole-series kind
    old_template_years: dict[str, list[int]] = field(default_factory=dict)
    shifts: dict[str, Shift] = field(default_factory=dict)

    def kind(self, agency: str, year: int) -> str | None:
        return self.by_year.get((agency, year))

    def missing(self, agency: str, year: int) -> bool:
        return self.by_year.get((agency, year)) == "missing_report"


def plan(agencies: list[Agency], years: list[int], seed: int, children: dict[str, list[str]] | None = None) -> Plan:
    g = rng(seed, "plan")
    p = Plan()
    county = [a for a in agencies if a.level == "county"]

    def take(pool: list[Agency], n: int) -> list[Agency]:
        pool = [a for a in pool if a.name not in p.series]
        idx = g.permutation(len(pool))[:n]
        return [pool[i] for i in sorted(idx)]

    def take_distinct(pool: list[Agency], n: int) -> list[Agency]:
        out: list[Agency] = []
        for a in take(pool, len(pool)):
            if a.kind not in {b.kind for b in out} and len(out) < n:
                out.append(a)
        return out

    later = [y for y in years if y >= 2021]
    if later:
        pool = [a for a in agencies if not a.is_government and a.level != "township"]
        for a in take(pool, max(1, round(SERIES_COUNTS["old_template"][1] * len(pool)))):
            p.series[a.name] = "old_template"
            p.old_template_years[a.name] = later[: int(g.integers(1, min(3, len(later)) + 1))]
    # one per kind: a peer group with two outliers would move its own median
    for a in take_distinct([a for a in county if a.kind in LOW_KINDS], SERIES_COUNTS["peer_low"][1]):
        p.series[a.name] = "peer_low"
    for a in take_distinct([a for a in county if a.kind in ENFORCEMENT_KINDS], SERIES_COUNTS["peer_zero"][1]):
        p.series[a.name] = "peer_zero"
    if len(years) >= 2:
        # city agencies have no peers of their level, so a drop there is a year-on-year finding only
        pool = [a for a in agencies if a.level == "city" and not a.is_government
                and (a.kind in BUSY_KINDS or a.kind in ENFORCEMENT_KINDS or a.kind == "administrative_approval")]
        for a in take(pool, SERIES_COUNTS["level_shift"][1]):
            p.series[a.name] = "level_shift"
            metric = "requests" if a.kind in BUSY_KINDS else ("licensing" if a.kind == "administrative_approval"
                                                              else "penalty")
            # below a fifth of last year's: what YOY.SHIFT calls a sharp change
            p.shifts[a.name] = Shift(metric, years[int(g.integers(1, len(years)))], float(g.uniform(0.05, 0.12)))

    free = [(a, y) for a in agencies if a.name not in p.series for y in years]
    # the missing reports first: cross-year problems must not sit next to one
    _assign(p, g, free, "missing_report", lambda a, y: not a.is_government)
    first = years[0]
    for kind in RATES:
        if kind == "missing_report":
            continue
        _assign(p, g, free, kind, _eligible(kind, p, first, children or {}))
    return p


def _eligible(kind: str, p: Plan, first: int, children: dict[str, list[str]]):
    def prev_present(a: Agency, y: int) -> bool:
        return y > first and not p.missing(a.name, y - 1)

    if kind == "carry_break":
        return prev_present
    if kind == "copied_text":  # last year's section 五 must be there to copy
        return lambda a, y: prev_present(a, y) and p.kind(a.name, y - 1) not in ("problems_empty", "missing_section")
    if kind == "stock_break":
        return lambda a, y: y >= 2022 and prev_present(a, y)
    if kind == "fee_conflict":
        return lambda a, y: y >= 2021
    if kind == "arithmetic_column":
        return lambda a, y: a.level != "township"  # needs applications to misprint
    if kind == "hier_sum":
        # a government whose subordinates all reported that year (else the sum cannot be checked)
        return lambda a, y: a.is_government and not any(p.missing(c, y) for c in children.get(a.name, []))
    return lambda a, y: True


def _assign(p: Plan, g: np.random.Generator, free: list, kind: str, ok) -> None:
    rate = RATES[kind][1]
    pool = [(a, y) for a, y in free if (a.name, y) not in p.by_year and ok(a, y)]
    n = min(len(pool), int(round(rate * len(free))))
    for i in sorted(g.permutation(len(pool))[:n]):
        a, y = pool[i]
        p.by_year[(a.name, y)] = kind


# --- applying a problem to the printed tables ----------------------------------------------


def _cell(table: str, row: str, col: str) -> str:
    return f"{table}.{row}.{col}"


def apply_tables(kind: str, report: dict, g: np.random.Generator) -> tuple[list[str], str] | None:
    """Change the report's tables for a problem of `kind`; (cells, detail), or None when this
    report cannot carry it (the caller then records nothing)."""
    req = report.get(T.TABLE_REQUESTS) or {}
    rev = report.get(T.TABLE_REVIEW) or {}
    act = report.get(T.TABLE_ACTIVE) or {}
    d = int(g.integers(1, 10))
    if kind == "arithmetic_balance":
        c = _busiest(req, "new_received")
        req["new_received"][c] += d
        req["new_received"]["total"] += d
        return [_cell("requests", "new_received", c), _cell("requests", "new_received", "total")], f"新收申请多计 {d} 件"
    if kind == "arithmetic_detail":
        if not req["total"]["total"]:
            return None  # a report that closed no application says so in its text: no sum to get wrong
        c = _busiest(req, "granted")
        req["granted"][c] += d
        req["granted"]["total"] += d
        return [_cell("requests", "granted", c), _cell("requests", "granted", "total")], f"予以公开多计 {d} 件"
    if kind == "arithmetic_column":
        # one row's 总计 too high, another's too low: every column total still adds up
        outcomes = [k for k in req if T.request_row(k).outcome]
        donor = max(outcomes, key=lambda k: req[k]["total"])
        if req[donor]["total"] < 1:
            return None
        d = min(d, req[donor]["total"])
        taker = "granted" if donor != "granted" else "partially_granted"
        req[taker]["total"] += d
        req[donor]["total"] -= d
        return ([_cell("requests", taker, "total"), _cell("requests", donor, "total")],
                f"{taker} 总计列多计 {d} 件、{donor} 少计 {d} 件")
    if kind == "review_sum":
        block = ("review", "litigation_direct", "litigation_after_review")[int(g.integers(3))]
        rev[block]["total"] += d
        return [_cell("review_litigation", block, "total")], f"{block} 总计多计 {d} 件"
    if kind == "negative":
        block = "review"
        rev[block]["other"] = -int(g.integers(1, 3))
        rev[block]["total"] = sum(rev[block][k] for k in ("upheld", "corrected", "other", "pending"))
        return [_cell("review_litigation", block, "other")], "行政复议 其他结果 为负数"
    if kind == "not_integer":
        row = "licensing" if "licensing" in act else None
        if row is None:
            return None
        act[row]["decisions"] = act[row]["decisions"] + 0.5
        return [_cell("active", row, "decisions")], "行政许可处理决定数为小数"
    if kind == "blank":
        cells = []
        for row in [k for k in req if k.startswith(("denied.", "not_processed."))]:
            for c, v in req[row].items():
                if v == 0:
                    req[row][c] = None
                    cells.append(_cell("requests", row, c))
        return (cells, "（三）（五）项的 0 均留空") if cells else None
    if kind == "carry_break":
        # more carried over than last year carried forward, closed as granted: the year's own
        # table still balances, only the chain between the two reports breaks
        c = _busiest(req, "carried_over")
        for row in ("carried_over", "granted", "total"):
            req[row][c] += d
            req[row]["total"] += d
        return ([_cell("requests", "carried_over", c), _cell("requests", "carried_over", "total")],
                f"上年结转比上年报告的结转下年度多 {d} 件")
    if kind == "stock_break":
        row = act.get("normative_documents")
        if not row or "issued" not in row:
            return None
        row["issued"] += d
        return [_cell("active", "normative_documents", "issued")], f"本年制发件数多计 {d} 件，现行有效件数未随之变化"
    if kind == "fee_conflict":
        if "other.unpaid_fee" not in req:
            return None
        # one application closed because the fee notice went unpaid (taken from another
        # outcome, or a new application when there was none): the table still balances
        donor = next((k for k in ("other.other", "other.no_correction", "granted") if req[k]["natural_person"] >= 1),
                     "new_received")
        sign = -1 if donor != "new_received" else 1
        req[donor]["natural_person"] += sign
        req[donor]["total"] += sign
        rows = ("other.unpaid_fee",) if donor != "new_received" else ("other.unpaid_fee", "total")
        for row in rows:
            req[row]["natural_person"] += 1
            req[row]["total"] += 1
        return ([_cell("requests", "other.unpaid_fee", "natural_person")],
                "第六部分称未发出收费通知，表三“逾期未按收费通知缴纳费用”为 1")
    if kind == "hier_sum":
        # more applications granted than the subordinates' reports add up to; the table itself balances
        c = _busiest(req, "new_received")
        for row in ("new_received", "granted", "total"):
            req[row][c] += d
            req[row]["total"] += d
        return ([_cell("requests", r, k) for r in ("new_received", "granted", "total") for k in (c, "total")],
                f"新收、予以公开、总计各多计 {d} 件，与下级机关报告之和不符")
    if kind == "missing_table":
        report.pop(T.TABLE_REVIEW, None)
        return ["review_litigation"], "缺少表四（行政复议、行政诉讼情况）"
    if kind == "garbled_labels":
        rows = [k for k in GARBLES["requests"] if k in req]
        pick = [rows[i] for i in sorted(g.permutation(len(rows))[: int(g.integers(1, 4))])]
        labels = {"requests": {k: GARBLES["requests"][k] for k in pick}}
        if g.random() < 0.5:
            grp = list(GARBLES["groups"])[int(g.integers(len(GARBLES["groups"])))]
            labels["groups"] = {grp: GARBLES["groups"][grp]}
        report["labels"] = labels
        return [_cell("requests", k, "*") for k in pick], "行名印错：" + "、".join(labels["requests"].values())
    return [], RATES[kind][2] if kind in RATES else ""


def _busiest(req: dict, row: str) -> str:
    return max(APPLICANTS, key=lambda c: (req[row][c], c == "natural_person"))
