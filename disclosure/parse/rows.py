"""Turning the lines of a table into entries: rows of values, and label lines between them.

A table row of `ncols` values may come on one line with its label, on a line of its own
after a label wrapped over several lines, one value per line (a web table copied cell by
cell), or split over two lines. Label text that carries no values becomes an orphan entry;
the table readers decide which row it belongs to.

Columns are taken by position: in a grid (HTML, Word) or a delimited line (tabs, pipes)
an empty cell is a blank, also on a grid line of its own (a web table flattened to one
paragraph per cell prints its blanks that way); when cells carry x positions (PDF, OCR),
a row with fewer values than columns is placed under the columns of the table's full rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from ..model import Line
from .tokens import EMPTY, LABEL, VALUE, Tok, is_furniture, tokenize


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


def column_centres(lines: list[Line], ncols: int) -> list[float] | None:
    """x centre of each column, from the lines that print a value in every column."""
    rows = []
    for line in lines:
        vals = [t for t in tokenize(line) if t.kind == VALUE]
        if len(vals) == ncols and all(t.x is not None for t in vals):
            rows.append([t.x for t in vals])
    if not rows:
        return None
    return [median(r[i] for r in rows) for i in range(ncols)]


def _place(vals: list[Tok], centres: list[float]) -> list[Tok] | None:
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


def _trim(slots: list[Tok], ncols: int) -> list[Tok]:
    """Drop empty cells at the ends of a delimited row until it has ncols cells."""
    while len(slots) > ncols and slots[-1].kind == EMPTY:
        slots = slots[:-1]
    while len(slots) > ncols and slots[0].kind == EMPTY:
        slots = slots[1:]
    return slots


def entries(lines: list[Line], ncols: int, centres: list[float] | None = None) -> list[Entry]:
    if centres is None:
        centres = column_centres(lines, ncols)
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

    for line in lines:
        if is_furniture(line):
            continue
        toks = tokenize(line)
        labels = [t.text for t in toks if t.kind == LABEL]
        if line.grid or line.delimited:
            slots = _after_last_label(toks)
            if line.delimited:
                slots = _trim(slots, ncols)
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
                placed = _place(vals, centres)
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
    return out
