"""Headline metrics: the few numbers per report that are compared across years and peers.

Each metric is defined once here, from template cells, with its Chinese label: the
year-on-year and peer rules (disclosure/checks/) and the dashboard's charts read them
from here. A metric is the sum of its cells (or a ratio of two sums); it is undefined
(None) when the report lacks one of its cells or leaves it blank, and for a template it
does not apply to (table 二's 行政事业性收费 means an amount only in the 2021 layout).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Callable, Iterable

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

    def value(self, template: str, get: Getter) -> float | None:
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
    Metric("disclosure_rate", "公开率（予以公开与部分公开占办结数）", "%", RATIO,
           (_requests("granted"), _requests("partially_granted")), denominator=(_requests("total"),),
           headline=False),
    Metric("licensing", "行政许可", "件", COUNT, (_active("licensing", "decisions"),)),
    Metric("penalty", "行政处罚", "件", COUNT, (_active("penalty", "decisions"),)),
    Metric("enforcement", "行政强制", "件", COUNT, (_active("enforcement", "decisions"),)),
    Metric("fees", "行政事业性收费", "万元", MONEY, (_active("fees", "amount_wan"),),
           templates=(T.TEMPLATE_2021,)),
    Metric("reviews", "行政复议", "件", COUNT, (_review("review"),)),
    Metric("lawsuits", "行政诉讼", "件", COUNT,
           (_review("litigation_direct"), _review("litigation_after_review"))),
)
METRICS_BY_KEY = {m.key: m for m in METRICS}
HEADLINE = tuple(m for m in METRICS if m.headline)


def metric(key: str) -> Metric:
    return METRICS_BY_KEY[key]
