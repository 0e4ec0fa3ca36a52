"""Scanned reports: OCR of page images and image-only PDFs.

The truth is a real report rasterised at 150 dpi, as a scanner would give it back. OCR is
slow (seconds a page), so the scanned report is read once for the whole module.
"""
from __future__ import annotations

import copy
import io
import json
import math
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from disclosure.extract.ink import ink_of, unread_marks
from disclosure.extract.ocr import CORRECTED_CONFIDENCE, Char, TextBox, settle_stroke, text_boxes
from disclosure.extract import extract
from disclosure.extract.scan import page_lines
from disclosure.model import REVIEW_CONFIDENCE, DisclosureError, Line
from disclosure.parse import parse_document, parse_file
from disclosure.render.scan import rasterise, render_scan

from disclosure.compare import compare

from .conftest import REAL, ROOT, expected

HONGZE = REAL / "hongze-district-2023.pdf"
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"  # fonts-noto-cjk (Makefile)


def png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def scanned_doc():
    """The real report as an image-only PDF: the PDF extractor finds no text layer and hands
    it to OCR."""
    return extract("hongze-district-2023.scan.pdf", render_scan(HONGZE.read_bytes(), dpi=150, fmt="pdf"))


@pytest.fixture(scope="module")
def scanned_report(scanned_doc):
    return parse_document(scanned_doc)


def test_scanned_report_reads_right_and_flags_every_wrong_cell(scanned_report):
    want = expected("hongze-district-2023")
    got = scanned_report.to_json(provenance=True)
    c = compare(want, got)
    total, bad = c.total, c.wrong
    assert not c.meta and not c.extra
    assert total == 186 and (total - len(bad)) / total >= 0.99, bad[:10]
    confidence = {key: p["confidence"] for key, p in got["provenance"].items()}
    unflagged = [b for b in bad if confidence.get(".".join(b[0]), 1.0) >= REVIEW_CONFIDENCE]
    assert not unflagged, f"wrong cells not flagged for review: {unflagged}"


def test_clean_scan_needs_no_review_and_says_where_values_came_from(scanned_report):
    assert scanned_report.review == []
    assert "review" not in scanned_report.to_json()
    new = scanned_report.tables["requests"]["new_received"]["natural_person"]
    assert (new.value, new.page, new.ref) == (21, 3, "第3页")
    assert scanned_report.format == "pdf" and scanned_report.extractor == "scan"


def test_ocr_confidence_reaches_the_value(scanned_doc, scanned_report):
    cell = next(c for line in scanned_doc.lines for c in line.cells if c.text == "4119")
    assert 0 < cell.confidence <= 1
    assert cell.x0 is not None and cell.x1 > cell.x0
    value = scanned_report.tables["active"]["penalty"]["decisions"]
    assert value.value == 4119
    assert value.confidence == cell.confidence
    provenance = scanned_report.to_json(provenance=True)["provenance"]
    assert provenance["active.penalty.decisions"]["confidence"] == cell.confidence


def test_uncertain_cell_flags_the_report_for_review(scanned_doc):
    doc = copy.deepcopy(scanned_doc)
    cell = next(c for line in doc.lines for c in line.cells if c.text == "4119")
    cell.confidence = 0.6
    report = parse_document(doc)
    assert report.tables["active"]["penalty"]["decisions"].confidence == 0.6
    assert len(report.review) == 1
    assert "行政处罚" in report.review[0] and "4119" in report.review[0] and "60%" in report.review[0]
    assert report.to_json()["review"] == report.review


def test_blank_image_is_a_clear_error(tmp_path):
    path = tmp_path / "blank.png"
    path.write_bytes(png(Image.new("L", (620, 877), 255)))
    with pytest.raises(DisclosureError, match="没有识别到文字"):
        parse_file(str(path))


def test_broken_image_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    with pytest.raises(DisclosureError, match="无法识别图片内容.*JPEG 图片.*已损坏") as err:
        parse_file(str(path))
    assert "\n" not in str(err.value)


def _box(text: str, x0: float, y0: float = 100, height: float = 30, score: float = 0.99) -> TextBox:
    """A text box as OCR returns it, its characters evenly over its width."""
    step = 20.0
    chars, x = [], x0
    for ch in text:
        if not ch.isspace():
            chars.append(Char(ch, score, x, x + step * 0.8))
        x += step
    return TextBox(text, score, x0, y0, x, y0 + height, chars)


def test_box_of_several_cells_is_split_into_positioned_numbers():
    line, = page_lines([_box("行政许可", 100), _box("0 0 12", 600)], page=2)
    assert [c.text for c in line.cells] == ["行政许可", "0", "0", "12"]
    centres = [c.center for c in line.cells[1:]]
    assert centres == sorted(centres) and centres[0] > 600
    assert all(c.ref == "第2页" for c in line.cells) and line.page == 2


def test_letters_read_for_digits_are_corrected_and_flagged():
    line, = page_lines([_box("l.属于国家秘密", 100), _box("1", 600), _box("O", 700), _box("1l", 800)], page=1)
    assert [c.text for c in line.cells] == ["l.属于国家秘密", "1", "0", "11"]
    assert line.cells[1].confidence == 0.99
    assert line.cells[2].confidence == line.cells[3].confidence == CORRECTED_CONFIDENCE


def test_dashes_read_as_one_in_a_row_of_blanks_are_dashes():
    line, = page_lines([_box("（六）其他处理", 100), _box("一", 600), _box("一", 700), _box("0", 800)], page=1)
    assert [c.text for c in line.cells] == ["（六）其他处理", "—", "—", "0"]
    assert REVIEW_CONFIDENCE < line.cells[1].confidence < 0.99
    line, = page_lines([_box("（六）其他处理", 100), _box("一", 600), _box("一", 700)], page=1)
    assert [c.text for c in line.cells] == ["（六）其他处理", "—", "—"]


def test_rows_are_rebuilt_from_box_positions():
    boxes = [
        _box("21", 700, y0=210), _box("一、本年新收政府信息公开申请数量", 100, y0=200), _box("0", 800, y0=205),
        _box("二、上年结转政府信息公开申请数量", 100, y0=260), _box("3", 700, y0=262),
    ]
    lines = page_lines(boxes, page=1)
    assert [[c.text for c in ln.cells] for ln in lines] == [
        ["一、本年新收政府信息公开申请数量", "21", "0"],
        ["二、上年结转政府信息公开申请数量", "3"],
    ]


def _stroke(text: str, read_as: str) -> TextBox:
    """`text` drawn in a table cell between two rules, as OCR read it (`read_as`)."""
    image = Image.new("L", (40, 40), 255)
    draw = ImageDraw.Draw(image)
    draw.text((14, 6), text, fill=0, font=ImageFont.truetype(CJK_FONT, 24))
    draw.line((0, 1, 39, 1), fill=0, width=2)
    draw.line((0, 38, 39, 38), fill=0, width=2)
    box = TextBox(read_as, 0.7, 0, 0, 40, 40, [Char(read_as, 0.7, 10, 30)])
    box.quad = np.array([[0, 0], [40, 0], [40, 40], [0, 40]], dtype=float)
    settle_stroke(box, ink_of(image))
    return box


def test_a_slash_read_as_one_is_put_right_and_flagged():
    slash = _stroke("/", read_as="1")
    assert (slash.text, slash.score) == ("/", CORRECTED_CONFIDENCE)
    one = _stroke("1", read_as="/")
    assert (one.text, one.score) == ("1", CORRECTED_CONFIDENCE)
    kept = _stroke("1", read_as="1")
    assert (kept.text, kept.score) == ("1", 0.7)


def test_marks_no_text_box_covers_are_counted():
    """A table of three cells: `12` read, `7` missed by the OCR, and a dash (a blank)."""
    image = Image.new("L", (400, 120), 255)
    draw = ImageDraw.Draw(image)
    for y in (20, 80):
        draw.line((10, y, 390, y), fill=0, width=2)
    for x in (10, 130, 260, 390):
        draw.line((x, 20, x, 80), fill=0, width=2)
    font = ImageFont.truetype(CJK_FONT, 24)
    draw.text((55, 35), "12", fill=0, font=font)
    draw.text((190, 35), "7", fill=0, font=font)
    draw.line((310, 50, 335, 50), fill=0, width=2)
    read = [np.array([[50, 32], [90, 32], [90, 66], [50, 66]], dtype=float)]
    seven = [np.array([[186, 32], [206, 32], [206, 66], [186, 66]], dtype=float)]
    assert unread_marks(ink_of(image), read, em=34) == 1
    assert unread_marks(ink_of(image), read + seven, em=34) == 0


def test_rows_of_a_tilted_scan_stay_rows():
    """Boxes as rapidocr gives them for a page tilted by 2°: a row drifts 30 pixels."""
    tilt = math.radians(2)

    def quad(x0, y0, x1, y1):
        corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        return [(x * math.cos(tilt) - y * math.sin(tilt), x * math.sin(tilt) + y * math.cos(tilt)) for x, y in corners]

    rows = [("（一）予以公开", "21", "0", "0", "21"), ("（二）部分公开", "3", "1", "0", "4"), ("1.属于国家秘密", "0", "0", "1", "1")]
    quads, texts = [], []
    for r, row in enumerate(rows):
        y = 300 + 42 * r  # rows of a 150-dpi table
        for c, text in enumerate(row):
            x = 100 if c == 0 else 450 + 180 * c
            quads.append(quad(x, y, x + (200 if c == 0 else 30), y + 30))
            texts.append(text)
    boxes = text_boxes(quads, texts, [0.99] * len(texts), [()] * len(texts))
    assert [[c.text for c in ln.cells] for ln in page_lines(boxes, page=1)] == [list(r) for r in rows]


# the CLI in a process that may not open a connection: models must come from the wheel
_OFFLINE = """
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network used")
socket.socket.connect = socket.create_connection = refuse
from disclosure.cli import main
sys.exit(main(["parse", sys.argv[1], "--json"]))
"""


def test_empty_cell_is_doubtful_only_where_ink_was_left_unread(scanned_doc):
    doc = copy.deepcopy(scanned_doc)
    at, row = next((i, line) for i, line in enumerate(doc.lines) if line.text.startswith("一、本年新收"))
    doc.lines[at] = Line(row.cells[:-1], page=row.page, ref=row.ref)  # the OCR missed the 总计 cell (21)
    for unread, flagged in (([], False), ([row.page], True)):
        doc.meta["unread_pages"] = unread
        report = parse_document(doc)
        total = report.tables["requests"]["new_received"]["total"]
        assert total.value is None
        assert (total.confidence < REVIEW_CONFIDENCE) == flagged
        assert any("未识别到内容" in r for r in report.review) == flagged


def test_row_missing_from_a_scan_is_named_for_review(scanned_doc):
    doc = copy.deepcopy(scanned_doc)
    doc.lines = [line for line in doc.lines if not line.text.startswith("行政强制")]
    report = parse_document(doc)
    assert "enforcement" not in report.tables["active"]
    assert report.review == ["扫描件中未能识别出表二「行政强制」这一行，请对照原件核对"]


def test_png_page_parses_without_network(tmp_path):
    path = tmp_path / "hongze-p1.png"
    path.write_bytes(png(rasterise(HONGZE.read_bytes(), dpi=150)[0]))
    out = subprocess.run([sys.executable, "-c", _OFFLINE, str(path)], capture_output=True, text=True,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    report = json.loads(out.stdout)
    assert (report["agency"], report["year"]) == ("洪泽区人民政府", 2023)
    assert report["source"]["format"] == "scan"


def test_a_flagged_scan_keeps_its_review_list_in_the_store_and_the_detail_page(tmp_path, monkeypatch):
    """The store keeps why a scan needs a person; the detail page says so and marks the cells."""
    from streamlit.testing.v1 import AppTest

    from disclosure.model import Report, Value
    from disclosure.store import connect, save_report

    from .conftest import ROOT

    db = str(tmp_path / "s.duckdb")
    con = connect(db)
    report = Report(
        agency="洪泽区人民政府", year=2023, template="2021", published=None,
        tables={"review_litigation": {"review": {c: Value(7 if c == "upheld" else 0, "7", 1, "第1页", 0.5 if c == "upheld" else 1.0)
                                                 for c in ("upheld", "corrected", "other", "pending", "total")}}},
        path=str(tmp_path / "scan.png"), sha256="0" * 64, format="scan", extractor="scan",
        review=["表四「行政复议 / 结果维持」识别为“7”，置信度 50%，第1页，请对照原件核对"],
    )
    save_report(con, report)
    assert con.execute("SELECT review FROM reports").fetchone()[0] == report.review
    con.close()
    monkeypatch.setenv("DISCLOSURE_DB", db)
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.switch_page("views/report.py").run()
    assert not at.exception
    assert any("识别为“7”" in w.value for w in at.warning)
    html = "".join(m.value for m in at.markdown)
    assert html.count(" doubt\"") == 1 and "识别置信度 50%" in html
