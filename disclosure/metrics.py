"""Headline figures and derived rates of a report, defined once.

A *figure* is a number of one report: the sum of some cells (公开 = 予以公开 + 部分公开 …).
A *metric* is what a supervisor compares: a figure, or a rate = the sum of numerator
figures over the sum of denominator figures (公开率 = (予以公开+部分公开)/总计). Rates of a
group of agencies (a region, a peer group) are ratios of sums, never means of ratios.

Table 三 rows are read by their 总计 column; where a report leaves a row's 总计 blank but
fills the applicant columns (the 2019 template invites that), the applicant columns' sum
stands in. A figure whose cells are all blank is blank (NaN), not zero.

    figures(cells) -> DataFrame   one row per report_id, one column per FIGURES key
    value(frame, metric) -> Series      the metric per report
    aggregate(frame, metric, by) -> DataFrame   the metric per group (ratio of sums)
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import template as T

Cell = tuple[str, str, str]  # (table, row, column)
TOTAL = "total"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    cells: tuple[Cell, ...]  # summed; a report has only some of them (2019 vs 2021 columns)
    unit: str = "件"


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    numerator: tuple[str, ...]  # figure keys, summed
    denominator: tuple[str, ...] = ()  # empty: the metric is the numerator itself
    note: str = ""  # how it is computed, in words a supervisor reads
    unit: str = "件"

    @property
    def is_rate(self) -> bool:
        return bool(self.denominator)


def short_label(label: str) -> str:
    """（三）不予公开 → 不予公开; （二）部分公开（区分处理的，…） → 部分公开; 一、本年新收… → 本年新收…"""
    label = re.sub(r"^[一二三四五六七八九十]+、", "", label)
    label = re.sub(r"^（[一二三四五六七八九十]+）", "", label)
    return re.sub(r"（[^）]*）$", "", label)


def _request_rows(group: str | None = None, key: str | None = None) -> tuple[str, ...]:
    return tuple(r.key for r in T.REQUEST_ROWS_ANY if (key is None or r.key == key)
                 and (group is None or r.group == group or (group == "other" and r.key == "other")))


def _requests(*rows: str, column: str = TOTAL) -> tuple[Cell, ...]:
    return tuple((T.TABLE_REQUESTS, r, column) for r in rows)


def _row_figure(key: str) -> Figure:
    return Figure(key, short_label(T.request_row(key).label), _requests(key))


def _group_figure(group: str) -> Figure:
    return Figure(group if group != "other" else "other_handling",
                  short_label(T.REQUESTS_GROUP_LABELS[group]), _requests(*_request_rows(group)))


# The outcome categories of table 三 (what the stacked bars and the Sankey show), in order.
OUTCOME_FIGURES = (
    _row_figure("granted"),
    _row_figure("partially_granted"),
    _group_figure("denied"),
    _group_figure("unable"),
    _group_figure("not_processed"),
    _group_figure("other"),
)
# Who applied: the applicant columns of 本年新收.
APPLICANT_FIGURES = tuple(
    Figure(f"applicant.{c.key}", c.label, _requests("new_received", column=c.key)) for c in T.REQUEST_COLUMNS[:-1]
)


def _review(rows: tuple[str, ...], column: str) -> tuple[Cell, ...]:
    return tuple((T.TABLE_REVIEW, r, column) for r in rows)


_LITIGATION = ("litigation_direct", "litigation_after_review")


def _active(row: str, *columns: str) -> tuple[Cell, ...]:
    return tuple((T.TABLE_ACTIVE, row, c) for c in columns)


FIGURES: tuple[Figure, ...] = (
    _row_figure("new_received"),
    _row_figure("carried_over"),
    *OUTCOME_FIGURES,
    Figure("handled", "办理结果总计", _requests("total")),
    _row_figure("carried_forward"),
    *APPLICANT_FIGURES,
    Figure("review_total", "行政复议总计", _review(("review",), TOTAL)),
    Figure("review_corrected", "行政复议结果纠正", _review(("review",), "corrected")),
    Figure("litigation_total", "行政诉讼总计", _review(_LITIGATION, TOTAL)),
    Figure("litigation_corrected", "行政诉讼结果纠正", _review(_LITIGATION, "corrected")),
    # 2021 prints 本年制发件数, 2019 本年新制作数量: a report has one of the two
    Figure("regulations_issued", "本年制发规章", _active("regulations", "issued", "made")),
    Figure("normative_issued", "本年制发行政规范性文件", _active("normative_documents", "issued", "made")),
    Figure("normative_in_force", "现行有效行政规范性文件", _active("normative_documents", "in_force", "total_published")),
    Figure("licensing_decisions", "行政许可处理决定", _active("licensing", "decisions")),
    Figure("penalty_decisions", "行政处罚处理决定", _active("penalty", "decisions")),
    Figure("enforcement_decisions", "行政强制处理决定", _active("enforcement", "decisions")),
)
FIGURE_BY_KEY = {f.key: f for f in FIGURES}


def _count(figure: Figure) -> Metric:
    return Metric(figure.key, figure.label, (figure.key,), unit=figure.unit)


_OUTCOME_KEYS = tuple(f.key for f in OUTCOME_FIGURES)

METRICS: tuple[Metric, ...] = (
    Metric("disclosure_rate", "公开率", ("granted", "partially_granted"), ("handled",),
           "（予以公开＋部分公开）÷办理结果总计", unit="%"),
    Metric("granted_rate", "予以公开率", ("granted",), ("handled",), "予以公开÷办理结果总计", unit="%"),
    Metric("denial_rate", "不予公开率", ("denied",), ("handled",), "不予公开÷办理结果总计", unit="%"),
    Metric("unable_rate", "无法提供率", ("unable",), ("handled",), "无法提供÷办理结果总计", unit="%"),
    Metric("not_processed_rate", "不予处理率", ("not_processed",), ("handled",), "不予处理÷办理结果总计", unit="%"),
    Metric("other_handling_rate", "其他处理率", ("other_handling",), ("handled",), "其他处理÷办理结果总计", unit="%"),
    Metric("carry_forward_rate", "结转率", ("carried_forward",), ("new_received", "carried_over"),
           "结转下年度÷（本年新收＋上年结转）", unit="%"),
    Metric("natural_person_share", "自然人申请占比", ("applicant.natural_person",), ("new_received",),
           "自然人新收申请÷本年新收申请", unit="%"),
    Metric("review_correction_rate", "复议纠错率", ("review_corrected",), ("review_total",),
           "行政复议结果纠正÷行政复议总计", unit="%"),
    Metric("litigation_correction_rate", "诉讼纠错率", ("litigation_corrected",), ("litigation_total",),
           "行政诉讼结果纠正÷行政诉讼总计", unit="%"),
    Metric("dispute_rate", "复议诉讼发生率", ("review_total", "litigation_total"), ("handled",),
           "（行政复议＋行政诉讼）÷办理结果总计", unit="%"),
    *(_count(FIGURE_BY_KEY[k]) for k in (
        "new_received", "carried_over", "handled", *_OUTCOME_KEYS, "carried_forward",
        "review_total", "review_corrected", "litigation_total", "litigation_corrected",
        "regulations_issued", "normative_issued", "normative_in_force",
        "licensing_decisions", "penalty_decisions", "enforcement_decisions",
    )),
)
METRIC_BY_KEY = {m.key: m for m in METRICS}


def metric(key: str) -> Metric:
    try:
        return METRIC_BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown metric {key!r}") from None


# --- computing ---------------------------------------------------------------------------------

_APPLICANTS = list(T.APPLICANT_COLUMN_KEYS)
_CELL_COLUMNS = ["table_key", "row_key", "column_key"]
_NEEDED_INDEX = {c: i for i, c in enumerate(dict.fromkeys(c for f in FIGURES for c in f.cells))}
_NEEDED = pd.DataFrame(list(_NEEDED_INDEX), columns=_CELL_COLUMNS).assign(cell=range(len(_NEEDED_INDEX)))


def _request_totals(cells: pd.DataFrame) -> pd.DataFrame:
    """Table 三 cells with each row's 总计 filled from the applicant columns where blank."""
    req = cells[cells["table_key"] == T.TABLE_REQUESTS]
    if req.empty:
        return req
    wide = req.pivot(index=["report_id", "row_key"], columns="column_key", values="value")
    for c in _APPLICANTS + [TOTAL]:
        if c not in wide.columns:
            wide[c] = np.nan
    fallback = wide[_APPLICANTS].sum(axis=1, min_count=1)
    filled = wide[TOTAL].where(wide[TOTAL].notna(), fallback)
    totals = filled.rename("value").reset_index()
    totals["table_key"], totals["column_key"] = T.TABLE_REQUESTS, TOTAL
    return totals


def figures(cells: pd.DataFrame) -> pd.DataFrame:
    """One row per report_id, one column per figure; NaN where every cell of a figure is blank.

    `cells` is long form: report_id, table_key, row_key, column_key, value.
    """
    rest = cells[~((cells["table_key"] == T.TABLE_REQUESTS) & (cells["column_key"] == TOTAL))]
    long = pd.concat([rest[["report_id", *_CELL_COLUMNS, "value"]], _request_totals(cells)], ignore_index=True)
    long = long.merge(_NEEDED, on=_CELL_COLUMNS)  # only the cells some figure reads
    table = long.pivot(index="report_id", columns="cell", values="value")
    reports = pd.Index(cells["report_id"].unique(), name="report_id")
    table = table.reindex(index=reports, columns=range(len(_NEEDED)))
    out = pd.DataFrame(index=reports)
    for f in FIGURES:
        out[f.key] = table[[_NEEDED_INDEX[c] for c in f.cells]].sum(axis=1, min_count=1)
    return out


def _sum(frame: pd.DataFrame, keys: tuple[str, ...]) -> pd.Series:
    return frame[list(keys)].sum(axis=1, min_count=1)


def value(frame: pd.DataFrame, m: Metric | str) -> pd.Series:
    """The metric for each row of `frame` (a figures() frame); NaN where it is undefined (÷0, blank)."""
    m = metric(m) if isinstance(m, str) else m
    num = _sum(frame, m.numerator)
    if not m.is_rate:
        return num
    den = _sum(frame, m.denominator)
    return (num / den.where(den > 0)).where(num.notna())


def aggregate(frame: pd.DataFrame, m: Metric | str, by: str | list[str]) -> pd.DataFrame:
    """The metric per group of `by`: a sum for counts, a ratio of sums for rates.

    Only reports where the rate is defined count toward a rate's numerator and denominator,
    so an agency that left its table blank does not pull its group's rate down.
    """
    m = metric(m) if isinstance(m, str) else m
    num = _sum(frame, m.numerator)
    keys = [by] if isinstance(by, str) else list(by)
    parts = frame[keys].copy()
    if not m.is_rate:
        parts["value"] = num
        grouped = parts.groupby(keys, dropna=False)
        return grouped["value"].sum(min_count=1).to_frame().assign(reports=grouped["value"].count()).reset_index()
    den = _sum(frame, m.denominator)
    ok = num.notna() & (den > 0)
    parts["num"], parts["den"] = num.where(ok), den.where(ok)
    grouped = parts.groupby(keys, dropna=False)
    out = grouped[["num", "den"]].sum(min_count=1)
    out["value"] = out["num"] / out["den"].where(out["den"] > 0)
    out["reports"] = grouped["num"].count()
    return out.reset_index()
