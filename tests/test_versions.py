"""Versions, not silent replacement: every document of an agency and year is kept, and the
current report changes only for one at least as complete (disclosure/store/versions.py).

The real reports in data/samples, cut as uploads have cut them: the web page with its
tables gone (one such upload took 上海市人民政府办公厅 2019 from 63 values to 0), the first
page of a PDF alone (pypdfium2), a file with the title only. None of them replaces the
complete report; the page says why, compares the versions cell by cell and lets a person
choose one.
"""
from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pytest

from disclosure.cli import main
from disclosure.store.ingest import ingest

from .conftest import REAL, assert_checked, rows
from .test_dashboard_pages import open_app

SHANGHAI = REAL / "shanghai-office-2019.html"
KEPT = "，未替换已有报告；可在报告详情中比较后选用"


def cut_tables(html: bytes) -> bytes:
    return re.sub(rb"(?is)<table.*?</table>", b"", html)


def first_page(pdf: bytes) -> bytes:
    source = pdfium.PdfDocument(pdf)
    out = pdfium.PdfDocument.new()
    out.import_pages(source, [0])
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def current(db: str) -> list[tuple]:
    """(agency, year, source file, filled cells) of every current report, counted from its cells."""
    return rows(db, """SELECT a.name, r.year, r.source_name, count(c.value) FROM reports r
                       JOIN agencies a USING (agency_id) LEFT JOIN cells c USING (report_id)
                       GROUP BY ALL ORDER BY 1, 2""")


def versions(db: str) -> list[tuple]:
    return rows(db, "SELECT status, source_name, reason FROM report_versions ORDER BY report_id")


def test_a_page_with_its_tables_cut_never_replaces_the_complete_report(tmp_db, tmp_path):
    ingest([str(SHANGHAI)], tmp_db)
    assert current(tmp_db) == [("上海市人民政府办公厅", 2019, SHANGHAI.name, 63)]
    cut = tmp_path / "shanghai-cut.html"
    cut.write_bytes(cut_tables(SHANGHAI.read_bytes()))
    [o] = ingest([str(cut)], tmp_db)
    assert (o.status, o.agency, o.year) == ("candidate", "上海市人民政府办公厅", 2019)
    assert o.reason == "新文件缺少表二、表三、表四" + KEPT
    assert current(tmp_db) == [("上海市人民政府办公厅", 2019, SHANGHAI.name, 63)]
    assert versions(tmp_db) == [("current", SHANGHAI.name, None), ("candidate", cut.name, o.reason)]
    assert_checked(tmp_db, "a candidate changes no finding")


@pytest.mark.parametrize("name, filled", [("hongze-district-2023.pdf", 186), ("huaian-city-2024.pdf", 200)])
def test_the_first_page_of_a_pdf_never_replaces_the_whole_report(tmp_db, tmp_path, name, filled):
    whole = REAL / name
    [stored] = ingest([str(whole)], tmp_db, check=False)
    page = tmp_path / f"page1-{name}"
    page.write_bytes(first_page(whole.read_bytes()))
    [o] = ingest([str(page)], tmp_db, check=False)
    assert o.status == "candidate" and o.reason == "新文件缺少表二、表三、表四" + KEPT
    assert current(tmp_db) == [(stored.agency, stored.year, name, filled)]


def test_a_title_only_file_never_replaces_the_report(tmp_db, tmp_path):
    ingest([str(SHANGHAI)], tmp_db, check=False)
    title = "上海市人民政府办公厅2019年政府信息公开工作年度报告"
    (tmp_path / "title.txt").write_text(title + "\n", encoding="utf-8")
    (tmp_path / "title.html").write_text(f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
                                         "<p>附件：点击下载</p></body></html>", encoding="utf-8")
    outcomes = ingest([str(tmp_path)], tmp_db, check=False)
    assert [o.status for o in outcomes] == ["failed", "failed"]
    assert all("不是政府信息公开工作年度报告" in o.reason for o in outcomes)
    assert current(tmp_db) == [("上海市人民政府办公厅", 2019, SHANGHAI.name, 63)]
    assert [v[0] for v in versions(tmp_db)] == ["current"]


def test_a_complete_file_replaces_a_cut_one_and_fewer_values_do_not(tmp_db, tmp_path):
    cut = tmp_path / "a-cut.html"
    cut.write_bytes(cut_tables(SHANGHAI.read_bytes()))
    [first] = ingest([str(cut)], tmp_db, check=False)
    assert first.status == "stored"
    [whole] = ingest([str(SHANGHAI)], tmp_db, check=False)
    assert whole.status == "replaced"
    assert current(tmp_db) == [("上海市人民政府办公厅", 2019, SHANGHAI.name, 63)]
    blanked = tmp_path / "b-blanked.html"  # one value of table 三 left blank
    blanked.write_bytes(SHANGHAI.read_bytes().replace(b">258<", b"><", 1))
    [fewer] = ingest([str(blanked)], tmp_db, check=False)
    assert fewer.status == "candidate"
    assert fewer.reason == "新文件填写的单元格比已有报告少（62 个，已有报告 63 个）" + KEPT
    assert [v[0] for v in versions(tmp_db)] == ["superseded", "current", "candidate"]


def test_reparsing_keeps_every_version_in_its_place(tmp_db, tmp_path):
    ingest([str(SHANGHAI)], tmp_db, check=False)
    cut = tmp_path / "cut.html"
    cut.write_bytes(cut_tables(SHANGHAI.read_bytes()))
    ingest([str(cut)], tmp_db, check=False)
    before = versions(tmp_db)
    assert main(["ingest", "--reparse", "--db", tmp_db, "--quiet"]) == 0
    assert versions(tmp_db) == before
    assert current(tmp_db) == [("上海市人民政府办公厅", 2019, SHANGHAI.name, 63)]
    assert rows(tmp_db, "SELECT count(*) FROM cells") == [(198,)]  # nothing doubled
    assert_checked(tmp_db, "after a re-parse")


def test_versions_are_compared_cell_by_cell_and_one_chosen_in_the_report_page(tmp_db, tmp_path, monkeypatch):
    ingest([str(SHANGHAI)], tmp_db)
    changed = tmp_path / "shanghai-reissued.html"  # the page again, its tables cut off
    changed.write_bytes(cut_tables(SHANGHAI.read_bytes()))
    ingest([str(changed)], tmp_db)
    at = open_app(tmp_db, monkeypatch, "report")
    assert any("shanghai\\-reissued\\.html" in w.value and "新文件缺少表二、表三、表四" in w.value for w in at.warning)
    listed = next(d.value for d in at.dataframe if "状态" in d.value.columns)
    assert list(listed["状态"]) == ["候选版本", "当前版本"]
    diff = next(d.value for d in at.dataframe if "所选版本" in d.value.columns)
    assert len(diff) == 198 and set(diff["所选版本"]) == {"（无此单元格）"}
    granted = diff[(diff["表"] == "表三") & (diff["行"] == "（一）予以公开") & (diff["列"] == "自然人")]
    assert list(granted["当前版本"]) == ["258"]
    at.button(key="choose_version").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert current(tmp_db) == [("上海市人民政府办公厅", 2019, changed.name, 0)]
    assert [v[0] for v in versions(tmp_db)] == ["superseded", "current"]
    assert any("已选用所选版本" in s.value for s in at.success)
    assert any("报告中没有这张表" in w.value for w in at.warning)  # the page shows the chosen version
    assert_checked(tmp_db, "after choosing a version")
    # and back: the complete one chosen again, from the CLI
    [(first,)] = rows(tmp_db, "SELECT report_id FROM report_versions WHERE source_name = ?", [SHANGHAI.name])
    assert main(["choose", str(first), "--db", tmp_db]) == 0
    assert current(tmp_db) == [("上海市人民政府办公厅", 2019, SHANGHAI.name, 63)]
    assert_checked(tmp_db, "after choosing back")


def test_a_link_to_a_replaced_version_opens_the_current_report(tmp_db, tmp_path, monkeypatch):
    cut = tmp_path / "a-cut.html"
    cut.write_bytes(cut_tables(SHANGHAI.read_bytes()))
    [old] = ingest([str(cut)], tmp_db, check=False)
    [new] = ingest([str(SHANGHAI)], tmp_db, check=False)
    at = open_app(tmp_db, monkeypatch, "report", report=str(old.report_id))
    assert at.query_params["report"] == str(new.report_id)
    assert "第二十条第（一）项" in "".join(m.value for m in at.markdown)


def test_a_database_from_before_versions_keeps_its_reports_as_their_current_versions(tmp_db, tmp_path):
    import duckdb

    ingest([str(SHANGHAI)], tmp_db, check=False)
    before = rows(tmp_db, "SELECT report_id, tables, cells_filled, statutory FROM report_versions")
    con = duckdb.connect(tmp_db)  # as a database made before migrations 012 and 013
    con.execute("DROP TABLE corrections; DROP SEQUENCE correction_ids; DROP TABLE report_versions; "
                "DELETE FROM schema_version WHERE version IN (12, 13)")
    con.close()
    assert rows(tmp_db, "SELECT report_id, tables, cells_filled, statutory FROM report_versions") == before
    assert before[0][1:] == (["active", "requests", "review_litigation"], 63, 7)
    cut = tmp_path / "cut.html"
    cut.write_bytes(cut_tables(SHANGHAI.read_bytes()))
    [o] = ingest([str(cut)], tmp_db, check=False)
    assert o.status == "candidate"
