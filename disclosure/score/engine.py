"""A rule pack over the stored reports and findings: each agency's score for each year.

For each agency-year in scope (expected by the registry, or reported) and each item of
the pack:

- its deductions count the findings that match them (rule codes, severity, family, a
  threshold on the evidence) and that count in the mode: 从严, every finding not dismissed;
  从宽, only confirmed ones. A deduction counts per finding (每处) or once per report;
  the item loses at most its cap (扣完为止);
- a deduction that cannot be assessed (its report prints no date, leaves a blank cell in a
  table it checks, lacks the table) makes the item 无法判断 — unless the deductions that
  could be assessed already take the whole cap. An item 无法判断 earns nothing until a
  person judges it, and says why: never a silent full score;
- without a report: where the absence counts in the mode (MISSING.REPORT, not dismissed or
  confirmed), every item is lost (未报送); where it does not (从宽 and not yet confirmed),
  every item is 无法判断.

得分 = 分值 − 扣分 − 无法判断的分值; agencies are ranked by it within each year (ties share
a rank). 整改情况 reads the rectifications of the agency-year.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from .. import template as T
from .packs import LENIENT, PER_REPORT, Deduction, Item, Needs, Pack

MISSING_RULE = "MISSING.REPORT"
ASSESSED, UNKNOWN = "assessed", "unknown"
TABLE_NAMES = {key: f"表{T.TABLE_NUMBERS[key]}" for key in T.TABLE_KEYS}


@dataclass
class Hit:
    """A finding a deduction counted: what the drill-down shows as its evidence."""
    fingerprint: str
    rule: str
    rule_title: str
    message: str
    cells: list[str]
    review_state: str
    report_id: int | None
    evidence: dict


@dataclass
class Line:
    deduction: Deduction
    amount: float
    hits: list[Hit]


@dataclass
class ItemScore:
    item: Item
    status: str  # assessed / unknown
    deducted: float  # within the cap (for an item 无法判断: what was found anyway)
    lines: list[Line] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # why it could not be assessed

    @property
    def score(self) -> float | None:
        return None if self.status == UNKNOWN else self.item.points - self.deducted


@dataclass
class Score:
    agency_id: int
    agency: str
    year: int
    report_id: int | None
    source_name: str | None
    items: list[ItemScore]
    points: float
    rectification: dict[str, int] = field(default_factory=dict)  # status -> count
    rank: int = 0
    grade: str = ""

    @property
    def deducted(self) -> float:
        return _round(sum(i.deducted for i in self.items if i.status == ASSESSED))

    @property
    def unknown_points(self) -> float:
        return _round(sum(i.item.points for i in self.items if i.status == UNKNOWN))

    @property
    def score(self) -> float:
        return _round(self.points - self.deducted - self.unknown_points)

    @property
    def rate(self) -> float:
        return 100 * self.score / self.points if self.points else 0.0


def _round(x: float) -> float:
    return round(x + 0.0, 2)


def counts(review_state: str, mode: str) -> bool:
    """Whether a finding in this review state counts in the mode."""
    return review_state == "confirmed" if mode == LENIENT else review_state != "dismissed"


def _json(value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    return json.loads(value) if isinstance(value, str) else value


def _above(deduction: Deduction, hit_evidence: dict, actual) -> bool:
    for field_, bound in deduction.above:
        value = hit_evidence.get(field_) if isinstance(hit_evidence, dict) else None
        if value is None:
            continue  # the finding carries no such measure (XY.COPY beside XA.COPY's ratio): it counts
        try:
            if not float(value) > bound:
                return False
        except (TypeError, ValueError):
            return False
    return True


def _unmet(needs: Needs, subject) -> list[str]:
    why = []
    if needs.published and not (isinstance(subject.published, str) and subject.published):
        why.append("报告未注明发布日期")
    tables = set(subject.tables) if subject.tables is not None else set()
    blanks = set(subject.blank_tables) if subject.blank_tables is not None else set()
    for t in needs.tables:
        if t not in tables:
            why.append(f"报告缺少{TABLE_NAMES.get(t, t)}")
    for t in needs.no_blank:
        if t in blanks:
            why.append(f"{TABLE_NAMES.get(t, t)}有空白单元格，无法核对")
    return why


def _item_for_report(item: Item, subject, findings: list[dict], mode: str) -> ItemScore:
    lines, unknown = [], []
    for d in item.deductions:
        if d.missing:
            continue  # the report is there
        why = _unmet(item.needs | d.needs, subject)
        if why:
            unknown += [f"{d.title}：{w}" for w in why]
            continue
        hits = [f for f in findings if d.matches(f["rule"], f["severity"], f["family"])
                and counts(f["review_state"], mode) and _above(d, f["evidence"], f["actual"])]
        if not hits:
            continue
        amount = d.points if d.per == PER_REPORT else d.points * len(hits)
        lines.append(Line(d, amount, [_hit(f) for f in hits]))
    deducted = min(item.limit, sum(line.amount for line in lines))
    status = UNKNOWN if unknown and deducted < item.limit else ASSESSED
    return ItemScore(item, status, _round(deducted), lines, list(dict.fromkeys(unknown)) if status == UNKNOWN else [])


def _item_without_report(item: Item, missing: list[dict], mode: str, expected: bool) -> ItemScore:
    counted = [f for f in missing if counts(f["review_state"], mode)]
    if counted:
        line = next((d for d in item.deductions if d.missing), None)
        title = line.title if line else "未报送年度报告，本项不得分"
        deduction = line or Deduction(title, item.limit, missing=True, per=PER_REPORT)
        return ItemScore(item, ASSESSED, item.limit, [Line(deduction, item.limit, [_hit(f) for f in counted])])
    if missing and mode == LENIENT:
        why = "未收到年度报告，缺报问题尚未确认"
    elif not expected:
        why = "未收到年度报告（名录未要求本年度报送）"
    else:
        why = "未收到年度报告：名录要求报送，缺报规则没有报出（同类机关不足等），需人工核实"
    return ItemScore(item, UNKNOWN, 0.0, [], [why])


def _hit(f: dict) -> Hit:
    cells = f["cells"]
    return Hit(f["fingerprint"], f["rule"], f.get("rule_title") or "", f["message"], [] if cells is None else list(cells),
               f["review_state"], None if pd.isna(f["report_id"]) else int(f["report_id"]), f["evidence"] or {})


def score(pack: Pack, subjects: pd.DataFrame, findings: pd.DataFrame, rectifications: pd.DataFrame | None = None,
          mode: str | None = None) -> list[Score]:
    """Every subject's score (queries/score_subjects.sql, scope_findings.sql, rectifications.sql rows)."""
    mode = mode or pack.mode
    by_subject: dict[tuple[int, int], list[dict]] = {}
    for f in findings.to_dict("records"):
        f["evidence"] = _json(f["evidence"]) or {}
        f["actual"] = _json(f["actual"])
        by_subject.setdefault((int(f["agency_id"]), int(f["year"])), []).append(f)
    rect: dict[tuple[int, int], dict[str, int]] = {}
    if rectifications is not None:
        for r in rectifications.itertuples():
            counts_ = rect.setdefault((int(r.agency_id), int(r.year)), {})
            counts_[r.status] = counts_.get(r.status, 0) + 1
    out = []
    for s in subjects.itertuples():
        key = (int(s.agency_id), int(s.year))
        found = by_subject.get(key, [])
        if pd.isna(s.report_id):
            missing = [f for f in found if f["rule"] == MISSING_RULE]
            items = [_item_without_report(i, missing, mode, bool(s.expected)) for i in pack.items]
            report_id = None
        else:
            items = [_item_for_report(i, s, found, mode) for i in pack.items]
            report_id = int(s.report_id)
        out.append(Score(key[0], s.agency, key[1], report_id, None if pd.isna(s.source_name) else s.source_name,
                         items, pack.points, rect.get(key, {})))
    _rank(out, pack)
    return out


def _rank(scores: list[Score], pack: Pack) -> None:
    """Rank within each year, best first; equal scores share a rank (1, 2, 2, 4)."""
    by_year: dict[int, list[Score]] = {}
    for s in scores:
        by_year.setdefault(s.year, []).append(s)
    for year_scores in by_year.values():
        year_scores.sort(key=lambda s: (-s.score, s.deducted, s.agency))
        previous, rank = None, 0
        for i, s in enumerate(year_scores, start=1):
            if s.score != previous:
                rank, previous = i, s.score
            s.rank = rank
            s.grade = pack.grade(s.rate)
    scores.sort(key=lambda s: (-s.year, s.rank, s.agency))


def points(x: float) -> str:
    """−0.5, −5: a deduction as the sheet writes it."""
    return f"{float(x):g}"


def reasons(s: Score) -> list[str]:
    """失分原因: each deduction with its findings and cells, and each item 无法判断 with why."""
    out = []
    for it in s.items:
        for line in it.lines:
            found = "；".join(f"{h.rule} {h.message}" + (f"〔{'、'.join(h.cells)}〕" if h.cells else "") for h in line.hits)
            out.append(f"{it.item.title}−{points(line.amount)}（{line.deduction.title}）：{found}")
        if it.status == UNKNOWN:
            out.append(f"{it.item.title}无法判断：{'；'.join(it.unknown)}")
    return out


def rectification_text(s: Score) -> str:
    from ..rectify import STATE_LABELS

    return "，".join(f"{label} {s.rectification[k]}" for k, label in STATE_LABELS.items() if s.rectification.get(k))


def load(con, pack: Pack, scope: dict, mode: str | None = None, today: date | None = None) -> list[Score]:
    """The scores of the agency-years in `scope` (years, regions, levels, kinds lists), read on `con`."""
    from .. import queries
    from ..rectify import listing

    params = {"years": [], "regions": [], "levels": [], "kinds": [], **scope}
    subjects = queries.run(con, "score_subjects", **params)
    findings = queries.run(con, "scope_findings", **params)
    return score(pack, subjects, findings, listing(con, params, today), mode)
