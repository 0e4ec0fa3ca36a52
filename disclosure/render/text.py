"""A report as plain text, in the layouts that real text copies of these reports have.

    render_text(report, layout="tabs", *, blank=None, fullwidth=False, thousands=False,
                title="split", spaced_title=True, closing=True) -> str

Layouts:
- `tabs`: cells separated by tabs, as text copied from a browser (one cell per `<td>`,
  rowspan cells only on their first row) or saved from a PDF viewer;
- `spaces`: cells separated by runs of spaces, padded into columns;
- `pipes`: `| cell | cell |`, as a Markdown or wiki copy;
- `cells`: one cell per line, as a web table pasted into a plain editor;
- `pdftotext`: what `pdftotext -layout` prints for a real PDF: long labels wrapped over 2–3
  lines with their numbers on the first, middle or last line or on a line of their own,
  group labels (`（三）不予公开`) printed between their sub-rows (whole, split in two, or
  in front of a row), the rotated `三、本年度办理结果` one character per line interleaved
  with the rows, page numbers (`-3-`) with form feeds, one of them inside table 三, and
  table 四's stacked header over its fifteen numbers on one line.

Options:
- `blank`: what a null cell prints as: `/`, `-`, `—`, or `""` (a truly empty cell). Only
  `tabs` and `pipes` can carry a truly empty cell (their delimiters survive); in the other
  layouts an empty cell vanishes into the whitespace, so they require a marker. Default:
  `""` for tabs and pipes, `/` otherwise.
- `fullwidth`: digits printed ０１２; `thousands`: `1,234`.
- `title`: `split` (agency on its own line over `2023 年度政府信息公开工作年度报告`),
  `year_first` (`2019年上海市人民政府办公厅政府信息公开工作年度报告`) or `agency_first`;
  `spaced_title`: digits spaced from the Chinese in the split title (`2023 年度`).
- `closing`: sign off with the agency and the date (`published`: `2024年1月` for
  `2024-01`, `2024年1月20日` for `2024-01-20`).
- `pad_spans` (tabs, pipes): every row written out over the whole grid, as PDF-to-text
  tools write a table: in table 三 an empty cell in place of each rowspan and after a
  label for each further column its colspan covers; table 二's rows filled out to the
  table's width at their end.
- `variant` (pdftotext): which of the real arrangements each wrapped label, group label
  and character of the rotated label gets; variants 0–3 between them put every wrapped
  label's numbers on its first, middle and last line and on a line of their own.
"""
from __future__ import annotations

import unicodedata

from .. import template as T
from ..parse.values import is_value
from . import content as C

LAYOUTS = ("tabs", "spaces", "pipes", "cells", "pdftotext")
EMPTY_CELL_LAYOUTS = ("tabs", "pipes")  # the layouts in which a truly empty cell survives


def render_text(
    report: dict,
    layout: str = "tabs",
    *,
    blank: str | None = None,
    fullwidth: bool = False,
    thousands: bool = False,
    title: str = "split",
    spaced_title: bool = True,
    closing: bool = True,
    variant: int = 0,
    pad_spans: bool = False,
) -> str:
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS!r}")
    if blank is None:
        blank = "" if layout in EMPTY_CELL_LAYOUTS else "/"
    if blank == "" and layout not in EMPTY_CELL_LAYOUTS:
        raise ValueError(f"layout {layout!r} cannot carry an empty cell: give a blank marker "
                         f"(only {', '.join(EMPTY_CELL_LAYOUTS)} can)")
    if pad_spans and layout not in EMPTY_CELL_LAYOUTS:
        raise ValueError(f"pad_spans needs a layout whose empty cells survive ({', '.join(EMPTY_CELL_LAYOUTS)})")
    fmt = C.Numbers(blank=blank, fullwidth=fullwidth, thousands=thousands)
    head = C.title_lines(report, title, spaced_title)
    tail = C.closing_lines(report) if closing else []
    if layout == "pdftotext":
        return _Pdftotext(report, fmt, variant).render(head, tail)
    rows = _table_rows(report, fmt, head, tail, pad_spans)
    join = {"tabs": _tabs, "spaces": _spaces, "pipes": _pipes, "cells": _cells}[layout]
    return "\n".join(line for cells in rows for line in join(cells)) + "\n"


# --- the generic layouts: rows of cells ----------------------------------------------------


def _table_rows(report: dict, fmt: C.Numbers, head: list[str], tail: list[str], pad: bool) -> list[list[str]]:
    """Every line of the report as a list of cells; narrative lines have one cell."""
    out: list[list[str]] = [[t] for t in head]
    for section, table in C.placed_tables(report):
        if section is not None:
            out += [[section.heading]] + ([[section.text]] if section.text else [])
        else:
            out += _TABLES[table](report, fmt, pad)
    return out + [[t] for t in tail]


def _active_rows(report: dict, fmt: C.Numbers, pad: bool = False) -> list[list[str]]:
    blocks = C.active_blocks(report)
    width_ = C.active_width(blocks) if pad else 0

    def padded(cells: list[str]) -> list[str]:
        # a PDF-to-text tool fills every row out to the table's width at its end
        return cells + [""] * (width_ - len(cells))

    out = []
    for block in blocks:
        out.append(padded([block.item]))
        out.append(padded([C.ACTIVE_CONTENT, *block.columns]))
        out += [padded([label, *map(fmt, values)]) for _, label, values in block.rows]
    return out


def _request_rows(report: dict, fmt: C.Numbers, pad: bool = False) -> list[list[str]]:
    cols = C.applicant_columns()
    out = [
        [C.REQUESTS_CORNER, C.APPLICANTS],
        [cols[0], C.ORGANISATIONS, cols[-1]],
        list(cols[1:-1]),
    ]
    results_open = False
    for r in C.request_rows(report):
        cells = []
        if r.in_results and not results_open:  # a rowspan cell prints on its first row
            cells.append(C.results_label(report))
            results_open = True
        elif pad and r.in_results:
            cells.append("")  # the rowspan's place, as a PDF-to-text tool writes the grid
        if r.group and r.index_in_group == 0:
            cells.append(r.group_label)
        elif pad and r.group:
            cells.append("")
        cells.append(r.label)
        if pad:
            cells += [""] * (3 - len(cells))  # the label's colspan
        out.append(cells + [fmt(v) for v in r.values])
    return out


def _review_rows(report: dict, fmt: C.Numbers, pad: bool = False) -> list[list[str]]:
    cols = list(C.review_columns())
    return [
        [C.REVIEW, C.LITIGATION],
        cols + list(C.REVIEW_BLOCK_LABELS),
        cols + cols,
        [fmt(v) for v in C.review_values(report)],
    ]


_TABLES = {T.TABLE_ACTIVE: _active_rows, T.TABLE_REQUESTS: _request_rows, T.TABLE_REVIEW: _review_rows}


def _tabs(cells: list[str]) -> list[str]:
    return ["\t".join(cells)]


def _pipes(cells: list[str]) -> list[str]:
    if len(cells) == 1:  # narrative stays a paragraph
        return cells
    return ["| " + " | ".join(cells) + " |"]


def _cells(cells: list[str]) -> list[str]:
    return list(cells)


def _spaces(cells: list[str]) -> list[str]:
    if len(cells) == 1:
        return cells
    labels = [c for c in cells if not _is_number_cell(c)]
    numbers = cells[len(labels):]
    left = pad("  ".join(labels), 60)
    return [(left + "".join(" " * max(2, 8 - width(n)) + n for n in numbers)).rstrip()]


def _is_number_cell(text: str) -> bool:
    return is_value(text)


# --- display width ------------------------------------------------------------------------------


def width(text: str) -> int:
    """Columns a monospaced terminal gives `text`: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cols: int) -> str:
    return text + " " * max(2, cols - width(text))


def at(line: str, col: int, text: str) -> str:
    """`line` with `text` written from display column `col` (at least two spaces after)."""
    gap = col - width(line)
    if line and gap < 2:
        gap = 2
    return line + " " * max(gap, 0) + text


def wrap(text: str, cols: int) -> list[str]:
    """`text` broken into pieces of at most `cols` display columns."""
    out, cur = [], ""
    for ch in text:
        if cur and width(cur + ch) > cols:
            out.append(cur)
            cur = ""
        cur += ch
    return out + ([cur] if cur else [])


# --- pdftotext -layout -----------------------------------------------------------------------------

PAGE_WIDTH = 92
PROSE_COLS = 58  # a line of body text on an A4 page
VALUE_COL = 50  # where table 三's first value column starts
VALUE_WIDTH = 7
NUMBER_POSITIONS = ("first", "own_after", "last", "middle")
GROUP_STYLES = ("line", "split", "prefix")


class _Pdftotext:
    """Builds the lines `pdftotext -layout` prints for the report typeset as a PDF."""

    def __init__(self, report: dict, fmt: C.Numbers, variant: int = 0):
        self.report = report
        self.fmt = fmt
        self.variant = variant
        self.lines: list[str] = []
        self.page = 1
        self.new_page = False
        self.wrapped = variant  # counts wrapped labels, to vary where their numbers go

    def emit(self, line: str = "") -> None:
        if self.new_page:
            line = "\f" + line
            self.new_page = False
        self.lines.append(line.rstrip())

    def page_break(self) -> None:
        """The page number printed at the foot, then a form feed before the next page."""
        self.emit("")
        side = self.page % 3
        number = f"-{self.page}-"
        self.emit(number if side == 0 else " " * (PAGE_WIDTH // 2 if side == 1 else PAGE_WIDTH - 10) + number)
        self.page += 1
        self.new_page = True

    def render(self, head: list[str], tail: list[str]) -> str:
        for i, t in enumerate(head):
            self.emit(" " * (16 - 10 * i if i < 2 else 6) + t)
        self.emit("")
        first = True
        for section, table in C.placed_tables(self.report):
            if section is not None:
                self.emit("   " + section.heading)
                self.prose(section.text)
                if first:
                    self.page_break()
                    first = False
            else:
                getattr(self, "table_" + table)()
        self.emit("")
        for t in tail:
            self.emit(" " * 40 + t)
        self.page_break()
        return "\n".join(self.lines) + "\n"

    def prose(self, text: str) -> None:
        for para in text.split("\n"):
            if not para.strip():
                continue
            pieces = wrap("　　" + para.strip(), PROSE_COLS)
            for p in pieces:
                self.emit(p.replace("　　", "   ", 1))

    # table 二: blocks of 信息内容 headers and rows, a page break after the third block
    def table_active(self) -> None:
        for b, block in enumerate(C.active_blocks(self.report)):
            self.emit(" " * 14 + block.item)
            if b == 2:
                self.page_break()
            self.emit("")
            header, cols = " " * 7 + C.ACTIVE_CONTENT, []
            for c in block.columns:
                cols.append(width(header) + 4)
                header = at(header, width(header) + 4, c)
            self.emit(header)
            self.emit("")
            for _, label, values in block.rows:
                line = label
                for col, v in zip(cols, values):
                    line = at(line, col + 4, self.fmt(v))
                self.emit(line)
                self.emit("")

    # table 三
    def table_requests(self) -> None:
        cols = C.applicant_columns()
        self.emit(" " * 62 + C.APPLICANTS)
        self.emit("")
        self.emit(" " * 57 + C.ORGANISATIONS)
        for piece in wrap(C.REQUESTS_CORNER, 44):
            self.emit(piece)
        # the organisation columns' labels stacked two characters a line
        line = at(" " * 44, 44, cols[0])
        self.emit(at(line, VALUE_COL + VALUE_WIDTH * 6, cols[-1]))
        orgs = cols[1:-1]
        for k in range(0, max(len(o) for o in orgs), 2):
            line = ""
            for j, o in enumerate(orgs):
                if o[k:k + 2]:
                    line = at(line, VALUE_COL + VALUE_WIDTH * (j + 1) - 2, o[k:k + 2])
            self.emit(line)
        self.emit("")
        rows = C.request_rows(self.report)
        break_after = next((r.key for r in rows if r.key == "unable.needs_creation"), rows[len(rows) // 2].key)
        rotated = self._rotated(rows)
        group_lines = self._group_lines(rows)
        for k, r in enumerate(rows):
            before, prefix = rotated.get(k, (None, None))
            if before:
                self.emit(before)
            for text in group_lines.get((k, "before"), []):
                self.emit(" " * 6 + text)
            self.request_row(r, prefix, group_lines.get((k, "prefix")))
            for text in group_lines.get((k, "after"), []):
                self.emit(" " * 6 + text)
            if r.key == break_after:
                self.page_break()

    def _rotated(self, rows: list[C.RequestRow]) -> dict[int, tuple[str | None, str | None]]:
        """三、本年度办理结果 one character per line: on a line of its own or before a row."""
        label = C.results_label(self.report)
        chars = [label[:2]] + list(label[2:]) if label.startswith("三") else list(label)
        idx = [k for k, r in enumerate(rows) if r.in_results]
        if not idx:
            return {}
        out: dict[int, tuple[str | None, str | None]] = {}
        start = idx[0] + 2 if len(idx) > len(chars) + 2 else idx[0]
        for n, ch in enumerate(chars):
            k = min(start + n, idx[-1])
            own, pre = out.get(k, (None, None))
            if (n + self.variant) % 2 == 0 and own is None:
                out[k] = (ch, pre)
            elif pre is None:
                out[k] = (own, ch)
            else:
                out[k] = ((own or "") + ch, pre)
        return out

    def _group_lines(self, rows: list[C.RequestRow]) -> dict[tuple[int, str], list[str] | str]:
        """Where each group label goes: a line between its sub-rows, split, or before a row."""
        out: dict[tuple[int, str], list[str] | str] = {}
        n = self.variant
        for k, r in enumerate(rows):
            if not r.group or r.index_in_group != max(0, (r.group_size - 1) // 2):
                continue
            style = GROUP_STYLES[n % len(GROUP_STYLES)]
            n += 1
            label = r.group_label
            if style == "line" or r.group_size == 1:
                out.setdefault((k, "after"), []).append(label)
            elif style == "split":
                cut = (len(label) + 1) // 2
                out.setdefault((k, "before"), []).append(label[:cut])
                out.setdefault((k, "after"), []).append(label[cut:])
            else:
                out[(k, "prefix")] = label
        return out

    def request_row(self, r: C.RequestRow, rotated: str | None, group_prefix: str | None) -> None:
        indent = 28 if r.group else (18 if r.in_results else 0)
        limit = (VALUE_COL - 2 - indent) if not r.group else 24
        pieces = wrap(r.label, limit)
        values = ""
        for j, v in enumerate(r.values):
            values = at(values, VALUE_WIDTH * j, self.fmt(v).rjust(VALUE_WIDTH - 2))
        position = "first"
        if len(pieces) > 1:
            position = NUMBER_POSITIONS[self.wrapped % len(NUMBER_POSITIONS)]
            self.wrapped += 1
        lines = [" " * indent + p for p in pieces]
        lead = ""
        if rotated:
            lead = rotated
        if group_prefix:
            lead = at(lead, 6, group_prefix) if lead else " " * 6 + group_prefix
        if lead:
            lines[0] = at(lead, indent, pieces[0])
        if position == "first":
            lines[0] = at(lines[0], VALUE_COL, values)
        elif position == "last":
            lines[-1] = at(lines[-1], VALUE_COL, values)
        elif position == "own_after":
            lines.append(" " * VALUE_COL + values)
        else:  # middle: on the middle line of three, or on a line of its own between two
            if len(lines) >= 3:
                mid = len(lines) // 2
                lines[mid] = at(lines[mid], VALUE_COL, values)
            else:
                lines.insert(1, " " * VALUE_COL + values)
        for line in lines:
            self.emit(line)

    # table 四: the stacked header, then the fifteen numbers on one line
    def table_review_litigation(self) -> None:
        self.emit(" " * 10 + C.REVIEW + " " * 30 + C.LITIGATION)
        self.emit("")
        self.emit(" " * 30 + C.REVIEW_BLOCK_LABELS[0] + " " * 18 + C.REVIEW_BLOCK_LABELS[1])
        self.emit("")
        cols = C.review_columns()
        top = [c[:2] for c in cols[:4]]
        bottom = [c[2:] for c in cols[:4]]
        self.emit("   ".join(top))
        self.emit(" " * 20 + cols[4] + "  " + "  ".join(top) + "     " + "  ".join(top))
        self.emit("   ".join(bottom))
        self.emit(" " * 42 + cols[4] + " " * 34 + cols[4])
        self.emit(" " * 24 + "  ".join(bottom) + "     " + "  ".join(bottom))
        self.emit("")
        self.emit("   ".join(self.fmt(v) for v in C.review_values(self.report)))
        self.emit("")
