"""The 检查情况通报 (disclosure notice): a Word draft from the scores and the confirmed findings,
naming the agencies whose findings were confirmed (and no other), opened by python-docx and
by LibreOffice."""
from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import docx
import pytest

from disclosure.cli import main
from disclosure.exports import notice
from disclosure.libreoffice import convert
from disclosure.registry import Agency
from disclosure.score.packs import resolve
from disclosure.store.writes import reading, write

from . import rulekit as K
from .conftest import rows

CITY = "淮安市"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """甲 clean, 乙 late, 丙 late too (its finding left unconfirmed), 丁 without table 四."""
    path = str(tmp_path_factory.mktemp("notice") / "n.duckdb")
    agencies = [Agency(name=f"{CITY}{n}局", kind="education", level="city", province="江苏省", city=CITY)
                for n in "甲乙丙丁"]
    reports = [K.base(f"{CITY}甲局", published="2025-01-20"), K.base(f"{CITY}乙局", published="2025-03-05"),
               K.base(f"{CITY}丙局", published="2025-02-11"), K.base(f"{CITY}丁局", published="2025-01-25")]
    del reports[3]["review_litigation"]
    K.check(path, reports, agencies)
    for agency, rule in (("乙局", "TIME.LATE"), ("丁局", "STRUCT.TABLE_MISSING")):
        fp = rows(path, "SELECT fingerprint FROM findings WHERE agency = ? AND rule = ?", [CITY + agency, rule])[0][0]
        write(path, "review", fingerprint=fp, state="confirmed")
    return path


def text_of(document: docx.Document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def draft(db: str, **kw) -> bytes:
    with reading(db) as con:
        facts = notice.gather(con, resolve("annual-report-10"), 2024, deadline=date(2025, 6, 30),
                              today=date(2025, 5, 20), **kw)
    return notice.build(facts)


def test_the_notice_names_the_agencies_whose_findings_were_confirmed(db):
    d = docx.Document(io.BytesIO(draft(db)))
    text = text_of(d)
    assert d.paragraphs[0].text == "关于淮安市2024年度政府信息公开工作年度报告检查情况的通报"
    assert d.paragraphs[0].style.name == "Title"
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、基本情况", "二、总体评价", "三、好的做法", "四、存在的问题", "五、整改要求"]
    problems = text[text.index("四、存在的问题"):text.index("五、整改要求")]
    assert "淮安市乙局" in problems and "淮安市丁局" in problems
    assert "淮安市丙局" not in problems  # its lateness is not confirmed: an official notice does not state it
    assert "如淮安市乙局2024年度报告：发布日期2025-03-05，法定期限为 2025-01-31。" in problems
    assert "应报送年度报告4家，实际收到4家，收取率100.0%" in text
    assert "在法定期限内发布的2份" in text  # 甲, 丁
    assert "淮安市甲局" in text[text.index("三、好的做法"):text.index("四、存在的问题")]
    assert "2025年6月30日前" in text and "\n淮安市人民政府办公室\n2025年5月20日\n" in text  # 落款 and date
    # the annex: every agency's score, in a real table
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "单位", "得分", "等次", "排名", "主要失分原因"]
    annex = {r.cells[1].text: r.cells[2].text for r in table.rows[1:]}
    assert annex == {"淮安市甲局": "10", "淮安市丙局": "10", "淮安市乙局": "5", "淮安市丁局": "5"}


def test_the_layout_of_an_official_document(db):
    d = docx.Document(io.BytesIO(draft(db)))
    section = d.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    normal = d.styles["Normal"]
    assert normal.font.name == notice.BODY_FONT and normal.font.size.pt == 16
    assert d.styles["Title"].font.name == notice.TITLE_FONT
    assert d.styles["Heading 1"].font.name == notice.HEADING_FONT
    table = next(p for p in d.part.package.parts if str(p.partname) == "/word/fontTable.xml").blob.decode()
    assert 'w:name="仿宋_GB2312"' in table and 'w:altName w:val="仿宋"' in table


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice not installed")
def test_libreoffice_opens_it(db, tmp_path):
    pdf = convert(draft(db), ".docx", "pdf")
    path = tmp_path / "n.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    squashed = "".join(text.split())
    assert "检查情况的通报" in squashed and "淮安市乙局" in squashed and "各单位年度报告得分情况" in squashed


def test_the_command_line(db, tmp_path, capsys):
    out = tmp_path / "通报.docx"
    assert main(["notice", "--db", db, "--year", "2024", "--out", str(out), "--deadline", "2025-06-30",
                 "--issuer", "淮安市政务公开办公室", "--to", "各县区人民政府，市各部门"]) == 0
    d = docx.Document(str(out))
    assert d.paragraphs[2].text == "各县区人民政府，市各部门："
    assert "淮安市政务公开办公室" in text_of(d)
    assert "已确认的问题 2 条" in capsys.readouterr().out
