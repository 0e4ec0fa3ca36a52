"""The non-text renderers produce what they claim: Word tables with merged cells, a PDF
with Chinese in its text layer, scans without one, web pages in the declared encoding.

LibreOffice takes seconds per conversion, so the PDF is made once per module.
"""
from __future__ import annotations

import io
import re
import shutil

import docx
import pypdfium2 as pdfium
import pytest
from docx.oxml.ns import qn
from lxml import html as lhtml
from PIL import Image

from disclosure import libreoffice
from disclosure import template as T
from disclosure.model import DisclosureError
from disclosure.render import content as C
from disclosure.render.docx import render_docx
from disclosure.render.html import ENCODINGS, STYLES, render_html
from disclosure.render.pdf import render_pdf
from disclosure.render.scan import render_scan

from .conftest import expected

HUAIAN = expected("huaian-city-2024")  # template 2021, three （六） rows
SHANGHAI = expected("shanghai-office-2019")  # template 2019, many blanks
HONGZE = expected("hongze-district-2023")  # template 2021 with the single （六） row

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")


# --- DOCX ------------------------------------------------------------------------------------


def _open_docx(report: dict):
    return docx.Document(io.BytesIO(render_docx(report)))


def _vmerge(table, r: int, c: int) -> str | None:
    """The w:vMerge of the <w:tc> covering grid column c of row r, as the XML says it."""
    col = 0
    for tc in table.rows[r]._tr.tc_lst:
        if col <= c < col + tc.grid_span:
            v = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            return None if v is None else (v.get(qn("w:val")) or "continue")
        col += tc.grid_span
    raise IndexError((r, c))


def _rows_spanned(table, r: int, c: int) -> int:
    """How many rows the cell starting at (r, c) is merged down."""
    n = 1
    while r + n < len(table.rows) and _vmerge(table, r + n, c) == "continue":
        n += 1
    return n


@pytest.mark.parametrize("report", [HUAIAN, SHANGHAI, HONGZE], ids=["2021", "2019", "2021-single"])
def test_docx_has_the_template_tables_with_merged_cells(report):
    d = _open_docx(report)
    assert len(d.tables) == 3
    active, requests, review = d.tables
    rows = C.request_rows(report)
    # table 三: corner cell over 3 × 3, 三、本年度办理结果 merged down its outcome rows
    assert requests.cell(0, 0).text == C.REQUESTS_CORNER
    assert requests.cell(0, 0).grid_span == 3 and _rows_spanned(requests, 0, 0) == 3
    first = 3 + next(i for i, r in enumerate(rows) if r.in_results)
    assert requests.cell(first, 0).text == T.REQUESTS_GROUP_LABELS["results"]
    assert _rows_spanned(requests, first, 0) == sum(r.in_results for r in rows)
    denied = 3 + next(i for i, r in enumerate(rows) if r.group == "denied")
    assert requests.cell(denied, 1).text == "（三）不予公开" and _rows_spanned(requests, denied, 1) == 8
    # every number in its cell, blanks empty
    for i, r in enumerate(rows):
        cells = requests.rows[3 + i].cells
        assert cells[2].text == r.label
        assert [c.text for c in cells[3:]] == [C.Numbers()(v) for v in r.values]
    # table 四: the two-level header and the fifteen values
    assert review.cell(0, 0).text == "行政复议" and review.cell(0, 0).grid_span == 5
    assert review.cell(0, 5).grid_span == 10 and _rows_spanned(review, 1, 0) == 2
    assert [c.text for c in review.rows[3].cells] == [C.Numbers()(v) for v in C.review_values(report)]
    # table 二: one merged row per 第二十条 item
    items = [row.cells[0] for row in active.rows if row.cells[0].text.startswith("第二十条")]
    assert len(items) == len(C.active_blocks(report))
    assert all(c.grid_span == len(active.columns) for c in items)
    text = "\n".join(p.text for p in d.paragraphs)
    assert all(s.heading in text for s in C.sections(report))


# --- PDF and scans -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_bytes():
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice not installed")
    return render_pdf(HUAIAN)


def _pdf_text(data: bytes) -> list[str]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def test_pdf_has_chinese_in_its_text_layer(pdf_bytes):
    assert pdf_bytes.startswith(b"%PDF")
    text = re.sub(r"\s+", "", "".join(_pdf_text(pdf_bytes)))
    assert "淮安市人民政府" in text
    assert "政府信息公开工作年度报告" in text
    assert "三、收到和处理政府信息公开申请情况" in text
    assert "96171.6" in text  # table 二's fee amount
    assert "\ufffd" not in text and "□" not in text


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdf_embeds_a_cjk_font(pdf_bytes, tmp_path):
    import subprocess

    path = tmp_path / "r.pdf"
    path.write_bytes(pdf_bytes)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts


def test_scan_pages_are_images_of_a4_at_150_dpi(pdf_bytes):
    pngs = render_scan(pdf_bytes, dpi=150, fmt="png")
    pdf = pdfium.PdfDocument(pdf_bytes)
    assert len(pngs) == len(pdf)
    w_pt, h_pt = pdf[0].get_size()
    pdf.close()
    img = Image.open(io.BytesIO(pngs[0]))
    assert img.format == "PNG"
    assert all(abs(got - pt / 72 * 150) <= 1 for got, pt in zip(img.size, (w_pt, h_pt)))
    assert abs(img.size[0] - 1240) <= 2 and abs(img.size[1] - 1754) <= 2  # A4
    # the page is printed on: dark pixels, not a blank sheet
    assert img.convert("L").getextrema()[0] < 64


def test_scan_pdf_has_no_text_layer(pdf_bytes):
    scanned = render_scan(pdf_bytes, dpi=100, fmt="pdf")
    assert isinstance(scanned, bytes) and scanned.startswith(b"%PDF")
    original, images = pdfium.PdfDocument(pdf_bytes), pdfium.PdfDocument(scanned)
    assert len(images) == len(original)
    assert all(abs(a - b) < 1 for a, b in zip(images[0].get_size(), original[0].get_size()))
    original.close()
    images.close()
    assert all(t.strip() == "" for t in _pdf_text(scanned))


def test_scan_rejects_a_file_that_is_not_a_pdf():
    with pytest.raises(DisclosureError, match="无法打开 PDF"):
        render_scan(b"not a pdf")


# --- LibreOffice helper ------------------------------------------------------------------------


def test_libreoffice_missing_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(libreoffice.shutil, "which", lambda name: None)
    with pytest.raises(DisclosureError, match="未安装 LibreOffice"):
        libreoffice.convert(b"x", ".doc", "pdf", timeout=5)


@needs_soffice
def test_libreoffice_timeout_is_a_clear_error():
    with pytest.raises(DisclosureError, match="超时"):
        libreoffice.convert(render_docx(HONGZE), ".docx", "pdf", timeout=0.2, path="r.docx")


# --- HTML ---------------------------------------------------------------------------------


def _charset(data: bytes) -> str | None:
    m = re.search(rb'charset="?([\w-]+)', data[:1024])
    return m.group(1).decode() if m else None


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("declare", [True, False])
def test_html_decodes_in_its_encoding(encoding, declare):
    data = render_html(SHANGHAI, "national", encoding, declare)
    assert _charset(data) == (encoding if declare else None)
    text = data.decode(encoding)  # strict: raises if any byte is not in the encoding
    assert "上海市人民政府办公厅" in text and "危及“三安全一稳定”" in text
    if encoding != "utf-8":
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")


def _tables(data: bytes, encoding: str = "utf-8"):
    doc = lhtml.fromstring(data.decode(encoding))
    return doc, doc.findall(".//table")


@pytest.mark.parametrize("report,results_rows", [(HUAIAN, 22), (SHANGHAI, 20), (HONGZE, 20)],
                         ids=["2021", "2019", "2021-single"])
def test_html_national_tables_have_the_template_spans(report, results_rows):
    doc, tables = _tables(render_html(report))
    assert len(tables) == 3
    requests = tables[1]
    cells = requests.findall(".//td")
    corner = cells[0]
    assert corner.text_content() == C.REQUESTS_CORNER
    assert corner.get("colspan") == "3" and corner.get("rowspan") == "3"
    results = [td for td in cells if td.text_content() == T.REQUESTS_GROUP_LABELS["results"]]
    assert len(results) == 1 and results[0].get("rowspan") == str(results_rows)
    review_header = tables[2].findall(".//tr")[0].findall("td")
    assert [(td.text_content(), td.get("colspan")) for td in review_header] == [("行政复议", "5"), ("行政诉讼", "10")]
    assert doc.find(".//meta[@name='PubDate']") is not None or report["published"] is None
    assert doc.find(".//title").text == C.title_text(report)
    # site furniture around the article
    assert doc.find_class("nav") and doc.find_class("footer")
    # every row of table 三 has its seven numbers as the last cells
    value_rows = [tr for tr in requests.findall(".//tr")[3:]]
    for tr, r in zip(value_rows, C.request_rows(report)):
        assert [td.text_content() for td in tr.findall("td")[-7:]] == [C.Numbers()(v) for v in r.values]


def test_html_cms_wraps_cells_and_marks_blanks_with_nbsp():
    data = render_html(SHANGHAI, "cms", "gb2312")
    text = data.decode("gb2312")
    assert "&nbsp;" in text
    doc, tables = _tables(data, "gb2312")
    td = tables[1].findall(".//td")[0]
    assert td.find("p/span") is not None
    assert doc.find_class("TRS_Editor")
    granted = next(tr for tr in tables[1].findall(".//tr") if "（一）予以公开" in tr.text_content())
    assert granted.findall("td")[-1].text_content() == "\xa0"  # 总计 left blank


def test_html_flattened_prints_one_paragraph_per_cell():
    data = render_html(SHANGHAI, "flattened", blank="/")
    doc, tables = _tables(data)
    assert tables == []
    paras = [p.text_content() for p in doc.findall(".//p")]
    n_cells = sum(len(cols) for t in T.TABLE_KEYS for cols in SHANGHAI[t].values())
    numbers = [p for p in paras if re.fullmatch(r"[\d.]+|/", p)]
    assert len(numbers) == n_cells


def test_renderers_refuse_a_report_without_a_template():
    bad = {k: v for k, v in HUAIAN.items() if k != "template"}
    with pytest.raises(DisclosureError, match="template"):  # 要生成的报告缺少 'template'
        render_docx(bad)
    with pytest.raises(ValueError, match="style"):
        render_html(HUAIAN, "fancy")
    assert set(STYLES) == {"national", "cms", "flattened", "print"}
