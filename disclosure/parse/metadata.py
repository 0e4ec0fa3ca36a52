"""When the report was published, and reading printed dates.

The publication date comes from a `发布日期：` line or the date that closes the report
(`2024年1月` -> `2024-01`, `二〇二四年一月` too), else from the page's metadata. Who
published it and for which year: identity.py.
"""
from __future__ import annotations

import re

from .values import normalize

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int | None:
    """二〇二四 -> 2024, 十二 -> 12, 二十五 -> 25."""
    if not text:
        return None
    if all(ch in _CN_DIGITS for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = _CN_DIGITS.get(tens, 1) if tens else 1
        o = _CN_DIGITS.get(ones, 0) if ones else 0
        return t * 10 + o
    return None


_DATE_ARABIC = re.compile(r"^(\d{4})\s*(?:年|[.\-/])\s*(\d{1,2})\s*(?:月|[.\-/])?\s*(?:(\d{1,2})\s*日?)?$")
_DATE_CN = re.compile(r"^([〇○零一二三四五六七八九O]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?$")
_LABELLED = re.compile(r"(?:发布|成文|印发|公开|生成)(?:日期|时间)\s*[:：]\s*(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]?\s*(?:(\d{1,2})\s*日?)?")


def _iso(y: int, m: int, d: int | None) -> str | None:
    if not (1 <= m <= 12) or (d is not None and not 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d else "")


def parse_date(text: str) -> str | None:
    """A line that is only a date, as ISO `YYYY-MM-DD` or `YYYY-MM`."""
    t = normalize(text)
    m = _DATE_ARABIC.match(t)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    m = _DATE_CN.match(t)
    if m:
        y, mo = cn_number(m.group(1)), cn_number(m.group(2))
        d = cn_number(m.group(3)) if m.group(3) else None
        if y and mo:
            return _iso(y, mo, d)
    return None


def find_published(texts: list[str], meta_date: str | None = None) -> str | None:
    """The publication date printed on the report or its page."""
    for raw in texts[:30]:
        m = _LABELLED.search(normalize(raw))
        if m:
            iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
            if iso:
                return iso
    tail = [t for t in texts[-12:] if t.strip()]
    for raw in reversed(tail):
        iso = parse_date(raw)
        if iso:
            return iso
    if meta_date:
        return parse_date(meta_date.split()[0]) or parse_date(meta_date[:10])
    return None
