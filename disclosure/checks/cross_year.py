"""The same agency's report against its report for the year before."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import template as T
from ..metrics import COUNT, HEADLINE, MONEY, address, exact_sum
from ..parse.values import normalize
from .catalog import AGENCY, ERROR, WARNING, rule

R, A = T.TABLE_REQUESTS, T.TABLE_ACTIVE
_COLUMN_LABELS = {c.key: c.label for c in T.REQUEST_COLUMNS}
_STOCK_ROWS = tuple(r.key for r in T.template(T.TEMPLATE_2021).table(A).rows
                    if "in_force" in r.column_keys)


def _pairs(corpus):
    for rep in corpus.reports:
        prev = corpus.previous(rep)
        if prev is not None and not rep.legacy and not prev.legacy:
            yield rep, prev


@rule(
    "XY.CARRY", ERROR, "cross_year", scope=AGENCY,
    title="上年结转与上年报告不符",
    message="表三“{column}”列：二、上年结转为 {actual}，{prev_year} 年报告四、结转下年度为 {expected}",
    doc="本年报告的“二、上年结转政府信息公开申请数量”应等于同一机关上一年度报告的“四、结转下年度继续办理”，逐列比较。"
        "任一方留空、或没有上一年度报告时不作判断。",
    example="某局 2022 年报告结转下年度 3 件，2023 年报告上年结转却为 0。",
)
def carry(rule, corpus):
    for rep, prev in _pairs(corpus):
        for col in T.REQUEST_COLUMN_KEYS:
            now, before = rep.value(R, "carried_over", col), prev.value(R, "carried_forward", col)
            if now is None or before is None or exact_sum([now]) == exact_sum([before]):
                continue
            yield rule.finding(rep, [address(R, "carried_over", col)], expected=before, actual=now,
                               evidence={"previous_report_id": prev.report_id,
                                         "previous_cell": address(R, "carried_forward", col)},
                               column=_COLUMN_LABELS[col], prev_year=prev.year)


@rule(
    "XY.STOCK", WARNING, "cross_year", scope=AGENCY,
    title="现行有效件数与上年不衔接",
    message="表二“{row}”：现行有效 {actual} 件，按上年现行有效 {prev_in_force} + 本年制发 {issued} − 本年废止 {repealed} 应为 {expected} 件",
    doc="2021 年模板表二的规章、行政规范性文件：本年现行有效件数应等于上年报告的现行有效件数加本年制发件数、减本年废止件数。"
        "修订（废旧立新算作一废一立或都不算）等原因可以解释差异，所以只作警告。两年都须是 2021 年模板。",
    example="某市 2022 年现行有效规范性文件 66 件，2023 年制发 8 件、废止 2 件，2023 年报告现行有效却为 80 件（应为 72）。",
)
def stock(rule, corpus):
    for rep, prev in _pairs(corpus):
        if rep.template != T.TEMPLATE_2021 or prev.template != T.TEMPLATE_2021:
            continue
        for row in _STOCK_ROWS:
            before = prev.value(A, row, "in_force")
            issued, repealed, now = (rep.value(A, row, c) for c in ("issued", "repealed", "in_force"))
            if None in (before, issued, repealed, now):
                continue
            expected = exact_sum([before, issued]) - exact_sum([repealed])
            if expected != exact_sum([now]):
                cells = [address(A, row, c) for c in ("in_force", "issued", "repealed")]
                yield rule.finding(rep, cells, expected=expected, actual=now,
                                   evidence={"previous_report_id": prev.report_id, "previous_in_force": before},
                                   row=T.row_label(A, row), prev_in_force=before, issued=issued, repealed=repealed)


# percent alike at which a section counts as copied: the problems section should be new
# every year (copying it says nothing was fixed); the overview is allowed its boilerplate
# and counts only as a near-verbatim copy. Sections 二–四 introduce the tables and 六 is
# formulaic (信息处理费…), alike by nature.
COPY_THRESHOLDS = {"problems": 80, "overview": 95}
COPY_MIN_LENGTH = 80  # characters; shorter sections ("无。") are alike by nature
_SECTION_HEADINGS = {s.key: s.heading for s in T.SECTIONS}


@lru_cache(maxsize=16384)
def _comparable(text: str) -> str:
    """Text without spaces, with every number as #: a copy with updated figures is a copy."""
    return re.sub(r"\d+(?:\.\d+)?", "#", normalize(text))


def copied_sections(rep, prev) -> list[tuple[str, float]]:
    """(section key, similarity %) of the sections copied from last year, problems first."""
    from rapidfuzz import fuzz  # why here: only this rule needs it

    out = []
    for key, threshold in COPY_THRESHOLDS.items():
        now, before = rep.section(key), prev.section(key)
        if now is None or before is None:
            continue
        a, b = _comparable(now.text), _comparable(before.text)
        if min(len(a), len(b)) < COPY_MIN_LENGTH:
            continue
        score = fuzz.ratio(a, b, score_cutoff=threshold)  # 0 below it: no full comparison needed
        if score >= threshold:
            out.append((key, round(score, 1)))
    return out


@rule(
    "XY.COPY", WARNING, "cross_year", scope=AGENCY,
    title="照抄上年报告",
    message="与 {prev_year} 年报告文字基本相同：{sections}",
    doc="同一机关本年报告与上年报告同一部分的文字相似度（忽略空格；数字一律视为相同，改了年份和数字的照抄仍算照抄）："
        "“五、存在的主要问题及改进情况”达到 80% 及以上（问题每年应有新内容，照抄说明没有整改），"
        "“一、总体情况”达到 95% 及以上（总体情况允许套话，只报几乎逐字照抄）。第二至四部分是统计表的引言，"
        "第六部分多为信息处理费等固定表述，不比较；少于 80 字的部分（如“无。”）也不比较。",
    example="某局 2023 年报告第五部分与 2022 年报告第五部分只差年份，相似度 98%。",
)
def copy(rule, corpus):
    for rep, prev in _pairs(corpus):
        copied = copied_sections(rep, prev)
        if copied:
            names = "、".join(f"{_SECTION_HEADINGS[k]}（{s:g}%）" for k, s in copied)
            yield rule.finding(rep, [], expected=f"< {COPY_THRESHOLDS[copied[0][0]]}%", actual=copied[0][1],
                               evidence={"previous_report_id": prev.report_id,
                                         "sections": {k: s for k, s in copied}},
                               prev_year=prev.year, sections=names)


YOY_FACTOR = 5
YOY_MIN = {COUNT: 20, MONEY: 20}  # below this on both sides, a ×5 move is a few cases, not news


def shift(now: float, before: float) -> float:
    """How many times larger (>1) or smaller (<1) `now` is, smoothed by one for zeros."""
    return (now + 1) / (before + 1)


@rule(
    "YOY.SHIFT", WARNING, "cross_year", scope=AGENCY,
    title="主要指标同比剧变",
    message="{metric}从 {prev_year} 年的 {expected} 变为 {actual}（{change}）",
    doc="同一机关的主要指标（新收申请数、行政许可、行政处罚、行政强制、行政事业性收费、行政复议、行政诉讼，"
        "定义见 disclosure/metrics.py）比上年增加到 5 倍以上或减少到 1/5 以下。两年都小于 20 时不报（几件之差不说明问题）；"
        "为容纳 0，按（值 + 1）计算倍数。常见原因：单位错（元与万元）、漏填、统计口径改变。",
    example="某县 2022 年行政处罚 4119 件，2023 年填 41 件。",
)
def yoy(rule, corpus):
    for rep, prev in _pairs(corpus):
        for m in HEADLINE:
            if m.kind not in YOY_MIN:
                continue
            now, before = rep.metric(m), prev.metric(m)
            if now is None or before is None or min(now, before) < 0 or max(now, before) < YOY_MIN[m.kind]:
                continue
            factor = shift(now, before)
            if 1 / YOY_FACTOR <= factor <= YOY_FACTOR:
                continue
            change = f"增至 {factor:.1f} 倍" if factor > 1 else f"降至 1/{1 / factor:.1f}"
            history = {str(r.year): r.metric(m) for r in corpus.history(rep.agency_id)}
            yield rule.finding(rep, m.cells, expected=before, actual=now,
                               evidence={"metric": m.key, "factor": round(factor, 3), "history": history},
                               metric=m.label, prev_year=prev.year, change=change)

