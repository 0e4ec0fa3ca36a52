"""Splitting a line into label text and value cells.

A cell is a value when it is a number or a blank marker. A text cell that ends in numbers
separated by spaces (`行政许可 550`, `21 0 0 0 0 0 21`) is split into its label and its
values, since plain text often loses the cell boundaries.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Cell, Line
from .values import is_blank, is_page_number, is_value, parse_number

LABEL, VALUE, EMPTY = "label", "value", "empty"


@dataclass
class Tok:
    kind: str  # label / value / empty
    text: str
    cell: Cell

    @property
    def x(self) -> float | None:
        return self.cell.center


def _split_cell(cell: Cell) -> list[Tok]:
    text = cell.text.strip()
    if not text:
        return [Tok(EMPTY, "", cell)]
    if is_value(text):
        return [Tok(VALUE, text, cell)]
    parts = text.split()
    if len(parts) > 1:
        # numbers at the end of a text cell are values that lost their cell boundary
        tail = len(parts)
        while tail > 0 and loose_value(parts[tail - 1]):
            tail -= 1
        if tail < len(parts):
            sub = [Tok(VALUE, p, Cell(p, ref=cell.ref, confidence=cell.confidence)) for p in parts[tail:]]
            if tail == 0:
                return sub
            return [Tok(LABEL, " ".join(parts[:tail]), _label_cell(cell, " ".join(parts[:tail])))] + sub
    return [Tok(LABEL, text, cell)]


def _label_cell(cell: Cell, text: str) -> Cell:
    return Cell(text, x0=cell.x0, x1=None, confidence=cell.confidence, ref=cell.ref)


def loose_value(token: str) -> bool:
    """Inside a text cell only numbers and dashes count: `无` there is a word."""
    return parse_number(token) is not None or (is_blank(token) and token not in ("无", "、"))


def tokenize(line: Line) -> list[Tok]:
    # a line is tokenized by several readers; keep the result on the line (lines are not edited)
    toks = line.__dict__.get("_tokens")
    if toks is None:
        toks = [t for cell in line.cells for t in _split_cell(cell)]
        line.__dict__["_tokens"] = toks
    return toks


def labels_of(toks: list[Tok]) -> list[str]:
    return [t.text for t in toks if t.kind == LABEL]


def is_furniture(line: Line) -> bool:
    """Page numbers and similar print furniture that can interrupt a table."""
    text = line.text
    return bool(text) and is_page_number(text)
