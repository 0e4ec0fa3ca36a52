"""A parse against hand-read expected values, cell by cell (the truth the parser is measured by).

    compare(expected, actual) -> Comparison

Both sides are reports in the data contract's shape (docs/report-schema.md). Every cell the
expected report has must be there with the same value (blank is `null`, and equals only a
blank); a cell the parse has beyond the expected ones counts only when it holds a non-zero
number; year and template must agree, and the agency names must contain one another (a
title may print 淮安市洪泽区人民政府 where the expected value says 洪泽区人民政府).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .template import TABLE_KEYS

CellKey = tuple[str, str, str]
TOLERANCE = 1e-6  # expected values are printed decimals; a parse stores them as doubles


@dataclass
class Comparison:
    total: int  # expected cells
    wrong: list[tuple[CellKey, Any, Any]] = field(default_factory=list)  # (cell, expected, got or "<missing>")
    extra: list[CellKey] = field(default_factory=list)  # non-zero cells the expected report does not have
    meta: list[str] = field(default_factory=list)  # identity fields that differ

    @property
    def exact(self) -> bool:
        return not (self.wrong or self.extra or self.meta)

    def __iter__(self):
        """`total, wrong, extra, meta = compare(...)`"""
        return iter((self.total, self.wrong, self.extra, self.meta))

    def summary(self, name: str) -> str:
        meta = "meta ok" if not self.meta else "meta " + "; ".join(self.meta)
        return f"{name}: {self.total - len(self.wrong)}/{self.total} cells, {meta}"


def cells(report: dict) -> dict[CellKey, Any]:
    out: dict[CellKey, Any] = {}
    for t in TABLE_KEYS:
        for row, cols in (report.get(t) or {}).items():
            if isinstance(cols, dict):
                for col, v in cols.items():
                    out[(t, row, col)] = v
    return out


def same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return abs(float(a) - float(b)) < TOLERANCE
    except (TypeError, ValueError):
        return False


def compare(expected: dict, actual: dict) -> Comparison:
    want, got = cells(expected), cells(actual)
    out = Comparison(len(want))
    for key, value in want.items():
        if key not in got:
            out.wrong.append((key, value, "<missing>"))
        elif not same(value, got[key]):
            out.wrong.append((key, value, got[key]))
    out.extra = sorted(k for k, v in got.items() if k not in want and v not in (None, 0))
    for name in ("year", "template"):
        if expected.get(name) != actual.get(name):
            out.meta.append(f"{name} {expected.get(name)!r}!={actual.get(name)!r}")
    a, b = expected.get("agency") or "", actual.get("agency") or ""
    if not (a and b and (a in b or b in a)):
        out.meta.append(f"agency {a!r}!={b!r}")
    return out
