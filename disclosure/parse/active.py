"""Table 二: proactive disclosure (第二十条 items), one labelled row per item.

Each row is found by its label (规章, 行政许可, …); its values follow on the same line or,
in a table copied cell by cell, on the next lines. A row printed with an empty cell (a PDF
has no marker for it) is placed under its block's column headers by position.
"""
from __future__ import annotations

from .. import template as T
from ..model import LabelDeviation, Line, Value
from .labels import best_match, is_prose, same_wording
from .rows import header_centres, place
from .tokens import EMPTY, LABEL, VALUE, Tok, is_furniture, tokenize
from .values import to_value

ROW_THRESHOLD = 0.7


def read_active(lines: list[Line], version: str) -> tuple[dict[str, dict[str, Value]], list[LabelDeviation], list[str]]:
    table = T.template(version).table(T.TABLE_ACTIVE)
    candidates = {r.key: (r.label,) + r.variants for r in table.rows}
    out: dict[str, dict[str, Value]] = {}
    deviations: list[LabelDeviation] = []
    notes: list[str] = []
    blanks: list[tuple[Tok, Line]] = []  # the row's own line printed only empty cells
    current: T.Row | None = None
    pending: list[tuple[Tok, Line]] = []
    header: list[Line] = []  # lines since the last line of values
    block: list[Line] = []  # the column header of the current 第二十条 block

    def finish():
        nonlocal current, pending, blanks
        if current is not None and current.key not in out:
            n = len(current.columns)
            if not pending and blanks:
                pending = blanks  # no values followed: the empty cells were the row's blanks
            if len(pending) >= n:
                out[current.key] = {
                    col.key: _value(tok, line, col) for col, (tok, line) in zip(current.columns, pending[-n:] if len(pending) > n else pending)
                }
            elif pending:
                notes.append(f"表二：{current.label} 只有 {len(pending)} 个数字，应有 {n} 个，未能读出")
        current, pending, blanks = None, [], []

    for line in lines:
        if is_furniture(line) or is_prose(line.text):
            continue
        toks = tokenize(line)
        labels = [t for t in toks if t.kind == LABEL]
        if not any(t.kind == VALUE for t in toks):
            header.append(line)
        elif header:  # the lines above a block's first row are its column header
            block, header = header, []
        matched = None
        for lt in labels:
            key, _ = best_match(lt.text, candidates, ROW_THRESHOLD)
            if key is not None and key not in out:
                matched = (table.row(key), lt.text)
                break
        if matched:
            finish()
            current = matched[0]
            if not same_wording(matched[1], (current.label,)):
                deviations.append(LabelDeviation(T.TABLE_ACTIVE, current.key, matched[1], current.label))
            blanks = [(t, line) for t in _blank_cells(toks, matched[1], line, len(current.columns))]
            after = toks[toks.index(next(t for t in toks if t.text == matched[1] and t.kind == LABEL)) + 1:]
            pending = [(t, line) for t in _slots(after, line, current.columns, block)]
        elif current is not None:
            if labels and not any(t.kind == VALUE for t in toks):
                finish()
                continue
            pending += [(t, line) for t in _slots(toks, line, current.columns, block) if t.kind != LABEL]
        if current is not None and len(pending) >= len(current.columns):
            finish()
    finish()
    return {r.key: out[r.key] for r in table.rows if r.key in out}, deviations, notes


def _slots(toks: list[Tok], line: Line, columns: tuple[T.Column, ...], header: list[Line]) -> list[Tok]:
    """Value cells of a line; empty cells count in grids and delimited text, and by position."""
    n = len(columns)
    if line.grid or line.delimited:
        cells = [t for t in toks if t.kind in (VALUE, EMPTY)]
        while len(cells) > n and cells[-1].kind == EMPTY:
            cells.pop()
        while len(cells) > n and cells[0].kind == EMPTY:
            cells.pop(0)
        if not any(t.kind == VALUE for t in cells) and not line.grid:
            return []
        return cells
    vals = [t for t in toks if t.kind == VALUE]
    if vals and len(vals) < n and all(t.x is not None for t in vals):
        centres = header_centres(header, columns)
        placed = place(vals, centres) if centres else None
        if placed is not None:
            return placed
    return vals


def _blank_cells(toks: list[Tok], label: str, line: Line, n: int) -> list[Tok]:
    """The n empty cells a delimited row prints after its label when all its cells are blank."""
    at = next(i for i, t in enumerate(toks) if t.text == label and t.kind == LABEL)
    rest = toks[at + 1:]
    if not line.delimited or len(rest) < n or any(t.kind != EMPTY for t in rest):
        return []
    return rest[:n]


def _value(tok: Tok, line: Line, col: T.Column) -> Value:
    return Value(to_value(tok.text, col.unit), tok.text, line.page, tok.cell.ref or line.ref, tok.cell.confidence)
