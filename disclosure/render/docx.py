"""A report as the Word document an agency drafts it in.

    render_docx(report, *, font="宋体", blank=None, geometry=Geometry()) -> bytes

Real Word tables with merged cells as in the national template: table 二 with one merged
row per 第二十条 item; table 三 with the 勾稽关系 corner merged over three rows and columns,
三、本年度办理结果 merged down its rows, each group label merged down its sub-rows;
table 四 with its two-level header. The sections are paragraphs. A blank cell is an
empty cell unless `blank` gives a marker. `font` is the East Asian font the text asks
for (render_pdf passes a font LibreOffice has). `geometry` changes the page and the tables'
shape as agencies do by hand (paper, font size, column widths, tall rows, landscape tables,
table 四 one row per block); its defaults are the template's look.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .. import template as T
from . import content as C


VALIGNS = ("top", "center")
TEMPLATE_TEXT_WIDTH = 17.0  # cm: A4 with 20 mm margins, what the default column widths fill


@dataclass(frozen=True)
class Geometry:
    """The page and the tables' shape. Lengths of paper in mm, of table columns in cm.

    `widths` gives a table (`active`, `requests`, `review_litigation`) the widths of its
    first grid columns (table 三: `(1.2, 1.7, 4.6)` for its three label columns); the
    columns after them share what is left of the text width. A table not named keeps the
    template's proportions, scaled to the text width.
    """

    paper: tuple[float, float] = (210.0, 297.0)  # width × height held upright (A4)
    landscape: bool = False  # every page turned
    margin: float = 20.0  # left and right
    font_size: float = 10.5  # pt, body text
    table_font_size: float | None = None  # pt, text in the tables (the body's when None)
    widths: dict[str, tuple[float, ...]] = field(default_factory=dict)
    row_height: float | None = None  # cm, the least height of a table row: tall rows
    valign: str = "top"  # where text sits in a cell taller than it: top / center
    landscape_tables: bool = False  # each table on landscape pages between upright ones
    review_rows: bool = False  # table 四 as one row per block under one header of five columns
    borders: bool = True  # the tables' ruling lines (some agencies print tables without them)

    def __post_init__(self):
        if self.valign not in VALIGNS:
            raise ValueError(f"valign must be one of {VALIGNS!r}")

    def text_width(self, landscape: bool) -> float:
        """cm between the margins, on an upright or a turned page."""
        w, h = self.paper
        return ((h if landscape else w) - 2 * self.margin) / 10


# Table shapes agencies produce from the template by hand, by name (the PDF stress set)
GEOMETRIES = {
    "template": Geometry(),
    "wide-labels": Geometry(widths={T.TABLE_REQUESTS: (1.2, 1.7, 4.6)}),
    "narrow-labels": Geometry(widths={T.TABLE_REQUESTS: (0.9, 1.1, 2.4), T.TABLE_ACTIVE: (2.4,)}),
    "tall-centred": Geometry(widths={T.TABLE_REQUESTS: (1.2, 1.7, 4.6)}, row_height=1.1, valign="center"),
    "small-print": Geometry(font_size=9, table_font_size=7.5, widths={T.TABLE_REQUESTS: (1.0, 1.5, 5.0)}),
    "large-print": Geometry(font_size=12, table_font_size=12),
    "a5": Geometry(paper=(148.0, 210.0), margin=12.0, font_size=9),
    "a5-wide-labels": Geometry(paper=(148.0, 210.0), margin=12.0, font_size=9, table_font_size=8,
                               widths={T.TABLE_REQUESTS: (1.0, 1.3, 3.6)}),
    "landscape": Geometry(landscape=True, widths={T.TABLE_REQUESTS: (1.6, 2.2, 7.0)}),
    "landscape-tables": Geometry(landscape_tables=True, valign="center"),
    "packed-review": Geometry(widths={T.TABLE_REVIEW: (0.95,) * 15}),
    "review-rows": Geometry(review_rows=True, row_height=0.9, valign="center"),
    "tall-top": Geometry(row_height=1.0, widths={T.TABLE_REQUESTS: (1.5, 2.0, 4.0)}),
    "a5-landscape-tables": Geometry(paper=(148.0, 210.0), margin=12.0, font_size=9, landscape_tables=True),
    "narrow-values": Geometry(widths={T.TABLE_REQUESTS: (3.0, 3.0, 5.0)}),
    "narrow-active": Geometry(widths={T.TABLE_ACTIVE: (1.5,)}, valign="center"),
    "large-table-print": Geometry(table_font_size=14),
    "borderless": Geometry(borders=False),
    "borderless-wide-labels": Geometry(borders=False, widths={T.TABLE_REQUESTS: (1.2, 1.7, 4.6)}),
    "borderless-tall-centred": Geometry(borders=False, widths={T.TABLE_REQUESTS: (1.2, 1.7, 4.6)},
                                        row_height=1.1, valign="center"),
    "borderless-packed-review": Geometry(borders=False, widths={T.TABLE_REVIEW: (0.95,) * 15}),
    "borderless-a5": Geometry(borders=False, paper=(148.0, 210.0), margin=12.0, font_size=9),
    "borderless-narrow": Geometry(borders=False, widths={T.TABLE_REQUESTS: (0.9, 1.1, 2.4), T.TABLE_ACTIVE: (2.4,)}),
    "borderless-landscape": Geometry(borders=False, landscape=True),
    "borderless-review-rows": Geometry(borders=False, review_rows=True),
    "borderless-narrow-values": Geometry(borders=False, widths={T.TABLE_REQUESTS: (3.0, 3.0, 5.0)}),
    "borderless-narrow-active": Geometry(borders=False, widths={T.TABLE_ACTIVE: (1.5,)}),
    "borderless-a5-large-print": Geometry(borders=False, paper=(148.0, 210.0), margin=15.0, font_size=11),
}


def render_docx(report: dict, *, font: str = "宋体", blank: str | None = None,
                geometry: Geometry = Geometry()) -> bytes:
    fmt = C.Numbers(blank=blank or "")
    doc = Document()
    _page_setup(doc, font, geometry)
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
            turned = geometry.landscape_tables and not geometry.landscape
            if turned:
                _new_section(doc, geometry, landscape=True)
            width = geometry.text_width(geometry.landscape or turned)
            builders[table](doc, report, fmt, _Shape(geometry, table, width)).close()
            doc.add_paragraph()
            if turned:
                _new_section(doc, geometry, landscape=False)
    for line in C.closing_lines(report):
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page_setup(doc, font: str, geometry: Geometry) -> None:
    _orient(doc.sections[0], geometry, geometry.landscape)
    style = doc.styles["Normal"]
    style.font.name = font
    style.font.size = Pt(geometry.font_size)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _orient(section, geometry: Geometry, landscape: bool) -> None:
    w, h = geometry.paper
    if landscape:
        w, h = h, w
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(w), Mm(h)
    section.left_margin = section.right_margin = Mm(geometry.margin)


def _new_section(doc, geometry: Geometry, landscape: bool) -> None:
    """What follows starts a new page, turned or upright."""
    _orient(doc.add_section(WD_SECTION.NEW_PAGE), geometry, landscape)


# the template's column widths on a 17 cm text width: first columns; the rest share
_TEMPLATE_WIDTHS = {T.TABLE_ACTIVE: (5.0,), T.TABLE_REQUESTS: (), T.TABLE_REVIEW: (1.13,) * 15}
_REVIEW_ROWS_WIDTHS = (1.5, 3.5)  # table 四 one row per block: its two label columns


@dataclass(frozen=True)
class _Shape:
    """One table's geometry: column widths (cm) on its page, text size, row height."""

    geometry: Geometry
    table: str
    text_width: float

    def widths(self, ncols: int) -> list[float]:
        g = self.geometry
        given = g.widths.get(self.table)
        if given is None:
            default = _REVIEW_ROWS_WIDTHS if self.table == T.TABLE_REVIEW and g.review_rows else _TEMPLATE_WIDTHS[self.table]
            given = tuple(w * self.text_width / TEMPLATE_TEXT_WIDTH for w in default)
        given = tuple(given[:ncols])
        rest = ncols - len(given)
        return list(given) + [(self.text_width - sum(given)) / rest] * rest if rest else list(given)


class _Grid:
    """A Word table filled cell by cell, merged at the end.

    python-docx finds a cell by walking the whole table, so writing a few hundred cells
    through table.cell() is quadratic: the cells are taken once while the grid is still
    regular, written, and merged only when all are written.
    """

    def __init__(self, doc, nrows: int, ncols: int, shape: _Shape):
        self.table = table = doc.add_table(rows=nrows, cols=ncols)
        table.style = "Table Grid" if shape.geometry.borders else "Normal Table"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        self.ncols = ncols
        self.cells = [c for row in table.rows for c in row.cells]
        self.merges: list[tuple[int, int, int, int]] = []
        self.font_size = shape.geometry.table_font_size
        widths_cm = shape.widths(ncols)
        # gridCol for LibreOffice, every cell's tcW for Word: each reads a different one
        for column, w in zip(table.columns, widths_cm):
            column.width = Cm(w)
        for i, cell in enumerate(self.cells):
            cell.width = Cm(widths_cm[i % ncols])
        if shape.geometry.row_height is not None:
            for row in table.rows:
                row.height = Cm(shape.geometry.row_height)
                row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        if shape.geometry.valign == "center":
            for cell in self.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER

    def put(self, r: int, c: int, text: str, rows: int = 1, cols: int = 1, center: bool = False) -> None:
        """Write `text` into the cell at (r, c), to be merged over `rows` × `cols` grid cells."""
        cell = self.cells[r * self.ncols + c]
        cell.text = text
        if self.font_size is not None:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(self.font_size)
        if center:
            for p in cell.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if rows > 1 or cols > 1:
            self.merges.append((r, c, rows, cols))

    def close(self) -> None:
        for r, c, rows, cols in self.merges:
            self.cells[r * self.ncols + c].merge(self.cells[(r + rows - 1) * self.ncols + c + cols - 1])


def _active(doc, report: dict, fmt: C.Numbers, shape: _Shape) -> _Grid:
    blocks = C.active_blocks(report)
    ncols = C.active_width(blocks)
    nrows = sum(2 + len(b.rows) for b in blocks)
    table = _Grid(doc, nrows, ncols, shape)
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


def _requests(doc, report: dict, fmt: C.Numbers, shape: _Shape) -> _Grid:
    rows = C.request_rows(report)
    cols = C.applicant_columns()
    # equal columns by default, as the template's own .docx ships them; agencies widen
    # the label columns by hand (Geometry.widths)
    table = _Grid(doc, 3 + len(rows), 10, shape)
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


def _review(doc, report: dict, fmt: C.Numbers, shape: _Shape) -> _Grid:
    if shape.geometry.review_rows:
        return _review_rows(doc, report, fmt, shape)
    cols = C.review_columns()
    table = _Grid(doc, 4, 15, shape)
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


def _review_rows(doc, report: dict, fmt: C.Numbers, shape: _Shape) -> _Grid:
    """Table 四 turned: a header of five columns, one row per block (行政诉讼 over two)."""
    cols = C.review_columns()
    values = C.review_values(report)
    n = len(cols)
    table = _Grid(doc, 4, 2 + n, shape)
    table.put(0, 0, "", cols=2)
    for j, label in enumerate(cols):
        table.put(0, 2 + j, label, center=True)
    table.put(1, 0, C.REVIEW, cols=2)
    table.put(2, 0, C.LITIGATION, rows=2, center=True)
    for b, label in enumerate(C.REVIEW_BLOCK_LABELS):
        table.put(2 + b, 1, label)
    for b in range(3):
        for j in range(n):
            table.put(1 + b, 2 + j, fmt(values[b * n + j]), center=True)
    return table
