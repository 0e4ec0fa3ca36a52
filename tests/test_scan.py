"""Scanned reports: OCR of page images and image-only PDFs.

The truth is a real report rasterised at 150 dpi, as a scanner would give it back. OCR is
slow (seconds a page), so the scanned report is read once for the whole module.
"""
from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from disclosure.extract.ocr import Char, TextBox
from disclosure.extract.scan import CORRECTED_CONFIDENCE, extract_scan, page_lines
from disclosure.model import REVIEW_CONFIDENCE, DisclosureError
from disclosure.parse import parse_document, parse_file

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"
HONGZE = REAL / "hongze-district-2023.pdf"
TABLES = ("active", "requests", "review_litigation")


def rasterise(pdf_path: Path, dpi: int = 150) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [pdf[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(pdf))]
    finally:
        pdf.close()


def image_only_pdf(images: list[Image.Image], dpi: int = 150) -> bytes:
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return buf.getvalue()


def png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def pages():
    return rasterise(HONGZE)


@pytest.fixture(scope="module")
def scanned_doc(pages):
    return extract_scan("hongze-district-2023.scan.pdf", image_only_pdf(pages))


@pytest.fixture(scope="module")
def scanned_report(scanned_doc):
    return parse_document(scanned_doc)


def test_scanned_report_reads_right_and_flags_every_wrong_cell(scanned_report):
    expected = json.loads((REAL / "hongze-district-2023.expected.json").read_text(encoding="utf-8"))
    assert scanned_report.agency == expected["agency"]
    assert scanned_report.year == expected["year"]
    assert scanned_report.template == expected["template"]
    total, wrong = 0, []
    for table in TABLES:
        for row, cols in expected[table].items():
            for col, want in cols.items():
                total += 1
                got = scanned_report.tables.get(table, {}).get(row, {}).get(col)
                if got is None or got.value != want:
                    wrong.append((table, row, col, want, got))
    assert total == 186
    assert (total - len(wrong)) / total >= 0.99, wrong[:10]
    unflagged = [w for w in wrong if w[4] is None or w[4].confidence >= REVIEW_CONFIDENCE]
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


def test_png_page(pages, tmp_path):
    path = tmp_path / "hongze-p1.png"
    path.write_bytes(png(pages[0]))
    report = parse_file(str(path))
    assert (report.agency, report.year) == ("洪泽区人民政府", 2023)
    assert report.format == "scan"


def test_blank_image_is_a_clear_error(tmp_path):
    path = tmp_path / "blank.png"
    path.write_bytes(png(Image.new("L", (1240, 1754), 255)))
    with pytest.raises(DisclosureError, match="no text found"):
        parse_file(str(path))


def test_broken_image_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    with pytest.raises(DisclosureError, match="cannot read the image") as err:
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


_NO_NETWORK = """
import socket, sys
def refuse(*a, **k):
    raise OSError("network used")
socket.socket.connect = refuse
socket.create_connection = refuse
import pypdfium2 as pdfium
from disclosure.extract.ocr import read_image
page = pdfium.PdfDocument(sys.argv[1])[0]
image = page.render(scale=150 / 72).to_pil().crop((0, 0, 1240, 260))
print("".join(b.text for b in read_image(image)))
"""


def test_ocr_runs_without_network():
    out = subprocess.run([sys.executable, "-c", _NO_NETWORK, str(HONGZE)], capture_output=True, text=True,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "洪泽区人民政府" in out.stdout
