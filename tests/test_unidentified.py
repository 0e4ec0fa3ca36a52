"""A report is never rejected for its title alone: when nothing in it names its agency or
year, parsing keeps every cell and leaves them None with a note saying what could not be
read (the store keeps such a report pending, for a person to assign them: test_pending.py)."""
from __future__ import annotations

from disclosure.compare import compare
from disclosure.model import Report
from disclosure.parse import parse_file
from disclosure.store import connect
from disclosure.store.ingest import ingest

from .conftest import expected
from .test_identity import GENERIC, PERIOD, PREAMBLE_YEAR, without
from .test_titles import SHENCHI, shenchi

NAMELESS = shenchi(GENERIC)  # a generic title, no signature, and a file name that says nothing
BARE = without(NAMELESS, PERIOD, PREAMBLE_YEAR)  # nor any year


def assert_every_cell(report: Report) -> None:
    c = compare(expected(SHENCHI), report.to_json())
    assert not c.wrong and not c.extra and c.total == 200


def test_a_report_nothing_names_keeps_its_cells_and_says_what_is_missing():
    report = parse_file("report.txt", NAMELESS)
    assert_every_cell(report)
    assert report.agency is None and report.year == 2023
    assert report.identity == {"year": "period"}
    assert report.notes[0] == "无法确定报告的机关名称（标题、发布机构、落款、文件名中均未找到）"


def test_a_report_without_agency_or_year():
    report = parse_file("report.txt", BARE)
    assert_every_cell(report)
    assert (report.agency, report.year, report.identity) == (None, None, {})
    assert report.notes[0] == "无法确定报告的机关名称和年度（标题、发布机构、落款、统计期限、文件名中均未找到）"
    assert report.template == "2021"  # from table 二's header words, not from a year


def test_a_report_without_a_year():
    report = parse_file("report.txt", without(shenchi(["神池县教育科技局", "政府信息公开工作年度报告"]), PERIOD, PREAMBLE_YEAR))
    assert_every_cell(report)
    assert (report.agency, report.year) == ("神池县教育科技局", None)
    assert report.notes[0] == "无法确定报告的年度（标题、统计期限、文件名中均未找到）"


def test_an_unnamed_report_goes_through_the_json_contract():
    data = parse_file("report.txt", BARE).to_json()
    assert data["agency"] is None and data["year"] is None and "identity" not in data
    again = Report.from_json(data)
    assert (again.agency, again.year) == (None, None) and again.to_json() == data


def test_a_file_name_that_names_the_report_stores_it(tmp_db, tmp_path):
    path = tmp_path / "神池县教育科技局2023年.txt"
    path.write_bytes(BARE)
    [outcome] = ingest([str(path)], tmp_db, check=False)
    assert (outcome.status, outcome.agency, outcome.year) == ("stored", "神池县教育科技局", 2023)
    con = connect(tmp_db, read_only=True)
    assert con.execute("SELECT count(*) FROM cells").fetchone()[0] == 200
