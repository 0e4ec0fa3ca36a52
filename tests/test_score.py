"""Scoring by a rule pack (disclosure score): a small corpus to known totals, 从严 and 从宽
differing as they should, 无法判断 where a rule cannot assess, the XLSX sheet."""
from __future__ import annotations

import io

import openpyxl
import pytest

from disclosure.cli import main
from disclosure.model import DisclosureError
from disclosure.score import engine, sheet
from disclosure.score.packs import from_dict, resolve
from disclosure.store.writes import reading, write

from . import rulekit as K
from .conftest import rows

CITY = "淮安市"


def _agencies():
    names = ["甲局", "乙局", "丙局", "丁局", "戊局"]
    return [K.agency(f"{CITY}{n}", "education", "city") for n in names]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """甲 clean; 乙 late (2025-03-05) and without table 四; 丙 undated; 丁 no report; 戊 a blank cell."""
    db = str(tmp_path_factory.mktemp("score") / "s.duckdb")
    clean = K.base(f"{CITY}甲局", published="2025-01-20")
    late = K.base(f"{CITY}乙局", published="2025-03-05")
    del late["review_litigation"]
    undated = K.base(f"{CITY}丙局", published=None)
    blank = K.put(K.base(f"{CITY}戊局", published="2025-01-22"), "requests.granted.natural_person", None)
    K.check(db, [clean, late, undated, blank], _agencies())
    return db


def scores(db: str, pack: str = "annual-report-10", mode: str | None = None, **scope) -> dict[str, engine.Score]:
    with reading(db) as con:
        found = engine.load(con, resolve(pack), scope, mode)
    return {s.agency.removeprefix(CITY): s for s in found}


def fingerprint(db: str, agency: str, rule: str) -> str:
    return rows(db, "SELECT fingerprint FROM findings WHERE agency = ? AND rule = ?", [CITY + agency, rule])[0][0]


def test_strict_scores_known_totals(corpus):
    s = scores(corpus)
    assert {k: (v.score, v.deducted, v.unknown_points) for k, v in s.items()} == {
        "甲局": (10, 0, 0),
        "乙局": (0, 10, 0),  # 未及时公开 −5, 未按照要素撰写 −5 (no table 四)
        "丙局": (0, 0, 10),  # no date: 未及时公开 cannot be judged, and nothing else took the 10 points
        "丁局": (0, 10, 0),  # not submitted: 未公开的不得分
        "戊局": (10, 0, 0),  # a blank cell is nothing this pack checks
    }
    # equal scores share a rank; 乙 lost its points, 丙 and 丁 did not earn theirs: all three rank 3rd
    assert {k: v.rank for k, v in s.items()} == {"甲局": 1, "戊局": 1, "乙局": 3, "丙局": 3, "丁局": 3}
    assert s["甲局"].grade == "优秀" and s["乙局"].grade == "不合格"
    why = engine.reasons(s["乙局"])
    assert any(r.startswith("政府信息公开年度报告−5（未及时公开）：TIME.LATE") for r in why)
    assert any("STRUCT.TABLE_MISSING" in r for r in why)
    assert engine.reasons(s["丙局"]) == ["政府信息公开年度报告无法判断：未及时公开：报告未注明发布日期"]


def test_lenient_counts_confirmed_findings_only(corpus, tmp_path):
    import shutil

    db = str(tmp_path / "l.duckdb")
    shutil.copyfile(corpus, db)
    write(db, "review", fingerprint=fingerprint(db, "乙局", "TIME.LATE"), state="confirmed")
    write(db, "review", fingerprint=fingerprint(db, "乙局", "STRUCT.TABLE_MISSING"), state="dismissed")
    strict, lenient = scores(db, mode="从严"), scores(db, mode="从宽")
    assert strict["乙局"].score == 5  # dismissed: no longer counts even strictly
    assert lenient["乙局"].score == 5  # confirmed: counts in both
    # 丁局's absence is not confirmed: strictly it costs the points, leniently it cannot be judged yet
    assert (strict["丁局"].deducted, strict["丁局"].unknown_points) == (10, 0)
    assert (lenient["丁局"].deducted, lenient["丁局"].unknown_points) == (0, 10)
    assert engine.reasons(lenient["丁局"]) == ["政府信息公开年度报告无法判断：未收到年度报告，缺报问题尚未确认"]


def test_a_blank_cell_makes_the_data_item_unknown(corpus):
    s = scores(corpus, "department-100")
    data = next(i for i in s["戊局"].items if i.item.key == "data")
    assert data.status == engine.UNKNOWN and data.score is None
    assert "数据逻辑错误：表三有空白单元格，无法核对" in data.unknown
    assert s["戊局"].unknown_points == 30
    assert next(i for i in s["甲局"].items if i.item.key == "data").score == 30
    assert s["甲局"].score == 100


def test_thresholds_per_finding_and_caps():
    pack = from_dict({"title": "t", "items": [{"key": "d", "title": "数据", "points": 2, "deductions": [
        {"title": "每处", "family": ["arithmetic"], "points": 0.5},
        {"title": "雷同", "rules": ["XA.COPY"], "above": {"ratio": 0.5}, "points": 2, "per": "report"}]}]}, "t.yaml")
    import pandas as pd

    subject = pd.DataFrame([{"agency_id": 1, "agency": "甲", "year": 2024, "report_id": 1, "published": "2025-01-01",
                             "template": "2021", "source_name": "a", "expected": True, "tables": [], "blank_tables": []}])

    def finding(i, rule, family, evidence="{}"):
        return {"fingerprint": f"f{i}", "rule": rule, "rule_title": "", "family": family, "severity": "error",
                "agency_id": 1, "year": 2024, "report_id": 1, "cells": ["requests.total.total"], "message": "m",
                "actual": None, "evidence": evidence, "review_state": "open"}

    three = pd.DataFrame([finding(i, "T3.BALANCE", "arithmetic") for i in range(3)])
    (s,) = engine.score(pack, subject, three)
    assert s.deducted == 1.5 and s.score == 0.5
    six = pd.DataFrame([finding(i, "T3.BALANCE", "arithmetic") for i in range(6)])
    assert engine.score(pack, subject, six)[0].deducted == 2  # capped at the item's points
    below = pd.DataFrame([finding(9, "XA.COPY", "cross_agency", '{"ratio": 0.5}')])
    above = pd.DataFrame([finding(9, "XA.COPY", "cross_agency", '{"ratio": 0.51}')])
    assert engine.score(pack, subject, below)[0].deducted == 0  # 内容雷同 > 50%: exactly half is not above
    assert engine.score(pack, subject, above)[0].deducted == 2


def test_a_pack_naming_an_unknown_rule_is_refused(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nitems:\n  - title: 甲\n    points: 5\n    deductions:\n"
                   "      - {title: 乙, rules: [NO.SUCH], points: 1}\n", encoding="utf-8")
    with pytest.raises(DisclosureError, match="规则目录中没有 NO.SUCH"):
        resolve(str(bad))


def test_the_sheet_as_xlsx_one_sheet_per_year(corpus, tmp_path, capsys):
    out = tmp_path / "score.xlsx"
    assert main(["score", "--db", corpus, "--xlsx", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "第 1 名  淮安市甲局  10/10  优秀" in printed
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames == ["2024年度"]
    ws = book["2024年度"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header == sheet.COLUMNS
    body = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert body["淮安市甲局"][6] == 10 and isinstance(body["淮安市甲局"][6], (int, float))  # numbers as numbers
    assert "TIME.LATE" in body["淮安市乙局"][8]
