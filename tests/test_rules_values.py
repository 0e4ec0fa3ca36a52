"""Single cells: negative, fractional counts, and blanks where the template wants 0."""
from __future__ import annotations

from .conftest import expected
from .rulekit import base, check, put


def test_negative_count_fires(tmp_db):
    r = put(base(), "active.penalty.decisions", -3)
    [f] = check(tmp_db, [r], rule="VAL.NEGATIVE")
    assert f.cells == ("active.penalty.decisions",) and f.actual == -3
    assert "行政处罚" in f.message


def test_negative_change_of_the_2019_template_is_allowed(tmp_db):
    r = expected("shanghai-office-2019")
    put(r, "active.licensing.change", -3)
    r["sections"], r["source"] = [], {"path": "sh.html", "sha256": "x", "format": "html", "extractor": "test"}
    assert check(tmp_db, [r], rule="VAL.NEGATIVE") == []


def test_fractional_count_fires(tmp_db):
    r = put(base(), "requests.granted.natural_person", 2.5)
    [f] = check(tmp_db, [r], rule="VAL.NOT_INTEGER")
    assert f.cells == ("requests.granted.natural_person",) and f.actual == 2.5


def test_fractional_money_is_fine(tmp_db):
    r = base()
    assert r["active"]["fees"]["amount_wan"] == 96171.6
    assert check(tmp_db, [r], rule="VAL.NOT_INTEGER") == []


def test_blank_cells_are_listed_once_per_table(tmp_db):
    r = put(base(), "requests.granted.research", None)
    put(r, "requests.denied.inquiry.total", None)
    put(r, "active.licensing.decisions", None)
    found = {f.cells: f for f in check(tmp_db, [r], rule="VAL.BLANK")}
    assert set(found) == {("requests.granted.research", "requests.denied.inquiry.total"),
                          ("active.licensing.decisions",)}
    f = found[("requests.granted.research", "requests.denied.inquiry.total")]
    assert f.expected == 0 and "表三有 2 个单元格" in f.message


def test_zero_is_not_blank(tmp_db):
    assert check(tmp_db, [base()], rule="VAL.BLANK") == []


# --- values out of range ------------------------------------------------------------------------

def test_a_value_past_two_to_the_53_is_flagged_and_every_rule_still_runs(tmp_db):
    from disclosure.checks import run_checks
    from disclosure.store import connect

    r = put(base(), "requests.new_received.natural_person", 1e40)
    put(r, "active.fees.amount_wan", 5e8)  # 5 万亿元 of fees
    found = {f.cells: f for f in check(tmp_db, [r], rule="VAL.RANGE")}
    assert set(found) == {("requests.new_received.natural_person",), ("active.fees.amount_wan",)}
    assert "2⁵³" in found[("requests.new_received.natural_person",)].message
    assert "1 万亿元" in found[("active.fees.amount_wan",)].message
    con = connect(tmp_db)
    try:
        run = run_checks(con)  # the whole catalog over a corpus holding 1e40: no rule breaks
    finally:
        con.close()
    assert run.errors == [] and any(f.rule == "VAL.RANGE" for f in run.findings)


def test_a_count_in_range_is_not_flagged(tmp_db):
    r = put(base(), "active.penalty.decisions", 12_345_678)  # a province's traffic fines
    assert check(tmp_db, [r], rule="VAL.RANGE") == []


def test_a_cell_of_1e40_in_a_web_page_is_kept_noted_and_flagged(tmp_db, tmp_path):
    from disclosure.checks import run_checks
    from disclosure.parse import parse_file
    from disclosure.store import connect
    from disclosure.store.ingest import ingest

    from .conftest import REAL

    html = (REAL / "shanghai-office-2019.html").read_text(encoding="utf-8")
    huge, endless = "1" + "0" * 40, "9" * 400
    html = html.replace('<p align="center">821</p>', f'<p align="center">{huge}</p>', 1)
    html = html.replace('<p align="center">252</p>', f'<p align="center">{endless}</p>', 1)
    path = tmp_path / "sh.html"
    path.write_text(html, encoding="utf-8")
    report = parse_file(str(path))
    assert report.value("requests", "new_received", "natural_person") == 10 ** 40
    assert report.value("requests", "unable.not_held", "natural_person") is None  # no double holds it
    cell = report.tables["requests"]["unable.not_held"]["natural_person"]
    assert cell.raw == endless  # kept as printed
    notes = "\n".join(report.notes)
    assert "超出可精确计算的范围" in notes and "数值无法保存" in notes and "VAL.RANGE" in notes
    [o] = ingest([str(path)], tmp_db)
    assert o.status == "stored"
    con = connect(tmp_db)
    try:
        run = run_checks(con)
        found = {f.cells[0] for f in run.findings if f.rule == "VAL.RANGE"}
        blanks = [f for f in run.findings if f.rule == "VAL.BLANK"]
    finally:
        con.close()
    assert run.errors == []
    assert found == {"requests.new_received.natural_person", "requests.unable.not_held.natural_person"}
    assert all("requests.unable.not_held.natural_person" not in f.cells for f in blanks)  # not "left blank"
