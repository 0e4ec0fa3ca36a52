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
