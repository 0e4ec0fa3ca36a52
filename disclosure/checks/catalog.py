"""The rule catalog: every check a supervisor runs, as data plus a function.

A rule has a stable code (part of the interface: findings, reviews and the dashboard key
on it), a severity, a Chinese title and one-line message template, a doc paragraph with
an example, and a function over the stored corpus that yields findings. Rules register
themselves with `@rule(...)` in their family's module; `CATALOG` lists them in the order
of `FAMILIES`.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Iterable

from ..metrics import plain

if TYPE_CHECKING:
    from .corpus import Corpus, StoredReport

ERROR, WARNING, INFO = "error", "warning", "info"
# What a rule's findings depend on (disclosure/checks/run.py recomputes just the parts a
# write touched): one report; an agency's reports of every year; a peer group (kind,
# level, year); a year's registered agencies; a government's report with its
# subordinates' of that year.
REPORT, AGENCY, PEERS, MISSING, HIERARCHY = "report", "agency", "peers", "missing", "hierarchy"
# … and a report with the other agencies' reports of its year whose text signatures meet its own
COPIES = "copies"
SCOPES = (REPORT, AGENCY, PEERS, MISSING, HIERARCHY, COPIES)
SEVERITIES = (ERROR, WARNING, INFO)
SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告", INFO: "提示"}

# family key -> Chinese name, in catalog order
FAMILIES = {
    "arithmetic": "表内勾稽",
    "values": "数值",
    "text": "正文与表格",
    "structure": "结构与模板",
    "narrative": "正文内容",
    "timing": "发布时间",
    "cross_year": "跨年度",
    "cross_agency": "跨机关",
    "peers": "同类比较",
    "hierarchy": "上下级",
}


@dataclass
class Finding:
    rule: str
    severity: str
    agency_id: int
    agency: str  # canonical name: with year, rule and cells, the key a review is kept under
    year: int
    report_id: int | None  # None when the finding is about a report that is missing
    cells: tuple[str, ...]  # `table.row.column` addresses in this report
    message: str
    expected: Any = None
    actual: Any = None
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.agency, self.year, self.rule, self.cells)


def fingerprint(agency: str, year: int, rule: str, cells: Iterable[str]) -> str:
    """Stable id of a finding: the same agency, year, rule and cells give the same id."""
    key = "\x1f".join([agency, str(year), rule, *sorted(cells)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


Check = Callable[["Rule", "Corpus"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    family: str
    title: str  # 中文标题
    message: str  # 中文一行消息模板，str.format 字段由检查函数给出
    doc: str  # 中文说明：查什么、何时不查
    example: str  # 中文示例：一条会报出的情形
    check: Check
    scope: str = REPORT  # what its findings depend on (SCOPES)

    def finding(self, report: "StoredReport", cells: Iterable[str] = (), expected: Any = None,
                actual: Any = None, evidence: dict | None = None, **fields: Any) -> Finding:
        """A finding of this rule on a stored report; `fields` fill the message template."""
        return self.finding_for(report.agency_id, report.agency, report.year, report.report_id,
                                cells, expected, actual, evidence, **fields)

    def finding_for(self, agency_id: int, agency: str, year: int, report_id: int | None,
                    cells: Iterable[str] = (), expected: Any = None, actual: Any = None,
                    evidence: dict | None = None, **fields: Any) -> Finding:
        shown = {k: _shown(v) for k, v in fields.items()}
        shown.setdefault("expected", _shown(expected))
        shown.setdefault("actual", _shown(actual))
        return Finding(
            rule=self.code,
            severity=self.severity,
            agency_id=agency_id,
            agency=agency,
            year=year,
            report_id=report_id,
            cells=tuple(cells),
            message=self.message.format(**shown),
            expected=_jsonable(expected),
            actual=_jsonable(actual),
            evidence=_jsonable(evidence or {}),
        )


def _shown(value: Any) -> Any:
    if isinstance(value, (float, Decimal)):
        return plain(value)
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (float, Decimal)):
        return plain(value)
    return value


_RULES: dict[str, Rule] = {}


def rule(code: str, severity: str, family: str, title: str, message: str, doc: str, example: str,
         scope: str = REPORT):
    """Register the decorated function as the check of rule `code`; `scope` says what its
    findings depend on (one report by default)."""
    if severity not in SEVERITIES:
        raise ValueError(f"{code}: severity must be one of {SEVERITIES}")
    if scope not in SCOPES:
        raise ValueError(f"{code}: scope must be one of {SCOPES}")
    if family not in FAMILIES:
        raise ValueError(f"{code}: unknown family {family!r}")

    def register(fn: Check) -> Check:
        if code in _RULES:
            raise ValueError(f"rule {code} registered twice")
        _RULES[code] = Rule(code, severity, family, title, message, doc, example, fn, scope)
        return fn

    return register


def catalog() -> list[Rule]:
    """Every registered rule, by family then in the order its module defines them."""
    order = list(FAMILIES)
    return sorted(_RULES.values(), key=lambda r: order.index(r.family))


def get(code: str) -> Rule:
    try:
        return _RULES[code]
    except KeyError:
        raise KeyError(f"unknown rule {code!r}") from None
