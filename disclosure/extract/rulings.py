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

from bisect import bisect_left
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
    """The page's rules, asked where a run of text sits among them.

    Asked once per character, so the answers are prepared: the page is cut into stripes
    where vertical rules begin or end, each stripe with the x of the rules crossing it, and
    level rules are kept by height, top to bottom.
    """

    def __init__(self, rules: list[Rule]):
        level = [r for r in rules if r.level]
        upright = [r for r in rules if not r.level]
        ys = _snap([(r.top + r.bottom) / 2 for r in level])
        xs = _snap([(r.x0 + r.x1) / 2 for r in upright])
        spans: dict[float, list[tuple[float, float]]] = {}
        for r in level:
            spans.setdefault(ys[(r.top + r.bottom) / 2], []).append((r.x0 - REACH, r.x1 + REACH))
        self.heights = sorted(spans)
        self.spans = [_union(spans[y]) for y in self.heights]
        walls = [(xs[(r.x0 + r.x1) / 2], r.top - REACH, r.bottom + REACH) for r in upright]
        self.cuts = sorted({t for _, t, _ in walls} | {b for _, _, b in walls})
        # stripe k lies between cuts[k-1] and cuts[k]; a point on a cut belongs to both sides
        self.stripes = [sorted({x for x, t, b in walls if t <= lo and hi <= b})
                        for lo, hi in zip([float("-inf")] + self.cuts, self.cuts + [float("inf")])]
        self.on_cut = [sorted({x for x, t, b in walls if t <= c <= b}) for c in self.cuts]
        self._boxes: dict[tuple[float, int], tuple[float, float, float, float] | None] = {}

    def __bool__(self) -> bool:
        return bool(self.heights and self.cuts)

    def walls(self, top: float, bottom: float) -> list[float]:
        """x of every vertical rule crossing the middle of a printed line."""
        y = (top + bottom) / 2
        k = bisect_left(self.cuts, y)
        if k < len(self.cuts) and self.cuts[k] == y:
            return self.on_cut[k]
        return self.stripes[k]

    def box(self, x0: float, x1: float, top: float, bottom: float) -> tuple[float, float, float, float] | None:
        """(top, bottom, left, right) rules of the table cell around a run; None outside a table."""
        cy = round((top + bottom) / 2, 1)
        walls = self.walls(cy, cy)
        k = bisect_left(walls, (x0 + x1) / 2)
        key = (cy, k)
        if key not in self._boxes:  # runs on one line share their cells' rules
            self._boxes[key] = self._box(walls, k, cy)
        return self._boxes[key]

    def _box(self, walls: list[float], k: int, cy: float) -> tuple[float, float, float, float] | None:
        if len(walls) < 3 or k == 0 or k == len(walls):
            return None
        left, right = walls[k - 1], walls[k]
        cx = (left + right) / 2
        # the level rules that bound the cell reach across its middle
        j = bisect_left(self.heights, cy)
        above = next((self.heights[i] for i in range(j - 1, -1, -1) if _covers(self.spans[i], cx)), None)
        below = next((self.heights[i] for i in range(j, len(self.heights))
                      if self.heights[i] > cy and _covers(self.spans[i], cx)), None)
        if above is None or below is None:
            return None
        return above, below, left, right


def _covers(spans: list[tuple[float, float]], x: float) -> bool:
    return any(a <= x <= b for a, b in spans)


def _union(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Overlapping spans as one (a border drawn cell by cell is one rule)."""
    out: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
