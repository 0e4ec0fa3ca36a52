"""OFD (版式文档) reports: a report's text laid out on OFD pages as a government office's
software writes them (TextObjects with boundaries, baselines and advances), read back cell
for cell through the same geometry as a text-layer PDF."""
from __future__ import annotations

import io
import zipfile

import pytest

from disclosure.extract import extract
from disclosure.model import DisclosureError
from disclosure.parse import parse_file
from disclosure.render.text import render_text
from disclosure.store.ingest import ingest

from . import dashboard_corpus as D
from .conftest import assert_exact, rows

NS = "http://www.ofdspec.org/2016"
SIZE = 3.5  # mm: 10.5 pt
LINES_PER_PAGE = 40


def _advance(ch: str, size: float = SIZE) -> float:
    return size / 2 if ch.isascii() else size


def _text_object(i: int, x: float, y: float, text: str, size: float = SIZE) -> str:
    deltas = " ".join(f"{_advance(c, size):g}" for c in text[:-1])
    width = sum(_advance(c, size) for c in text)
    return (f'<ofd:TextObject ID="{i}" Boundary="{x:g} {y:g} {width:g} {size + 1:g}" Font="3" Size="{size:g}">'
            f'<ofd:TextCode X="0" Y="{size:g}" DeltaX="{deltas}">{text}</ofd:TextCode></ofd:TextObject>')


def _is_number(cell: str) -> bool:
    return cell.replace(".", "", 1).isdigit()


def ofd_of(text: str) -> bytes:
    """Each line of a tab-separated report on an A4 page: words from the left, the numbers of
    a table row in columns from the right, as a table prints them."""
    pages: list[list[str]] = [[]]
    n = 10
    for line in text.split("\n"):
        if len(pages[-1]) and len(pages[-1]) % LINES_PER_PAGE == 0:
            pages.append([])
        y = 20 + 6 * (len(pages[-1]) % LINES_PER_PAGE)
        cells = [c for c in line.split("\t") if c]
        numbers = [c for c in cells if _is_number(c)]
        words = [c for c in cells if not _is_number(c)]
        objects, x = [], 20.0
        room = (190 - 12 * len(numbers) - 6 - 20) if numbers else 170
        wide = sum(sum(_advance(c) for c in w) + 6 for w in words)
        size = SIZE * min(1.0, room / wide) if wide else SIZE  # a long label set smaller, as in its table cell
        for w in words:
            objects.append(_text_object(n := n + 1, x, y, w, size))
            x += sum(_advance(c, size) for c in w) + 6 * size / SIZE
        for k, value in enumerate(numbers):
            objects.append(_text_object(n := n + 1, 190 - 12 * (len(numbers) - k), y, value))
        pages[-1].append("".join(objects))
    files = {
        "OFD.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
                   f'<ofd:DocBody><ofd:DocInfo><ofd:Title>年度报告</ofd:Title></ofd:DocInfo>'
                   f'<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
        "Doc_0/Document.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}">'
                              f'<ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>'
                              f'</ofd:PageArea></ofd:CommonData><ofd:Pages>'
                              + "".join(f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
                                        for i in range(len(pages)))
                              + "</ofd:Pages></ofd:Document>",
    }
    for i, lines in enumerate(pages):
        files[f"Doc_0/Pages/Page_{i}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="2">'
            + "".join(lines) + "</ofd:Layer></ofd:Content></ofd:Page>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in files.items():
            zf.writestr(name, body)
    return buf.getvalue()


@pytest.fixture
def report():
    return D.report("淮安市教育局", 2023, 80, {}, 30)


def test_an_ofd_report_is_read_cell_for_cell(report, tmp_path):
    path = tmp_path / "淮安市教育局2023年报.ofd"
    path.write_bytes(ofd_of(render_text(report, "tabs")))
    doc = extract(str(path))
    assert doc.format == "ofd" and doc.meta["title"] == "年度报告"
    parsed = parse_file(str(path))
    expected = {k: v for k, v in report.items() if k not in ("sections",)}
    assert_exact(expected, parsed.to_json())


def test_an_ofd_is_ingested_like_any_report(report, tmp_path):
    path = tmp_path / "report.ofd"
    path.write_bytes(ofd_of(render_text(report, "tabs")))
    db = str(tmp_path / "o.duckdb")
    (outcome,) = ingest([str(path)], db)
    assert outcome.status == "stored" and outcome.agency == "淮安市教育局"
    assert rows(db, "SELECT format FROM reports") == [("ofd",)]


def test_a_broken_or_empty_ofd_says_why(tmp_path):
    cut = tmp_path / "cut.ofd"
    cut.write_bytes(ofd_of("淮安市教育局\n2023 年度政府信息公开工作年度报告")[:200])
    with pytest.raises(DisclosureError):
        extract(str(cut))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("OFD.xml", f'<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody/></ofd:OFD>')
    empty = tmp_path / "empty.ofd"
    empty.write_bytes(buf.getvalue())
    with pytest.raises(DisclosureError, match="没有指明文档"):
        extract(str(empty))
