"""The catalog on the real reports: exactly the findings a supervisor should see.

Each real document is ingested alone, as it is (with the registry), and the findings on
its agency are compared.
"""
from __future__ import annotations

import json
from collections import Counter

import pytest

from disclosure.store import connect
from disclosure.store.ingest import ingest

from .conftest import REAL, expected

DOCUMENTS = ("shenchi-education-2023.txt", "hongze-district-2023.pdf", "huaian-city-2024.pdf",
             "shanghai-office-2019.html")


def _as_ingested(name: str, db: str) -> None:
    path = REAL / next(d for d in DOCUMENTS if d.startswith(name + "."))
    [o] = ingest([str(path)], db)
    assert o.status == "stored", o.reason


@pytest.fixture
def findings(tmp_path):
    def run(name: str):
        db = str(tmp_path / f"{name}.duckdb")
        _as_ingested(name, db)
        con = connect(db, read_only=True)
        try:
            rows = con.execute(
                "SELECT rule, severity, cells, expected, actual, message FROM findings WHERE agency = ?",
                [expected(name)["agency"]],
            ).fetchall()
        finally:
            con.close()
        return [dict(rule=r, severity=s, cells=tuple(c), expected=json.loads(e), actual=json.loads(a), message=m)
                for r, s, c, e, a, m in rows]
    return run


def _by_rule(found):
    return Counter(f["rule"] for f in found)


def test_shenchi_education_2023(findings):
    found = findings("shenchi-education-2023")
    assert _by_rule(found) == {"T3.DETAIL_SUM": 2, "TXT.REQUESTS": 1, "STRUCT.SECTIONS": 1, "STRUCT.LABELS": 1}
    detail = {f["cells"]: (f["expected"], f["actual"]) for f in found if f["rule"] == "T3.DETAIL_SUM"}
    assert detail == {
        ("requests.total.natural_person", "requests.unable.not_held.natural_person"): (1, 0),
        ("requests.total.total", "requests.unable.not_held.total"): (1, 0),
    }
    [text] = [f for f in found if f["rule"] == "TXT.REQUESTS"]
    assert "未收到政府信息公开申请" in text["message"] and (text["expected"], text["actual"]) == (1, 0)
    [sections] = [f for f in found if f["rule"] == "STRUCT.SECTIONS"]
    assert "多出“二、工作概述”" in sections["message"]
    assert "“四、存在的主要问题及改进情况”序号应为“五”" in sections["message"]
    [labels] = [f for f in found if f["rule"] == "STRUCT.LABELS"]
    assert "一、本年新收到政府信息公开申请数量" in labels["actual"]


def test_hongze_district_2023(findings):
    found = findings("hongze-district-2023")
    # TIME.LATE: the PDF prints no publication date, which the rule reports as such
    assert _by_rule(found) == {"T4.SUM": 2, "STRUCT.LABELS": 1, "STRUCT.OLD_TEMPLATE": 1, "TIME.LATE": 1}
    sums = {f["cells"][0]: (f["expected"], f["actual"]) for f in found if f["rule"] == "T4.SUM"}
    assert sums == {"review_litigation.review.total": (11, 0),
                    "review_litigation.litigation_after_review.total": (5, 0)}
    [labels] = [f for f in found if f["rule"] == "STRUCT.LABELS"]
    assert labels["actual"] == ["2.其他法律行政止公开"]
    [old] = [f for f in found if f["rule"] == "STRUCT.OLD_TEMPLATE"]
    assert old["cells"][0] == "requests.other.natural_person" and "（六）其他处理" in old["message"]
    [late] = [f for f in found if f["rule"] == "TIME.LATE"]
    assert late["actual"] == "未注明" and late["expected"] == "2024-03-31"


def test_huaian_city_2024_has_no_error(findings):
    found = findings("huaian-city-2024")
    assert not [f for f in found if f["severity"] == "error"]
    assert _by_rule(found) == {"TIME.LATE": 1}  # no publication date printed


def test_shanghai_office_2019_blanks_are_not_arithmetic_errors(findings):
    found = findings("shanghai-office-2019")
    assert _by_rule(found) == {"VAL.BLANK": 2}  # table 三 and table 四
    blank3 = next(f for f in found if f["cells"][0].startswith("requests."))
    assert "requests.granted.total" in blank3["cells"] and "requests.total.research" in blank3["cells"]
    # T3.BALANCE holds on the 总计 column: 859 + 18 = 805 + 72
    r = expected("shanghai-office-2019")["requests"]
    assert r["new_received"]["total"] + r["carried_over"]["total"] == r["total"]["total"] + r["carried_forward"]["total"]
