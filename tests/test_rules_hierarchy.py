"""A county government's report (it covers its region) against its subordinates' reports."""
from __future__ import annotations

import copy
from dataclasses import replace

from disclosure.registry_years import parse as parse_years

from .rulekit import agency, base, check, put

GOV = agency("某县人民政府", "government", "county")
KIDS = [agency("某县教育局", "education", "county", parent=GOV.name),
        agency("某县公安局", "public_security", "county", parent=GOV.name)]


def _summed(*reports):
    """A report whose every number is the sum of the given ones."""
    out = copy.deepcopy(reports[0])
    for t in ("active", "requests", "review_litigation"):
        for r, cols in out[t].items():
            for c in cols:
                cols[c] = sum(x[t][r][c] for x in reports)
    return out


def _region(**changes):
    kids = [base(k.name) for k in KIDS]
    for k in kids:
        put(k, "active.fees.amount_wan", 0.1)
    put(kids[1], "active.fees.amount_wan", 0.2)
    gov = _summed(*kids)
    gov["agency"] = GOV.name
    put(gov, "active.fees.amount_wan", 0.3)  # 0.1 + 0.2: exact in decimal, not in binary
    for addr, v in changes.items():
        put(gov, addr, v)
    return [gov] + kids


def test_a_region_report_equal_to_its_subordinates_passes(tmp_db):
    assert check(tmp_db, _region(), [GOV] + KIDS, rule="HIER.SUM") == []


def test_a_region_report_that_does_not_add_up_fires_per_row(tmp_db):
    reports = _region(**{"requests.new_received.total": 6239, "requests.new_received.natural_person": 6003})
    [f] = check(tmp_db, reports, [GOV] + KIDS, rule="HIER.SUM")
    assert f.agency == GOV.name
    assert f.cells == ("requests.new_received.natural_person", "requests.new_received.total")
    assert (f.expected, f.actual) == (6002, 6003)
    assert set(f.evidence["children"]) == {k.name for k in KIDS}
    assert "自然人" in f.message and "总计" in f.message


def test_a_subordinate_without_its_report_makes_the_sum_unassessable(tmp_db):
    reports = _region(**{"requests.new_received.total": 6239})
    assert check(tmp_db, reports[:2], [GOV] + KIDS, rule="HIER.SUM") == []


def test_a_subordinate_not_expected_that_year_is_left_out_of_the_sum(tmp_db):
    # a bureau set up in 2025 (registry years `2025-`) has no 2024 report to add
    newcomer = replace(agency("某县数据局", "data", "county", parent=GOV.name), years=parse_years("2025-"))
    reports = _region(**{"requests.new_received.total": 6239})
    [f] = check(tmp_db, reports, [GOV, *KIDS, newcomer], rule="HIER.SUM")
    assert f.actual == 6239 and set(f.evidence["children"]) == {k.name for k in KIDS}


def test_a_department_is_not_a_region_report(tmp_db):
    edu = agency("某县教育局", "education", "county", parent=GOV.name)
    school = agency("某县第一中学", "education", "township", parent=edu.name)
    reports = [put(base(edu.name), "requests.new_received.total", 1), base(school.name)]
    assert check(tmp_db, reports, [GOV, edu, school], rule="HIER.SUM") == []
