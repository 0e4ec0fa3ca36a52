"""Headline metrics: the few numbers per report that are compared across years and peers.

Each metric is defined once here, from template cells, with its Chinese label: the
year-on-year and peer rules (disclosure/checks/) and the dashboard's charts read them
from here. A metric is the sum of its cells (or a ratio of two sums); it is undefined
(None) when the report lacks one of its cells or leaves it blank, and for a template it
does not apply to (table 二's 行政事业性收费 means an amount only in the 2021 layout).
A metric may name a `fallback` metric used where it is undefined: （六）其他处理 is the sum
of its three sub-rows, or the single undivided row a 2019-layout table prints.

The dashboard evaluates the same definitions over many reports at once (`table`), and
rates over a group of agencies as ratios of sums (`aggregate`), never means of ratios.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from . import template as T

COUNT, MONEY, RATIO = "count", "money", "ratio"

Getter = Callable[[str, str, str], "float | None"]  # (table, row, column) -> value


def address(table: str, row: str, column: str) -> str:
    """`requests.denied.state_secret.total`: a cell's address (row keys may hold a dot)."""
    return f"{table}.{row}.{column}"


def split_address(addr: str) -> tuple[str, str, str]:
    table, rest = addr.split(".", 1)
    row, column = rest.rsplit(".", 1)
    return table, row, column


def exact(value: float | int) -> Decimal:
    """A stored DOUBLE as the decimal it was printed as (7730.28, not 7730.2800000000002)."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def exact_sum(values: Iterable[float | int]) -> int | Decimal:
    """The exact sum: an int when every value is an int (counts: the common case, and fast)."""
    values = list(values)
    total = sum(values)
    if type(total) is int:
        return total
    return sum((exact(v) for v in values), Decimal(0))


def plain(number: Decimal | float | int | None) -> int | float | None:
    """A number for display and JSON: 21 rather than 21.0, 7730.28 rather than Decimal."""
    if number is None or type(number) is int:
        return number
    d = number if isinstance(number, Decimal) else exact(number)
    return int(d) if d == d.to_integral_value() else float(d)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str  # shown to users
    unit: str  # 件 / 万元 / %
    kind: str  # count / money / ratio
    cells: tuple[str, ...]  # summed; for a ratio, the numerator
    denominator: tuple[str, ...] = ()  # ratio only
    templates: tuple[str, ...] = (T.TEMPLATE_2021, T.TEMPLATE_2019)
    headline: bool = True  # compared across years (YOY.SHIFT) and peers (PEER.*)
    note: str = ""  # how it is computed, in the words a supervisor reads
    fallback: str | None = None  # key of the metric used where this one is undefined

    @property
    def is_rate(self) -> bool:
        return self.kind == RATIO

    def value(self, template: str, get: Getter) -> float | None:
        own = self._value(template, get)
        if own is None and self.fallback:
            return metric(self.fallback).value(template, get)
        return own

    def _value(self, template: str, get: Getter) -> float | None:
        if template not in self.templates:
            return None
        num = _sum(self.cells, get)
        if num is None or self.kind != RATIO:
            return plain(num)
        den = _sum(self.denominator, get)
        if not den:
            return None
        return float(num / den * 100)

    @property
    def all_cells(self) -> tuple[str, ...]:
        return self.cells + self.denominator


def _sum(cells: tuple[str, ...], get: Getter) -> int | Decimal | None:
    values = [get(*k) for k in _keys(cells)]
    if any(v is None for v in values):
        return None
    return exact_sum(values)


@lru_cache(maxsize=None)
def _keys(cells: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    return tuple(split_address(a) for a in cells)


def _requests(row: str, column: str = "total") -> str:
    return address(T.TABLE_REQUESTS, row, column)


def _review(block: str, column: str = "total") -> str:
    return address(T.TABLE_REVIEW, block, column)


def _active(row: str, column: str) -> str:
    return address(T.TABLE_ACTIVE, row, column)


METRICS: tuple[Metric, ...] = (
    Metric("new_requests", "新收申请数", "件", COUNT, (_requests("new_received"),)),
    Metric("handled_requests", "办结申请数", "件", COUNT, (_requests("total"),), headline=False),
    Metric("disclosure_rate", "公开率", "%", RATIO,
           (_requests("granted"), _requests("partially_granted")), denominator=(_requests("total"),),
           headline=False, note="（予以公开＋部分公开）÷ 办结申请数"),
    Metric("licensing", "行政许可", "件", COUNT, (_active("licensing", "decisions"),)),
    Metric("penalty", "行政处罚", "件", COUNT, (_active("penalty", "decisions"),)),
    Metric("enforcement", "行政强制", "件", COUNT, (_active("enforcement", "decisions"),)),
    Metric("fees", "行政事业性收费", "万元", MONEY, (_active("fees", "amount_wan"),),
           templates=(T.TEMPLATE_2021,)),
    Metric("reviews", "行政复议", "件", COUNT, (_review("review"),)),
    Metric("lawsuits", "行政诉讼", "件", COUNT,
           (_review("litigation_direct"), _review("litigation_after_review"))),
)
# --- what the dashboard compares besides the headline metrics ---------------------------------


def _rows(group: str) -> tuple[str, ...]:
    return tuple(_requests(r.key) for r in T.REQUEST_ROWS_2021 if r.group == group)


def _short(label: str) -> str:
    """（三）不予公开 → 不予公开; （二）部分公开（区分处理的，…） → 部分公开; 一、本年新收… → 本年新收…"""
    label = re.sub(r"^[一二三四五六七八九十]+、", "", label)
    label = re.sub(r"^（[一二三四五六七八九十]+）", "", label)
    return re.sub(r"（[^）]*）$", "", label)


def _count(key: str, label: str, cells: tuple[str, ...], **kw) -> Metric:
    return Metric(key, label, "件", COUNT, cells, headline=False, **kw)


def _rate(key: str, label: str, cells: tuple[str, ...], denominator: tuple[str, ...], note: str) -> Metric:
    return Metric(key, label, "%", RATIO, cells, denominator=denominator, headline=False, note=note)


def _group_count(group: str, **kw) -> Metric:
    return _count(group, _short(T.REQUESTS_GROUP_LABELS[group]), _rows(group), **kw)


_HANDLED = (_requests("total"),)
_LITIGATION = (_review("litigation_direct"), _review("litigation_after_review"))
_LITIGATION_CORRECTED = (_review("litigation_direct", "corrected"), _review("litigation_after_review", "corrected"))

# The outcome categories of table 三, in printed order: the stacked bars and the Sankey.
OUTCOMES: tuple[Metric, ...] = (
    _count("granted", _short(T.request_row("granted").label), (_requests("granted"),)),
    _count("partially_granted", _short(T.request_row("partially_granted").label), (_requests("partially_granted"),)),
    _group_count("denied"),
    _group_count("unable"),
    _group_count("not_processed"),
    _count("other_handling", _short(T.REQUESTS_GROUP_LABELS["other"]), _rows("other"), fallback="other_single"),
)
# Who applied: the applicant columns of 本年新收.
APPLICANTS: tuple[Metric, ...] = tuple(
    _count(f"applicant.{c.key}", c.label, (_requests("new_received", c.key),)) for c in T.REQUEST_COLUMNS[:-1]
)

DASHBOARD: tuple[Metric, ...] = (
    _rate("granted_rate", "予以公开率", (_requests("granted"),), _HANDLED, "予以公开 ÷ 办结申请数"),
    _rate("denial_rate", "不予公开率", _rows("denied"), _HANDLED, "不予公开 ÷ 办结申请数"),
    _rate("unable_rate", "无法提供率", _rows("unable"), _HANDLED, "无法提供 ÷ 办结申请数"),
    _rate("not_processed_rate", "不予处理率", _rows("not_processed"), _HANDLED, "不予处理 ÷ 办结申请数"),
    _rate("carry_forward_rate", "结转率", (_requests("carried_forward"),),
          (_requests("new_received"), _requests("carried_over")), "结转下年度 ÷（本年新收＋上年结转）"),
    _rate("natural_person_share", "自然人申请占比", (_requests("new_received", "natural_person"),),
          (_requests("new_received"),), "自然人新收申请 ÷ 新收申请数"),
    _rate("review_correction_rate", "复议纠错率", (_review("review", "corrected"),), (_review("review"),),
          "行政复议结果纠正 ÷ 行政复议总计"),
    _rate("litigation_correction_rate", "诉讼纠错率", _LITIGATION_CORRECTED, _LITIGATION,
          "行政诉讼结果纠正 ÷ 行政诉讼总计"),
    _rate("dispute_rate", "复议诉讼发生率", (_review("review"), *_LITIGATION), _HANDLED,
          "（行政复议＋行政诉讼）÷ 办结申请数"),
    _count("carried_over", _short(T.request_row("carried_over").label), (_requests("carried_over"),)),
    *OUTCOMES,
    _count("carried_forward", _short(T.request_row("carried_forward").label), (_requests("carried_forward"),)),
    _count("review_corrected", "行政复议结果纠正", (_review("review", "corrected"),)),
    _count("litigation_corrected", "行政诉讼结果纠正", _LITIGATION_CORRECTED),
    *APPLICANTS,
)
# Used only where another metric is undefined: not offered for comparison on its own.
HELPERS: tuple[Metric, ...] = (
    _count("other_single", _short(T.REQUESTS_GROUP_LABELS["other"]), (_requests("other"),)),
)
# What the dashboard offers to compare, headline metrics first.
COMPARABLE: tuple[Metric, ...] = tuple(m for m in METRICS + DASHBOARD if not m.key.startswith("applicant."))

METRICS_BY_KEY = {m.key: m for m in METRICS + DASHBOARD + HELPERS}
HEADLINE = tuple(m for m in METRICS if m.headline)


def metric(key: str) -> Metric:
    return METRICS_BY_KEY[key]


# --- many reports at once (the dashboard) ------------------------------------------------------

NUM, DEN = ":num", ":den"  # column suffixes of a rate's numerator and denominator in table()


def _with_fallbacks(chosen: Iterable[Metric] | None) -> set[Metric]:
    chosen = tuple(chosen or METRICS_BY_KEY.values())
    return {metric(m.fallback) for m in chosen if m.fallback} | set(chosen)


def addresses(chosen: Iterable[Metric] | None = None) -> list[str]:
    """The cell addresses `table` reads for these metrics (all by default)."""
    return sorted({a for m in _with_fallbacks(chosen) for a in m.all_cells})


def table(cells: pd.DataFrame, templates: pd.Series, chosen: Iterable[Metric] | None = None) -> pd.DataFrame:
    """Every metric of every report, as Metric.value gives it one report at a time.

    `cells`: long form (report_id, address, value), addresses as `address()` writes them;
    `templates`: report_id -> template. One row per report_id of `templates`; one column
    per metric (NaN where undefined), and for each rate its numerator and denominator
    (key + NUM / DEN, defined where the rate is) so that groups can be aggregated as
    ratios of sums.
    """
    wanted = _with_fallbacks(chosen)
    needed = addresses(wanted)
    keep = cells["address"].isin(needed)
    wide = (cells.loc[keep].pivot(index="report_id", columns="address", values="value")
            .reindex(index=templates.index, columns=needed).to_numpy(dtype="float64"))
    column = {a: i for i, a in enumerate(needed)}
    template = templates.to_numpy()
    out: dict[str, np.ndarray] = {}

    def strict_sum(summed: tuple[str, ...]) -> np.ndarray:
        return wide[:, [column[a] for a in summed]].sum(axis=1)  # NaN if any is blank

    def compute(m: Metric) -> np.ndarray:
        if m.key in out:
            return out[m.key]
        num = np.where(np.isin(template, m.templates), strict_sum(m.cells), np.nan)
        if m.kind == RATIO:
            den = strict_sum(m.denominator)
            with np.errstate(divide="ignore", invalid="ignore"):
                value = np.where(den != 0, num / den * 100, np.nan)
            defined = ~np.isnan(value)
            out[m.key + NUM], out[m.key + DEN] = np.where(defined, num, np.nan), np.where(defined, den, np.nan)
        else:
            value = num
        if m.fallback:
            value = np.where(np.isnan(value), compute(metric(m.fallback)), value)
        out[m.key] = value
        return value

    for m in sorted(wanted, key=lambda m: m.key):
        compute(m)
    return pd.DataFrame(out, index=templates.index)


def aggregate(frame: pd.DataFrame, m: Metric | str, by: str | list[str]) -> pd.DataFrame:
    """The metric per group of `by` (columns: by…, value, reports): a sum for counts and
    amounts, a ratio of sums for rates over the reports where the rate is defined."""
    m = metric(m) if isinstance(m, str) else m
    keys = [by] if isinstance(by, str) else list(by)
    if m.kind != RATIO:
        grouped = frame.groupby(keys, dropna=False)[m.key]
        return pd.DataFrame({"value": grouped.sum(min_count=1), "reports": grouped.count()}).reset_index()
    grouped = frame.groupby(keys, dropna=False)
    num, den = grouped[m.key + NUM].sum(min_count=1), grouped[m.key + DEN].sum(min_count=1)
    return pd.DataFrame({"value": num / den.where(den != 0) * 100, "reports": grouped[m.key].count()}).reset_index()
