"""Text-layer PDFs: the two real reports cell-exact, provenance, blank cells, bad files.

tests/fixtures/pdf/encrypted.pdf is a one-page LibreOffice export with the open password
`gongkai`. Every other PDF here is made by the test: from the real reports (values erased,
truncated, scanned) or by disclosure.render.
"""
from __future__ import annotations

import ctypes
import io
import math
import sys
import types
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from disclosure.extract import extract
from disclosure.extract.layout import Glyph, bands_of, page_lines, runs_of
from disclosure.extract.pdf import page_glyphs
from disclosure.model import Cell, DisclosureError, Document, Line
from disclosure.parse import parse_file

from .conftest import REAL, ROOT, assert_exact, expected

FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
HONGZE = REAL / "hongze-district-2023.pdf"
HUAIAN = REAL / "huaian-city-2024.pdf"


# --- the real reports ------------------------------------------------------------------------


@pytest.mark.parametrize("pdf", [HONGZE, HUAIAN], ids=lambda p: p.stem)
def test_real_pdf_parses_exactly(pdf):
    want = expected(pdf.stem)
    report = parse_file(str(pdf)).to_json()
    assert_exact(want, report)
    assert report["agency"] == want["agency"]
    assert report["source"]["format"] == "pdf"


def test_rotated_group_label_leaves_row_labels_clean():
    doc = extract(str(HONGZE))
    texts = [ln.text for ln in doc.lines]
    # the label printed one character per line comes out whole, on a line of its own
    assert "三、本年度办理结果" in texts
    report = parse_file(str(HONGZE)).to_json()
    # the only row label that differs from the template is the one the agency misprinted
    rows = [(d["row"], d["printed"]) for d in report["label_deviations"] if d["kind"] == "row"]
    assert rows == [("denied.prohibited_by_law", "2.其他法律行政止公开")]


def test_page_numbers_are_not_text():
    for pdf in (HONGZE, HUAIAN):
        report = parse_file(str(pdf)).to_json()
        body = "\n".join(s["text"] for s in report["sections"])
        assert "-1-" not in body and "-2-" not in body
        assert len(report["sections"]) == 7  # preamble and the six statutory sections


def test_table_crossing_a_page_break_keeps_each_cells_page():
    report = parse_file(str(HUAIAN))
    requests = report.tables["requests"]
    # 淮安 prints table 三 on pages 4 and 5, breaking inside （四）无法提供
    assert {v.page for v in requests["new_received"].values()} == {4}
    assert {v.page for v in requests["unable.not_held"].values()} == {4}
    assert {v.page for v in requests["unable.needs_creation"].values()} == {5}
    assert {v.page for v in requests["carried_forward"].values()} == {5}
    assert requests["unable.not_held"]["natural_person"].ref == "第4页"
    assert requests["total"]["total"].ref == "第5页"
    assert requests["total"]["total"].raw == "3050"
    assert {v.page for row in report.tables["review_litigation"].values() for v in row.values()} == {5}
    assert report.tables["active"]["regulations"]["in_force"].page == 3


def test_cells_carry_positions():
    doc = extract(str(HUAIAN))
    row = next(ln for ln in doc.lines if ln.text.startswith("（七）总计"))
    assert [c.text for c in row.cells] == ["（七）总计", "2932", "53", "0", "0", "61", "4", "3050"]
    xs = [c.x0 for c in row.cells]
    assert xs == sorted(xs) and all(c.x1 > c.x0 for c in row.cells)
    assert all(ln.page is not None and ln.ref == f"第{ln.page}页" for ln in doc.lines)


def _rewritten(data: bytes, change) -> bytes:
    """The PDF with `change(pdf, page, number)` applied to every page, saved again."""
    pdf = pdfium.PdfDocument(data)
    for number, page in enumerate(pdf, start=1):
        change(pdf, page, number)
        page.gen_content()
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("rotate", [90, 270])
def test_page_turned_by_rotate_reads_as_shown(rotate):
    def turn(pdf, page, number):
        # the content drawn turned against /Rotate, as landscape scans and exports do
        w, h = page.get_size()
        m = pdfium.PdfMatrix().rotate(90, ccw=rotate == 90).translate(*((h, 0) if rotate == 90 else (0, w)))
        for obj in list(page.get_objects(max_depth=1)):
            obj.transform(m)
        page.set_mediabox(0, 0, h, w)
        page.set_cropbox(0, 0, h, w)
        page.set_rotation(rotate)

    upright = [ln.text for ln in extract(str(HUAIAN)).lines]
    turned = extract("turned.pdf", _rewritten(HUAIAN.read_bytes(), turn))
    assert [ln.text for ln in turned.lines] == upright


def _add_text(pdf, page, text: str, x: float, y: float, size: float = 9.0, degrees: float = 0.0) -> None:
    """Latin text (Helvetica) drawn at (x, y), turned `degrees` counter-clockwise."""
    obj = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", size)
    buf = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
    pdfium_c.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
    a = math.radians(degrees)
    pdfium_c.FPDFPageObj_Transform(obj, math.cos(a), math.sin(a), -math.sin(a), math.cos(a), x, y)
    pdfium_c.FPDFPage_InsertObject(page.raw, obj)


def test_running_header_and_footer_are_dropped(tmp_path):
    def stamp(pdf, page, number):
        w, h = page.get_size()
        _add_text(pdf, page, "Huaian Municipal People's Government", 72, h - 30)
        _add_text(pdf, page, f"Annual report 2024, page {number}", 72, 20)

    data = _rewritten(HUAIAN.read_bytes(), stamp)
    plain = extract("stamped.pdf", data)
    assert not [ln.text for ln in plain.lines if "Huaian" in ln.text or "Annual report" in ln.text]
    # a line the PDF draws only once, with its word spaces, stays
    once = _rewritten(HUAIAN.read_bytes(), lambda pdf, page, n: stamp(pdf, page, n) if n == 2 else None)
    assert "Huaian Municipal People's Government" in [ln.text for ln in extract("once.pdf", once).lines]
    path = tmp_path / "stamped.pdf"
    path.write_bytes(data)
    assert_exact(expected(HUAIAN.stem), parse_file(str(path)).to_json())


def test_slanted_watermark_is_left_out_and_turned_label_kept_whole(tmp_path):
    def mark(pdf, page, number):
        _add_text(pdf, page, "INTERNAL COPY 2024 0 1 3", 120, 200, size=28, degrees=40)
        _add_text(pdf, page, "TOTAL 3", 40, 300, degrees=90)

    path = tmp_path / "watermarked.pdf"
    path.write_bytes(_rewritten(HUAIAN.read_bytes(), mark))
    texts = [ln.text for ln in extract(str(path)).lines]
    assert not [t for t in texts if "INTERNAL" in t or "COPY" in t]
    assert texts.count("TOTAL 3") == 6  # one line of its own on each page
    assert_exact(expected(HUAIAN.stem), parse_file(str(path)).to_json())


def test_radical_forms_and_fake_bold_read_as_plain_text():
    # some producers write `一` as the Kangxi radical `⼀`, and bold by printing twice
    def glyph(ch, x, seq):
        return Glyph(ch, x, x + 10, 0, 10, seq)

    printed = [glyph("⼀", 0, 0), glyph("⼀", 0.4, 1), glyph("、", 10, 2), glyph("总", 20, 3), glyph("计", 30, 4)]
    assert [r.text for r in runs_of(printed)] == ["一、总计"]


def test_label_spread_down_tall_rows_stays_whole():
    # 三 / 、 / 本 … one per row of a tall table, drawn one after the other; rows beside it
    glyphs = []

    def draw(text, x, top):
        for k, ch in enumerate(text):
            glyphs.append(Glyph(ch, x + 10 * k, x + 10 * (k + 1), top, top + 10, len(glyphs)))

    for k, ch in enumerate("三、本年度"):
        draw(ch, 0, 35 * k)  # 2.5 ems of white between two characters
    for k in range(5):
        draw(f"行{k}", 40, 35 * k)
        draw("12", 100, 35 * k)
    texts = [ln.text for ln in page_lines(glyphs, 1)]
    assert texts == ["三、本年度", "行0 12", "行1 12", "行2 12", "行3 12", "行4 12"]


# --- blank cells -----------------------------------------------------------------------------


def blank_cells(data: bytes, targets: list[tuple[int, str, int]]) -> bytes:
    """The PDF with some printed values erased: (page, start of the row's first cell, value index).

    The text objects inside each value's box are removed from the page, so the cell is
    left empty, as an agency prints a blank.
    """
    pdf = pdfium.PdfDocument(data)
    for number in sorted({t[0] for t in targets}):
        page = pdf[number - 1]
        boxes = []
        for band in bands_of(page_glyphs(page)):
            runs = runs_of(band.glyphs)
            for p, start, k in targets:
                if p == number and runs and runs[0].text.startswith(start):
                    values = [r for r in runs if r.text.replace(".", "").isdigit()]
                    r = values[k]
                    boxes.append((r.x0, r.x1, -r.bottom, -r.top))  # back to PDF coordinates
        assert len(boxes) == len([t for t in targets if t[0] == number])
        doomed = []
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
            left, bottom, right, top = obj.get_bounds()
            cx, cy = (left + right) / 2, (bottom + top) / 2
            if any(x0 <= cx <= x1 and y0 <= cy <= y1 for x0, x1, y0, y1 in boxes):
                doomed.append(obj)
        for obj in doomed:
            page.remove_obj(obj)
        page.gen_content()
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def test_blank_cells_come_out_as_nulls(tmp_path):
    # (page, row, index among the row's values) -> the cell that must read as blank
    erased = {
        (4, "一、本年新收", 2): ("requests", "new_received", "research"),
        (5, "（七）总计", 5): ("requests", "total", "other_org"),
        (5, "四、结转下年度", 1): ("requests", "carried_forward", "commercial"),
        # table 四 then has no full row: its columns come from its header
        (5, "72", 3): ("review_litigation", "review", "pending"),
        (5, "72", 9): ("review_litigation", "litigation_direct", "total"),
    }
    path = tmp_path / "huaian-blanks.pdf"
    path.write_bytes(blank_cells(HUAIAN.read_bytes(), list(erased)))
    want = expected(HUAIAN.stem)
    for table, row, col in erased.values():
        assert want[table][row][col] is not None
        want[table][row][col] = None
    report = parse_file(str(path)).to_json()
    assert_exact(want, report)
    assert not report.get("notes")


def test_rendered_pdf_with_empty_cells_reads_them_as_blank(tmp_path):
    """A report typeset by LibreOffice (ruled Word tables), empty cells in all three tables."""
    from disclosure.render.pdf import render_pdf

    report = expected(HUAIAN.stem)
    report["published"] = "2025-01-20"
    for table, row, col in [
        ("active", "regulations", "repealed"),
        ("requests", "new_received", "research"),
        ("requests", "denied.inquiry", "commercial"),
        ("requests", "total", "other_org"),
        ("review_litigation", "review", "pending"),
        ("review_litigation", "litigation_direct", "total"),
    ]:
        report[table][row][col] = None
    path = tmp_path / "rendered.pdf"
    path.write_bytes(render_pdf(report, blank=""))
    parsed = parse_file(str(path)).to_json()
    assert_exact(report, parsed)
    assert not parsed.get("notes")


def test_rendered_pdf_with_rows_of_blanks(tmp_path):
    """上海 2019 (template 2019) leaves whole rows of table 三 empty: only their labels print."""
    from disclosure.render.pdf import render_pdf

    report = expected("shanghai-office-2019")
    blank_rows = [r for r, cols in report["requests"].items() if all(v is None for v in cols.values())]
    assert len(blank_rows) >= 5
    path = tmp_path / "shanghai.pdf"
    path.write_bytes(render_pdf(report, blank=""))
    parsed = parse_file(str(path)).to_json()
    assert_exact(report, parsed)
    assert not parsed.get("notes")


# --- bad files -------------------------------------------------------------------------------


def _raw_pdf(objects: list[bytes]) -> bytes:
    """A minimal PDF with a correct cross-reference table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def _scanned_pdf() -> bytes:
    """The 洪泽 report as a scanner gives it back: page images, no text layer."""
    from disclosure.render.scan import render_scan

    return render_scan(HONGZE.read_bytes(), dpi=40, fmt="pdf")


def _parse_error(path: Path) -> str:
    with pytest.raises(DisclosureError) as info:
        parse_file(str(path))
    assert info.value.path == str(path)
    message = str(info.value)
    assert "\n" not in message
    return info.value.reason


@pytest.mark.parametrize("make, reason", [
    (lambda: (FIXTURES / "encrypted.pdf").read_bytes(), "PDF 已加密"),
    (lambda: HUAIAN.read_bytes()[: HUAIAN.stat().st_size // 2], "PDF 文件不完整"),
    (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", "PDF 文件已损坏"),
    (lambda: _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]),
     "PDF 没有任何页面"),
], ids=["encrypted", "truncated", "corrupt", "no-pages"])
def test_bad_pdf_gives_one_clear_error(tmp_path, make, reason):
    path = tmp_path / "bad.pdf"
    path.write_bytes(make())
    assert _parse_error(path).startswith(reason)


def test_error_follows_the_file_not_the_file_before(tmp_path):
    # pdfium keeps its last error code; a page-less file read after an encrypted one
    # must still say it has no pages
    (tmp_path / "a.pdf").write_bytes((FIXTURES / "encrypted.pdf").read_bytes())
    (tmp_path / "b.pdf").write_bytes(_raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    assert _parse_error(tmp_path / "a.pdf").startswith("PDF 已加密")
    assert _parse_error(tmp_path / "b.pdf") == "PDF 没有任何页面"


def test_scan_without_ocr_says_so(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "disclosure.extract.scan", None)  # import fails
    path = tmp_path / "scan.pdf"
    path.write_bytes(_scanned_pdf())
    assert _parse_error(path) == "图像型 PDF（扫描件），且没有可用的 OCR 文字识别"


def test_scan_goes_to_the_ocr_extractor(tmp_path, monkeypatch):
    seen = []

    def extract_scan(path, data):
        seen.append((path, data[:5]))
        return Document(path, "scan", "fake-ocr", [Line([Cell("OCR text")])])

    monkeypatch.setitem(sys.modules, "disclosure.extract.scan", types.SimpleNamespace(extract_scan=extract_scan))
    path = tmp_path / "scan.pdf"
    path.write_bytes(_scanned_pdf())
    doc = extract(str(path))
    assert seen == [(str(path), b"%PDF-")]
    assert doc.extractor == "fake-ocr" and doc.lines[0].text == "OCR text"
