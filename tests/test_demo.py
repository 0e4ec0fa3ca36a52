"""The demo corpus: a fictional city whose reports are generated with known truth.

A small corpus (10 agencies × 2 years) is generated through `disclosure demo` and again
with one worker: the bytes must not differ. The whole city's truth (no rendering) is
checked for its shape and its identities; each kind of injected problem is rendered
and parsed back to show it is really in the document; and the small corpus ingested
through the real pipeline must give back every cell of the truth.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from disclosure import kinds as K
from disclosure import template as T
from disclosure.cli import main as cli
from disclosure.demo import corpus as D
from disclosure.demo import narrative as N
from disclosure.demo import problems as P
from disclosure.demo.city import CITY, CITY_CODE, city_agencies
from disclosure.extract import EXTRACTORS
from disclosure.parse import parse_file
from disclosure.registry import Registry
from disclosure.render.text import render_text
from disclosure.store import connect
from disclosure.store.ingest import ingest

SMALL = ["--agencies", "10", "--years", "2023-2024", "--seed", "7"]
A = T.APPLICANT_COLUMN_KEYS + ("total",)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "corpus"
    assert cli(["demo", *SMALL, "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="module")
def city_reports():
    docs, missing = D.reports(city_agencies(), D.DEFAULT_YEARS, 1)
    return docs, missing


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_the_same_bytes(small, tmp_path):
    again = tmp_path / "again"
    assert cli(["demo", *SMALL, "--out", str(again), "--jobs", "1", "--quiet"]) == 0
    first, second = _files(small), _files(again)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert not different, f"{len(different)} files differ, e.g. {different[:3]}"
    other = tmp_path / "other"
    assert cli(["demo", "--agencies", "10", "--years", "2023-2024", "--seed", "8", "--out", str(other),
                "--quiet"]) == 0
    assert (other / "truth.json").read_bytes() != first["truth.json"]


def test_generated_files_say_they_are_made_up(small):
    truth = json.loads((small / "truth.json").read_text(encoding="utf-8"))
    for d in truth["documents"]:
        assert Path(d["path"]).name.startswith(D.FILE_PREFIX)
    txt = next(d for d in truth["documents"] if d["format"] in ("txt", "html"))
    report = parse_file(str(small / txt["path"]))
    assert "模拟数据" in report.sections[0].text and report.sections[0].heading is None


def test_city_has_about_300_agencies_placed_consistently():
    city = city_agencies()
    assert 270 <= len(city) <= 320
    names = {a.name for a in city}
    assert len(names) == len(city)
    levels = {lv.key for lv in K.LEVELS}
    by_name = {a.name: a for a in city}
    for a in city:
        assert a.level in levels and K.kind(a.kind).key == a.kind
        # the registry would infer the same kind from the name
        assert K.kind_of_name(a.short).key == a.kind, a.name
        parent = by_name.get(a.parent)
        if a.is_government and a.level == "city":
            assert a.parent == "江苏省人民政府"
        elif a.is_government:
            assert parent.is_government and parent.level == "city"
        else:
            assert parent.is_government and parent.county == a.county
    assert sum(a.level == "county" and a.is_government for a in city) == 8
    assert sum(a.level == "township" for a in city) >= 16
    # code range no real city uses: Jiangsu's cities are 3201–3213
    assert CITY_CODE == "329900" and all(a.region_code.startswith("3299") for a in city)


def test_registry_of_the_demo_resolves_printed_names(small):
    reg = Registry.load(small / "agencies.csv")
    assert reg.resolve("汐州市临汐区教育局").name == "临汐区教育局"
    assert not reg.resolve("临汐区教育局").inferred
    assert reg.get("淮安市人民政府") is not None  # the real reports' agencies are there too
    gov = reg.get(f"{CITY}人民政府")
    assert gov.city_code == CITY_CODE and gov.level == "city" and gov.parent == "江苏省人民政府"
    # 应报年度: the real agencies keep theirs (a parent never, a sample's agency its year), the city's every year
    assert reg.get("江苏省人民政府").years == () and reg.get("淮安市人民政府").years == ((2024, 2024),)
    assert gov.years is None and reg.get("临汐区教育局").years is None


def _balanced(req: dict) -> bool:
    outcomes = [k for k in req if T.request_row(k).outcome]
    for c in A:
        if req["new_received"][c] + req["carried_over"][c] != req["total"][c] + req["carried_forward"][c]:
            return False
        if sum(req[k][c] for k in outcomes) != req["total"][c]:
            return False
    return all(sum(cols[c] for c in T.APPLICANT_COLUMN_KEYS) == cols["total"] for cols in req.values())


def test_truth_holds_every_identity_except_where_a_problem_is_injected(city_reports):
    docs, missing = city_reports
    by = {(d.agency.name, d.year): d for d in docs}
    arithmetic = {"arithmetic_balance", "arithmetic_detail", "arithmetic_column", "blank", "hier_sum"}
    checked = 0
    for (name, year), d in by.items():
        kinds = {p.kind for p in d.problems}
        req = d.printed[T.TABLE_REQUESTS]
        if not kinds & arithmetic:
            assert _balanced(req), (name, year)
            checked += 1
        rev = d.printed.get(T.TABLE_REVIEW)
        if rev and "review_sum" not in kinds:
            assert all(sum(b[c] for c in ("upheld", "corrected", "other", "pending")) == b["total"] for b in rev.values())
        prev = by.get((name, year - 1))
        if prev is None:
            continue
        chain = all(req["carried_over"][c] == prev.printed[T.TABLE_REQUESTS]["carried_forward"][c] for c in A)
        assert chain == ("carry_break" not in kinds), (name, year)
        now, before = d.printed[T.TABLE_ACTIVE]["normative_documents"], prev.printed[T.TABLE_ACTIVE]["normative_documents"]
        if "in_force" in now and "in_force" in before:
            stock = now["in_force"] == before["in_force"] + now["issued"] - now["repealed"]
            assert stock == ("stock_break" not in kinds), (name, year)
    assert checked > 1400
    # the manifest names the rule of every problem, at the rates it says
    rules = {r for r, _, _ in P.RATES.values()} | {r for r, _, _ in P.SERIES_COUNTS.values()}
    injected = [p for d in docs for p in d.problems] + missing
    assert {p.rule for p in injected} == rules
    for kind, (rule, rate, _) in P.RATES.items():
        n = sum(p.kind == kind for p in injected)
        assert 0.6 * rate * len(by) <= n <= 1.1 * rate * (len(by) + len(missing)) + 1, kind


def test_governments_report_the_sum_of_their_subordinates(city_reports):
    city = city_agencies()
    children = D.subordinates(city)
    _, truth = D.true_tables(city, list(D.DEFAULT_YEARS), 1, children)
    for gov in (a for a in city if a.is_government):
        for y in D.DEFAULT_YEARS:
            subs = [truth[c][y] for c in children[gov.name]]
            own = truth[gov.name][y]
            for row in ("new_received", "granted", "carried_forward"):
                assert own.requests[row]["total"] == sum(s.requests[row]["total"] for s in subs)
            assert own.active["penalty"]["decisions"] == sum(s.active["penalty"]["decisions"] for s in subs)
            assert own.review_litigation["review"]["total"] == sum(s.review_litigation["review"]["total"] for s in subs)
    # the city's own government, covering the whole city, gets the most applications
    docs, _ = city_reports
    top = max((d for d in docs if d.year == 2024), key=lambda d: d.printed[T.TABLE_REQUESTS]["new_received"]["total"])
    assert top.agency.name == f"{CITY}人民政府"
    # where a subordinate misprinted, the manifest expects HIER.SUM on its government
    assert any(p.kind == "hier_consequence" for d in docs for p in d.problems)


def _one(docs, kind):
    return next(d for d in docs if any(p.kind == kind for p in d.problems))


def _parsed(doc, tmp_path, name="r.txt"):
    path = tmp_path / name
    path.write_text(render_text(doc.printed, "tabs"), encoding="utf-8")
    return parse_file(str(path))


def _address(address: str) -> tuple[str, str, str]:
    """`requests.denied.state_secret.total` -> (requests, denied.state_secret, total)."""
    t, rest = address.split(".", 1)
    r, c = rest.rsplit(".", 1)
    return t, r, c


def _value(report, address):
    return report.value(*_address(address))


def test_each_injected_problem_is_in_the_printed_document(city_reports, tmp_path):
    docs, _ = city_reports
    by = {(d.agency.name, d.year): d for d in docs}

    d = _one(docs, "arithmetic_balance")
    r = _parsed(d, tmp_path)
    c = next(p for p in d.problems if p.kind == "arithmetic_balance").cells[0].split(".")[-1]
    assert (r.value("requests", "new_received", c) + r.value("requests", "carried_over", c)
            != r.value("requests", "total", c) + r.value("requests", "carried_forward", c))

    d = _one(docs, "arithmetic_detail")
    r = _parsed(d, tmp_path)
    outcomes = [k for k in r.tables["requests"] if T.request_row(k).outcome]
    assert sum(r.value("requests", k, "total") for k in outcomes) != r.value("requests", "total", "total")

    d = _one(docs, "arithmetic_column")
    r = _parsed(d, tmp_path)
    row = _address(next(p for p in d.problems if p.kind == "arithmetic_column").cells[0])[1]
    assert sum(r.value("requests", row, c) for c in T.APPLICANT_COLUMN_KEYS) != r.value("requests", row, "total")

    d = _one(docs, "review_sum")
    r = _parsed(d, tmp_path)
    block = next(p for p in d.problems if p.kind == "review_sum").cells[0].split(".")[1]
    parts = sum(r.value("review_litigation", block, c) for c in ("upheld", "corrected", "other", "pending"))
    assert parts != r.value("review_litigation", block, "total")

    for kind, test in (("negative", lambda v: v < 0), ("not_integer", lambda v: v != int(v))):
        d = _one(docs, kind)
        r = _parsed(d, tmp_path)
        assert test(_value(r, next(p for p in d.problems if p.kind == kind).cells[0]))

    d = _one(docs, "blank")
    r = _parsed(d, tmp_path)
    cells = next(p for p in d.problems if p.kind == "blank").cells
    assert cells and all(_value(r, a) is None for a in cells)

    d = _one(docs, "missing_table")
    assert T.TABLE_REVIEW not in _parsed(d, tmp_path).tables

    d = _one(docs, "garbled_labels")
    printed = {dev.printed for dev in _parsed(d, tmp_path).deviations}
    assert set(d.printed["labels"]["requests"].values()) <= printed

    d = _one(docs, "fee_conflict")
    r = _parsed(d, tmp_path)
    assert r.value("requests", "other.unpaid_fee", "natural_person") == 1
    assert any("未发出收费通知" in s.text for s in r.sections if s.key == "other")

    d = _one(docs, "text_requests")
    r = _parsed(d, tmp_path)
    stated = int(re.search(r"正文称新收申请 (\d+) 件", next(p.detail for p in d.problems)).group(1))
    assert stated != r.value("requests", "new_received", "total")
    assert any(f"申请{stated}件" in s.text for s in r.sections)

    d = _one(docs, "text_year")
    r = _parsed(d, tmp_path)
    assert f"{d.year - 1}年1月1日" in r.sections[0].text and f"{d.year}年1月1日" not in r.sections[0].text

    d = _one(docs, "missing_section")
    dropped = "problems" if "五" in next(p.detail for p in d.problems) else "other"
    assert dropped not in {s.key for s in _parsed(d, tmp_path).sections}

    d = _one(docs, "problems_empty")
    assert next(s.text for s in _parsed(d, tmp_path).sections if s.key == "problems") in N.EMPTY_PROBLEMS

    d = _one(docs, "copied_text")
    now = next(s.text for s in _parsed(d, tmp_path).sections if s.key == "problems")
    before = next(s.text for s in _parsed(by[(d.agency.name, d.year - 1)], tmp_path, "p.txt").sections
                  if s.key == "problems")
    assert now == D._moved_on(before) and len(now) >= 80

    d = _one(docs, "late")
    deadline = f"{d.year + 1}-{'03-31' if d.agency.is_government else '01-31'}"
    assert _parsed(d, tmp_path).published > deadline
    assert _parsed(_one(docs, "undated"), tmp_path).published is None

    d = _one(docs, "carry_break")
    prev = by[(d.agency.name, d.year - 1)]
    r = _parsed(d, tmp_path)
    assert any(r.value("requests", "carried_over", c) != prev.printed["requests"]["carried_forward"][c] for c in A)

    d = _one(docs, "hier_sum")
    r = _parsed(d, tmp_path)
    subs = [by[(c, d.year)] for c in D.subordinates(city_agencies())[d.agency.name]]
    assert r.value("requests", "granted", "total") != sum(s.printed["requests"]["granted"]["total"] for s in subs)


def test_small_corpus_ingested_gives_back_the_truth(small, tmp_path):
    from disclosure.registry import load_registry

    db_path = str(tmp_path / "demo.duckdb")
    outcomes = ingest([str(small / "docs")], db_path, registry=load_registry(small / "agencies.csv"))
    truth = json.loads((small / "truth.json").read_text(encoding="utf-8"))
    con = connect(db_path, read_only=True)
    rows = con.execute(
        "SELECT r.source_path, a.name, a.inferred, c.table_key, c.row_key, c.column_key, c.value "
        "FROM cells c JOIN reports r USING (report_id) JOIN agencies a USING (agency_id)").fetchall()
    con.close()
    stored: dict[str, dict] = {}
    for path, agency, inferred, t, r, c, v in rows:
        stored.setdefault(os.path.abspath(path), {})[(t, r, c)] = (v, agency, inferred)
    text_layer = [d for d in truth["documents"] if d["format"] != "scan" and d["format"] in EXTRACTORS]
    assert len(text_layer) >= 12 and {"html", "txt"} <= {d["format"] for d in text_layer}
    for d in text_layer:
        got = stored.get(os.path.abspath(small / d["path"]))
        assert got is not None, f"{d['path']} not stored: {[o.reason for o in outcomes if o.path.endswith(d['path'])]}"
        for t in T.TABLE_KEYS:
            for row, cols in (d["expected"].get(t) or {}).items():
                for col, want in cols.items():
                    v, agency, inferred = got[(t, row, col)]
                    assert (v is None and want is None) or (v is not None and want is not None
                                                            and abs(v - want) < 1e-9), (d["path"], t, row, col, v, want)
        assert agency == d["agency"] and not inferred  # printed names resolve to the registry's


def test_small_corpus_labels_deviate_only_where_misprinted(small, tmp_path):
    """A label is reported as deviating from the template exactly when the generator
    misprinted it: a PDF's layout never scrambles a correctly printed label."""
    from disclosure.registry import load_registry

    db_path = str(tmp_path / "demo.duckdb")
    ingest([str(small / "docs")], db_path, registry=load_registry(small / "agencies.csv"), check=False)
    truth = json.loads((small / "truth.json").read_text(encoding="utf-8"))
    con = connect(db_path, read_only=True)
    rows = con.execute("SELECT r.source_path, d.printed FROM label_deviations d JOIN reports r USING (report_id)"
                       "").fetchall()
    con.close()
    stored: dict[str, set] = {}
    for path, printed in rows:
        stored.setdefault(os.path.abspath(path), set()).add(printed.replace(" ", ""))
    for d in truth["documents"]:
        if d["format"] == "scan" or d["format"] not in EXTRACTORS:
            continue
        misprinted = {p.replace(" ", "") for labels in d["labels"].values() for p in labels.values()}
        assert stored.get(os.path.abspath(small / d["path"]), set()) == misprinted, d["path"]
