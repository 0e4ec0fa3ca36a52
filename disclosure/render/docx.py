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
from docx.shared import Cm, Mm, Pt

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
            builders[table](doc, report, fmt).close()
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


class _Grid:
    """A Word table filled cell by cell, merged at the end.

    python-docx finds a cell by walking the whole table, so writing a few hundred cells
    through table.cell() is quadratic: the cells are taken once while the grid is still
    regular, written, and merged only when all are written.
    """

    def __init__(self, doc, nrows: int, ncols: int, widths_cm: list[float]):
        self.table = table = doc.add_table(rows=nrows, cols=ncols)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        self.ncols = ncols
        self.cells = [c for row in table.rows for c in row.cells]
        self.merges: list[tuple[int, int, int, int]] = []
        # gridCol for LibreOffice, every cell's tcW for Word: each reads a different one
        for column, w in zip(table.columns, widths_cm):
            column.width = Cm(w)
        for i, cell in enumerate(self.cells):
            cell.width = Cm(widths_cm[i % ncols])

    def put(self, r: int, c: int, text: str, rows: int = 1, cols: int = 1, center: bool = False) -> None:
        """Write `text` into the cell at (r, c), to be merged over `rows` × `cols` grid cells."""
        cell = self.cells[r * self.ncols + c]
        cell.text = text
        if center:
            for p in cell.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if rows > 1 or cols > 1:
            self.merges.append((r, c, rows, cols))

    def close(self) -> None:
        for r, c, rows, cols in self.merges:
            self.cells[r * self.ncols + c].merge(self.cells[(r + rows - 1) * self.ncols + c + cols - 1])


def _active(doc, report: dict, fmt: C.Numbers) -> _Grid:
    blocks = C.active_blocks(report)
    ncols = C.active_width(blocks)
    nrows = sum(2 + len(b.rows) for b in blocks)
    table = _Grid(doc, nrows, ncols, [5.0] + [12.0 / (ncols - 1)] * (ncols - 1))
    r = 0
    for b in blocks:
        spans = C.spans(ncols - 1, len(b.columns))
        table.put(r, 0, b.item, cols=ncols, center=True)
        table.put(r + 1, 0, C.ACTIVE_CONTENT, center=True)
        c = 1
        for label, s in zip(b.columns, spans):
            table.put(r + 1, c, label, cols=s, center=True)
            c += s
        r += 2
        for _, label, values in b.rows:
            table.put(r, 0, label)
            c = 1
            for v, s in zip(values, spans):
                table.put(r, c, fmt(v), cols=s, center=True)
                c += s
            r += 1
    return table


def _requests(doc, report: dict, fmt: C.Numbers) -> _Grid:
    rows = C.request_rows(report)
    cols = C.applicant_columns()
    # equal columns, as the template's own .docx ships them; agencies widen the label
    # column by hand, and the PDF extractor's tests were written against this grid
    table = _Grid(doc, 3 + len(rows), 10, [1.7] * 10)
    table.put(0, 0, C.REQUESTS_CORNER, rows=3, cols=3)
    table.put(0, 3, C.APPLICANTS, cols=7, center=True)
    table.put(1, 3, cols[0], rows=2, center=True)
    table.put(1, 4, C.ORGANISATIONS, cols=5, center=True)
    table.put(1, 9, cols[-1], rows=2, center=True)
    for j, label in enumerate(cols[1:-1]):
        table.put(2, 4 + j, label, center=True)
    n_results = sum(r.in_results for r in rows)
    results_open = False
    for i, r in enumerate(rows):
        at = 3 + i
        if r.in_results and not results_open:
            table.put(at, 0, C.results_label(report), rows=n_results, center=True)
            results_open = True
        if r.group:
            if r.index_in_group == 0:
                table.put(at, 1, r.group_label, rows=r.group_size)
            table.put(at, 2, r.label)
        elif r.in_results:
            table.put(at, 1, r.label, cols=2)
        else:
            table.put(at, 0, r.label, cols=3)
        for j, v in enumerate(r.values):
            table.put(at, 3 + j, fmt(v), center=True)
    return table


def _review(doc, report: dict, fmt: C.Numbers) -> _Grid:
    cols = C.review_columns()
    table = _Grid(doc, 4, 15, [1.13] * 15)
    table.put(0, 0, C.REVIEW, cols=5, center=True)
    table.put(0, 5, C.LITIGATION, cols=10, center=True)
    for j, label in enumerate(cols):
        table.put(1, j, label, rows=2, center=True)
    for b, label in enumerate(C.REVIEW_BLOCK_LABELS):
        table.put(1, 5 + 5 * b, label, cols=5, center=True)
        for j, col in enumerate(cols):
            table.put(2, 5 + 5 * b + j, col, center=True)
    for j, v in enumerate(C.review_values(report)):
        table.put(3, j, fmt(v), center=True)
    return table
