"""Reading one printed cell: a number, a blank, or not a value at all.

Blank markers (`/`, `-`, `—`, `无`, empty) are None, never 0 (blank-versus-zero is itself a
finding). Money is normalised to 万元: `251000元` is 25.1.
"""
from __future__ import annotations

import math
import re
import unicodedata

BLANK_MARKERS = frozenset({"", "/", "-", "—", "——", "–", "－", "／", "无", "―", "─", "、", "\\"})

MAX_DIGITS = 300  # a longer run of digits is past any float (and past Python's int-parsing limit)

_NUMBER = re.compile(
    r"""^(?P<sign>[+-])?
        (?P<int>\d{1,3}(?:,\d{3})+|\d+)
        (?P<frac>\.\d+)?
        (?P<unit>万元|元|件|个|项|条|次)?$""",
    re.X,
)


_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def _half_width(match: re.Match) -> str:
    ch = match.group()
    return " " if ch == "\u3000" else chr(ord(ch) - 0xFEE0)


def nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), quicker for Chinese text: what it changes there
    is almost only full-width ASCII (，（）：１２３) and the ideographic space, which map to
    their half-width forms; when that leaves a normalised string it is NFKC's result (those
    characters decompose to exactly these), else NFKC itself does the work."""
    quick = _FULL_WIDTH.sub(_half_width, text)
    return quick if unicodedata.is_normalized("NFKC", quick) else unicodedata.normalize("NFKC", text)


def normalize(text: str) -> str:
    """NFKC (full-width digits, letters and brackets become ASCII), no spaces."""
    return _SPACES.sub("", nfkc(text))


_SPACES = re.compile(r"\s+")


def normalize_lines(text: str) -> list[str]:
    """`normalize` of each line of `text`, NFKC done once for the whole text: a line feed
    never composes with its neighbours, so that is NFKC line by line."""
    return [_SPACES.sub("", line) for line in nfkc(text).split("\n")]


_DASHES = frozenset("-—－–/／―─")


def is_blank(text: str) -> bool:
    n = normalize(text)
    return n in BLANK_MARKERS or set(n) <= _DASHES


class Parsed:
    __slots__ = ("value", "unit")

    def __init__(self, value, unit):
        self.value = value
        self.unit = unit


def parse_number(text: str) -> Parsed | None:
    """The number printed in `text`, or None when `text` is not a number.

    `1,234` and `１２３４` read as 1234; `-3` as -3 (the 2019 template's 本年增/减).
    """
    t = normalize(text).replace("，", ",")
    m = _NUMBER.match(t)
    if not m:
        return None
    digits = m["int"].replace(",", "")
    if len(digits) > MAX_DIGITS:
        num: float | int = math.inf  # still a number printed in the cell: out of range, never a crash
    elif m["frac"]:
        num = float(digits + m["frac"][:MAX_DIGITS])
    else:
        num = int(digits)
    if m["sign"] == "-":
        num = -num
    return Parsed(num, m["unit"])


def is_value(text: str) -> bool:
    """A token that fills a value cell: a number or a blank marker (not the empty string)."""
    stripped = text.strip()
    if not stripped:
        return False
    return parse_number(stripped) is not None or is_blank(stripped)


def to_value(text: str, unit: str = "件"):
    """The stored number for a printed value cell, in the column's unit; None for blank."""
    if is_blank(text):
        return None
    p = parse_number(text)
    if p is None:
        return None
    num = p.value
    if unit == "万元" and p.unit == "元":
        num = round(num / 10000, 6)
    if isinstance(num, float) and num.is_integer() and unit != "万元":
        num = int(num)
    return num


# --- values out of range --------------------------------------------------------------------
# Kept as printed (raw) and as near as a double holds them, never dropped: VAL.RANGE names
# each such cell and the parse notes it. The bounds are far above any real report's: a
# whole province's fees are some 10⁷ 万元, the busiest agency's cases some 10⁷ a year.

EXACT = 2 ** 53  # past this a double no longer holds every whole number: sums go wrong
MAX_COUNT = 10 ** 9  # 件: more than a billion decisions or applications in a year
MAX_MONEY = 10 ** 8  # 万元: a trillion yuan of fees or purchases by one agency


def out_of_range(value: float | int | None, unit: str = "件") -> str | None:
    """Why a stored value is beyond belief (in Chinese), or None when it is in range."""
    if value is None:
        return None
    if not math.isfinite(value):
        return "位数过多，超出可存储的数值范围"
    if abs(value) >= EXACT:
        return "超出可精确计算的范围（2⁵³）"
    if unit == "万元" and abs(value) > MAX_MONEY:
        return "金额超过 1 万亿元"
    if unit != "万元" and abs(value) > MAX_COUNT:
        return "件数超过 10 亿"
    return None


_PAGE_NUMBER = re.compile(r"^(?:[-—－–]\s*\d{1,3}\s*[-—－–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})$")


def is_page_number(text: str) -> bool:
    """`-3-`, `— 3 —`, `第3页`, `3/6`: page furniture, not table content."""
    return bool(_PAGE_NUMBER.match(unicodedata.normalize("NFKC", text).strip()))
