"""Word .docx: a document with the real Shanghai 2019 report's text and tables, merged
cells as on its page, parses cell-exact; broken and hostile files give clear errors."""
from __future__ import annotations

import io
import zipfile

import docx
import lxml.html
import pytest

from disclosure.extract import extract
from disclosure.model import DisclosureError
from disclosure.parse import parse_file
from disclosure.render.docx import render_docx

from .conftest import REAL, assert_exact, expected

PAGE = REAL / "shanghai-office-2019.html"


def _spans(td) -> tuple[int, int]:
    return int(td.get("rowspan") or 1), int(td.get("colspan") or 1)


def _add_table(document, table) -> None:
    """A Word table with the HTML table's merges: gridSpan across, vMerge down."""
    rows = table.xpath(".//tr")
    placed, taken = [], set()
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.xpath("./td|./th"):
            while (r, c) in taken:
                c += 1
            rs, cs = _spans(td)
            taken.update((r + i, c + j) for i in range(rs) for j in range(cs))
            lines = [t.strip() for t in td.xpath(".//text()") if t.strip()]
            placed.append((r, c, rs, cs, "\n".join(lines)))
            c += cs
    ncols = max(c + cs for _, c, _, cs, _ in placed)
    out = document.add_table(rows=len(rows), cols=ncols)
    for r, c, rs, cs, text in placed:
        # row by row: Table.cell() rebuilds the whole grid on every call
        cell = out.rows[r].cells[c]
        if rs > 1 or cs > 1:
            cell = cell.merge(out.rows[r + rs - 1].cells[c + cs - 1])
        cell.text = text.replace("\xa0", "")


def docx_of_page() -> bytes:
    """The real page rebuilt as the Word document it was probably written in."""
    root = lxml.html.document_fromstring(PAGE.read_bytes())
    document = docx.Document()
    for el in root.find("body"):
        if el.tag == "table":
            _add_table(document, el)
        else:
            document.add_paragraph(el.text_content().strip())
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def page_docx() -> bytes:
    return docx_of_page()


def test_docx_with_merged_cells_parses_exactly(page_docx):
    report = parse_file("report.docx", page_docx)
    assert_exact(expected("shanghai-office-2019"), report.to_json())
    assert report.agency == "上海市人民政府办公厅" and report.published == "2020-01-31"
    assert report.value("requests", "granted", "total") is None
    assert report.value("active", "procurement", "amount_wan") == 25.1
    assert not report.notes


def test_merged_cells_come_once(page_docx):
    doc = extract("report.docx", page_docx)
    assert doc.format == "docx"
    header = next(ln for ln in doc.lines if ln.grid and "申请人情况" in ln.text)
    assert [c.text for c in header.cells][1:] == ["申请人情况"]
    granted = next(ln for ln in doc.lines if ln.grid and "（一）予以公开" in ln.text)
    assert [c.text for c in granted.cells] == ["三、本年度办理结果", "（一）予以公开", "258", "12", "", "", "1", "1", ""]
    # under the 20-row merge, the continuation cells are absent, not repeated
    secret = next(ln for ln in doc.lines if ln.grid and "国家秘密" in ln.text)
    assert [c.text for c in secret.cells][:2] == ["（三）不予公开", "1.属于国家秘密"]
    assert secret.cells[2].ref.endswith("列4")
    made = next(ln for ln in doc.lines if ln.grid and ln.cells[0].text == "信息内容")
    assert made.cells[1].text == "本年新制作数量"


def test_tabbed_paragraphs_are_delimited_cells():
    document = docx.Document()
    document.add_paragraph("规章\t13\t\t524")
    buf = io.BytesIO()
    document.save(buf)
    line = extract("t.docx", buf.getvalue()).lines[0]
    assert line.delimited and [c.text for c in line.cells] == ["规章", "13", "", "524"]


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return buf.getvalue()


def test_zip_bomb_is_refused_before_unpacking():
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (40 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024
    with pytest.raises(DisclosureError) as err:
        parse_file("bomb.docx", bomb)
    assert "bomb.docx" in str(err.value) and "zip 炸弹" in str(err.value)


@pytest.mark.parametrize("data, reason", [
    (b"PK\x03\x04 this is not really a zip", "不完整或已损坏"),
    (b"\x00\x01 random bytes that are not a zip" * 10, "不是Word 文档（.docx）（文件头为 00 01 20 72"),
    (None, "不支持的文件格式：ZIP 压缩包"),
])
def test_not_a_word_document(data, reason):
    if data is None:
        data = _zip({"readme.txt": b"hello"})
    with pytest.raises(DisclosureError) as err:
        extract("broken.docx", data)
    assert reason in str(err.value) and "broken.docx" in str(err.value)


def test_damaged_word_xml_is_a_clear_error(page_docx):
    with zipfile.ZipFile(io.BytesIO(page_docx)) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"][:500]
    with pytest.raises(DisclosureError) as err:
        parse_file("cut.docx", _zip(parts))
    assert "无法读取 Word 文档" in str(err.value)


@pytest.mark.parametrize("name", sorted(p.name.replace(".expected.json", "") for p in REAL.glob("*.expected.json")))
def test_rendered_docx_round_trip(name):
    want = expected(name)
    report = parse_file(f"{name}.docx", render_docx(want))
    assert_exact(want, report.to_json())


def test_bad_word_and_web_files_do_not_stop_a_batch(tmp_db, tmp_path, page_docx):
    from disclosure.store import connect
    from disclosure.store.ingest import ingest

    bad = {
        "bomb.docx": _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (40 * 1024 * 1024)}),
        "not-a-zip.docx": b"PK\x03\x04 truncated",
        "news.html": "<html><body><p>全市优化营商环境大会召开。会议强调，要持续深化改革，不断提升服务水平。</p></body></html>".encode("utf-8"),
        "shell.html": b'<html><head><script src="app.js"></script></head><body><div id="app"></div></body></html>',
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "report.docx").write_bytes(page_docx)
    outcomes = {o.path.rsplit("/", 1)[-1]: o for o in ingest([str(tmp_path)], tmp_db)}
    assert outcomes.pop("report.docx").status == "stored"
    assert {n: o.status for n, o in outcomes.items()} == {n: "failed" for n in bad}
    con = connect(tmp_db, read_only=True)
    errors = dict((p.rsplit("/", 1)[-1], r) for p, r in con.execute("SELECT path, reason FROM ingest_errors").fetchall())
    assert "zip 炸弹" in errors["bomb.docx"] and "不完整或已损坏" in errors["not-a-zip.docx"]
    assert "不是政府信息公开工作年度报告" in errors["news.html"] and "网页没有正文" in errors["shell.html"]
