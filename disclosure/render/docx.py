"""A report as the Word document an agency drafts it in.

    render_docx(report, *, font="宋体", blank=None) -> bytes

Real Word tables with merged cells as in the national template: table 二 with one merged
row per 第二十条 item; table 三 with the 勾稽关系 corner merged over three rows and columns,
三、本年度办理结果 merged down its rows, each group label merged down its sub-rows;
table 四 with its two-level header. The sections are paragraphs. A blank cell is an
empty cell unless `blank` gives a marker. `font` is the East Asian font the text asks
for (render_pdf passes a font LibreOffice has).
"""
from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .. import template as T
from . import content as C


def render_docx(report: dict, *, font: str = "宋体", blank: str | None = None) -> bytes:
    fmt = C.Numbers(blank=blank or "")
    doc = Document()
    _page_setup(doc, font)
    for line in C.title_lines(report, "split", spaced=False):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(line)
        run.bold = True
        run.font.size = Pt(16)
    builders = {T.TABLE_ACTIVE: _active, T.TABLE_REQUESTS: _requests, T.TABLE_REVIEW: _review}
    for section, table in C.placed_tables(report):
        if section is not None:
            doc.add_paragraph().add_run(section.heading).bold = True
            for para in section.text.split("\n"):
                if para.strip():
                    doc.add_paragraph(para.strip()).paragraph_format.first_line_indent = Pt(21)
        else:
            builders[table](doc, report, fmt)
            doc.add_paragraph()
    for line in C.closing_lines(report):
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page_setup(doc, font: str) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    style = doc.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(10.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _grid(doc, nrows: int, ncols: int):
    table = doc.add_table(rows=nrows, cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    return table


def _put(table, r: int, c: int, text: str, rows: int = 1, cols: int = 1, center: bool = False):
    """Write `text` into the cell at (r, c), merged over `rows` × `cols` grid cells."""
    cell = table.cell(r, c)
    if rows > 1 or cols > 1:
        cell = cell.merge(table.cell(r + rows - 1, c + cols - 1))
    cell.text = text
    if center:
        for p in cell.paragraphs:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return cell


def _active(doc, report: dict, fmt: C.Numbers) -> None:
    blocks = C.active_blocks(report)
    ncols = C.active_width(blocks)
    nrows = sum(2 + len(b.rows) for b in blocks)
    table = _grid(doc, nrows, ncols)
    r = 0
    for b in blocks:
        spans = C.spans(ncols - 1, len(b.columns))
        _put(table, r, 0, b.item, cols=ncols, center=True)
        _put(table, r + 1, 0, C.ACTIVE_CONTENT, center=True)
        c = 1
        for label, s in zip(b.columns, spans):
            _put(table, r + 1, c, label, cols=s, center=True)
            c += s
        r += 2
        for _, label, values in b.rows:
            _put(table, r, 0, label)
            c = 1
            for v, s in zip(values, spans):
                _put(table, r, c, fmt(v), cols=s, center=True)
                c += s
            r += 1


def _requests(doc, report: dict, fmt: C.Numbers) -> None:
    rows = C.request_rows(report)
    cols = C.applicant_columns()
    table = _grid(doc, 3 + len(rows), 10)
    _put(table, 0, 0, C.REQUESTS_CORNER, rows=3, cols=3)
    _put(table, 0, 3, C.APPLICANTS, cols=7, center=True)
    _put(table, 1, 3, cols[0], rows=2, center=True)
    _put(table, 1, 4, C.ORGANISATIONS, cols=5, center=True)
    _put(table, 1, 9, cols[-1], rows=2, center=True)
    for j, label in enumerate(cols[1:-1]):
        _put(table, 2, 4 + j, label, center=True)
    n_results = sum(r.in_results for r in rows)
    results_open = False
    for i, r in enumerate(rows):
        at = 3 + i
        if r.in_results and not results_open:
            _put(table, at, 0, C.results_label(report), rows=n_results, center=True)
            results_open = True
        if r.group:
            if r.index_in_group == 0:
                _put(table, at, 1, r.group_label, rows=r.group_size)
            _put(table, at, 2, r.label)
        elif r.in_results:
            _put(table, at, 1, r.label, cols=2)
        else:
            _put(table, at, 0, r.label, cols=3)
        for j, v in enumerate(r.values):
            _put(table, at, 3 + j, fmt(v), center=True)


def _review(doc, report: dict, fmt: C.Numbers) -> None:
    cols = C.review_columns()
    table = _grid(doc, 4, 15)
    _put(table, 0, 0, C.REVIEW, cols=5, center=True)
    _put(table, 0, 5, C.LITIGATION, cols=10, center=True)
    for j, label in enumerate(cols):
        _put(table, 1, j, label, rows=2, center=True)
    for b, label in enumerate(C.REVIEW_BLOCK_LABELS):
        _put(table, 1, 5 + 5 * b, label, cols=5, center=True)
        for j, col in enumerate(cols):
            _put(table, 2, 5 + 5 * b + j, col, center=True)
    for j, v in enumerate(C.review_values(report)):
        _put(table, 3, j, fmt(v), center=True)
