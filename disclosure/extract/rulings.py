"""Ruling lines of a PDF page: where a table draws its borders, which text shares a cell.

Most reports are typeset in Word or WPS and their tables keep their borders in the PDF as
straight strokes or thin filled rectangles. Where they do, the borders settle what the
characters' positions alone cannot:

- a vertical rule between two characters ends a cell, however close they are printed
  (`审结` `总计` `结果` run together in narrow header cells);
- the pieces of text inside one ruled box are one cell: a label wrapped over three lines,
  a number too long for its column (`11203` over `7`), a header stacked in a narrow cell;
- the cells of one table row (the boxes under the same top rule) are one printed line,
  even when some are centred lower in a tall row than others.

A box counts as a table cell only when the table has more than two vertical rules at its
height: a frame drawn around a paragraph is not a table. Without rules nothing changes.
"""
from __future__ import annotations

from dataclasses import dataclass

SNAP = 1.5  # points: rules closer than this are one rule (cell-by-cell borders, line widths)
REACH = 1.0  # points a rule may fall short of the text it bounds


@dataclass(frozen=True, slots=True)
class Rule:
    """A straight line the page draws, as shown (y grows downwards)."""

    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def level(self) -> bool:
        return self.x1 - self.x0 >= self.bottom - self.top


def _snap(values: list[float]) -> dict[float, float]:
    """Each value to the first of its cluster (values within SNAP of the one before)."""
    out: dict[float, float] = {}
    start = prev = None
    for v in sorted(set(values)):
        if prev is None or v - prev > SNAP:
            start = v
        out[v] = start
        prev = v
    return out


class Grid:
    """The page's rules, asked where a run of text sits among them."""

    def __init__(self, rules: list[Rule]):
        level = [r for r in rules if r.level]
        upright = [r for r in rules if not r.level]
        ys = _snap([(r.top + r.bottom) / 2 for r in level])
        xs = _snap([(r.x0 + r.x1) / 2 for r in upright])
        self.level = [(ys[(r.top + r.bottom) / 2], r.x0, r.x1) for r in level]
        self.upright = [(xs[(r.x0 + r.x1) / 2], r.top, r.bottom) for r in upright]

    def __bool__(self) -> bool:
        return bool(self.level and self.upright)

    def walls(self, top: float, bottom: float) -> list[float]:
        """x of every vertical rule crossing the middle of a printed line."""
        y = (top + bottom) / 2
        return sorted({x for x, t, b in self.upright if t - REACH <= y <= b + REACH})

    def box(self, x0: float, x1: float, top: float, bottom: float) -> tuple[float, float, float, float] | None:
        """(top, bottom, left, right) rules of the table cell around a run; None outside a table."""
        cx, cy = (x0 + x1) / 2, (top + bottom) / 2
        walls = self.walls(top, bottom)
        if len(walls) < 3:
            return None
        left = max((x for x in walls if x < cx), default=None)
        right = min((x for x in walls if x > cx), default=None)
        if left is None or right is None:
            return None
        # a level rule bounds the cell when it reaches across the run's middle
        over = [y for y, a, b in self.level if a - REACH <= cx <= b + REACH]
        above = max((y for y in over if y < cy), default=None)
        below = min((y for y in over if y > cy), default=None)
        if above is None or below is None:
            return None
        return above, below, left, right
