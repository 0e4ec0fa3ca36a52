"""Table 四: administrative review and litigation, three blocks of five columns.

However the header is stacked, the fifteen values come in one order: 行政复议's five, then
未经复议直接起诉's, then 复议后起诉's, whether printed on one line or as three rows.
"""
from __future__ import annotations

from .. import template as T
from ..model import Cell, Line, Value
from .labels import best_match, is_prose
from .rows import Entry, entries
from .tokens import EMPTY, Tok
from .values import to_value

BLOCKS = tuple(r.key for r in T.REVIEW_ROWS)
COLS = tuple(c.key for c in T.REVIEW_COLUMNS)
NVALUES = len(BLOCKS) * len(COLS)


def read_review(lines: list[Line]) -> tuple[dict[str, dict[str, Value]], list[str]]:
    table_lines = [ln for ln in lines if not is_prose(ln.text)]
    ents = entries(table_lines, NVALUES, columns=T.REVIEW_COLUMNS * len(BLOCKS), begins_row=_begins_block)
    notes: list[str] = []
    full = [e for e in ents if e.values is not None]
    if full:
        e = full[0]
        toks = e.values
    else:
        # three rows of five, one per block; a block printed with positions and only its
        # label is a row of blanks
        fives = [e for e in entries(table_lines, len(COLS), columns=T.REVIEW_COLUMNS, begins_row=_begins_block)
                 if e.values is not None or _blank_block(e)]
        if len(fives) < len(BLOCKS):
            found = sum(len(e.incomplete or []) for e in ents)
            if found:
                notes.append(f"表四：只找到 {found} 个数字，少于 {NVALUES} 个，未能读出")
            return {}, notes
        toks = [t for e in fives[: len(BLOCKS)] for t in (e.values or _blanks(e.line))]
        e = fives[0]
    out: dict[str, dict[str, Value]] = {}
    for b, block in enumerate(BLOCKS):
        out[block] = {}
        for c, col in enumerate(COLS):
            tok = toks[b * len(COLS) + c]
            line = e.line
            out[block][col] = Value(to_value(tok.text), tok.text, line.page, tok.cell.ref or line.ref, tok.cell.confidence)
    return out, notes


BLOCK_MATCH = 0.8  # how closely a label alone must name a block to be its row of blanks
_BLOCK_LABELS = {r.key: (r.label,) + r.variants for r in T.REVIEW_ROWS}


def _names_block(text: str) -> bool:
    return best_match(text, _BLOCK_LABELS, BLOCK_MATCH)[0] is not None


def _begins_block(text: str, above: list[str]) -> bool:
    return _names_block(text)  # a block's label never continues another's


def _blank_block(e: Entry) -> bool:
    """A label line of one block and nothing else, where a blank cell prints nothing (PDF, OCR)."""
    line = e.line
    if e.values is not None or e.incomplete or line.grid or line.delimited or any(c.x0 is None for c in line.cells):
        return False
    return _names_block(" ".join(e.labels))


def _blanks(line: Line) -> list[Tok]:
    return [Tok(EMPTY, "", Cell("", ref=line.ref))] * len(COLS)
