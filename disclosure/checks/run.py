"""Running the catalog over the store, keeping its findings, and reviewing them.

A run replaces every finding (in one transaction). Reviews live apart, keyed by the
finding's fingerprint (agency, year, rule, cells), and no run deletes one: a supervisor's
"confirmed" or "dismissed" meets its finding again after re-ingest and re-check.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from time import perf_counter

import pandas as pd

from ..model import DisclosureError
from .catalog import Finding, catalog
from .corpus import load

CONFIRMED, DISMISSED = "confirmed", "dismissed"
REVIEW_STATES = {CONFIRMED: "已确认", DISMISSED: "已排除"}


@dataclass
class CheckRun:
    findings: list[Finding]
    seconds: float
    reports: int
    rule_seconds: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # a rule that crashed, in Chinese


def run_checks(con, codes: set[str] | None = None, store: bool = True) -> CheckRun:
    """Check every stored report with every rule (or those in `codes`); store the findings."""
    start = perf_counter()
    corpus = load(con)
    findings: dict[str, Finding] = {}
    timings: dict[str, float] = {}
    errors: list[str] = []
    for rule in catalog():
        if codes and rule.code not in codes:
            continue
        t = perf_counter()
        try:
            for f in rule.check(rule, corpus):
                findings.setdefault(f.fingerprint, f)
        except Exception as exc:  # one broken rule must not take the others' findings with it
            errors.append(f"规则 {rule.code} 运行出错：{type(exc).__name__}: {exc}")
        timings[rule.code] = perf_counter() - t
    run = CheckRun(list(findings.values()), 0.0, len(corpus.reports), timings, errors)
    run.seconds = perf_counter() - start
    if store:
        _store(con, run, codes)
    return run


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _store(con, run: CheckRun, codes: set[str] | None = None) -> None:
    """Replace the findings (of the rules in `codes` only, when given)."""
    rules = pd.DataFrame.from_records(
        [(r.code, r.severity, r.family, r.title, r.message, r.doc) for r in catalog()],
        columns=["code", "severity", "family", "title", "message", "doc"],
    )
    rows = pd.DataFrame.from_records(
        [(f.fingerprint, f.rule, f.severity, f.report_id, f.agency_id, f.agency, f.year, _json(list(f.cells)),
          f.message, _json(f.expected), _json(f.actual), _json(f.evidence)) for f in run.findings],
        columns=["fingerprint", "rule", "severity", "report_id", "agency_id", "agency", "year", "cells",
                 "message", "expected", "actual", "evidence"],
    ).astype({"report_id": "Int64"})
    con.execute("BEGIN TRANSACTION")
    try:
        if codes:
            con.execute("DELETE FROM findings WHERE list_contains(?, rule)", [sorted(codes)])
        else:
            con.execute("DELETE FROM findings")
        con.execute("DELETE FROM rules")
        con.register("_rules", rules)
        con.execute("INSERT INTO rules SELECT code, severity, family, title, message, doc FROM _rules")
        if len(rows):
            con.register("_findings", rows)
            con.execute(
                """INSERT INTO findings (fingerprint, rule, severity, report_id, agency_id, agency, year, cells,
                                         message, expected, actual, evidence)
                   SELECT fingerprint, rule, severity, report_id, agency_id, agency, year,
                          from_json(cells, '["VARCHAR"]'), message, expected, actual, evidence
                   FROM _findings"""
            )
        con.execute("INSERT INTO check_runs (seconds, reports, findings) VALUES (?, ?, ?)",
                    [run.seconds, run.reports, len(run.findings)])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        for name in ("_rules", "_findings"):
            try:
                con.unregister(name)
            except Exception:
                pass


def review(con, ref: str, state: str | None, note: str | None = None) -> dict:
    """Confirm or dismiss (state None: reopen) the finding whose fingerprint starts with `ref`."""
    if state is not None and state not in REVIEW_STATES:
        raise DisclosureError(f"审核状态应为 {'、'.join(REVIEW_STATES)} 之一")
    ref = ref.strip().lower()
    if len(ref) < 4:
        raise DisclosureError("发现编号太短：至少给出前 4 位")
    rows = con.execute(
        "SELECT fingerprint, agency, year, rule, cells, message FROM findings WHERE starts_with(fingerprint, ?)",
        [ref],
    ).fetchall()
    if not rows:
        raise DisclosureError(f"没有编号为 {ref} 的发现（先运行 disclosure check）")
    if len(rows) > 1:
        raise DisclosureError(f"编号 {ref} 对应 {len(rows)} 条发现，请多给几位")
    fp, agency, year, rule, cells, message = rows[0]
    if state is None:
        con.execute("DELETE FROM reviews WHERE fingerprint = ?", [fp])
    else:
        con.execute(
            """INSERT INTO reviews (fingerprint, agency, year, rule, cells, state, note, reviewed_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (fingerprint) DO UPDATE SET state = excluded.state, note = excluded.note,
                   reviewed_at = excluded.reviewed_at""",
            [fp, agency, year, rule, cells, state, note, datetime.now()],
        )
    return {"fingerprint": fp, "agency": agency, "year": year, "rule": rule, "message": message,
            "state": state, "note": note}
