"""A document with neither the statistical tables nor the six statutory sections is not a
report: it is refused in one clear line, never stored as a report of 0 cells. A partial
report (first page only, tables cut off) is parsed as what it is."""
from __future__ import annotations

import pytest

from disclosure.compare import cells
from disclosure.model import DisclosureError
from disclosure.parse import parse_file
from disclosure.store import connect
from disclosure.store.ingest import ingest

from .conftest import expected
from .test_titles import SHENCHI, shenchi

REFUSED = "不是政府信息公开工作年度报告：未找到统计表和六个部分"

NOTICE = """关于报送2023年度政府信息公开工作年度报告的通知

各乡镇人民政府，县直各单位：

根据《中华人民共和国政府信息公开条例》规定，各单位应于每年1月31日前向社会公布本机关上一年度政府信息公开工作年度报告。现将有关事项通知如下：请各单位按照国务院办公厅印发的格式编制2023年度政府信息公开工作年度报告，于2024年1月20日前报县政府办公室审核。

联系人：张三，电话：0350-1234567。

神池县人民政府办公室

2024年1月5日
"""

NOTICE_WITH_CONTENTS = """关于做好2023年度政府信息公开工作年度报告编制发布工作的通知

各乡镇人民政府，县直各单位：

年度报告应当包括以下内容：

一、总体情况

二、主动公开政府信息情况

三、收到和处理政府信息公开申请情况

四、政府信息公开行政复议、行政诉讼情况

五、存在的主要问题及改进情况

六、其他需要报告的事项

神池县人民政府办公室

2024年1月5日
"""

PROSE = """今年以来，我县坚持以人民为中心的发展思想，扎实推进乡村振兴各项工作。

春耕期间，农业技术人员深入田间地头，指导农户科学施肥、合理灌溉，确保粮食生产稳定。

县文化馆组织开展送戏下乡活动二十余场，丰富了群众的精神文化生活。
"""

NOT_REPORTS = {
    "title-only.txt": "神池县教育科技局\n\n2023 年度政府信息公开工作年度报告\n",
    "notice.txt": NOTICE,
    "prose.txt": PROSE,
    "notice.html": "<html><head><meta charset='utf-8'><title>关于报送2023年度政府信息公开工作年度报告的通知</title></head>"
                   "<body>" + "".join(f"<p>{p}</p>" for p in NOTICE.split("\n\n")) + "</body></html>",
}


@pytest.mark.parametrize("name", sorted(NOT_REPORTS))
def test_a_document_that_is_not_a_report_is_refused(name, tmp_path):
    path = tmp_path / name
    path.write_text(NOT_REPORTS[name], encoding="utf-8")
    with pytest.raises(DisclosureError) as info:
        parse_file(str(path))
    assert info.value.reason == REFUSED
    assert str(info.value) == f"{path}: {REFUSED}"


def test_a_notice_listing_the_six_sections_is_refused_as_a_notice(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE_WITH_CONTENTS, encoding="utf-8")
    with pytest.raises(DisclosureError) as info:
        parse_file(str(path))
    assert info.value.reason == ("不是政府信息公开工作年度报告：“关于做好2023年度政府信息公开工作年度报告编制发布工作的通知”"
                                 "是一份通知，文中没有统计表")


def test_ingest_stores_no_report_for_a_notice(tmp_db, tmp_path):
    (tmp_path / "notice.txt").write_text(NOTICE, encoding="utf-8")
    [outcome] = ingest([str(tmp_path)], tmp_db, check=False)
    assert (outcome.status, outcome.agency, outcome.reason) == ("failed", None, REFUSED)
    con = connect(tmp_db, read_only=True)
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 0


def _shenchi_text() -> str:
    return shenchi(["神池县教育科技局", "2023年度政府信息公开工作年度报告"]).decode("utf-8")


def test_the_first_page_alone_is_a_report_without_cells():
    text = _shenchi_text()
    first_page = text[: text.index("二、工作概述")]
    report = parse_file("page1.txt", first_page.encode("utf-8"))
    assert (report.agency, report.year, report.tables) == ("神池县教育科技局", 2023, {})
    assert [s.key for s in report.sections] == ["preamble", "overview"]


def test_a_report_cut_off_inside_its_tables_keeps_what_it_has():
    text = _shenchi_text()
    cut = text[: text.index("(四)\t1. 本机关不掌握")]
    report = parse_file("cut.txt", cut.encode("utf-8"))
    assert (report.agency, report.year) == ("神池县教育科技局", 2023)
    want = cells(expected(SHENCHI))
    got = cells(report.to_json())
    active = {k: v for k, v in want.items() if k[0] == "active"}
    assert {k: got.get(k) for k in active} == active
    granted = {k: v for k, v in want.items() if k[:2] == ("requests", "granted")}
    assert granted and {k: got.get(k) for k in granted} == granted
    assert not any(k[0] == "review_litigation" for k in got)


def test_tables_without_section_headings_are_a_report():
    text = _shenchi_text()
    body = text[text.index("（一）主动公开政府信息情况"): text.index("四、存在的主要问题及改进情况")]
    report = parse_file("tables.txt", ("神池县教育科技局2023年度政府信息公开工作年度报告\n" + body).encode("utf-8"))
    assert (report.agency, report.year) == ("神池县教育科技局", 2023)
    assert [s.key for s in report.sections] == ["preamble"]
    assert cells(report.to_json()) == cells(expected(SHENCHI))
