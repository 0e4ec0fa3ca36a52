"""Positioned characters to lines of cells: the page geometry of a text-layer PDF.

Ruling lines are not used (many real reports have none a table finder can use); rows and
columns come from where the characters are printed:

1. bands — characters whose boxes overlap vertically by half a character share a printed
   line. Boxes are the font's ascent-to-descent boxes, so punctuation, digits and CJK of
   one font line up, and values printed a little below their label still join its row.
2. cells — within a band, characters left to right. A new cell starts at a gap wider than
   CELL_GAP ems beyond the line's own letter spacing; at NUMBER_GAP ems between two
   numbers; at any space between characters the PDF does not draw one after the other
   (two stacked table headers side by side). A gap wider than SPACE_GAP ems, or a space
   character the PDF prints, is a space inside the cell.
3. vertical text — a group label printed one character per line (`三、本年度办理结果`),
   or turned a quarter in its cell, would otherwise add stray characters to the rows beside
   it and glue them together. Such labels are taken out first and become one cell on a
   line of their own, read where the label begins.
4. furniture — a page number alone on the first or last line of a page is dropped, and so
   is a running header or footer: the same words at the top or bottom of most pages.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..model import Cell, Line

CELL_GAP = 0.6  # ems of white space, beyond the line's letter spacing, between two cells
NUMBER_GAP = 0.6  # … between two numbers (`21 0 0` in a narrow table)
SPACE_GAP = 0.25  # ems that read as a space inside a cell
BAND_OVERLAP = 0.5  # share of the smaller height two boxes must overlap to share a line
STACK_MIN = 3  # cells stacked one per line that make a vertical label
STACK_GAP = 3.0  # ems of vertical space allowed between stacked characters

# Kangxi radicals and CJK compatibility ideographs that some PDF producers emit for
# ordinary characters (`⼀` for `一`): read as the characters they stand for.
_COMPAT = {
    cp: unicodedata.normalize("NFKC", chr(cp))
    for block in (range(0x2E80, 0x2FE0), range(0xF900, 0xFB00))
    for cp in block
    if unicodedata.normalize("NFKC", chr(cp)) != chr(cp)
}


def _char(g: "Glyph") -> str:
    return _COMPAT.get(ord(g.ch), g.ch)


@dataclass(slots=True)
class Glyph:
    """One printed character; y grows downwards (top < bottom)."""

    ch: str
    x0: float
    x1: float
    top: float
    bottom: float
    seq: int = 0  # position in the order the PDF draws its characters
    spaced: bool = False  # the PDF puts a space character before it
    turned: bool = False  # printed a quarter turn from upright: part of a vertical label


@dataclass(slots=True)
class Run:
    """A cell being built: glyphs side by side, or stacked for vertical text."""

    glyphs: list[Glyph]
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0

    def close(self, text: str) -> "Run":
        g = self.glyphs
        self.text = text
        self.x0 = min(x.x0 for x in g)
        self.x1 = max(x.x1 for x in g)
        self.top = min(x.top for x in g)
        self.bottom = max(x.bottom for x in g)
        return self

    @property
    def em(self) -> float:
        return max(self.bottom - self.top, 1.0)


@dataclass(slots=True)
class Band:
    top: float
    bottom: float
    glyphs: list[Glyph] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)

    def add(self, g: Glyph) -> None:
        n = len(self.glyphs)
        # the band's extent is the mean of its glyphs': one tall or stray box cannot stretch it
        self.top = (self.top * n + g.top) / (n + 1)
        self.bottom = (self.bottom * n + g.bottom) / (n + 1)
        self.glyphs.append(g)


def _overlaps(top: float, bottom: float, g: Glyph) -> bool:
    shared = min(bottom, g.bottom) - max(top, g.top)
    return shared >= BAND_OVERLAP * max(min(bottom - top, g.bottom - g.top), 0.5)


def bands_of(glyphs: list[Glyph]) -> list[Band]:
    bands: list[Band] = []
    for g in sorted(glyphs, key=lambda g: g.top + g.bottom):
        if bands and _overlaps(bands[-1].top, bands[-1].bottom, g):
            bands[-1].add(g)
        else:
            bands.append(Band(g.top, g.bottom, [g]))
    return bands


def _numeric(ch: str) -> bool:
    return ch.isdigit() or ch in ".,%"


def runs_of(glyphs: list[Glyph]) -> list[Run]:
    """The cells of one band, left to right."""
    chars: list[Glyph] = []
    for g in sorted(glyphs, key=lambda g: g.x0):
        if chars and g.ch == chars[-1].ch and abs(g.x0 - chars[-1].x0) < 0.3 * (chars[-1].x1 - chars[-1].x0):
            continue  # printed twice with a small offset: a producer's fake bold
        chars.append(g)
    if not chars:
        return []
    gaps = [(b.x0 - a.x1) / max(min(a.bottom - a.top, b.bottom - b.top), 1.0) for a, b in zip(chars, chars[1:])]
    # letter-spaced text (a spread-out title, a justified line) keeps its spacing in one cell
    spacing = max(sorted(gaps)[len(gaps) // 4], 0.0) if gaps else 0.0
    out: list[Run] = []
    start = 0
    text = [_char(chars[0])]
    for i, gap in enumerate(gaps, start=1):
        a, b = chars[i - 1], chars[i]
        if (
            gap > spacing + CELL_GAP
            or (gap > NUMBER_GAP and _numeric(a.ch) and _numeric(b.ch))
            or (gap > SPACE_GAP and abs(b.seq - a.seq) != 1)
        ):
            out.append(Run(chars[start:i]).close("".join(text)))
            start, text = i, []
        elif gap > spacing + SPACE_GAP or (b.spaced and b.seq == a.seq + 1):
            text.append(" ")
        text.append(_char(b))
    out.append(Run(chars[start:]).close("".join(text)))
    return out


# --- vertical text ---------------------------------------------------------------------------


def _beside(a: Glyph, b: Glyph) -> bool:
    """b follows a on the same printed line, with no more than a narrow space between."""
    em = max(a.bottom - a.top, 1.0)
    shared = min(a.bottom, b.bottom) - max(a.top, b.top)
    return shared >= BAND_OVERLAP * em and -0.2 * em <= b.x0 - a.x1 < 0.5 * em


def _below(step: list[Glyph], g: Glyph) -> bool:
    """g is printed under the step (one or two characters), a line or two lower."""
    x0, x1 = min(s.x0 for s in step), max(s.x1 for s in step)
    top, bottom = min(s.top for s in step), max(s.bottom for s in step)
    # ink boxes of punctuation (`、`) are small: measure by the larger neighbour
    em = max(bottom - top, g.bottom - g.top, g.x1 - g.x0, 1.0)
    overlap = min(x1, g.x1) - max(x0, g.x0)
    drop = (g.top + g.bottom - top - bottom) / 2
    return overlap >= 0.5 * min(x1 - x0, g.x1 - g.x0) and 0.5 * em <= drop and g.top - bottom <= STACK_GAP * em


_DASHES = frozenset("-—－–/／―─")


def split_turned(glyphs: list[Glyph]) -> tuple[list[Glyph], list[Run]]:
    """Text turned a quarter taken out: (the rest, one run per stretch of it, read as drawn)."""
    rest: list[Glyph] = []
    runs: list[Run] = []
    cur: list[Glyph] = []

    def close() -> None:
        if cur:
            text = "".join((" " if k and g.spaced else "") + _char(g) for k, g in enumerate(cur))
            runs.append(Run(list(cur)).close(text))
            cur.clear()

    for g in glyphs:
        if not g.turned:
            rest.append(g)
            continue
        if cur and (g.seq != cur[-1].seq + 1 or min(g.x1, cur[-1].x1) <= max(g.x0, cur[-1].x0)):
            close()
        cur.append(g)
    close()
    return rest, runs


def split_vertical(glyphs: list[Glyph]) -> tuple[list[Glyph], list[Run]]:
    """Vertical text taken out of the glyphs: (the rest, one run per vertical label).

    Glyphs come in the order the PDF draws them. A label drawn one or two characters per
    line (a rotated `三、本年度办理结果`, a header `社会/公益/组织` wrapped in a narrow
    cell) shows as successive steps, each under the one before; ordinary text never makes
    STACK_MIN such steps in a row.
    """
    runs: list[Run] = []
    taken: set[int] = set()
    chain: list[list[int]] = []

    def close() -> None:
        if len(chain) >= STACK_MIN:
            idx = [i for step in chain for i in step]
            taken.update(idx)
            members = [glyphs[i] for i in idx]
            text = "".join(_char(g) for g in members)
            runs.append(Run(members).close(text))
        chain.clear()

    for i, g in enumerate(glyphs):
        if g.ch.isdigit() or g.ch in _DASHES:  # numbers in a column are values, not a label
            close()
            continue
        if chain:
            step = chain[-1]
            last = glyphs[step[-1]]
            if len(step) < 2 and _beside(last, g):
                step.append(i)
                continue
            # most glyphs sit on the line of the one before: not below it
            if g.top > last.bottom - 0.5 * (last.bottom - last.top) and _below([glyphs[k] for k in step], g):
                chain.append([i])
                continue
            close()
        chain.append([i])
    close()
    if not taken:
        return glyphs, runs
    return [g for i, g in enumerate(glyphs) if i not in taken], runs


# --- lines -----------------------------------------------------------------------------------


def _is_furniture(band: Band, index: int, count: int) -> bool:
    # imported here: disclosure.parse imports the extractors, which import this module
    from ..parse.values import is_page_number

    if index not in (0, 1, count - 2, count - 1):
        return False
    return is_page_number("".join(r.text for r in band.runs))


def page_lines(glyphs: list[Glyph], page: int) -> list[Line]:
    """The printed lines of one page, top to bottom, each with its cells.

    `glyphs` must be in the order the PDF draws them (vertical text is found by it).
    """
    glyphs, turned = split_turned(glyphs)
    glyphs, vertical = split_vertical(glyphs)
    vertical += turned
    bands = bands_of(glyphs)
    for b in bands:
        b.runs = runs_of(b.glyphs)
    # a vertical label is read where it begins
    bands += [Band(r.top, r.top, r.glyphs, [r]) for r in vertical]
    bands.sort(key=lambda b: b.top + b.bottom)
    ref = f"第{page}页"
    lines = []
    for i, b in enumerate(bands):
        if _is_furniture(b, i, len(bands)):
            continue
        cells = [Cell(r.text, x0=round(r.x0, 1), x1=round(r.x1, 1), ref=ref) for r in b.runs]
        lines.append(Line(cells, page=page, ref=ref))
    return lines


def _running_key(line: Line) -> str | None:
    squashed = "".join(line.text.split())
    words = re.sub(r"\d+", "#", squashed)  # `第3页` and `第4页` run alike
    return words if sum(not ch.isdigit() and not ch.isspace() for ch in squashed) >= 2 else None


def drop_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Each page without the header (footer) lines that the tops (bottoms) of most pages repeat.

    Tops and bottoms are counted apart: a title that the closing signature repeats is no
    running line.
    """
    if len(pages) < 2:
        return pages
    need = max(2, (len(pages) + 1) // 2)
    ends = (lambda lines: lines[:2], lambda lines: lines[-2:])
    running = []
    for end in ends:
        counts = Counter(k for lines in pages for k in {_running_key(ln) for ln in end(lines)} if k)
        running.append({k for k, n in counts.items() if n >= need})
    out = []
    for lines in pages:
        doomed = {id(ln) for end, keys in zip(ends, running) for ln in end(lines) if _running_key(ln) in keys}
        out.append([ln for ln in lines if id(ln) not in doomed])
    return out
