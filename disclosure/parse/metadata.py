"""Who published the report, for which year, and when.

The agency and the year come from the title, which real reports print in many ways:
`神池县教育科技局` / `2023 年度政府信息公开工作年度报告` on two lines, `2019年上海市人民
政府办公厅政府信息公开工作年度报告` with the year first, `XX局关于2023年度政府信息公开
工作的年度报告`. The publication date comes from a `发布日期：` line or the date that
closes the report (`2024年1月` -> `2024-01`).
"""
from __future__ import annotations

import re
import unicodedata

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度?")
_AGENCY_END = re.compile(
    r"(?:人民政府|政府|办公厅|办公室|局|委员会|委|厅|办|院|署|中心|处|所|室|街道办事处|办事处|街道|镇|乡|公司|队|站|会|部|馆|社|集团)$"
)
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _clean_agency(text: str) -> str:
    t = re.sub(r"^[【\[（(“\"《]+|[】\]）)”\"》:：,，]+$", "", text)
    t = re.sub(r"^关于", "", t)
    t = re.sub(r"(?:关于|的)$", "", t)
    return t.strip()


def looks_like_agency(text: str) -> bool:
    t = _squash(text)
    return 2 < len(t) <= 40 and bool(_AGENCY_END.search(t)) and not re.search(r"[。，；;]", t)


def find_title(texts: list[str]) -> tuple[str | None, int | None, int | None]:
    """(agency, year, index of the title line) from the first lines of a document."""
    for i, raw in enumerate(texts[:25]):
        t = _squash(raw)
        if "政府信息公开" not in t or not ("报告" in t or "年报" in t) or len(t) > 90:
            continue
        m = _YEAR.search(t)
        if not m:
            continue
        year = int(m.group(1))
        before = _clean_agency(t[: m.start()])
        after = t[m.end():]
        cut = after.find("政府信息公开")
        between = _clean_agency(after[:cut]) if cut > 0 else ""
        agency = before if looks_like_agency(before) else between if looks_like_agency(between) else None
        if agency is None:
            for j in range(i - 1, max(-1, i - 3), -1):
                if looks_like_agency(texts[j]):
                    agency = _clean_agency(_squash(texts[j]))
                    break
        if agency is None and (before or between):
            agency = before or between
        return agency, year, i
    return None, None, None


_PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日?\s*(?:起\s*)?(?:至|到|—|-)")


def year_from_period(texts: list[str]) -> int | None:
    """The year of the statistics period (`统计期限为2023年1月1日至…`), a fallback."""
    for raw in texts[:60]:
        m = _PERIOD.search(_squash(raw))
        if m:
            return int(m.group(1))
    return None


def _cn_number(text: str) -> int | None:
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
    t = _squash(text)
    m = _DATE_ARABIC.match(t)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    m = _DATE_CN.match(t)
    if m:
        y, mo = _cn_number(m.group(1)), _cn_number(m.group(2))
        d = _cn_number(m.group(3)) if m.group(3) else None
        if y and mo:
            return _iso(y, mo, d)
    return None


def find_published(texts: list[str], meta_date: str | None = None) -> str | None:
    """The publication date printed on the report or its page."""
    for raw in texts[:30]:
        m = _LABELLED.search(_squash(raw))
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


def closing_agency(texts: list[str]) -> str | None:
    """The signature above the closing date: a fallback for the agency's name."""
    tail = [t for t in texts[-8:] if t.strip()]
    for raw in reversed(tail):
        if looks_like_agency(raw):
            return _clean_agency(_squash(raw))
    return None
