"""Corrections by a person: a reviewer corrects a cell, the agency or the year with a reason;
the correction is logged, overrides the parse, is marked wherever the value shows (the
report page's tables, its provenance table and that table's CSV/XLSX, `disclosure show`),
re-runs the checks it affects and survives a re-parse of the same document. A new version
does not take the corrections over silently: they are offered on it.

The real 神池县教育科技局 2023 report counts 1 in （四）1 for 自然人 while its （七）总计 says
0 (T3.DETAIL_SUM): the reviewer, reading the original, sets that 1 to 0.
"""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from disclosure.cli import main
from disclosure.exports import tables
from disclosure.store import versions
from disclosure.store.ingest import ingest
from disclosure.store.writes import write

from .conftest import REAL, ROOT, assert_checked, rows
from .test_dashboard_pages import open_app

SEED = REAL / "shenchi-education-2023.txt"
AGENCY = "神池县教育科技局"
CELL = "requests.unable.not_held.natural_person"
WHY = "原件第3页该栏为0，与总计一致"
CLI = [sys.executable, "-m", "disclosure"]


def value(db: str, cell: str = CELL):
    t, r, c = cell.split(".", 1)[0], cell.split(".", 1)[1].rsplit(".", 1)[0], cell.rsplit(".", 1)[1]
    return rows(db, """SELECT c.value FROM cells c JOIN reports USING (report_id)
                       WHERE c.table_key = ? AND c.row_key = ? AND c.column_key = ?""", [t, r, c])


def detail_findings(db: str) -> list[tuple]:
    return rows(db, "SELECT cells FROM findings WHERE rule = 'T3.DETAIL_SUM' ORDER BY 1")


@pytest.fixture
def seeded(tmp_db):
    ingest([str(SEED)], tmp_db)
    assert len(detail_findings(tmp_db)) == 2
    return tmp_db


def test_a_cli_correction_while_the_dashboard_is_open_is_marked_everywhere_and_rechecked(seeded, monkeypatch,
                                                                                          downloads):
    at = open_app(seeded, monkeypatch, "report")
    done = subprocess.run([*CLI, "correct", AGENCY, "2023", CELL, "0", "--note", WHY, "--db", seeded],
                          capture_output=True, text=True, cwd=str(ROOT), env={**os.environ, "PYTHONPATH": str(ROOT)},
                          timeout=120)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert f"已更正 {AGENCY} 2023 年度 表三“（四）无法提供·1.本机关不掌握相关政府信息”自然人" in done.stdout
    assert "1 → 0" in done.stdout and WHY in done.stdout
    assert value(seeded) == [(0,)]
    assert detail_findings(seeded) == [(["requests.total.total", "requests.unable.not_held.total"],)]
    assert_checked(seeded, "after the correction")

    at.run()  # the page, served by this process all along, shows it
    assert not at.exception
    html = "".join(m.value for m in at.markdown)
    # marked as corrected (and as failing T3.COLUMN_SUM now: the row's 总计 still says 1)
    [tip] = re.findall(r'<td class="num (?:mark )?fixed" title="([^"]*)">0</td>', html)
    assert "人工更正：原文为 1，" in tip and WHY in tip
    assert any("蓝框标出人工更正过的单元格" in c.value for c in at.caption)
    assert any(s.value == "人工更正（1 处生效）" for s in at.subheader)
    provenance = next(d.value for d in at.dataframe if "人工更正" in d.value.columns)
    [line] = [x for x in provenance["人工更正"] if x]
    assert line.startswith("人工更正：原文为 1，") and WHY in line
    fixed = provenance[provenance["人工更正"] != ""].iloc[0]
    assert (fixed["数值"], fixed["原文"]) == (0, "1")  # the value used, and what the document printed
    # the report page's exports of that table carry the mark: the CSV its button hands out, and
    # the XLSX its button builds when clicked (from the same table)
    csv = pd.read_csv(io.BytesIO(downloads(at, "provenance_csv")), encoding="utf-8-sig", dtype=str,
                      keep_default_na=False)
    assert list(csv.loc[csv["人工更正"] != "", "人工更正"]) == [line]
    sheet = openpyxl.load_workbook(io.BytesIO(tables.xlsx(provenance, "数字出处"))).active
    header = [c.value for c in sheet[1]]
    marked = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[header.index("人工更正")]]
    assert [r[header.index("人工更正")] for r in marked] == [line] and marked[0][header.index("数值")] == 0
    log = next(d.value for d in at.dataframe if "更正人" in d.value.columns)
    assert list(log["原值"]) == ["1"] and list(log["新值"]) == ["0"] and list(log["原因"]) == [WHY]


def test_a_correction_survives_reparse_and_a_new_parser(seeded, monkeypatch, capsys):
    write(seeded, "correct", agency=AGENCY, year=2023, cell=CELL, value="0", note=WHY)
    assert main(["ingest", "--reparse", "--db", seeded, "--quiet"]) == 0
    assert "已重新解析 1" in capsys.readouterr().out
    assert value(seeded) == [(0,)]
    assert_checked(seeded, "after --reparse")
    monkeypatch.setattr(versions, "PARSER_VERSION", "99.0.0")  # a parser upgrade: the same file is parsed again
    [again] = ingest([str(SEED)], seeded)
    assert again.status == "reparsed"
    assert value(seeded) == [(0,)]
    assert main(["show", AGENCY, "2023", "--json", "--db", seeded]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["requests"]["unable.not_held"]["natural_person"] == 0
    [mark] = shown["corrections"]
    assert (mark["field"], mark["cell"], mark["parsed"], mark["value"], mark["note"]) == ("cell", CELL, 1, 0, WHY)
    assert_checked(seeded, "after a new parser")


def test_show_is_the_parse_with_the_corrections_applied(seeded, capsys):
    assert main(["parse", str(SEED), "--json"]) == 0
    parsed = json.loads(capsys.readouterr().out)
    write(seeded, "correct", agency=AGENCY, year=2023, cell=CELL, value="0", note=WHY)
    assert main(["show", AGENCY, "2023", "--json", "--db", seeded]) == 0
    shown = json.loads(capsys.readouterr().out)
    parsed["requests"]["unable.not_held"]["natural_person"] = 0
    for key in ("agency", "year", "template", "published", "active", "requests", "review_litigation", "sections",
                "label_deviations", "notes", "identity"):
        assert shown.get(key) == parsed.get(key), key
    assert main(["show", AGENCY, "2023", "--db", seeded]) == 0
    text = capsys.readouterr().out
    assert "人工更正（1 处，已用于分析和核查）" in text and f"原文 1 → 0" in text and WHY in text


def test_agency_and_year_corrections_move_the_report_and_check_both(seeded, capsys):
    assert main(["correct", AGENCY, "2023", "year", "2022", "--note", "标题年度印错", "--db", seeded]) == 0
    assert f"现为 {AGENCY} 2022 年度" in capsys.readouterr().out
    assert rows(seeded, "SELECT year FROM reports") == [(2022,)]
    assert rows(seeded, "SELECT DISTINCT year FROM findings") == [(2022,)]
    assert_checked(seeded, "after the year correction")
    assert main(["correct", AGENCY, "2022", "agency", "神池县教育局", "--note", "机构更名", "--db", seeded]) == 0
    assert rows(seeded, "SELECT a.name FROM reports JOIN agencies a USING (agency_id)") == [("神池县教育局",)]
    assert_checked(seeded, "after the agency correction")
    [again] = ingest([str(SEED)], seeded)  # the same document stays where the person put it
    assert (again.status, again.agency, again.year) == ("unchanged", "神池县教育局", 2022)
    log = rows(seeded, "SELECT field, old_value, new_value, note FROM corrections WHERE state = 'active' ORDER BY 1")
    assert log == [("agency", f'"{AGENCY}"', '"神池县教育局"', "机构更名"), ("year", "2023", "2022", "标题年度印错")]


def test_a_new_version_offers_the_corrections_of_the_one_it_replaces(seeded, tmp_path, monkeypatch):
    write(seeded, "correct", agency=AGENCY, year=2023, cell=CELL, value="0", note=WHY)
    write(seeded, "correct", agency=AGENCY, year=2023, cell="active.penalty.decisions", value="3", note="原件为3")
    reissued = tmp_path / "reissued.txt"  # the agency's reissue: its penalty figure fixed, the 1 left as it was
    reissued.write_text(SEED.read_text(encoding="utf-8").replace("行政处罚\t0", "行政处罚\t3"), encoding="utf-8")
    [o] = ingest([str(reissued)], seeded)
    assert o.status == "replaced"
    assert value(seeded) == [(1,)]  # not taken over silently
    offered = rows(seeded, "SELECT address, old_value, new_value, state FROM corrections WHERE report_id = ?",
                   [o.report_id])
    assert offered == [(CELL, "1", "0", "offered")]  # the penalty needs no correction any more
    at = open_app(seeded, monkeypatch, "report")
    assert any("上一版本有 1 处人工更正" in w.value for w in at.warning)
    at.button(key="offers_apply").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert value(seeded) == [(0,)]
    assert rows(seeded, "SELECT state FROM corrections WHERE report_id = ?", [o.report_id]) == [("active",)]
    assert not any("上一版本有" in w.value for w in at.warning)
    assert_checked(seeded, "after the offer was applied")


def test_a_withdrawn_correction_gives_the_parse_back(seeded):
    done = write(seeded, "correct", agency=AGENCY, year=2023, cell=CELL, value="0", note=WHY)
    write(seeded, "withdraw_correction", correction_id=done["correction_id"])
    assert value(seeded) == [(1,)]
    assert rows(seeded, "SELECT raw FROM cells c JOIN reports USING (report_id) WHERE c.row_key = 'unable.not_held' "
                        "AND c.column_key = 'natural_person'") == [("1",)]
    assert len(detail_findings(seeded)) == 2
    assert_checked(seeded, "after the withdrawal")


@pytest.mark.parametrize("cell, given, note, why", [
    (CELL, "0", "", "请写明更正的原因"),
    ("requests.granted.nobody", "3", WHY, "没有单元格“requests.granted.nobody”"),
    (CELL, "-2", WHY, "不能为负数"),
    (CELL, "十二", WHY, "“十二”不是数字"),
    (CELL, "1", WHY, "已经是1，无需更正"),
])
def test_a_correction_that_says_too_little_is_refused_and_changes_nothing(seeded, capsys, cell, given, note, why):
    assert main(["correct", AGENCY, "2023", cell, given, "--note", note, "--db", seeded]) == 1
    assert why in capsys.readouterr().err
    assert rows(seeded, "SELECT count(*) FROM corrections") == [(0,)] and value(seeded) == [(1,)]
