"""Ink on a scanned page that the OCR did not read.

When every mark on a page is either read text, a table rule, a speck or a dash, an empty
table cell on that page really is empty (or holds a dash: a blank either way). When some
mark of text size was left unread, an empty cell there may be a number the OCR missed.

Rules are found as long straight runs of ink (after thickening it a little, so a rule
broken by noise or tilted a degree or two still runs straight); what is left is taken
apart into connected marks and each is checked against the text boxes.
"""
from __future__ import annotations

import numpy as np

# gray level below which a pixel is ink: thin strokes of a coarse scan are pale gray
INK = 192

# in units of the page's text height (the median height of its number boxes)
RULE_MIN_LENGTH = (1.5, 1.0)  # horizontal, vertical: longer than any stroke of a character
RULE_MAX_THICKNESS = 0.35  # a rule is thin; a row of digits run together is not
SPECK = 0.25  # marks no larger than this are dust
DASH_MAX_HEIGHT = 0.25
DASH_MAX_WIDTH = 2.5


def ink_of(image) -> np.ndarray:
    """A page image (PIL) as a boolean array, True where it is dark."""
    return np.asarray(image.convert("L")) < INK


def unread_marks(ink: np.ndarray, quads: list[np.ndarray], em: float) -> int:
    """How many marks of text size on the page no text box covers, rules and dashes aside.

    `ink` is the page as a boolean array (True = dark), `quads` the text boxes' corners in
    its pixels, `em` the page's text height in pixels.
    """
    import cv2

    if not em:  # no text read at all: any mark beyond dust is unread
        em = max(8.0, min(ink.shape) / 60)
    ink8 = ink.astype(np.uint8)
    rest = ink8 & (1 - _rules(ink8, em))
    covered = np.zeros_like(ink8)
    pad = max(1, int(0.15 * em))
    boxes = []
    for q in quads:
        (x0, y0), (x1, y1) = q.min(axis=0).astype(int), q.max(axis=0).astype(int)
        covered[max(y0 - pad, 0):y1 + pad + 1, max(x0 - pad, 0):x1 + pad + 1] = 1
        boxes.append((x0, y0, x1, y1))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(rest, connectivity=8)
    unread = 0
    for i in range(1, count):
        x, y, w, h, _ = stats[i]
        if max(w, h) < SPECK * em:
            continue
        mark = labels[y:y + h, x:x + w] == i
        if covered[y:y + h, x:x + w][mark].mean() > 0.5:
            continue
        if _dash(x, y, w, h, em) and not _before_text(x + w, y, h, boxes, em):
            continue  # a blank marker: the empty cell reads as blank, which it is
        unread += 1
    return unread


def _rules(ink8: np.ndarray, em: float) -> np.ndarray:
    """The table's ruled lines, as a mask: long straight runs that are thin across."""
    import cv2

    thick = cv2.dilate(ink8, np.ones((5, 5), np.uint8))  # bridges breaks from noise and tilt
    widest = int(RULE_MAX_THICKNESS * em) + 5  # +4 for the thickening
    mask = np.zeros_like(ink8)
    for length, horizontal in ((RULE_MIN_LENGTH[0], True), (RULE_MIN_LENGTH[1], False)):
        size = max(3, int(length * em))
        along = cv2.getStructuringElement(cv2.MORPH_RECT, (size, 1) if horizontal else (1, size))
        across = cv2.getStructuringElement(cv2.MORPH_RECT, (1, widest) if horizontal else (widest, 1))
        runs = cv2.morphologyEx(thick, cv2.MORPH_OPEN, along)
        # where the runs are as thick as text, they are text run together, not a rule
        mask |= runs & (1 - cv2.morphologyEx(runs, cv2.MORPH_OPEN, across))
    return cv2.dilate(mask, np.ones((3, 3), np.uint8))


def _dash(x: int, y: int, w: int, h: int, em: float) -> bool:
    return h <= DASH_MAX_HEIGHT * em and 2 * h <= w <= DASH_MAX_WIDTH * em


def _before_text(right: int, y: int, h: int, boxes, em: float) -> bool:
    """A text box begins just after the mark on its line: the mark is a minus sign."""
    middle = y + h / 2
    return any(y0 <= middle <= y1 and 0 <= x0 - right <= em for x0, y0, x1, y1 in boxes)
