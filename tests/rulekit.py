"""Building small stored corpora for the rule tests.

The base report is a real one: 淮安市人民政府 2024 (data/samples), consistent in
every identity, with the six statutory sections. A test changes what its rule is about
(a cell, a sentence, a date, an agency's kind) and checks what the catalog finds.
"""
from __future__ import annotations

import copy
import hashlib
import json

from disclosure import template as T
from disclosure.checks import run_checks
from disclosure.metrics import split_address
from disclosure.model import Report
from disclosure.registry import Agency
from disclosure.render.content import DEFAULT_PARAGRAPHS
from disclosure.store import connect
from disclosure.store.db import save_report, upsert_agency

from .conftest import expected

BASE_AGENCY = "淮安市人民政府"


def base(agency: str = BASE_AGENCY, year: int = 2024, published: str | None = "2025-01-20") -> dict:
    """A consistent report in the data contract's shape, with statutory sections."""
    d = copy.deepcopy(expected("huaian-city-2024"))
    d.update(agency=agency, year=year, published=published)
    d["sections"] = [{"heading": s.heading, "key": s.key, "text": DEFAULT_PARAGRAPHS[s.key].format(agency=agency)}
                     for s in T.SECTIONS]
    d["source"] = {"path": f"{agency}-{year}.txt", "format": "txt", "extractor": "test"}
    return d


def put(report: dict, addr: str, value) -> dict:
    """Set one cell by its address (`requests.total.total`)."""
    t, r, c = split_address(addr)
    report.setdefault(t, {}).setdefault(r, {})[c] = value
    return report


def say(report: dict, key: str, text: str) -> dict:
    """Replace the text of a statutory section."""
    for s in report["sections"]:
        if s["key"] == key:
            s["text"] = text
            return report
    raise KeyError(key)


def agency(name: str, kind: str, level: str, parent: str = "") -> Agency:
    return Agency(name=name, kind=kind, level=level, parent=parent)


def store(db: str, reports: list[dict], agencies: list[Agency] = (), registered: bool = True) -> None:
    con = connect(db)
    try:
        for a in agencies:
            upsert_agency(con, a, registered=registered)
        by_name = {a.name: a for a in agencies}
        for d in reports:
            report = Report.from_json(d)
            # a changed report must replace the stored one, as a changed file does
            report.sha256 = hashlib.sha256(json.dumps(d, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
            save_report(con, report, agency=by_name.get(d["agency"]))
    finally:
        con.close()


def check(db: str, reports: list[dict] = (), agencies: list[Agency] = (), rule: str | None = None,
          registered: bool = True):
    """Store the reports (and agencies), run the catalog, return the findings (of `rule`)."""
    store(db, list(reports), list(agencies), registered)
    con = connect(db)
    try:
        run = run_checks(con)
    finally:
        con.close()
    assert not run.errors, run.errors
    return [f for f in run.findings if rule is None or f.rule == rule]
