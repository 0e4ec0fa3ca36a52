"""Identities within table 三 and table 四: each rule fires on a broken sum, never on a
blank (not assessable) or on the single （六）其他处理 row summed as it is printed."""
from __future__ import annotations

from .rulekit import base, check, put


def test_balance_fires_per_column_with_the_four_cells(tmp_db):
    r = put(base(), "requests.carried_forward.total", 100)
    [f] = check(tmp_db, [r], rule="T3.BALANCE")
    assert f.cells == ("requests.new_received.total", "requests.carried_over.total",
                       "requests.total.total", "requests.carried_forward.total")
    assert (f.expected, f.actual) == (3119 + 34, 3050 + 100)
    assert f.severity == "error" and "“总计”列" in f.message


def test_balance_with_a_blank_cell_is_not_assessed(tmp_db):
    r = put(base(), "requests.carried_forward.total", None)
    assert check(tmp_db, [r], rule="T3.BALANCE") == []
    assert check(tmp_db, rule="T3.COLUMN_SUM") == []


def test_detail_sum_names_the_total_and_the_rows_that_count(tmp_db):
    r = put(base(), "requests.total.natural_person", 2931)
    [f] = check(tmp_db, [r], rule="T3.DETAIL_SUM")
    assert f.cells[0] == "requests.total.natural_person"
    assert "requests.granted.natural_person" in f.cells and "requests.other.other.natural_person" in f.cells
    assert "requests.denied.state_secret.commercial" not in f.cells
    assert (f.expected, f.actual) == (2932, 2931)


def test_detail_sum_reads_the_single_other_row_of_the_2019_layout(tmp_db):
    r = base()
    split = [r["requests"].pop(k) for k in ("other.no_correction", "other.unpaid_fee", "other.other")]
    r["requests"]["other"] = {c: sum(row[c] for row in split) for c in split[0]}
    assert check(tmp_db, [r], rule="T3.DETAIL_SUM") == []


def test_detail_sum_fires_on_the_single_row_too(tmp_db):
    r = base()
    for k in ("other.no_correction", "other.unpaid_fee", "other.other"):
        r["requests"].pop(k)
    r["requests"]["other"] = {c: 0 for c in r["requests"]["total"]}  # 187 cases lost
    found = check(tmp_db, [r], rule="T3.DETAIL_SUM")
    assert {f.cells[0] for f in found} == {"requests.total.natural_person", "requests.total.commercial",
                                         "requests.total.legal_services", "requests.total.total"}


def test_detail_sum_over_a_blank_column_is_not_assessed(tmp_db):
    r = put(base(), "requests.total.natural_person", 2931)
    put(r, "requests.denied.inquiry.natural_person", None)
    assert check(tmp_db, [r], rule="T3.DETAIL_SUM") == []


def test_column_sum_fires_per_row(tmp_db):
    r = put(base(), "requests.granted.total", 1363)
    found = check(tmp_db, [r], rule="T3.COLUMN_SUM")
    assert [(f.cells[0], f.expected, f.actual) for f in found] == [("requests.granted.total", 1362, 1363)]
    assert len(found[0].cells) == 7


def test_column_sum_with_a_blank_applicant_cell_is_not_assessed(tmp_db):
    r = put(base(), "requests.granted.total", 1363)
    put(r, "requests.granted.research", None)
    assert check(tmp_db, [r], rule="T3.COLUMN_SUM") == []


def test_review_sum_fires_per_block(tmp_db):
    r = put(base(), "review_litigation.review.total", 0)
    [f] = check(tmp_db, [r], rule="T4.SUM")
    assert f.cells[0] == "review_litigation.review.total"
    assert (f.expected, f.actual) == (351, 0) and "行政复议" in f.message


def test_review_sum_with_blank_parts_is_not_assessed(tmp_db):
    r = put(base(), "review_litigation.review.total", 7)
    for c in ("corrected", "other"):
        put(r, f"review_litigation.review.{c}", None)
    assert check(tmp_db, [r], rule="T4.SUM") == []
