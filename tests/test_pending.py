"""Never rejected for its title alone: a report whose tables parse but whose agency or year
nothing in it names is stored pending (待确认) with its cells, out of the analyses and
rules, listed on the 导入 page and by `disclosure reports --pending`; a person assigns its
agency and year there or with `disclosure assign`, and it becomes a report like any other,
checked. A whole upload can be given one region and one year."""
from __future__ import annotations

from disclosure.cli import main
from disclosure.store.ingest import ingest

from .conftest import REAL, assert_checked, rows
from .test_dashboard_pages import open_app
from .test_titles import SHENCHI
from .test_unidentified import BARE, NAMELESS

AGENCY = "神池县教育科技局"
UNNAMED = "无法确定报告的机关名称（标题、发布机构、落款、文件名中均未找到）"


def _nameless(tmp_path) -> tuple[str, str]:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-report.txt").write_bytes(NAMELESS)
    (folder / "b-good.txt").write_bytes((REAL / f"{SHENCHI}.txt").read_bytes().replace(
        AGENCY.encode(), "神池县卫生健康局".encode()))
    return str(folder), str(folder / "a-report.txt")


def test_an_unnamed_report_is_stored_pending_with_its_cells_and_kept_out_of_every_check(tmp_db, tmp_path):
    folder, _ = _nameless(tmp_path)
    pending, stored = ingest([folder], tmp_db)
    assert stored.status == "stored"
    assert (pending.status, pending.agency, pending.year) == ("pending", None, 2023)
    assert pending.reason == (f"{UNNAMED}；已存为待确认，请在“导入”页指定机关和年度"
                              f"（或 disclosure assign {pending.report_id} --agency 名称 --year 年度）")
    assert rows(tmp_db, "SELECT count(*) FROM cells WHERE report_id = ?", [pending.report_id]) == [(200,)]
    assert rows(tmp_db, "SELECT count(*) FROM reports") == [(1,)]  # out of every analysis
    assert rows(tmp_db, "SELECT count(*) FROM report_metrics") == [(1,)]
    assert rows(tmp_db, "SELECT DISTINCT agency FROM findings") == [("神池县卫生健康局",)]  # and of every rule
    # the same file again is the same pending report
    [again] = ingest([str(tmp_path / "in" / "a-report.txt")], tmp_db)
    assert (again.status, again.report_id) == ("unchanged", pending.report_id)
    assert rows(tmp_db, "SELECT count(*) FROM report_versions WHERE status = 'pending'") == [(1,)]


def test_assigned_from_the_cli_it_becomes_a_report_and_is_checked(tmp_db, tmp_path, capsys):
    folder, path = _nameless(tmp_path)
    pending, _ = ingest([folder], tmp_db)
    assert main(["reports", "--pending", "--db", tmp_db]) == 0
    listed = capsys.readouterr().out
    assert "a-report.txt" in listed and UNNAMED in listed and "共 1 份待确认的报告" in listed
    assert main(["assign", str(pending.report_id), "--agency", AGENCY, "--db", tmp_db]) == 0
    assert f"已存储  报告 {pending.report_id}：{AGENCY} 2023 年度" in capsys.readouterr().out
    assert rows(tmp_db, "SELECT a.name, r.year FROM reports r JOIN agencies a USING (agency_id) ORDER BY 1") == [
        ("神池县卫生健康局", 2023), (AGENCY, 2023)]
    # checked: its own table 三 inconsistency ((四)1 counts 1, (七)总计 0) is found now
    assert rows(tmp_db, "SELECT count(*) FROM findings WHERE agency = ? AND rule LIKE 'T3.%'", [AGENCY])[0][0] > 0
    assert_checked(tmp_db, "after the assignment")
    log = rows(tmp_db, "SELECT field, old_value, new_value, note FROM corrections ORDER BY correction_id")
    assert log == [("agency", "null", f'"{AGENCY}"', "人工指定机关和年度"), ("year", "2023", "2023", "人工指定机关和年度")]
    # the same nameless file ingested again stays where the person put it
    [again] = ingest([path], tmp_db)
    assert (again.status, again.agency, again.year) == ("unchanged", AGENCY, 2023)
    assert main(["reports", "--pending", "--db", tmp_db]) == 0
    assert "没有待确认的报告" in capsys.readouterr().out


def test_a_report_without_a_year_needs_one(tmp_db, tmp_path, capsys):
    (tmp_path / "bare.txt").write_bytes(BARE)
    [pending] = ingest([str(tmp_path / "bare.txt")], tmp_db, check=False)
    assert pending.status == "pending" and pending.year is None
    assert main(["assign", str(pending.report_id), "--agency", AGENCY, "--db", tmp_db]) == 1
    assert "年度未知，请一并指定" in capsys.readouterr().out
    assert main(["assign", str(pending.report_id), "--agency", AGENCY, "--year", "2022", "--db", tmp_db]) == 0
    assert rows(tmp_db, "SELECT r.year FROM reports r") == [(2022,)]


def test_the_upload_page_lists_pending_reports_and_assigns_them(tmp_db, tmp_path, monkeypatch):
    folder, _ = _nameless(tmp_path)
    pending, _ = ingest([folder], tmp_db)
    listed = open_app(tmp_db, monkeypatch, "reports")
    assert any("另有 1 份报告读不出机关或年度（待确认）" in i.value for i in listed.info)
    assert list(listed.dataframe[0].value["机关"]) == ["神池县卫生健康局"]
    at = open_app(tmp_db, monkeypatch, "upload")
    assert any(s.value == "待确认的报告（1 份）" for s in at.subheader)
    table = next(d.value for d in at.dataframe if "文中年度" in d.value.columns)
    assert list(table["文件"]) == ["a-report.txt"] and list(table["文中年度"]) == [2023]
    at.multiselect(key="assign_ids").select(pending.report_id).run()
    at.text_input(key="assign_agency").input(AGENCY)
    at.button(key="assign").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(f"{AGENCY} 2023 年度，已存储" in s.value for s in at.success)
    assert not any(s.value.startswith("待确认的报告") for s in at.subheader)
    assert rows(tmp_db, "SELECT count(*) FROM reports") == [(2,)]
    assert_checked(tmp_db, "after the page's assignment")


def test_a_whole_upload_is_given_one_region_and_year(tmp_db, tmp_path, monkeypatch):
    # departments that print their names without their county, their year misread
    text = (REAL / f"{SHENCHI}.txt").read_text(encoding="utf-8")
    files = [(f"{name}.txt", text.replace(AGENCY, name).encode("utf-8"), "text/plain") for name in ("教育局", "卫生健康局")]
    at = open_app(tmp_db, monkeypatch, "upload")
    at.file_uploader[0].set_value(files).run()
    at.button[0].click().run()
    assert list(at.dataframe[0].value["结果"]) == ["已存储", "已存储"]
    assert rows(tmp_db, "SELECT name, province FROM agencies a JOIN reports USING (agency_id) ORDER BY 1") == [
        ("卫生健康局", None), ("教育局", None)]
    at.text_input(key="batch_region").input("山西省忻州市神池县")
    at.text_input(key="batch_year").input("2022").run()
    at.button(key="batch_assign").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert rows(tmp_db, """SELECT a.name, a.province, a.county, r.year FROM reports r JOIN agencies a USING (agency_id)
                           ORDER BY 1""") == [("神池县卫生健康局", "山西省", "神池县", 2022), ("神池县教育局", "山西省", "神池县", 2022)]
    assert_checked(tmp_db, "after the batch assignment")
