"""Turning the lines of a table into entries: rows of values, and label lines between them.

A table row of `ncols` values may come on one line with its label, on a line of its own
after a label wrapped over several lines, one value per line (a web table copied cell by
cell), or split over two lines. Label text that carries no values becomes an orphan entry;
the table readers decide which row it belongs to.

Columns are taken by position: in a grid (HTML, Word) or a delimited line (tabs, pipes)
an empty cell is a blank, also on a grid line of its own (a web table flattened to one
paragraph per cell prints its blanks that way); when cells carry x positions (PDF, OCR),
a row with fewer values than columns is placed under the columns of the table's full rows,
or, when no row is full, under the table's column headers.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from .. import template as T
from ..model import Cell, Line
from .labels import leading_number, similarity
from .tokens import EMPTY, LABEL, VALUE, Tok, is_furniture, tokenize

HEADER_MATCH = 0.6  # how closely a column's header words must resemble its template label


@dataclass
class Entry:
    labels: list[str]  # label text printed on the line(s) that carried this entry
    values: list[Tok] | None  # exactly ncols VALUE/EMPTY tokens; None for a label-only line
    lines: list[Line] = field(default_factory=list)
    phantom: bool = False  # a label line with explicit empty cells: perhaps a row of blanks
    incomplete: list[Tok] | None = None  # values that could not be placed in columns

    @property
    def line(self) -> Line:
        return self.lines[0]


def column_centres(lines: list[Line], ncols: int, columns: tuple[T.Column, ...] = ()) -> list[float] | None:
    """x centre of each column, from the lines that print a value in every column.

    When no line does (every row has a blank somewhere), the centres come from the header
    words of `columns`, the table's columns in print order, if given.
    """
    rows = []
    for line in lines:
        vals = [t for t in tokenize(line) if t.kind == VALUE]
        if len(vals) == ncols and all(t.x is not None for t in vals):
            rows.append([t.x for t in vals])
    if not rows:
        return header_centres(lines, columns) if len(columns) == ncols else None
    return [median(r[i] for r in rows) for i in range(ncols)]


def header_centres(lines: list[Line], columns: tuple[T.Column, ...]) -> list[float] | None:
    """x centre of each column from the header printed above the table's first values.

    Header words stacked in one column (`商业企` over `业`) are read together, top to
    bottom; a word over several columns (`法人或其他组织`) is left out, and a title
    printed above a column's own words (`申请人情况` over `社会公益组织`) is skipped.
    Each column's words must resemble its label, in order; otherwise None.
    """
    head: list[tuple[int, Cell]] = []  # (line number, cell)
    for i, line in enumerate(lines):
        if any(t.kind == VALUE for t in tokenize(line)):
            break
        head += [(i, c) for c in line.cells if c.text.strip() and c.x0 is not None and c.x1 is not None]

    def over(a: Cell, b: Cell) -> bool:
        return min(a.x1, b.x1) > max(a.x0, b.x0)

    def spanning(c: Cell) -> bool:
        # it reaches over two header words, narrower than itself, side by side
        under = [d for _, d in head if d is not c and over(c, d) and d.x1 - d.x0 <= c.x1 - c.x0]
        return any(not over(a, b) for k, a in enumerate(under) for b in under[k + 1:])

    stacks: list[list[tuple[int, Cell]]] = []
    for i, c in sorted((ic for ic in head if not spanning(ic[1])), key=lambda ic: ic[1].x0):
        if stacks and c.x0 < max(d.x1 for _, d in stacks[-1]):
            stacks[-1].append((i, c))
        else:
            stacks.append([(i, c)])
    centres: list[float] = []
    for stack in stacks:
        if len(centres) == len(columns):
            break
        col = columns[len(centres)]
        cells = [c for _, c in sorted(stack, key=lambda ic: ic[0])]
        best, start = 0.0, 0
        for k in range(len(cells)):  # without the titles printed above the column's words
            text = "".join(c.text for c in cells[k:])
            score = max(similarity(lbl, text) for lbl in (col.label,) + col.variants)
            if score > best:
                best, start = score, k
        if best >= HEADER_MATCH:
            own = cells[start:]
            centres.append((min(c.x0 for c in own) + max(c.x1 for c in own)) / 2)
    return centres if len(centres) == len(columns) else None


def place(vals: list[Tok], centres: list[float]) -> list[Tok] | None:
    """Values with positions put under their nearest columns; None when two collide."""
    slots: list[Tok | None] = [None] * len(centres)
    last = -1
    for t in vals:
        i = min(range(len(centres)), key=lambda k: abs(centres[k] - t.x))
        if slots[i] is not None or i <= last:
            return None
        slots[i] = t
        last = i
    return [s if s is not None else Tok(EMPTY, "", t.cell) for s in slots]


def _after_last_label(toks: list[Tok]) -> list[Tok]:
    last = max((i for i, t in enumerate(toks) if t.kind == LABEL), default=-1)
    return toks[last + 1:]


def _padded_in_front(lines: list[Line], ncols: int) -> bool:
    """Whether the delimited rows of a table that print more cells than it has columns carry
    the extra (empty) cells before their values — a label's colspan written out as empty
    cells — rather than after them. Only rows whose two ends differ tell."""
    front = back = 0
    for line in lines:
        if not line.delimited:
            continue
        slots = _after_last_label(tokenize(line))
        if len(slots) > ncols and slots[0].kind != slots[-1].kind:
            front += slots[0].kind == EMPTY and slots[-1].kind == VALUE
            back += slots[-1].kind == EMPTY and slots[0].kind == VALUE
    return front > back


def _trim(slots: list[Tok], ncols: int, front_first: bool = False) -> list[Tok]:
    """Drop empty cells at the ends of a delimited row until it has ncols cells.

    Trailing ones go first (a stray tab at the end of a line), unless the table's rows
    show their extra cells in front of the values (`front_first`).
    """
    ends = (0, -1) if front_first else (-1, 0)
    for end in ends:
        while len(slots) > ncols and slots[end].kind == EMPTY:
            slots = slots[1:] if end == 0 else slots[:-1]
    return slots


def entries(lines: list[Line], ncols: int, centres: list[float] | None = None,
            columns: tuple[T.Column, ...] = ()) -> list[Entry]:
    if centres is None:
        centres = column_centres(lines, ncols, columns)
    out: list[Entry] = []
    buf: list[Tok] = []
    buf_labels: list[str] = []
    buf_lines: list[Line] = []

    def flush_incomplete():
        nonlocal buf, buf_labels, buf_lines
        if any(t.kind == VALUE for t in buf):
            out.append(Entry(buf_labels, None, buf_lines, incomplete=buf))
        elif buf_labels:
            out.append(Entry(buf_labels, None, buf_lines))
        buf, buf_labels, buf_lines = [], [], []

    def emit(slots, labels, src):
        for k in range(0, len(slots), ncols):
            out.append(Entry(labels if k == 0 else [], slots[k:k + ncols], src))

    front_first = _padded_in_front(lines, ncols)
    for line in lines:
        if is_furniture(line):
            continue
        toks = tokenize(line)
        labels = [t.text for t in toks if t.kind == LABEL]
        if line.grid or line.delimited:
            slots = _after_last_label(toks)
            if line.delimited:
                slots = _trim(slots, ncols, front_first)
            filled = [t for t in slots if t.kind == VALUE]
            if len(slots) >= ncols and (filled or (line.grid and labels)):
                if len(slots) % ncols:
                    slots = slots[-ncols:]
                if buf:
                    flush_incomplete()
                emit(slots, labels, [line])
                continue
            # blank cells of a row printed cell by cell; a run of blanks that never meets a
            # value is dropped by flush_incomplete
            blank_cells = line.grid and not labels and 0 < len(slots) < ncols
            if not filled and not blank_cells:
                if buf:
                    flush_incomplete()
                if labels:
                    phantom = len(slots) >= ncols or (line.grid and len(slots) > 0)
                    out.append(Entry(labels, None, [line], phantom=phantom))
                continue
            # fewer cells than columns: a value per line, or a row split over lines
            pending = slots if line.grid and not labels else filled
        else:
            vals = [t for t in toks if t.kind == VALUE]
            if not vals:
                if buf:
                    flush_incomplete()
                if labels:
                    out.append(Entry(labels, None, [line]))
                continue
            if len(vals) % ncols == 0 and not buf:
                emit(vals, labels, [line])
                continue
            if centres and not buf and len(vals) < ncols and all(t.x is not None for t in vals):
                placed = place(vals, centres)
                if placed is not None:
                    emit(placed, labels, [line])
                    continue
            pending = vals
        if labels and buf:
            # a new label while a row is still short: that row lost cells
            flush_incomplete()
        buf.extend(pending)
        buf_labels.extend(labels)
        buf_lines.append(line)
        if len(buf) >= ncols:
            take, rest = buf[:ncols], buf[ncols:]
            emit(take, buf_labels, buf_lines)
            buf, buf_labels, buf_lines = rest, [], []
    flush_incomplete()
    _mark_blank_rows(out)
    return out


def _numbered(e: Entry) -> bool:
    return bool(e.labels) and leading_number(e.labels[0]) is not None


def _mark_blank_rows(out: list[Entry]) -> None:
    """Label lines that may stand for a row of blanks, where cells have positions (PDF, OCR).

    There a row with every cell empty prints only its label. A numbered label line is such
    a row when the next numbered label comes before any values; a label whose values
    follow it (printed beside the label's second line) is not.
    """
    for k, e in enumerate(out):
        if e.values is not None or e.phantom or e.incomplete or not _numbered(e):
            continue
        if any(c.x0 is None for c in e.line.cells) or e.line.grid or e.line.delimited:
            continue
        for nxt in out[k + 1:]:
            if nxt.values is None and not nxt.incomplete and not _numbered(nxt):
                continue  # the rest of a wrapped label
            e.phantom = _numbered(nxt)
            break
