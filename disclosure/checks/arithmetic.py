"""Identities within one report's tables (the 勾稽关系 the template itself prints).

A sum with a blank cell in it is not assessable: no finding (VAL.BLANK reports the blank).
Sums are exact (decimal), so money never fails on float rounding.
"""
from __future__ import annotations

from functools import lru_cache

from .. import template as T
from ..metrics import address, exact_sum
from .catalog import ERROR, rule
from .corpus import StoredReport

R, V = T.TABLE_REQUESTS, T.TABLE_REVIEW
_COLUMN_LABELS = {c.key: c.label for c in T.REQUEST_COLUMNS}
_REVIEW_PARTS = tuple(c.key for c in T.REVIEW_COLUMNS if c.key != "total")
# outcome rows of each layout of （六）: three other.* rows (2021) or the single `other` row
_OUTCOMES_SPLIT = tuple(r.key for r in T.REQUEST_ROWS_2021 if r.outcome)
_OUTCOMES_SINGLE = tuple(r.key for r in T.REQUEST_ROWS_2019 if r.outcome)


def _values(report: StoredReport, keys: list[tuple[str, str, str]]):
    """The values of these cells, or None when one is absent or blank (not assessable)."""
    values = list(map(report.cells.get, keys))
    return None if None in values else values


def mismatch(report: StoredReport, total_key, part_keys) -> tuple | None:
    """(sum of the parts, the printed total) when they differ and none is blank."""
    total = report.cells.get(total_key)
    if total is None:
        return None
    parts = _values(report, part_keys)
    if parts is None:
        return None
    expected = exact_sum(parts)
    return (expected, total) if expected != exact_sum([total]) else None


@lru_cache(maxsize=None)
def _row_keys(table: str, rows: tuple[str, ...], column: str) -> tuple:
    """(table, row, column) of these rows in one column: made once, not per report."""
    return tuple((table, r, column) for r in rows)


@lru_cache(maxsize=None)
def _column_keys(table: str, row: str, columns: tuple[str, ...]) -> tuple:
    """(table, row, column) of these columns in one row."""
    return tuple((table, row, c) for c in columns)


def outcome_rows(report: StoredReport) -> tuple[str, ...] | None:
    """The outcome rows whose sum is （七）总计, by the layout of （六） the report prints."""
    split = any(report.has(R, k) for k in _OUTCOMES_SPLIT if k.startswith("other."))
    single = report.has(R, "other")
    if split == single:  # neither layout, or both: cannot tell what sums to the total
        return None
    rows = _OUTCOMES_SPLIT if split else _OUTCOMES_SINGLE
    return rows if all(report.has(R, k) for k in rows) else None


def _checkable(corpus):
    return (r for r in corpus.reports if not r.legacy)


@rule(
    "T3.BALANCE", ERROR, "arithmetic",
    title="表三首尾不平衡",
    message="表三“{column}”列：一、本年新收加二、上年结转为 {expected}，（七）总计加四、结转下年度为 {actual}",
    doc="表三每一列都应满足表头注明的勾稽关系：第一项（本年新收）加第二项（上年结转）之和，"
        "等于第三项的（七）总计加第四项（结转下年度继续办理）之和。四个单元格中有空白的列不作判断。",
    example="某局“总计”列本年新收 21 件、上年结转 0 件，办理结果总计 20 件、结转下年度 0 件：21 + 0 ≠ 20 + 0。",
)
def balance(rule, corpus):
    for rep in _checkable(corpus):
        for col in T.REQUEST_COLUMN_KEYS:
            keys = [(R, "new_received", col), (R, "carried_over", col), (R, "total", col), (R, "carried_forward", col)]
            vals = _values(rep, keys)
            if vals is None:
                continue
            left, right = exact_sum(vals[:2]), exact_sum(vals[2:])
            if left != right:
                yield rule.finding(rep, [address(*k) for k in keys], expected=left, actual=right,
                                   column=_COLUMN_LABELS[col])


@rule(
    "T3.DETAIL_SUM", ERROR, "arithmetic",
    title="表三办理结果合计不符",
    message="表三“{column}”列：（七）总计为 {actual}，各项办理结果之和为 {expected}",
    doc="表三每一列的（七）总计应等于（一）予以公开至（六）其他处理各行之和。（六）其他处理按报告实际印制的"
        "版式计算：分为三项的（2021 年模板）取三项，未分项的（2019 年模板）取单独一行。"
        "该列有空白单元格、或缺少办理结果行时不作判断。",
    example="神池县教育科技局 2023 年报告“自然人”列（四）1.本机关不掌握相关政府信息为 1 件，（七）总计却为 0。",
)
def detail_sum(rule, corpus):
    for rep in _checkable(corpus):
        rows = outcome_rows(rep)
        if rows is None:
            continue
        for col in T.REQUEST_COLUMN_KEYS:
            found = mismatch(rep, (R, "total", col), _row_keys(R, rows, col))
            if found:
                counted = {r: rep.value(R, r, col) for r in rows if rep.value(R, r, col)}
                cells = [address(R, "total", col)] + [address(R, r, col) for r in counted]
                evidence = {"rows": {T.row_label(R, r): v for r, v in counted.items()}}
                yield rule.finding(rep, cells, expected=found[0], actual=found[1], evidence=evidence,
                                   column=_COLUMN_LABELS[col])


@rule(
    "T3.COLUMN_SUM", ERROR, "arithmetic",
    title="表三申请人合计不符",
    message="表三“{row}”行：总计为 {actual}，六类申请人之和为 {expected}",
    doc="表三每一行的“总计”列应等于自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他六列之和。"
        "该行有空白单元格时不作判断。",
    example="某区政府“一、本年新收政府信息公开申请数量”行自然人 21 件、其他各列 0，总计却填 12。",
)
def column_sum(rule, corpus):
    for rep in _checkable(corpus):
        for row in sorted(r for t, r in rep.rows if t == R):
            keys = _column_keys(R, row, T.APPLICANT_COLUMN_KEYS)
            found = mismatch(rep, (R, row, "total"), keys)
            if found:
                cells = [address(R, row, "total")] + [address(*k) for k in keys]
                yield rule.finding(rep, cells, expected=found[0], actual=found[1], row=T.row_label(R, row))


@rule(
    "T4.SUM", ERROR, "arithmetic",
    title="表四合计不符",
    message="表四“{block}”：总计为 {actual}，结果维持、结果纠正、其他结果、尚未审结之和为 {expected}",
    doc="表四的行政复议、未经复议直接起诉、复议后起诉三组，每组的总计应等于结果维持、结果纠正、其他结果、"
        "尚未审结四项之和。该组有空白单元格时不作判断。",
    example="洪泽区人民政府 2023 年报告行政复议结果维持 10 件、结果纠正 1 件，总计却为 0。",
)
def review_sum(rule, corpus):
    for rep in _checkable(corpus):
        for block in (r.key for r in T.REVIEW_ROWS):
            keys = _column_keys(V, block, _REVIEW_PARTS)
            found = mismatch(rep, (V, block, "total"), keys)
            if found:
                cells = [address(V, block, "total")] + [address(*k) for k in keys]
                yield rule.finding(rep, cells, expected=found[0], actual=found[1], block=T.row_label(V, block))
