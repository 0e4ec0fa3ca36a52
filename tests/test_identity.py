"""Where a report's agency and year come from when its title does not say: the page's
<title> and <meta>, a 发布机构 line, the signature, the file name, the statistics period;
abbreviations resolved through the registry's aliases; and `Report.identity` saying which
source gave each, kept through the JSON contract."""
from __future__ import annotations

import json
from dataclasses import replace

from disclosure.cli import main
from disclosure.model import Report
from disclosure.parse import parse_file
from disclosure.registry import Agency, Registry
from disclosure.store import connect
from disclosure.store.ingest import ingest

from .conftest import REAL, assert_exact, expected
from .test_titles import SHANGHAI, SHENCHI, shanghai, shenchi

GENERIC = ["政府信息公开工作年度报告"]  # a title that names neither agency nor year
PERIOD = "所列数据的统计期限为 2023 年 1 月 1 日至 2023 年 12 月 31 日。"
PREAMBLE_YEAR = "特向社会公布 2023 年神池县教育科技局信息公开年度报告。"


def signed(title: list[str], signature: str = "神池县教育科技局") -> bytes:
    """The 神池县 report under `title`, signed off by `signature` above its date."""
    return shenchi(title).replace(b"\n2024\xe5\xb9\xb41\xe6\x9c\x88\n", f"\n{signature}\n2024年1月\n".encode())


def without(data: bytes, *texts: str) -> bytes:
    text = data.decode("utf-8")
    for t in texts:
        assert t in text
        text = text.replace(t, "")
    return text.encode("utf-8")


def assert_cells(report: Report, sample: str, agency: str, year: int) -> None:
    assert_exact(dict(expected(sample), agency=agency, year=year), report.to_json())
    assert (report.agency, report.year) == (agency, year)


def shanghai_page(title_tag: str, head: str = "", printed: list[str] | None = None) -> bytes:
    page = shanghai(printed or []).decode("utf-8")
    if not printed:
        page = page.replace("<p style='text-align: center;font-weight: bold;'></p>", "")
    return page.replace("<title>政府信息公开</title>", f"<title>{title_tag}</title>{head}").encode("utf-8")


def test_a_page_without_a_printed_title_is_named_by_its_title_tag():
    report = parse_file("page.html", shanghai_page("2019年上海市人民政府办公厅政府信息公开工作年度报告"))
    assert_cells(report, SHANGHAI, "上海市人民政府办公厅", 2019)
    assert report.identity == {"agency": "page_title", "year": "page_title"}


def test_a_title_tag_with_the_agency_after_the_report_title():
    report = parse_file("page.html", shanghai_page("2019年政府信息公开工作年度报告_上海市人民政府办公厅"))
    assert_cells(report, SHANGHAI, "上海市人民政府办公厅", 2019)
    assert report.identity == {"agency": "page_title", "year": "page_title"}


def test_the_article_title_meta_of_a_government_site():
    head = '<meta name="ArticleTitle" content="2019年上海市人民政府办公厅政府信息公开工作年度报告">'
    report = parse_file("page.html", shanghai_page("上海市人民政府", head))
    assert_cells(report, SHANGHAI, "上海市人民政府办公厅", 2019)
    assert report.identity == {"agency": "page_title", "year": "page_title"}


def test_the_content_source_meta_names_the_agency_and_the_period_the_year():
    head = '<meta name="ContentSource" content="上海市人民政府办公厅">'
    report = parse_file("page.html", shanghai_page("政府信息公开", head, printed=GENERIC))
    assert_cells(report, SHANGHAI, "上海市人民政府办公厅", 2019)
    assert report.identity == {"agency": "page_meta", "year": "period"}


def test_a_publisher_line_of_a_text_copy():
    data = shenchi(GENERIC + ["索引号：11140927MB0Y12345X/2024-00001 发布机构：神池县教育科技局"])
    report = parse_file("report.txt", data)
    assert_cells(report, SHENCHI, "神池县教育科技局", 2023)
    assert report.identity == {"agency": "publisher_line", "year": "period"}


def test_a_publisher_table_of_a_web_page():
    table = ("<table><tr><td>发文机关：</td><td>上海市人民政府办公厅</td><td>发布日期：</td><td>2020-01-31</td></tr></table>")
    page = shanghai_page("政府信息公开", printed=GENERIC).decode("utf-8")
    page = page.replace("<p style='text-align: center'>发布日期：2020-01-31</p>", table)
    report = parse_file("page.html", page.encode("utf-8"))
    assert_cells(report, SHANGHAI, "上海市人民政府办公厅", 2019)
    assert report.identity == {"agency": "publisher_line", "year": "period"}


def test_the_signature_names_the_agency_of_a_generic_title():
    report = parse_file("report.txt", signed(GENERIC))
    assert_cells(report, SHENCHI, "神池县教育科技局", 2023)
    assert report.identity == {"agency": "signature", "year": "period"}


def test_a_title_that_says_only_the_whole_county_leaves_the_agency_to_the_signature():
    report = parse_file("report.txt", signed(["2023年全县政府信息公开工作年度报告"]))
    assert_cells(report, SHENCHI, "神池县教育科技局", 2023)
    assert report.identity == {"agency": "signature", "year": "title"}


def test_a_cover_notice_over_a_whole_report_is_not_its_title():
    report = parse_file("report.txt", signed(["关于印发《神池县教育科技局2023年政府信息公开工作年度报告》的通知"]))
    assert_cells(report, SHENCHI, "神池县教育科技局", 2023)
    assert report.identity == {"agency": "signature", "year": "period"}


def test_a_site_name_in_the_title_tag_is_not_the_agency():
    report = parse_file("page.html", shanghai_page("2019年政府信息公开工作年度报告-上海市人民政府门户网站"))
    assert report.agency is None and report.year == 2019 and report.identity == {"year": "page_title"}


def test_the_title_names_the_agency_and_the_period_the_year():
    report = parse_file("report.txt", shenchi(["神池县教育科技局", "政府信息公开工作年度报告"]))
    assert_cells(report, SHENCHI, "神池县教育科技局", 2023)
    assert report.identity == {"agency": "title", "year": "period"}


def test_the_preamble_gives_the_year_when_no_period_is_printed():
    report = parse_file("report.txt", without(signed(GENERIC), PERIOD))
    assert_cells(report, SHENCHI, "神池县教育科技局", 2023)
    assert report.identity == {"agency": "signature", "year": "preamble"}


def test_the_file_name_names_what_the_document_does_not():
    data = without(shenchi(GENERIC), PERIOD, PREAMBLE_YEAR)
    for name in ("神池县教育科技局_2023.txt", "2023-神池县教育科技局.txt", "神池县教育科技局2023年政府信息公开工作年度报告.txt"):
        report = parse_file(name, data)
        assert_cells(report, SHENCHI, "神池县教育科技局", 2023)
        assert report.identity == {"agency": "filename", "year": "filename"}, name


def test_a_downloaded_file_name_of_digits_gives_no_year():
    report = parse_file("P020240125367834512.txt", without(signed(GENERIC), PERIOD, PREAMBLE_YEAR))
    assert report.agency == "神池县教育科技局" and report.year is None


def test_the_document_wins_over_the_file_name():
    report = parse_file("淮安市人民政府2020.txt", shenchi(["神池县教育科技局", "2023年度政府信息公开工作年度报告"]))
    assert (report.agency, report.year) == ("神池县教育科技局", 2023)


def registry() -> Registry:
    base = Registry.load(REAL.parent / "agencies.csv")
    education = base.get("神池县教育科技局")
    return base.upsert(
        replace(education, aliases=("县教科局",)),
        Agency("上海市科学技术委员会", aliases=("上海市科委",), province="上海市", province_code="310000",
               level="province", kind="science", parent="上海市人民政府"),
    )


ABBREVIATED = ["2024 年上海市科委政府信息公开工作", "年度报告"]


RESOLVED = {"agency": "alias", "year": "title", "registered_agency": "上海市科学技术委员会"}


def test_an_abbreviation_in_the_title_is_resolved_through_the_registry_aliases():
    report = parse_file("report.txt", shenchi(ABBREVIATED), registry())
    assert_cells(report, SHENCHI, "上海市科委", 2024)  # as the document names it
    assert report.identity == RESOLVED


def test_an_abbreviated_signature_is_resolved_and_keeps_its_source():
    report = parse_file("report.txt", signed(GENERIC, "县教科局"), registry())
    assert_cells(report, SHENCHI, "县教科局", 2023)
    assert report.identity == {"agency": "signature", "year": "period", "registered_agency": "神池县教育科技局"}


def test_an_abbreviation_only_the_registry_knows_is_an_agency():
    # `神池教科` ends as no agency name ends: without the registry the signature names nothing
    data = signed(GENERIC, "神池教科")
    assert parse_file("report.txt", data).agency is None
    reg = registry()
    reg = reg.upsert(replace(reg.get("神池县教育科技局"), aliases=("神池教科",)))
    report = parse_file("report.txt", data, reg)
    assert report.agency == "神池教科" and report.identity["registered_agency"] == "神池县教育科技局"


def test_a_full_name_the_registry_lists_stays_a_title():
    report = parse_file("report.txt", shenchi(["神池县教育科技局", "2023年度政府信息公开工作年度报告"]), registry())
    assert report.identity == {"agency": "title", "year": "title"}


def test_ingest_files_abbreviated_titles_under_the_registered_agency(tmp_db, tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    for i in range(4):
        (reports / f"r{i}.txt").write_bytes(shenchi([f"{2020 + i} 年上海市科委政府信息公开工作", "年度报告"]))
    csv = registry().save(tmp_path / "agencies.csv")  # the database takes a registry from its file
    outcomes = ingest([str(reports)], tmp_db, jobs=2, registry=Registry.load(csv), check=False)
    assert [(o.status, o.agency, o.year) for o in outcomes] == [("stored", "上海市科学技术委员会", 2020 + i) for i in range(4)]
    con = connect(tmp_db, read_only=True)
    assert con.execute("SELECT DISTINCT printed_agency FROM reports").fetchall() == [("上海市科委",)]


def test_the_identity_goes_through_the_json_contract():
    report = parse_file("report.txt", shenchi(ABBREVIATED), registry())
    data = json.loads(json.dumps(report.to_json(), ensure_ascii=False))
    assert data["identity"] == RESOLVED
    again = Report.from_json(data)
    assert again.identity == report.identity and again.to_json() == data


def test_the_command_line_says_where_the_agency_was_read(tmp_path, capsys):
    csv = registry().save(tmp_path / "agencies.csv")
    path = tmp_path / "report.txt"
    path.write_bytes(shenchi(ABBREVIATED))
    assert main(["parse", str(path), "--registry", str(csv)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("上海市科委  2024")
    assert "机关取自标题（别名），年度取自标题，名录中为“上海市科学技术委员会”" in first
