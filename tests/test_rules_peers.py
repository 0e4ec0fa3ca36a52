"""An agency against its peers (same kind, level and year, from the registry)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from disclosure.checks import peers
from disclosure.registry_years import parse as parse_years

from .rulekit import agency, base, check, put

NEW = "requests.new_received.total"
PENALTY = "active.penalty.decisions"


def _group(kind, values, addr, year=2024):
    agencies = [agency(f"第{i}县{kind}局", kind, "county") for i in range(len(values))]
    reports = [put(base(a.name, year), addr, v) for a, v in zip(agencies, values)]
    return reports, agencies


def test_far_outlier_gives_the_peer_median_and_percentile(tmp_db):
    reports, agencies = _group("education", [10, 12, 15, 18, 20, 22, 25, 28, 30, 14, 16, 900], NEW)
    [f] = check(tmp_db, reports, agencies, rule="PEER.OUTLIER")
    assert f.agency == "第11县education局" and f.cells == (NEW,)
    assert f.actual == 900 and f.expected == 18
    assert f.evidence["percentile"] == 100.0 and f.evidence["peers"] == 11
    assert "县级教育" in f.message and "高于" in f.message


def test_a_value_three_times_the_median_is_no_outlier(tmp_db):
    reports, agencies = _group("education", [10, 12, 15, 18, 20, 22, 25, 28, 30, 14, 16, 60], NEW)
    assert check(tmp_db, reports, agencies, rule="PEER.OUTLIER") == []


def test_too_few_peers_are_not_compared(tmp_db):
    reports, agencies = _group("education", [10, 12, 15, 900], NEW)
    assert check(tmp_db, reports, agencies, rule="PEER.OUTLIER") == []


def test_a_handful_against_peers_of_none_is_no_outlier(tmp_db):
    # 6 lawsuits where peers have none: far out on a log scale, but no news
    reports, agencies = _group("education", [0, 0, 0, 0, 0, 0, 6], "review_litigation.litigation_direct.total")
    assert check(tmp_db, reports, agencies, rule="PEER.OUTLIER") == []


def test_a_negative_peer_value_is_left_out_of_the_statistics(tmp_db):
    reports, agencies = _group("education", [10, 12, 15, 18, 20, -3, 900], NEW)
    [f] = check(tmp_db, reports, agencies, rule="PEER.OUTLIER")
    assert f.actual == 900 and f.evidence["peers"] == 5


def test_zero_where_peers_report_substantial_numbers(tmp_db):
    reports, agencies = _group("market_regulation", [120, 340, 95, 210, 180, 260, 150, 0], PENALTY)
    [f] = check(tmp_db, reports, agencies, rule="PEER.ZERO")
    assert f.agency == "第7县market_regulation局" and f.cells == (PENALTY,)
    assert f.expected == 180 and f.evidence["nonzero_share"] == 1.0
    assert "行政处罚为 0" in f.message


def test_zero_among_peers_that_mostly_report_zero_is_fine(tmp_db):
    reports, agencies = _group("market_regulation", [0, 0, 0, 0, 30, 40, 50, 0], PENALTY)
    assert check(tmp_db, reports, agencies, rule="PEER.ZERO") == []


def test_registered_agency_without_a_report_its_peers_have(tmp_db):
    agencies = [agency(f"第{i}县教育局", "education", "county") for i in range(4)]
    reports = [base(a.name, 2023) for a in agencies[:3]]
    [f] = check(tmp_db, reports, agencies, rule="MISSING.REPORT")
    assert (f.agency, f.year, f.report_id) == ("第3县教育局", 2023, None)
    assert "3/3" in f.message


def test_a_department_alone_of_its_kind_is_missing_when_its_government_s_others_report(tmp_db, tmp_path):
    # a city's audit bureau has no other city audit bureau to compare with; the city's
    # other departments are its peers in publishing at all
    city = "第1市人民政府"
    departments = [replace(agency(f"第1市{k}局", k, "city"), parent=city)
                   for k in ("education", "public_security", "audit", "natural_resources", "transport")]
    reports = [base(a.name, 2023) for a in departments if a.kind != "audit"]
    [f] = check(tmp_db, reports, departments, rule="MISSING.REPORT")
    assert (f.agency, f.year) == ("第1市audit局", 2023)
    assert f.message == "2023 年度报告缺失：同属第1市人民政府的机关 4/4 家有该年度报告"
    reports = [base(a.name, 2023) for a in departments[:2]]  # two of five: no pattern
    assert check(str(tmp_path / "few.duckdb"), reports, departments, rule="MISSING.REPORT") == []


def test_no_missing_report_when_only_one_or_two_peers_have_it(tmp_db):
    agencies = [agency(f"第{i}市人民政府", "government", "city") for i in range(3)]
    reports = [base(a.name, 2024) for a in agencies[:2]]
    assert check(tmp_db, reports, agencies, rule="MISSING.REPORT") == []


def test_no_missing_report_for_a_year_few_peers_have_or_an_unregistered_agency(tmp_db):
    agencies = [agency(f"第{i}县教育局", "education", "county") for i in range(5)]
    reports = [base(a.name, 2023) for a in agencies] + [base(agencies[0].name, 2022)]
    assert check(tmp_db, reports, agencies, rule="MISSING.REPORT") == []
    other = agency("第9县教育局", "education", "county")
    assert check(tmp_db, [], [other], rule="MISSING.REPORT", registered=False) == []


# --- the registry's 应报年度 (years) -----------------------------------------------------------

def test_an_agency_expected_only_from_2023_is_missing_in_2023_but_not_in_2022(tmp_db):
    agencies = [agency(f"第{i}县教育局", "education", "county") for i in range(4)]
    newcomer = replace(agency("第4县教育局", "education", "county"), years=parse_years("2023"))
    reports = [base(a.name, y) for a in agencies[:3] for y in (2022, 2023)]
    found = check(tmp_db, reports, [*agencies, newcomer], rule="MISSING.REPORT")
    assert sorted((f.agency, f.year) for f in found) == [("第3县教育局", 2022), ("第3县教育局", 2023),
                                                         ("第4县教育局", 2023)]
    in_2022 = next(f for f in found if f.year == 2022)
    assert in_2022.evidence == {"peers_with_report": 3, "peers": 3,  # the newcomer is no peer in 2022
                                "group": "同类机关（县级教育）"}


def test_agencies_listed_only_to_place_others_are_never_missing_nor_counted_as_peers(tmp_db):
    cities = [agency(f"第{i}市人民政府", "government", "city") for i in range(4)]
    # parents of the hierarchy, never expected: before the years column they made the
    # three reports of seven too few to call the fourth city's report missing
    parents = [replace(agency(f"第{i}市上级人民政府", "government", "city"), years=parse_years("-"))
               for i in range(4)]
    reports = [base(a.name, 2023) for a in cities[:3]]
    [f] = check(tmp_db, reports, [*cities, *parents], rule="MISSING.REPORT")
    assert (f.agency, f.year) == ("第3市人民政府", 2023) and "3/3" in f.message


# --- the group statistics, against their definition over the list of the other peers ----------

def _naive(values: list, i: int) -> dict:
    import math
    from statistics import median

    x, others = values[i], values[:i] + values[i + 1:]
    logs = [math.log1p(v) for v in others]
    centre = median(logs)
    spread = max(1.4826 * median(abs(v - centre) for v in logs), peers.MAD_FLOOR)
    return {
        "z": ((math.log1p(x) - centre) / spread, math.expm1(centre)),
        "percentile": round(100 * (sum(v < x for v in others) + 0.5 * sum(v == x for v in others)) / len(others), 1),
        "median": median(others),
        "share": sum(v > 0 for v in others) / len(others),
    }


@pytest.mark.parametrize("seed", range(40))
def test_group_statistics_equal_their_definition_to_the_last_bit(seed):
    import random

    rng = random.Random(seed)
    n = rng.randint(2, 60)
    pool = [0, 0, 1, 2, 3, 5, 8, 13, 21, 400, 12.5, 0.25]
    values = [rng.choice(pool) if rng.random() < 0.4 else rng.randint(0, 10 ** rng.randint(1, 5)) for _ in range(n)]
    group = peers.Peers(values)
    for i in range(n):
        want = _naive(values, i)
        assert group.robust_z(i) == want["z"]
        assert group.percentile(i) == want["percentile"]
        got_median = group.median_others(i)
        assert got_median == want["median"] and type(got_median) is type(want["median"])
        assert group.nonzero_share(i) == want["share"]
