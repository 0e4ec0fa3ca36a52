"""Checks that touch only what changed give exactly the findings a full run gives.

The demo city's reports (their printed tables and narrative, with the problems the demo
injects) are stored in random batches through the write path, each batch checked for what
it changed; then some stored reports are replaced with changed figures and text, and a
new year arrives. After every step the stored findings must be those a full run over
the whole store finds, finding for finding, message and evidence included.
"""
from __future__ import annotations

import copy
import hashlib
import json
import random

import pytest

from disclosure.checks.run import check_changes, run_checks
from disclosure.demo import corpus as D
from disclosure.demo.city import city_agencies
from disclosure.model import Report
from disclosure.parse.sections import statutory_key
from disclosure.store import db, ops
from disclosure.store.writes import write

from .conftest import rows

YEARS = (2021, 2022, 2023, 2024)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("incremental")
    city = D.select(city_agencies(), 70)
    docs, _missing = D.reports(city, YEARS, seed=5)
    registry = D.write_registry(str(folder / "agencies.csv"), city)
    return registry, [d.printed for d in docs]


def _report(printed: dict) -> dict:
    printed = copy.deepcopy(printed)
    for s in printed.get("sections") or []:  # the statutory keys the parser gives (the text rules read them)
        s["key"] = statutory_key(s["heading"]) if s.get("heading") else None
    r = Report.from_json(printed)
    r.path = f"{r.agency}-{r.year}.json"
    r.sha256 = hashlib.sha256(json.dumps(printed, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return ops.wire(r)


FINDING_COLUMNS = "fingerprint, rule, severity, report_id, agency_id, year, cells, message, expected, actual, evidence, unit"


def _findings(path: str) -> set[tuple]:
    return {tuple(json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, (list, dict)) else v for v in r)
            for r in rows(path, f"SELECT {FINDING_COLUMNS} FROM findings")}


def _full(path: str) -> set[tuple]:
    """What a full run finds over the store as it is (the stored findings left alone)."""
    con = db.connect(path)
    con.execute("BEGIN TRANSACTION")
    try:
        run_checks(con)
        return {tuple(json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, (list, dict)) else v
                      for v in r)
                for r in con.execute(f"SELECT {FINDING_COLUMNS} FROM findings").fetchall()}
    finally:
        con.execute("ROLLBACK")
        con.close()


def _assert_same(path: str, step: str) -> None:
    incremental, full = _findings(path), _full(path)
    only_incremental = sorted(incremental - full)[:3]
    only_full = sorted(full - incremental)[:3]
    assert incremental == full, f"{step}: only incremental {only_incremental}; only full {only_full}"


def _changed(printed: dict, rng: random.Random) -> dict:
    """The report again with other figures and text: as a corrected or misprinted file."""
    out = copy.deepcopy(printed)
    requests = out["requests"]
    row = rng.choice([r for r in requests if r not in ("total",)])
    col = rng.choice(list(requests[row]))
    requests[row][col] = (requests[row][col] or 0) + rng.randint(1, 40)
    if out.get("active", {}).get("penalty"):
        out["active"]["penalty"]["decisions"] = rng.choice([0, 5, 9000])
    if rng.random() < 0.5 and out.get("sections"):
        out["sections"][-1]["text"] = "本机关全年未收到政府信息公开申请。" + out["sections"][-1]["text"]
    return out


def _copied_from(printed: dict, source: dict) -> dict:
    """`printed` with the narrative of `source` (another agency), its name put in."""
    def keyed(report):
        return {statutory_key(s["heading"]): s for s in report["sections"] if s.get("heading")}

    out = copy.deepcopy(printed)
    theirs = keyed(source)
    for key, s in keyed(out).items():
        if key in ("overview", "problems") and key in theirs:
            s["text"] = theirs[key]["text"].replace(source["agency"], printed["agency"])
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_checking_each_batch_gives_the_findings_of_a_full_run(demo, tmp_path, seed):
    registry, printed = demo
    rng = random.Random(seed)
    path = str(tmp_path / "inc.duckdb")
    write(path, "sync_registry", path=str(registry.path))
    later = [p for p in printed if p["year"] == YEARS[-1]]  # a year that arrives last
    first = [p for p in printed if p["year"] != YEARS[-1]]
    rng.shuffle(first)
    while first:
        n = rng.randint(1, 40)
        batch, first = first[:n], first[n:]
        write(path, "store_reports", reports=[_report(p) for p in batch])
    _assert_same(path, "after the first years")
    # replacements: changed figures and narrative, in batches of their own and mixed
    stored = [p for p in printed if p["year"] != YEARS[-1]]
    for p in rng.sample(stored, 12):
        write(path, "store_reports", reports=[_report(_changed(p, rng))])
    _assert_same(path, "after replacements")
    # copies across agencies (XA.COPY): reports take another agency's 总体情况 and 存在的问题 of
    # the same year, then some are corrected again, each in a batch of its own
    copies = []
    for p in rng.sample(stored, 6):
        source = rng.choice([q for q in stored if q["year"] == p["year"] and q["agency"] != p["agency"]])
        copies.append((p, _copied_from(p, source)))
        write(path, "store_reports", reports=[_report(copies[-1][1])])
    _assert_same(path, "after copies")
    assert rows(path, "SELECT count(*) FROM findings WHERE rule = 'XA.COPY'")[0][0] >= 6
    for original, _copy in copies[:3]:
        write(path, "store_reports", reports=[_report(original)])
    _assert_same(path, "after corrected copies")
    rng.shuffle(later)
    while later:
        n = rng.randint(5, 60)
        batch, later = later[:n], later[n:]
        write(path, "store_reports", reports=[_report(p) for p in batch])
    _assert_same(path, "after a new year")


def test_a_check_of_no_change_touches_nothing(demo, tmp_path):
    registry, printed = demo
    path = str(tmp_path / "same.duckdb")
    write(path, "sync_registry", path=str(registry.path))
    write(path, "store_reports", reports=[_report(p) for p in printed[:80]])
    before = _findings(path)
    again = write(path, "store_reports", reports=[_report(p) for p in printed[:80]])
    assert {o["status"] for o in again["outcomes"]} == {"unchanged"}
    assert _findings(path) == before
    con = db.connect(path)
    try:
        with db.transaction(con):
            run = check_changes(con, set())
    finally:
        con.close()
    assert run.findings == [] and run.units == 0
