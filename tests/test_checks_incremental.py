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

from disclosure.checks.run import check_changes
from disclosure.demo import corpus as D
from disclosure.demo.city import city_agencies
from disclosure.model import Report
from disclosure.parse.sections import statutory_key
from disclosure.store import db, ops
from disclosure.store.writes import write

from .conftest import assert_checked, rows, stored_findings

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
    assert_checked(path, "after the first years")
    # replacements: changed figures and narrative, in batches of their own and mixed
    stored = [p for p in printed if p["year"] != YEARS[-1]]
    for p in rng.sample(stored, 12):
        write(path, "store_reports", reports=[_report(_changed(p, rng))])
    assert_checked(path, "after replacements")
    # copies across agencies (XA.COPY): reports take another agency's 总体情况 and 存在的问题 of
    # the same year, then some are corrected again, each in a batch of its own
    copies = []
    for p in rng.sample(stored, 6):
        source = rng.choice([q for q in stored if q["year"] == p["year"] and q["agency"] != p["agency"]])
        copies.append((p, _copied_from(p, source)))
        write(path, "store_reports", reports=[_report(copies[-1][1])])
    assert_checked(path, "after copies")
    assert rows(path, "SELECT count(*) FROM findings WHERE rule = 'XA.COPY'")[0][0] >= 6
    for original, _copy in copies[:3]:
        write(path, "store_reports", reports=[_report(original)])
    assert_checked(path, "after corrected copies")
    rng.shuffle(later)
    while later:
        n = rng.randint(5, 60)
        batch, later = later[:n], later[n:]
        write(path, "store_reports", reports=[_report(p) for p in batch])
    assert_checked(path, "after a new year")


def test_a_check_of_no_change_touches_nothing(demo, tmp_path):
    registry, printed = demo
    path = str(tmp_path / "same.duckdb")
    write(path, "sync_registry", path=str(registry.path))
    write(path, "store_reports", reports=[_report(p) for p in printed[:80]])
    before = stored_findings(path)
    again = write(path, "store_reports", reports=[_report(p) for p in printed[:80]])
    assert {o["status"] for o in again["outcomes"]} == {"unchanged"}
    assert stored_findings(path) == before
    con = db.connect(path)
    try:
        with db.transaction(con):
            run = check_changes(con, set())
    finally:
        con.close()
    assert run.findings == [] and run.units == 0


def _cut(printed: dict) -> dict:
    """The report with its table 四 lost (a page cut short): stored as a candidate version."""
    out = copy.deepcopy(printed)
    out["review_litigation"] = {}
    return out


def test_a_persons_changes_give_the_findings_of_a_full_run(demo, tmp_path):
    # versions chosen, cells, agencies and years corrected, pending reports assigned: each
    # operation checks what it changed, the agency and year a report left and the one it joined
    registry, printed = demo
    rng = random.Random(7)
    path = str(tmp_path / "person.duckdb")
    write(path, "sync_registry", path=str(registry.path))
    first = [p for p in printed if p["year"] in YEARS[:2]]
    write(path, "store_reports", reports=[_report(p) for p in first])
    picked = rng.sample(first, 6)
    kept = write(path, "store_reports", reports=[_report(_cut(p)) for p in picked])
    assert {o["status"] for o in kept["outcomes"]} == {"candidate"}
    write(path, "choose_version", report_id=kept["outcomes"][0]["report_id"])
    assert_checked(path, "after a version was chosen")
    for p in rng.sample(first, 5):
        row = rng.choice([r for r in p["requests"] if r != "total"])
        write(path, "correct", agency=p["agency"], year=p["year"], cell=f"requests.{row}.total",
              value=(p["requests"][row]["total"] or 0) + 3, note="核对原件")
    assert_checked(path, "after cell corrections")
    moving = rng.choice([p for p in first if p["year"] == YEARS[1]])
    write(path, "correct", agency=moving["agency"], year=moving["year"], cell="year", value=YEARS[2], note="年度有误")
    other = rng.choice([p for p in first if p["agency"] != moving["agency"] and p["year"] == YEARS[0]])
    write(path, "correct", agency=other["agency"], year=other["year"], cell="agency", value=moving["agency"],
          note="机关有误")
    assert_checked(path, "after agency and year corrections")
    unnamed = rng.sample([p for p in printed if p["year"] == YEARS[2]], 4)
    stored = write(path, "store_reports", reports=[dict(_report(p), agency=None) for p in unnamed])
    assert {o["status"] for o in stored["outcomes"]} == {"pending"}
    assert_checked(path, "pending reports are in no check")
    for o, p in zip(stored["outcomes"], unnamed):
        write(path, "assign_reports", report_ids=[o["report_id"]], agency=p["agency"])
    assert_checked(path, "after pending reports were assigned")
