"""Table 四: administrative review and litigation, three blocks of five columns.

However the header is stacked, the fifteen values come in one order: 行政复议's five, then
未经复议直接起诉's, then 复议后起诉's, whether printed on one line or as three rows.
"""
from __future__ import annotations

from .. import template as T
from ..model import Line, Value
from .labels import is_prose
from .rows import entries
from .values import to_value

BLOCKS = tuple(r.key for r in T.REVIEW_ROWS)
COLS = tuple(c.key for c in T.REVIEW_COLUMNS)
NVALUES = len(BLOCKS) * len(COLS)


def read_review(lines: list[Line]) -> tuple[dict[str, dict[str, Value]], list[str]]:
    table_lines = [ln for ln in lines if not is_prose(ln.text)]
    ents = entries(table_lines, NVALUES, columns=T.REVIEW_COLUMNS * len(BLOCKS))
    notes: list[str] = []
    full = [e for e in ents if e.values is not None]
    if full:
        e = full[0]
        toks = e.values
    else:
        # three rows of five, one per block
        fives = [e for e in entries(table_lines, len(COLS)) if e.values is not None]
        if len(fives) < len(BLOCKS):
            found = sum(len(e.incomplete or []) for e in ents)
            if found:
                notes.append(f"表四：只找到 {found} 个数字，少于 {NVALUES} 个，未能读出")
            return {}, notes
        toks = [t for e in fives[: len(BLOCKS)] for t in e.values]
        e = fives[0]
    out: dict[str, dict[str, Value]] = {}
    for b, block in enumerate(BLOCKS):
        out[block] = {}
        for c, col in enumerate(COLS):
            tok = toks[b * len(COLS) + c]
            line = e.line
            out[block][col] = Value(to_value(tok.text), tok.text, line.page, tok.cell.ref or line.ref, tok.cell.confidence)
    return out, notes
